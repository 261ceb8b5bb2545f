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
	"unicode/utf8"
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
	"x-amz-content-sha256", "x-claude-code-session-id", "key", "x-pass", ":path",
)

// SecretHeader reports whether a header's value must never leave the program. Besides the
// fixed list, any name with a word that speaks of a key, token, secret, password, session
// or signature is treated as secret (Ocp-Apim-Subscription-Key, X-Functions-Key,
// X-Access-Key, X-Pass): unknown vendor headers fail closed. Rate-limit headers, whatever
// they count, are not secret.
func SecretHeader(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if secretHeaders[n] {
		return true
	}
	if KeptHeader(n) || publicHeaders[n] || strings.Contains(n, "ratelimit") || strings.Contains(n, "rate-limit") {
		return false
	}
	return secretWord(n) || secretName(n, false)
}

// publicHeaders are not secret although a secret word is in their name (":authority" holds
// "auth"): the host, and the headers that say which authentication is wanted.
var publicHeaders = set(":authority", "host", "www-authenticate", "proxy-authenticate",
	"access-control-allow-credentials", "x-content-type-options", "sec-fetch-user")

// secretWord reports whether a name contains one of the words that mark a secret.
func secretWord(n string) bool {
	for _, w := range []string{"token", "secret", "password", "passwd", "passphrase", "api-key", "api_key", "apikey", "session", "signature", "credential", "auth", "private_key", "privatekey"} {
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
	"__ssid", "anthropic-device-id", "activitysessionid", "lastactiveorg", "q", "prompt",
	"private_key", "privatekey", "passphrase", "pwd", "pass", "otp", "mfa_code", "sid",
	"csrf", "xsrf", "csrfmiddlewaretoken", "_csrf", "nonce", "relaystate", "login_hint",
)

// SecretParam reports whether a query, form or cookie parameter name holds a secret. The
// query parameters q and prompt are secret because claude.ai/new?q= carries a prompt.
func SecretParam(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return secretParams[n] || secretWord(n) || secretName(n, false)
}

// SecretField reports whether a JSON member's value is secret. It is SecretParam without
// the OAuth words that are ordinary JSON members in error bodies and vendor fields ("code"
// of an error, "state" of a job, "q"): hashing those would change what an error says.
func SecretField(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "code", "state", "q", "prompt", "challenge", "nonce", "appid", "client_id":
		return false
	}
	return SecretParam(name)
}

// URL redacts a URL for display: the password in user info and the values of secret query
// parameters become hashes, and the path, the other query values and the fragment go
// through Text decoded, so that a secret percent-encoded into them is found too. An
// unparsable URL is returned with Text applied.
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
	if p := Text(u.Path); p != u.Path {
		u.Path, u.RawPath = p, ""
	}
	if f := Text(u.Fragment); f != u.Fragment {
		u.Fragment, u.RawFragment = f, ""
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
	s = strings.ReplaceAll(s, "%5Bredacted:", "[redacted:")
	s = strings.ReplaceAll(s, "%5D", "]")
	return Text(s)
}

// Unescaped is s with its percent-escapes decoded where they decode, and + read as a
// blank as a query writes it, for looking into (not for display).
func Unescaped(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// A rule is one free-text shape. It runs only when one of its literals (lower case)
// occurs in the text, so that a line without any runs no expression at all: gitleaks'
// keyword prefilter. group is the submatch that is secret (0: the whole match); keep, when
// set, is a prefix of the secret that stays readable (the kind of an Anthropic key).
type rule struct {
	lits  []string
	mask  litMask // the bits of lits in the literal index
	need  string  // a literal that must occur too, when set
	re    *regexp.Regexp
	group int
	keep  func(secret string) int
}

// rules are the shapes found by pattern, gitleaks' families and the HAR sanitizers' among
// them. Names followed by a value (DB_PASSWORD=…, "api_key": …, --token X) are found by
// scanNamed, not by an expression.
var rules = []rule{
	// PEM private keys, whole, also when a log escaped the line ends as \n or cut the block.
	{lits: []string{"private key"}, re: regexp.MustCompile(`-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----((?s:.*?)(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$))`), group: 1},
	// Anthropic keys of every kind, in any case; the kind prefix stays: an OAuth token where
	// an API key belongs is a diagnosis.
	{lits: []string{"sk-ant-"}, re: regexp.MustCompile(`(?i)sk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_\-]{6,}`), keep: anthropicKind},
	// The same, URL-encoded (sk%2Dant%2D…): all of it goes.
	{lits: []string{"%2dant"}, re: regexp.MustCompile(`(?i)sk%2dant%2d(?:[A-Za-z0-9_]|%2d|-){6,}`)},
	// OpenAI-style and other sk- keys (sk-proj-, sk-svcacct-, bare sk-…).
	{lits: []string{"sk-"}, re: regexp.MustCompile(`\bsk-(?:proj-|svcacct-|admin-|or-v1-)?[A-Za-z0-9_\-]{20,}`)},
	// GitHub, GitLab, Slack, Stripe, Google, Hugging Face, npm, PyPI, Shopify, SendGrid,
	// DigitalOcean, Linear, Postman, Databricks, Vault, age, Twilio, Atlassian, Groq,
	// Replicate, xAI, Perplexity: gitleaks' families with a fixed prefix.
	{lits: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"}, re: regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{22,})`)},
	{lits: []string{"glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-", "glsoat-", "glft-", "glimt-", "glagent-"}, re: regexp.MustCompile(`\bgl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_\-]{16,}`)},
	{lits: []string{"xox", "xapp-"}, re: regexp.MustCompile(`\b(?:xox[abposre]-[A-Za-z0-9\-]{10,}|xapp-\d-[A-Za-z0-9\-]{10,})`)},
	{lits: []string{"k_live_", "k_test_", "k_prod_", "whsec_"}, re: regexp.MustCompile(`\b(?:[srp]k_(?:live|test|prod)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{16,})`)},
	{lits: []string{"aiza"}, re: regexp.MustCompile(`\bAIza[0-9A-Za-z_\-]{30,}`)},
	{lits: []string{"hf_", "npm_", "pypi-", "shpat_", "shpca_", "shppa_", "shpss_", "sg.", "dop_v1_", "doo_v1_", "dor_v1_", "lin_api_", "pmak-", "dapi", "hvs.", "hvb.", "age-secret-key-", "atatt", "gsk_", "r8_", "xai-", "pplx-", "glc_", "sntrys_", "ya29."},
		re: regexp.MustCompile(`\b(?:hf_[A-Za-z0-9]{20,}|npm_[A-Za-z0-9]{20,}|pypi-[A-Za-z0-9_\-]{40,}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{20,}|SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}|do[opr]_v1_[a-f0-9]{32,}|lin_api_[A-Za-z0-9]{20,}|PMAK-[A-Za-z0-9\-]{20,}|dapi[a-f0-9]{32}|hv[sb]\.[A-Za-z0-9_\-]{20,}|AGE-SECRET-KEY-1[A-Z0-9]{20,}|ATATT[A-Za-z0-9_\-=]{20,}|gsk_[A-Za-z0-9]{20,}|r8_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|pplx-[A-Za-z0-9]{20,}|glc_[A-Za-z0-9+/=_\-]{20,}|sntrys_[A-Za-z0-9+/=_]{20,}|ya29\.[A-Za-z0-9_\-]{20,})`)},
	// Slack, Discord and Teams webhooks: the host and kind stay, the secret path goes.
	{lits: []string{"hooks.slack.com"}, re: regexp.MustCompile(`hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9/_\-]+)`), group: 1},
	{lits: []string{"/api/webhooks/"}, re: regexp.MustCompile(`discord(?:app)?\.com/api/webhooks/([0-9]+/[A-Za-z0-9_\-]+)`), group: 1},
	{lits: []string{"webhook.office.com"}, re: regexp.MustCompile(`webhook\.office\.com/(webhookb2/[A-Za-z0-9@/_\-]+)`), group: 1},
	// JWTs, AWS access key ids, Claude Code session URLs.
	{lits: []string{"eyj"}, re: regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)},
	{lits: []string{"akia", "asia", "abia", "acca"}, re: regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b`)},
	{lits: []string{"claude.ai/code/session_"}, re: regexp.MustCompile(`(?i)\bhttps?://claude\.ai/code/session_[A-Za-z0-9]{8,}`)},
	// A password in a URL's user info, which may itself hold @ or / (a DSN): up to the
	// last @ before the host.
	{lits: []string{"://"}, need: "@", re: regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.\-]*://[^/\s:@"'<>]+:([^\s?#"'<>]+)@[A-Za-z0-9.\-\[\]]`), group: 1},
	// curl -u user:password, --user user:password.
	{lits: []string{"-u ", "--user"}, re: regexp.MustCompile(`(?:^|\s)(?:-u|--user)(?:\s+|=)["']?[^\s:"']+:([^\s"']+)`), group: 1},
	// A credential after an authorization scheme, with or without a header name before it.
	{lits: []string{"bearer", "basic ", "token ", "digest ", "negotiate ", "ntlm "}, re: regexp.MustCompile(`(?i)\b(?:bearer|basic|token|negotiate|ntlm)\s+([A-Za-z0-9\-._~+/=:]{6,})`), group: 1},
	// Base64 of a header line or key: "Authorization:", "x-api-key:", "Cookie:", "Bearer ",
	// "sk-ant-", "password" as base64 at the start of a run.
	{lits: []string{"qxv0ag9yaxphdglvbj", "yxv0ag9yaxphdglvbj", "ec1hcgkta2v5", "wc1bcgkts2v5", "q29va2ll", "y29va2ll", "qmvhcmvy", "ymvhcmvy", "c2stYw50", "cgfzc3dvcm", "ugfzc3dvcm"},
		re: regexp.MustCompile(`(?:QXV0aG9yaXphdGlvbj|YXV0aG9yaXphdGlvbj|eC1hcGkta2V5|WC1BcGktS2V5|Q29va2ll|Y29va2ll|QmVhcmVy|YmVhcmVy|c2stYW50|cGFzc3dvcm|UGFzc3dvcm)[A-Za-z0-9+/_\-]*={0,2}`)},
}

// anthropicKind is how much of an Anthropic key stays: "sk-ant-api03-".
func anthropicKind(m string) int {
	n := 0
	for i := 0; i < len(m); i++ {
		if m[i] == '-' {
			n++
			if n == 3 {
				return i + 1
			}
		}
	}
	return 0
}

// namedLits gate scanNamed: the words a secret's name ends with.
var namedLits = []string{"pass", "pwd", "secret", "token", "key", "credential", "session", "sid", "sig", "otp", "csrf", "xsrf", "auth", "dsn", "_code", "response", "cookie", "private", "connection",
	"verifier", "saml", "assertion", "clearance", "fcparams", "vses2", "serverdata", "client-data", "client_data", "cf_bm"}

// Text scrubs secrets from free text by shape, at any depth of a message: Anthropic and
// vendor keys (GitHub, GitLab, Slack, Stripe, Google, Hugging Face, npm, OpenAI-style sk-,
// AWS ids, …), JWTs, PEM private keys, webhook URLs, URL and DSN passwords, credentials
// after an authorization scheme, base64 of a header line, cookie lines, and every value
// whose name says it is secret, however the name is prefixed or written (DB_PASSWORD=,
// "privateKey": …, --api-key X, Pwd=…;, Signature=, AccountKey=, sig=). Redacted values
// keep their stable hash. Error messages, request ids, statuses, sizes, token counts and
// model names stay readable: a name must end with a secret word (max_tokens does not).
func Text(s string) string {
	if s == "" {
		return s
	}
	found := lits.scanText(s) // which literals occur in lower(s), in one pass
	if found.and(cookieMask) {
		s = replaceGroup(s, cookieLine, 2, func(v string) string { return redactCookies(v) })
		found = lits.scanText(s)
	}
	for i := range rules {
		r := &rules[i]
		if !found.and(r.mask) || r.need != "" && !strings.Contains(s, r.need) {
			continue
		}
		before := s
		s = replaceGroup(s, r.re, r.group, func(v string) string {
			if strings.HasPrefix(v, "[redacted") || !secretShaped(r, v) {
				return v
			}
			if r.keep != nil {
				k := r.keep(v)
				return v[:k] + Value(v)
			}
			return Value(v)
		})
		if s != before {
			// A redaction can remove a literal (or, in principle, add one): the later
			// rules are gated on the text as it is now, as before.
			found = lits.scanText(s)
		}
	}
	if strings.Contains(s, "-") && found.and(namedMask) {
		s = scanFlags(s) // found stays that of the text before it, as it always was
	}
	if (strings.IndexByte(s, '=') >= 0 || strings.IndexByte(s, ':') >= 0) && found.and(namedMask) {
		s = scanNamed(s, found.and(digestMask))
	}
	return s
}

// scanFlags hashes the value of a command-line flag whose name marks a secret and whose
// value follows after a blank: --api-key X, --password 'X', -token X.
func scanFlags(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '-' || i > 0 && nameByte(s[i-1]) {
			continue
		}
		j := i
		for j < len(s) && s[j] == '-' {
			j++
		}
		k := j
		for k < len(s) && nameByte(s[k]) {
			k++
		}
		if k == j || k-i > 64 || k >= len(s) || (s[k] != ' ' && s[k] != '\t') || !secretName(s[j:k], false) {
			i = k
			continue
		}
		v0, v1 := valueAt(s, k)
		if v1 <= v0 || s[v0] == '-' || keepValue(s[v0:v1]) {
			i = k
			continue
		}
		b.WriteString(s[last:v0])
		b.WriteString(Value(s[v0:v1]))
		last, i = v1, v1-1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// secretShaped filters a rule's match where prose can look like it: after "Bearer" or
// "token" a credential carries a digit, a capital after its first letter or a symbol, or
// is long; "Bearer authentication" and "token has expired" are words.
func secretShaped(r *rule, v string) bool {
	if r != &rules[schemeRule] {
		return true
	}
	if len(v) > 7 && strings.EqualFold(v[:7], "sk-ant-") {
		return false // the key rule kept its kind; the rest is already a hash
	}
	// A sentence's end is not part of the word: "the output token maximum." and "your
	// session token expired." are prose, and the rules need their words.
	v = strings.TrimRight(v, ".,;:!?)")
	if len(v) >= 24 {
		return true
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= '0' && c <= '9' || i > 0 && c >= 'A' && c <= 'Z' || strings.IndexByte("-._~+/=:", c) >= 0 {
			return true
		}
	}
	return false
}

// schemeRule is the index in rules of the authorization-scheme rule.
var schemeRule = func() int {
	for i, r := range rules {
		if strings.Contains(r.re.String(), `bearer|basic`) {
			return i
		}
	}
	panic("redact: no scheme rule")
}()

// cookieLine matches Cookie and Set-Cookie lines: everything after the name is secret.
var cookieLine = regexp.MustCompile(`(?i)\b((?:set-)?cookie\\?["']?\s*[:=]\s*\\?["']?)([^\r\n"'\\]+)`)

// replaceGroup replaces submatch group of every match of re in s with fn's result.
func replaceGroup(s string, re *regexp.Regexp, group int, fn func(string) string) string {
	ms := re.FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		a, e := m[2*group], m[2*group+1]
		if a < 0 || a < last {
			continue
		}
		b.WriteString(s[last:a])
		b.WriteString(fn(s[a:e]))
		last = e
	}
	b.WriteString(s[last:])
	return b.String()
}

// scanNamed finds name=value and name: value pairs, quoted or not, JSON-escaped or not,
// whose name ends with a secret word, and hashes the value. It walks the separators and
// reads each name backwards, which costs far less than an expression over the line.
func scanNamed(s string, digest bool) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '=' && c != ':' {
			continue
		}
		if c == ':' && strings.HasPrefix(s[i:], "://") {
			continue
		}
		// The name, backwards over blanks and a closing quote (maybe escaped).
		j := i
		for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
			j--
		}
		if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
			j--
			if j > 0 && s[j-1] == '\\' {
				j--
			}
		}
		k := j
		for k > 0 && nameByte(s[k-1]) {
			k--
		}
		if k == j || !secretName(s[k:j], digest) {
			continue
		}
		v0, v1 := valueAt(s, i+1)
		if v0 < last || v1 <= v0 {
			continue
		}
		v := s[v0:v1]
		if strings.HasSuffix(v, ":") && secretName(v[:len(v)-1], digest) {
			continue // a secret name follows ("credential: X-Api-Key: …"); its value is next
		}
		if keepValue(v) {
			if scheme := strings.ToLower(v); scheme == "bearer" || scheme == "basic" || scheme == "token" || scheme == "negotiate" {
				// The credential after the scheme is secret whatever its shape.
				c0, c1 := valueAt(s, v1)
				if c1 > c0 && !strings.Contains(s[c0:c1], "[redacted") {
					b.WriteString(s[last:c0])
					b.WriteString(Value(s[c0:c1]))
					last, i = c1, c1-1
				}
			}
			continue
		}
		b.WriteString(s[last:v0])
		b.WriteString(Value(v))
		last, i = v1, v1-1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// valueAt is the value that starts at or after i (past blanks and an opening quote): up
// to its closing quote when quoted, else up to a blank or a delimiter.
func valueAt(s string, i int) (int, int) {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	var q byte
	if i+1 < len(s) && s[i] == '\\' && (s[i+1] == '"' || s[i+1] == '\'') {
		q = s[i+1]
		i += 2
	} else if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		q = s[i]
		i++
	}
	start := i
	if q != 0 {
		for i < len(s) && s[i] != q && s[i] != '\n' && i-start < 4096 {
			if s[i] == '\\' {
				if i+1 < len(s) && s[i+1] == q {
					break // an escaped closing quote: the value ends here
				}
				i++
			}
			i++
		}
		return start, min(i, len(s))
	}
	for i < len(s) && strings.IndexByte(" \t\r\n\"',;}&\\<>)]", s[i]) < 0 {
		i++
	}
	return start, i
}

// keepValue reports whether a value after a secret name is not a secret: empty, already
// redacted, a literal, a word that describes the secret, or an authorization scheme.
func keepValue(v string) bool {
	if v == "" || strings.Contains(v, "[redacted") || strings.Contains(v, "%5Bredacted") {
		return true
	}
	switch strings.ToLower(v) {
	case "true", "false", "null", "none", "nil", "undefined", "bearer", "basic", "token", "digest", "negotiate",
		"required", "missing", "invalid", "expired", "revoked", "not", "must", "is", "was", "set", "unset", "empty",
		"provided", "header", "redacted", "***", "xxx", "<redacted>", "[redacted]", "[filtered]", "{", "[", "value", "<value>":
		return true
	}
	return false
}

func nameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// secretLast are the last words of a name that make its value secret.
var secretLast = set("password", "passwd", "pwd", "pass", "passphrase", "passcode", "secret", "token",
	"apikey", "credential", "sessionid", "sessionkey", "sid", "signature", "sig", "otp",
	"csrf", "xsrf", "dsn", "auth", "authorization", "privatekey", "accountkey", "secretkey",
	"accesskey", "authtoken", "accesstoken", "refreshtoken", "idtoken", "csrftoken", "cookie",
	"pin", "totp", "mfa", "clientsecret", "connectionstring",
	// The HAR sanitizers' words that are names of their own (Google's and Cloudflare's).
	"verifier", "samlresponse", "samlrequest", "assertion", "clearance", "fcparams", "vses2",
	"serverdata")

// A value that ends with a colon is the next name ("invalid key: X-Api-Key: …"), not a
// value; see scanNamed.

// keyOwners are the words before "key" (or "id", "code") that make it a secret's name.
var keyOwners = set("api", "secret", "access", "private", "account", "master", "signing", "sign",
	"encryption", "session", "auth", "client", "license", "subscription", "functions", "function",
	"app", "admin", "sharedaccess", "ssh", "deploy", "host", "webhook", "storage", "consumer", "x")

var codeOwners = set("mfa", "otp", "totp", "auth", "verification", "oauth", "sms", "recovery", "backup")

// secretName reports whether a name (DB_PASSWORD, x-api-key, privateKey, --api-key,
// SharedAccessSignature) ends with a word that marks a secret. digest says the text is a
// Digest authorization, where response= is the credential.
func secretName(name string, digest bool) bool {
	name = strings.TrimLeft(name, "-.")
	if name == "" || len(name) > 128 {
		return false
	}
	var w [3]string // the last three words, lower case, last first
	n := 0
	end := len(name)
	for i := len(name) - 1; i >= -1 && n < 3; i-- {
		if i >= 0 {
			c := name[i]
			split := c == '_' || c == '-' || c == '.'
			camel := c >= 'A' && c <= 'Z' && i > 0 && name[i-1] >= 'a' && name[i-1] <= 'z'
			if !split && !camel {
				continue
			}
			if camel {
				w[n] = strings.ToLower(name[i:end])
				n++
				end = i
				continue
			}
			w[n] = strings.ToLower(name[i+1 : end])
		} else {
			w[n] = strings.ToLower(name[:end])
		}
		n++
		end = i
	}
	last, prev := w[0], w[1]
	switch {
	case last == "":
		return false
	case secretLast[last]:
		return true
	case last == "key":
		return prev == "" || keyOwners[prev] || prev == "access" || strings.HasSuffix(prev, "secret")
	case last == "id":
		return prev == "session"
	case last == "code":
		return codeOwners[prev]
	case last == "response":
		return digest
	case last == "string" && prev == "connection", last == "data" && prev == "client", last == "bm" && prev == "cf":
		return true
	}
	return false
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
		case "path", "domain", "expires", "max-age", "samesite", "priority":
			continue
		}
		if t := strings.TrimSpace(val); t == "" || strings.HasPrefix(t, "[redacted") {
			continue
		}
		parts[i] = name + "=" + Value(strings.TrimSpace(val))
	}
	return strings.Join(parts, ";")
}

// lower is strings.ToLower for the prefilter; it allocates only when s has capitals.
func lower(s string) string { return strings.ToLower(s) }

// containsAny is the plain form of the literal index's test, kept as its reference.
func containsAny(l string, lits []string) bool {
	for _, t := range lits {
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

// litMask has a bit for each literal of the index: which of them occur in a text.
type litMask [2]uint64

func (m litMask) and(o litMask) bool { return m[0]&o[0] != 0 || m[1]&o[1] != 0 }

// litIndex finds which of the rules' and namedLits' literals occur in a text in one pass,
// instead of a strings.Contains per literal (about 120 of them, which were most of Text's
// time on texts with no secret). pairs marks the first two bytes of each literal; at an
// offset whose pair is marked, only the literals starting with that pair are compared.
type litIndex struct {
	pairs [1 << 16 / 64]uint64
	byLit map[uint16][]litEntry
}

type litEntry struct {
	lit string
	bit int
}

var (
	lits                              litIndex
	namedMask, cookieMask, digestMask litMask
)

func init() {
	lits.byLit = map[uint16][]litEntry{}
	ids := map[string]int{}
	add := func(t string) litMask {
		id, ok := ids[t]
		if !ok {
			id = len(ids)
			if id >= 128 {
				panic("redact: more than 128 literals; widen litMask")
			}
			ids[t] = id
			k := uint16(t[0])<<8 | uint16(t[1])
			lits.pairs[k/64] |= 1 << (k % 64)
			lits.byLit[k] = append(lits.byLit[k], litEntry{t, id})
		}
		var m litMask
		m[id/64] |= 1 << (id % 64)
		return m
	}
	union := func(ts []string) litMask {
		var m litMask
		for _, t := range ts {
			if len(t) < 2 {
				panic("redact: a literal shorter than two bytes")
			}
			a := add(t)
			m[0] |= a[0]
			m[1] |= a[1]
		}
		return m
	}
	for i := range rules {
		rules[i].mask = union(rules[i].lits)
	}
	namedMask = union(namedLits)
	cookieMask = union([]string{"cookie"})
	digestMask = union([]string{"digest"})
}

// scanText is scan(lower(s)). An ASCII text is folded as it is read, without a lowered
// copy; any other goes through strings.ToLower, whose Unicode folding may change bytes.
func (x *litIndex) scanText(s string) litMask {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return x.scan(lower(s))
		}
	}
	var m litMask
	for i := 0; i+1 < len(s); i++ {
		k := uint16(foldASCII(s[i]))<<8 | uint16(foldASCII(s[i+1]))
		if x.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, e := range x.byLit[k] {
			if hasFoldedPrefix(s[i:], e.lit) {
				m[e.bit/64] |= 1 << (e.bit % 64)
			}
		}
	}
	return m
}

func foldASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasFoldedPrefix is strings.HasPrefix(lower(s), lit) for an ASCII s.
func hasFoldedPrefix(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	for j := 0; j < len(lit); j++ {
		if foldASCII(s[j]) != lit[j] {
			return false
		}
	}
	return true
}

// scan returns the literals that occur in l. It equals, bit for bit, a strings.Contains
// of each literal (TestLitIndex).
func (x *litIndex) scan(l string) litMask {
	var m litMask
	for i := 0; i+1 < len(l); i++ {
		k := uint16(l[i])<<8 | uint16(l[i+1])
		if x.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, e := range x.byLit[k] {
			if strings.HasPrefix(l[i:], e.lit) {
				m[e.bit/64] |= 1 << (e.bit % 64)
			}
		}
	}
	return m
}
