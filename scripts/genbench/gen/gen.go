// Package gen writes the inputs of scripts/bench.sh and of the pipeline benchmarks: a
// CI-style log with about 1% of its lines Claude errors in mixed dialects, a HAR of Claude
// calls with base64 bodies, and a HAR whose one entry has a huge body. The output is
// deterministic for a given size, so runs on different days compare.
package gen

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// noise is what a CI job prints that has nothing to do with Claude, including lines that
// share numbers and words with Claude's errors (a test named 529, "Error: Process
// completed with exit code 0") so that a tool cannot win by matching a digit.
var noise = []string{
	"added 1529 packages, and audited 1530 packages in 4s",
	"found 0 vulnerabilities",
	"> app@1.0.0 test",
	"> jest --ci --reporters=default",
	"PASS src/parser.test.ts (5.29 s)",
	"  ✓ maps 429 to retry (3 ms)",
	"  ✓ maps 529 to overloaded in the UI (2 ms)",
	"  ✓ renders a 500 page (12 ms)",
	"Tests:       412 passed, 412 total",
	"Time:        5.293 s",
	"worker: processed 429 items in 529 ms",
	"server: listening on port 5000",
	"cache: 401 hits, 403 misses, 404 evictions",
	"=== RUN   TestRetryAfter",
	"--- PASS: TestRetryAfter (0.00s)",
	"=== RUN   TestStatus/529",
	"--- PASS: TestStatus/529 (0.00s)",
	"ok  \texample.com/client\t0.012s",
	"go: downloading golang.org/x/net v0.62.0",
	"go: downloading github.com/spf13/pflag v1.1.0",
	"#12 [build 4/9] RUN go build -trimpath -o /out/app ./cmd/app",
	"#12 DONE 41.3s",
	"#13 [stage-1 2/3] COPY --from=build /out/app /usr/local/bin/app",
	"Step 7/12 : RUN pip install --no-cache-dir -r requirements.txt",
	" ---> Running in 4f3c2a1b9e8d",
	"Collecting httpx<1,>=0.23.0 (from anthropic==0.69.0->-r requirements.txt (line 3))",
	"  Downloading httpx-0.28.1-py3-none-any.whl.metadata (7.1 kB)",
	"Successfully installed anthropic-0.69.0 anyio-4.11.0 httpx-0.28.1 pydantic-2.12.4",
	"tests/test_summarize.py::test_chunks PASSED                              [ 42%]",
	"tests/test_summarize.py::test_retry_budget PASSED                        [ 43%]",
	"tests/test_client.py::test_overloaded_is_retried PASSED                  [ 44%]",
	"[INFO] BUILD SUCCESS",
	"[INFO] Total time:  01:29 min",
	"Compiling claudelog v0.3.1 (/home/runner/work/app/app)",
	"    Finished `release` profile [optimized] target(s) in 48.12s",
	"src/index.ts(12,5): warning TS6133: 'unused' is declared but its value is never read.",
	"Run actions/checkout@v4",
	"Syncing repository: example/app",
	"Fetching the repository",
	"[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +refs/heads/main*:refs/remotes/origin/main",
	"remote: Enumerating objects: 1873, done.",
	"Receiving objects: 100% (1873/1873), 2.41 MiB | 18.37 MiB/s, done.",
	"Resolving deltas: 100% (212/212), done.",
	"lint: 0 problems (0 errors, 0 warnings)",
	"\x1b[32m✓\x1b[39m src/status.test.ts \x1b[2m(5 tests)\x1b[22m \x1b[33m529ms\x1b[39m",
	"\x1b[1m\x1b[36mINFO\x1b[0m  uploading coverage report (83.4%)",
}

// decoys share words with Claude's errors ("Error:", "status: ") without being one: a
// tool that reads them must still say nothing.
var decoys = []string{
	"took 529 ms; status: ok",
	"HTTP status distribution: 200=1429 429=0 529=0",
	"Error: Process completed with exit code 0.",
	"ValueError: invalid literal for int() with base 10: 'abc'",
	"npm ERR! code ECONNRESET while fetching registry.npmjs.org/left-pad",
}

// appNoise is an application's own log between CI steps, with its own timestamps.
var appNoise = []string{
	"[%s,118 - httpx:1025 - INFO] HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 200 OK\"",
	"%s INFO  summarizer: chunk 1/3",
	"%s INFO  summarizer: wrote 1429 tokens to out/summary.md",
	"time=%s level=info msg=\"request\" method=GET path=/healthz status=200 duration_ms=2",
	`{"ts":"%s","level":"info","msg":"request","method":"GET","path":"/healthz","status":200,"duration_ms":2}`,
	"%s DEBUG pool: 4 idle connections, 0 busy",
}

// failures are Claude errors as the SDKs, wrappers and Claude Code print them (the
// wording of testdata/logs). A record may span lines; the first line is the one grep finds.
var failures = []string{
	"anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}, 'request_id': 'req_011CBench%06d'}",
	"  ⎿  API Error (529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}) · Retrying in 4 seconds… (attempt 4/10)",
	"InternalServerError: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_011CBench%06d\"}\n    at APIError.generate (/app/node_modules/@anthropic-ai/sdk/core/error.js:61:20)\n    at Anthropic.makeStatusError (/app/node_modules/@anthropic-ai/sdk/client.js:309:32)",
	"[%s,123 - httpx:1025 - INFO] HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 529 \"",
	"botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 4): Too many tokens, please wait before trying again.",
	"litellm.InternalServerError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}",
	`{"ts":"%s","level":"error","msg":"claude call failed","method":"POST","url":"https://api.anthropic.com/v1/messages","status":529,"duration_ms":812,"request_id":"req_011CBench%06d","error":{"type":"overloaded_error","message":"Overloaded"}}`,
	"Error: getaddrinfo ENOTFOUND api.anthropic.com\n    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:120:26) {\n  errno: -3008,\n  code: 'ENOTFOUND',\n  syscall: 'getaddrinfo',\n  hostname: 'api.anthropic.com'\n}",
	"Traceback (most recent call last):\n  File \"/app/review.py\", line 30, in <module>\n    client.messages.create(model=\"claude-sonnet-4-5\", max_tokens=2048, messages=m)\n  File \"/venv/lib/python3.12/site-packages/anthropic/_base_client.py\", line 1047, in request\n    raise self._make_status_error_from_response(err.response) from None\nanthropic.OverloadedError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}, 'request_id': 'req_011CBench%06d'}",
	"2026/11/20 12:00:04 summarize: POST \"https://api.anthropic.com/v1/messages\": 529  (Request-ID: req_011CBench%06d) {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
	"time=%s level=error msg=\"anthropic call failed\" method=POST url=https://api.anthropic.com/v1/messages status=429 request_id=req_011CBench%06d error.type=rate_limit_error error.message=\"This request would exceed your organization's rate limit of 50 requests per minute.\"",
	"anthropic.RateLimitError: Error code: 429 - {'error': {'code': 429, 'message': 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2.', 'status': 'RESOURCE_EXHAUSTED'}}",
	"Error: APIConnectionError: Connection error.\n    at Anthropic.makeRequest (/srv/node_modules/@anthropic-ai/sdk/client.js:420:15)\n  cause: TypeError: fetch failed\n    [cause]: Error: read ECONNRESET",
	"⏺ Claude AI usage limit reached|1767225600",
	"anthropic.APITimeoutError: Request timed out or interrupted. This could be due to a network timeout, dropped connection, or request cancellation.",
	"[log_a1b2c3, request-id: \"req_011CBench%06d\"] POST https://api.anthropic.com/v1/messages?beta=true failed with status 529 in 1234ms - retrying, 2 attempts remaining",
}

// WriteLog writes a CI log of about size bytes. Four steps in five are GitHub Actions'
// stamped lines, the fifth an application's own output, a quarter of it its log records
// (JSON lines, logfmt, Python logging, successful calls to Claude). One line in a hundred
// starts a Claude error, two in a hundred are decoys.
func WriteLog(w *bufio.Writer, size int64) error {
	rng := rand.New(rand.NewPCG(1, 2))
	t := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var written int64
	var line []byte
	for i := 0; written < size; i++ {
		t = t.Add(time.Duration(rng.IntN(20)) * time.Millisecond)
		stamped := (i/5000)%5 != 4 // steps of the runner, then a step of the app
		line = line[:0]
		var text string
		switch {
		case i%100 == 99:
			text = failures[(i/100)%len(failures)]
		case i%50 == 24:
			text = decoys[(i/50)%len(decoys)]
		case !stamped && rng.IntN(4) == 0:
			text = appNoise[rng.IntN(len(appNoise))]
		default:
			text = noise[rng.IntN(len(noise))]
		}
		text = fill(text, t, i)
		// Every physical line of a stamped step carries the runner's stamp.
		start := 0
		for j := 0; j <= len(text); j++ {
			if j < len(text) && text[j] != '\n' {
				continue
			}
			if stamped {
				line = t.AppendFormat(line, "2006-01-02T15:04:05.0000000Z")
				line = append(line, ' ')
			}
			line = append(line, text[start:j]...)
			line = append(line, '\n')
			start = j + 1
		}
		n, err := w.Write(line)
		if err != nil {
			return err
		}
		written += int64(n)
	}
	return nil
}

// fill puts the time and a running number into a line's %s and %06d verbs.
func fill(s string, t time.Time, i int) string {
	out := make([]byte, 0, len(s)+32)
	for j := 0; j < len(s); j++ {
		switch {
		case s[j] == '%' && j+1 < len(s) && s[j+1] == 's':
			if s[0] == '{' || s[0] == 't' {
				out = t.AppendFormat(out, "2006-01-02T15:04:05.000Z")
			} else {
				out = t.AppendFormat(out, "2006-01-02 15:04:05")
			}
			j++
		case s[j] == '%' && j+3 < len(s) && s[j+1:j+4] == "06d":
			out = fmt.Appendf(out, "%06d", i%1000000)
			j += 3
		default:
			out = append(out, s[j])
		}
	}
	return string(out)
}

// harEntry writes one entry of a Claude call: status, a base64 body of n bytes (an image
// or a streamed reply as a browser records it), and an error body when the call failed.
func harEntry(w io.Writer, i, status, n int, rng *rand.Rand, t time.Time) error {
	url := "https://api.anthropic.com/v1/messages"
	if i%3 == 1 {
		url = fmt.Sprintf("https://claude.ai/api/organizations/3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f/chat_conversations/c%06d/completion", i)
	}
	var content string
	switch status {
	case 429:
		content = `"mimeType": "application/json", "size": 120, "text": "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"},\"request_id\":\"req_011CHar` + strconv.Itoa(i) + `\"}"`
	case 529:
		content = `"mimeType": "application/json", "size": 90, "text": "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_011CHar` + strconv.Itoa(i) + `\"}"`
	default:
		content = fmt.Sprintf(`"mimeType": "image/png", "size": %d, "encoding": "base64", "text": "`, n*3/4)
	}
	_, err := fmt.Fprintf(w, `    {
      "startedDateTime": "%s",
      "time": %d.%03d,
      "request": {
        "method": "POST", "url": "%s", "httpVersion": "http/2.0",
        "headers": [{"name": "content-type", "value": "application/json"}, {"name": "anthropic-version", "value": "2023-06-01"}],
        "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 120,
        "postData": {"mimeType": "application/json", "text": "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024}"}
      },
      "response": {
        "status": %d, "statusText": "", "httpVersion": "http/2.0",
        "headers": [{"name": "content-type", "value": "application/json"}, {"name": "request-id", "value": "req_011CHar%d"}],
        "cookies": [], "redirectURL": "", "headersSize": -1, "bodySize": %d,
        "content": {%s`, t.Format("2006-01-02T15:04:05.000Z"), 200+rng.IntN(4000), rng.IntN(1000), url, status, i, n, content)
	if err != nil {
		return err
	}
	if status != 429 && status != 529 {
		if err := writeBase64(w, n, rng); err != nil {
			return err
		}
		if _, err := io.WriteString(w, `"`); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "}\n      },\n      \"cache\": {}, \"timings\": {\"send\": 0.1, \"wait\": 812.5, \"receive\": 3.2}\n    }")
	return err
}

// writeBase64 writes n bytes of base64 of pseudo-random data, one 48 KiB piece at a time.
func writeBase64(w io.Writer, n int, rng *rand.Rand) error {
	raw := make([]byte, 3<<14)
	enc := make([]byte, base64.StdEncoding.EncodedLen(len(raw)))
	for n > 0 {
		for i := 0; i+8 <= len(raw); i += 8 {
			v := rng.Uint64()
			for k := range 8 {
				raw[i+k] = byte(v >> (8 * k))
			}
		}
		base64.StdEncoding.Encode(enc, raw)
		k := min(n, len(enc))
		k -= k % 4
		if k == 0 {
			k = n // the last few bytes; still valid base64 characters
		}
		if _, err := w.Write(enc[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

const harHead = `{
  "log": {
    "version": "1.2",
    "creator": {"name": "WebInspector", "version": "537.36"},
    "pages": [],
    "entries": [
`

const harTail = "\n    ]\n  }\n}\n"

// WriteHAR writes a HAR of about size bytes whose entries carry bodies of about body bytes
// of base64; one call in eight failed with 429 or 529.
// total says how many bytes were written so far.
func WriteHAR(w *bufio.Writer, total func() int64, size int64, body int) error {
	rng := rand.New(rand.NewPCG(3, 4))
	t := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	if _, err := w.WriteString(harHead); err != nil {
		return err
	}
	for i := 0; total() < size; i++ {
		if i > 0 {
			if _, err := w.WriteString(",\n"); err != nil {
				return err
			}
		}
		status := 200
		switch i % 16 {
		case 7:
			status = 429
		case 15:
			status = 529
		}
		t = t.Add(time.Duration(200+rng.IntN(3000)) * time.Millisecond)
		if err := harEntry(w, i, status, body, rng, t); err != nil {
			return err
		}
	}
	_, err := w.WriteString(harTail)
	return err
}

// WriteBigHAR writes a HAR of three entries, the second with a body of body bytes.
func WriteBigHAR(w *bufio.Writer, body int) error {
	rng := rand.New(rand.NewPCG(5, 6))
	t := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	if _, err := w.WriteString(harHead); err != nil {
		return err
	}
	sizes := []int{1000, body, 1000}
	statuses := []int{529, 200, 429}
	for i := range sizes {
		if i > 0 {
			if _, err := w.WriteString(",\n"); err != nil {
				return err
			}
		}
		if err := harEntry(w, i, statuses[i], sizes[i], rng, t.Add(time.Duration(i)*time.Second)); err != nil {
			return err
		}
	}
	_, err := w.WriteString(harTail)
	return err
}

// CountingWriter counts the bytes written through it, for WriteHAR's total.
type CountingWriter struct {
	W io.Writer
	N int64
}

func (c *CountingWriter) Write(b []byte) (int, error) {
	n, err := c.W.Write(b)
	c.N += int64(n)
	return n, err
}
