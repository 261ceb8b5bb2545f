package rules

import "github.com/claudelog/claudelog/model"

// webRules: claude.ai and the edge in front of every Claude host: bot protection, region
// blocks, sessions and the web app's usage limits.
var webRules = []Rule{
	{
		ID: "bot-challenge-header", Cause: "bot_challenge", Severity: model.Error, Priority: PriorityWording,
		Title: "cf-mitigated: challenge",
		Doc: "Matches a response with the kept header cf-mitigated: challenge, whatever its status (Cloudflare " +
			"challenges with 403, sometimes 503): Cloudflare answered with a challenge, not Claude. It beats the " +
			"403, 503 and region rules.",
		Fixes: botFixes,
		Match: func(e *model.Event) bool { return trimmedEqualFold(e.Header("cf-mitigated"), "challenge") },
		Grade: bySurface,
	},
	{
		ID: "bot-challenge-page", Cause: "bot_challenge", Severity: model.Error, Priority: PriorityWording,
		Title: "A Cloudflare challenge or firewall page",
		Doc: "Matches a challenge page (title \"Just a moment...\", challenge-platform, cf-chl) or a Cloudflare " +
			"firewall block (\"Attention Required! | Cloudflare\", error 1020 access denied), whatever the status.",
		Fixes: botFixes,
		Keywords: []string{
			"just a moment...", "challenge-platform", "cf-chl", "attention required! | cloudflare", "error 1020",
			"error code: 1020", "cloudflare-challenge", "enable javascript and cookies to continue",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "geo-edge-forbidden", Cause: "geo_blocked", Severity: model.Critical, Priority: PriorityWording,
		Title: "The edge's 403 \"forbidden: Request not allowed\"",
		Doc: "Matches the edge's 403 {\"error\":{\"type\":\"forbidden\",\"message\":\"Request not allowed\"}} (error " +
			"type forbidden - the API itself says permission_error - or the message \"Request not allowed\"), on " +
			"a 403 or without status. It comes from Cloudflare with a cf-ray and no request-id, for an " +
			"unsupported country or VPN exit. Critical: nothing works from that network.",
		Fixes:    geoFixes,
		Keywords: []string{"forbidden", "request not allowed"},
		Match: func(e *model.Event) bool {
			return (e.Status == 0 || e.Status == 403) &&
				(equalFoldASCII(e.ErrorType, "forbidden") || trimmedEqualFold(e.Message, "request not allowed"))
		},
		Grade: bySurface,
	},
	{
		ID: "geo-region-unavailable", Cause: "geo_blocked", Severity: model.Critical, Priority: PriorityWording,
		Title: "\"Claude is only available in certain regions\"",
		Doc: "Matches claude.ai's region page (\"App unavailable\", \"only available in certain regions\", " +
			"app-unavailable-in-region), \"not available in your region\" (a 451 through proxies) and \"We are " +
			"unable to serve your request\", whatever the status.",
		Fixes: geoFixes,
		Keywords: []string{
			"only available in certain regions", "app unavailable", "app-unavailable-in-region",
			"not available in your region", "unable to serve your request",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "geo-451", Cause: "geo_blocked", Severity: model.Critical, Priority: PriorityStatus,
		Title: "HTTP 451 Unavailable For Legal Reasons",
		Doc:   "Matches status 451, which Claude's proxies use for region blocks.",
		Fixes: geoFixes,
		Match: func(e *model.Event) bool { return e.Status == 451 },
		Grade: bySurface,
	},
	{
		ID: "web-session-invalid", Cause: "auth_failed", Severity: model.Critical, Priority: PriorityWording,
		Title: "The claude.ai session expired (account_session_invalid)",
		Doc: "Matches error_code account_session_invalid (a 403 permission_error \"Invalid authorization\"): the " +
			"sessionKey cookie is expired or invalid. It is a login problem, not a missing permission, so it " +
			"beats the permission rules. Critical: every call of that session fails.",
		Fixes: []string{
			"Log out of claude.ai and log in again.",
			"For tools that reuse a browser session, copy a fresh sessionKey; clear a stale lastActiveOrg cookie.",
		},
		Keywords: []string{"account_session_invalid"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "web-usage-exceeded-limit", Cause: "usage_limit", Severity: model.Error, Priority: PriorityWording,
		Title: "claude.ai usage limit reached (exceeded_limit)",
		Doc: "Matches exceeded_limit - the type inside the JSON nested in claude.ai's 429 error.message, and the " +
			"message_limit event of a completion stream - and the web app's \"You've hit your limit for Claude " +
			"messages\". The resetsAt in the response says when the window (representativeClaim: five_hour, " +
			"seven_day) resets. It beats the 429 rate-limit rules.",
		Fixes: []string{
			"Wait until " + model.ResetMark + "; claude.ai's usage settings show the windows.",
			"Turn on extra usage or upgrade the plan.",
		},
		Keywords: []string{"exceeded_limit", "limit for claude messages"},
		Match:    always,
		Grade:    bySurface,
	},
}

// botFixes are the fixes for a Cloudflare challenge or block.
var botFixes = []string{
	"Use the official API (api.anthropic.com with an API key) for scripts instead of claude.ai's web endpoints.",
	"In a browser: reload claude.ai to pass the challenge (it refreshes cf_clearance); switch off VPNs or privacy " +
		"extensions that make traffic look automated.",
	"From servers: datacenter IPs are challenged more often; run the tool where a person can pass the challenge.",
}

// geoFixes are the fixes for a region block.
var geoFixes = []string{
	"Connect from a supported country (anthropic.com/supported-countries); turn off a VPN or proxy whose exit is elsewhere.",
	"On Bedrock or Vertex AI, call from a supported region and account location.",
}
