package logs

import (
	"bufio"
	"errors"
	"io"
)

// maxLine bounds how much of one line is kept. Error lines are short; a longer line is a
// minified bundle, a base64 blob or a whole JSON document on one line, and its head says
// what it is. The rest is skipped while counting, so memory stays bounded whatever the input.
const maxLine = 64 << 10

// lineReader reads lines of any length from a stream with bounded memory. bufio.Scanner
// fails on lines over 64 KiB; this reader keeps the head of such a line and skips the rest.
type lineReader struct {
	r      *bufio.Reader
	head   []byte // the kept head of an over-long line; reused
	num    int    // 1-based number of the line last returned
	off    int64  // byte offset of the line last returned
	next   int64  // byte offset of the next line
	err    error
	Length int64 // full length of the line last returned, newline excluded
}

func newLineReader(r io.Reader) *lineReader {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < maxLine {
		br = bufio.NewReaderSize(r, maxLine)
	}
	return &lineReader{r: br}
}

// Next returns the next line without its line end, and whether it was cut to maxLine.
// The slice is valid until the next call. ok is false at the end of input or on a read
// error (see Err).
func (lr *lineReader) Next() (line []byte, cut bool, ok bool) {
	if lr.err != nil {
		return nil, false, false
	}
	lr.off = lr.next
	b, err := lr.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		// An over-long line: keep a copy of the head, skip to its end.
		lr.head = append(lr.head[:0], b...)
		n := int64(len(b))
		for errors.Is(err, bufio.ErrBufferFull) {
			b, err = lr.r.ReadSlice('\n')
			n += int64(len(b))
		}
		lr.next += n
		if err != nil && err != io.EOF {
			lr.err = err
		}
		if err == io.EOF {
			lr.err = io.EOF
		}
		lr.num++
		lr.Length = n
		if len(b) > 0 && b[len(b)-1] == '\n' {
			lr.Length--
		}
		return trimEOL(lr.head), true, true
	}
	if err != nil {
		lr.err = err
		if len(b) == 0 {
			return nil, false, false
		}
	}
	lr.next += int64(len(b))
	lr.num++
	lr.Length = int64(len(b))
	if len(b) > 0 && b[len(b)-1] == '\n' {
		lr.Length--
	}
	return trimEOL(b), false, true
}

// Err returns the read error that ended the input, nil at a clean end.
func (lr *lineReader) Err() error {
	if lr.err == io.EOF {
		return nil
	}
	return lr.err
}

// trimEOL drops a trailing "\n" or "\r\n".
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
