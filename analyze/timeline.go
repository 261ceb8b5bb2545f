package analyze

import "time"

// timelineBuckets is how many buckets a timeline keeps. When the events span more, the
// buckets are merged in pairs and their width doubles, so memory stays fixed whatever the
// input's length.
const timelineBuckets = 120

// Timeline counts events over time in equal buckets of at least a minute.
type Timeline struct {
	Start  time.Time     // the start of the first bucket; zero when no event had a time
	Width  time.Duration // the width of each bucket
	Counts []int         // events per bucket, len ≤ timelineBuckets
}

// timeline accumulates a Timeline. Events may arrive out of order; one before Start moves
// Start back in whole bucket widths, widening the buckets when it must.
type timeline struct {
	start  time.Time
	width  time.Duration
	counts [timelineBuckets]int
	used   int // buckets in use
}

func (t *timeline) add(at time.Time) {
	if at.IsZero() {
		return
	}
	if t.start.IsZero() {
		t.width = time.Minute
		t.start = at.Truncate(t.width)
	}
	for at.Before(t.start) {
		// Shift right by enough whole buckets to fit, widening when the span is full.
		shift := int((t.start.Sub(at) + t.width - 1) / t.width)
		if t.used+shift > timelineBuckets {
			t.widen()
			continue
		}
		copy(t.counts[shift:], t.counts[:t.used])
		clear(t.counts[:shift])
		t.used += shift
		t.start = t.start.Add(-time.Duration(shift) * t.width)
	}
	i := int(at.Sub(t.start) / t.width)
	for i >= timelineBuckets {
		t.widen()
		i = int(at.Sub(t.start) / t.width)
	}
	t.counts[i]++
	t.used = max(t.used, i+1)
}

// widen merges buckets in pairs, aligning the start to the doubled width.
func (t *timeline) widen() {
	w := t.width * 2
	start := t.start.Truncate(w)
	var merged [timelineBuckets]int
	for i := range t.used {
		at := t.start.Add(time.Duration(i) * t.width)
		merged[int(at.Sub(start)/w)] += t.counts[i]
	}
	used := 0
	if t.used > 0 {
		last := t.start.Add(time.Duration(t.used-1) * t.width)
		used = int(last.Sub(start)/w) + 1
	}
	t.counts, t.start, t.width, t.used = merged, start, w, used
}

// on re-counts t into the buckets of a reference timeline (same or wider width,
// aligned start), so timelines of different findings can be drawn on one axis.
func (t *timeline) on(ref Timeline) []int {
	out := make([]int, len(ref.Counts))
	if t.start.IsZero() || ref.Width == 0 {
		return out
	}
	for i := range t.used {
		at := t.start.Add(time.Duration(i) * t.width)
		j := int(at.Sub(ref.Start) / ref.Width)
		if j >= 0 && j < len(out) {
			out[j] += t.counts[i]
		}
	}
	return out
}

func (t *timeline) snapshot() Timeline {
	if t.start.IsZero() {
		return Timeline{}
	}
	return Timeline{Start: t.start, Width: t.width, Counts: append([]int(nil), t.counts[:t.used]...)}
}
