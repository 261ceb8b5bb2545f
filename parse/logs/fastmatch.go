package logs

import (
	"strings"
	"sync"

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
	bodyCache.Lock()
	r, ok := bodyCache.m[string(body)]
	bodyCache.Unlock()
	if ok {
		return r.info, r.ok
	}
	info, parsed := errbody.Parse(body)
	bodyCache.Lock()
	if bodyCache.m == nil {
		bodyCache.m = map[string]parsedBody{}
	}
	if len(bodyCache.m) < maxBodyCache {
		bodyCache.m[string(body)] = parsedBody{info, parsed}
	}
	bodyCache.Unlock()
	return info, parsed
}

type parsedBody struct {
	info errbody.Info
	ok   bool
}

// bodyCache holds at most maxBodyCache bodies of at most maxBodyKey bytes (a few MiB).
var bodyCache struct {
	sync.Mutex
	m map[string]parsedBody
}

const (
	maxBodyCache = 2048
	maxBodyKey   = 1024
)

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
