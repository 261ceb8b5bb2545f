package window

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

// TestStreamOrder: the reorder buffer releases events as a priority queue on (time,
// arrival) with the same bounds would: the same events, in the same order, at the same
// points of the input, with the same segment ends, on streams in order, shuffled a
// little, shuffled a lot, and with jumps back of more than a segment gap.
func TestStreamOrder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		jitter time.Duration
		back   int // one event in back is far in the past
	}{{"in order", 0, 0}, {"jitter", 3 * time.Second, 0}, {"heavy jitter", 40 * time.Second, 0}, {"jumps back", time.Second, 500}} {
		rng := rand.New(rand.NewPCG(9, uint64(len(tc.name))))
		base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		var got, want []string
		s := stream[obs, *obs]{}
		s.process = func(o *obs) { got = append(got, fmt.Sprintf("%d@%s#%d", o.seq, o.t.Format("15:04:05.000"), o.n)) }
		s.end = func() { got = append(got, "end") }
		ref := refStream{process: func(o obs) { want = append(want, fmt.Sprintf("%d@%s#%d", o.seq, o.t.Format("15:04:05.000"), o.n)) },
			end: func() { want = append(want, "end") }}
		for i := range 20000 {
			tm := base.Add(time.Duration(i) * 100 * time.Millisecond)
			if tc.jitter > 0 {
				tm = tm.Add(time.Duration(rng.Int64N(int64(tc.jitter))) - tc.jitter/2)
			}
			if tc.back > 0 && i%tc.back == tc.back-1 {
				tm = tm.Add(-time.Hour)
			}
			s.push(obs{stamp: stamp{t: tm}})
			ref.push(obs{stamp: stamp{t: tm}})
			if len(got) != len(want) {
				t.Fatalf("%s: after event %d, %d released, a priority queue releases %d", tc.name, i, len(got), len(want))
			}
		}
		s.flush()
		ref.flush()
		if g, w := strings.Join(got, " "), strings.Join(want, " "); g != w {
			t.Fatalf("%s: release order differs from a priority queue's", tc.name)
		}
	}
}

// refStream is the reorder buffer as a sorted slice, re-sorted on every push: slow and
// plainly right.
type refStream struct {
	held              []obs
	newest, watermark time.Time
	seq, n            uint64
	process           func(obs)
	end               func()
}

func (r *refStream) push(o obs) {
	r.seq++
	o.seq = r.seq
	if o.t.After(r.newest) {
		r.newest = o.t
	}
	r.held = append(r.held, o)
	slices.SortStableFunc(r.held, func(a, b obs) int { return a.t.Compare(b.t) })
	for len(r.held) > reorderDepth || (len(r.held) > 0 && r.newest.Sub(r.held[0].t) > reorderHorizon) {
		r.release()
	}
}

func (r *refStream) release() {
	o := r.held[0]
	r.held = r.held[1:]
	if !r.watermark.IsZero() && o.t.Before(r.watermark.Add(-segmentGap)) {
		r.end()
		r.watermark = time.Time{}
		r.newest = o.t
	}
	if o.t.Before(r.watermark) {
		o.t = r.watermark
	} else {
		r.watermark = o.t
	}
	r.n++
	o.n = r.n
	r.process(o)
}

func (r *refStream) flush() {
	for len(r.held) > 0 {
		r.release()
	}
	r.end()
	r.watermark, r.newest = time.Time{}, time.Time{}
}

// TestKeyPrefersIdempotencyKey: the key's digest names the call when there is one; the
// body's otherwise.
func TestKeyPrefersIdempotencyKey(t *testing.T) {
	var eps model.EndpointCache
	mk := func(body, key uint64) chainKey {
		e := &model.Event{Time: time.Unix(1, 0), Method: "POST", Host: "api.anthropic.com", Path: "/v1/messages",
			Platform: model.PlatformAPI, Status: 529, RequestBytes: 10, BodyDigest: body, KeyDigest: key}
		o := newObs(&model.Observation{Event: e}, &eps)
		k, ok := o.key()
		if !ok {
			t.Fatal("a call with a size and digests is not identified")
		}
		return k
	}
	if mk(1, 5) != mk(2, 5) {
		t.Error("one idempotency key, two calls")
	}
	if mk(1, 5) == mk(1, 6) {
		t.Error("two idempotency keys, one call")
	}
	if a, b := mk(1, 0), mk(1, 0); mk(1, 0) == mk(2, 0) || a != b {
		t.Error("the body's digest does not name the call")
	}
}
