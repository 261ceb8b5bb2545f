// Package logs reads every input that is not a HAR: text logs of any length (SDK tracebacks,
// httpx and curl -v traces, Claude Code's terminal, LiteLLM and LangChain wrappers, Bedrock
// and Vertex clients, network failures), JSON-lines and logfmt application logs, and raw API
// error bodies (one object, an array, JSON lines, a Python dict repr). The format is detected
// by content. Every string put into an Event is redacted at birth.
//
// A log is read as records, not lines: a traceback and its final exception, a request line
// and its status line, an "API Error: 529" and the JSON body printed under it are one event.
// Each dialect is one row of a routing table (dialect.go, route.go), registered from its own
// file: its literal keywords and matcher, or the shape of the line that opens its record,
// how the record continues, and its idle test. The line reader and the block scanner
// (fast.go) both route by that table; a line reaches a dialect's regular expressions only
// when one of its keywords occurs in it.
package logs

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
)

// Options steer how an input is read.
type Options struct {
	// Location reads timestamps that carry no zone; nil means UTC.
	Location *time.Location
	// Format forces model.FormatLog or model.FormatJSON (--input-format); "" detects.
	Format model.Format
}

// maxWarnings bounds the warnings of one kind per input: the first few name the places,
// one more says how many followed.
const maxWarnings = 10

// Read reads one non-HAR input stream and sends its events and warnings to sink. path
// names the input in sources ("-" for standard input). It returns the format it read the
// input as: model.FormatJSON for error bodies, model.FormatLog for everything else. The
// error is a read error of r; bad content is a warning, never an error.
func Read(r io.Reader, path string, opts Options, sink model.Sink) (model.Format, error) {
	p := newParser(r, path, opts, sink)
	p.run()
	return p.format, p.lr.Err()
}

// lineCtx is one cleaned line and where it was.
type lineCtx struct {
	b    []byte // the line after CI prefixes, ANSI codes and line ends are stripped
	num  int
	off  int64
	s    string
	sOK  bool
	time time.Time // the line's own timestamp; zero when it has none
	// mask is prefilter.scan(b) when the block scanner found it, else 0.
	mask uint64
}

// str returns the line as a string, converted once.
func (l *lineCtx) str() string {
	if !l.sOK {
		l.s, l.sOK = string(l.b), true
	}
	return l.s
}

// parser holds the state of one input.
type parser struct {
	lr     *lineReader
	sink   model.Sink
	path   string
	loc    *time.Location
	format model.Format
	forced bool
	// lineByLine turns off the block scanner (fast.go): the reference the tests compare
	// it with.
	lineByLine bool

	scratch  []byte
	lastTime time.Time
	rec      record
	block    *jsonBlock
	replay   bool // re-reading lines of a block that was not JSON after all
	// pendingBody is the unfinished head of a body ("API Error: 529 {…" cut by the line
	// end) that a matcher found; begin opens the record's body with it.
	pendingBody []byte

	held    heldEvent    // a failed attempt's status line, sent when the next event is known
	capture capture      // set while a dialect reads a line with the record reader
	pairs   []logfmtPair // scratch of the logfmt dialect
	// out is the event being sent: the sink takes a pointer, and a local event would be
	// moved to the heap for every event.
	out model.Event
	// depths holds readRecord's and readText's scratch by depth of records in records;
	// recordDepth is the depth readRecord is at.
	depths      []*depthScratch
	recordDepth int
	nextAttempt int  // the attempt number a retry announcement promised to the next event
	lineRetry   bool // the line being matched announced a retry of its own request
	lastAttempt int  // the attempt number of the last event emitted
	lastFail    lastFail
	seen        map[model.Platform]bool

	warned    map[string]int
	dialects  []*dialect // the package's list; a field so that dialects may read records
	prefilter *prefilter
	cur       lineCtx     // the line being read; reused
	evScratch model.Event // the event a line is matched into; reused

	// anchor says how far the input is about Claude (anchor.go), decided from its head.
	anchor anchorLevel
	// baseHost is the host of an ANTHROPIC_BASE_URL setting in the head, or "": where a
	// transport failure that names no host was headed.
	baseHost string
	// wrapWidth is a paste's longest line in runes: its terminal's width, if it wrapped.
	wrapWidth int
	wrapLines int    // how many of its lines are that long
	join      joiner // a paste's line being joined with the pieces the terminal broke off
	evBuf     []byte // the text of the last evidence record, reused
}

func newParser(r io.Reader, path string, opts Options, sink model.Sink) *parser {
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	p := &parser{lr: newLineReader(r), sink: sink, path: path, loc: loc, warned: map[string]int{},
		seen:    map[model.Platform]bool{},
		scratch: make([]byte, 0, 1024), dialects: dialects, prefilter: dialectPrefilter()}
	if opts.Format == model.FormatJSON || opts.Format == model.FormatLog {
		p.format, p.forced = opts.Format, true
	}
	return p
}

func (p *parser) run() {
	if !p.forced {
		p.format = p.detect()
	}
	p.decideAnchor()
	if p.format == model.FormatLog {
		if p.anchor == anchorNamed {
			p.prefilter = namedFilter // the dialects' keywords and evidenceNamed, in one pass
		}
	}
	if p.format == model.FormatLog && !p.lineByLine {
		p.runBlocks()
	} else {
		for {
			raw, cut, ok := p.lr.Next()
			if !ok {
				break
			}
			p.handle(raw, cut, p.lr.num, p.lr.off, p.lr.Length, 0)
		}
	}
	p.flushJoin(p.dispatch)
	if p.block != nil {
		p.endBlock(true)
	}
	p.flush()
	p.release()
	if err := p.lr.Err(); err != nil {
		p.sink.Warn(model.InputWarning{Source: model.Source{Path: p.path, Line: p.lr.num, Offset: p.lr.next},
			Msg: redact.Text("read stopped: " + err.Error())})
	}
	for kind, n := range p.warned {
		if n > maxWarnings {
			p.sink.Warn(model.InputWarning{Source: model.Source{Path: p.path},
				Msg: fmt.Sprintf("%d more %s warnings not shown", n-maxWarnings, strings.ReplaceAll(kind, "-", " "))})
		}
	}
}

// handle reads one line of the input: raw is the line without its line end, cut whether
// it was cut to the reader's buffer, num and off where it was, length its full length,
// mask the line's keyword groups when the block scanner found them (0: scan it here).
func (p *parser) handle(raw []byte, cut bool, num int, off, length int64, mask uint64) {
	if cut {
		p.warn("long-line", model.Source{Path: p.path, Line: num, Offset: off},
			fmt.Sprintf("line %d at byte %d is %d bytes long; read its first %d KiB", num, off, length, maxLine>>10))
	}
	raw = p.sanitize(raw, num, off)
	if p.anchor == anchorPaste {
		// Every line of a paste is read (the scanner marks them all), so the pieces of a
		// line the terminal broke may be joined first (wrap.go).
		p.wrapJoin(raw, num, off, length, p.dispatch)
		return
	}
	p.read(raw, num, off, mask)
}

// dispatch reads a paste's line, joined or not.
func (p *parser) dispatch(raw []byte, num int, off, _ int64) {
	p.read(raw, num, off, 0)
}

// read reads one sanitized line.
func (p *parser) read(raw []byte, num int, off int64, mask uint64) {
	b, stamp := cleanLine(p.scratch[:0], raw)
	p.cur = lineCtx{b: b, num: num, off: off, mask: mask}
	l := &p.cur
	l.time = p.lineTime(b, stamp)
	if !l.time.IsZero() {
		p.lastTime = l.time
	}
	p.line(l)
}

// lineTime is the timestamp of a cleaned line: the runner's stamp, else one near its start.
func (p *parser) lineTime(b, stamp []byte) time.Time {
	t, _ := p.lineTimeRef(b, stamp)
	return t
}

// lineTimeRef is lineTime, and whether the time was dated from the last time (a clock or a
// syslog stamp).
func (p *parser) lineTimeRef(b, stamp []byte) (time.Time, bool) {
	if len(stamp) > 0 {
		if t, ok := parseDateTime(stamp, p.loc); ok {
			return t, false
		}
	}
	t, _, fromRef := scanTime(b, p.loc, p.lastTime)
	return t, fromRef
}

// detect peeks at the head of the input: a JSON value or a Python dict repr that is not a
// structured log record is an error body; anything else is a log.
func (p *parser) detect() model.Format {
	head, _ := p.lr.r.Peek(4096)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	if !startsBlock(bytes.TrimSpace(first)) {
		return model.FormatLog
	}
	if all, err := p.lr.r.Peek(p.lr.r.Size()); err == io.EOF && bytes.Count(all, []byte{'\n'}) < pasteLines {
		// A paste: its first line may be a record a terminal broke (wrap.go).
		all = bytes.TrimLeft(bytes.TrimPrefix(all, []byte("\xef\xbb\xbf")), " \t\r\n")
		first = firstLogical(all)
	}
	for _, k := range logKeys {
		if bytes.Contains(first, []byte(`"`+k+`"`)) {
			return model.FormatLog
		}
	}
	return model.FormatJSON
}

// logKeys are field names that mark a structured log record rather than an error body.
var logKeys = []string{"level", "lvl", "severity", "msg", "ts", "time", "timestamp", "@timestamp",
	"status", "status_code", "statusCode", "http.status_code", "duration_ms", "logger", "url", "method"}

// sanitize warns about NUL bytes and invalid UTF-8 and returns a clean copy of the line.
func (p *parser) sanitize(b []byte, num int, off int64) []byte {
	nul := bytes.IndexByte(b, 0)
	if nul < 0 && utf8.Valid(b) {
		return b
	}
	pos := nul
	if pos < 0 {
		pos = invalidAt(b)
	}
	p.warn("binary", model.Source{Path: p.path, Line: num, Offset: off + int64(pos)},
		fmt.Sprintf("binary data (NUL or invalid UTF-8) in line %d at byte %d; read around it", num, off+int64(pos)))
	out := bytes.ToValidUTF8(b, []byte("\uFFFD"))
	return bytes.ReplaceAll(out, []byte{0}, nil)
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// warn sends a warning, at most maxWarnings of each kind.
func (p *parser) warn(kind string, src model.Source, msg string) {
	p.warned[kind]++
	if p.warned[kind] <= maxWarnings {
		p.sink.Warn(model.InputWarning{Source: src, Msg: redact.Text(msg)})
	}
}

// newEvent starts an event at line l.
func (p *parser) newEvent(l *lineCtx, dialectName string) model.Event {
	return model.Event{
		Source:  model.Source{Path: p.path, Line: l.num, Offset: l.off},
		Format:  p.format,
		Time:    p.lastTime,
		Dialect: dialectName,
	}
}

// recordWords are what a JSON-lines record must contain to be worth decoding in a log: a
// word of Claude's stack or of a failure. The others are the app's own chatter.
var (
	recordWords = kw("anthropic", "Anthropic", "claude", "Claude", "bedrock", "aiplatform", "litellm", "/v1/messages", "/v1/complete",
		"rror", "xception", "RESOURCE_EXHAUSTED", "hit your", "limit reached", "timed out", "aborted")
	recordFilter *prefilter
)

// begin makes ev the pending record; lines that continue it (a stack trace, the rest of a
// body) are added before it is emitted.
func (p *parser) begin(ev model.Event) {
	p.rec = record{active: true, hasEvent: true, ev: ev, retry: p.lineRetry}
	if p.pendingBody != nil {
		p.rec.openBody(p.pendingBody)
		p.pendingBody = nil
	}
	p.lineRetry = false
}

// flush emits the pending record, if it holds an event, and clears it.
func (p *parser) flush() {
	rec := &p.rec
	if rec.curl && !claudeCall(&rec.ev) {
		rec.hasEvent = false // curl to another service
	}
	if rec.evid && rec.hasEvent && !p.finishEvidence(&rec.ev, rec.evText) {
		rec.hasEvent = false
	}
	if rec.active && rec.hasEvent {
		if len(rec.body) > 0 {
			applyBody(&rec.ev, rec.body)
		}
		if rec.ev.Status < 400 && !rec.ev.InStream && strings.Contains(rec.ev.Message, "event: error") {
			// A wrapper quoting the SSE error event it could not parse ("Original
			// response: event: error"): the error arrived inside a started stream.
			rec.ev.InStream = true
		}
		p.emit(&rec.ev, rec.retry)
	}
	p.rec = record{}
}

// emit finishes an event and sends it: the retry chain, redaction of what dialects left raw.
// An SDK's final exception that is the outcome of the status line just emitted is folded
// into that line's event (see outcomeOfHeld): one call, one event.
func (p *parser) emit(ev *model.Event, retry bool) {
	if p.capture.on {
		p.capture.ev, p.capture.ok = p.emitNow(ev, retry), true
		return
	}
	if p.held.ok && p.bodyOfHeld(ev, retry) {
		// The body under an exception line that stated only a status: the inner error
		// decides.
		e := *ev
		cleanEvent(&e)
		mergeInner(&p.held.ev, &e)
		p.release()
		return
	}
	if p.held.ok && p.outcomeOfHeld(ev, retry) {
		e := *ev
		cleanEvent(&e)
		mergeEvent(&p.held.ev, &e)
		p.release()
		return
	}
	p.release()
	p.out = p.emitNow(ev, retry)
	if statusLine(&p.out, retry) || bareEvidence(&p.out, retry) {
		p.held = heldEvent{ok: true, ev: p.out}
		return
	}
	p.sink.Event(&p.out)
}

// emitNow runs the retry chain and redaction on ev and returns the finished event.
func (p *parser) emitNow(ev *model.Event, retry bool) model.Event {
	if ev.Attempt == 0 && p.nextAttempt > 0 {
		ev.Attempt = p.nextAttempt
	}
	if ev.Attempt == 0 && retry {
		ev.Attempt = 1 // it announced a retry, so a chain of attempts starts here
	}
	p.lastAttempt = ev.Attempt
	if ev.Failed() {
		p.lastFail = lastFail{ok: true, line: ev.Source.Line, status: ev.Status, host: ev.Host, path: ev.Path}
	}
	if ev.Platform != "" {
		p.seen[ev.Platform] = true
	}
	p.nextAttempt = 0
	if retry {
		p.nextAttempt = max(ev.Attempt, 1) + 1
	}
	if ev.Format == "" {
		ev.Format = p.format
	}
	if ev.Host == "" && p.baseHost != "" && ev.NetError != "" && ev.Status == 0 {
		ev.Host = p.baseHost
		ev.Platform = model.PlatformOf(ev.Host)
	}
	e := *ev
	cleanEvent(&e)
	return e
}

// typeStatus is the HTTP status of each error type of Anthropic's API
// (research/anthropic-errors.md).
var typeStatus = map[string]int{
	"invalid_request_error": 400, "authentication_error": 401, "billing_error": 402, "permission_error": 403,
	"not_found_error": 404, "conflict_error": 409, "request_too_large": 413, "rate_limit_error": 429,
	"api_error": 500, "timeout_error": 504, "overloaded_error": 529,
}

// cleanEvent redacts and bounds the free-text fields dialects may have left raw.
func cleanEvent(e *model.Event) {
	e.Exception = clean(e.Exception)
	e.NetError = clean(e.NetError)
	e.RequestID = clean(e.RequestID)
	e.Detail = clean(e.Detail)
	e.Message = clean(e.Message)
}

// heldEvent is a failed request's status line, kept back until the next event shows
// whether an exception follows that is the same call's outcome.
type heldEvent struct {
	ok bool
	ev model.Event
}

// release sends the held event, if any.
func (p *parser) release() {
	if p.held.ok {
		p.out = p.held.ev
		p.held = heldEvent{}
		p.sink.Event(&p.out)
	}
}

// Bounds on how far an SDK's final exception may follow the status line of its last
// attempt: it is raised as soon as the error body is read, so a few lines (a log line
// and a traceback's start) and a short time.
const (
	outcomeMaxLines = 25
	outcomeMaxDelay = 10 * time.Second
)

// statusLine reports an event that an SDK's request log printed for a failed attempt
// (httpx's "HTTP Request: … 429" under the Python SDK, the TypeScript SDK's "failed with
// status 529 … no more retries left"): a method or path and a status, no exception, and
// no retry announced. The SDK raises its exception after the last attempt, so one may
// follow. An application's own records (JSON lines, logfmt) are not held: whether the
// exception under one is the same call is the application's business.
func statusLine(e *model.Event, retry bool) bool {
	return !retry && e.Status >= 400 && e.Exception == "" && !e.NoResponse && (e.Method != "" || e.Path != "") &&
		(e.Dialect == "python-sdk" || e.Dialect == "typescript-sdk")
}

// outcomeOfHeld reports whether ev, an event about to be emitted, is the exception the SDK
// raised for the held status line: an exception with the same status, close after it, with
// no event and no retry announcement in between (a Retrying line means a new attempt,
// hence a new request), and no endpoint or request id that says it is another call.
// Concurrent workers that each fail keep their own status lines: only an exception merges,
// and only into the one status line right before it.
func (p *parser) outcomeOfHeld(ev *model.Event, retry bool) bool {
	h := &p.held.ev
	if retry || p.nextAttempt != 0 || ev.Exception == "" || ev.Source.Path != h.Source.Path {
		return false
	}
	// A wrapper's exception (LiteLLM's "litellm.RateLimitError: AnthropicException - {…}")
	// often states no status, only the body's error type: that type's status must be the
	// status line's.
	if ev.Status != h.Status && (ev.Status != 0 || ev.NoResponse || typeStatus[ev.ErrorType] != h.Status) {
		return false
	}
	if d := ev.Source.Line - h.Source.Line; d < 0 || d > outcomeMaxLines {
		return false
	}
	if !ev.Time.IsZero() && !h.Time.IsZero() {
		if d := ev.Time.Sub(h.Time); d < 0 || d > outcomeMaxDelay {
			return false
		}
	}
	differ := func(a, b string) bool { return a != "" && b != "" && a != b }
	return !differ(ev.Host, h.Host) && !differ(ev.Path, h.Path) && !differ(ev.Method, h.Method) &&
		!differ(clean(ev.RequestID), h.RequestID)
}
