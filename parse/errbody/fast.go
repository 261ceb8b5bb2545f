package errbody

import (
	"strings"
	"unicode/utf8"
)

// fastAnthropic reads the one body shape most failed calls carry, Anthropic's envelope
// {"type":"error","error":{"type":"…","message":"…"},"request_id":"…"}, without
// encoding/json: decoding it into maps and interfaces was a third of the allocations of a
// failure-dense log. handled is false for anything else, and for anything this reader is
// not sure of (another key, a duplicate key, an escape, a non-string value, a message
// that holds JSON): parse then decodes it in general. When handled, the result is
// exactly fromJSON's (TestFastAnthropic, FuzzFastAnthropic).
func fastAnthropic(b []byte) (info Info, ok, handled bool) {
	d := fastDec{b: b}
	var typ, reqID, etyp, emsg string
	var hasType, hasReq, hasErr bool
	okObj := d.object(func(key string) bool {
		switch {
		case key == "type" && !hasType:
			hasType = true
			typ, ok = d.str()
			return ok
		case key == "request_id" && !hasReq:
			hasReq = true
			reqID, ok = d.str()
			return ok
		case key == "error" && !hasErr:
			hasErr = true
			var hasET, hasEM bool
			return d.object(func(key string) bool {
				switch {
				case key == "type" && !hasET:
					hasET = true
					etyp, ok = d.str()
					return ok
				case key == "message" && !hasEM:
					hasEM = true
					emsg, ok = d.str()
					return ok
				}
				return false
			})
		}
		return false
	})
	d.ws()
	if !okObj || !hasErr || d.i != len(b) || strings.HasPrefix(strings.TrimSpace(emsg), "{") {
		return Info{}, false, false
	}
	// As fromJSON: an error object with neither code nor param, under a top-level
	// "type":"error" or not.
	info.RequestID, info.Type, info.Message = reqID, etyp, emsg
	info.Shape = "edge"
	if typ == "error" {
		info.Shape = "anthropic"
	}
	info.Message = clean(info.Message)
	info.Type = clean(info.Type)
	info.RequestID = clean(info.RequestID)
	return info, info.Type != "" || info.Message != "", true
}

// fastDec reads the subset of JSON fastAnthropic accepts: objects and plain strings.
type fastDec struct {
	b []byte
	i int
}

func (d *fastDec) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// object reads an object, calling member for each key with the position at its value;
// member reads the value and says whether all went well.
func (d *fastDec) object(member func(key string) bool) bool {
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return false
	}
	d.i++
	for first := true; ; first = false {
		d.ws()
		if d.i >= len(d.b) {
			return false
		}
		if d.b[d.i] == '}' && first {
			d.i++
			return true
		}
		if !first {
			if d.b[d.i] == '}' {
				d.i++
				return true
			}
			if d.b[d.i] != ',' {
				return false
			}
			d.i++
			d.ws()
		}
		key, ok := d.str()
		if !ok {
			return false
		}
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return false
		}
		d.i++
		d.ws()
		if !member(key) {
			return false
		}
	}
}

// str reads a string with no escape, no control character and valid UTF-8: what
// encoding/json would return byte for byte. Anything else is not handled here.
func (d *fastDec) str() (string, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return "", false
	}
	start := d.i + 1
	for j := start; j < len(d.b); j++ {
		c := d.b[j]
		switch {
		case c == '"':
			s := d.b[start:j]
			if !utf8.Valid(s) {
				return "", false
			}
			d.i = j + 1
			return string(s), true
		case c == '\\' || c < 0x20:
			return "", false
		}
	}
	return "", false
}
