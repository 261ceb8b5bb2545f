package report

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
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
