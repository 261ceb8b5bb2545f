// Package redact is claudelog's one redaction policy. Parsers call it before anything enters
// an Event; sanitize and every output use the same lists. Names are matched structurally
// (header, cookie, query and field names, case-insensitively); values become a short stable
// hash so that one session can still be followed across entries without being revealed.
//
// The name lists are the union of Google's and Cloudflare's HAR sanitizer word lists,
// wiretrail's header and query keys, Chrome's sanitized-export headers, and Claude's own
// secrets (x-api-key, the sessionKey cookie, sk-ant-… tokens); see research/har.md §3.6.
package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
)

// Value replaces a secret value with "[redacted:xxxxxxxx]", the first 8 hex digits of its
// SHA-256, so that equal secrets redact to equal marks. The hash is unsalted so that the
// same input redacts the same way in every run (golden files, diff); 32 bits of a
// high-entropy key reveal nothing usable.
func Value(v string) string {
	if v == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(v))
	return "[redacted:" + hex.EncodeToString(sum[:4]) + "]"
}

// secretHeaders are header names whose values are secrets, lower case.
var secretHeaders = set(
	"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
	"x-auth-token", "x-amz-security-token", "x-client-data", "anthropic-device-id",
	"anthropic-anonymous-id", "x-csrf-token", "x-xsrf-token", "x-goog-api-key",
	"x-amz-content-sha256", "x-claude-code-session-id",
)

// SecretHeader reports whether a header's value must never leave the program. Besides the
// fixed list, any name that speaks of a key, token, secret, password, session or signature
// is treated as secret: unknown vendor headers fail closed.
func SecretHeader(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if secretHeaders[n] {
		return true
	}
	if KeptHeader(n) {
		return false
	}
	return secretWord(n)
}

// secretWord reports whether a name contains one of the words that mark a secret.
func secretWord(n string) bool {
	for _, w := range []string{"token", "secret", "password", "passwd", "api-key", "api_key", "apikey", "session", "signature", "credential", "auth", "cookie"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// keptHeaders are response and request headers that support needs and that are never secret.
var keptHeaders = set(
	"retry-after", "retry-after-ms", "request-id", "x-request-id", "x-should-retry",
	"cf-ray", "cf-mitigated", "cf-cache-status", "server", "via", "content-type",
	"content-length", "content-encoding", "x-stainless-retry-count", "x-stainless-timeout",
	"x-stainless-lang", "x-stainless-package-version", "x-stainless-runtime",
	"x-stainless-runtime-version", "x-stainless-os", "x-stainless-arch", "x-amzn-errortype",
	"x-amzn-requestid", "x-envoy-upstream-service-time", "anthropic-version", "anthropic-beta",
	"anthropic-client-platform", "anthropic-client-version", "x-app", "user-agent", "origin",
	"anthropic-dangerous-direct-browser-access", "location",
)

// KeptHeader reports whether a header is kept on events: rate-limit state, retry hints,
// request ids, edge markers and client identity. Kept headers are never secret.
func KeptHeader(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if keptHeaders[n] {
		return true
	}
	return strings.HasPrefix(n, "anthropic-ratelimit-") || strings.HasPrefix(n, "anthropic-priority-") ||
		strings.HasPrefix(n, "anthropic-fast-")
}

// secretParams are query, form, cookie and JSON field names whose values are secrets:
// Google's 24 words, Cloudflare's 3 more, wiretrail's query keys and Claude's own.
var secretParams = set(
	"authorization", "samlrequest", "samlresponse", "access_token", "appid", "assertion",
	"auth", "authenticity_token", "challenge", "client_id", "client_secret", "code",
	"code_challenge", "code_verifier", "email", "facetid", "fcparams", "id_token",
	"password", "refresh_token", "serverdata", "shdf", "state", "token", "usg", "vses2",
	"x-client-data", "key", "api_key", "apikey", "x-api-key", "sig", "signature", "secret",
	"sessionkey", "session_key", "sessionid", "session_id", "cf_clearance", "__cf_bm",
	"__ssid", "anthropic-device-id", "activitysessionid", "lastactiveorg",
)

// SecretParam reports whether a query, form, cookie or JSON field name holds a secret.
func SecretParam(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return secretParams[n] || secretWord(n)
}

// URL redacts a URL for display: the password in user info and the values of secret query
// parameters become hashes. An unparsable URL is returned with Text applied.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return Text(raw)
	}
	if u.User != nil {
		if p, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), Value(p))
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k, vs := range q {
			for i, v := range vs {
				if SecretParam(k) {
					vs[i] = Value(v)
				} else {
					vs[i] = Text(v)
				}
			}
			q[k] = vs
		}
		u.RawQuery = q.Encode()
	}
	s := u.String()
	s = strings.ReplaceAll(s, "%5Bredacted%3A", "[redacted:")
	s = strings.ReplaceAll(s, "%5D", "]")
	return Text(s)
}

// textTriggers are cheap literals, lower case; Text runs its expressions only when one occurs.
var textTriggers = []string{"sk-ant", "bearer", "basic ", "eyj", "key", "token", "auth", "cookie", "session", "secret", "passw", "akia", "asia", "://", "sig"}

var (
	// Anthropic tokens of every kind: api03, admin01, oat01, ort01, sid01 and future ones.
	// The kind prefix is kept: an OAuth token where an API key belongs is a diagnosis.
	anthropicToken = regexp.MustCompile(`(sk-ant-[a-z]{2,8}\d{0,3}-)[A-Za-z0-9_\-]{6,}`)
	// Any other sk-… style key (OpenAI-compatible gateways).
	skToken = regexp.MustCompile(`\bsk-(?:proj-)?[A-Za-z0-9_\-]{20,}`)
	// Authorization schemes followed by a credential.
	schemeToken = regexp.MustCompile(`(?i)\b(bearer|basic|token|api_key)(\s+)([A-Za-z0-9\-._~+/=:]{8,})`)
	jwt         = regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	awsKey      = regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)
	userinfo    = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+:)([^/\s@]+)@`)
	// A secret query parameter inside free text ("… GET https://x/a?key=SECRET failed").
	queryParam  = regexp.MustCompile(`(?i)([?&;](?:key|api_key|apikey|api-key|x-api-key|token|access_token|refresh_token|id_token|auth|sig|signature|code|client_secret|password|secret|sessionkey|session_key)=)([^&\s"'#<>]+)`)
	codeSession = regexp.MustCompile(`(?i)\bhttps?://claude\.ai/code/session_[A-Za-z0-9]{8,}`)
	// Cookie and Set-Cookie lines: everything after the name is secret.
	cookieLine = regexp.MustCompile(`(?i)\b((?:set-)?cookie["']?\s*[:=]\s*["']?)([^\r\n"']+)`)
	// name=value and name: value pairs, quoted or not, for secret-looking names. The name
	// list mirrors SecretHeader/SecretParam for free text, where no structure tells us more.
	namedSecret = regexp.MustCompile(`(?i)((?:["']?)\b(?:x-api-key|api[_-]?key|apikey|authorization|proxy-authorization|x-auth-token|sessionkey|session_key|access_token|refresh_token|id_token|client_secret|password|passwd|secret|token|x-amz-security-token|aws_secret_access_key|aws_session_token|anthropic_api_key|anthropic_auth_token|claude_code_oauth_token|aws_bearer_token_bedrock|private_key)\b["']?\s*[:=]\s*["']?)([^\s"',;}&]+)`)
)

// Text scrubs secrets from free text: sk-ant-… keys, other sk- keys, bearer and basic
// credentials, JWTs, AWS access key ids, URL passwords, Claude Code session URLs, cookie
// lines, and name/value pairs whose name marks a secret ("x-api-key: …",
// "ANTHROPIC_API_KEY=…", "'api_key': '…'"). Redacted values keep their stable hash.
func Text(s string) string {
	if s == "" || !mayHoldSecret(s) {
		return s
	}
	s = anthropicToken.ReplaceAllStringFunc(s, func(m string) string {
		p := anthropicToken.FindStringSubmatch(m)
		return p[1] + Value(m)
	})
	s = cookieLine.ReplaceAllStringFunc(s, func(m string) string {
		p := cookieLine.FindStringSubmatch(m)
		return p[1] + redactCookies(p[2])
	})
	s = namedSecret.ReplaceAllStringFunc(s, func(m string) string {
		p := namedSecret.FindStringSubmatch(m)
		if strings.HasPrefix(p[2], "[redacted") || strings.HasPrefix(p[2], "sk-ant-") {
			return m
		}
		if v := strings.ToLower(p[2]); v == "bearer" || v == "basic" || v == "none" || v == "null" || v == "true" || v == "false" {
			return m // the scheme or an empty value follows; schemeToken handles the credential
		}
		return p[1] + Value(p[2])
	})
	s = schemeToken.ReplaceAllStringFunc(s, func(m string) string {
		p := schemeToken.FindStringSubmatch(m)
		if strings.HasPrefix(p[3], "[redacted") || strings.HasPrefix(p[3], "sk-ant-") || !credentialShaped(p[3]) {
			return m
		}
		return p[1] + p[2] + Value(p[3])
	})
	s = jwt.ReplaceAllStringFunc(s, Value)
	s = skToken.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "sk-ant-") {
			return m
		}
		return Value(m)
	})
	s = awsKey.ReplaceAllStringFunc(s, Value)
	s = codeSession.ReplaceAllStringFunc(s, Value)
	s = queryParam.ReplaceAllStringFunc(s, func(m string) string {
		p := queryParam.FindStringSubmatch(m)
		if strings.HasPrefix(p[2], "[redacted") || strings.HasPrefix(p[2], "%5Bredacted") {
			return m
		}
		return p[1] + Value(p[2])
	})
	s = userinfo.ReplaceAllStringFunc(s, func(m string) string {
		p := userinfo.FindStringSubmatch(m)
		return p[1] + Value(p[2]) + "@"
	})
	return s
}

// credentialShaped tells a credential after a scheme word ("Bearer 9f2c…") from prose
// ("the security token included in the request"): credentials carry digits or are long.
func credentialShaped(v string) bool {
	return len(v) >= 24 || strings.ContainsAny(v, "0123456789")
}

// redactCookies hashes every value of a "a=b; c=d" cookie string, keeping names and the
// attributes of a Set-Cookie (Path, Expires, …), which are not secret.
func redactCookies(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		name, val, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "path", "domain", "expires", "max-age", "samesite":
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(val), "[redacted") {
			continue
		}
		parts[i] = name + "=" + Value(strings.TrimSpace(val))
	}
	return strings.Join(parts, ";")
}

// mayHoldSecret is the cheap prefilter: most messages contain none of the trigger words.
func mayHoldSecret(s string) bool {
	l := strings.ToLower(s)
	for _, t := range textTriggers {
		if strings.Contains(l, t) {
			return true
		}
	}
	return false
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
