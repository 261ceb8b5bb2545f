package rules

import "github.com/claudelog/claudelog/model"

// limitsRules: rate limits, plan and spend limits, billing.
var limitsRules = []Rule{
	{
		ID: "billing-credit-balance", Cause: "billing", Severity: model.Critical, Priority: PriorityWording,
		Title: "Prepaid credit balance is too low",
		Doc: "Matches \"credit balance is too low\" (the API's 400 invalid_request_error \"Your credit balance is " +
			"too low to access the Anthropic API\", Claude Code's \"Credit balance is too low\"). It is a 400, " +
			"not a 402, and it beats the generic 400 rule. Critical: every request fails until credits are added.",
		Fixes: []string{
			"Buy credits or turn on auto-reload in the Console (Plans & Billing).",
			"In Claude Code with a Pro or Max plan: unset ANTHROPIC_API_KEY (it overrides the subscription) and run /login.",
			"Check that the key belongs to the organization you think it does.",
		},
		Keywords: []string{"credit balance is too low"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "billing-error", Cause: "billing", Severity: model.Critical, Priority: PriorityType,
		Title: "billing_error or HTTP 402",
		Doc:   "Matches the error type billing_error and status 402: a problem with the payment details.",
		Fixes: []string{
			"Update the payment method and billing details in the Console (Plans & Billing).",
			"Contact support with the request ids if the billing details look correct.",
		},
		Match: func(e *model.Event) bool { return typeIs(e, "billing_error") || e.Status == 402 },
		Grade: bySurface,
	},
	{
		ID: "usage-limit-spend-cap", Cause: "usage_limit", Severity: model.Critical, Priority: PriorityWording,
		Title: "The API tier's monthly spend cap is reached",
		Doc: "Matches error_code enforced_spend_limit_reached and \"You have reached your API usage limits\" (a 429 " +
			"rate_limit_error without retry-after). Access returns at 00:00 UTC on the 1st of next month; SDK " +
			"retries keep failing until then, hence Critical.",
		Fixes: []string{
			"Stop retrying: it will not clear before 00:00 UTC on the 1st of next month.",
			"Move up a usage tier (Console → Limits) or contact sales for a higher cap.",
		},
		On: map[model.Surface][]string{model.SurfaceClaudeCode: {
			"Claude Code bills an API key here (/status shows which): its organization's monthly cap is reached; " +
				"it will not clear before 00:00 UTC on the 1st of next month.",
			"Move up a usage tier or ask sales; or, with a Pro or Max plan, unset ANTHROPIC_API_KEY and run /login.",
		}},
		Keywords: []string{"enforced_spend_limit_reached", "reached your api usage limits"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "usage-limit-console-spend-limit", Cause: "usage_limit", Severity: model.Critical, Priority: PriorityWording,
		Title: "A spend limit set in the Console is reached",
		Doc: "Matches \"You have reached your specified API usage limits\" and \"… specified workspace API usage " +
			"limits\" (a 400 invalid_request_error): an organization or workspace limit someone set in the " +
			"Console. It beats the generic 400 rule.",
		Fixes: []string{
			"Raise or remove the limit in the Console (Settings → Limits, or the workspace's limits).",
			"Or wait for the date the message gives.",
		},
		On: map[model.Surface][]string{model.SurfaceClaudeCode: {
			"Claude Code bills an API key here (/status shows which): raise or remove the spend limit in the Console " +
				"(Settings → Limits), or, with a Pro or Max plan, unset ANTHROPIC_API_KEY and run /login.",
		}},
		Keywords: []string{"your specified api usage limits", "your specified workspace api usage limits"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "usage-limit-subscription", Cause: "usage_limit", Severity: model.Error, Priority: PriorityWording,
		Title: "A Claude subscription limit is reached (session, week, plan spend)",
		Doc: "Matches Claude Code's and claude.ai's subscription limit messages of every era by the limit they " +
			"name: \"Claude AI usage limit reached\", \"Your limit will reset at 9am\", \"5-hour limit reached\", " +
			"\"Weekly limit reached\", \"You've hit your (session|weekly|Opus) limit\", \"You've hit your monthly " +
			"spend limit\" (the plan's extra-usage cap), \"You're out of extra usage\", also inside a 429 " +
			"rate_limit_error. Not when the text says it is something else: \"not your usage limit\" (server " +
			"throttling), \"90% of your session limit\" (a warning), a context or per-minute rate limit, or the " +
			"Console's spend limits (their own rules). Error, not Critical: the window resets by itself.",
		Fixes: []string{
			"Wait until " + model.ResetMark + " (the 5-hour window or the weekly one).",
			"Turn on extra usage or upgrade the plan; or /login with an API-billed account.",
		},
		Keywords: subscriptionLimitPhrases,
		Match:    subscriptionLimit,
		Grade:    bySurface,
	},
	{
		ID: "usage-limit-account-rate-limit", Cause: "usage_limit", Severity: model.Error, Priority: PriorityWording,
		Title: "\"would exceed your account's rate limit\" (a subscription window)",
		Doc: "Matches \"This request would exceed your account's rate limit\" when no " +
			"anthropic-ratelimit-unified-status header came with it. It is the 429 a Claude subscription " +
			"(OAuth) gets when its 5-hour or weekly window is used up; Claude Code shows it as \"You've hit " +
			"your limit\". The API words a per-minute bucket as \"your organization's rate limit of N … per " +
			"minute\". When the unified-status header is there it decides: rejected is this cause, an open " +
			"window (allowed, allowed_warning) leaves a per-minute rate limit.",
		Fixes: []string{
			"Wait until " + model.ResetMark + " (the 5-hour or the weekly window; Claude Code's /usage or claude.ai's usage page shows it).",
			"Turn on extra usage or upgrade the plan; or /login with an API-billed account.",
		},
		Keywords: []string{"account's rate limit", "account’s rate limit"},
		Match:    accountWindowLimit,
		Grade:    bySurface,
	},
	{
		ID: "extra-usage-long-context", Cause: "extra_usage_required", Severity: model.Error, Priority: PriorityWording,
		Title: "\"Extra usage is required for long context requests\"",
		Doc: "Matches \"Extra usage is required …\" and \"… requires extra usage\" (a 429 rate_limit_error), and " +
			"the older 400 \"The long context beta is not yet available for this subscription\": the " +
			"subscription refuses a long-context (1M-token) request while extra usage is off. It beats the " +
			"429 rate-limit and 400 rules, since no rate is exceeded and the request is well formed, and a " +
			"retry will fail the same way.",
		Fixes: []string{
			"Turn on extra usage (Claude Code: /extra-usage; claude.ai: Settings → Usage).",
			"Or switch to the standard context window: pick the model without [1m] (Claude Code: /model) and check ANTHROPIC_MODEL.",
			"Or use an API key billed in the Console, where long context is paid per token.",
		},
		Keywords: []string{"extra usage is required", "extra usage required", "requires extra usage", "long context beta",
			"usage credits required", "usage credits ran out"},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "usage-limit-unified-rejected", Cause: "usage_limit", Severity: model.Error, Priority: PriorityWording,
		Title: "A 429 with anthropic-ratelimit-unified-status: rejected",
		Doc: "Matches a 429 whose kept header anthropic-ratelimit-unified-status is \"rejected\": a Claude " +
			"subscription (OAuth) window is used up; anthropic-ratelimit-unified-representative-claim names it " +
			"(five_hour, seven_day…) and -unified-reset says when it resets (Unix seconds).",
		Fixes: []string{
			"Wait until " + model.ResetMark + " (anthropic-ratelimit-unified-reset).",
			"Turn on extra usage or upgrade the plan; or /login with an API-billed account.",
		},
		Match: func(e *model.Event) bool { return e.Status == 429 && subscriptionRejected(e) },
		Grade: bySurface,
	},
	{
		ID: "rate-limit-wording", Cause: "rate_limited", Severity: model.Error, Priority: PriorityWording,
		Title: "\"This request would exceed the rate limit\" (per-minute bucket)",
		Doc: "Matches the API's 429 wording \"This request would exceed the rate limit / your organization's rate " +
			"limit of N input tokens per minute\", on a 429 or without status, unless a subscription window rejected the call " +
			"(then it is usage_limit, as is the account wording without a unified-status header). The bucket (input tokens, output " +
			"tokens or requests per minute) is in the message.",
		Fixes:    rateLimitFixes,
		Keywords: []string{"would exceed the rate limit", "would exceed your organization's rate limit", "would exceed your account's rate limit", "tokens per minute", "requests per minute"},
		Match: func(e *model.Event) bool {
			return (e.Status == 0 || e.Status == 429) && !subscriptionRejected(e) && !accountWindowLimit(e)
		},
		Grade: bySurface,
	},
	{
		ID: "rate-limit-error-type", Cause: "rate_limited", Severity: model.Error, Priority: PriorityType,
		Title: "rate_limit_error",
		Doc: "Matches the error type rate_limit_error, also where an OpenAI-compatible gateway put it in " +
			"error.code. Spend caps and subscription limits, which share the type, are matched first by their " +
			"own wording.",
		Fixes: rateLimitFixes,
		Match: func(e *model.Event) bool { return typeIs(e, "rate_limit_error") },
		Grade: bySurface,
	},
	{
		ID: "rate-limit-429", Cause: "rate_limited", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 429 (or a RateLimitError without status)",
		Doc:   "Matches status 429, and the class RateLimitError when the log printed no status.",
		Fixes: rateLimitFixes,
		Match: func(e *model.Event) bool { return e.Status == 429 || classOnly(e, "ratelimiterror") },
		Grade: bySurface,
	},
}

// subscriptionLimitPhrases are the ways Claude Code and claude.ai say that a subscription
// window (the 5-hour session, the week, a per-model cap) or the plan's own spend limit is
// used up, in every era's wording. They are usage-limit-subscription's keywords.
var subscriptionLimitPhrases = []string{
	"usage limit", "you've hit your", "you’ve hit your", "you have hit your", "you're out of extra usage",
	"you’re out of extra usage", "session limit", "weekly limit", "5-hour limit", "5 hour limit",
	"five-hour limit", "five hour limit", "opus limit", "sonnet limit", "monthly spend limit", "limit will reset",
}

// notASubscriptionLimit are the sentences around those phrases that say something else:
// the server's own throttling ("not your usage limit"), a warning before the limit ("90% of
// your session limit", "approaching"), the Console's spend limits (rules of their own,
// Critical), and other limits a message may name beside them.
var notASubscriptionLimit = []string{
	"not your usage limit", "% of your", "approaching", "specified api usage limits",
	"specified workspace api usage limits", "reached your api usage limits", "context limit",
	"rate limit", "token limit", "tokens limit",
}

// subscriptionLimit is usage-limit-subscription's Match: its keywords found a limit phrase;
// none of the sentences that reuse the phrase for something else may be there.
func subscriptionLimit(e *model.Event) bool { return !textHas(e, notASubscriptionLimit...) }

// accountWindowLimit reports whether the event is the 429 of a used-up subscription window
// worded like a rate limit ("would exceed your account's rate limit") and no
// anthropic-ratelimit-unified-status header says otherwise (with the header,
// usage-limit-unified-rejected or the rate-limit rules decide).
func accountWindowLimit(e *model.Event) bool {
	return textHas(e, "account's rate limit", "account’s rate limit") &&
		e.Header("anthropic-ratelimit-unified-status") == "" && (e.Status == 0 || e.Status == 429)
}

// subscriptionRejected reports whether a Claude subscription window refused the call; the
// subscription 429 words itself like a rate limit ("would exceed your account's rate limit").
func subscriptionRejected(e *model.Event) bool {
	return equalFoldASCII(e.Header("anthropic-ratelimit-unified-status"), "rejected")
}

// rateLimitFixes are the fixes of every per-minute rate-limit rule.
var rateLimitFixes = []string{
	"Wait for retry-after (or the anthropic-ratelimit-*-reset time) before retrying; retry with exponential backoff.",
	"Smooth bursts: the bucket refills continuously, so spread requests out or queue them.",
	"Use prompt caching (cached input tokens do not count toward input tokens per minute) and lower max_tokens.",
	"Ask for higher limits (a higher usage tier in the Console, or sales).",
}
