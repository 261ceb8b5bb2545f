// Package errbody reads error bodies in every shape Claude's stack and its neighbours write.
package errbody

import "time"

// (implementation being written by the lead; the API below is stable)

// Info is what an error body says. Strings are redacted and bounded.
type Info struct {
	Shape     string // "anthropic", "edge", "openai", "google", "aws", "html", "text", "python-repr"
	Type      string // error.type ("overloaded_error", "forbidden", "exceeded_limit")
	Code      string // error.details.error_code, error.code, a Google status, x-amzn-errortype
	Message   string
	RequestID string
	Status    int       // a status the body itself states (Google's error.code), else 0
	Claim     string    // usage-limit window ("five_hour") from claude.ai's nested JSON
	ResetsAt  time.Time // when that limit resets
}

// Parse reads one error body: JSON envelopes (Anthropic, edge, OpenAI-compatible, Google,
// AWS), a Python dict repr, claude.ai's escaped JSON inside error.message, an HTML page
// (its <title>) or plain text. ok is false when the body says nothing usable.
func Parse(body []byte) (info Info, ok bool) { return Info{}, false }

// StreamInfo is what a text/event-stream body says about how the stream ended.
type StreamInfo struct {
	Error      Info   // the event: error payload, when HasError
	HasError   bool   // an "event: error" (or a data line with "type":"error") was seen
	Complete   bool   // message_stop (or claude.ai's equivalent end) was seen
	Events     int    // number of SSE events seen
	StopReason string // message_delta stop_reason, when seen
	Limit      Info   // message_limit event: Type "exceeded_limit"/"within_limit", Claim, ResetsAt
	HasLimit   bool
}

// Stream scans an event-stream body for error and message_limit events.
func Stream(body []byte) StreamInfo { return StreamInfo{} }
