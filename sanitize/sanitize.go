// Package sanitize rewrites a HAR so that it is safe to attach to a support ticket: the same
// file, byte for byte where nothing is secret, with secrets replaced and conversation text
// removed. It streams the JSON through a small scanner of its own, token by token, and never
// unmarshals into structs: key order, vendor "_" fields, numbers as written and whitespace
// all survive, and memory stays bounded whatever the size of a body.
//
// What is replaced follows the one policy of package redact:
//
//   - header values whose name is secret (redact.SecretHeader); Cookie and Set-Cookie keep
//     every cookie name and attribute and lose every cookie value; request and response
//     cookies[] values, always;
//   - query and form parameter values, and the value of any JSON member, whose name is
//     secret (redact.SecretParam); URLs through redact.URL (user info, secret query values);
//   - every other string through redact.Text (sk-ant-… keys, JWTs, bearer tokens, …);
//   - conversation bodies: every request body to a Claude host or a conversation path
//     (/v1/messages, /v1/complete, claude.ai completions), and every response body of those
//     that is not an error, become "[claudelog: conversation body removed, N bytes]" (a
//     request body's marker adds "body #K", the same K for the same body, so that retries
//     stay recognisable: see docs/call-identity.md);
//     event streams keep their framing and their error and message_limit events but lose
//     every text delta; websocket message data is removed.
//
// Error bodies (status 400 and up) are kept, redacted, so that analysing the sanitized file
// gives the same findings as the original.
package sanitize

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/parse/unwrap"
)

// Stats counts what a sanitize run did, for the command's summary line.
type Stats struct {
	Entries        int  // entries written
	BodiesRemoved  int  // request and response bodies and websocket frames removed
	ValuesRedacted int  // header, cookie, parameter and field values replaced, and strings changed by redact
	Truncated      bool // the input broke off or stopped being JSON; see the warning
}

// Error is returned when the input cannot be sanitized at all: it is not a JSON object,
// has no log.entries, or the output could not be written.
type Error struct {
	Path   string
	Offset int64 // byte offset in the (decompressed) input where it went wrong
	Msg    string
}

// Error renders as "path@offset: message".
func (e *Error) Error() string { return fmt.Sprintf("%s@%d: %s", e.Path, e.Offset, e.Msg) }

// HAR reads the HAR in r and writes its sanitized copy to w as plain JSON.
//
// r may be gzip- or zlib-compressed (told by magic bytes, as parse.Read does), may start
// with a UTF-8 or UTF-16 byte-order mark, and may be wrapped in JSONP ("onInputData(…);"):
// the output is always uncompressed UTF-8 JSON without the wrapper. path only names the
// input in warnings and errors.
//
// An input that breaks off or stops being valid JSON after its entries began is not an
// error: every entry read whole is written, the entry the input broke in is dropped (as
// parse/har drops it), the open arrays and objects are closed so that the output is valid
// JSON, Stats.Truncated is set and warn is told the byte offset. The error is non-nil only
// when nothing usable could be written (see Error); w may then hold a partial output,
// which WriteFile removes.
func HAR(r io.Reader, w io.Writer, path string, warn func(model.InputWarning)) (Stats, error) {
	if warn == nil {
		warn = func(model.InputWarning) {}
	}
	// The first pass goes to a temporary file, so that the second can replace every copy
	// of a hashed value, also those written before the value was found to be secret.
	tmp, err := os.CreateTemp("", "claudelog-sanitize-*")
	if err != nil {
		warn(model.InputWarning{Source: model.Source{Path: path}, Msg: "no temporary file (" + err.Error() + "): copies of hashed values elsewhere in the file are not looked for"})
		stats, _, err := pass(r, w, path, warn)
		return stats, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	stats, secrets, err := pass(r, tmp, path, warn)
	if err != nil {
		return stats, err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return stats, &Error{Path: path, Msg: "reading back the first pass: " + err.Error()}
	}
	out := bufio.NewWriterSize(w, 64<<10)
	rep := secrets.replacer()
	if rep == nil {
		_, err = io.Copy(out, tmp)
	} else {
		var n int
		n, err = replaceEchoes(out, bufio.NewReaderSize(tmp, 64<<10), rep)
		stats.ValuesRedacted += n
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return stats, &Error{Path: path, Msg: "writing the output: " + err.Error()}
	}
	return stats, nil
}

// pass is the first pass: the streaming rewrite of r to w.
func pass(r io.Reader, w io.Writer, path string, warn func(model.InputWarning)) (Stats, *secretSet, error) {
	out := bufio.NewWriterSize(w, 64<<10)
	rw := &rewriter{path: path, warn: warn, out: out, entriesAt: -1, secrets: &secretSet{vals: map[string]bool{}}}
	src, err := rw.unwrap(r)
	if err != nil {
		return rw.stats, rw.secrets, err
	}
	rw.in = src
	err = rw.document()
	if ferr := out.Flush(); err == nil && ferr != nil {
		err = &Error{Path: path, Offset: rw.pos(), Msg: "writing the output: " + ferr.Error()}
	}
	return rw.stats, rw.secrets, err
}

// WriteFile runs write on a new file at name with mode 0600 (a sanitized HAR still tells
// which sites a person visited and when), through a temporary file in the same directory
// that is renamed into place only when write succeeds; on failure nothing is left behind.
func WriteFile(name string, write func(w io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if err := write(f); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// RemovedMarker is the text that replaces a removed body of n bytes. parse/har may read n
// back as the body's size (see Removed).
func RemovedMarker(n int64) string {
	return "[claudelog: conversation body removed, " + strconv.FormatInt(n, 10) + " bytes]"
}

const removedPrefix = "[claudelog: conversation body removed, "

// removedBodyMarker is RemovedMarker for a request body, with the body's number among the
// file's distinct request bodies: a body sent again gets the same number. A retry resends
// its body, so the number keeps what the detectors need to tell retries from new calls of
// the same size (docs/call-identity.md), and says nothing else of the body.
func removedBodyMarker(n int64, k int) string {
	return removedPrefix + strconv.FormatInt(n, 10) + " bytes, body #" + strconv.Itoa(k) + "]"
}

// Removed reports whether s is a RemovedMarker (with or without a body number), and the
// size of the body it replaced.
func Removed(s string) (n int64, ok bool) {
	rest, found := strings.CutPrefix(s, removedPrefix)
	if !found {
		return 0, false
	}
	num, found := strings.CutSuffix(rest, " bytes]")
	if !found {
		var k string
		num, k, found = strings.Cut(rest, " bytes, body #")
		k, kept := strings.CutSuffix(k, "]")
		if kn, err := strconv.Atoi(k); !found || !kept || err != nil || kn < 1 {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	return n, err == nil && n >= 0
}

// unwrap undoes compression, a byte-order mark and a JSONP prefix, and checks that what
// follows is a JSON object, before anything is written.
func (rw *rewriter) unwrap(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2)
	switch {
	case unwrap.IsGzip(head):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &Error{Path: rw.path, Msg: "gzip header: " + err.Error()}
		}
		br = bufio.NewReaderSize(zr, 64<<10)
	case unwrap.IsZlib(head):
		if zr, err := zlib.NewReader(br); err == nil {
			br = bufio.NewReaderSize(zr, 64<<10)
		}
	}
	head, _ = br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		rw.base = 3
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		_, _ = br.Discard(2)
		rw.warnAt(0, "the file is UTF-16; it is written out as UTF-8, and byte offsets count the converted text")
		br = bufio.NewReaderSize(unwrap.UTF16(br, head[0] == 0xFE), 64<<10)
	}
	p, _ := br.Peek(512)
	if n := unwrap.JSONPPrefix(p); n > 0 {
		_, _ = br.Discard(n)
		rw.base += int64(n)
		rw.jsonp = true
	}
	p, _ = br.Peek(4096)
	i := skipSpace(p, 0)
	if i >= len(p) || p[i] != '{' {
		what := "empty"
		if i < len(p) {
			what = "not a JSON object"
		}
		return nil, &Error{Path: rw.path, Offset: rw.base + int64(i), Msg: "not a HAR: the input is " + what}
	}
	return br, nil
}

func skipSpace(p []byte, i int) int {
	for i < len(p) && isSpace(p[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// document rewrites the top-level value and what follows it.
func (rw *rewriter) document() error {
	_, err := rw.value(place{role: rRoot}, 0)
	if err != nil {
		return rw.broken(err)
	}
	// After the HAR: blanks are copied, a JSONP closer is dropped, anything else is noted.
	for {
		c, err := rw.peek()
		if err != nil {
			break
		}
		switch {
		case isSpace(c):
			rw.discard(1)
			rw.emitByte(c)
			continue
		case rw.jsonp && (c == ')' || c == ';'):
			rw.discard(1)
			continue
		}
		rw.warnAt(rw.pos(), "data after the HAR object was left out")
		break
	}
	if rw.entriesAt < 0 {
		return &Error{Path: rw.path, Offset: rw.pos(), Msg: "not a HAR: no log.entries array"}
	}
	return nil
}

// broken turns a read error into a warning (the output was closed as valid JSON) or, when
// no entries were reached or the output failed, an Error.
func (rw *rewriter) broken(err error) error {
	var we *writeError
	if errors.As(err, &we) {
		return &Error{Path: rw.path, Offset: rw.pos(), Msg: "writing the output: " + we.err.Error()}
	}
	if rw.entriesAt < 0 {
		return &Error{Path: rw.path, Offset: rw.pos(), Msg: "not a HAR: " + redact.Text(err.Error()) + " before log.entries"}
	}
	rw.stats.Truncated = true
	off := rw.pos()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		rw.warnAt(off, fmt.Sprintf("the file ends at byte %d: it is truncated; the %d entries before the cut were written, and the output was closed as valid JSON", off, rw.stats.Entries))
		return nil
	}
	rw.warnAt(off, fmt.Sprintf("not valid JSON (byte %d): %s; the %d entries before it were written, the rest was left out and the output was closed as valid JSON",
		off, redact.Text(err.Error()), rw.stats.Entries))
	return nil
}

func (rw *rewriter) warnAt(off int64, msg string) {
	rw.warn(model.InputWarning{Source: model.Source{Path: rw.path, Offset: off}, Msg: msg})
}
