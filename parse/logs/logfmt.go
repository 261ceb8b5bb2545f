package logs

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/parse/event"
)

// logfmtDialect reads logfmt lines (`time=… level=error status=429 url=https://… msg="…"`)
// as structured records, with the same field names as JSON lines.
var logfmtDialect = &dialect{
	name:     "logfmt",
	keywords: kw("status=", "status_code=", "error=", "err=", "error.type="),
	match: func(p *parser, l *lineCtx, ev *event.Event) outcome {
		pairs := logfmtPairs(l.b, 64)
		if len(pairs) < 3 {
			return noMatch
		}
		f := fieldMap{}
		for _, kv := range pairs {
			v := string(kv[2])
			if len(v) >= 2 && v[0] == '"' {
				if u, err := strconv.Unquote(v); err == nil {
					v = u
				} else {
					v = v[1 : len(v)-1]
				}
			}
			f[strings.ToLower(string(kv[1]))] = v
		}
		var got *event.Event
		sink := p.sink
		p.sink = captureSink{func(e *event.Event) { c := *e; got = &c }, sink}
		p.capturing = true
		p.readRecord(f, l.b, ev.Source, "logfmt")
		p.sink, p.capturing = sink, false
		if got == nil {
			return noMatch // the app's own record: later dialects may still know the line
		}
		*ev = *got
		return emitted
	},
}

// logfmtRE defines a logfmt pair; logfmtPairs does its work and is tested against it.
var logfmtRE = regexp.MustCompile(`(?:^|\s)([A-Za-z_@][\w.@-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)`)

// captureSink takes the event a record reader emits, so that the logfmt dialect can hand it
// back as its match; warnings pass through.
type captureSink struct {
	event func(*event.Event)
	next  event.Sink
}

func (c captureSink) Event(e *event.Event) { c.event(e) }
func (c captureSink) Warn(w event.Warning) { c.next.Warn(w) }

// fieldsDialect reads error structs printed as keyword lists, as Elixir's Logger writes
// them: `[message: "…", status: 400, type: "invalid_request_error", __struct__: …]`.
var fieldsDialect = &dialect{
	name:     "logfmt",
	keywords: kw("status: "),
	match: func(p *parser, l *lineCtx, ev *event.Event) outcome {
		sm := kwStatusRE.FindSubmatch(l.b)
		if sm == nil {
			return noMatch
		}
		tm := kwTypeRE.FindSubmatch(l.b)
		mm := kwMessageRE.FindSubmatch(l.b)
		if tm == nil && mm == nil {
			return noMatch
		}
		ev.Status, _ = strconv.Atoi(string(sm[1]))
		if tm != nil {
			ev.ErrorType = clean(string(tm[1]))
		}
		if mm != nil {
			msg := string(mm[1])
			if u, err := strconv.Unquote(`"` + msg + `"`); err == nil {
				msg = u
			}
			ev.Message = clean(msg)
		}
		if !bytes.Contains(l.b, []byte("_error")) && !mentionsClaude(l.b) && tm == nil {
			return noMatch
		}
		return emitted
	},
}

var (
	kwStatusRE  = regexp.MustCompile(`\bstatus: (\d{3})\b`)
	kwTypeRE    = regexp.MustCompile(`\btype: "(\w+_error|request_too_large|overloaded_error)"`)
	kwMessageRE = regexp.MustCompile(`\bmessage: "((?:[^"\\]|\\.)*)"`)
)
