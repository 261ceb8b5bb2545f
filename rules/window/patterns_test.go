package window_test

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	. "github.com/claudelog/claudelog/rules/window"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

// gen builds event streams: a clock and helpers for the calls of realistic sessions.
type gen struct {
	t   time.Time
	evs []model.Event
}

func newGen() *gen { return &gen{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)} }

func (g *gen) wait(d time.Duration) *gen { g.t = g.t.Add(d); return g }

// call adds a call to path at the current time and returns it for adjusting.
func (g *gen) call(path string, status int) *model.Event {
	g.evs = append(g.evs, model.Event{
		Source: model.Source{Path: "gen.har", Entry: len(g.evs) + 1}, Time: g.t,
		Method: "POST", Host: "api.anthropic.com", Path: path, Platform: model.PlatformAPI,
		Status: status, Duration: 300 * time.Millisecond,
	})
	e := &g.evs[len(g.evs)-1]
	switch status {
	case 429:
		e.ErrorType, e.Message = "rate_limit_error", "This request would exceed your organization's rate limit of 50,000 input tokens per minute"
	case 529:
		e.ErrorType, e.Message = "overloaded_error", "Overloaded"
	case 500:
		e.ErrorType, e.Message = "api_error", "Internal server error"
	case 504:
		e.ErrorType, e.Message = "timeout_error", "Request timed out"
	}
	return e
}

// run feeds the stream to one detector through the analyzer and returns the report.
func run(d model.Detector, evs []model.Event) *model.Report {
	an := analyze.New(analyze.Options{Detectors: []model.Detector{d}})
	for i := range evs {
		an.Event(&evs[i])
	}
	return an.Report()
}

func find(r *model.Report, cause string) *model.Finding {
	for i := range r.Findings {
		if r.Findings[i].Cause.ID == cause {
			return &r.Findings[i]
		}
	}
	return nil
}

func TestBurst(t *testing.T) {
	tests := []struct {
		name  string
		build func(g *gen)
		want  bool
		title string
	}{
		{"burst of 30 in 6 s", func(g *gen) {
			for i := 0; i < 30; i++ {
				e := g.call("/v1/messages", map[bool]int{true: 429, false: 200}[i%3 != 0])
				e.RequestBytes = int64(1000 + i)
				if e.Status == 429 {
					e.RetryAfter = 7 * time.Second
					e.Headers = []model.Header{{Name: "anthropic-ratelimit-requests-remaining", Value: "0"}}
				}
				g.wait(200 * time.Millisecond)
			}
		}, true, "Burst of 30 requests in 10s ran into 20 rate limits"},
		{"429s spread over an hour", func(g *gen) {
			for i := 0; i < 60; i++ {
				g.call("/v1/messages", map[bool]int{true: 429, false: 200}[i%6 == 0])
				g.wait(time.Minute)
			}
		}, false, ""},
		{"one call retried", func(g *gen) {
			for i := 0; i < 12; i++ {
				e := g.call("/v1/messages", 429)
				e.Attempt = i + 1
				g.wait(300 * time.Millisecond)
			}
		}, false, ""},
		{"many calls, few 429s", func(g *gen) {
			for i := 0; i < 40; i++ {
				g.call("/v1/messages", map[bool]int{true: 429, false: 200}[i%10 == 0])
				g.wait(100 * time.Millisecond)
			}
		}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGen()
			tt.build(g)
			r := run(NewBurst(Defaults()), g.evs)
			f := find(r, "rate_limit_burst")
			if (f != nil) != tt.want {
				t.Fatalf("burst found = %v, want %v: %v", f != nil, tt.want, r.Findings)
			}
			if f == nil {
				return
			}
			if f.Title != tt.title {
				t.Errorf("title %q, want %q", f.Title, tt.title)
			}
			if rl := find(r, "rate_limited"); rl != nil {
				t.Errorf("rate_limited not absorbed: %d left", rl.Count)
			}
			if r.Findings[0].Cause.ID != "rate_limit_burst" {
				t.Errorf("first finding %s", r.Findings[0].Cause.ID)
			}
			if d := strings.Join(f.Notes, "; "); !strings.Contains(d, "requests per minute") || !strings.Contains(d, "retry-after honoured by 0 of") {
				t.Errorf("summary %q lacks the bucket or the retry-after verdict", d)
			}
		})
	}
}

func TestStorm(t *testing.T) {
	tests := []struct {
		name     string
		build    func(g *gen)
		want     bool
		interval string
	}{
		{"fixed 0.2 s with attempts", func(g *gen) {
			for i := 0; i < 10; i++ {
				g.call("/v1/messages", 529).Attempt = i + 1
				g.wait(200 * time.Millisecond)
			}
		}, true, "retried 9 times at 0.2 s intervals"},
		{"SDK backoff 0.5 doubling with jitter", func(g *gen) {
			for c := 0; c < 5; c++ {
				for a, w := range []time.Duration{410, 820, 0} {
					g.call("/v1/messages", 529).Attempt = a + 1
					g.wait(w * time.Millisecond)
				}
				g.wait(30 * time.Second)
			}
		}, false, ""},
		{"Claude Code 10 retries", func(g *gen) {
			for a := 1; a <= 11; a++ {
				g.call("/v1/messages", 529).Attempt = a
				g.wait(min(500*time.Millisecond<<(a-1), 32*time.Second))
			}
		}, false, ""},
		{"before retry-after", func(g *gen) {
			for i := 0; i < 6; i++ {
				e := g.call("/v1/messages", 429)
				e.RequestBytes, e.RetryAfter = 2048, 20*time.Second
				g.wait(5 * time.Second)
			}
		}, true, "before retry-after elapsed"},
		{"fixed 1 s without backoff", func(g *gen) {
			for i := 0; i < 9; i++ {
				g.call("/v1/messages", 500).RequestBytes = 999
				g.wait(time.Second)
			}
		}, true, "retried 8 times, 6 of them at 1s intervals"},
		{"concurrent workers, nothing identified", func(g *gen) {
			for i := 0; i < 5; i++ {
				g.call("/v1/messages", 429)
				g.wait(250 * time.Millisecond)
			}
		}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGen()
			tt.build(g)
			r := run(NewStorm(Defaults()), g.evs)
			f := find(r, "retry_storm")
			if (f != nil) != tt.want {
				t.Fatalf("storm found = %v, want %v: %+v", f != nil, tt.want, r.Findings)
			}
			if f != nil && !strings.Contains(f.Title, tt.interval) {
				t.Errorf("title %q lacks %q", f.Title, tt.interval)
			}
		})
	}
}

func TestOutage(t *testing.T) {
	tests := []struct {
		name  string
		build func(g *gen)
		want  bool
		sev   model.Severity
	}{
		{"529s across endpoints for 4 minutes", func(g *gen) {
			paths := []string{"/v1/messages", "/v1/messages/count_tokens", "/v1/models"}
			for i := 0; i < 8; i++ {
				g.call(paths[i%3], 529)
				g.wait(30 * time.Second)
			}
		}, true, model.Critical},
		{"a lone 500", func(g *gen) {
			for i := 0; i < 20; i++ {
				g.call("/v1/messages", map[bool]int{true: 500, false: 200}[i == 7])
				g.wait(20 * time.Second)
			}
		}, false, 0},
		{"one call's retries", func(g *gen) {
			for a := 1; a <= 4; a++ {
				g.call("/v1/messages", 529).Attempt = a
				g.wait(time.Second)
			}
		}, false, 0},
		{"500s spread over hours", func(g *gen) {
			for i := 0; i < 30; i++ {
				g.call("/v1/messages", map[bool]int{true: 500, false: 200}[i%3 == 0])
				g.wait(6 * time.Minute)
			}
		}, false, 0},
		{"half of one endpoint failing", func(g *gen) {
			for i := 0; i < 12; i++ {
				g.call("/v1/messages", map[bool]int{true: 529, false: 200}[i%2 == 0])
				g.wait(15 * time.Second)
			}
		}, true, model.Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGen()
			tt.build(g)
			r := run(NewOutage(Defaults()), g.evs)
			f := find(r, "outage_window")
			if (f != nil) != tt.want {
				t.Fatalf("outage found = %v, want %v: %+v", f != nil, tt.want, r.Findings)
			}
			if f == nil {
				return
			}
			if f.Severity != tt.sev {
				t.Errorf("severity %s, want %s", f.Severity, tt.sev)
			}
			if r.Findings[0].Cause.ID != "outage_window" || !strings.Contains(f.Title, "UTC") {
				t.Errorf("first %s, title %q", r.Findings[0].Cause.ID, f.Title)
			}
			if !strings.Contains(strings.Join(f.Notes, "; "), "status.claude.com") {
				t.Errorf("no status page advice: %q", f.Notes)
			}
		})
	}
}

func TestPayload(t *testing.T) {
	tests := []struct {
		name  string
		build func(g *gen)
		title string // "" for no finding
	}{
		{"large bodies time out", func(g *gen) {
			for i := 0; i < 25; i++ {
				g.call("/v1/messages", 200).RequestBytes = int64(12000 + 1000*i)
				g.wait(time.Second)
			}
			for i := 0; i < 5; i++ {
				g.call("/v1/messages", 504).RequestBytes = int64(6_300_000 + 100_000*i)
			}
		}, "5 of 5 requests of 4 MB or more timed out; 0 of 25 under 64 KB"},
		{"timeouts on small payloads", func(g *gen) {
			for i := 0; i < 25; i++ {
				st := 200
				if i%5 == 0 {
					st = 504
				}
				g.call("/v1/messages", st).RequestBytes = int64(2000 + 10*i)
			}
		}, ""},
		{"sizes unknown", func(g *gen) {
			for i := 0; i < 25; i++ {
				g.call("/v1/messages", 200)
			}
			for i := 0; i < 5; i++ {
				g.call("/v1/messages", 504)
			}
		}, ""},
		{"large calls mostly succeed", func(g *gen) {
			for i := 0; i < 20; i++ {
				g.call("/v1/messages", 200).RequestBytes = int64(5_000_000 + i)
				g.call("/v1/messages", 200).RequestBytes = int64(3000 + i)
			}
			for i := 0; i < 3; i++ {
				g.call("/v1/messages", 504).RequestBytes = int64(5_000_100 + i)
			}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGen()
			tt.build(g)
			p := NewPayload(Defaults())
			r := run(p, g.evs)
			f := find(r, "payload_timeout")
			if (f != nil) != (tt.title != "") {
				t.Fatalf("payload_timeout found = %v, want %v: %+v", f != nil, tt.title != "", r.Findings)
			}
			if f != nil && f.Title != tt.title {
				t.Errorf("title %q, want %q", f.Title, tt.title)
			}
			if tt.name == "sizes unknown" && len(p.Notes()) == 0 {
				t.Error("no note that the sizes are unknown")
			}
		})
	}
}

func TestGeoEdgeSwitch(t *testing.T) {
	for _, switched := range []bool{true, false} {
		g := newGen()
		for i := 0; i < 3; i++ {
			g.call("/v1/messages", 200).Edge = "FRA"
			g.wait(10 * time.Second)
		}
		for i := 0; i < 2; i++ {
			e := g.call("/v1/messages", 403)
			e.ErrorType, e.Message, e.Edge = "forbidden", "Request not allowed", "FRA"
			if switched {
				e.Edge = "HKG"
			}
			e.Headers = []model.Header{{Name: "cf-ray", Value: "8f1c2a3b4c5d6e7f-" + e.Edge}}
			g.wait(10 * time.Second)
		}
		r := run(NewGeo(Defaults()), g.evs)
		var geo []model.Finding
		for _, f := range r.Findings {
			if f.Cause.ID == "geo_blocked" {
				geo = append(geo, f)
			}
		}
		if len(geo) != 1 || geo[0].Count != 2 {
			t.Fatalf("switched=%v: want one geo_blocked finding of 2, got %+v", switched, geo)
		}
		has := slices.ContainsFunc(geo[0].Evidence, func(e model.Evidence) bool {
			return strings.Contains(e.Detail, "edge changed FRA → HKG at 09:00:30 UTC")
		})
		if has != switched {
			t.Errorf("switched=%v: edge change evidence = %v: %+v", switched, has, geo[0].Evidence)
		}
	}
}

// TestReorder feeds a burst slightly out of order, then a second input of an earlier day:
// the burst is still found, and the earlier input does not merge into it.
func TestReorder(t *testing.T) {
	g := newGen()
	for i := 0; i < 20; i++ {
		g.call("/v1/messages", 429).RequestBytes = int64(100 + i)
		g.wait(100 * time.Millisecond)
	}
	for i := 0; i+1 < len(g.evs); i += 2 {
		g.evs[i], g.evs[i+1] = g.evs[i+1], g.evs[i]
	}
	g.t = g.t.Add(-48 * time.Hour)
	for i := 0; i < 20; i++ {
		g.call("/v1/messages", 200)
		g.wait(100 * time.Millisecond)
	}
	r := run(NewBurst(Defaults()), g.evs)
	f := find(r, "rate_limit_burst")
	if f == nil || f.Count != 20 {
		t.Fatalf("want a burst of 20 limits, got %+v", r.Findings)
	}
}

func TestCatalog(t *testing.T) {
	cat := Catalog(Defaults())
	n := 0
	for _, d := range All(Defaults()) {
		if IsTimed(d) {
			n += 3
		} else {
			n++
		}
	}
	if len(cat) != n {
		t.Fatal("Catalog and All differ in length")
	}
	for _, in := range cat {
		c, ok := rules.CauseByID(in.Cause)
		if !ok {
			t.Errorf("%s: unknown cause %s", in.ID, in.Cause)
		}
		if in.Cause != "geo_blocked" && c.Kind != model.KindPattern {
			t.Errorf("%s: cause %s is not a pattern cause", in.ID, in.Cause)
		}
		if in.Doc == "" || in.Title == "" || len(in.Fixes) == 0 {
			t.Errorf("%s: missing doc, title or fixes", in.ID)
		}
	}
	c := Defaults()
	c.BurstWindow = 30 * time.Second
	if !strings.Contains(Catalog(c)[0].Doc, "30s window") {
		t.Error("Doc does not state the configured window")
	}
}

// stream generates a long mixed session: steady traffic with bursts, storms, outages and
// timeouts scattered in it, on many endpoints.
func longStream(n int, visit func(e *model.Event)) {
	t := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	e := model.Event{Source: model.Source{Path: "long.log"}, Method: "POST", Host: "api.anthropic.com", Platform: model.PlatformAPI}
	for i := 0; i < n; i++ {
		t = t.Add(time.Duration(50+i%7*30) * time.Millisecond)
		e.Source.Line = i + 1
		e.Time = t
		e.Path = fmt.Sprintf("/v1/messages/%d", i%200)
		e.Status, e.ErrorType, e.Message, e.Attempt, e.RequestBytes = 200, "", "", 0, int64(1000+i%5000)
		switch {
		case i%1000 < 30 && i%3 == 0:
			e.Status, e.ErrorType = 429, "rate_limit_error"
		case i%5000 < 40:
			e.Status, e.ErrorType, e.Attempt = 529, "overloaded_error", 1+i%5
		case i%777 == 0:
			e.Status, e.RequestBytes = 504, 7<<20
		}
		visit(&e)
	}
}

// observe classifies e as the analyzer does and shows it to every detector.
func observe(ds []model.Detector, e *model.Event) {
	o := &model.Observation{Event: e}
	if r, sev, ok := rules.Classify(e); ok {
		o.RuleID, o.CauseID, o.Fixes, o.Severity = r.ID, r.Cause, r.Fixes, sev
	}
	for _, d := range ds {
		d.Observe(o)
	}
}

// TestBoundedMemory runs a million events through every detector and checks the heap stays
// small: the detectors keep windows, not history.
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a million events")
	}
	ds := All(Defaults())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	longStream(1_000_000, func(e *model.Event) { observe(ds, e) })
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if grown > 32<<20 {
		t.Errorf("heap grew by %d MB over 1M events", grown>>20)
	}
	total := 0
	for _, d := range ds {
		total += len(d.Findings())
	}
	if total == 0 {
		t.Error("the long stream has bursts, storms and outages, but nothing was found")
	}
	runtime.KeepAlive(ds)
	t.Logf("heap grew by %d KB; %d findings", grown>>10, total)
}

func BenchmarkDetectors(b *testing.B) {
	const n = 100_000
	items := make([]model.Observation, 0, n)
	longStream(n, func(e *model.Event) {
		o := model.Observation{Event: new(model.Event)}
		*o.Event = *e
		if r, sev, ok := rules.Classify(e); ok {
			o.RuleID, o.CauseID, o.Fixes, o.Severity = r.ID, r.Cause, r.Fixes, sev
		}
		items = append(items, o)
	})
	b.ReportAllocs()
	b.ResetTimer()
	var o model.Observation
	for b.Loop() {
		ds := All(Defaults())
		for i := range items {
			o = items[i] // a fresh copy, so evidence is built anew each loop
			for _, d := range ds {
				d.Observe(&o)
			}
		}
		for _, d := range ds {
			d.Findings()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
}

// TestTimedIsSeparate: the shared reorder buffer gives the burst, storm and outage
// detectors what their own streams give them, on a long mixed stream of every kind of
// event (segments, late events, bursts, storms, outages).
func TestTimedIsSeparate(t *testing.T) {
	var evs []model.Event
	longStream(60_000, func(e *model.Event) { evs = append(evs, *e) })
	// and, a day later, a retry storm of another endpoint
	g := newGen()
	g.t = evs[len(evs)-1].Time.Add(24 * time.Hour)
	for i := 0; i < 10; i++ {
		g.call("/v1/complete", 500).Attempt = i + 1
		g.wait(200 * time.Millisecond)
	}
	evs = append(evs, g.evs...)
	cfg := Defaults()
	separate := analyze.New(analyze.Options{Detectors: []model.Detector{NewBurst(cfg), NewStorm(cfg), NewOutage(cfg)}})
	shared := analyze.New(analyze.Options{Detectors: []model.Detector{NewTimed(NewBurst(cfg), NewStorm(cfg), NewOutage(cfg))}})
	for i := range evs {
		separate.Event(&evs[i])
		shared.Event(&evs[i])
	}
	a, b := separate.Report(), shared.Report()
	seen := map[string]bool{}
	for _, f := range a.Findings {
		seen[f.Cause.ID] = true
	}
	if !seen["rate_limit_burst"] || !seen["retry_storm"] || !seen["outage_window"] {
		t.Fatalf("the stream shows %v: not a test of the three detectors", seen)
	}
	if ga, gb := fmt.Sprintf("%+v", a.Findings), fmt.Sprintf("%+v", b.Findings); ga != gb {
		t.Fatalf("shared stream differs from separate streams:\nseparate %s\nshared   %s", ga, gb)
	}
}
