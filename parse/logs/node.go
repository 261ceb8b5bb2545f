package logs

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
)

// This row reads the TypeScript SDK's ANTHROPIC_LOG lines:
// `[log_1a2b3c, request-id: "req_…"] POST https://api.anthropic.com/v1/messages failed with
// status 529 in 1234ms - retrying, 2 attempts remaining`. Its error lines
// ("InternalServerError: 529 {…}") are read by the SDK exception row (python.go); its stack frames
// ("    at …") continue the event they follow.
var _ = register(&dialect{
	name: "typescript-sdk",
	rank: 300,
	keywords: kw("attempts remaining", "attempt remaining", "no more retries left", "not retryable",
		"failed with status", "succeeded with status", "connection timed out", "connection failed"),
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		m := tsLogRE.FindStringSubmatch(l.str())
		if m == nil {
			return noMatch
		}
		ev.RequestID = clean(m[2])
		if m[4] != "" {
			setURL(ev, m[3], m[4])
		}
		rest := m[5]
		switch {
		case strings.HasPrefix(rest, "failed with status "), strings.HasPrefix(rest, "succeeded with status "):
			sm := tsStatusInRE.FindStringSubmatch(rest)
			if sm == nil {
				return noMatch
			}
			ev.Status, _ = strconv.Atoi(sm[1])
			if ms, err := strconv.Atoi(sm[2]); err == nil {
				ev.Duration = time.Duration(ms) * time.Millisecond
			}
		case strings.HasPrefix(rest, "connection timed out"):
			ev.NoResponse, ev.NetError = true, "connection timed out"
		case strings.HasPrefix(rest, "connection failed"):
			// The SDK raises APIConnectionError for it once the retries are spent.
			ev.NoResponse, ev.Exception = true, "APIConnectionError"
			ev.Message = "connection failed"
		default:
			if !strings.Contains(rest, "error;") {
				return noMatch
			}
			ev.Message = clean(rest)
		}
		if strings.Contains(rest, "retrying, ") {
			p.lineRetry = true
		}
		return emitted
	},
})

var (
	// The method and URL are left out by newer SDKs ("[log_3f9a1c] connection failed -
	// retrying, 1 attempts remaining"): the log id alone says it is the SDK's line.
	tsLogRE      = regexp.MustCompile(`\[(log_\w+)(?:, request-id: "([^"]*)")?\](?: (?i:(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)) (\S+))? (.*)$`)
	tsStatusInRE = regexp.MustCompile(`with status (\d{3}) in (\d+)ms`)
)
