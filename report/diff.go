package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/claudelog/claudelog/analyze/diff"
)

// DiffSchema names the JSON diff's version. Fields may be added; listed ones keep their
// meaning.
const DiffSchema = "claudelog/diff/v1"

// DiffTable writes a diff for a terminal: the verdict, one line per side and one for the
// change in totals, then a table of causes with their counts and rates on both sides.
func DiffTable(w io.Writer, d *diff.Diff, opts Options) error {
	loc := opts.loc()
	fmt.Fprintln(w, d.Verdict)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Before: %s\n", diffSideLine(d.Before, loc))
	fmt.Fprintf(w, "After:  %s\n", diffSideLine(d.After, loc))
	fmt.Fprintf(w, "Change: %s\n", diffDeltaLine(d))

	if len(d.Causes) > 0 || d.Unclassified.Before.Count+d.Unclassified.After.Count > 0 {
		fmt.Fprintln(w)
		header := []string{"Cause", "Change", "Before", "Per 100 calls", "After", "Per 100 calls"}
		align := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
		if d.Hourly {
			header = append(header, "Before per hour", "After per hour")
			align = append(align, tw.AlignRight, tw.AlignRight)
		}
		header = append(header, "Severity")
		align = append(align, tw.AlignLeft)
		var table strings.Builder
		t := tablewriter.NewTable(&table,
			tablewriter.WithHeaderAutoFormat(tw.On),
			tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		)
		t.Header(header)
		few := false
		row := func(c diff.Cause, severity string) error {
			change := string(c.Change)
			if (c.Change == diff.Appeared || c.Change == diff.Disappeared) && !c.Significant {
				change += " (few)"
				few = true
			}
			cells := []string{c.Cause.ID, change,
				strconv.Itoa(c.Before.Count), diffRate(c.Before.Per100Calls),
				strconv.Itoa(c.After.Count), diffRate(c.After.Per100Calls)}
			if d.Hourly {
				cells = append(cells, diffRate(c.Before.PerHour), diffRate(c.After.PerHour))
			}
			return t.Append(append(cells, severity))
		}
		for _, c := range d.Causes {
			if err := row(c, c.Severity.String()); err != nil {
				return err
			}
		}
		if u := d.Unclassified; u.Before.Count+u.After.Count > 0 {
			// Failures no rule explains are listed so that a change which only moves
			// failures out of sight of the rules does not pass for a fix.
			if err := row(u, "-"); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
		out := table.String()
		if opts.Color {
			out = paintSeverityColumn(out)
		}
		if _, err := io.WriteString(w, out); err != nil {
			return err
		}
		if few {
			fmt.Fprintf(w, "(few): too few to be sure: the sides differ by fewer than %g failures once scaled to the same number of calls.\n", diff.MinEvents)
		}
	}
	if len(d.Notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range d.Notes {
			fmt.Fprintf(w, "Note: %s\n", n)
		}
	}
	return nil
}

// diffSideLine says in one line what one side holds: "5 calls, 2 failed (40.0 per 100
// calls; 529×2), 2026-11-04 14:02:41 – 14:03:01 UTC; api-overloaded.har".
func diffSideLine(s diff.Summary, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s, %d failed (%s per 100 calls", s.Calls, diffPlural(s.Calls, "call", "calls"), s.Failures, diffRate(s.Per100Calls))
	if len(s.ByStatus) > 0 {
		codes := slices.Sorted(func(yield func(int) bool) {
			for c := range s.ByStatus {
				if !yield(c) {
					return
				}
			}
		})
		parts := make([]string, len(codes))
		for i, c := range codes {
			parts[i] = fmt.Sprintf("%s×%d", diffStatusName(c), s.ByStatus[c])
		}
		b.WriteString("; " + strings.Join(parts, ", "))
	}
	b.WriteString(")")
	if !s.Start.IsZero() {
		start, end := s.Start.In(loc), s.End.In(loc)
		layout := "15:04:05 MST"
		if start.YearDay() != end.YearDay() || start.Year() != end.Year() {
			layout = "2006-01-02 15:04:05 MST"
		}
		fmt.Fprintf(&b, ", %s – %s", start.Format("2006-01-02 15:04:05"), end.Format(layout))
	}
	if len(s.Inputs) > 0 {
		const shown = 3
		var paths []string
		for i, in := range s.Inputs {
			if i == shown {
				paths = append(paths, fmt.Sprintf("+%d more", len(s.Inputs)-shown))
				break
			}
			paths = append(paths, in.Path)
		}
		b.WriteString("; " + strings.Join(paths, ", "))
	}
	return b.String()
}

// diffDeltaLine says how the totals moved: "+10 calls, -2 failed, -40.0 per 100 calls;
// 529: 2 → 0".
func diffDeltaLine(d *diff.Diff) string {
	dc := d.After.Calls - d.Before.Calls
	line := fmt.Sprintf("%+d %s, %+d failed, %s per 100 calls",
		dc, diffPlural(max(dc, -dc), "call", "calls"), d.After.Failures-d.Before.Failures,
		diffSigned(d.After.Per100Calls-d.Before.Per100Calls))
	var parts []string
	for _, s := range d.Statuses {
		if s.Before != s.After {
			parts = append(parts, fmt.Sprintf("%s: %d → %d", diffStatusName(s.Status), s.Before, s.After))
		}
	}
	if len(parts) > 0 {
		line += "; " + strings.Join(parts, ", ")
	}
	return line
}

func diffStatusName(code int) string {
	if code == 0 {
		return "no response"
	}
	return strconv.Itoa(code)
}

// diffRate prints a rate with one decimal, the precision at which small inputs still
// differ.
func diffRate(r float64) string { return strconv.FormatFloat(r, 'f', 1, 64) }

func diffSigned(r float64) string {
	if math.Abs(r) < 0.05 {
		return "±0.0"
	}
	return fmt.Sprintf("%+.1f", r)
}

func diffPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// The diff's wire types, the JSON contract of claudelog/diff/v1, kept apart from
// analyze/diff's types so that the inside can change without breaking users' scripts.
type (
	wireDiff struct {
		Schema       string          `json:"schema"`
		Verdict      string          `json:"verdict"`
		Before       wireDiffSide    `json:"before"`
		After        wireDiffSide    `json:"after"`
		Delta        wireDiffDelta   `json:"delta"`
		Causes       []wireDiffCause `json:"causes"`
		Unclassified wireDiffCause   `json:"unclassified"`
		Rule         wireDiffRule    `json:"rule"`
		Notes        []string        `json:"notes,omitempty"`
	}
	wireDiffSide struct {
		Inputs  []wireDiffInput `json:"inputs"`
		Summary wireDiffSummary `json:"summary"`
	}
	wireDiffInput struct {
		Path     string `json:"path"`
		Format   string `json:"format"`
		Events   int    `json:"events"`
		Failures int    `json:"failures"`
		Warnings int    `json:"warnings"`
	}
	wireDiffSummary struct {
		Calls               int            `json:"calls"`
		Failures            int            `json:"failures"`
		FailuresPer100Calls float64        `json:"failures_per_100_calls"`
		ByStatus            map[string]int `json:"by_status"`
		Unclassified        int            `json:"unclassified"`
		Start               string         `json:"start,omitempty"`
		End                 string         `json:"end,omitempty"`
		Hours               *float64       `json:"hours,omitempty"`
		Warnings            int            `json:"warnings"`
	}
	wireDiffDelta struct {
		Calls               int            `json:"calls"`
		Failures            int            `json:"failures"`
		FailuresPer100Calls float64        `json:"failures_per_100_calls"`
		ByStatus            map[string]int `json:"by_status"`
	}
	wireDiffCause struct {
		Cause       string        `json:"cause"`
		Kind        string        `json:"kind,omitempty"`
		Severity    string        `json:"severity,omitempty"`
		Change      string        `json:"change"`
		Significant bool          `json:"significant"`
		Before      wireDiffCount `json:"before"`
		After       wireDiffCount `json:"after"`
	}
	wireDiffCount struct {
		Count       int      `json:"count"`
		Per100Calls float64  `json:"per_100_calls"`
		PerHour     *float64 `json:"per_hour,omitempty"`
		FirstSeen   string   `json:"first_seen,omitempty"`
		LastSeen    string   `json:"last_seen,omitempty"`
	}
	// wireDiffRule states the small-count rule the changes were judged by.
	wireDiffRule struct {
		MinEvents         float64 `json:"min_events"`
		MinRelativeChange float64 `json:"min_relative_change"`
		MinWindowSeconds  float64 `json:"min_window_seconds"`
	}
)

// DiffJSON writes the diff as one indented JSON object (schema claudelog/diff/v1). Rates
// are rounded to two decimals.
func DiffJSON(w io.Writer, d *diff.Diff, opts Options) error {
	loc := opts.loc()
	out := wireDiff{
		Schema:  DiffSchema,
		Verdict: d.Verdict,
		Before:  wireSideOf(d.Before, loc),
		After:   wireSideOf(d.After, loc),
		Delta: wireDiffDelta{
			Calls: d.After.Calls - d.Before.Calls, Failures: d.After.Failures - d.Before.Failures,
			FailuresPer100Calls: round2(d.After.Per100Calls - d.Before.Per100Calls),
			ByStatus:            make(map[string]int, len(d.Statuses)),
		},
		Causes:       make([]wireDiffCause, 0, len(d.Causes)),
		Unclassified: wireCauseOf(d.Unclassified, d.Hourly, loc),
		Rule:         wireDiffRule{MinEvents: diff.MinEvents, MinRelativeChange: diff.MinRelative, MinWindowSeconds: diff.MinWindow.Seconds()},
		Notes:        d.Notes,
	}
	out.Unclassified.Kind, out.Unclassified.Severity = "", ""
	for _, s := range d.Statuses {
		out.Delta.ByStatus[strconv.Itoa(s.Status)] = s.After - s.Before
	}
	for _, c := range d.Causes {
		out.Causes = append(out.Causes, wireCauseOf(c, d.Hourly, loc))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func wireSideOf(s diff.Summary, loc *time.Location) wireDiffSide {
	side := wireDiffSide{
		Inputs: make([]wireDiffInput, 0, len(s.Inputs)),
		Summary: wireDiffSummary{
			Calls: s.Calls, Failures: s.Failures, FailuresPer100Calls: round2(s.Per100Calls),
			ByStatus: make(map[string]int, len(s.ByStatus)), Unclassified: s.Unclassified,
			Start: stamp(s.Start, loc), End: stamp(s.End, loc), Warnings: s.Warnings,
		},
	}
	if h := s.Hours(); h > 0 {
		h = round2(h)
		side.Summary.Hours = &h
	}
	for _, in := range s.Inputs {
		side.Inputs = append(side.Inputs, wireDiffInput{Path: in.Path, Format: string(in.Format), Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	for code, n := range s.ByStatus {
		side.Summary.ByStatus[strconv.Itoa(code)] = n
	}
	return side
}

func wireCauseOf(c diff.Cause, hourly bool, loc *time.Location) wireDiffCause {
	count := func(s diff.Side) wireDiffCount {
		wc := wireDiffCount{Count: s.Count, Per100Calls: round2(s.Per100Calls), FirstSeen: stamp(s.FirstSeen, loc), LastSeen: stamp(s.LastSeen, loc)}
		if hourly {
			h := round2(s.PerHour)
			wc.PerHour = &h
		}
		return wc
	}
	return wireDiffCause{
		Cause: c.Cause.ID, Kind: string(c.Cause.Kind), Severity: c.Severity.String(),
		Change: string(c.Change), Significant: c.Significant,
		Before: count(c.Before), After: count(c.After),
	}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
