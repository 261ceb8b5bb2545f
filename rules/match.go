package rules

import (
	"strings"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
)

// This file holds the small predicates rules are built from. They read Event fields only
// and never allocate, so that classifying an event costs one e.Text() and nothing more.

// always is the Match of rules whose keywords say everything: the keyword is a machine
// token or a phrase that has one meaning wherever it occurs.
func always(*model.Event) bool { return true }

// containsFold reports whether s contains sub, ignoring ASCII case. sub must be lower case;
// non-ASCII bytes (a typographic apostrophe) compare exactly.
func containsFold(s, sub string) bool { return fold.Contains(s, sub) }

// equalFoldASCII compares s with the lower-case lower, ignoring ASCII case in s.
func equalFoldASCII(s, lower string) bool { return fold.Equal(s, lower) }

// hasPrefixFold reports whether s, after leading spaces, starts with the lower-case prefix.
func hasPrefixFold(s, prefix string) bool {
	s = strings.TrimLeft(s, " \t")
	return len(s) >= len(prefix) && equalFoldASCII(s[:len(prefix)], prefix)
}

// textHas reports whether any of the event's human-readable fields (the ones e.Text joins)
// contains one of the lower-case phrases. Rules use it for a second condition after the
// keyword prefilter, without building the text again.
func textHas(e *model.Event, phrases ...string) bool {
	for _, p := range phrases {
		for _, f := range [...]string{e.ErrorType, e.ErrorCode, e.Message, e.Exception, e.NetError, e.Detail} {
			if containsFold(f, p) {
				return true
			}
		}
	}
	return false
}

// typeIs reports whether the body's error.type, or its finer code, is one of the names.
// OpenAI-compatible gateways put Anthropic's type into error.code, hence both fields.
func typeIs(e *model.Event, names ...string) bool {
	for _, n := range names {
		if equalFoldASCII(e.ErrorType, n) || equalFoldASCII(e.ErrorCode, n) {
			return true
		}
	}
	return false
}

// exceptionIs reports whether the exception class a log printed is one of the names,
// comparing the last dotted segment: "anthropic.RateLimitError", "litellm.RateLimitError"
// and "RateLimitError" are the same class for a rule. names are lower case.
func exceptionIs(e *model.Event, names ...string) bool {
	class := e.Exception
	if i := strings.LastIndexByte(class, '.'); i >= 0 {
		class = class[i+1:]
	}
	for _, n := range names {
		if equalFoldASCII(class, n) {
			return true
		}
	}
	return false
}

// statusIn reports whether the event's HTTP status is one of codes.
func statusIn(e *model.Event, codes ...int) bool {
	for _, c := range codes {
		if e.Status == c {
			return true
		}
	}
	return false
}

// noHTTPError reports whether the event carries no HTTP error status: no answer at all, or
// a 2xx/3xx that broke afterwards. Transport rules require it, so a 503 whose Envoy text
// says "Connection refused" stays a 503 and is not blamed on the user's network.
func noHTTPError(e *model.Event) bool { return e.Status < 400 }

// clientErrorOrUnknown is true for a 4xx or an event without a status: the shape of the
// API's request-content complaints, whichever way the log printed them.
func clientErrorOrUnknown(e *model.Event) bool {
	return e.Status == 0 || (e.Status >= 400 && e.Status < 500)
}

// serverErrorOrUnknown is true for a 5xx (or 529) or an event without a status.
func serverErrorOrUnknown(e *model.Event) bool {
	return e.Status == 0 || e.Status >= 500
}

// classOnly is true when a log named an exception class but no status: the class then
// stands in for the status (anthropic.RateLimitError means 429).
func classOnly(e *model.Event, names ...string) bool {
	return e.Status == 0 && exceptionIs(e, names...)
}

// telemetryPaths are the paths of analytics, error reporting and edge helper calls that
// Claude's own hosts serve. A failure there costs the user nothing.
var telemetryPaths = [...]string{
	"event_logging", "/sentry", "sentry/", "statsig", "/segment", "intercom", "/cdn-cgi/",
	"datadog", "/v1/rgstr", "/api/tracing",
}

// isTelemetry reports whether the call was analytics or error reporting, not work.
func isTelemetry(e *model.Event) bool {
	for _, p := range telemetryPaths {
		if containsFold(e.Path, p) {
			return true
		}
	}
	return false
}

// bySurface is the Grade of every event rule: a failure on a host that is not Claude's
// (analytics, CDNs, fonts, extensions, ad servers) or on a telemetry path of Claude's own
// hosts (/api/event_logging, sentry, statsig, segment, intercom, /cdn-cgi/) is Info,
// because the user's work did not depend on it. Everything else keeps the rule's severity:
// a completion call (…/completion, …/retry_completion, /v1/messages) that fails is the
// user's work failing.
func bySurface(e *model.Event, s model.Severity) model.Severity {
	if e.Platform == model.PlatformOther || isTelemetry(e) {
		return model.Info
	}
	return s
}
