package window

import "time"

// instant is a time as seconds since the zero time.Time (so that the zero instant is
// the zero time, the streams' "not yet") and nanoseconds: what the reorder buffer and the
// windows compare on every event. time.Time's Sub (which checks its result by an Add and
// an Equal) and Add (which handles a monotonic reading) were a third of the detectors'
// time on a log of many successes; two integers compare in a few instructions. Unlike
// int64 nanoseconds, it holds every date a log can write (year 1 beside today's), so each
// comparison is exactly the time.Time one it replaces (TestInstant).
type instant struct {
	sec  int64
	nsec int64 // in [0, 1e9)
}

// zeroUnix is the zero time.Time in Unix seconds.
const zeroUnix = -62135596800

// instantOf is t as an instant.
func instantOf(t time.Time) instant { return instant{t.Unix() - zeroUnix, int64(t.Nanosecond())} }

// zeroInstant is the zero time.Time's instant.
var zeroInstant = instant{}

// before is time.Time.Before.
func (a instant) before(b instant) bool {
	return a.sec < b.sec || (a.sec == b.sec && a.nsec < b.nsec)
}

// maxSpanSec bounds the spans (about 272 years) over which exceeds computes in
// nanoseconds without overflow: a wider span exceeds any window and falls short of any
// negative one, as time.Time.Sub's result, saturated at 292 years, does.
const maxSpanSec = 1 << 33

// exceeds reports whether a - b > d, which is a.Sub(b) > d for the time.Times whenever
// |d| is under maxSpanSec seconds: every window and gap is.
func (a instant) exceeds(b instant, d time.Duration) bool {
	ds := a.sec - b.sec
	if ds > maxSpanSec {
		return true
	}
	if ds < -maxSpanSec {
		return false
	}
	return ds*1e9+(a.nsec-b.nsec) > int64(d)
}

// sub is a - b, which is a.Sub(b) for the time.Times when the span is under maxSpanSec
// seconds (the callers' spans are under a window).
func (a instant) sub(b instant) time.Duration {
	return time.Duration((a.sec-b.sec)*1e9 + (a.nsec - b.nsec))
}

// in is the time.Time of the instant in loc: for a time without a monotonic reading (every
// parsed time), instantOf(t).in(t.Location()) == t.
func (a instant) in(loc *time.Location) time.Time {
	return time.Unix(a.sec+zeroUnix, a.nsec).In(loc)
}
