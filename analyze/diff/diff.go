// Package diff compares two analyses, before and after a change, and says what the change
// did: which causes of failure appeared, which disappeared, which became more or less
// frequent, and whether that is more than chance.
//
// The inputs on the two sides rarely have the same size (a ten-minute HAR before, an hour
// of CI logs after), so causes are compared by rate, failures per 100 calls, and a change
// must pass a small-count rule (MinEvents, MinRelative) before it is called worse or better:
// one failure against two is not "twice as bad".
package diff

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

// Change says how one cause moved between the two sides.
type Change string

// The changes, in the order a diff lists them.
const (
	Appeared    Change = "appeared"    // none before, some after
	Worse       Change = "worse"       // more frequent after, by more than the small-count rule allows for chance
	Disappeared Change = "disappeared" // some before, none after
	Better      Change = "better"      // less frequent after, by more than the small-count rule allows
	Same        Change = "same"        // on both sides, and no change the small-count rule accepts
)

// The small-count rule. A change in a cause's rate counts (worse, better, or a significant
// appearance or disappearance) only when both hold:
//
//   - the rate moved by at least MinRelative of the before rate (any appearance or
//     disappearance does), and
//   - the difference is at least MinEvents failures once both sides are scaled to the
//     number of calls of the smaller side, so a big input cannot make a handful of events
//     in a small one look like a trend.
//
// 1 failure against 2 in inputs of the same size is a difference of one event: "same".
// 3 against 9 in 100 calls each is worse. 3 in 100 calls against 9 in 1,000 is better:
// scaled to 100 calls the after side has 0.9, a drop of 2.1 events and of 70%. 2 in 100
// against 9 in 1,000 is the same: a drop of 1.1 events is within chance.
const (
	MinEvents   = 2.0
	MinRelative = 0.20
)

// MinWindow is the shortest time window on which a rate per hour is given: over a
// two-minute HAR, two failures would read as sixty an hour.
const MinWindow = 10 * time.Minute

// Side is what one cause amounted to on one side of the diff.
type Side struct {
	Count int
	// Per100Calls is Count per 100 calls of the side; 0 when the side has no calls.
	Per100Calls float64
	// PerHour is Count per hour of the side's time window; meaningful only when
	// Diff.Hourly is set.
	PerHour             float64
	FirstSeen, LastSeen time.Time // zero when unknown
}

// Cause is one row of the diff: a cause at one severity, as findings are grouped.
//
// The count of an event cause includes the failures a pattern finding on that side
// explains (analyze lists those under the pattern only), so that a fix which breaks a
// burst of 429s into spread ones shows the 429s that remain as rate_limited, not as a
// new cause.
type Cause struct {
	Cause    model.Cause
	Severity model.Severity
	Change   Change
	Before   Side
	After    Side
	// Significant says the change passes the small-count rule. It is false for Same, and
	// false for an appearance or disappearance too small to be sure of (0 → 1).
	Significant bool
}

// Summary is one side's totals.
type Summary struct {
	Inputs       []model.Input
	Calls        int
	Failures     int
	Per100Calls  float64 // failures per 100 calls
	ByStatus     map[int]int
	Unclassified int // failures no rule explains
	Start, End   time.Time
	Warnings     int
}

// Hours returns the length of the side's time window in hours, or 0 when it has none or
// it is shorter than MinWindow.
func (s Summary) Hours() float64 {
	if s.Start.IsZero() || s.End.Sub(s.Start) < MinWindow {
		return 0
	}
	return s.End.Sub(s.Start).Hours()
}

// StatusDelta counts the failures of one HTTP status on both sides (0 is "no response").
type StatusDelta struct {
	Status        int
	Before, After int
}

// Diff is the comparison of two analyses.
type Diff struct {
	Before, After Summary
	// Causes are ordered: appeared (by impact after), worse, disappeared (by impact
	// before), better, same.
	Causes []Cause
	// Statuses lists every status failed on either side, in order.
	Statuses []StatusDelta
	// Unclassified compares the failures no rule explains, as if they were one cause.
	Unclassified Cause
	// Hourly says both sides have a time window of at least MinWindow, so Side.PerHour is
	// set.
	Hourly bool
	// Verdict says in one line whether the change worked.
	Verdict string
	// Notes say what makes the comparison weaker than it looks.
	Notes []string
}

type key struct {
	cause    string
	severity model.Severity
}

// Compare diffs two analyses. A nil report counts as an empty one.
func Compare(before, after *model.Report) *Diff {
	if before == nil {
		before = &model.Report{}
	}
	if after == nil {
		after = &model.Report{}
	}
	d := &Diff{Before: summarize(before), After: summarize(after)}
	hb, ha := d.Before.Hours(), d.After.Hours()
	d.Hourly = hb > 0 && ha > 0

	b, a := tally(before), tally(after)
	keys := slices.Collect(maps.Keys(b))
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		rb, ra := b[k], a[k]
		if rb.side.Count <= 0 && ra.side.Count <= 0 {
			continue // a finding of no events says nothing
		}
		c := Cause{Severity: k.severity, Before: rb.side, After: ra.side}
		c.Cause = rb.cause
		if c.Cause.ID == "" {
			c.Cause = ra.cause
		}
		d.rate(&c)
		c.Change, c.Significant = classify(c.Before.Count, c.After.Count, d.Before.Calls, d.After.Calls)
		d.Causes = append(d.Causes, c)
	}
	slices.SortFunc(d.Causes, order)

	d.Unclassified = Cause{Cause: model.Cause{ID: "unclassified", Title: "Failed calls that matched no rule"},
		Before: Side{Count: d.Before.Unclassified}, After: Side{Count: d.After.Unclassified}}
	d.rate(&d.Unclassified)
	d.Unclassified.Change, d.Unclassified.Significant = classify(d.Before.Unclassified, d.After.Unclassified, d.Before.Calls, d.After.Calls)

	for s := range d.Before.ByStatus {
		d.Statuses = append(d.Statuses, StatusDelta{Status: s})
	}
	for s := range d.After.ByStatus {
		if _, ok := d.Before.ByStatus[s]; !ok {
			d.Statuses = append(d.Statuses, StatusDelta{Status: s})
		}
	}
	slices.SortFunc(d.Statuses, func(x, y StatusDelta) int { return cmp.Compare(x.Status, y.Status) })
	for i := range d.Statuses {
		d.Statuses[i].Before = d.Before.ByStatus[d.Statuses[i].Status]
		d.Statuses[i].After = d.After.ByStatus[d.Statuses[i].Status]
	}

	d.Notes = notes(d)
	d.Verdict = verdict(d)
	return d
}

// rate fills in the rates of both sides of c.
func (d *Diff) rate(c *Cause) {
	c.Before.Per100Calls = per100(c.Before.Count, d.Before.Calls)
	c.After.Per100Calls = per100(c.After.Count, d.After.Calls)
	if d.Hourly {
		c.Before.PerHour = float64(c.Before.Count) / d.Before.Hours()
		c.After.PerHour = float64(c.After.Count) / d.After.Hours()
	}
}

func per100(n, calls int) float64 {
	if calls <= 0 {
		return 0
	}
	return 100 * float64(n) / float64(calls)
}

// classify applies the small-count rule to a cause counted b times in callsB calls before
// and a times in callsA calls after.
func classify(b, a, callsB, callsA int) (Change, bool) {
	rb, ra := per100(b, callsB), per100(a, callsA)
	// Both sides scaled to the calls of the smaller one.
	n := float64(min(callsB, callsA))
	events := math.Abs(ra-rb) * n / 100
	relative := math.Inf(1)
	if rb > 0 {
		relative = math.Abs(ra-rb) / rb
	}
	significant := callsB > 0 && callsA > 0 && events >= MinEvents-1e-9 && relative >= MinRelative-1e-9
	switch {
	case b == 0 && a == 0:
		return Same, false
	case b == 0:
		return Appeared, significant
	case a == 0:
		return Disappeared, significant
	case significant && ra > rb:
		return Worse, true
	case significant:
		return Better, true
	}
	return Same, false
}

func summarize(r *model.Report) Summary {
	s := Summary{
		Inputs: slices.Clone(r.Inputs), Calls: r.Summary.Events, Failures: r.Summary.Failures,
		ByStatus: maps.Clone(r.Summary.ByStatus), Unclassified: r.Summary.Unclassified,
		Start: r.Summary.Start, End: r.Summary.End, Warnings: r.Summary.Warnings,
	}
	if s.ByStatus == nil {
		s.ByStatus = map[int]int{}
	}
	s.Per100Calls = per100(s.Failures, s.Calls)
	return s
}

// row is one cause at one severity on one side, while it is being counted.
type row struct {
	cause model.Cause
	side  Side
}

// tally groups a report's findings by cause and severity (a pattern detector may report
// several episodes of one cause) and gives back to each event cause the failures pattern
// findings took from it.
func tally(r *model.Report) map[key]row {
	rows := map[key]row{}
	for _, f := range r.Findings {
		k := key{f.Cause.ID, f.Severity}
		x := rows[k]
		x.cause = f.Cause
		x.side.Count += f.Count
		x.side.FirstSeen, x.side.LastSeen = widen(x.side.FirstSeen, x.side.LastSeen, f.FirstSeen, f.LastSeen)
		rows[k] = x
	}
	for _, f := range r.Findings {
		for _, id := range slices.Sorted(maps.Keys(f.Absorbs)) {
			n := f.Absorbs[id]
			if n <= 0 {
				continue
			}
			// analyze takes absorbed events from the most severe finding of the cause
			// first; give them back to it, or, when none is left, to the cause at the
			// severity its rules give by default.
			k, ok := key{id, -1}, false
			for rk := range rows {
				if rk.cause == id && rk.severity > k.severity {
					k, ok = rk, true
				}
			}
			if !ok {
				k.severity = defaultSeverity(id)
			}
			x := rows[k]
			if x.cause.ID == "" {
				x.cause, _ = rules.CauseByID(id)
				x.cause.ID = id
			}
			x.side.Count += n
			// The events a pattern explains happened within its window.
			x.side.FirstSeen, x.side.LastSeen = widen(x.side.FirstSeen, x.side.LastSeen, f.FirstSeen, f.LastSeen)
			rows[k] = x
		}
	}
	return rows
}

// defaultSeverity is the highest default severity of the rules naming the cause.
func defaultSeverity(cause string) model.Severity {
	s := model.Error
	for i, r := range rules.RulesFor(cause) {
		if r.Over {
			break // a pattern cause is rated error here, as an event cause without rules; its finding says more
		}
		if i == 0 || r.Severity > s {
			s = r.Severity
		}
	}
	return s
}

func widen(first, last, f, l time.Time) (time.Time, time.Time) {
	if !f.IsZero() && (first.IsZero() || f.Before(first)) {
		first = f
	}
	if l.IsZero() {
		l = f
	}
	if l.After(last) {
		last = l
	}
	return first, last
}

var changeRank = map[Change]int{Appeared: 0, Worse: 1, Disappeared: 2, Better: 3, Same: 4}

// order lists appeared and worse causes by their impact after, disappeared and better ones
// by their impact before, and same ones by their impact after: the most severe first, then
// the most failures; the cause id last, so the order is total.
func order(x, y Cause) int {
	if c := cmp.Compare(changeRank[x.Change], changeRank[y.Change]); c != 0 {
		return c
	}
	sx, sy := x.After, y.After
	if x.Change == Disappeared || x.Change == Better {
		sx, sy = x.Before, y.Before
	}
	return cmp.Or(
		cmp.Compare(y.Severity, x.Severity),
		cmp.Compare(sy.Count, sx.Count),
		cmp.Compare(sy.Per100Calls, sx.Per100Calls),
		strings.Compare(x.Cause.ID, y.Cause.ID),
	)
}

func notes(d *Diff) []string {
	var n []string
	fb, fa := formats(d.Before.Inputs), formats(d.After.Inputs)
	if fb != "" && fa != "" && fb != fa {
		n = append(n, fmt.Sprintf("Before was read from %s, after from %s: a log may record only the calls that failed, so rates per 100 calls compare like with like only between inputs of the same kind.", fb, fa))
	}
	if (d.Before.Start.IsZero() || d.After.Start.IsZero()) && (d.Before.Calls > 0 && d.After.Calls > 0) {
		n = append(n, "One side carries no timestamps: rates per hour are not given.")
	} else if !d.Hourly && d.Before.Calls > 0 && d.After.Calls > 0 {
		n = append(n, fmt.Sprintf("A side spans less than %s: rates per hour are not given, only rates per 100 calls.", humanDuration(MinWindow)))
	}
	if d.Before.Calls > 0 && d.After.Calls > 0 {
		small, big := d.Before.Calls, d.After.Calls
		if small > big {
			small, big = big, small
		}
		if big >= 10*small {
			n = append(n, fmt.Sprintf("One side has %d calls, the other %d: changes are judged at the scale of the smaller side.", small, big))
		}
	}
	return n
}

func humanDuration(t time.Duration) string {
	if t%time.Minute == 0 {
		return fmt.Sprintf("%d minutes", t/time.Minute)
	}
	return t.String()
}

// formats names the input formats of one side, "har" or "har and log".
func formats(in []model.Input) string {
	var fs []string
	for _, i := range in {
		if f := string(i.Format); f != "" && !slices.Contains(fs, f) {
			fs = append(fs, f)
		}
	}
	slices.Sort(fs)
	return strings.Join(fs, " and ")
}
