package rules

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/claudelog/claudelog/model"
)

// Event builders for the table: the fields a parser fills, nothing else.
const (
	completionPath = "/api/organizations/0b9c7d2e-1111-2222-3333-444455556666/chat_conversations/7f0e5a1c-aaaa-bbbb-cccc-ddddeeeeffff/completion"
	reqID          = "req_011CSHoEeqs5C35K2UUqR7Fy"
)

func hdr(pairs ...string) []model.Header {
	var hs []model.Header
	for i := 0; i+1 < len(pairs); i += 2 {
		hs = append(hs, model.Header{Name: pairs[i], Value: pairs[i+1]})
	}
	return hs
}

// onAPI, onWeb and onHost place an event on a host, as a HAR or an SDK debug log would.
func onAPI(e model.Event) model.Event {
	e.Method, e.Host, e.Path, e.Platform = "POST", "api.anthropic.com", "/v1/messages", model.PlatformAPI
	return e
}

func onWeb(path string, e model.Event) model.Event {
	e.Method, e.Host, e.Path, e.Platform = "POST", "claude.ai", path, model.PlatformWeb
	return e
}

func onHost(host, path string, e model.Event) model.Event {
	e.Method, e.Host, e.Path, e.Platform = "GET", host, path, model.PlatformOf(host)
	return e
}

// classifyCase is one event and what the catalog must say about it. rule, when set, is the
// rule that must fire (a true positive); not, when set, is a rule that must not fire (a
// near miss). cause "" means the event must stay unclassified.
type classifyCase struct {
	name  string
	e     model.Event
	cause string
	sev   model.Severity
	rule  string
	not   string
}

var classifyCases = []classifyCase{
	// --- capacity ---
	{name: "500 api_error Overloaded is overloaded (claude-code#8104)", cause: "overloaded", sev: model.Error, rule: "overloaded-message", not: "server-error-api-error",
		e: onAPI(model.Event{Status: 500, ErrorType: "api_error", Message: "Overloaded"})},
	{name: "Claude Code Repeated 529", cause: "overloaded", sev: model.Error, rule: "overloaded-message",
		e: model.Event{Status: 529, Message: "Repeated 529 Overloaded errors", Dialect: "claude-code"}},
	{name: "Vercel AI_RetryError last error Overloaded", cause: "overloaded", sev: model.Error, rule: "overloaded-message",
		e: model.Event{Exception: "AI_RetryError", Message: "Failed after 3 attempts. Last error: Overloaded"}},
	{name: "the word overloaded in a 400 message", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "overloaded-message",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "tools.3.name: overloaded names are not allowed"})},
	{name: "429 Rate limited is server throttling", cause: "overloaded", sev: model.Error, rule: "overloaded-server-throttle",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "Rate limited"})},
	{name: "Claude Code not your usage limit", cause: "overloaded", sev: model.Error, rule: "overloaded-server-throttle", not: "usage-limit-subscription",
		e: model.Event{Status: 429, Message: "Server is temporarily limiting requests (not your usage limit) · Rate limited", Dialect: "claude-code"}},
	{name: "org rate limit wording is not throttling", cause: "rate_limited", sev: model.Error, rule: "rate-limit-wording", not: "overloaded-server-throttle",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "This request would exceed your organization's rate limit of 30,000 input tokens per minute (org: 5f0c, model: claude-sonnet-4-6)."})},
	{name: "overloaded_error inside a 200 stream", cause: "overloaded", sev: model.Error, rule: "overloaded-error-type",
		e: onAPI(model.Event{Status: 200, InStream: true, ErrorType: "overloaded_error", Message: "Overloaded"})},
	{name: "529 that TS calls InternalServerError", cause: "overloaded", sev: model.Error, rule: "overloaded-error-type", not: "server-error-500",
		e: model.Event{Status: 529, Exception: "InternalServerError", ErrorType: "overloaded_error"}},
	{name: "Python mid-stream APIStatusError dict repr", cause: "overloaded", sev: model.Error, rule: "overloaded-error-type",
		e: model.Event{Exception: "anthropic.APIStatusError", Message: "{'type': 'error', 'error': {'details': None, 'type': 'overloaded_error', 'message': 'Overloaded'}}"}},
	{name: "500 Internal server error is not overloaded", cause: "server_error", sev: model.Error, rule: "server-error-api-error", not: "overloaded-error-type",
		e: onAPI(model.Event{Status: 500, ErrorType: "api_error", Message: "Internal server error", RequestID: reqID})},
	{name: "bare 529", cause: "overloaded", sev: model.Error, rule: "overloaded-529",
		e: model.Event{Status: 529, Exception: "InternalServerError"}},
	{name: "processed 529 items is no status", cause: "", not: "overloaded-529",
		e: model.Event{Exception: "ValueError", Message: "processed 529 items"}},
	{name: "bare 500", cause: "server_error", sev: model.Error, rule: "server-error-500",
		e: onAPI(model.Event{Status: 500})},
	{name: "InternalServerError without status", cause: "server_error", sev: model.Error, rule: "server-error-500",
		e: model.Event{Exception: "anthropic.InternalServerError", Message: "Internal Server Error"}},
	{name: "unknown 5xx", cause: "server_error", sev: model.Error, rule: "server-error-5xx", not: "server-error-500",
		e: onAPI(model.Event{Status: 530, Detail: "530 Origin DNS error"})},
	{name: "502 is not the 5xx catch-all", cause: "bad_gateway", sev: model.Error, rule: "bad-gateway-status", not: "server-error-5xx",
		e: onAPI(model.Event{Status: 502})},
	{name: "Cloudflare 525", cause: "bad_gateway", sev: model.Error, rule: "bad-gateway-status",
		e: onAPI(model.Event{Status: 525})},
	{name: "522 is a timeout, not a bad gateway", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-status", not: "bad-gateway-status",
		e: onAPI(model.Event{Status: 522})},
	{name: "Cloudflare 520 page", cause: "bad_gateway", sev: model.Error, rule: "bad-gateway-page",
		e: model.Event{Status: 520, Detail: "api.anthropic.com | 520: Web server is returning an unknown error", Dialect: "claude-code"}},
	{name: "502 page kept as the whole message of an InternalServerError", cause: "bad_gateway", sev: model.Error, rule: "bad-gateway-page", not: "server-error-500",
		e: model.Event{Exception: "anthropic.InternalServerError", Detail: "502 Bad Gateway"}},
	{name: "client SSL handshake failure is not a 525 page", cause: "network_error", sev: model.Error, rule: "network-connection", not: "bad-gateway-page",
		e: model.Event{NoResponse: true, Exception: "httpx.ConnectError", NetError: "SSL handshake failed"}},
	{name: "bare 503", cause: "service_unavailable", sev: model.Error, rule: "service-unavailable-503", not: "bedrock-unavailable",
		e: onAPI(model.Event{Status: 503, Detail: "Service Unavailable"})},
	{name: "Vertex ServiceUnavailableError without status", cause: "service_unavailable", sev: model.Error, rule: "service-unavailable-503",
		e: model.Event{Exception: "anthropic.ServiceUnavailableError", Message: "upstream unavailable"}},
	{name: "503 with a challenge is a challenge", cause: "bot_challenge", sev: model.Error, rule: "bot-challenge-header", not: "service-unavailable-503",
		e: onWeb("/api/organizations", model.Event{Status: 503, Headers: hdr("cf-mitigated", "challenge", "server", "cloudflare")})},
	{name: "Envoy 503 with Connection refused is not network", cause: "service_unavailable", sev: model.Error, rule: "service-unavailable-upstream", not: "network-connection",
		e: model.Event{Status: 503, Message: "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused", Dialect: "claude-code"}},
	{name: "Envoy text on a 502 follows the status", cause: "bad_gateway", sev: model.Error, rule: "bad-gateway-status", not: "service-unavailable-upstream",
		e: model.Event{Status: 502, Message: "upstream connect error or disconnect/reset before headers"}},
	{name: "504 timeout_error", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-type", not: "client-timeout",
		e: onAPI(model.Event{Status: 504, ErrorType: "timeout_error", Message: "Request timed out"})},
	{name: "Vertex DeadlineExceededError without status", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-type",
		e: model.Event{Exception: "anthropic.DeadlineExceededError", Message: "Deadline Exceeded"}},
	{name: "client Request timed out is not the server's timeout", cause: "client_timeout", sev: model.Error, rule: "client-timeout", not: "gateway-timeout-type",
		e: model.Event{NoResponse: true, NetError: "Request timed out.", Dialect: "claude-code"}},
	{name: "Cloudflare 524", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-status",
		e: onAPI(model.Event{Status: 524})},
	{name: "408", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-status",
		e: onAPI(model.Event{Status: 408})},
	{name: "ERR_TIMED_OUT is the client's timeout", cause: "client_timeout", sev: model.Error, rule: "client-timeout", not: "gateway-timeout-status",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_TIMED_OUT"})},
	{name: "504 Gateway Time-out page (048)", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-page",
		e: model.Event{Status: 504, Detail: "api.anthropic.com | 504: Gateway time-out", Dialect: "claude-code"}},
	{name: "504 page as an InternalServerError message", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-page",
		e: model.Event{Exception: "anthropic.InternalServerError", Detail: "504 Gateway Time-out"}},
	{name: "ERR_CONNECTION_TIMED_OUT is network", cause: "network_error", sev: model.Error, rule: "network-connection", not: "gateway-timeout-page",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_CONNECTION_TIMED_OUT"})},

	// --- limits ---
	{name: "credit balance 400 is billing", cause: "billing", sev: model.Critical, rule: "billing-credit-balance", not: "invalid-request-error-type",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.", RequestID: reqID})},
	{name: "plain 400 is not billing", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "billing-credit-balance",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages: at least one message is required"})},
	{name: "402 billing_error", cause: "billing", sev: model.Critical, rule: "billing-error",
		e: onAPI(model.Event{Status: 402, ErrorType: "billing_error", Message: "There is an issue with your payment method."})},
	{name: "credit message is its own rule, not billing-error", cause: "billing", sev: model.Critical, rule: "billing-credit-balance", not: "billing-error",
		e: model.Event{Status: 400, Message: "Credit balance is too low", Dialect: "claude-code"}},
	{name: "tier spend cap 429", cause: "usage_limit", sev: model.Critical, rule: "usage-limit-spend-cap", not: "rate-limit-error-type",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", ErrorCode: "enforced_spend_limit_reached", Message: "You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier. You will regain access on 2026-09-01 at 00:00 UTC."})},
	{name: "rate limit message is not the spend cap", cause: "rate_limited", sev: model.Error, rule: "rate-limit-wording", not: "usage-limit-spend-cap",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "This request would exceed the rate limit for your organization (5f0c) of 40,000 input tokens per minute."})},
	{name: "Console spend limit 400 (031)", cause: "usage_limit", sev: model.Critical, rule: "usage-limit-console-spend-limit", not: "invalid-request-error-type",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "You have reached your specified API usage limits. You will regain access on 2025-07-01 at 00:00 UTC."})},
	{name: "workspace spend limit", cause: "usage_limit", sev: model.Critical, rule: "usage-limit-console-spend-limit",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "You have reached your specified workspace API usage limits. You will regain access on 2025-07-01 at 00:00 UTC."})},
	{name: "credit balance is not a Console spend limit", cause: "billing", sev: model.Critical, rule: "billing-credit-balance", not: "usage-limit-console-spend-limit",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "Your credit balance is too low to access the Anthropic API."})},
	{name: "Claude AI usage limit reached", cause: "usage_limit", sev: model.Error, rule: "usage-limit-subscription", not: "rate-limit-error-type",
		e: model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "Claude AI usage limit reached|1762952400", Dialect: "claude-code"}},
	{name: "You've hit your session limit", cause: "usage_limit", sev: model.Error, rule: "usage-limit-subscription",
		e: model.Event{Status: 429, Message: "You've hit your session limit · resets 12:50am (America/Los_Angeles)", Dialect: "claude-code"}},
	{name: "context limit reached is not a usage limit", cause: "context_too_long", sev: model.Error, rule: "context-prompt-too-long", not: "usage-limit-subscription",
		e: model.Event{Status: 400, Message: "Context limit reached · /compact or /clear to continue", Dialect: "claude-code"}},
	{name: "subscription 429 unified-status rejected", cause: "usage_limit", sev: model.Error, rule: "usage-limit-unified-rejected", not: "rate-limit-wording",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "This request would exceed your account's rate limit. Please try again later.",
			Headers: hdr("anthropic-ratelimit-unified-status", "rejected", "anthropic-ratelimit-unified-representative-claim", "five_hour"), LimitClaim: "five_hour"})},
	{name: "subscription 429 still allowed is a rate limit", cause: "rate_limited", sev: model.Error, rule: "rate-limit-wording", not: "usage-limit-unified-rejected",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "This request would exceed your account's rate limit. Please try again later.",
			Headers: hdr("anthropic-ratelimit-unified-status", "allowed_warning")})},
	{name: "Vertex per-minute quota is not the API wording", cause: "rate_limited", sev: model.Error, rule: "vertex-quota", not: "rate-limit-wording",
		e: onHost("us-east5-aiplatform.googleapis.com", "/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict",
			model.Event{Status: 429, ErrorCode: "RESOURCE_EXHAUSTED", Message: "Quota exceeded for aiplatform.googleapis.com/online_prediction_input_tokens_per_minute_per_base_model with base model: anthropic-claude-sonnet-4."})},
	{name: "429 rate_limit_error", cause: "rate_limited", sev: model.Error, rule: "rate-limit-error-type",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "Number of request tokens has exceeded your per-minute rate limit", Headers: hdr("retry-after", "12")})},
	{name: "OpenAI-compatible shape: code rate_limit_error, type invalid_request_error", cause: "rate_limited", sev: model.Error, rule: "rate-limit-error-type", not: "invalid-request-error-type",
		e: model.Event{ErrorType: "invalid_request_error", ErrorCode: "rate_limit_error", Message: "Rate limit reached for requests"}},
	{name: "429 with invalid_request_error follows the status", cause: "rate_limited", sev: model.Error, rule: "rate-limit-429", not: "invalid-request-error-type",
		e: model.Event{Status: 429, ErrorType: "invalid_request_error", Message: "Too many requests"}},
	{name: "bare 429", cause: "rate_limited", sev: model.Error, rule: "rate-limit-429",
		e: onAPI(model.Event{Status: 429, Headers: hdr("retry-after", "30")})},
	{name: "litellm.RateLimitError without status", cause: "rate_limited", sev: model.Error, rule: "rate-limit-429",
		e: model.Event{Exception: "litellm.RateLimitError", Message: "AnthropicException - rate limited on tokens"}},
	{name: "processed 429 items is no HTTP context", cause: "", not: "rate-limit-429",
		e: model.Event{Exception: "ValueError", Message: "processed 429 items", Detail: "processed 429 items"}},
	{name: "429 on a third-party host is info", cause: "rate_limited", sev: model.Info, rule: "rate-limit-429",
		e: onHost("www.google-analytics.com", "/g/collect", model.Event{Status: 429})},

	// --- auth and client setup ---
	{name: "401 CORS is misconfigured_client", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-cors", not: "auth-error-type",
		e: onAPI(model.Event{Status: 401, ErrorType: "authentication_error", Message: "CORS requests are not allowed for this Organization because of the origin header. Please use the API from a server."})},
	{name: "invalid x-api-key is not CORS", cause: "auth_failed", sev: model.Critical, rule: "auth-invalid-key", not: "misconfigured-cors",
		e: onAPI(model.Event{Status: 401, ErrorType: "authentication_error", Message: "invalid x-api-key", Exception: "anthropic.AuthenticationError"})},
	{name: "oat01 token sent as API key", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-oauth-token-as-api-key", not: "auth-401",
		e: onAPI(model.Event{Status: 401, ErrorType: "authentication_error", Message: "OAuth authentication is currently not supported."})},
	{name: "expired OAuth is auth, not token type", cause: "auth_failed", sev: model.Critical, rule: "auth-oauth-expired", not: "misconfigured-oauth-token-as-api-key",
		e: onAPI(model.Event{Status: 401, ErrorType: "authentication_error", Message: "OAuth token has expired. Please obtain a new token or refresh your existing token."})},
	{name: "doubled /v1/v1/", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-doubled-v1", not: "not-found-error-type",
		e: model.Event{Method: "POST", Host: "api.anthropic.com", Path: "/v1/v1/messages", Platform: model.PlatformAPI, Status: 404, ErrorType: "not_found_error", Message: "Not Found"}},
	{name: "retired model is not a doubled path", cause: "not_found", sev: model.Error, rule: "not-found-model", not: "misconfigured-doubled-v1",
		e: onAPI(model.Event{Status: 404, ErrorType: "not_found_error", Message: "model: claude-2.1"})},
	{name: "plain http to https port", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-plain-http", not: "invalid-request-400",
		e: model.Event{Status: 400, Detail: "400 The plain HTTP request was sent to HTTPS port"}},
	{name: "400 Bad Request page", cause: "invalid_request", sev: model.Error, rule: "invalid-request-400", not: "misconfigured-plain-http",
		e: model.Event{Status: 400, Detail: "400 Bad Request"}},
	{name: "405", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-405",
		e: onAPI(model.Event{Status: 405})},
	{name: "404 is not 405", cause: "not_found", sev: model.Error, rule: "not-found-404", not: "misconfigured-405",
		e: onAPI(model.Event{Status: 404})},
	{name: "x-api-key header is required", cause: "auth_failed", sev: model.Critical, rule: "auth-missing-credentials",
		e: onAPI(model.Event{Status: 401, ErrorType: "authentication_error", Message: "x-api-key header is required"})},
	{name: "SDK could not resolve authentication", cause: "auth_failed", sev: model.Critical, rule: "auth-missing-credentials",
		e: model.Event{Exception: "TypeError", Message: "Could not resolve authentication method. Expected either api_key or auth_token to be set."}},
	{name: "407 proxy auth is not a missing API key", cause: "network_error", sev: model.Error, rule: "network-proxy-auth-407", not: "auth-missing-credentials",
		e: onAPI(model.Event{Status: 407, Detail: "407 Proxy Authentication Required"})},
	{name: "OAuth token revoked 403 is auth, not permission", cause: "auth_failed", sev: model.Critical, rule: "auth-oauth-expired", not: "permission-error-type",
		e: onAPI(model.Event{Status: 403, ErrorType: "permission_error", Message: "OAuth token has been revoked. Please obtain a new token."})},
	{name: "authentication_error with a bare message", cause: "auth_failed", sev: model.Critical, rule: "auth-error-type", not: "auth-invalid-key",
		e: onAPI(model.Event{Status: 401, ErrorType: "authentication_error", Message: "Invalid bearer token"})},
	{name: "OAuth token in x-api-key: 400 Error is only invalid_request", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "auth-error-type",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "Error"})},
	{name: "OAuth scope is a permission, not an expired token", cause: "permission_denied", sev: model.Error, rule: "permission-error-type", not: "auth-oauth-expired",
		e: onAPI(model.Event{Status: 403, ErrorType: "permission_error", Message: "OAuth token does not meet scope requirement user:profile"})},
	{name: "bare 401", cause: "auth_failed", sev: model.Critical, rule: "auth-401",
		e: onAPI(model.Event{Status: 401})},
	{name: "AuthenticationError without status", cause: "auth_failed", sev: model.Critical, rule: "auth-401",
		e: model.Event{Exception: "anthropic.AuthenticationError", Message: "Error code unknown"}},
	{name: "bare 403 is not 401", cause: "permission_denied", sev: model.Error, rule: "permission-403", not: "auth-401",
		e: onAPI(model.Event{Status: 403})},
	{name: "disabled organization", cause: "permission_denied", sev: model.Critical, rule: "permission-disabled-organization",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "This organization has been disabled."})},
	{name: "no access to a model is not a disabled org", cause: "permission_denied", sev: model.Error, rule: "permission-error-type", not: "permission-disabled-organization",
		e: onAPI(model.Event{Status: 403, ErrorType: "permission_error", Message: "Your API key does not have permission to use the specified resource."})},
	{name: "403 account_session_invalid is auth_failed", cause: "auth_failed", sev: model.Critical, rule: "web-session-invalid", not: "permission-error-type",
		e: onWeb("/api/organizations", model.Event{Status: 403, ErrorType: "permission_error", ErrorCode: "account_session_invalid", Message: "Invalid authorization"})},
	{name: "PermissionDeniedError without status", cause: "permission_denied", sev: model.Error, rule: "permission-403",
		e: model.Event{Exception: "anthropic.PermissionDeniedError", Message: "Missing permissions. Please check with Anthropic support if you think this is in error."}},
	{name: "edge forbidden is geo, not permission", cause: "geo_blocked", sev: model.Critical, rule: "geo-edge-forbidden", not: "permission-403",
		e: onAPI(model.Event{Status: 403, ErrorType: "forbidden", Message: "Request not allowed", Headers: hdr("cf-ray", "8f1e2d3c4b5a6978-FRA", "server", "cloudflare")})},

	// --- request content ---
	{name: "prompt is too long (054)", cause: "context_too_long", sev: model.Error, rule: "context-prompt-too-long", not: "invalid-request-error-type",
		e: model.Event{Status: 400, ErrorType: "invalid_request_error", Exception: "anthropic.BadRequestError", Message: "prompt is too long: 208656 tokens > 200000 maximum"}},
	{name: "Vertex 413 Prompt is too long", cause: "context_too_long", sev: model.Error, rule: "context-prompt-too-long", not: "request-too-large-413",
		e: onHost("us-east5-aiplatform.googleapis.com", "/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict",
			model.Event{Status: 413, Message: "Prompt is too long"})},
	{name: "Bedrock ValidationException prompt too long", cause: "context_too_long", sev: model.Error, rule: "context-prompt-too-long", not: "bedrock-validation",
		e: model.Event{Status: 400, ErrorCode: "ValidationException", Message: "prompt is too long: 200049 tokens > 200000 maximum"}},
	{name: "claude.ai conversation too long", cause: "context_too_long", sev: model.Error, rule: "context-prompt-too-long",
		e: onWeb(completionPath, model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "This conversation is too long to continue. Start a new chat."})},
	{name: "413 request_too_large is not context", cause: "request_too_large", sev: model.Error, rule: "request-too-large-type", not: "context-prompt-too-long",
		e: onAPI(model.Event{Status: 413, ErrorType: "request_too_large", Message: "Request exceeds the maximum size", Headers: hdr("cf-ray", "8f1e2d3c4b5a6978-FRA")})},
	{name: "input plus max_tokens", cause: "context_too_long", sev: model.Error, rule: "context-input-plus-max-tokens",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "input length and `max_tokens` exceed context limit: 178959 + 64000 > 200000, decrease input length or `max_tokens` and try again"})},
	{name: "an input-length validation error is not the context limit", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "context-input-plus-max-tokens",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.0.content: input length must not be empty"})},
	{name: "max_tokens over the output limit", cause: "context_too_long", sev: model.Error, rule: "context-max-tokens-over-limit",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "max_tokens: 8192 > 4096, which is the maximum allowed number of output tokens for claude-3-haiku-20240307"})},
	{name: "max_tokens: Field required is not over a limit", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "context-max-tokens-over-limit",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "max_tokens: Field required"})},
	{name: "image over 5 MB (057)", cause: "attachment_rejected", sev: model.Error, rule: "attachment-image", not: "invalid-request-error-type",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.0.content.1.image.source.base64: image exceeds 5 MB maximum: 6500712 bytes > 5242880 bytes"})},
	{name: "image media type error is not an attachment limit", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "attachment-image",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.0.content.1.image.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"})},
	{name: "password protected PDF", cause: "attachment_rejected", sev: model.Error, rule: "attachment-pdf",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "The PDF specified is password protected."})},
	{name: "PDF page limit", cause: "attachment_rejected", sev: model.Error, rule: "attachment-pdf",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "A maximum of 100 PDF pages may be provided."})},
	{name: "missing document source is not a PDF limit", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "attachment-pdf",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.0.content.0.document.source: Field required"})},
	{name: "empty anthropic-beta header (064)", cause: "model_unsupported", sev: model.Error, rule: "model-unsupported-beta", not: "invalid-request-anthropic-version",
		e: model.Event{Status: 400, ErrorType: "invalid_request_error", Exception: "Anthropix.APIError", Message: "Unexpected value(s) `` for the `anthropic-beta` header. Please consult our documentation at docs.anthropic.com or try again without the header."}},
	{name: "anthropic-version required is not a beta problem (069)", cause: "invalid_request", sev: model.Error, rule: "invalid-request-anthropic-version", not: "model-unsupported-beta",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "anthropic-version: header is required"})},
	{name: "duplicated anthropic-version", cause: "invalid_request", sev: model.Error, rule: "invalid-request-anthropic-version",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "anthropic-version: \"2023-06-01, 2023-06-01\" is not a valid version"})},
	{name: "prefill not supported", cause: "model_unsupported", sev: model.Error, rule: "model-unsupported-feature",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "This model does not support assistant message prefill. The conversation must end with a user message."})},
	{name: "tool_choice not supported", cause: "model_unsupported", sev: model.Error, rule: "model-unsupported-feature",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "tool_choice: type \"tool\" and \"any\" are not supported for this model."})},
	{name: "adaptive thinking not supported", cause: "model_unsupported", sev: model.Error, rule: "model-unsupported-feature",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "adaptive thinking is not supported on this model"})},
	{name: "not supported wording on a 503 is not a model limit", cause: "service_unavailable", sev: model.Error, rule: "service-unavailable-503", not: "model-unsupported-feature",
		e: onAPI(model.Event{Status: 503, Message: "streaming is not supported on this model replica, try again"})},
	{name: "tool_use without tool_result (051)", cause: "tool_history_invalid", sev: model.Error, rule: "tool-history-broken", not: "invalid-request-error-type",
		e: model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.114: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01Qk5. Each `tool_use` block must have a corresponding `tool_result` block in the next message."}},
	{name: "a missing tool_result field is not broken history", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "tool-history-broken",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.2.content.0.tool_result.content: Field required"})},
	{name: "SDK streaming required", cause: "invalid_request", sev: model.Error, rule: "invalid-request-streaming-required",
		e: model.Event{Exception: "ValueError", Message: "Streaming is required for operations that may take longer than 10 minutes. See https://github.com/anthropics/anthropic-sdk-python#long-requests for more details"}},
	{name: "APITimeoutError mentioning long requests is a timeout", cause: "client_timeout", sev: model.Error, rule: "client-timeout", not: "invalid-request-streaming-required",
		e: model.Event{Exception: "anthropic.APITimeoutError", Message: "Request timed out or interrupted. This could be due to a network timeout, dropped connection, or request cancellation. See https://docs.anthropic.com/en/api/errors#long-requests for more details."}},
	{name: "RequestTooLargeError without status", cause: "request_too_large", sev: model.Error, rule: "request-too-large-type",
		e: model.Event{Exception: "anthropic._exceptions.RequestTooLargeError", Message: "Error code: 413"}},
	{name: "bare 413", cause: "request_too_large", sev: model.Error, rule: "request-too-large-413", not: "request-too-large-type",
		e: onAPI(model.Event{Status: 413})},
	{name: "litellm NotFoundError model (060)", cause: "not_found", sev: model.Error, rule: "not-found-model",
		e: model.Event{Exception: "litellm.NotFoundError", Message: "model: claude-3.5-sonnet"}},
	{name: "model: Field required is not a missing model", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "not-found-model",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "model: Field required"})},
	{name: "not_found_error", cause: "not_found", sev: model.Error, rule: "not-found-error-type", not: "not-found-404",
		e: onAPI(model.Event{Status: 404, ErrorType: "not_found_error", Message: "The requested resource could not be found."})},
	{name: "404 on claude.ai", cause: "not_found", sev: model.Error, rule: "not-found-404",
		e: onWeb("/api/organizations/0b9c/chat_conversations/7f0e", model.Event{Status: 404})},
	{name: "NotFoundError without status", cause: "not_found", sev: model.Error, rule: "not-found-404",
		e: model.Event{Exception: "anthropic.NotFoundError", Message: "Not Found"}},
	{name: "404 on a font host is info", cause: "not_found", sev: model.Info, rule: "not-found-404",
		e: onHost("fonts.gstatic.com", "/s/inter/v1.woff2", model.Event{Status: 404})},
	{name: "BadRequestError without status", cause: "invalid_request", sev: model.Error, rule: "invalid-request-400",
		e: model.Event{Exception: "anthropic.BadRequestError", Message: "Error code: 400"}},
	{name: "409 conflict", cause: "invalid_request", sev: model.Error, rule: "invalid-request-4xx", not: "invalid-request-400",
		e: onAPI(model.Event{Status: 409, ErrorType: "conflict_error", Message: "Conflict"})},
	{name: "410 Gone", cause: "invalid_request", sev: model.Error, rule: "invalid-request-4xx", not: "geo-451",
		e: onAPI(model.Event{Status: 410})},
	{name: "429 is not the 4xx catch-all", cause: "rate_limited", sev: model.Error, rule: "rate-limit-429", not: "invalid-request-4xx",
		e: onAPI(model.Event{Status: 429})},

	// --- network ---
	{name: "ERR_ABORTED on the completion is info", cause: "request_cancelled", sev: model.Info, rule: "cancelled-by-client",
		e: onWeb(completionPath, model.Event{NoResponse: true, NetError: "net::ERR_ABORTED"})},
	{name: "APIUserAbortError", cause: "request_cancelled", sev: model.Info, rule: "cancelled-by-client",
		e: model.Event{Exception: "APIUserAbortError", Message: "Request was aborted."}},
	{name: "WebKit cancelled", cause: "request_cancelled", sev: model.Info, rule: "cancelled-by-client",
		e: onWeb(completionPath, model.Event{NoResponse: true, NetError: "cancelled", Dialect: "safari"})},
	{name: "ERR_CONNECTION_ABORTED is not a user abort", cause: "network_error", sev: model.Error, rule: "network-connection", not: "cancelled-by-client",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_CONNECTION_ABORTED"})},
	{name: "ETIMEDOUT under APIConnectionError", cause: "client_timeout", sev: model.Error, rule: "client-timeout", not: "network-connection",
		e: model.Event{NoResponse: true, Exception: "APIConnectionError", NetError: "ETIMEDOUT"}},
	{name: "Go context deadline", cause: "client_timeout", sev: model.Error, rule: "client-timeout",
		e: model.Event{NoResponse: true, NetError: "context deadline exceeded"}},
	{name: "peer closed under APIConnectionError (075)", cause: "stream_interrupted", sev: model.Error, rule: "stream-cut", not: "network-connection",
		e: model.Event{NoResponse: true, Exception: "litellm.APIConnectionError", NetError: "peer closed connection without sending complete message body (incomplete chunked read)"}},
	{name: "Node TypeError: terminated", cause: "stream_interrupted", sev: model.Error, rule: "stream-cut",
		e: model.Event{Exception: "TypeError", NetError: "terminated"}},
	{name: "ERR_INCOMPLETE_CHUNKED_ENCODING on a 200", cause: "stream_interrupted", sev: model.Error, rule: "stream-cut",
		e: onWeb(completionPath, model.Event{Status: 200, NetError: "net::ERR_INCOMPLETE_CHUNKED_ENCODING", Truncated: true})},
	{name: "Envoy connection termination on a 503 is not a stream cut", cause: "service_unavailable", sev: model.Error, rule: "service-unavailable-upstream", not: "stream-cut",
		e: model.Event{Status: 503, Message: "upstream connect error or disconnect/reset before headers. reset reason: connection termination"}},
	{name: "a 200 stream cut short", cause: "stream_interrupted", sev: model.Error, rule: "stream-truncated",
		e: onWeb(completionPath, model.Event{Status: 200, Truncated: true})},
	{name: "a cut stream that said overloaded is overloaded", cause: "overloaded", sev: model.Error, rule: "overloaded-error-type", not: "stream-truncated",
		e: onAPI(model.Event{Status: 200, InStream: true, Truncated: true, ErrorType: "overloaded_error"})},
	{name: "unknown error event in a 200 stream", cause: "stream_interrupted", sev: model.Error, rule: "stream-error-event",
		e: onAPI(model.Event{Status: 200, InStream: true, ErrorType: "brand_new_error", Message: "Something new"})},
	{name: "api_error in a 200 stream is a server error", cause: "server_error", sev: model.Error, rule: "server-error-api-error", not: "stream-error-event",
		e: onAPI(model.Event{Status: 200, InStream: true, ErrorType: "api_error", Message: "Internal server error"})},
	{name: "blocked completion call is an error", cause: "blocked_by_client", sev: model.Error, rule: "blocked-by-client",
		e: onWeb(completionPath, model.Event{NoResponse: true, NetError: "net::ERR_BLOCKED_BY_CLIENT"})},
	{name: "blocked telemetry on claude.ai is info", cause: "blocked_by_client", sev: model.Info, rule: "blocked-by-client",
		e: onWeb("/api/event_logging/batch", model.Event{NoResponse: true, NetError: "net::ERR_BLOCKED_BY_CLIENT"})},
	{name: "blocked third-party tag manager is info", cause: "blocked_by_client", sev: model.Info, rule: "blocked-by-client",
		e: onHost("www.googletagmanager.com", "/gtm.js", model.Event{NoResponse: true, NetError: "net::ERR_BLOCKED_BY_CLIENT", ResourceType: "script"})},
	{name: "blocked by administrator", cause: "blocked_by_client", sev: model.Error, rule: "blocked-by-client",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_BLOCKED_BY_ADMINISTRATOR"})},
	{name: "ERR_BLOCKED_BY_RESPONSE is not an extension: unclassified", cause: "", not: "blocked-by-client",
		e: onWeb("/api/organizations", model.Event{NoResponse: true, NetError: "net::ERR_BLOCKED_BY_RESPONSE"})},
	{name: "Unable to connect to API (ENOTFOUND) is DNS", cause: "network_error", sev: model.Error, rule: "network-dns", not: "network-connection",
		e: model.Event{NoResponse: true, NetError: "ENOTFOUND", Message: "Unable to connect to API (ENOTFOUND)"}},
	{name: "ProxyError wrapped in a ConnectError is the proxy", cause: "network_error", sev: model.Error, rule: "network-proxy", not: "network-connection",
		e: model.Event{NoResponse: true, Exception: "httpx.ConnectError", NetError: "ProxyError: Tunnel connection failed: 403 Forbidden"}},
	{name: "ENOTFOUND", cause: "network_error", sev: model.Error, rule: "network-dns",
		e: model.Event{NoResponse: true, NetError: "getaddrinfo ENOTFOUND api.anthropic.com"}},
	{name: "ERR_NAME_NOT_RESOLVED", cause: "network_error", sev: model.Error, rule: "network-dns",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_NAME_NOT_RESOLVED"})},
	{name: "a proxy's 502 after its own DNS failure follows the status", cause: "bad_gateway", sev: model.Error, rule: "bad-gateway-status", not: "network-dns",
		e: model.Event{Status: 502, Message: "getaddrinfo ENOTFOUND upstream.internal"}},
	{name: "CERTIFICATE_VERIFY_FAILED (030)", cause: "network_error", sev: model.Error, rule: "network-tls", not: "network-connection",
		e: model.Event{NoResponse: true, Exception: "httpcore.ConnectError", NetError: "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)"}},
	{name: "ERR_CERT_AUTHORITY_INVALID", cause: "network_error", sev: model.Error, rule: "network-tls",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_CERT_AUTHORITY_INVALID"})},
	{name: "ERR_INSECURE_RESPONSE", cause: "network_error", sev: model.Error, rule: "network-tls",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_INSECURE_RESPONSE"})},
	{name: "Cloudflare 526 is the edge's certificate problem", cause: "bad_gateway", sev: model.Error, rule: "bad-gateway-page", not: "network-tls",
		e: onAPI(model.Event{Status: 526, Detail: "api.anthropic.com | 526: Invalid SSL certificate"})},
	{name: "ERR_PROXY_CONNECTION_FAILED", cause: "network_error", sev: model.Error, rule: "network-proxy",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_PROXY_CONNECTION_FAILED"})},
	{name: "407 is the proxy status rule", cause: "network_error", sev: model.Error, rule: "network-proxy-auth-407", not: "network-proxy",
		e: onAPI(model.Event{Status: 407})},
	{name: "Claude Code Unable to connect (ECONNRESET)", cause: "network_error", sev: model.Error, rule: "network-connection",
		e: model.Event{NoResponse: true, NetError: "ECONNRESET", Message: "Unable to connect to API (ECONNRESET)"}},
	{name: "APIConnectionError Connection error.", cause: "network_error", sev: model.Error, rule: "network-connection",
		e: model.Event{Exception: "anthropic.APIConnectionError", Message: "Connection error."}},
	{name: "ERR_HTTP2_PROTOCOL_ERROR without an answer", cause: "network_error", sev: model.Error, rule: "network-connection", not: "stream-reset-after-start",
		e: onWeb(completionPath, model.Event{NoResponse: true, NetError: "net::ERR_HTTP2_PROTOCOL_ERROR"})},
	{name: "ERR_NETWORK_CHANGED", cause: "network_error", sev: model.Error, rule: "network-connection",
		e: onAPI(model.Event{NoResponse: true, NetError: "net::ERR_NETWORK_CHANGED"})},
	{name: "mitmproxy connect call failed", cause: "network_error", sev: model.Info, rule: "network-connection",
		e: onHost("163.com", "/", model.Event{NoResponse: true, NetError: "Multiple exceptions: [Errno 60] Connect call failed ('123.58.180.8', 80)", Dialect: "mitmproxy"})},
	{name: "ECONNRESET to Claude Code telemetry is info", cause: "network_error", sev: model.Info, rule: "network-connection",
		e: model.Event{Method: "POST", Host: "api.anthropic.com", Path: "/api/event_logging/batch", Platform: model.PlatformAPI, NoResponse: true, NetError: "ECONNRESET"}},
	{name: "401 is not a proxy 407", cause: "auth_failed", sev: model.Critical, rule: "auth-401", not: "network-proxy-auth-407",
		e: onAPI(model.Event{Status: 401})},

	// --- web ---
	{name: "403 cf-mitigated challenge on claude.ai (011)", cause: "bot_challenge", sev: model.Error, rule: "bot-challenge-header", not: "permission-403",
		e: onWeb("/api/organizations", model.Event{Status: 403, Headers: hdr("cf-mitigated", "challenge", "server", "cloudflare", "cf-ray", "a1cae89cca9d4e03-MCI")})},
	{name: "edge forbidden has no challenge header", cause: "geo_blocked", sev: model.Critical, rule: "geo-edge-forbidden", not: "bot-challenge-header",
		e: onAPI(model.Event{Status: 403, ErrorType: "forbidden", Message: "Request not allowed", Headers: hdr("cf-ray", "8f1e2d3c4b5a6978-HKG")})},
	{name: "Just a moment page on a 403", cause: "bot_challenge", sev: model.Error, rule: "bot-challenge-page",
		e: onWeb("/api/organizations", model.Event{Status: 403, Detail: "Just a moment..."})},
	{name: "Just a moment page on a 503", cause: "bot_challenge", sev: model.Error, rule: "bot-challenge-page", not: "service-unavailable-503",
		e: onWeb("/", model.Event{Status: 503, Detail: "Just a moment..."})},
	{name: "a plain 403 Forbidden page is neither challenge nor geo", cause: "permission_denied", sev: model.Error, rule: "permission-403", not: "bot-challenge-page",
		e: onWeb("/api/organizations", model.Event{Status: 403, Detail: "403 Forbidden"})},
	{name: "403 Forbidden title is not the edge's forbidden type", cause: "permission_denied", sev: model.Error, rule: "permission-403", not: "geo-edge-forbidden",
		e: onAPI(model.Event{Status: 403, Detail: "403 Forbidden", Message: "Forbidden"})},
	{name: "claude.ai App unavailable", cause: "geo_blocked", sev: model.Critical, rule: "geo-region-unavailable", not: "permission-403",
		e: onWeb("/app-unavailable-in-region", model.Event{Status: 403, Detail: "App unavailable"})},
	{name: "451 with region wording", cause: "geo_blocked", sev: model.Critical, rule: "geo-region-unavailable", not: "geo-451",
		e: model.Event{Status: 451, Message: "Access to Anthropic models is not available in your region"}},
	{name: "a 503 page is not the region page", cause: "service_unavailable", sev: model.Error, rule: "service-unavailable-upstream", not: "geo-region-unavailable",
		e: onAPI(model.Event{Status: 503, Detail: "503 Service Temporarily Unavailable"})},
	{name: "bare 451", cause: "geo_blocked", sev: model.Critical, rule: "geo-451",
		e: onAPI(model.Event{Status: 451})},
	{name: "claude.ai permission_error is permission", cause: "permission_denied", sev: model.Error, rule: "permission-error-type", not: "web-session-invalid",
		e: onWeb("/api/organizations/0b9c/projects", model.Event{Status: 403, ErrorType: "permission_error", Message: "Invalid authorization for organization"})},
	{name: "claude.ai exceeded_limit 429", cause: "usage_limit", sev: model.Error, rule: "web-usage-exceeded-limit", not: "rate-limit-error-type",
		e: onWeb(completionPath, model.Event{Status: 429, ErrorType: "exceeded_limit", LimitClaim: "five_hour"})},
	{name: "claude.ai message_limit exceeded in the stream", cause: "usage_limit", sev: model.Error, rule: "web-usage-exceeded-limit",
		e: onWeb(completionPath, model.Event{Status: 200, InStream: true, ErrorType: "exceeded_limit", LimitClaim: "seven_day"})},
	{name: "claude.ai 429 rate_limit_error without exceeded_limit", cause: "rate_limited", sev: model.Error, rule: "rate-limit-error-type", not: "web-usage-exceeded-limit",
		e: onWeb(completionPath, model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "Too many requests"})},
	{name: "failed telemetry on claude.ai is info", cause: "server_error", sev: model.Info, rule: "server-error-500",
		e: onWeb("/api/event_logging/batch", model.Event{Status: 500})},
	{name: "sentry envelope failure is info", cause: "rate_limited", sev: model.Info, rule: "rate-limit-429",
		e: onWeb("/sentry/api/4505/envelope/", model.Event{Status: 429})},

	// --- cloud ---
	{name: "Bedrock unsupported countries 400 (015)", cause: "geo_blocked", sev: model.Critical, rule: "geo-unsupported-countries", not: "invalid-request-400",
		e: model.Event{Status: 400, Message: "Access to Anthropic models is not allowed from unsupported countries, regions, or territories. Please refer to https://www.anthropic.com/supported-countries for more information.", Dialect: "claude-code"}},
	{name: "Bedrock AccessDenied model access (042)", cause: "permission_denied", sev: model.Error, rule: "bedrock-no-model-access", not: "geo-unsupported-countries",
		e: model.Event{Exception: "botocore.errorfactory.AccessDeniedException", ErrorCode: "AccessDeniedException", Message: "You don't have access to the model with the specified model ID."}},
	{name: "Bedrock AccessDenied IAM", cause: "permission_denied", sev: model.Error, rule: "bedrock-access-denied", not: "bedrock-no-model-access",
		e: model.Event{Exception: "botocore.errorfactory.AccessDeniedException", ErrorCode: "AccessDeniedException", Message: "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:InvokeModel"}},
	{name: "Bedrock on-demand throughput", cause: "misconfigured_client", sev: model.Error, rule: "bedrock-on-demand-throughput", not: "bedrock-validation",
		e: model.Event{Status: 400, ErrorCode: "ValidationException", Message: "Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model."}},
	{name: "Bedrock invalid model identifier is not on-demand throughput", cause: "invalid_request", sev: model.Error, rule: "bedrock-validation", not: "bedrock-on-demand-throughput",
		e: model.Event{Status: 400, ErrorCode: "ValidationException", Message: "The provided model identifier is invalid."}},
	{name: "Bedrock Marketplace agreement pending", cause: "permission_denied", sev: model.Error, rule: "bedrock-no-model-access", not: "bedrock-access-denied",
		e: model.Event{Status: 403, ErrorCode: "AccessDeniedException", Message: "MPAgreementBeingCreated: the Marketplace subscription for this model is being created."}},
	{name: "Bedrock extraneous model key", cause: "invalid_request", sev: model.Error, rule: "bedrock-malformed-input", not: "bedrock-validation",
		e: onHost("bedrock-runtime.us-east-1.amazonaws.com", "/model/anthropic.claude-3-5-sonnet-20240620-v1:0/invoke",
			model.Event{Status: 400, ErrorCode: "ValidationException", Message: "Malformed input request: #: extraneous key [model] is not permitted, please reformat your input and try again."})},
	{name: "Bedrock generic ValidationException", cause: "invalid_request", sev: model.Error, rule: "bedrock-validation", not: "bedrock-malformed-input",
		e: model.Event{Status: 400, ErrorCode: "ValidationException", Message: "messages.1.content: Field required"}},
	{name: "AWS security token invalid", cause: "auth_failed", sev: model.Critical, rule: "cloud-credentials", not: "permission-403",
		e: model.Event{Status: 403, ErrorCode: "UnrecognizedClientException", Message: "The security token included in the request is invalid."}},
	{name: "Google default credentials", cause: "auth_failed", sev: model.Critical, rule: "cloud-credentials",
		e: model.Event{Exception: "google.auth.exceptions.DefaultCredentialsError", Message: "Could not load the default credentials."}},
	{name: "AccessDeniedException is not a credentials problem", cause: "permission_denied", sev: model.Error, rule: "bedrock-access-denied", not: "cloud-credentials",
		e: model.Event{Status: 403, ErrorCode: "AccessDeniedException", Message: "Your account is not authorized to perform this action."}},
	{name: "Vertex project not allowed to use publisher model", cause: "permission_denied", sev: model.Error, rule: "vertex-publisher-model-not-allowed", not: "vertex-publisher-model-not-found",
		e: model.Event{Status: 400, ErrorCode: "FAILED_PRECONDITION", Message: "Project `my-proj` is not allowed to use Publisher Model `projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-3-5-sonnet-v2@20241022`"}},
	{name: "Vertex publisher model not found", cause: "not_found", sev: model.Error, rule: "vertex-publisher-model-not-found", not: "vertex-publisher-model-not-allowed",
		e: model.Event{Status: 404, ErrorCode: "NOT_FOUND", Message: "Publisher Model `projects/p/locations/us-east5/publishers/google/models/claude-3-5-sonnet-v2@20241022` was not found or your project does not have access to it."}},
	{name: "Bedrock ThrottlingException", cause: "rate_limited", sev: model.Error, rule: "bedrock-throttling",
		e: model.Event{Exception: "botocore.errorfactory.ThrottlingException", ErrorCode: "ThrottlingException", Message: "Too many tokens, please wait before trying again."}},
	{name: "ModelNotReady is not throttling", cause: "service_unavailable", sev: model.Error, rule: "bedrock-unavailable", not: "bedrock-throttling",
		e: model.Event{Status: 429, ErrorCode: "ModelNotReadyException", Message: "Model is not ready for inference."}},
	{name: "Bedrock ModelTimeoutException", cause: "gateway_timeout", sev: model.Error, rule: "bedrock-model-timeout", not: "gateway-timeout-status",
		e: model.Event{Status: 408, ErrorCode: "ModelTimeoutException", Message: "Model has timed out in processing the request."}},
	{name: "bare 408 is not a Bedrock model timeout", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-status", not: "bedrock-model-timeout",
		e: onAPI(model.Event{Status: 408})},
	{name: "Bedrock ModelErrorException", cause: "server_error", sev: model.Error, rule: "bedrock-model-error", not: "bedrock-stream-error",
		e: model.Event{Status: 424, ErrorCode: "ModelErrorException", Message: "The request failed during processing by the model."}},
	{name: "Bedrock ModelStreamErrorException", cause: "stream_interrupted", sev: model.Error, rule: "bedrock-stream-error", not: "bedrock-model-error",
		e: model.Event{Status: 424, ErrorCode: "ModelStreamErrorException", Message: "An error occurred while streaming the response."}},
	{name: "Bedrock ServiceUnavailableException", cause: "service_unavailable", sev: model.Error, rule: "bedrock-unavailable", not: "service-unavailable-503",
		e: model.Event{Status: 503, ErrorCode: "ServiceUnavailableException", Message: "Bedrock is unable to process your request."}},
	{name: "Bedrock ResourceNotFoundException", cause: "not_found", sev: model.Error, rule: "bedrock-resource-not-found",
		e: model.Event{Status: 404, ErrorCode: "ResourceNotFoundException", Message: "Could not resolve the foundation model from the provided model identifier."}},
	{name: "FTUFormNotFilled is model access, not a wrong id", cause: "permission_denied", sev: model.Error, rule: "bedrock-no-model-access", not: "bedrock-resource-not-found",
		e: model.Event{Status: 404, ErrorCode: "ResourceNotFoundException", Message: "Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model."}},
	{name: "Vertex RESOURCE_EXHAUSTED", cause: "rate_limited", sev: model.Error, rule: "vertex-quota",
		e: model.Event{Status: 429, ErrorCode: "RESOURCE_EXHAUSTED", Message: "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2. Please submit a quota increase request."}},
	{name: "Anthropic 429 is not Vertex quota", cause: "rate_limited", sev: model.Error, rule: "rate-limit-error-type", not: "vertex-quota",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "Too many requests"})},

	// --- issue 14: the project's own causes (docs/causes.md) ---
	{name: "extra usage required for long context (036)", cause: "extra_usage_required", sev: model.Error, rule: "extra-usage-long-context", not: "rate-limit-error-type",
		e: model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "Extra usage is required for long context requests.", RequestID: reqID, Dialect: "typescript-sdk"}},
	{name: "long context requires extra usage, other wording", cause: "extra_usage_required", sev: model.Error, rule: "extra-usage-long-context", not: "rate-limit-429",
		e: model.Event{Status: 429, Message: "Long context (1M) requires extra usage · turn it on with /extra-usage", Dialect: "claude-code"}},
	{name: "long context beta not available for the subscription", cause: "extra_usage_required", sev: model.Error, rule: "extra-usage-long-context", not: "invalid-request-error-type",
		e: model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "The long context beta is not yet available for this subscription.", Dialect: "claude-code"}},
	{name: "out of extra usage is a used-up plan, not extra usage required", cause: "usage_limit", sev: model.Error, rule: "usage-limit-subscription", not: "extra-usage-long-context",
		e: model.Event{Message: "You're out of extra usage · resets 3pm (Europe/Paris)", Dialect: "claude-code"}},
	{name: "now using extra usage is a notice, not a failure cause", cause: "", not: "extra-usage-long-context",
		e: model.Event{Message: "You're now using extra usage", Dialect: "claude-code"}},
	{name: "final assistant message must start with a thinking block (068)", cause: "thinking_history_invalid", sev: model.Error, rule: "thinking-history-missing-block", not: "model-unsupported-feature",
		e: model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `text`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns."}},
	{name: "thinking block missing, backticks dropped by a wrapper", cause: "thinking_history_invalid", sev: model.Error, rule: "thinking-history-missing-block", not: "invalid-request-error-type",
		e: model.Event{Exception: "litellm.BadRequestError", Message: "AnthropicException - messages.3.content.0.type: Expected thinking or redacted_thinking, but found tool_use."}},
	{name: "modified thinking blocks are the history's fault", cause: "thinking_history_invalid", sev: model.Error, rule: "thinking-history-missing-block", not: "model-unsupported-feature",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.1.content.0: `thinking` or `redacted_thinking` blocks in the latest assistant message cannot be modified."})},
	{name: "invalid signature in a thinking block, through Vertex", cause: "thinking_history_invalid", sev: model.Error, rule: "thinking-history-missing-block", not: "invalid-request-400",
		e: model.Event{Status: 400, ErrorCode: "INVALID_ARGUMENT", Message: "messages.1.content.0: Invalid `signature` in `thinking` block"}},
	{name: "thinking.signature field required", cause: "thinking_history_invalid", sev: model.Error, rule: "thinking-history-missing-block",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.1.content.0.thinking.signature: Field required"})},
	{name: "a thinking setting the model does not take stays model_unsupported", cause: "model_unsupported", sev: model.Error, rule: "model-unsupported-feature", not: "thinking-history-missing-block",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "adaptive thinking is not supported on this model"})},
	{name: "thinking with forced tool_choice is model_unsupported (067)", cause: "model_unsupported", sev: model.Error, rule: "model-unsupported-feature", not: "thinking-history-missing-block",
		e: model.Event{Exception: "AI_APICallError", Message: "Thinking may not be enabled when tool_choice forces tool use."}},
	{name: "Claude Code usage policy refusal, cut by the terminal (080)", cause: "policy_refusal", sev: model.Error, rule: "policy-refusal",
		e: model.Event{Message: "Claude Code is unable to respond to this request, which appears to violate", Dialect: "claude-code"}},
	{name: "usage policy refusal wrapped as a 400", cause: "policy_refusal", sev: model.Error, rule: "policy-refusal", not: "invalid-request-400",
		e: model.Event{Status: 400, Message: "API Error: Claude Code is unable to respond to this request, which appears to violate our Usage Policy (https://www.anthropic.com/legal/aup).", Dialect: "claude-code"}},
	{name: "stop_reason refusal", cause: "policy_refusal", sev: model.Error, rule: "policy-refusal", not: "stream-error-event",
		e: onAPI(model.Event{Status: 200, InStream: true, Message: "generation stopped: stop_reason \"refusal\""})},
	{name: "Output blocked by content filtering policy (a 400, not a bad request)", cause: "policy_refusal", sev: model.Error, rule: "policy-refusal", not: "invalid-request-error-type",
		e: model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "Output blocked by content filtering policy", Dialect: "claude-code"}},
	{name: "content filter message cut by the terminal", cause: "policy_refusal", sev: model.Error, rule: "policy-refusal", not: "invalid-request-400",
		e: model.Event{Status: 400, Message: "API Error: 400 {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Output blocked by content"}},
	{name: "a schema violation is no policy refusal", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "policy-refusal",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "tools.0.input_schema: the schema appears to violate JSON Schema draft 2020-12"})},

	// --- Claude Code 2.1.333 wordings (testdata/emitters/catalog.tsv) ---
	{name: "Claude Code: a policy refuses API keys; unset is no missing key", cause: "permission_denied", sev: model.Error, rule: "permission-error-type", not: "auth-missing-credentials",
		e: model.Event{Status: 403, ErrorType: "permission_error", Message: "Your organization has disabled API key authentication · Unset ANTHROPIC_API_KEY to use your claude.ai account instead", Dialect: "claude-code"}},
	{name: "Claude Code: set the key is a missing key", cause: "auth_failed", sev: model.Critical, rule: "auth-missing-credentials",
		e: model.Event{Message: "Authentication required · Set ANTHROPIC_API_KEY", Dialect: "claude-code"}},
	{name: "Claude Code: orphaned tool_result", cause: "tool_history_invalid", sev: model.Error, rule: "tool-history-broken", not: "invalid-request-400",
		e: model.Event{Status: 400, Message: "orphaned tool_result in conversation history. Run /rewind to recover the conversation.", Dialect: "claude-code"}},
	{name: "Claude Code: duplicate tool_use ID", cause: "tool_history_invalid", sev: model.Error, rule: "tool-history-broken", not: "invalid-request-400",
		e: model.Event{Status: 400, Message: "duplicate tool_use ID in conversation history. Run /rewind to recover the conversation.", Dialect: "claude-code"}},
	{name: "Claude Code: image too large", cause: "attachment_rejected", sev: model.Error, rule: "attachment-image", not: "invalid-request-error-type",
		e: model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "Image was too large. Try resizing the image or using a different approach.", Dialect: "claude-code"}},
	{name: "Claude Code: model does not accept PDFs", cause: "attachment_rejected", sev: model.Error, rule: "attachment-pdf",
		e: model.Event{Message: "this model does not accept PDF documents, so a PDF in the conversation was removed.", Dialect: "claude-code"}},
	{name: "Claude Code: usage credits required for 1M context", cause: "extra_usage_required", sev: model.Error, rule: "extra-usage-long-context",
		e: model.Event{Message: "Usage credits required for 1M context · run /usage-credits to turn them on", Dialect: "claude-code"}},
	{name: "Claude Code: Claude can't help with this", cause: "policy_refusal", sev: model.Error, rule: "policy-refusal",
		e: model.Event{Message: "Claude can't help with this. Start a new session to continue.", Dialect: "claude-code"}},
	{name: "Claude Code: autocompact thrashing", cause: "context_too_long", sev: model.Error, rule: "context-prompt-too-long", not: "invalid-request-error-type",
		e: model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "Autocompact is thrashing: the context refilled to the limit within 3 turns", Dialect: "claude-code"}},
	{name: "Claude Code: effort needs thinking", cause: "model_unsupported", sev: model.Error, rule: "model-unsupported-feature",
		e: model.Event{Message: "Effort 'max' isn't available with thinking turned off on this model · run /effort high to continue", Dialect: "claude-code"}},
	{name: "Claude Code: proxy refused the tunnel", cause: "network_error", sev: model.Error, rule: "network-proxy",
		e: model.Event{NoResponse: true, Message: "Couldn't connect through your proxy (ERR_PROXY_TUNNEL) — the proxy refused the tunnel", Dialect: "claude-code"}},
	{name: "near miss: a tool result that is fine is no broken history", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "tool-history-broken",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "messages.2.content.0.tool_result.content: Input should be a valid list"})},

	{name: "AI SDK: no API key loaded", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-sdk-key-not-loaded", not: "auth-missing-credentials",
		e: model.Event{Exception: "AI_LoadAPIKeyError", Message: "Anthropic API key is missing. Pass it using the 'apiKey' parameter or the ANTHROPIC_API_KEY environment variable.", Dialect: "typescript-sdk"}},
	{name: "near miss: a 401 after the key was sent is no unloaded key", cause: "auth_failed", sev: model.Critical, rule: "auth-invalid-key", not: "misconfigured-sdk-key-not-loaded",
		e: onAPI(model.Event{Status: 401, ErrorType: "authentication_error", Exception: "AI_APICallError", Message: "invalid x-api-key"})},
	{name: "AI SDK: no such model", cause: "not_found", sev: model.Error, rule: "not-found-404",
		e: model.Event{Exception: "AI_NoSuchModelError", Message: "No such languageModel: claude-opus-4-9", Dialect: "typescript-sdk"}},
	{name: "mutual TLS page behind Claude Code", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-client-certificate", not: "invalid-request-400",
		e: model.Event{Status: 400, Message: "No required SSL certificate was sent. The server needs a valid client certificate, and CLAUDE_CODE_CLIENT_CERT isn't set.", Dialect: "claude-code"}},
	{name: "Claude Code: a gateway answered text/html", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-not-the-api", not: "server-error-api-error",
		e: model.Event{ErrorType: "api_error", ErrorCode: "gateway_content_type", Message: "API Error: The gateway answered with content type text/html", Dialect: "claude-code"}},
	{name: "Claude Code: a sign-in page instead of JSON", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-not-the-api",
		e: model.Event{ErrorCode: "unexpected_response", Message: "API Error: the API answered with a sign-in page (HTML) instead of JSON", Dialect: "claude-code"}},
	{name: "near miss: the kind's name in a message is not the kind", cause: "server_error", sev: model.Error, rule: "server-error-500", not: "misconfigured-not-the-api",
		e: model.Event{Status: 500, Message: "handler returned unexpected_response while parsing", Dialect: "claude-code"}},
	{name: "near miss: a server certificate problem is a network error", cause: "network_error", sev: model.Error, rule: "network-tls", not: "misconfigured-client-certificate",
		e: model.Event{NoResponse: true, Message: "unable to verify the first certificate", NetError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE"}},
	{name: "Claude Code hook refused the request", cause: "blocked_by_client", sev: model.Error, rule: "blocked-by-client",
		e: model.Event{NoResponse: true, Message: "A mod's http.fetch hook stopped this request: 403 Forbidden", Dialect: "claude-code"}},
	{name: "Claude Code too old for the model", cause: "client_version_too_old", sev: model.Error, rule: "client-version-too-old", not: "invalid-request-400",
		e: model.Event{Status: 400, Message: "Claude Code 2.1.100 does not support this model; version 2.1.300 or newer is required", Dialect: "claude-code"}},
	{name: "Claude Code under the organization's floor", cause: "client_version_too_old", sev: model.Error, rule: "client-version-too-old", not: "invalid-request-error-type",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "Claude Code 2.1.100 is older than the minimum version required by your organization's policy"})},
	{name: "near miss: a runtime version of a build tool is no refused client", cause: "invalid_request", sev: model.Error, rule: "invalid-request-400", not: "client-version-too-old",
		e: onAPI(model.Event{Status: 400, Message: "Node.js 20.0.0 or newer is required to run this script"})},
	{name: "reply over the output token maximum", cause: "output_truncated", sev: model.Warning, rule: "output-token-maximum",
		e: model.Event{Message: "Claude's response exceeded the 32000 output token maximum. To configure this behavior, set the CLAUDE_CODE_MAX_OUTPUT_TOKENS environment variable.", Dialect: "claude-code"}},
	{name: "near miss: a max_tokens request over the model's limit is a bad request", cause: "context_too_long", sev: model.Error, rule: "context-max-tokens-over-limit", not: "output-token-maximum",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5"})},
	{name: "empty reply after retry", cause: "empty_completion", sev: model.Warning, rule: "empty-completion",
		e: model.Event{Message: "The model returned an empty response (retry also failed).", Dialect: "claude-code"}},
	{name: "near miss: an empty 502 body is the gateway", cause: "bad_gateway", sev: model.Error, rule: "bad-gateway-status", not: "empty-completion",
		e: onAPI(model.Event{Status: 502, Message: "upstream returned an empty response"})},
	{name: "unparsable tool call after retry", cause: "malformed_tool_use", sev: model.Warning, rule: "malformed-tool-use",
		e: model.Event{Message: "The model's tool call could not be parsed (retry also failed).", Dialect: "claude-code"}},
	{name: "near miss: a 400 about a tool call is the request's", cause: "invalid_request", sev: model.Error, rule: "invalid-request-error-type", not: "malformed-tool-use",
		e: onAPI(model.Event{Status: 400, ErrorType: "invalid_request_error", Message: "tool call could not be parsed: tools.0.input_schema is invalid"})},
	// --- issue 14: wording gaps ---
	{name: "account's rate limit without unified headers is the subscription window (032)", cause: "usage_limit", sev: model.Error, rule: "usage-limit-account-rate-limit", not: "rate-limit-wording",
		e: model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "This request would exceed your account's rate limit. Please try again later.", RequestID: reqID, Dialect: "typescript-sdk"}},
	{name: "organization's per-minute rate limit is not the account window", cause: "rate_limited", sev: model.Error, rule: "rate-limit-wording", not: "usage-limit-account-rate-limit",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "This request would exceed your organization's rate limit of 10,000 input tokens per minute."})},
	{name: "account wording with an open window stays a rate limit", cause: "rate_limited", sev: model.Error, rule: "rate-limit-wording", not: "usage-limit-account-rate-limit",
		e: onAPI(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "This request would exceed your account's rate limit. Please try again later.",
			Headers: hdr("anthropic-ratelimit-unified-status", "allowed")})},
	{name: "monthly spend limit (035)", cause: "usage_limit", sev: model.Error, rule: "usage-limit-subscription", not: "usage-limit-console-spend-limit",
		e: model.Event{Message: "You've hit your monthly spend limit · raise it at claude.ai/settings/usage", Dialect: "claude-code"}},
	{name: "limit will reset at (033)", cause: "usage_limit", sev: model.Error, rule: "usage-limit-subscription",
		e: model.Event{Message: "Claude usage limit reached. Your limit will reset at 9am (America/Chicago).", Dialect: "claude-code"}},
	{name: "rate_limit_error naming a weekly limit is a usage limit", cause: "usage_limit", sev: model.Error, rule: "usage-limit-subscription", not: "rate-limit-error-type",
		e: model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "You have reached your weekly limit for Opus. It resets Monday 9am."}},
	{name: "a warning at 90% of the session limit is no limit", cause: "", not: "usage-limit-subscription",
		e: model.Event{Message: "You've used 90% of your session limit · resets 3pm", Dialect: "claude-code"}},
	{name: "CORS requests must set the direct browser access header", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-cors", not: "auth-error-type",
		e: onAPI(model.Event{Status: 401, ErrorType: "authentication_error", Message: "CORS requests must set 'anthropic-dangerous-direct-browser-access' header"})},
	{name: "SDK refuses to run in a browser (dangerouslyAllowBrowser)", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-cors",
		e: model.Event{Exception: "AnthropicError", Message: "It looks like you're running in a browser-like environment. This is disabled by default; set the `dangerouslyAllowBrowser` option to `true`."}},
	{name: "Method Not Allowed without a status", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-method-not-allowed",
		e: model.Event{Exception: "requests.exceptions.HTTPError", Message: "Method Not Allowed for url: https://gateway.example.com/anthropic"}},
	{name: "a 405 with its reason phrase is the status rule", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-405", not: "misconfigured-method-not-allowed",
		e: onAPI(model.Event{Status: 405, Detail: "405 Method Not Allowed"})},
	{name: "[404] Not Found with a doubled /v1/v1/ in the message (072)", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-doubled-v1", not: "not-found-404",
		e: model.Event{Status: 404, Message: "Anthropic API error: [404] Not Found {\"message\":\"Not found\"} URL: https://api.langdock.com/anthropic/eu/v1/v1/messages"}},
	{name: "POST to the host root", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-host-root", not: "not-found-error-type",
		e: model.Event{Method: "POST", Host: "api.anthropic.com", Path: "/", Platform: model.PlatformAPI, Status: 404, ErrorType: "not_found_error", Message: "Not Found"}},
	{name: "a 404 for a model is not the host root", cause: "not_found", sev: model.Error, rule: "not-found-model", not: "misconfigured-host-root",
		e: onAPI(model.Event{Status: 404, ErrorType: "not_found_error", Message: "model: claude-3-opus-latest"})},
	{name: "GET of the API host root is no Claude call", cause: "", not: "not-found-404",
		e: model.Event{Method: "GET", Host: "api.anthropic.com", Path: "/", Platform: model.PlatformAPI, Status: 404, ErrorType: "not_found_error", Message: "Not Found"}},
	{name: "a 404 for the root URL named only in the message", cause: "", not: "not-found-404",
		e: model.Event{Status: 404, Exception: "requests.exceptions.HTTPError", Message: "404 Client Error: Not Found for url: https://api.anthropic.com/"}},
	{name: "a 404 for an endpoint URL named in the message is not_found", cause: "not_found", sev: model.Error, rule: "not-found-404", not: "misconfigured-host-root",
		e: model.Event{Status: 404, Exception: "requests.exceptions.HTTPError", Message: "404 Client Error: Not Found for url: https://api.anthropic.com/v1/message"}},
	{name: "not_found_error inside a wrapper's text, the type unparsed (063)", cause: "not_found", sev: model.Error, rule: "not-found-error-type", not: "server-error-500",
		e: model.Event{ErrorCode: "404", Message: "mwsgpt.NotFoundError: AnthropicException - b'{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-3-5-sonnet-latest\"}}'. Received Model Group=claude-3-5-sonnet"}},
	{name: "a parsed type beats a not_found_error in the text", cause: "rate_limited", sev: model.Error, rule: "rate-limit-error-type", not: "not-found-error-type",
		e: model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "Too many lookups; the last one ended in not_found_error"}},
	{name: "a 404 whose host and path are unknown is still not_found", cause: "not_found", sev: model.Error, rule: "not-found-404", not: "misconfigured-host-root",
		e: model.Event{Status: 404, Message: "Not Found"}},
	{name: "connection refused by a dead local base URL (073)", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-dead-base-url", not: "network-connection",
		e: model.Event{NoResponse: true, Host: "127.0.0.1:8787", Platform: model.PlatformOther, NetError: "Connection refused", Message: "Connection refused — a firewall or proxy may be blocking it (ConnectionRefused)", Dialect: "claude-code"}},
	{name: "ECONNREFUSED to localhost named in the text", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-dead-base-url",
		e: model.Event{NoResponse: true, Exception: "APIConnectionError", Message: "connect ECONNREFUSED 127.0.0.1:4000"}},
	{name: "connection refused by a custom gateway sent a Messages call", cause: "misconfigured_client", sev: model.Error, rule: "misconfigured-dead-base-url",
		e: onHost("llm-gateway.corp.example:8443", "/v1/messages", model.Event{NoResponse: true, NetError: "ECONNREFUSED", Format: model.FormatLog})},
	{name: "connection refused by api.anthropic.com is the network", cause: "network_error", sev: model.Error, rule: "network-connection", not: "misconfigured-dead-base-url",
		e: onAPI(model.Event{NoResponse: true, NetError: "ECONNREFUSED", Message: "connect ECONNREFUSED 160.79.104.10:443"})},
	{name: "a refused local proxy is the proxy rule", cause: "network_error", sev: model.Error, rule: "network-proxy", not: "misconfigured-dead-base-url",
		e: model.Event{NoResponse: true, Exception: "ProxyError", Message: "Unable to connect to proxy: [Errno 111] Connection refused (127.0.0.1:7890)"}},
	{name: "a browser's refused third-party call in a HAR", cause: "network_error", sev: model.Info, rule: "network-connection", not: "misconfigured-dead-base-url",
		e: onHost("widget.intercom.io", "/messages", model.Event{NoResponse: true, NetError: "net::ERR_CONNECTION_REFUSED", Format: model.FormatHAR})},
	{name: "curl Operation timed out after N milliseconds", cause: "client_timeout", sev: model.Error, rule: "client-timeout",
		e: model.Event{NoResponse: true, NetError: "curl: (28) Operation timed out after 30001 milliseconds with 0 bytes received"}},
	{name: "axios timeout of N ms exceeded", cause: "client_timeout", sev: model.Error, rule: "client-timeout", not: "network-connection",
		e: model.Event{Exception: "AxiosError", Message: "timeout of 60000ms exceeded"}},
	{name: "Cloudflare 522 page is not the client's timeout", cause: "gateway_timeout", sev: model.Error, rule: "gateway-timeout-page", not: "client-timeout",
		e: model.Event{Exception: "anthropic.APIStatusError", Detail: "api.anthropic.com | 522: Connection timed out"}},
	{name: "Python ssl.SSLCertVerificationError", cause: "network_error", sev: model.Error, rule: "network-tls", not: "network-connection",
		e: model.Event{Exception: "ssl.SSLCertVerificationError", Message: "certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)"}},
	{name: "Stream ended without message_stop event", cause: "stream_interrupted", sev: model.Error, rule: "stream-stopped-mid-response",
		e: model.Event{Exception: "Error", Message: "Stream ended without message_stop event"}},
	{name: "Response stalled mid-stream", cause: "stream_interrupted", sev: model.Error, rule: "stream-stopped-mid-response",
		e: model.Event{Message: "Response stalled mid-stream; retrying", Dialect: "claude-code"}},
	{name: "The response stopped arriving (077)", cause: "stream_interrupted", sev: model.Error, rule: "stream-stopped-mid-response",
		e: model.Event{Message: "The response stopped arriving. The response above may be incomplete.", Dialect: "claude-code"}},
	{name: "Connection lost mid-response beats the connection rule", cause: "stream_interrupted", sev: model.Error, rule: "stream-stopped-mid-response", not: "network-connection",
		e: model.Event{NetError: "ECONNRESET", Message: "Connection lost mid-response. The response above may be incomplete.", Dialect: "claude-code"}},
	{name: "a reply cut by max_tokens is no broken stream", cause: "", not: "stream-stopped-mid-response",
		e: model.Event{Message: "The response may be incomplete: it reached max_tokens (4096)."}},
	{name: "a read that timed out mid-stream is a broken stream", cause: "stream_interrupted", sev: model.Error, rule: "stream-stopped-mid-response", not: "client-timeout",
		e: model.Event{Exception: "httpx.ReadTimeout", Message: "The read operation timed out mid-stream after 2,113 tokens"}},
	{name: "LiteLLM could not parse the stream's event: error (076)", cause: "stream_interrupted", sev: model.Error, rule: "stream-stopped-mid-response", not: "network-connection",
		e: model.Event{Exception: "ValueError", Message: "litellm.APIConnectionError: Unable to parse response. Original response: event: error", Dialect: "litellm"}},
	{name: "a server error type mid-stream decides by its type", cause: "server_error", sev: model.Error, rule: "server-error-api-error", not: "stream-stopped-mid-response",
		e: onAPI(model.Event{Status: 200, InStream: true, ErrorType: "api_error", Message: "Internal server error mid-stream"})},
	{name: "ERR_HTTP2_PROTOCOL_ERROR after a 200 is a cut stream", cause: "stream_interrupted", sev: model.Error, rule: "stream-reset-after-start", not: "network-connection",
		e: onWeb(completionPath, model.Event{Status: 200, Truncated: true, NetError: "net::ERR_HTTP2_PROTOCOL_ERROR"})},

	{name: "Bedrock unsupported countries cut by the terminal (019)", cause: "geo_blocked", sev: model.Critical, rule: "geo-unsupported-countries", not: "bedrock-validation",
		e: model.Event{ErrorCode: "ValidationException", Exception: "ValidationException", Platform: model.PlatformBedrock, Message: "Access to Anthropic models is not allowed from unsupported"}},

	// --- issue 14: not Claude at all ---
	{name: "OpenAI insufficient_quota through LiteLLM is not Claude's rate limit", cause: "", not: "rate-limit-429",
		e: model.Event{Status: 429, Exception: "litellm.RateLimitError", ErrorType: "insufficient_quota", Message: "OpenAIException - You exceeded your current quota, please check your plan and billing details."}},
	{name: "a 429 from api.openai.com is not Claude's", cause: "", not: "rate-limit-error-type",
		e: onHost("api.openai.com", "/v1/chat/completions", model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "Rate limit reached for gpt-4o"})},
	{name: "LiteLLM AnthropicException 429 stays Claude's", cause: "rate_limited", sev: model.Error, rule: "rate-limit-429", not: "rate-limit-wording",
		e: model.Event{Status: 429, Exception: "litellm.RateLimitError", Message: "AnthropicException - Too many requests"}},
	{name: "a fallback chain that names Claude stays Claude's", cause: "rate_limited", sev: model.Error, rule: "rate-limit-error-type",
		e: model.Event{Status: 429, ErrorType: "rate_limit_error", Message: "OpenAIException insufficient_quota; fallback anthropic/claude-sonnet-4 failed: Number of requests has exceeded your per-minute limit"}},

	// --- nothing to say ---
	{name: "a 200 success matches nothing", cause: "",
		e: onAPI(model.Event{Status: 200, ResponseBytes: 2048, Headers: hdr("request-id", reqID)})},
	{name: "Firefox status 0 without a reason stays unclassified", cause: "",
		e: onWeb(completionPath, model.Event{NoResponse: true, Detail: "no response; the exporter recorded no reason", Dialect: "firefox"})},
	{name: "net::ERR_FAILED (often CORS) stays unclassified", cause: "",
		e: onWeb("/api/organizations", model.Event{NoResponse: true, NetError: "net::ERR_FAILED"})},
	{name: "a 304 is not a failure", cause: "",
		e: onWeb("/_next/static/chunk.js", model.Event{Status: 304})},
}

func TestClassify(t *testing.T) {
	for _, tc := range classifyCases {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.e
			r, sev, ok := Classify(&e)
			if tc.cause == "" {
				if ok {
					t.Fatalf("classified as %s by %s; want unclassified", r.Cause, r.ID)
				}
				return
			}
			if !ok {
				t.Fatalf("unclassified; want %s", tc.cause)
			}
			if r.Cause != tc.cause || sev != tc.sev {
				t.Errorf("got %s/%s by %s; want %s/%s", r.Cause, sev, r.ID, tc.cause, tc.sev)
			}
			if tc.rule != "" && r.ID != tc.rule {
				t.Errorf("fired %s; want %s", r.ID, tc.rule)
			}
			if tc.not != "" && r.ID == tc.not {
				t.Errorf("near miss fired %s", tc.not)
			}
		})
	}
}

// TestEveryRuleHasCases fails when a rule has no true positive or no near miss in the
// table, so a rule cannot be added untested (gitleaks' tps/fps).
func TestEveryRuleHasCases(t *testing.T) {
	positive, nearMiss := map[string]bool{}, map[string]bool{}
	for _, tc := range classifyCases {
		e := tc.e
		if r, _, ok := Classify(&e); ok && r.ID == tc.rule {
			positive[tc.rule] = true
		}
		if tc.not != "" {
			nearMiss[tc.not] = true
		}
	}
	known := map[string]bool{}
	for _, r := range EventRules() {
		known[r.ID] = true
		if !positive[r.ID] {
			t.Errorf("rule %s has no passing true-positive case", r.ID)
		}
		if !nearMiss[r.ID] {
			t.Errorf("rule %s has no near-miss case", r.ID)
		}
	}
	for _, tc := range classifyCases {
		for _, id := range []string{tc.rule, tc.not} {
			if id != "" && !known[id] {
				t.Errorf("case %q names unknown rule %s", tc.name, id)
			}
		}
	}
}

// TestClassifyDoesNotModify checks that classifying leaves the event as it was.
func TestClassifyDoesNotModify(t *testing.T) {
	for _, tc := range classifyCases {
		e := tc.e
		before := e.Text()
		Classify(&e)
		if e.Text() != before || e.Status != tc.e.Status {
			t.Errorf("%s: Classify changed the event", tc.name)
		}
	}
}

func TestRulesFor(t *testing.T) {
	rs := RulesFor("overloaded")
	if len(rs) < 2 {
		t.Fatalf("RulesFor(overloaded) = %d rules", len(rs))
	}
	for i, r := range rs {
		if r.Cause != "overloaded" {
			t.Errorf("RulesFor(overloaded) returned %s (%s)", r.ID, r.Cause)
		}
		if i > 0 && rs[i-1].Priority < r.Priority {
			t.Error("RulesFor is not in priority order")
		}
	}
	if rs := RulesFor("retry_storm"); len(rs) != 1 || !rs[0].Over || rs[0].ID != "retry-storm" {
		t.Errorf("RulesFor(retry_storm) = %+v, want its one check over time", rs)
	}
	if n := len(RulesFor("nope")); n != 0 {
		t.Errorf("unknown cause has %d rules", n)
	}
}

func BenchmarkClassify(b *testing.B) {
	events := make([]model.Event, len(classifyCases))
	for i, tc := range classifyCases {
		events[i] = tc.e
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := &events[i%len(events)]
		Classify(e)
	}
}

// TestFamilyOrderDoesNotMatter classifies every case with the whole list reversed (so
// every tie within a priority flips): the answers must not change, so that no result hangs
// on where a rule sits in its family or a family in the list.
func TestFamilyOrderDoesNotMatter(t *testing.T) {
	var all []Rule
	for _, f := range families() {
		all = append(all, f...)
	}
	slices.Reverse(all)
	reversed := join([][]Rule{all})
	for _, tc := range classifyCases {
		e1, e2 := tc.e, tc.e
		r1, s1, ok1 := Classify(&e1)
		r2, s2, ok2 := classifyWith(reversed, &e2)
		if ok1 != ok2 || (ok1 && (r1.ID != r2.ID || s1 != s2)) {
			t.Errorf("%s: answer depends on family order (%v vs %v)", tc.name, ruleIDOf(r1), ruleIDOf(r2))
		}
	}
}

func ruleIDOf(r *Rule) string {
	if r == nil {
		return "unclassified"
	}
	return r.ID
}

// TestLowerText: the byte form of the text is e.Text(), for ASCII events and for events
// with runes that lower-case (Ü, İ, the Kelvin sign), an invalid byte, a real U+FFFD and
// random bytes.
func TestLowerText(t *testing.T) {
	evs := []model.Event{
		{ErrorType: "Overloaded_Error", Message: "Overloaded", Status: 529},
		{Message: "API Error: 529 {\"type\":\"error\"}", Exception: "anthropic.InternalServerError", NetError: "ECONNRESET", Detail: "x"},
		{ErrorCode: "RESOURCE_EXHAUSTED", Message: "Quota exceeded"},
		{},
		{Message: "Überlastet", Status: 529},
		{Detail: "İstanbul"},
		{Message: "\u212aelvin ΣΑΣ \xff\xfe bad \ufffd real", ErrorType: "\xc3", Exception: "Ärger\xe2\x82"},
	}
	rng := rand.New(rand.NewPCG(7, 18))
	for range 2000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(rng.IntN(256))
			if rng.IntN(2) == 0 {
				const pool = "aZ Éé\xc3\x89K"
				b[i] = pool[rng.IntN(len(pool))]
			}
		}
		evs = append(evs, model.Event{Message: string(b), Detail: string(b[len(b)/2:])})
	}
	for _, e := range evs {
		if b := lowerText(nil, &e); string(b) != e.Text() {
			t.Errorf("lowerText(%+v) = %q; Text() = %q", e, b, e.Text())
		}
	}
}
