package report

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

// The HTML report's timeline: one bar of all calls per cell of round width, the failures in
// it stacked in their causes' colours, each pattern's window a band with an outline over
// the cells it covers, and under each finding a strip of it on the same axis.

// Colours of the picture. Calls are a light grey the failures stand out on, failures no
// rule explains a dark grey; overloaded, the commonest failure, is always the palette's
// red, so a reader (and the browser test) knows it at a glance.
const (
	callsColour    = "#c8c8c8"
	otherColour    = "#555555"
	overloadColour = "#d55e00"
)

// causePalette is the palette of Okabe and Ito ("Color Universal Design", 2008) without
// its black: seven colours that readers with any common colour-vision deficiency tell
// apart. Overloaded has the vermillion to itself; the commonest other causes (solidCauses)
// take the other six plain, and the rest of the catalog, in order, takes them with a
// hatch (stripes, dots, cross-hatching, bars) that tells them apart, so no two causes
// look alike and no cause looks like overloaded. The legend names every cause.
var causePalette = []string{overloadColour, "#0072b2", "#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#f0e442"}

// solidCauses are the causes seen most together (a claude.ai session, an API client under
// load) in the order they take causePalette's colours after overloaded's.
var solidCauses = []string{"server_error", "rate_limited", "network_error", "blocked_by_client", "usage_limit", "stream_interrupted"}

// Hatches drawn in white over a cause's colour: none, then five that stay distinct on a
// bar a few pixels wide.
const (
	hatchNone = iota
	hatchStripes
	hatchDots
	hatchCross
	hatchBars
	hatchColumns
	hatchCount
)

// swatch is how a cause is drawn: its colour, and a hatch for causes past the palette's
// size. A pattern cause (a window, drawn as an outline) has Window set.
type swatch struct {
	Colour string
	Hatch  int
	Window bool
}

// causeSwatches gives every cause of the catalog its swatch, none shared: the same cause
// has the same look in every report.
var causeSwatches = sync.OnceValue(func() map[string]swatch {
	out := map[string]swatch{"overloaded": {Colour: overloadColour}}
	others := causePalette[1:]
	for i, id := range solidCauses {
		out[id] = swatch{Colour: others[i]}
	}
	events, windows := 0, 0
	for _, c := range rules.Causes() {
		if _, ok := out[c.ID]; ok {
			continue
		}
		if c.Kind == model.KindPattern {
			out[c.ID] = swatch{Colour: windowPalette[windows%len(windowPalette)], Window: true}
			windows++
			continue
		}
		out[c.ID] = swatch{Colour: others[events%len(others)], Hatch: 1 + events/len(others)%(hatchCount-1)}
		events++
	}
	return out
})

// windowPalette colours the outlines of pattern windows: Okabe–Ito's black first, then
// its blue, purple, green and orange; a dashed outline, not a fill, tells a window from a
// cause's bars.
var windowPalette = []string{"#000000", "#0072b2", "#cc79a7", "#009e73", "#e69f00"}

// swatchOf is the swatch of a cause id; a cause not in the catalog (a report read from
// elsewhere) is hatched grey rather than taking another cause's look.
func swatchOf(id string) swatch {
	if s, ok := causeSwatches()[id]; ok {
		return s
	}
	return swatch{Colour: "#999999", Hatch: hatchStripes}
}

// fill is the SVG fill of a cause: its colour, or its hatch pattern defined in the chart.
func (s swatch) fill(id string) string {
	if s.Hatch == hatchNone || s.Window {
		return s.Colour
	}
	return "url(#hatch-" + id + ")"
}

// colourCauses maps each cause among the findings to its fill.
func colourCauses(findings []model.Finding) map[string]string {
	fills := map[string]string{}
	for _, f := range findings {
		fills[f.Cause.ID] = swatchOf(f.Cause.ID).fill(f.Cause.ID)
	}
	return fills
}

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
	chartLeft   = 64
	chartRight  = 16
	chartTop    = 16
	chartBottom = 48
	stripHeight = 30
	// chartCells is how many cells the timeline aims at: about 15 units each, some 9 px on
	// a 600-pixel screen.
	chartCells = 60
	// labelRow is the height of a row of window labels above the plot: a line of
	// labelFont.
	labelRow = 28
	// The text of the picture is at most labelFont units high (the style sheet enlarges
	// it on narrow screens so that it stays readable); window labels are laid out for that
	// size, so they cannot overlap at any width. Time labels come in two sets: one laid
	// out for wideFont, shown above 700 px, and a sparser one for labelFont below.
	labelFont = 21
	wideFont  = 16
	labelGap  = 14
)

// htmlChart is the timeline, laid out: every number is already a position in the viewBox.
type htmlChart struct {
	Width, Height            int
	Left, Right, Top, Bottom int
	TickEnd                  int
	Cells                    []htmlCell
	Windows                  []htmlWindow
	XTicks                   []htmlTick // above 700 px
	XTicksNarrow             []htmlTick // at most 700 px
	YTicks                   []htmlTick
	Hatches                  []htmlHatch
	Legend                   []htmlLegend
	Caption                  string
	Label                    string // for screen readers
}

// htmlCell is one cell of the timeline: its bar of calls, and its failures by cause.
type htmlCell struct {
	Tip  string
	Bars []htmlRect
}

type htmlRect struct {
	X, Y, W, H string
	Fill       string
	Class      string // calls, failed (with Cause) or unexplained
	Cause      string
}

// htmlWindow is a pattern finding's window: a band behind the bars, an outline over
// them, and its name above the plot when there is room for it.
type htmlWindow struct {
	htmlRect
	row    int // of the label above the plot
	Tip    string
	Label  string
	LabelX string
	LabelY string
	Anchor string // text-anchor of the label
}

type htmlTick struct {
	At     string // x for the time axis, y for the count axis
	Label  string
	Anchor string
}

// htmlHatch is a hatch pattern: a cause's colour with white marks.
type htmlHatch struct {
	ID     string
	Colour string
	Marks  template.HTML // SVG elements, from hatchMarks (constants)
}

type htmlLegend struct {
	Fill    string
	Label   string
	Pattern bool
}

// hatchMarks are the white marks of each hatch in a 6×6 tile.
var hatchMarks = map[int]template.HTML{
	hatchStripes: `<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#fff" stroke-width="1.6"/>`,
	hatchDots:    `<circle cx="3" cy="3" r="1.4" fill="#fff"/>`,
	hatchCross:   `<path d="M0,0 l6,6 M6,0 l-6,6" stroke="#fff" stroke-width="1.2"/>`,
	hatchBars:    `<rect y="2" width="6" height="2" fill="#fff"/>`,
	hatchColumns: `<rect x="2" width="2" height="6" fill="#fff"/>`,
}

// htmlStrip is one finding on the timeline's axis, drawn under its title.
type htmlStrip struct {
	Width, Height int
	Left, Right   int
	Rects         []htmlRect
	Span          bool
	Label         string
}

// xScale maps times on an axis to x positions in a picture's plot area.
type xScale struct {
	axis
	left, width float64
}

func newXScale(a axis, width, left, right int) xScale {
	return xScale{axis: a, left: float64(left), width: float64(width - left - right)}
}

func (x xScale) at(t time.Time) float64 { return x.left + x.frac(t)*x.width }

// cell returns the left edge and width of cell i, leaving a gap between bars when there
// is room for one.
func (x xScale) cell(i int) (float64, float64) {
	w := x.width / float64(x.cells)
	gap := min(w*0.12, 4)
	if w < 3 {
		gap = 0
	}
	return x.left + float64(i)*w + gap/2, w - gap
}

// windowRect is a pattern's window on the axis: the cells it covers, so the band lines up
// with the bars it explains.
func (x xScale) windowRect(first, last time.Time) (float64, float64) {
	if last.IsZero() {
		last = first
	}
	w := x.width / float64(x.cells)
	i, j := x.cellOf(first), x.cellOf(last)
	return x.left + float64(i)*w, float64(j-i+1) * w
}

func svgNum(f float64) string {
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// causeCounts is the failures of each cause per bucket of the report's axis and the order
// to stack them in: the findings' causes by impact, then causes only a pattern explains.
// It reads Report.CauseFailures, or the findings' own timelines when that is not known.
func causeCounts(r *model.Report) (map[string][]int, []string) {
	by := r.CauseFailures
	if by == nil {
		by = map[string][]int{}
		for _, f := range r.Findings {
			if f.Timeline == nil {
				continue
			}
			if into := by[f.Cause.ID]; into != nil {
				for i, v := range f.Timeline {
					if i < len(into) {
						into[i] += v
					}
				}
			} else {
				by[f.Cause.ID] = slices.Clone(f.Timeline)
			}
		}
	}
	var order []string
	for _, f := range r.Findings {
		if _, ok := by[f.Cause.ID]; ok && !slices.Contains(order, f.Cause.ID) {
			order = append(order, f.Cause.ID)
		}
	}
	var rest []string
	for id := range by {
		if !slices.Contains(order, id) {
			rest = append(rest, id)
		}
	}
	total := func(id string) int {
		n := 0
		for _, v := range by[id] {
			n += v
		}
		return n
	}
	slices.SortFunc(rest, func(a, b string) int { return cmp.Or(cmp.Compare(total(b), total(a)), cmp.Compare(a, b)) })
	return by, append(order, rest...)
}

// causeTitle is a cause's title from the findings, else from the catalog.
func causeTitle(r *model.Report, id string) string {
	for _, f := range r.Findings {
		if f.Cause.ID == id {
			return f.Cause.Title
		}
	}
	if c, ok := rules.CauseByID(id); ok {
		return c.Title
	}
	return id
}

// newChart lays out the timeline: per cell a grey bar of all calls, and on it the failures
// stacked by cause; each pattern's window a band behind the bars and an outline over
// them. nil when the input had no times.
func newChart(r *model.Report, loc *time.Location) *htmlChart {
	a := axisOf(r.Timeline, chartCells, loc)
	if a.cells == 0 {
		return nil
	}
	c := &htmlChart{Width: chartWidth, Height: chartHeight, Left: chartLeft, Right: chartWidth - chartRight}
	x := newXScale(a, chartWidth, chartLeft, chartRight)
	c.Windows = windowsOf(r, x, loc)
	rows := 0
	for _, w := range c.Windows {
		if w.Label != "" {
			rows = max(rows, w.row+1)
		}
	}
	c.Top = chartTop + rows*labelRow
	for i := range c.Windows {
		c.Windows[i].place(c.Top)
	}
	c.Bottom = chartHeight - chartBottom
	c.TickEnd = c.Bottom + 5

	calls := a.rebin(r.Timeline.Counts)
	failures := a.rebin(r.Failures)
	byBucket, order := causeCounts(r)
	byCause := map[string][]int{}
	for _, id := range order {
		byCause[id] = a.rebin(byBucket[id])
	}
	plotH := float64(c.Bottom - c.Top)
	top, step := axisTop(slices.Max(calls))
	y := func(v int) float64 { return float64(c.Bottom) - float64(v)/float64(top)*plotH }
	for v := 0; v <= top; v += step {
		c.YTicks = append(c.YTicks, htmlTick{At: svgNum(y(v)), Label: strconv.Itoa(v)})
	}
	layout := a.clockLayout("Jan 2")
	if a.step >= day {
		layout = "Jan 2"
	}
	drawn := map[string]bool{}
	unexplained := false
	for i, n := range calls {
		bx, bw := x.cell(i)
		from := a.cellStart(i)
		tip := fmt.Sprintf("%s – %s: %s, %d failed", from.Format(layout), a.cellStart(i+1).Format(layout), count(n, "call", "calls"), failures[i])
		cell := htmlCell{}
		bar := func(from, v int, fill, class, cause string) {
			cell.Bars = append(cell.Bars, htmlRect{X: svgNum(bx), W: svgNum(bw), Y: svgNum(y(from + v)), H: svgNum(y(from) - y(from+v)), Fill: fill, Class: class, Cause: cause})
		}
		if n > 0 {
			bar(0, n, callsColour, "calls", "")
		}
		stacked := 0
		for _, id := range order {
			v := byCause[id][i]
			if v == 0 {
				continue
			}
			bar(stacked, v, swatchOf(id).fill(id), "failed", id)
			tip += fmt.Sprintf("; %s %d", id, v)
			stacked += v
			drawn[id] = true
		}
		if rest := failures[i] - stacked; rest > 0 {
			unexplained = true
			bar(stacked, rest, otherColour, "unexplained", "")
			tip += fmt.Sprintf("; no rule matched %d", rest)
		}
		cell.Tip = tip
		c.Cells = append(c.Cells, cell)
	}
	c.XTicks = timeTicks(x, loc, wideFont)
	c.XTicksNarrow = timeTicks(x, loc, labelFont)

	// The legend names what is drawn, in the order it is stacked.
	for _, id := range order {
		if drawn[id] {
			c.Legend = append(c.Legend, htmlLegend{Fill: swatchOf(id).fill(id), Label: id + ": " + causeTitle(r, id)})
		}
	}
	for i, w := range c.Windows {
		if !slices.ContainsFunc(c.Windows[:i], func(o htmlWindow) bool { return o.Cause == w.Cause }) {
			c.Legend = append(c.Legend, htmlLegend{Fill: w.Fill, Label: w.Cause + " (its window): " + causeTitle(r, w.Cause), Pattern: true})
		}
	}
	if unexplained {
		c.Legend = append(c.Legend, htmlLegend{Fill: otherColour, Label: "failures no rule explains"})
	}
	c.Legend = append([]htmlLegend{{Fill: callsColour, Label: "all calls"}}, c.Legend...)
	c.Hatches = hatchesOf(append(slices.Clone(order), findingCauses(r)...))
	c.Caption = fmt.Sprintf("One bar per %s, from %s; times in %s. Hover over a bar for its numbers.", a.perCell(),
		axisRange(a), htmlZone(loc, r.Timeline.Start))
	c.Label = fmt.Sprintf("Timeline of %s and %s from %s", count(r.Summary.Events, "call", "calls"), count(r.Summary.Failures, "failure", "failures"), window(r.Summary.Start, r.Summary.End, loc))
	return c
}

// findingCauses lists the findings' cause ids, for the hatches their strips draw with.
func findingCauses(r *model.Report) []string {
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.Cause.ID)
	}
	return ids
}

// hatchesOf defines the hatch patterns the causes ids draw with, each once.
func hatchesOf(ids []string) []htmlHatch {
	var out []htmlHatch
	seen := map[string]bool{}
	for _, id := range ids {
		s := swatchOf(id)
		if seen[id] || s.Window || s.Hatch == hatchNone {
			continue
		}
		seen[id] = true
		out = append(out, htmlHatch{ID: "hatch-" + id, Colour: s.Colour, Marks: hatchMarks[s.Hatch]})
	}
	return out
}

// windowsOf lays out the pattern findings' windows, their labels staggered over two rows
// above the plot; a label with no room in either is left to the legend.
func windowsOf(r *model.Report, x xScale, loc *time.Location) []htmlWindow {
	var out []htmlWindow
	var taken [2][][2]float64 // label extents per row
	for _, f := range r.Findings {
		if f.Timeline != nil || f.FirstSeen.IsZero() {
			continue
		}
		x0, w := x.windowRect(f.FirstSeen, f.LastSeen)
		hw := htmlWindow{
			htmlRect: htmlRect{X: svgNum(x0), W: svgNum(w), Fill: swatchOf(f.Cause.ID).Colour, Cause: f.Cause.ID},
			Tip:      f.Cause.ID + ": " + window(f.FirstSeen, f.LastSeen, loc),
			Anchor:   "start", LabelX: svgNum(x0),
		}
		lw := textWidth(f.Cause.ID, labelFont)
		lx := x0
		// A label that would run off the right edge ends at its window instead.
		if lx+lw > chartWidth-2 {
			lx = max(x0+w-lw, 2)
			hw.Anchor, hw.LabelX = "end", svgNum(lx+lw)
		}
		for row := range taken {
			free := !slices.ContainsFunc(taken[row], func(e [2]float64) bool { return lx < e[1]+labelGap && e[0] < lx+lw+labelGap })
			if free {
				taken[row] = append(taken[row], [2]float64{lx, lx + lw})
				hw.Label, hw.row = f.Cause.ID, row
				break
			}
		}
		out = append(out, hw)
	}
	return out
}

// place sets the window's height and its label's row once the plot's top is known.
func (w *htmlWindow) place(top int) {
	w.Y, w.H = strconv.Itoa(top), strconv.Itoa(chartHeight-chartBottom-top)
	w.LabelY = strconv.Itoa(top - 7 - w.row*labelRow)
}

// newStrip draws one finding on the report's axis: its failures per cell scaled to its own
// peak, or a pattern's window. nil when it has no time to place.
func newStrip(tl model.Timeline, f model.Finding, fill string, loc *time.Location) *htmlStrip {
	a := axisOf(tl, chartCells, loc)
	if a.cells == 0 {
		return nil
	}
	s := &htmlStrip{Width: chartWidth, Height: stripHeight, Left: chartLeft, Right: chartWidth - chartRight}
	x := newXScale(a, chartWidth, chartLeft, chartRight)
	if f.Timeline == nil {
		if f.FirstSeen.IsZero() {
			return nil
		}
		x0, w := x.windowRect(f.FirstSeen, f.LastSeen)
		s.Span = true
		s.Rects = []htmlRect{{X: svgNum(x0), W: svgNum(w), Y: "2", H: strconv.Itoa(stripHeight - 4), Fill: fill, Class: "window", Cause: f.Cause.ID}}
		s.Label = fmt.Sprintf("When, on the timeline's axis (%s): the pattern's window, %s.", axisRange(a), window(f.FirstSeen, f.LastSeen, loc))
		return s
	}
	counts := a.rebin(f.Timeline)
	peak := slices.Max(counts)
	if peak == 0 {
		return nil
	}
	for i, v := range counts {
		if v == 0 {
			continue
		}
		bx, bw := x.cell(i)
		h := max(float64(v)/float64(peak)*float64(stripHeight-2), 2)
		s.Rects = append(s.Rects, htmlRect{X: svgNum(bx), W: svgNum(bw), Y: svgNum(float64(stripHeight) - h), H: svgNum(h), Fill: fill, Class: "failed", Cause: f.Cause.ID})
	}
	s.Label = fmt.Sprintf("When, on the timeline's axis (%s): failed calls per %s, the tallest bar %d.", axisRange(a), a.perCell(), peak)
	return s
}

// axisRange names the ends of an axis: "09:14 – 09:17 UTC".
func axisRange(a axis) string {
	layout := a.clockLayout("2006-01-02")
	e := a.end()
	return a.start.Format(layout) + " – " + e.Format(layout) + " " + e.Format("MST")
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

// textWidth estimates the width of s at the font size, in the same units, on the wide side
// of the sans-serif fonts a browser picks for system-ui (DejaVu Sans, Segoe UI, Roboto).
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r == ' ' || r == ':' || r == '.' || r == ',':
			w += 0.36
		case r >= 'A' && r <= 'Z':
			w += 0.74
		case r == 'm' || r == 'w' || r == 'M' || r == 'W':
			w += 0.98
		default:
			w += 0.66
		}
	}
	return w * size
}

type timeTick struct {
	at    time.Time
	label string
}

// timeTicks labels the axis at round times of loc, as densely as labels of the font size
// allow without touching: the first and every change of date carry the date when the axis
// spans days. A label that would cross the picture's edge is anchored at its tick instead
// of centred on it.
func timeTicks(x xScale, loc *time.Location, font float64) []htmlTick {
	span := int64(x.cells) * x.step
	for i := range len(cellSteps) + 40 {
		step := stepAt(i)
		if span/step > 24 {
			continue
		}
		ticks := roundTimes(x.start, x.end(), step, x.multiDay(), loc)
		out, ok := layTicks(x, ticks, font)
		if ok || len(ticks) <= 1 {
			return out
		}
	}
	return nil
}

// layTicks places ticks, and reports whether no two labels come closer than labelGap. A
// label at either edge, anchored there instead of centred, is dropped rather than
// crowding its neighbour.
func layTicks(x xScale, ticks []timeTick, font float64) ([]htmlTick, bool) {
	var out []htmlTick
	prevEnd := -1e9
	for i, t := range ticks {
		at := x.at(t.at)
		w := textWidth(t.label, font)
		l, anchor := at-w/2, "middle"
		switch {
		case l < 2:
			l, anchor = at, "start"
		case at+w/2 > chartWidth-2:
			l, anchor = at-w, "end"
		}
		if l < prevEnd+labelGap {
			switch {
			case anchor == "end" && i == len(ticks)-1:
				continue
			case len(out) == 1 && out[0].Anchor == "start":
				out = out[:0]
			default:
				return out, false
			}
		}
		prevEnd = l + w
		out = append(out, htmlTick{At: svgNum(at), Label: t.label, Anchor: anchor})
	}
	return out, true
}

// roundTimes are the times in [start, end] that are multiples of step in loc: whole
// minutes, hours, local midnights, Mondays.
func roundTimes(start, end time.Time, step int64, multiDay bool, loc *time.Location) []timeTick {
	s := start.In(loc)
	var t time.Time
	if step >= day {
		t = time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)
		if step >= 7*day {
			for t.Weekday() != time.Monday {
				t = t.AddDate(0, 0, 1)
			}
		}
		for t.Before(s) {
			t = t.AddDate(0, 0, int(step/day))
		}
	} else {
		_, off := s.Zone()
		u := s.Unix()
		t = time.Unix(-floorDiv(-(u+int64(off)), step)*step-int64(off), 0).In(loc)
	}
	layout := "15:04"
	if step < 60 {
		layout = "15:04:05"
	}
	var out []timeTick
	lastDay := -1
	for ; !t.After(end) && len(out) < 60; t = nextTick(t, step, loc) {
		l := layout
		switch {
		case step >= day:
			l = "Jan 2"
		case multiDay && t.YearDay() != lastDay:
			l = "Jan 2 " + layout
		}
		lastDay = t.YearDay()
		out = append(out, timeTick{t, t.Format(l)})
	}
	return out
}

// nextTick steps by days on the calendar (so ticks stay at midnight across a change of
// daylight saving time) and by clock time below a day.
func nextTick(t time.Time, step int64, loc *time.Location) time.Time {
	if step >= day {
		return t.AddDate(0, 0, int(step/day)).In(loc)
	}
	return t.Add(time.Duration(step) * time.Second).In(loc)
}

// timelineCSS styles the picture. Its text grows on narrow screens, where the picture
// shrinks, so that labels stay readable; they are laid out for the largest size.
const timelineCSS = `.chart { background: #fff; border: 1px solid var(--rule); border-radius: 6px; padding: 8px; }
.chart > svg { display: block; width: 100%; height: auto; }
.chart svg text { font-size: 12px; }
.chart svg text.wlabel { font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 8px 0 0; font-size: 13px; }
.legend li { overflow-wrap: anywhere; }
.legend svg { display: inline-block; width: 14px; height: 12px; vertical-align: -1px; margin-right: 6px; }
.caption { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
.strip { margin: 6px 0 10px; }
.strip > svg { display: block; width: 100%; height: auto; background: var(--panel); border-radius: 3px; }
.strip p { margin: 2px 0 0; color: var(--muted); font-size: 12px; }
.chart .xticks.narrow { display: none; }
@media (max-width: 900px) { .chart svg text { font-size: 16px; } }
@media (max-width: 700px) { .chart svg text { font-size: 21px; } .chart { padding: 4px; } .chart .xticks.wide { display: none; } .chart .xticks.narrow { display: inline; } }`

// timelineTemplate draws the chart (nil: the input had no times) and a finding's strip.
const timelineTemplate = `{{define "timeline"}}
{{- with .}}<div class="chart">
<svg viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Label}}" font-family="system-ui, sans-serif">
{{- if .Hatches}}
<defs>
{{- range .Hatches}}
<pattern id="{{.ID}}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{{.Colour}}"/>{{.Marks}}</pattern>
{{- end}}
</defs>
{{- end}}
<g class="bands">
{{- range .Windows}}
<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Fill}}" fill-opacity="0.10"/>
{{- end}}
</g>
<g class="grid" stroke="#e3e5e8">
{{- range .YTicks}}
<line x1="{{$.Left}}" x2="{{$.Right}}" y1="{{.At}}" y2="{{.At}}"/>
{{- end}}
</g>
<g class="cells">
{{- range .Cells}}
<g><title>{{.Tip}}</title>{{range .Bars}}<rect class="{{.Class}}"{{if .Cause}} data-cause="{{.Cause}}"{{end}} x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Fill}}"/>{{end}}</g>
{{- end}}
</g>
<g class="windows">
{{- range .Windows}}
<g data-cause="{{.Cause}}"><title>{{.Tip}}</title><rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="none" stroke="{{.Fill}}" stroke-width="2" stroke-dasharray="6 3"/>{{if .Label}}<text class="wlabel" x="{{.LabelX}}" y="{{.LabelY}}" text-anchor="{{.Anchor}}" fill="{{.Fill}}">{{.Label}}</text>{{end}}</g>
{{- end}}
</g>
<g class="axes" fill="#5f6368">
<line x1="{{.Left}}" x2="{{.Right}}" y1="{{.Bottom}}" y2="{{.Bottom}}" stroke="#5f6368"/>
<g class="yticks">
{{- range .YTicks}}
<text x="{{$.Left}}" dx="-6" y="{{.At}}" dy="0.35em" text-anchor="end">{{.Label}}</text>
{{- end}}
</g>
<g class="xticks wide">
{{- range .XTicks}}
<line x1="{{.At}}" x2="{{.At}}" y1="{{$.Bottom}}" y2="{{$.TickEnd}}" stroke="#5f6368"/>
<text x="{{.At}}" y="{{$.TickEnd}}" dy="1em" text-anchor="{{.Anchor}}">{{.Label}}</text>
{{- end}}
</g>
<g class="xticks narrow">
{{- range .XTicksNarrow}}
<line x1="{{.At}}" x2="{{.At}}" y1="{{$.Bottom}}" y2="{{$.TickEnd}}" stroke="#5f6368"/>
<text x="{{.At}}" y="{{$.TickEnd}}" dy="1em" text-anchor="{{.Anchor}}">{{.Label}}</text>
{{- end}}
</g>
</g>
</svg>
<ul class="legend">
{{- range .Legend}}
<li><svg width="14" height="12" aria-hidden="true">{{if .Pattern}}<rect x="1" y="1" width="12" height="10" fill="{{.Fill}}" fill-opacity="0.10" stroke="{{.Fill}}" stroke-width="2" stroke-dasharray="4 2"/>{{else}}<rect width="14" height="12" fill="{{.Fill}}"/>{{end}}</svg>{{.Label}}</li>
{{- end}}
</ul>
<p class="caption">{{.Caption}}</p>
</div>
{{- else}}<p>The input carries no timestamps: there is no timeline to draw.</p>
{{- end}}
{{- end}}
{{define "strip"}}{{$span := .Span}}
<div class="strip">
<svg viewBox="0 0 {{.Width}} {{.Height}}" aria-hidden="true">
{{- range .Rects}}
<rect class="{{.Class}}" data-cause="{{.Cause}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Fill}}"{{if $span}} fill-opacity="0.10" stroke="{{.Fill}}" stroke-width="2" stroke-dasharray="6 3"{{end}}/>
{{- end}}
</svg>
<p>{{.Label}}</p>
</div>
{{- end}}`
