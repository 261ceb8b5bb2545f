package window_test

import (
	"testing"
	"time"

	. "github.com/claudelog/claudelog/rules/window"

	"github.com/claudelog/claudelog/model"
)

// TestCallIdentity: the burst, storm and outage detectors tell a call's retries from new
// calls by the digest of the body (or of the idempotency key), fall back to the size when
// the input has neither, and take a request after a success for a new call.
func TestCallIdentity(t *testing.T) {
	const size = 156 // every body of a batch of one template
	type want struct{ burst, storm, outage bool }
	tests := []struct {
		name  string
		build func(g *gen)
		want  want
	}{
		{"batch of same-length prompts: a burst, not a storm", func(g *gen) {
			for i := 1; i <= 60; i++ {
				e := g.call("/v1/messages", map[bool]int{true: 429, false: 200}[i >= 33 && i%4 != 2])
				e.RequestBytes, e.BodyDigest = size, uint64(1000+i)
				g.wait(130 * time.Millisecond)
			}
		}, want{burst: true}},
		{"the same batch without bodies: the size alone, as before", func(g *gen) {
			for i := 1; i <= 60; i++ {
				g.call("/v1/messages", map[bool]int{true: 429, false: 200}[i >= 33 && i%4 != 2]).RequestBytes = size
				g.wait(130 * time.Millisecond)
			}
		}, want{burst: true, storm: true}},
		{"one body resent every 0.3 s: a storm", func(g *gen) {
			for i := 0; i < 8; i++ {
				e := g.call("/v1/messages", 429)
				e.RequestBytes, e.BodyDigest = size, 7
				g.wait(300 * time.Millisecond)
			}
		}, want{storm: true}},
		{"one body, retry count 0 every time (an app's loop): a storm", func(g *gen) {
			for i := 0; i < 8; i++ {
				e := g.call("/v1/messages", 429)
				e.RequestBytes, e.BodyDigest, e.Attempt = size, 7, 1
				g.wait(300 * time.Millisecond)
			}
		}, want{storm: true}},
		{"retry count 0 every time, bodies unknown: new calls, as before", func(g *gen) {
			for i := 0; i < 8; i++ {
				e := g.call("/v1/messages", 429)
				e.RequestBytes, e.Attempt = size, 1
				g.wait(300 * time.Millisecond)
			}
		}, want{}},
		{"one body, a success between failures: new calls", func(g *gen) {
			for i := 0; i < 16; i++ {
				e := g.call("/v1/messages", map[bool]int{true: 529, false: 200}[i%2 == 0])
				e.RequestBytes, e.BodyDigest = size, 7
				g.wait(300 * time.Millisecond)
			}
		}, want{outage: true}}, // eight calls, half of them failing: the share rule
		{"one idempotency key over changing bodies: one call", func(g *gen) {
			for i := 0; i < 8; i++ {
				e := g.call("/v1/messages", 529)
				e.RequestBytes, e.BodyDigest, e.KeyDigest = size, uint64(100+i), 42
				g.wait(250 * time.Millisecond)
			}
		}, want{storm: true}},
		{"one body under different idempotency keys: different calls", func(g *gen) {
			for i := 0; i < 8; i++ {
				e := g.call("/v1/messages", 529)
				e.RequestBytes, e.BodyDigest, e.KeyDigest = size, 7, uint64(100+i)
				g.wait(250 * time.Millisecond)
			}
		}, want{outage: true}}, // eight calls, all failing
		{"an incident: distinct same-length prompts failing across endpoints", func(g *gen) {
			for i := 0; i < 35; i++ {
				e := g.call("/v1/messages/count_tokens", map[bool]int{true: 500, false: 200}[i%7 == 3])
				e.RequestBytes, e.BodyDigest = 139, uint64(5000+i)
				g.wait(400 * time.Millisecond)
				e = g.call("/v1/messages", map[bool]int{true: 529, false: 200}[i%7 == 0 || i%7 == 2 || i%7 == 4 || i%7 == 5])
				e.RequestBytes, e.BodyDigest = size, uint64(6000+i)
				g.wait(11600 * time.Millisecond)
			}
		}, want{outage: true}},
		{"the same failures, one body per endpoint: two calls retried", func(g *gen) {
			for i := 0; i < 35; i++ {
				e := g.call("/v1/messages/count_tokens", map[bool]int{true: 500, false: 0}[i%7 == 3])
				e.RequestBytes, e.BodyDigest = 139, 5000
				if e.Status == 0 {
					g.evs = g.evs[:len(g.evs)-1]
				}
				g.wait(400 * time.Millisecond)
				if i%7 == 0 || i%7 == 2 || i%7 == 4 || i%7 == 5 {
					e = g.call("/v1/messages", 529)
					e.RequestBytes, e.BodyDigest = size, 6000
				}
				g.wait(11600 * time.Millisecond)
			}
		}, want{}},
		{"one body per endpoint, succeeding between failures: new calls", func(g *gen) {
			for i := 0; i < 20; i++ {
				for _, p := range []string{"/v1/messages", "/v1/messages/count_tokens"} {
					e := g.call(p, map[bool]int{true: 529, false: 200}[i%2 == 0])
					e.RequestBytes, e.BodyDigest = size, 9
					g.wait(15 * time.Second)
				}
			}
		}, want{outage: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGen()
			tt.build(g)
			cfg := Defaults()
			for _, d := range []struct {
				name  string
				det   model.Detector
				cause string
				want  bool
			}{
				{"burst", NewBurst(cfg), "rate_limit_burst", tt.want.burst},
				{"storm", NewStorm(cfg), "retry_storm", tt.want.storm},
				{"outage", NewOutage(cfg), "outage_window", tt.want.outage},
			} {
				r := run(d.det, g.evs)
				if f := find(r, d.cause); (f != nil) != d.want {
					t.Errorf("%s found = %v, want %v: %+v", d.cause, f != nil, d.want, r.Findings)
				}
			}
		})
	}
}
