// Package redact is claudelog's one redaction policy. Parsers call it before anything enters
// an Event; sanitize and every output use the same lists. Names are matched structurally
// (header, cookie, query and field names, case-insensitively); values become a short stable
// hash so that one session can still be followed across entries without being revealed.
package redact

// (implementation being written by the lead; the API below is stable)

// Value replaces a secret value with "[redacted:xxxxxxxx]", the first 8 hex digits of its
// SHA-256, so that equal secrets redact to equal marks.
func Value(v string) string { return "[redacted]" }

// Text scrubs secrets from free text: sk-ant-… keys, bearer tokens, JWTs, sessionKey=…,
// "x-api-key: …" and similar name/value pairs inside log lines and error messages.
func Text(s string) string { return s }

// SecretHeader reports whether a header's value must never leave the program.
func SecretHeader(name string) bool { return false }

// KeptHeader reports whether a response header is kept on events (rate-limit state, retry
// hints, request ids, edge markers). Kept headers are never secret.
func KeptHeader(name string) bool { return false }

// SecretParam reports whether a query, form or JSON field name holds a secret.
func SecretParam(name string) bool { return false }
