package logs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/errbody"
)

// Bounds on a JSON value spread over lines: larger is not an error body or a log record.
const (
	maxBlockBytes = 1 << 20
	maxBlockLines = 20000
)

// jsonBlock gathers a JSON value (or Python dict repr) that starts at the beginning of a
// line and may span lines: a pretty-printed error body, an array of bodies, one JSON-lines
// record. The lines are kept so that a block that turns out not to be JSON (a JavaScript
// object printed by console.log) is read again as text.
type jsonBlock struct {
	buf   []byte
	lines []savedLine
	scan  jsonScan
}

type savedLine struct {
	b    []byte
	num  int
	off  int64
	time time.Time
}

// This is the row of the routing table of a JSON value (or Python dict repr)
// that starts a line: it opens on "{" or "[" followed by a value and goes on until the value
// closes. The objects it decodes are offered to the dialects that read objects (ccrecord.go)
// before they are read as log records or error bodies.
var _ = register(&dialect{
	name:   "json-block",
	rank:   10,
	firsts: "{[",
	starts: startsBlock,
	// A block replayed as text is not a block again.
	noReplay: true,
	open: func(p *parser, l *lineCtx) {
		p.flush()
		p.beginBlock(l)
	},
	isOpen: func(p *parser) bool { return p.block != nil },
	feed:   (*parser).feedBlock,
	// A one-line JSON record without a word of Claude or of a failure is skipped by
	// beginBlock; anything else opens a block.
	idle: func(sc *scanner, t []byte, _ uint64) bool {
		sc.json = jsonScan{open: sc.json.open[:0]}
		return sc.json.feed(t) != len(t) || recordFilter.scan(t) != 0
	},
})

// startsBlock reports a line that opens a JSON value: "{…" or "[" followed by a value. A
// log prefix such as "[INFO]" or "[2026-11-20 …]" does not.
func startsBlock(t []byte) bool {
	if len(t) == 0 {
		return false
	}
	if t[0] == '{' {
		return true
	}
	if t[0] != '[' {
		return false
	}
	r := bytes.TrimLeft(t[1:], " \t")
	return len(r) == 0 || r[0] == '{' || r[0] == '[' || r[0] == '"'
}

func (p *parser) beginBlock(l *lineCtx) {
	t := bytes.TrimSpace(l.b)
	var s jsonScan
	if end := s.feed(t); end == len(t) {
		// One value on one line, the common case (JSON lines): read it in place.
		if p.format == model.FormatLog && recordFilter.scan(t) == 0 {
			return // a record of the app's own, with no word of Claude or of a failure
		}
		bl := jsonBlock{buf: t, lines: []savedLine{{b: l.b, num: l.num, off: l.off, time: l.time}}}
		if !p.readBlock(&bl) {
			p.replay = true
			p.line(l)
			p.replay = false
		}
		return
	}
	p.block = &jsonBlock{}
	p.feedBlock(l)
}

// feedBlock adds a line to the block and reports whether it belonged to it.
func (p *parser) feedBlock(l *lineCtx) bool {
	bl := p.block
	t := bytes.TrimSpace(l.b)
	if len(bl.lines) > 0 && !continuesJSON(t) {
		p.endBlock(true)
		return false
	}
	bl.lines = append(bl.lines, savedLine{b: append([]byte(nil), l.b...), num: l.num, off: l.off, time: l.time})
	start := len(bl.buf)
	if start > 0 {
		bl.buf = append(bl.buf, '\n')
		start++
	}
	bl.buf = append(bl.buf, t...)
	if end := bl.scan.feed(bl.buf[start:]); end >= 0 {
		bl.buf = bl.buf[:start+end]
		p.endBlock(false)
		return true
	}
	if len(bl.buf) > maxBlockBytes || len(bl.lines) > maxBlockLines {
		p.warn("block", model.Source{Path: p.path, Line: bl.lines[0].num, Offset: bl.lines[0].off},
			"a JSON value starting here is larger than 1 MiB or unclosed; read as text")
		p.endBlock(true)
	}
	return true
}

// continuesJSON reports whether a line can be part of a pretty-printed JSON value or repr.
func continuesJSON(t []byte) bool {
	if len(t) == 0 {
		return true
	}
	switch c := t[0]; {
	case c == '"' || c == '\'' || c == '{' || c == '}' || c == '[' || c == ']' || c == '-' || isDigit(c) || c == ',':
		return true
	}
	for _, w := range []string{"true", "false", "null", "None", "True", "False"} {
		if bytes.HasPrefix(t, []byte(w)) {
			return true
		}
	}
	return false
}

// endBlock reads the gathered block; a block that is no JSON value (or is cut, when
// broken) is read again line by line as text.
func (p *parser) endBlock(broken bool) {
	bl := p.block
	p.block = nil
	if !broken && p.readBlock(bl) {
		return
	}
	if broken {
		// A value cut short (a pasted line that ends mid-string, a line longer than the
		// kept head) is completed and read if it then parses.
		if closed, ok := closeJSON(bl.buf); ok && json.Valid(closed) {
			bl.buf = closed
			if p.readBlock(bl) {
				return
			}
		}
	}
	if p.format == model.FormatJSON && len(bl.lines) > 0 {
		// The input looked like JSON error bodies: say where it stopped being JSON rather
		// than quietly reading it as text.
		first := bl.lines[0]
		off := first.off
		var se *json.SyntaxError
		if err := json.Unmarshal(bl.buf, new(any)); errors.As(err, &se) {
			off += se.Offset
		}
		p.warn("bad-json", model.Source{Path: p.path, Line: first.num, Offset: off},
			fmt.Sprintf("not valid JSON near byte %d; read as text", off))
	}
	p.replay = true
	for _, sl := range bl.lines {
		p.line(&lineCtx{b: sl.b, num: sl.num, off: sl.off, time: sl.time})
	}
	p.replay = false
}

// readBlock reads a complete block as error bodies or log records.
func (p *parser) readBlock(bl *jsonBlock) bool {
	data := bl.buf
	first := bl.lines[0]
	src := model.Source{Path: p.path, Line: first.num, Offset: first.off}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		if bytes.IndexByte(data, '\'') < 0 {
			return false
		}
		// A Python dict repr, as the SDK prints a body: errbody reads it.
		info, ok := errbody.Parse(data)
		if !ok {
			return false
		}
		p.flush()
		ev := p.blockEvent(src)
		fillInfo(&ev, info)
		p.emit(&ev, false)
		return true
	}
	p.flush()
	switch x := v.(type) {
	case map[string]any:
		p.readObject(x, data, src)
	case []any:
		for i, el := range x {
			s := src
			s.Entry = i + 1
			switch e := el.(type) {
			case map[string]any:
				raw, _ := json.Marshal(e)
				p.readObject(e, raw, s)
			case string:
				p.readString(e, s, "json-body")
			}
		}
	default:
		return false
	}
	return true
}

func (p *parser) blockEvent(src model.Source) model.Event {
	return model.Event{Source: src, Format: p.format, Time: p.lastTime, Dialect: "json-body"}
}

// readObject reads one JSON object: a structured log record, or an error body.
func (p *parser) readObject(m map[string]any, raw []byte, src model.Source) {
	for _, d := range objects {
		if d.object(p, m, src) {
			return
		}
	}
	if _, errText := m["error"].(string); isLogRecord(m) || errText {
		p.readRecord(fields(m), raw, src, "json-lines")
		return
	}
	if len(raw) > errbody.MaxBody/4 {
		// errbody reads a bounded head; a body made big by one long string is shrunk to
		// what a message can hold, so that it still parses whole.
		raw, _ = json.Marshal(clipStrings(m, 0))
	}
	info, ok := errbody.Parse(raw)
	if !ok {
		return
	}
	if info.Type == "" {
		// The inner object without its envelope ({"type":"not_found_error",…}), or an
		// error escaped inside a field: Find reads it at any depth.
		if fi, ok := errbody.Find(raw); ok && fi.Type != "" {
			info = fi
		}
	}
	ev := p.blockEvent(src)
	fillInfo(&ev, info)
	p.emit(&ev, false)
}

// clipStrings returns a copy of v with long strings cut and deep nesting dropped.
func clipStrings(v any, depth int) any {
	switch x := v.(type) {
	case string:
		return model.Clip(x, 4*model.MaxMessage)
	case map[string]any:
		if depth > 8 {
			return nil
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = clipStrings(e, depth+1)
		}
		return out
	case []any:
		if depth > 8 {
			return nil
		}
		out := make([]any, 0, min(len(x), 16))
		for _, e := range x[:min(len(x), 16)] {
			out = append(out, clipStrings(e, depth+1))
		}
		return out
	}
	return v
}

// fillInfo copies what errbody read into an event.
func fillInfo(ev *model.Event, info errbody.Info) {
	ev.ErrorType, ev.ErrorCode, ev.RequestID = info.Type, info.Code, info.RequestID
	if info.Shape == "html" {
		ev.Detail = info.Message
	} else {
		ev.Message = info.Message
	}
	if info.Status >= 100 && info.Status <= 599 {
		ev.Status = info.Status
	}
	ev.LimitClaim, ev.ResetsAt = info.Claim, info.ResetsAt
}

// jsonBodyDialect reads an error body embedded in any other line:
// "Error: ('post request failed with status code: 400', {'type': 'error', …})",
// "request failed: status=429 body={"type":"error",…}". The status counts only when the
// line says it in an HTTP context (a status word or the body right after the number).
var jsonBodyDialect = register(&dialect{
	name: "json-body",
	rank: 1400,
	keywords: kw(`"type":"error"`, `"type": "error"`, `'type': 'error'`, `"error":{"type"`, `"error": {"type"`,
		`'error': {'type'`, `"error":{"code"`, `"error": {"code"`, `'error': {'code'`),
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		b := l.b
		start := -1
		for _, k := range [][]byte{[]byte(`"type":"error"`), []byte(`"type": "error"`), []byte(`'type': 'error'`),
			[]byte(`"error":`), []byte(`'error':`)} {
			if i := bytes.Index(b, k); i >= 0 {
				if j := bytes.LastIndexByte(b[:i], '{'); j >= 0 && (start < 0 || j < start) {
					start = j
				}
			}
		}
		if start < 0 {
			return noMatch
		}
		if m := bodyStatusRE.FindSubmatch(b[:start]); m != nil {
			ev.Status, _ = strconv.Atoi(string(m[1]))
		} else if m := bodyNumRE.FindSubmatch(b[:start]); m != nil {
			ev.Status, _ = strconv.Atoi(string(m[1]))
		}
		p.setBody(ev, b[start:])
		if ev.ErrorType == "" && ev.Message == "" && p.pendingBody == nil {
			return noMatch
		}
		return emitted
	},
})

var (
	bodyStatusRE = regexp.MustCompile(`(?i)(?:status(?:[ _]code)?|http)\s*[:=]?\s*(\d{3})\b[^{]*$`)
	bodyNumRE    = regexp.MustCompile(`(?:^|[\s:])([45]\d{2})\s*[-:]?\s*$`)
)
