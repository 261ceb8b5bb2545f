package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/analyze/diff"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/rules"
)

// diffInput analyses testdata inputs the way `claudelog analyze` does, naming each input by
// its path under testdata so that golden files do not depend on where the test runs.
func diffInput(t *testing.T, paths ...string) *model.Report {
	t.Helper()
	an := analyze.New(analyze.Options{Detectors: rules.DefaultDetectors()})
	for _, p := range paths {
		in, err := parse.Read(filepath.Join("..", "testdata", p), nil, parse.Options{Location: time.UTC}, an)
		if err != nil {
			t.Fatal(err)
		}
		an.AddInput(model.Input{Path: p, Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	return an.Report()
}

// fixedDiff compares two hand-built reports that hold every change class, per-hour rates,
// several statuses and unclassified failures.
func fixedDiff(t *testing.T) *diff.Diff {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	c := func(id string) model.Cause {
		x, ok := rules.CauseByID(id)
		if !ok {
			t.Fatalf("no cause %q", id)
		}
		return x
	}
	f := func(id string, sev model.Severity, n int, from, to time.Duration) model.Finding {
		return model.Finding{Cause: c(id), Severity: sev, Count: n, FirstSeen: t0.Add(from), LastSeen: t0.Add(to)}
	}
	before := &model.Report{
		Inputs: []model.Input{{Path: "before/ci.log", Format: "log", Events: 80, Failures: 20}, {Path: "before/session.har", Format: "har", Events: 40, Failures: 8}},
		Summary: model.Summary{Events: 120, Failures: 28, ByStatus: map[int]int{0: 1, 429: 3, 500: 10, 529: 9}, Start: t0, End: t0.Add(2 * time.Hour),
			Unclassified: 2, Warnings: 1},
		Findings: []model.Finding{
			f("overloaded", model.Error, 9, 10*time.Minute, 50*time.Minute),
			f("server_error", model.Error, 10, 0, 100*time.Minute),
			f("rate_limited", model.Error, 3, time.Hour, 70*time.Minute),
			f("client_timeout", model.Error, 3, 5*time.Minute, 90*time.Minute),
			f("blocked_by_client", model.Info, 1, 0, 0),
		},
	}
	t1 := t0.Add(24 * time.Hour)
	g := func(id string, sev model.Severity, n int, from, to time.Duration) model.Finding {
		x := f(id, sev, n, from, to)
		x.FirstSeen, x.LastSeen = t1.Add(from), t1.Add(to)
		return x
	}
	after := &model.Report{
		Inputs: []model.Input{{Path: "after/ci.log", Format: "log", Events: 150, Failures: 21}},
		Summary: model.Summary{Events: 150, Failures: 21, ByStatus: map[int]int{402: 1, 413: 6, 429: 11, 500: 2, 0: 1}, Start: t1, End: t1.Add(3 * time.Hour),
			Unclassified: 1},
		Findings: []model.Finding{
			g("billing", model.Critical, 1, 2*time.Hour, 2*time.Hour),
			g("request_too_large", model.Error, 6, 0, 3*time.Hour),
			g("rate_limited", model.Error, 11, time.Hour, 2*time.Hour),
			g("server_error", model.Error, 2, 0, time.Hour),
			g("client_timeout", model.Error, 3, 30*time.Minute, 31*time.Minute),
		},
	}
	return diff.Compare(before, after)
}

func TestDiffGolden(t *testing.T) {
	cases := []struct {
		name string
		diff func(*testing.T) *diff.Diff
		loc  *time.Location
	}{
		{"fixed", fixedDiff, time.FixedZone("CET", 3600)},
		{"overloaded-clean", func(t *testing.T) *diff.Diff {
			return diff.Compare(diffInput(t, "hars/api-overloaded.har"), diffInput(t, "hars/claude-ai-clean.har"))
		}, time.UTC},
		{"burst-spread", func(t *testing.T) *diff.Diff {
			return diff.Compare(diffInput(t, "logs/pattern-burst.log"), diffInput(t, "logs/pattern-spread-429.log"))
		}, time.UTC},
		{"session-self", func(t *testing.T) *diff.Diff {
			return diff.Compare(diffInput(t, "hars/claude-ai-session.har"), diffInput(t, "hars/claude-ai-session.har"))
		}, time.UTC},
	}
	for _, c := range cases {
		d := c.diff(t)
		t.Run(c.name+".table", func(t *testing.T) {
			var out bytes.Buffer
			if err := DiffTable(&out, d, Options{Location: c.loc}); err != nil {
				t.Fatal(err)
			}
			golden(t, "diff-"+c.name+".table", out.Bytes())
		})
		t.Run(c.name+".json", func(t *testing.T) {
			var out bytes.Buffer
			if err := DiffJSON(&out, d, Options{Location: c.loc}); err != nil {
				t.Fatal(err)
			}
			golden(t, "diff-"+c.name+".json", out.Bytes())
		})
	}
}

// TestDiffJSONContract reads the JSON back as a script would and checks the fields the
// schema promises.
func TestDiffJSONContract(t *testing.T) {
	var out bytes.Buffer
	if err := DiffJSON(&out, fixedDiff(t), Options{}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Schema  string `json:"schema"`
		Verdict string `json:"verdict"`
		Before  struct {
			Inputs  []map[string]any `json:"inputs"`
			Summary map[string]any   `json:"summary"`
		} `json:"before"`
		After struct {
			Inputs  []map[string]any `json:"inputs"`
			Summary map[string]any   `json:"summary"`
		} `json:"after"`
		Delta  map[string]any `json:"delta"`
		Causes []struct {
			Cause, Severity, Change string
			Significant             bool
			Before, After           map[string]any
		} `json:"causes"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Schema != "claudelog/diff/v1" || got.Verdict == "" {
		t.Errorf("schema %q, verdict %q", got.Schema, got.Verdict)
	}
	if len(got.Before.Inputs) != 2 || len(got.After.Inputs) != 1 {
		t.Errorf("inputs: %d before, %d after", len(got.Before.Inputs), len(got.After.Inputs))
	}
	for _, k := range []string{"calls", "failures", "failures_per_100_calls", "by_status", "start", "end", "hours"} {
		if _, ok := got.Before.Summary[k]; !ok {
			t.Errorf("before.summary has no %q", k)
		}
	}
	if got.Delta["calls"] != 30.0 || got.Delta["failures"] != -7.0 {
		t.Errorf("delta = %v", got.Delta)
	}
	var changes []string
	for _, c := range got.Causes {
		changes = append(changes, c.Change)
		for _, side := range []map[string]any{c.Before, c.After} {
			for _, k := range []string{"count", "per_100_calls", "per_hour"} {
				if _, ok := side[k]; !ok {
					t.Errorf("%s: no %q", c.Cause, k)
				}
			}
		}
	}
	if want := "appeared appeared worse disappeared disappeared better same"; strings.Join(changes, " ") != want {
		t.Errorf("changes %v, want %s", changes, want)
	}
}

// TestDiffTableOmitsHourly: without time windows on both sides there are no per-hour
// columns, and JSON has no per_hour field.
func TestDiffTableOmitsHourly(t *testing.T) {
	d := diff.Compare(diffInput(t, "hars/api-overloaded.har"), diffInput(t, "hars/claude-ai-clean.har"))
	var tab, js bytes.Buffer
	if err := DiffTable(&tab, d, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := DiffJSON(&js, d, Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(tab.String(), "PER HOUR") || strings.Contains(js.String(), "per_hour") {
		t.Errorf("per-hour rates without windows:\n%s\n%s", tab.String(), js.String())
	}
}

// TestDiffWidths pins the diff at 80, 120 and 200 columns, with per-hour rates (fixed) and
// without (two HARs): every line within the width, and the widest layout that fits.
func TestDiffWidths(t *testing.T) {
	cases := []struct {
		name string
		diff *diff.Diff
		want map[int]string // the layout expected at each width
	}{
		{"fixed", fixedDiff(t), map[int]string{80: "stacked", 120: "narrow", 200: "wide"}},
		{"outage", diff.Compare(diffInput(t, "hars/api-overloaded.har"), diffInput(t, "hars/pattern-outage.har")),
			map[int]string{80: "narrow", 120: "wide", 200: "wide"}},
	}
	for _, c := range cases {
		for _, width := range []int{80, 120, 200} {
			t.Run(fmt.Sprintf("%s-%d", c.name, width), func(t *testing.T) {
				var out bytes.Buffer
				if err := DiffTable(&out, c.diff, Options{Location: time.UTC, Width: width}); err != nil {
					t.Fatal(err)
				}
				s := out.String()
				for i, l := range strings.Split(s, "\n") {
					if n := utf8.RuneCountInString(l); n > width {
						t.Errorf("line %d is %d columns, over %d: %q", i+1, n, width, l)
					}
				}
				layout := "stacked"
				switch {
				case strings.Contains(s, "PER 100 CALLS"):
					layout = "wide"
				case strings.Contains(s, "┌"):
					layout = "narrow"
				}
				if layout != c.want[width] {
					t.Errorf("at %d columns the %s layout, want %s", width, layout, c.want[width])
				}
				golden(t, fmt.Sprintf("diff-%s-%d.table", c.name, width), out.Bytes())
			})
		}
	}
}

// TestDiffColour: the severities are coloured in every layout, and the colour takes no
// columns.
func TestDiffColour(t *testing.T) {
	for _, width := range []int{0, 80, 120} {
		var plain, col bytes.Buffer
		if err := DiffTable(&plain, fixedDiff(t), Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		if err := DiffTable(&col, fixedDiff(t), Options{Width: width, Color: true}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(col.String(), ansiBRed+"critical"+ansiReset) {
			t.Errorf("width %d: critical is not coloured", width)
		}
		if got := stripANSI(col.String()); got != plain.String() {
			t.Errorf("width %d: colour changed the text:\n%s\nwant\n%s", width, got, plain.String())
		}
	}
}
