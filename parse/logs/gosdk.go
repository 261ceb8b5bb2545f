package logs

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
)

// This row reads the Go SDK's error string: `POST "https://api.anthropic.com/v1/messages":
// 529  (Request-ID: req_…) {"type":"error",…}` (529 has no status text, hence two spaces),
// and net/http's transport errors `Post "https://api.anthropic.com/v1/messages": dial tcp: …`.
var _ = register(&dialect{
	name: "go-sdk",
	rank: 400,
	keywords: kw(`POST "http`, `GET "http`, `PUT "http`, `DELETE "http`, `PATCH "http`,
		`Post "http`, `Get "http`, `Put "http`, `Delete "http`, `Patch "http`, "Request-ID:"),
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		s := l.str()
		if m := goErrRE.FindStringSubmatch(s); m != nil {
			setURL(ev, m[1], m[2])
			ev.Status, _ = strconv.Atoi(m[3])
			ev.RequestID = clean(m[5])
			if body := strings.TrimSpace(m[6]); body != "" {
				p.setBody(ev, []byte(body))
			}
			return emitted
		}
		if m := goTransportRE.FindStringSubmatch(s); m != nil && claudeContext([]byte(m[2])) {
			netEnrich(ev, []byte(m[3]))
			if ev.NetError == "" {
				return noMatch
			}
			setURL(ev, m[1], m[2])
			ev.NoResponse = ev.NoResponse || !ev.Truncated
			ev.Message = clean(m[3])
			return emitted
		}
		return noMatch
	},
})

var (
	goErrRE       = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE) "(https?://[^"\s]+)": (\d{3}) ?([A-Za-z][A-Za-z '-]*)? *(?:\(Request-ID: ([^)\s]+)\))? *(.*)$`)
	goTransportRE = regexp.MustCompile(`\b(Get|Post|Put|Patch|Delete) "(https?://[^"\s]+)": (.+)$`)
)
