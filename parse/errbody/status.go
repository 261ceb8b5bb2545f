package errbody

import "bytes"

// reasons are the reason phrases of the error statuses a call to Claude can meet, as
// status lines and SDKs print them after the number.
var reasons = map[int]string{
	400: "bad request", 401: "unauthorized", 402: "payment required", 403: "forbidden", 404: "not found",
	405: "method not allowed", 406: "not acceptable", 407: "proxy authentication required",
	408: "request timeout", 409: "conflict", 410: "gone", 411: "length required", 412: "precondition failed",
	413: "payload too large", 414: "uri too long", 415: "unsupported media type", 421: "misdirected request",
	422: "unprocessable entity", 424: "failed dependency", 425: "too early", 426: "upgrade required",
	428: "precondition required", 429: "too many requests", 431: "request header fields too large",
	451: "unavailable for legal reasons", 500: "internal server error", 501: "not implemented",
	502: "bad gateway", 503: "service unavailable", 504: "gateway timeout", 505: "http version not supported",
	520: "web server is returning an unknown error", 521: "web server is down", 522: "connection timed out",
	523: "origin is unreachable", 524: "a timeout occurred", 525: "ssl handshake failed", 529: "overloaded",
}

// aloneReasons are the phrases that name their status even without the number: each is
// HTTP's own wording and means nothing else in a log. "Not Found", "Forbidden",
// "Unauthorized", "Conflict" and "Request Timeout" are left out: programs say them of files,
// permissions and their own timers. They are matched in title case or capitals only.
var aloneReasons = []struct {
	phrase, upper string
	status        int
}{
	{"Method Not Allowed", "METHOD NOT ALLOWED", 405},
	{"Too Many Requests", "TOO MANY REQUESTS", 429},
	{"Service Unavailable", "SERVICE UNAVAILABLE", 503},
	{"Bad Gateway", "BAD GATEWAY", 502},
	{"Gateway Timeout", "GATEWAY TIMEOUT", 504},
	{"Internal Server Error", "INTERNAL SERVER ERROR", 500},
	{"Unavailable For Legal Reasons", "UNAVAILABLE FOR LEGAL REASONS", 451},
	{"Payload Too Large", "PAYLOAD TOO LARGE", 413},
	{"Request Entity Too Large", "REQUEST ENTITY TOO LARGE", 413},
	{"Proxy Authentication Required", "PROXY AUTHENTICATION REQUIRED", 407},
	{"Unprocessable Entity", "UNPROCESSABLE ENTITY", 422},
	{"Bad Request", "BAD REQUEST", 400},
	{"Request Header Fields Too Large", "REQUEST HEADER FIELDS TOO LARGE", 431},
	{"Misdirected Request", "MISDIRECTED REQUEST", 421},
}

// googleStatus maps Google's canonical status words (Vertex AI's error.status) to HTTP.
var googleStatus = map[string]int{
	"RESOURCE_EXHAUSTED": 429, "UNAVAILABLE": 503, "PERMISSION_DENIED": 403, "INVALID_ARGUMENT": 400,
	"NOT_FOUND": 404, "UNAUTHENTICATED": 401, "DEADLINE_EXCEEDED": 504, "INTERNAL": 500,
	"FAILED_PRECONDITION": 400, "ABORTED": 409, "ALREADY_EXISTS": 409, "OUT_OF_RANGE": 400,
	"UNIMPLEMENTED": 501, "CANCELLED": 499,
}

// statusAt is a status the text states and where.
type statusAt struct {
	status, pos int
	end         int // just after the number (or the phrase, for a phrase alone)
}

// findStatus returns the first HTTP error status low (the text in lower case) states in any
// of HTTP's phrasings, and text (the same bytes in their case) for reason phrases alone.
func findStatus(low, text []byte) (statusAt, bool) {
	best := statusAt{pos: -1}
	take := func(n, pos, end int) {
		if n >= 400 && n <= 599 && (best.pos < 0 || pos < best.pos) {
			best = statusAt{n, pos, end}
		}
	}
	// "HTTP/1.1 503 Service Unavailable", "HTTP/2 429"
	for off := 0; ; {
		i := bytes.Index(low[off:], []byte("http/"))
		if i < 0 {
			break
		}
		i += off
		j := i + 5
		for j < len(low) && j-i < 9 && (low[j] >= '0' && low[j] <= '9' || low[j] == '.') {
			j++
		}
		if j > i+5 && j < len(low) && low[j] == ' ' {
			if n, ok := num3(low, j+1); ok {
				take(n, i, j+4)
			}
		}
		off = i + 5
	}
	// "status 451", "status code 400", "status: 429", "statusCode=404", "status_code: 429",
	// "httpStatus: 429", "Status Code: http_status_403", "error code: 429", "with status code of 400"
	// "The requested URL returned error: 429" (curl), "HTTP Error 429: Too Many Requests"
	// (urllib), "response code 503".
	for _, kw := range [][]byte{[]byte("status"), []byte("error code"), []byte("api error"), []byte("returned error"),
		[]byte("http error"), []byte("response code")} {
		for off := 0; ; {
			i := bytes.Index(low[off:], kw)
			if i < 0 {
				break
			}
			i += off
			off = i + len(kw)
			if i > 0 && isIdent(low[i-1]) && !bytes.HasSuffix(low[:i], []byte("http")) &&
				!bytes.HasSuffix(low[:i], []byte("http_")) && !bytes.HasSuffix(low[:i], []byte("response")) {
				continue // "ostatus", but "httpStatus", "responseStatus"
			}
			j := off
			j = skipAny(low, j, " _-")
			if bytes.HasPrefix(low[j:], []byte("code")) {
				j = skipAny(low, j+4, " _-")
			}
			j = skipAny(low, j, `:="'\ (`)
			if bytes.HasPrefix(low[j:], []byte("of ")) {
				j += 3
			}
			if bytes.HasPrefix(low[j:], []byte("http_status_")) { // Swift's "Status Code: http_status_403"
				j += len("http_status_")
			}
			if j-off > 16 {
				continue
			}
			if n, ok := num3(low, j); ok {
				take(n, i, j+3)
			}
		}
	}
	// "Error 400 with provider vertex", "error: 529": a status right after the word error,
	// followed by nothing that makes it a longer number or a quantity.
	for off := 0; ; {
		i := bytes.Index(low[off:], []byte("error"))
		if i < 0 {
			break
		}
		i += off
		off = i + len("error")
		j := off
		if j < len(low) && low[j] == ':' {
			j++
		}
		if j >= len(low) || low[j] != ' ' || i > 0 && isIdent(low[i-1]) {
			continue
		}
		if n, ok := num3(low, j+1); ok {
			if e := j + 4; e == len(low) || low[e] == ' ' || low[e] == ')' || low[e] == ',' || low[e] == '\n' {
				take(n, i, e)
			}
		}
	}
	// "[404] Not Found", "404 Not Found", "(529 Overloaded)", "520: Web server is returning an unknown error"
	for i := 0; i+4 < len(low); i++ {
		c := low[i]
		if c != '4' && c != '5' || i > 0 && (isIdent(low[i-1]) || low[i-1] == '.' || low[i-1] == ':') {
			continue
		}
		n, ok := num3(low, i)
		if !ok {
			continue
		}
		j := i + 3
		if j < len(low) && low[j] == ']' {
			j++
		}
		if j < len(low) && low[j] == ':' {
			j++
		}
		if j >= len(low) || low[j] != ' ' {
			continue
		}
		after := low[j+1:]
		if r, ok := reasons[n]; ok && bytes.HasPrefix(after, []byte(r)) ||
			n == 504 && bytes.HasPrefix(after, []byte("gateway time-out")) ||
			bytes.HasPrefix(after, []byte("client error")) || bytes.HasPrefix(after, []byte("server error")) {
			take(n, i, i+3)
		}
		// A status with its body right after it: "400 {"error":...}", "529 - {'type': ...}",
		// "429: {...}" (the Java SDK), "504 <!DOCTYPE html>".
		after = bytes.TrimPrefix(after, []byte("- "))
		if bytes.HasPrefix(after, []byte("{")) || bytes.HasPrefix(after, []byte("<!doctype")) ||
			bytes.HasPrefix(after, []byte("<html")) {
			take(n, i, i+3)
		}
	}
	// Fragments: "errorcode_502" (Cloudflare's error page classes), "http_status_403".
	for _, kw := range [][]byte{[]byte("errorcode_"), []byte("http_status_")} {
		if i := bytes.Index(low, kw); i >= 0 {
			if n, ok := num3(low, i+len(kw)); ok {
				take(n, i, len(text)) // a fragment of markup: no words follow
			}
		}
	}
	if best.pos >= 0 {
		return best, true
	}
	// Reason phrases alone, as HTTP writes them: "Method Not Allowed".
	for _, r := range aloneReasons {
		if i := indexWord(text, []byte(r.phrase)); i >= 0 {
			take(r.status, i, i+len(r.phrase))
		} else if i := indexWord(text, []byte(r.upper)); i >= 0 {
			take(r.status, i, i+len(r.phrase))
		}
	}
	return best, best.pos >= 0
}

// num3 reads a three-digit number at b[i] that no digit follows.
func num3(b []byte, i int) (int, bool) {
	if i+3 > len(b) {
		return 0, false
	}
	n := 0
	for _, c := range b[i : i+3] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if i+3 < len(b) && b[i+3] >= '0' && b[i+3] <= '9' {
		return 0, false
	}
	return n, true
}

func skipAny(b []byte, i int, set string) int {
	for k := 0; i < len(b) && k < 8 && bytes.IndexByte([]byte(set), b[i]) >= 0; k++ {
		i++
	}
	return i
}

// indexWord finds w in b where no letter touches it on either side.
func indexWord(b, w []byte) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], w)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(w)
		if (i == 0 || !isIdent(b[i-1])) && (end >= len(b) || !isIdent(b[end])) {
			return i
		}
		off = i + 1
	}
}

// restOfLine is what a line says after its status: "Access to Anthropic models is not
// available in your region (IM)" after "failed with status 451 Unavailable For Legal
// Reasons:". A body or page right after the status is not a message.
func restOfLine(text []byte, i int) string {
	rest := continued(text, i)
	rest = bytes.TrimRight(bytes.TrimLeft(rest, " :-()[]"), ` ",;'`)
	if len(rest) == 0 || rest[0] == '{' || rest[0] == '<' || rest[0] == ',' || rest[0] == '}' {
		return ""
	}
	return string(rest)
}

// continued returns the text from i to the end of its line and of the lines that continue
// it: a message a terminal or a program wrapped goes on at the start of the next line,
// while an indented line (a stack frame, "  ⎿", "    at") or a blank one is something else.
func continued(text []byte, i int) []byte {
	i = min(i, len(text))
	end := i
	for end < len(text) && end-i < 512 {
		k := bytes.IndexByte(text[end:], '\n')
		if k < 0 {
			end = len(text)
			break
		}
		end += k
		next := end + 1
		if next >= len(text) || text[next] == ' ' || text[next] == '\t' || text[next] == '\n' || text[next] == '\r' {
			break
		}
		end = next
	}
	return bytes.TrimRight(bytes.ReplaceAll(text[i:end], []byte("\r"), nil), "\n")
}
