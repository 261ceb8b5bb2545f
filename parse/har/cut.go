package har

import (
	"bytes"
	"strconv"
	"strings"
)

// A JSON decoder holds a whole string token in memory, and encoding/json holds it about three
// times over, so one entry with a 200 MB body would need 600 MB. The scanner (scan.go) cuts
// every JSON string longer than maxString as it reads; cutReader (cut_reader_test.go, a test
// tool) does the same in front of encoding/json for the reference decoder: it passes the first
// maxString bytes, drops the middle and passes the last keepTail bytes, with a marker between
// them that records the original length. The output stays valid JSON: cuts happen only
// between characters, never inside an escape sequence (\uXXXX included) or a UTF-8 sequence.
// The tail is kept because an event stream reports its error and its end at the very end.

const (
	maxString = 1 << 20  // string bytes passed through before a cut
	keepTail  = 64 << 10 // string bytes kept from the end of a cut string (up to twice this)
)

// The marker between head and tail, as written into the JSON text and as decoded.
const (
	cutMarkEscaped = `\u0000claudelog-cut:`
	cutMarkDecoded = "\x00claudelog-cut:"
)

// tailKeeper keeps the end of a string being cut. It is shared by cutReader and the
// scanner, so that both cut a string at the same places.
type tailKeeper struct {
	n int    // bytes to keep at least
	a []byte // the newest part of the cut string's end; starts between characters
	b []byte // the part before a; also starts between characters
}

func (t *tailKeeper) reset(n int) { t.n, t.a, t.b = n, t.a[:0], t.b[:0] }

// keep adds plain string bytes to the tail. When a is full it becomes b and a new a
// starts, but only on a character boundary, so that b+a always starts between characters
// and holds at least the last n bytes.
func (t *tailKeeper) keep(b []byte) {
	for len(b) > 0 {
		room := t.n - len(t.a)
		if room <= 0 {
			if b[0]&0xC0 == 0x80 {
				room = 1
			} else {
				t.a, t.b = t.b[:0], t.a
				room = t.n
			}
		}
		k := min(room, len(b))
		t.a = append(t.a, b[:k]...)
		b = b[k:]
	}
}

// keepEscape adds one byte of an escape sequence: kept as is, never a place to start a new
// tail.
func (t *tailKeeper) keepEscape(b byte) { t.a = append(t.a, b) }

// len is the number of bytes kept.
func (t *tailKeeper) len() int { return len(t.a) + len(t.b) }

// splitCut takes a decoded string apart when the cutReader cut it: the head, the kept tail,
// and the length of the whole string as written. ok is false for a string that was not cut.
func splitCut(s string) (head, tail string, total int64, ok bool) {
	i := strings.Index(s, cutMarkDecoded)
	if i < 0 {
		return s, "", 0, false
	}
	rest := s[i+len(cutMarkDecoded):]
	j := strings.IndexByte(rest, 0)
	if j < 0 {
		return s, "", 0, false
	}
	n, err := strconv.ParseInt(rest[:j], 10, 64)
	if err != nil {
		return s, "", 0, false
	}
	return s[:i], rest[j+1:], n, true
}

// splitCutBytes is splitCut on bytes; head and tail share s's memory.
func splitCutBytes(s []byte) (head, tail []byte, total int64, ok bool) {
	i := bytes.Index(s, []byte(cutMarkDecoded))
	if i < 0 {
		return s, nil, 0, false
	}
	rest := s[i+len(cutMarkDecoded):]
	j := bytes.IndexByte(rest, 0)
	if j < 0 {
		return s, nil, 0, false
	}
	n, err := strconv.ParseInt(string(rest[:j]), 10, 64)
	if err != nil {
		return s, nil, 0, false
	}
	return s[:i], rest[j+1:], n, true
}

// stripCut replaces the marker of a cut string with "…", for strings read as text.
func stripCut(s string) string {
	head, tail, _, ok := splitCut(s)
	if !ok {
		return s
	}
	return head + "…" + tail
}

// parseCutLen reads the length after the escaped marker ("1234\u0000...").
func parseCutLen(b []byte) (int64, bool) {
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 || !strings.HasPrefix(string(b[i:min(i+6, len(b))]), `\u0000`) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b[:i]), 10, 64)
	return n, err == nil
}
