package hartest

import (
	"fmt"
	"strings"
	"time"
)

// Session is one realistic HAR with the causes claudelog must and must not report for it.
type Session struct {
	Name  string   // file name without extension: testdata/hars/NAME.har
	Doc   string   // what happened in the session, and why the expectations are what they are
	HAR   []byte   // the HAR file
	First string   // the cause that must rank first; "" when the order is not asserted
	Want  []string // causes that must be reported
	Not   []string // causes that must not be reported (near misses)
}

// Sessions returns every session, one or more per event cause a HAR can show, plus clean and
// exporter-specific ones. The result is the same on every call.
func Sessions() []Session {
	return append([]Session{
		apiServerError(),
		apiOverloaded(),
		claudeAIStreamOverloaded(),
		apiBadGateway(),
		apiServiceUnavailable(),
		apiGatewayTimeout(),
		apiRateLimited(),
		claudeAIUsageLimit(),
		apiSpendLimit(),
		apiCreditBalance(),
		apiInvalidKey(),
		claudeAISessionExpired(),
		apiPermissionDenied(),
		apiRegionBlocked(),
		claudeAIRegionUnavailable(),
		claudeAIBotChallenge(),
		apiMissingVersion(),
		apiToolHistory(),
		apiImageTooLarge(),
		apiBetaHeader(),
		apiContextTooLong(),
		apiRequestTooLarge(),
		apiModelNotFound(),
		browserCORS(),
		claudeAITimeout(),
		claudeAINetworkErrors(),
		claudeAIBlockedCompletion(),
		claudeAIStreamCut(),
		claudeAIStopResponse(),
		claudeAIClean(),
		playwrightProxyFailure(),
		firefoxNoReason(),
		claudeAISession(),
	}, patternSessions()...)
}

// allCauses is every id of CAUSES.md and the project's own (docs/causes.md): what a session
// with only successes must not report.
var allCauses = []string{
	"server_error", "overloaded", "bad_gateway", "service_unavailable", "gateway_timeout",
	"outage_window", "rate_limited", "rate_limit_burst", "retry_storm", "usage_limit", "billing",
	"auth_failed", "permission_denied", "geo_blocked", "bot_challenge", "invalid_request",
	"tool_history_invalid", "attachment_rejected", "model_unsupported", "context_too_long",
	"request_too_large", "payload_timeout", "not_found", "misconfigured_client", "client_timeout",
	"network_error", "blocked_by_client", "stream_interrupted", "request_cancelled",
	"extra_usage_required", "thinking_history_invalid", "policy_refusal",
}

// warmup is a few good calls before trouble starts: every real session has them.
func (s *sdk) warmup(n int, gap time.Duration) {
	answers := []string{"The report covers three regions.", "Sales rose 4% in Q3.", "Two risks stand out.", "The draft is ready."}
	for i := 0; i < n; i++ {
		s.calls++
		s.ok(s.messages(fmt.Sprintf("Summarise section %d of the attached report.", s.calls), 0).Took(time.Duration(2100+317*(s.calls%5))*time.Millisecond), answers[s.calls%len(answers)])
		s.next(gap)
	}
}

func apiServerError() Session {
	s := newSDK("api-server-error", true, day(3, 9, 14, 3, 512))
	s.warmup(3, 4*time.Second)
	s.fail(s.messages("Draft the follow-up email to the customer.", 0).Took(1430*time.Millisecond), 500, "api_error", "Internal server error", true)
	s.next(2230 * time.Millisecond) // 1.43 s answer + the SDK's 0.8 s backoff
	s.ok(s.messages("Draft the follow-up email to the customer.", 1).Took(2711*time.Millisecond), "Dear customer, thank you.")
	s.next(5 * time.Second)
	s.warmup(1, 0)
	return Session{
		Name:  "api-server-error",
		Doc:   "Python SDK behind mitmproxy: one 500 api_error \"Internal server error\" with a request-id and x-should-retry: true, retried by the SDK (x-stainless-retry-count: 1), which then succeeds.",
		HAR:   s.b.Bytes(),
		First: "server_error",
		Want:  []string{"server_error"},
		Not:   []string{"overloaded", "bad_gateway", "service_unavailable", "gateway_timeout", "network_error"},
	}
}

func apiOverloaded() Session {
	s := newSDK("api-overloaded", false, day(4, 14, 2, 41, 87))
	s.warmup(2, 6*time.Second)
	s.fail(s.messages("Classify these 20 support tickets by urgency.", 0).Took(612*time.Millisecond), 529, "overloaded_error", "Overloaded", true)
	s.next(1190 * time.Millisecond)
	s.fail(s.messages("Classify these 20 support tickets by urgency.", 1).Took(588*time.Millisecond), 529, "overloaded_error", "Overloaded", true)
	s.next(2340 * time.Millisecond)
	s.ok(s.messages("Classify these 20 support tickets by urgency.", 2).Took(5120*time.Millisecond), "Tickets 3, 7 and 12 are urgent.")
	return Session{
		Name:  "api-overloaded",
		Doc:   "TypeScript SDK behind mitmproxy: two 529 overloaded_error answers (x-should-retry: true) retried with the SDK's exponential backoff, the third attempt succeeds.",
		HAR:   s.b.Bytes(),
		First: "overloaded",
		Want:  []string{"overloaded"},
		Not:   []string{"server_error", "service_unavailable", "rate_limited", "retry_storm"},
	}
}

// streamError answers a completion with a 200 stream that ends in an error event.
func (w *web) streamError(e *Entry, errType, message string) *Entry {
	ev := append(w.streamHead(),
		SSE{"error", `{"type":"error","error":{"type":"` + errType + `","message":"` + message + `"}}`})
	e.Status(200).Stream(ev...).RespHeader("request-id", w.b.RequestID()).RespHeader("cache-control", "no-cache").RespHeader("via", "1.1 google")
	return w.edge(e)
}

func claudeAIStreamOverloaded() Session {
	w := newWeb(Chrome, "claude-ai-stream-overloaded", day(5, 10, 21, 7, 330))
	w.document("/chat/" + w.conv)
	w.assets(5)
	w.bootstrap()
	w.read()
	w.streamOK(w.completion("completion", "Rewrite the intro paragraph to be shorter.", 6400*time.Millisecond).Wait(910*time.Millisecond), "Here is a shorter intro.", 0.21)
	w.next(40 * time.Second)
	w.streamError(w.completion("completion", "Now make it friendlier.", 2870*time.Millisecond).Wait(1020*time.Millisecond), "overloaded_error", "Overloaded")
	w.usage(0.22)
	return Session{
		Name: "claude-ai-stream-overloaded",
		Doc: "claude.ai in Chrome: a completion answers 200 text/event-stream, starts streaming and then sends event: error with overloaded_error. " +
			"The HTTP status says success; only the stream says overloaded. One event, one cause: overloaded, not a generic stream break.",
		HAR:   w.b.Bytes(),
		First: "overloaded",
		Want:  []string{"overloaded"},
		Not:   []string{"server_error", "stream_interrupted", "network_error", "rate_limited"},
	}
}

func apiBadGateway() Session {
	s := newSDK("api-bad-gateway", true, day(6, 19, 45, 11, 804))
	s.warmup(2, 3*time.Second)
	s.raw(s.messages("Translate the release notes into German.", 0).Took(30120*time.Millisecond), 502, "text/html",
		"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n")
	s.next(30900 * time.Millisecond)
	s.ok(s.messages("Translate the release notes into German.", 1).Took(8402*time.Millisecond), "Hier sind die Versionshinweise.")
	return Session{
		Name:  "api-bad-gateway",
		Doc:   "Python SDK behind mitmproxy: Cloudflare answers 502 with its HTML page (title \"502 Bad Gateway\", server: cloudflare, a cf-ray and no request-id), the retry succeeds.",
		HAR:   s.b.Bytes(),
		First: "bad_gateway",
		Want:  []string{"bad_gateway"},
		Not:   []string{"server_error", "service_unavailable", "gateway_timeout", "overloaded"},
	}
}

func apiServiceUnavailable() Session {
	s := newSDK("api-service-unavailable", false, day(7, 7, 58, 30, 19))
	s.warmup(2, 9*time.Second)
	body := "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: 111"
	s.raw(s.messages("Extract the invoice totals as JSON.", 0).Took(212*time.Millisecond), 503, "text/plain", body).RespHeader("via", "1.1 google")
	s.next(890 * time.Millisecond)
	s.raw(s.messages("Extract the invoice totals as JSON.", 1).Took(198*time.Millisecond), 503, "text/plain", body).RespHeader("via", "1.1 google")
	s.next(1870 * time.Millisecond)
	s.ok(s.messages("Extract the invoice totals as JSON.", 2).Took(3340*time.Millisecond), `{\"total\": 1280.40}`)
	return Session{
		Name: "api-service-unavailable",
		Doc: "TypeScript SDK behind mitmproxy: two 503 answers with Envoy's plain-text \"upstream connect error or disconnect/reset before headers. reset reason: remote connection failure\" (no request-id), then success. " +
			"The text says reset and connection failure, but an HTTP answer came: this is the server side, not the client's network.",
		HAR:   s.b.Bytes(),
		First: "service_unavailable",
		Want:  []string{"service_unavailable"},
		Not:   []string{"network_error", "bad_gateway", "server_error", "overloaded"},
	}
}

func apiGatewayTimeout() Session {
	s := newSDK("api-gateway-timeout", true, day(9, 16, 3, 52, 470))
	s.warmup(2, 5*time.Second)
	s.fail(s.messages("Write the full migration plan for all 40 services.", 0).Took(600230*time.Millisecond).Wait(600200*time.Millisecond), 504, "timeout_error", "Request timed out", true)
	s.next(601100 * time.Millisecond)
	s.raw(s.messages("Write the full migration plan for all 40 services.", 1).Took(600410*time.Millisecond).Wait(600390*time.Millisecond), 504, "text/html",
		"<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n")
	s.next(602 * time.Second)
	s.warmup(1, 0)
	return Session{
		Name: "api-gateway-timeout",
		Doc: "Python SDK behind mitmproxy: a long non-streaming request gets 504 timeout_error after 600 s, the retry a 504 HTML page; a short call afterwards succeeds. " +
			"The JSON message wording of timeout_error is not confirmed by a public capture. The server timed out, not the client, whatever the message says.",
		HAR:   s.b.Bytes(),
		First: "gateway_timeout",
		Want:  []string{"gateway_timeout"},
		Not:   []string{"client_timeout", "server_error", "bad_gateway", "network_error"},
	}
}

func apiRateLimited() Session {
	s := newSDK("api-rate-limited", true, day(10, 11, 30, 0, 245))
	s.cost = 66000
	s.warmup(4, 6*time.Second)
	s.warmup(2, 6*time.Second)
	e := s.fail(s.messages("Summarise section 7 of the attached report.", 0).Took(318*time.Millisecond), 429, "rate_limit_error",
		"This request would exceed your organization's rate limit of 400,000 input tokens per minute (org: "+orgUUID+", model: claude-sonnet-4-6). For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.", true)
	e.RespHeader("retry-after", "23")
	s.limits(e, 3993, 0, 77000)
	s.next(23400 * time.Millisecond)
	s.tokens, s.cost = 400000, 66000
	s.ok(s.messages("Summarise section 7 of the attached report.", 1).Took(2650*time.Millisecond), "Section 7 lists the open risks.")
	return Session{
		Name: "api-rate-limited",
		Doc: "Python SDK behind mitmproxy: a batch of large summaries drains the input-token bucket; the seventh call gets 429 rate_limit_error with retry-after: 23 and " +
			"anthropic-ratelimit-input-tokens-remaining: 0. The SDK waits the 23 s and the retry succeeds. One 429, not a burst; the retry honoured retry-after.",
		HAR:   s.b.Bytes(),
		First: "rate_limited",
		Want:  []string{"rate_limited"},
		Not:   []string{"usage_limit", "overloaded", "billing", "rate_limit_burst", "retry_storm"},
	}
}

func claudeAIUsageLimit() Session {
	w := newWeb(Chrome, "claude-ai-usage-limit", day(11, 13, 2, 44, 90))
	w.document("/chat/" + w.conv)
	w.assets(4)
	w.bootstrap()
	w.read()
	w.streamOK(w.completion("completion", "Continue the chapter from where we stopped.", 14200*time.Millisecond).Wait(1300*time.Millisecond), "The rain had stopped by morning.", 0.86)
	w.next(70 * time.Second)
	w.streamOK(w.completion("completion", "Add a scene at the harbour.", 12900*time.Millisecond).Wait(1100*time.Millisecond), "The harbour was quiet.", 0.97)
	w.next(50 * time.Second)
	resets := day(11, 15, 0, 0, 0).Unix()
	w.json(w.completion("completion", "Now the dialogue between the two sisters.", 240*time.Millisecond), 429,
		`{"type":"error","error":{"type":"rate_limit_error","message":"{\"type\":\"exceeded_limit\",\"resetsAt\":`+fmt.Sprint(resets)+`,\"remaining\":null,\"perModelLimit\":false,\"representativeClaim\":\"five_hour\"}"}}`)
	w.usage(1.0)
	return Session{
		Name: "claude-ai-usage-limit",
		Doc: "claude.ai in Chrome: message_limit events show the 5-hour window at 86% and 97%, then a completion gets 429 whose error.message is escaped JSON " +
			"with type exceeded_limit, resetsAt and representativeClaim five_hour. A plan limit, not a per-minute rate limit, although the outer type is rate_limit_error.",
		HAR:   w.b.Bytes(),
		First: "usage_limit",
		Want:  []string{"usage_limit"},
		Not:   []string{"rate_limited", "rate_limit_burst", "billing", "overloaded"},
	}
}

func apiSpendLimit() Session {
	s := newSDK("api-spend-limit", true, day(30, 22, 15, 9, 660))
	s.warmup(2, 11*time.Second)
	msg := "You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier. You will regain access on 2026-12-01 at 00:00 UTC."
	members := `"type":"rate_limit_error","message":"` + msg + `","details":{"error_code":"enforced_spend_limit_reached"}`
	s.failWith(s.messages("Summarise the nightly error digest.", 0).Took(205*time.Millisecond), 429, members, true)
	s.next(840 * time.Millisecond)
	s.failWith(s.messages("Summarise the nightly error digest.", 1).Took(198*time.Millisecond), 429, members, true)
	s.next(1930 * time.Millisecond)
	s.failWith(s.messages("Summarise the nightly error digest.", 2).Took(201*time.Millisecond), 429, members, true)
	return Session{
		Name: "api-spend-limit",
		Doc: "Python SDK behind mitmproxy: 429 rate_limit_error with details.error_code enforced_spend_limit_reached and no retry-after: the tier's monthly spend cap. " +
			"The SDK's two retries fail the same way; access returns on the 1st of the month, so waiting a minute does not help.",
		HAR:   s.b.Bytes(),
		First: "usage_limit",
		Want:  []string{"usage_limit"},
		Not:   []string{"rate_limited", "billing", "rate_limit_burst"},
	}
}

func apiCreditBalance() Session {
	s := newSDK("api-credit-balance", false, day(12, 8, 40, 12, 300))
	s.warmup(3, 20*time.Second)
	msg := "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."
	s.fail(s.messages("Tag the new pull requests.", 0).Took(188*time.Millisecond), 400, "invalid_request_error", msg, false)
	s.next(41 * time.Second)
	s.fail(s.messages("Tag the new pull requests.", 0).Took(176*time.Millisecond), 400, "invalid_request_error", msg, false)
	return Session{
		Name:  "api-credit-balance",
		Doc:   "TypeScript SDK behind mitmproxy: calls work, then prepaid credits run out: 400 invalid_request_error \"Your credit balance is too low to access the Anthropic API\" (x-should-retry: false).",
		HAR:   s.b.Bytes(),
		First: "billing",
		Want:  []string{"billing"},
		Not:   []string{"invalid_request", "usage_limit", "rate_limited"},
	}
}

func apiInvalidKey() Session {
	s := newSDK("api-invalid-key", true, day(13, 10, 5, 33, 712))
	s.warmup(2, 30*time.Second)
	s.key = RevokedAPIKey
	s.fail(s.messages("Draft the standup summary.", 0).Took(143*time.Millisecond), 401, "authentication_error", "invalid x-api-key", false)
	s.next(62 * time.Second)
	s.fail(s.call("GET", "/v1/models?limit=20", "", 0).Took(121*time.Millisecond), 401, "authentication_error", "invalid x-api-key", false)
	return Session{
		Name: "api-invalid-key",
		Doc: "Python SDK behind mitmproxy: the app is redeployed with a revoked key; 401 authentication_error \"invalid x-api-key\" with no anthropic-organization-id, " +
			"on /v1/messages and on /v1/models. Both keys in the file are fake secrets of the real shape.",
		HAR:   s.b.Bytes(),
		First: "auth_failed",
		Want:  []string{"auth_failed"},
		Not:   []string{"permission_denied", "misconfigured_client", "invalid_request"},
	}
}

func claudeAISessionExpired() Session {
	w := newWeb(Chrome, "claude-ai-session-expired", day(14, 8, 1, 2, 640))
	w.document("/new")
	w.assets(5)
	w.json(w.api("GET", "/organizations", 91*time.Millisecond).At(w.next(290*time.Millisecond)), 403,
		`{"type":"error","error":{"type":"permission_error","message":"Invalid authorization","details":{"error_code":"account_session_invalid","error_visibility":"user_facing"}},"request_id":null}`)
	w.json(w.api("GET", "/organizations/"+orgUUID+"/chat_conversations?limit=30&starred=false&consistency=eventual", 84*time.Millisecond).At(w.next(12*time.Millisecond)), 403,
		`{"type":"error","error":{"type":"permission_error","message":"Invalid authorization","details":{"error_code":"account_session_invalid","error_visibility":"user_facing"}},"request_id":null}`)
	w.b.Entry("GET", "https://claude.ai/login?returnTo=%2Fnew").At(w.next(180*time.Millisecond)).Took(190*time.Millisecond).Type("document").
		Initiator("script", w.jsURL).Status(200).Body("text/html", `<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>Claude</title></head><body><div id="root"></div></body></html>`).
		RespHeader("cf-ray", w.b.Ray(w.colo)).RespHeader("server", "cloudflare")
	return Session{
		Name: "claude-ai-session-expired",
		Doc: "claude.ai in Chrome with an expired sessionKey cookie: the app's API calls get 403 permission_error \"Invalid authorization\" with " +
			"details.error_code account_session_invalid and request_id null, and the app sends the user to /login. A session problem, not a missing permission.",
		HAR:   w.b.Bytes(),
		First: "auth_failed",
		Want:  []string{"auth_failed"},
		Not:   []string{"permission_denied", "geo_blocked", "bot_challenge"},
	}
}

func apiPermissionDenied() Session {
	s := newSDK("api-permission-denied", true, day(16, 15, 20, 0, 118))
	s.warmup(2, 8*time.Second)
	s.model = "claude-opus-4-5"
	s.fail(s.messages("Review this contract clause for risks.", 0).Took(167*time.Millisecond), 403, "permission_error",
		"Your API key does not have permission to use the specified resource.", false)
	s.model = "claude-sonnet-4-6"
	s.next(20 * time.Second)
	s.warmup(1, 0)
	return Session{
		Name: "api-permission-denied",
		Doc: "Python SDK behind mitmproxy: a workspace key may use one model but not another: 403 permission_error with a request-id (the API answered, not the edge). " +
			"The exact message wording of permission_error is the documented meaning, not a captured body.",
		HAR:   s.b.Bytes(),
		First: "permission_denied",
		Want:  []string{"permission_denied"},
		Not:   []string{"geo_blocked", "auth_failed", "bot_challenge", "not_found"},
	}
}

func apiRegionBlocked() Session {
	s := newSDK("api-region-blocked", false, day(17, 3, 12, 40, 501))
	s.warmup(2, 15*time.Second)
	s.colo, s.ip = "HKG", "160.79.104.10"
	body := `{"error":{"type":"forbidden","message":"Request not allowed"}}`
	s.raw(s.messages("Fix the failing unit test in parser.ts.", 0).Took(96*time.Millisecond), 403, "application/json", body)
	s.next(44 * time.Second)
	s.raw(s.messages("Fix the failing unit test in parser.ts.", 0).Took(91*time.Millisecond), 403, "application/json", body)
	return Session{
		Name: "api-region-blocked",
		Doc: "TypeScript SDK behind mitmproxy: calls through a Frankfurt edge work; after the VPN exit moves, the Hong Kong edge (cf-ray ...-HKG) answers 403 " +
			"{\"error\":{\"type\":\"forbidden\",\"message\":\"Request not allowed\"}} with no request-id and no top-level type: the request never reached the API.",
		HAR:   s.b.Bytes(),
		First: "geo_blocked",
		Want:  []string{"geo_blocked"},
		Not:   []string{"permission_denied", "auth_failed", "bot_challenge"},
	}
}

func claudeAIRegionUnavailable() Session {
	w := newWeb(Chrome, "claude-ai-region-unavailable", day(18, 6, 33, 20, 17))
	w.colo = "IST"
	e := w.b.Entry("GET", "https://claude.ai/new").At(w.t).Took(61*time.Millisecond).Type("document").Initiator("other", "").
		Header("upgrade-insecure-requests", "1").Status(307).Redirect("https://claude.ai/app-unavailable-in-region").
		RespHeader("location", "/app-unavailable-in-region").RespHeader("content-length", "0")
	w.cookies(e)
	w.edge(e)
	page := `<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>App unavailable</title></head><body><main><h1>App unavailable</h1>` +
		`<p>Unfortunately, Claude is only available in certain regions right now. Please contact support if you believe you are receiving this message in error.</p></main></body></html>`
	e = w.b.Entry("GET", "https://claude.ai/app-unavailable-in-region").At(w.next(70*time.Millisecond)).Took(88*time.Millisecond).
		Type("document").Initiator("other", "").Status(403).Body("text/html; charset=utf-8", page)
	w.cookies(e)
	w.edge(e)
	w.assets(2)
	w.b.Entry("GET", "https://claude.ai/favicon.ico").At(w.next(30*time.Millisecond)).Took(41*time.Millisecond).Type("image").
		Initiator("other", "").Status(200).Base64("image/x-icon", []byte{0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 104, 4})
	return Session{
		Name: "claude-ai-region-unavailable",
		Doc: "claude.ai in Chrome from an unsupported region: /new redirects (307) to /app-unavailable-in-region, whose page is titled \"App unavailable\" and says " +
			"Claude is only available in certain regions. The page is served with 403 here; public reports show its text but not its status.",
		HAR:   w.b.Bytes(),
		First: "geo_blocked",
		Want:  []string{"geo_blocked"},
		Not:   []string{"bot_challenge", "permission_denied", "auth_failed"},
	}
}

func claudeAIBotChallenge() Session {
	s := newSDK("claude-ai-bot-challenge", true, day(19, 20, 10, 5, 900))
	s.warmup(2, 5*time.Second)
	challenge := `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1"></head>` +
		`<body><div class="main-wrapper" role="main"><div class="main-content"><noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript></div></div>` +
		`<script>(function(){window._cf_chl_opt={cvId: '3',cZone: "claude.ai",cType: 'managed',cRay: '8e2d41f0bc7a9d13',cH: 'Jv0x.QmS2f',cUPMDTk: "\/api\/organizations\/` + orgUUID + `\/usage?__cf_chl_tk=` + s.b.Token(43) + `",cFPWv: 'g'};var cpo = document.createElement('script');cpo.src = '/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8e2d41f0bc7a9d13';document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>`
	for i := 0; i < 2; i++ {
		e := s.b.Entry("GET", "https://claude.ai/api/organizations/"+orgUUID+"/usage").At(s.next(1500*time.Millisecond)).Took(74*time.Millisecond).
			NoDefaults().Server(claudeIP).
			Header("host", "claude.ai").Header("user-agent", "python-requests/2.32.3").Header("accept-encoding", "gzip, deflate").
			Header("accept", "*/*").Header("connection", "keep-alive").
			Header("cookie", "sessionKey="+SessionKey+"; lastActiveOrg="+orgUUID).
			Status(403).Body("text/html; charset=UTF-8", challenge).
			RespHeader("cache-control", "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0").
			RespHeader("cf-mitigated", "challenge").
			RespHeader("cross-origin-opener-policy", "same-origin").
			RespHeader("referrer-policy", "same-origin").
			RespHeader("x-frame-options", "SAMEORIGIN").
			RespHeader("server", "cloudflare").RespHeader("cf-ray", s.b.Ray("AMS"))
		e.SetCookie(Cookie{Name: "__cf_bm", Value: CFBM, Path: "/", Domain: ".claude.ai", Expires: s.t.Add(30 * time.Minute), HTTPOnly: true, Secure: true, SameSite: "None"})
		s.next(60 * time.Second)
	}
	return Session{
		Name: "claude-ai-bot-challenge",
		Doc: "A script recorded by mitmproxy: its official-SDK calls to the API work, but its unofficial python-requests call to claude.ai's usage endpoint " +
			"(with a sessionKey cookie) gets Cloudflare's 403 challenge: cf-mitigated: challenge and the \"Just a moment...\" page.",
		HAR:   s.b.Bytes(),
		First: "bot_challenge",
		Want:  []string{"bot_challenge"},
		Not:   []string{"geo_blocked", "auth_failed", "permission_denied"},
	}
}

func apiMissingVersion() Session {
	s := newSDK("api-missing-version", true, day(20, 12, 0, 1, 50))
	s.warmup(1, 4*time.Second)
	body := s.request("Turn these notes into a changelog entry.")
	for i := 0; i < 2; i++ {
		e := s.b.Entry("POST", "https://api.anthropic.com/v1/messages").At(s.next(3*time.Second)).Took(132*time.Millisecond).NoDefaults().Server(apiIP).
			Header("host", "api.anthropic.com").Header("accept", "*/*").Header("accept-encoding", "gzip, deflate").Header("connection", "keep-alive").
			Header("user-agent", "python-httpx/0.27.2").Header("x-api-key", APIKey).Header("content-type", "application/json").
			Header("content-length", fmt.Sprint(len(body))).Post("application/json", body)
		s.fail(e, 400, "invalid_request_error", "anthropic-version: header is required", false)
	}
	return Session{
		Name: "api-missing-version",
		Doc: "A hand-written httpx client beside the SDK, recorded by mitmproxy: its POST /v1/messages has no anthropic-version header and gets 400 " +
			"invalid_request_error \"anthropic-version: header is required\"; the SDK's own call before it works.",
		HAR:   s.b.Bytes(),
		First: "invalid_request",
		Want:  []string{"invalid_request"},
		Not:   []string{"misconfigured_client", "auth_failed", "model_unsupported"},
	}
}

func apiToolHistory() Session {
	s := newSDK("api-tool-history", false, day(21, 17, 44, 0, 333))
	tool := `"tools":[{"name":"read_file","description":"Read a file","input_schema":{"type":"object","properties":{"path":{"type":"string"}}}}]`
	first := `{"max_tokens":4096,"messages":[{"role":"user","content":"Find the bug in main.go ` + PromptMarker + `"}],"model":"claude-sonnet-4-6",` + tool + `}`
	e := s.call("POST", "/v1/messages", first, 0).Took(3100 * time.Millisecond)
	s.ok(e, "I will read main.go first.")
	s.next(3500 * time.Millisecond)
	toolID := "toolu_01" + s.b.Token(22)
	second := `{"max_tokens":4096,"messages":[{"role":"user","content":"Find the bug in main.go ` + PromptMarker + `"},{"role":"assistant","content":[{"type":"text","text":"I will read main.go first."},{"type":"tool_use","id":"` + toolID + `","name":"read_file","input":{"path":"main.go"}}]},{"role":"user","content":"Also check util.go ` + PromptMarker + `"}],"model":"claude-sonnet-4-6",` + tool + `}`
	s.fail(s.call("POST", "/v1/messages", second, 0).Took(240*time.Millisecond), 400, "invalid_request_error",
		"messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: "+toolID+". Each `tool_use` block must have a corresponding `tool_result` block in the next message.", false)
	s.next(9 * time.Second)
	s.fail(s.call("POST", "/v1/messages", second, 0).Took(231*time.Millisecond), 400, "invalid_request_error",
		"messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: "+toolID+". Each `tool_use` block must have a corresponding `tool_result` block in the next message.", false)
	return Session{
		Name: "api-tool-history",
		Doc: "An agent on the TypeScript SDK: the first turn asks for a tool, the agent appends a user message without the tool_result, and every later call gets 400 " +
			"\"`tool_use` ids were found without `tool_result` blocks immediately after\": the conversation history is broken.",
		HAR:   s.b.Bytes(),
		First: "tool_history_invalid",
		Want:  []string{"tool_history_invalid"},
		Not:   []string{"invalid_request", "model_unsupported"},
	}
}

func apiImageTooLarge() Session {
	s := newSDK("api-image-too-large", true, day(23, 10, 12, 8, 444))
	s.warmup(2, 7*time.Second)
	// A 5.3 MB PNG as base64 is 7 MB of request; the fixture keeps its start and declares the size.
	body := `{"max_tokens":1024,"messages":[{"role":"user","content":[{"type":"text","text":"What does this dashboard show? ` + PromptMarker + `"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUgAAD6AAAAu4CAYAAAB` + s.b.Token(64) + `"}}]}],"model":"claude-sonnet-4-6"}`
	e := s.call("POST", "/v1/messages", body, 0).Took(2840 * time.Millisecond).PostSize(7089300)
	for i := range e.reqHeaders {
		if e.reqHeaders[i].name == "content-length" {
			e.reqHeaders[i].value = "7089300"
		}
	}
	s.fail(e, 400, "invalid_request_error", "messages.0.content.1.image.source.base64: image exceeds 5 MB maximum: 5316852 bytes > 5242880 bytes", false)
	s.next(35 * time.Second)
	s.warmup(1, 0)
	return Session{
		Name: "api-image-too-large",
		Doc: "Python SDK behind mitmproxy: a screenshot over 5 MB is sent as base64 and refused with 400 \"image exceeds 5 MB maximum: 5316852 bytes > 5242880 bytes\". " +
			"The image data in the fixture is trimmed; bodySize and content-length give the real 7 MB.",
		HAR:   s.b.Bytes(),
		First: "attachment_rejected",
		Want:  []string{"attachment_rejected"},
		Not:   []string{"invalid_request", "request_too_large", "context_too_long"},
	}
}

func apiBetaHeader() Session {
	s := newSDK("api-beta-header", false, day(24, 9, 3, 15, 620))
	s.warmup(2, 10*time.Second)
	msg := "Unexpected value(s) `context-management-2099-01-01` for the `anthropic-beta` header. Please consult our documentation at docs.claude.com or try again without the header."
	s.fail(s.messages("Continue the refactoring plan.", 0).Header("anthropic-beta", "context-management-2099-01-01").Took(151*time.Millisecond), 400, "invalid_request_error", msg, false)
	s.next(6 * time.Second)
	s.fail(s.messages("Continue the refactoring plan.", 0).Header("anthropic-beta", "context-management-2099-01-01").Took(149*time.Millisecond), 400, "invalid_request_error", msg, false)
	return Session{
		Name:  "api-beta-header",
		Doc:   "TypeScript SDK behind mitmproxy: after a config change every call carries anthropic-beta: context-management-2099-01-01 and gets 400 \"Unexpected value(s) ... for the `anthropic-beta` header\".",
		HAR:   s.b.Bytes(),
		First: "model_unsupported",
		Want:  []string{"model_unsupported"},
		Not:   []string{"invalid_request", "misconfigured_client", "not_found"},
	}
}

func apiContextTooLong() Session {
	s := newSDK("api-context-too-long", true, day(25, 14, 50, 2, 5))
	history := strings.Repeat("(earlier turns of the conversation) ", 40)
	for i := 0; i < 3; i++ {
		s.ok(s.messages(history+fmt.Sprintf("Question %d about the log dump.", i+1), 0).Took(time.Duration(9000+2100*i)*time.Millisecond), "Line 4411 shows the first failure.")
		s.next(25 * time.Second)
		history += history[:200]
	}
	s.fail(s.messages(history+"Question 4 about the log dump.", 0).Took(1211*time.Millisecond).PostSize(912044), 400, "invalid_request_error",
		"prompt is too long: 219898 tokens > 200000 maximum", false)
	return Session{
		Name: "api-context-too-long",
		Doc: "Python SDK behind mitmproxy: a chat loop resends the whole history; it grows until the call gets 400 \"prompt is too long: 219898 tokens > 200000 maximum\" " +
			"(request body trimmed in the fixture; bodySize holds the real 912 KB, far below the 32 MB request limit).",
		HAR:   s.b.Bytes(),
		First: "context_too_long",
		Want:  []string{"context_too_long"},
		Not:   []string{"invalid_request", "request_too_large", "rate_limited"},
	}
}

func apiRequestTooLarge() Session {
	s := newSDK("api-request-too-large", true, day(26, 11, 21, 40, 777))
	s.warmup(1, 5*time.Second)
	body := `{"max_tokens":1024,"messages":[{"role":"user","content":[{"type":"text","text":"Summarise these scans. ` + PromptMarker + `"},{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjcKJeLjz9MK` + s.b.Token(64) + `"}}]}],"model":"claude-sonnet-4-6"}`
	e := s.call("POST", "/v1/messages", body, 0).Took(9120 * time.Millisecond).PostSize(35651584)
	for i := range e.reqHeaders {
		if e.reqHeaders[i].name == "content-length" {
			e.reqHeaders[i].value = "35651584"
		}
	}
	s.raw(e, 413, "application/json", `{"error":{"type":"request_too_large","message":"Request exceeds the maximum size"}}`)
	s.next(30 * time.Second)
	s.warmup(1, 0)
	return Session{
		Name: "api-request-too-large",
		Doc: "Python SDK behind mitmproxy: a 34 MB request (PDFs as base64) is refused by the edge with 413 {\"error\":{\"type\":\"request_too_large\",...}}: " +
			"no top-level type, no request-id, a cf-ray. The body in the fixture is trimmed; bodySize and content-length give the real size.",
		HAR:   s.b.Bytes(),
		First: "request_too_large",
		Want:  []string{"request_too_large"},
		Not:   []string{"context_too_long", "attachment_rejected", "invalid_request"},
	}
}

func apiModelNotFound() Session {
	s := newSDK("api-model-not-found", true, day(27, 8, 9, 1, 250))
	s.warmup(2, 12*time.Second)
	s.model = "claude-2.1"
	s.fail(s.messages("Answer the customer question about refunds.", 0).Took(118*time.Millisecond), 404, "not_found_error", "model: claude-2.1", false)
	s.next(14 * time.Second)
	s.fail(s.messages("Answer the customer question about shipping.", 0).Took(109*time.Millisecond), 404, "not_found_error", "model: claude-2.1", false)
	return Session{
		Name:  "api-model-not-found",
		Doc:   "Python SDK behind mitmproxy: one code path still asks for the retired claude-2.1 and gets 404 not_found_error \"model: claude-2.1\"; the other path works.",
		HAR:   s.b.Bytes(),
		First: "not_found",
		Want:  []string{"not_found"},
		Not:   []string{"model_unsupported", "invalid_request", "misconfigured_client"},
	}
}

func browserCORS() Session {
	b := New(Chrome).Seed("browser-cors").Sanitized().Page("Support bot (dev)", day(28, 15, 2, 0, 100))
	b.Host("localhost:5173", "[::1]").Host("api.anthropic.com", apiIP)
	t := day(28, 15, 2, 0, 100)
	local := func(path, kind, mime, body string, after time.Duration) {
		t = t.Add(after)
		b.Entry("GET", "http://localhost:5173"+path).At(t).Took(14*time.Millisecond).HTTPVersion("http/1.1").Type(kind).
			Initiator("other", "").Status(200).Body(mime, body).RespHeader("cache-control", "no-cache").RespHeader("connection", "keep-alive")
	}
	local("/", "document", "text/html", `<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Support bot (dev)</title><script type="module" src="/src/main.tsx"></script></head><body><div id="root"></div></body></html>`, 0)
	local("/@vite/client", "script", "text/javascript", `import "/node_modules/vite/dist/client/env.mjs";`, 40*time.Millisecond)
	local("/src/main.tsx", "script", "text/javascript", `import { createRoot } from "/node_modules/.vite/deps/react-dom_client.js";`, 6*time.Millisecond)
	local("/src/chat.ts", "script", "text/javascript", `import Anthropic from "/node_modules/.vite/deps/@anthropic-ai_sdk.js";`, 9*time.Millisecond)
	ray := func() string { return b.Ray("FRA") }
	for i := 0; i < 2; i++ {
		t = t.Add(4200 * time.Millisecond)
		b.Entry("OPTIONS", "https://api.anthropic.com/v1/messages").At(t).Took(96*time.Millisecond).Type("preflight").Site("cross-site").
			Initiator("script", "http://localhost:5173/src/chat.ts").
			Header("access-control-request-headers", "anthropic-version,content-type,x-api-key").
			Header("access-control-request-method", "POST").Header("origin", "http://localhost:5173").
			Status(204).RespHeader("access-control-allow-origin", "http://localhost:5173").
			RespHeader("access-control-allow-headers", "anthropic-version,content-type,x-api-key").
			RespHeader("access-control-allow-methods", "POST, OPTIONS").RespHeader("access-control-max-age", "600").
			RespHeader("server", "cloudflare").RespHeader("cf-ray", ray())
		t = t.Add(110 * time.Millisecond)
		id := b.RequestID()
		b.Entry("POST", "https://api.anthropic.com/v1/messages").At(t).Took(131*time.Millisecond).Type("fetch").Site("cross-site").
			Initiator("script", "http://localhost:5173/src/chat.ts").
			Header("anthropic-version", "2023-06-01").Header("content-type", "application/json").Header("x-api-key", APIKey).
			Header("origin", "http://localhost:5173").Header("referer", "http://localhost:5173/").
			Post("application/json", `{"model":"claude-haiku-4-5","max_tokens":512,"messages":[{"role":"user","content":"Where is my order? `+PromptMarker+`"}]}`).
			Status(401).Body("application/json", `{"type":"error","error":{"type":"authentication_error","message":"CORS requests are not allowed for this Organization"},"request_id":"`+id+`"}`).
			RespHeader("access-control-allow-origin", "http://localhost:5173").RespHeader("request-id", id).
			RespHeader("x-should-retry", "false").RespHeader("server", "cloudflare").RespHeader("cf-ray", ray()).RespHeader("via", "1.1 google")
	}
	return Session{
		Name: "browser-cors",
		Doc: "A local web app (Vite on localhost:5173) calls api.anthropic.com straight from the browser with x-api-key: 401 \"CORS requests are not allowed for this Organization\" " +
			"because of the browser Origin, not a bad key. Saved as Chrome 130+'s sanitized export: no Cookie or Authorization, but x-api-key is still there.",
		HAR:   b.Bytes(),
		First: "misconfigured_client",
		Want:  []string{"misconfigured_client"},
		Not:   []string{"auth_failed", "permission_denied", "network_error"},
	}
}

func claudeAITimeout() Session {
	w := newWeb(Chrome, "claude-ai-timeout", day(2, 21, 17, 0, 430))
	w.document("/chat/" + w.conv)
	w.assets(4)
	w.bootstrap()
	w.read()
	w.completion("completion", "Explain the difference between the two proposals.", 30003*time.Millisecond).Fail("net::ERR_TIMED_OUT")
	w.next(34 * time.Second)
	w.api("GET", "/organizations/"+orgUUID+"/chat_conversations/"+w.conv+"?tree=True&rendering_mode=messages&render_all_tools=true", 30001*time.Millisecond).Fail("net::ERR_TIMED_OUT")
	w.next(95 * time.Second)
	w.read()
	w.streamOK(w.completion("completion", "Explain the difference between the two proposals.", 8700*time.Millisecond).Wait(1500*time.Millisecond), "Proposal A is cheaper.", 0.31)
	return Session{
		Name: "claude-ai-timeout",
		Doc: "claude.ai in Chrome on a stalled connection: a completion and a conversation read fail after about 30 s with status 0 and net::ERR_TIMED_OUT; " +
			"a minute and a half later the same requests work.",
		HAR:   w.b.Bytes(),
		First: "client_timeout",
		Want:  []string{"client_timeout"},
		Not:   []string{"gateway_timeout", "network_error", "blocked_by_client", "request_cancelled"},
	}
}

func claudeAINetworkErrors() Session {
	w := newWeb(Chrome, "claude-ai-network-errors", day(19, 8, 30, 0, 12))
	w.document("/chat/" + w.conv)
	w.assets(3)
	w.bootstrap()
	w.read()
	w.streamOK(w.completion("completion", "List the steps to rotate the database password.", 7600*time.Millisecond).Wait(1200*time.Millisecond), "Step one: create the new secret.", 0.18)
	w.next(20 * time.Second)
	w.completion("completion", "And how do I roll back?", 4210*time.Millisecond).Fail("net::ERR_CONNECTION_RESET")
	w.next(6 * time.Second)
	w.api("GET", "/organizations/"+orgUUID+"/chat_conversations/"+w.conv+"?tree=True&rendering_mode=messages&render_all_tools=true", 12*time.Millisecond).Fail("net::ERR_NETWORK_CHANGED")
	w.next(2 * time.Second)
	w.api("GET", "/organizations", 3*time.Millisecond).Fail("net::ERR_NAME_NOT_RESOLVED")
	w.next(1 * time.Second)
	w.api("GET", "/organizations/"+orgUUID+"/chat_conversations?limit=30&starred=false&consistency=eventual", 2*time.Millisecond).Fail("net::ERR_NAME_NOT_RESOLVED")
	w.next(9 * time.Second)
	w.read()
	w.streamOK(w.completion("completion", "And how do I roll back?", 6900*time.Millisecond).Wait(1100*time.Millisecond), "Keep the old secret until the deploy is done.", 0.2)
	return Session{
		Name: "claude-ai-network-errors",
		Doc: "claude.ai in Chrome on a laptop that changes Wi-Fi: a completion fails with net::ERR_CONNECTION_RESET, then net::ERR_NETWORK_CHANGED and two " +
			"net::ERR_NAME_NOT_RESOLVED (status 0, no response), then everything works again.",
		HAR:   w.b.Bytes(),
		First: "network_error",
		Want:  []string{"network_error"},
		Not:   []string{"client_timeout", "blocked_by_client", "stream_interrupted", "request_cancelled", "server_error"},
	}
}

func claudeAIBlockedCompletion() Session {
	w := newWeb(Chrome, "claude-ai-blocked-completion", day(22, 19, 5, 30, 870))
	w.document("/new")
	w.assets(4)
	for i := 0; i < 3; i++ {
		w.tracker(i, true)
	}
	w.bootstrap()
	w.create()
	w.completion("completion", "Help me plan a birthday dinner for eight.", 1800*time.Microsecond).Fail("net::ERR_BLOCKED_BY_CLIENT")
	w.tracker(3, true)
	w.next(12 * time.Second)
	w.completion("completion", "Help me plan a birthday dinner for eight.", 1500*time.Microsecond).Fail("net::ERR_BLOCKED_BY_CLIENT")
	w.tracker(6, true)
	return Session{
		Name: "claude-ai-blocked-completion",
		Doc: "claude.ai in Chrome with an over-eager blocking extension: analytics and telemetry calls are blocked (info), and so is the completion POST itself, " +
			"twice: status 0 with net::ERR_BLOCKED_BY_CLIENT after under 2 ms. The blocked completion is what hurts (error); the beacons are noise.",
		HAR:   w.b.Bytes(),
		First: "blocked_by_client",
		Want:  []string{"blocked_by_client"},
		Not:   []string{"network_error", "client_timeout", "request_cancelled"},
	}
}

func claudeAIStreamCut() Session {
	w := newWeb(Chrome, "claude-ai-stream-cut", day(15, 11, 48, 9, 205))
	w.b.Sanitized()
	w.document("/chat/" + w.conv)
	w.assets(4)
	w.bootstrap()
	w.read()
	e := w.completion("completion", "Write the test plan for the payment service.", 41200*time.Millisecond).Wait(1400 * time.Millisecond)
	ev := append(w.streamHead(),
		SSE{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"1. Unit tests for the ledger. ` + CompletionMarker + `"}}`})
	body := SSEText(ev...) + `event: content_block_delta` + "\n" + `data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"2. Integr`
	e.Status(200).Body("text/event-stream; charset=utf-8", body).Error("net::ERR_INCOMPLETE_CHUNKED_ENCODING").
		RespHeader("request-id", w.b.RequestID()).RespHeader("cache-control", "no-cache").RespHeader("via", "1.1 google")
	w.edge(e)
	w.next(40 * time.Second)
	w.read()
	w.streamOK(w.completion("retry_completion", "", 15800*time.Millisecond).Wait(1300*time.Millisecond), "1. Unit tests for the ledger.", 0.44)
	return Session{
		Name: "claude-ai-stream-cut",
		Doc: "claude.ai in Chrome (sanitized export: no cookies): a completion answers 200 and streams for 41 s, then the body stops mid-event and Chrome records " +
			"net::ERR_INCOMPLETE_CHUNKED_ENCODING with the 200 status kept. A retry_completion then works.",
		HAR:   w.b.Bytes(),
		First: "stream_interrupted",
		Want:  []string{"stream_interrupted"},
		Not:   []string{"network_error", "overloaded", "server_error", "request_cancelled"},
	}
}

func claudeAIStopResponse() Session {
	w := newWeb(Chrome, "claude-ai-stop-response", day(8, 16, 26, 50, 404))
	w.document("/chat/" + w.conv)
	w.assets(4)
	w.bootstrap()
	w.read()
	e := w.completion("completion", "Write a 3000 word essay on tide pools.", 6300*time.Millisecond).Wait(1100 * time.Millisecond)
	ev := append(w.streamHead(),
		SSE{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Tide pools are small worlds. ` + CompletionMarker + `"}}`})
	e.Status(200).Stream(ev...).Error("net::ERR_ABORTED").
		RespHeader("request-id", w.b.RequestID()).RespHeader("cache-control", "no-cache").RespHeader("via", "1.1 google")
	w.edge(e)
	w.json(w.api("POST", "/organizations/"+orgUUID+"/chat_conversations/"+w.conv+"/stop_response", 77*time.Millisecond).At(w.next(6304*time.Millisecond)).Post("application/json", ""), 200, `{}`)
	w.next(5 * time.Second)
	w.streamOK(w.completion("completion", "Make it 300 words instead.", 5200*time.Millisecond).Wait(1000*time.Millisecond), "Tide pools are small worlds.", 0.26)
	return Session{
		Name: "claude-ai-stop-response",
		Doc: "claude.ai in Chrome: the user presses stop. The streaming completion keeps its 200 and partial body and ends with net::ERR_ABORTED, " +
			"immediately followed by POST .../stop_response. On purpose, not a broken stream.",
		HAR:   w.b.Bytes(),
		First: "request_cancelled",
		Want:  []string{"request_cancelled"},
		Not:   []string{"stream_interrupted", "network_error", "client_timeout"},
	}
}

func claudeAIClean() Session {
	w := newWeb(Chrome, "claude-ai-clean", day(6, 9, 0, 12, 318))
	w.document("/new")
	w.assets(6)
	w.bootstrap()
	w.usage(0.08)
	w.create()
	w.streamOK(w.completion("completion", "Suggest three names for a hiking club.", 4100*time.Millisecond).Wait(900*time.Millisecond), "Trail Blazers, Summit Seekers, Ridge Runners.", 0.09)
	w.json(w.api("POST", "/organizations/"+orgUUID+"/chat_conversations/"+w.conv+"/title", 640*time.Millisecond).At(w.next(4200*time.Millisecond)).
		Post("application/json", `{"message_content":"Suggest three names for a hiking club. `+PromptMarker+`","recent_titles":[]}`), 202, `{"title":"Hiking club names"}`)
	w.read()
	w.next(30 * time.Second)
	w.streamOK(w.completion("completion", "Which one sounds friendliest?", 3300*time.Millisecond).Wait(850*time.Millisecond), "Summit Seekers sounds friendliest.", 0.1)
	return Session{
		Name: "claude-ai-clean",
		Doc:  "claude.ai in Chrome, everything works: page, assets, conversation list, usage at 8%, two streamed completions with message_limit within_limit. Nothing to report.",
		HAR:  w.b.Bytes(),
		Not:  allCauses,
	}
}

func playwrightProxyFailure() Session {
	b := New(Playwright).Seed("playwright-proxy-failure").Page("Support bot", day(12, 2, 14, 7, 0))
	b.Host("localhost:3000", "127.0.0.1")
	t := day(12, 2, 14, 7, 0)
	local := func(path, kind, mime, body string, after time.Duration) {
		t = t.Add(after)
		b.Entry("GET", "http://localhost:3000"+path).At(t).Took(9*time.Millisecond).HTTPVersion("HTTP/1.1").Type(kind).
			Status(200).Body(mime, body).RespHeader("connection", "keep-alive").RespHeader("x-powered-by", "Next.js")
	}
	local("/", "document", "text/html; charset=utf-8", `<!DOCTYPE html><html><head><title>Support bot</title><script src="/_next/static/chunks/main.js" async></script></head><body><div id="__next"></div></body></html>`, 0)
	local("/_next/static/chunks/main.js", "script", "application/javascript; charset=UTF-8", `(self.webpackChunk=self.webpackChunk||[]).push([[179],{}]);`, 31*time.Millisecond)
	local("/_next/static/chunks/pages/index.js", "script", "application/javascript; charset=UTF-8", `(self.webpackChunk=self.webpackChunk||[]).push([[405],{}]);`, 8*time.Millisecond)
	t = t.Add(20 * time.Millisecond)
	b.Entry("GET", "https://fonts.gstatic.com/s/inter/v13/UcC73FwrK3iLTeHuS_fvQtMwCp50KnMa1ZL7.woff2").At(t).Type("font").Site("cross-site").Fail("net::ERR_PROXY_CONNECTION_FAILED")
	for i := 0; i < 3; i++ {
		t = t.Add(time.Duration(600*(1<<i)) * time.Millisecond)
		b.Entry("POST", "https://api.anthropic.com/v1/messages").At(t).Type("fetch").Site("cross-site").
			Header("anthropic-version", "2023-06-01").Header("anthropic-dangerous-direct-browser-access", "true").
			Header("content-type", "application/json").Header("x-api-key", APIKey).Header("origin", "http://localhost:3000").
			Header("x-stainless-lang", "js").Header("x-stainless-package-version", "0.32.1").Header("x-stainless-runtime", "browser:chrome").
			Header("x-stainless-retry-count", fmt.Sprint(i)).
			Post("application/json", `{"model":"claude-haiku-4-5","max_tokens":256,"messages":[{"role":"user","content":"Hello from the e2e test `+PromptMarker+`"}]}`).
			Fail("net::ERR_PROXY_CONNECTION_FAILED")
	}
	t = t.Add(40 * time.Millisecond)
	b.Entry("GET", "http://localhost:3000/api/health").At(t).Took(4*time.Millisecond).HTTPVersion("HTTP/1.1").Type("fetch").
		Status(200).Body("application/json; charset=utf-8", `{"ok":true}`).RespHeader("connection", "keep-alive")
	return Session{
		Name: "playwright-proxy-failure",
		Doc: "A Playwright e2e run in CI behind an HTTP proxy that is down: the local app loads, but every request leaving the machine (a web font, three SDK attempts " +
			"at api.anthropic.com from the browser) fails with status -1, time -1 and _failureText net::ERR_PROXY_CONNECTION_FAILED.",
		HAR:   b.Bytes(),
		First: "network_error",
		Want:  []string{"network_error"},
		Not:   []string{"client_timeout", "blocked_by_client", "request_cancelled", "misconfigured_client"},
	}
}

func firefoxNoReason() Session {
	w := newWeb(Firefox, "firefox-no-reason", day(17, 20, 40, 3, 610))
	w.document("/chat/" + w.conv)
	w.assets(4)
	w.bootstrap()
	w.read()
	w.streamOK(w.completion("completion", "What should I pack for three days in Lisbon?", 6800*time.Millisecond).Wait(1000*time.Millisecond), "Light layers and good shoes.", 0.12)
	w.next(30 * time.Second)
	w.completion("completion", "And for a day trip to Sintra?", 0).Fail("")
	w.next(8 * time.Second)
	w.read()
	w.streamOK(w.completion("completion", "And for a day trip to Sintra?", 5400*time.Millisecond).Wait(950*time.Millisecond), "Bring a rain jacket.", 0.14)
	return Session{
		Name: "firefox-no-reason",
		Doc: "claude.ai in Firefox: one completion failed, and Firefox recorded it as status 0 with no headers, no timings and no reason at all. " +
			"claudelog should report an unexplained failed request, and must not guess a network error, timeout, block or cancel it has no evidence for. " +
			"Want is deliberately empty: no cause id fits without evidence.",
		HAR: w.b.Bytes(),
		Not: []string{"network_error", "client_timeout", "blocked_by_client", "request_cancelled", "stream_interrupted"},
	}
}

func claudeAISession() Session {
	w := newWeb(Chrome, "claude-ai-session", day(20, 9, 14, 3, 120))
	w.b.Sanitized() // Chrome 130+ exports without Cookie, Set-Cookie and Authorization by default
	w.document("/new")
	w.assets(12)
	w.b.Entry("GET", "https://claude.ai/favicon.ico").At(w.next(25*time.Millisecond)).Took(33*time.Millisecond).Type("image").
		Initiator("other", "").Status(200).Base64("image/x-icon", []byte{0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 104, 4})
	w.tracker(0, true)
	w.tracker(1, true)
	w.tracker(2, true)
	w.bootstrap()
	w.usage(0.34)
	w.tracker(4, true)
	w.create()
	w.streamOK(w.completion("completion", "Draft a polite reply declining the vendor's offer.", 5600*time.Millisecond).Wait(1000*time.Millisecond), "Thank you for the offer.", 0.35)
	w.tracker(3, true)
	w.json(w.api("POST", "/organizations/"+orgUUID+"/chat_conversations/"+w.conv+"/title", 710*time.Millisecond).At(w.next(5700*time.Millisecond)).
		Post("application/json", `{"message_content":"Draft a polite reply declining the vendor's offer. `+PromptMarker+`","recent_titles":[]}`), 202, `{"title":"Declining the vendor"}`)
	w.read()
	w.next(45 * time.Second)
	w.streamOK(w.completion("completion", "Make it shorter and mention next quarter.", 4300*time.Millisecond).Wait(900*time.Millisecond), "Thanks again; let us talk next quarter.", 0.37)
	w.tracker(5, true)
	w.read()
	w.next(60 * time.Second)
	w.streamError(w.completion("completion", "Now a version in French.", 2400*time.Millisecond).Wait(1200*time.Millisecond), "overloaded_error", "Overloaded")
	w.tracker(6, true)
	w.next(7 * time.Second)
	w.json(w.completion("retry_completion", "", 380*time.Millisecond), 529, `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`).
		RespHeader("x-should-retry", "true")
	w.read()
	w.tracker(1, true)
	w.usage(0.37)
	w.tracker(3, true)
	return Session{
		Name: "claude-ai-session",
		Doc: "A real-looking claude.ai session in Chrome: page load, static assets, analytics beacons blocked by an ad blocker (info), the conversation list, " +
			"two completions that work, then a completion whose 200 stream ends in event: error overloaded_error, and a retry_completion that gets 529. " +
			"Overloaded must rank first; the blocked beacons are reported below it as info.",
		HAR:   w.b.Bytes(),
		First: "overloaded",
		Want:  []string{"overloaded", "blocked_by_client"},
		Not:   []string{"server_error", "rate_limited", "network_error", "usage_limit", "stream_interrupted"},
	}
}
