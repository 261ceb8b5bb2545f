package errbody

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

var headCases = []string{
	`{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1,"cache_read_input_tokens":0}}}`,
	`{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}`,
	`{"type":"message_stop"}`,
	`{"type":"completion","completion":"Hi","stop_reason":null,"model":"claude-2.1","stop":null,"log_id":"x"}`,
	`{"type":"completion","completion":"","stop_reason":"stop_sequence"}`,
	`{"type":"message_limit","message_limit":{"type":"within_limit","resetsAt":null,"remaining":null,"windows":{"5h":{"status":"within_limit","resets_at":1767225600,"utilization":0.25}}}}`,
	` { "type" : "message_delta" , "delta" : { "stop_reason" : "max_tokens" } } `,
	`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
	`{"Type":"message_stop"}`, `{"TYPE":"x","type":"y"}`, `{"ſtop_reason":"x"}`, `{"type":"a","type":"b"}`,
	`{"type":null}`, `{"type":5}`, `{"stop_reason":5}`, `{"stop_reason":null}`, `{"delta":null}`,
	`{"delta":[1,2.5,-0,1e10,true,false,null,"s",{}]}`, `{"x":01}`, `{"x":1.}`, `{"x":-}`, `{"x":1e}`,
	`{"x":[1,]}`, `{"x":[ ]}`, `{"x":{"a":1,}}`, `{"type":"a\u0062"}`, `{"type":"caf` + "\xe9" + `"}`,
	`{"type":"message_stop"} x`, `{"type":"message_stop"`, `[]`, `null`, `{}`, ``, `{"x":tru}`,
	`{"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
	`{"type":"message_stop","é":1}`, `{"message_limit":{"type":"exceeded_limit"},"type":"message_limit"}`,
	"{\"type\":\"a\tb\"}", `{"x":"\"}`,
}

// checkHead holds fastHead to encoding/json: where it takes data, encoding/json accepts
// it and decodes the same head.
func checkHead(t *testing.T, data []byte) bool {
	t.Helper()
	got, handled := fastHead(data)
	if !handled {
		return false
	}
	var want streamHead
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%q: fastHead took data encoding/json rejects: %v", data, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\nfast %+v\njson %+v", data, got, want)
	}
	return true
}

// checkStopReason holds fastStopReason to encoding/json in the same way.
func checkStopReason(t *testing.T, raw []byte) bool {
	t.Helper()
	got, handled := fastStopReason(raw)
	if !handled {
		return false
	}
	var want struct {
		StopReason string `json:"stop_reason"`
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%q: fastStopReason took data encoding/json rejects: %v", raw, err)
	}
	if got != want.StopReason {
		t.Fatalf("%q: fast %q, json %q", raw, got, want.StopReason)
	}
	return true
}

// TestFastHead also holds fastStopReason to encoding/json, on the same payloads and on
// the deltas in them.
func TestFastHead(t *testing.T) {
	taken, reasons := 0, 0
	for _, c := range append(headCases, `{"stop_reason":"end_turn","stop_sequence":null}`, `{"stop_reason":null}`,
		`{"Stop_reason":"x"}`, `{"stop_reason":"a","stop_reason":"b"}`, `{"stop_reason":7}`, `{"type":"x","stop_reason":"tool_use"}`) {
		if checkHead(t, []byte(c)) {
			taken++
		}
		if checkStopReason(t, []byte(c)) {
			reasons++
		}
		if h, ok := fastHead([]byte(c)); ok && h.Delta != nil {
			checkStopReason(t, h.Delta)
		}
	}
	if reasons < 5 {
		t.Errorf("fastStopReason took only %d of the payloads", reasons)
	}
	if taken < 8 {
		t.Errorf("fastHead took only %d of the payloads", taken)
	}
}

func FuzzFastHead(f *testing.F) {
	for _, c := range headCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkHead(t, b)
		checkStopReason(t, b)
	})
}

// refStream is Stream as it was before the fast path: every payload through encoding/json.
func refStream(body []byte) StreamInfo {
	var s StreamInfo
	var name string
	var data bytes.Buffer
	dispatch := func() {
		if name == "" && data.Len() == 0 {
			return
		}
		s.Events++
		s.refObserve(name, data.Bytes())
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

// refObserve is observe with encoding/json for the head (observeHead's delta is held to
// encoding/json by checkStopReason).
func (s *StreamInfo) refObserve(name string, data []byte) {
	if name == "content_block_delta" || name == "ping" || name == "content_block_start" || name == "content_block_stop" {
		return
	}
	var head streamHead
	if json.Unmarshal(data, &head) != nil {
		if name == "error" {
			s.HasError = true
			s.Error, _ = Parse(data)
		}
		return
	}
	s.observeHead(name, data, head)
}

func streamCases() []string {
	var out []string
	for _, c := range headCases {
		out = append(out, "data: "+c+"\n\n", "event: message\ndata: "+c+"\n\n", "event: error\ndata: "+c+"\n\n",
			"event: message_start\ndata: "+c+"\n\nevent: message_delta\ndata: "+c+"\ndata: "+c+"\n\n")
	}
	return append(out,
		"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"content\":[]}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
		"event: message_start\r\ndata:{\"type\":\"message_start\"}\r\n\r\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
		"event:  ping \ndata:\n\nevent: other\n\n", "data:\ndata: x\n\n", "")
}

// TestStreamAgrees holds Stream (fast heads, pooled buffers, interned names) to refStream.
func TestStreamAgrees(t *testing.T) {
	for _, c := range streamCases() {
		if got, want := Stream([]byte(c)), refStream([]byte(c)); got != want {
			t.Errorf("%q:\n got %+v\nwant %+v", c, got, want)
		}
	}
}

func FuzzStreamAgrees(f *testing.F) {
	for _, c := range streamCases() {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := Stream(b), refStream(b); got != want {
			t.Fatalf("%q:\n got %+v\nwant %+v", b, got, want)
		}
	})
}

func BenchmarkStream(b *testing.B) {
	body := []byte(streamCases()[len(headCases)*4])
	b.ReportAllocs()
	for b.Loop() {
		Stream(body)
	}
}
