package logs

import (
	"strings"
	"testing"
)

// httpx429 is one attempt's status line, as httpx logs it under ANTHROPIC_LOG=info.
const (
	httpx429  = `[2026-11-20 09:00:08,122 - httpx:1025 - INFO] HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 429 Too Many Requests"` + "\n"
	httpx200  = `[2026-11-20 09:00:08,300 - httpx:1025 - INFO] HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"` + "\n"
	pyRetry   = `[2026-11-20 09:00:08,123 - anthropic._base_client:1043 - INFO] Retrying request to /v1/messages in 7.000000 seconds` + "\n"
	pyExc429  = `anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'slow down'}, 'request_id': 'req_011CVBr1aZ3kQm9Xw2Tn5Ly7'}` + "\n"
	pyExc529  = `anthropic.OverloadedError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}` + "\n"
	laterLine = "[2026-11-20 09:01:00,000 - app - INFO] much later\n"
)

// TestOutcomeMerges: an SDK's final exception is the outcome of the status line of the
// last attempt, not a call of its own; distinct requests stay distinct events.
func TestOutcomeMerges(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []want
	}{
		{"exception enriches the last attempt", httpx429 + pyRetry + httpx429 + pyExc429, []want{
			{Status: 429, Line: 1, Attempt: 1},
			{Status: 429, Line: 3, Attempt: 2, Exception: "anthropic.RateLimitError", ErrorType: "rate_limit_error",
				Message: "slow down", RequestID: "req_011CVBr1aZ3kQm9Xw2Tn5Ly7", Endpoint: "POST api.anthropic.com/v1/messages",
				Time: "2026-11-20T09:00:08.122Z"}}},
		{"through a log line and a traceback", httpx429 + "2026-11-20 09:00:08,130 ERROR worker: batch 17 failed\n" +
			"Traceback (most recent call last):\n  File \"/app/w.py\", line 8, in run\n    raise self._make_status_error_from_response(err.response) from None\n" + pyExc429,
			[]want{{Status: 429, Line: 1, Exception: "anthropic.RateLimitError", ErrorType: "rate_limit_error"}}},
		{"typescript: no more retries left, then the thrown error", `[log_a1, request-id: "req_011CVBt2"] POST https://api.anthropic.com/v1/messages failed with status 529 in 987ms - retrying, 1 attempts remaining
[log_a1, request-id: "req_011CVBt3"] POST https://api.anthropic.com/v1/messages failed with status 529 in 1012ms - error; no more retries left
InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CVBt3"}
    at APIError.generate (/app/node_modules/@anthropic-ai/sdk/core/error.js:61:20)`, []want{
			{Status: 529, Line: 1, Attempt: 1, RequestID: "req_011CVBt2"},
			{Status: 529, Line: 2, Attempt: 2, RequestID: "req_011CVBt3", Exception: "InternalServerError", ErrorType: "overloaded_error"}}},
		{"two calls that each fail stay two", httpx429 + pyExc429 + httpx429 + pyExc429, []want{
			{Status: 429, Line: 1, Exception: "anthropic.RateLimitError"},
			{Status: 429, Line: 3, Exception: "anthropic.RateLimitError"}}},
		{"a new request line in between", httpx429 + httpx200 + pyExc429, []want{
			{Status: 429, Line: 1}, {Status: 200, Line: 2}, {Status: 429, Line: 3, Exception: "anthropic.RateLimitError"}}},
		{"a retry announced after the status line", httpx429 + pyRetry + pyExc429, []want{
			{Status: 429, Line: 1, Attempt: 1}, {Status: 429, Line: 3, Attempt: 2, Exception: "anthropic.RateLimitError"}}},
		{"another status", httpx429 + pyExc529, []want{{Status: 429, Line: 1}, {Status: 529, Line: 2, Exception: "anthropic.OverloadedError"}}},
		{"long after", httpx429 + laterLine + pyExc429, []want{{Status: 429, Line: 1}, {Status: 429, Line: 3, Exception: "anthropic.RateLimitError"}}},
		{"another request id", `[log_a1, request-id: "req_011CVBt3"] POST https://api.anthropic.com/v1/messages failed with status 529 in 1012ms - error; no more retries left
InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CVBt9"}`,
			[]want{{Status: 529, Line: 1, RequestID: "req_011CVBt3"}, {Status: 529, Line: 2, RequestID: "req_011CVBt9"}}},
		// Concurrent workers: only the status line right before the exception takes it; the
		// other worker's status line stays its own call.
		{"concurrent workers", httpx429 + httpx429 + pyExc429, []want{
			{Status: 429, Line: 1}, {Status: 429, Line: 2, Exception: "anthropic.RateLimitError"}}},
		{"litellm's exception states only the error type", httpx429 +
			`litellm.RateLimitError: AnthropicException - {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}`,
			[]want{{Status: 429, Line: 1, Exception: "litellm.RateLimitError", ErrorType: "rate_limit_error", Dialect: "litellm"}}},
		{"litellm's exception of another type", httpx429 +
			`litellm.InternalServerError: AnthropicException - {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
			[]want{{Status: 429, Line: 1}, {Line: 2, Exception: "litellm.InternalServerError", ErrorType: "overloaded_error"}}},
		{"a traceback chain under litellm is one event", "Traceback (most recent call last):\n" +
			"  File \"/venv/lib/python3.11/site-packages/litellm/llms/anthropic/chat/handler.py\", line 400, in completion\n" +
			"litellm.llms.anthropic.common_utils.AnthropicError: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}\n\n" +
			"During handling of the above exception, another exception occurred:\n\n" +
			"Traceback (most recent call last):\n  File \"/venv/lib/python3.11/site-packages/litellm/main.py\", line 1, in completion\n" +
			"litellm.RateLimitError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}",
			[]want{{Line: 1, Exception: "litellm.RateLimitError", ErrorType: "rate_limit_error"}}},
		{"a connection error is no status line's outcome", httpx429 + "anthropic.APIConnectionError: Connection error.",
			[]want{{Status: 429, Line: 1}, {Line: 2, NoResponse: true, Exception: "anthropic.APIConnectionError"}}},
		{"an application's record is no status line", "time=2026-11-20T19:00:05Z level=error msg=\"auth failed\" url=https://api.anthropic.com/v1/messages status=401\n" +
			`litellm.AuthenticationError: AnthropicException - {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`,
			[]want{{Status: 401, Line: 1, Dialect: "logfmt"}, {Line: 2, Exception: "litellm.AuthenticationError"}}},
		{"a status line alone is sent at the end", httpx429, []want{{Status: 429, Line: 1}}},
		// Claude Code's "· Retrying" lines announce the next attempt: the final API Error is
		// that attempt's own outcome, a request of its own.
		{"claude code retries stay attempts", "  ⎿  API Error (529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}) · Retrying in 1 seconds… (attempt 1/10)\n" +
			"  ⎿  API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
			[]want{{Status: 529, Line: 1, Attempt: 1}, {Status: 529, Line: 2, Attempt: 2}}},
		{"logfmt records are not held back", "time=2026-11-20T19:00:05Z level=error msg=\"anthropic call failed\" method=POST url=https://api.anthropic.com/v1/messages status=429 error.type=rate_limit_error\n" +
			"time=2026-11-20T19:00:09Z level=info msg=\"anthropic call ok\" method=POST url=https://api.anthropic.com/v1/messages status=200",
			[]want{{Status: 429, Line: 1, ErrorType: "rate_limit_error"}, {Status: 200, Line: 2}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := readString(t, tc.in+"\n", Options{})
			if len(c.events) != len(tc.want) {
				t.Fatalf("got %d events, want %d:\n%s", len(c.events), len(tc.want), dump(c.events))
			}
			for i, w := range tc.want {
				w.check(t, c.events[i])
			}
			lines, _, _ := readLines([]byte(tc.in+"\n"), Options{})
			if len(lines.events) != len(c.events) {
				t.Errorf("line by line: %d events, blocks: %d", len(lines.events), len(c.events))
			}
		})
	}
}

// TestNoStatusOutsideHTTP: three digits where a status stands are not always one; an
// event never carries a status outside 100–599 (FuzzCCRecord found "Error: 700 {").
func TestNoStatusOutsideHTTP(t *testing.T) {
	for _, line := range []string{
		`Error: 700 {"type":"error","error":{"type":"api_error","message":"x"}}`,
		`anthropic.APIStatusError: Error code: 999 - {'type': 'error', 'error': {'type': 'api_error', 'message': 'x'}}`,
		`2026-11-20 08:00:00,119 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 700 OK"`,
		`2026-11-20 08:00:00,119 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 099 OK"`,
	} {
		c := &collect{}
		if _, err := Read(strings.NewReader(line+"\n"), "x.log", Options{}, c); err != nil {
			t.Fatal(err)
		}
		for _, e := range c.events {
			if e.Status != 0 && (e.Status < 100 || e.Status > 599) {
				t.Errorf("%s: status %d", line, e.Status)
			}
		}
	}
}
