package errbody

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The pair scanner reads "key: value" pairs out of any object notation in one pass: JSON,
// JSON inside JSON strings at any escaping depth (\"type\":\"error\", \\\"type\\\"...),
// Python dict and bytes reprs, Ruby "key" => value and :key => value hashes, JS object
// literals with bare keys and single quotes, Swift's message: Optional("..."), YAML-ish
// "name: ThrottlingException" lines and key=value. It never needs the object to be whole:
// a log line cut in the middle of an escaped body still yields its pairs. Which pair
// belongs to which object is judged afterwards by position and nesting (see pick).

// keyKind is what a key means to an error reader.
type keyKind uint8

const (
	kOther     keyKind = iota
	kType              // type, Type
	kAWSType           // __type, x-amzn-ErrorType
	kName              // name (a JS or AWS error's class)
	kMessage           // message, error_message, detail(s)
	kError             // error: a string message or the envelope's object
	kCode              // code: a status number, an OpenAI code or a Google code
	kErrorCode         // error_code, errorCode: Anthropic's details.error_code
	kStatus            // status, statusCode, httpStatusCode, status_code, http_status
	kRequestID         // request_id, requestId, x-request-id
	kClaim             // representativeClaim
	kResets            // resetsAt, resets_at
)

var keyKinds = map[string]keyKind{
	"type": kType, "__type": kAWSType, "x-amzn-errortype": kAWSType, "name": kName,
	"message": kMessage, "error_message": kMessage, "errormessage": kMessage, "detail": kMessage, "details": kMessage,
	"error": kError, "code": kCode, "error_code": kErrorCode, "errorcode": kErrorCode,
	"status": kStatus, "statuscode": kStatus, "status_code": kStatus, "httpstatus": kStatus,
	"httpstatuscode": kStatus, "http_status": kStatus, "http_status_code": kStatus, "status code": kStatus,
	"request_id": kRequestID, "requestid": kRequestID, "request-id": kRequestID, "x-request-id": kRequestID,
	"x-amzn-requestid": kRequestID, "request id": kRequestID,
	"representativeclaim": kClaim, "representative_claim": kClaim, "resetsat": kResets, "resets_at": kResets,
}

// pair is one key and its value. A string value's span in the text is kept so that a pair
// found inside another pair's string can be told apart as nested.
type pair struct {
	kind   keyKind
	pos    int    // where the key starts
	val    string // the value, unescaped; "{" for an object
	vs, ve int    // the value's span in the text (strings only; vs == ve otherwise)
	num    bool   // the value was a bare number
	quote  byte   // the key's quote: '"', '\'' or 0 for a bare key
	esc    int    // escaping depth of the key (0 plain, 1 for \"key\", 2 for \\\"key\\\")
	nest   int    // how deep inside other strings or escapes the pair sits
}

const (
	maxPairs = 256     // pairs kept from one text
	maxValue = 8 << 10 // bytes a string value is read for
	maxKey   = 24      // a key longer than this is not one we read
	maxEsc   = 15      // backslashes in front of a quote that still count as escaping (depth 4)
	maxRun   = 64      // backslashes counted before a quote; a longer run counts as this many
	maxSpans = 4096    // string spans kept to judge nesting
)

// scanPairs returns the pairs of the text that an error reader wants, in text order. Each
// pair's nest counts the string values around it (any key's) or its escaping depth, the
// larger: a pair inside a message inside a log field is deeper than the envelope.
func scanPairs(text []byte) []pair {
	var pairs []pair
	var spans [][2]int
	for i := 0; i < len(text) && len(pairs) < maxPairs; i++ {
		c := text[i]
		if c != ':' && c != '=' {
			continue
		}
		sep := i
		if c == ':' && i+1 < len(text) && text[i+1] == ':' { // Ruby and C++ scope, IPv6
			i++
			continue
		}
		p, ok := keyBefore(text, sep)
		if !ok {
			continue
		}
		j := sep + 1
		if c == '=' {
			if j < len(text) && text[j] == '>' {
				j++
			} else if u := unicodeGT(text[j:]); u > 0 { // => as Go's encoding/json writes it: =\u003e
				j += u
			} else if j < len(text) && text[j] == '=' {
				i++
				continue
			}
		}
		readValue(text, j, &p)
		if p.vs < p.ve && len(spans) < maxSpans {
			spans = append(spans, [2]int{p.vs, p.ve})
		}
		if p.kind != kOther && (p.val != "" || p.vs < p.ve) {
			pairs = append(pairs, p)
		}
	}
	for k := range pairs {
		n := 0
		for _, s := range spans {
			if s[0] <= pairs[k].pos && pairs[k].pos < s[1] {
				n++
			}
		}
		pairs[k].nest = max(n, pairs[k].esc)
	}
	return pairs
}

// keyBefore reads the key that ends at text[sep] (a ':' or '='), quoted or bare.
func keyBefore(text []byte, sep int) (pair, bool) {
	j := sep - 1
	for k := 0; j >= 0 && k < 4; k++ {
		if text[j] == ' ' || text[j] == '\t' {
			j--
		} else if c := text[j]; (c == 't' || c == 'n' || c == 'r') && j > 0 && text[j-1] == '\\' {
			j -= 1 + backslashes(text, j) // an escaped tab: "type\t:"
		} else {
			break
		}
	}
	if j < 0 {
		return pair{}, false
	}
	var p pair
	end := j + 1
	if q := text[j]; q == '"' || q == '\'' {
		p.quote = q
		run := backslashes(text, j)
		end = j - run
		start := end
		for start > 0 && end-start <= maxKey && keyByte(text[start-1]) {
			start--
		}
		if start == end || start == 0 || text[start-1] != q || end-start > maxKey {
			return pair{}, false
		}
		if backslashes(text, start-1) != run {
			return pair{}, false
		}
		p.esc = depth(run)
		p.pos = start - 1 - run
		return kind(text[start:end], p)
	}
	start := end
	for start > 0 && end-start <= maxKey && keyByte(text[start-1]) {
		start--
	}
	// "Status Code: 404", "Request ID: 9251f066-..."
	if start > 0 && text[start-1] == ' ' && start-1 > 0 && keyByte(text[start-2]) {
		s2 := start - 1
		for s2 > 0 && start-s2 <= 8 && keyByte(text[s2-1]) {
			s2--
		}
		if pp, ok := kind(text[s2:end], pair{pos: s2}); ok && (pp.kind == kStatus || pp.kind == kRequestID) {
			return pp, true
		}
	}
	// Inside an escaped string a bare key follows an escape: \nname: X, \u0026type: x.
	if start > 0 && text[start-1] == '\\' && start < end {
		if text[start] == 'u' && end-start > 5 {
			if _, isHex := hex(text[start+1 : start+5]); isHex {
				start += 5
			}
		} else if c := text[start]; c == 'n' || c == 't' || c == 'r' || c == 'b' || c == 'f' {
			start++
		}
	}
	if start > 0 && text[start-1] == ':' { // Ruby's :type => "x"
		start--
	}
	if start == end || end-start > maxKey {
		return pair{}, false
	}
	p.pos = start
	key := text[start:end]
	if key[0] == ':' {
		key = key[1:]
	}
	return kind(key, p)
}

// kind names the key; keys are compared without case ("Message", "StatusCode").
func kind(key []byte, p pair) (pair, bool) {
	var buf [maxKey + 1]byte
	if len(key) == 0 || len(key) > len(buf) {
		return pair{}, false
	}
	if len(key) < 4 { // every key read is at least "type" long
		return p, true
	}
	for i, c := range key {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	p.kind = keyKinds[string(buf[:len(key)])]
	return p, true
}

func keyByte(c byte) bool {
	return isIdent(c) || c == '-' || c == '$'
}

// backslashes counts the backslashes right before text[i].
func backslashes(text []byte, i int) int {
	n := 0
	for i-1-n >= 0 && text[i-1-n] == '\\' && n < maxRun {
		n++
	}
	return n
}

// depth turns the backslashes in front of a quote into an escaping depth: a string inside a
// string is escaped once (\"), twice (\\\"), three times (\\\\\\\").
func depth(run int) int {
	d := 0
	for r := run; r > 0; r >>= 1 {
		d++
	}
	return d
}

// readValue reads the value at text[j:] into p.
func readValue(text []byte, j int, p *pair) {
	for k := 0; j < len(text) && k < 4; k++ {
		if text[j] == ' ' || text[j] == '\t' {
			j++
			continue
		}
		e := j
		for e < len(text) && e-j <= maxEsc && text[e] == '\\' {
			e++
		}
		if e == j || e >= len(text) || text[e] != 't' && text[e] != 'n' && text[e] != 'r' {
			break
		}
		j = e + 1 // an escaped tab or line break inside a string
	}
	if j >= len(text) {
		return
	}
	if bytes.HasPrefix(text[j:], []byte("Optional(")) { // Swift
		j += len("Optional(")
		if j >= len(text) {
			return
		}
	}
	if text[j] == 'b' && j+1 < len(text) { // Python bytes: b'...', escaped b\"...\"
		k := j + 1
		for k < len(text) && k-j <= maxEsc && text[k] == '\\' {
			k++
		}
		if k < len(text) && (text[k] == '\'' || text[k] == '"') {
			j++
		}
	}
	run := 0
	for j+run < len(text) && text[j+run] == '\\' && run <= maxEsc {
		run++
	}
	if j+run < len(text) {
		if q := text[j+run]; q == '"' || q == '\'' {
			readString(text, j+run, run, p)
			return
		}
	}
	if p.kind == kOther {
		return
	}
	switch c := text[j]; {
	case c == '{':
		p.val = "{"
	case c >= '0' && c <= '9' && !wordAt(text, j):
		e := j
		for e < len(text) && e-j < 12 && text[e] >= '0' && text[e] <= '9' {
			e++
		}
		p.val, p.num = string(text[j:e]), true
	case isIdent(c) || c == ':':
		if p.kind == kMessage && p.quote == 0 && !nullWord(text[j:]) {
			// YAML-ish "message: Too many tokens, please wait before trying again."
			e := j
			for e < len(text) && e-j < 512 && text[e] != '\n' && text[e] != '\r' {
				e++
			}
			p.val = string(bytes.TrimRight(text[j:e], " ,;}")) // {message: x}} closes its objects
			return
		}
		e := j
		if c == ':' {
			j++
			e++
		}
		for e < len(text) && e-j < 128 && (isIdent(text[e]) || text[e] == '.' || text[e] == '#' || text[e] == '-') {
			e++
		}
		p.val = string(text[j:e])
		if p.val == "None" || p.val == "null" || p.val == "nil" || p.val == "undefined" {
			p.val = ""
		}
	}
}

// readString reads the string whose opening quote is text[q], escaped run times, and ends
// at the first quote of the same escaping depth (a deeper one is the string's content).
func readString(text []byte, q, run int, p *pair) {
	quote := text[q]
	other := byte('"')
	if quote == '"' {
		other = '\''
	}
	power := run&(run+1) == 0 // run is 2^d-1: a real escaping depth
	start := q + 1
	end, alt, closed := min(len(text), start+maxValue), -1, false
	for k := start; k < end; k++ {
		c := text[k]
		if c != quote && (c != other || alt >= 0) {
			continue
		}
		r := backslashes(text, k)
		if !(power && closes(r, run) || !power && (r == run || r < run && closes(r, run))) {
			continue
		}
		if c == quote {
			end, closed = k-r, true
			break
		}
		alt = k - r
	}
	// A string the text cuts off ends where the string around it does, at the first
	// closing quote of the other kind: 'tYpe: 'overloaded_error inside "...".
	if !closed && alt >= 0 && end == len(text) {
		end = alt
	}
	p.vs, p.ve = start, max(end, start)
	if p.kind == kOther {
		return // only its span matters: it may enclose an error
	}
	p.val = unescape(text[p.vs:p.ve])
	if p.kind != kMessage && p.kind != kError && strings.ContainsAny(p.val, "\r\n") {
		// No type, code or id holds a line break: it is a terminal's wrap.
		p.val = dropBreaks.Replace(p.val)
	}
}

// dropBreaks removes line breaks. It is built once: building a Replacer allocates about
// 2 KiB, which per keyed value made a text of many short keyed lines allocate hundreds
// of bytes per byte read (TestFindLinear).
var dropBreaks = strings.NewReplacer("\r", "", "\n", "")

// closes reports whether a quote after r backslashes ends a string opened after run
// backslashes (run = 2^d-1): it is that string's own closing quote, or the closing quote of
// a string around it (a truncated inner string ends where its enclosing one does). A quote
// of a string nested deeper is content.
func closes(r, run int) bool {
	for lvl := 0; ; lvl = 2*lvl + 1 {
		if r%(2*(lvl+1)) == lvl {
			return true
		}
		if lvl >= run {
			return false
		}
	}
}

// unescape undoes any depth of escaping in a value, loosely: escaped quotes become quotes,
// \n and \t become spaces (messages are folded anyway), \uXXXX becomes its rune and
// Python's \xNN bytes are dropped.
func unescape(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		for i < len(b) && b[i] == '\\' {
			i++
		}
		if i >= len(b) {
			break
		}
		switch x := b[i]; x {
		case 'n', 't', 'r':
			out = append(out, ' ')
		case 'u':
			if i+4 < len(b) {
				if r, ok := hex(b[i+1 : i+5]); ok {
					out = utf8.AppendRune(out, rune(r))
					i += 4
					continue
				}
			}
			out = append(out, x)
		case 'x':
			if i+2 < len(b) {
				if _, ok := hex(b[i+1 : i+3]); ok {
					i += 2
					continue
				}
			}
			out = append(out, x)
		default:
			out = append(out, x)
		}
	}
	return string(out)
}

func hex(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			n = n<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			n = n<<4 | int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			n = n<<4 | int(c-'A'+10)
		default:
			return 0, false
		}
	}
	return n, true
}

// wordAt reports whether the token at text[j] mixes digits with letters ("9251f066-a420"):
// an id, not a number.
func wordAt(text []byte, j int) bool {
	for e := j; e < len(text) && e-j < 64; e++ {
		c := text[e]
		if c >= '0' && c <= '9' {
			continue
		}
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
	}
	return false
}

// nullWord reports whether b starts with a language's null or boolean.
func nullWord(b []byte) bool {
	for _, w := range []string{"None", "null", "nil", "undefined", "true", "false", "True", "False"} {
		if bytes.HasPrefix(b, []byte(w)) && (len(b) == len(w) || !isIdent(b[len(w)])) {
			return true
		}
	}
	return false
}

// unicodeGT returns the length of a '>' escaped as \u003e (after any escaping depth) at the
// start of b, or 0.
func unicodeGT(b []byte) int {
	n := 0
	for n < len(b) && n <= maxEsc && b[n] == '\\' {
		n++
	}
	if n == 0 || len(b) < n+5 || b[n] != 'u' || string(b[n+1:n+4]) != "003" || b[n+4] != 'e' && b[n+4] != 'E' {
		return 0
	}
	return n + 5
}
