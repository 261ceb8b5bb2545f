package claudecode

import (
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

type collect struct {
	evs   []model.Event
	warns []model.InputWarning
}

func (c *collect) Event(e *model.Event)      { c.evs = append(c.evs, *e) }
func (c *collect) Warn(w model.InputWarning) { c.warns = append(c.warns, w) }

func read(t testing.TB, s string) *collect {
	t.Helper()
	var c collect
	if err := Read(strings.NewReader(s), "proj/abc.jsonl", &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

const head = `"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/w","sessionId":"s-1","version":"2.1.197","gitBranch":"main"`

func userRec(text string) string {
	b, _ := json.Marshal(text)
	return `{` + head + `,"type":"user","message":{"role":"user","content":` + string(b) + `},"uuid":"u1","timestamp":"2026-11-30T10:00:00.000Z"}`
}

func replyRec(req, modelID, ts, content string) string {
	b, _ := json.Marshal(content)
	return `{` + head + `,"message":{"model":"` + modelID + `","id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":` + string(b) + `}]},"requestId":"` + req + `","type":"assistant","uuid":"a1","timestamp":"` + ts + `"}`
}

func failRec(extra, text string) string {
	b, _ := json.Marshal(text)
	return `{` + head + `,"type":"assistant","uuid":"e1","timestamp":"2026-11-30T10:00:05.000Z","message":{"id":"x","model":"<synthetic>","role":"assistant","type":"message","content":[{"type":"text","text":` + string(b) + `}]},"isApiErrorMessage":true` + extra + `}`
}

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		want bool
	}{
		{"transcript", userRec("hi") + "\n", true},
		{"transcript starting with a summary", `{"type":"summary","summary":"x","leafUuid":"l"}` + "\n" + userRec("hi"), true},
		{"a first record longer than the sniffed head", `{` + head + `,"type":"user","message":{"content":"` + strings.Repeat("x", 100), true},
		{"stream-json", `{"type":"system","subtype":"init","cwd":"/w","session_id":"s","tools":[]}` + "\n", true},
		// near misses
		{"JSON lines app log with a type", `{"type":"user","msg":"login","uuid":"1"}` + "\n", false},
		{"error body", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`, false},
		{"pretty-printed result", "{\n  \"type\": \"result\",\n  \"sessionId\": \"x\"\n}", false},
		{"HAR", `{"log":{"entries":[]}}`, false},
		{"text log mentioning a transcript", `INFO "sessionId":"x" "type":"user" "uuid":"y"`, false},
		{"empty", "", false},
	} {
		if got := Sniff([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: Sniff = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReadRecords(t *testing.T) {
	retry := `{` + head + `,"type":"system","subtype":"api_error","level":"error","error":{"status":529,"headers":{"request-id":"req_011CVretry0001","retry-after":"7","authorization":"Bearer sk-ant-oat01-SECRET"},"requestID":"req_011CVretry0001","error":{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CVretry0001"}},"retryInMs":1000,"retryAttempt":2,"maxRetries":10,"uuid":"r","timestamp":"2026-11-30T10:00:03.000Z"}`
	c := read(t, strings.Join([]string{
		`{"type":"summary","summary":"SUMMARY-CANARY","leafUuid":"l"}`,
		userRec("PROMPT-CANARY"),
		replyRec("req_011CVok00000001", "claude-sonnet-4-5", "2026-11-30T10:00:01.000Z", "ANSWER-CANARY"),
		replyRec("req_011CVok00000001", "claude-sonnet-4-5", "2026-11-30T10:00:01.500Z", "ANSWER-CANARY 2"), // same reply, next block
		retry,
		failRec(`,"apiErrorStatus":529,"error":"overloaded","requestId":"req_011CVfinal001"`, `API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`),
		`{` + head + `,"type":"assistant","message":{"model":"<synthetic>","content":[{"type":"text","text":"No response requested."}]},"uuid":"n","timestamp":"2026-11-30T10:00:06.000Z"}`,
		`not json at all`,
	}, "\n"))
	if len(c.evs) != 3 {
		t.Fatalf("%d events, want a success, a retry and a failed turn: %+v", len(c.evs), c.evs)
	}
	ok, r, f := c.evs[0], c.evs[1], c.evs[2]
	if ok.Failed() || ok.RequestID != "req_011CVok00000001" || ok.Client != "claude-code 2.1.197" || ok.Source.Line != 3 ||
		!ok.Time.Equal(time.Date(2026, 11, 30, 10, 0, 1, 0, time.UTC)) || ok.Platform != model.PlatformAPI {
		t.Errorf("success = %+v", ok)
	}
	if r.Status != 529 || r.ErrorType != "overloaded_error" || r.Attempt != 2 || r.RequestID != "req_011CVretry0001" ||
		r.RetryAfter != 7*time.Second || r.Header("authorization") != "" || r.Source.Line != 5 {
		t.Errorf("retry = %+v", r)
	}
	if f.Status != 529 || f.ErrorType != "overloaded_error" || f.Attempt != 3 || f.RequestID != "req_011CVfinal001" ||
		!strings.HasPrefix(f.Message, "API Error: 529") || f.Dialect != Dialect || f.Source.String() != "proj/abc.jsonl:6" {
		t.Errorf("failed turn = %+v", f)
	}
	if len(c.warns) != 1 || !strings.Contains(c.warns[0].Msg, "1 lines") {
		t.Errorf("warnings = %v", c.warns)
	}
}

// TestReadNearMisses: records that mention errors without being failures yield no failure.
func TestReadNearMisses(t *testing.T) {
	for _, tt := range []struct{ name, in string }{
		{"marker in a tool's input", `{` + head + `,"message":{"model":"claude-opus-4-5","content":[{"type":"tool_use","input":{"isApiErrorMessage":true,"apiErrorStatus":500,"type":"assistant"}}]},"requestId":"req_011CVtool00001","type":"assistant","uuid":"a","timestamp":"2026-11-30T10:00:00Z"}`},
		{"markers in a tool result", userRec(`"isApiErrorMessage":true "subtype":"api_error" "type":"result" API Error: 529 Overloaded`)},
		{"retry marker nested in a user record", `{` + head + `,"type":"user","toolUseResult":{"x":{"type":"system","subtype":"api_error","error":{"status":500}}},"uuid":"u","timestamp":"2026-11-30T10:00:00Z"}`},
		{"successful result", `{"type":"result","subtype":"success","is_error":false,"result":"API Error: 500 in your server","session_id":"s"}`},
		{"max turns", `{"type":"result","subtype":"error_max_turns","is_error":true,"session_id":"s"}`},
		{"synthetic reply without the error flag", `{` + head + `,"type":"assistant","message":{"model":"<synthetic>","content":[{"type":"text","text":"API Error: 500"}]},"uuid":"n","timestamp":"2026-11-30T10:00:06.000Z"}`},
	} {
		c := read(t, tt.in)
		for _, e := range c.evs {
			if e.Failed() {
				t.Errorf("%s: failure %+v", tt.name, e)
			}
		}
	}
}

func TestStreamJSON(t *testing.T) {
	c := read(t, strings.Join([]string{
		`{"type":"system","subtype":"init","cwd":"/w","session_id":"s","tools":[],"model":"claude-sonnet-4-5"}`,
		`{"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"retry_delay_ms":510,"error_status":529,"error":"overloaded","session_id":"s","uuid":"x"}`,
		`{"type":"system","subtype":"api_retry","attempt":2,"max_retries":10,"retry_delay_ms":1020,"error_status":null,"error":"unknown","session_id":"s","uuid":"y"}`,
		`{"type":"result","subtype":"success","is_error":true,"result":"Credit balance is too low","session_id":"s","duration_ms":1}`,
	}, "\n"))
	if len(c.evs) != 3 {
		t.Fatalf("%d events: %+v", len(c.evs), c.evs)
	}
	if e := c.evs[0]; e.Status != 529 || e.ErrorType != "overloaded_error" || e.Attempt != 1 {
		t.Errorf("api_retry = %+v", e)
	}
	if e := c.evs[1]; !e.NoResponse || e.Attempt != 2 {
		t.Errorf("api_retry without status = %+v", e)
	}
	if e := c.evs[2]; e.Message != "Credit balance is too low" {
		t.Errorf("result = %+v", e)
	}
	// An assistant error in stream-json: the kind under "error", no transcript flag; the
	// result after it is the same failure and is not counted again.
	c = read(t, strings.Join([]string{
		`{"type":"system","subtype":"init","cwd":"/w","session_id":"s","tools":[]}`,
		`{"type":"assistant","message":{"id":"x","model":"<synthetic>","role":"assistant","content":[{"type":"text","text":"Please run /login · API Error: 401 OAuth token has expired"}]},"parent_tool_use_id":null,"session_id":"s","uuid":"u","error":"authentication_failed"}`,
		`{"type":"result","subtype":"success","is_error":true,"result":"Please run /login · API Error: 401 OAuth token has expired","session_id":"s"}`,
	}, "\n"))
	if len(c.evs) != 1 || c.evs[0].ErrorType != "authentication_error" {
		t.Errorf("stream-json assistant error: %+v", c.evs)
	}
}

// TestKindCauses is the mapping of every failure kind to the cause the rules name, from a
// record that carries the kind and no telling text. A kind mapped to "" lands on no cause
// yet (see docs/claude-code.md): the text Claude Code shows with it decides.
func TestKindCauses(t *testing.T) {
	errorCauses := map[string]string{
		"authentication_failed": "auth_failed", "oauth_org_not_allowed": "permission_denied",
		"account_on_hold": "permission_denied", "verification_required": "permission_denied",
		"billing_error": "billing", "rate_limit": "rate_limited", "overloaded": "overloaded",
		"invalid_request": "invalid_request", "model_not_found": "not_found", "server_error": "server_error",
		"unknown": "", "max_output_tokens": "", "cloud_credential_error": "auth_failed",
	}
	apiCauses := map[string]string{
		"usage_limit_reached": "usage_limit", "message_over_context_limit": "context_too_long",
		"pdf_password_protected": "attachment_rejected", "tool_history_mismatch": "tool_history_invalid",
		"network_edge_blocked": "geo_blocked", "tls_untrusted_ca": "network_error", "tls_cert_invalid": "network_error",
		"tls_cert_signature_failure": "network_error", "client_certificate": "network_error",
		"connection_failed": "network_error", "computer_slept": "stream_interrupted",
		"request_timeout": "client_timeout", "stream_idle_timeout": "stream_interrupted", "no_response": "client_timeout",
		"provider_credentials": "auth_failed", "stored_login_refused": "auth_failed", "oauth_refresh_store_refused": "auth_failed",
		"gateway_signin_required": "auth_failed", "gateway_session_expired": "auth_failed", "invalid_credential_header": "auth_failed",
		"named_profile_unusable": "auth_failed", "api_key_auth_disabled": "permission_denied", "org_disabled_credential": "permission_denied",
		"field_not_granted": "permission_denied", "dlp_request_denied": "permission_denied", "safety_monitor_blocked": "permission_denied",
		"model_requires_usage_credits": "extra_usage_required", "long_context_credits_required": "extra_usage_required",
		"consent_unanswered": "extra_usage_required", "no_allowed_fallback": "extra_usage_required", "model_substitution_disabled": "extra_usage_required",
		"claude_code_version_too_old": "client_version_too_old", "pdf_too_large": "attachment_rejected", "media_removed": "invalid_request",
		"effort_requires_thinking": "model_unsupported", "advisor_incompatible": "model_unsupported",
		"autocompact_thrashing": "context_too_long", "max_output_tokens": "output_truncated", "hook_denied": "blocked_by_client", "empty_completion": "empty_completion",
	}
	for kind := range errorKinds {
		if _, ok := errorCauses[kind]; !ok {
			t.Errorf("error kind %s has no expected cause in this test", kind)
		}
	}
	check := func(label, extra, want string) {
		c := read(t, failRec(extra, "API Error"))
		if len(c.evs) != 1 || !c.evs[0].Failed() {
			t.Fatalf("%s: events %+v", label, c.evs)
		}
		got := ""
		if r, _, ok := rules.Classify(&c.evs[0]); ok {
			got = r.Cause
		}
		if got != want {
			t.Errorf("%s: cause %q, want %q (event %+v)", label, got, want, c.evs[0])
		}
	}
	for kind, want := range errorCauses {
		check("error "+kind, `,"error":"`+kind+`"`, want)
	}
	for kind, want := range apiCauses {
		if _, ok := apiErrorKinds[kind]; !ok {
			t.Errorf("api_error kind %s is not in the table", kind)
		}
		check("apiError "+kind, `,"error":"unknown","apiError":"`+kind+`"`, want)
	}
	// The text refines the kind: a session limit under rate_limit is a usage limit.
	check("rate_limit without a limit text", `,"apiErrorStatus":429,"error":"rate_limit"`, "rate_limited")
	c := read(t, failRec(`,"apiErrorStatus":429,"error":"rate_limit"`, "You've hit your weekly limit · resets Dec 4, 9am (Europe/Berlin)"))
	if r, _, _ := rules.Classify(&c.evs[0]); r == nil || r.Cause != "usage_limit" {
		t.Errorf("weekly limit text: %v", r)
	}
}

// lineReader yields one record of n bytes of tool output without holding it.
type lineReader struct {
	prefix, suffix string
	n, pos         int
}

func (l *lineReader) Read(p []byte) (int, error) {
	total := len(l.prefix) + l.n + len(l.suffix)
	if l.pos >= total {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && l.pos < total {
		switch {
		case l.pos < len(l.prefix):
			p[k] = l.prefix[l.pos]
		case l.pos < len(l.prefix)+l.n:
			p[k] = 'x'
		default:
			p[k] = l.suffix[l.pos-len(l.prefix)-l.n]
		}
		k++
		l.pos++
	}
	return k, nil
}

// TestLongRecord: a 5 MB reply is counted from its head and tail, in bounded memory.
func TestLongRecord(t *testing.T) {
	r := &lineReader{
		prefix: `{` + head + `,"message":{"model":"claude-opus-4-5","content":[{"type":"tool_use","input":{"content":"`,
		n:      5 << 20,
		suffix: `"}}]},"requestId":"req_011CVlong000001","type":"assistant","uuid":"a","timestamp":"2026-11-30T10:00:00Z"}` + "\n" + failRec(`,"apiErrorStatus":401,"error":"authentication_failed"`, "Invalid API key") + "\n",
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var c collect
	if err := Read(r, "p/s.jsonl", &c); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if len(c.evs) != 2 || c.evs[0].RequestID != "req_011CVlong000001" || c.evs[0].Failed() || c.evs[1].Status != 401 || c.evs[1].Source.Line != 2 {
		t.Fatalf("events %+v", c.evs)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 2<<20 {
		t.Errorf("reading a 5 MB record allocated %d bytes", grew)
	}
}

// TestLongUserRecord: a long tool result whose tail holds a reply's fields (a sub-agent's
// transcript in the result) is no reply.
func TestLongUserRecord(t *testing.T) {
	r := &lineReader{
		prefix: `{` + head + `,"type":"user","agentSettings":{"model":"claude-opus-4-5"},"message":{"role":"user","content":[{"type":"tool_result","content":"`,
		n:      1 << 20,
		suffix: `"}]},"toolUseResult":{"messages":[{"type":"assistant","requestId":"req_011CVnested0001","message":{"model":"claude-opus-4-5"}}]},"uuid":"u","timestamp":"2026-11-30T10:00:00Z"}` + "\n",
	}
	var c collect
	if err := Read(r, "p/s.jsonl", &c); err != nil {
		t.Fatal(err)
	}
	if len(c.evs) != 0 {
		t.Errorf("events from a user record: %+v", c.evs)
	}
}

// FuzzTopFields checks the scanner against encoding/json: on a valid object it finds the
// same top-level keys with the same values.
func FuzzTopFields(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":"x\"y","c":{"d":[1,{"e":"}"}]},"f":true}`))
	f.Add([]byte(failRec(`,"error":"overloaded"`, `a "quoted" \ text`)))
	f.Add([]byte(`{"a":"\\","b":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m map[string]json.RawMessage
		valid := json.Unmarshal(b, &m) == nil && bytes.HasPrefix(bytes.TrimSpace(b), []byte("{"))
		got := map[string]string{}
		var keys []string
		ok := topFields(b, func(k, v []byte) bool {
			got[string(k)] = string(v)
			keys = append(keys, string(k))
			return true
		})
		if !valid {
			return
		}
		if !ok {
			t.Fatalf("topFields failed on valid %q", b)
		}
		for k, v := range m {
			if strings.ContainsAny(k, `\"`) || !utf8Plain(k) {
				continue // topFields gives keys raw: one written with an escape (\" or \\) differs
			}
			if !slices.Contains(keys, k) || got[k] != string(v) {
				t.Fatalf("key %q: got %q, want %q", k, got[k], v)
			}
		}
	})
}

func utf8Plain(s string) bool {
	for _, c := range []byte(s) {
		if c < 0x20 || c >= 0x80 {
			return false
		}
	}
	return true
}

// FuzzRead: whatever the input, events are bounded and carry only shaped fields.
func FuzzRead(f *testing.F) {
	f.Add([]byte(failRec(`,"apiErrorStatus":429,"error":"rate_limit","requestId":"req_011CVx0000001"`, "You've hit your session limit")))
	f.Add([]byte(replyRec("req_011CVok00000001", "claude-sonnet-4-5", "2026-11-30T10:00:01Z", "hi")))
	f.Add([]byte(`{"type":"system","subtype":"api_error","error":{"status":500,"headers":{"x":"y"}},"retryAttempt":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var c collect
		if err := Read(bytes.NewReader(b), "p", &c); err != nil {
			t.Fatal(err)
		}
		for _, e := range c.evs {
			if len(e.Message) > model.MaxMessage+4 || len(e.Detail) > model.MaxMessage+4 {
				t.Fatalf("unbounded message %q", e.Message)
			}
			if e.RequestID != "" && !strings.HasPrefix(e.RequestID, "req_") {
				t.Fatalf("request id %q", e.RequestID)
			}
			if !strings.HasPrefix(e.Client, "claude-code") || e.Dialect != Dialect {
				t.Fatalf("client %q dialect %q", e.Client, e.Dialect)
			}
			if !e.Failed() && (e.Message != "" || e.RequestID == "") {
				t.Fatalf("success with text or without request id: %+v", e)
			}
		}
	})
}

// BenchmarkRead measures the reader alone over a session that is mostly conversation:
// prompts, replies with tool calls, long tool output, and a failure now and then.
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	out := strings.Repeat(`line of tool output with "quotes" and \ backslashes 429 500\n`, 400)
	for i := 0; buf.Len() < 8<<20; i++ {
		buf.WriteString(userRec("please look at the failing test "+strings.Repeat("x", 200)) + "\n")
		buf.WriteString(replyRec("req_011CVbench"+strconv.Itoa(100000+i), "claude-sonnet-4-5", "2026-11-30T10:00:01Z", strings.Repeat("an answer ", 300)) + "\n")
		buf.WriteString(userRec(out) + "\n")
		if i%50 == 0 {
			buf.WriteString(failRec(`,"apiErrorStatus":529,"error":"overloaded"`, "API Error: 529 Overloaded") + "\n")
		}
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var c collect
		if err := Read(bytes.NewReader(data), "p", &c); err != nil || len(c.evs) == 0 {
			b.Fatal(err, len(c.evs))
		}
	}
}
