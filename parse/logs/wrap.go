package logs

import (
	"bytes"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
)

// Records that survive the terminal. A terminal breaks a long line where the screen ends:
// "… A maximum" / "of 100 PDF pages …", or "… failed w" / "ith status 451 …". Read apart,
// the first piece reads as a worse failure (a generic 400) and the second as another call.
// In a short paste (anchorPaste) the parser joins such pieces again before any dialect
// sees them, when:
//   - the piece is as long as the paste's longest line (the terminal's width: every piece
//     of a hard-wrapped line but the last is that long) and the break falls inside a word
//     or next to a space; or
//   - a string inside a JSON value or a repr opened on the line does not close on it.
//
// A long log is never joined: the block scanner judges each line alone, and a log file
// is written by a program, not copied from a screen.

// Bounds on one joined line.
const (
	maxJoinPieces = 40
	maxJoinBytes  = maxLine
)

// minWrapWidth is the narrowest terminal taken for one: a shorter longest line is a paste
// of short lines.
const minWrapWidth = 40

// joiner holds the pieces of a line being joined.
type joiner struct {
	open   bool
	buf    []byte
	num    int
	off    int64
	length int64
	pieces int
	last   []byte // the last piece, within buf
}

// wrapJoin takes a sanitized line of a paste and holds it while the next may continue
// it; dispatch is called with every line ready to be read, joined or not, in order.
func (p *parser) wrapJoin(raw []byte, num int, off, length int64, dispatch func(b []byte, num int, off, length int64)) {
	j := &p.join
	if j.open {
		if p.continues(j.last, raw) && j.pieces < maxJoinPieces && len(j.buf)+len(raw)+1 <= maxJoinBytes {
			if !p.hardPiece(j.last) {
				j.buf = append(j.buf, ' ')
			}
			start := len(j.buf)
			j.buf = append(j.buf, raw...)
			j.last = j.buf[start:]
			j.pieces++
			j.length += int64(len(raw)) + 1
			if !p.opens(j.buf, j.last) {
				p.flushJoin(dispatch)
			}
			return
		}
		p.flushJoin(dispatch)
	}
	if p.opens(raw, raw) {
		j.open = true
		j.buf = append(j.buf[:0], raw...)
		j.last = j.buf
		j.num, j.off, j.length, j.pieces = num, off, length, 1
		return
	}
	dispatch(raw, num, off, length)
}

// flushJoin dispatches the line being joined, if any.
func (p *parser) flushJoin(dispatch func(b []byte, num int, off, length int64)) {
	j := &p.join
	if !j.open {
		return
	}
	j.open = false
	dispatch(j.buf, j.num, j.off, j.length)
}

// hardPiece reports whether a piece is as wide as the paste's terminal.
func (p *parser) hardPiece(piece []byte) bool {
	return p.wrapWidth >= minWrapWidth && len(piece) >= p.wrapWidth && utf8.RuneCount(piece) == p.wrapWidth
}

// hardWrapped reports whether the paste shows a terminal's width: at least two lines as
// long as its longest. One longest line alone is just the longest line.
func (p *parser) hardWrapped() bool { return p.wrapLines >= 2 }

// opens reports whether the line so far (whole, ending in the piece last) may continue on
// the next line.
func (p *parser) opens(whole, last []byte) bool {
	if p.hardWrapped() && p.hardPiece(last) {
		return true
	}
	return stringOpen(whole)
}

// continues reports whether next continues the piece before it. A full-width piece
// continues unless the next line starts a record of its own: a date or a clock, the
// first four bytes of the line being joined, or a capital after the end of a sentence.
func (p *parser) continues(prev, next []byte) bool {
	if len(next) == 0 {
		return false
	}
	if isBlank(next) {
		// A run of spaces the terminal broke: a full piece that ends in spaces, and spaces.
		return p.hardWrapped() && p.hardPiece(prev) && prev[len(prev)-1] == ' '
	}
	if !p.hardWrapped() || !p.hardPiece(prev) {
		return true // an open string: its next line is the rest of it
	}
	if p.join.open && inString(p.join.buf, 0) {
		return true // inside a string a date is the string's
	}
	a, b := prev[len(prev)-1], next[0]
	if startsStamp(next) || (p.join.open && len(next) >= 4 && bytes.HasPrefix(p.join.buf, next[:4])) {
		return false // a record of its own, or one that starts as this one did
	}
	return !((a == '.' || a == ':' || a == '!' || a == '?') && b >= 'A' && b <= 'Z')
}

// startsStamp reports whether a line starts with a date ("2026-11-20") or a clock
// ("10:00:01"), as a log record does.
func startsStamp(b []byte) bool {
	if len(b) > 0 && (b[0] == '[' || b[0] == '(') {
		b = b[1:]
	}
	digits := 0
	for digits < len(b) && digits < 5 && b[digits] >= '0' && b[digits] <= '9' {
		digits++
	}
	return (digits == 4 && len(b) > 4 && (b[4] == '-' || b[4] == '/')) || (digits == 2 && len(b) > 2 && b[2] == ':')
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if !asciiSpace[c] {
			return false
		}
	}
	return true
}

// firstLogical returns the first line of a paste's head, joined with the pieces a
// terminal broke off it: what detect must judge, before any line is read.
func firstLogical(head []byte) []byte {
	width, lines := maxRunes(head)
	p := &parser{anchor: anchorPaste, wrapWidth: width, wrapLines: lines}
	var first []byte
	done := false
	dispatch := func(b []byte, _ int, _, _ int64) {
		if !done {
			first, done = b, true
		}
	}
	for len(head) > 0 && !done {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		p.wrapJoin(trimEOL(line), 0, 0, 0, dispatch)
	}
	p.flushJoin(dispatch)
	return first
}

// stringOpen reports whether a string inside a JSON value or a repr opened in b is still
// open at its end: a printer never breaks a line inside a string, a terminal does. A value
// printed over lines between its tokens is read by the records that expect it (a body
// after "API Error: 529 {", a JSON block, a stack's object); a line that starts with the
// value is left to the JSON block reader.
func stringOpen(b []byte) bool {
	i := 0
	for i < len(b) && asciiSpace[b[i]] {
		i++
	}
	if i < len(b) && (b[i] == '{' || b[i] == '[') {
		return false
	}
	return inString(b, i)
}

// inString reports whether b, read from b[i], ends inside a string of a value.
func inString(b []byte, i int) bool {
	depth := 0
	var quote byte
	for k := i; k < len(b); k++ {
		c := b[k]
		if quote != 0 {
			switch c {
			case '\\':
				k++
			case quote:
				quote = 0
			}
			continue
		}
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			if depth > 0 {
				depth--
			}
		case '"', '\'':
			if depth > 0 {
				quote = c
			}
		}
	}
	return quote != 0
}

// proseContinues reports whether a line continues an event's message that a terminal
// wrapped at a word: the message stops mid-sentence (a letter or a comma) and the line
// goes on in lower case, and is not a key=value record.
func proseContinues(msg string, line []byte) bool {
	if msg == "" || len(line) == 0 || line[0] < 'a' || line[0] > 'z' || len(msg) >= model.MaxMessage {
		return false
	}
	c := msg[len(msg)-1]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == ',') {
		return false
	}
	word := line
	if i := bytes.IndexByte(line, ' '); i >= 0 {
		word = line[:i]
	}
	return bytes.IndexByte(word, '=') < 0
}
