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

	capture capture      // set while a dialect reads a line with the record reader
	pairs   []logfmtPair // scratch of the logfmt dialect
	// depths holds readRecord's and readText's scratch by depth of records in records;
	// recordDepth is the depth readRecord is at.
	depths      []*depthScratch
	recordDepth int
	lineRetry   bool // the line being matched announced a retry of its own request
	// chain is what becomes of an event once its record ends (chain.go).
	chain chain

	warned    map[string]int
	dialects  []*dialect // the table's dialects read by words (route.go); a field so that dialects may read records
	prefilter *prefilter
	cur       lineCtx     // the line being read; reused
	evScratch model.Event // the event a line is matched into; reused
	httpxURL  lastURL     // the parts of the last URL of an httpx request line

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
		chain:   newChain(sink),
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
	p.chain.release()
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

// emit finishes an event and sends it down the chain (chain.go). While a dialect reads a
// line with the record reader (capture), the finished event is handed back instead.
func (p *parser) emit(ev *model.Event, retry bool) {
	if p.capture.on {
		p.capture.ev, p.capture.ok = p.emitNow(ev, retry), true
		return
	}
	if p.chain.fold(ev, retry) {
		return
	}
	p.chain.release()
	p.finish(ev, retry)
	p.chain.send(ev, retry)
}

// emitNow runs the retry chain and redaction on ev and returns the finished event.
func (p *parser) emitNow(ev *model.Event, retry bool) model.Event {
	p.finish(ev, retry)
	e := *ev
	cleanEvent(&e)
	return e
}

// finish runs the retry chain on ev and fills what the parser knows; redaction is left
// to the copy that is sent (emitNow, chain.send).
func (p *parser) finish(ev *model.Event, retry bool) {
	p.chain.number(ev, retry)
	if ev.Format == "" {
		ev.Format = p.format
	}
	if ev.Host == "" && p.baseHost != "" && ev.NetError != "" && ev.Status == 0 {
		ev.Host = p.baseHost
		ev.Platform = model.PlatformOf(ev.Host)
	}
}

// httpStatus reports whether n can be an HTTP status (100–599), or is 0: none.
func httpStatus(n int) bool { return n == 0 || (n >= 100 && n <= 599) }

// typeStatus is the HTTP status of each error type of Anthropic's API
// (research/anthropic-errors.md).
var typeStatus = map[string]int{
	"invalid_request_error": 400, "authentication_error": 401, "billing_error": 402, "permission_error": 403,
	"not_found_error": 404, "conflict_error": 409, "request_too_large": 413, "rate_limit_error": 429,
	"api_error": 500, "timeout_error": 504, "overloaded_error": 529,
}

// cleanEvent redacts and bounds the free-text fields dialects may have left raw, and drops
// a status that is no HTTP status: three digits after "Error:" or "HTTP/1.1" in a line a
// program wrote are not always one ("Error: 700 {…}"), and no rule or report should read
// 700 as a status.
func cleanEvent(e *model.Event) {
	if !httpStatus(e.Status) {
		e.Status = 0
	}
	e.Exception = clean(e.Exception)
	e.NetError = clean(e.NetError)
	e.RequestID = clean(e.RequestID)
	e.Detail = clean(e.Detail)
	e.Message = clean(e.Message)
}
