package gen

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The inputs of issue 18: logs as users have them, not as kind to the scanners as the CI
// log. Each is deterministic for a given size, as WriteLog is.

// sdkApp is what a Python service using the SDK logs at INFO between its calls (Python
// logging's "%(asctime)s %(levelname)s %(name)s: %(message)s"). %d is a running number.
var sdkApp = []string{
	"INFO worker: picked job %d from queue summaries",
	"INFO worker: loaded 14 documents (52311 bytes) for job %d",
	"INFO summarizer: chunk 2/3 of job %d",
	"INFO summarizer: wrote 1429 tokens to s3://acme-out/summaries/%d.md",
	"DEBUG urllib3.connectionpool: https://acme-out.s3.amazonaws.com:443 \"PUT /summaries/%d.md HTTP/1.1\" 200 0",
	"INFO worker: job %d done in 2.41 s",
	"WARNING worker: job %d took 3 attempts to fetch its input",
	"INFO uvicorn.access: 10.0.3.17:52114 - \"GET /healthz HTTP/1.1\" 200",
}

// sdkFail is one failed call as the Python SDK at INFO logs it: httpx's status line, the
// SDK's retry notes, then the exception the app logs. The %s verbs take a request id.
var sdkFail = [][]string{
	{
		`INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "`,
		`INFO anthropic._base_client: Retrying request to /v1/messages in 0.410000 seconds`,
		`INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "`,
		`INFO anthropic._base_client: Retrying request to /v1/messages in 0.872000 seconds`,
		`INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "`,
		`ERROR worker: job failed: anthropic.OverloadedError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}, 'request_id': '%s'}`,
	},
	{
		`INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 429 Too Many Requests"`,
		`INFO anthropic._base_client: Retrying request to /v1/messages in 7.000000 seconds`,
		`INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 429 Too Many Requests"`,
		`ERROR worker: job failed`,
		`Traceback (most recent call last):`,
		`  File "/app/worker.py", line 88, in run_job`,
		`    resp = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=msgs)`,
		`  File "/usr/lib/python3.12/site-packages/anthropic/_base_client.py", line 1047, in request`,
		`    raise self._make_status_error_from_response(err.response) from None`,
		`anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': "This request would exceed your organization's rate limit of 30,000 input tokens per minute (org: 3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f, model: claude-sonnet-4-6). For details, refer to: https://docs.claude.com/en/api/rate-limits."}, 'request_id': '%s'}`,
	},
	{
		`INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "`,
		`INFO anthropic._base_client: Retrying request to /v1/messages in 0.455000 seconds`,
		`INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "`,
		`ERROR worker: job failed`,
		`Traceback (most recent call last):`,
		`  File "/app/worker.py", line 88, in run_job`,
		`    resp = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=msgs)`,
		`  File "/usr/lib/python3.12/site-packages/anthropic/_base_client.py", line 1047, in request`,
		`    raise self._make_status_error_from_response(err.response) from None`,
		`anthropic._exceptions.OverloadedError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}, 'request_id': '%s'}`,
	},
}

// httpxOK is the line every successful call logs, the one that names Claude on one line
// in six.
const httpxOK = `INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`

// WriteSDKLog writes a log of about size bytes of a Python service calling Claude through
// the SDK at INFO level: each call is five lines of the app's own and httpx's status
// line, so one line in six names Claude; about one line in a hundred begins a failed call
// worded as the SDK words it (httpx's 429 or 529, the retry notes, the exception's repr,
// sometimes its traceback).
func WriteSDKLog(w *bufio.Writer, size int64) error {
	rng := rand.New(rand.NewPCG(7, 8))
	t := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var written int64
	var line []byte
	lines := 0
	for job := 0; written < size; job++ {
		// One failure for about every hundred lines: every 16th to 17th call.
		var group []string
		if job%50 == 7 || job%50 == 24 || job%50 == 41 {
			group = sdkFail[(job/17)%len(sdkFail)]
		}
		for k := 0; k < 6+len(group); k++ {
			t = t.Add(time.Duration(1+rng.IntN(40)) * time.Millisecond)
			line = line[:0]
			var text string
			switch {
			case k < 5:
				text = sdkApp[rng.IntN(len(sdkApp))]
				if strings.Contains(text, "%d") {
					text = fmt.Sprintf(text, 100000+job)
				}
			case k == 5 && group == nil:
				text = httpxOK
			case k == 5:
				text = `INFO worker: calling claude-sonnet-4-5 for job ` + strconv.Itoa(100000+job)
			default:
				text = group[k-6]
				if i := indexVerb(text); i >= 0 {
					text = text[:i] + fmt.Sprintf("req_011CSdk%08d", job) + text[i+2:]
				}
			}
			// A traceback's lines, its exception's included, carry no stamp.
			if text[0] != ' ' && !strings.HasPrefix(text, "Traceback") && !strings.HasPrefix(text, "anthropic.") {
				line = t.AppendFormat(line, "2006-01-02 15:04:05,000")
				line = append(line, ' ')
			}
			line = append(line, text...)
			line = append(line, '\n')
			n, err := w.Write(line)
			if err != nil {
				return err
			}
			written += int64(n)
			lines++
		}
	}
	return nil
}

// indexVerb finds the %s in a line, or -1.
func indexVerb(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == 's' {
			return i
		}
	}
	return -1
}

// denseFail are the failures of the dense log, each a record of one or more lines: Python
// tracebacks, SDK reprs, Claude Code's API Error lines, JSON app records. %s takes a
// request id, %d a varying number (so the texts are not all one string).
var denseFail = []string{
	"Traceback (most recent call last):\n  File \"/app/review.py\", line 30, in <module>\n    client.messages.create(model=\"claude-sonnet-4-5\", max_tokens=2048, messages=m)\n  File \"/venv/lib/python3.12/site-packages/anthropic/_base_client.py\", line 1047, in request\n    raise self._make_status_error_from_response(err.response) from None\nanthropic.OverloadedError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}, 'request_id': '%s'}",
	"anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit (%d)'}, 'request_id': '%s'}",
	"API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check https://status.claude.com.",
	"  ⎿  API Error (529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}) · Retrying in %d seconds… (attempt 4/10)",
	`{"ts":"@","level":"error","msg":"claude call failed","method":"POST","url":"https://api.anthropic.com/v1/messages","status":529,"duration_ms":%d,"request_id":"%s","error":{"type":"overloaded_error","message":"Overloaded"}}`,
	"anthropic.InternalServerError: Error code: 500 - {'type': 'error', 'error': {'type': 'api_error', 'message': 'Internal server error'}, 'request_id': '%s'}",
	"API Error: Request rejected (429) · Server is temporarily limiting requests (not your usage limit) · retrying in %d s",
	`{"ts":"@","level":"error","msg":"anthropic request failed","status":429,"request_id":"%s","error":{"type":"rate_limit_error","message":"This request would exceed your organization's rate limit of %d output tokens per minute."}}`,
	"Traceback (most recent call last):\n  File \"/app/worker.py\", line 88, in run_job\n    resp = client.messages.create(model=\"claude-sonnet-4-5\", max_tokens=1024, messages=msgs)\n  File \"/venv/lib/python3.12/site-packages/anthropic/_base_client.py\", line 1012, in request\n    raise APITimeoutError(request=request) from err\nanthropic.APITimeoutError: Request timed out.",
	"anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key'}, 'request_id': '%s'}",
}

// denseOK is the rest of the dense log: an app's lines, some naming Claude.
var denseOK = []string{
	"@ INFO worker: picked job %d from queue reviews",
	"@ INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 200 OK\"",
	"@ INFO reviewer: wrote review %d (1429 tokens)",
	"@ DEBUG pool: 4 idle connections, 0 busy",
	`{"ts":"@","level":"info","msg":"request","method":"GET","path":"/healthz","status":200,"duration_ms":%d}`,
	"@ INFO worker: job %d done in 2.41 s",
}

// WriteDenseLog writes a log of about size bytes in which about one line in five belongs
// to a failure (a traceback, an SDK repr, Claude Code's API Error lines, a JSON record),
// the worst case of the analysis path: nearly every failure becomes an event.
func WriteDenseLog(w *bufio.Writer, size int64) error {
	rng := rand.New(rand.NewPCG(9, 10))
	t := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var written int64
	var buf []byte
	ok, bad := 0, 0 // lines written of each kind, to keep bad at a fifth
	for i := 0; written < size; i++ {
		t = t.Add(time.Duration(1+rng.IntN(30)) * time.Millisecond)
		var tmpl string
		isBad := bad*5 < ok+bad
		if isBad {
			tmpl = denseFail[rng.IntN(len(denseFail))]
		} else {
			tmpl = denseOK[rng.IntN(len(denseOK))]
		}
		buf = buf[:0]
		lineStart := true
		for j := 0; j < len(tmpl); j++ {
			c := tmpl[j]
			switch {
			case c == '@':
				if tmpl[0] == '{' {
					buf = t.AppendFormat(buf, "2006-01-02T15:04:05.000Z")
				} else {
					buf = t.AppendFormat(buf, "2006-01-02 15:04:05,000")
				}
			case c == '%' && j+1 < len(tmpl) && tmpl[j+1] == 's':
				buf = fmt.Appendf(buf, "req_011CDense%08d", i)
				j++
			case c == '%' && j+1 < len(tmpl) && tmpl[j+1] == 'd':
				buf = strconv.AppendInt(buf, int64(1+rng.IntN(4000)), 10)
				j++
			case c == '\n':
				buf = append(buf, c)
				if isBad {
					bad++
				} else {
					ok++
				}
				lineStart = true
				continue
			default:
				if lineStart && isBad && j == 0 && tmpl[0] != '{' && tmpl[0] != ' ' && tmpl[0] != 'T' {
					buf = t.AppendFormat(buf, "2006-01-02 15:04:05,000 ERROR ")
				}
				buf = append(buf, c)
			}
			lineStart = false
		}
		buf = append(buf, '\n')
		if isBad {
			bad++
		} else {
			ok++
		}
		n, err := w.Write(buf)
		if err != nil {
			return err
		}
		written += int64(n)
	}
	return nil
}

// WriteProjects writes a Claude Code projects folder under dir: files session transcripts
// (<dir>/<project>/<session>.jsonl) in 40 project folders, each a conversation of about
// perFile bytes: user prompts, assistant replies with usage, tool calls and results. One
// session in eight had a failed turn: retries (system api_error records) then the
// synthetic assistant record with isApiErrorMessage. The texts are made up and carry no
// secret.
func WriteProjects(dir string, files int, perFile int) error {
	rng := rand.New(rand.NewPCG(11, 12))
	t := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for s := 0; s < files; s++ {
		project := fmt.Sprintf("-home-dev-project%02d", s%40)
		if err := os.MkdirAll(filepath.Join(dir, project), 0o755); err != nil {
			return err
		}
		sid := fmt.Sprintf("3f1c9a2e-%04x-4a2b-9c3d-%012x", s%65536, s)
		f, err := os.Create(filepath.Join(dir, project, sid+".jsonl"))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 64<<10)
		env := fmt.Sprintf(`"parentUuid":"p%d","isSidechain":false,"userType":"external","cwd":"/home/dev/project%02d","sessionId":"%s","version":"2.1.197","gitBranch":"main"`, s, s%40, sid)
		failAt := -1
		if s%8 == 3 {
			failAt = 2 + rng.IntN(5)
		}
		written := 0
		for turn := 0; written < perFile || turn <= failAt; turn++ {
			t = t.Add(time.Duration(5+rng.IntN(60)) * time.Second)
			ts := func() string { return t.Format("2006-01-02T15:04:05.000Z") }
			var rec []string
			rec = append(rec, fmt.Sprintf(`{%s,"type":"user","message":{"role":"user","content":"please look at the tests in package %d and fix the failing one"},"uuid":"u%d-%d","timestamp":"%s"}`, env, turn, s, turn, ts()))
			if turn == failAt {
				for a := 1; a <= 3; a++ {
					t = t.Add(time.Duration(a) * time.Second)
					rid := fmt.Sprintf("req_011CCc%06d%02d", s, a)
					rec = append(rec, fmt.Sprintf(`{%s,"type":"system","subtype":"api_error","level":"error","error":{"status":529,"headers":{"request-id":"%s","x-should-retry":"true"},"requestID":"%s","error":{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"%s"}},"retryInMs":%d,"retryAttempt":%d,"maxRetries":10,"uuid":"r%d-%d","timestamp":"%s"}`, env, rid, rid, rid, 500<<a, a, s, a, ts()))
				}
				rec = append(rec, fmt.Sprintf(`{%s,"type":"assistant","uuid":"e%d","timestamp":"%s","message":{"id":"m%d","container":null,"model":"<synthetic>","role":"assistant","stop_reason":"stop_sequence","stop_sequence":"","type":"message","usage":{"input_tokens":0,"output_tokens":0},"content":[{"type":"text","text":"API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check https://status.claude.com."}]},"error":"overloaded","isApiErrorMessage":true,"apiErrorStatus":529}`, env, s, ts(), s))
			} else {
				t = t.Add(time.Duration(2+rng.IntN(20)) * time.Second)
				rec = append(rec,
					fmt.Sprintf(`{%s,"message":{"model":"claude-sonnet-4-5-20250929","id":"msg_%d_%d","type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_%d_%d","name":"Bash","input":{"command":"go test ./pkg%d/..."}}],"stop_reason":"tool_use","usage":{"input_tokens":%d,"output_tokens":%d,"cache_read_input_tokens":%d}},"requestId":"req_011CCcOk%06d%03d","type":"assistant","uuid":"a%d-%d","timestamp":"%s"}`, env, s, turn, s, turn, turn, 10+rng.IntN(5000), 5+rng.IntN(900), rng.IntN(90000), s, turn%1000, s, turn, ts()),
					fmt.Sprintf(`{%s,"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_%d_%d","type":"tool_result","content":"--- FAIL: TestRetry (0.00s)\n    retry_test.go:41: got status 200, want 429\nFAIL\nFAIL\texample.com/app/pkg%d\t0.012s\nok  \texample.com/app/other\t0.031s"}]},"uuid":"t%d-%d","timestamp":"%s"}`, env, s, turn, turn, s, turn, ts()),
				)
				t = t.Add(time.Duration(2+rng.IntN(20)) * time.Second)
				rec = append(rec, fmt.Sprintf(`{%s,"message":{"model":"claude-sonnet-4-5-20250929","id":"msg_%d_%db","type":"message","role":"assistant","content":[{"type":"text","text":"The test expected a 429 from the mock server, but the handler returns 200 when the rate limiter is disabled. I changed the test to enable the limiter first; it passes now."}],"stop_reason":"end_turn","usage":{"input_tokens":%d,"output_tokens":%d}},"requestId":"req_011CCcOk%06d%03db","type":"assistant","uuid":"b%d-%d","timestamp":"%s"}`, env, s, turn, 10+rng.IntN(5000), 5+rng.IntN(900), s, turn%1000, s, turn, ts()))
			}
			for _, r := range rec {
				n, err := w.WriteString(r + "\n")
				if err != nil {
					f.Close()
					return err
				}
				written += n
			}
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}
