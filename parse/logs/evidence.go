package logs

import (
	"bytes"
	"strings"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/errbody"
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

// evidenceNamed are the words that open an evidence record in a long log that names
// Claude: fewer than in a paste, as every line that holds one is read by the consumer
// ("status", "limit", "errors", "overloaded" and "Exception" fill a CI log's test names
// and lint summaries). They are a group of namedFilter, which finds them
// and the dialects' keywords in one pass, so that the scanner pays one pass per line.
var evidenceNamed = kw("Too Many Requests", "Service Unavailable", "Bad Gateway", "Gateway Time", "Forbidden",
	"Unauthorized", "Legal Reasons", "_cf_chl", "errorcode_", "Just a moment", "httpStatus", "statusCode",
	"status code", "Status Code", "status_code", "ThrottlingException", "AccessDenied", "ValidationException",
	"RESOURCE_EXHAUSTED")

var (
	// evidenceFilter finds evidenceWords in one pass (built with the dialects' filter).
	evidenceFilter *prefilter
	// namedFilter is the dialects' filter with evidenceNamed as one more group, at
	// evidenceBit: the keyword pass of a log that names Claude.
	namedFilter *prefilter
	evidenceBit uint64
)

// This is the evidence record's row of the routing table: it continues over
// the lines of its paragraph. It opens on no words or shape of its own: a line no other row
// took opens one when opensEvidence says so.
var _ = register(&dialect{
	name:   "evidence",
	rank:   50,
	isOpen: func(p *parser) bool { return p.rec.evid },
	feed:   (*parser).feedEvidence,
})

// opensEvidence reports whether a cleaned line that no dialect read opens an evidence
// record, in an input anchored at level (anchor.go): in a paste, a word of failure; in a
// long log that names Claude, a word of evidenceNamed (found with the dialects' keywords,
// at evidenceBit of mask) on a line that names no one else; elsewhere none. The line
// reader and the block scanner both ask it.
func opensEvidence(level anchorLevel, b []byte, mask uint64) bool {
	switch level {
	case anchorPaste:
		return evidenceMay(b)
	case anchorNamed:
		return mask&evidenceBit != 0 && !foreign(b)
	}
	return false
}

// closes reports whether a trimmed line closes a value opened above it ("}", "]);").
func closes(t []byte) bool { return len(t) > 0 && (t[0] == '}' || t[0] == ']' || t[0] == ')') }

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

// feedEvidence routes a line while an evidence record is open: a blank line is left to end
// it; a line a dialect reads ends the record and starts its own; a line that opens a shape
// (a traceback, a curl exchange, a JSON value) ends it; any other line of the paragraph
// belongs to it.
func (p *parser) feedEvidence(l *lineCtx) bool {
	trimmed := bytes.TrimSpace(l.b)
	if len(trimmed) == 0 {
		return false
	}
	if shapeOf(trimmed, p.replay) != nil ||
		p.rec.bodyLines >= maxEvidenceLines || (p.anchor != anchorPaste && !indented(l.b) && !closes(trimmed)) {
		// In a long log, a record is its line and the lines indented under it: a log
		// has no paragraphs, and its next line is the next record.
		p.flush()
		return false
	}
	mask := l.mask
	if mask == 0 {
		mask = p.prefilter.scan(l.b)
	}
	if p.matchLine(l, mask) {
		return true
	}
	p.addEvidence(l)
	return true
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
func (p *parser) finishEvidence(ev *model.Event, text []byte) bool {
	p.evBuf = text[:0] // reuse the buffer for the next record
	if foreign(text) {
		return false
	}
	info, ok := findEvidence(text)
	if ok && foreignProvider(info.Provider) {
		return false
	}
	named := fold.ContainsAny(text, claudeWords)
	switch {
	case ok && (info.Status >= 400 || info.Type != "" || info.Code != "" || info.InStream ||
		(info.Message != "" && (claudeProvider(info.Provider) || p.anchor == anchorPaste))):
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
		if u := callURL(text); u != "" {
			setURL(ev, "", u)
		}
	}
	ev.Unanchored = !named && info.Provider == "" && !ev.Platform.Claude()
	if ev.Unanchored && ev.ErrorType == "" && ev.ErrorCode == "" && ev.Message == "" && ev.Exception == "" &&
		!bareStatusSays(ev.Status) {
		// "Request failed with status code 400" from a line that names no one: a 400,
		// 403 or 404 without its body says nothing of a cause.
		return false
	}
	if p.chain.reportsLastFail(ev) {
		return false
	}
	return true
}

// bareStatusSays reports whether a status alone names a cause: a 429, a 413, a 401, a
// server or gateway error. A bare 400, 403 or 404 needs its body.
func bareStatusSays(status int) bool {
	return status == 401 || status == 413 || status == 429 || status >= 500
}

// bareEvidence reports an evidence event that states a status and no error type or code
// ("Faraday::TooManyRequestsError: the server responded with status 429"): the body that
// says why may follow on the next lines, and is the same call (bodyOfHeld).
func bareEvidence(e *model.Event, retry bool) bool {
	return !retry && e.Dialect == "evidence" && e.Status >= 400 && e.ErrorType == "" && e.ErrorCode == ""
}

// mergeInner merges the inner error src into dst: its type, code and message replace the
// wrapper's; what only dst knows stays.
func mergeInner(dst, src *model.Event) {
	if src.ErrorType != "" {
		dst.ErrorType = src.ErrorType
	}
	if src.ErrorCode != "" {
		dst.ErrorCode = src.ErrorCode
	}
	if src.Message != "" {
		dst.Message = src.Message
	}
	if src.Status != 0 {
		dst.Status = src.Status
	}
	mergeEvent(dst, src)
	dst.Unanchored = dst.Unanchored && src.Unanchored
}

// innermost reads a record's raw text with errbody.Find when the dialect found no error
// type in it: an Anthropic error escaped inside a log field ("non 200 response: 404 Not
// Found\nBody:\n{\"type\":\"error\",…}"), a bytes repr inside a wrapper's message. Only a
// failed record pays for it.
func innermost(ev *model.Event, raw []byte) {
	if ev.ErrorType != "" || !(ev.Failed() || ev.Message != "") {
		return
	}
	if info, ok := errbody.Find(raw); ok && (info.Type != "" || info.Status >= 400 || info.Code != "") {
		applyFind(ev, info)
	}
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

// claudeProvider reports a provider that serves Claude.
func claudeProvider(p string) bool { return p == "anthropic" || p == "bedrock" || p == "vertex" }

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
func applyFind(ev *model.Event, info errbody.Info) {
	inner := claudeProvider(info.Provider) || typeStatus[info.Type] != 0
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
	if info.InStream && ev.Status < 400 {
		ev.InStream = true // an SSE error event: the stream had started with a 200
	}
	if ev.Platform == "" {
		switch info.Provider {
		case "bedrock":
			ev.Platform = model.PlatformBedrock
		case "vertex":
			ev.Platform = model.PlatformVertex
		}
	}
}

// callURL returns the URL of the call a text reports: the first http(s) URL of Claude's
// hosts or with an API path ("/v1/…", "/messages"), or "". Other URLs are docs links or
// namespaces ("x-amzn-ErrorType: …:http://internal.amazon.com/coral/…").
func callURL(text []byte) string {
	for rest := text; ; {
		i := bytes.Index(rest, []byte("http"))
		if i < 0 {
			return ""
		}
		rest = rest[i:]
		if !bytes.HasPrefix(rest, []byte("https://")) && !bytes.HasPrefix(rest, []byte("http://")) {
			rest = rest[4:]
			continue
		}
		end := bytes.IndexAny(rest, " \t\n'\"`,)]}>")
		if end < 0 {
			end = len(rest)
		}
		u := string(rest[:end])
		rest = rest[end:]
		if parts := urlPartsOf(u); parts.ok && (parts.platform.Claude() || claudePath(parts.path) ||
			strings.Contains(parts.path, "/v1/") || strings.Contains(parts.path, "/messages")) {
			return u
		}
	}
}
