package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/claudelog/claudelog/analyze/diff"
	"github.com/claudelog/claudelog/model"
)

// DiffSchema names the JSON diff's version. Fields may be added; listed ones keep their
// meaning.
const DiffSchema = "claudelog/diff/v1"

// DiffTable writes a diff for a terminal: the verdict, one line per side and one for the
// change in totals, then a table of causes with their counts and rates on both sides.
// When opts.Width is set, the text wraps to it and the table takes the first of three
// layouts that fits: every rate in its own column; before and after in one column each
// ("9 (7.5; 4.5/h)"); or one cause after another, its counts on an indented line.
func DiffTable(w io.Writer, d *diff.Diff, opts Options) error {
	loc := opts.loc()
	width := opts.Width
	if width > 0 && width < minWidth {
		width = minWidth // narrower than this, indents leave no room for words
	}
	out := &strings.Builder{}
	fmt.Fprintln(out, diffWrap(d.Verdict, "", "", width))
	fmt.Fprintln(out)
	fmt.Fprintln(out, diffWrap(diffSideLine(d.Before, loc), "Before: ", "        ", width))
	fmt.Fprintln(out, diffWrap(diffSideLine(d.After, loc), "After:  ", "        ", width))
	fmt.Fprintln(out, diffWrap(diffDeltaLine(d), "Change: ", "        ", width))

	if len(d.Causes) > 0 || d.Unclassified.Before.Count+d.Unclassified.After.Count > 0 {
		fmt.Fprintln(out)
		rows := diffRows(d)
		table, err := diffWideTable(d, rows)
		if err != nil {
			return err
		}
		legend := ""
		if width > 0 && displayWidth(table) > width {
			if table, err = diffNarrowTable(d, rows); err != nil {
				return err
			}
			legend = "BEFORE, AFTER: failures (per 100 calls)"
			if d.Hourly {
				legend = "BEFORE, AFTER: failures (per 100 calls; per hour)"
			}
		}
		if width > 0 && displayWidth(table) > width {
			diffStacked(out, d, rows, width, opts.Color)
		} else {
			if opts.Color {
				table = paintSeverityColumn(table)
			}
			out.WriteString(table)
			if legend != "" {
				fmt.Fprintln(out, wrapText(legend, "", "", width))
			}
		}
		if slices.ContainsFunc(rows, func(r diffRow) bool { return r.few }) {
			fmt.Fprintln(out, wrapText(fmt.Sprintf("(few): too few to be sure: the sides differ by fewer than %g failures once scaled to the same number of calls.", diff.MinEvents), "", "", width))
		}
	}
	if len(d.Notes) > 0 {
		fmt.Fprintln(out)
		for _, n := range d.Notes {
			fmt.Fprintln(out, wrapText(n, "Note: ", "      ", width))
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// diffRow is one cause of a diff as the table shows it.
type diffRow struct {
	c        diff.Cause
	change   string // the change, "(few)" added when it is not significant
	severity string // "-" for the unclassified failures
	few      bool
}

// diffRows lists the causes, then the failures no rule explains: those are listed so that
// a change which only moves failures out of sight of the rules does not pass for a fix.
func diffRows(d *diff.Diff) []diffRow {
	row := func(c diff.Cause, severity string) diffRow {
		r := diffRow{c: c, change: string(c.Change), severity: severity}
		if (c.Change == diff.Appeared || c.Change == diff.Disappeared) && !c.Significant {
			r.change += " (few)"
			r.few = true
		}
		return r
	}
	rows := make([]diffRow, 0, len(d.Causes)+1)
	for _, c := range d.Causes {
		rows = append(rows, row(c, c.Severity.String()))
	}
	if u := d.Unclassified; u.Before.Count+u.After.Count > 0 {
		rows = append(rows, row(u, "-"))
	}
	return rows
}

// diffWideTable is the table with every count and rate in its own column.
func diffWideTable(d *diff.Diff, rows []diffRow) (string, error) {
	header := []string{"Cause", "Change", "Before", "Per 100 calls", "After", "Per 100 calls"}
	align := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	if d.Hourly {
		header = append(header, "Before per hour", "After per hour")
		align = append(align, tw.AlignRight, tw.AlignRight)
	}
	header = append(header, "Severity")
	align = append(align, tw.AlignLeft)
	cells := make([][]string, len(rows))
	for i, r := range rows {
		c := r.c
		cells[i] = []string{c.Cause.ID, r.change,
			strconv.Itoa(c.Before.Count), diffRate(c.Before.Per100Calls),
			strconv.Itoa(c.After.Count), diffRate(c.After.Per100Calls)}
		if d.Hourly {
			cells[i] = append(cells[i], diffRate(c.Before.PerHour), diffRate(c.After.PerHour))
		}
		cells[i] = append(cells[i], r.severity)
	}
	return diffRender(header, align, cells)
}

// diffNarrowTable is the table with each side's count and rates in one column.
func diffNarrowTable(d *diff.Diff, rows []diffRow) (string, error) {
	side := func(s diff.Side) string {
		if d.Hourly {
			return fmt.Sprintf("%d (%s; %s/h)", s.Count, diffRate(s.Per100Calls), diffRate(s.PerHour))
		}
		return fmt.Sprintf("%d (%s)", s.Count, diffRate(s.Per100Calls))
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = []string{r.c.Cause.ID, r.change, side(r.c.Before), side(r.c.After), r.severity}
	}
	return diffRender([]string{"Cause", "Change", "Before", "After", "Severity"},
		[]tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignLeft}, cells)
}

// diffRender renders a box table, to measure before it is printed.
func diffRender(header []string, align []tw.Align, rows [][]string) (string, error) {
	var b strings.Builder
	t := tablewriter.NewTable(&b,
		tablewriter.WithHeaderAutoFormat(tw.On),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	)
	t.Header(header)
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return "", err
		}
	}
	if err := t.Render(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// diffStacked writes the causes one after another for a terminal too narrow for any
// table: "rate_limited · worse · error", then each side on an indented line.
func diffStacked(out *strings.Builder, d *diff.Diff, rows []diffRow, width int, color bool) {
	side := func(s diff.Side) string {
		if d.Hourly {
			return fmt.Sprintf("%d (%s per 100 calls, %s per hour)", s.Count, diffRate(s.Per100Calls), diffRate(s.PerHour))
		}
		return fmt.Sprintf("%d (%s per 100 calls)", s.Count, diffRate(s.Per100Calls))
	}
	for _, r := range rows {
		head := wrapText(r.c.Cause.ID+" · "+r.change+" · "+r.severity, "", "   ", width)
		if sev, err := model.ParseSeverity(r.severity); err == nil && color {
			// The severity is the last word: coloured after the line is laid out, since
			// the colour codes take no columns.
			head = strings.TrimSuffix(head, r.severity) + paint(r.severity, severityStyle(sev), true)
		}
		fmt.Fprintln(out, head)
		fmt.Fprintln(out, wrapText(side(r.c.Before), "   before ", "          ", width))
		fmt.Fprintln(out, wrapText(side(r.c.After), "   after  ", "          ", width))
	}
}

// diffWrap is wrapText that does not break a change apart: "429: 3 → 11" stays whole.
func diffWrap(text, first, rest string, width int) string {
	// A NUL stands for each space that must not break: no path or message holds one, and
	// it takes one column, as the space does.
	text = diffChange.ReplaceAllString(text, "$1:\x00$2\x00→\x00$3")
	text = strings.ReplaceAll(text, " → ", "\x00→\x00")
	return strings.ReplaceAll(wrapText(text, first, rest, width), "\x00", " ")
}

// diffChange is a status's change in the Change line: "429: 3 → 11".
var diffChange = regexp.MustCompile(`(\d{3}|response): (\d+) → (\d+)`)

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
