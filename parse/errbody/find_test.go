package errbody

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
)

// findCases are real shapes from public failure logs (secrets replaced by fakes of the
// same shape) and near misses that must not count as error evidence.
var findCases = []struct {
	name string
	text string
	want Info
	ok   bool
}{
	// Error objects at any depth and in any encoding.
	{"claude code api error", `  ⎿  API Error (529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}) · Retrying in 4 seconds… (attempt 4/10)`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Status: 529, Provider: "anthropic"}, true},
	{"json log field, escaped once (061)", `  "error": "non 200 response from anthropic: 404 Not Found\nBody:\n{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-3-5-sonnet-20241022 \"}}",`,
		Info{Shape: "anthropic", Type: "not_found_error", Message: "model: claude-3-5-sonnet-20241022", Status: 404, Provider: "anthropic"}, true},
	{"bytes repr in a proxy's JSON (063)", `{"message":"mwsgpt.NotFoundError: AnthropicException - b'{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-3-5-sonnet-latest\"},\"request_id\":\"req_011Ca91w52tzWPP7RWAd8yCY\"}'. Received Model Group=claude-3-5-sonnet\nAvailable Model Group Fallbacks=None","type":null,"param":null,"code":"404"}`,
		Info{Shape: "anthropic", Type: "not_found_error", Message: "model: claude-3-5-sonnet-latest", RequestID: "req_011Ca91w52tzWPP7RWAd8yCY", Status: 404, Provider: "anthropic"}, true},
	{"escaped twice inside LiteLLM's envelope (065)", `HTTP response error from Anthropic's API: status 400 Bad Request - "{\"error\":{\"message\":\"{\\\"type\\\":\\\"error\\\",\\\"error\\\":{\\\"type\\\":\\\"invalid_request_error\\\",\\\"message\\\":\\\"Unexpected value(s) ` + "`prompt-caching-2024-07-31`" + ` for the ` + "`anthropic-beta`" + ` header.\\\"},\\\"request_id\\\":\\\"req_vrtx_011CV7jNDAQgbRyMrz1ajpyK\\\"}. Received Model Group=claude-sonnet-4-5-20250929\\nAvailable Model Group Fallbacks=None\",\"type\":\"None\",\"param\":\"None\",\"code\":\"400\"}}"`,
		Info{Shape: "anthropic", Type: "invalid_request_error", Message: "Unexpected value(s) `prompt-caching-2024-07-31` for the `anthropic-beta` header.", RequestID: "req_vrtx_011CV7jNDAQgbRyMrz1ajpyK", Status: 400, Provider: "vertex"}, true},
	{"escaped three times", `{"log":"{\"msg\":\"{\\\"error\\\":\\\"{\\\\\\\"type\\\\\\\":\\\\\\\"error\\\\\\\",\\\\\\\"error\\\\\\\":{\\\\\\\"type\\\\\\\":\\\\\\\"rate_limit_error\\\\\\\",\\\\\\\"message\\\\\\\":\\\\\\\"Number of request tokens has exceeded your per-minute rate limit\\\\\\\"}}\\\"}\"}"}`,
		Info{Shape: "anthropic", Type: "rate_limit_error", Message: "Number of request tokens has exceeded your per-minute rate limit", Provider: "anthropic"}, true},
	{"line cut inside an escaped body (070)", `error\":{\"type\":\"invalid_request_error\",\"message\":\"anthropic-version: \\\"2023-10-01\\\" is not a valid version\"},\"request_id\":\"req_011CX24paaNdfCaRyUMhnjB5\"}}","status":400}`,
		Info{Shape: "anthropic", Type: "invalid_request_error", Message: `anthropic-version: "2023-10-01" is not a valid version`, RequestID: "req_011CX24paaNdfCaRyUMhnjB5", Status: 400, Provider: "anthropic"}, true},
	{"inner object without its envelope (062)", "Provider: anthropic\nStatus Code: 404\n```\n{\"type\":\"not_found_error\",\"message\":\"model: claude-3-7-sonnet-latest\"}\n```",
		Info{Shape: "anthropic", Type: "not_found_error", Message: "model: claude-3-7-sonnet-latest", Status: 404, Provider: "anthropic"}, true},
	{"python dict repr", `anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'details': None, 'type': 'overloaded_error', 'message': 'Overloaded'}}`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Status: 529, Repr: true, Provider: "anthropic"}, true},
	{"ruby hash", `Anthropic::Errors::APIError: {:type=>"error", :error=>{:type=>"rate_limit_error", :message=>"This request would exceed your organization's rate limit."}}`,
		Info{Shape: "anthropic", Type: "rate_limit_error", Message: "This request would exceed your organization's rate limit.", Provider: "anthropic"}, true},
	{"ruby string keys", `{"type"=>"error", "error"=>{"type"=>"overloaded_error", "message"=>"Overloaded"}}`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Provider: "anthropic"}, true},
	{"js object literal", `AnthropicError { status: 429, error: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, request_id: 'req_011CAbCdEf' }`,
		Info{Shape: "anthropic", Type: "rate_limit_error", Message: "slow down", RequestID: "req_011CAbCdEf", Status: 429, Provider: "anthropic"}, true},
	{"js httpStatus", `[WARN] request failed { httpStatus: 429, type: 'rate_limit_error', message: 'Rate limited' }`,
		Info{Shape: "anthropic", Type: "rate_limit_error", Message: "Rate limited", Status: 429, Provider: "anthropic"}, true},
	{"java map toString", `com.anthropic.errors.InternalServerException: 529: {type=error, error={type=overloaded_error, message=Overloaded}}`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Status: 529, Provider: "anthropic"}, true},
	{"go %q in logfmt", `level=error msg="call failed" err="POST "https://api.anthropic.com/v1/messages": 529 Overloaded (Request-ID: req_011CZz) {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", RequestID: "req_011CZz", Status: 529, Provider: "anthropic"}, true},
	{"repr with a double-quoted string in a JSON field", `{"error": "Error code: 404 - {'type': 'error', 'error': {'type': 'not_found_error', 'message': "model's name: claude-2.1"}}"}`,
		Info{Shape: "anthropic", Type: "not_found_error", Message: "model's name: claude-2.1", Status: 404, Repr: true, Provider: "anthropic"}, true},
	{"claude.ai limit escaped in message", `{"type":"error","error":{"type":"rate_limit_error","message":"{\"type\":\"exceeded_limit\",\"resetsAt\":1767225600,\"remaining\":null,\"perModelLimit\":false,\"representativeClaim\":\"five_hour\"}"}}`,
		Info{Shape: "anthropic", Type: "exceeded_limit", Message: "usage limit exceeded (five_hour)", Claim: "five_hour", ResetsAt: time.Unix(1767225600, 0).UTC(), Provider: "anthropic"}, true},
	{"spend cap error_code", `{"type":"error","error":{"type":"rate_limit_error","message":"You have reached your API usage limits","details":{"error_code":"enforced_spend_limit_reached"}},"request_id":"req_1"}`,
		Info{Shape: "anthropic", Type: "rate_limit_error", Code: "enforced_spend_limit_reached", Message: "You have reached your API usage limits", RequestID: "req_1", Provider: "anthropic"}, true},

	// AWS, Google and OpenAI shapes.
	{"aws sdk v3 dump (026)", "message: Too many tokens, please wait before trying again.\nname: ThrottlingException\n$fault: client\n$metadata: {\"httpStatusCode\":429,\"requestId\":\"158a2e26-c851-4440-9f98-e3065df1de46\",\"attempts\":3,\"totalRetryDelay\":274}",
		Info{Shape: "aws", Code: "ThrottlingException", Message: "Too many tokens, please wait before trying again.", RequestID: "158a2e26-c851-4440-9f98-e3065df1de46", Status: 429}, true},
	{"aws sdk v3 js literal", `ThrottlingException: Too many requests { '$fault': 'client', '$metadata': { httpStatusCode: 429, requestId: 'ab12cd34-0000-4000-8000-1234567890ab', attempts: 3 }, name: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' } bedrock-runtime`,
		Info{Shape: "aws", Code: "ThrottlingException", Message: "Too many requests, please wait before trying again.", RequestID: "ab12cd34-0000-4000-8000-1234567890ab", Status: 429, Provider: "bedrock"}, true},
	{"swift (047)", `Error invoking the model: AccessDeniedException(properties: AWSBedrockRuntime.AccessDeniedException.Properties(message: Optional("Your account is not authorized to invoke this API operation.")), httpResponse: Status Code: http_status_403 x-amzn-ErrorType: AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/, Content-Type: application/json, x-amzn-RequestId: c9507833-2d9a-4f0f-b4c0-08ac3dd223f8, message: Optional("Your account is not authorized to invoke this API operation."), requestID: nil)`,
		Info{Shape: "aws", Code: "AccessDeniedException", Message: "Your account is not authorized to invoke this API operation.", RequestID: "c9507833-2d9a-4f0f-b4c0-08ac3dd223f8", Status: 403, Provider: "bedrock"}, true},
	{"botocore sentence (043)", `[ERROR]	2024-08-14T20:22:05.431Z	930587f4-631c-4afc-81dd-840def9cc233	An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.`,
		Info{Shape: "aws", Code: "AccessDeniedException", Message: "You don't have access to the model with the specified model ID.", Provider: "bedrock"}, true},
	{"botocore after retries", `botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 4): Too many tokens, please wait before trying again.`,
		Info{Shape: "aws", Code: "ThrottlingException", Message: "Too many tokens, please wait before trying again.", Provider: "bedrock"}, true},
	{"botocore lower-case code (025)", `<class 'botocore.exceptions.EventStreamError'>:An error occurred (throttlingException) when calling the InvokeModelWithResponseStream operation: Too many requests, please wait before trying again.`,
		Info{Shape: "aws", Code: "ThrottlingException", Message: "Too many requests, please wait before trying again.", Provider: "bedrock"}, true},
	{"bedrock validation block (055)", "[SYSTEM_ERROR] An error occurred.\nType: ValidationException\nDetails: The model returned the following errors: prompt is too long: 200049 tokens > 200000 maximum\nRequest ID: 9251f066-a420-483b-b3ae-7485084f6dc6",
		Info{Shape: "aws", Code: "ValidationException", Message: "The model returned the following errors: prompt is too long: 200049 tokens > 200000 maximum", RequestID: "9251f066-a420-483b-b3ae-7485084f6dc6", Provider: "bedrock"}, true},
	{"aws class with a wrapped message (019)", "ValidationException: Access to Anthropic models is not allowed from unsupported\ncountries, regions, or territories. Please refer to\nhttps://www.anthropic.com/supported-countries for more information.",
		Info{Shape: "aws", Code: "ValidationException", Message: "Access to Anthropic models is not allowed from unsupported countries, regions, or territories. Please refer to https://www.anthropic.com/supported-countries for more information.", Provider: "bedrock"}, true},
	{"status message stops at a stack frame", "Error: 529 The API is overloaded\n    at Anthropic.makeRequest (client.js:10:3)",
		Info{Shape: "status", Status: 529, Message: "The API is overloaded", Provider: "anthropic"}, true},
	{"IAM denial in a cut log line (044)", `2026-03-09 13:46:50.969 [error] [Bedrock Model Provider] Chat request failed {"messageCount":5,"modelId":"global.anthropic.claude-opus-4-6-v1","error":{"message":"User: arn:aws:sts::111111111111:assumed-role/user_role is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1 with an explicit deny in a service control policy: arn:aws:organizations::000000000000:p`,
		Info{Shape: "aws", Code: "AccessDeniedException", Message: "User: arn:aws:sts::111111111111:assumed-role/user_role is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1 with an explicit deny in a service control policy: arn:aws:organizations::000000000000:p", Provider: "bedrock"}, true},
	{"a message before an empty error object", `{"level":"warn","message":"retrying the request","error":{}}`, Info{}, false},
	{"a log message that is not an error object", `{"level":"error","message":"User: arn:aws:iam::123:user/x is not authorized to perform: s3:GetObject"}`, Info{}, false},
	{"aws __type", `{"message":"Too many requests, please wait before trying again.","__type":"com.amazon.coral.service#ThrottlingException"} from bedrock`,
		Info{Shape: "aws", Code: "ThrottlingException", Message: "Too many requests, please wait before trying again.", Provider: "bedrock"}, true},
	{"vertex google array (027)", `429 [{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2.","status":"RESOURCE_EXHAUSTED"}}]`,
		Info{Shape: "google", Code: "RESOURCE_EXHAUSTED", Message: "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2.", Status: 429, Provider: "vertex"}, true},
	{"openai insufficient_quota through litellm", `litellm.RateLimitError: RateLimitError: OpenAIException - Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}`,
		Info{Shape: "openai", Code: "insufficient_quota", Message: "You exceeded your current quota, please check your plan and billing details.", Status: 429, Repr: true, Provider: "openai"}, true},
	{"openai host", `POST https://api.openai.com/v1/chat/completions failed with status 429: {"error":{"message":"Rate limit reached for gpt-4o","type":"requests","code":"rate_limit_exceeded"}}`,
		Info{Shape: "openai", Code: "rate_limit_exceeded", Message: "Rate limit reached for gpt-4o", Status: 429, Provider: "openai"}, true},

	{"grpc status word", `google.api_core.exceptions.ResourceExhausted: 429 RESOURCE_EXHAUSTED. Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model`,
		Info{Shape: "google", Code: "RESOURCE_EXHAUSTED", Status: 429, Provider: "vertex"}, true},
	{"edge 403 region", `PermissionDeniedError: Error code: 403 - {'error': {'type': 'forbidden', 'message': 'Request not allowed'}}`,
		Info{Shape: "edge", Type: "forbidden", Message: "Request not allowed", Status: 403, Repr: true}, true},

	{"gemini is not Claude", `google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'You exceeded your current quota for generativelanguage.googleapis.com/generate_content_free_tier_requests, model: gemini-2.0-flash', 'status': 'RESOURCE_EXHAUSTED'}}`,
		Info{Shape: "google", Code: "RESOURCE_EXHAUSTED", Message: "You exceeded your current quota for generativelanguage.googleapis.com/generate_content_free_tier_requests, model: gemini-2.0-flash", Status: 429, Repr: true, Provider: "gemini"}, true},
	{"azure openai", `openai.RateLimitError: Error code: 429 - {'error': {'code': '429', 'message': 'Requests to the ChatCompletions_Create Operation have exceeded call rate limit. https://myres.openai.azure.com'}}`,
		Info{Shape: "edge", Message: "Requests to the ChatCompletions_Create Operation have exceeded call rate limit. https://myres.openai.azure.com", Status: 429, Provider: "openai"}, true},
	{"anthropic error with a fallback to openai named", `litellm.RateLimitError: AnthropicException - {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}. Fallbacks: openai/gpt-4o via api.openai.com`,
		Info{Shape: "anthropic", Type: "rate_limit_error", Message: "slow down", Provider: "anthropic"}, true},

	// Precedence: the innermost Anthropic error decides.
	{"a code key contradicted by the inner error", `{"code":502,"detail":"{'type': 'error', 'error': {'type': 'not_found_error', 'message': 'model: claude-2.1'}}"}`,
		Info{Shape: "anthropic", Type: "not_found_error", Message: "model: claude-2.1", Status: 404, OuterStatus: 502, Repr: true, Provider: "anthropic"}, true},
	{"a 500 that carries overloaded_error keeps its status", `API Error: 500 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Status: 500, Provider: "anthropic"}, true},
	{"escaped status inside beats the wrapper's", `{"level":"error","msg":"call failed","status":502,"body":"{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}"}`,
		Info{Shape: "anthropic", Type: "authentication_error", Message: "invalid x-api-key", Status: 401, OuterStatus: 502, Provider: "anthropic"}, true},
	{"proxy 429 around invalid_request_error", `proxy error: status 429 {"error":{"message":"upstream said: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: 100000 > 64000\"}}","type":"rate_limit_error"}}`,
		Info{Shape: "anthropic", Type: "invalid_request_error", Message: "max_tokens: 100000 > 64000", Status: 400, OuterStatus: 429, Provider: "anthropic"}, true},
	{"litellm connection error around an SSE error event", `litellm.APIConnectionError: AnthropicException - Unable to parse response. Original response: event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Provider: "anthropic", InStream: true}, true},
	{"bare SSE error event (076)", `Unexpected error: litellm.InternalServerError: AnthropicException - litellm.APIConnectionError: Unable to parse response. Original response: event: error`,
		Info{Shape: "sse", Provider: "anthropic", InStream: true}, true},

	// Statuses in any phrasing.
	{"status line", `2025-08-19T19:18:36Z [info] HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 429 Too Many Requests" [httpx]`,
		Info{Shape: "status", Status: 429, Message: `Too Many Requests" [httpx]`, Provider: "anthropic"}, true},
	{"failed with status (016)", `cloud language model completion failed with status 451 Unavailable For Legal Reasons: Access to Anthropic models is not available in your region (IM)`,
		Info{Shape: "status", Status: 451, Message: "Unavailable For Legal Reasons: Access to Anthropic models is not available in your region (IM)", Provider: "anthropic"}, true},
	{"status code", `[18:30:25.936] ERROR: Request failed with status code 400`,
		Info{Shape: "status", Status: 400}, true},
	{"bracketed (072)", `Reason: Anthropic API error: [404] Not Found {"message":"Not found","docs":"https://docs.example.com/product/api"} URL: https://api.example.com/anthropic/eu/v1/v1/messages`,
		Info{Shape: "status", Status: 404, Message: `Not Found {"message":"Not found","docs":"https://docs.example.com/product/api"} URL: https://api.example.com/anthropic/eu/v1/v1/messages`, Provider: "anthropic"}, true},
	{"statusCode key", `{ statusCode: 404, url: 'https://api.anthropic.com/' }`,
		Info{Shape: "status", Status: 404, Provider: "anthropic"}, true},
	{"api error colon", `API Error: 400 Access to Anthropic models is not allowed from unsupported countries, regions, or territories.`,
		Info{Shape: "status", Status: 400, Message: "Access to Anthropic models is not allowed from unsupported countries, regions, or territories.", Provider: "anthropic"}, true},
	{"reason phrase alone", `Error: Method Not Allowed`,
		Info{Shape: "status", Status: 405}, true},

	{"error and a status", `2024-11-11 20:47:14,424 - uni-api - ERROR - Error 400 with provider vertex`,
		Info{Shape: "status", Status: 400, Message: "with provider vertex", Provider: "vertex"}, true},
	{"curl", `curl: (22) The requested URL returned error: 429`, Info{Shape: "status", Status: 429}, true},
	{"urllib", `urllib.error.HTTPError: HTTP Error 503: Service Unavailable`, Info{Shape: "status", Status: 503, Message: "Service Unavailable"}, true},
	{"requests", `requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: https://api.anthropic.com/v1/messages`,
		Info{Shape: "status", Status: 429, Message: "Client Error: Too Many Requests for url: https://api.anthropic.com/v1/messages", Provider: "anthropic"}, true},
	{"rust reqwest", `Error: reqwest::Error { kind: Status(529), url: "https://api.anthropic.com/v1/messages" }`,
		Info{Shape: "status", Status: 529, Provider: "anthropic"}, true},
	{"java sdk", `com.anthropic.errors.RateLimitException: 429: {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}`,
		Info{Shape: "anthropic", Type: "rate_limit_error", Message: "Number of request tokens has exceeded your per-minute rate limit", Status: 429, Provider: "anthropic"}, true},
	{"vercel ai sdk responseBody", `  statusCode: 529,
  responseBody: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
  isRetryable: true,`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Status: 529, Provider: "anthropic"}, true},
	{"elixir map", `{:error, %{status: 429, body: %{"error" => %{"type" => "rate_limit_error", "message" => "Too many requests"}}}}`,
		Info{Shape: "anthropic", Type: "rate_limit_error", Message: "Too many requests", Status: 429, Provider: "anthropic"}, true},
	{"go sdk", `POST "https://api.anthropic.com/v1/messages": 529 Overloaded (Request-ID: req_011CWxYz) {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
		Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", RequestID: "req_011CWxYz", Status: 529, Provider: "anthropic"}, true},

	// Pages and CDN fragments.
	{"cloudflare bare title", `<html><head><title>403</title></head><body>cloudflare</body></html>`,
		Info{Shape: "html", Message: "403", Code: "cloudflare", Status: 403, Provider: "cloudflare"}, true},
	{"cloudflare error class", `<div class="cf-error-details cf-error-code errorcode_502">`,
		Info{Shape: "html", Message: "502 bad gateway", Code: "cloudflare", Status: 502, Provider: "cloudflare"}, true},
	{"challenge without its title (014)", `<div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div>
(function(){window._cf_chl_opt = {cvId: '3',cZone: 'claude.ai',cType: 'managed',cRay: '9baf90f478450f1e'`,
		Info{Shape: "html", Message: "Enable JavaScript and cookies to continue", Code: "cloudflare-challenge", Provider: "cloudflare"}, true},
	{"cloudflare firewall body", `API Error: 403 error code: 1020`,
		Info{Shape: "html", Code: "cloudflare", Message: "error code: 1020", Status: 403, Provider: "cloudflare"}, true},
	{"cloudflare country ban", `<h1>Error 1009</h1> Access denied. The owner of this website has banned the country or region your IP address is in.`,
		Info{Shape: "html", Code: "cloudflare", Message: "error code: 1009", Status: 403, Provider: "cloudflare"}, true},
	{"region page", `curl: <!doctype html><html><head><title>App unavailable</title></head><body>Unfortunately, Claude is only available in certain regions right now.</body></html>`,
		Info{Shape: "html", Message: "App unavailable", Code: "region-unavailable", Provider: "anthropic"}, true},

	// Near misses: no error evidence.
	{"healthy status line", `HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"`, Info{}, false},
	{"json log line with a message", `{"level":"info","message":"request finished","status":200,"type":"message"}`, Info{}, false},
	{"success body", `{"id":"msg_01","type":"message","content":[{"type":"text","text":"hello"}]}`, Info{}, false},
	{"port and counts", `listening on 0.0.0.0:4040, 404 files indexed, 500 ms`, Info{}, false},
	{"not found of a file", `Error: ENOENT: not found: /home/u/.claude/settings.json`, Info{}, false},
	{"exit status", `make: *** [all] Error 2; exit status 1`, Info{}, false},
	{"type Error alone", `err: { "type": "Error", "message": "Request failed" }`, Info{}, false},
	{"event: errors word", `subscribed to event: errors_total counter`, Info{}, false},
	{"an unknown exception name", `java.lang.IllegalStateException: queue full`, Info{}, false},
	{"status 4040", `status 4040 items`, Info{}, false},
	{"lower-case phrase", `the gateway timeout is 30s; bad request handling is off`, Info{}, false},
	{"an error count", `sync finished: error 404ms after start, errors 500 total`, Info{}, false},
	{"a clock and a port", `12:04:500 connected to db:5432 {"pool":4}`, Info{}, false},
	{"status word as a constant", `const RESOURCE_EXHAUSTED_RETRIES = 3; state=UNAVAILABLE`, Info{}, false},
	{"a four-digit error that is no CDN block", `error code: 1021 in module loader`, Info{}, false},
	{"empty", "  \n ", Info{}, false},
}

func TestFind(t *testing.T) {
	for _, tt := range findCases {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Find([]byte(tt.text))
			if ok != tt.ok || got != tt.want {
				t.Errorf("Find(%s)\n got %+v, %v\nwant %+v, %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

var providers = map[string]bool{"": true, "anthropic": true, "bedrock": true, "vertex": true, "openai": true, "cloudflare": true, "gemini": true}

// FuzzFind checks what Find promises for any text: bounded strings, statuses that are HTTP
// error statuses, a known provider, and the same error type whether the text is a line of
// its own, a line with a logger's prefix, or escaped once more inside a JSON log field.
func FuzzFind(f *testing.F) {
	for _, c := range findCases {
		f.Add([]byte(c.text))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		info, ok := Find(b)
		if !ok {
			if info != (Info{}) {
				t.Fatalf("not ok but %+v", info)
			}
			return
		}
		for _, s := range []string{info.Message, info.Type, info.Code, info.RequestID, info.Claim} {
			if len(s) > model.MaxMessage+8 {
				t.Fatalf("string not bounded: %d bytes", len(s))
			}
		}
		if info.Status != 0 && (info.Status < 400 || info.Status > 599) || info.OuterStatus != 0 && (info.OuterStatus < 400 || info.OuterStatus > 599) {
			t.Fatalf("status %d/%d", info.Status, info.OuterStatus)
		}
		if !providers[info.Provider] {
			t.Fatalf("provider %q", info.Provider)
		}
		if _, anth := anthropicStatus[info.Type]; !anth || len(b) > 4<<10 || !utf8.Valid(b) {
			return
		}
		prefixed, _ := Find(append([]byte("2026-01-02T03:04:05.678Z ERROR [api] "), b...))
		if prefixed.Type != info.Type {
			t.Fatalf("with a prefix: type %q, alone %q", prefixed.Type, info.Type)
		}
		if strings.Contains(string(b), strings.Repeat(`\`, (maxEsc+1)/2)) {
			return // one more escaping would pass the depth Find reads to
		}
		if bytes.ContainsAny(b, "\r\n") {
			// A type read across a raw line break is the terminal-wrap repair: a wrap is
			// a raw break, and a JSON "\n" in a field is the text's own, so the two readings
			// may differ. The escaping property holds for what is read without the repair.
			unwrapped, _ := Find(bytes.Map(func(r rune) rune {
				if r == '\n' || r == '\r' {
					return ' '
				}
				return r
			}, b))
			if unwrapped.Type != info.Type {
				return
			}
		}
		field, _ := json.Marshal(map[string]string{"level": "error", "msg": string(b)})
		escaped, _ := Find(field)
		if escaped.Type != info.Type {
			t.Fatalf("escaped in %s: type %q, alone %q", field, escaped.Type, info.Type)
		}
	})
}

func TestFindBounded(t *testing.T) {
	// A huge record: only its head is read, and the error in it is still found.
	text := `API Error (529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}) ` + strings.Repeat(`{"a":"b\"c",`, 1<<20)
	got, ok := Find([]byte(text))
	if !ok || got.Type != "overloaded_error" {
		t.Fatalf("got %+v %v", got, ok)
	}
	// Deep escapes are read up to maxEsc backslashes and no further.
	deep := `{"type":"error"` + strings.Repeat(`\`, 40) + `"type":"api_error"}`
	if got, _ := Find([]byte(deep)); got.Type != "" {
		t.Fatalf("escape deeper than %d read: %+v", maxEsc, got)
	}
}

func BenchmarkFind(b *testing.B) {
	line := []byte(`{"caller":"app/plugin_api.go:1011","error":"non 200 response from anthropic: 404 Not Found\nBody:\n{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-3-5-sonnet-20241022 \"}}","level":"error","msg":"Streaming result to post failed partway","plugin_id":"mattermost-ai"}`)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		Find(line)
	}
}

// TestFindWrapped: a terminal wraps a long line at any column, even inside a key, a value
// or an escape; the record joined with '\n' still names the same error.
func TestFindWrapped(t *testing.T) {
	for _, c := range findCases {
		if _, anth := anthropicStatus[c.want.Type]; !anth || strings.Contains(c.text, "\n") {
			continue
		}
		for i := 1; i < len(c.text); i++ {
			wrapped := c.text[:i] + "\n" + c.text[i:]
			if got, _ := Find([]byte(wrapped)); got.Type != c.want.Type {
				t.Errorf("%s wrapped at %d: type %q, want %q\n%s", c.name, i, got.Type, c.want.Type, wrapped)
				break
			}
		}
	}
}

// adversarial are texts that would make a careless scanner quadratic; BenchmarkFindWorst
// shows Find stays linear on them (compare the 8 KiB and 64 KiB sizes).
var adversarial = []string{
	`a:"`, `a:'b:"`, `a:\"`, `"a":"\\`, `:`, `{`, `status `, `exception`, `4`, `\`, `a=\u003e`,
	`Optional(`, `"type":"`, `\\\"type\\\":\\\"`, `x:'` + strings.Repeat(`\`, 30) + `"`, "status: 4\n", `errorcode_`,
	`'message': 'a`, `event: error `, `http/1.1 `,
	"\"type\":\"a\n", `message=`, `<html><title>`, `<html><h1>`, `type:"a" `, `'ab':\"`, `status 429 `,
	`{"error":{"type":"overloaded_error","message":"`,
}

// TestFindLinear: what Find allocates grows linearly with its text on every adversarial
// text, up to MaxFind. Bytes allocated, not time, so that a loaded machine cannot fail it:
// a Replacer built per keyed value once made 1 KiB of `"type":"a\n` allocate 735 KB
// (and 4 KiB 1.8 MB).
func TestFindLinear(t *testing.T) {
	for _, a := range adversarial {
		for _, size := range []int{1 << 10, 4 << 10, 16 << 10, 64 << 10} {
			text := []byte(strings.Repeat(a, size/len(a)+1)[:size])
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			const runs = 3
			for range runs {
				Find(text)
			}
			runtime.ReadMemStats(&m1)
			got := (m1.TotalAlloc - m0.TotalAlloc) / runs
			if limit := uint64(96*size + 128<<10); got > limit {
				t.Errorf("%q × %d bytes: %d bytes allocated, more than %d", a, size, got, limit)
			}
		}
	}
}

func BenchmarkFindWorst(b *testing.B) {
	for _, size := range []int{8 << 10, 64 << 10} {
		for k, a := range adversarial {
			text := []byte(strings.Repeat(a, size/len(a)+1)[:size])
			b.Run(fmt.Sprintf("%d/%dk", k, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					Find(text)
				}
			})
		}
	}
}
