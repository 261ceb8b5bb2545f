package logs

import (
	"bytes"
	"regexp"
	"strconv"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/errbody"
)

// Bounds on what one record gathers: a body printed over many lines, an HTML page.
const (
	maxBodyBytes = 256 << 10
	maxBodyLines = 400
)

// record is the event being read: it stays open while the lines that follow belong to it
// (the rest of its body, its stack trace, its traceback, the rest of its curl exchange).
type record struct {
	active   bool
	hasEvent bool // ev holds an event to emit when the record ends
	ev       model.Event
	retry    bool // the record announced a retry of its request

	body      []byte // the error body, parsed when the record ends
	bodyOpen  bool   // lines that follow may continue the body
	bodyHTML  bool
	bodyLines int
	scan      jsonScan

	stack bool // a stack trace ("    at …") follows

	tb       bool   // inside a Python traceback
	tbDone   bool   // its exception line was read; a chained traceback may follow
	tbClaude bool   // its frames are in Claude's stack (anthropic, httpx, litellm, botocore, …)
	tbHint   string // a wrapper named by the frames ("langchain", "litellm")

	curl       bool
	curlStatus bool // a status line was read
	curlHdrEnd bool // the response headers ended
	curlCode   bool // the command prints %{http_code} on its own line
	curlBody   bool

	evid   bool   // an evidence record (evidence.go): its lines are read as one text when it ends
	evText []byte // the lines of an evidence record, joined with "\n"
}

// This is the row of the routing table of an error body that goes on under the line
// that started it ("API Error: 529 {" and the rest of the JSON, an HTML page): it opens on
// no line of its own but when a dialect's matcher found the head of a body (setBody).
var _ = register(&dialect{
	name:   "body",
	rank:   20,
	isOpen: func(p *parser) bool { return p.rec.bodyOpen },
	feed:   (*parser).feedBody,
})

// openBody starts (or expects, when b is empty) a body that may continue on the next lines.
func (r *record) openBody(b []byte) {
	r.body = append(r.body[:0], b...)
	r.bodyOpen = true
	r.bodyLines = 0
	r.scan = jsonScan{}
	if len(b) > 0 && b[0] == '<' {
		r.bodyHTML = true
		if htmlEnds(b) {
			r.bodyOpen = false
		}
		return
	}
	if len(b) > 0 {
		if end := r.scan.feed(b); end >= 0 {
			r.body = r.body[:end]
			r.bodyOpen = false
		}
	}
}

// feedBody adds a line to an open body and reports whether the line belonged to it.
func (p *parser) feedBody(l *lineCtx) bool {
	r := &p.rec
	t := bytes.TrimSpace(l.b)
	if len(r.body) == 0 && !r.bodyHTML {
		// A body was announced ("AnthropicException -" at the end of a line): it is the
		// next line only if that line starts one.
		if len(t) == 0 || !(t[0] == '{' || t[0] == '[' || t[0] == '<' || bytes.HasPrefix(t, []byte("b'"))) {
			r.bodyOpen = false
			return false
		}
		if t[0] == '<' {
			r.bodyHTML = true
		}
	}
	if r.bodyHTML {
		if r.bodyLines > 0 && (bytes.Contains(t, []byte("API Error")) || bytes.Contains(t, []byte("Retrying in"))) {
			r.bodyOpen = false
			return false
		}
		if len(r.body)+len(l.b) < errbody.MaxBody {
			if len(r.body) > 0 {
				r.body = append(r.body, '\n')
			}
			r.body = append(r.body, l.b...)
		}
		r.bodyLines++
		if htmlEnds(t) || r.bodyLines >= maxBodyLines {
			r.bodyOpen = false
		}
		return true
	}
	if len(t) == 0 {
		r.bodyOpen = false
		return false
	}
	// A terminal wraps long JSON: join the pieces with one space, as the line was.
	if len(r.body) > 0 {
		r.body = append(r.body, ' ')
	}
	start := len(r.body)
	r.body = append(r.body, t...)
	if end := r.scan.feed(r.body[start:]); end >= 0 {
		r.body = r.body[:start+end]
		r.bodyOpen = false
	}
	r.bodyLines++
	if r.bodyLines >= maxBodyLines || len(r.body) >= maxBodyBytes {
		r.bodyOpen = false
	}
	return true
}

func htmlEnds(b []byte) bool {
	return bytes.Contains(b, []byte("</head>")) || bytes.Contains(b, []byte("</html>")) ||
		bytes.Contains(b, []byte("</HEAD>")) || bytes.Contains(b, []byte("</HTML>"))
}

// jsonScan follows the nesting of a JSON value or Python dict repr across pieces.
type jsonScan struct {
	depth   int
	quote   byte
	esc     bool
	started bool
	open    []byte // the brackets still open, innermost last (bounded; deeper is not a body)
}

// maxNesting bounds the bracket stack that closeJSON can complete.
const maxNesting = 64

// feed scans b and returns the index just past the value's closing bracket, or -1 when
// the value continues past b.
func (s *jsonScan) feed(b []byte) int {
	for i, c := range b {
		if s.quote != 0 {
			switch {
			case s.esc:
				s.esc = false
			case c == '\\':
				s.esc = true
			case c == s.quote:
				s.quote = 0
			}
			continue
		}
		switch c {
		case '"', '\'':
			if s.started {
				s.quote = c
			}
		case '{', '[':
			s.depth++
			s.started = true
			if len(s.open) < maxNesting {
				s.open = append(s.open, c)
			}
		case '}', ']':
			if s.started {
				s.depth--
				if n := len(s.open); n > 0 && n > s.depth {
					s.open = s.open[:n-1]
				}
				if s.depth <= 0 {
					return i + 1
				}
			}
		}
	}
	return -1
}

// balanced returns the JSON or repr value that starts at b[0], and whether it closed.
func balanced(b []byte) ([]byte, bool) {
	var s jsonScan
	if end := s.feed(b); end >= 0 {
		return b[:end], true
	}
	return b, false
}

// setBody reads a body a matcher found in a line. A body cut by the line end is kept
// open for the lines that follow.
func (p *parser) setBody(ev *model.Event, b []byte) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return
	}
	if bytes.HasPrefix(b, []byte("b'")) || bytes.HasPrefix(b, []byte(`b"`)) {
		if v, ok := balanced(b[2:]); ok || len(v) > 0 {
			applyBody(ev, v)
			return
		}
	}
	switch b[0] {
	case '{', '[':
		v, ok := balanced(b)
		if !ok {
			p.pendingBody = append([]byte(nil), v...)
			return
		}
		applyBody(ev, v)
	case '<':
		if !htmlEnds(b) && !bytes.Contains(b, []byte("</title>")) {
			p.pendingBody = append([]byte(nil), b...)
			return
		}
		applyBody(ev, b)
	default:
		applyBody(ev, b)
	}
}

// closeJSON completes a JSON value cut by the end of a pasted line or of a log line's kept
// head: it closes the open string and brackets, so that what was written can still be read.
// ok is false when b is closed already or nested too deep to complete.
func closeJSON(b []byte) ([]byte, bool) {
	var s jsonScan
	if s.feed(b) >= 0 || !s.started || s.depth > len(s.open) {
		return nil, false
	}
	out := append([]byte(nil), b...)
	if s.esc {
		out = out[:len(out)-1]
	}
	if s.quote != 0 {
		out = append(out, s.quote)
	}
	out = bytes.TrimRight(out, " \t,:")
	for i := len(s.open) - 1; i >= 0; i-- {
		if s.open[i] == '{' {
			out = append(out, '}')
		} else {
			out = append(out, ']')
		}
	}
	return out, true
}

// applyBody reads an error body with errbody and fills what the line did not say. When
// errbody cannot read it, the body's text itself (redacted and clipped) is the message,
// so that rules matching wording still see it.
func applyBody(ev *model.Event, body []byte) {
	if len(body) > 0 && (body[0] == '{' || body[0] == '[') {
		if closed, cut := closeJSON(body); cut {
			body = closed
		}
	}
	info, ok := parseBody(body)
	if !ok {
		// Only what reads as an error: a success body may hold the completion.
		if ev.Message == "" && len(body) > 0 && body[0] != '<' && (ev.Status == 0 || ev.Status >= 400) &&
			(bytes.Contains(body, []byte("rror")) || bytes.Contains(body, []byte("xception"))) {
			ev.Message = clean(string(body[:min(len(body), 4*model.MaxMessage)]))
		}
		return
	}
	if ev.ErrorType == "" {
		ev.ErrorType = info.Type
	}
	if ev.ErrorCode == "" {
		ev.ErrorCode = info.Code
	}
	if info.Shape == "html" {
		if ev.Detail == "" {
			ev.Detail = info.Message
		}
	} else if info.Message != "" {
		ev.Message = info.Message
	}
	if ev.RequestID == "" {
		ev.RequestID = info.RequestID
	}
	if ev.Status == 0 && info.Status >= 100 && info.Status <= 599 {
		ev.Status = info.Status
	}
	if ev.LimitClaim == "" {
		ev.LimitClaim = info.Claim
	}
	if ev.ResetsAt.IsZero() {
		ev.ResetsAt = info.ResetsAt
	}
}

var (
	contStatusRE = regexp.MustCompile(`\b(?:status|httpStatusCode|statusCode|status_code)['"]?\s*[:=]\s*(\d{3})\b`)
	contReqIDRE  = regexp.MustCompile(`\b(?:requestID|requestId|request_id|request-id)['"]?\s*[:=]\s*['"]?(req_[\w-]{6,}|[0-9a-f]{8}-[0-9a-f-]{27})`)
)

// enrich adds what a continuation line (a stack frame, a printed error object's fields, a
// cause) says to the pending event: a transport error, a status field, a request id.
func (p *parser) enrich(l *lineCtx) {
	ev := &p.rec.ev
	if !p.rec.hasEvent {
		return
	}
	netEnrich(ev, l.b)
	if ev.Status == 0 && (bytes.Contains(l.b, []byte("tatus")) || bytes.Contains(l.b, []byte("tatusCode"))) {
		if m := contStatusRE.FindSubmatch(l.b); m != nil {
			if n, _ := strconv.Atoi(string(m[1])); n >= 100 && n <= 599 {
				ev.Status = n
			}
		}
	}
	if ev.RequestID == "" && (bytes.Contains(l.b, []byte("equest")) || bytes.Contains(l.b, []byte("equestI"))) {
		if m := contReqIDRE.FindSubmatch(l.b); m != nil {
			ev.RequestID = clean(string(m[1]))
		}
	}
	if ev.ErrorType == "" && bytes.Contains(l.b, []byte("_error")) {
		// The body a client printed under its exception (the AI SDK's
		// "responseBody: '{\"type\":\"error\",…}'"): the inner error decides.
		if info, ok := errbody.Find(l.b); ok && info.Type != "" {
			applyFind(ev, info)
		}
	}
}

// isStackLine reports a Node or Java stack frame: "at fn (file:1:2)".
func isStackLine(t []byte) bool {
	return bytes.HasPrefix(t, []byte("at ")) && (bytes.IndexByte(t, '(') > 0 || bytes.IndexByte(t, ':') > 0)
}

func indented(b []byte) bool { return len(b) > 0 && (b[0] == ' ' || b[0] == '\t') }
