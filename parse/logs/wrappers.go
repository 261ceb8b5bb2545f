package logs

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
)

// This row reads LiteLLM's "<Class>: AnthropicException - <body>" lines, where the
// body is JSON, a Python bytes repr (b'{…}'), plain text, or on the next line.
var _ = register(&dialect{
	name:     "litellm",
	rank:     700,
	keywords: kw("litellm.", "AnthropicException"),
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		s := l.str()
		m := litellmRE.FindStringSubmatchIndex(s)
		if m == nil {
			return noMatch
		}
		ev.Exception = s[m[2]:m[3]]
		rest := strings.TrimSpace(s[m[4]:m[5]])
		if am := litellmAttemptRE.FindStringSubmatch(s); am != nil {
			ev.Attempt, _ = strconv.Atoi(am[1])
		}
		if strings.HasPrefix(rest, "AnthropicException") || strings.HasPrefix(rest, "BedrockException") || strings.HasPrefix(rest, "VertexAIException") {
			i := strings.Index(rest, "-")
			if i < 0 {
				rest = ""
			} else {
				rest = strings.TrimSpace(rest[i+1:])
			}
			if rest == "" {
				p.pendingBody = []byte{} // the body is on the next line
				return emitted
			}
		}
		switch class := ev.Exception[strings.LastIndexByte(ev.Exception, '.')+1:]; class {
		case "APIConnectionError":
			ev.NoResponse = true
		case "Timeout", "APITimeoutError":
			ev.NoResponse, ev.NetError = true, "Request timed out"
		}
		if strings.HasPrefix(rest, "{") || strings.HasPrefix(rest, "b'") || strings.HasPrefix(rest, `b"`) || strings.HasPrefix(rest, "<") {
			p.setBody(ev, []byte(rest))
		} else {
			ev.Message = clean(rest)
			if i := strings.Index(rest, "{"); i >= 0 && (strings.Contains(rest, `"error"`) || strings.Contains(rest, `'error'`)) {
				p.setBody(ev, []byte(rest[i:]))
			}
		}
		return emitted
	},
})

var (
	litellmRE        = regexp.MustCompile(`\b(litellm\.(?:exceptions\.)?\w*(?:Error|Exception|Timeout))(?::\s*|\s+)(.*)$`)
	litellmAttemptRE = regexp.MustCompile(`\bAttempt #(\d+)`)
)

// This row reads LangChain's tenacity retry lines: "Retrying
// langchain_anthropic.chat_models….completion_with_retry in 4.0 seconds as it raised
// RateLimitError: Error code: 429 - {…}". LangChain's own tracebacks end in the SDK's
// exception classes; the traceback reader names them "langchain" from their frames.
var _ = register(&dialect{
	name:     "langchain",
	rank:     800,
	keywords: kw("Retrying langchain"),
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		m := langchainRE.FindStringSubmatch(l.str())
		if m == nil {
			return noMatch
		}
		ev.Exception = m[1]
		rest := strings.TrimSpace(m[2])
		if !strings.HasPrefix(rest, "Error code:") {
			ev.Message = clean(rest)
		} else if em := errorCodeMatch(rest); em != nil {
			ev.Status, _ = strconv.Atoi(em[1])
			p.setBody(ev, []byte(em[2]))
		} else {
			ev.Message = clean(rest)
		}
		p.lineRetry = true
		return emitted
	},
})

var langchainRE = regexp.MustCompile(`Retrying langchain\S* in [\d.]+ seconds as it raised ([\w.]+): ?(.*)$`)
