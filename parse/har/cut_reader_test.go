package har

import (
	"bytes"
	"io"
	"strconv"
)

// cutReader sits in front of encoding/json in the reference decoder and cuts long strings
// as the scanner does (see cut.go). It is a test tool, not linked into claudelog.

type cutState uint8

const (
	outside cutState = iota
	inString
	inEscape
	inUnicode
)

// shift says that from output offset out on, an input offset is the output offset plus delta.
type shift struct{ out, delta int64 }

type cutReader struct {
	src   io.Reader
	limit int64 // string bytes passed before cutting
	tailN int   // string bytes kept from the end of a cut string

	buf  []byte
	r, w int
	q    int // index in buf of the next '"' at or after r, w when none; stale when < r
	err  error

	pend    []byte // bytes owed to the reader before anything else: marker, tail, quote
	pendOff int

	state    cutState
	hexLeft  int
	strLen   int64 // string bytes (as written, escapes included) seen so far
	cutting  bool
	cutStart int64 // strLen when the cut began
	tail     tailKeeper

	in, out int64   // bytes consumed from src, bytes handed to the reader
	shifts  []shift // pending offset shifts, oldest first
	delta   int64   // shift in force at the last queried offset

	watchFrom int64 // output offset from which to look for the next non-blank byte; -1 when not looking
	found     int64 // where it was found; -1 when not yet
}

// watch asks for the output offset of the first non-blank byte at or after from; see seen.
// The decoder needs it when an entry's opening brace is beyond what it has buffered.
func (c *cutReader) watch(from int64) { c.watchFrom, c.found = from, -1 }

// seen reports the offset found since watch, if any.
func (c *cutReader) seen() (int64, bool) {
	c.watchFrom = -1
	return c.found, c.found >= 0
}

// newCutReader reads src through buf, whose size sets the read size; buf is the
// caller's to reuse once reading is done.
func newCutReader(src io.Reader, limit int64, tailN int, buf []byte) *cutReader {
	return &cutReader{src: src, limit: limit, tailN: tailN, buf: buf, watchFrom: -1, found: -1}
}

// Read hands on the input with long strings cut.
func (c *cutReader) Read(p []byte) (int, error) {
	n := 0
	empty := 0
	for n < len(p) {
		if c.pendOff < len(c.pend) {
			k := copy(p[n:], c.pend[c.pendOff:])
			c.pendOff += k
			n += k
			c.out += int64(k)
			continue
		}
		if c.r == c.w {
			if n > 0 {
				break
			}
			if c.err != nil {
				return 0, c.err
			}
			k, err := c.src.Read(c.buf)
			c.r, c.w, c.q, c.err = 0, k, -1, err
			if k == 0 && err == nil {
				if empty++; empty > 100 {
					return 0, io.ErrNoProgress
				}
			}
			continue
		}
		n += c.step(p[n:])
	}
	return n, nil
}

// step moves some bytes from buf[r:w], writing the ones passed on into dst.
func (c *cutReader) step(dst []byte) int {
	if !c.cutting && c.state == inString && c.strLen >= c.limit {
		if c.buf[c.r]&0xC0 == 0x80 { // finish the UTF-8 sequence before cutting
			c.strLen++
			return c.pass(dst, c.buf[c.r:c.r+1])
		}
		c.cutting, c.cutStart = true, c.strLen
		c.tail.reset(c.tailN)
	}
	if c.cutting {
		c.stepCut()
		return 0
	}
	// Pass bytes through, following the string state, until dst or the window is full or
	// a string reaches the limit.
	m := min(c.w-c.r, len(dst))
	i := 0
loop:
	for i < m {
		p := c.r + i
		switch c.state {
		case outside:
			j := bytes.IndexByte(c.buf[p:c.r+m], '"')
			if j < 0 {
				i = m
				break loop
			}
			i += j + 1
			c.state, c.strLen = inString, 0
		case inString:
			room := c.limit - c.strLen
			if room <= 0 {
				break loop
			}
			n := int(min(int64(m-i), room))
			j := c.special(p, n)
			if j < 0 {
				i += n
				c.strLen += int64(n)
				continue
			}
			i += j + 1
			c.strLen += int64(j) + 1
			if c.buf[p+j] == '"' {
				c.state = outside
			} else {
				c.state = inEscape
			}
		case inEscape:
			if c.buf[p] == 'u' {
				c.state, c.hexLeft = inUnicode, 4
			} else {
				c.state = inString
			}
			c.strLen++
			i++
		case inUnicode:
			if c.hexLeft--; c.hexLeft == 0 {
				c.state = inString
			}
			c.strLen++
			i++
		}
	}
	return c.pass(dst, c.buf[c.r:c.r+i])
}

// stepCut consumes bytes of a string being cut, keeping its tail.
func (c *cutReader) stepCut() {
	b := c.buf[c.r]
	switch c.state {
	case inEscape:
		if b == 'u' {
			c.state, c.hexLeft = inUnicode, 4
		} else {
			c.state = inString
		}
	case inUnicode:
		if c.hexLeft--; c.hexLeft == 0 {
			c.state = inString
		}
	default:
		n := c.w - c.r
		i := c.special(c.r, n)
		if i < 0 {
			i = n
		}
		c.tail.keep(c.buf[c.r : c.r+i])
		c.strLen += int64(i)
		c.consume(i)
		if i == n {
			return
		}
		b = c.buf[c.r]
		if b == '"' {
			c.consume(1)
			c.endCut()
			return
		}
		c.state = inEscape
	}
	c.tail.keepEscape(b)
	c.strLen++
	c.consume(1)
}

// pass copies b (the unread bytes at buf[r:]) into dst.
func (c *cutReader) pass(dst, b []byte) int {
	n := copy(dst, b)
	if c.watchFrom >= 0 && c.out+int64(n) > c.watchFrom {
		for i, v := range dst[max(0, c.watchFrom-c.out):n] {
			if v != ' ' && v != '\t' && v != '\r' && v != '\n' && v != ',' {
				c.found, c.watchFrom = max(c.out, c.watchFrom)+int64(i), -1
				break
			}
		}
	}
	c.consume(n)
	c.out += int64(n)
	return n
}

func (c *cutReader) consume(n int) {
	c.r += n
	c.in += int64(n)
}

// endCut closes a cut string: marker, tail, quote.
func (c *cutReader) endCut() {
	c.state, c.cutting = outside, false
	kept := int64(c.tail.len())
	c.pend = c.pend[:0]
	c.pendOff = 0
	if c.strLen-c.cutStart > kept { // something was dropped: say so and how much there was
		c.pend = append(c.pend, cutMarkEscaped...)
		c.pend = strconv.AppendInt(c.pend, c.strLen, 10)
		c.pend = append(c.pend, `\u0000`...)
	}
	c.pend = append(c.pend, c.tail.b...)
	c.pend = append(c.pend, c.tail.a...)
	c.pend = append(c.pend, '"')
	// The tail and the quote map exactly; only the marker has no counterpart in the input.
	after := c.out + int64(len(c.pend))
	c.shifts = append(c.shifts, shift{out: after - 1 - kept, delta: c.in - after})
}

// inputOffset maps an offset in the output to the input. Offsets must be asked in
// increasing order: shifts behind the asked offset are dropped, so memory stays flat.
func (c *cutReader) inputOffset(out int64) int64 {
	i := 0
	for i < len(c.shifts) && c.shifts[i].out <= out {
		c.delta = c.shifts[i].delta
		i++
	}
	if i > 0 {
		c.shifts = append(c.shifts[:0], c.shifts[i:]...)
	}
	return out + c.delta
}

// special is the index in buf[from:from+n] of the first quote or backslash, or -1. The next
// quote's position is cached, so that a string dense with escapes is still scanned once.
func (c *cutReader) special(from, n int) int {
	if c.q < from {
		if i := bytes.IndexByte(c.buf[from:c.w], '"'); i >= 0 {
			c.q = from + i
		} else {
			c.q = c.w
		}
	}
	end := min(c.q, from+n)
	if i := bytes.IndexByte(c.buf[from:end], '\\'); i >= 0 {
		return i
	}
	if c.q < from+n {
		return c.q - from
	}
	return -1
}
