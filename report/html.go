package report

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
)

// HTML writes the report as one self-contained page to open in a browser or attach to a
// ticket: the summary, an SVG timeline of calls and failures by cause, and each finding
// with its evidence and fixes. The page loads nothing: styles are inline, there is no
// script, and a Content-Security-Policy forbids every fetch, so it opens offline and a
// string from the input cannot make it call out. Every string from the input is escaped
// by html/template for the context it lands in.
func HTML(w io.Writer, r *model.Report, opts Options) error {
	// The page is attached to tickets: no home directory in its paths.
	r = relativized(r, opts.Dir)
	h := newHTMLReport(r, opts.loc())
	h.Verdict = Verdict(r, opts.loc(), opts.Calls)
	h.Heading = "Failed calls to Claude"
	if top := counted(r); len(top) == 0 {
		h.Heading = strings.TrimPrefix(markdownTitle(r, top, opts.Calls), "claudelog report: ")
		h.Heading = capital(h.Heading)
	}
	return htmlPage.Execute(w, h)
}

// Colours of the picture. Calls are a light grey the failures stand out on; overloaded,
// the commonest failure, always has the same red, so a reader (and the browser test)
// knows it at a glance.
const (
	callsColour    = "#c8c8c8"
	otherColour    = "#555555"
	overloadColour = "#d62728"
)

// causeColours is the palette the other causes take in order of impact, without the red
// kept for overloaded and the greys of calls and unexplained failures.
var causeColours = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"}

// severityColours are the badge colours; none is a cause colour, so the picture and the
// badges cannot be confused.
var severityColours = map[model.Severity]string{
	model.Critical: "#6a1b9a",
	model.Error:    "#b3261e",
	model.Warning:  "#9a5b00",
	model.Info:     "#1565c0",
}

// Geometry of the timeline, in SVG user units; the picture scales to the page's width.
const (
	chartWidth  = 960
	chartHeight = 300
	chartLeft   = 52
	chartRight  = 16
	chartTop    = 28
	chartBottom = 44
	stripHeight = 30
)

type htmlReport struct {
	Verdict      string // what happened and what to do now, first on the page
	Heading      string // the h1: failed calls to Claude only when there are some
	SeverityCSS  template.CSS
	Title        string
	Zone         string
	Window       string
	Calls        int
	Failures     int
	ByStatus     []htmlCount
	Inputs       []model.Input
	Filtered     int
	Warnings     int
	Chart        *htmlChart
	Findings     []htmlFinding
	Unclassified []htmlEvidence
	// UnclassifiedSessions is the unclassified evidence of Claude Code sessions, by project.
	UnclassifiedSessions []htmlSessionGroup
	Unexplained          int
	Notes                []string
}

type htmlCount struct {
	Name  string
	Count int
}

type htmlFinding struct {
	N          int
	ID         string // the anchor
	Title      string
	Severity   string
	Colour     string
	Cause      string
	Kind       string
	Count      int
	FirstSeen  string
	LastSeen   string
	Statuses   string
	ErrorTypes []string
	Endpoints  []string
	Clients    []string
	Rules      []string
	Tried      []string
	Evidence   []htmlEvidence
	Sessions   []htmlSessionGroup // the evidence of Claude Code sessions, by project folder
	Fixes      []string
	FixesFor   string // "What to do in Claude Code": the heading of Fixes
	Notes      []string
	Strip      *htmlStrip
}

type htmlEvidence struct {
	Source, Time, Status, RequestID, Endpoint, Detail string
}

// htmlChart is the timeline, laid out: every number is already a position in the viewBox.
type htmlChart struct {
	Width, Height            int
	Left, Right, Top, Bottom int
	TickEnd                  int
	Buckets                  []htmlBucket
	Spans                    []htmlSpan
	XTicks                   []htmlTick
	YTicks                   []htmlTick
	Legend                   []htmlLegend
	Caption                  string
	Label                    string // for screen readers
}

type htmlBucket struct {
	Tip  string
	Bars []htmlRect
}

type htmlRect struct {
	X, Y, W, H string
	Fill       string
}

type htmlSpan struct {
	htmlRect
	Tip    string
	Label  string
	LabelX string
	LabelY string
	Anchor string // text-anchor of the label
}

type htmlTick struct {
	At    string // x for the time axis, y for the count axis
	Label string
}

type htmlLegend struct {
	Colour  string
	Label   string
	Pattern bool
}

// htmlStrip is one finding on the timeline's axis, drawn under its title.
type htmlStrip struct {
	Width, Height int
	Left, Right   int
	Rects         []htmlRect
	Span          bool
	Label         string
}

func newHTMLReport(r *model.Report, loc *time.Location) *htmlReport {
	s := r.Summary
	h := &htmlReport{
		SeverityCSS: severityCSS(),
		Title:       fmt.Sprintf("claudelog: %d of %d %s failed", s.Failures, s.Events, english.Plural(s.Events, "call", "calls")),
		Zone:        htmlZone(loc, s.Start),
		Window:      window(s.Start, s.End, loc),
		Calls:       s.Events,
		Failures:    s.Failures,
		Inputs:      r.Inputs,
		Filtered:    s.Filtered,
		Warnings:    s.Warnings,
		Notes:       r.Notes,
	}
	if s.Start.IsZero() {
		h.Window = "not known (the input has no timestamps)"
	}
	codes := make([]int, 0, len(s.ByStatus))
	for c := range s.ByStatus {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		h.ByStatus = append(h.ByStatus, htmlCount{htmlStatusName(c), s.ByStatus[c]})
	}
	colours := colourCauses(r.Findings)
	for i, f := range r.Findings {
		hf := htmlFinding{
			N: i + 1, ID: fmt.Sprintf("finding-%d", i+1), Title: f.Title,
			Severity: f.Severity.String(), Colour: colours[f.Cause.ID],
			Cause: f.Cause.ID, Kind: string(f.Cause.Kind), Count: f.Count,
			FirstSeen: htmlStamp(f.FirstSeen, loc), LastSeen: htmlStamp(f.LastSeen, loc), Statuses: statuses(f.Statuses),
			ErrorTypes: f.ErrorTypes, Endpoints: f.Endpoints, Clients: f.Clients, Rules: f.Rules,
			Fixes: fixesOf(f, loc), FixesFor: whatToDo(f), Notes: f.Notes,
		}
		if f.MaxAttempt > 1 {
			hf.Tried = append(hf.Tried, fmt.Sprintf("the client retried, up to attempt %d", f.MaxAttempt))
		}
		if len(f.RetryAfter) > 0 {
			hf.Tried = append(hf.Tried, "the server asked to wait: retry-after "+strings.Join(f.RetryAfter, ", "))
		}
		if f.MaxRequestBytes > 0 {
			hf.Tried = append(hf.Tried, "largest request body "+humanBytes(f.MaxRequestBytes))
		}
		hf.Evidence, hf.Sessions = htmlEvidenceGroups(f.Evidence, f.Sessions, loc)
		if f.MoreSessionCalls > 0 {
			hf.Notes = append(slices.Clone(hf.Notes), moreSessions(f.MoreSessionCalls)+".")
		}
		hf.Strip = newStrip(r.Timeline, f, hf.Colour, loc)
		h.Findings = append(h.Findings, hf)
	}
	h.Unclassified, h.UnclassifiedSessions = htmlEvidenceGroups(r.Unclassified, nil, loc)
	h.Unexplained = s.Unclassified
	h.Chart = newChart(r, loc, colours)
	return h
}

// severityCSS sets each severity's colour on its findings, from severityColours (constants,
// so trusted as CSS).
func severityCSS() template.CSS {
	var b strings.Builder
	for _, sev := range []model.Severity{model.Critical, model.Error, model.Warning, model.Info} {
		fmt.Fprintf(&b, "article.finding.sev-%s { --sev: %s; }\n", sev, severityColours[sev])
	}
	return template.CSS(b.String())
}

// colourCauses gives every cause among the findings its colour: overloaded its fixed red,
// the others the palette in order of impact.
func colourCauses(findings []model.Finding) map[string]string {
	colours := map[string]string{}
	next := 0
	for _, f := range findings {
		if _, ok := colours[f.Cause.ID]; ok {
			continue
		}
		if f.Cause.ID == "overloaded" {
			colours[f.Cause.ID] = overloadColour
			continue
		}
		colours[f.Cause.ID] = causeColours[next%len(causeColours)]
		next++
	}
	return colours
}

func htmlEvidenceOf(e model.Evidence, loc *time.Location) htmlEvidence {
	h := htmlEvidence{Source: oneLine(e.Source), RequestID: oneLine(e.RequestID), Endpoint: oneLine(e.Endpoint), Detail: oneLine(e.Detail)}
	if !e.Time.IsZero() {
		h.Time = e.Time.In(loc).Format("2006-01-02 15:04:05.000")
	}
	if e.Status != 0 {
		h.Status = strconv.Itoa(e.Status)
	}
	return h
}

func htmlStatusName(c int) string {
	if c == 0 {
		return "no response"
	}
	return strconv.Itoa(c)
}

func htmlStamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04:05 MST")
}

// htmlZone names the zone times are printed in, with its offset at t.
func htmlZone(loc *time.Location, t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	name := loc.String()
	if name == "Local" {
		name = t.In(loc).Format("MST")
	}
	return name + " (UTC" + t.In(loc).Format("-07:00") + ")"
}

// xScale maps times on the report's axis to x positions in a picture's plot area.
type xScale struct {
	start time.Time
	span  time.Duration
	left  float64
	width float64
}

func newXScale(tl model.Timeline, width, left, right int) xScale {
	return xScale{start: tl.Start, span: tl.Width * time.Duration(len(tl.Counts)),
		left: float64(left), width: float64(width - left - right)}
}

func (x xScale) at(t time.Time) float64 {
	f := float64(t.Sub(x.start)) / float64(x.span)
	return x.left + min(max(f, 0), 1)*x.width
}

// bucket returns the left edge and width of bucket i of n, leaving a gap between bars
// when there is room for one.
func (x xScale) bucket(i, n int) (float64, float64) {
	w := x.width / float64(n)
	gap := min(w*0.12, 4)
	if w < 3 {
		gap = 0
	}
	return x.left + float64(i)*w + gap/2, w - gap
}

// windowRect is a pattern's window on the axis, at least a few units wide so that a
// window of one instant still shows.
const minSpan = 6

func (x xScale) windowRect(first, last time.Time) (float64, float64) {
	if last.IsZero() {
		last = first
	}
	x0, x1 := x.at(first), x.at(last)
	if w := x1 - x0; w < minSpan {
		x0 = min(max(x0-(minSpan-w)/2, x.left), x.left+x.width-minSpan)
		x1 = x0 + minSpan
	}
	return x0, x1 - x0
}

func svgNum(f float64) string {
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// newChart lays out the timeline: per bucket a grey bar of all calls, and on it the
// failures stacked by cause; each pattern's window a shaded span behind the bars. nil when
// the input had no times.
func newChart(r *model.Report, loc *time.Location, colours map[string]string) *htmlChart {
	tl := r.Timeline
	n := len(tl.Counts)
	if tl.Start.IsZero() || tl.Width <= 0 || n == 0 {
		return nil
	}
	c := &htmlChart{Width: chartWidth, Height: chartHeight, Left: chartLeft, Right: chartWidth - chartRight,
		Top: chartTop, Bottom: chartHeight - chartBottom, TickEnd: chartHeight - chartBottom + 5}
	x := newXScale(tl, chartWidth, chartLeft, chartRight)
	plotH := float64(c.Bottom - c.Top)
	peak := slices.Max(tl.Counts)
	top, step := axisTop(peak)
	y := func(v int) float64 { return float64(c.Bottom) - float64(v)/float64(top)*plotH }
	for v := 0; v <= top; v += step {
		c.YTicks = append(c.YTicks, htmlTick{At: svgNum(y(v)), Label: strconv.Itoa(v)})
	}

	var events []model.Finding
	for _, f := range r.Findings {
		if f.Timeline != nil {
			events = append(events, f)
		}
	}
	other := false
	for i, calls := range tl.Counts {
		bx, bw := x.bucket(i, n)
		from := tl.Start.Add(time.Duration(i) * tl.Width).In(loc)
		failed := 0
		if i < len(r.Failures) {
			failed = r.Failures[i]
		}
		tip := fmt.Sprintf("%s – %s: %d %s, %d failed", from.Format("15:04"), from.Add(tl.Width).Format("15:04"), calls, english.Plural(calls, "call", "calls"), failed)
		b := htmlBucket{}
		if calls > 0 {
			b.Bars = append(b.Bars, htmlRect{X: svgNum(bx), W: svgNum(bw), Y: svgNum(y(calls)), H: svgNum(y(0) - y(calls)), Fill: callsColour})
		}
		stacked := 0
		for _, f := range events {
			if i >= len(f.Timeline) || f.Timeline[i] == 0 {
				continue
			}
			v := f.Timeline[i]
			b.Bars = append(b.Bars, htmlRect{X: svgNum(bx), W: svgNum(bw), Y: svgNum(y(stacked + v)), H: svgNum(y(stacked) - y(stacked+v)), Fill: colours[f.Cause.ID]})
			tip += fmt.Sprintf("; %s %d", f.Cause.ID, v)
			stacked += v
		}
		if rest := failed - stacked; rest > 0 {
			other = true
			b.Bars = append(b.Bars, htmlRect{X: svgNum(bx), W: svgNum(bw), Y: svgNum(y(stacked + rest)), H: svgNum(y(stacked) - y(stacked+rest)), Fill: otherColour})
			tip += fmt.Sprintf("; other %d", rest)
		}
		b.Tip = tip
		c.Buckets = append(c.Buckets, b)
	}

	patterns := 0
	for _, f := range r.Findings {
		if f.Timeline != nil || f.FirstSeen.IsZero() {
			continue
		}
		x0, w := x.windowRect(f.FirstSeen, f.LastSeen)
		c.Spans = append(c.Spans, htmlSpan{
			htmlRect: htmlRect{X: svgNum(x0), W: svgNum(w), Y: strconv.Itoa(c.Top), H: strconv.Itoa(c.Bottom - c.Top), Fill: colours[f.Cause.ID]},
			Tip:      f.Cause.ID + ": " + window(f.FirstSeen, f.LastSeen, loc),
			Label:    f.Cause.ID, LabelX: svgNum(x0), LabelY: strconv.Itoa(c.Top - 6 - 11*(patterns%2)), Anchor: "start",
		})
		// A label of a window near the right edge ends at the window, so it stays in view.
		if x0+w > chartWidth*0.75 {
			c.Spans[len(c.Spans)-1].LabelX, c.Spans[len(c.Spans)-1].Anchor = svgNum(x0+w), "end"
		}
		patterns++
	}

	end := tl.Start.Add(tl.Width * time.Duration(n))
	for _, t := range htmlTimeTicks(tl.Start, end, loc) {
		c.XTicks = append(c.XTicks, htmlTick{At: svgNum(x.at(t.at)), Label: t.label})
	}

	// The legend names what is drawn: a cause whose events had no time has no bar.
	seen := map[string]bool{}
	for _, f := range r.Findings {
		drawn := !f.FirstSeen.IsZero()
		if f.Timeline != nil {
			drawn = slices.ContainsFunc(f.Timeline, func(v int) bool { return v > 0 })
		}
		if seen[f.Cause.ID] || !drawn {
			continue
		}
		seen[f.Cause.ID] = true
		label := f.Cause.ID + ": " + f.Cause.Title
		if f.Timeline == nil {
			label = f.Cause.ID + " (its window): " + f.Cause.Title
		}
		c.Legend = append(c.Legend, htmlLegend{Colour: colours[f.Cause.ID], Label: label, Pattern: f.Timeline == nil})
	}
	if other {
		c.Legend = append(c.Legend, htmlLegend{Colour: otherColour, Label: "other failures: no rule matched, or explained by a pattern only"})
	}
	c.Legend = append([]htmlLegend{{Colour: callsColour, Label: "all calls"}}, c.Legend...)
	c.Caption = fmt.Sprintf("Each bar counts the calls of %s, from %s; times in %s. Hover over a bar for its numbers.", cellWidth(tl.Width),
		axisRange(tl, loc), htmlZone(loc, tl.Start))
	c.Label = fmt.Sprintf("Timeline of %s and %s from %s", count(r.Summary.Events, "call", "calls"), count(r.Summary.Failures, "failure", "failures"), window(r.Summary.Start, r.Summary.End, loc))
	return c
}

// newStrip draws one finding on the report's axis: its failures per bucket scaled to its
// own peak, or a pattern's window. nil when it has no time to place.
func newStrip(tl model.Timeline, f model.Finding, colour string, loc *time.Location) *htmlStrip {
	n := len(tl.Counts)
	if tl.Start.IsZero() || tl.Width <= 0 || n == 0 {
		return nil
	}
	s := &htmlStrip{Width: chartWidth, Height: stripHeight, Left: chartLeft, Right: chartWidth - chartRight}
	x := newXScale(tl, chartWidth, chartLeft, chartRight)
	if f.Timeline == nil {
		if f.FirstSeen.IsZero() {
			return nil
		}
		x0, w := x.windowRect(f.FirstSeen, f.LastSeen)
		s.Span = true
		s.Rects = []htmlRect{{X: svgNum(x0), W: svgNum(w), Y: "2", H: strconv.Itoa(stripHeight - 4), Fill: colour}}
		s.Label = fmt.Sprintf("When, on the timeline's axis (%s): the pattern's window, %s.", axisRange(tl, loc), window(f.FirstSeen, f.LastSeen, loc))
		return s
	}
	peak := 0
	for _, v := range f.Timeline {
		peak = max(peak, v)
	}
	if peak == 0 {
		return nil
	}
	for i, v := range f.Timeline {
		if v == 0 || i >= n {
			continue
		}
		bx, bw := x.bucket(i, n)
		h := max(float64(v)/float64(peak)*float64(stripHeight-2), 2)
		s.Rects = append(s.Rects, htmlRect{X: svgNum(bx), W: svgNum(bw), Y: svgNum(float64(stripHeight) - h), H: svgNum(h), Fill: colour})
	}
	s.Label = fmt.Sprintf("When, on the timeline's axis (%s): failed calls per %s, the tallest bar %d.", axisRange(tl, loc), cellWidth(tl.Width), peak)
	return s
}

// axisRange names the ends of the report's time axis: "09:14 – 09:17 UTC".
func axisRange(tl model.Timeline, loc *time.Location) string {
	s, e := tl.Start.In(loc), tl.Start.Add(tl.Width*time.Duration(len(tl.Counts))).In(loc)
	layout := "15:04"
	if s.YearDay() != e.YearDay() || s.Year() != e.Year() {
		layout = "2006-01-02 15:04"
	}
	return s.Format(layout) + " – " + e.Format(layout) + " " + e.Format("MST")
}

// axisTop rounds a count up to a round axis top and picks a tick step that gives at most
// five steps.
func axisTop(v int) (top, step int) {
	v = max(v, 1)
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * mag
			if v <= 5*step {
				return (v + step - 1) / step * step, step
			}
		}
	}
}

type timeTick struct {
	at    time.Time
	label string
}

// tickSteps are the intervals the time axis may be labelled at.
var tickSteps = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 2 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
}

// htmlTimeTicks labels [start, end] at round times of the zone loc, at most nine of them; a
// tick where the date changes (and the first) carries the date when the axis spans days.
func htmlTimeTicks(start, end time.Time, loc *time.Location) []timeTick {
	span := end.Sub(start)
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if span/s <= 8 {
			step = s
			break
		}
	}
	s, e := start.In(loc), end.In(loc)
	multiDay := s.YearDay() != e.Add(-time.Nanosecond).YearDay() || s.Year() != e.Year()
	// Round up from local midnight, so ticks fall on round times of the zone asked for.
	midnight := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)
	var t time.Time
	if step >= 24*time.Hour {
		t = midnight
		if t.Before(s) {
			t = t.AddDate(0, 0, 1)
		}
	} else {
		t = midnight.Add((s.Sub(midnight) + step - 1) / step * step)
	}
	var ticks []timeTick
	lastDay := -1
	for ; !t.After(e) && len(ticks) < 40; t = nextTick(t, step, loc) {
		layout := "15:04"
		switch {
		case step >= 24*time.Hour:
			layout = "Jan 2"
		case multiDay && (t.YearDay() != lastDay):
			layout = "Jan 2 15:04"
		}
		lastDay = t.YearDay()
		ticks = append(ticks, timeTick{t, t.Format(layout)})
	}
	return ticks
}

// nextTick steps by days on the calendar (so ticks stay at midnight across a change of
// daylight saving time) and by clock time below a day.
func nextTick(t time.Time, step time.Duration, loc *time.Location) time.Time {
	if step >= 24*time.Hour {
		return t.AddDate(0, 0, int(step/(24*time.Hour))).In(loc)
	}
	return t.Add(step).In(loc)
}

var htmlPage = template.Must(template.New("html").Funcs(template.FuncMap{"plural": english.Plural}).Parse(htmlTemplate + htmlSessionsTemplate))

// htmlTemplate is the page. The Content-Security-Policy allows inline styles and data:
// images and nothing else: no script runs and nothing is fetched, whatever the input held.
const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="claudelog">
<title>{{.Title}}</title>
<style>
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #dadce0; --panel: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1180px; margin: 0 auto; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 17px; margin: 0 0 8px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
p.lead { color: var(--muted); margin: 0 0 16px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 0; list-style: none; }
.chips li { background: var(--panel); border: 1px solid var(--rule); border-radius: 12px; padding: 0 10px; }
.chart { background: #fff; border: 1px solid var(--rule); border-radius: 6px; padding: 8px; }
.chart > svg { display: block; width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 8px 0 0; font-size: 13px; }
.legend svg { display: inline-block; width: 14px; height: 12px; vertical-align: -1px; margin-right: 6px; }
.caption { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
article.finding { --sev: #555555; border: 1px solid var(--rule); border-left: 6px solid var(--sev); border-radius: 6px; padding: 14px 18px; margin: 0 0 18px; }
.badge { display: inline-block; background: var(--sev); color: #fff; font-weight: 700; font-size: 12px; letter-spacing: .04em; text-transform: uppercase; padding: 2px 10px; border-radius: 4px; }
.count { color: var(--muted); font-weight: 400; }
.strip { margin: 6px 0 10px; }
.strip > svg { display: block; width: 100%; height: auto; background: var(--panel); border-radius: 3px; }
.strip p { margin: 2px 0 0; color: var(--muted); font-size: 12px; }
table.evidence { border-collapse: collapse; width: 100%; margin: 10px 0; font-size: 13px; table-layout: auto; }
table.evidence th, table.evidence td { border: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.evidence .nowrap, table.evidence th { white-space: nowrap; overflow-wrap: normal; }
table.evidence th { background: var(--panel); font-weight: 600; }
.note { background: #fff8e1; border-left: 4px solid #f2b600; padding: 6px 12px; margin: 8px 0; }
ul.fixes { margin: 6px 0 0; padding-left: 22px; }
p.verdict { font-size: 18px; margin: 12px 0 8px; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; }
{{.SeverityCSS}}
@media print { body { padding: 0; } article.finding { break-inside: avoid; } }
</style>
</head>
<body>
<main>
<header>
<h1>{{.Heading}}</h1>
<p class="verdict"><strong>{{.Verdict}}</strong></p>
<p class="lead">A report by claudelog. Secrets and conversation text were redacted before it was written. Times are in {{.Zone}}.</p>
</header>

<section id="summary">
<h2>Summary</h2>
<dl class="facts">
<dt>Time window</dt><dd>{{.Window}}</dd>
<dt>Calls</dt><dd>{{.Calls}}, of which {{.Failures}} failed</dd>
{{- if .ByStatus}}
<dt>Failures by status</dt><dd><ul class="chips">{{range .ByStatus}}<li>{{.Name}} × {{.Count}}</li>{{end}}</ul></dd>
{{- end}}
<dt>Findings</dt><dd>{{len .Findings}}</dd>
{{- range .Inputs}}
<dt>Input</dt><dd><code>{{.Path}}</code> ({{.Format}}, {{.Events}} {{plural .Events "call" "calls"}}, {{.Failures}} failed, {{.Warnings}} {{plural .Warnings "warning" "warnings"}})</dd>
{{- end}}
{{- if .Filtered}}
<dt>Left out by --since/--until</dt><dd>{{.Filtered}} {{plural .Filtered "event" "events"}}</dd>
{{- end}}
</dl>
</section>

<section id="timeline">
<h2>Timeline</h2>
{{- with .Chart}}
<div class="chart">
<svg viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Label}}" font-family="system-ui, sans-serif" font-size="12">
<g class="windows">
{{- range .Spans}}
<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Fill}}" fill-opacity="0.14"/>
{{- end}}
</g>
<g class="grid" stroke="#e3e5e8">
{{- range .YTicks}}
<line x1="{{$.Chart.Left}}" x2="{{$.Chart.Right}}" y1="{{.At}}" y2="{{.At}}"/>
{{- end}}
</g>
<g class="bars">
{{- range .Buckets}}
<g><title>{{.Tip}}</title>{{range .Bars}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Fill}}"/>{{end}}</g>
{{- end}}
</g>
<g class="spans">
{{- range .Spans}}
<g><title>{{.Tip}}</title><rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="none" stroke="{{.Fill}}" stroke-width="1.5" stroke-dasharray="5 3"/><text x="{{.LabelX}}" y="{{.LabelY}}" text-anchor="{{.Anchor}}" fill="{{.Fill}}" font-weight="600">{{.Label}}</text></g>
{{- end}}
</g>
<g class="axes" fill="#5f6368">
<line x1="{{.Left}}" x2="{{.Right}}" y1="{{.Bottom}}" y2="{{.Bottom}}" stroke="#5f6368"/>
{{- range .YTicks}}
<text x="{{$.Chart.Left}}" dx="-6" y="{{.At}}" dy="4" text-anchor="end">{{.Label}}</text>
{{- end}}
{{- range .XTicks}}
<line x1="{{.At}}" x2="{{.At}}" y1="{{$.Chart.Bottom}}" y2="{{$.Chart.TickEnd}}" stroke="#5f6368"/>
<text x="{{.At}}" y="{{$.Chart.Bottom}}" dy="18" text-anchor="middle">{{.Label}}</text>
{{- end}}
</g>
</svg>
<ul class="legend">
{{- range .Legend}}
<li><svg width="14" height="12" aria-hidden="true">{{if .Pattern}}<rect x="0.5" y="0.5" width="13" height="11" fill="{{.Colour}}" fill-opacity="0.14" stroke="{{.Colour}}" stroke-dasharray="3 2"/>{{else}}<rect width="14" height="12" fill="{{.Colour}}"/>{{end}}</svg>{{.Label}}</li>
{{- end}}
</ul>
<p class="caption">{{.Caption}}</p>
</div>
{{- else}}
<p>The input carries no timestamps: there is no timeline to draw.</p>
{{- end}}
</section>

<section id="findings">
<h2>Findings</h2>
{{- if not .Findings}}
<p>{{if .Failures}}No rule explains the failures; see the sample below.{{else}}No failures found.{{end}}</p>
{{- end}}
{{- range .Findings}}
<article class="finding sev-{{.Severity}}" id="{{.ID}}">
<h3><span class="badge">{{.Severity}}</span><span>{{.N}}. {{.Title}}</span></h3>
{{- with .Strip}}{{$span := .Span}}
<div class="strip">
<svg viewBox="0 0 {{.Width}} {{.Height}}" aria-hidden="true">
{{- range .Rects}}
<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Fill}}"{{if $span}} fill-opacity="0.25" stroke="{{.Fill}}" stroke-dasharray="4 3"{{end}}/>
{{- end}}
</svg>
<p>{{.Label}}</p>
</div>
{{- end}}
<dl class="facts">
<dt>Cause</dt><dd><code>{{.Cause}}</code> ({{.Kind}})</dd>
<dt>Failed calls</dt><dd>{{.Count}}</dd>
{{- if .FirstSeen}}
<dt>First seen</dt><dd>{{.FirstSeen}}</dd>
<dt>Last seen</dt><dd>{{.LastSeen}}</dd>
{{- end}}
{{- if .Statuses}}
<dt>HTTP status</dt><dd>{{.Statuses}}</dd>
{{- end}}
{{- if .ErrorTypes}}
<dt>Error types</dt><dd>{{range $i, $t := .ErrorTypes}}{{if $i}}, {{end}}<code>{{$t}}</code>{{end}}</dd>
{{- end}}
{{- if .Endpoints}}
<dt>Endpoints</dt><dd>{{range $i, $e := .Endpoints}}{{if $i}}<br>{{end}}<code>{{$e}}</code>{{end}}</dd>
{{- end}}
{{- if .Clients}}
<dt>Client</dt><dd>{{range $i, $c := .Clients}}{{if $i}}, {{end}}<code>{{$c}}</code>{{end}}</dd>
{{- end}}
{{- if .Tried}}
<dt>Retries, size</dt><dd>{{range $i, $t := .Tried}}{{if $i}}; {{end}}{{$t}}{{end}}</dd>
{{- end}}
{{- if .Rules}}
<dt>Rules</dt><dd>{{range $i, $r := .Rules}}{{if $i}}, {{end}}<code>{{$r}}</code>{{end}}</dd>
{{- end}}
</dl>
{{- if .Evidence}}
{{template "evidence" .Evidence}}
{{- end}}
{{- if .Sessions}}
{{template "sessions" .Sessions}}
{{- end}}
{{- range .Notes}}
<p class="note">{{.}}</p>
{{- end}}
{{- if .Fixes}}
<p><strong>{{.FixesFor}}</strong></p>
<ul class="fixes">
{{- range .Fixes}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
</article>
{{- end}}
</section>
{{- if or .Unclassified .UnclassifiedSessions}}

<section id="unclassified">
<h2>Failures no rule explains</h2>
<p>{{.Unexplained}} failed {{plural .Unexplained "call" "calls"}} matched no rule; claudelog does not guess a cause for them. A sample:</p>
{{- if .Unclassified}}
{{template "evidence" .Unclassified}}
{{- end}}
{{- if .UnclassifiedSessions}}
{{template "sessions" .UnclassifiedSessions}}
{{- end}}
</section>
{{- end}}
{{- if .Notes}}

<section id="notes">
<h2>What the input could not tell</h2>
{{- range .Notes}}
<p class="note">{{.}}</p>
{{- end}}
</section>
{{- end}}

<footer>
<p>Made by claudelog. This page is one file: it loads nothing from the network and runs no script.</p>
</footer>
</main>
</body>
</html>
{{define "evidence"}}<table class="evidence">
<thead><tr><th>Source</th><th>Time</th><th>Status</th><th>Request id</th><th>Endpoint</th><th>Detail</th></tr></thead>
<tbody>
{{- range .}}
<tr><td class="mono">{{.Source}}</td><td class="mono nowrap">{{.Time}}</td><td class="nowrap">{{.Status}}</td><td class="mono">{{.RequestID}}</td><td class="mono">{{.Endpoint}}</td><td class="mono">{{.Detail}}</td></tr>
{{- end}}
</tbody>
</table>{{end}}`
