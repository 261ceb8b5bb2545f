package logs

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
)

// logfmtDialect reads logfmt lines (`time=… level=error status=429 url=https://… msg="…"`)
// as structured records, with the same field names as JSON lines.
var logfmtDialect = register(&dialect{
	name:     "logfmt",
	rank:     1300,
	keywords: kw("status=", "status_code=", "error=", "err=", "error.type="),
	idle:     logfmtIdle,
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		// The pairs are read before readRecord, which may come back here for a message
		// that is itself a logfmt line: the scratch is free again by then.
		pairs := appendLogfmtPairs(p.pairs[:0], l.b, 64)
		p.pairs = pairs[:0]
		if len(pairs) < 3 {
			return noMatch
		}
		var f fieldMap
		logfmtFields(&f, l.str(), pairs)
		// The record reader emits its event (if any) into p.capture; the logfmt dialect
		// hands it back as its match. A record's message may itself be a logfmt line, so
		// the capture of the caller is kept and put back.
		outer := p.capture
		p.capture = capture{on: true}
		p.readRecord(&f, l.b, ev.Source, "logfmt")
		got := &p.capture
		if !got.ok {
			p.capture = outer
			return noMatch // the app's own record: later dialects may still know the line
		}
		*ev = got.ev
		p.capture = outer
		return emitted
	},
})

// logfmtIdle is the logfmt dialect's idle test: a record emits only when it is about a
// call to Claude (its words, a Claude path) or its message or error is a line another
// dialect reads. When the line has no keyword of another dialect, no Claude word, no
// Claude path, and no escape or percent sign that could make one in a value, a record
// emits nothing. Reading it would still set the last time to the record's own time
// field, so the line is left out only when that is the line's own time (or it has none).
func logfmtIdle(sc *scanner, b []byte, mask uint64) bool {
	if mask != logfmtBit || mentionsClaude(b) || bytes.IndexByte(b, '\\') >= 0 || bytes.IndexByte(b, '%') >= 0 {
		return true
	}
	for _, path := range claudePaths {
		if bytes.Contains(b, []byte(path)) {
			return true
		}
	}
	sc.pairs = appendLogfmtPairs(sc.pairs[:0], b, 64)
	if len(sc.pairs) < 3 {
		return false // not a record: match returns before reading it
	}
	var f fieldMap
	logfmtFields(&f, string(b), sc.pairs)
	rt, ok, fromRef := recordTime(&f, sc.loc, leapYear)
	if fromRef {
		return true // dated from the time before: cannot be told from here
	}
	if !ok {
		return false
	}
	lt, lineKnown := sc.lineTimeOf(sc.stamp, sc.clean)
	return !lineKnown || lt != rt
}

// logfmtFields fills f with the values of the pairs that readRecord reads: substrings of
// line, the string of the bytes the pairs were found in (one conversion for the line,
// none per value), unquoted.
func logfmtFields(f *fieldMap, line string, pairs []logfmtPair) {
	for _, kv := range pairs {
		id, ok := recordKeyOf(kv.key)
		if !ok {
			continue // a field readRecord never reads
		}
		v := line[kv.at : kv.at+len(kv.value)]
		if len(v) >= 2 && v[0] == '"' {
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			} else {
				v = v[1 : len(v)-1]
			}
		}
		f.setString(id, v)
	}
}

// logfmtBit is the logfmt dialect's bit in a prefilter mask, set with the prefilter.
var logfmtBit uint64

// recordKeyOf looks up a logfmt key, lower-cased as fields does it, without allocating.
func recordKeyOf(key []byte) (recordKey, bool) {
	var low [64]byte
	if len(key) > len(low) {
		id, ok := recordKeyIDs[strings.ToLower(string(key))]
		return id, ok
	}
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	id, ok := recordKeyIDs[string(low[:len(key)])]
	return id, ok
}

// logfmtRE defines a logfmt pair; appendLogfmtPairs does its work and is tested against it.
var logfmtRE = regexp.MustCompile(`(?:^|\s)([A-Za-z_@][\w.@-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)`)

// capture takes the event the record reader emits while a dialect reads a line with it
// (logfmt): that event is not final yet, so it is neither held nor merged nor sent.
type capture struct {
	on bool        // the record reader's events go to ev
	ok bool        // ev holds one
	ev model.Event // the last one emitted
}

// This row reads error structs printed as keyword lists, as Elixir's Logger writes
// them: `[message: "…", status: 400, type: "invalid_request_error", __struct__: …]`.
var _ = register(&dialect{
	name:     "logfmt",
	rank:     1200,
	keywords: kw("status: "),
	idle:     func(_ *scanner, b []byte, _ uint64) bool { return kwStatusMay(b) },
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		if !kwStatusMay(l.b) {
			return noMatch // "took 529 ms; status: ok"
		}
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
})

// kwStatusMay reports whether b holds what kwStatusRE needs: "status: " starting a word
// and three digits that end one.
func kwStatusMay(b []byte) bool {
	for from := 0; ; {
		k := bytes.Index(b[from:], []byte("status: "))
		if k < 0 {
			return false
		}
		k += from
		d := k + len("status: ")
		if (k == 0 || !isWordByte(b[k-1])) && d+3 <= len(b) && isDigit(b[d]) && isDigit(b[d+1]) && isDigit(b[d+2]) &&
			(d+3 == len(b) || !isWordByte(b[d+3])) {
			return true
		}
		from = k + 1
	}
}

var (
	kwStatusRE  = regexp.MustCompile(`\bstatus: (\d{3})\b`)
	kwTypeRE    = regexp.MustCompile(`\btype: "(\w+_error|request_too_large|overloaded_error)"`)
	kwMessageRE = regexp.MustCompile(`\bmessage: "((?:[^"\\]|\\.)*)"`)
)
