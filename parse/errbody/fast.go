package errbody

import (
	"strings"
	"unicode/utf8"

	"github.com/claudelog/claudelog/internal/jsonnum"
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
	okObj := d.object(func(k []byte) bool {
		switch {
		case string(k) == "type" && !hasType:
			hasType = true
			typ, ok = d.str()
			return ok
		case string(k) == "request_id" && !hasReq:
			hasReq = true
			reqID, ok = d.str()
			return ok
		case string(k) == "error" && !hasErr:
			hasErr = true
			var hasET, hasEM bool
			return d.object(func(k []byte) bool {
				switch {
				case string(k) == "type" && !hasET:
					hasET = true
					etyp, ok = d.str()
					return ok
				case string(k) == "message" && !hasEM:
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
func (d *fastDec) object(member func(key []byte) bool) bool {
	if !d.open() {
		return false
	}
	for first := true; ; first = false {
		key, end, ok := d.key(first)
		if !ok {
			return false
		}
		if end {
			return true
		}
		if !member(key) {
			return false
		}
	}
}

// open reads the brace that opens an object.
func (d *fastDec) open() bool {
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return false
	}
	d.i++
	return true
}

// key reads the next member's key and colon, leaving the position at its value; end
// reports the object's closing brace instead. first is true for the first member. Without
// a callback, a caller's variables stay on its stack.
func (d *fastDec) key(first bool) (key []byte, end, ok bool) {
	d.ws()
	if d.i >= len(d.b) {
		return nil, false, false
	}
	if d.b[d.i] == '}' {
		d.i++
		return nil, true, true
	}
	if !first {
		if d.b[d.i] != ',' {
			return nil, false, false
		}
		d.i++
		d.ws()
	}
	key, ok = d.strNoCopy()
	if !ok {
		return nil, false, false
	}
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != ':' {
		return nil, false, false
	}
	d.i++
	d.ws()
	return key, false, true
}

// str reads a string with no escape, no control character and valid UTF-8: what
// encoding/json would return byte for byte. Anything else is not handled here.
func (d *fastDec) str() (string, bool) {
	s, ok := d.strNoCopy()
	if !ok {
		return "", false
	}
	return string(s), true
}

// null reads the literal null, reporting whether it was there.
func (d *fastDec) null() bool {
	if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// value skips any JSON value fastDec is sure of: strings as str reads them, numbers,
// literals, and arrays and objects of those up to maxFastDepth deep.
func (d *fastDec) value(depth int) bool {
	if depth >= maxFastDepth || d.i >= len(d.b) {
		return false
	}
	switch c := d.b[d.i]; {
	case c == '"':
		_, ok := d.strNoCopy()
		return ok
	case c == '{':
		d.i++
		for first := true; ; first = false {
			_, end, ok := d.key(first)
			if !ok || end {
				return ok
			}
			if !d.value(depth + 1) {
				return false
			}
		}
	case c == '[':
		d.i++
		d.ws()
		if d.i < len(d.b) && d.b[d.i] == ']' {
			d.i++
			return true
		}
		for {
			d.ws()
			if !d.value(depth + 1) {
				return false
			}
			d.ws()
			if d.i >= len(d.b) {
				return false
			}
			switch d.b[d.i] {
			case ']':
				d.i++
				return true
			case ',':
				d.i++
			default:
				return false
			}
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	return false
}

func (d *fastDec) literal(lit string) bool {
	if len(d.b)-d.i >= len(lit) && string(d.b[d.i:d.i+len(lit)]) == lit {
		d.i += len(lit)
		return true
	}
	return false
}

// number reads a number of JSON's grammar (jsonnum.Len).
func (d *fastDec) number() bool {
	n := jsonnum.Len(d.b[d.i:])
	d.i += n
	return n > 0
}

// strNoCopy is str without making a string: for values that are only skipped, and for
// str itself.
func (d *fastDec) strNoCopy() ([]byte, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, false
	}
	start := d.i + 1
	for j := start; j < len(d.b); j++ {
		c := d.b[j]
		switch {
		case c == '"':
			s := d.b[start:j]
			if !utf8.Valid(s) {
				return nil, false
			}
			d.i = j + 1
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}
