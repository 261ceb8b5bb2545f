package analyze

import (
	"time"

	"github.com/claudelog/claudelog/model"
)

// timelineBuckets is how many buckets a timeline keeps. When the events span more, the
// buckets are merged into the next width of bucketWidths, so memory stays fixed whatever
// the input's length. 480 is 8 × 60: a widening multiplies the width by at most 8, so the
// span keeps at least 60 buckets, as many cells as a picture draws.
const timelineBuckets = 480

// bucketWidths are the widths a timeline's buckets take, narrowest first; past the last
// they double. Each divides the next and every round step a picture may draw (1, 2, 5, 10,
// 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, 1, 2, 7, 14, 28 days) at least as
// wide as itself, so report/ merges buckets into cells of human units without splitting
// one: a 10-second burst keeps its seconds, a week its hours.
var bucketWidths = []time.Duration{
	time.Second, 5 * time.Second, 15 * time.Second,
	time.Minute, 5 * time.Minute, 15 * time.Minute,
	time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
}

// nextWidth is the bucket width after w.
func nextWidth(w time.Duration) time.Duration {
	for _, b := range bucketWidths {
		if b > w {
			return b
		}
	}
	return w * 2
}

// maxBucketWidth bounds the widening: 2^62 ns is about 146 years, so the 120 buckets span
// some 17,500 years, every date a log or a HAR can write (a .NET minimum date of year 1
// beside today's). An event outside even that span is not counted rather than overflowing.
const maxBucketWidth = time.Duration(1) << 62

// timeline accumulates a Timeline. Events may arrive out of order; one before Start moves
// Start back in whole bucket widths, widening the buckets when it must.
//
// Positions are computed in whole seconds (every width is a whole number of seconds),
// never with time.Time.Sub: two times more than 292 years apart saturate a time.Duration,
// and the bucket arithmetic built on it then indexed outside the array.
type timeline struct {
	start  time.Time
	width  time.Duration
	counts [timelineBuckets]int
	used   int // buckets in use
	// The bucket the last event fell in, as Unix seconds [curLo, curHi): the next event
	// mostly falls in it too, and is then counted without a division (an empty range
	// until set; TestTimelineCache compares with the timeline without it).
	cur          int
	curLo, curHi int64
}

// timelineCache is off only in TestTimelineCache.
var timelineCache = true

func (t *timeline) add(at time.Time) {
	if at.IsZero() {
		return
	}
	if sec := at.Unix(); sec >= t.curLo && sec < t.curHi {
		t.counts[t.cur]++
		return
	}
	t.addSlow(at)
}

// addSlow is add of an event outside the cached bucket; it caches the event's bucket.
func (t *timeline) addSlow(at time.Time) {
	t.curHi = t.curLo // no cached bucket until the end: start and width may change
	if t.start.IsZero() {
		t.width = bucketWidths[0]
		t.start = at.Truncate(t.width)
	}
	for at.Before(t.start) {
		// Shift right by enough whole buckets to fit, widening when the span is full.
		shift := -bucketOf(t.start, at, t.width) // at is before start: a negative floor
		if shift > int64(timelineBuckets-t.used) {
			if !t.widen() {
				return
			}
			continue
		}
		n := int(shift)
		copy(t.counts[n:], t.counts[:t.used])
		clear(t.counts[:n])
		t.used += n
		t.start = addBuckets(t.start, -shift, t.width)
	}
	i := bucketOf(t.start, at, t.width)
	for i >= timelineBuckets {
		if !t.widen() {
			return
		}
		i = bucketOf(t.start, at, t.width)
	}
	t.counts[i]++
	t.used = max(t.used, int(i)+1)
	// start is whole seconds (a truncation to whole seconds, moved by whole buckets), so
	// the bucket i is the seconds [start+i×w, start+(i+1)×w) whatever the nanoseconds
	if ws := int64(t.width / time.Second); timelineCache && t.start.Nanosecond() == 0 && ws > 0 {
		t.cur, t.curLo = int(i), t.start.Unix()+i*ws
		t.curHi = t.curLo + ws
	}
}

// widen merges buckets into the next width, aligning the start to it. It reports false,
// changing nothing, when the width is already the widest.
func (t *timeline) widen() bool {
	if t.width > maxBucketWidth/2 {
		return false
	}
	w := nextWidth(t.width)
	start := t.start.Truncate(w)
	var merged [timelineBuckets]int
	for i := range t.used {
		at := addBuckets(t.start, int64(i), t.width)
		merged[bucketOf(start, at, w)] += t.counts[i]
	}
	used := 0
	if t.used > 0 {
		last := addBuckets(t.start, int64(t.used-1), t.width)
		used = int(bucketOf(start, last, w)) + 1
	}
	t.counts, t.start, t.width, t.used = merged, start, w, used
	return true
}

// bucketOf is the index of the bucket of width w, counted from start, that holds at:
// floor((at-start)/w), negative before start, without overflow for any two dates.
func bucketOf(start, at time.Time, w time.Duration) int64 {
	secs := at.Unix() - start.Unix()
	if at.Nanosecond() < start.Nanosecond() {
		secs-- // borrow a second: the whole seconds between them are one fewer
	}
	ws := int64(w / time.Second)
	if ws <= 0 {
		ws = 1
	}
	q := secs / ws
	if secs%ws < 0 {
		q-- // floor, not truncation, before start
	}
	return q
}

// addBuckets is start moved by n buckets of width w, in seconds so that it cannot overflow.
func addBuckets(start time.Time, n int64, w time.Duration) time.Time {
	return time.Unix(start.Unix()+n*int64(w/time.Second), int64(start.Nanosecond())).In(start.Location())
}

// on re-counts t into the buckets of a reference timeline (same or wider width,
// aligned start), so timelines of different findings can be drawn on one axis.
func (t *timeline) on(ref model.Timeline) []int {
	out := make([]int, len(ref.Counts))
	if t.start.IsZero() || ref.Width == 0 {
		return out
	}
	for i := range t.used {
		at := addBuckets(t.start, int64(i), t.width)
		j := bucketOf(ref.Start, at, ref.Width)
		if j >= 0 && j < int64(len(out)) {
			out[j] += t.counts[i]
		}
	}
	return out
}

func (t *timeline) snapshot() model.Timeline {
	if t.start.IsZero() {
		return model.Timeline{}
	}
	return model.Timeline{Start: t.start, Width: t.width, Counts: append([]int(nil), t.counts[:t.used]...)}
}
