package sanitize

import (
	"bytes"
	"encoding/json"
	"strings"
)

// sseFilter rewrites a text/event-stream body event by event. The framing stays (event
// names, ids, blank lines), so that a reader can still tell a stream that began and never
// ended; error and message_limit events stay whole, redacted; every other payload keeps
// its structure and only the strings that say how the stream went (type, stop_reason,
// model, ids). Text deltas, thinking, tool input and completions go.
type sseFilter struct {
	rw   *rewriter
	out  func([]byte)
	line []byte
	over bool     // the current line outgrew maxHeld: the rest of it is dropped
	ev   [][]byte // lines of the current event, with their line ends
	size int
	cr   bool // the last byte written was a CR that ended a line
}

func (f *sseFilter) write(b []byte) {
	for len(b) > 0 {
		if f.cr {
			// A line ended with CR; a LF right after it belongs to the same line end.
			f.cr = false
			if b[0] == '\n' {
				f.add(b[:1])
				b = b[1:]
			}
			f.endLine()
			continue
		}
		// Event streams may end lines with CR LF, LF or a lone CR (the WHATWG grammar):
		// a stream written with CR only is still split into its events.
		i := bytes.IndexAny(b, "\r\n")
		part := b
		if i >= 0 {
			part = b[:i+1]
		}
		b = b[len(part):]
		f.add(part)
		if i >= 0 {
			if part[i] == '\r' {
				f.cr = true
				continue
			}
			f.endLine()
		}
	}
}

// add appends part to the current line, unless the line outgrew maxHeld.
func (f *sseFilter) add(part []byte) {
	if f.over {
		return
	}
	if len(f.line)+len(part) > maxHeld {
		f.over = true
		return
	}
	f.line = append(f.line, part...)
}

func (f *sseFilter) endLine() {
	line := f.line
	over := f.over
	f.line, f.over = nil, false
	if over {
		return // a line longer than maxHeld is content, not framing: dropped
	}
	if len(bytes.TrimRight(line, "\r\n")) == 0 {
		f.dispatch()
		f.out(line)
		return
	}
	if f.size+len(line) <= maxHeld {
		f.ev = append(f.ev, line)
		f.size += len(line)
	}
}

func (f *sseFilter) close() {
	if f.cr {
		f.cr = false
		f.endLine()
	}
	if len(f.line) > 0 && !f.over {
		f.ev = append(f.ev, f.line)
	}
	f.line = nil
	f.dispatch()
}

// dispatch writes the current event, rewritten.
func (f *sseFilter) dispatch() {
	if len(f.ev) == 0 {
		return
	}
	var name string
	var data []string
	end := "\n"
	for _, l := range f.ev {
		field, value, _ := strings.Cut(strings.TrimRight(string(l), "\r\n"), ":")
		if len(field) > 64 {
			continue
		}
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "event":
			name = strings.TrimSpace(value)
		case "data":
			data = append(data, value)
			end = string(l[len(bytes.TrimRight(l, "\r\n")):])
		}
	}
	payload := strings.Join(data, "\n")
	typ := name
	if typ == "" || typ == "message" {
		var head struct {
			Type string `json:"type"`
		}
		if json.Unmarshal([]byte(payload), &head) == nil {
			typ = head.Type
		}
	}
	keep := typ == "error" || typ == "message_limit"
	wroteData := false
	for _, l := range f.ev {
		s := string(l)
		field, _, _ := strings.Cut(strings.TrimRight(s, "\r\n"), ":")
		switch field {
		case "event", "id", "retry", "":
			if len(s) > 256 {
				continue // framing is short; a long line is content
			}
			f.out([]byte(textOf(s)))
		case "data":
			if wroteData {
				continue
			}
			wroteData = true
			f.out([]byte("data: " + f.payload(payload, keep) + end))
		}
	}
	f.ev, f.size = f.ev[:0], 0
}

// payload rewrites one event's data.
func (f *sseFilter) payload(p string, keep bool) string {
	if keep {
		return f.rw.body(p, "", false)
	}
	if out, ok := f.rw.json(p, place{role: rStreamData}); ok {
		return out
	}
	if strings.TrimSpace(p) == "[DONE]" {
		return p
	}
	return ""
}
