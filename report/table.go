package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/claudelog/claudelog/analyze"
)

// Table writes the report for a terminal: a one-line summary, a table of findings with the
// first fix of each, then the evidence a support engineer asks for (request ids, times).
func Table(w io.Writer, r *analyze.Report, opts Options) error {
	loc := opts.loc()
	fmt.Fprintln(w, summaryLine(r, loc))
	if len(r.Findings) == 0 {
		if r.Summary.Failures == 0 {
			fmt.Fprintln(w, "No failures found.")
		}
	} else {
		fmt.Fprintln(w)
		t := tablewriter.NewTable(w,
			tablewriter.WithRowAutoWrap(tw.WrapNormal),
			tablewriter.WithHeaderAutoFormat(tw.On),
		)
		t.Header("Cause", "Severity", "Count", "First seen", "Last seen", "Status", "Endpoints", "Fix")
		layout := clockLayout(r, loc)
		for _, f := range r.Findings {
			fix := ""
			if len(f.Fixes) > 0 {
				fix = wrap(f.Fixes[0], fixWidth)
			}
			if err := t.Append(f.Cause.ID, f.Severity.String(), strconv.Itoa(f.Count),
				clock(f.FirstSeen, loc, layout), clock(f.LastSeen, loc, layout), statuses(f.Statuses),
				endpoints(f.Endpoints), fix); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
		fmt.Fprintln(w)
		for i, f := range r.Findings {
			fmt.Fprintf(w, "%d. %s [%s]\n", i+1, f.Title, f.Severity)
			if line := timelineLine(r.Timeline, f, loc); line != "" {
				fmt.Fprintf(w, "   %s\n", line)
			}
			for _, e := range f.Evidence {
				fmt.Fprintf(w, "   %s\n", evidenceLine(e, loc))
			}
			for _, n := range f.Notes {
				fmt.Fprintf(w, "   note: %s\n", n)
			}
		}
	}
	if len(r.Unclassified) > 0 {
		fmt.Fprintf(w, "\nFailed calls that matched no rule (a sample):\n")
		for _, e := range r.Unclassified {
			fmt.Fprintf(w, "   %s\n", evidenceLine(e, loc))
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range r.Notes {
			fmt.Fprintf(w, "Note: %s\n", n)
		}
	}
	return nil
}

// summaryLine says in one line what was read and what failed.
func summaryLine(r *analyze.Report, loc *time.Location) string {
	s := r.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s, %d failed", s.Events, plural(s.Events, "call", "calls"), s.Failures)
	if len(s.ByStatus) > 0 {
		codes := make([]int, 0, len(s.ByStatus))
		for c := range s.ByStatus {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		parts := make([]string, len(codes))
		for i, c := range codes {
			name := strconv.Itoa(c)
			if c == 0 {
				name = "no response"
			}
			parts[i] = fmt.Sprintf("%s×%d", name, s.ByStatus[c])
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	if !s.Start.IsZero() {
		fmt.Fprintf(&b, ", %s – %s", s.Start.In(loc).Format("2006-01-02 15:04:05"), s.End.In(loc).Format("15:04:05 MST"))
	}
	fmt.Fprintf(&b, "; %d %s", len(r.Findings), plural(len(r.Findings), "finding", "findings"))
	if s.Warnings > 0 {
		fmt.Fprintf(&b, ", %d input %s (see stderr)", s.Warnings, plural(s.Warnings, "warning", "warnings"))
	}
	return b.String()
}

func evidenceLine(e analyze.Evidence, loc *time.Location) string {
	parts := []string{e.Source}
	if !e.Time.IsZero() {
		parts = append(parts, e.Time.In(loc).Format("15:04:05"))
	}
	if e.Status != 0 {
		parts = append(parts, strconv.Itoa(e.Status))
	}
	if e.Endpoint != "" {
		parts = append(parts, e.Endpoint)
	}
	if e.RequestID != "" {
		parts = append(parts, e.RequestID)
	}
	if e.Detail != "" {
		parts = append(parts, e.Detail)
	}
	return strings.Join(parts, "  ")
}

// clockLayout prints times of a report that stays within one day (in loc) as clock times
// only, since the summary line gives the date; otherwise with the date.
func clockLayout(r *analyze.Report, loc *time.Location) string {
	s, e := r.Summary.Start.In(loc), r.Summary.End.In(loc)
	if !r.Summary.Start.IsZero() && s.YearDay() == e.YearDay() && s.Year() == e.Year() {
		return "15:04:05"
	}
	return "2006-01-02 15:04:05"
}

func clock(t time.Time, loc *time.Location, layout string) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(loc).Format(layout)
}

// Column widths of the table, so that it fits a 140-column terminal.
const (
	fixWidth      = 44
	endpointWidth = 46
	maxEndpoints  = 3
)

// endpoints lists up to maxEndpoints endpoints, each shortened from the left: the end of
// a path says most ("…/chat_conversations/{id}/completion").
func endpoints(eps []string) string {
	var lines []string
	for i, ep := range eps {
		if i == maxEndpoints {
			lines = append(lines, fmt.Sprintf("(+%d more)", len(eps)-i))
			break
		}
		if n := len([]rune(ep)); n > endpointWidth {
			method, rest, ok := strings.Cut(ep, " ")
			if !ok {
				method, rest = "", ep
			}
			runes := []rune(rest)
			keep := endpointWidth - len(method) - 2
			if keep < 10 {
				keep = 10
			}
			if len(runes) > keep {
				rest = "…" + string(runes[len(runes)-keep:])
			}
			ep = strings.TrimSpace(method + " " + rest)
		}
		lines = append(lines, ep)
	}
	return strings.Join(lines, "\n")
}

// wrap breaks text into lines of at most width runes at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(text) {
		n := len([]rune(word))
		if i > 0 {
			if line+1+n > width {
				b.WriteByte('\n')
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(word)
		line += n
	}
	return b.String()
}

func statuses(s []int) string {
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// maxCells is the widest a one-line timeline gets, so that with its labels it fits the
// 140-column terminal the table is made for.
const maxCells = 60

// blocks are the eight heights of a cell, lowest first; a cell with no event is a space.
var blocks = []rune("▁▂▃▄▅▆▇█")

// spanCell marks the cells a pattern finding's window covers: a pattern has no count per
// bucket, only the window it was seen in.
const spanCell = '░'

// axis is a report's time axis after merging buckets so that it fits maxCells.
type axis struct {
	start time.Time
	width time.Duration // of one cell
	cells int
	merge int // report buckets per cell
}

// axisOf fits the report's timeline into at most maxCells cells by merging neighbours; the
// zero axis when the input had no times.
func axisOf(tl analyze.Timeline) axis {
	n := len(tl.Counts)
	if tl.Start.IsZero() || tl.Width <= 0 || n == 0 {
		return axis{}
	}
	merge := (n + maxCells - 1) / maxCells
	return axis{start: tl.Start, width: tl.Width * time.Duration(merge), cells: (n + merge - 1) / merge, merge: merge}
}

func (a axis) end() time.Time { return a.start.Add(time.Duration(a.cells) * a.width) }

// cellOf places t on the axis, clamped to its ends.
func (a axis) cellOf(t time.Time) int {
	return min(max(int(t.Sub(a.start)/a.width), 0), a.cells-1)
}

// sparkline draws a finding on the axis: block heights scaled to the finding's own busiest
// cell for an event finding, its window as a shaded span for a pattern. It returns "" when
// there is nothing to place.
func (a axis) sparkline(f analyze.Finding) (line string, peak int) {
	if a.cells == 0 {
		return "", 0
	}
	cells := make([]rune, a.cells)
	for i := range cells {
		cells[i] = ' '
	}
	if f.Timeline == nil {
		if f.FirstSeen.IsZero() {
			return "", 0
		}
		last := f.LastSeen
		if last.IsZero() {
			last = f.FirstSeen
		}
		for i := a.cellOf(f.FirstSeen); i <= a.cellOf(last); i++ {
			cells[i] = spanCell
		}
		return string(cells), 0
	}
	counts := make([]int, a.cells)
	for i, c := range f.Timeline {
		if j := i / a.merge; j < a.cells {
			counts[j] += c
		}
	}
	for _, c := range counts {
		peak = max(peak, c)
	}
	if peak == 0 {
		return "", 0
	}
	for i, c := range counts {
		if c > 0 {
			// Round up, so that a single event beside a peak of hundreds still shows.
			cells[i] = blocks[(c*len(blocks)-1)/peak]
		}
	}
	return string(cells), peak
}

// timelineLine is the one-line picture of when a finding happened, framed by the axis's
// start and end in loc: "09:14 │▁ █│ 09:17 UTC  (1 min per cell; █ = 2 failed calls)".
func timelineLine(tl analyze.Timeline, f analyze.Finding, loc *time.Location) string {
	a := axisOf(tl)
	line, peak := a.sparkline(f)
	if line == "" {
		return ""
	}
	start, end := a.start.In(loc), a.end().In(loc)
	layout := "15:04"
	if start.YearDay() != end.Add(-time.Nanosecond).YearDay() || start.Year() != end.Year() {
		layout = "01-02 15:04"
	}
	key := "░ = the pattern's window"
	if peak > 0 {
		key = fmt.Sprintf("█ = %d failed %s", peak, plural(peak, "call", "calls"))
	}
	return fmt.Sprintf("%s │%s│ %s %s  (%s per cell; %s)", start.Format(layout), line, end.Format(layout), end.Format("MST"), cellWidth(a.width), key)
}

// cellWidth names a cell's duration the way a person says it.
func cellWidth(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		n := int(d / (24 * time.Hour))
		return fmt.Sprintf("%d %s", n, plural(n, "day", "days"))
	case d%time.Hour == 0:
		return fmt.Sprintf("%d h", int(d/time.Hour))
	case d%time.Minute == 0:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	}
	return strings.TrimSuffix(d.String(), "0s")
}
