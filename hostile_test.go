package main

// Hostile inputs: whatever people feed a log analyzer. For each, claudelog must not
// panic, must stay within bounded memory, must say on stderr what was wrong and where,
// must exit as SPEC.md says, and must still analyse whatever is readable.

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claudelog/claudelog/internal/heaptest"
)

const heapLimit = 300 << 20

// overloadedLine is a readable failure planted after the hostile part, to check that the
// rest of an input is still analysed.
const overloadedLine = "\n2026-11-20 09:14:03,120 - anthropic._base_client - INFO - HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 529 \"\nanthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}\n"

type hostileCase struct {
	name     string
	path     string    // a file to read; "" reads stdin
	stdin    io.Reader // used when path is ""
	code     int       // the exit status SPEC.md wants
	stderr   string    // a fragment stderr must hold (file name and position)
	findings []string  // causes that must still be found in what was readable
}

func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 1<<20)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	cases := []hostileCase{
		{name: "empty file", path: write("empty.log", nil), code: 0, stderr: "empty.log: empty input"},
		{name: "empty stdin", stdin: strings.NewReader(""), code: 0, stderr: "-: empty input"},
		{name: "random binary", path: write("random.log", append(random, overloadedLine...)), code: 0, stderr: "random.log", findings: []string{"overloaded"}},
		{name: "NUL bytes", path: write("nul.log", append(bytes.Repeat([]byte{0}, 4096), overloadedLine...)), code: 0, stderr: "nul.log", findings: []string{"overloaded"}},
		{name: "invalid UTF-8", path: write("latin1.log", append([]byte("caf\xe9 \xff\xfe\xfd broken\n"), overloadedLine...)), code: 0, stderr: "latin1.log", findings: []string{"overloaded"}},
		{name: "JSON nested a million deep", path: write("deep.json", append(bytes.Repeat([]byte("["), 1_000_000), overloadedLine...)), code: 0, stderr: "deep.json", findings: []string{"overloaded"}},
		{name: "HAR nested a million deep", path: write("deep.har", append([]byte(`{"log":{"entries":[`), bytes.Repeat([]byte("["), 1_000_000)...)), code: 0, stderr: "deep.har"},
		{name: "HAR entries null and of the wrong types", path: write("types.har", []byte(`{"log":{"entries":[null, 5, "x", [], {"request":5,"response":"no"},
			{"startedDateTime":"2026-11-20T09:14:03Z","request":{"method":"POST","url":"https://api.anthropic.com/v1/messages"},
			 "response":{"status":529,"content":{"mimeType":"application/json","text":"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"}}}]}}`)),
			code: 0, stderr: "types.har#entry-1", findings: []string{"overloaded"}},
		{name: "HAR without entries", path: write("noentries.har", []byte(`{"log":{"version":"1.2","creator":{"name":"x"}}}`)), code: 2, stderr: "noentries.har@"},
		{name: "HAR entries not an array", path: write("entriesobj.har", []byte(`{"log":{"entries":{"a":1}}}`)), code: 2, stderr: "entriesobj.har"},
		{name: "claims gzip but is not", path: write("fake.log.gz", append([]byte{0x1f, 0x8b, 0x00, 0x00}, "not gzip at all"...)), code: 2, stderr: "fake.log.gz"},
		{name: "named .gz but plain text", path: write("plain.log.gz", []byte(overloadedLine)), code: 0, findings: []string{"overloaded"}},
		{name: "truncated gzip", path: write("cut.log.gz", gzipped([]byte(overloadedLine + strings.Repeat("filler line\n", 50000)))[:2000]), code: 0, stderr: "cut.log.gz", findings: []string{"overloaded"}},
		{name: "stdin closed early", stdin: io.MultiReader(strings.NewReader(overloadedLine+"partial li"), errReader{io.ErrUnexpectedEOF}), code: 0, stderr: "-", findings: []string{"overloaded"}},
		{name: "HAR on stdin cut mid-entry", stdin: strings.NewReader(`{"log":{"entries":[{"startedDateTime":"2026-11-20T09:14:03Z","request":{"method":"POST","url":"https://api.anthropic.com/v1/messages"},"response":{"status":529}},{"startedDateTime":"2026-11-20T09:14:04Z","requ`), code: 0, stderr: "-#entry-2: the file ends at byte", findings: []string{"overloaded"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runHostile(t, tc) })
	}
}

func runHostile(t *testing.T, tc hostileCase) {
	t.Helper()
	args := []string{"analyze", "-f", "json", "--tz", "UTC"}
	stdin := tc.stdin
	if tc.path != "" {
		args = append(args, tc.path)
	} else {
		args = append(args, "-")
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	var code int
	peak := heaptest.Peak(5*time.Millisecond, func() { code = run(args, stdin, &out, &errb) })
	if code != tc.code {
		t.Errorf("exit %d, want %d; stderr: %.400s", code, tc.code, errb.String())
	}
	if peak > heapLimit {
		t.Errorf("peak heap %d MB, want under %d MB", peak>>20, heapLimit>>20)
	}
	if tc.stderr != "" && !strings.Contains(errb.String(), tc.stderr) {
		t.Errorf("stderr lacks %q: %.400s", tc.stderr, errb.String())
	}
	if len(tc.findings) > 0 {
		var r jsonReport
		if err := jsonUnmarshal(out.Bytes(), &r); err != nil {
			t.Fatalf("output is not JSON: %v", err)
		}
		checkExpectation(t, r, expectation{want: tc.findings})
	}
}

// TestHostileHugeInputs: a single 300 MB line and a 512 MB gzip bomb, read in bounded memory.
func TestHostileHugeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 800 MB")
	}
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.log.gz")
	if err := os.WriteFile(bomb, gzipBomb(512<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []hostileCase{
		{name: "a single 300 MB line", stdin: io.MultiReader(&repeatReader{b: 'x', n: 300 << 20}, strings.NewReader(overloadedLine)), code: 0, stderr: "-:1", findings: []string{"overloaded"}},
		{name: "gzip bomb of 512 MB", path: bomb, code: 0, stderr: "bomb.log.gz:1"},
	} {
		t.Run(tc.name, func(t *testing.T) { runHostile(t, tc) })
	}
}

// TestHostileDirectory: a directory holding unreadable entries, a binary file and a log:
// each problem is named on stderr, and the log is still analysed.
func TestHostileDirectory(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "app.log"), []byte(overloadedLine), 0o644))
	must(os.WriteFile(filepath.Join(dir, "core.bin"), append([]byte{0x7f, 'E', 'L', 'F', 0, 0, 0}, make([]byte, 100)...), 0o644))
	must(os.Symlink(filepath.Join(dir, "gone.log"), filepath.Join(dir, "dangling.log")))
	must(syscall.Mkfifo(filepath.Join(dir, "pipe.log"), 0o644))
	locked := filepath.Join(dir, "locked.log")
	must(os.WriteFile(locked, []byte(overloadedLine), 0o000))
	var out, errb bytes.Buffer
	code := run([]string{"analyze", "-f", "json", dir}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Errorf("exit %d; stderr: %s", code, errb.String())
	}
	for _, want := range []string{"core.bin: skipped: binary file", "dangling.log: cannot read", "pipe.log: skipped: not a regular file"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	if os.Geteuid() != 0 && !strings.Contains(errb.String(), "locked.log") {
		t.Errorf("stderr does not name the unreadable file:\n%s", errb.String())
	}
	var r jsonReport
	must(jsonUnmarshal(out.Bytes(), &r))
	checkExpectation(t, r, expectation{want: []string{"overloaded"}})
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// repeatReader yields n copies of one byte without holding them.
type repeatReader struct {
	b byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), r.n)
	for i := range k {
		p[i] = r.b
	}
	r.n -= k
	return int(k), nil
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// gzipBomb compresses n bytes of one byte value (about n/1000 bytes of gzip).
func gzipBomb(n int64) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := io.Copy(zw, &repeatReader{b: 'A', n: n}); err != nil && !errors.Is(err, io.EOF) {
		panic(err)
	}
	zw.Close()
	return buf.Bytes()
}
