package errbody

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
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
	var data bytes.Buffer
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
			name = string(bytes.TrimSpace(line[len("event:"):]))
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
	var head struct {
		Type         string          `json:"type"`
		StopReason   *string         `json:"stop_reason"`
		Delta        json.RawMessage `json:"delta"`
		MessageLimit json.RawMessage `json:"message_limit"`
	}
	if name == "content_block_delta" || name == "ping" || name == "content_block_start" || name == "content_block_stop" {
		return
	}
	if json.Unmarshal(data, &head) != nil {
		if name == "error" { // an error event whose payload is not JSON still says it failed
			s.HasError = true
			s.Error, _ = Parse(data)
		}
		return
	}
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
