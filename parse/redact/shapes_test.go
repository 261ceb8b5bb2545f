package redact

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestTextShapes covers every family of issue #16: each secret holds CANARY, which must
// not survive, and a piece of the line that must.
func TestTextShapes(t *testing.T) {
	tests := []struct{ name, in, keep string }{
		{"env DB_PASSWORD", "DB_PASSWORD=CANARYpw1 DB_HOST=db.local", "DB_HOST=db.local"},
		{"env GITHUB_TOKEN", "export GITHUB_TOKEN=CANARYtok2", "export GITHUB_TOKEN="},
		{"env SECRET_KEY", "SECRET_KEY='CANARYsk3' DEBUG=1", "DEBUG=1"},
		{"auth_token", "auth_token=CANARY4abc&x=1", "x=1"},
		{"CLAUDE_API_KEY", "CLAUDE_API_KEY=CANARY5", "CLAUDE_API_KEY="},
		{"ghp", "push failed with ghp_CANARY6aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "push failed"},
		{"github_pat", "github_pat_11ABCDEFG0CANARY7aaaaaaaaaaaaaaaaaaaa used", " used"},
		{"glpat", "glpat-CANARY8aaaaaaaaaaaa in config", "in config"},
		{"xoxb", "slack xoxb-1234567890-CANARY9abcdef", "slack "},
		{"stripe", "stripe sk_live_CANARY10aaaaaaaaaaaa", "stripe "},
		{"google", "AIzaSyCANARY11aaaaaaaaaaaaaaaaaaaaaaaaa key", " key"},
		{"hf", "hf_CANARY12aaaaaaaaaaaaaaaaaaaaaaaaaaa", ""},
		{"npm", "//registry.npmjs.org/:_authToken=npm_CANARY13aaaaaaaaaaaaaaaaaaaaaaaaa", "registry.npmjs.org"},
		{"sk-proj", "OPENAI sk-proj-CANARY14aaaaaaaaaaaaaaaaaaaaaa", "OPENAI "},
		{"bare sk", "using sk-CANARY15aaaaaaaaaaaaaaaaaaaaaaaaaaaaa now", " now"},
		{"pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowCANARY16aaaa\nbbbb\n-----END RSA PRIVATE KEY-----\nnext", "next"},
		{"pem escaped", `"key": "-----BEGIN PRIVATE KEY-----\nMIIEvCANARY17\n-----END PRIVATE KEY-----\n"`, "BEGIN PRIVATE KEY"},
		{"pem cut", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaCANARY18", "BEGIN OPENSSH"},
		{"slack webhook", "POST https://hooks.slack.com/services/T000/B000/CANARY19xx failed", "hooks.slack.com/services/"},
		{"discord webhook", "https://discord.com/api/webhooks/123456/CANARY20-abc", "discord.com/api/webhooks/"},
		{"sigv4", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=CANARY21fe5f80f77d5fa3", "SignedHeaders=host"},
		{"azure AccountKey", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=CANARY22abc+/==;EndpointSuffix=core.windows.net", "AccountName=acct"},
		{"azure sas", "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=CANARY23%2Babc%3D&se=2026", "sv=2022-11-02"},
		{"digest", `Authorization: Digest username="bob", realm="x", nonce="abc", uri="/", response="CANARY24a05397450978"`, `username="bob"`},
		{"curl -u", "curl -u admin:CANARY25pw https://x.example.com", "curl -u admin:"},
		{"--api-key", "claude-cli --api-key CANARY26 --model claude-sonnet-4-5", "--model claude-sonnet-4-5"},
		{"--api-key=", "tool --api-key=CANARY27 run", " run"},
		{"Pwd", "Server=db;Uid=sa;Pwd=CANARY28;Database=x", "Database=x"},
		{"passphrase", "passphrase=CANARY29 ok", " ok"},
		{"sessionid", "sessionid=CANARY30; path=/", "path=/"},
		{"dsn at", "postgres://user:p@ss/CANARY31@db.example.com:5432/app", "db.example.com:5432/app"},
		{"dsn slash", "mysql://root:CANARY32/x@localhost/db", "localhost/db"},
		{"short bearer", "Authorization: Bearer CANARYq", "Authorization: Bearer "},
		{"short bearer lower", "authorization: bearer qwcanaryrt", "bearer "},
		{"urlencoded key", "key=sk%2Dant%2Dapi03%2DCANARY34aaaaaaaa", "key="},
		{"urlencoded alone", "redirect?x=sk%2Dant%2Dapi03%2DCANARY35aaaaaaaa", "redirect?x="},
		{"upper SK-ANT", "SK-ANT-API03-CANARY36AAAAAAAAAAAA", ""},
		{"base64 header", "dump " + base64.StdEncoding.EncodeToString([]byte("Authorization: Bearer CANARY37")), "dump "},
		{"base64 api key", base64.StdEncoding.EncodeToString([]byte("x-api-key: CANARY38")), ""},
		{"json privateKey", `{"privateKey":"CANARY39","model":"claude"}`, `"model":"claude"`},
		{"escaped json", `{\"client_secret\":\"CANARY40 with space\",\"n\":1}`, `\"n\":1`},
		{"mfa_code", "mfa_code=CANARY41", "mfa_code="},
		{"x-functions-key header", "X-Functions-Key: CANARY42", "X-Functions-Key: "},
		{"subscription key header", "Ocp-Apim-Subscription-Key: CANARY43", "Ocp-Apim-Subscription-Key: "},
		{"aws secret", "aws_secret_access_key = CANARY44wJalrXUtnFEMI", "aws_secret_access_key = "},
		{"cookie line", "Cookie: sid=CANARY45; theme=dark", "Cookie: sid="},
		{"python kwargs", "Anthropic(api_key='CANARY46')", "Anthropic(api_key="},
		{"yaml", "  password: CANARY47\n  user: bob", "user: bob"},
		{"teams webhook", "https://acme.webhook.office.com/webhookb2/CANARY48@x/IncomingWebhook/y", "webhook.office.com/"},
		{"connection string", "ConnectionString=CANARY49", "ConnectionString="},
		{"csrf", "csrf=CANARY50", "csrf="},
		{"x-pass", "X-Pass: CANARY51", "X-Pass: "},
		{"code_verifier", "code_verifier=CANARY52&x=1", "x=1"},
		{"SAMLResponse", "SAMLResponse=CANARY53", "SAMLResponse="},
		{"x-client-data", "x-client-data: CANARY54", "x-client-data: "},
		{"__cf_bm", "__cf_bm=CANARY55", "__cf_bm="},
		{"cf_clearance", "cf_clearance=CANARY56", "cf_clearance="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in)
			if strings.Contains(strings.ToUpper(got), "CANARY") {
				t.Errorf("Text(%q) = %q still holds the secret", tt.in, got)
			}
			if !strings.Contains(got, tt.keep) {
				t.Errorf("Text(%q) = %q lost %q", tt.in, got, tt.keep)
			}
			if again := Text(got); again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

// TestTextNearMisses: words that look like secret names and are not.
func TestTextNearMisses(t *testing.T) {
	for _, s := range []string{
		"max_tokens=1024",
		"request_id=req_011CV8A9xyzABCDEF",
		"token_count: 1234",
		"input_tokens=20 output_tokens=300 cache_read_input_tokens=0",
		"rate limit of 30,000 input tokens per minute",
		"Claude's response exceeded the 32000 output token maximum. To configure this behavior",
		"Your session token expired. Please run /login",
		"status=529 size=1024 model=claude-sonnet-4-5-20250929",
		`{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: 8192 > 4096"}}`,
		"anthropic-ratelimit-tokens-remaining: 1000",
		"x-ratelimit-remaining-tokens: 5000",
		"error code: 401, code=invalid_api_key",
		"Bearer authentication is not supported here",
		"The API key is invalid: please check your key",
		"key: required",
		"idempotency_key_header=present",
		"author: jane, keyboard=us",
		"sk-learn is a library",
		"a sessionless run: ok",
		"GET https://api.anthropic.com/v1/messages?beta=true 200",
		"expected one of api_key, auth_token, or credentials to be set",
		"invalid character 'x' after object key:value pair",
	} {
		if got := Text(s); got != s {
			t.Errorf("Text(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestSecretNames(t *testing.T) {
	for _, n := range []string{"DB_PASSWORD", "GITHUB_TOKEN", "SECRET_KEY", "auth_token", "CLAUDE_API_KEY", "privateKey", "private_key", "passphrase", "pwd", "pass", "otp", "mfa_code", "sid", "csrf", "x-api-key", "SharedAccessSignature", "AccountKey", "key", "--api-key", "session_id"} {
		if !secretName(n, false) {
			t.Errorf("secretName(%q) = false", n)
		}
	}
	for _, n := range []string{"max_tokens", "token_count", "request_id", "tokens", "keyboard", "author", "monkey", "cache_key_prefix", "_score_cookies", "code", "status_code", "response"} {
		if secretName(n, false) {
			t.Errorf("secretName(%q) = true", n)
		}
	}
	for _, h := range []string{"Ocp-Apim-Subscription-Key", "X-Functions-Key", "X-Access-Key", "Key", "X-Pass", ":path"} {
		if !SecretHeader(h) {
			t.Errorf("SecretHeader(%q) = false", h)
		}
	}
	for _, h := range []string{"x-ratelimit-remaining-tokens", "anthropic-ratelimit-output-tokens-limit", "x-request-id", "content-type"} {
		if SecretHeader(h) {
			t.Errorf("SecretHeader(%q) = true", h)
		}
	}
	for _, f := range []string{"private_key", "privateKey", "passphrase", "pwd", "pass", "otp", "mfa_code", "sid", "csrf", "password", "email"} {
		if !SecretField(f) {
			t.Errorf("SecretField(%q) = false", f)
		}
	}
	for _, f := range []string{"code", "_score_cookies", "message", "type", "state"} {
		if SecretField(f) {
			t.Errorf("SecretField(%q) = true", f)
		}
	}
}

// FuzzTextCanary plants a canary secret of a random family in random text: it must never
// come out, whatever surrounds it.
func FuzzTextCanary(f *testing.F) {
	f.Add("2026-11-20 ERROR request failed: ", " (retrying)", uint8(0))
	f.Add(`{"level":"error","msg":"`, `"}`, uint8(7))
	f.Add("key=", "&x=1", uint8(3))
	f.Fuzz(func(t *testing.T, before, after string, which uint8) {
		shapes := []string{
			"DB_PASSWORD=CANARYx1z", "GITHUB_TOKEN=CANARYx1z", "ghp_CANARYx1zaaaaaaaaaaaaaaaaaaaaaaaaa",
			"sk-ant-api03-CANARYx1zaaaaaaaaaa", "SK-ANT-API03-CANARYX1ZAAAAAAAAAA", "xoxb-12345-CANARYx1zaaaa",
			"Authorization: Bearer CANARYx1z", `"api_key": "CANARYx1z"`, "Signature=CANARYx1z",
			"AccountKey=CANARYx1z==", "--api-key CANARYx1z", "https://u:CANARYx1z@h.example.com/",
			"AIzaCANARYx1zaaaaaaaaaaaaaaaaaaaaaaaaaa", "-----BEGIN PRIVATE KEY-----\nCANARYx1z\n-----END PRIVATE KEY-----",
		}
		secret := shapes[int(which)%len(shapes)]
		// Text is not asked to see a secret glued to word characters of the text around it.
		if before != "" && nameByte(before[len(before)-1]) || after != "" && nameByte(after[0]) {
			return
		}
		if strings.Contains(strings.ToUpper(before+after), "CANARY") || strings.ContainsAny(before+after, "\\\"'`") {
			return
		}
		out := Text(before + secret + after)
		if strings.Contains(strings.ToUpper(out), "CANARYX1Z") {
			t.Fatalf("canary survived: %q -> %q", before+secret+after, out)
		}
	})
}
