// Package event defines the Event: one call to Claude (or to a page around it) as read from
// any input, already redacted. Every parser produces Events; the analyzer consumes them.
//
// An Event never holds a secret or conversation text. Parsers put only redacted, bounded
// strings into it (see package redact), so that later stages cannot leak what they never saw.
//
// Zero values mean "not known", never "zero": a zero Time is an event without a timestamp,
// a zero Status is a request that got no HTTP answer or whose status the input did not say.
package model

import (
	"fmt"
	"strings"
	"time"
)

// Format names the kind of input an event was read from.
type Format string

// The input formats claudelog reads.
const (
	FormatHAR  Format = "har"
	FormatLog  Format = "log"
	FormatJSON Format = "json"
)

// Platform says which Claude surface a call went to. It decides how much a failure hurts:
// a failed call to a third-party analytics host in a claude.ai HAR is noise.
type Platform string

// The platforms claudelog tells apart.
const (
	PlatformUnknown Platform = ""
	PlatformAPI     Platform = "api"       // api.anthropic.com
	PlatformWeb     Platform = "claude.ai" // claude.ai, api.claude.ai
	PlatformConsole Platform = "console"   // platform.claude.com, console.anthropic.com
	PlatformBedrock Platform = "bedrock"   // bedrock-runtime.*.amazonaws.com
	PlatformVertex  Platform = "vertex"    // *-aiplatform.googleapis.com
	PlatformOther   Platform = "other"     // any other host: CDNs, analytics, extensions
)

// Source says where an event came from.
type Source struct {
	Path   string // the input as the user named it; "-" for standard input
	Entry  int    // 1-based HAR entry or JSON array element; 0 when not an entry
	Line   int    // 1-based line of a log; 0 when not a line
	Offset int64  // byte offset in the (decompressed) input; 0 when not known
}

// String renders the source the way evidence shows it: "session.har#entry-17", "ci.log:120".
func (s Source) String() string {
	switch {
	case s.Entry > 0:
		return fmt.Sprintf("%s#entry-%d", s.Path, s.Entry)
	case s.Line > 0:
		return fmt.Sprintf("%s:%d", s.Path, s.Line)
	case s.Offset > 0:
		return fmt.Sprintf("%s@%d", s.Path, s.Offset)
	}
	return s.Path
}

// Header is one response or request header that claudelog keeps: rate-limit state, retry
// hints, request ids and edge markers. Parsers keep only names on redact.KeptHeader.
type Header struct {
	Name  string // lower case
	Value string
}

// Event is one call and what came of it: a failure, or a success that patterns need
// (a burst is measured against all calls, not only the failed ones).
type Event struct {
	Source Source
	Format Format
	Time   time.Time // when the request started; zero when the input does not say

	// What was called. Path holds no query string and no user info.
	Method   string
	Host     string
	Path     string
	Platform Platform

	// What came back.
	Status     int    // HTTP status; 0 when no answer came or the input does not say
	NoResponse bool   // the request got no HTTP answer at all (HAR status 0 or -1, a transport error)
	ErrorType  string // error.type of the body, e.g. "overloaded_error", "forbidden"
	ErrorCode  string // a finer code: error.details.error_code, an AWS or Google status
	Message    string // the error message, redacted and at most MaxMessage bytes
	Exception  string // the exception or error class a log printed, e.g. "anthropic.RateLimitError"
	NetError   string // a transport failure: "net::ERR_BLOCKED_BY_CLIENT", "ECONNRESET"
	RequestID  string // request-id header or request_id field: "req_011C..."
	InStream   bool   // the error arrived inside an event stream whose HTTP status was 200
	Truncated  bool   // the response or stream ended early (cut stream, partial body)
	RetryAfter time.Duration
	Headers    []Header // kept response headers, lower-case names (see redact.KeptHeader)

	// Usage limits (claude.ai message_limit, Claude Code subscription headers).
	LimitClaim string    // "five_hour", "seven_day", ...
	ResetsAt   time.Time // when the limit resets

	// How big and how long. 0 means not known.
	RequestBytes  int64
	ResponseBytes int64
	Duration      time.Duration

	// Who called.
	Client       string // "Chrome 130 (macOS)", "anthropic-python 0.40.0", "claude-cli 2.0.14"
	ResourceType string // the browser's resource type: "fetch", "xhr", "script", "ping", "image"
	Attempt      int    // 1-based attempt number when the input says (x-stainless-retry-count, "attempt 3/10")
	ServerIP     string // the address that answered; IPs are not secrets and show VPN switches
	Edge         string // the CDN location that answered, from the cf-ray suffix, e.g. "FRA"

	// Dialect names the log dialect or HAR exporter that produced the event ("chrome",
	// "firefox", "python-sdk", "claude-code", ...), for evidence and debugging.
	Dialect string
	// Detail is a short, redacted line of context for evidence when no message exists:
	// the log line's essence, the HTML page title.
	Detail string

	// Unanchored says the failure was read from lines that name no provider: the input was
	// about Claude (a short paste, or a log that names Claude), so they were taken as
	// Claude's. The report says so in its notes.
	Unanchored bool

	// Call identity (docs/call-identity.md): a retry sends the same body again, so the
	// detectors tell a call's retries from new calls of the same size by these digests.
	// They are 64-bit hashes computed while the input is read; neither the body nor the key
	// is ever kept. No output prints them: a short prompt could be guessed back from its
	// digest by trying candidates, so they only group requests inside the analysis. 0 means
	// not known.
	BodyDigest uint64 // FNV-1a of the request body as the input wrote it
	KeyDigest  uint64 // FNV-1a of the request's idempotency key, when the client sent one

	// Session is the Claude Code session the event was read from (issue #15); nil for every
	// other input. Shared by all events of the session, never changed after.
	Session *Session
}

// MaxMessage bounds Message and Detail: evidence is a sample, not a copy of the input.
const MaxMessage = 400

// Failed reports whether the event is a failure rather than a success kept for patterns.
// An error message with no HTTP status is a failure too: logs often print only the
// wording ("Credit balance is too low"), and successes carry no message.
func (e *Event) Failed() bool {
	return e.Status >= 400 || e.NoResponse || e.ErrorType != "" || e.NetError != "" ||
		e.Exception != "" || e.InStream || e.Truncated || (e.Status == 0 && e.Message != "")
}

// Header returns the value of the kept header name (lower case), or "".
func (e *Event) Header(name string) string {
	for _, h := range e.Headers {
		if h.Name == name {
			return h.Value
		}
	}
	return ""
}

// Endpoint renders the call as "POST api.anthropic.com/v1/messages", or "" when unknown.
func (e *Event) Endpoint() string {
	if e.Host == "" && e.Path == "" {
		return ""
	}
	var b strings.Builder
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
	}
	b.WriteString(e.Host)
	b.WriteString(e.Path)
	return b.String()
}

// Text is every human-readable string of the event in one lower-case string, for rules
// that match wording. It is built on demand; rules that need it call it once.
func (e *Event) Text() string {
	return strings.ToLower(strings.Join([]string{e.ErrorType, e.ErrorCode, e.Message, e.Exception, e.NetError, e.Detail}, "\n"))
}

// Clip shortens s to at most n bytes on a rune boundary, marking the cut with "…".
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// PlatformOf classifies a host name.
func PlatformOf(host string) Platform {
	h := strings.ToLower(host)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	switch {
	case h == "":
		return PlatformUnknown
	case h == "api.anthropic.com" || strings.HasSuffix(h, ".api.anthropic.com"):
		return PlatformAPI
	case h == "claude.ai" || strings.HasSuffix(h, ".claude.ai"):
		return PlatformWeb
	case h == "platform.claude.com" || h == "console.anthropic.com":
		return PlatformConsole
	case strings.HasPrefix(h, "bedrock-runtime") && strings.HasSuffix(h, ".amazonaws.com"):
		return PlatformBedrock
	case strings.HasSuffix(h, "aiplatform.googleapis.com"):
		return PlatformVertex
	}
	return PlatformOther
}

// Claude reports whether the platform is one of Claude's own surfaces.
func (p Platform) Claude() bool {
	return p != PlatformUnknown && p != PlatformOther
}

// InputWarning is a problem with the input that did not stop the analysis: a truncated file, an
// entry of the wrong shape, an unreadable date. It names the place, so the user can look.
// Msg must be redacted like every other string that leaves the program.
type InputWarning struct {
	Source Source
	Msg    string
}

// String renders the warning as "path#entry-3: message" or "path@1234: message".
func (w InputWarning) String() string { return w.Source.String() + ": " + w.Msg }

// Sink receives what a parser reads. Parsers call Event for every call they find and Warn
// for every problem; both may be called many times and neither may retain the pointer.
type Sink interface {
	Event(e *Event)
	Warn(w InputWarning)
}
