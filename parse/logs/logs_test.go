package logs

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

// want is the part of an event a case checks; zero fields are not checked.
type want struct {
	Status     int
	NoResponse bool
	Truncated  bool
	ErrorType  string
	ErrorCode  string
	Message    string // a substring
	Exception  string
	NetError   string
	Attempt    int
	RequestID  string
	Dialect    string
	Endpoint   string
	Platform   model.Platform
	Time       string // RFC 3339
	Line       int
	Header     string // "name: value"
	LimitClaim string
}

func (w want) check(t *testing.T, e model.Event) {
	t.Helper()
	bad := func(field string, got, exp any) {
		t.Errorf("%s = %v, want %v\n%s", field, got, exp, dump([]model.Event{e}))
	}
	if w.Status != 0 && e.Status != w.Status {
		bad("Status", e.Status, w.Status)
	}
	if w.NoResponse && !e.NoResponse {
		bad("NoResponse", e.NoResponse, true)
	}
	if w.Truncated && !e.Truncated {
		bad("Truncated", e.Truncated, true)
	}
	for _, f := range []struct{ name, got, want string }{
		{"ErrorType", e.ErrorType, w.ErrorType}, {"ErrorCode", e.ErrorCode, w.ErrorCode},
		{"Exception", e.Exception, w.Exception}, {"NetError", e.NetError, w.NetError},
		{"RequestID", e.RequestID, w.RequestID}, {"Dialect", e.Dialect, w.Dialect},
		{"Endpoint", e.Endpoint(), w.Endpoint}, {"Platform", string(e.Platform), string(w.Platform)},
		{"LimitClaim", e.LimitClaim, w.LimitClaim},
	} {
		if f.want != "" && f.got != f.want {
			bad(f.name, f.got, f.want)
		}
	}
	if w.Message != "" && !strings.Contains(e.Message, w.Message) {
		bad("Message", e.Message, "…"+w.Message+"…")
	}
	if w.Attempt != 0 && e.Attempt != w.Attempt {
		bad("Attempt", e.Attempt, w.Attempt)
	}
	if w.Time != "" {
		exp, err := time.Parse(time.RFC3339Nano, w.Time)
		if err != nil {
			t.Fatalf("bad want time %q", w.Time)
		}
		if !e.Time.Equal(exp) {
			bad("Time", e.Time.Format(time.RFC3339Nano), w.Time)
		}
	}
	if w.Line != 0 && e.Source.Line != w.Line {
		bad("Source.Line", e.Source.Line, w.Line)
	}
	if w.Header != "" {
		name, value, _ := strings.Cut(w.Header, ": ")
		if got := e.Header(name); got != value {
			bad("Header "+name, got, value)
		}
	}
}

// dialectCases: one or more lines in, the events out (failures and successes, in order).
// Cases marked body need errbody.Parse for their error.type and message.
var dialectCases = []struct {
	name string
	in   string
	want []want
}{
	// Python SDK
	{"python dict repr", `anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': "This request would exceed your organization's rate limit"}, 'request_id': 'req_011CAbc'}`,
		[]want{{Status: 429, ErrorType: "rate_limit_error", Exception: "anthropic.RateLimitError", Message: "organization's rate limit", RequestID: "req_011CAbc", Dialect: "python-sdk"}}},
	{"python private module", `anthropic._exceptions.OverloadedError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}`,
		[]want{{Status: 529, ErrorType: "overloaded_error", Exception: "anthropic._exceptions.OverloadedError"}}},
	{"python bare error code", `Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key'}}`,
		[]want{{Status: 401, ErrorType: "authentication_error", Message: "invalid x-api-key", Dialect: "python-sdk"}}},
	{"python empty body", `anthropic.InternalServerError: Error code: 500`,
		[]want{{Status: 500, Exception: "anthropic.InternalServerError"}}},
	{"python html body", `anthropic.InternalServerError: <html><head><title>502 Bad Gateway</title></head><body><center>cloudflare</center></body></html>`,
		[]want{{Status: 502, Exception: "anthropic.InternalServerError"}}},
	{"python connection error", `anthropic.APIConnectionError: Connection error.`,
		[]want{{NoResponse: true, Exception: "anthropic.APIConnectionError", Message: "Connection error."}}},
	{"python timeout", `anthropic.APITimeoutError: Request timed out.`,
		[]want{{NoResponse: true, NetError: "Request timed out", Exception: "anthropic.APITimeoutError"}}},
	{"httpx status line", `[2026-11-20 08:14:03,123 - httpx:1025 - INFO] HTTP Request: POST https://api.anthropic.com/v1/messages?beta=true "HTTP/1.1 529 "`,
		[]want{{Status: 529, Endpoint: "POST api.anthropic.com/v1/messages", Platform: model.PlatformAPI, Time: "2026-11-20T08:14:03.123Z"}}},
	{"httpx success", `HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`,
		[]want{{Status: 200, Endpoint: "POST api.anthropic.com/v1/messages"}}},
	{"python retry marks the next attempt", "HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 429 Too Many Requests\"\nRetrying request to /v1/messages in 0.41 seconds\nHTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 200 OK\"",
		[]want{{Status: 429, Attempt: 1}, {Status: 200, Attempt: 2}}},

	// TypeScript SDK
	{"ts error", `InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CTs"}`,
		[]want{{Status: 529, ErrorType: "overloaded_error", Exception: "InternalServerError", RequestID: "req_011CTs", Dialect: "typescript-sdk"}}},
	{"ts no body", `APIError: 413 status code (no body)`,
		[]want{{Status: 413, Exception: "APIError", Dialect: "typescript-sdk"}}},
	{"ts aws-style message", `BadRequestError: 400 Malformed input request: #: extraneous key [model] is not permitted, please reformat your input and try again.`,
		[]want{{Status: 400, Message: "Malformed input request"}}},
	{"ts connection", `APIConnectionError: Connection error.`,
		[]want{{NoResponse: true, Exception: "APIConnectionError", Dialect: "typescript-sdk"}}},
	{"ts connection timeout", `APIConnectionTimeoutError: Request timed out.`,
		[]want{{NoResponse: true, NetError: "Request timed out"}}},
	{"ts abort", `APIUserAbortError: Request was aborted.`,
		[]want{{NoResponse: true, NetError: "Request was aborted"}}},
	{"ts log retry lines", "[log_0a1b2c, request-id: \"req_011CL1\"] POST https://api.anthropic.com/v1/messages?beta=true failed with status 529 in 1234ms - retrying, 2 attempts remaining\n[log_0a1b2c, request-id: \"req_011CL2\"] POST https://api.anthropic.com/v1/messages?beta=true failed with status 529 in 999ms - retrying, 1 attempts remaining\n[log_0a1b2c] POST https://api.anthropic.com/v1/messages succeeded with status 200 in 3100ms",
		[]want{{Status: 529, Attempt: 1, RequestID: "req_011CL1", Endpoint: "POST api.anthropic.com/v1/messages"}, {Status: 529, Attempt: 2}, {Status: 200, Attempt: 3}}},
	{"ts connection timed out log", `[log_9f] POST https://api.anthropic.com/v1/messages connection timed out - retrying, 2 attempts remaining`,
		[]want{{NoResponse: true, NetError: "connection timed out", Attempt: 1}}},
	{"ts generic Error with body (Claude Code errors array)", `Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_011CdC"}`,
		[]want{{Status: 500, ErrorType: "api_error", Exception: "Error"}}},
	{"vercel ai", `AI_RetryError: Failed after 3 attempts. Last error: Overloaded`,
		[]want{{Exception: "AI_RetryError", Message: "Last error: Overloaded"}}},

	// Go SDK
	{"go 529 two spaces", `POST "https://api.anthropic.com/v1/messages": 529  (Request-ID: req_011CGo) {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
		[]want{{Status: 529, RequestID: "req_011CGo", ErrorType: "overloaded_error", Endpoint: "POST api.anthropic.com/v1/messages", Dialect: "go-sdk"}}},
	{"go 429 status text", `POST "https://api.anthropic.com/v1/messages": 429 Too Many Requests {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}`,
		[]want{{Status: 429, ErrorType: "rate_limit_error", Message: "slow down"}}},
	{"go transport", `Post "https://api.anthropic.com/v1/messages": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
		[]want{{NoResponse: true, NetError: "context deadline exceeded", Dialect: "go-sdk"}}},

	// Claude Code
	{"claude code retry", `  ⎿  API Error (529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}) · Retrying in 4 seconds… (attempt 4/10)`,
		[]want{{Status: 529, ErrorType: "overloaded_error", Attempt: 4, Dialect: "claude-code"}}},
	{"claude code final after retries", "API Error (Request timed out.) · Retrying in 1 seconds… (attempt 1/10)\nAPI Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
		[]want{{NetError: "Request timed out", NoResponse: true, Attempt: 1}, {Status: 529, Attempt: 2}}},
	{"claude code body over lines", "  ⎿ API Error: 400 {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"You\n    have reached your specified API usage limits. You will regain access on 2025-07-01 at\n    00:00 UTC.\"}}\nnext line",
		[]want{{Status: 400, ErrorType: "invalid_request_error", Message: "You have reached your specified API usage limits", Line: 1}}},
	{"claude code 2026 text", `API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment.`,
		[]want{{Status: 529, Message: "Overloaded. This is a server-side issue"}}},
	{"claude code star", `✻ 529 Overloaded · Retrying in 24s · attempt 10/10`,
		[]want{{Status: 529, Attempt: 10, Message: "Overloaded"}}},
	{"claude code html title", `  ⎿  API Error (api.anthropic.com | 504: Gateway time-out) · Retrying in 5 seconds… (attempt 4/10)`,
		[]want{{Status: 504, Attempt: 4, Endpoint: "api.anthropic.com"}}},
	{"claude code aborted", `API Error: Request was aborted.`,
		[]want{{NoResponse: true, NetError: "Request was aborted"}}},
	{"claude code rejected", `API Error: Request rejected (429) · you are sending requests too quickly`,
		[]want{{Status: 429, Message: "too quickly"}}},
	{"claude code capacity 429", `API Error: Server is temporarily limiting requests (not your usage limit) · Rate limited`,
		[]want{{Status: 429, Message: "not your usage limit"}}},
	{"claude code unable to connect", `Unable to connect to API (ECONNRESET)`,
		[]want{{NoResponse: true, NetError: "ECONNRESET"}}},
	{"claude code debug log", `18:28:43 [ERROR] API error (attempt 1/11): Request timed out.`,
		[]want{{NetError: "Request timed out", Attempt: 1}}},
	{"claude code fixed phrase", `  ⎿  Credit balance is too low · Add funds: https://console.anthropic.com/settings/billing`,
		[]want{{Message: "Credit balance is too low", Dialect: "claude-code"}}},
	{"usage limit epoch", `Claude AI usage limit reached|1767225600`,
		[]want{{ErrorType: "exceeded_limit", LimitClaim: "five_hour", Message: "usage limit reached"}}},
	{"usage limit weekly", `Weekly limit reached · resets 10am (Asia/Seoul) · /upgrade to Max or turn on /extra-usage`,
		[]want{{ErrorType: "exceeded_limit", LimitClaim: "seven_day"}}},
	{"usage limit hit", `You’ve hit your session limit · resets 12:50am (America/Los_Angeles)`,
		[]want{{ErrorType: "exceeded_limit", LimitClaim: "five_hour"}}},

	// curl
	{"curl -v exchange", "> POST /v1/messages HTTP/2\n> Host: api.anthropic.com\n> x-api-key: sk-ant-api03-abc\n>\n< HTTP/2 429\n< retry-after: 7\n< request-id: req_011CCurl\n<\n{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}\n* Connection #0 to host api.anthropic.com left intact",
		[]want{{Status: 429, Header: "retry-after: 7", RequestID: "req_011CCurl", Endpoint: "POST api.anthropic.com/v1/messages", ErrorType: "rate_limit_error", Line: 1, Dialect: "curl"}}},
	{"curl -i bare status", "$ curl -si https://claude.ai/api/organizations\nHTTP/2 403\ncf-mitigated: challenge\nserver: cloudflare\n\n",
		[]want{{Status: 403, Header: "cf-mitigated: challenge", Endpoint: "claude.ai/api/organizations", Platform: model.PlatformWeb}}},
	{"curl failure", `curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.anthropic.com:443`,
		[]want{{NoResponse: true, Dialect: "curl", Message: "SSL_connect"}}},

	// Wrappers
	{"litellm json", `litellm.RateLimitError: AnthropicException - {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}`,
		[]want{{Exception: "litellm.RateLimitError", ErrorType: "rate_limit_error", Dialect: "litellm"}}},
	{"litellm bytes", `litellm.BadRequestError: AnthropicException - b'{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 219898 tokens > 200000 maximum"}}'`,
		[]want{{Exception: "litellm.BadRequestError", ErrorType: "invalid_request_error", Message: "prompt is too long"}}},
	{"litellm body next line", "Unexpected error: litellm.NotFoundError: AnthropicException -\n{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-3.5-sonnet\"}}",
		[]want{{Exception: "litellm.NotFoundError", ErrorType: "not_found_error", Message: "model: claude-3.5-sonnet"}}},
	{"litellm stream cut", `litellm.APIConnectionError: AnthropicException - peer closed connection without sending complete message body (incomplete chunked read)`,
		[]want{{Exception: "litellm.APIConnectionError", Truncated: true, NetError: "peer closed connection without sending complete message body (incomplete chunked read)"}}},
	{"langchain retry", `Retrying langchain_anthropic.chat_models.ChatAnthropic.completion_with_retry.<locals>._completion_with_retry in 4.0 seconds as it raised RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'slow'}}.`,
		[]want{{Status: 429, Exception: "RateLimitError", ErrorType: "rate_limit_error", Dialect: "langchain", Attempt: 1}}},

	// Bedrock and Vertex
	{"boto throttling", `botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 2): Too many requests, please wait before trying again.`,
		[]want{{ErrorCode: "ThrottlingException", Exception: "botocore.errorfactory.ThrottlingException", Attempt: 3, Platform: model.PlatformBedrock, Dialect: "bedrock"}}},
	{"boto access denied", `botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException) when calling the Converse operation: You don't have access to the model with the specified model ID.`,
		[]want{{ErrorCode: "AccessDeniedException", Message: "don't have access"}}},
	{"boto model timeout", `An error occurred (ModelTimeoutException) when calling the InvokeModel operation: Model has timed out in processing the request.`,
		[]want{{ErrorCode: "ModelTimeoutException"}}},
	{"boto service unavailable", `An error occurred (ServiceUnavailableException) when calling the InvokeModelWithResponseStream operation: Bedrock is unable to process your request.`,
		[]want{{ErrorCode: "ServiceUnavailableException"}}},
	{"boto expired token", `botocore.exceptions.ClientError: An error occurred (ExpiredTokenException) when calling the InvokeModel operation: The security token included in the request is expired`,
		[]want{{ErrorCode: "ExpiredTokenException", Exception: "botocore.exceptions.ClientError"}}},
	{"aws js with metadata", "ValidationException: Malformed input request: #: extraneous key [model] is not permitted\n    at de_ValidationExceptionRes (/app/node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js:1:1)\n  '$metadata': {\n    httpStatusCode: 400,\n    requestId: 'a1b2c3d4-0000-4000-8000-000000000000',",
		[]want{{ErrorCode: "ValidationException", Status: 400, RequestID: "a1b2c3d4-0000-4000-8000-000000000000"}}},
	{"vertex api core", `google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2.`,
		[]want{{Status: 429, ErrorCode: "RESOURCE_EXHAUSTED", Platform: model.PlatformVertex, Dialect: "vertex"}}},
	{"vertex grpc", `rawPredict failed: 429 RESOURCE_EXHAUSTED. Quota exceeded for aiplatform.googleapis.com`,
		[]want{{Status: 429, ErrorCode: "RESOURCE_EXHAUSTED"}}},
	{"vertex publisher", "NotFoundError: Publisher Model `projects/p/locations/us-east5/publishers/google/models/claude-sonnet-4-5` was not found or your project does not have access to it.",
		[]want{{ErrorCode: "NOT_FOUND", Exception: "NotFoundError", Message: "Publisher Model"}}},
	{"vertex credentials", `google.auth.exceptions.RefreshError: ('invalid_grant: Bad Request', {'error': 'invalid_grant'}) while calling aiplatform`,
		[]want{{ErrorCode: "invalid_grant", Exception: "google.auth.exceptions.RefreshError"}}},

	// Network
	{"node enotfound", `Error: getaddrinfo ENOTFOUND api.anthropic.com`,
		[]want{{NetError: "ENOTFOUND", NoResponse: true, Dialect: "network", Endpoint: "api.anthropic.com"}}},
	{"node cause chain", "APIConnectionError: Connection error.\n    at makeRequest (/app/node_modules/@anthropic-ai/sdk/client.js:1:1) {\n  cause: TypeError: fetch failed\n      at node:internal/deps/undici/undici:13502:13 {\n    [cause]: SocketError: other side closed\n        at TLSSocket.onHttpSocketEnd (node:internal/deps/undici/undici:1:1) {\n      code: 'UND_ERR_SOCKET'",
		[]want{{Exception: "APIConnectionError", NetError: "other side closed"}}},
	{"python ssl", `httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)`,
		[]want{{NetError: "[SSL: CERTIFICATE_VERIFY_FAILED]", Exception: "httpx.ConnectError"}}},
	{"python reset", `httpcore.ReadError: [Errno 104] Connection reset by peer while calling api.anthropic.com`,
		[]want{{NetError: "Connection reset by peer"}}},
	{"proxy", `anthropic.APIConnectionError: Connection error. (ProxyError: Unable to connect to proxy)`,
		[]want{{Exception: "anthropic.APIConnectionError", NoResponse: true}}},

	// JSON lines, logfmt, bodies
	{"json line epoch ms", `{"timestamp":1795204805123,"level":"error","url":"https://api.anthropic.com/v1/messages","status_code":529,"error":{"type":"overloaded_error","message":"Overloaded"},"duration_ms":812}`,
		[]want{{Status: 529, ErrorType: "overloaded_error", Time: "2026-11-20T20:00:05.123Z", Dialect: "json-lines"}}},
	{"json line nested http", `{"time":"2026-11-20T09:00:00+01:00","level":"warn","http":{"method":"POST","url":"https://api.anthropic.com/v1/messages","status_code":429},"request_id":"req_011CJl","error.type":"rate_limit_error","error.message":"slow down"}`,
		[]want{{Status: 429, ErrorType: "rate_limit_error", RequestID: "req_011CJl", Time: "2026-11-20T08:00:00Z", Endpoint: "POST api.anthropic.com/v1/messages"}}},
	{"json line message is a dialect line", `{"ts":"2026-11-20T10:00:00Z","level":"error","msg":"anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'slow'}}"}`,
		[]want{{Status: 429, Exception: "anthropic.RateLimitError", Time: "2026-11-20T10:00:00Z"}}},
	{"logfmt", `ts=2026-11-20T10:00:00Z level=error url=https://api.anthropic.com/v1/messages status=503 msg="upstream unavailable" request_id=req_011CLf`,
		[]want{{Status: 503, RequestID: "req_011CLf", Dialect: "logfmt"}}},
	{"elixir keyword list", `10:59:54.660 [error] [message: "Unexpected value(s) ` + "``" + ` for the ` + "`anthropic-beta`" + ` header.", status: 400, type: "invalid_request_error", __struct__: Anthropix.APIError]`,
		[]want{{Status: 400, ErrorType: "invalid_request_error", Message: "anthropic-beta"}}},
	{"embedded body with status code", `Error: ('post request failed with status code: 400', {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'anthropic-version: header is required'}})`,
		[]want{{Status: 400, ErrorType: "invalid_request_error", Dialect: "json-body"}}},
	{"pretty body", "{\n  \"type\": \"error\",\n  \"error\": {\n    \"type\": \"overloaded_error\",\n    \"message\": \"Overloaded\"\n  }\n}",
		[]want{{ErrorType: "overloaded_error", Line: 1, Dialect: "json-body"}}},
	{"array of bodies", `[{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}},{"error":{"type":"forbidden","message":"Request not allowed"}}]`,
		[]want{{ErrorType: "overloaded_error"}, {ErrorType: "forbidden"}}},
	{"repr body", `{'type': 'error', 'error': {'type': 'not_found_error', 'message': 'model: claude-2.1'}, 'request_id': None}`,
		[]want{{ErrorType: "not_found_error", Message: "claude-2.1"}}},
}

func TestDialects(t *testing.T) {
	for _, tc := range dialectCases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := readString(t, tc.in+"\n", Options{})
			if len(c.events) != len(tc.want) {
				t.Fatalf("got %d events, want %d:\n%s", len(c.events), len(tc.want), dump(c.events))
			}
			for i, w := range tc.want {
				w.check(t, c.events[i])
			}
		})
	}
}

// TestRecords checks that a record spread over lines is one event.
func TestRecords(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []want
	}{
		{"traceback with timestamp above", `2026-11-20 08:14:04,775 ERROR worker: batch failed
Traceback (most recent call last):
  File "/app/worker.py", line 88, in run_batch
    resp = client.messages.create(**params)
  File "/usr/lib/python3.12/site-packages/anthropic/_base_client.py", line 1047, in request
    raise self._make_status_error_from_response(err.response) from None
anthropic.OverloadedError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}
2026-11-20 08:15:00,000 INFO worker: next`,
			[]want{{Status: 529, Exception: "anthropic.OverloadedError", Line: 2, Time: "2026-11-20T08:14:04.775Z"}}},
		{"chained traceback is one event", `Traceback (most recent call last):
  File "/venv/site-packages/httpx/_transports/default.py", line 72, in map_httpcore_exceptions
httpx.ConnectError: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/venv/site-packages/anthropic/_base_client.py", line 1003, in request
anthropic.APIConnectionError: Connection error.`,
			[]want{{Exception: "anthropic.APIConnectionError", NetError: "Connection refused", NoResponse: true, Line: 1}}},
		{"log line and its traceback are one event", `2025-04-21 13:49:18,170 - ERROR - Error processing stream: litellm.APIConnectionError: AnthropicException - peer closed connection without sending complete message body (incomplete chunked read)
Traceback (most recent call last):
  File "/venv/site-packages/httpx/_transports/default.py", line 101, in map_httpcore_exceptions
    yield
httpx.RemoteProtocolError: peer closed connection without sending complete message body (incomplete chunked read)`,
			[]want{{Line: 1, Truncated: true, Exception: "httpx.RemoteProtocolError"}}},
		{"a success line above a traceback stays a success", `HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"
Traceback (most recent call last):
  File "/app/post.py", line 9, in <module>
    json.loads(text)
ValueError: Expecting value: line 1 column 1 (char 0)`,
			[]want{{Status: 200}}},
		{"unrelated traceback is no event", `Traceback (most recent call last):
  File "/app/etl.py", line 3, in <module>
    int("x")
ValueError: invalid literal for int() with base 10: 'x'`, nil},
		{"cut traceback keeps what it read", `Traceback (most recent call last):
  File "connection.py", line 154, in _connect
httpcore.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1000)

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "main.py", line 1586, in completion`,
			[]want{{NetError: "[SSL: CERTIFICATE_VERIFY_FAILED]"}}},
		{"node stack is one event", `RateLimitError: 429 {"type":"error","error":{"type":"rate_limit_error","message":"slow"}}
    at APIError.generate (/app/node_modules/@anthropic-ai/sdk/core/error.js:61:20)
    at Anthropic.makeStatusError (/app/node_modules/@anthropic-ai/sdk/client.js:309:32)
    at process.processTicksAndRejections (node:internal/process/task_queues:105:5) {
  status: 429,
  requestID: 'req_011CNs'
}`,
			[]want{{Status: 429, RequestID: "req_011CNs"}}},
		{"curl request and status are one event", "> GET /v1/models HTTP/1.1\n> Host: api.anthropic.com\n>\n< HTTP/1.1 200 OK\n< request-id: req_011COk\n<\n{\"data\":[]}\n> POST /v1/messages HTTP/1.1\n> Host: api.anthropic.com\n>\n< HTTP/1.1 529\n<\n{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
			[]want{{Status: 200, Line: 1, Endpoint: "GET api.anthropic.com/v1/models"}, {Status: 529, Line: 8, ErrorType: "overloaded_error"}}},
		{"multi-line body after API Error", "API Error: 529 {\n  \"type\": \"error\",\n  \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}\n}\nnext",
			[]want{{Status: 529, ErrorType: "overloaded_error", Line: 1}}},
		{"html page after API Error", "API Error (520 <!DOCTYPE html>\n<html>\n<head>\n<title>api.anthropic.com | 520: Web server is returning an unknown error</title>\n</head>\n<body>x</body>\nAPI Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
			[]want{{Status: 520, Line: 1}, {Status: 529, Line: 7}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := readString(t, tc.in+"\n", Options{})
			got := c.events
			if len(got) != len(tc.want) {
				t.Fatalf("got %d events, want %d:\n%s", len(got), len(tc.want), dump(got))
			}
			for i, w := range tc.want {
				w.check(t, got[i])
			}
		})
	}
}

// TestNoFalseAlarms: numbers that look like statuses outside an HTTP context, and failures
// of other services, yield no failure event.
func TestNoFalseAlarms(t *testing.T) {
	lines := []string{
		"processed 429 items",
		"worker: took 529 ms",
		"server: listening on port 5000",
		"read a 500-line file",
		"2026-11-20 08:14:03,123 INFO batch 529 done",
		"Tests: 429 passed, 529 total",
		"HTTP status distribution: 200=1429 429=0 529=0",
		"cache: 401 hits, 403 misses, 404 evictions",
		"Error: Process completed with exit code 1.",
		"npm ERR! code ECONNRESET",
		"npm ERR! network request to https://registry.npmjs.org/x failed, reason: read ECONNRESET",
		`go: Get "https://proxy.golang.org/x/@v/list": dial tcp: lookup proxy.golang.org: no such host`,
		"Error: connect ETIMEDOUT 140.82.112.3:443",
		"botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
		"google.api_core.exceptions.NotFound: 404 Table project:dataset.table was not found",
		"openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached', 'type': 'requests'}}",
		"ValueError: invalid literal for int()",
		"NotFoundError: user 42 not found",
		"[INFO] retry limit reached for job 7",
		"{\"level\":\"error\",\"msg\":\"request\",\"path\":\"/api/items\",\"status\":500}",
		"level=error msg=request path=/api/items status=500",
		"HTTP/1.1 200 OK",
		`HTTP Request: GET https://pypi.org/simple/anthropic/ "HTTP/1.1 503 Service Unavailable"`,
		"$ curl -sv https://example.com/health\n< HTTP/2 503\n< server: nginx\n",
		"curl: (6) Could not resolve host: registry.example.com",
		"  at Object.<anonymous> (/app/test.js:1:1)",
		"{",
		"[",
		"[2026-11-20 10:00:00] started",
		"You've used 90% of your session limit · resets 5pm",
	}
	for _, l := range lines {
		c, _ := readString(t, l+"\n", Options{})
		if f := c.failures(); len(f) > 0 {
			t.Errorf("%q: false alarm\n%s", l, dump(f))
		}
	}
}

func TestTimeFromLastSeen(t *testing.T) {
	in := "2026-11-20T09:00:00 start\nAPI Error: 529 Overloaded\n"
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if berlin == nil {
		berlin = time.FixedZone("CET", 3600)
	}
	c, _ := readString(t, in, Options{Location: berlin})
	if len(c.events) != 1 {
		t.Fatalf("events: %s", dump(c.events))
	}
	want{Time: "2026-11-20T08:00:00Z"}.check(t, c.events[0])

	c, _ = readString(t, "API Error: 529 Overloaded\n", Options{})
	if !c.events[0].Time.IsZero() {
		t.Errorf("time = %v, want zero when no timestamp was ever seen", c.events[0].Time)
	}
}

func TestFormatDetection(t *testing.T) {
	cases := []struct {
		in     string
		forced model.Format
		want   model.Format
	}{
		{`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`, "", model.FormatJSON},
		{"[\n {\"error\":{\"type\":\"forbidden\",\"message\":\"Request not allowed\"}}\n]", "", model.FormatJSON},
		{`{'type': 'error', 'error': {'type': 'api_error', 'message': 'x'}}`, "", model.FormatJSON},
		{`{"ts":"2026-11-20T00:00:00Z","level":"info","msg":"x"}`, "", model.FormatLog},
		{"[ERROR] something", "", model.FormatLog},
		{"API Error: 529", "", model.FormatLog},
		{"API Error: 529", model.FormatJSON, model.FormatJSON},
		{"", "", model.FormatLog},
	}
	for _, tc := range cases {
		_, got := readString(t, tc.in, Options{Format: tc.forced})
		if got != tc.want {
			t.Errorf("%q: format %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCIPrefixes: runner decorations are stripped before matching.
func TestCIPrefixes(t *testing.T) {
	cases := []struct{ in, want, stamp string }{
		{"plain", "plain", ""},
		{"2026-11-20T20:00:04.7100000Z ##[error]API Error: 529", "API Error: 529", "2026-11-20T20:00:04.7100000Z"},
		{"##[group]Run tests", "Run tests", ""},
		{"2026-11-20T20:00:04.123456Z 01O+ API Error: 529", "API Error: 529", "2026-11-20T20:00:04.123456Z"},
		{"\x1b[0Ksection_start:1795204801:step_script\r\x1b[0K\x1b[0K\x1b[36;1mExecuting step\x1b[0;m", "Executing step", ""},
		{"\x1b[0Ksection_end:1795204802:step_script\r\x1b[0K", "", ""},
		{"\x1b[31mAPI Error\x1b[39m: \x1b]8;;https://x\x07link\x1b]8;;\x07", "API Error: link", ""},
		{"progress 10%\rprogress 100%\rdone", "done", ""},
		{"::error file=a.py,line=3::anthropic.RateLimitError", "anthropic.RateLimitError", ""},
	}
	for _, tc := range cases {
		got, stamp := cleanLine(nil, []byte(tc.in))
		if string(got) != tc.want || string(stamp) != tc.stamp {
			t.Errorf("cleanLine(%q) = %q, %q; want %q, %q", tc.in, got, stamp, tc.want, tc.stamp)
		}
	}
}

func TestTimestamps(t *testing.T) {
	ref := time.Date(2026, 11, 20, 23, 0, 0, 0, time.UTC)
	cet := time.FixedZone("CET", 3600)
	cases := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339; "" = none
	}{
		{"2026-11-20T08:14:03Z x", time.UTC, "2026-11-20T08:14:03Z"},
		{"2026-11-20T08:14:03.123+01:00 x", time.UTC, "2026-11-20T07:14:03.123Z"},
		{"2026-11-20T08:14:03.123-0500 x", time.UTC, "2026-11-20T13:14:03.123Z"},
		{"2026-11-20 08:14:03,123 - INFO", cet, "2026-11-20T07:14:03.123Z"},
		{"[2026-11-20 08:14:03,123 - httpx:1025 - INFO]", time.UTC, "2026-11-20T08:14:03.123Z"},
		{"2026-11-20T08:14:03.123 x", cet, "2026-11-20T07:14:03.123Z"},
		{"2026/11/20 08:14:03 x", time.UTC, "2026-11-20T08:14:03Z"},
		{"time=2026-11-20T08:14:03Z level=info", time.UTC, "2026-11-20T08:14:03Z"},
		{"Nov 20 08:14:03 host app: x", time.UTC, "2026-11-20T08:14:03Z"},
		{"Nov  5 08:14:03 host app: x", time.UTC, "2026-11-05T08:14:03Z"},
		{"2026-11-20 08:14:03 UTC x", cet, "2026-11-20T08:14:03Z"},
		{"18:28:43 [ERROR] x", time.UTC, "2026-11-20T18:28:43Z"},
		{"01:00:00 x", time.UTC, "2026-11-21T01:00:00Z"}, // past midnight after ref 23:00
		{"2026-02-31 08:14:03 x", time.UTC, ""},
		{"processed 429 items", time.UTC, ""},
		{"version 1.2.3", time.UTC, ""},
		{"port 5000 12:30", time.UTC, ""},
		{"", time.UTC, ""},
	}
	for _, tc := range cases {
		got, ok := findTime([]byte(tc.in), tc.loc, ref)
		switch {
		case tc.want == "" && ok:
			t.Errorf("findTime(%q) = %v, want none", tc.in, got)
		case tc.want != "":
			exp, _ := time.Parse(time.RFC3339Nano, tc.want)
			if !ok || !got.Equal(exp) {
				t.Errorf("findTime(%q) = %v, %v; want %v", tc.in, got, ok, exp)
			}
		}
	}
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{1795204805, "2026-11-20T20:00:05Z"}, {1795204805123, "2026-11-20T20:00:05.123Z"},
		{1795204805123456, "2026-11-20T20:00:05.123456Z"}, {429, ""}, {-1, ""},
	} {
		got, ok := epochTime(tc.v)
		if tc.want == "" {
			if ok {
				t.Errorf("epochTime(%v) = %v, want none", tc.v, got)
			}
			continue
		}
		exp, _ := time.Parse(time.RFC3339Nano, tc.want)
		if !ok || !got.Equal(exp) {
			t.Errorf("epochTime(%v) = %v, want %v", tc.v, got, exp)
		}
	}
}

// TestBinaryJunk: NUL bytes and invalid UTF-8 are warned about with their place, and the
// rest is still read.
func TestBinaryJunk(t *testing.T) {
	in := "ok line\nbad \x00\x01 line\n\xff\xfe junk\nAPI Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n"
	c, _ := readString(t, in, Options{})
	if len(c.warnings) != 2 {
		t.Fatalf("warnings = %v, want 2", c.warnings)
	}
	if w := c.warnings[0]; w.Source.Line != 2 || w.Source.Offset != 12 || !strings.Contains(w.Msg, "line 2") {
		t.Errorf("first warning = %+v, want line 2 at byte 12", w)
	}
	if len(c.failures()) != 1 || c.failures()[0].Source.Line != 4 {
		t.Errorf("events after junk:\n%s", dump(c.events))
	}
}

// TestCRLFAndGzipTestdata reads the testdata that exercises line ends and compression.
func TestCRLF(t *testing.T) {
	c, _ := readString(t, "API Error: 529 Overloaded\r\nanthropic.RateLimitError: Error code: 429\r\n", Options{})
	if len(c.events) != 2 || c.events[0].Message != "Overloaded" || c.events[1].Status != 429 {
		t.Errorf("CRLF:\n%s", dump(c.events))
	}
}

// sidecar reads a .want file: the causes expected of an input.
func sidecar(t *testing.T, path string) (want, not []string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "want", "first":
			want = append(want, f[1])
		case "not":
			not = append(not, f[1])
		}
	}
	return want, not
}

func readInput(t testing.TB, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// TestTestdata reads every testdata/logs input: one that expects a cause yields failure
// events; a negative one (only "not" lines) yields none. Which cause each names is the
// end-to-end test's business (analyze_test.go).
func TestTestdata(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/logs/*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".want") {
			continue
		}
		base := filepath.Base(f)
		side := filepath.Join(filepath.Dir(f), strings.SplitN(base, ".", 2)[0]+".want")
		want, _ := sidecar(t, side)
		n++
		t.Run(base, func(t *testing.T) {
			c := &collect{}
			if _, err := Read(bytes.NewReader(readInput(t, f)), base, Options{}, c); err != nil {
				t.Fatal(err)
			}
			fails := c.failures()
			if len(want) > 0 && len(fails) == 0 {
				t.Errorf("no failure events; want %v\n%s", want, dump(c.events))
			}
			if len(want) == 0 && len(fails) > 0 {
				t.Errorf("negative input yields failures:\n%s", dump(fails))
			}
		})
	}
	if n < 40 {
		t.Errorf("only %d testdata inputs", n)
	}
}

// TestPublicLogs reads the real pasted logs: no panic, at least one failure each.
func TestPublicLogs(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/logs-public/0*")
	if len(files) == 0 {
		t.Skip("no ../../../shared/logs-public")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			c := &collect{}
			if _, err := Read(bytes.NewReader(readInput(t, f)), f, Options{}, c); err != nil {
				t.Fatal(err)
			}
			if len(c.failures()) == 0 {
				t.Errorf("no failure event:\n%s", dump(c.events))
			}
		})
	}
}
