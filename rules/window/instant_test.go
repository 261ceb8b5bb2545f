package window

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

// TestInstant: an instant's comparisons are time.Time's, on times of every era a log can
// write (year 1, before 1970, today, far ahead, in other zones) and spans around every
// window and gap the detectors use, including ones that saturate time.Time.Sub.
func TestInstant(t *testing.T) {
	if instantOf(time.Time{}) != zeroInstant || zeroInstant != (instant{}) {
		t.Fatalf("the zero time is %v, want the zero instant", instantOf(time.Time{}))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	bases := []time.Time{
		{}, time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(1960, 3, 4, 5, 6, 7, 8, time.UTC),
		time.Date(2026, 11, 20, 9, 0, 0, 999_999_999, time.FixedZone("CET", 3600)),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	spans := []time.Duration{0, 1, -1, time.Second, reorderHorizon, segmentGap, 10 * time.Second, 5 * time.Minute, 60 * time.Second}
	ds := []time.Duration{0, 1, time.Millisecond, reorderHorizon, segmentGap, 10 * time.Second, 5 * time.Minute, 60 * time.Second, 250 * time.Millisecond}
	for range 200_000 {
		a := bases[rng.IntN(len(bases))]
		var b time.Time
		switch rng.IntN(3) {
		case 0:
			b = bases[rng.IntN(len(bases))]
		case 1:
			s := spans[rng.IntN(len(spans))]
			b = a.Add(s + time.Duration(rng.IntN(3)-1))
		default:
			b = a.Add(time.Duration(rng.Int64N(int64(20*time.Minute))) - 10*time.Minute)
		}
		if rng.IntN(2) == 0 {
			a, b = b, a
		}
		ia, ib := instantOf(a), instantOf(b)
		if got, want := ia.before(ib), a.Before(b); got != want {
			t.Fatalf("%v before %v: %v, time says %v", a, b, got, want)
		}
		d := ds[rng.IntN(len(ds))]
		if rng.IntN(4) == 0 {
			d = -d
		}
		if got, want := ia.exceeds(ib, d), a.Sub(b) > d; got != want {
			t.Fatalf("%v - %v > %v: %v, time says %v", a, b, d, got, want)
		}
		if sp := a.Sub(b); sp > -time.Hour && sp < time.Hour {
			if got := ia.sub(ib); got != sp {
				t.Fatalf("%v - %v = %v, time says %v", a, b, got, sp)
			}
		}
		if got, want := ia == ib, a.Equal(b); got != want {
			t.Fatalf("%v == %v: %v, time says %v", a, b, got, want)
		}
	}
}

// TestInstantTime: a time rebuilt from its instant and zone is the parsed time itself (==,
// not only Equal), in UTC, the local zone, a fixed offset and a named zone, in every era.
func TestInstantTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}
	for _, s := range []string{"2026-11-20T09:14:03.123456789Z", "2026-11-20T09:14:03+01:00", "0001-01-01T00:00:01Z", "1960-03-04T05:06:07.5-08:00", "9999-12-31T23:59:59Z", "2026-07-01T12:00:00+02:00"} {
		for _, loc := range []*time.Location{time.UTC, time.Local, berlin} {
			for _, tm := range []time.Time{parseIn(t, time.RFC3339Nano, s, loc), parseIn(t, "2006-01-02 15:04:05", s[:10]+" "+s[11:19], loc)} {
				if got := instantOf(tm).in(tm.Location()); got != tm {
					t.Errorf("%s in %v: rebuilt %#v, parsed %#v", s, loc, got, tm)
				}
			}
		}
	}
}

func parseIn(t *testing.T, layout, s string, loc *time.Location) time.Time {
	tm, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestBucketOfMessage: the bucket named from a 429's message is the one strings.ToLower
// and strings.Contains name, for ASCII messages in any case and for non-ASCII ones.
func TestBucketOfMessage(t *testing.T) {
	ref := func(msg string) string {
		text := strings.ToLower(msg)
		for _, w := range []string{"input tokens per minute", "output tokens per minute", "requests per minute", "tokens per minute"} {
			if strings.Contains(text, w) {
				return w + " (from the message)"
			}
		}
		if strings.Contains(text, "per-minute rate limit") {
			return "a per-minute limit (from the message)"
		}
		return ""
	}
	for _, msg := range []string{
		"", "Overloaded", "This request would exceed your organization's rate limit of 30,000 Input Tokens Per Minute",
		"OUTPUT TOKENS PER MINUTE", "Requests per minute exceeded", "tokens per minute", "Per-Minute Rate Limit hit",
		"rate limit: 50 requests per minute (RPM)", "Tokens per minute — limite dépassée", "\u212aelvin: input to\u212aens per minute",
		"İnput tokens per minute", "requests per minutE’s limit", "per-minute rate limit",
	} {
		got, _ := bucketOf(&model.Event{Message: msg})
		if want := ref(msg); got != want {
			t.Errorf("%q: %q, ToLower says %q", msg, got, want)
		}
	}
}
