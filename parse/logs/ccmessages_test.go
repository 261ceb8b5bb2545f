package logs

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
)

// TestCCMessages: Claude Code's own messages, printed without "API Error", are read as the
// status and error type they render; the near misses are the same words where they are not
// Claude Code's.
func TestCCMessages(t *testing.T) {
	for _, c := range []struct {
		name, in string
		status   int
		typ      string
		noResp   bool
		cut      bool
		none     bool
	}{
		{name: "login needed", in: "Not logged in · Please run /login", status: 401, typ: "authentication_error"},
		{name: "org disabled key", in: "Your ANTHROPIC_API_KEY belongs to a disabled organization · Update or unset the environment variable", status: 403, typ: "permission_error"},
		{name: "payment past due", in: "Claude Code can't use your Claude subscription, usually because a payment is past due · Pay or renew", status: 402, typ: "billing_error"},
		{name: "plan lacks the model", in: "Claude Opus is not available with the Claude Pro plan. If you have updated your subscription plan recently, run /logout and /login", status: 403, typ: "permission_error"},
		{name: "model missing on bedrock", in: "The model claude-opus-4-9 is not available on your bedrock deployment. Try switching", status: 404, typ: "not_found_error"},
		{name: "prompt too long in a paste", in: "Prompt is too long", status: 400, typ: "invalid_request_error"},
		{name: "high load", in: "Opus is experiencing high load, please use /model to switch to Sonnet", status: 529, typ: "overloaded_error"},
		{name: "after API Error: a cut stream", in: "API Error: Stream idle timeout - partial response received", cut: true},
		{name: "after API Error: a proxy tunnel", in: "API Error: Couldn't connect through your proxy (ERR_PROXY_TUNNEL) — the proxy refused the tunnel", noResp: true},
		{name: "a status printed wins over the table", in: "API Error: 400 Prompt is too long", status: 400},
		{name: "near miss: a weak wording in a long log", in: strings.Repeat("step ok\n", pasteLines) + "Failed to authenticate with registry.npmjs.org\n", none: true},
		{name: "near miss: a weak wording of another program in a paste", in: "Failed to authenticate: https://ghcr.io/token returned 401 Unauthorized\n", none: true},
		{name: "near miss: prose about a login", in: "remember to run the login script before deploying", none: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			col, _ := readString(t, c.in, Options{})
			f := col.failures()
			if c.none {
				for _, e := range f {
					if e.Dialect == "claude-code" {
						t.Fatalf("want no Claude Code event\n%s", dump(f))
					}
				}
				return
			}
			if len(f) != 1 {
				t.Fatalf("want 1 event\n%s", dump(col.events))
			}
			e := f[0]
			if e.Status != c.status || (c.typ != "" && e.ErrorType != c.typ) || e.NoResponse != c.noResp || e.Truncated != c.cut {
				t.Errorf("got\n%s", dump(f))
			}
		})
	}
}

// ccLine is a transcript record envelope around fields; the envelope's conversation fields
// (cwd, the parent) must never reach an event.
func ccLine(fields string) string {
	return `{"parentUuid":"0b7e","isSidechain":false,"cwd":"/home/dev/secret-project","sessionId":"3f6b","version":"2.1.333",` + fields + `}`
}

// TestCCRecord: Claude Code's JSON records of a failed call, pasted alone, are read from
// their fields; healthy records, and text the model wrote, are not.
func TestCCRecord(t *testing.T) {
	for _, c := range []struct {
		name, in string
		status   int
		typ      string
		attempt  int
		noResp   bool
		reqID    string
		none     bool
	}{
		{name: "transcript usage limit", in: ccLine(`"type":"assistant","timestamp":"2026-12-01T14:03:27.512Z","message":{"model":"<synthetic>","role":"assistant","content":[{"type":"text","text":"You've hit your session limit · resets 3pm (Europe/Berlin)"}]},"isApiErrorMessage":true,"apiErrorStatus":429,"error":"rate_limit","requestId":"req_011CVb4cKq8ZxT2nW7yR3mLp"`),
			status: 429, typ: "exceeded_limit", reqID: "req_011CVb4cKq8ZxT2nW7yR3mLp"},
		{name: "transcript connection failure", in: ccLine(`"type":"assistant","message":{"model":"<synthetic>","content":[{"type":"text","text":"API Error: Connection refused (ECONNREFUSED)"}]},"isApiErrorMessage":true,"error":"server_error","apiError":"connection_failed"`),
			noResp: true},
		{name: "system api_error retry", in: ccLine(`"type":"system","subtype":"api_error","level":"error","error":{"status":529,"requestID":"req_011CVb4cKq8ZxT2nW7yR3mLp","error":{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}},"retryInMs":2412,"retryAttempt":3,"maxRetries":10`),
			status: 529, typ: "overloaded_error", attempt: 3, reqID: "req_011CVb4cKq8ZxT2nW7yR3mLp"},
		{name: "stream-json api_retry", in: `{"type":"system","subtype":"api_retry","attempt":2,"max_retries":10,"retry_delay_ms":4512,"error_status":429,"error":"rate_limit","uuid":"2a3b","session_id":"3f6b"}`,
			status: 429, typ: "rate_limit_error", attempt: 2},
		{name: "stream-json api_retry without a status", in: `{"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"retry_delay_ms":1210,"error_status":null,"error":"server_error"}`,
			noResp: true, attempt: 1},
		{name: "result after a failed turn", in: `{"type":"result","subtype":"success","is_error":true,"num_turns":1,"result":"Credit balance is too low","session_id":"3f6b","api_error_status":400}`,
			status: 400},
		{name: "stream-json synthetic assistant", in: `{"type":"assistant","message":{"model":"<synthetic>","role":"assistant","content":[{"type":"text","text":"Invalid API key · Fix external API key"}]},"error":"authentication_failed","session_id":"3f6b"}`,
			status: 401, typ: "authentication_error"},
		{name: "near miss: a reply that talks about errors", in: ccLine(`"type":"assistant","message":{"model":"claude-opus-4-5","role":"assistant","content":[{"type":"text","text":"API Error: 529 Overloaded means the API is busy; Invalid API key means a bad key."}]}`), none: true},
		{name: "near miss: a successful result", in: `{"type":"result","subtype":"success","is_error":false,"result":"Handled API Error: 500 with a retry","session_id":"3f6b"}`, none: true},
		{name: "near miss: an error result whose text names no failure keeps the text out", in: `{"type":"result","subtype":"success","is_error":true,"num_turns":3,"result":"Here is my summary of the private design doc","session_id":"3f6b"}`, none: true},
		{name: "near miss: a turn cap", in: `{"type":"result","subtype":"error_max_turns","is_error":true,"errors":["Reached maximum number of turns (3)"]}`, none: true},
		{name: "near miss: a user message", in: ccLine(`"type":"user","message":{"role":"user","content":"why do I get API Error: 529 Overloaded?"}`), none: true},
		{name: "near miss: another system record", in: `{"type":"system","subtype":"init","cwd":"/x","session_id":"3f6b","model":"claude-opus-4-5"}`, none: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			col, _ := readString(t, c.in+"\n", Options{})
			f := col.failures()
			if c.none {
				if len(f) > 0 {
					t.Fatalf("want no event\n%s", dump(f))
				}
				return
			}
			if len(f) != 1 {
				t.Fatalf("want 1 event\n%s", dump(col.events))
			}
			e := f[0]
			if e.Status != c.status || (c.typ != "" && e.ErrorType != c.typ) || e.NoResponse != c.noResp ||
				e.Attempt != c.attempt || e.RequestID != c.reqID || e.Dialect != "claude-code" {
				t.Errorf("got\n%s", dump(f))
			}
			if strings.Contains(dump(f), "secret-project") {
				t.Errorf("the record's working directory reached the event\n%s", dump(f))
			}
		})
	}
}

// FuzzCCRecord: any object readCCRecord takes yields at most one event, with a status in
// range and no field of the envelope.
func FuzzCCRecord(f *testing.F) {
	f.Add(ccLine(`"type":"assistant","message":{"model":"<synthetic>","content":[{"type":"text","text":"Prompt is too long"}]},"isApiErrorMessage":true,"apiErrorStatus":400,"error":"invalid_request"`))
	f.Add(`{"type":"system","subtype":"api_retry","attempt":1,"error_status":529,"error":"overloaded"}`)
	f.Add(`{"type":"result","subtype":"success","is_error":true,"result":"API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}","api_error_status":500}`)
	f.Add(ccLine(`"type":"system","subtype":"api_error","error":{"status":1e9,"error":{"error":{"type":7}}},"retryAttempt":-3`))
	f.Fuzz(func(t *testing.T, in string) {
		var m map[string]any
		if json.Unmarshal([]byte(in), &m) != nil || m == nil {
			return
		}
		c := &collect{}
		p := newParser(strings.NewReader(""), "f.log", Options{}, c)
		p.readCCRecord(m, model.Source{Path: "f.log", Line: 1})
		p.flush()
		if len(c.events) > 1 {
			t.Fatalf("%d events from one record", len(c.events))
		}
		for _, e := range c.events {
			if e.Status != 0 && (e.Status < 100 || e.Status > 599) {
				t.Errorf("status %d", e.Status)
			}
			if e.Attempt < 0 {
				t.Errorf("attempt %d", e.Attempt)
			}
			if strings.Contains(dump(c.events), "secret-project") {
				t.Errorf("envelope field in the event\n%s", dump(c.events))
			}
		}
	})
}

// TestAISDKErrors: the Vercel AI SDK's errors pass the API's fixed messages on without a
// status; Node's inspect form puts the class in brackets; two errors come before any call.
func TestAISDKErrors(t *testing.T) {
	for _, c := range []struct {
		name, in, exc string
		status        int
		typ           string
		none          bool
	}{
		{name: "inspect form", in: "Error [AI_APICallError]: Overloaded", exc: "AI_APICallError", status: 529, typ: "overloaded_error"},
		{name: "500 message", in: "AI_APICallError: Internal server error", exc: "AI_APICallError", status: 500, typ: "api_error"},
		{name: "404 model", in: "AI_APICallError: model: claude-opus-4-9", exc: "AI_APICallError", status: 404, typ: "not_found_error"},
		{name: "retry wraps the last", in: "AI_RetryError: Failed after 3 attempts. Last error: Overloaded", exc: "AI_RetryError", status: 529, typ: "overloaded_error"},
		{name: "no key", in: "AI_LoadAPIKeyError: Anthropic API key is missing. Pass it using the 'apiKey' parameter or the ANTHROPIC_API_KEY environment variable.", exc: "AI_LoadAPIKeyError"},
		{name: "no model", in: "AI_NoSuchModelError: No such languageModel: claude-opus-4-9", exc: "AI_NoSuchModelError"},
		{name: "near miss: another message is not canonical", in: "AI_APICallError: Overloaded with requests from your IP", exc: "AI_APICallError"},
		{name: "near miss: another provider's key", in: "AI_LoadAPIKeyError: OpenAI API key is missing. Pass it using the 'apiKey' parameter or the OPENAI_API_KEY environment variable.", none: true},
		{name: "near miss: another provider's model", in: "AI_NoSuchModelError: No such languageModel: gpt-9", none: true},
		{name: "near miss: a bracket that is no SDK class", in: "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod'", none: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			col, _ := readString(t, c.in+"\n", Options{})
			f := col.failures()
			if c.none {
				if len(f) > 0 {
					t.Fatalf("want no event\n%s", dump(f))
				}
				return
			}
			if len(f) != 1 {
				t.Fatalf("want 1 event\n%s", dump(col.events))
			}
			if e := f[0]; e.Exception != c.exc || e.Status != c.status || e.ErrorType != c.typ {
				t.Errorf("got\n%s", dump(f))
			}
		})
	}
}

// FuzzAPICanonical: only a message-only event gets a status, and only one of the three.
func FuzzAPICanonical(f *testing.F) {
	for _, s := range []string{"Overloaded", "Internal server error.", "model: claude-x", "Failed after 3 attempts. Last error: Overloaded", "model: a b"} {
		f.Add(s, 0)
	}
	f.Add("Overloaded", 429)
	f.Fuzz(func(t *testing.T, msg string, status int) {
		ev := model.Event{Status: status}
		apiCanonical(&ev, msg)
		if status != 0 {
			if ev.Status != status || ev.ErrorType != "" {
				t.Fatalf("a status the log gave was changed: %d %q", ev.Status, ev.ErrorType)
			}
			return
		}
		switch ev.Status {
		case 0, 404, 500, 529:
		default:
			t.Fatalf("status %d", ev.Status)
		}
		if (ev.Status == 0) != (ev.ErrorType == "") {
			t.Fatalf("status %d with type %q", ev.Status, ev.ErrorType)
		}
	})
}

// TestTSLogWithoutURL: newer TypeScript SDKs log a retry by its log id alone.
func TestTSLogWithoutURL(t *testing.T) {
	for _, c := range []struct {
		in    string
		want  bool
		noURL bool
	}{
		{in: "[log_3f9a1c] connection failed - retrying, 1 attempts remaining", want: true, noURL: true},
		{in: `[log_3f9a1c, request-id: "req_1"] POST https://api.anthropic.com/v1/messages failed with status 529 in 812ms - retrying, 2 attempts remaining`, want: true},
		{in: "[log_3f9a1c] sending request"},                    // near miss: no failure
		{in: "[log_3f9a1c] connection failed"[1:], want: false}, // near miss: no log id
	} {
		col, _ := readString(t, c.in+"\n", Options{})
		f := col.failures()
		if got := len(f) == 1; got != c.want {
			t.Errorf("%q: events\n%s", c.in, dump(col.events))
			continue
		}
		if c.want && c.noURL && f[0].Endpoint() != "" {
			t.Errorf("%q: endpoint %q from nothing", c.in, f[0].Endpoint())
		}
	}
}

// TestCCTextStart: the text of a terminal line starts after its prefix and decoration.
func TestCCTextStart(t *testing.T) {
	for _, c := range []struct{ head, want string }{
		{"  ⎿  Your ANTHROPIC_API_KEY belongs to a ", "Your ANTHROPIC_API_KEY belongs to a "},
		{"2026-12-01T10:00:00Z [ERROR] ", ""},
		{"[DEBUG] Login expired · ", "Login expired · "},
		{"⏺ ", ""},
		{"", ""},
		{"529 ", "529 "}, // a status is text, not decoration
	} {
		if got := c.head[ccTextStart(c.head):]; got != c.want {
			t.Errorf("ccTextStart(%q): text %q, want %q", c.head, got, c.want)
		}
	}
}

// FuzzCCTextStart: the start is inside the head and on a rune boundary.
func FuzzCCTextStart(f *testing.F) {
	f.Add("  ⎿  Your key ")
	f.Add("[x] ] \xff⏺")
	f.Fuzz(func(t *testing.T, head string) {
		i := ccTextStart(head)
		if i < 0 || i > len(head) {
			t.Fatalf("start %d of %d", i, len(head))
		}
		if i < len(head) && !utf8.RuneStart(head[i]) && utf8.ValidString(head) {
			t.Fatalf("start %d inside a rune of %q", i, head)
		}
	})
}
