package diff

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/rules"
)

// read analyses testdata inputs the way `claudelog analyze` does, with the pattern
// detectors at their defaults.
func read(t testing.TB, paths ...string) *model.Report {
	t.Helper()
	an := analyze.New(analyze.Options{Detectors: rules.DefaultDetectors()})
	for _, p := range paths {
		in, err := parse.Read(filepath.Join("..", "..", "testdata", p), nil, parse.Options{Location: time.UTC}, an)
		if err != nil {
			t.Fatal(err)
		}
		an.AddInput(model.Input{Path: p, Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	return an.Report()
}

func cause(t testing.TB, id string) model.Cause {
	t.Helper()
	c, ok := rules.CauseByID(id)
	if !ok {
		t.Fatalf("no cause %q", id)
	}
	return c
}

// report builds a report of calls calls over window (none when 0) with the findings.
func report(calls int, window time.Duration, findings ...model.Finding) *model.Report {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	r := &model.Report{Summary: model.Summary{Events: calls, ByStatus: map[int]int{}}, Findings: findings}
	if window > 0 {
		r.Summary.Start, r.Summary.End = t0, t0.Add(window)
	}
	for _, f := range findings {
		r.Summary.Failures += f.Count
	}
	return r
}

func finding(t testing.TB, id string, sev model.Severity, count int) model.Finding {
	return model.Finding{Cause: cause(t, id), Severity: sev, Count: count}
}

// TestClassify is the small-count rule: a change must be at least MinEvents failures at
// the scale of the smaller side and MinRelative of the before rate.
func TestClassify(t *testing.T) {
	cases := []struct {
		name           string
		b, a           int
		callsB, callsA int
		want           Change
		significant    bool
	}{
		{"1 vs 2 is not twice as bad", 1, 2, 100, 100, Same, false},
		{"2 vs 1", 2, 1, 100, 100, Same, false},
		{"3 vs 9 same size", 3, 9, 100, 100, Worse, true},
		{"9 vs 3 same size", 9, 3, 100, 100, Better, true},
		{"exactly two more", 2, 4, 100, 100, Worse, true},
		{"same rate, bigger input", 5, 50, 100, 1000, Same, false},
		{"same count, ten times the calls", 10, 10, 100, 1000, Better, true},
		{"3/100 vs 9/1000 drops 2.1 events", 3, 9, 100, 1000, Better, true},
		{"2/100 vs 9/1000 drops 1.1 events", 2, 9, 100, 1000, Same, false},
		{"big counts, small relative change", 1000, 1100, 10000, 10000, Same, false},
		{"big counts, 20% more", 1000, 1200, 10000, 10000, Worse, true},
		{"appeared once", 0, 1, 100, 100, Appeared, false},
		{"appeared twice", 0, 2, 100, 100, Appeared, true},
		{"disappeared once", 1, 0, 100, 100, Disappeared, false},
		{"disappeared, after too small to tell", 4, 0, 5, 1, Disappeared, false},
		{"disappeared nine", 9, 0, 20, 15, Disappeared, true},
		{"no calls before", 0, 3, 0, 10, Appeared, false},
		{"nothing either side", 0, 0, 10, 10, Same, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, sig := classify(c.b, c.a, c.callsB, c.callsA)
			if got != c.want || sig != c.significant {
				t.Errorf("classify(%d, %d, %d, %d) = %s, %v; want %s, %v", c.b, c.a, c.callsB, c.callsA, got, sig, c.want, c.significant)
			}
		})
	}
}

// TestCompareClasses builds one report pair holding every change class and checks rows,
// rates, order and verdict.
func TestCompareClasses(t *testing.T) {
	before := report(100, 2*time.Hour,
		finding(t, "overloaded", model.Error, 9),       // disappeared
		finding(t, "rate_limited", model.Error, 3),     // worse
		finding(t, "server_error", model.Error, 10),    // better
		finding(t, "client_timeout", model.Error, 4),   // same
		finding(t, "blocked_by_client", model.Info, 1), // disappeared, too few
		finding(t, "auth_failed", model.Critical, 0),   // an empty finding is no row
	)
	after := report(100, time.Hour,
		finding(t, "rate_limited", model.Error, 9),
		finding(t, "server_error", model.Error, 2),
		finding(t, "client_timeout", model.Error, 5),
		finding(t, "billing", model.Critical, 1),       // appeared
		finding(t, "context_too_long", model.Error, 6), // appeared
	)
	d := Compare(before, after)
	type row struct {
		id     string
		change Change
		sig    bool
		b, a   int
	}
	var got []row
	for _, c := range d.Causes {
		got = append(got, row{c.Cause.ID, c.Change, c.Significant, c.Before.Count, c.After.Count})
	}
	want := []row{
		{"billing", Appeared, false, 0, 1}, // critical first: impact is severity, then count
		{"context_too_long", Appeared, true, 0, 6},
		{"rate_limited", Worse, true, 3, 9},
		{"overloaded", Disappeared, true, 9, 0},
		{"blocked_by_client", Disappeared, false, 1, 0},
		{"server_error", Better, true, 10, 2},
		{"client_timeout", Same, false, 4, 5},
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows:\n got %v\nwant %v", got, want)
	}
	if !d.Hourly {
		t.Fatal("both sides have a window of an hour or more, but Hourly is false")
	}
	rl := d.Causes[2]
	if rl.Before.Per100Calls != 3 || rl.After.Per100Calls != 9 || rl.Before.PerHour != 1.5 || rl.After.PerHour != 9 {
		t.Errorf("rate_limited rates = %+v / %+v", rl.Before, rl.After)
	}
	wantVerdict := "New problem: billing appeared (0 → 1), context_too_long appeared (0 → 6); rate_limited got worse (3 → 9; 3.0 → 9.0 per 100 calls); overloaded disappeared (9 → 0), server_error got better (10 → 2; 10.0 → 2.0 per 100 calls); blocked_by_client disappeared (1 → 0, too few to be sure)."
	if d.Verdict != wantVerdict {
		t.Errorf("verdict:\n got %s\nwant %s", d.Verdict, wantVerdict)
	}
}

func TestVerdicts(t *testing.T) {
	cases := []struct {
		name          string
		before, after *model.Report
		want          string
	}{
		{"fixed",
			report(20, 0, finding(t, "overloaded", model.Error, 9)),
			report(20, 0),
			"The fix worked: overloaded disappeared (9 → 0); no new causes."},
		{"partly fixed",
			report(20, 0, finding(t, "overloaded", model.Error, 9), finding(t, "rate_limited", model.Error, 3)),
			report(20, 0, finding(t, "rate_limited", model.Error, 3)),
			"Partly fixed: overloaded disappeared (9 → 0); rate_limited unchanged (3 → 3); no new causes."},
		{"worse",
			report(20, 0, finding(t, "overloaded", model.Error, 2)),
			report(20, 0, finding(t, "overloaded", model.Error, 8)),
			"Not fixed: overloaded got worse (2 → 8; 10.0 → 40.0 per 100 calls)."},
		{"unchanged",
			report(20, 0, finding(t, "overloaded", model.Error, 2)),
			report(20, 0, finding(t, "overloaded", model.Error, 3)),
			"Not fixed: no significant change; overloaded unchanged (2 → 3)."},
		{"too few",
			report(20, 0, finding(t, "overloaded", model.Error, 1)),
			report(20, 0),
			"Too few events to tell: overloaded disappeared (1 → 0, too few to be sure); no new causes."},
		{"traded one failure for another",
			report(20, 0, finding(t, "overloaded", model.Error, 9)),
			report(20, 0, finding(t, "rate_limited", model.Error, 4)),
			"New problem: rate_limited appeared (0 → 4); overloaded disappeared (9 → 0)."},
		{"no failures",
			report(20, 0), report(30, 0),
			"No change: no failures with a known cause before or after."},
		{"empty before",
			report(0, 0), report(30, 0, finding(t, "overloaded", model.Error, 9)),
			"Cannot compare: the before side holds no calls."},
		{"empty after",
			report(30, 0, finding(t, "overloaded", model.Error, 9)), nil,
			"Cannot compare: the after side holds no calls."},
		{"both empty", nil, nil, "Nothing to compare: neither side holds a call."},
		{"one cause at two severities",
			report(40, 0, finding(t, "blocked_by_client", model.Error, 5), finding(t, "blocked_by_client", model.Info, 5)),
			report(40, 0, finding(t, "blocked_by_client", model.Info, 5)),
			"Partly fixed: blocked_by_client [error] disappeared (5 → 0); blocked_by_client [info] unchanged (5 → 5); no new causes."},
		{"many appeared are cut",
			report(100, 0),
			report(100, 0, finding(t, "overloaded", model.Error, 5), finding(t, "rate_limited", model.Error, 4),
				finding(t, "server_error", model.Error, 3), finding(t, "client_timeout", model.Error, 2)),
			"New problem: overloaded appeared (0 → 5), rate_limited appeared (0 → 4), server_error appeared (0 → 3), and 1 more."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Compare(c.before, c.after).Verdict; got != c.want {
				t.Errorf("verdict:\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

// TestUnclassified: a change that only moves failures out of the rules' sight is no fix.
func TestUnclassified(t *testing.T) {
	before := report(50, 0, finding(t, "overloaded", model.Error, 6))
	after := report(50, 0)
	after.Summary.Failures, after.Summary.Unclassified = 6, 6
	d := Compare(before, after)
	if d.Unclassified.Change != Appeared || !d.Unclassified.Significant {
		t.Errorf("unclassified = %s (significant %v), want a significant appearance", d.Unclassified.Change, d.Unclassified.Significant)
	}
	want := "The fix worked: overloaded disappeared (6 → 0); no new causes. 6 failed calls after matched no rule (0 before)."
	if d.Verdict != want {
		t.Errorf("verdict:\n got %s\nwant %s", d.Verdict, want)
	}
}

// TestAbsorbed: failures a pattern explains count for their event cause too, so breaking a
// burst up is not mistaken for a new cause.
func TestAbsorbed(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	burst := finding(t, "rate_limit_burst", model.Error, 9)
	burst.Absorbs = map[string]int{"rate_limited": 9}
	burst.FirstSeen, burst.LastSeen = t0, t0.Add(30*time.Second)
	before := report(21, 0, burst)
	spread := finding(t, "rate_limited", model.Error, 6)
	spread.FirstSeen, spread.LastSeen = t0.Add(time.Hour), t0.Add(2*time.Hour)
	after := report(18, 0, spread)
	d := Compare(before, after)
	var rl *Cause
	for i := range d.Causes {
		if d.Causes[i].Cause.ID == "rate_limited" {
			rl = &d.Causes[i]
		}
	}
	if rl == nil {
		t.Fatalf("no rate_limited row: %+v", d.Causes)
	}
	if rl.Change != Same || rl.Before.Count != 9 || rl.Severity != model.Error {
		t.Errorf("rate_limited = %s %d→%d [%s], want same 9→6 [error]", rl.Change, rl.Before.Count, rl.After.Count, rl.Severity)
	}
	if !rl.Before.FirstSeen.Equal(t0) || !rl.Before.LastSeen.Equal(t0.Add(30*time.Second)) {
		t.Errorf("absorbed events take the pattern's window: %v – %v", rl.Before.FirstSeen, rl.Before.LastSeen)
	}
	if !strings.HasPrefix(d.Verdict, "Partly fixed: rate_limit_burst disappeared (9 → 0); rate_limited unchanged (9 → 6)") {
		t.Errorf("verdict = %s", d.Verdict)
	}

	// With a finding of the cause left, the absorbed events go back to the most severe one.
	storm := finding(t, "outage_window", model.Critical, 4)
	storm.Absorbs = map[string]int{"overloaded": 3, "server_error": 1}
	r := report(20, 0, storm, finding(t, "overloaded", model.Error, 2), finding(t, "overloaded", model.Warning, 1))
	rows := tally(r)
	if got := rows[key{"overloaded", model.Error}].side.Count; got != 5 {
		t.Errorf("overloaded [error] = %d, want 2 + 3 absorbed", got)
	}
	if got := rows[key{"overloaded", model.Warning}].side.Count; got != 1 {
		t.Errorf("overloaded [warning] = %d, want 1", got)
	}
	if got := rows[key{"server_error", defaultSeverity("server_error")}]; got.side.Count != 1 || got.cause.ID != "server_error" {
		t.Errorf("server_error at its default severity = %+v, want 1", got)
	}
}

// TestGroupsEpisodes: a detector may report several episodes of one cause; the diff
// counts the cause once, over all of them.
func TestGroupsEpisodes(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	e1 := finding(t, "outage_window", model.Critical, 4)
	e1.FirstSeen, e1.LastSeen = t0.Add(time.Hour), t0.Add(2*time.Hour)
	e2 := finding(t, "outage_window", model.Critical, 3)
	e2.FirstSeen, e2.LastSeen = t0, t0.Add(10*time.Minute)
	d := Compare(report(50, 0, e1, e2), report(50, 0))
	if len(d.Causes) != 1 {
		t.Fatalf("rows = %+v, want one", d.Causes)
	}
	c := d.Causes[0]
	if c.Before.Count != 7 || !c.Before.FirstSeen.Equal(t0) || !c.Before.LastSeen.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("outage_window before = %+v", c.Before)
	}
}

func TestHourlyNeedsWindows(t *testing.T) {
	for _, c := range []struct {
		name   string
		wb, wa time.Duration
		want   bool
	}{
		{"both an hour", time.Hour, time.Hour, true},
		{"exactly MinWindow", MinWindow, MinWindow, true},
		{"minutes of HAR", MinWindow - time.Second, time.Hour, false},
		{"no timestamps", 0, time.Hour, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Compare(report(10, c.wb, finding(t, "overloaded", model.Error, 2)), report(10, c.wa, finding(t, "overloaded", model.Error, 2)))
			if d.Hourly != c.want {
				t.Errorf("Hourly = %v, want %v", d.Hourly, c.want)
			}
			if !d.Hourly && d.Causes[0].Before.PerHour != 0 {
				t.Errorf("per hour rate %v without both windows", d.Causes[0].Before.PerHour)
			}
		})
	}
}

// TestInputs compares real inputs end to end: parse, analyze with the pattern detectors,
// compare.
func TestInputs(t *testing.T) {
	cases := []struct {
		before, after string
		verdict       string
		changes       map[string]Change
	}{
		{"hars/api-overloaded.har", "hars/claude-ai-clean.har",
			"The fix worked: overloaded disappeared (2 → 0); no new causes.",
			map[string]Change{"overloaded": Disappeared}},
		{"hars/claude-ai-clean.har", "hars/api-overloaded.har",
			"New problem: overloaded appeared (0 → 2).",
			map[string]Change{"overloaded": Appeared}},
		{"hars/pattern-burst.har", "hars/pattern-spread-limits.har",
			"Partly fixed: rate_limit_burst disappeared (9 → 0); rate_limited unchanged (9 → 6); no new causes.",
			map[string]Change{"rate_limit_burst": Disappeared, "rate_limited": Same}},
		{"hars/pattern-retry-storm.har", "hars/api-rate-limited.har",
			"The fix worked: retry_storm disappeared (9 → 0), rate_limited got better (10 → 1; 83.3 → 12.5 per 100 calls); no new causes.",
			map[string]Change{"retry_storm": Disappeared, "rate_limited": Better}},
		{"logs/pattern-burst.log", "logs/pattern-spread-429.log",
			"The fix worked: rate_limit_burst disappeared (10 → 0), rate_limited got better (10 → 6; 55.6 → 23.1 per 100 calls); no new causes.",
			map[string]Change{"rate_limit_burst": Disappeared, "rate_limited": Better}},
		{"logs/pattern-outage.log", "logs/pattern-lone-500.log",
			"Partly fixed: outage_window disappeared (8 → 0), overloaded disappeared (5 → 0); service_unavailable disappeared (1 → 0, too few to be sure); server_error unchanged (2 → 1); no new causes.",
			map[string]Change{"outage_window": Disappeared, "overloaded": Disappeared, "service_unavailable": Disappeared, "server_error": Same}},
	}
	for _, c := range cases {
		t.Run(c.before+" vs "+c.after, func(t *testing.T) {
			d := Compare(read(t, c.before), read(t, c.after))
			if d.Verdict != c.verdict {
				t.Errorf("verdict:\n got %s\nwant %s", d.Verdict, c.verdict)
			}
			got := map[string]Change{}
			for _, x := range d.Causes {
				got[x.Cause.ID] = x.Change
			}
			for id, want := range c.changes {
				if got[id] != want {
					t.Errorf("%s: %s, want %s", id, got[id], want)
				}
			}
			if len(got) != len(c.changes) {
				t.Errorf("rows %v, want %v", got, c.changes)
			}
		})
	}
}

// TestSelf: an input against itself is the same in every way.
func TestSelf(t *testing.T) {
	for _, p := range []string{"hars/claude-ai-session.har", "hars/pattern-retry-storm.har", "logs/pattern-outage.log", "logs/claude-code-overloaded-retries.log", "hars/claude-ai-clean.har"} {
		t.Run(p, func(t *testing.T) {
			d := Compare(read(t, p), read(t, p))
			for _, c := range d.Causes {
				if c.Change != Same || c.Significant || c.Before != c.After {
					t.Errorf("%s: %s %+v → %+v", c.Cause.ID, c.Change, c.Before, c.After)
				}
			}
			if !strings.HasPrefix(d.Verdict, "Not fixed: no significant change; ") && !strings.HasPrefix(d.Verdict, "No change: ") {
				t.Errorf("verdict = %s", d.Verdict)
			}
			for _, s := range d.Statuses {
				if s.Before != s.After {
					t.Errorf("status %d: %d → %d", s.Status, s.Before, s.After)
				}
			}
		})
	}
}

// TestRatesFinite: no input makes a rate NaN or infinite (they go into JSON).
func TestRatesFinite(t *testing.T) {
	r := report(0, 0, finding(t, "overloaded", model.Error, 3)) // findings with no calls: a broken report
	d := Compare(r, report(0, time.Nanosecond))
	for _, c := range append(d.Causes, d.Unclassified) {
		for _, x := range []float64{c.Before.Per100Calls, c.After.Per100Calls, c.Before.PerHour, c.After.PerHour, d.Before.Per100Calls} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s: rate %v", c.Cause.ID, x)
			}
		}
	}
}

// TestDoesNotModify: Compare reads its reports and changes nothing in them.
func TestDoesNotModify(t *testing.T) {
	before := read(t, "hars/claude-ai-session.har")
	n := before.Summary.ByStatus[0]
	d := Compare(before, report(10, 0))
	d.Before.ByStatus[0] = -1
	if before.Summary.ByStatus[0] != n {
		t.Error("the diff shares the report's status map")
	}
}

func BenchmarkCompare(b *testing.B) {
	before, after := read(b, "hars/claude-ai-session.har"), read(b, "logs/pattern-outage.log")
	b.ReportAllocs()
	for b.Loop() {
		Compare(before, after)
	}
}
