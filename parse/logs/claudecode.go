package logs

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
)

// claudeCodeDialect reads Claude Code's terminal and debug log, in both eras' wording:
//
//	API Error (529 {"type":"error",…}) · Retrying in 4 seconds… (attempt 4/10)
//	API Error: 529 {"type":"error",…}            (the body may go on over several lines)
//	API Error (api.anthropic.com | 504: Gateway time-out) · Retrying in 5 seconds… (attempt 4/10)
//	✻ 529 Overloaded · Retrying in 24s · attempt 10/10
//	API error (attempt 1/11): Request timed out.
//	Unable to connect to API (ECONNRESET)
var claudeCodeDialect = &dialect{
	name: "claude-code",
	keywords: kw("API Error", "API error", "Retrying in", "Unable to connect to API", "Request timed out. Check",
		"Repeated 529", "experiencing high load", "Credit balance is too low", "Invalid API key",
		"Authentication required", "disabled organization", "Authentication expired", "Request too large (max",
		"issue with the selected model", "Context limit reached", "Conversation too long",
		"Self-signed certificate detected"),
	match: matchClaudeCode,
}

var (
	ccRetryTailRE = regexp.MustCompile(`\) · Retrying in (\d+) seconds?(?:…|\.\.\.)? \(attempt (\d+)/(\d+)\)`)
	ccStarRE      = regexp.MustCompile(`(\d{3}) ([A-Za-z][\w ]*?) · Retrying in (\d+)s · attempt (\d+)/(\d+)`)
	ccRetryOnlyRE = regexp.MustCompile(`Retrying in (\d+) ?s(?:econds?)?(?:…|\.\.\.)? ?[·(]? ?attempt (\d+)/(\d+)`)
	ccDebugRE     = regexp.MustCompile(`API error \(attempt (\d+)/(\d+)\): (.*)$`)
	ccTitleRE     = regexp.MustCompile(`^(\S+) \| (\d{3}): (.*)$`)
	ccRejectedRE  = regexp.MustCompile(`^Request rejected \((\d{3})\)(?: · (.*))?$`)
	ccUnableRE    = regexp.MustCompile(`Unable to connect to API(?: \(([A-Z_]+)\))?`)
)

// ccPhrases are Claude Code's fixed messages that stand for an API error without a status.
var ccPhrases = []string{
	"Repeated 529 Overloaded errors", "experiencing high load", "Credit balance is too low",
	"Invalid API key", "Authentication required", "disabled organization", "Authentication expired",
	"Request too large (max", "There's an issue with the selected model", "Context limit reached",
	"Conversation too long", "Self-signed certificate detected",
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
		p.nextAttempt = k + 1
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
	for _, ph := range ccPhrases {
		if i := strings.Index(s, ph); i >= 0 {
			ev.Message = clean(s[i:])
			if strings.HasPrefix(ph, "Repeated 529") {
				ev.Status = 529
			}
			return emitted
		}
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
	ev.Message = clean(rest)
}

// usageLimitDialect reads subscription usage-limit messages (Claude Code, every era):
// "Claude AI usage limit reached|1767225600", "5-hour limit reached ∙ resets 2am",
// "You've hit your weekly limit · resets …", "You're out of extra usage", "You've hit your
// monthly spend limit".
var usageLimitDialect = &dialect{
	name:     "claude-code",
	keywords: kw("usage limit reached", " limit reached", "hit your", "out of extra usage"),
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
}

type usageLimit struct {
	re    *regexp.Regexp
	claim string
	epoch bool // the group is a reset epoch, not a window name
}

var usageLimits = []usageLimit{
	{re: regexp.MustCompile(`Claude AI usage limit reached\|(\d{9,13})`), claim: "five_hour", epoch: true},
	{re: regexp.MustCompile(`Claude (?:AI )?usage limit reached`), claim: "five_hour"},
	{re: regexp.MustCompile(`\b(5-hour|[Ww]eekly|[Ss]ession|Opus|Sonnet|[Dd]aily) limit reached\b`)},
	{re: regexp.MustCompile(`You(?:'|’)ve hit your (?:(session|weekly|Opus|Sonnet|5-hour|daily|monthly(?: spend)?|spend) )?limit\b`)},
	{re: regexp.MustCompile(`You(?:'|’)re out of extra usage`), claim: "extra_usage"},
	// The plan's own spend cap for extra usage ("… · raise it at claude.ai/settings/usage").
	{re: regexp.MustCompile(`You(?:'|’)ve hit your (?:monthly |weekly |daily )?spend limit\b`)},
}

// limitClaims maps Claude Code's window words to the representativeClaim values of the API.
var limitClaims = map[string]string{
	"5-hour": "five_hour", "session": "five_hour", "weekly": "seven_day",
	"opus": "seven_day_opus", "sonnet": "seven_day_sonnet", "daily": "daily",
}
