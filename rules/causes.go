package rules

import "github.com/claudelog/claudelog/model"

// Shared support lines: what support asks for, said once.
const (
	supportServer = "Check status.claude.com for an incident in that time window (the page often lags the first errors). " +
		"If the errors persist, send support the request ids (req_…, from the request-id header or the body's request_id), " +
		"the times with their time zone and the model."
	supportAccount = "Send support the request ids (req_…), the time, and your organization id (anthropic-organization-id " +
		"header); never send the API key itself."
	supportNetwork = "Usually nothing for Anthropic support: the request did not reach the API. Check the network, proxy and " +
		"VPN between you and the host; if you send a report anyway, include the exact error token (ECONNRESET, net::ERR_…) and the time."
)

// causeList is CAUSES.md as values, in the table's order, then the ids the project added.
var causeList = []model.Cause{
	{
		ID: "server_error", Kind: model.KindEvent,
		Title: "Anthropic's API failed while handling the request (HTTP 500)",
		Doc: "The API answered 500 with error type api_error (\"Internal server error\"): something broke inside " +
			"Anthropic's systems while handling your request. It is not caused by your request's content and " +
			"usually clears on a retry.\n\n" +
			"Other 5xx statuses that no more specific rule names are counted here too.",
		Support: supportServer,
	},
	{
		ID: "overloaded", Kind: model.KindEvent,
		Title: "Anthropic's API was overloaded (HTTP 529 overloaded_error)",
		Doc: "The API answered 529 with error type overloaded_error (\"Overloaded\"): Anthropic did not have the " +
			"capacity to serve the request at that moment. It affects all users of that model, not only you, and " +
			"it is not your rate limit or your quota.\n\n" +
			"It also arrives inside a streamed response whose HTTP status was 200 (an \"event: error\" after the " +
			"stream started), and some SDKs print it as InternalServerError or APIStatusError. A 500 api_error " +
			"whose message is \"Overloaded\" is counted here as well, because the server named the cause.",
		Support: supportServer,
	},
	{
		ID: "bad_gateway", Kind: model.KindEvent,
		Title: "A gateway in front of the API got a bad answer (502, 520-526)",
		Doc: "A proxy or CDN between you and the API (Anthropic's Cloudflare edge, or your own proxy) could not get " +
			"a valid answer from the server behind it: 502 Bad Gateway, or Cloudflare's origin errors 520, 521, " +
			"523, 525 and 526, usually an HTML page with a Ray ID. The request may never have reached the API.",
		Support: supportServer + " For Cloudflare pages, include the Ray ID (cf-ray).",
	},
	{
		ID: "service_unavailable", Kind: model.KindEvent,
		Title: "The service was unavailable (HTTP 503)",
		Doc: "The server or a gateway in front of it answered 503: overload, maintenance or a failing upstream. " +
			"Envoy's \"upstream connect error or disconnect/reset before headers\" is a 503 from the server side, " +
			"even when its text says \"Connection refused\": the refusal happened between Anthropic's own " +
			"machines, not on your network.",
		Support: supportServer,
	},
	{
		ID: "gateway_timeout", Kind: model.KindEvent,
		Title: "The server side timed out (504, 522, 524, timeout_error)",
		Doc: "The API (504 timeout_error) or a gateway in front of it (Cloudflare 522, 524) gave up waiting for " +
			"the answer. Long non-streaming generations are the usual trigger: Anthropic recommends streaming " +
			"for requests that can take minutes.",
		Support: supportServer,
	},
	{
		ID: "outage_window", Kind: model.KindPattern,
		Title: "Server-side failures clustered in a time window (an incident)",
		Doc: "Many server-side failures (5xx, 529) fell into one time window, across endpoints or most of the " +
			"requests in it: the signature of an incident or maintenance on Anthropic's side rather than " +
			"something in your setup. The status page often declares incidents late or per component, so a " +
			"green page does not rule it out.",
		Support: supportServer,
	},
	{
		ID: "rate_limited", Kind: model.KindEvent,
		Title: "A per-minute rate limit was hit (HTTP 429 rate_limit_error)",
		Doc: "The API answered 429 rate_limit_error: your organization went over one of its per-minute buckets " +
			"for that model (requests, input tokens or output tokens per minute). The limiter is a token bucket " +
			"that refills continuously, so short bursts can be refused while the per-minute totals look fine. " +
			"The response says when to retry (retry-after) and which bucket is empty " +
			"(anthropic-ratelimit-*-remaining: 0).\n\n" +
			"Bedrock's ThrottlingException and Vertex AI's RESOURCE_EXHAUSTED are the same thing on those platforms.",
		Support: "Check the anthropic-ratelimit-* headers and your limits in the Console (Settings → Limits); support or " +
			"sales can raise limits. Quote the request ids (req_…) of the refused calls.",
	},
	{
		ID: "rate_limit_burst", Kind: model.KindPattern,
		Title: "A burst of requests ran into several 429s",
		Doc: "Many requests were sent in a short window and several of them were refused with 429: the calls " +
			"came faster than the rate limit refills. Spreading the same work over time, or queueing it, avoids " +
			"the refusals without a higher limit.",
		Support: "Compare the burst with your per-minute limits (anthropic-ratelimit-*-limit headers, Console → Limits).",
	},
	{
		ID: "retry_storm", Kind: model.KindPattern,
		Title: "Failed requests were retried too fast",
		Doc: "Failed requests were retried at short fixed intervals, without exponential backoff, or before the " +
			"retry-after the server sent had elapsed. Fast retries keep the limit exhausted and add load during " +
			"an overload; they rarely succeed sooner.",
		Support: "Check the client's retry settings (max retries, backoff, whether retry-after is honoured).",
	},
	{
		ID: "usage_limit", Kind: model.KindEvent,
		Title: "A plan or spend limit was reached (not a per-minute rate)",
		Doc: "A limit that does not refill within a minute was reached:\n\n" +
			"- claude.ai and Claude Code subscription limits (the 5-hour session and weekly windows): the " +
			"response says exceeded_limit and when it resets (resetsAt), or Claude Code prints \"You've hit your limit\".\n" +
			"- The API tier's monthly spend cap: 429 with error_code enforced_spend_limit_reached and no " +
			"retry-after; access returns at 00:00 UTC on the 1st of the next month, and retrying before then fails.\n" +
			"- A spend limit someone set in the Console: 400 \"You have reached your specified API usage limits\" " +
			"(or \"workspace API usage limits\").",
		Support: "Check the limits and usage in the Console (Settings → Limits) or claude.ai's usage page; for the tier " +
			"cap, contact sales or move up a tier.",
	},
	{
		ID: "billing", Kind: model.KindEvent,
		Title: "Billing stopped the request (credits used up, payment problem)",
		Doc: "The organization's prepaid credits are used up (HTTP 400 invalid_request_error \"Your credit balance " +
			"is too low to access the Anthropic API\"; note it is a 400, not a 402), or there is a problem with the " +
			"payment details (402 billing_error). Every request fails until it is fixed.\n\n" +
			"In Claude Code with a Pro or Max subscription, this usually means ANTHROPIC_API_KEY is set in the " +
			"environment: Claude Code then bills that key's organization instead of the subscription.",
		Support: "Check Plans & Billing in the Console (platform.claude.com); in Claude Code check whether ANTHROPIC_API_KEY is set.",
	},
	{
		ID: "auth_failed", Kind: model.KindEvent,
		Title: "Authentication failed (HTTP 401): bad, missing or expired credentials",
		Doc: "The request did not prove who sent it: the API key or OAuth token is missing, mistyped, revoked or " +
			"expired (401 authentication_error, \"invalid x-api-key\", \"OAuth token has expired\"). An expired " +
			"claude.ai session (403 with error_code account_session_invalid) and expired AWS or Google " +
			"credentials belong here too.",
		Support: "Check which key or token the client actually sends (environment variables, config files, proxies that " +
			"strip headers). " + supportAccount,
	},
	{
		ID: "permission_denied", Kind: model.KindEvent,
		Title: "The credentials are valid but lack access (HTTP 403)",
		Doc: "The API recognised the key but refused the action (403 permission_error): the key or workspace has " +
			"no access to that model or feature, or the organization is disabled. On Bedrock, " +
			"AccessDeniedException means the IAM policy or the model access grant is missing. Region blocks, " +
			"expired sessions and bot challenges are also 403s but have their own causes.",
		Support: "Check the workspace's model restrictions and the key's workspace in the Console, or IAM and Bedrock model access. " +
			supportAccount,
	},
	{
		ID: "geo_blocked", Kind: model.KindEvent,
		Title: "Refused because of the client's country, region or VPN exit",
		Doc: "The request came from a country or network where Claude is not offered, so it was refused before " +
			"reaching the API: Cloudflare's 403 {\"error\":{\"type\":\"forbidden\",\"message\":\"Request not " +
			"allowed\"}} (a cf-ray and no request-id), HTTP 451, claude.ai's \"App unavailable\" page (\"only " +
			"available in certain regions\"), or Bedrock's \"not allowed from unsupported countries\". A VPN or " +
			"proxy whose exit is in such a country triggers it too.",
		Support: "Check the supported countries list (anthropic.com/supported-countries) and the public IP your traffic " +
			"leaves from (VPN, proxy, cloud region).",
	},
	{
		ID: "bot_challenge", Kind: model.KindEvent,
		Title: "Blocked by bot protection (Cloudflare challenge page)",
		Doc: "Cloudflare's bot protection answered instead of Claude: a challenge (cf-mitigated: challenge, an " +
			"HTML page titled \"Just a moment...\") or a firewall block (error 1020, \"Attention Required!\"), " +
			"often as a 403 or 503. Scripts, unofficial clients and datacenter IPs are challenged more often " +
			"than a browser.",
		Support: "Try from a normal browser session on another network; if a regular browser is challenged in a loop, " +
			"send support the Ray ID (cf-ray) and the time.",
	},
	{
		ID: "invalid_request", Kind: model.KindEvent,
		Title: "The API rejected the request as malformed (HTTP 400)",
		Doc: "The API answered 400 invalid_request_error for a reason no more specific cause covers: malformed " +
			"JSON, a missing or invalid parameter, a missing anthropic-version header. The message says which " +
			"field is wrong. Other 4xx statuses without a cause of their own are counted here.",
		Support: "Usually nothing for support: the message names the field. If the request looks right, send the " +
			"request id (req_…) and the request body without secrets.",
	},
	{
		ID: "tool_history_invalid", Kind: model.KindEvent,
		Title: "The conversation's tool calls are broken",
		Doc: "The messages sent back to the API break the tool-use protocol: a tool_use block without a matching " +
			"tool_result right after it, a tool_result for an unknown tool_use_id, or duplicate tool_use ids. " +
			"It happens when a tool call is interrupted or when history is edited; Claude Code shows it as " +
			"\"API Error: 400 due to tool use concurrency issues\".",
		Support: "Usually nothing for support: repair the conversation (Claude Code: /rewind).",
	},
	{
		ID: "attachment_rejected", Kind: model.KindEvent,
		Title: "An image or document in the request was refused",
		Doc: "An attachment is over a limit or unreadable: an image over 5 MB (\"image exceeds 5 MB maximum\") or " +
			"too many pixels (\"image dimensions exceed\"), a PDF over the page limit (\"maximum of N PDF " +
			"pages\"), a password-protected or invalid PDF. This is a 400, not the 413 of a request that is too " +
			"large as a whole.",
		Support: "Usually nothing for support: resize, split or unlock the file.",
	},
	{
		ID: "model_unsupported", Kind: model.KindEvent,
		Title: "The model does not support what the request asked for",
		Doc: "The request used a feature the chosen model or platform does not offer: assistant prefill, a " +
			"thinking setting, tool_choice, a tool type, or a beta named in the anthropic-beta header " +
			"(\"Unexpected value(s) … for the `anthropic-beta` header\"). Gateways and cloud platforms often " +
			"lack betas that the first-party API has.",
		Support: "Check the model's feature list in the docs and which beta headers the client or gateway adds.",
	},
	{
		ID: "context_too_long", Kind: model.KindEvent,
		Title: "The conversation does not fit the model's context window",
		Doc: "The input, or input plus max_tokens, is larger than the model's context window (\"prompt is too " +
			"long: N tokens > M maximum\", \"input length and `max_tokens` exceed context limit\"), or max_tokens " +
			"is above the model's output limit (\"max_tokens: X > Y\"). claude.ai says \"This conversation is " +
			"too long to continue\"; Vertex AI answers 413 \"Prompt is too long\".",
		Support: "Usually nothing for support: shorten the input or lower max_tokens.",
	},
	{
		ID: "request_too_large", Kind: model.KindEvent,
		Title: "The request body was over the size limit (HTTP 413)",
		Doc: "The request body was larger than the endpoint accepts (32 MB for Messages, 256 MB for Batches, " +
			"20 MB on Bedrock, 30 MB on Vertex AI), usually because of base64 images or PDFs. The 413 " +
			"request_too_large comes from Cloudflare, before the request reaches the API, so it has no request id.",
		Support: "Usually nothing for support: send large files through the Files API or shrink them.",
	},
	{
		ID: "payload_timeout", Kind: model.KindPattern,
		Title: "Timeouts concentrate on requests with large payloads",
		Doc: "Timeouts (504, client timeouts, responses that never came) happened mostly on the requests with the " +
			"largest bodies: the payload, not the service, is what makes them slow. Uploading, processing and " +
			"generating for big inputs can outlast a client or proxy timeout.",
		Support: "Compare request sizes of the failed and the successful calls; check client and proxy timeouts.",
	},
	{
		ID: "not_found", Kind: model.KindEvent,
		Title: "The model or path was not found (HTTP 404)",
		Doc: "The API answered 404 not_found_error: the model id is unknown, retired or misspelled (the message " +
			"then starts \"model:\"), or the path does not exist. On Vertex AI a \"Publisher Model … was not " +
			"found\" also means the model is not enabled in that project or region.",
		Support: "Check the model id against the current models and deprecations pages, and the URL path.",
	},
	{
		ID: "misconfigured_client", Kind: model.KindEvent,
		Title: "The client is set up wrong (base URL, token type, CORS)",
		Doc: "The client sends its requests in a way that cannot work: a wrong base URL (a doubled /v1/v1/), a " +
			"host that is not the API, a claude.ai subscription OAuth token (sk-ant-oat01-…) sent as an API key " +
			"(\"OAuth authentication is currently not supported\"), a browser call without direct browser access " +
			"(401 \"CORS requests are not allowed for this Organization\", though the key is fine), plain http, " +
			"or a method the endpoint does not take (405).",
		Support: "Check the client's base URL, credentials type and where the call is made from (browser or backend).",
	},
	{
		ID: "client_timeout", Kind: model.KindEvent,
		Title: "The client gave up waiting",
		Doc: "Your client stopped waiting before an answer came: the SDK's \"Request timed out\" " +
			"(APITimeoutError), ETIMEDOUT, net::ERR_TIMED_OUT, Go's \"context deadline exceeded\". The server " +
			"may still have been working. The official SDKs time out after 10 minutes by default; proxies and " +
			"custom settings often much sooner.",
		Support: supportNetwork,
	},
	{
		ID: "network_error", Kind: model.KindEvent,
		Title: "The network failed between you and the host (DNS, connect, TLS, proxy)",
		Doc: "The request got no HTTP answer because the connection failed: the name did not resolve " +
			"(ENOTFOUND, net::ERR_NAME_NOT_RESOLVED), the connection was refused or reset (ECONNREFUSED, " +
			"ECONNRESET), the machine was offline, TLS failed (often a corporate proxy that inspects TLS: " +
			"CERTIFICATE_VERIFY_FAILED, net::ERR_CERT_*), or a proxy failed (ERR_PROXY_CONNECTION_FAILED). " +
			"The SDKs report these as APIConnectionError. Nothing reached the API, so there is no request id.",
		Support: supportNetwork,
	},
	{
		ID: "blocked_by_client", Kind: model.KindEvent,
		Title: "A browser extension or policy blocked the request",
		Doc: "The browser never sent the request: an extension (ad or tracker blocker) or an administrator " +
			"policy blocked it (net::ERR_BLOCKED_BY_CLIENT, net::ERR_BLOCKED_BY_ADMINISTRATOR). On analytics " +
			"and telemetry calls this is harmless; on Claude's own calls it breaks the app.",
		Support: "Usually nothing for support: allow claude.ai in the blocker, or ask the administrator.",
	},
	{
		ID: "stream_interrupted", Kind: model.KindEvent,
		Title: "A streamed response broke before it finished",
		Doc: "The response started streaming and was cut: the connection closed before the end (\"peer closed " +
			"connection without sending complete message body\", Node's \"TypeError: terminated\", " +
			"net::ERR_INCOMPLETE_CHUNKED_ENCODING), or the stream carried an error event no other cause explains. " +
			"Proxies and load balancers that drop long or idle connections are a common reason.",
		Support: supportServer + " Mention whether a proxy sits between the client and the API.",
	},
	{
		ID: "request_cancelled", Kind: model.KindEvent,
		Title: "The client cancelled the request on purpose",
		Doc: "The request was aborted by the client (net::ERR_ABORTED, \"Request was aborted\", APIUserAbortError, " +
			"Claude Code's \"Interrupted by user\"): the user pressed stop, navigated away, or the code cancelled " +
			"it. It is not a server fault and not an outage.",
		Support: "",
	},

	// The project's own ids, added after CAUSES.md (docs/causes.md has their table rows):
	// failures real logs show that no id of the table names honestly.
	{
		ID: "extra_usage_required", Kind: model.KindEvent,
		Title: "The request needs extra usage, which is off (long context)",
		Doc: "The request asked for a long context window (the 1M-token window, a model id ending in [1m]) on " +
			"a Claude subscription without extra usage, and the API refused it: 429 rate_limit_error \"Extra " +
			"usage is required for long context requests\" (earlier: 400 \"The long context beta is not yet " +
			"available for this subscription\"). The status says rate limit, but no per-minute bucket " +
			"is empty and no plan window is used up: waiting does not help, and every retry fails the same way " +
			"until extra usage is on or the request uses the standard context window.",
		Support: "Check extra usage in claude.ai's usage settings and which model the client selected (Claude Code: /model, " +
			"ANTHROPIC_MODEL).",
	},
	{
		ID: "thinking_history_invalid", Kind: model.KindEvent,
		Title: "The conversation's thinking blocks are missing, changed or foreign",
		Doc: "With extended thinking on, the API wants the last assistant turn of a tool-use loop to start " +
			"with the thinking block the model wrote for it, sent back exactly as it came. The request broke " +
			"that: 400 invalid_request_error \"Expected `thinking` or `redacted_thinking`, but found `text`. " +
			"When `thinking` is enabled, a final `assistant` message must start with a thinking block\", " +
			"\"… blocks in the latest assistant message cannot be modified\", or \"Invalid `signature` in " +
			"`thinking` block\".\n\n" +
			"The model supports thinking; the history is what is wrong. A client, framework or gateway " +
			"dropped, reordered, edited or re-encoded the thinking blocks when it replayed the conversation " +
			"(histories stored as text, trimmed, or converted between providers), replayed blocks another " +
			"model wrote (a model switch mid-conversation), or thinking was switched on in the middle of a " +
			"tool-use loop.",
		Support: "Usually nothing for support: fix how the client sends the history back.",
	},
	{
		ID: "policy_refusal", Kind: model.KindEvent,
		Title: "Claude refused, or a safety filter blocked the output (Usage Policy)",
		Doc: "The request reached Claude and Anthropic's safety systems refused it or blocked what Claude was " +
			"writing; the request is well formed and the service is up. Claude Code prints \"API Error: Claude " +
			"Code is unable to respond to this request, which appears to violate our Usage Policy\"; the API " +
			"answers 400 invalid_request_error \"Output blocked by content filtering policy\" when the output " +
			"filter stops a reply, and ends a refused response with stop_reason \"refusal\".\n\n" +
			"Ordinary work can trip it (security tooling, medical or legal text, something inside a file that " +
			"was read). Retrying the same conversation usually gets the same refusal, because the flagged " +
			"text is still in the context.",
		Support: "If the refusal is a false positive, report it (Claude Code: /bug) with the time and the request id; " +
			"do not send the conversation text unless asked.",
	},
	{
		ID: "client_version_too_old", Kind: model.KindEvent,
		Title: "The client is older than the model or the organization requires",
		Doc: "The request was refused because of the client's version, not its content: Claude Code prints " +
			"\"API Error: 400 Claude Code 2.1.100 does not support this model; version 2.1.300 or newer is " +
			"required\", or \"… is older than the minimum version required by your organization's policy\". " +
			"Retrying with the same version fails the same way; nothing is wrong with the request or the service.",
		Support: "Update the client (Claude Code: claude update, or reinstall); an organization floor is set by its admins.",
	},
	{
		ID: "output_truncated", Kind: model.KindEvent,
		Title: "The reply hit the output token maximum and was cut",
		Doc: "The call succeeded, but Claude's reply reached the most output tokens the request allowed and " +
			"stopped there: Claude Code prints \"API Error: Claude's response exceeded the 32000 output token " +
			"maximum\". Nothing failed on the server or the network; the request asked for more than its " +
			"max_tokens lets through. A prompt that does not fit is context_too_long; this is the answer side.",
		Support: "Raise the output limit (Claude Code: CLAUDE_CODE_MAX_OUTPUT_TOKENS; the API: max_tokens), or ask for the work in smaller parts.",
	},
	{
		ID: "empty_completion", Kind: model.KindEvent,
		Title: "The model returned an empty reply, and the retry did too",
		Doc: "The call succeeded but the reply held no text and no tool call, and the client's retry got the " +
			"same: Claude Code prints \"The model returned an empty response (retry also failed).\" The request " +
			"was accepted and the service answered, so it is no server error or broken stream; the conversation " +
			"at that point led the model to stop without output.",
		Support: "Rephrase or shorten the last message, or start a new session; if it repeats on ordinary work, report it with the request id.",
	},
	{
		ID: "malformed_tool_use", Kind: model.KindEvent,
		Title: "The model's tool call could not be parsed, and the retry failed too",
		Doc: "The reply came, but the tool call in it was not valid (its input did not parse as the tool's JSON) " +
			"and a retry failed the same way: Claude Code prints \"The model's tool call could not be parsed " +
			"(retry also failed).\" The service is up and the request was accepted; large or deeply nested tool " +
			"inputs and tools with unusual schemas make it likelier.",
		Support: "Retry, or ask for smaller steps (a smaller file write, fewer edits at once); report repeats with the request id.",
	},
}

// Causes returns every root-cause id, event and pattern kinds: CAUSES.md's in the table's
// order, then the project's own (docs/causes.md). The slice is the caller's to keep.
func Causes() []model.Cause {
	out := make([]model.Cause, len(causeList))
	copy(out, causeList)
	return out
}

// CauseByID returns the cause with the id, and whether it exists.
func CauseByID(id string) (model.Cause, bool) {
	for _, c := range causeList {
		if c.ID == id {
			return c, true
		}
	}
	return model.Cause{}, false
}
