package incidents

import (
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/rules"
)

// TestEndToEnd runs real inputs through parse and analyze with the detectors, then
// correlates them with the saved page, as the command line does.
func TestEndToEnd(t *testing.T) {
	tests := []struct {
		input string
		page  string
		want  map[string]string // cause → a note it must carry; "" means no note at all
	}{
		// claude.ai, 2026-11-20 09:16 UTC, during the fixture's Opus incident on claude.ai.
		{"../../testdata/hars/claude-ai-session.har", "incidents.json", map[string]string{
			"overloaded":        `Declared incident "Elevated errors on Claude Opus 4"`,
			"blocked_by_client": "",
		}},
		// api.anthropic.com, 2026-11-23 14:21 UTC: after the page's last update, so the
		// page cannot rule out an incident declared later.
		{"../../testdata/hars/pattern-outage.har", "incidents-empty.json", map[string]string{
			"outage_window": "No declared incident on status.claude.com overlaps this window as of 2026-11-20 12:05 UTC",
		}},
		// The same with a page updated after it: a plain "no declared incident".
		{"../../testdata/logs/pattern-outage.log", "incidents-empty.json+", map[string]string{
			"outage_window": noneOK,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			an := analyze.New(analyze.Options{Detectors: rules.DefaultDetectors()})
			if _, err := parse.Read(tt.input, nil, parse.Options{Location: time.UTC}, an); err != nil {
				t.Fatal(err)
			}
			r := an.Report()
			p := loadFixture(t, strings.TrimSuffix(tt.page, "+"))
			if strings.HasSuffix(tt.page, "+") {
				p.UpdatedAt = at("2026-11-24T08:00:00Z")
			}
			notes := Correlate(r, p, Options{})
			if len(notes) == 0 || !strings.HasPrefix(notes[0], "Status page: ") {
				t.Errorf("report notes %q", notes)
			}
			seen := map[string]bool{}
			for _, f := range r.Findings {
				want, ok := tt.want[f.Cause.ID]
				if !ok {
					continue
				}
				seen[f.Cause.ID] = true
				got := strings.Join(f.Notes, "\n")
				if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
					t.Errorf("%s notes %q, want %q", f.Cause.ID, f.Notes, want)
				}
			}
			for c := range tt.want {
				if !seen[c] {
					t.Errorf("no %s finding", c)
				}
			}
		})
	}
}
