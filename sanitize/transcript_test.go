package sanitize

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/claudelog/claudelog/model"
)

func transcriptOf(t testing.TB, in string) (string, []model.InputWarning) {
	t.Helper()
	var out bytes.Buffer
	var warns []model.InputWarning
	if _, err := Transcript(strings.NewReader(in), &out, "t.jsonl", func(w model.InputWarning) { warns = append(warns, w) }); err != nil {
		t.Fatal(err)
	}
	return out.String(), warns
}

// TestTranscriptRecords: each record keeps its allowed fields, in its order, and loses
// the rest; a line that is not a record becomes an empty line.
func TestTranscriptRecords(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"user prompt",
			`{"parentUuid":null,"cwd":"/home/ana/acme","sessionId":"s-0001-aaaa","version":"2.1.197","gitBranch":"ACME-12","type":"user","message":{"role":"user","content":"SECRETPROMPT"},"uuid":"u1","timestamp":"2026-11-30T10:00:00Z"}`,
			`{"parentUuid":null,"sessionId":"s-0001-aaaa","version":"2.1.197","type":"user","message":{"role":"user"},"uuid":"u1","timestamp":"2026-11-30T10:00:00Z"}`},
		{"reply",
			`{"sessionId":"s-0001-aaaa","message":{"model":"claude-opus-4-5","id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"SECRETANSWER"},{"type":"tool_use","input":{"command":"cat .env"}}],"stop_reason":"tool_use","usage":{"input_tokens":3,"service_tier":"standard","note":"SECRET TEXT"}},"requestId":"req_011CVabc","type":"assistant","uuid":"a1","timestamp":"2026-11-30T10:00:01Z"}`,
			`{"sessionId":"s-0001-aaaa","message":{"model":"claude-opus-4-5","id":"msg_1","type":"message","role":"assistant","stop_reason":"tool_use","usage":{"input_tokens":3,"service_tier":"standard"}},"requestId":"req_011CVabc","type":"assistant","uuid":"a1","timestamp":"2026-11-30T10:00:01Z"}`},
		{"failed turn keeps its text, redacted",
			`{"type":"assistant","message":{"model":"<synthetic>","content":[{"type":"text","text":"API Error: 401 key sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}]},"error":"authentication_failed","isApiErrorMessage":true,"apiErrorStatus":401}`,
			""},
		{"summary", `{"type":"summary","summary":"SECRETSUMMARY","leafUuid":"l1"}`, `{"type":"summary","leafUuid":"l1"}`},
		{"tool result", `{"type":"user","toolUseResult":{"stdout":"SECRETOUT"},"message":{"role":"user","content":[{"type":"tool_result","content":"SECRETOUT"}]}}`,
			`{"type":"user","message":{"role":"user"}}`},
		{"result success drops the answer", `{"type":"result","subtype":"success","is_error":false,"result":"SECRETANSWER","session_id":"s-0002-bbbb","num_turns":2}`,
			`{"type":"result","subtype":"success","is_error":false,"session_id":"s-0002-bbbb","num_turns":2}`},
		{"result error keeps the error", `{"type":"result","subtype":"success","is_error":true,"result":"Credit balance is too low","session_id":"s-0002-bbbb"}`,
			`{"type":"result","subtype":"success","is_error":true,"result":"Credit balance is too low","session_id":"s-0002-bbbb"}`},
		{"a word field holding text is dropped", `{"type":"user","version":"2.1 and SECRET words","uuid":"u1"}`, `{"type":"user","uuid":"u1"}`},
		{"bad time", `{"type":"user","timestamp":"SECRET"}`, `{"type":"user"}`},
		{"not a record", `SECRET plain text`, ``},
		{"retry", `{"type":"system","subtype":"api_error","error":{"status":529,"headers":{"x-api-key":"SECRETKEY","Request-Id":"req_011CV1","retry-after":"5"},"requestID":"req_011CV1","error":{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}},"retryAttempt":1,"maxRetries":10,"retryInMs":500,"cwd":"/SECRET"}`,
			`{"type":"system","subtype":"api_error","error":{"error":{"error":{"message":"Overloaded","type":"overloaded_error"},"type":"error"},"headers":{"Request-Id":"req_011CV1","retry-after":"5"},"requestID":"req_011CV1","status":529},"retryAttempt":1,"maxRetries":10,"retryInMs":500}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := transcriptOf(t, tt.in+"\n")
			got = strings.TrimSuffix(got, "\n")
			if strings.Contains(got, "SECRET") || strings.Contains(got, "AAAAAAAAAAAAAAAAAAAA") {
				t.Errorf("leaks: %s", got)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if tt.name == "failed turn keeps its text, redacted" && !strings.Contains(got, "API Error: 401 key ") {
				t.Errorf("the error text is gone: %s", got)
			}
		})
	}
}

// TestTranscriptLines: one line out per line in, also for a record too long to read, and
// the input's last line keeps its lack of a newline.
func TestTranscriptLines(t *testing.T) {
	long := `{"type":"user","message":{"content":"` + strings.Repeat("SECRET ", maxTranscriptLine/7+10) + `"}}`
	in := `{"type":"user","uuid":"u1"}` + "\n" + "not json\n\n" + long + "\n" + `{"type":"user","uuid":"u2"}`
	got, warns := transcriptOf(t, in)
	want := `{"type":"user","uuid":"u1"}` + "\n\n\n\n" + `{"type":"user","uuid":"u2"}`
	if got != want {
		t.Errorf("got %q", got)
	}
	if len(warns) != 2 || warns[0].Source.Line != 4 || warns[1].Source.Line != 2 {
		t.Errorf("warnings %+v, want the long record at line 4 and the plain text at line 2", warns)
	}
}

// FuzzTranscript: whatever the input, sanitize ends, writes as many lines as it read,
// each empty or a JSON object, and never an "SECRET" planted outside an error text.
func FuzzTranscript(f *testing.F) {
	f.Add(`{"type":"user","message":{"content":"x"},"uuid":"u"}` + "\n")
	f.Add(`{"type":"assistant","message":{"model":"<synthetic>","content":[{"type":"text","text":"API Error: 529"}]},"isApiErrorMessage":true}`)
	f.Add(`{"type":"system","subtype":"api_error","error":{"status":529,"headers":{"a":"b"},"error":{"x":[1,{"y":"z"}]}}}`)
	f.Add("{\"a\":\n{}}\n[1]\n\"x\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		if _, err := Transcript(strings.NewReader(in), &out, "f", nil); err != nil {
			t.Fatal(err)
		}
		if a, b := strings.Count(in, "\n"), strings.Count(out.String(), "\n"); a != b {
			t.Fatalf("%d lines in, %d out", a, b)
		}
		for _, line := range strings.Split(out.String(), "\n") {
			if line == "" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("not a JSON object: %q (%v)", line, err)
			}
		}
	})
}

func BenchmarkTranscript(b *testing.B) {
	var in strings.Builder
	for i := 0; i < 200; i++ {
		in.WriteString(`{"parentUuid":"p","cwd":"/home/u/app","sessionId":"s-0001-aaaa","version":"2.1.197","type":"user","message":{"role":"user","content":"` + strings.Repeat("prompt text ", 200) + `"},"uuid":"u1","timestamp":"2026-11-30T10:00:00Z"}` + "\n")
		in.WriteString(`{"sessionId":"s-0001-aaaa","message":{"model":"claude-opus-4-5","id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"` + strings.Repeat("answer ", 300) + `"}],"usage":{"input_tokens":3}},"requestId":"req_011CVabc","type":"assistant","uuid":"a1","timestamp":"2026-11-30T10:00:01Z"}` + "\n")
	}
	s := in.String()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Transcript(strings.NewReader(s), io.Discard, "b", nil); err != nil {
			b.Fatal(err)
		}
	}
}
