package analyze

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestTimelineFarApart: two dates further apart than a time.Duration can hold (a .NET
// minimum date beside a real one) used to index outside the buckets. Every event must be
// counted, in either order, and the buckets must stay in bounds.
func TestTimelineFarApart(t *testing.T) {
	dotnet := time.Date(1, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600))
	now := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	far := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	for _, order := range [][]time.Time{
		{now, dotnet, now.Add(time.Minute)},
		{dotnet, now, now.Add(time.Minute)},
		{now, far, dotnet},
		{far, dotnet, now},
		{now, now.Add(-time.Hour), now.Add(3 * time.Hour)},
	} {
		var tl timeline
		for _, at := range order {
			tl.add(at)
		}
		s := tl.snapshot()
		total := 0
		for _, c := range s.Counts {
			total += c
		}
		if total != len(order) {
			t.Errorf("%v: counted %d of %d events in %v", order, total, len(order), s.Counts)
		}
		if len(s.Counts) > timelineBuckets || s.Start.After(timelineEarliest(order)) {
			t.Errorf("%v: start %v, %d buckets", order, s.Start, len(s.Counts))
		}
		if got := tl.on(s); timelineSum(got) != len(order) {
			t.Errorf("%v: on(own snapshot) counts %v", order, got)
		}
	}
}

// TestTimelineNearTimes keeps the ordinary case exact: a few minutes of events are counted
// in seconds, so a short burst keeps its shape.
func TestTimelineNearTimes(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	var tl timeline
	tl.add(now)
	tl.add(now.Add(2 * time.Minute))
	tl.add(now.Add(-time.Minute))
	s := tl.snapshot()
	if s.Width != time.Second || len(s.Counts) != 181 || s.Counts[0] != 1 || s.Counts[60] != 1 || s.Counts[180] != 1 {
		t.Errorf("got width %v, %d buckets", s.Width, len(s.Counts))
	}
	if !s.Start.Equal(now.Add(-time.Minute)) {
		t.Errorf("start %v", s.Start)
	}
}

// TestTimelineWidths: as the span grows the width climbs the ladder of round widths, each
// a divisor of the next, the start stays aligned to it, and the span keeps at least 60
// buckets (a picture's cells) once it has widened.
func TestTimelineWidths(t *testing.T) {
	base := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	for _, span := range []time.Duration{10 * time.Second, 5 * time.Minute, 2 * time.Hour, 30 * time.Hour, 9 * 24 * time.Hour, 400 * 24 * time.Hour} {
		var tl timeline
		for at := base; !at.After(base.Add(span)); at = at.Add(span / 97) {
			tl.add(at)
		}
		tl.add(base.Add(span))
		s := tl.snapshot()
		if !slices.Contains(bucketWidths, s.Width) && s.Width%bucketWidths[len(bucketWidths)-1] != 0 {
			t.Errorf("%v: width %v is off the ladder", span, s.Width)
		}
		if !s.Start.Equal(s.Start.Truncate(s.Width)) {
			t.Errorf("%v: start %v not aligned to %v", span, s.Start, s.Width)
		}
		if s.Width > time.Second && len(s.Counts) < 60 {
			t.Errorf("%v: %d buckets of %v, want at least 60", span, len(s.Counts), s.Width)
		}
		if timelineSum(s.Counts) != 99 {
			t.Errorf("%v: %d events counted, want 99", span, timelineSum(s.Counts))
		}
	}
	for i := 1; i < len(bucketWidths); i++ {
		if bucketWidths[i]%bucketWidths[i-1] != 0 {
			t.Errorf("%v does not divide %v", bucketWidths[i-1], bucketWidths[i])
		}
	}
}

func TestBucketOf(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		at   time.Time
		want int64
	}{
		{base, 0},
		{base.Add(59 * time.Second), 0},
		{base.Add(time.Minute), 1},
		{base.Add(-time.Nanosecond), -1},
		{base.Add(-time.Minute), -1},
		{base.Add(-time.Minute - time.Nanosecond), -2},
	} {
		if got := bucketOf(base, tt.at, time.Minute); got != tt.want {
			t.Errorf("bucketOf(%v) = %d, want %d", tt.at, got, tt.want)
		}
	}
}

func timelineEarliest(ts []time.Time) time.Time {
	e := ts[0]
	for _, t := range ts {
		if t.Before(e) {
			e = t
		}
	}
	return e
}

func timelineSum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// TestTimelineCache: the cached last bucket counts every event where the timeline without
// it does, on events in order, jittered, far back, far apart and across widenings.
func TestTimelineCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 5))
	base := time.Date(2026, 11, 20, 9, 14, 3, 500, time.UTC)
	for round := range 40 {
		var evs []time.Time
		at := base
		for range 5000 {
			at = at.Add(time.Duration(rng.Int64N(int64(time.Duration(round+1) * 300 * time.Millisecond))))
			e := at
			far := rng.IntN(200)
			if round%2 == 0 {
				far = 100 + far%4 // near times only: the buckets stay narrow
			}
			switch far {
			case 0:
				e = e.Add(-time.Duration(rng.Int64N(int64(48 * time.Hour))))
			case 1:
				e = time.Date(1, 1, 1, 0, 0, 1, 0, time.FixedZone("", 3600))
			case 2:
				e = e.Add(time.Duration(rng.Int64N(int64(90 * 24 * time.Hour))))
			case 3, 103:
				e = time.Time{}
			case 101:
				e = e.Add(-time.Duration(rng.Int64N(int64(10 * time.Second))))
			}
			evs = append(evs, e)
		}
		var cached, plain timeline
		for _, e := range evs {
			cached.add(e)
			timelineCache = false
			plain.add(e)
			timelineCache = true
		}
		if c, p := cached.snapshot(), plain.snapshot(); !c.Start.Equal(p.Start) || c.Width != p.Width || !slices.Equal(c.Counts, p.Counts) {
			t.Fatalf("round %d: cached %v %v %v, plain %v %v %v", round, c.Start, c.Width, c.Counts, p.Start, p.Width, p.Counts)
		}
	}
}
