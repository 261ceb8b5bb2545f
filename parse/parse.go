// Package parse turns inputs into events. It opens files, directories and standard input,
// undoes gzip and zlib, detects the format by content (a HAR, JSON error bodies, or a text
// log) and hands the stream to the parser for that format (parse/har, parse/logs). Every
// parser redacts at birth (parse/redact): an Event never holds a secret or conversation text.
package parse

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/claudecode"
	"github.com/claudelog/claudelog/parse/har"
	"github.com/claudelog/claudelog/parse/logs"
	"github.com/claudelog/claudelog/parse/unwrap"
)

// Options set how inputs are read.
type Options struct {
	// Format forces a parser ("har", "log" or "json") instead of detection.
	Format model.Format
	// Location is the zone for timestamps that carry none; nil means UTC.
	Location *time.Location
	// Progress, when set, is told how many bytes of the current input were read so far.
	Progress func(path string, done, total int64)
}

// Input describes one input after it was read.
type Input struct {
	Path     string
	Format   model.Format
	Events   int
	Failures int
	Warnings int
	Bytes    int64 // compressed bytes read from the file or stream
}

// ErrUnreadable is wrapped by errors for inputs that could not be read at all; the command
// exits 2 when no input could be read.
var ErrUnreadable = errors.New("input could not be read")

// sniffSize is how much of an input detection looks at.
const sniffSize = 64 << 10

// readers recycles the two sniffSize buffers each input is read through: a Claude Code
// projects folder is thousands of small files, and two fresh 64 KiB buffers a file were
// the largest part of what reading them allocated.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, sniffSize) }}

// readerFor is a recycled reader of sniffSize over r; put it back in readers when the
// input is read.
func readerFor(r io.Reader) *bufio.Reader {
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	return br
}

// Files expands the paths the user named into the files to read: a directory is walked in
// lexical order, "-" stays standard input. Files that cannot be listed or look binary are
// reported as warnings and left out, never skipped in silence.
func Files(paths []string, warn func(model.InputWarning)) []string {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			out = append(out, p) // Read reports what is wrong with it
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				warn(model.InputWarning{Source: model.Source{Path: path}, Msg: "cannot read: " + errText(err)})
				if d != nil && d.IsDir() && path != p {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if name := d.Name(); path != p && len(name) > 1 && name[0] == '.' {
					return fs.SkipDir // .git and friends are not logs
				}
				return nil
			}
			if !d.Type().IsRegular() {
				// A link is followed to a regular file; sockets, pipes and devices are
				// not logs. Either way the user hears about what was left out.
				info, err := os.Stat(path)
				switch {
				case err != nil:
					warn(model.InputWarning{Source: model.Source{Path: path}, Msg: "cannot read: " + errText(err)})
					return nil
				case info.IsDir():
					warn(model.InputWarning{Source: model.Source{Path: path}, Msg: "skipped: a link to a directory"})
					return nil
				case !info.Mode().IsRegular():
					warn(model.InputWarning{Source: model.Source{Path: path}, Msg: "skipped: not a regular file"})
					return nil
				}
			}
			if kind, err := looksBinary(path); err != nil {
				warn(model.InputWarning{Source: model.Source{Path: path}, Msg: "cannot read: " + errText(err)})
			} else if kind != "" {
				warn(model.InputWarning{Source: model.Source{Path: path}, Msg: "skipped: binary file (it " + kind + ")"})
			} else {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			warn(model.InputWarning{Source: model.Source{Path: p}, Msg: "cannot walk: " + errText(err)})
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out
}

// headBufs recycles the buffers looksBinary reads a file's first block into, one per file
// of a walked directory.
var headBufs = sync.Pool{New: func() any { b := make([]byte, 8<<10); return &b }}

// looksBinary says what binary data a file in a directory holds (see binaryKind), or ""
// when it is text or gzip or zlib data, which Read undoes. A NUL byte in the first block
// is enough here: a directory walk should not wade through whatever else lies there.
func looksBinary(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	bp := headBufs.Get().(*[]byte)
	defer headBufs.Put(bp)
	buf := *bp
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	buf = buf[:n]
	if bom, _ := unwrap.DetectBOM(buf); bom != unwrap.NoBOM || unwrap.IsGzip(buf) || unwrap.IsZlib(buf) {
		return "", nil
	}
	if kind := binaryKind(buf); kind != "" {
		return kind, nil
	}
	if bytes.IndexByte(buf, 0) >= 0 {
		return "is binary data, not a HAR, a log or JSON", nil
	}
	return "", nil
}

// Read reads one input, a file path or "-" for stdin, and sends its events and warnings to
// sink. The error is non-nil only when nothing of the input could be read (it wraps
// ErrUnreadable); a partly broken input yields warnings and whatever could be read.
func Read(path string, stdin io.Reader, opts Options, sink model.Sink) (Input, error) {
	in := Input{Path: path}
	var r io.Reader
	var total int64 = -1
	if path == "-" {
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return in, fmt.Errorf("%s: %w: %s", path, ErrUnreadable, errText(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			if st.IsDir() {
				return in, fmt.Errorf("%s: %w: is a directory", path, ErrUnreadable)
			}
			total = st.Size()
		}
		r = f
	}
	counted := &countingReader{r: r, path: path, total: total, progress: opts.Progress}
	raw := readerFor(counted)
	defer readers.Put(raw)
	body, err := decompress(raw, path)
	if err != nil {
		return in, err
	}
	defer body.Close()
	cs := &countingSink{sink: sink, in: &in}
	br := readerFor(body)
	defer readers.Put(br)
	format := opts.Format
	if format == "" {
		head, _ := br.Peek(8 << 10)
		if kind := binaryKind(head); kind != "" {
			return in, fmt.Errorf("%s: %w: it %s", path, ErrUnreadable, kind)
		}
		format = detect(br)
	}
	switch format {
	case model.FormatHAR:
		in.Format = model.FormatHAR
		err = har.Read(br, path, cs)
	case claudecode.Format:
		in.Format = claudecode.Format
		err = claudecode.Read(br, path, cs)
	default:
		in.Format, err = logs.Read(br, path, logs.Options{Location: opts.Location, Format: format}, cs)
	}
	in.Bytes = counted.n
	if err == nil && counted.n == 0 {
		sink.Warn(model.InputWarning{Source: model.Source{Path: path}, Msg: "empty input"})
		in.Warnings++
	}
	if err != nil {
		return in, fmt.Errorf("%s: %w: %s", path, ErrUnreadable, errText(err))
	}
	if in.Format == model.FormatJSON && in.Events == 0 && counted.n > 0 && body.err == nil {
		// The logs parser took it for JSON error bodies, not for log records, and found
		// none: a JSON document claudelog cannot read, which "0 calls, no failures" would
		// misreport as a healthy input.
		return in, fmt.Errorf("%s: %w: %s", path, ErrUnreadable, notReadable)
	}
	if body.err != nil {
		// The compressed stream broke: what came before it was analysed.
		sink.Warn(model.InputWarning{Source: model.Source{Path: path, Offset: counted.n}, Msg: "compressed data is corrupt or truncated: " + errText(body.err)})
		in.Warnings++
	}
	return in, nil
}

// notReadable says why a JSON document that yielded nothing is refused, and what would be read.
const notReadable = "a JSON document that is not a HAR (no log.entries), not a HAR entry, not an API error body " +
	"and not log records claudelog reads; nothing in it can be analysed"

// detect tells a HAR from everything else by content: a JSON object whose top-level key is
// "log" (possibly behind a BOM or a JSONP wrapper). A Claude Code transcript or stream-json
// output (JSON lines with a session id) goes to its own reader, which never decodes the
// conversation. JSON bodies and text logs are told apart
// by the logs parser, which reads both.
func detect(br *bufio.Reader) model.Format {
	head, _ := br.Peek(sniffSize)
	if har.Sniff(head) {
		return model.FormatHAR
	}
	if claudecode.Sniff(head) {
		return claudecode.Format
	}
	return ""
}

// decompressed is the input after gzip or zlib is undone. A corrupt or truncated
// compressed stream ends the data early; err keeps why, so Read can warn.
type decompressed struct {
	r     io.Reader
	close func() error
	err   error
}

func (d *decompressed) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		d.err = err
		return n, io.EOF
	}
	return n, err
}

func (d *decompressed) Close() error {
	if d.close != nil {
		return d.close()
	}
	return nil
}

// decompress undoes gzip (.har.gz, .log.gz, multi-member) and zlib (mitmproxy's .zhar) by
// their magic bytes, not by the file name.
func decompress(br *bufio.Reader, path string) (*decompressed, error) {
	head, _ := br.Peek(2)
	switch {
	case unwrap.IsGzip(head):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w: gzip header: %s", path, ErrUnreadable, errText(err))
		}
		// gzip inside gzip (a .har.gz gzipped again on its way to a ticket): undo each
		// layer, a few at most, so that a crafted file cannot stack them without end.
		closers := []func() error{zr.Close}
		var r io.Reader = zr
		for layer := 1; layer < maxGzipLayers; layer++ {
			inner := bufio.NewReaderSize(r, 512)
			r = inner
			if h, _ := inner.Peek(2); !unwrap.IsGzip(h) {
				break
			}
			zi, err := gzip.NewReader(inner)
			if err != nil {
				return nil, fmt.Errorf("%s: %w: gzip header of layer %d: %s", path, ErrUnreadable, layer+1, errText(err))
			}
			closers = append(closers, zi.Close)
			r = zi
		}
		return &decompressed{r: r, close: func() error {
			for _, c := range closers {
				c()
			}
			return nil
		}}, nil
	case unwrap.IsZlib(head):
		zr, err := zlib.NewReader(br)
		if err == nil {
			return &decompressed{r: zr, close: zr.Close}, nil
		}
		// Two bytes that look like a zlib header may be plain text after all.
	}
	return &decompressed{r: br}, nil
}

// maxGzipLayers is how many nested gzip layers Read undoes.
const maxGzipLayers = 4

// binaryKinds name the formats an input may be that claudelog cannot read, by their magic
// bytes, so that the message says what the file is and what to do.
var binaryKinds = []struct {
	magic, kind, hint string
}{
	{"PK\x03\x04", "a zip archive", "unpack it and name the files inside"},
	{"\xfd7zXZ\x00", "xz-compressed data", "run xz -d on it first"},
	{"BZh", "bzip2-compressed data", "run bunzip2 on it first"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed data", "run zstd -d on it first"},
	{"Rar!\x1a\x07", "a RAR archive", "unpack it first"},
	{"%PDF-", "a PDF document", ""},
	{"\x89PNG\r\n\x1a\n", "a PNG image", ""},
	{"\xff\xd8\xff", "a JPEG image", ""},
	{"\x7fELF", "an executable", ""},
	{"SQLite format 3\x00", "an SQLite database", ""},
}

// binaryKind says what binary format head is the start of, and what to do about it, or ""
// when it is none it knows. Only known magic numbers count: a log with a stretch of binary
// junk in it is still read as far as it goes, with warnings (SPEC.md), but an archive, an
// image or an executable named by mistake would only yield nonsense findings.
func binaryKind(head []byte) string {
	for _, b := range binaryKinds {
		if !bytes.HasPrefix(head, []byte(b.magic)) {
			continue
		}
		// "BZh" is also how a text may start: bzip2 follows it with a block size digit.
		if b.magic == "BZh" && (len(head) < 4 || head[3] < '1' || head[3] > '9') {
			continue
		}
		if b.hint != "" {
			return "is " + b.kind + ", not a HAR, a log or JSON: " + b.hint
		}
		return "is " + b.kind + ", not a HAR, a log or JSON"
	}
	return ""
}

// countingReader counts the bytes read from the raw input, for progress and the report.
type countingReader struct {
	r        io.Reader
	n        int64
	total    int64
	path     string
	progress func(path string, done, total int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil {
		c.progress(c.path, c.n, c.total)
	}
	return n, err
}

// countingSink counts an input's events, failures and warnings on their way to the sink.
type countingSink struct {
	sink model.Sink
	in   *Input
}

func (c *countingSink) Event(e *model.Event) {
	c.in.Events++
	if e.Failed() {
		c.in.Failures++
	}
	c.sink.Event(e)
}

func (c *countingSink) Warn(w model.InputWarning) {
	c.in.Warnings++
	c.sink.Warn(w)
}

// errText renders an error without the wrapping the os package adds ("open x: ..."), since
// messages already name the file.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
