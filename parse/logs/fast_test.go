package logs

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"

	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

// readLines reads an input with the line-by-line reader, the reference for the block
// scanner.
func readLines(in []byte, opts Options) (*collect, model.Format, error) {
	c := &collect{}
	p := newParser(bytes.NewReader(in), "in.log", opts, c)
	p.lineByLine = true
	p.run()
	return c, p.format, p.lr.Err()
}

// transcript prints everything a read produced, to compare two reads.
func transcript(c *collect) string {
	var b strings.Builder
	for _, e := range c.events {
		fmt.Fprintf(&b, "E %+v\n", e)
	}
	for _, w := range c.warnings {
		fmt.Fprintf(&b, "W %+v\n", w)
	}
	return b.String()
}

// blockCorpus is every log the tests know, alone and run together (so that records cross
// block boundaries), plus generated CI logs and the pathological lines.
func blockCorpus(t *testing.T) map[string][]byte {
	out := map[string][]byte{}
	var all bytes.Buffer
	files, _ := filepath.Glob("../../testdata/logs/*")
	public, _ := filepath.Glob("../../../shared/logs-public/0*")
	anchor, _ := filepath.Glob("testdata/anchor/*.log") // pastes, and long logs that name Claude
	files = append(files, anchor...)
	for _, f := range append(files, public...) {
		if strings.HasSuffix(f, ".want") {
			continue
		}
		b := readInput(t, f)
		out[filepath.Base(f)] = b
		all.Write(b)
		all.WriteByte('\n')
	}
	// Enough copies that block boundaries fall everywhere, each copy shifted by a byte.
	var many bytes.Buffer
	for i := 0; many.Len() < 1<<20; i++ {
		many.WriteString(strings.Repeat(" ", i%7))
		many.Write(all.Bytes())
	}
	out["all"] = many.Bytes()
	out["ci-2MiB"] = genCILog(2 << 20)
	for name, in := range pathologicalLines() {
		out["patho-"+name] = []byte(in + "\n" + overloaded)
	}
	out["long lines"] = []byte(strings.Repeat("x", 200<<10) + "\nAPI Error: 529\n" + strings.Repeat("y", 64<<10) + "\n" +
		strings.Repeat("z", 64<<10-1) + "\n" + overloaded + strings.Repeat("q", 300<<10))
	out["no final newline"] = []byte(overloaded + "anthropic.RateLimitError: Error code: 429")
	// Coloured lines with the runner's stamp before hits with and without a time of their
	// own: the time of the skipped line is taken from a stamp the scanner cleaned.
	var coloured strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&coloured, "2026-11-20T08:%02d:%02d.0000000Z \x1b[32mstep %d ok\x1b[0m\n", i/60%60, i%60, i)
		switch i % 3 {
		case 0:
			coloured.WriteString("\x1b[31mAPI Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\x1b[0m\n")
		case 1:
			fmt.Fprintf(&coloured, "\x1b[31m2026-11-20T10:00:%02d.0000000Z\x1b[0m Error: getaddrinfo ENOTFOUND api.anthropic.com\n", i%60)
		}
	}
	out["coloured stamps"] = []byte(coloured.String())
	out["left out"] = leftOutCorpus()
	out["httpx"] = httpxCorpus()
	out["service"] = genServiceLog(1 << 20)
	out["binary"] = append([]byte("caf\xe9 \xff\xfe broken\n\x00\x00\n"), overloaded...)
	rng := rand.New(rand.NewPCG(7, 8))
	mixed := make([]byte, 0, 1<<20)
	lines := bytes.Split(many.Bytes(), []byte("\n"))
	for len(mixed) < 1<<20 {
		mixed = append(mixed, lines[rng.IntN(len(lines))]...)
		mixed = append(mixed, '\n')
	}
	out["shuffled"] = mixed
	return out
}

// httpxCorpus is a Python service's log: httpx's request lines (the consumer's fast path,
// parser.readHTTPX) in every setting the line reader treats otherwise: with a time of its
// own, a clock dated from the line before, the runner's stamp, no time; to Claude and to
// others; with another dialect's keyword; under an open record (a traceback, a body, a
// stack trace); next to retries, neutral lines and indented ones.
func httpxCorpus() []byte {
	heads := []string{
		"2026-11-20 08:%02d:%02d,119 INFO httpx: ",
		"2026-11-20T08:%02d:%02d.0150000Z ",
		"%02d:%02d:01 INFO httpx: ",
		"Nov 20 08:%02d:%02d host app[12]: ",
		"[2026-11-20T08:%02d:%02d+01:00] ",
		"",
		"  ",
		"2026-11-20T08:%02d:%02d.0150000Z 2026-11-21 09:%02d:00 ",
	}
	tails := []string{
		`HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`,
		`HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "`,
		`HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 429 Too Many Requests"`,
		`HTTP Request: GET https://pypi.org/simple/anthropic/ "HTTP/1.1 503 Service Unavailable"`,
		`HTTP Request: POST https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke "HTTP/1.1 200 OK"`,
		`HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK" Error: ECONNRESET`,
		`HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/2 500 Internal Server Error"`,
		`HTTP Request: post https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`,
		`HTTP Request: POST /v1/messages "HTTP/1.1 200 OK"`,
		`HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200`,
	}
	others := []string{
		"2026-11-20 08:00:03,322 INFO anthropic._base_client: Retrying request to /v1/messages in 0.455000 seconds",
		"2026-11-20 08:00:03,350 ERROR worker: job failed",
		"Traceback (most recent call last):\n  File \"/usr/lib/python3.12/site-packages/anthropic/_base_client.py\", line 1047, in request\n" +
			"    raise self._make_status_error_from_response(err.response) from None",
		"anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'slow down'}, 'request_id': 'req_011CSdk00000024'}",
		"API Error: 529 {\"type\":\"error\",",
		"    at Object.<anonymous> (/app/index.js:3:9)",
		"  indented continuation",
		"",
		"2026-11-20 08:00:03,607 INFO summarizer: wrote 1429 tokens to s3://acme-out/summaries/100025.md",
		"2026-11-20 08:00:05,999 DEBUG urllib3.connectionpool: https://acme-out.s3.amazonaws.com:443 \"PUT /x.md HTTP/1.1\" 200 0",
		"23:59:59 tick",
	}
	rng := rand.New(rand.NewPCG(18, 6))
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		if rng.IntN(3) == 0 {
			b.WriteString(others[rng.IntN(len(others))])
			b.WriteByte('\n')
			continue
		}
		head := heads[rng.IntN(len(heads))]
		switch strings.Count(head, "%") {
		case 2:
			head = fmt.Sprintf(head, i/60%60, i%60)
		case 3:
			head = fmt.Sprintf(head, i/60%60, i%60, i%24)
		}
		b.WriteString(head + tails[rng.IntN(len(tails))] + "\n")
	}
	return []byte(b.String())
}

// leftOutCorpus is lines the scanner may leave out by a dialect's idle test (logfmt
// records of the app's own, "status: ok", a mirror's network error) next to ones it must
// not, each followed now and then by a line without a time of its own, whose event takes
// the last time read: the line-by-line reader reads every line, so any line left out
// wrongly, or a record time that differs from the line's, shows in the events.
func leftOutCorpus() []byte {
	rng := rand.New(rand.NewPCG(11, 12))
	base := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	lines := []func(t time.Time) string{
		func(t time.Time) string { return "level=info msg=request method=GET path=/healthz status=200" },
		func(t time.Time) string {
			return "time=" + t.Format(time.RFC3339Nano) + " level=info msg=\"request\" path=/healthz status=200 duration_ms=2"
		},
		func(t time.Time) string {
			return "level=info msg=request status=200 ts=" + t.Add(-time.Hour).Format(time.RFC3339) // a record time unlike the line's
		},
		func(t time.Time) string { return "level=info status=200 path=/x time=" + t.Format("15:04:05") },   // a clock
		func(t time.Time) string { return `level=info status=200 path=/x date="Feb 29 08:00:01"` },         // syslog, leap day
		func(t time.Time) string { return fmt.Sprintf("level=info status=200 path=/x ts=%d.5", t.Unix()) }, // epoch
		func(t time.Time) string {
			return "level=info status=200 path=/x T=" + t.Add(time.Minute).Format(time.RFC3339)
		}, // upper-case key
		func(t time.Time) string { return "level=error status=529 path=/v1/messages msg=overloaded" },          // a Claude path
		func(t time.Time) string { return "level=error status=529 url=https://api.anthropic.com/v1/messages" }, // Claude's host
		func(t time.Time) string { return `level=error err="API\u0020Error: 529" status=500 x=1` },             // an escape
		func(t time.Time) string { return "level=error status=500 path=/v1%2Fmessages x=1" },                   // a percent sign
		func(t time.Time) string { return "status=200 x=1" },                                                   // two pairs
		func(t time.Time) string { return "took 529 ms; status: ok" },
		func(t time.Time) string { return `[message: "Overloaded", status: 529, type: "overloaded_error"]` },
		func(t time.Time) string { return "npm ERR! code ECONNRESET while fetching registry.npmjs.org/left-pad" },
		func(t time.Time) string { return "Error: read ECONNRESET at api.anthropic.com" },
		func(t time.Time) string { return "socket hang up while calling api.anthropic.com" }, // only the network's words
		func(t time.Time) string { return "ValueError: invalid literal for int() with base 10: 'abc'" },
		func(t time.Time) string { return "Error: Process completed with exit code 1." },
		func(t time.Time) string { return "APIConnectionError: Connection error." },
		func(t time.Time) string { return "Error: 529 {\"type\":\"error\"}" },
		func(t time.Time) string { return "Error: 529 {}" },
		func(t time.Time) string { // a record whose message another dialect reads, though not on the whole line
			return `level=error x=1 err="httpx.ReadTimeout: timed out"`
		},
		func(t time.Time) string {
			return "level=info msg=\"anthropic call ok\" status=200 ts=" + t.Format(time.RFC3339)
		},
	}
	var b strings.Builder
	t := base
	for i := range 6000 {
		t = t.Add(time.Duration(rng.IntN(3000)) * time.Millisecond)
		line := lines[rng.IntN(len(lines))](t)
		switch rng.IntN(3) {
		case 0: // the runner's stamp
			b.WriteString(t.Format("2006-01-02T15:04:05.0000000Z") + " " + line + "\n")
		case 1: // a stamp of the app's own
			b.WriteString(t.Format("2006-01-02 15:04:05,000") + " " + line + "\n")
		default:
			b.WriteString(line + "\n")
		}
		if i%7 == 0 {
			b.WriteString("API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n")
		}
	}
	return []byte(b.String())
}

const overloaded = "2026-11-20 09:14:03,120 - anthropic._base_client - INFO - HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 529 \"\n" +
	"anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}\n"

// TestBlocksMatchLines reads every input with the block scanner and with the line-by-line
// reader: the events and warnings must be the same, field for field, whatever the block
// size.
func TestBlocksMatchLines(t *testing.T) {
	saved := blockSize
	defer func() { blockSize = saved }()
	loc := time.FixedZone("X", 3600)
	for name, in := range blockCorpus(t) {
		want, wf, werr := readLines(in, Options{Location: loc})
		for _, size := range []int{1, 100 << 10, 1 << 20} {
			blockSize = size
			got := &collect{}
			gf, gerr := Read(bytes.NewReader(in), "in.log", Options{Location: loc}, got)
			if gf != wf || fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Errorf("%s, blocks of %d: format %s, error %v; line by line %s, %v", name, size, gf, gerr, wf, werr)
			}
			if g, w := transcript(got), transcript(want); g != w {
				t.Errorf("%s, blocks of %d: block scanner and line reader differ:\n%s", name, size, firstDiff(g, w))
			}
		}
	}
}

// TestScannerMasks: the keyword groups the scanner hands the consumer are those the
// consumer would find on the line it reads (sanitized and cleaned, as handle does).
func TestScannerMasks(t *testing.T) {
	pf := dialectPrefilter()
	checked := 0
	for name, in := range blockCorpus(t) {
		var sc scanner
		sc.cutAt, sc.loc = 1<<20, time.UTC
		b := &block{buf: in}
		sc.scan(b)
		p := newParser(bytes.NewReader(nil), "in.log", Options{}, &collect{})
		for _, h := range b.hits {
			off := int(h.off)
			end := bytes.IndexByte(in[off:], '\n')
			next := off + end + 1
			if end < 0 {
				end, next = len(in)-off, len(in)
			}
			if int(h.end) != off+end || int(h.next) != next {
				t.Fatalf("%s: the hit at %d ends at %d, next at %d; the line ends at %d, the next at %d", name, off, h.end, h.next, off+end, next)
			}
			if h.mask == 0 {
				continue
			}
			line, _ := cleanLine(nil, p.sanitize(trimEOL(in[off:off+end]), 1, 0))
			if want := pf.scan(line); h.mask != want {
				t.Fatalf("%s: line %q: scanner's mask %b, the consumer's %b", name, line, h.mask, want)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d lines with masks checked", checked)
	}
}

// TestBlocksReadError: a read error ends the input at the same line, with the same warning.
func TestBlocksReadError(t *testing.T) {
	in := []byte(overloaded + strings.Repeat("filler line\n", 30000) + "partial li")
	mk := func() io.Reader { return io.MultiReader(bytes.NewReader(in), errReader{io.ErrUnexpectedEOF}) }
	want := &collect{}
	p := newParser(mk(), "in.log", Options{}, want)
	p.lineByLine = true
	p.run()
	got := &collect{}
	if _, err := Read(bufio.NewReaderSize(mk(), 64<<10), "in.log", Options{}, got); err == nil {
		t.Error("no read error")
	}
	if g, w := transcript(got), transcript(want); g != w {
		t.Errorf("block scanner and line reader differ:\n%s", firstDiff(g, w))
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d of %d/%d:\n blocks: %s\n lines:  %s", i+1, len(g), len(w), a, b)
		}
	}
	return ""
}

// BenchmarkScanner measures the scanners alone, on one core: the bytes per second a core
// marks, the ceiling of the block reader.
func BenchmarkScanner(b *testing.B) {
	dialectPrefilter()
	data := genCILog(8 << 20)
	blk := &block{buf: data}
	sc := scanner{cutAt: maxLine, loc: time.UTC}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		blk.hits, blk.httpx = blk.hits[:0], blk.httpx[:0]
		sc.scan(blk)
	}
}

// BenchmarkReadService reads a generated ~50 MB log of a Python service on the SDK, the
// shape of the benchmark: one line in six is httpx's request line (the scanner's
// httpx fast path, parser.readHTTPX), 1% of calls fail with a traceback.
func BenchmarkReadService(b *testing.B) {
	data := genServiceLog(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c := &countSink{}
		if _, err := Read(bytes.NewReader(data), "service.log", Options{}, c); err != nil {
			b.Fatal(err)
		}
		if c.failures == 0 {
			b.Fatal("no failures")
		}
	}
}

// genServiceLog builds a Python service's log of about n bytes: its own INFO lines, httpx's
// request line for every sixth, and a failed call with its traceback for one call in a
// hundred.
func genServiceLog(n int) []byte {
	own := []string{
		`INFO uvicorn.access: 10.0.3.17:52114 - "GET /healthz HTTP/1.1" 200`,
		"INFO summarizer: wrote 1429 tokens to s3://acme-out/summaries/%d.md",
		"INFO summarizer: chunk 2/3 of job %d",
		"INFO worker: job %d done in 2.41 s",
		`DEBUG urllib3.connectionpool: https://acme-out.s3.amazonaws.com:443 "PUT /summaries/%d.md HTTP/1.1" 200 0`,
		"INFO worker: loaded 14 documents (52311 bytes) for job %d",
		"INFO worker: picked job %d from queue summaries",
	}
	var buf bytes.Buffer
	buf.Grow(n + 4096)
	t := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	stamp := func() string {
		t = t.Add(23 * time.Millisecond)
		return t.Format("2006-01-02 15:04:05") + fmt.Sprintf(",%03d ", t.Nanosecond()/1e6)
	}
	for i := 0; buf.Len() < n; i++ {
		switch {
		case i%600 == 599:
			buf.WriteString(stamp() + "INFO anthropic._base_client: Retrying request to /v1/messages in 0.455000 seconds\n")
			buf.WriteString(stamp() + `INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "` + "\n")
			buf.WriteString(stamp() + "ERROR worker: job failed\nTraceback (most recent call last):\n" +
				"  File \"/app/worker.py\", line 88, in run_job\n" +
				"    resp = client.messages.create(model=\"claude-sonnet-4-5\", max_tokens=1024, messages=msgs)\n" +
				"  File \"/usr/lib/python3.12/site-packages/anthropic/_base_client.py\", line 1047, in request\n" +
				"    raise self._make_status_error_from_response(err.response) from None\n")
			fmt.Fprintf(&buf, "anthropic._exceptions.OverloadedError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}, 'request_id': 'req_011CSdk%08d'}\n", i)
		case i%6 == 5:
			buf.WriteString(stamp() + `INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"` + "\n")
		default:
			line := own[(i*7+i/6)%len(own)]
			if strings.Contains(line, "%d") {
				line = fmt.Sprintf(line, 100000+i/6)
			}
			buf.WriteString(stamp() + line + "\n")
		}
	}
	return buf.Bytes()
}

// BenchmarkReadLines is BenchmarkRead with the line-by-line reader, to show what the block
// scanner gains.
func BenchmarkReadLines(b *testing.B) {
	data := genCILog(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c := &countSink{}
		p := newParser(bytes.NewReader(data), "ci.log", Options{}, c)
		p.lineByLine = true
		p.run()
		if c.failures == 0 {
			b.Fatal("no failures")
		}
	}
}

// TestStripRunnerStamp compares stripRunnerStamp, with its fast path for GitHub's stamp,
// with a search for the first space, on stamps with a space or a byte changed anywhere.
func TestStripRunnerStamp(t *testing.T) {
	base := "2026-11-20T08:00:00.0150000Z 01O+ API Error: 529"
	rng := rand.New(rand.NewPCG(4, 4))
	var inputs []string
	for i := 0; i <= len(base); i++ {
		inputs = append(inputs, base[:i])
		for _, c := range []byte{' ', 'Z', '\t', 'x', '\xa0'} {
			b := []byte(base)
			if i < len(b) {
				b[i] = c
				inputs = append(inputs, string(b))
			}
		}
	}
	for range 20000 {
		b := []byte(base)
		for range 1 + rng.IntN(3) {
			b[rng.IntN(len(b))] = " Z0T-:."[rng.IntN(7)]
		}
		inputs = append(inputs, string(b[:rng.IntN(len(b)+1)]))
	}
	for _, s := range inputs {
		b := []byte(s)
		want := -1
		if len(b) >= 21 && b[4] == '-' && b[7] == '-' && b[10] == 'T' && isDigit(b[0]) {
			if sp := bytes.IndexByte(b[:min(len(b), 40)], ' '); sp >= 20 && b[sp-1] == 'Z' {
				want = sp
			}
		}
		_, stamp := stripRunnerStamp(b)
		got := -1
		if stamp != nil {
			got = len(stamp)
		}
		if got != want {
			t.Fatalf("stripRunnerStamp(%q): stamp of %d bytes, a search for the first space gives %d", s, got, want)
		}
	}
}

// TestFindAbsTime: when findAbsTime answers, findTime gives the same time whatever time
// came before; it answers for a full date first on the line.
func TestFindAbsTime(t *testing.T) {
	parts := []string{"2026-11-20 08:14:03", "2026-11-20T08:14:03.120Z", "08:14:03", "Feb 29 08:14:03", "Nov 20 08:14:03",
		"Nov  5 08:14:03", "2026/11/20 08:14:03", " ", "x", "INFO ", "[", "]", "1", "Z", ",120", " +0200", "2026-02-30 08:00:00"}
	refs := []time.Time{{}, time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC)}
	rng := rand.New(rand.NewPCG(6, 1))
	answered := 0
	for range 30000 {
		var sb strings.Builder
		for range rng.IntN(5) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		b := []byte(sb.String())
		got, ok := findAbsTime(b, time.UTC)
		if !ok {
			continue
		}
		answered++
		for _, ref := range refs {
			if want, wok := findTime(b, time.UTC, ref); !wok || !want.Equal(got) {
				t.Fatalf("findAbsTime(%q) = %v, findTime with ref %v gives %v, %v", b, got, ref, want, wok)
			}
		}
	}
	if answered < 1000 {
		t.Fatalf("only %d lines answered", answered)
	}
	if _, ok := findAbsTime([]byte("Feb 29 08:14:03 then 2026-11-20 08:14:03"), time.UTC); ok {
		t.Error("a syslog stamp before the date: the answer depends on the year before")
	}
}

// FuzzBlocksMatchLines: on any input, the block scanner (which leaves lines out) and the
// line-by-line reader (which reads them all) give the same events and warnings.
func FuzzBlocksMatchLines(f *testing.F) {
	for _, line := range strings.SplitAfter(string(leftOutCorpus()[:4096]), "\n") {
		f.Add([]byte(line + "API Error: 529 {\"type\":\"error\"}\n"))
	}
	f.Add([]byte(overloaded))
	for seed := range uint64(8) {
		f.Add(healthyLog(40, seed)) // healthy calls and what may follow them
	}
	loc := time.FixedZone("X", 3600)
	f.Fuzz(func(t *testing.T, in []byte) {
		want, wf, werr := readLines(in, Options{Location: loc})
		got := &collect{}
		gf, gerr := Read(bytes.NewReader(in), "in.log", Options{Location: loc}, got)
		if gf != wf || fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Fatalf("format %s, error %v; line by line %s, %v", gf, gerr, wf, werr)
		}
		if g, w := transcript(got), transcript(want); g != w {
			t.Fatalf("block scanner and line reader differ:\n%s", firstDiff(g, w))
		}
	})
}
