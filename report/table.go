package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Table writes the report for a terminal: the verdict, a one-line summary, a table of
// findings with the first fix of each, then the evidence a support engineer asks for
// (request ids, times). When opts.Width is set and the table would not fit it, each
// finding is stacked instead: its title, then indented fields and wrapped text.
func Table(w io.Writer, r *model.Report, opts Options) error {
	loc := opts.loc()
	r = retitled(r)
	width := opts.Width
	if width > 0 && width < minWidth {
		width = minWidth // narrower than this, indents leave no room for words
	}
	opts.Width = width
	out := &strings.Builder{}
	fmt.Fprintln(out, paint(wrapText(Verdict(r, loc, opts.Calls), "", "", width), ansiBold, opts.Color))
	fmt.Fprintln(out)
	fmt.Fprintln(out, wrapText(summaryLine(r, loc), "", "", width))
	if len(r.Findings) == 0 {
		if r.Summary.Failures == 0 {
			fmt.Fprintln(out, "No failures found.")
		}
	} else {
		table, err := findingsTable(r, loc)
		if err != nil {
			return err
		}
		fmt.Fprintln(out)
		if width > 0 && displayWidth(table) > width {
			for i, f := range r.Findings {
				if i > 0 {
					fmt.Fprintln(out)
				}
				stacked(out, i+1, f, r, loc, opts)
			}
		} else {
			if opts.Color {
				table = paintSeverityColumn(table)
			}
			out.WriteString(table)
			fmt.Fprintln(out)
			for i, f := range r.Findings {
				fmt.Fprintln(out, wrapText(fmt.Sprintf("%d. %s [%s]", i+1, f.Title, paint(f.Severity.String(), severityStyle(f.Severity), opts.Color)), "", "   ", width))
				details(out, f, r, loc, opts)
			}
		}
	}
	if len(r.Unclassified) > 0 {
		fmt.Fprintf(out, "\nFailed calls that matched no rule (a sample):\n")
		fmt.Fprintln(out, evidenceBlocks(r.Unclassified, nil, 0, loc, clockLayout(r, loc), width))
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(out)
		for _, n := range r.Notes {
			fmt.Fprintln(out, wrapText(n, "Note: ", "      ", width))
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// findingsTable renders the findings as a box table, to measure before it is printed.
func findingsTable(r *model.Report, loc *time.Location) (string, error) {
	var b strings.Builder
	t := tablewriter.NewTable(&b,
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithHeaderAutoFormat(tw.On),
	)
	t.Header("Cause", "Severity", "Count", "First seen", "Last seen", "Status", "Endpoints", "Fix")
	layout := clockLayout(r, loc)
	for _, f := range r.Findings {
		fix := ""
		if fixes := fixesOf(f, loc); len(fixes) > 0 {
			fix = wrap(fixes[0], fixWidth)
		}
		if err := t.Append(f.Cause.ID, f.Severity.String(), strconv.Itoa(f.Count),
			clock(f.FirstSeen, loc, layout), clock(f.LastSeen, loc, layout), statuses(f.Statuses),
			endpoints(f.Endpoints, endpointWidth), fix); err != nil {
			return "", err
		}
	}
	if err := t.Render(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// stacked writes one finding without a table, for a terminal too narrow for it: the
// title, then the table's fields as indented lines, then the details.
func stacked(out *strings.Builder, n int, f model.Finding, r *model.Report, loc *time.Location, opts Options) {
	width := opts.Width
	fmt.Fprintln(out, wrapText(fmt.Sprintf("%d. %s", n, f.Title), "", "   ", width))
	layout := clockLayout(r, loc)
	fields := []string{f.Cause.ID, f.Severity.String(), count(f.Count, "call", "calls")}
	if !f.FirstSeen.IsZero() {
		seen := clock(f.FirstSeen, loc, layout)
		if last := clock(f.LastSeen, loc, layout); !f.LastSeen.IsZero() && last != seen {
			seen += " – " + last
		}
		fields = append(fields, seen)
	}
	if len(f.Statuses) > 0 {
		fields = append(fields, english.Plural(len(f.Statuses), "status ", "statuses ")+statuses(f.Statuses))
	}
	// The fields break between one another, not inside one; the colour codes are not
	// columns, so the severity is coloured after the line is laid out.
	line, n := "  ", 2
	for i, fl := range fields {
		fn := utf8.RuneCountInString(fl)
		switch {
		case i == 0:
		case width > 0 && n+3+fn > width:
			line += "\n  "
			n = 2
		default:
			line += " ·"
			n += 2
		}
		if i == 1 {
			fl = paint(fl, severityStyle(f.Severity), opts.Color)
		}
		line += " " + fl
		n += 1 + fn
	}
	fmt.Fprintln(out, line)
	if len(f.Endpoints) > 0 {
		for i, ep := range strings.Split(endpoints(f.Endpoints, max(width-len("   endpoints: "), 20)), "\n") {
			lead := "              "
			if i == 0 {
				lead = "   endpoints: "
			}
			fmt.Fprintln(out, wrapText(ep, lead, "              ", width))
		}
	}
	if fixes := fixesOf(f, loc); len(fixes) > 0 {
		fmt.Fprintln(out, wrapText(fixes[0], "   fix: ", "        ", width))
	}
	details(out, f, r, loc, opts)
}

// details writes what follows a finding's title: its timeline, evidence and notes.
func details(out *strings.Builder, f model.Finding, r *model.Report, loc *time.Location, opts Options) {
	width := opts.Width
	if line := timelineFit(r.Timeline, f, loc, width-3, "   "); line != "" {
		fmt.Fprintln(out, "   "+line)
	}
	if len(f.Evidence) > 0 || len(f.Sessions) > 0 {
		fmt.Fprintln(out, evidenceBlocks(f.Evidence, f.Sessions, f.MoreSessionCalls, loc, clockLayout(r, loc), width))
	}
	for _, n := range f.Notes {
		fmt.Fprintln(out, wrapText(n, "   note: ", "         ", width))
	}
}

// summaryLine says in one line what was read and what failed.
func summaryLine(r *model.Report, loc *time.Location) string {
	s := r.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s, %d failed", s.Events, english.Plural(s.Events, "call", "calls"), s.Failures)
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
	if h := harmlessFailures(r); h > 0 {
		fmt.Fprintf(&b, ", %d of them harmless (other hosts, telemetry)", h)
	}
	if !s.Start.IsZero() {
		endLayout := "15:04:05 MST"
		if clockLayout(r, loc) != "15:04:05" {
			endLayout = "2006-01-02 15:04:05 MST"
		}
		fmt.Fprintf(&b, ", %s – %s", s.Start.In(loc).Format("2006-01-02 15:04:05"), s.End.In(loc).Format(endLayout))
	}
	fmt.Fprintf(&b, "; %d %s", len(r.Findings), english.Plural(len(r.Findings), "finding", "findings"))
	if s.Warnings > 0 {
		fmt.Fprintf(&b, ", %d input %s (see stderr)", s.Warnings, english.Plural(s.Warnings, "warning", "warnings"))
	}
	return b.String()
}

// evidenceBlock is one piece of evidence, indented, on one line when it fits width (or
// width is 0), else as the place, then the endpoint, then the rest wrapped, each line
// below the first indented further.
func evidenceBlock(e model.Evidence, loc *time.Location, layout string, width int) string {
	const first, rest = "   ", "     "
	line := first + evidenceLine(e, loc, layout, 0)
	if width <= 0 || utf8.RuneCountInString(line) <= width {
		return line
	}
	place := e
	place.Endpoint, place.RequestID, place.Detail = "", "", ""
	lines := wrapLines(evidenceLine(place, loc, layout, 0), first, rest, width)
	if e.Endpoint != "" {
		lines = append(lines, wrapLines(shortenEndpoint(e.Endpoint, width-len(rest)), rest, rest, width)...)
	}
	if tail := strings.TrimSpace(e.RequestID + "  " + e.Detail); tail != "" {
		lines = append(lines, wrapLines(tail, rest, rest, width)...)
	}
	return strings.Join(lines, "\n")
}

// evidenceLine is one piece of evidence on one line, fields apart by two spaces, its
// time in layout (clockLayout: the date only when the report spans days); an
// endpoint longer than room (when positive) is shortened from the left, since a path
// has no space to wrap at.
func evidenceLine(e model.Evidence, loc *time.Location, layout string, room int) string {
	parts := []string{e.Source}
	if !e.Time.IsZero() {
		parts = append(parts, e.Time.In(loc).Format(layout))
	}
	if e.Status != 0 {
		parts = append(parts, strconv.Itoa(e.Status))
	}
	if e.Endpoint != "" {
		ep := e.Endpoint
		if room > 0 {
			ep = shortenEndpoint(ep, room)
		}
		parts = append(parts, ep)
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
func clockLayout(r *model.Report, loc *time.Location) string {
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

// minWidth is the narrowest layout the table makes, whatever the terminal says.
const minWidth = 30

// Column widths of the table, so that it fits a 140-column terminal.
const (
	fixWidth      = 44
	endpointWidth = 46
	maxEndpoints  = 3
)

// endpoints lists up to maxEndpoints endpoints, each shortened to width.
func endpoints(eps []string, width int) string {
	var lines []string
	for i, ep := range eps {
		if i == maxEndpoints {
			lines = append(lines, fmt.Sprintf("(+%d more)", len(eps)-i))
			break
		}
		lines = append(lines, shortenEndpoint(ep, width))
	}
	return strings.Join(lines, "\n")
}

// shortenEndpoint shortens an endpoint longer than width from the left, keeping the
// method: the end of a path says most ("POST …/chat_conversations/{id}/completion").
func shortenEndpoint(ep string, width int) string {
	if n := len([]rune(ep)); n <= width {
		return ep
	}
	method, rest, ok := strings.Cut(ep, " ")
	if !ok {
		method, rest = "", ep
	}
	runes := []rune(rest)
	keep := width - len(method) - 2
	if keep < 10 {
		keep = 10
	}
	if len(runes) > keep {
		rest = "…" + string(runes[len(runes)-keep:])
	}
	return strings.TrimSpace(method + " " + rest)
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

// maxCells is the widest a one-line timeline gets, so that with its labels it fits the
// 140-column terminal the table is made for.
const maxCells = 60

// blocks are the eight heights of a cell, lowest first; a cell with no event is a space.
var blocks = []rune("▁▂▃▄▅▆▇█")

// spanCell marks the cells a pattern finding's window covers: a pattern has no count per
// bucket, only the window it was seen in.
const spanCell = '░'

// sparkline draws a finding on the axis: block heights scaled to the finding's own busiest
// cell for an event finding, its window as a shaded span for a pattern. It returns "" when
// there is nothing to place.
func (a axis) sparkline(f model.Finding) (line string, peak int) {
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
	counts := a.rebin(f.Timeline)
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
func timelineLine(tl model.Timeline, f model.Finding, loc *time.Location) string {
	pic, key := timelinePicture(tl, f, loc, maxCells)
	if pic == "" {
		return ""
	}
	return pic + "  " + key
}

// timelineFit is timelineLine fitted to room columns (no limit when room ≤ 0): the key
// goes to a second line, indented by indent, when it does not fit beside the picture.
func timelineFit(tl model.Timeline, f model.Finding, loc *time.Location, room int, indent string) string {
	if room <= 0 {
		return timelineLine(tl, f, loc)
	}
	cells := maxCells
	pic, key := timelinePicture(tl, f, loc, cells)
	// The labels' width depends on the axis; shrink until the picture fits.
	for n := utf8.RuneCountInString(pic); n > room && cells > 8; n = utf8.RuneCountInString(pic) {
		cells = max(cells-(n-room), 8)
		pic, key = timelinePicture(tl, f, loc, cells)
	}
	if pic == "" {
		return ""
	}
	if utf8.RuneCountInString(pic)+2+utf8.RuneCountInString(key) <= room {
		return pic + "  " + key
	}
	return pic + "\n" + wrapText(key, indent, indent, room+len(indent))
}

// timelinePicture is the picture of timelineLine on an axis of at most cells cells, and
// its key in brackets.
func timelinePicture(tl model.Timeline, f model.Finding, loc *time.Location, cells int) (pic, key string) {
	a := axisOf(tl, cells, loc)
	line, peak := a.sparkline(f)
	if line == "" {
		return "", ""
	}
	start, end := a.start, a.end()
	layout := a.clockLayout("01-02")
	key = "░ = the pattern's window"
	if peak > 0 {
		key = fmt.Sprintf("█ = %d failed %s", peak, english.Plural(peak, "call", "calls"))
	}
	return fmt.Sprintf("%s │%s│ %s %s", start.Format(layout), line, end.Format(layout), end.Format("MST")),
		fmt.Sprintf("(%s per cell; %s)", a.perCell(), key)
}
