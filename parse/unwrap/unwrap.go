// Package unwrap undoes what sits around a document's bytes before its parser can read
// them: gzip and zlib by their magic bytes, UTF-8 and UTF-16 byte-order marks, and a JSONP
// call prefix. Reading (parse, parse/har) and sanitizing (parse/sanitize) share it, so an
// input that one accepts the other accepts too.
package unwrap

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// IsGzip reports whether b starts with gzip's magic bytes.
func IsGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// IsZlib reports whether b starts with a zlib header that compressors write: deflate with a
// 32K window and one of the four standard levels (RFC 1950). Looser checks match text
// starting "x ".
func IsZlib(b []byte) bool {
	if len(b) < 2 || b[0] != 0x78 {
		return false
	}
	switch b[1] {
	case 0x01, 0x5e, 0x9c, 0xda:
		return true
	}
	return false
}

// BOM says which byte-order mark b starts with.
type BOM int

// The byte-order marks.
const (
	NoBOM BOM = iota
	UTF8
	UTF16LE
	UTF16BE
)

// DetectBOM returns the mark at the start of b and its length in bytes.
func DetectBOM(b []byte) (BOM, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return UTF8, 3
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return UTF16LE, 2
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return UTF16BE, 2
	}
	return NoBOM, 0
}

// UTF16 converts UTF-16 from src (after its byte-order mark) to UTF-8, replacing unpaired
// surrogates with U+FFFD; an odd trailing byte is dropped.
func UTF16(src *bufio.Reader, bigEndian bool) io.Reader {
	return &utf16Reader{src: src, big: bigEndian}
}

type utf16Reader struct {
	src  *bufio.Reader
	big  bool
	back rune // a unit read ahead and not yet used, when has
	has  bool
	pend []byte
	out  []byte
	err  error
}

func (u *utf16Reader) unit() (rune, error) {
	if u.has {
		u.has = false
		return u.back, nil
	}
	a, err := u.src.ReadByte()
	if err != nil {
		return 0, err
	}
	b, err := u.src.ReadByte()
	if err != nil {
		return 0, io.EOF
	}
	if u.big {
		return rune(a)<<8 | rune(b), nil
	}
	return rune(b)<<8 | rune(a), nil
}

// Read converts up to a few kilobytes at a time.
func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.pend) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		u.out = u.out[:0]
		for len(u.out) < 4096 {
			r, err := u.unit()
			if err != nil {
				u.err = err
				break
			}
			if utf16.IsSurrogate(r) {
				r2, err := u.unit()
				switch {
				case err != nil:
					r = utf8.RuneError
				case utf16.DecodeRune(r, r2) != utf8.RuneError:
					r = utf16.DecodeRune(r, r2)
				default:
					u.back, u.has = r2, true
					r = utf8.RuneError
				}
			}
			u.out = utf8.AppendRune(u.out, r)
		}
		u.pend = u.out
	}
	n := copy(p, u.pend)
	u.pend = u.pend[n:]
	return n, nil
}

// JSONPPrefix is the length of a JSONP call prefix ("  onInputData (") at the start of p,
// or 0. HAR Viewer's HARP files wrap a HAR so.
func JSONPPrefix(p []byte) int {
	i := skipSpace(p, 0)
	start := i
	for i < len(p) && isIdent(p[i], i > start) {
		i++
	}
	if i == start {
		return 0
	}
	i = skipSpace(p, i)
	if i < len(p) && p[i] == '(' {
		return i + 1
	}
	return 0
}

func isIdent(c byte, notFirst bool) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
		notFirst && (c >= '0' && c <= '9' || c == '.')
}

func skipSpace(p []byte, i int) int {
	for i < len(p) && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n') {
		i++
	}
	return i
}
