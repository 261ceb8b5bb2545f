package report

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

// The one-line timeline of the table output and the axis it shares with the HTML picture.
func TestTimelineLine(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 14, 0, 0, time.UTC)
	minutes := func(counts ...int) model.Timeline {
		return model.Timeline{Start: t0, Width: time.Minute, Counts: counts}
	}
	long := make([]int, 120)
	long[0], long[119] = 1, 1
	hourly := model.Timeline{Start: t0.Truncate(time.Hour), Width: time.Hour, Counts: make([]int, 20)}
	tests := []struct {
		name string
		tl   model.Timeline
		f    model.Finding
		loc  *time.Location
		want string
	}{
		{"no times", model.Timeline{}, model.Finding{Timeline: []int{}}, time.UTC, ""},
		{"no timed events", minutes(3, 0, 2), model.Finding{Timeline: []int{0, 0, 0}}, time.UTC, ""},
		{"scaled to its own peak", minutes(9, 1, 7), model.Finding{Timeline: []int{5, 1, 3}}, time.UTC,
			"09:14 │█▂▅│ 09:17 UTC  (1 min per cell; █ = 5 failed calls)"},
		{"one event beside a big peak still shows", minutes(400, 1), model.Finding{Timeline: []int{400, 1}}, time.UTC,
			"09:14 │█▁│ 09:16 UTC  (1 min per cell; █ = 400 failed calls)"},
		{"zero is a space", minutes(1, 0, 1), model.Finding{Timeline: []int{1, 0, 1}}, time.UTC,
			"09:14 │█ █│ 09:17 UTC  (1 min per cell; █ = 1 failed call)"},
		{"120 buckets fit in 60 cells", minutes(long...), model.Finding{Timeline: long}, time.UTC,
			"09:14 │█" + strings.Repeat(" ", 58) + "█│ 11:14 UTC  (2 min per cell; █ = 1 failed call)"},
		{"a pattern is its window", minutes(1, 1, 1, 1, 1), model.Finding{FirstSeen: t0.Add(61 * time.Second), LastSeen: t0.Add(3*time.Minute + 5*time.Second)}, time.UTC,
			"09:14 │ ░░░ │ 09:19 UTC  (1 min per cell; ░ = the pattern's window)"},
		{"a pattern without times", minutes(1), model.Finding{}, time.UTC, ""},
		{"a 10-second burst in seconds", model.Timeline{Start: t0.Add(3 * time.Second), Width: time.Second, Counts: make([]int, 11)},
			model.Finding{Timeline: []int{1, 3, 6, 2, 0, 0, 1, 0, 0, 0, 4}}, time.UTC,
			"09:14:03 │▂▄█▃  ▂   ▆│ 09:14:14 UTC  (1 s per cell; █ = 6 failed calls)"},
		{"a long session in round cells", model.Timeline{Start: t0, Width: 15 * time.Second, Counts: make([]int, 480)},
			model.Finding{Timeline: append(make([]int, 479), 1)}, time.UTC,
			"09:14 │" + strings.Repeat(" ", 59) + "█│ 11:14 UTC  (2 min per cell; █ = 1 failed call)"},
		{"in the zone asked for", minutes(1), model.Finding{Timeline: []int{1}}, time.FixedZone("IST", 5*3600+1800), "14:44 │█│ 14:45 IST  (1 min per cell; █ = 1 failed call)"},
		{"across days with dates", hourly, model.Finding{FirstSeen: t0, LastSeen: t0.Add(19 * time.Hour)}, time.UTC,
			"11-20 09:00 │" + strings.Repeat("░", 20) + "│ 11-21 05:00 UTC  (1 h per cell; ░ = the pattern's window)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := timelineLine(tt.tl, tt.f, tt.loc)
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if cells := strings.Count(got, "│"); got != "" && cells != 2 {
				t.Errorf("%d frame bars, want 2", cells)
			}
			if i, j := strings.Index(got, "│"), strings.LastIndex(got, "│"); i >= 0 && utf8.RuneCountInString(got[i:j]) > maxCells+1 {
				t.Errorf("more than %d cells: %q", maxCells, got)
			}
		})
	}
}

// The axis fits the span: seconds for a short burst, a round step of human units for
// longer ones, never more cells than asked for, whole buckets per cell.
func TestAxisOf(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	ist := time.FixedZone("IST", 5*3600+1800)
	tl := func(w time.Duration, n int, start time.Time) model.Timeline {
		counts := make([]int, n)
		for i := range counts {
			counts[i] = 1
		}
		return model.Timeline{Start: start.Truncate(w), Width: w, Counts: counts}
	}
	tests := []struct {
		name    string
		tl      model.Timeline
		loc     *time.Location
		perCell string
		cells   int
		start   string
	}{
		{"a 10-second burst in seconds", tl(time.Second, 11, t0), time.UTC, "1 s", 11, "09:14:03"},
		{"a 5-second HAR", tl(time.Second, 5, t0), time.UTC, "1 s", 5, "09:14:03"},
		{"three minutes", tl(time.Second, 181, t0), time.UTC, "5 s", 37, "09:14:00"},
		{"two hours", tl(15*time.Second, 480, t0), time.UTC, "2 min", 60, "09:14:00"},
		{"three days", tl(15*time.Minute, 288, t0), time.UTC, "2 h", 37, "08:00:00"},
		{"a month", tl(3*time.Hour, 240, t0), time.UTC, "1 day", 31, "00:00:00"},
		{"hours of the zone asked for", tl(15*time.Minute, 400, t0), ist, "2 h", 51, "14:00:00"},
		{"days at local midnight", tl(3*time.Hour, 240, t0), time.FixedZone("CST", -6*3600), "1 day", 31, "00:00:00"},
		{"days in UTC where local midnight splits a bucket of 3 h", tl(3*time.Hour, 240, t0), time.FixedZone("EST", -5*3600), "1 day", 31, "19:00:00"},
		{"days in UTC where local midnight splits a bucket", tl(3*time.Hour, 240, t0), ist, "1 day", 31, "05:30:00"},
		{"years", tl(28*24*time.Hour, 400, t0), time.UTC, "224 days", 50, "00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := axisOf(tt.tl, 60, tt.loc)
			if a.perCell() != tt.perCell || a.cells != tt.cells || a.start.Format("15:04:05") != tt.start {
				t.Errorf("got %s per cell, %d cells from %s; want %s, %d from %s", a.perCell(), a.cells, a.start.Format("15:04:05"), tt.perCell, tt.cells, tt.start)
			}
			if a.cells > 60 {
				t.Errorf("%d cells", a.cells)
			}
			if got := timelineSum(a.rebin(tt.tl.Counts)); got != len(tt.tl.Counts) {
				t.Errorf("the cells hold %d events, want %d", got, len(tt.tl.Counts))
			}
			if a.start.After(tt.tl.Start) || a.end().Before(tt.tl.Start.Add(tt.tl.Width*time.Duration(len(tt.tl.Counts)))) {
				t.Errorf("axis %v – %v does not cover the timeline", a.start, a.end())
			}
			if (tt.tl.Start.Unix()-a.start.Unix())%int64(tt.tl.Width/time.Second) != 0 {
				t.Errorf("a cell boundary splits a bucket")
			}
		})
	}
	// Dates centuries apart (a .NET minimum date beside today's) stay on the axis.
	far := model.Timeline{Start: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), Width: 28 * 24 * time.Hour << 6, Counts: make([]int, 400)}
	far.Counts[0], far.Counts[399] = 1, 1
	a := axisOf(far, 60, time.UTC)
	if a.cells == 0 || a.cells > 60 || timelineSum(a.rebin(far.Counts)) != 2 || strings.Contains(a.perCell(), "-") {
		t.Errorf("far apart: %d cells of %s", a.cells, a.perCell())
	}
}

// Every cause of the catalog has a look of its own, overloaded the palette's red, and the
// colours are the colour-blind-safe palette's.
func TestCauseSwatches(t *testing.T) {
	seen := map[swatch]string{}
	for _, c := range rules.Causes() {
		s := swatchOf(c.ID)
		if other, ok := seen[s]; ok {
			t.Errorf("%s and %s are drawn alike: %+v", c.ID, other, s)
		}
		seen[s] = c.ID
		if !slices.Contains(causePalette, s.Colour) && !slices.Contains(windowPalette, s.Colour) {
			t.Errorf("%s: colour %s is not in the palette", c.ID, s.Colour)
		}
		if s.Colour == overloadColour && c.ID != "overloaded" {
			t.Errorf("%s has overloaded's red", c.ID)
		}
		if s.Window != (c.Kind == model.KindPattern) {
			t.Errorf("%s: window %v for a %s cause", c.ID, s.Window, c.Kind)
		}
		if s.Hatch != hatchNone && hatchMarks[s.Hatch] == "" {
			t.Errorf("%s: hatch %d has no marks", c.ID, s.Hatch)
		}
	}
	if s := swatchOf("overloaded"); s.Colour != overloadColour || s.Hatch != hatchNone {
		t.Errorf("overloaded is drawn %+v", s)
	}
	for _, c := range []string{callsColour, otherColour} {
		if slices.Contains(causePalette, c) || slices.Contains(windowPalette, c) {
			t.Errorf("%s is both a cause colour and the calls' or unexplained failures'", c)
		}
	}
}

// The picture has one bar group per cell, every failure in its cause's colour (those a
// pattern explains too), the pattern's window as a band, and time labels in the zone
// asked for.
func TestHTMLChart(t *testing.T) {
	r := timedReport()
	c := newChart(r, time.FixedZone("CET", 3600))
	if len(c.Cells) != len(r.Timeline.Counts) {
		t.Fatalf("%d bar groups for %d buckets", len(c.Cells), len(r.Timeline.Counts))
	}
	fills := map[string]int{}
	for _, b := range c.Cells {
		for _, bar := range b.Bars {
			fills[bar.Fill]++
			if bar.Class == "failed" && bar.Fill != swatchOf(bar.Cause).fill(bar.Cause) {
				t.Errorf("a failure of %s drawn %s", bar.Cause, bar.Fill)
			}
		}
	}
	if fills[overloadColour] != 3 || fills[callsColour] != 10 || fills[otherColour] != 1 {
		t.Errorf("bars by colour: %v", fills)
	}
	if len(c.Windows) != 1 || c.Windows[0].Label != "outage_window" {
		t.Errorf("windows: %+v", c.Windows)
	}
	labels := func(ticks []htmlTick) []string {
		var out []string
		for _, tk := range ticks {
			out = append(out, tk.Label)
		}
		return out
	}
	if got, want := labels(c.XTicks), []string{"10:14", "10:15", "10:16", "10:17", "10:18", "10:19", "10:20", "10:21", "10:22", "10:23", "10:24"}; !slices.Equal(got, want) {
		t.Errorf("time ticks %v, want %v", got, want)
	}
	if got, want := labels(c.XTicksNarrow), []string{"10:14", "10:15", "10:16", "10:17", "10:18", "10:19", "10:20", "10:21", "10:22", "10:23"}; !slices.Equal(got, want) {
		t.Errorf("time ticks on narrow screens %v, want %v", got, want)
	}
	if !strings.Contains(c.Caption, "CET (UTC+01:00)") || !strings.Contains(c.Caption, "One bar per 1 min") {
		t.Errorf("caption %q", c.Caption)
	}
	if newChart(&model.Report{}, time.UTC) != nil {
		t.Error("a chart without times")
	}
	page := string(renderHTML(t, &model.Report{Summary: model.Summary{Events: 3, NoTime: 3}}, time.UTC))
	if !strings.Contains(page, "no timestamps") || strings.Contains(page, "<svg") {
		t.Error("a report without times should say so instead of drawing")
	}

	// Failures a pattern explains keep their cause's colour: the outage's 529s are red,
	// not "other failures".
	r.CauseFailures = map[string][]int{"overloaded": {0, 2, 1, 1, 0, 0, 0, 0, 1, 0}, "rate_limited": {0, 0, 0, 0, 0, 1, 1, 0, 0, 0}}
	r.Findings = slices.DeleteFunc(r.Findings, func(f model.Finding) bool { return f.Cause.ID == "overloaded" })
	c = newChart(r, time.UTC)
	fills = map[string]int{}
	for _, b := range c.Cells {
		for _, bar := range b.Bars {
			fills[bar.Fill]++
		}
	}
	if fills[overloadColour] != 4 || fills[otherColour] != 0 {
		t.Errorf("with the overloaded finding absorbed, bars by colour: %v", fills)
	}
	if !slices.ContainsFunc(c.Legend, func(l htmlLegend) bool { return strings.HasPrefix(l.Label, "overloaded: ") }) {
		t.Errorf("the legend does not name the absorbed cause: %+v", c.Legend)
	}
}

// Time labels never come closer than labelGap at the largest font, whatever the span and
// zone; a label at an edge stays inside the picture.
func TestTimeTicks(t *testing.T) {
	t0 := time.Date(2026, 3, 28, 22, 14, 3, 0, time.UTC)
	zones := []*time.Location{time.UTC, time.FixedZone("IST", 5*3600+1800), time.FixedZone("NPT", 5*3600+2700), time.FixedZone("PST", -8*3600)}
	if berlin, err := time.LoadLocation("Europe/Berlin"); err == nil {
		zones = append(zones, berlin) // a change of daylight saving time on the 29th
	}
	for _, w := range []time.Duration{time.Second, 5 * time.Second, 15 * time.Second, time.Minute, 15 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour} {
		for _, n := range []int{1, 7, 61, 200, 480} {
			for _, loc := range zones {
				tl := model.Timeline{Start: t0.Truncate(w), Width: w, Counts: make([]int, n)}
				x := newXScale(axisOf(tl, chartCells, loc), chartWidth, chartLeft, chartRight)
				for _, font := range []float64{wideFont, labelFont} {
					ticks := timeTicks(x, loc, font)
					if len(ticks) == 0 && n > 1 {
						t.Errorf("%d × %v in %v: no time label", n, w, loc)
					}
					prev := -1e9
					for _, tk := range ticks {
						at, _ := strconv.ParseFloat(tk.At, 64)
						wd := textWidth(tk.Label, font)
						l := map[string]float64{"start": at, "middle": at - wd/2, "end": at - wd}[tk.Anchor]
						if l < prev+labelGap-0.01 || l < 0 || l+wd > chartWidth {
							t.Errorf("%d × %v in %v: label %q at %.1f overlaps or leaves the picture (%v)", n, w, loc, tk.Label, l, ticks)
							break
						}
						prev = l + wd
					}
				}
			}
		}
	}
}

func timelineSum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
