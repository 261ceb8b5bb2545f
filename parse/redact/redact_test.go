package redact

import (
	"strings"
	"testing"
)

// Fake secrets of the real shapes.
const (
	apiKey   = "sk-ant-api03-Zx8vQ2mN4pL6rT1yU3wE5sD7fG9hJ0kA2bC4dE6fG8hI0jK2lM4nO6pQ8rS0tU2vW4xY6zA8bC0dE2fG4hI6jK8lM0nO2pQAA"
	oauthTok = "sk-ant-oat01-Qw3eR5tY7uI9oP1aS3dF5gH7jK9lZ1xC3vB5nM7qW9eR1tY3uI5oP7aS9dF1gH3jK5lZ7xC9vB1nM3qW5eR7tY9uI1oP3"
	session  = "sk-ant-sid01-Lk8jH6gF4dS2aP0oI8uY6tR4eW2qM0nB8vC6xZ4lK2jH0gF8dS6aP4oI2uY0tR8eW6qM4nB2vC0xZ8lK6jH4gF2dS0aPAA"
	jwtTok   = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)

func TestTextRemovesSecrets(t *testing.T) {
	tests := []struct {
		name, in string
		secret   string // must not survive
		keep     string // must survive
	}{
		{"api key alone", "invalid x-api-key " + apiKey, apiKey, "sk-ant-api03-[redacted:"},
		{"curl header", "> x-api-key: " + apiKey, apiKey, "> x-api-key: "},
		{"curl header other value", "> X-Api-Key: abcdef0123456789", "abcdef0123456789", "X-Api-Key: [redacted:"},
		{"oauth kind kept", "Authorization: Bearer " + oauthTok, oauthTok, "sk-ant-oat01-[redacted:"},
		{"bearer", "authorization: Bearer abc.DEF-123_456789xyz", "abc.DEF-123_456789xyz", "Bearer [redacted:"},
		{"cookie line", "cookie: sessionKey=" + session + "; __cf_bm=Zm9vYmFyYmF6cXV4; lastActiveOrg=1b2c", session, "cookie: sessionKey=[redacted:"},
		{"cookie attributes kept", "set-cookie: __cf_bm=Zm9vYmFyYmF6cXV4; path=/; HttpOnly", "Zm9vYmFyYmF6cXV4", "path=/"},
		{"session key in text", "using sessionKey=" + session, session, "sessionKey=sk-ant-sid01-[redacted:"},
		{"env dump", "ANTHROPIC_API_KEY=" + apiKey + " ANTHROPIC_BASE_URL=https://api.anthropic.com", apiKey, "ANTHROPIC_BASE_URL=https://api.anthropic.com"},
		{"env dump non-anthropic value", "ANTHROPIC_AUTH_TOKEN=proxy-token-123456", "proxy-token-123456", "ANTHROPIC_AUTH_TOKEN=[redacted:"},
		{"python dict", "{'x-api-key': 'abcd1234efgh5678', 'anthropic-version': '2023-06-01'}", "abcd1234efgh5678", "'anthropic-version': '2023-06-01'"},
		{"json field", `{"api_key":"abcd1234efgh5678","model":"claude"}`, "abcd1234efgh5678", `"model":"claude"`},
		{"jwt", "token " + jwtTok, jwtTok, "[redacted:"},
		{"url password", "proxy http://user:hunter2secret@proxy.local:3128", "hunter2secret", "http://user:[redacted:"},
		{"aws key", "aws_access_key_id AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"},
		{"code session url", "see https://claude.ai/code/session_01AbCdEfGhIjKlMnOp", "session_01AbCdEfGhIjKlMnOp", "see "},
		{"query key in a message", "GET https://x.example.com/a?beta=true&key=QuErYsEcReT1 failed", "QuErYsEcReT1", "beta=true&key=[redacted:"},
		{"openai style key", "key sk-proj-abcdefghijklmnopqrstuvwxyz012345", "sk-proj-abcdefghijklmnopqrstuvwxyz012345", "[redacted:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in)
			if strings.Contains(got, tt.secret) {
				t.Errorf("Text(%q) = %q still holds the secret", tt.in, got)
			}
			if !strings.Contains(got, tt.keep) {
				t.Errorf("Text(%q) = %q lost %q", tt.in, got, tt.keep)
			}
		})
	}
}

func TestTextLeavesOrdinaryWordsAlone(t *testing.T) {
	for _, s := range []string{
		"prompt is too long: 219898 tokens > 200000 maximum",
		"max_tokens: 8192 > 4096, which is the maximum allowed number of output tokens for claude-3-haiku-20240307",
		"x-api-key header is required",
		"invalid x-api-key",
		"This request would exceed your organization's rate limit of 30,000 input tokens per minute",
		"OAuth token has expired. Please obtain a new token or refresh your existing token.",
		"Could not resolve authentication method. Expected one of api_key, auth_token, or credentials to be set.",
		"Overloaded",
		"The security token included in the request is expired",
		"Bearer authentication is not supported here",
	} {
		if got := Text(s); got != s {
			t.Errorf("Text(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestValueIsStable(t *testing.T) {
	first, again := Value(apiKey), Value(apiKey)
	if first != again || first == Value(oauthTok) {
		t.Fatal("Value must be stable and tell secrets apart")
	}
	if Value("") != "" {
		t.Fatal("empty stays empty")
	}
}

func TestHeaderAndParamNames(t *testing.T) {
	for _, h := range []string{"Authorization", "COOKIE", "set-cookie", "x-api-key", "X-Amz-Security-Token", "x-my-vendor-token", "anthropic-device-id"} {
		if !SecretHeader(h) {
			t.Errorf("SecretHeader(%q) = false", h)
		}
	}
	for _, h := range []string{"retry-after", "request-id", "anthropic-ratelimit-requests-remaining", "cf-ray", "content-type", "x-stainless-retry-count"} {
		if SecretHeader(h) || !KeptHeader(h) {
			t.Errorf("%q: want kept and not secret", h)
		}
	}
	for _, p := range []string{"access_token", "key", "sessionKey", "code", "client_secret", "my_password"} {
		if !SecretParam(p) {
			t.Errorf("SecretParam(%q) = false", p)
		}
	}
	if SecretParam("model") || SecretParam("tree") {
		t.Error("ordinary parameters are not secret")
	}
}

func TestURL(t *testing.T) {
	got := URL("https://user:pa55word@api.example.com/v1/messages?key=abc123secret&beta=true")
	for _, s := range []string{"pa55word", "abc123secret"} {
		if strings.Contains(got, s) {
			t.Errorf("URL kept %q: %s", s, got)
		}
	}
	if !strings.Contains(got, "beta=true") || !strings.Contains(got, "/v1/messages") {
		t.Errorf("URL lost its shape: %s", got)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{apiKey, "cookie: a=b; c=d", "Bearer " + jwtTok, "x-api-key: " + oauthTok, "http://a:b@c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, prefix string) {
		// Property: a planted key never survives, whatever surrounds it.
		marker := apiKey[14:40]
		for _, sep := range []string{"", " ", "=", ": ", "'", "\""} {
			in := prefix + sep + apiKey + sep + prefix
			if out := Text(in); strings.Count(out, marker) > 2*strings.Count(prefix, marker) {
				t.Fatalf("key survived in %q -> %q", in, out)
			}
		}
	})
}

func BenchmarkText(b *testing.B) {
	line := "2026-11-20 08:14:03,123 - anthropic._base_client:1020 - INFO - Retrying request to /v1/messages in 0.41 seconds; x-api-key: " + apiKey
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		Text(line)
	}
}

// BenchmarkTextHealthy is the common case: a log line with no secret and no trigger word.
func BenchmarkTextHealthy(b *testing.B) {
	line := "2026-11-20 08:14:03,123 - httpx - INFO - HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 200 OK\" request_id=req_011CV8A9 model=claude-sonnet-4-5 max_tokens=1024"
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		Text(line)
	}
}

// BenchmarkTextError is an error message with near-miss words (tokens, key) and no secret.
func BenchmarkTextError(b *testing.B) {
	line := `anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'This request would exceed the rate limit for your organization of 30,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits; see the response headers for current usage.'}, 'request_id': 'req_011CV8A9xyz'}`
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		Text(line)
	}
}
