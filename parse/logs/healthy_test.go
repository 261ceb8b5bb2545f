package logs

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// healthyNext are lines that may follow a healthy call's line: the ones a plain record
// ends on (skipped by the consumer) and the ones that add to it or start another (read).
var healthyNext = []string{
	"2026-11-20 08:00:00,138 INFO worker: job 100001 done in 2.41 s", // neutral: ends the record
	"", // neutral: an empty line
	"2026-11-20 08:00:00,161 DEBUG urllib3.connectionpool: https://acme-out.s3.amazonaws.com:443 \"PUT /x HTTP/1.1\" 200 0",
	`{"id":"msg_01","type":"message","content":[{"type":"text","text":"hi"}]}`,          // a body after a 200
	`  {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,     // an indented body
	"    at Anthropic.makeRequest (/app/node_modules/@anthropic-ai/sdk/core.js:306:15)", // a stack frame
	"at Anthropic.makeRequest (/app/node_modules/@anthropic-ai/sdk/core.js:306:15)",     // a frame, not indented
	"2026-11-20 08:00:00,200 INFO anthropic._base_client: Retrying request to /v1/messages in 0.41 seconds",
	"2026-11-20 08:00:00,201 INFO anthropic._base_client: Retrying request to /v1/messages in 0.87 seconds (retry count 2)",
	"Traceback (most recent call last):",
	"anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'slow down'}}",
	"2026-11-20 08:00:00,300 ERROR app: upstream said \"HTTP/1.1 200 OK\" but the stream broke: API Error: 529 {\"type\":\"error\"}",
	"2026-11-20 08:00:00,301 ERROR app: failed with status 500 after \"HTTP/1.1 200 OK\"",
	"x-stainless-retry-count: 2",
	"\tcaused by: ECONNRESET",
	"08:00:01 clock only line",
	"·unicode first byte line",
	"\u00a0non-breaking space first",
	"curl -v https://api.anthropic.com/v1/messages",
	"< HTTP/1.1 200 OK",
	"request-id: req_011CSdk00000001",
	"   ",
}

// healthyLines are httpx lines of calls, most of them healthy.
var healthyLines = []string{
	`2026-11-20 08:00:00,119 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`,
	`2026-11-20 08:00:00,120 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages?beta=true "HTTP/1.1 200 OK"`,
	`2026-11-20 08:00:00,121 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages/count_tokens "HTTP/2 200 "`,
	`2026-11-20 08:00:00,122 INFO httpx: HTTP Request: POST /v1/messages "HTTP/1.1 200 OK"`,
	`2026-11-20 08:00:00,123 INFO httpx: HTTP Request: GET https://pypi.org/simple/anthropic/ "HTTP/1.1 200 OK"`,
	`2026-11-20 08:00:00,124 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "`,
	`2026-11-20 08:00:00,125 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 429 Too Many Requests"`,
	`2026-11-20 08:00:00,126 INFO httpx: HTTP Request:  POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`, // the regexp's
	`2026-11-20 08:00:00,127 INFO httpx: HTTP Request: post https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`,
	`2026-11-20 08:00:00,128 INFO httpx: HTTP Request: POST https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke "HTTP/1.1 200 OK"`,
	`2026-11-20 08:00:00,129 INFO httpx: HTTP Request: POST "https://api.anthropic.com/v1/messages" "HTTP/1.1 200 OK"`,
	`2026-11-20 08:00:00,130 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK" (retry 2)`,
	`2026-11-20 08:00:00,131 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200`,
	`  2026-11-20 08:00:00,132 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`,
}

// healthyLog is a service log at INFO: every healthy call's line followed by each kind of
// line in turn, in a random order.
func healthyLog(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 9))
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		b.WriteString(healthyLines[rng.IntN(len(healthyLines))])
		b.WriteByte('\n')
		for range rng.IntN(3) {
			b.WriteString(healthyNext[rng.IntN(len(healthyNext))])
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// TestHealthyLines: a healthy call's line and every kind of line after it give the same
// events through the block scanner (which ends a plain record on a neutral line without
// reading it) as line by line, in blocks of every size, and every pair of them alone.
func TestHealthyLines(t *testing.T) {
	saved := blockSize
	defer func() { blockSize = saved }()
	loc := time.FixedZone("X", 3600)
	cases := map[string][]byte{"random": healthyLog(20000, 1)}
	for i, h := range healthyLines {
		for j, n := range healthyNext {
			cases[fmt.Sprintf("pair %d %d", i, j)] = []byte(h + "\n" + n + "\n" + n + "\n" + h + "\n")
		}
	}
	for name, in := range cases {
		want, wf, werr := readLines(in, Options{Location: loc})
		for _, size := range []int{1, 4 << 10, 1 << 20} {
			blockSize = size
			got := &collect{}
			gf, gerr := Read(bytes.NewReader(in), "in.log", Options{Location: loc}, got)
			if gf != wf || fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Fatalf("%s, blocks of %d: format %s, error %v; line by line %s, %v", name, size, gf, gerr, wf, werr)
			}
			if g, w := transcript(got), transcript(want); g != w {
				t.Fatalf("%s, blocks of %d: block scanner and line reader differ:\n%s", name, size, firstDiff(g, w))
			}
		}
	}
}

// TestHealthyCounted: healthy calls are still events (a 200 each, for the rates and
// patterns), a 200 inside an error message is no healthy call, and a body after a 200 is
// never kept.
func TestHealthyCounted(t *testing.T) {
	ok := healthyLines[0] + "\n"
	tests := []struct {
		name     string
		in       string
		statuses []int
	}{
		{"three healthy", ok + healthyNext[0] + "\n" + ok + ok, []int{200, 200, 200}},
		{"a 200 then a body", ok + healthyNext[3] + "\n", []int{200}},
		{"a 200 in an error message", healthyNext[11] + "\n" + ok, []int{529, 200}},
		{"a 200, a retry, a 200", ok + healthyNext[7] + "\n" + ok, []int{200, 200}},
		{"not Claude", healthyLines[4] + "\n" + ok, []int{200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := readString(t, tt.in, Options{})
			var got []int
			for _, e := range c.events {
				got = append(got, e.Status)
				if e.Status == 200 && (e.Message != "" || e.Failed()) {
					t.Errorf("a healthy call kept as a failure: %+v", e)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.statuses) {
				t.Errorf("statuses %v, want %v", got, tt.statuses)
			}
		})
	}
}

// TestHealthyCheap: a healthy call's line costs no allocation once its URL is known.
func TestHealthyCheap(t *testing.T) {
	in := []byte(strings.Repeat(healthyLines[0]+"\n"+healthyNext[0]+"\n", 20000))
	read := func() {
		Read(bytes.NewReader(in), "in.log", Options{}, &nopCount{})
	}
	read()
	allocs := testing.AllocsPerRun(3, read)
	// The parser's own setup and the blocks cost a fixed few hundred; 20 000 calls
	// would cost one each or more.
	if allocs > 2000 {
		t.Errorf("%v allocations to read 20 000 healthy calls", allocs)
	}
}

// nopCount is a Sink that counts events.
type nopCount struct{ n int }

func (s *nopCount) Event(*event_) { s.n++ }
func (s *nopCount) Warn(warning_) {}

// TestNeutralMarked: the scanner marks the line after a healthy call's line as neutral
// when it only ends the record, and not when it adds to it.
func TestNeutralMarked(t *testing.T) {
	dialectPrefilter()
	for j, n := range healthyNext {
		var sc scanner
		sc.cutAt, sc.loc = 1<<20, time.UTC
		b := &block{buf: []byte(healthyLines[0] + "\n" + n + "\n")}
		sc.scan(b)
		if len(b.hits) == 0 || b.hits[0].line != 0 {
			t.Fatalf("%q: the healthy line is no hit", n)
		}
		// Lines of the app's own (no keyword, no shape, no indent, no frame) and empty ones.
		want := map[int]bool{0: true, 1: true, 2: true, 13: true, 15: true, 16: true, 17: true, 20: true, 21: true}[j]
		if got := b.hits[0].nextNeutral; got != want {
			t.Errorf("%q: nextNeutral %v, want %v", n, got, want)
		}
	}
}
