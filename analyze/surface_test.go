package analyze

import (
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

// TestFindingSurfaceAndReset: a finding speaks to the surface most of its events came from,
// its steps are that surface's, and a usage limit carries the latest reset its events gave.
func TestFindingSurfaceAndReset(t *testing.T) {
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	an := New(Options{Detectors: rules.DefaultDetectors()})
	web := func(i int) *model.Event {
		return &model.Event{Format: model.FormatHAR, Time: at.Add(time.Duration(i) * time.Minute), Method: "POST",
			Host: "claude.ai", Path: "/api/organizations/{id}/chat_conversations/{id}/completion", Platform: model.PlatformWeb,
			Status: 529, ErrorType: "overloaded_error", Message: "Overloaded"}
	}
	an.Event(web(0))
	an.Event(web(1))
	an.Event(&model.Event{Format: model.FormatLog, Dialect: "python-sdk", Time: at.Add(2 * time.Minute), Status: 529, ErrorType: "overloaded_error"})
	an.Event(&model.Event{Format: "claude-code", Dialect: "claude-code-transcript", Time: at.Add(3 * time.Minute), Status: 429,
		ErrorType: "rate_limit_error", Message: "You've hit your session limit · resets 3pm (Europe/Berlin)", Platform: model.PlatformAPI})
	an.Event(&model.Event{Format: "claude-code", Dialect: "claude-code-transcript", Time: at.Add(4 * time.Minute), Status: 429,
		ErrorType: "rate_limit_error", Message: "You've hit your limit · resets 4pm (Europe/Berlin)", Platform: model.PlatformAPI})
	r := an.Report()
	byCause := map[string]model.Finding{}
	for _, f := range r.Findings {
		byCause[f.Cause.ID] = f
	}
	over := byCause["overloaded"]
	if over.Surface != model.SurfaceWeb {
		t.Errorf("overloaded: surface %q, want claude.ai (2 of 3 events)", over.Surface)
	}
	if len(over.Fixes) == 0 || !strings.Contains(over.Fixes[0], "press Retry") {
		t.Errorf("overloaded: fixes %q are not the browser's", over.Fixes)
	}
	lim := byCause["usage_limit"]
	if lim.Surface != model.SurfaceClaudeCode {
		t.Errorf("usage_limit: surface %q, want claude-code", lim.Surface)
	}
	if want := time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC); !lim.ResetsAt.Equal(want) {
		t.Errorf("usage_limit: resets at %v, want %v (the later of 14:00 and 15:00 UTC)", lim.ResetsAt, want)
	}
	if len(lim.Fixes) == 0 || !strings.Contains(lim.Fixes[0], model.ResetMark) {
		t.Errorf("usage_limit: the first step %q has no place for the reset time", lim.Fixes)
	}
}
