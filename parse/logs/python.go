package logs

import (
	"bytes"
	"maps"
	"regexp"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
)

var tracebackStart = []byte("Traceback (most recent call last):")

// This is a Python traceback's row of the routing table: it opens on its
// "Traceback (most recent call last):" line and goes on to its exception line, and past it
// to a chained traceback.
var _ = register(&dialect{
	name:   "traceback",
	rank:   30,
	firsts: "T",
	starts: func(t []byte) bool { return bytes.HasPrefix(t, tracebackStart) },
	open:   (*parser).startTraceback,
	isOpen: func(p *parser) bool { return p.rec.tb },
	feed:   (*parser).feedTraceback,
})

// startTraceback opens a traceback record. A traceback printed right under a log line that
// was itself an event (logging.exception) continues that event: one failure, one event.
func (p *parser) startTraceback(l *lineCtx) {
	if p.rec.active && p.rec.hasEvent && p.rec.ev.Failed() && !p.rec.tb && !p.rec.curl && !p.rec.bodyOpen {
		p.rec.tb = true
		return
	}
	p.flush()
	p.rec = record{active: true, tb: true, ev: p.newEvent(l, "python-sdk")}
}

// feedTraceback reads a line inside a traceback and reports whether it belonged to it.
func (p *parser) feedTraceback(l *lineCtx) bool {
	r := &p.rec
	t := bytes.TrimSpace(l.b)
	if r.tbDone {
		switch {
		case len(t) == 0:
			return true
		case bytes.HasPrefix(t, []byte("The above exception was the direct cause")),
			bytes.HasPrefix(t, []byte("During handling of the above exception")),
			bytes.HasPrefix(t, tracebackStart):
			r.tbDone = false
			return true
		}
		p.flush()
		return false
	}
	switch {
	case len(t) == 0, bytes.HasPrefix(t, tracebackStart),
		bytes.HasPrefix(t, []byte("The above exception")), bytes.HasPrefix(t, []byte("During handling")):
		return true
	case indented(l.b) || bytes.HasPrefix(t, []byte(`File "`)):
		if !r.tbClaude && claudeFrame(t) {
			r.tbClaude = true
		}
		if r.tbHint == "" {
			switch {
			case bytes.Contains(t, []byte("langchain")):
				r.tbHint = "langchain"
			case bytes.Contains(t, []byte("litellm")):
				r.tbHint = "litellm"
			}
		}
		return true
	}
	p.finishTraceback(l)
	return true
}

// claudeFrame reports a frame in Claude's client stack.
func claudeFrame(t []byte) bool {
	return claudeContext(t) || bytes.Contains(t, []byte("httpx")) || bytes.Contains(t, []byte("httpcore")) ||
		bytes.Contains(t, []byte("botocore")) || bytes.Contains(t, []byte("langchain")) ||
		bytes.Contains(t, []byte("google/api_core")) || bytes.Contains(t, []byte("google/auth"))
}

var pyExcLineRE = regexp.MustCompile(`^((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Timeout|Exit|Interrupt))(?:: ?(.*))?$`)

// finishTraceback reads the exception line that ends a traceback.
func (p *parser) finishTraceback(l *lineCtx) {
	r := &p.rec
	r.tbDone = true
	ev := p.newEvent(l, "")
	p.lineRetry = false
	p.pendingBody = nil
	o := p.match(l, &ev)
	if o != emitted && r.tbClaude {
		if m := pyExcLineRE.FindSubmatch(bytes.TrimSpace(l.b)); m != nil {
			ev.Dialect = "python-sdk"
			ev.Exception = string(m[1])
			ev.Message = clean(string(m[2]))
			netEnrich(&ev, l.b)
			o = emitted
		}
	}
	if o != emitted {
		p.pendingBody = nil
		return
	}
	if r.tbHint != "" && (ev.Dialect == "python-sdk" || ev.Dialect == "network") {
		ev.Dialect = r.tbHint
	}
	if !r.hasEvent {
		src, t := r.ev.Source, r.ev.Time
		r.ev = ev
		r.ev.Source, r.ev.Time = src, t
		r.hasEvent = true
	} else {
		mergeEvent(&r.ev, &ev)
	}
	r.retry = r.retry || p.lineRetry
	if p.pendingBody != nil {
		r.openBody(p.pendingBody)
		p.pendingBody = nil
	}
}

// mergeEvent folds a later part of one record (the outer exception of a chained
// traceback) into the event: the outermost exception names it, earlier facts stay.
func mergeEvent(dst, src *model.Event) {
	if src.Exception != "" {
		dst.Exception = src.Exception
	}
	if src.Dialect != "" && src.Dialect != "network" {
		dst.Dialect = src.Dialect
	}
	if dst.Status == 0 {
		dst.Status = src.Status
	}
	fill := func(d *string, s string) {
		if *d == "" {
			*d = s
		}
	}
	fill(&dst.ErrorType, src.ErrorType)
	fill(&dst.ErrorCode, src.ErrorCode)
	fill(&dst.Message, src.Message)
	fill(&dst.NetError, src.NetError)
	fill(&dst.RequestID, src.RequestID)
	fill(&dst.Detail, src.Detail)
	fill(&dst.Method, src.Method)
	fill(&dst.Host, src.Host)
	fill(&dst.Path, src.Path)
	if dst.Platform == "" {
		dst.Platform = src.Platform
	}
	dst.NoResponse = dst.NoResponse || (src.NoResponse && dst.Status == 0)
	dst.Truncated = dst.Truncated || src.Truncated
	if dst.Attempt == 0 {
		dst.Attempt = src.Attempt
	}
	if dst.LimitClaim == "" {
		dst.LimitClaim, dst.ResetsAt = src.LimitClaim, src.ResetsAt
	}
}

// httpx logs every request at INFO: `HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 529 "`.
var httpxDialect = register(&dialect{
	name:     "python-sdk",
	rank:     500,
	keywords: kw("HTTP Request:"),
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		if method, u, status, ok := httpxFast(l.b); ok {
			// One in six lines of a service's log at INFO is this line, nearly always the
			// same endpoint and a 200: read it from the bytes, with no string of the line
			// and the URL's parts remembered from the last such line.
			ev.Method = internMethod(method)
			p.httpxURL.set(ev, u)
			if !claudeCall(ev) {
				return consumed
			}
			ev.Status = status
			return emitted
		}
		m := httpxMatch(l.str())
		if m == nil {
			return noMatch
		}
		setURL(ev, m[1], m[2])
		if !claudeCall(ev) {
			return consumed // pypi's 503 is not a failed call to Claude
		}
		ev.Status, _ = strconv.Atoi(m[3])
		return emitted
	},
})

// httpxFast is httpxMatch's own reading, on bytes: the method, URL and status of the first
// "HTTP Request: ", and ok false wherever httpxMatch would ask its regexp.
func httpxFast(b []byte) (method, u []byte, status int, ok bool) {
	const lit = "HTTP Request: "
	i := bytes.Index(b, []byte(lit))
	if i < 0 {
		return nil, nil, 0, false
	}
	j := i + len(lit)
	k := j
	for k < len(b) && 'A' <= b[k] && b[k] <= 'Z' {
		k++
	}
	if k == j || k >= len(b) || b[k] != ' ' {
		return nil, nil, 0, false
	}
	e := k + 1
	for e < len(b) && !isRESpace(b[e]) {
		e++
	}
	if e == k+1 || !bytes.HasPrefix(b[e:], []byte(` "HTTP/`)) {
		return nil, nil, 0, false
	}
	v := e + len(` "HTTP/`)
	w := v
	for w < len(b) && (isDigit(b[w]) || b[w] == '.') {
		w++
	}
	if w == v || len(b)-w < 5 || b[w] != ' ' || !isDigit(b[w+1]) || !isDigit(b[w+2]) || !isDigit(b[w+3]) {
		return nil, nil, 0, false
	}
	switch b[w+4] {
	case '"':
	case ' ':
		if bytes.IndexByte(b[w+4:], '"') < 0 {
			return nil, nil, 0, false
		}
	default:
		return nil, nil, 0, false
	}
	status = int(b[w+1]-'0')*100 + int(b[w+2]-'0')*10 + int(b[w+3]-'0')
	return b[j:k], b[k+1 : e], status, true
}

// internMethod is the method as a string, without a copy for the common ones.
func internMethod(m []byte) string {
	switch string(m) {
	case "POST":
		return "POST"
	case "GET":
		return "GET"
	}
	return string(m)
}

// lastURL remembers what setURL made of the last URL it was given by bytes: a service
// logs the same endpoint on every call.
type lastURL struct {
	raw    []byte
	ok     bool
	e      model.Event // Host, Path and Platform as setURL left them on an empty event
	fields int         // which setURL set: 0 none, 1 Path, 2 all three
}

// set fills ev's Host, Path and Platform as setURL(ev, "", string(u)) does.
func (c *lastURL) set(ev *model.Event, u []byte) {
	if !c.ok || !bytes.Equal(c.raw, u) {
		c.e = model.Event{}
		setURL(&c.e, "", string(u))
		c.raw = append(c.raw[:0], u...)
		c.ok = true
		c.fields = 0
		if c.e.Host != "" || c.e.Platform != "" {
			c.fields = 2
		} else if c.e.Path != "" {
			c.fields = 1
		}
	}
	switch c.fields {
	case 2:
		ev.Host, ev.Path, ev.Platform = c.e.Host, c.e.Path, c.e.Platform
	case 1:
		ev.Path = c.e.Path
	}
}

var httpxRE = regexp.MustCompile(`HTTP Request: ([A-Z]+) (\S+) "HTTP/[\d.]+ (\d{3})(?: [^"]*)?"`)

// The Python SDK's retry announcement marks the next attempt of the same request.
var _ = register(&dialect{
	name:     "python-sdk",
	rank:     600,
	keywords: kw("Retrying request to"),
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		if !pyRetryRE.MatchString(l.str()) {
			return noMatch
		}
		p.announceRetry()
		return consumed
	},
})

var pyRetryRE = regexp.MustCompile(`Retrying request to \S+ in [\d.]+ seconds`)

// announceRetry marks the request just read as retried: the next event is its next attempt.
func (p *parser) announceRetry() {
	if p.rec.active && p.rec.hasEvent {
		p.rec.retry = true
		return
	}
	p.chain.announceRetry()
}

// This row reads the exception lines of the Python and TypeScript SDKs:
// "anthropic.RateLimitError: Error code: 429 - {'type': 'error', …}" (a Python dict repr),
// "InternalServerError: 529 {"type":"error",…}", "APIConnectionError: Connection error.".
var _ = register(&dialect{
	name:     "python-sdk",
	rank:     1100,
	keywords: kw("Error", "Exception"),
	idle:     func(_ *scanner, b []byte, _ uint64) bool { return sdkMay(b) },
	match:    matchSDKException,
})

// sdkMay reports whether matchSDKException could read b with no record open: it needs
// "Error code:", an anthropic module, one of the SDKs' classes, or a body after a bare
// Error class ("Error: 529 {…}"). "ValueError: invalid literal…" and "Error: Process
// completed with exit code 1." have none.
func sdkMay(b []byte) bool {
	if bytes.Contains(b, []byte("Error code:")) || bytes.Contains(b, []byte("anthropic.")) || bytes.IndexByte(b, '{') >= 0 {
		return true
	}
	for from := 0; ; {
		k := bytes.Index(b[from:], []byte("Error"))
		if k < 0 {
			return false
		}
		end := from + k + len("Error")
		for _, name := range anthropicClassNames {
			if bytes.HasSuffix(b[:end], []byte(name)) {
				return true
			}
		}
		from = end
	}
}

// anthropicClassNames are the classes of anthropicClasses and unambiguousClasses (every
// one ends in "Error").
var anthropicClassNames = func() []string {
	var out []string
	for name := range maps.Keys(anthropicClasses) {
		if !unambiguousClasses[name] {
			out = append(out, name)
		}
	}
	for name := range aiNoCallClasses {
		out = append(out, name)
	}
	for name := range unambiguousClasses {
		if !strings.HasSuffix(name, "Error") {
			panic("logs: an SDK class that does not end in Error: " + name)
		}
		out = append(out, name)
	}
	return out
}()

var (
	excRE       = regexp.MustCompile(`((?:[A-Za-z_]\w*\.)*(?:[A-Z]\w*)?(?:Error|Exception))(?:\s*\[[^\]]*\])?: ?(.*)$`)
	errorCodeRE = regexp.MustCompile(`(?:^|[\s:(])Error code: (\d{3})\b(?: - (.*))?`)
	tsStatusRE  = regexp.MustCompile(`^(\d{3}) (.*)$`)
)

// anthropicClasses are the SDKs' error classes (Python and TypeScript).
var anthropicClasses = map[string]bool{
	"BadRequestError": true, "AuthenticationError": true, "PermissionDeniedError": true,
	"NotFoundError": true, "ConflictError": true, "RequestTooLargeError": true,
	"UnprocessableEntityError": true, "RateLimitError": true, "OverloadedError": true,
	"InternalServerError": true, "APIStatusError": true, "APIConnectionError": true,
	"APITimeoutError": true, "APIConnectionTimeoutError": true, "APIUserAbortError": true,
	"APIError": true, "ServiceUnavailableError": true, "DeadlineExceededError": true,
	"AnthropicError": true, "APIResponseValidationError": true,
	"AI_APICallError": true, "AI_RetryError": true,
}

// unambiguousClasses name a failed call to Claude even without a status or module.
var unambiguousClasses = map[string]bool{
	"APIConnectionError": true, "APITimeoutError": true, "APIConnectionTimeoutError": true,
	"APIUserAbortError": true, "OverloadedError": true, "RequestTooLargeError": true,
	"AnthropicError": true, "AI_APICallError": true, "AI_RetryError": true,
}

// otherVendors are module prefixes of other providers' SDKs with the same class names.
var otherVendors = []string{"openai.", "google.", "groq.", "mistralai.", "cohere.", "botocore."}

func matchSDKException(p *parser, l *lineCtx, ev *model.Event) outcome {
	s := l.str()
	// "Error: APIConnectionError: Connection error." names the class after a generic one:
	// look at up to three classes in the line.
	var exc [6]int
	for tries, from := 0, 0; tries < 3; tries++ {
		m := findExc(&exc, s[from:])
		if m == nil {
			break
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += from
			}
		}
		from = m[4]
		if o := sdkClass(p, ev, s, m); o == rejected {
			return noMatch
		} else if o != noMatch {
			return o
		}
	}
	if !bytes.Contains(l.b, []byte("Error code:")) {
		return noMatch
	}
	if em := errorCodeRE.FindStringSubmatch(s); em != nil {
		ev.Dialect = "python-sdk"
		ev.Status, _ = strconv.Atoi(em[1])
		p.setBody(ev, []byte(em[2]))
		return emitted
	}
	return noMatch
}

// rejected is sdkClass's answer for a class that rules the whole line out.
const rejected outcome = -1

// sdkClass reads the exception class at m (an excRE match in s) and what follows it.
func sdkClass(p *parser, ev *model.Event, s string, m []int) outcome {
	full := s[m[2]:m[3]]
	rest := s[m[4]:m[5]]
	if inner := bracketClass(s[m[3]:m[4]]); inner != "" {
		// Node's inspect form names the class after the constructor's:
		// "Error [AI_APICallError]: Overloaded".
		full = inner
	}
	class := full[strings.LastIndexByte(full, '.')+1:]
	if aiNoCallClasses[class] {
		// The AI SDK refused before any call: no key, no such model. It is Claude's only
		// when the line says so (the SDK names the provider or the model).
		if !claudeContext([]byte(s)) {
			return rejected
		}
		ev.Dialect = "typescript-sdk"
		ev.Exception = full
		ev.Message = clean(rest)
		return emitted
	}
	module := full[:len(full)-len(class)]
	for _, v := range otherVendors {
		if strings.HasPrefix(module, v) {
			return rejected // another provider's SDK: not a call to Claude
		}
	}
	anthropicModule := strings.HasPrefix(module, "anthropic.")
	// The cheap tests first: the regexps only confirm what the prefix promises.
	if strings.HasPrefix(rest, "Error code:") {
		if em := errorCodeMatch(rest); em != nil && statusText(em[1]) {
			ev.Dialect = "python-sdk"
			ev.Exception = full
			ev.Status, _ = strconv.Atoi(em[1])
			p.setBody(ev, []byte(em[2]))
			return emitted
		}
	}
	if startsStatus(rest) {
		if tm := tsStatusMatch(rest); tm != nil && statusText(tm[1]) && (anthropicClasses[class] || (class == "Error" && strings.HasPrefix(tm[2], "{"))) {
			ev.Dialect = "typescript-sdk"
			if anthropicModule {
				ev.Dialect = "python-sdk"
			}
			ev.Exception = full
			ev.Status, _ = strconv.Atoi(tm[1])
			body := tm[2]
			switch {
			case strings.HasPrefix(body, "{"), strings.HasPrefix(body, "<"):
				p.setBody(ev, []byte(body))
			case strings.HasPrefix(body, "status code (no body)"):
			default:
				ev.Message = clean(body)
			}
			return emitted
		}
	}
	if anthropicModule || unambiguousClasses[class] || (anthropicClasses[class] && p.rec.tbClaude) {
		ev.Dialect = "typescript-sdk"
		if anthropicModule || p.rec.tb {
			ev.Dialect = "python-sdk"
		}
		ev.Exception = full
		sdkPlainMessage(p, ev, class, rest)
		return emitted
	}
	return noMatch
}

// statusText reports whether s is the digits of an HTTP status (100–599).
func statusText(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n != 0 && httpStatus(n)
}

// startsStatus reports whether s starts with three digits and a space, as tsStatusRE needs.
func startsStatus(s string) bool {
	return len(s) >= 4 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && s[3] == ' '
}

// sdkPlainMessage reads the message of an SDK error that carries no status.
func sdkPlainMessage(p *parser, ev *model.Event, class, rest string) {
	switch class {
	case "APIConnectionError":
		ev.NoResponse = true
		ev.Message = clean(rest)
	case "APITimeoutError", "APIConnectionTimeoutError":
		ev.NoResponse = true
		ev.NetError = "Request timed out"
		ev.Message = clean(rest)
	case "APIUserAbortError":
		ev.NoResponse = true
		ev.NetError = "Request was aborted"
		ev.Message = clean(rest)
	default:
		r := strings.TrimSpace(rest)
		if strings.HasPrefix(r, "{") || strings.HasPrefix(r, "<") {
			p.setBody(ev, []byte(r))
		} else {
			ev.Message = clean(r)
			if class == "AI_APICallError" || class == "AI_RetryError" {
				apiCanonical(ev, r)
			}
		}
	}
}

// aiNoCallClasses are the AI SDK's errors raised before any request is sent.
var aiNoCallClasses = map[string]bool{"AI_LoadAPIKeyError": true, "AI_NoSuchModelError": true}

// bracketClass returns the SDK class in Node's "[Class]" between a constructor's name and
// its message, or "".
func bracketClass(between string) string {
	i := strings.IndexByte(between, '[')
	j := strings.IndexByte(between, ']')
	if i < 0 || j < i {
		return ""
	}
	if c := between[i+1 : j]; anthropicClasses[c] || aiNoCallClasses[c] {
		return c
	}
	return ""
}

// apiCanonical reads the API's fixed error messages, which the AI SDK passes on as its
// error's message without the status or type: "Overloaded" is only ever the body of a 529,
// "Internal server error" of a 500 api_error, "model: <id>" of a 404 not_found_error.
// AI_RetryError wraps the last one ("Failed after 3 attempts. Last error: Overloaded").
func apiCanonical(ev *model.Event, msg string) {
	if _, last, ok := strings.Cut(msg, "Last error: "); ok {
		msg = strings.TrimSpace(last)
	}
	msg = strings.TrimRight(msg, ".")
	switch {
	case ev.Status != 0 || ev.ErrorType != "":
	case msg == "Overloaded":
		ev.Status, ev.ErrorType = 529, "overloaded_error"
	case msg == "Internal server error":
		ev.Status, ev.ErrorType = 500, "api_error"
	case strings.HasPrefix(msg, "model: ") && !strings.ContainsAny(msg[len("model: "):], " \t"):
		ev.Status, ev.ErrorType = 404, "not_found_error"
	}
}
