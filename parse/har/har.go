// Package har reads HAR (HTTP Archive) exports from browsers, proxies and test tools into
// events, one entry at a time, with memory bounded by one entry and not by the file.
//
// It reads what exporters really write, not what the HAR 1.2 spec says: float times, dates
// with 7 fraction digits or none at all, cookies as objects, bools as strings, a UTF-8 BOM,
// HAR Viewer's JSONP wrapping, and the vendor fields that carry a failure's reason (Chrome's
// response._error, Playwright's _failureText). Decoding uses martian's leaf types
// (har.Header and friends) inside containers of its own, because martian's har.HAR rejects
// most real exports and drops those vendor fields.
//
// Every entry becomes an event, successes included. Entries that never touched the network
// (data:, blob:, about: URLs) are emitted too, on PlatformOther, with Path naming only the
// scheme and media type and no status: nothing is skipped, and no per-file note is needed.
// A websocket upgrade is emitted as the 101 it is, with ResourceType "websocket"; the
// messages inside it are not read. An entry that holds no request at all (null, {}) is left
// out with a warning.
//
// The Dialect of an event comes from log.creator when the exporter writes it before the
// entries (browsers, Playwright, mitmproxy, Charles, Insomnia do). Fiddler writes it after
// them; its events carry no Dialect, because entries are handed on as they are read.
package har

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/parse/unwrap"
)

// Error is returned by Read when nothing could be read: the input is not JSON, or it is
// JSON but has no log.entries array before it breaks off.
type Error struct {
	Path   string
	Offset int64 // byte offset where reading stopped
	Msg    string
}

// Error renders as "path@offset: message".
func (e *Error) Error() string {
	return fmt.Sprintf("%s@%d: %s", e.Path, e.Offset, e.Msg)
}

// Read decodes the HAR in r and calls sink.Event for every entry and sink.Warn for every
// problem. r must already be decompressed; a UTF-8 or UTF-16 byte-order mark and JSONP
// wrapping are handled here. A file that breaks off after its entries began is not an
// error: the entries before the break are delivered and a warning names the byte offset.
// Read returns an *Error only when nothing could be read at all.
func Read(r io.Reader, path string, sink model.Sink) error {
	return readWith(r, path, sink, maxString, keepTail)
}

// readWith is Read with the string limits as parameters, so that tests and the fuzzer can
// reach the cutting paths with small inputs.
func readWith(r io.Reader, path string, sink model.Sink, limit int64, tail int) error {
	rd := &reader{path: path, sink: sink}
	src := rd.unwrap(r)
	buf := readBufs.Get().(*[]byte)
	defer func() { readBufs.Put(buf) }()
	warn := func(off int64, msg string) { rd.warn(0, rd.pos(off), msg) }
	sc := newScanEntries(src, limit, tail, *buf, warn)
	rd.inputOffset, rd.consumed = func(off int64) int64 { return off }, sc.consumed
	defer func() { *buf = sc.buf }() // keep a buffer that grew
	return rd.run(sc)
}

// readBufs recycles the decoder's read buffer: many small inputs (a directory of HARs,
// the fuzzer) would otherwise allocate and clear it each.
var readBufs = sync.Pool{New: func() any {
	b := make([]byte, readBufSize)
	return &b
}}

// readBufSize is the size of a read from the input.
const readBufSize = 256 << 10

// reader is the state of one Read.
type reader struct {
	path string
	sink model.Sink
	base int64 // bytes before the JSON text: byte-order mark, JSONP prefix
	conv converter
	// inputOffset maps an offset in the decoder's stream to the unwrapped input; consumed
	// is the number of bytes read from it. The scanner reads the input itself; the
	// reference decoder of the tests reads it through a cutReader, which shifts offsets.
	inputOffset func(int64) int64
	consumed    func() int64
}

func (rd *reader) run(dec entryDecoder) error {
	var log Log
	if err := dec.open(&log); err != nil {
		off := dec.offset()
		var nh *notHAR
		if errors.As(err, &nh) {
			off = nh.off
		}
		return &Error{Path: rd.path, Offset: rd.pos(off), Msg: redact.Text(err.Error())}
	}
	rd.conv = converter{dialect: dialectOf(log.Creator.Name)}
	if log.Wrapper != "" {
		rd.warn(0, 0, fmt.Sprintf("the HAR is nested under the key %q (a wrapper around the log object); it is read from there",
			model.Clip(log.Wrapper, 64)))
	}

	var entry Entry
	var ev model.Event
	read := 0
	for {
		entry.reset()
		start, err := dec.next(&entry)
		if err == io.EOF {
			break
		}
		index := read + 1
		typeErr := false
		var te *entryTypeError
		if err != nil && !errors.As(err, &te) {
			if log.Lone {
				return &Error{Path: rd.path, Offset: rd.pos(dec.offset()),
					Msg: redact.Text("not a HAR: no log object, and the HAR entry it seems to be is broken: " + eofText(err).Error())}
			}
			rd.broken(err, index, rd.pos(start), read)
			return nil
		}
		noCall := entry.Request.URL == "" && entry.Request.Method.S == "" && !entry.Response.Status.Valid
		if log.Lone && noCall {
			// An object with a member an entry has, but no call in it: not a HAR.
			return &Error{Path: rd.path, Offset: rd.pos(dec.offset()),
				Msg: "not a HAR: no log object, and not a HAR entry either (no request in it)"}
		}
		if te != nil {
			rd.warn(index, rd.pos(start), "a field has the wrong type and was left empty: "+te.Error())
			typeErr = true
		}
		read++
		off := rd.pos(start)
		if log.Lone {
			rd.warn(0, off, "the input is one HAR entry, not a whole HAR (no log object); it is read as a HAR of that one entry")
		}
		if noCall {
			// null, {} or a value of the wrong type: there is no call to analyse
			if !typeErr {
				rd.warn(index, off, "the entry holds no request; left out")
			}
			continue
		}
		ev = model.Event{Source: model.Source{Path: rd.path, Entry: index, Offset: off}}
		rd.conv.convert(&entry, &ev, func(msg string) { rd.warn(index, off, msg) })
		rd.sink.Event(&ev)
	}
	if err := dec.close(&log); err != nil {
		rd.broken(err, 0, rd.pos(dec.offset()), read)
	}
	return nil
}

// broken warns that the file stops being readable; entry is the entry it broke in (0 when
// after the entries).
func (rd *reader) broken(err error, entry int, off int64, read int) {
	where := "after the entries"
	if entry > 0 {
		where = fmt.Sprintf("in entry %d", entry)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		end := rd.base + rd.consumed()
		rd.warn(entry, end, fmt.Sprintf("the file ends at byte %d %s: it is truncated; the %d entries before the cut were read",
			end, where, read))
		return
	}
	rd.warn(entry, off, fmt.Sprintf("not valid JSON %s (byte %d): %v; the %d entries before it were read and the rest is skipped",
		where, off, err, read))
}

func (rd *reader) warn(entry int, off int64, msg string) {
	rd.sink.Warn(model.InputWarning{
		Source: model.Source{Path: rd.path, Entry: entry, Offset: off},
		Msg:    redact.Text(msg),
	})
}

// pos maps an offset in the decoder's stream to the input.
func (rd *reader) pos(off int64) int64 { return rd.base + rd.inputOffset(off) }

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// unwrap strips a byte-order mark and a JSONP prefix ("onInputData(") from the input. The
// closing ");" needs no handling: reading stops at the end of the HAR object.
func (rd *reader) unwrap(r io.Reader) io.Reader {
	// The buffer only needs to hold the peeked prefix: larger reads pass straight through.
	br := bufio.NewReaderSize(r, 1024)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = br.Discard(3)
		rd.base = 3
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		_, _ = br.Discard(2)
		rd.warn(0, 0, "the file is UTF-16 (a text editor saved it so); it is read converted to UTF-8, and byte offsets count the converted text")
		br = bufio.NewReaderSize(unwrap.UTF16(br, head[0] == 0xFE), 4096)
	}
	p, _ := br.Peek(512)
	if n := unwrap.JSONPPrefix(p); n > 0 {
		_, _ = br.Discard(n)
		rd.base += int64(n)
	}
	return br
}

// Sniff reports whether prefix, the first few kilobytes of an input (decompressed), looks
// like a HAR: a JSON object whose log member is an object, or one whose member is such an
// object with entries (a HAR under a wrapper key), or one HAR entry alone. A byte-order mark and JSONP
// wrapping are allowed. Members before log are skipped while the prefix lasts. An entry
// alone must be the whole input, as far as the prefix shows: a JSON-lines log whose records
// have a request and a response is a log, not a HAR.
func Sniff(prefix []byte) bool {
	p := prefix
	switch {
	case bytes.HasPrefix(p, utf8BOM):
		p = p[3:]
	case bytes.HasPrefix(p, []byte{0xFF, 0xFE}), bytes.HasPrefix(p, []byte{0xFE, 0xFF}):
		conv, _ := io.ReadAll(unwrap.UTF16(bufio.NewReader(bytes.NewReader(p[2:])), p[0] == 0xFE))
		p = conv
	}
	p = p[unwrap.JSONPPrefix(p):]
	s := newScanEntries(bytes.NewReader(p), maxString, keepTail, make([]byte, 4096), func(int64, string) {})
	var log Log
	err := s.open(&log)
	if s.inLog && log.Wrapper != "" {
		// Under a wrapper key, a log object is a HAR's only with entries, or where the
		// prefix ends before it does: a log record may well hold {"event": {"log": {…}}}.
		return err == nil || s.err != nil
	}
	if s.inLog {
		return true
	}
	if err != nil || !log.Lone {
		return false
	}
	var e Entry
	_, err = s.next(&e)
	var te *entryTypeError
	switch {
	case e.Request.URL == "" && e.Request.Method.S == "":
		return false // no call in it, or not as far as the prefix goes
	case err == nil || errors.As(err, &te):
		_, err := s.peek()
		return err == io.EOF // nothing after it: the entry is the whole input
	}
	return errors.Is(err, io.ErrUnexpectedEOF) // an entry longer than the prefix
}
