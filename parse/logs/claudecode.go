package logs

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
)

// This row reads Claude Code's terminal and debug log, in both eras' wording:
//
//	API Error (529 {"type":"error",…}) · Retrying in 4 seconds… (attempt 4/10)
//	API Error: 529 {"type":"error",…}            (the body may go on over several lines)
//	API Error (api.anthropic.com | 504: Gateway time-out) · Retrying in 5 seconds… (attempt 4/10)
//	✻ 529 Overloaded · Retrying in 24s · attempt 10/10
//	API error (attempt 1/11): Request timed out.
//	Unable to connect to API (ECONNRESET)
var _ = register(&dialect{
	name: "claude-code",
	rank: 100,
	keywords: kw(append([]string{"API Error", "API error", "Retrying in", "Unable to connect to API",
		"Request timed out. Check"}, ccPhrases()...)...),
	match: matchClaudeCode,
})

var (
	ccRetryTailRE = regexp.MustCompile(`\) · Retrying in (\d+) seconds?(?:…|\.\.\.)? \(attempt (\d+)/(\d+)\)`)
	ccStarRE      = regexp.MustCompile(`(\d{3}) ([A-Za-z][\w ]*?) · Retrying in (\d+)s · attempt (\d+)/(\d+)`)
	ccRetryOnlyRE = regexp.MustCompile(`Retrying in (\d+) ?s(?:econds?)?(?:…|\.\.\.)? ?[·(]? ?attempt (\d+)/(\d+)`)
	ccDebugRE     = regexp.MustCompile(`API error \(attempt (\d+)/(\d+)\): (.*)$`)
	ccTitleRE     = regexp.MustCompile(`^(\S+) \| (\d{3}): (.*)$`)
	ccRejectedRE  = regexp.MustCompile(`^Request rejected \((\d{3})\)(?: · (.*))?$`)
	ccUnableRE    = regexp.MustCompile(`Unable to connect to API(?: \(([A-Z_]+)\))?`)
)

// ccMessage is one of Claude Code's own fixed messages that stands for a failed call
// without printing its status: the message says which answer it renders (docs/emitters.md),
// so it is read as that error type, with the type's status (typeStatus), and the rules judge
// it like the API's body.
// Phrases are case-sensitive literals and are also the dialect's keywords, so a healthy line
// costs one pass of the keyword filter and nothing more.
type ccMessage struct {
	phrase string
	// errType is the API error type the message renders; its status is typeStatus's.
	errType string
	noResp  bool // no answer came: a transport failure before the response
	cut     bool // the response started and did not finish
	// weak marks a wording other programs print too ("Failed to authenticate"): it is
	// read on its own only in a short paste or on a line that names Claude; after
	// "API Error" it always is.
	weak bool
}

// ccMessages is the table of Claude Code 2.x wordings (Claude Code 2.1.333 and older), most
// specific first: the first phrase found decides. Entries with no error type leave the call to
// the rules' wording (the credit and context messages have rules of their own).
var ccMessages = []ccMessage{
	// Subscription and account state.
	{phrase: "Repeated 529 Overloaded errors", errType: "overloaded_error"},
	{phrase: "experiencing high load", errType: "overloaded_error"},
	{phrase: "Credit balance is too low"},
	{phrase: "usually because a payment is past due", errType: "billing_error"},
	{phrase: "This service is disabled for your org", weak: true, errType: "permission_error"},
	{phrase: "has disabled Claude subscription access", errType: "permission_error"},
	{phrase: "has disabled API key authentication", errType: "permission_error"},
	{phrase: "disabled organization", errType: "permission_error"},
	{phrase: "Your account is on hold", weak: true, errType: "permission_error"},
	{phrase: "is not available with the Claude", errType: "permission_error"},
	// Credentials: every one of these is fixed by signing in again or fixing the key.
	{phrase: "Invalid API key", errType: "authentication_error"},
	{phrase: "Invalid auth token", weak: true, errType: "authentication_error"},
	{phrase: "Authentication required", errType: "authentication_error"},
	{phrase: "Authentication expired", errType: "authentication_error"},
	{phrase: "Authentication error ·", weak: true, errType: "authentication_error"},
	{phrase: "Failed to authenticate", weak: true, errType: "authentication_error"},
	{phrase: "Failed to refresh OAuth token", errType: "authentication_error"},
	{phrase: "Could not refresh your login", errType: "authentication_error"},
	{phrase: "OAuth token revoked", errType: "authentication_error"},
	{phrase: "· Please run /login", errType: "authentication_error"},
	{phrase: "Not logged in ·", weak: true, errType: "authentication_error"},
	{phrase: "apiKeyHelper script is failing", errType: "authentication_error"},
	{phrase: "can't use the Anthropic Console sign-in", errType: "authentication_error"},
	{phrase: "Could not load AWS credentials", weak: true, errType: "authentication_error"},
	// The request.
	{phrase: "Request too large (max", errType: "request_too_large"},
	{phrase: "Request too large. ", weak: true, errType: "request_too_large"},
	{phrase: "Prompt is too long", weak: true, errType: "invalid_request_error"},
	{phrase: "Context limit reached"},
	{phrase: "Conversation too long"},
	{phrase: "Autocompact is thrashing", weak: true, errType: "invalid_request_error"},
	{phrase: "This message is too long to send", errType: "invalid_request_error"},
	{phrase: "Image was too large", weak: true, errType: "invalid_request_error"},
	{phrase: "PDF is password protected", weak: true, errType: "invalid_request_error"},
	{phrase: "The PDF file was not valid", weak: true, errType: "invalid_request_error"},
	{phrase: "exceeds the dimension limit", weak: true, errType: "invalid_request_error"},
	{phrase: "There's an issue with the selected model", errType: "not_found_error"},
	{phrase: "is not available on your bedrock", errType: "not_found_error"},
	{phrase: "is not available on your vertex", errType: "not_found_error"},
	// The reply: the call succeeded, what came back was unusable.
	{phrase: "The model returned an empty response"},
	{phrase: "The model's tool call could not be parsed"},
	// The transport.
	// A local hook (Claude Code's mods) refused to send the request: nothing left the machine.
	{phrase: "hook stopped this request", noResp: true},
	{phrase: "Self-signed certificate detected", noResp: true},
	{phrase: "Couldn't connect through your proxy", weak: true, noResp: true},
	{phrase: "Connection closed before the response finished", weak: true, cut: true},
	{phrase: "Connection lost while your computer was asleep", weak: true, cut: true},
	{phrase: "Stream idle timeout", weak: true, cut: true},
	{phrase: "The response could not be read (", weak: true, cut: true},
}

// ccPhrases lists the table's phrases, the dialect's keywords.
func ccPhrases() []string {
	out := make([]string, len(ccMessages))
	for i, m := range ccMessages {
		out[i] = m.phrase
	}
	return out
}

// ccTextStart returns where the text of a terminal line starts in head (the line before
// a phrase): after a timestamp or log prefix that ends in "] " or ": ", and after the
// interface's decoration ("  ⎿  ", "⏺ ", "> ").
func ccTextStart(head string) int {
	start := 0
	if j := strings.LastIndex(head, "] "); j >= 0 {
		start = j + 2
	}
	for start < len(head) {
		r, n := utf8.DecodeRuneInString(head[start:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '"' || r == '\'' {
			break
		}
		start += n
	}
	return start
}

// ccLookup finds the first message of the table in s, and where it starts; weak wordings
// only when weak is true.
func ccLookup(s string, weak bool) (*ccMessage, int) {
	for i := range ccMessages {
		if ccMessages[i].weak && !weak {
			continue
		}
		if j := strings.Index(s, ccMessages[i].phrase); j >= 0 {
			return &ccMessages[i], j
		}
	}
	return nil, -1
}

// apply sets what the message stands for on an event whose status is not known yet.
func (m *ccMessage) apply(ev *model.Event) {
	if ev.Status == 0 {
		ev.Status = typeStatus[m.errType]
	}
	if ev.ErrorType == "" {
		ev.ErrorType = m.errType
	}
	if m.noResp {
		ev.NoResponse = true
	}
	if m.cut {
		ev.Truncated = true
	}
}

func matchClaudeCode(p *parser, l *lineCtx, ev *model.Event) outcome {
	s := l.str()
	if i := strings.Index(s, "API Error ("); i >= 0 {
		inner := s[i+len("API Error ("):]
		if m := ccRetryTailRE.FindStringSubmatchIndex(inner); m != nil {
			ev.Attempt, _ = strconv.Atoi(inner[m[4]:m[5]])
			inner = inner[:m[0]]
			p.lineRetry = true
		}
		p.ccError(ev, inner)
		return emitted
	}
	if i := strings.Index(s, "API Error: "); i >= 0 {
		p.ccError(ev, s[i+len("API Error: "):])
		return emitted
	}
	if m := ccDebugRE.FindStringSubmatch(s); m != nil {
		ev.Attempt, _ = strconv.Atoi(m[1])
		p.ccError(ev, m[3])
		return emitted
	}
	if m := ccStarRE.FindStringSubmatch(s); m != nil {
		ev.Status, _ = strconv.Atoi(m[1])
		ev.Message = clean(m[2])
		ev.Attempt, _ = strconv.Atoi(m[4])
		p.lineRetry = true
		return emitted
	}
	if m := ccRetryOnlyRE.FindStringSubmatch(s); m != nil {
		// A retry line on its own: the next event is attempt k+1 of the same request.
		k, _ := strconv.Atoi(m[2])
		if p.rec.active && p.rec.hasEvent && p.rec.ev.Attempt == 0 {
			p.rec.ev.Attempt = k
		}
		p.chain.nextAttempt = k + 1
		return consumed
	}
	if m := ccUnableRE.FindStringSubmatch(s); m != nil {
		ev.NoResponse = true
		if m[1] != "" {
			ev.NetError = m[1]
		}
		ev.Message = clean(s[strings.Index(s, "Unable to connect"):])
		return emitted
	}
	if strings.Contains(s, "Request timed out. Check") {
		ev.NoResponse, ev.NetError = true, "Request timed out"
		return emitted
	}
	weak := claudeContext(l.b) || (p.anchor == anchorPaste && !foreign(l.b))
	if m, i := ccLookup(s, weak); m != nil {
		// The message is the whole sentence, from where the line's text starts: the words
		// before the phrase ("Your ANTHROPIC_API_KEY belongs to a …") are what a rule reads.
		ev.Message = clean(s[ccTextStart(s[:i]):])
		m.apply(ev)
		return emitted
	}
	return noMatch
}

// ccError reads what Claude Code printed after "API Error: " or inside "API Error (…)".
func (p *parser) ccError(ev *model.Event, rest string) {
	rest = strings.TrimSpace(rest)
	if len(rest) >= 3 {
		if n, err := strconv.Atoi(rest[:3]); err == nil && n >= 100 && n <= 599 && (len(rest) == 3 || rest[3] == ' ') {
			ev.Status = n
			body := strings.TrimSpace(rest[3:])
			switch {
			case body == "":
			case body[0] == '{' || body[0] == '<' || body[0] == '[':
				p.setBody(ev, []byte(body))
			default:
				ev.Message = clean(body)
			}
			return
		}
	}
	if m := ccTitleRE.FindStringSubmatch(rest); m != nil {
		// Claude Code shows an HTML error page by its title: "api.anthropic.com | 504: Gateway time-out".
		if n, _ := strconv.Atoi(m[2]); n >= 400 && n <= 599 {
			ev.Status = n
			setURL(ev, "", m[1])
			ev.Detail = clean(m[2] + ": " + m[3])
			return
		}
	}
	if m := ccRejectedRE.FindStringSubmatch(rest); m != nil {
		ev.Status, _ = strconv.Atoi(m[1])
		ev.Message = clean(m[2])
		return
	}
	switch {
	case strings.HasPrefix(rest, "Request timed out"):
		ev.NoResponse, ev.NetError = true, "Request timed out"
	case strings.HasPrefix(rest, "Request was aborted"), strings.HasPrefix(rest, "Operation aborted"):
		ev.NoResponse, ev.NetError = true, strings.TrimRight(rest, ".")
	case strings.HasPrefix(rest, "Connection error"):
		ev.NoResponse = true
		ev.Exception = "APIConnectionError"
	case strings.HasPrefix(rest, "Repeated 529"):
		ev.Status = 529
	case strings.HasPrefix(rest, "Server is temporarily limiting requests"):
		// The server-side capacity 429 ("Rate limited"), as Claude Code renders it.
		ev.Status = 429
	}
	if ev.Status == 0 && !ev.NoResponse {
		if m, _ := ccLookup(rest, true); m != nil {
			m.apply(ev)
		}
	}
	ev.Message = clean(rest)
}

// This row reads subscription usage-limit messages (Claude Code, every era):
// "Claude AI usage limit reached|1767225600", "5-hour limit reached ∙ resets 2am",
// "You've hit your weekly limit · resets …", "You're out of extra usage", "You've hit your
// monthly spend limit".
var _ = register(&dialect{
	name: "claude-code",
	rank: 200,
	keywords: kw("usage limit reached", " limit reached", "hit your", "out of extra usage", "out of usage",
		"usage allocation has been disabled"),
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		s := l.str()
		for _, u := range usageLimits {
			m := u.re.FindStringSubmatchIndex(s)
			if m == nil {
				continue
			}
			ev.ErrorType = "exceeded_limit"
			ev.Message = clean(s[m[0]:])
			ev.LimitClaim = u.claim
			if len(m) >= 4 && m[2] >= 0 { // a pattern without a group names no window
				word := strings.ToLower(s[m[2]:m[3]])
				if u.epoch {
					if n, err := strconv.ParseInt(word, 10, 64); err == nil {
						if n > 1e12 {
							ev.ResetsAt = time.UnixMilli(n).UTC()
						} else {
							ev.ResetsAt = time.Unix(n, 0).UTC()
						}
					}
				} else if c, ok := limitClaims[word]; ok {
					ev.LimitClaim = c
				}
			}
			return emitted
		}
		return noMatch
	},
})

type usageLimit struct {
	re    *regexp.Regexp
	claim string
	epoch bool // the group is a reset epoch, not a window name
}

var usageLimits = []usageLimit{
	{re: regexp.MustCompile(`Claude AI usage limit reached\|(\d{9,13})`), claim: "five_hour", epoch: true},
	{re: regexp.MustCompile(`Claude (?:AI )?usage limit reached`), claim: "five_hour"},
	{re: regexp.MustCompile(`\b(5-hour|[Ww]eekly|[Ss]ession|Opus|Sonnet|[Dd]aily) limit reached\b`)},
	{re: regexp.MustCompile(`You(?:'|’)ve hit your (?:(session|weekly|Opus|Sonnet|5-hour|daily|monthly(?: spend)?|spend|usage) )?limit\b`)},
	// Usage credits, an organisation's pool and an admin's allocation (Claude Code 2.1).
	{re: regexp.MustCompile(`You(?:'|’)re out of usage credits`), claim: "extra_usage"},
	{re: regexp.MustCompile(`Your (?:org|organization) is out of usage\b`)},
	{re: regexp.MustCompile(`Your usage allocation has been disabled`)},
	{re: regexp.MustCompile(`You(?:'|’)re out of extra usage`), claim: "extra_usage"},
	// The plan's own spend cap for extra usage ("… · raise it at claude.ai/settings/usage").
	{re: regexp.MustCompile(`You(?:'|’)ve hit your (?:monthly |weekly |daily )?spend limit\b`)},
}

// limitClaims maps Claude Code's window words to the representativeClaim values of the API.
var limitClaims = map[string]string{
	"5-hour": "five_hour", "session": "five_hour", "weekly": "seven_day",
	"opus": "seven_day_opus", "sonnet": "seven_day_sonnet", "daily": "daily",
}
