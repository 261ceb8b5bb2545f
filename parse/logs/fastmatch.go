package logs

import (
	"bytes"
	"strings"

	"github.com/claudelog/claudelog/parse/errbody"
)

// The consumer's costliest steps on the lines that matter were two small regexps whose
// input is already known to start with their literal, and errbody.Parse on bodies that a
// log repeats thousands of times. The functions below keep the regexps as the definition
// (TestErrorCodeFast, FuzzErrorCodeFast) and remember parsed bodies.

// errorCodeMatch is errorCodeRE.FindStringSubmatch for a string that starts with
// "Error code:". It answers the common shape ("Error code: 429 - body") without the
// backtracker and falls back to the regexp for anything else.
func errorCodeMatch(s string) []string {
	const lit = "Error code: "
	if len(s) >= len(lit)+3 && strings.HasPrefix(s, lit) &&
		isDigit(s[len(lit)]) && isDigit(s[len(lit)+1]) && isDigit(s[len(lit)+2]) &&
		(len(s) == len(lit)+3 || !isWordByte(s[len(lit)+3])) {
		code := s[len(lit) : len(lit)+3]
		rest := s[len(lit)+3:]
		body := ""
		whole := s[:len(lit)+3]
		if strings.HasPrefix(rest, " - ") {
			body = rest[3:]
			if i := strings.IndexByte(body, '\n'); i >= 0 {
				body = body[:i]
			}
			whole = s[:len(lit)+6+len(body)]
		}
		return []string{whole, code, body}
	}
	return errorCodeRE.FindStringSubmatch(s)
}

// tsStatusMatch is tsStatusRE.FindStringSubmatch for a string that startsStatus.
func tsStatusMatch(s string) []string {
	if startsStatus(s) && strings.IndexByte(s, '\n') < 0 {
		return []string{s, s[:3], s[4:]}
	}
	return tsStatusRE.FindStringSubmatch(s)
}

func isWordByte(c byte) bool {
	return c == '_' || isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// parseBody is errbody.Parse, remembered for short bodies: a log prints the same few
// error bodies over and over, and errbody's JSON decoding and redaction were a sixth of
// the consumer's time. errbody.Parse depends on its input alone.
func parseBody(body []byte) (errbody.Info, bool) {
	if len(body) > maxBodyKey {
		return errbody.Parse(body)
	}
	if r, ok := bodyCache.getBytes(body); ok {
		return r.info, r.ok
	}
	if info, parsed, ok := parseBodyByID(body); ok {
		return info, parsed
	}
	info, parsed := errbody.Parse(body)
	bodyCache.put(string(body), parsedBody{info, parsed})
	return info, parsed
}

// parseBodyByID is parseBody for a body that differs from others of its kind only by its
// request id ("'request_id': 'req_011C…'"), as every failure an SDK prints does: the
// body's parse is remembered with the id cut out, and the id put back. ok is false when
// the body has no such id, or its first parse showed that the id matters to more than
// Info.RequestID; then the caller parses it whole.
func parseBodyByID(body []byte) (info errbody.Info, parsed, ok bool) {
	at, n := requestIDAt(body)
	if n == 0 {
		return errbody.Info{}, false, false
	}
	id := string(body[at : at+n])
	key := string(body[:at]) + "\x00" + string(body[at+n:])
	if r, hit := bodyByID.get(key); hit {
		if !r.ok && r.info.Shape == "" {
			return errbody.Info{}, false, false // the id mattered
		}
		info = r.info
		info.RequestID = cleanNow(id)
		return info, r.ok, true
	}
	// First of its kind: parse it, and once more with another id; keep it only when the
	// two differ in RequestID alone, and that is the id cleaned.
	info, parsed = errbody.Parse(body)
	other, otherParsed := errbody.Parse([]byte(string(body[:at]) + "req_0" + string(body[at+n:])))
	want := info
	want.RequestID = cleanNow("req_0")
	keep := info.Shape == "anthropic" && info.RequestID == cleanNow(id) && parsed == otherParsed && want == other
	entry := parsedBody{}
	if keep {
		entry = parsedBody{info: info, ok: parsed}
		entry.info.RequestID = ""
	}
	bodyByID.put(key, entry)
	return info, parsed, true
}

// requestIDAt finds the value of a body's request_id when it is an id of Anthropic's shape
// ("req_" and letters and digits, quoted) that occurs nowhere else in the body and holds
// no word errbody reads a provider from: where it starts and its length, 0 when none.
func requestIDAt(body []byte) (at, n int) {
	k := bytes.Index(body, []byte("request_id"))
	if k < 0 || bytes.Contains(body[k+1:], []byte("request_id")) {
		return 0, 0
	}
	i := k + len("request_id")
	if i >= len(body) || (body[i] != '\'' && body[i] != '"') {
		return 0, 0
	}
	q := body[i]
	i++
	if i < len(body) && body[i] == ':' {
		i++
	}
	if i < len(body) && body[i] == ' ' {
		i++
	}
	if i >= len(body) || body[i] != q || !bytes.HasPrefix(body[i+1:], []byte("req_")) {
		return 0, 0
	}
	at = i + 1
	e := at + len("req_")
	for e < len(body) && e-at < 80 && (isDigit(body[e]) || 'a' <= body[e] && body[e] <= 'z' || 'A' <= body[e] && body[e] <= 'Z') {
		e++
	}
	if e == at+len("req_") || e >= len(body) || body[e] != q {
		return 0, 0
	}
	id := body[at:e]
	if bytes.Count(body, id[len("req_"):]) != 1 {
		return 0, 0
	}
	low := bytes.ToLower(id)
	for _, w := range providerWords {
		if bytes.Contains(low, []byte(w)) {
			return 0, 0
		}
	}
	return at, e - at
}

// providerWords are the words of letters and digits errbody.Parse names a provider by.
var providerWords = []string{"bedrock", "invokemodel", "anthropic", "claude", "model", "vertex", "vrtx", "openai", "gemini", "cloudflare", "aws", "google", "azure", "quota"}

type parsedBody struct {
	info errbody.Info
	ok   bool
}

// bodyCache holds the parses of bodies of at most maxBodyKey bytes (a few MiB), and
// bodyByID bodies by their text without the request id (parseBodyByID), where an entry
// with no Shape and ok false says the id mattered to that body.
var (
	bodyCache = memo[parsedBody]{max: 2048}
	bodyByID  = memo[parsedBody]{max: 2048}
)

const maxBodyKey = 1024

// httpxMatch is httpxRE.FindStringSubmatch: the first "HTTP Request: " is read by hand,
// and anything unusual there goes to the regexp.
func httpxMatch(s string) []string {
	const lit = "HTTP Request: "
	i := strings.Index(s, lit)
	if i < 0 {
		return nil
	}
	j := i + len(lit)
	k := j
	for k < len(s) && 'A' <= s[k] && s[k] <= 'Z' {
		k++
	}
	if k == j || k >= len(s) || s[k] != ' ' {
		return httpxRE.FindStringSubmatch(s)
	}
	method := s[j:k]
	u := k + 1
	e := u
	for e < len(s) && !isRESpace(s[e]) {
		e++
	}
	if e == u || !strings.HasPrefix(s[e:], ` "HTTP/`) {
		return httpxRE.FindStringSubmatch(s)
	}
	v := e + len(` "HTTP/`)
	w := v
	for w < len(s) && (isDigit(s[w]) || s[w] == '.') {
		w++
	}
	if w == v || len(s)-w < 5 || s[w] != ' ' || !isDigit(s[w+1]) || !isDigit(s[w+2]) || !isDigit(s[w+3]) {
		return httpxRE.FindStringSubmatch(s)
	}
	end := w + 4
	switch s[end] {
	case '"':
	case ' ':
		q := strings.IndexByte(s[end:], '"')
		if q < 0 {
			return httpxRE.FindStringSubmatch(s)
		}
		end += q
	default:
		return httpxRE.FindStringSubmatch(s)
	}
	return []string{s[i : end+1], method, s[u:e], s[w+1 : w+4]}
}

// isRESpace is RE2's \s: ASCII tab, line feed, form feed, carriage return and space.
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
