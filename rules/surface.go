package rules

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
)

// This file holds who is asking (issue 17, "fixes by who is asking"): which surface an event
// came from, the steps each surface's user can take for every cause, and when a limit
// resets. A rule's Fixes are the developer's steps (an SDK or the HTTP API); the other
// surfaces' steps are here, per cause, so a claude.ai user whose reply was overloaded is
// told to press Retry, not to raise max_retries.

// SurfaceOf decides which surface an event came from. It is the one place that decides:
// analyze counts it over a finding's events, and the finding takes the most common.
//
// Claude Code is known by its records (a transcript, stream-json, its log lines) or its
// user agent, before the host: it calls api.anthropic.com, Bedrock or a gateway like an SDK
// does, but its user has /login, not max_retries. Then the host decides (claude.ai and the
// Console are browser surfaces; Bedrock and Vertex AI are their own), and a call to
// Claude's API path on a host that is none of Claude's is a proxy or gateway. A page's own
// requests in a browser HAR (analytics, assets) are the browser's. A log line that names
// no host is the developer's when an SDK printed it, else unknown.
func SurfaceOf(e *model.Event) model.Surface {
	switch {
	case e.Format == "claude-code" || hasPrefixFold(e.Client, "claude-cli") || hasPrefixFold(e.Client, "claude-code"):
		return model.SurfaceClaudeCode
	case strings.HasPrefix(e.Dialect, "claude-code"):
		if pythonSDKText(e) {
			return model.SurfaceAPI
		}
		return model.SurfaceClaudeCode
	}
	switch e.Platform {
	case model.PlatformWeb, model.PlatformConsole:
		return model.SurfaceWeb
	case model.PlatformBedrock:
		return model.SurfaceBedrock
	case model.PlatformVertex:
		return model.SurfaceVertex
	case model.PlatformAPI:
		return model.SurfaceAPI
	case model.PlatformOther:
		if claudePath(e.Path) {
			return model.SurfaceProxy
		}
		if e.Format == model.FormatHAR && (e.ResourceType != "" || browserClient(e.Client)) {
			return model.SurfaceWeb
		}
		return model.SurfaceUnknown
	}
	if containsFold(e.Message, "aiplatform.googleapis.com") {
		return model.SurfaceVertex // an SDK's Vertex client quoting Google's quota message
	}
	switch e.Dialect {
	case "bedrock":
		return model.SurfaceBedrock
	case "vertex":
		return model.SurfaceVertex
	case "python-sdk", "typescript-sdk", "go-sdk", "langchain", "litellm":
		return model.SurfaceAPI
	}
	return model.SurfaceUnknown
}

// claudePath reports whether a path is one of the API's own: a gateway that forwards to
// Claude keeps it (/v1/messages, /anthropic/v1/messages, /v1/complete).
func claudePath(p string) bool {
	return strings.Contains(p, "/v1/messages") || strings.HasSuffix(p, "/v1/complete")
}

// browserClient reports whether a client summary names a browser ("Chrome 131 (macOS)").
func browserClient(c string) bool {
	for _, b := range [...]string{"chrome", "firefox", "safari", "edge", "opera", "electron", "claude desktop"} {
		if hasPrefixFold(c, b) {
			return true
		}
	}
	return false
}

// ResetOf reads when the event's limit resets: the resetsAt the parser found (claude.ai,
// Claude Code's epoch), the anthropic-ratelimit-unified-reset header (Unix seconds) or the
// latest anthropic-ratelimit-*-reset header (RFC 3339), or Claude Code's "resets 3pm
// (Europe/Berlin)" placed on the first such clock time after the event; the tier's spend
// cap lifts at 00:00 UTC on the 1st of the next month. text is the time
// as the message wrote it when it cannot be placed on a date (no zone, or no event time).
func ResetOf(e *model.Event) (at time.Time, text string) {
	if !e.ResetsAt.IsZero() {
		return e.ResetsAt, ""
	}
	for _, h := range e.Headers {
		if !strings.HasPrefix(h.Name, "anthropic-ratelimit-") || !strings.HasSuffix(h.Name, "-reset") {
			continue
		}
		var t time.Time
		if n, err := strconv.ParseInt(strings.TrimSpace(h.Value), 10, 64); err == nil && n > 1e9 && n < 1e10 {
			t = time.Unix(n, 0).UTC()
		} else if p, err := time.Parse(time.RFC3339, strings.TrimSpace(h.Value)); err == nil {
			t = p.UTC()
		}
		if t.After(at) {
			at = t
		}
	}
	if !at.IsZero() {
		return at, ""
	}
	// The API tier's monthly spend cap lifts at 00:00 UTC on the 1st of the next month.
	if !e.Time.IsZero() && textHas(e, "enforced_spend_limit_reached", "reached your api usage limits") {
		t := e.Time.UTC()
		return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC), ""
	}
	return resetsClock(e.Message, e.Time)
}

// resetsWords finds Claude Code's reset clause: "resets 3pm (Europe/Berlin)", "resets
// 12:50am (America/Los_Angeles)", "resets 2am", "resets Dec 5, 3pm (Asia/Seoul)", and the
// older "Your limit will reset at 5pm (Europe/Warsaw)".
var resetsWords = regexp.MustCompile(`(?i)\breset(?:s| at)\s+(?:([A-Z][a-z]{2})\s+(\d{1,2}),?\s+(?:at\s+)?)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b(?:\s*\(([A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)*)\))?`)

// resetGrace is how long before the event a reset clause's clock time may lie and still be
// that day's.
const resetGrace = 15 * time.Minute

// resetsClock places the clock time of a reset clause on the first moment at or after the
// event (within a day, or up to resetGrace before it; on the named date when the clause has one) in the clause's zone.
func resetsClock(msg string, after time.Time) (time.Time, string) {
	if !containsFold(msg, "reset") {
		return time.Time{}, ""
	}
	m := resetsWords.FindStringSubmatch(msg)
	if m == nil {
		return time.Time{}, ""
	}
	text := strings.TrimSpace(m[0][strings.IndexAny(m[0], " \t")+1:])
	text = strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(text, "at")), " ")
	hour, _ := strconv.Atoi(m[3])
	minute := 0
	if m[4] != "" {
		minute, _ = strconv.Atoi(m[4])
	}
	if hour < 1 || hour > 12 || minute > 59 {
		return time.Time{}, ""
	}
	if strings.EqualFold(m[5], "pm") && hour != 12 {
		hour += 12
	} else if strings.EqualFold(m[5], "am") && hour == 12 {
		hour = 0
	}
	if m[6] == "" || after.IsZero() {
		return time.Time{}, text
	}
	loc, err := time.LoadLocation(m[6])
	if err != nil {
		return time.Time{}, text
	}
	local := after.In(loc)
	if m[1] != "" {
		mon, err := time.Parse("Jan", m[1])
		day, _ := strconv.Atoi(m[2])
		if err != nil || day < 1 || day > 31 {
			return time.Time{}, text
		}
		t := time.Date(local.Year(), mon.Month(), day, hour, minute, 0, 0, loc)
		if t.Before(after.Add(-24 * time.Hour)) { // "Jan 2" read in late December
			t = t.AddDate(1, 0, 0)
		}
		return t.UTC(), ""
	}
	t := time.Date(local.Year(), local.Month(), local.Day(), hour, minute, 0, 0, loc)
	// A clock time just before the event is the window that has just closed (the clocks of
	// the server and the machine differ by a little), not the same time tomorrow.
	if t.Before(after.Add(-resetGrace)) {
		t = t.AddDate(0, 0, 1)
	}
	return t.UTC(), ""
}

// FixesFor returns the steps of a rule for a surface, most useful first: the rule's own
// steps for that surface when it has them; a Bedrock or Vertex AI rule's Fixes on its
// platform (they are written for it); else the cause's steps for the surface; else,
// for the developer, an unknown surface, or a surface the cause's table marks as the
// developer's (sameAsDeveloper), the rule's Fixes.
func FixesFor(r *Rule, s model.Surface) []string {
	if steps, ok := r.On[s]; ok {
		return steps
	}
	if (s == model.SurfaceBedrock || s == model.SurfaceVertex) && cloudRule(r.ID) {
		return r.Fixes
	}
	if steps, ok := CauseSteps(r.Cause, s); ok {
		return steps
	}
	return r.Fixes
}

// CauseSteps returns a cause's own steps for a surface, and false when the developer's
// (the rules' Fixes) apply: for the developer and an unknown surface, and where the cause's
// table says sameAsDeveloper.
func CauseSteps(cause string, s model.Surface) ([]string, bool) {
	st, ok := surfaceSteps[cause]
	if !ok {
		return nil, false
	}
	var steps []string
	switch s {
	case model.SurfaceWeb:
		steps = st.web
	case model.SurfaceClaudeCode:
		steps = st.code
	case model.SurfaceBedrock:
		steps = st.bedrock
	case model.SurfaceVertex:
		steps = st.vertex
	case model.SurfaceProxy:
		steps = st.proxy
	default:
		return nil, false
	}
	if isSameAsDeveloper(steps) {
		return nil, false
	}
	return steps, len(steps) > 0
}

// cloudRule reports whether the rule id is one of the Bedrock and Vertex AI family.
func cloudRule(id string) bool {
	for i := range cloudRules {
		if cloudRules[i].ID == id {
			return true
		}
	}
	return false
}

// sameAsDeveloper marks, in a cause's table, a surface whose steps are the developer's:
// chosen on purpose (Bedrock's 529 is handled as the SDK's), not forgotten.
var sameAsDeveloper = []string{"\x00same as the developer's"}

func isSameAsDeveloper(s []string) bool { return len(s) == 1 && s[0] == sameAsDeveloper[0] }

// steps is one cause's steps per surface other than the developer's (the rules' Fixes).
// Every field is set: a list, or sameAsDeveloper (TestEverySurfaceHasSteps).
type steps struct {
	web, code, bedrock, vertex, proxy []string
}

// Lines shared by several causes, worded once.
const (
	webRetry = "Wait a minute, then press Retry on the reply or send the message again; reloading the page " +
		"keeps the chat."
	webStatus = "Check status.claude.com for an incident at that time (the page often turns red a few minutes " +
		"after the first errors)."
	webSupport = "If it keeps failing, write to support (support.anthropic.com) with the times and time zone and " +
		"the request ids (req_…) this report shows; do not send the HAR itself, it holds your session " +
		"(claudelog sanitize removes it)."
	webNetwork = "Switch the VPN off, or on if your network blocks Claude, and reload; try another network " +
		"(a phone's hotspot) to tell your network from Claude's."
	webPrivate = "Try a private window, which runs without extensions, or turn off ad blockers, privacy and " +
		"VPN extensions for claude.ai."
	webNewChat = "Start a new chat; the old one stays in the list."

	codeRetry = "Claude Code already retried on its own (up to 10 times, CLAUDE_CODE_MAX_RETRIES); wait a " +
		"minute and send the message again."
	codeModel  = "If one model keeps failing, switch with /model for now."
	codeStatus = "Check status.claude.com for an incident at that time (Claude Code's line names it too)."
	codeBug    = "If it repeats, report it with /bug (it sends the session's ids, not your files) or send " +
		"support the request ids (req_…), the times and claude --version."
	codeProxy = "Behind a company proxy, set HTTPS_PROXY (and NO_PROXY) for Claude Code; for a proxy that " +
		"inspects TLS, point NODE_EXTRA_CA_CERTS at its CA certificate."
	codeBaseURL = "Check ANTHROPIC_BASE_URL (environment, shell profile, settings.json env): unset it to talk " +
		"to Anthropic directly, or make sure the gateway it names is up."

	bedrockServer = "Retry with backoff (the AWS SDK retries a few times itself); check the AWS Health Dashboard " +
		"for Bedrock in that region, and try a cross-region inference profile."
	vertexServer = "Retry with backoff; check the Google Cloud status dashboard for Vertex AI in that region, " +
		"or call the global endpoint."
	proxyCheck = "A gateway (ANTHROPIC_BASE_URL) sits in front of the API: check its own logs for this time, " +
		"then call api.anthropic.com directly once to see which side fails."
)

// surfaceSteps is every cause's steps by surface. A new cause needs an entry
// (TestEverySurfaceHasSteps).
var surfaceSteps = map[string]steps{
	"server_error": {
		web:     []string{webRetry, webStatus, webSupport},
		code:    []string{codeRetry, codeStatus, codeBug},
		bedrock: []string{bedrockServer}, vertex: []string{vertexServer},
		proxy: []string{proxyCheck, fixRetryBackoff},
	},
	"overloaded": {
		web:  []string{webRetry, "If one model stays overloaded, pick another in the model menu for now.", webStatus},
		code: []string{codeRetry, codeModel, codeStatus},
		// Bedrock and Vertex AI answer capacity with throttling of their own; a 529 there is the API's.
		bedrock: []string{bedrockServer}, vertex: []string{vertexServer},
		proxy: []string{fixRetryBackoff, proxyCheck},
	},
	"bad_gateway": {
		web:     []string{webRetry, webStatus, "If it happens only on your network, a company proxy may be the gateway: try another network."},
		code:    []string{codeRetry, codeStatus, codeBaseURL},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper,
		proxy: []string{proxyCheck, "If the server or via header names your gateway rather than cloudflare, the gateway is what failed."},
	},
	"service_unavailable": {
		web:     []string{webRetry, webStatus, webSupport},
		code:    []string{codeRetry, codeStatus, codeBug},
		bedrock: []string{bedrockServer}, vertex: []string{vertexServer},
		proxy: []string{proxyCheck, fixRetryBackoff},
	},
	"gateway_timeout": {
		web: []string{webRetry, "If long answers keep timing out, ask for a shorter one or split the task over several messages.", webStatus},
		code: []string{codeRetry, "If long replies keep timing out, raise API_TIMEOUT_MS (milliseconds; the default is 600000) " +
			"or ask for smaller steps.", codeStatus},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper,
		proxy: []string{"Check the gateway's own timeout: it must outlast long streamed replies (several minutes).", fixStream},
	},
	"outage_window": {
		web:     []string{webStatus, "Wait until the incident is over, then press Retry; nothing is wrong with your account or browser."},
		code:    []string{codeStatus, "Wait until the incident is over, then send the message again; /model can switch to a model that still answers."},
		bedrock: []string{bedrockServer}, vertex: []string{vertexServer},
		proxy: []string{proxyCheck, fixStatusPage},
	},
	"rate_limited": {
		web: []string{"Wait a minute and send the message again: claude.ai was refusing messages sent too fast.", webSupport},
		code: []string{"Claude Code waits and retries by itself; if it gives up, wait a minute and send the message again.",
			"Run fewer Claude Code sessions or subagents at once on the same account or key.",
			"With an API key, /status shows which key and organization are used; their limits are in the Console (Settings → Limits)."},
		bedrock: []string{"Back off and retry (the AWS SDK retries a few times itself).",
			"Ask for a higher quota in AWS Service Quotas (Bedrock tokens and requests per minute for that model and region), " +
				"or spread the load with a cross-region inference profile."},
		vertex: []string{"Back off and retry.",
			"Ask for a higher quota for that model and region in the Google Cloud console (IAM & Admin → Quotas), or use the global endpoint."},
		proxy: []string{"Check whether the 429 came from the gateway's own limit or from the API (the API's has anthropic-ratelimit-* headers).", fixRetryBackoff},
	},
	"rate_limit_burst": {
		web:     []string{"Send one message at a time and wait for the answer; several tabs or tools on one account share its limits."},
		code:    []string{"Run fewer sessions or parallel subagents at once on the same account or key; Claude Code backs off by itself."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"retry_storm": {
		web:     []string{"Do not press Retry over and over: wait a minute between tries; an extension that resends requests can do it too (try a private window)."},
		code:    []string{"Claude Code backs off by itself; a storm comes from a script or hook around it that reruns claude at once: add a pause between runs."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"usage_limit": {
		web: []string{"Wait until " + model.ResetMark + ", then send the message again; Settings → Usage shows your windows.",
			"Or turn on extra usage or upgrade the plan (Settings → Usage, Settings → Billing).",
			"Nothing is broken: reloading, a new chat or another browser does not lift the limit."},
		code: []string{"Wait until " + model.ResetMark + "; /usage shows the plan's windows and when they reset.",
			"Or turn on usage credits with /usage-credits (called /extra-usage before), or /upgrade the plan.",
			"Or /login with an API-billed Console account, which has no 5-hour or weekly window."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"billing": {
		web: []string{"Check the payment method under Settings → Billing and update the card; the plan resumes once a payment goes through.",
			webSupport},
		code: []string{"With a Pro or Max plan: unset ANTHROPIC_API_KEY (it overrides the subscription and bills that key's organization), then run /login.",
			"/status shows which account or key Claude Code uses.",
			"With an API key on purpose: buy credits or turn on auto-reload in the Console (Plans & Billing)."},
		bedrock: []string{"Bedrock bills the AWS account: check its billing and its AWS Marketplace subscription to the Anthropic model."},
		vertex:  []string{"Vertex AI bills the Google Cloud project: check that its billing account is active."},
		proxy:   sameAsDeveloper,
	},
	"auth_failed": {
		web: []string{"Log out of claude.ai and log in again; if the login loops, clear claude.ai's cookies or try a private window.", webSupport},
		code: []string{"Run /login (or claude auth login) to sign in again; claude auth status shows who is signed in.",
			"If ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN is set, check that it is current: it wins over the login.",
			"On Bedrock or Vertex AI (CLAUDE_CODE_USE_BEDROCK, CLAUDE_CODE_USE_VERTEX), refresh the cloud credentials instead: " +
				"aws sso login, or gcloud auth application-default login.",
			"In CI, create a long-lived token with claude setup-token."},
		bedrock: []string{"Refresh the AWS credentials (aws sso login, or new access keys) and check the profile and region the client uses (AWS_PROFILE, AWS_REGION)."},
		vertex:  []string{"Refresh Google credentials (gcloud auth application-default login) and check the project (ANTHROPIC_VERTEX_PROJECT_ID or the client's project)."},
		proxy:   []string{"Check that the gateway forwards the x-api-key or Authorization header, and which key it sends upstream.", "Check the key itself: " + strings.ToLower(authKeyFixes[0][:1]) + authKeyFixes[0][1:]},
	},
	"permission_denied": {
		web:     []string{"Check that your plan or your organization's settings include this model or feature; an admin of a Team or Enterprise plan can turn it on.", "Log out and in again if you switched organizations.", webSupport},
		code:    []string{"Run /status to see the account, organization and model in use; pick another model with /model.", "If your organization restricts models or features, ask its admin; an ANTHROPIC_API_KEY of another organization wins over the login."},
		bedrock: []string{"Request access to the Anthropic models in the Bedrock console (Model access) and check the IAM policy allows bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream."},
		vertex:  []string{"Enable the Claude model in Vertex AI Model Garden for the project and check the caller has the Vertex AI User role."},
		proxy:   sameAsDeveloper,
	},
	"geo_blocked": {
		web: []string{"Switch the VPN off, or to a country where Claude is offered (anthropic.com/supported-countries), and reload.",
			"A company network may leave from another country: try another network."},
		code: []string{"Switch the VPN off or to a supported country; check where HTTPS_PROXY leaves from.",
			"Claude Code calls from the machine it runs on: a cloud VM or CI runner in an unsupported region is refused too."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"bot_challenge": {
		web: []string{"Reload claude.ai and pass the check if one shows.", "Switch the VPN off and try a private window: VPN exits and privacy extensions make a browser look automated.",
			"If a normal browser is challenged in a loop, send support the Ray ID (cf-ray) and the time."},
		code:    []string{"Claude Code calls the API, which has no challenge: a challenge means a proxy or ANTHROPIC_BASE_URL sends it to a web host.", codeBaseURL},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"invalid_request": {
		web:     []string{"Reload the page and send the message again; if the same chat keeps failing, " + strings.ToLower(webNewChat[:1]) + webNewChat[1:], webSupport},
		code:    []string{"Run claude update: the request is built by Claude Code, so an old version is a likely reason.", "Go back before the failing turn with /rewind, or start fresh with /clear.", codeBug},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper,
		proxy: []string{"Check what the gateway changes in the request (body format, headers); send the same request to api.anthropic.com to compare."},
	},
	"tool_history_invalid": {
		web:     []string{webNewChat, "Edit the last message and send it again, which drops the broken turn."},
		code:    []string{"Run /rewind and go back to before the interrupted tool call; or /clear to start fresh.", codeBug},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"attachment_rejected": {
		web: []string{"Attach a smaller file: images under 5 MB and 8000×8000 pixels, PDFs with fewer pages and without a password.",
			"Or paste the part of the document you need as text."},
		code:    []string{"Point Claude Code at a smaller image or PDF (resize it, split it, remove its password); /rewind drops the turn that attached it."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"model_unsupported": {
		web:     []string{"Pick another model in the model menu, or turn off the option (extended thinking, a tool) for this chat.", webNewChat},
		code:    []string{"Pick another model with /model and check ANTHROPIC_MODEL.", "Through a gateway or on Bedrock and Vertex AI, set CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1: they often lack betas the API has.", "Run claude update."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper,
		proxy: []string{"Gateways often lack the API's betas: drop the anthropic-beta header (Claude Code: CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1) or update the gateway."},
	},
	"context_too_long": {
		web: []string{"Start a new chat: this one no longer fits. Ask Claude for a summary first and paste it into the new chat.",
			"Attach fewer or shorter files, or put them in a Project's knowledge instead of the chat."},
		code: []string{"Run /compact to summarise the conversation, or /clear to start fresh.",
			"Read fewer or smaller files at once; a model with a larger context window (/model) also helps."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"request_too_large": {
		web:     []string{"Attach fewer or smaller files in one message, or split them over several messages."},
		code:    []string{"Read fewer or smaller files at once (large images and PDFs above all); /rewind drops the turn that added them."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"payload_timeout": {
		web:     []string{"Send large files in smaller parts, or ask for shorter answers; a slow upload over VPN makes it worse."},
		code:    []string{"Work on smaller files or fewer at once; raise API_TIMEOUT_MS if long replies are cut by time."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"not_found": {
		web:     []string{"Reload claude.ai: the chat, project or model may have been removed or renamed.", webNewChat},
		code:    []string{"Pick a current model with /model, and check ANTHROPIC_MODEL and the model in settings.json: the old id may be retired.", "Run claude update."},
		bedrock: []string{"Use a current Bedrock model id or inference profile (us.anthropic.…, global.…) enabled in that region."},
		vertex:  []string{"Use publishers/anthropic and a current model id, enabled in Model Garden for that project and region."},
		proxy:   []string{"Check the path and model names the gateway expects (its own aliases may differ from the API's)."},
	},
	"misconfigured_client": {
		web:     []string{"Reload claude.ai; if a browser extension or a userscript calls Claude for you, turn it off (try a private window)."},
		code:    []string{codeBaseURL, "/status shows the account, key and base URL in use; with a subscription, unset ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN and run /login."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"client_timeout": {
		web:     []string{webRetry, webNetwork},
		code:    []string{"Send the message again; if long replies keep timing out, raise API_TIMEOUT_MS (milliseconds; the default is 600000).", codeProxy},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper,
		proxy: []string{"Check the gateway's timeouts: they must outlast long streamed replies.", fixStream},
	},
	"network_error": {
		web: []string{"Check the connection and reload.", webNetwork,
			"With a company network that inspects TLS, a certificate error is your IT's to fix, not the browser's."},
		code:    []string{"Check the connection; claude doctor checks the install and its settings.", codeProxy, codeBaseURL},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper,
		proxy: []string{"Check that the gateway (ANTHROPIC_BASE_URL) is up and reachable from this machine, and its TLS certificate is trusted.", networkFixRetry},
	},
	"blocked_by_client": {
		web:     []string{"Allow claude.ai in the ad or tracker blocker, or try a private window (it runs without extensions).", "Blocked analytics and telemetry calls are harmless; only blocked calls to claude.ai break the app."},
		code:    sameAsDeveloper, // no browser: the rule does not fire outside one
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"stream_interrupted": {
		web: []string{"Press Retry on the reply; the part already shown may be incomplete.", webNetwork, webPrivate},
		code: []string{"Send the message again; Claude Code does not resume a cut reply.",
			"If it keeps breaking, a proxy may drop long streams: check HTTPS_PROXY, or try another network.", codeBug},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper,
		proxy: []string{"Gateways and load balancers that buffer or time out idle connections cut streams: raise their idle timeout and turn off response buffering for text/event-stream.", fixRetryBackoff},
	},
	"request_cancelled": {
		web:     []string{"Nothing to fix if you pressed stop, closed the tab or left the chat."},
		code:    []string{"Nothing to fix if you pressed Esc or Ctrl-C; if nobody did, look for a hook or script that stops Claude Code."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"extra_usage_required": {
		web:     []string{"Turn on extra usage (Settings → Usage), or pick a model without the long context window for this chat."},
		code:    []string{"Turn on usage credits with /usage-credits (called /extra-usage before).", "Or switch to the standard context window: /model, a model without [1m]; check ANTHROPIC_MODEL."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"thinking_history_invalid": {
		web:     []string{webNewChat, "Edit the last message and send it again, which replays the turn without the broken part."},
		code:    []string{"Go back before the failing turn with /rewind, or /clear to start fresh; avoid switching /model in the middle of a tool loop.", "Run claude update; through a gateway, check that it passes thinking blocks through unchanged.", codeBug},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper,
		proxy: []string{"The gateway must pass thinking blocks back exactly as they came (with their signature); check that it does not convert or trim them."},
	},
	"policy_refusal": {
		web:     []string{"Rephrase the request, or start a new chat: the flagged text stays in this chat's context.", "If ordinary work is refused, use the thumbs-down on the reply to report it, or write to support with the time."},
		code:    []string{"Rephrase, or /clear (or /rewind before the flagged file or output) so the text leaves the context.", "Report a false positive with /bug, with the time; do not send the conversation unless asked."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"client_version_too_old": {
		web:     []string{"Reload claude.ai; in the desktop app, install the update it offers (or download it again)."},
		code:    []string{"Run claude update (or reinstall), then start Claude Code again; claude --version shows the version.", "If your organization sets a minimum version, its admins decide it."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"output_truncated": {
		web:     []string{"Ask Claude to continue, or for the answer in smaller parts."},
		code:    []string{"Ask for the work in smaller parts (one file or step at a time).", "Or raise CLAUDE_CODE_MAX_OUTPUT_TOKENS within the model's output limit."},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"empty_completion": {
		web:     []string{"Rephrase or shorten the last message, or " + strings.ToLower(webNewChat[:1]) + webNewChat[1:]},
		code:    []string{"Rephrase or shorten the last message, or /clear to start a new session.", codeBug},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
	"malformed_tool_use": {
		web:     []string{"Ask again in smaller steps (a shorter artifact, fewer edits at once)."},
		code:    []string{"Ask for smaller steps (a smaller file write, fewer edits at once) and retry.", codeBug},
		bedrock: sameAsDeveloper, vertex: sameAsDeveloper, proxy: sameAsDeveloper,
	},
}

// pythonSDKText reports whether an event's text is the Python SDK's exception string
// ("Error code: 529 - {'type': 'error', …}"): an app that prints "API Error: " before it
// reads like Claude Code's line, but Claude Code (a Node program) never writes that form,
// so its user is a developer with the SDK, not a Claude Code user.
func pythonSDKText(e *model.Event) bool {
	for _, t := range [...]string{e.Message, e.Detail} {
		if i := strings.Index(t, "Error code: "); i >= 0 {
			if j := i + len("Error code: "); j < len(t) && t[j] >= '0' && t[j] <= '9' {
				return true
			}
		}
	}
	return false
}
