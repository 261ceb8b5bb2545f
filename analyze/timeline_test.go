package analyze

import (
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

// TestTimelineNearTimes keeps the ordinary case exact: a minute apart, a minute a bucket.
func TestTimelineNearTimes(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	var tl timeline
	tl.add(now)
	tl.add(now.Add(2 * time.Minute))
	tl.add(now.Add(-time.Minute))
	s := tl.snapshot()
	if s.Width != time.Minute || len(s.Counts) != 4 || s.Counts[0] != 1 || s.Counts[1] != 1 || s.Counts[3] != 1 {
		t.Errorf("got width %v counts %v", s.Width, s.Counts)
	}
	if !s.Start.Equal(now.Add(-time.Minute).Truncate(time.Minute)) {
		t.Errorf("start %v", s.Start)
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
