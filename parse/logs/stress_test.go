package logs

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/internal/heaptest"
)

// repeatReader yields n bytes of c, then tail: a huge input without holding it.
type repeatReader struct {
	n    int64
	c    byte
	tail *strings.Reader
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return r.tail.Read(p)
	}
	k := int64(len(p))
	if k > r.n {
		k = r.n
	}
	for i := range p[:k] {
		p[i] = r.c
	}
	r.n -= k
	return int(k), nil
}

// TestHugeLine reads a single 300 MB line: one warning naming its line and offset, bounded
// memory, and the line after it still read.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("300 MB line")
	}
	const size = 300 << 20
	tail := "\nAPI Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n"
	in := io.MultiReader(strings.NewReader("first line\n"), &repeatReader{n: size, c: 'x', tail: strings.NewReader(tail)})

	c := &collect{}
	var err error
	peak := heaptest.Peak(2*time.Millisecond, func() { _, err = Read(in, "huge.log", Options{}, c) })
	if err != nil {
		t.Fatal(err)
	}
	if len(c.warnings) != 1 {
		t.Fatalf("warnings = %v, want one", c.warnings)
	}
	w := c.warnings[0]
	if w.Source.Line != 2 || w.Source.Offset != 11 || !strings.Contains(w.Msg, "line 2 at byte 11") || !strings.Contains(w.Msg, fmt.Sprint(size)) {
		t.Errorf("warning = %+v", w)
	}
	if len(c.events) != 1 || c.events[0].Status != 529 || c.events[0].Source.Line != 3 || c.events[0].Source.Offset != 11+size+1 {
		t.Errorf("events after the huge line:\n%s", dump(c.events))
	}
	if p := peak; p > 64<<20 {
		t.Errorf("peak HeapInuse = %d MB, want < 64 MB", p>>20)
	}
	t.Logf("peak HeapInuse %.1f MB", float64(peak)/(1<<20))
}

// TestHugeBodyLine: a line over the kept head that starts as an error body is still read
// from its head.
func TestHugeBodyLine(t *testing.T) {
	head := `{"type":"error","error":{"type":"overloaded_error","message":"`
	in := io.MultiReader(strings.NewReader(head), &repeatReader{n: 1 << 20, c: 'y', tail: strings.NewReader("\"}}\n")})
	c := &collect{}
	if _, err := Read(in, "big.json", Options{}, c); err != nil {
		t.Fatal(err)
	}
	if len(c.warnings) != 1 || len(c.events) != 1 || c.events[0].ErrorType != "overloaded_error" {
		t.Errorf("warnings %v\n%s", c.warnings, dump(c.events))
	}
}

// Fake secrets of the real shapes.
var (
	fakeKey   = "sk-ant-api03-" + strings.Repeat("Qx7Lm2Np9Rt4", 7) + "Vb3Zc8Kd1" + "AA"
	fakeOAuth = "sk-ant-oat01-" + strings.Repeat("Hj5Kl8Mn2Pq6", 7) + "Wx4Yz7Ab3" + "AA"
	fakeSID   = "sk-ant-sid01-" + strings.Repeat("Zq8Wm3Lp5Rt7", 7) + "Yv2Bn4Xc6" + "AA"
	fakeJWT   = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	fakeAWS   = "AKIAIOSFODNN7EXAMPLE"
)

// TestRedaction plants secrets in every dialect's lines and checks that none reaches an
// event or a warning.
func TestRedaction(t *testing.T) {
	in := strings.Join([]string{
		`anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key: ` + fakeKey + `'}}`,
		`> POST /v1/messages HTTP/2`,
		`> Host: api.anthropic.com`,
		`> x-api-key: ` + fakeKey,
		`> Authorization: Bearer ` + fakeOAuth,
		`> Cookie: sessionKey=` + fakeSID + `; other=1`,
		`>`,
		`< HTTP/2 401`,
		`< set-cookie: sessionKey=` + fakeSID + `; Path=/; Secure`,
		`< x-api-key: ` + fakeKey,
		`< request-id: req_011CRedact`,
		`<`,
		`{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key ` + fakeKey + `"}}`,
		``,
		`API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"Invalid bearer token: Bearer ` + fakeJWT + `"}}`,
		`ANTHROPIC_API_KEY=` + fakeKey + ` CLAUDE_CODE_OAUTH_TOKEN=` + fakeOAuth + ` API Error: 500 Internal server error`,
		`Unable to connect to API (ECONNRESET) env: ANTHROPIC_API_KEY=` + fakeKey + ` AWS_ACCESS_KEY_ID=` + fakeAWS,
		`{"level":"error","url":"https://api.anthropic.com/v1/messages?key=` + fakeKey + `","status":401,"error":{"type":"authentication_error","message":"x-api-key: ` + fakeKey + `"},"api_key":"` + fakeKey + `"}`,
		`level=error url=https://user:` + fakeKey + `@api.anthropic.com/v1/messages status=401 msg="auth failed for ` + fakeKey + `"`,
		`litellm.AuthenticationError: AnthropicException - b'{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key ` + fakeKey + `"}}'`,
		`POST "https://api.anthropic.com/v1/messages": 401 Unauthorized (Request-ID: req_011CGoR) {"type":"error","error":{"type":"authentication_error","message":"sessionKey=` + fakeSID + `"}}`,
		`Traceback (most recent call last):`,
		`  File "/app/x.py", line 3, in <module>`,
		`    client = Anthropic(api_key="` + fakeKey + `")`,
		`anthropic.APIConnectionError: Connection error. headers={'Authorization': 'Bearer ` + fakeOAuth + `'}`,
		`Claude AI usage limit reached|1767225600 sessionKey=` + fakeSID,
		"\x00binary " + fakeKey,
	}, "\n") + "\n"
	c, _ := readString(t, in, Options{})
	if len(c.events) < 10 {
		t.Errorf("only %d events:\n%s", len(c.events), dump(c.events))
	}
	var all strings.Builder
	for _, e := range c.events {
		fmt.Fprintf(&all, "%+v\n", e)
	}
	for _, w := range c.warnings {
		fmt.Fprintf(&all, "%+v\n", w)
	}
	out := all.String()
	for _, secret := range []string{fakeKey, fakeOAuth, fakeSID, fakeJWT, fakeAWS} {
		core := secret[len(secret)/2-8 : len(secret)/2+8] // any long piece of it is a leak
		if strings.Contains(out, core) {
			t.Errorf("secret %s… leaked:\n%s", secret[:16], out)
		}
	}
}

func fuzzSeeds(f *testing.F) {
	for _, pattern := range []string{"../../testdata/logs/*", "../../../shared/logs-public/0*"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if strings.HasSuffix(p, ".want") || strings.HasSuffix(p, ".gz") {
				continue
			}
			if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	for _, tc := range dialectCases {
		f.Add([]byte(tc.in))
	}
}

// FuzzRead: any input is read without panic, every event has a source line, and no
// event string is longer than the bound.
func FuzzRead(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, format := range []Options{{}, {Format: "json"}} {
			c := &collect{}
			if _, err := Read(bytes.NewReader(b), "fuzz", format, c); err != nil {
				t.Fatal(err)
			}
			for _, e := range c.events {
				if e.Source.Line < 1 {
					t.Fatalf("event without a line: %+v", e)
				}
				for _, s := range []string{e.Message, e.Detail, e.Exception, e.NetError, e.ErrorType} {
					if len(s) > 4*1024 {
						t.Fatalf("unbounded field (%d bytes)", len(s))
					}
				}
			}
		}
	})
}

// FuzzTimestamp: findTime never panics and what it finds is a real date.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{"2026-11-20T08:14:03.123+01:00 x", "2026-11-20 08:14:03,123", "Nov  5 08:14:03 h",
		"18:28:43 [ERROR]", "2026/11/20 08:14:03", "2026-11-20T08:14:03-9", "2026-11-20T08:14:03.9999999999999Z"} {
		f.Add([]byte(s))
	}
	ref := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := findTime(b, time.UTC, ref)
		if ok && (got.Year() < 1970 || got.Year() > 2201) {
			t.Fatalf("findTime(%q) = %v", b, got)
		}
		cleanLine(nil, b)
	})
}

// BenchmarkRead reads a generated ~50 MB CI-style log with ~1% Claude failures in mixed
// dialects.
func BenchmarkRead(b *testing.B) {
	data := genCILog(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c := &countSink{}
		if _, err := Read(bytes.NewReader(data), "ci.log", Options{}, c); err != nil {
			b.Fatal(err)
		}
		if c.failures == 0 {
			b.Fatal("no failures")
		}
	}
}

type countSink struct{ events, failures, warnings int }

func (c *countSink) Event(e *event_) {
	c.events++
	if isFailure(e) {
		c.failures++
	}
}
func (c *countSink) Warn(w warning_) { c.warnings++ }

// genCILog builds a CI log of about n bytes: build and test noise, JSON-lines records,
// and one Claude failure in about a hundred lines, in rotating dialects.
func genCILog(n int) []byte {
	noise := []string{
		"2026-11-20T22:00:05.0000000Z added 1529 packages, and audited 1530 packages in 4s",
		"2026-11-20T22:00:09.1000000Z   ✓ maps 429 to retry (3 ms)",
		"2026-11-20T22:00:09.3000000Z Tests:       412 passed, 412 total",
		"worker: processed 429 items in 529 ms",
		"[2026-11-20 08:14:02,118 - httpx:1025 - INFO] HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 200 OK\"",
		"    at Object.<anonymous> (/home/runner/work/app/app/src/index.test.ts:42:13)",
		`{"ts":"2026-11-20T18:00:00.000Z","level":"info","msg":"request","method":"GET","path":"/healthz","status":200,"duration_ms":2}`,
		"=== RUN   TestStatus/529",
		"--- PASS: TestStatus/529 (0.00s)",
		"\x1b[32m✓\x1b[39m src/status.test.ts \x1b[2m(5 tests)\x1b[22m \x1b[33m529ms\x1b[39m",
		"go: downloading golang.org/x/net v0.62.0",
		"time=2026-11-20T19:00:00Z level=info msg=\"started\" port=5000",
	}
	failures := []string{
		"anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}, 'request_id': 'req_011CBench'}",
		"  ⎿  API Error (529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}) · Retrying in 4 seconds… (attempt 4/10)",
		"InternalServerError: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
		"[2026-11-20 08:14:03,123 - httpx:1025 - INFO] HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 529 \"",
		"botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the InvokeModel operation: Too many tokens, please wait before trying again.",
		"litellm.InternalServerError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}",
		`{"ts":"2026-11-20T18:00:02.500Z","level":"error","url":"https://api.anthropic.com/v1/messages","status":529,"error":{"type":"overloaded_error","message":"Overloaded"}}`,
		"Error: getaddrinfo ENOTFOUND api.anthropic.com",
	}
	var buf bytes.Buffer
	buf.Grow(n + 1024)
	for i := 0; buf.Len() < n; i++ {
		if i%100 == 99 {
			buf.WriteString(failures[(i/100)%len(failures)])
		} else {
			buf.WriteString(noise[i%len(noise)])
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// BenchmarkReadFile reads the log named by $CLAUDELOG_BENCH_LOG (scripts/bench.sh writes
// one), to profile the parser on the benchmark's own input.
func BenchmarkReadFile(b *testing.B) {
	path := os.Getenv("CLAUDELOG_BENCH_LOG")
	if path == "" {
		b.Skip("CLAUDELOG_BENCH_LOG is not set")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Read(f, path, Options{}, &countSink{}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
