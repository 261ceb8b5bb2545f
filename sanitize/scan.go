package sanitize

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/claudelog/claudelog/internal/jsonnum"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
)

// Limits that bound memory. A string longer than maxHeld is never held whole: it goes
// through a streaming processor (removed, hashed-by-marker or redacted in chunks).
const (
	maxHeld     = 1 << 20 // string bytes held to transform a value whole
	maxKey      = 64 << 10
	maxDepth    = 512
	maxEntryBuf = 4 << 20 // output of one entry held back until the entry is complete
)

// rewriter is one sanitize run: a recursive-descent JSON scanner that writes as it reads.
type rewriter struct {
	path  string
	warn  func(model.InputWarning)
	in    *bufio.Reader
	off   int64 // bytes consumed from in
	base  int64 // bytes before in: byte-order mark, JSONP prefix
	jsonp bool

	out *bufio.Writer
	// The output of the entry being read is held in entryBuf until the entry is complete,
	// so that an entry the input breaks off in can be dropped, as parse/har drops it. An
	// entry whose output outgrows maxEntryBuf is committed (written) early.
	entryBuf  bytes.Buffer
	buffering bool
	// pend holds a separator (a comma and the blanks after it) until the next token, so
	// that an input cut after a comma still closes as valid JSON.
	pend []byte
	werr error

	entriesAt int64 // offset of log.entries; -1 until seen
	entry     entryState
	stats     Stats

	// The header or parameter object being read: its name, once its name member was read.
	curName         string
	nameSeen        bool
	blind           string // a value read before its name, hashed; remembered if the name is secret
	noteContentType bool   // the value being read is the response's content-type

	dec, raw []byte // the string being read: decoded and as written, while held
	scratch  []byte

	secrets *secretSet        // every value hashed so far, for the second pass (see echo.go)
	bodies  map[[2]uint64]int // removed request bodies by hash and size → their number (see bodyNumber)
}

// writeError carries a failure of the output through the scanner's error returns.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }

func (rw *rewriter) pos() int64 { return rw.base + rw.off }

// ---- input ----

func (rw *rewriter) peek() (byte, error) {
	b, err := rw.in.Peek(1)
	if err != nil {
		if err == io.EOF {
			return 0, io.ErrUnexpectedEOF
		}
		return 0, err
	}
	return b[0], nil
}

func (rw *rewriter) readByte() (byte, error) {
	b, err := rw.in.ReadByte()
	if err != nil {
		if err == io.EOF {
			return 0, io.ErrUnexpectedEOF
		}
		return 0, err
	}
	rw.off++
	return b, nil
}

func (rw *rewriter) discard(n int) {
	k, _ := rw.in.Discard(n)
	rw.off += int64(k)
}

// ---- output ----

func (rw *rewriter) write(p []byte) {
	if rw.werr != nil {
		return
	}
	if rw.buffering {
		rw.entryBuf.Write(p)
		if rw.entryBuf.Len() > maxEntryBuf {
			rw.commitEntry()
		}
		return
	}
	if _, err := rw.out.Write(p); err != nil {
		rw.werr = err
	}
}

// emit writes a token, after any pending separator.
func (rw *rewriter) emit(p []byte) {
	if len(rw.pend) > 0 {
		rw.write(rw.pend)
		rw.pend = rw.pend[:0]
	}
	rw.write(p)
}

func (rw *rewriter) emitString(s string) { rw.emit([]byte(s)) }
func (rw *rewriter) emitByte(c byte)     { rw.emit([]byte{c}) }

// blank copies whitespace: into the pending separator when one is open.
func (rw *rewriter) blank(c byte) {
	if len(rw.pend) > 0 {
		rw.pend = append(rw.pend, c)
		return
	}
	rw.write([]byte{c})
}

// abort forgets a pending separator: the input broke before the next token.
func (rw *rewriter) abort() { rw.pend = rw.pend[:0] }

func (rw *rewriter) commitEntry() {
	rw.buffering = false
	if rw.werr == nil {
		if _, err := rw.out.Write(rw.entryBuf.Bytes()); err != nil {
			rw.werr = err
		}
	}
	rw.entryBuf.Reset()
}

func (rw *rewriter) check() error {
	if rw.werr != nil {
		return &writeError{rw.werr}
	}
	return nil
}

// ---- JSON ----

var errSyntax = errors.New("syntax error")

func (rw *rewriter) syntax(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errSyntax, fmt.Sprintf(format, a...))
}

// blanks copies whitespace up to the next token and returns that token's first byte.
func (rw *rewriter) blanks() (byte, error) {
	for {
		c, err := rw.peek()
		if err != nil {
			return 0, err
		}
		if !isSpace(c) {
			return c, nil
		}
		rw.discard(1)
		rw.blank(c)
	}
}

// value rewrites one JSON value at pl. started reports whether anything of it was
// written, so that a caller cut off after a key can write null instead.
func (rw *rewriter) value(pl place, depth int) (started bool, err error) {
	if err := rw.check(); err != nil {
		return false, err
	}
	c, err := rw.blanks()
	if err != nil {
		return false, err
	}
	if depth > maxDepth && (c == '{' || c == '[') {
		// Too deep to follow: the value is read over and written as null, so that the
		// entries after it are still written (analyze reads them too).
		if err := rw.skipValue(); err != nil {
			return false, err
		}
		rw.warnAt(rw.pos(), fmt.Sprintf("a value nested deeper than %d levels was replaced by null", maxDepth))
		rw.emitString("null")
		return true, nil
	}
	switch {
	case c == '{':
		rw.discard(1)
		rw.emitByte('{')
		return true, rw.object(pl, depth+1)
	case c == '[':
		rw.discard(1)
		rw.emitByte('[')
		return true, rw.array(pl, depth+1)
	case c == '"':
		rw.discard(1)
		return true, rw.str(pl)
	case c == 't' || c == 'f' || c == 'n':
		return rw.literal()
	case c == '-' || c >= '0' && c <= '9':
		return rw.number(pl)
	}
	return false, rw.syntax("unexpected %q", c)
}

func (rw *rewriter) object(pl place, depth int) error {
	switch pl.role {
	case rEntry:
		rw.entry = entryState{status: -1}
	case rReqHeader, rRespHeader, rParam, rFormParam:
		if pl.key == "" { // a header or parameter object, not an object-valued value
			rw.curName, rw.nameSeen, rw.noteContentType, rw.blind = "", false, false, ""
		}
	}
	first := true
	for {
		c, err := rw.blanks()
		if err != nil {
			return rw.closeWith('}', err)
		}
		if c == '}' {
			rw.discard(1)
			rw.emitByte('}')
			return nil
		}
		if !first {
			if c != ',' {
				return rw.closeWith('}', rw.syntax("want , or } in an object, got %q", c))
			}
			rw.discard(1)
			rw.pend = append(rw.pend, ',')
			if c, err = rw.blanks(); err != nil {
				return rw.closeWith('}', err)
			}
		}
		if c != '"' {
			return rw.closeWith('}', rw.syntax("want an object key, got %q", c))
		}
		rw.discard(1)
		key, raw, err := rw.readKey()
		if err != nil {
			return rw.closeWith('}', err)
		}
		if k := textOf(key); k != key || !utf8.Valid(raw) {
			rw.emit(appendQuoted(rw.scratch[:0], k))
		} else {
			rw.emitByte('"')
			rw.write(raw)
			rw.write([]byte{'"'})
		}
		if c, err = rw.blanks(); err != nil || c != ':' {
			if err == nil {
				err = rw.syntax("want : after an object key, got %q", c)
			}
			rw.abort()
			rw.emitString(":null")
			return rw.closeWith('}', err)
		}
		rw.discard(1)
		rw.emitByte(':')
		started, err := rw.value(rw.child(pl, key), depth)
		if err != nil {
			rw.abort()
			if !started {
				rw.emitString("null")
			}
			return rw.closeWith('}', err)
		}
		first = false
	}
}

// closeWith closes a container the input broke off in and passes the error up.
func (rw *rewriter) closeWith(closer byte, err error) error {
	rw.abort()
	rw.emitByte(closer)
	return err
}

func (rw *rewriter) array(pl place, depth int) error {
	entries := pl.role == rEntries
	if entries && rw.entriesAt < 0 {
		rw.entriesAt = rw.pos()
	}
	elem := rw.child(pl, "")
	first := true
	for {
		if entries {
			rw.buffering = true // the separator and blanks before an entry belong to it
		}
		c, err := rw.blanks()
		if err != nil {
			return rw.closeArray(entries, err)
		}
		if c == ']' {
			if entries {
				rw.commitEntry()
			}
			rw.discard(1)
			rw.emitByte(']')
			return nil
		}
		if !first {
			if c != ',' {
				return rw.closeArray(entries, rw.syntax("want , or ] in an array, got %q", c))
			}
			rw.discard(1)
			rw.pend = append(rw.pend, ',')
		}
		started, err := rw.value(elem, depth)
		if err != nil {
			if !entries && started {
				// The element closed itself; nothing more to drop.
				return rw.closeArray(false, err)
			}
			return rw.closeArray(entries, err)
		}
		if entries {
			rw.commitEntry()
			rw.stats.Entries++
		}
		first = false
	}
}

// closeArray closes an array the input broke off in. In log.entries the entry being read
// is dropped unless it was already committed.
func (rw *rewriter) closeArray(entries bool, err error) error {
	rw.abort()
	if entries {
		if rw.buffering {
			rw.entryBuf.Reset()
			rw.buffering = false
		} else {
			rw.stats.Entries++ // committed early: it stays, closed, in the output
		}
	}
	rw.emitByte(']')
	return err
}

func (rw *rewriter) literal() (bool, error) {
	var word [5]byte
	n := 0
	for n < len(word) {
		c, err := rw.peek()
		if err != nil || c < 'a' || c > 'z' {
			break
		}
		rw.discard(1)
		word[n] = c
		n++
	}
	switch w := string(word[:n]); w {
	case "true", "false", "null":
		rw.emitString(w)
		return true, nil
	}
	if _, err := rw.peek(); err != nil {
		return false, err
	}
	return false, rw.syntax("unexpected %q", word[:n])
}

// number copies a number as written; a status number is also remembered. A number under
// a secret name (a PIN, a numeric token) is hashed like a string. One longer than 1024
// bytes is read over and written as null, so that the entries after it are still written.
func (rw *rewriter) number(pl place) (bool, error) {
	var buf [64]byte
	num := buf[:0]
	long := 0
	for {
		c, err := rw.peek()
		if err != nil {
			if len(num) > 0 && long == 0 && validNumber(num) {
				break // the input ends right after the number; the caller sees the EOF next
			}
			return false, err
		}
		if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			break
		}
		rw.discard(1)
		if len(num) >= 1024 {
			long++
			continue
		}
		num = append(num, c)
	}
	if long > 0 {
		rw.warnAt(rw.pos(), "a number longer than 1024 bytes was replaced by null")
		rw.emitString("null")
		return true, nil
	}
	if !validNumber(num) {
		return false, rw.syntax("%q is not a number", num)
	}
	rw.noteNumber(pl, num)
	if rw.secretNumber(pl) {
		rw.stats.ValuesRedacted++
		rw.remember(string(num))
		rw.emit(appendQuoted(rw.scratch[:0], redact.Value(string(num))))
		return true, nil
	}
	rw.emit(num)
	return true, nil
}

// secretNumber reports whether a number at pl is a secret written as a number.
func (rw *rewriter) secretNumber(pl place) bool {
	if pl.role == rSecret {
		return true
	}
	switch pl.role {
	case rReqHeader, rRespHeader, rParam, rFormParam, rCookie:
		if pl.key == "value" {
			k := rw.kindOf(pl)
			return k == kHash || k == kHashBlind || k == kCookie || k == kSetCookie
		}
	}
	return false
}

// skipValue reads over one JSON value (an object or array) without writing it, keeping
// only a depth count, so that any nesting costs no stack.
func (rw *rewriter) skipValue() error {
	depth := 0
	for {
		c, err := rw.readByte()
		if err != nil {
			return err
		}
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return nil
			}
		case '"':
			if err := rw.scanString(func(_, _ []byte) error { return nil }); err != nil {
				return err
			}
		}
	}
}

// validNumber reports whether b is one number of JSON's grammar and nothing else.
func validNumber(b []byte) bool { return len(b) > 0 && jsonnum.Len(b) == len(b) }

// readKey reads an object key after its opening quote: decoded, and as written. A key
// longer than maxKey is read over and named by its size, so that reading goes on.
func (rw *rewriter) readKey() (string, []byte, error) {
	rw.dec, rw.raw = rw.dec[:0], rw.raw[:0]
	n := 0
	err := rw.scanString(func(dec, raw []byte) error {
		n += len(dec)
		if n > maxKey {
			return nil
		}
		rw.dec = append(rw.dec, dec...)
		rw.raw = append(rw.raw, raw...)
		return nil
	})
	if n > maxKey {
		rw.warnAt(rw.pos(), fmt.Sprintf("an object key of %d bytes was replaced by its size", n))
		k := fmt.Sprintf("[claudelog: key of %d bytes]", n)
		return k, []byte(k), err
	}
	return string(rw.dec), rw.raw, err
}

// scanString reads a string body up to and including its closing quote, handing decoded
// bytes and the same bytes as written to fn, in pieces.
func (rw *rewriter) scanString(fn func(dec, raw []byte) error) error {
	var esc [12]byte
	var u [utf8.UTFMax * 2]byte
	for {
		buf, _ := rw.in.Peek(max(rw.in.Buffered(), 1))
		if len(buf) == 0 {
			return io.ErrUnexpectedEOF
		}
		i := 0
		for i < len(buf) && buf[i] != '"' && buf[i] != '\\' && buf[i] >= 0x20 {
			i++
		}
		if i > 0 {
			if err := fn(buf[:i], buf[:i]); err != nil {
				return err
			}
			rw.discard(i)
			continue
		}
		c, _ := rw.readByte()
		switch {
		case c == '"':
			return nil
		case c < 0x20:
			// Raw control characters are not JSON; keep them, escaped on output.
			if err := fn([]byte{c}, []byte(fmt.Sprintf(`\u%04x`, c))); err != nil {
				return err
			}
			continue
		}
		// An escape.
		e, err := rw.readByte()
		if err != nil {
			return err
		}
		raw := append(esc[:0], '\\', e)
		var dec []byte
		switch e {
		case '"', '\\', '/':
			dec = []byte{e}
		case 'b':
			dec = []byte{'\b'}
		case 'f':
			dec = []byte{'\f'}
		case 'n':
			dec = []byte{'\n'}
		case 'r':
			dec = []byte{'\r'}
		case 't':
			dec = []byte{'\t'}
		case 'u':
			r1, err := rw.hex4(&raw)
			if err != nil {
				return err
			}
			r := r1
			if utf16.IsSurrogate(r1) {
				r = utf8.RuneError
				if p, _ := rw.in.Peek(2); len(p) == 2 && p[0] == '\\' && p[1] == 'u' {
					save := len(raw)
					rw.discard(2)
					raw = append(raw, '\\', 'u')
					r2, err := rw.hex4(&raw)
					if err != nil {
						return err
					}
					if pair := utf16.DecodeRune(r1, r2); pair != utf8.RuneError {
						r = pair
					} else {
						// Not a pair: emit the first as U+FFFD, the second as it decodes.
						n := utf8.EncodeRune(u[:], utf8.RuneError)
						n += utf8.EncodeRune(u[n:], replaceSurrogate(r2))
						if err := fn(u[:n], raw); err != nil {
							return err
						}
						_ = save
						continue
					}
				}
			}
			n := utf8.EncodeRune(u[:], r)
			dec = u[:n]
		default:
			return rw.syntax("invalid escape \\%c in a string", e)
		}
		if err := fn(dec, raw); err != nil {
			return err
		}
	}
}

func replaceSurrogate(r rune) rune {
	if utf16.IsSurrogate(r) {
		return utf8.RuneError
	}
	return r
}

func (rw *rewriter) hex4(raw *[]byte) (rune, error) {
	var r rune
	for range 4 {
		c, err := rw.readByte()
		if err != nil {
			return 0, err
		}
		*raw = append(*raw, c)
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, rw.syntax("invalid \\u escape in a string")
		}
		r = r<<4 | rune(v)
	}
	return r, nil
}

// appendQuoted appends s as a JSON string. Only what JSON requires is escaped (quote,
// backslash, control characters); invalid UTF-8 becomes U+FFFD so the output is valid.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, []byte(s))
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

func appendEscaped(dst, s []byte) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	return append(dst, s[start:]...)
}
