package errbody

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// StreamInfo is what a text/event-stream body says about how the stream ended.
type StreamInfo struct {
	Error      Info   // the event: error payload, when HasError
	HasError   bool   // an "event: error" (or a data payload with "type":"error") was seen
	Started    bool   // message_start (or a claude.ai completion chunk) was seen
	Complete   bool   // message_stop, or a completion chunk with a stop_reason, was seen
	Events     int    // number of SSE events seen
	StopReason string // the last stop_reason seen
	Limit      Info   // the message_limit event: Type "exceeded_limit"/"within_limit", Claim, ResetsAt
	HasLimit   bool
	// Utilization is the highest usage-window utilization (0–1) a message_limit reported;
	// 0 when none did.
	Utilization float64
}

// Stream scans an event-stream body for error, message_limit and end-of-message events. It
// never keeps text deltas: the completion is conversation content and stays out.
func Stream(body []byte) StreamInfo {
	var s StreamInfo
	var name string
	data := streamBufs.Get().(*bytes.Buffer)
	data.Reset()
	defer func() {
		if data.Cap() <= maxPooledBuf {
			streamBufs.Put(data)
		}
	}()
	dispatch := func() {
		if name == "" && data.Len() == 0 {
			return
		}
		s.Events++
		s.observe(name, data.Bytes())
		name = ""
		data.Reset()
	}
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(line) == 0:
			dispatch()
		case bytes.HasPrefix(line, []byte("event:")):
			name = eventName(bytes.TrimSpace(line[len("event:"):]))
		case bytes.HasPrefix(line, []byte("data:")):
			if data.Len() > 0 {
				data.WriteByte('\n')
			}
			if data.Len() < MaxBody {
				data.Write(bytes.TrimPrefix(line[len("data:"):], []byte(" ")))
			}
		}
	}
	dispatch()
	return s
}

// observe reads one dispatched event. Only the fields that say how the stream went are
// decoded; text deltas are skipped by type before any decoding.
func (s *StreamInfo) observe(name string, data []byte) {
	if name == "content_block_delta" || name == "ping" || name == "content_block_start" || name == "content_block_stop" {
		return
	}
	head, handled := fastHead(data)
	if !handled {
		var h streamHead // declared here: only this path makes it escape
		if json.Unmarshal(data, &h) == nil {
			s.observeHead(name, data, h)
			return
		}
		if name == "error" { // an error event whose payload is not JSON still says it failed
			s.HasError = true
			s.Error, _ = Parse(data)
		}
		return
	}
	s.observeHead(name, data, head)
}

// observeHead reads an event whose data decoded as head.
func (s *StreamInfo) observeHead(name string, data []byte, head streamHead) {
	typ := head.Type
	if name != "" && name != "message" {
		typ = name
	}
	switch typ {
	case "error":
		s.HasError = true
		s.Error, _ = Parse(data)
	case "message_start":
		s.Started = true
	case "message_stop":
		s.Complete = true
	case "message_delta":
		if r, handled := fastStopReason(head.Delta); handled {
			if r != "" {
				s.StopReason = r
			}
			break
		}
		var d struct {
			StopReason string `json:"stop_reason"`
		}
		if json.Unmarshal(head.Delta, &d) == nil && d.StopReason != "" {
			s.StopReason = d.StopReason
		}
	case "message_limit":
		s.HasLimit = true
		s.readLimit(head.MessageLimit)
	case "completion":
		// claude.ai's older stream: {"type":"completion","completion":"…","stop_reason":null}
		s.Started = true
		if head.StopReason != nil && *head.StopReason != "" {
			s.Complete = true
			s.StopReason = *head.StopReason
		}
	}
}

// streamHead is what observe decodes of an event's data: only the fields that say how the
// stream went.
type streamHead struct {
	Type         string          `json:"type"`
	StopReason   *string         `json:"stop_reason"`
	Delta        json.RawMessage `json:"delta"`
	MessageLimit json.RawMessage `json:"message_limit"`
}

// streamBufs holds the buffers Stream gathers an event's data lines in: a HAR of a long
// session has one stream per call. Buffers over maxPooledBuf are left to the collector.
var streamBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBuf = 256 << 10

// eventName returns an event's name (or a type, or a stop reason) as a string, without
// allocating for the names Claude's streams use on every event.
func eventName(b []byte) string {
	switch string(b) {
	case "message_start":
		return "message_start"
	case "message_delta":
		return "message_delta"
	case "message_stop":
		return "message_stop"
	case "content_block_start":
		return "content_block_start"
	case "content_block_delta":
		return "content_block_delta"
	case "content_block_stop":
		return "content_block_stop"
	case "ping":
		return "ping"
	case "error":
		return "error"
	case "message_limit":
		return "message_limit"
	case "completion":
		return "completion"
	case "message":
		return "message"
	case "end_turn":
		return "end_turn"
	}
	return string(b)
}

// maxFastDepth bounds the nesting fastHead reads; deeper data goes to encoding/json.
const maxFastDepth = 64

// fastHead decodes the common event payloads, a JSON object of plain strings, numbers,
// literals, arrays and objects, into a streamHead without encoding/json, which cost most of
// a healthy stream's reading. handled is false for anything it is not sure of (an escape or
// invalid UTF-8 in a string, a key that differs from a field only in case, a duplicate
// field, a field of another type, trailing bytes): observe then decodes the data with
// encoding/json. When handled, the head is exactly encoding/json's, and encoding/json would
// have accepted the data (TestFastHead, FuzzFastHead). Delta and MessageLimit alias data.
func fastHead(data []byte) (head streamHead, handled bool) {
	d := fastDec{b: data}
	var seen [4]bool
	if !d.open() {
		return streamHead{}, false
	}
	for first := true; ; first = false {
		key, end, ok := d.key(first)
		if !ok {
			return streamHead{}, false
		}
		if end {
			break
		}
		f := -1
		switch string(key) {
		case "type":
			f = 0
		case "stop_reason":
			f = 1
		case "delta":
			f = 2
		case "message_limit":
			f = 3
		default:
			if !plainKey(key) || !d.value(0) { // a key like "Type" matches a field
				return streamHead{}, false
			}
			continue
		}
		if seen[f] {
			return streamHead{}, false
		}
		seen[f] = true
		switch f {
		case 0:
			v, ok := d.strNoCopy()
			if !ok {
				return streamHead{}, false
			}
			head.Type = eventName(v)
			continue
		case 1:
			if d.null() {
				continue
			}
			v, ok := d.strNoCopy()
			if !ok {
				return streamHead{}, false
			}
			r := eventName(v)
			head.StopReason = &r
			continue
		}
		start := d.i
		if !d.value(0) {
			return streamHead{}, false
		}
		if f == 2 {
			head.Delta = data[start:d.i:d.i]
		} else {
			head.MessageLimit = data[start:d.i:d.i]
		}
	}
	d.ws()
	if d.i != len(data) {
		return streamHead{}, false
	}
	return head, true
}

// fastStopReason reads a message_delta's delta as encoding/json reads it into
// struct{StopReason string}, for the objects fastDec is sure of; handled is false otherwise.
func fastStopReason(raw []byte) (reason string, handled bool) {
	d := fastDec{b: raw}
	if !d.open() {
		return "", false
	}
	seen := false
	for first := true; ; first = false {
		key, end, ok := d.key(first)
		if !ok {
			return "", false
		}
		if end {
			break
		}
		if string(key) != "stop_reason" {
			if !plainKey(key) || !d.value(0) {
				return "", false
			}
			continue
		}
		if seen {
			return "", false
		}
		seen = true
		if d.null() {
			continue
		}
		v, ok := d.strNoCopy()
		if !ok {
			return "", false
		}
		reason = eventName(v)
	}
	d.ws()
	return reason, d.i == len(raw)
}

// plainKey reports whether a key can match none of streamHead's fields under
// encoding/json's case-insensitive matching: it is ASCII and folds to none of them.
func plainKey(k []byte) bool {
	for i := 0; i < len(k); i++ {
		if k[i] >= utf8.RuneSelf {
			return false
		}
	}
	switch strings.ToLower(string(k)) {
	case "type", "stop_reason", "delta", "message_limit":
		return false
	}
	return true
}

// readLimit reads claude.ai's message_limit payload.
func (s *StreamInfo) readLimit(raw json.RawMessage) {
	var l struct {
		Type                string `json:"type"`
		ResetsAt            any    `json:"resetsAt"`
		RepresentativeClaim string `json:"representativeClaim"`
		Windows             map[string]struct {
			Status      string  `json:"status"`
			ResetsAt    any     `json:"resets_at"`
			Utilization float64 `json:"utilization"`
		} `json:"windows"`
	}
	if json.Unmarshal(raw, &l) != nil {
		return
	}
	s.Limit = Info{Shape: "anthropic", Type: clean(l.Type), Claim: clean(l.RepresentativeClaim)}
	if t, ok := epoch(l.ResetsAt); ok {
		s.Limit.ResetsAt = t
	}
	for _, name := range slices.Sorted(maps.Keys(l.Windows)) {
		w := l.Windows[name]
		if w.Utilization > s.Utilization {
			s.Utilization = w.Utilization
		}
		if w.Status == "exceeded_limit" {
			if s.Limit.Claim == "" {
				s.Limit.Claim = clean(name)
			}
			if t, ok := epoch(w.ResetsAt); ok && (s.Limit.ResetsAt.IsZero() || t.After(s.Limit.ResetsAt)) {
				s.Limit.ResetsAt = t
			}
		}
	}
	if s.Limit.Type == "exceeded_limit" {
		s.Limit.Message = "usage limit exceeded"
		if s.Limit.Claim != "" {
			s.Limit.Message += " (" + s.Limit.Claim + ")"
		}
	}
}
