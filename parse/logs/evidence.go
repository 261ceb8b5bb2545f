package logs

import (
	"bytes"

	"github.com/claudelog/claudelog/parse/errbody"
	"github.com/claudelog/claudelog/parse/event"
)

// Evidence records. In an input that is about Claude (anchor.go), a line that no dialect
// reads but that holds a word of failure opens an evidence record: the lines of its
// paragraph (up to a blank line, or a line a dialect reads) are gathered, and when it ends
// errbody.Find reads the whole text for error evidence in any shape (an AWS SDK dump over
// five lines, a JS object literal under a stack, an escaped body inside a JSON log field).
// One record is one event: the request line, the status line, the body and the exception
// that reports them are one call.

// evidenceWords are literals of which a line must hold one to open an evidence record:
// words of a failure, HTTP reason phrases, fragments of edge pages. They are tried only in
// an input that is about Claude.
var evidenceWords = kw("rror", "RROR", "xception", "ailed", "FAILED", "ailure", "enied", "orbidden", "navailable",
	"hrottl", "imeout", "imed out", "tatus", "STATUS", "Not Found", "Bad Request", "nauthorized", "Too Many",
	"Legal Reasons", "Gateway", "<title>", "_cf_chl", "errorcode", "Just a moment", "Enable JavaScript", "cf-ray",
	"CF-RAY", "unavailable", "not available", "limit", "Limit", "quota", "Quota", "QUOTA", "refused", "ECONN",
	"ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "CERTIFICATE", "_error", "xhausted", "XHAUSTED", "verloaded")

// evidenceFilter finds evidenceWords in one pass (built with the dialects' filter).
var evidenceFilter *prefilter

// evidenceMay reports whether a cleaned line may open an evidence record.
func evidenceMay(b []byte) bool { return evidenceFilter.scan(b) != 0 }

// Bounds on an evidence record: a paragraph of a paste, not a whole file.
const (
	maxEvidenceLines = 60
	maxEvidenceBytes = errbody.MaxFind
)

// startEvidence opens an evidence record at line l.
func (p *parser) startEvidence(l *lineCtx) {
	p.rec = record{active: true, hasEvent: true, evid: true, ev: p.newEvent(l, "evidence")}
	p.rec.evText = append(p.evBuf[:0], l.b...)
	p.rec.bodyLines = 1
}

// addEvidence adds a line to the open evidence record.
func (p *parser) addEvidence(l *lineCtx) {
	r := &p.rec
	r.bodyLines++
	if r.bodyLines > maxEvidenceLines || len(r.evText)+1+len(l.b) > maxEvidenceBytes {
		return
	}
	r.evText = append(r.evText, '\n')
	r.evText = append(r.evText, l.b...)
}

// apiClassWords are parts of an exception class that say it reports a failed API call
// ("APICallError", "APIConnectionError", "HttpError"), not a bug of the program.
var apiClassWords = []string{"API", "Api", "Http", "HTTP", "Request", "Status", "Connection", "Timeout",
	"RateLimit", "Auth", "Permission", "Access", "Throttl", "Validation", "Overloaded", "Quota", "Service"}

// finishEvidence reads an evidence record's text into ev; false when it holds no failure
// of a call to Claude.
func (p *parser) finishEvidence(ev *event.Event, text []byte) bool {
	p.evBuf = text[:0] // reuse the buffer for the next record
	if foreign(text) {
		return false
	}
	info, ok := findEvidence(text)
	if ok && foreignProvider(info.Provider) {
		return false
	}
	named := containsAnyFold(text, claudeWords)
	switch {
	case ok && (info.Status >= 400 || info.Type != "" || info.Code != ""):
		applyFind(ev, info)
	case p.anchor == anchorPaste:
		// A client's own exception for a failed call ("APICallError [AI_APICallError]:
		// Thinking may not be enabled …") states no status: its class and message are
		// the evidence. A program's own bug ("ValueError: …") is not.
		first := text
		if i := bytes.IndexByte(first, '\n'); i >= 0 {
			first = first[:i]
		}
		s := string(first)
		var exc [6]int
		m := findExc(&exc, s)
		if m == nil || !containsAny(s[m[2]:m[3]], apiClassWords) {
			return false
		}
		ev.Exception = s[m[2]:m[3]]
		ev.Message = clean(s[m[4]:m[5]])
		if ok {
			applyFind(ev, info)
		}
	default:
		return false
	}
	if ev.Host == "" {
		if u := firstURL(text); u != "" {
			setURL(ev, "", u)
		}
	}
	if bytes.Contains(text, []byte("event: error")) && ev.Status < 400 {
		ev.InStream = true // an SSE error event: the stream had started with a 200
	}
	ev.Unanchored = !named && info.Provider == "" && !ev.Platform.Claude()
	return true
}

// findEvidence is errbody.Find, and Find again on the JSON value of the text closed where
// the input cut it off (a paste that ends inside the error object).
func findEvidence(text []byte) (errbody.Info, bool) {
	info, ok := errbody.Find(text)
	if ok {
		return info, true
	}
	i := bytes.IndexByte(text, '{')
	if i < 0 {
		return info, false
	}
	if closed, cut := closeJSON(text[i:]); cut {
		return errbody.Find(closed)
	}
	return info, false
}

// foreignProvider reports a provider that is not Claude's: its error is not a failed call
// to Claude, even in an input about Claude.
func foreignProvider(p string) bool {
	switch p {
	case "", "anthropic", "bedrock", "vertex", "cloudflare", "aws", "google":
		return false
	}
	return true
}

// applyFind puts what errbody.Find read into ev. The innermost error decides: a type,
// message or status Find read from Anthropic's, Bedrock's or Vertex's error object beats
// a wrapper's class or a proxy's status already on the event.
func applyFind(ev *event.Event, info errbody.Info) {
	inner := info.Provider == "anthropic" || info.Provider == "bedrock" || info.Provider == "vertex" ||
		typeStatus[info.Type] != 0
	if info.Type != "" && (ev.ErrorType == "" || inner) {
		ev.ErrorType = info.Type
	}
	if info.Code != "" && (ev.ErrorCode == "" || inner) {
		ev.ErrorCode = info.Code
	}
	if info.Message != "" && (ev.Message == "" || inner) {
		ev.Message = info.Message
	}
	if ev.RequestID == "" {
		ev.RequestID = info.RequestID
	}
	switch {
	case info.Status >= 100 && info.Status <= 599 && (ev.Status == 0 || inner):
		ev.Status = info.Status
	case ev.Status == 0 && typeStatus[info.Type] != 0:
		ev.Status = typeStatus[info.Type]
	}
	if ev.LimitClaim == "" {
		ev.LimitClaim, ev.ResetsAt = info.Claim, info.ResetsAt
	}
	if ev.Platform == "" {
		switch info.Provider {
		case "bedrock":
			ev.Platform = event.PlatformBedrock
		case "vertex":
			ev.Platform = event.PlatformVertex
		}
	}
}

// firstURL returns the first http(s) URL in text, or "".
func firstURL(text []byte) string {
	i := bytes.Index(text, []byte("https://"))
	if i < 0 {
		if i = bytes.Index(text, []byte("http://")); i < 0 {
			return ""
		}
	}
	end := bytes.IndexAny(text[i:], " \t\n'\"`,)]}>")
	if end < 0 {
		end = len(text) - i
	}
	return string(text[i : i+end])
}
