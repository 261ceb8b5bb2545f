package report

import (
	"fmt"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
)

// cellSteps are the widths a picture's cell may take, in seconds: round durations a person
// says ("5 s per cell", "15 min per cell", "1 day per cell"). Past the last they double.
// The analyzer's bucket widths (analyze.bucketWidths) each divide every step here at least
// as wide, so cells merge whole buckets.
var cellSteps = []int64{
	1, 2, 5, 10, 15, 30,
	60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
	3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
	day, 2 * day, 7 * day, 14 * day, 28 * day,
}

const day = 24 * 3600

// axis is a report's time axis fitted to a picture: cells of one round step, aligned to
// round times of the zone asked for, each the sum of whole buckets of the report's
// timeline. Positions are whole seconds, never time.Duration, so that dates centuries
// apart (a .NET minimum date beside today's) cannot overflow.
type axis struct {
	start  time.Time // of the first cell, in the zone asked for
	step   int64     // seconds per cell
	cells  int
	bucket int64 // seconds per bucket of the report's timeline
	from   int64 // seconds from start to the first bucket
}

// axisOf fits the report's timeline into at most cells cells of the narrowest round step
// that fits; the zero axis when the input had no times.
func axisOf(tl model.Timeline, cells int, loc *time.Location) axis {
	n := len(tl.Counts)
	w := int64(tl.Width / time.Second)
	if tl.Start.IsZero() || w <= 0 || n == 0 {
		return axis{}
	}
	cells = max(cells, 1)
	first := tl.Start.Unix()
	end := first + int64(n)*w
	for i := range len(cellSteps) + 40 {
		step := stepAt(i)
		if step < w || step%w != 0 {
			continue
		}
		start := alignCell(tl.Start, step, w, loc)
		if k := ceilDiv(end-start, step); k <= int64(cells) || step > end-first {
			return axis{start: time.Unix(start, 0).In(loc), step: step, cells: int(k), bucket: w, from: first - start}
		}
	}
	// A bucket width off the ladder (not one the analyzer makes): whole buckets per cell.
	merge := (int64(n) + int64(cells) - 1) / int64(cells)
	return axis{start: tl.Start.In(loc), step: merge * w, cells: int(ceilDiv(int64(n), merge)), bucket: w}
}

// stepAt is the i-th cell step: cellSteps, then doubling.
func stepAt(i int) int64 {
	if i < len(cellSteps) {
		return cellSteps[i]
	}
	s := cellSteps[len(cellSteps)-1]
	for range min(i-len(cellSteps)+1, 40) {
		s *= 2
	}
	return s
}

// alignCell is the start of the cell of step seconds that holds t: at a round time of loc
// (local midnight for days, a Monday for weeks) when that falls on a bucket boundary of
// the timeline (w seconds), else at a round time of UTC, else at t itself. Cells then
// always hold whole buckets.
func alignCell(t time.Time, step, w int64, loc *time.Location) int64 {
	u := t.Unix()
	_, off := t.In(loc).Zone()
	shift := int64(0)
	if step >= 7*day {
		shift = 3 * day // the Unix epoch was a Thursday: three days on, weeks start on Monday
	}
	for _, o := range []int64{int64(off), 0} {
		s := floorDiv(u+o+shift, step)*step - o - shift
		if (u-s)%w == 0 {
			return s
		}
	}
	return u
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

// end is the end of the last cell.
func (a axis) end() time.Time {
	return time.Unix(a.start.Unix()+int64(a.cells)*a.step, 0).In(a.start.Location())
}

// cellStart is the start of cell i.
func (a axis) cellStart(i int) time.Time {
	return time.Unix(a.start.Unix()+int64(i)*a.step, 0).In(a.start.Location())
}

// cellOf places t on the axis, clamped to its ends.
func (a axis) cellOf(t time.Time) int {
	return int(min(max(floorDiv(t.Unix()-a.start.Unix(), a.step), 0), int64(a.cells-1)))
}

// rebin sums counts per bucket of the report's timeline into the axis's cells.
func (a axis) rebin(buckets []int) []int {
	out := make([]int, a.cells)
	for i, v := range buckets {
		if v == 0 {
			continue
		}
		if j := (a.from + int64(i)*a.bucket) / a.step; j >= 0 && j < int64(a.cells) {
			out[j] += v
		}
	}
	return out
}

// frac is where t falls on the axis, from 0 at its start to 1 at its end, clamped.
func (a axis) frac(t time.Time) float64 {
	d := float64(t.Unix()-a.start.Unix()) + float64(t.Nanosecond())/1e9
	return min(max(d/float64(int64(a.cells)*a.step), 0), 1)
}

// multiDay reports whether the axis runs over more than one calendar day of its zone.
func (a axis) multiDay() bool {
	s, e := a.start, a.end().Add(-time.Nanosecond)
	return s.YearDay() != e.YearDay() || s.Year() != e.Year()
}

// clockLayout is how a time on the axis is written: with seconds when cells are shorter
// than a minute, with the date when the axis spans days.
func (a axis) clockLayout(date string) string {
	layout := "15:04"
	if a.step < 60 {
		layout = "15:04:05"
	}
	if a.multiDay() {
		layout = date + " " + layout
	}
	return layout
}

// perCell names a cell's width the way a person says it: "5 s", "15 min", "1 day".
func (a axis) perCell() string { return stepName(a.step) }

// stepName names a duration of s seconds in the largest unit that divides it.
func stepName(s int64) string {
	switch {
	case s >= day && s%day == 0:
		n := int(s / day)
		return fmt.Sprintf("%d %s", n, english.Plural(n, "day", "days"))
	case s >= 3600 && s%3600 == 0:
		return fmt.Sprintf("%d h", s/3600)
	case s >= 60 && s%60 == 0:
		return fmt.Sprintf("%d min", s/60)
	}
	return fmt.Sprintf("%d s", s)
}
