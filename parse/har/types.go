package har

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/martian/v3/har"
)

// These containers are claudelog's own because martian's har.HAR rejects most real exports
// (float times, BOMs, odd dates, cookies as objects) and cannot hold the vendor fields that
// carry the failure reason (_error, _failureText). The leaf types come from martian.
//
// Custom field types (Num, Time, Str) never return an error from UnmarshalJSON: encoding/json
// abandons the rest of the value on such an error, while it carries on after its own type
// errors. They record what was wrong instead, and the reader turns that into a Warning.

// Log is the part of a HAR's log object read besides the entries.
type Log struct {
	Version string       `json:"version"`
	Creator har.Creator  `json:"creator"`
	Browser *har.Creator `json:"browser"`

	// Wrapper is the key the HAR was nested under ({"KEY": {"log": …}}), "" when it was
	// not; Lone says that the input was one entry, not a HAR (see lone.go).
	Wrapper string `json:"-"`
	Lone    bool   `json:"-"`
}

// Entry is one request and its response as a HAR exporter wrote it.
type Entry struct {
	Pageref         Str      `json:"pageref"`
	StartedDateTime Time     `json:"startedDateTime"`
	Time            Num      `json:"time"` // milliseconds; -1 or absent when not known
	Request         Request  `json:"request"`
	Response        Response `json:"response"`
	Timings         Timings  `json:"timings"`
	ServerIPAddress Str      `json:"serverIPAddress"`
	Connection      Str      `json:"connection"`
	ResourceType    Str      `json:"_resourceType"` // Chrome, mitmproxy: "fetch", "xhr", "websocket"
}

// reset empties e for the next entry. Slices keep their capacity: encoding/json appends into
// them, so a reused entry decodes without reallocating its header lists. It decodes into a
// reused element without zeroing it first, so the elements are cleared here: a header
// without a value must not inherit the previous entry's.
func (e *Entry) reset() {
	clear(e.Request.Headers[:cap(e.Request.Headers)])
	clear(e.Request.QueryString[:cap(e.Request.QueryString)])
	clear(e.Response.Headers[:cap(e.Response.Headers)])
	reqHeaders, reqQuery := e.Request.Headers[:0], e.Request.QueryString[:0]
	reqCookies, respCookies := e.Request.Cookies[:0], e.Response.Cookies[:0]
	respHeaders := e.Response.Headers[:0]
	text := e.Response.Content.Text.buf[:0]
	*e = Entry{}
	e.Response.Content.Text.buf = text
	e.Request.Headers, e.Request.QueryString, e.Request.Cookies = reqHeaders, reqQuery, reqCookies
	e.Response.Headers, e.Response.Cookies = respHeaders, respCookies
}

// Request is an entry's request. The body is never kept, only its size (see BodyText).
type Request struct {
	Method      Str               `json:"method"`
	URL         string            `json:"url"`
	HTTPVersion Str               `json:"httpVersion"`
	Cookies     json.RawMessage   `json:"cookies"` // see Cookies: exporters disagree on the shape
	Headers     []har.Header      `json:"headers"` // only those convert reads: see readHeader
	HeadersOver bool              `json:"-"`       // more of them than maxHeaders
	QueryString []har.QueryString `json:"queryString"`
	PostData    *PostData         `json:"postData"`
	HeadersSize Num               `json:"headersSize"`
	BodySize    Num               `json:"bodySize"`
}

// PostData is a request body. Its text is measured and dropped while decoding: a request to
// Claude holds the prompt, which must never enter the program's data.
type PostData struct {
	MimeType Str         `json:"mimeType"`
	Params   []har.Param `json:"params"`
	Text     BodyText    `json:"text"`
}

// Response is an entry's response, with the vendor fields that say why there was none.
type Response struct {
	Status       Num             `json:"status"` // 0 (Chrome, Firefox, mitmproxy) or -1 (Playwright): no answer
	StatusText   Str             `json:"statusText"`
	HTTPVersion  Str             `json:"httpVersion"`
	Cookies      json.RawMessage `json:"cookies"`
	Headers      []har.Header    `json:"headers"` // only those convert reads: see readHeader
	HeadersOver  bool            `json:"-"`       // more of them than maxHeaders
	Content      Content         `json:"content"`
	RedirectURL  Str             `json:"redirectURL"`
	HeadersSize  Num             `json:"headersSize"`
	BodySize     Num             `json:"bodySize"`
	TransferSize Num             `json:"_transferSize"` // Chrome: bytes on the wire
	Error        ErrorField      `json:"_error"`        // Chrome/WebKit net error, mitmproxy exception text, capture-har's {message, code}
	FailureText  Str             `json:"_failureText"`  // Playwright's reason for status -1
}

// Content is a response body. Text stays as the exporter wrote it (maybe base64, maybe cut
// by the reader's string limit); the reader decodes a bounded part only when it needs it.
type Content struct {
	Size        Num  `json:"size"`
	Compression Num  `json:"compression"`
	MimeType    Str  `json:"mimeType"`
	Text        Text `json:"text"`
	Encoding    Str  `json:"encoding"`
	Comment     Str  `json:"comment"`
}

// Text is a response body's text, JSON escapes decoded, in bytes that the reader reuses
// from entry to entry: a body is looked at while its entry is converted and never kept, so
// it costs no allocation. When the reader's string limit cut it, Head is its start, Tail its
// end and Total its length as written in the file; otherwise Head is all of it.
type Text struct {
	Head, Tail []byte
	Total      int64
	Bad        bool // present, but not a string
	buf        []byte
}

// split fills Head, Tail and Total from the decoded string in buf, which may hold a cut
// marker.
func (t *Text) split() {
	t.Head, t.Tail, t.Total, t.Bad = nil, nil, 0, false
	if len(t.buf) == 0 {
		return
	}
	head, tail, total, ok := splitCutBytes(t.buf)
	if !ok {
		t.Head = t.buf
		return
	}
	t.Head, t.Tail, t.Total = head, tail, total
}

// clear empties t and keeps its buffer.
func (t *Text) clear() { *t = Text{buf: t.buf[:0]} }

// Empty reports whether there is no text.
func (t *Text) Empty() bool { return len(t.Head) == 0 && len(t.Tail) == 0 }

// UnmarshalJSON reads a JSON string; null is no text and any other value is recorded in Bad.
func (t *Text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var s string
	switch {
	case len(b) == 0 || string(b) == "null":
		t.clear()
	case b[0] == '"' && json.Unmarshal(b, &s) == nil:
		t.buf = append(t.buf[:0], s...)
		t.split()
	default:
		t.clear()
		t.Bad = true
	}
	return nil
}

// Timings are an entry's phases in milliseconds; -1 means not applicable.
type Timings struct {
	Blocked Num `json:"blocked"`
	DNS     Num `json:"dns"`
	Connect Num `json:"connect"`
	Send    Num `json:"send"`
	Wait    Num `json:"wait"`
	Receive Num `json:"receive"`
	SSL     Num `json:"ssl"`
}

// Num is a HAR number as exporters really write it: an integer, a float, a numeric string or
// null. Valid is false when the value was absent, null or not a number; Bad holds a short
// copy of a value that was present but not a number, for the warning.
type Num struct {
	Value float64
	Valid bool
	Bad   string
}

// UnmarshalJSON accepts 12, 12.5, "12", null; anything else is recorded in Bad.
func (n *Num) UnmarshalJSON(b []byte) error {
	*n = Num{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		var str string
		if json.Unmarshal(b, &str) != nil {
			n.Bad = clipRaw(s)
			return nil
		}
		s = strings.TrimSpace(str)
		if s == "" {
			return nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		n.Bad = clipRaw(string(b))
		return nil
	}
	n.Value, n.Valid = v, true
	return nil
}

// Int returns the number rounded to an integer, and whether it is known.
func (n Num) Int() (int64, bool) {
	if !n.Valid || n.Value > math.MaxInt64 || n.Value < math.MinInt64 {
		return 0, false
	}
	return int64(math.Round(n.Value)), true
}

// Time is a HAR date as exporters really write it: RFC 3339 with any number of fraction
// digits, a +0100 offset, no zone at all, an epoch number, or a Java date as Gson writes it
// (BrowserMob Proxy and other Java tools: "Feb 16, 2018 4:41:28 PM", from Java 9 on
// "Feb 16, 2018, 4:41:28 PM" and from Java 20 on with a narrow no-break space before PM).
// A date without a zone, the Java ones included, is read as UTC, as every zone-less time in
// a HAR is: the HAR reader has no --tz (logs do), and a HAR's other dates are in UTC or say
// their zone. Bad holds a short copy of a value that was present but unreadable ("",
// "NaN-NaN-NaNTNaN:..."); T is then zero.
type Time struct {
	T   time.Time
	Bad string
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999",
}

// javaLayouts are the dates Gson writes with its default, US-English date format.
var javaLayouts = []string{
	"Jan 2, 2006 3:04:05 PM",
	"Jan 2, 2006, 3:04:05 PM",
	"January 2, 2006 3:04:05 PM",
	"January 2, 2006, 3:04:05 PM",
}

// UnmarshalJSON reads a date string or epoch number; null is "not known" without a warning.
func (t *Time) UnmarshalJSON(b []byte) error {
	*t = Time{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '"' {
		var n Num
		_ = n.UnmarshalJSON(b)
		if !n.Valid || n.Value <= 0 {
			t.Bad = clipRaw(string(b))
			return nil
		}
		t.T = epoch(n.Value)
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		t.Bad = clipRaw(string(b))
		return nil
	}
	t.T, t.Bad = parseTime(s)
	return nil
}

// parseTime tries the layouts exporters use; it returns a short copy of s when none fits.
func parseTime(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			return v, ""
		}
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && v > 0 && !math.IsInf(v, 0) {
		return epoch(v), ""
	}
	if len(s) > 0 && s[0] >= 'A' && s[0] <= 'Z' {
		// Java 20's CLDR data puts a narrow no-break space before AM/PM, older ones a space.
		j := strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s)
		for _, layout := range javaLayouts {
			if v, err := time.Parse(layout, j); err == nil {
				return v, ""
			}
		}
	}
	if s == "" {
		return time.Time{}, `""`
	}
	return time.Time{}, clipRaw(s)
}

// epoch reads seconds or, when the value is too large for seconds, milliseconds.
func epoch(v float64) time.Time {
	if v > 1e11 {
		return time.UnixMilli(int64(v)).UTC()
	}
	sec, frac := math.Modf(v)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// Str is a string field that some exporters write as a number or a bool ("connection": 443).
// null and absent are "". Bad is set when the value was an object or an array.
type Str struct {
	S   string
	Bad bool
}

// UnmarshalJSON accepts strings, numbers, bools and null.
func (s *Str) UnmarshalJSON(b []byte) error {
	*s = Str{}
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
	case b[0] == '"':
		if json.Unmarshal(b, &s.S) != nil {
			s.Bad = true
		}
		s.S = stripCut(s.S)
	case b[0] == '{' || b[0] == '[':
		s.Bad = true
	default:
		s.S = string(b)
	}
	return nil
}

// String returns the text.
func (s Str) String() string { return s.S }

// ErrorField is response._error: text, as Chrome, WebKit and mitmproxy write it, or an
// object with a message and a code, as capture-har writes it ({"message": "Max redirects
// exceeded", "code": "MAXREDIRECTS"}). Message and Code follow Str; Bad is set for an array,
// or an object with neither.
type ErrorField struct {
	Message, Code Str
	Bad           bool
}

// UnmarshalJSON reads text as Str does, or an object's message and code.
func (f *ErrorField) UnmarshalJSON(b []byte) error {
	*f = ErrorField{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		_ = f.Message.UnmarshalJSON(b)
		f.Bad, f.Message.Bad = f.Message.Bad, false
		return nil
	}
	var o struct {
		Message Str `json:"message"`
		Code    Str `json:"code"`
	}
	if json.Unmarshal(b, &o) != nil {
		f.Bad = true
		return nil
	}
	f.Message, f.Code = o.Message, o.Code
	f.settle()
	return nil
}

// settle marks an object that said nothing readable as Bad.
func (f *ErrorField) settle() {
	if f.Message.Bad {
		f.Message = Str{}
	}
	if f.Code.Bad {
		f.Code = Str{}
	}
	f.Bad = f.Message.S == "" && f.Code.S == ""
}

// Text is the error as one line: the message, with the code after it when the message does
// not already hold it.
func (f *ErrorField) Text() string {
	msg, code := strings.TrimSpace(f.Message.S), strings.TrimSpace(f.Code.S)
	switch {
	case code == "" || strings.Contains(msg, code):
		return msg
	case msg == "":
		return code
	}
	return msg + " (" + code + ")"
}

// BodyText is a request body's text reduced to its size and digest while decoding, so that
// the prompt never becomes a Go string. Cut reports that the reader's string limit cut the
// text; Len is then the length of the text as written in the file. Digest identifies the
// text (see bodyDigest); 0 when there is none.
type BodyText struct {
	Len    int64
	Cut    bool
	Digest uint64
}

// UnmarshalJSON measures the decoded length of a JSON string without building it.
func (t *BodyText) UnmarshalJSON(b []byte) error {
	*t = BodyText{}
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '"' {
		return nil // null, or a non-string: no text
	}
	body := b[1 : len(b)-1]
	if i := bytes.Index(body, []byte(cutMarkEscaped)); i >= 0 {
		if n, ok := parseCutLen(body[i+len(cutMarkEscaped):]); ok {
			t.Len, t.Cut, t.Digest = n, true, bodyDigest(body[:i], n)
			return nil
		}
	}
	t.Len, t.Digest = unescapedLen(body), bodyDigest(body, 0)
	return nil
}

// unescapedLen is the byte length of a JSON string body once its escapes are decoded.
func unescapedLen(b []byte) int64 {
	var n int64
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			n++
			continue
		}
		i++
		if b[i] != 'u' || i+4 >= len(b) {
			n++
			continue
		}
		v, err := strconv.ParseUint(string(b[i+1:i+5]), 16, 32)
		i += 4
		switch {
		case err != nil:
			n++
		case v >= 0xD800 && v < 0xDC00 && i+6 < len(b) && b[i+1] == '\\' && b[i+2] == 'u':
			n += 4 // a surrogate pair: one rune outside the BMP
			i += 6
		case v < 0x80:
			n++
		case v < 0x800:
			n += 2
		default:
			n += 3
		}
	}
	return n
}

// clipRaw shortens an unreadable value for a warning: enough to recognise it, never a body.
func clipRaw(s string) string {
	const max = 40
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
