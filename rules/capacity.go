package rules

import "github.com/claudelog/claudelog/model"

// Fixes shared by the server-side families, worded once.
const (
	fixRetryBackoff = "Retry with exponential backoff and jitter, and honour retry-after when the response sends it " +
		"(the official SDKs retry twice by default; raise max_retries rather than looping yourself)."
	fixStatusPage = "Check status.claude.com for an incident in that time window; a cluster of these errors often " +
		"comes before the page turns red."
	fixQuoteRequestID = "If it persists, contact support with the request ids (req_…) and the times of the failures."
	fixFallbackModel  = "Configure a fallback model, or move non-urgent work to off-peak hours or the Message Batches API."
	fixStream         = "Stream long generations (stream=True, messages.stream()) or use the Message Batches API; lower max_tokens."
)

// capacityRules: the server side could not serve the request (5xx, 529, edge pages).
var capacityRules = []Rule{
	{
		ID: "overloaded-message", Cause: "overloaded", Severity: model.Error, Priority: PriorityWording,
		Title: "The server says it is overloaded",
		Doc: "Matches a 5xx (or an event without status) whose message starts with \"Overloaded\" - including " +
			"the 500 api_error whose message is \"Overloaded\" (claude-code#8104): the server named the cause, " +
			"which is more specific than the status - and Claude Code's \"Repeated 529 Overloaded errors\" and " +
			"\"is experiencing high load\", and the Vercel AI SDK's \"Last error: Overloaded\".",
		Fixes:    []string{fixRetryBackoff, fixFallbackModel, fixStatusPage},
		Keywords: []string{"overloaded", "high load"},
		Match: func(e *model.Event) bool {
			return serverErrorOrUnknown(e) &&
				(hasPrefixFold(e.Message, "overloaded") || textHas(e, "repeated 529 overloaded", "is experiencing high load", "last error: overloaded"))
		},
		Grade: bySurface,
	},
	{
		ID: "overloaded-server-throttle", Cause: "overloaded", Severity: model.Error, Priority: PriorityWording,
		Title: "The server is limiting requests (not your usage limit)",
		Doc: "Matches a 429 whose whole message is \"Rate limited\", and Claude Code's \"Server is temporarily " +
			"limiting requests (not your usage limit)\": server-side capacity limiting. It is a 429 but not your " +
			"rate limit or quota, so it is counted with overload.",
		Fixes:    []string{fixRetryBackoff, fixStatusPage},
		Keywords: []string{"server is temporarily limiting requests", "rate limited"},
		Match: func(e *model.Event) bool {
			if textHas(e, "server is temporarily limiting requests") {
				return true
			}
			return (e.Status == 0 || e.Status == 429) && trimmedEqualFold(e.Message, "rate limited")
		},
		Grade: bySurface,
	},
	{
		ID: "overloaded-error-type", Cause: "overloaded", Severity: model.Error, Priority: PriorityType,
		Title: "overloaded_error (any status, also inside a 200 stream)",
		Doc: "Matches the error type overloaded_error wherever it appears - a 529 body, an \"event: error\" inside a " +
			"200 event stream, a Python dict repr - and the SDK class OverloadedError. The type wins over the " +
			"status, so a 529 printed as InternalServerError or APIStatusError is still overloaded.",
		Fixes:    []string{fixRetryBackoff, fixFallbackModel, fixStatusPage},
		Keywords: []string{"overloaded_error", "overloadederror"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "overloaded-529", Cause: "overloaded", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 529",
		Doc:   "Matches status 529, Anthropic's \"overloaded\" status, whatever the body or the SDK class says.",
		Fixes: []string{fixRetryBackoff, fixFallbackModel, fixStatusPage},
		Match: func(e *model.Event) bool { return e.Status == 529 },
		Grade: bySurface,
	},
	{
		ID: "server-error-api-error", Cause: "server_error", Severity: model.Error, Priority: PriorityType,
		Title: "api_error (internal server error)",
		Doc:   "Matches the error type api_error (\"Internal server error\"), in a response or inside a stream.",
		Fixes: []string{fixRetryBackoff, fixQuoteRequestID, fixStatusPage},
		Match: func(e *model.Event) bool { return typeIs(e, "api_error") },
		Grade: bySurface,
	},
	{
		ID: "server-error-500", Cause: "server_error", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 500 (or an InternalServerError without status)",
		Doc: "Matches status 500, and the SDK class InternalServerError when the log printed no status " +
			"(a status, when present, decides: a 529 InternalServerError is overloaded).",
		Fixes: []string{fixRetryBackoff, fixQuoteRequestID, fixStatusPage},
		Match: func(e *model.Event) bool { return e.Status == 500 || classOnly(e, "internalservererror") },
		Grade: bySurface,
	},
	{
		ID: "server-error-5xx", Cause: "server_error", Severity: model.Error, Priority: PriorityFallback,
		Title: "Any other 5xx",
		Doc:   "Catch-all: any 5xx status that no more specific rule explains.",
		Fixes: []string{fixRetryBackoff, fixStatusPage, fixQuoteRequestID},
		Match: func(e *model.Event) bool { return e.Status >= 500 && e.Status < 600 },
		Grade: bySurface,
	},
	{
		ID: "bad-gateway-status", Cause: "bad_gateway", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 502 or a Cloudflare origin error (520, 521, 523, 525, 526)",
		Doc:   "Matches status 502 and Cloudflare's origin errors 520, 521, 523, 525 and 526.",
		Fixes: []string{
			fixRetryBackoff, fixStatusPage,
			"If the server or via header names your own proxy rather than cloudflare, check that proxy.",
		},
		Match: isBadGateway,
		Grade: bySurface,
	},
	{
		ID: "bad-gateway-page", Cause: "bad_gateway", Severity: model.Error, Priority: PriorityWording,
		Title: "A bad-gateway error page without a status",
		Doc: "Matches the titles of 502 and Cloudflare 52x error pages (\"502 Bad Gateway\", \"520: Web server is " +
			"returning an unknown error\", \"521: Web server is down\", …) when the log kept the page but no status.",
		Fixes: []string{fixRetryBackoff, fixStatusPage},
		Keywords: []string{
			"502 bad gateway", "502: bad gateway", "520: web server is returning an unknown error",
			"521: web server is down", "523: origin is unreachable", "525: ssl handshake failed",
			"526: invalid ssl certificate",
		},
		Match: func(e *model.Event) bool { return e.Status == 0 || isBadGateway(e) },
		Grade: bySurface,
	},
	{
		ID: "service-unavailable-503", Cause: "service_unavailable", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 503 (or a ServiceUnavailableError without status)",
		Doc: "Matches status 503, and the class ServiceUnavailableError (the Python SDK's Bedrock and Vertex " +
			"clients) when the log printed no status.",
		Fixes: []string{fixRetryBackoff, fixStatusPage, fixQuoteRequestID},
		Match: func(e *model.Event) bool { return e.Status == 503 || classOnly(e, "serviceunavailableerror") },
		Grade: bySurface,
	},
	{
		ID: "service-unavailable-upstream", Cause: "service_unavailable", Severity: model.Error, Priority: PriorityWording,
		Title: "Envoy's upstream reset or a 503 page",
		Doc: "Matches Envoy's \"upstream connect error or disconnect/reset before headers\" and \"no healthy " +
			"upstream\", and 503 page titles, on a 503 or without status. The \"Connection refused\" or " +
			"\"connection timeout\" in Envoy's text happened between the servers, so this is not a network error " +
			"on your side.",
		Fixes: []string{fixRetryBackoff, fixStatusPage, fixQuoteRequestID},
		Keywords: []string{
			"upstream connect error", "no healthy upstream", "503 service unavailable",
			"503 service temporarily unavailable",
		},
		Match: func(e *model.Event) bool { return e.Status == 0 || e.Status == 503 },
		Grade: bySurface,
	},
	{
		ID: "gateway-timeout-type", Cause: "gateway_timeout", Severity: model.Error, Priority: PriorityType,
		Title: "timeout_error (the API timed out)",
		Doc: "Matches the error type timeout_error (the API's 504), and DeadlineExceededError (the Python SDK's " +
			"Vertex client) when the log printed no status.",
		Fixes:    []string{fixStream, fixRetryBackoff, fixStatusPage},
		Keywords: []string{"timeout_error", "deadlineexceedederror"},
		Match: func(e *model.Event) bool {
			return typeIs(e, "timeout_error") || classOnly(e, "deadlineexceedederror")
		},
		Grade: bySurface,
	},
	{
		ID: "gateway-timeout-status", Cause: "gateway_timeout", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 504, 408 or a Cloudflare timeout (522, 524)",
		Doc: "Matches status 504, Cloudflare's 522 (connection timed out) and 524 (a timeout occurred), and 408 " +
			"(the server timed the request out; Bedrock's ModelTimeoutException is a 408).",
		Fixes: []string{fixStream, fixRetryBackoff, fixStatusPage},
		Match: isGatewayTimeout,
		Grade: bySurface,
	},
	{
		ID: "gateway-timeout-page", Cause: "gateway_timeout", Severity: model.Error, Priority: PriorityWording,
		Title: "A gateway-timeout page or Envoy's upstream timeout",
		Doc: "Matches the titles of 504 and Cloudflare 522/524 pages (\"504 Gateway Time-out\", \"524: A timeout " +
			"occurred\") and Envoy's \"upstream request timeout\", on such a status or without status.",
		Fixes: []string{fixStream, fixRetryBackoff, fixStatusPage},
		Keywords: []string{
			"504 gateway time", "504: gateway time", "522: connection timed out", "524: a timeout occurred",
			"upstream request timeout",
		},
		Match: func(e *model.Event) bool { return e.Status == 0 || isGatewayTimeout(e) },
		Grade: bySurface,
	},
}

// isBadGateway is true for 502 and Cloudflare's origin errors that mean a bad upstream answer.
func isBadGateway(e *model.Event) bool { return statusIn(e, 502, 520, 521, 523, 525, 526) }

// isGatewayTimeout is true for the statuses that mean the server side timed out.
func isGatewayTimeout(e *model.Event) bool { return statusIn(e, 504, 522, 524, 408) }

// trimmedEqualFold reports whether s, without surrounding spaces and a final period, is the
// lower-case word.
func trimmedEqualFold(s, lower string) bool {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '.' || s[len(s)-1] == '\n') {
		s = s[:len(s)-1]
	}
	return equalFoldASCII(s, lower)
}
