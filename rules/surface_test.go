package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

// TestEverySurfaceHasSteps: every cause says, for every surface, either its own steps or,
// visibly, that the developer's apply (sameAsDeveloper). A new cause without a row fails.
func TestEverySurfaceHasSteps(t *testing.T) {
	for _, c := range Causes() {
		st, ok := surfaceSteps[c.ID]
		if !ok {
			t.Errorf("cause %s has no row in surfaceSteps", c.ID)
			continue
		}
		for name, list := range map[string][]string{"web": st.web, "code": st.code, "bedrock": st.bedrock, "vertex": st.vertex, "proxy": st.proxy} {
			if len(list) == 0 {
				t.Errorf("cause %s: no steps for %s (write them, or sameAsDeveloper on purpose)", c.ID, name)
			}
			for _, s := range list {
				if s == "" || (strings.HasPrefix(s, "\x00") && !isSameAsDeveloper(list)) {
					t.Errorf("cause %s, %s: an empty or marker step among real ones", c.ID, name)
				}
			}
		}
	}
	for id := range surfaceSteps {
		if _, ok := CauseByID(id); !ok {
			t.Errorf("surfaceSteps has a row for %s, which is no cause", id)
		}
	}
}

// TestSurfaceStepsSpeakToTheirUser keeps each surface's steps to what its user can do: no
// SDK settings for a browser user, no browser for Claude Code, the commands Claude Code has
// (read from @anthropic-ai/claude-code 2.1.332, docs/claude-code.md).
func TestSurfaceStepsSpeakToTheirUser(t *testing.T) {
	notFor := map[model.Surface][]string{
		model.SurfaceWeb:        {"max_retries", "NODE_EXTRA_CA_CERTS", "Batches API", "exponential backoff", "SDK", "/login", "max_tokens"},
		model.SurfaceClaudeCode: {"max_retries", "private window", "press Retry", "Message Batches"},
	}
	commands := []string{"/login", "/status", "/model", "/usage", "/usage-credits", "/extra-usage", "/upgrade", "/compact",
		"/clear", "/rewind", "/bug"}
	for _, r := range All() {
		for s, bad := range notFor {
			for _, step := range FixesFor(&r, s) {
				for _, b := range bad {
					if strings.Contains(step, b) {
						t.Errorf("rule %s, %s: step %q speaks of %q", r.ID, s, step, b)
					}
				}
				if s != model.SurfaceClaudeCode {
					continue
				}
				for _, w := range strings.Fields(step) {
					w = strings.Trim(w, ".,;:()`")
					if strings.HasPrefix(w, "/") && !strings.Contains(w[1:], "/") {
						known := false
						for _, c := range commands {
							known = known || w == c
						}
						if !known {
							t.Errorf("rule %s: Claude Code step names %s, which is not among the commands checked in the package", r.ID, w)
						}
					}
				}
			}
		}
	}
}

func TestSurfaceOf(t *testing.T) {
	for _, tt := range []struct {
		name string
		e    model.Event
		want model.Surface
	}{
		{"claude.ai completion", model.Event{Format: model.FormatHAR, Host: "claude.ai", Platform: model.PlatformWeb, Client: "Chrome 131 (macOS)"}, model.SurfaceWeb},
		{"console", model.Event{Host: "platform.claude.com", Platform: model.PlatformConsole}, model.SurfaceWeb},
		{"analytics in a browser HAR", model.Event{Format: model.FormatHAR, Host: "api.segment.io", Platform: model.PlatformOther, ResourceType: "fetch", Client: "Chrome 131 (macOS)"}, model.SurfaceWeb},
		{"SDK call in a HAR", model.Event{Format: model.FormatHAR, Host: "api.anthropic.com", Platform: model.PlatformAPI, Client: "anthropic-python 0.40.0"}, model.SurfaceAPI},
		{"Claude Code transcript", model.Event{Format: "claude-code", Dialect: "claude-code-transcript", Host: "api.anthropic.com", Platform: model.PlatformAPI}, model.SurfaceClaudeCode},
		{"Claude Code log line", model.Event{Format: model.FormatLog, Dialect: "claude-code"}, model.SurfaceClaudeCode},
		{"an app printing the Python SDK's error after \"API Error:\"", model.Event{Format: model.FormatLog, Dialect: "claude-code",
			Detail: "Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}"}, model.SurfaceAPI},
		{"near miss: Claude Code's own 529 line", model.Event{Format: model.FormatLog, Dialect: "claude-code",
			Detail: `529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`}, model.SurfaceClaudeCode},
		{"Claude Code in a HAR", model.Event{Format: model.FormatHAR, Host: "api.anthropic.com", Platform: model.PlatformAPI, Client: "claude-cli 2.0.14"}, model.SurfaceClaudeCode},
		{"Claude Code on Bedrock", model.Event{Dialect: "claude-code", Host: "bedrock-runtime.us-east-1.amazonaws.com", Platform: model.PlatformBedrock}, model.SurfaceClaudeCode},
		{"Bedrock host", model.Event{Host: "bedrock-runtime.us-east-1.amazonaws.com", Platform: model.PlatformBedrock}, model.SurfaceBedrock},
		{"Bedrock log", model.Event{Format: model.FormatLog, Dialect: "bedrock"}, model.SurfaceBedrock},
		{"Vertex host", model.Event{Host: "us-east5-aiplatform.googleapis.com", Platform: model.PlatformVertex}, model.SurfaceVertex},
		{"gateway", model.Event{Host: "llm-gateway.corp.example", Path: "/v1/messages", Platform: model.PlatformOther}, model.SurfaceProxy},
		{"an SDK's Vertex client", model.Event{Format: model.FormatLog, Dialect: "python-sdk", Message: "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model"}, model.SurfaceVertex},
		{"python SDK log", model.Event{Format: model.FormatLog, Dialect: "python-sdk"}, model.SurfaceAPI},
		{"a log line naming nothing", model.Event{Format: model.FormatLog, Dialect: "evidence"}, model.SurfaceUnknown},
		{"another site's host from a script", model.Event{Format: model.FormatLog, Host: "example.com", Platform: model.PlatformOther}, model.SurfaceUnknown},
	} {
		if got := SurfaceOf(&tt.e); got != tt.want {
			t.Errorf("%s: SurfaceOf = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestResetOf(t *testing.T) {
	at := time.Date(2026, 11, 30, 12, 1, 0, 0, time.UTC) // 13:01 in Berlin
	epoch := time.Unix(1767225600, 0).UTC()
	for _, tt := range []struct {
		name     string
		e        model.Event
		want     time.Time
		wantText string
	}{
		{"resetsAt from the parser", model.Event{ResetsAt: epoch}, epoch, ""},
		{"unified reset header", model.Event{Headers: []model.Header{{Name: "anthropic-ratelimit-unified-reset", Value: "1767225600"}}}, epoch, ""},
		{"RFC 3339 reset headers, the latest", model.Event{Headers: []model.Header{
			{Name: "anthropic-ratelimit-requests-reset", Value: "2026-11-30T12:01:10Z"},
			{Name: "anthropic-ratelimit-tokens-reset", Value: "2026-11-30T12:01:30Z"}}}, time.Date(2026, 11, 30, 12, 1, 30, 0, time.UTC), ""},
		{"resets 3pm (Europe/Berlin), later that day", model.Event{Time: at, Message: "You've hit your session limit · resets 3pm (Europe/Berlin)"},
			time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC), ""},
		{"resets 12:50am (America/Los_Angeles), the next day", model.Event{Time: at, Message: "You've hit your limit · resets 12:50am (America/Los_Angeles)"},
			time.Date(2026, 12, 1, 8, 50, 0, 0, time.UTC), ""},
		{"a minute after the clock time is that window", model.Event{Time: time.Date(2026, 11, 30, 14, 1, 1, 0, time.UTC), Message: "resets 3pm (Europe/Berlin)"},
			time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC), ""},
		{"weekly with a date", model.Event{Time: at, Message: "You've hit your weekly limit · resets Dec 5, 9am (Europe/Berlin)"},
			time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC), ""},
		{"older wording", model.Event{Time: at, Message: "Your limit will reset at 5pm (Europe/Warsaw)."},
			time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC), ""},
		{"no zone: the words", model.Event{Time: at, Message: "5-hour limit reached ∙ resets 2am"}, time.Time{}, "2am"},
		{"no event time: the words", model.Event{Message: "You've hit your limit · resets 3pm (Europe/Berlin)"}, time.Time{}, "3pm (Europe/Berlin)"},
		{"unknown zone: the words", model.Event{Time: at, Message: "resets 3pm (Mars/Olympus)"}, time.Time{}, "3pm (Mars/Olympus)"},
		{"not a clock", model.Event{Time: at, Message: "resets 25pm (Europe/Berlin)"}, time.Time{}, ""},
		{"the tier's spend cap: the 1st of next month", model.Event{Time: at, ErrorCode: "enforced_spend_limit_reached"},
			time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), ""},
		{"the spend cap in December", model.Event{Time: time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), Message: "You have reached your API usage limits"},
			time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{"nothing", model.Event{Time: at, Message: "Overloaded"}, time.Time{}, ""},
	} {
		got, text := ResetOf(&tt.e)
		if !got.Equal(tt.want) || text != tt.wantText {
			t.Errorf("%s: ResetOf = %v %q, want %v %q", tt.name, got, text, tt.want, tt.wantText)
		}
	}
}

// TestNoStepSaysUnixSeconds: a step never sends the user to convert a Unix time; the
// report writes the time (ResetMark).
func TestNoStepSaysUnixSeconds(t *testing.T) {
	for _, r := range All() {
		for _, s := range model.Surfaces {
			for _, step := range FixesFor(&r, s) {
				if strings.Contains(step, "Unix seconds") || strings.Contains(step, "(resetsAt") {
					t.Errorf("rule %s, %s: %q", r.ID, s, step)
				}
			}
		}
	}
}
