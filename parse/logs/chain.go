package logs

import (
	"time"

	"github.com/claudelog/claudelog/model"
)

// chain is the parser's last stage, what becomes of an event once its record has ended:
// the retry chain numbers its attempt, a failed attempt's status line is held back until
// the next event shows whether it is the same call's outcome or body (one call, one event),
// and the sink gets it. It knows nothing of lines or of how they were routed.
type chain struct {
	sink model.Sink
	held heldEvent // a failed attempt's status line, sent when the next event is known
	// out is the event being sent: the sink takes a pointer, and a local event would be
	// moved to the heap for every event.
	out         model.Event
	nextAttempt int // the attempt number a retry announcement promised to the next event
	lastAttempt int // the attempt number of the last event emitted
	lastFail    lastFail
	seen        map[model.Platform]bool // the platforms of the events so far
}

func newChain(sink model.Sink) chain {
	return chain{sink: sink, seen: map[model.Platform]bool{}}
}

// number sets ev's attempt from the chain of retries and moves the chain on: the next
// event is the next attempt when ev announced a retry.
func (c *chain) number(ev *model.Event, retry bool) {
	if ev.Attempt == 0 && c.nextAttempt > 0 {
		ev.Attempt = c.nextAttempt
	}
	if ev.Attempt == 0 && retry {
		ev.Attempt = 1 // it announced a retry, so a chain of attempts starts here
	}
	c.lastAttempt = ev.Attempt
	if ev.Failed() {
		c.lastFail = lastFail{ok: true, line: ev.Source.Line, status: ev.Status, host: ev.Host, path: ev.Path}
	}
	if ev.Platform != "" && !c.seen[ev.Platform] {
		c.seen[ev.Platform] = true // a look costs less than a store, and the platform is nearly always seen
	}
	c.nextAttempt = 0
	if retry {
		c.nextAttempt = max(ev.Attempt, 1) + 1
	}
}

// announceRetry marks the next event as the next attempt of the last one.
func (c *chain) announceRetry() { c.nextAttempt = max(c.lastAttempt, 1) + 1 }

// fold merges ev, an event about to be emitted, into the held event when it is that call's
// body (bodyOfHeld: the inner error decides) or its outcome (outcomeOfHeld), sends the
// held event, and reports whether it did.
func (c *chain) fold(ev *model.Event, retry bool) bool {
	if !c.held.ok {
		return false
	}
	merge := mergeInner
	if !c.bodyOfHeld(ev, retry) {
		if !c.outcomeOfHeld(ev, retry) {
			return false
		}
		merge = mergeEvent
	}
	e := *ev
	cleanEvent(&e)
	merge(&c.held.ev, &e)
	c.release()
	return true
}

// send sends a redacted copy of a finished event (parser.finish), or holds it back when
// it is a failed attempt's status line or bare evidence whose outcome or body may follow.
// The copy is made in out, once: an event is large, and one in six lines of a service's
// log is one.
func (c *chain) send(e *model.Event, retry bool) {
	c.out = *e
	cleanEvent(&c.out)
	if statusLine(&c.out, retry) || bareEvidence(&c.out, retry) {
		c.held = heldEvent{ok: true, ev: c.out}
		return
	}
	c.sink.Event(&c.out)
}

// heldEvent is a failed request's status line, kept back until the next event shows
// whether an exception follows that is the same call's outcome.
type heldEvent struct {
	ok bool
	ev model.Event
}

// release sends the held event, if any.
func (c *chain) release() {
	if c.held.ok {
		c.out = c.held.ev
		c.held = heldEvent{}
		c.sink.Event(&c.out)
	}
}

// Bounds on how far an SDK's final exception may follow the status line of its last
// attempt: it is raised as soon as the error body is read, so a few lines (a log line
// and a traceback's start) and a short time.
const (
	outcomeMaxLines = 25
	outcomeMaxDelay = 10 * time.Second
)

// statusLine reports an event that an SDK's request log printed for a failed attempt
// (httpx's "HTTP Request: … 429" under the Python SDK, the TypeScript SDK's "failed with
// status 529 … no more retries left"): a method or path and a status, no exception, and
// no retry announced. The SDK raises its exception after the last attempt, so one may
// follow. An application's own records (JSON lines, logfmt) are not held: whether the
// exception under one is the same call is the application's business.
func statusLine(e *model.Event, retry bool) bool {
	return !retry && e.Status >= 400 && e.Exception == "" && !e.NoResponse && (e.Method != "" || e.Path != "") &&
		(e.Dialect == "python-sdk" || e.Dialect == "typescript-sdk")
}

// outcomeOfHeld reports whether ev, an event about to be emitted, is the exception the SDK
// raised for the held status line: an exception with the same status, close after it, with
// no event and no retry announcement in between (a Retrying line means a new attempt,
// hence a new request), and no endpoint or request id that says it is another call.
// Concurrent workers that each fail keep their own status lines: only an exception merges,
// and only into the one status line right before it.
func (c *chain) outcomeOfHeld(ev *model.Event, retry bool) bool {
	h := &c.held.ev
	if retry || c.nextAttempt != 0 || ev.Exception == "" || ev.Source.Path != h.Source.Path {
		return false
	}
	// A wrapper's exception (LiteLLM's "litellm.RateLimitError: AnthropicException - {…}")
	// often states no status, only the body's error type: that type's status must be the
	// status line's.
	if ev.Status != h.Status && (ev.Status != 0 || ev.NoResponse || typeStatus[ev.ErrorType] != h.Status) {
		return false
	}
	if d := ev.Source.Line - h.Source.Line; d < 0 || d > outcomeMaxLines {
		return false
	}
	if !ev.Time.IsZero() && !h.Time.IsZero() {
		if d := ev.Time.Sub(h.Time); d < 0 || d > outcomeMaxDelay {
			return false
		}
	}
	differ := func(a, b string) bool { return a != "" && b != "" && a != b }
	return !differ(ev.Host, h.Host) && !differ(ev.Path, h.Path) && !differ(ev.Method, h.Method) &&
		!differ(clean(ev.RequestID), h.RequestID)
}

// bodyOfHeld reports whether ev is the body of the held bare evidence event: a few lines
// on, with the held status or an error type of that status, and no other endpoint.
func (c *chain) bodyOfHeld(ev *model.Event, retry bool) bool {
	h := &c.held.ev
	if h.Dialect != "evidence" || retry || ev.ErrorType == "" || ev.Source.Path != h.Source.Path {
		return false
	}
	if ev.Status != h.Status && !(ev.Status == 0 && typeStatus[ev.ErrorType] == h.Status) {
		return false
	}
	if d := ev.Source.Line - h.Source.Line; d <= 0 || d > maxReportGap {
		return false
	}
	differ := func(a, b string) bool { return a != "" && b != "" && a != b }
	return !differ(ev.Host, h.Host) && !differ(ev.Path, h.Path)
}

// lastFail is what reportsLastFail needs of the last failure emitted.
type lastFail struct {
	ok           bool
	line, status int
	host, path   string
}

// maxReportGap bounds how many lines after a failure the exception that reports it may
// come: a client prints the body, then raises.
const maxReportGap = 5

// reportsLastFail reports whether an evidence record is the exception or status line
// that reports the failure just emitted ("ModelHTTPError … body: {…}" and then
// "httpx.HTTPStatusError: Client error '400 Bad Request'"): the same status, a few lines
// on, the same endpoint if both name one, and nothing more specific (no error type or
// code) than what the failure's own event holds. One call is one event.
func (c *chain) reportsLastFail(ev *model.Event) bool {
	f := &c.lastFail
	if !f.ok || ev.ErrorType != "" || ev.ErrorCode != "" || ev.Status == 0 || ev.Status != f.status {
		return false
	}
	if d := ev.Source.Line - f.line; d <= 0 || d > maxReportGap {
		return false
	}
	differ := func(a, b string) bool { return a != "" && b != "" && a != b }
	return !differ(ev.Host, f.host) && !differ(ev.Path, f.path)
}
