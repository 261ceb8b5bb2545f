package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
)

// side says whose side a cause is on, which is the first thing a person with a failed
// call wants to know: wait for Anthropic, or change something of their own.
type side int

const (
	sideAnthropic side = iota + 1 // Anthropic's servers or edge failed
	sideYours                     // the request, key, client or its setup
	sideLimit                     // a limit of the account or plan, not a fault
	sideNetwork                   // the path between the user and Claude: network, proxy, VPN, country
	sideBrowser                   // the user's browser: extensions, policies
	sideUnclear                   // the input cannot tell
	sideHarmless                  // usually nothing to fix
)

// sentence is what the verdict says of a side, after the headline.
func (s side) sentence() string {
	switch s {
	case sideAnthropic:
		return "this is on Anthropic's side"
	case sideYours:
		return "this is on your side (the request or its setup), not an outage"
	case sideLimit:
		return "this is a limit on your account, not a fault"
	case sideNetwork:
		return "this is between you and Claude (network, proxy, VPN or country), not Anthropic's servers"
	case sideBrowser:
		return "this happened in your browser, not at Anthropic"
	case sideUnclear:
		return "the input cannot tell whose side this is on"
	case sideHarmless:
		return "this is usually harmless"
	}
	return ""
}

// wording is how the verdict speaks of one cause. what is the headline, with {calls}
// ("2 of your replies", "your call"), {count} ("2 calls") and {when} (" between 09:16
// and 09:17 UTC", or nothing when the input has no times); now is what to do next.
type wording struct {
	what string
	side side
	now  string
}

// verdictWords is the verdict's wording for every cause id of rules.Causes(); a test
// keeps the two in step. It is data so that the words can be reviewed in one place,
// apart from the code that fills them in.
var verdictWords = map[string]wording{
	"server_error":             {"Anthropic's servers failed on {calls}{when}", sideAnthropic, "Retry in a minute; if it keeps failing, check status.claude.com."},
	"overloaded":               {"Claude was overloaded for {calls}{when}", sideAnthropic, "Retry in a minute; nothing is wrong with your account."},
	"bad_gateway":              {"A gateway in front of Claude gave a bad answer to {calls}{when}", sideAnthropic, "Retry in a minute; if it persists, check status.claude.com."},
	"service_unavailable":      {"Claude's service was unavailable for {calls}{when}", sideAnthropic, "Retry in a few minutes and check status.claude.com for maintenance."},
	"gateway_timeout":          {"Claude's servers timed out on {calls}{when}", sideAnthropic, "Retry; if long requests keep timing out, stream the response or make them smaller."},
	"outage_window":            {"Claude's servers failed again and again{when} ({count} failed), which looks like an incident", sideAnthropic, "Check status.claude.com for this window and retry once it is over; nothing is wrong with your setup."},
	"rate_limited":             {"You hit a per-minute rate limit on {calls}{when}", sideLimit, "Wait the seconds the retry-after header gives, then send requests more slowly."},
	"rate_limit_burst":         {"Too many requests at once ran into rate limits ({count} refused{when})", sideLimit, "Spread requests out or lower the concurrency, and honour retry-after."},
	"retry_storm":              {"Failed calls were retried too fast ({count}{when})", sideYours, "Retry with exponential backoff and honour retry-after instead of retrying at once."},
	"usage_limit":              {"You reached a usage or spend limit on {calls}{when}", sideLimit, "Wait until " + model.ResetMark + ", or raise the limit; nothing is broken."},
	"billing":                  {"Billing stopped {calls}{when}: the credits are used up or a payment failed", sideYours, "Add credits or fix the payment method in the Console, then retry."},
	"auth_failed":              {"Claude refused the credentials of {calls}{when}", sideYours, "Sign in again, or check that the API key or token is current and sent in full."},
	"permission_denied":        {"Access was refused on {calls}{when}: the credentials lack permission", sideYours, "Check that the key's workspace or your plan has access to this model or feature."},
	"geo_blocked":              {"Claude refused {calls}{when} because of the country or VPN exit you connect from", sideNetwork, "Switch the VPN off (or to a supported country) and retry."},
	"bot_challenge":            {"Bot protection blocked {calls}{when}", sideNetwork, "Call the API (api.anthropic.com with an API key) instead of claude.ai's web endpoints, or run the tool where a person can pass the check."},
	"invalid_request":          {"Claude rejected {calls}{when} as malformed", sideYours, "Fix what the error message names; the same request will fail again."},
	"tool_history_invalid":     {"The conversation's tool calls are broken in {calls}{when}", sideYours, "Send every tool_use with its tool_result in the next message; the same history will fail again."},
	"attachment_rejected":      {"An image or document was refused in {calls}{when}", sideYours, "Make the file smaller (images under 5 MB, fewer PDF pages, no password) and send it again."},
	"model_unsupported":        {"The model does not support what {calls} asked for{when}", sideYours, "Drop the unsupported option or beta header, or pick a model that supports it."},
	"context_too_long":         {"The conversation no longer fits the model's context window ({count}{when})", sideYours, "Shorten the input (trim or summarise the history) or lower max_tokens."},
	"extra_usage_required":     {"Long-context requests need extra usage on this plan ({count}{when})", sideLimit, "Turn on extra usage for the plan, or switch back to the standard-context model."},
	"thinking_history_invalid": {"The conversation's thinking blocks were dropped or changed in {calls}{when}", sideYours, "Send the assistant's thinking blocks back unchanged with its tool calls, or turn thinking off for the replayed turns."},
	"policy_refusal":           {"Claude declined {calls} under the Usage Policy{when}", sideYours, "Rephrase the request or start a new chat; if normal requests are refused, report it to Anthropic support with the request ids."},
	"client_version_too_old":   {"The client is too old for {calls}{when}: the model or your organization needs a newer version", sideYours, "Update the client (Claude Code: claude update) and retry."},
	"output_truncated":         {"Claude's reply hit the output token maximum and was cut ({count}{when})", sideYours, "Raise max_tokens (within the model's output limit) or ask for smaller parts."},
	"empty_completion":         {"The model returned an empty reply to {calls}{when}, also on retry", sideUnclear, "Rephrase or shorten the last message, or start a new session."},
	"malformed_tool_use":       {"The model's tool call could not be parsed in {calls}{when}, also on retry", sideUnclear, "Retry, or ask for smaller steps (a smaller file write, fewer edits at once)."},
	"request_too_large":        {"The request body was over the size limit in {calls}{when}", sideYours, "Send less at once: split the input or upload files separately."},
	"payload_timeout":          {"Large requests timed out ({count}{when})", sideYours, "Stream the response, or send smaller requests."},
	"not_found":                {"Claude did not find the model or path of {calls}{when}", sideYours, "Check the model id (it may be retired) and the URL."},
	"misconfigured_client":     {"The client is set up wrong ({count}{when}): base URL, token type or where it calls from", sideYours, "Check the base URL, the kind of key and where the call is made from; the evidence names the problem."},
	"client_timeout":           {"Your client gave up waiting on {calls}{when}", sideUnclear, "Retry; if it repeats, raise the client's timeout or stream the response."},
	"network_error":            {"The network failed between you and Claude on {calls}{when}", sideNetwork, "Check your connection, proxy, VPN or firewall, then retry."},
	"blocked_by_client":        {"A browser extension or policy blocked {calls}{when}", sideBrowser, "Allow claude.ai in the ad or tracker blocker, or try a private window without extensions."},
	"stream_interrupted":       {"A streamed reply broke off before it finished on {calls}{when}", sideUnclear, "Retry the call; if streams keep breaking, raise the idle timeouts of proxies between you and the API."},
	"request_cancelled":        {"The client cancelled {calls}{when} on purpose (a stop button, a closed tab, a timeout in your code)", sideHarmless, "Nothing to fix unless nobody meant to cancel."},
}

// verdictNow is what to do now where it differs by surface (model.Surface): a claude.ai
// user whose reply was overloaded has a Retry button, not max_retries; a browser's
// certificate error is not fixed with NODE_EXTRA_CA_CERTS. A surface missing here gets the
// cause's now of verdictWords, which is written so that anyone can follow it.
var verdictNow = map[string]map[model.Surface]string{
	"server_error": {
		model.SurfaceWeb:        "Wait a minute and press Retry; if it keeps failing, check status.claude.com.",
		model.SurfaceClaudeCode: "Claude Code already retried; wait a minute and send the message again, and check status.claude.com if it keeps failing.",
		model.SurfaceBedrock:    "Retry in a minute; if it keeps failing, check the AWS Health Dashboard for Bedrock in that region.",
		model.SurfaceVertex:     "Retry in a minute; if it keeps failing, check the Google Cloud status dashboard for Vertex AI.",
	},
	"bad_gateway": {
		model.SurfaceWeb:        "Wait a minute and press Retry; if it persists, check status.claude.com or try another network.",
		model.SurfaceClaudeCode: "Claude Code already retried; wait a minute and send the message again; if it persists, check status.claude.com and ANTHROPIC_BASE_URL.",
		model.SurfaceProxy:      "Retry in a minute; if it persists, check the gateway's own logs before status.claude.com.",
		model.SurfaceBedrock:    "Retry in a minute; if it keeps failing, check the AWS Health Dashboard for Bedrock in that region.",
		model.SurfaceVertex:     "Retry in a minute; if it keeps failing, check the Google Cloud status dashboard for Vertex AI.",
	},
	"service_unavailable": {
		model.SurfaceWeb:        "Wait a few minutes and press Retry; check status.claude.com for maintenance.",
		model.SurfaceClaudeCode: "Claude Code already retried; wait a few minutes, send the message again, and check status.claude.com for maintenance.",
		model.SurfaceBedrock:    "Retry in a minute; if it keeps failing, check the AWS Health Dashboard for Bedrock in that region.",
		model.SurfaceVertex:     "Retry in a minute; if it keeps failing, check the Google Cloud status dashboard for Vertex AI.",
	},
	"rate_limit_burst": {
		model.SurfaceWeb:        "Send one message at a time; several tabs or tools on one account share its limits.",
		model.SurfaceClaudeCode: "Run fewer sessions or parallel subagents at once on the same account or key.",
	},
	"payload_timeout": {
		model.SurfaceWeb:        "Send large files in smaller parts, or ask for shorter answers.",
		model.SurfaceClaudeCode: "Work on fewer or smaller files at once, or raise API_TIMEOUT_MS.",
	},
	"attachment_rejected": {
		model.SurfaceClaudeCode: "Point Claude Code at a smaller image or PDF (resize, split or unlock it); /rewind drops the turn that attached it.",
	},
	"malformed_tool_use": {
		model.SurfaceWeb: "Ask again in smaller steps (a shorter artifact, fewer edits at once).",
	},
	"overloaded": {
		model.SurfaceWeb:        "Wait a minute and press Retry, or pick another model for now; nothing is wrong with your account.",
		model.SurfaceClaudeCode: "Claude Code already retried; wait a minute and send the message again, or switch model with /model; nothing is wrong with your account.",
		model.SurfaceBedrock:    "Retry with backoff in a minute; check the AWS Health Dashboard for Bedrock in that region.",
		model.SurfaceVertex:     "Retry with backoff in a minute; check the Google Cloud status dashboard for Vertex AI.",
	},
	"gateway_timeout": {
		model.SurfaceWeb:        "Press Retry; if long answers keep timing out, ask for a shorter answer or split the task.",
		model.SurfaceClaudeCode: "Send the message again; if long replies keep timing out, raise API_TIMEOUT_MS or ask for smaller steps.",
	},
	"outage_window": {
		model.SurfaceBedrock: "Check the AWS Health Dashboard for Bedrock in that region and retry once it is over; nothing is wrong with your setup.",
		model.SurfaceVertex:  "Check the Google Cloud status dashboard for Vertex AI and retry once it is over; nothing is wrong with your setup.",
	},
	"retry_storm": {
		model.SurfaceWeb:        "Wait a minute between tries instead of pressing Retry again and again.",
		model.SurfaceClaudeCode: "Claude Code backs off by itself: add a pause to the script or hook that reruns claude at once.",
	},
	"blocked_by_client": {
		model.SurfaceClaudeCode: "Check what on this machine refused the call (a firewall, a proxy's block list, HTTPS_PROXY).",
		model.SurfaceAPI:        "Check what refused the call (an extension or policy in the browser the code runs in, a firewall).",
	},
	"rate_limited": {
		model.SurfaceWeb:        "Wait a minute, then send the message again.",
		model.SurfaceClaudeCode: "Wait a minute and send the message again; run fewer sessions or subagents at once on the same account.",
		model.SurfaceBedrock:    "Back off and retry, and ask for a higher Bedrock quota in AWS Service Quotas if it keeps happening.",
		model.SurfaceVertex:     "Back off and retry, and ask for a higher Vertex AI quota for that region if it keeps happening.",
	},
	"usage_limit": {
		model.SurfaceWeb:        "Wait until " + model.ResetMark + ", or turn on extra usage in Settings → Usage; nothing is broken.",
		model.SurfaceClaudeCode: "Wait until " + model.ResetMark + ", or turn on usage credits with /usage-credits (/usage shows the windows); nothing is broken.",
	},
	"billing": {
		model.SurfaceWeb:        "Check the payment method under Settings → Billing, then retry.",
		model.SurfaceClaudeCode: "With a Pro or Max plan, unset ANTHROPIC_API_KEY and run /login; with an API key, add credits in the Console.",
		model.SurfaceBedrock:    "Check the AWS account's billing and its AWS Marketplace subscription to the model.",
		model.SurfaceVertex:     "Check the billing account of the Google Cloud project.",
	},
	"auth_failed": {
		model.SurfaceWeb:        "Log out of claude.ai and log in again.",
		model.SurfaceClaudeCode: "Run /login to sign in again; on Bedrock or Vertex AI, refresh the cloud credentials (aws sso login, gcloud auth application-default login).",
		model.SurfaceBedrock:    "Refresh the AWS credentials (aws sso login) and check the profile and region.",
		model.SurfaceVertex:     "Refresh the Google credentials (gcloud auth application-default login) and check the project.",
	},
	"permission_denied": {
		model.SurfaceWeb:        "Check that your plan or organization includes this model or feature, or ask its admin.",
		model.SurfaceClaudeCode: "Run /status to see the account and model in use, and pick another model with /model or ask your admin.",
		model.SurfaceBedrock:    "Request model access in the Bedrock console and check the IAM policy allows bedrock:InvokeModel.",
		model.SurfaceVertex:     "Enable the model in Vertex AI Model Garden and check the caller's role.",
	},
	"geo_blocked": {
		model.SurfaceClaudeCode: "Switch the VPN off (or to a supported country) and check where HTTPS_PROXY leaves from, then retry.",
	},
	"bot_challenge": {
		model.SurfaceWeb:        "Open claude.ai in a normal browser window, pass the check, and turn off a VPN or privacy extension that triggers it.",
		model.SurfaceClaudeCode: "Check ANTHROPIC_BASE_URL and the proxy: the API itself does not challenge Claude Code.",
	},
	"invalid_request": {
		model.SurfaceWeb:        "Reload and send the message again; if the same chat keeps failing, start a new chat.",
		model.SurfaceClaudeCode: "Run claude update, then go back before the failing turn with /rewind; report repeats with /bug.",
	},
	"tool_history_invalid": {
		model.SurfaceWeb:        "Start a new chat, or edit the last message and send it again.",
		model.SurfaceClaudeCode: "Run /rewind to go back before the interrupted tool call, or /clear to start fresh.",
	},
	"model_unsupported": {
		model.SurfaceWeb:        "Pick another model, or turn off the option for this chat.",
		model.SurfaceClaudeCode: "Pick another model with /model; through a gateway, set CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1.",
	},
	"context_too_long": {
		model.SurfaceWeb:        "Start a new chat (ask for a summary to take along), or attach less.",
		model.SurfaceClaudeCode: "Run /compact, or /clear to start fresh.",
	},
	"extra_usage_required": {
		model.SurfaceWeb:        "Turn on extra usage in Settings → Usage, or pick a model without the long context window.",
		model.SurfaceClaudeCode: "Turn on usage credits with /usage-credits, or pick the standard-context model with /model.",
	},
	"thinking_history_invalid": {
		model.SurfaceWeb:        "Start a new chat, or edit the last message and send it again.",
		model.SurfaceClaudeCode: "Go back before the failing turn with /rewind (or /clear), and run claude update.",
	},
	"policy_refusal": {
		model.SurfaceClaudeCode: "Rephrase, or /clear so the flagged text leaves the context; report a false positive with /bug.",
	},
	"client_version_too_old": {
		model.SurfaceWeb:        "Reload claude.ai, or install the desktop app's update.",
		model.SurfaceClaudeCode: "Run claude update, then start Claude Code again.",
	},
	"output_truncated": {
		model.SurfaceWeb:        "Ask Claude to continue, or for the answer in smaller parts.",
		model.SurfaceClaudeCode: "Ask for smaller parts, or raise CLAUDE_CODE_MAX_OUTPUT_TOKENS.",
	},
	"request_too_large": {
		model.SurfaceWeb:        "Attach fewer or smaller files at once.",
		model.SurfaceClaudeCode: "Read fewer or smaller files (images, PDFs) at once.",
	},
	"not_found": {
		model.SurfaceWeb:        "Reload claude.ai; the chat, project or model may be gone.",
		model.SurfaceClaudeCode: "Pick a current model with /model and check ANTHROPIC_MODEL.",
		model.SurfaceBedrock:    "Use a current Bedrock model id or inference profile that is enabled in that region.",
		model.SurfaceVertex:     "Use publishers/anthropic and a current model id enabled in Model Garden for that region.",
	},
	"misconfigured_client": {
		model.SurfaceWeb:        "Reload claude.ai, and turn off an extension or userscript that calls Claude for you.",
		model.SurfaceClaudeCode: "Check ANTHROPIC_BASE_URL and which key or token Claude Code sends (/status).",
	},
	"client_timeout": {
		model.SurfaceWeb:        "Reload and retry; if it repeats, switch the VPN off or on, or try another network.",
		model.SurfaceClaudeCode: "Send the message again; if it repeats, raise API_TIMEOUT_MS or check the proxy (HTTPS_PROXY).",
	},
	"network_error": {
		model.SurfaceWeb:        "Check your connection, switch the VPN off or on, and reload.",
		model.SurfaceClaudeCode: "Check the connection and the proxy (HTTPS_PROXY, NODE_EXTRA_CA_CERTS for a TLS-inspecting one) and ANTHROPIC_BASE_URL, then retry.",
	},
	"stream_interrupted": {
		model.SurfaceClaudeCode: "Send the message again; if replies keep breaking, check the proxy (HTTPS_PROXY) or try another network.",
		model.SurfaceWeb:        "Retry the message; if it keeps breaking, try another network or switch the VPN off.",
	},
	"empty_completion": {
		model.SurfaceClaudeCode: "Rephrase or shorten the last message, or /clear to start a new session.",
	},
}

// nowFor is what to do now for a finding: its surface's words, with the reset time.
func nowFor(f model.Finding, w wording, loc *time.Location) string {
	now := w.now
	if o, ok := verdictNow[f.Cause.ID][f.Surface]; ok {
		now = o
	}
	return model.FillReset(now, resetPhrase(f, loc))
}

// fixesOf is the finding's steps as every format prints them: its surface's (analyze
// chose them), with the reset time written in loc.
func fixesOf(f model.Finding, loc *time.Location) []string {
	if len(f.Fixes) == 0 {
		return nil
	}
	when := resetPhrase(f, loc)
	out := make([]string, len(f.Fixes))
	for i, fix := range f.Fixes {
		out[i] = model.FillReset(fix, when)
	}
	return out
}

// whatToDo heads a finding's steps with whose they are: "What to do in Claude Code"; no
// name when the input did not tell the surface.
func whatToDo(f model.Finding) string {
	if f.Surface == model.SurfaceUnknown {
		return "What to do"
	}
	return "What to do " + f.Surface.Audience()
}

// resetPhrase says when the finding's limit lifts, in loc: "15:00 CET (in 2 h 10 min
// from the last failure)", with the date when it is another day; the input's own words
// when it gave no date ("3pm (Europe/Berlin), as the message gave it"); "" when unknown.
func resetPhrase(f model.Finding, loc *time.Location) string {
	if f.ResetsAt.IsZero() {
		if f.ResetText != "" {
			return f.ResetText + ", as the message gave it"
		}
		return ""
	}
	at := f.ResetsAt.In(loc)
	ref := f.LastSeen
	layout := "15:04 MST"
	if ref.IsZero() || at.Format("2006-01-02") != ref.In(loc).Format("2006-01-02") {
		layout = "Mon 2006-01-02 15:04 MST"
	}
	s := at.Format(layout)
	if !ref.IsZero() {
		if d := f.ResetsAt.Sub(ref); d > 0 {
			s += " (in " + humanSpan(d) + " from the last failure)"
		} else {
			s += " (already past at the last failure: try again now)"
		}
	}
	return s
}

// humanSpan writes a span in its two largest units: "2 h 10 min", "3 d 4 h", "45 s".
func humanSpan(d time.Duration) string {
	d = d.Round(time.Second)
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	mins, secs := int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%d d %d h", days, hours)
	case days > 0:
		return fmt.Sprintf("%d d", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%d h %d min", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%d h", hours)
	case mins > 0:
		return fmt.Sprintf("%d min", mins)
	}
	return fmt.Sprintf("%d s", secs)
}

// Calls counts what the input held by host, for the verdict: the analysis counts calls,
// not whose they were. A nil *Calls in Options means not counted.
type Calls struct {
	Claude int // calls to Claude's hosts, and log lines that name no host
	Other  int // calls to any other host: a page's assets, analytics, CDNs
}

// Count adds one event to the count; the caller's sink calls it for every event.
func (c *Calls) Count(e *model.Event) {
	if e.Platform == model.PlatformOther {
		c.Other++
	} else {
		c.Claude++
	}
}

// harmless reports whether a finding is left out of the verdict: at info severity (the
// rules grade failures of other hosts and of telemetry so) or on other hosts only.
// analyze does not say whose host a finding is on, so this reads it from the endpoints.
func harmless(f model.Finding) bool {
	return f.Severity <= model.Info || thirdParty(f)
}

// thirdParty reports whether every endpoint of the finding is on a host that is not
// Claude's; a finding without endpoints is not (a log line names no host).
func thirdParty(f model.Finding) bool {
	n := 0
	for _, ep := range f.Endpoints {
		host, ok := endpointHost(ep)
		if !ok {
			continue
		}
		if model.PlatformOf(host) != model.PlatformOther {
			return false
		}
		n++
	}
	return n > 0
}

// endpointHost reads the host of an endpoint as analyze writes it: "POST host/path".
func endpointHost(ep string) (string, bool) {
	if strings.HasPrefix(ep, "(") {
		return "", false // "(+2 more)"
	}
	if _, rest, ok := strings.Cut(ep, " "); ok {
		ep = rest
	}
	host, _, _ := strings.Cut(ep, "/")
	return host, host != ""
}

// counted is the findings the verdict speaks of, most important first.
func counted(r *model.Report) []model.Finding {
	var out []model.Finding
	for _, f := range r.Findings {
		if !harmless(f) {
			out = append(out, f)
		}
	}
	return out
}

// harmlessFailures counts the failed calls of harmless findings.
func harmlessFailures(r *model.Report) int {
	n := 0
	for _, f := range r.Findings {
		if harmless(f) && f.Cause.Kind != model.KindPattern {
			n += f.Count
		}
	}
	return n
}

// Verdict says in one or two plain sentences what happened and what to do now, built
// from the report's top finding that matters; calls may be nil when calls were not
// counted by host.
func Verdict(r *model.Report, loc *time.Location, calls *Calls) string {
	s := r.Summary
	if calls != nil && calls.Claude == 0 && calls.Other > 0 {
		v := fmt.Sprintf("No call to Claude in this input: %s to other hosts", count(calls.Other, "request", "requests"))
		if s.Failures > 0 {
			v += fmt.Sprintf(" (%d failed)", s.Failures)
		}
		return v + ". Nothing here concerns Claude; to diagnose Claude, record a HAR while the failure happens on claude.ai."
	}
	top := counted(r)
	if len(top) > 0 {
		f := top[0]
		w, ok := verdictWords[f.Cause.ID]
		if !ok {
			// A cause added to the catalog before its wording: say its title, never nothing.
			w = wording{what: strings.TrimSuffix(f.Cause.Title, ".") + " ({count}{when})", side: sideUnclear, now: "See the first finding below for what to do."}
		}
		return say(f, w, r, loc, len(top)-1)
	}
	// A harmless cause that is the user's own doing (a stop button) is said as it is;
	// other harmless failures are summed up as none of Claude's concern.
	for _, f := range r.Findings {
		if w, ok := verdictWords[f.Cause.ID]; ok && w.side == sideHarmless && !thirdParty(f) {
			return say(f, w, r, loc, 0)
		}
	}
	switch {
	case s.Events == 0 && s.Filtered > 0:
		return fmt.Sprintf("Nothing left to analyse: --since/--until left out all %s.", count(s.Filtered, "event", "events"))
	case s.Events == 0:
		return "Nothing to analyse: claudelog found no call to Claude and no API error in this input."
	case s.Unclassified > 0:
		return fmt.Sprintf("%s matched no known cause; the sample below shows what %s.",
			capital(count(s.Unclassified, "failed call", "failed calls")), english.Plural(s.Unclassified, "it said", "they said"))
	case s.Failures == 1:
		return "No failed call to Claude: the only failure was a request to another host or to telemetry (analytics, an ad blocker), which Claude does not need. Nothing to fix."
	case s.Failures > 0:
		return fmt.Sprintf("No failed call to Claude: the %d failures were requests to other hosts or to telemetry (analytics, ad blockers), which Claude does not need. Nothing to fix.", s.Failures)
	case s.Events == 1:
		return "No failures: the only call succeeded."
	}
	return fmt.Sprintf("No failures: all %d calls succeeded.", s.Events)
}

// say fills a cause's wording with the finding's numbers and time, and counts the
// other problems that matter.
func say(f model.Finding, w wording, r *model.Report, loc *time.Location, more int) string {
	what := strings.NewReplacer("{calls}", yourCalls(f), "{count}", count(f.Count, "call", "calls"), "{when}", when(f, r, loc)).Replace(w.what)
	v := capital(what) + "; " + w.side.sentence() + ". " + nowFor(f, w, loc)
	if more > 0 {
		v += fmt.Sprintf(" %s below.", capital(count(more, "more problem is", "more problems are")))
	}
	return v
}

// yourCalls names a finding's calls the way its user thinks of them: a claude.ai
// completion is a reply.
func yourCalls(f model.Finding) string {
	noun, nouns := "call", "calls"
	for _, ep := range f.Endpoints {
		if strings.Contains(ep, "completion") {
			noun, nouns = "reply", "replies"
			break
		}
	}
	if f.Count == 1 {
		return "your " + noun
	}
	return strconv.Itoa(f.Count) + " of your " + nouns
}

// when places a finding in time, to the minute, in loc: " at 09:16 UTC", " between
// 09:16 and 09:17 UTC"; with dates when the report spans more than a day.
func when(f model.Finding, r *model.Report, loc *time.Location) string {
	if f.FirstSeen.IsZero() {
		return ""
	}
	first, last := f.FirstSeen.In(loc), f.LastSeen.In(loc)
	if f.LastSeen.IsZero() {
		last = first
	}
	layout := "15:04"
	if clockLayout(r, loc) != "15:04:05" || first.YearDay() != last.YearDay() {
		layout = "2006-01-02 15:04"
	}
	a, b := first.Format(layout), last.Format(layout)
	if a == b {
		return " at " + a + " " + last.Format("MST")
	}
	return " between " + a + " and " + b + " " + last.Format("MST")
}

// count is "1 call" or "2 calls".
func count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + english.Plural(n, one, many)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// displayTitle is the title a finding is shown under. A finding on other hosts only is
// titled as theirs: analyze titles it by its cause ("Anthropic's API failed…"), which is
// wrong for a CDN's 500. Its count ("1 failed call") is kept.
func displayTitle(f model.Finding) string {
	if !thirdParty(f) {
		return f.Title
	}
	var hosts []string
	for _, ep := range f.Endpoints {
		if h, ok := endpointHost(ep); ok && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	who := strings.Join(hosts, ", ")
	if len(hosts) > 2 {
		who = strings.Join(hosts[:2], ", ") + fmt.Sprintf(" and %d more", len(hosts)-2)
	}
	tail := ""
	if i := strings.LastIndex(f.Title, ": "); i >= 0 {
		tail = f.Title[i:]
	}
	if w, ok := verdictWords[f.Cause.ID]; ok && w.side == sideAnthropic {
		return "Another host failed, not Claude (" + who + ")" + tail
	}
	head := strings.TrimSuffix(f.Title, tail)
	return head + " on other hosts, not Claude (" + who + ")" + tail
}
