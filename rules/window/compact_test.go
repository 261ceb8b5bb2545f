package window_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	. "github.com/claudelog/claudelog/rules/window"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
)

// TestCompactSuccess: a success goes through the reorder buffer and the windows without a
// failure part; the findings and notes are those of every event carrying one, on random
// streams of successes and failures of every kind the detectors read (statuses, attempts,
// body sizes and digests, retry-after, durations, rate-limit headers, edges, providers,
// times out of order and far back).
func TestCompactSuccess(t *testing.T) {
	patterns := 0
	for seed := range uint64(12) {
		evs := randomStream(rand.New(rand.NewPCG(seed, 18)), 30_000)
		report := func(compact bool) string {
			SetCompactSuccess(compact)
			defer SetCompactSuccess(true)
			cfg := Defaults()
			if seed%2 == 1 {
				cfg.BurstMinRequests, cfg.BurstMinLimited, cfg.OutageMinFailures, cfg.StormMinFastRetries = 6, 2, 2, 2
			}
			an := analyze.New(analyze.Options{Detectors: All(cfg)})
			for i := range evs {
				an.Event(&evs[i])
			}
			r := an.Report()
			for _, f := range r.Findings {
				if compact && f.Cause.Kind == model.KindPattern {
					patterns++
				}
			}
			return fmt.Sprintf("%+v\n%q", r.Findings, r.Notes)
		}
		if full, compact := report(false), report(true); full != compact {
			t.Fatalf("seed %d: the compact success changes the report:\nfull    %s\ncompact %s", seed, full, compact)
		}
	}
	if patterns < 12 {
		t.Fatalf("only %d pattern findings over all streams: the streams do not exercise the detectors", patterns)
	}
}

// randomStream is n events of a few endpoints, mostly successes.
func randomStream(rng *rand.Rand, n int) []model.Event {
	statuses := []int{200, 200, 200, 200, 200, 200, 201, 302, 429, 429, 529, 500, 503, 504, 408, 401, 403, 0}
	paths := []string{"/v1/messages", "/v1/messages", "/v1/complete", "/v1/messages/batches", ""}
	platforms := []model.Platform{model.PlatformAPI, model.PlatformAPI, model.PlatformAPI, model.PlatformUnknown, model.PlatformOther}
	t := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	evs := make([]model.Event, n)
	for i := range evs {
		switch r := rng.IntN(1000); {
		case r < 2:
			t = t.Add(-time.Duration(rng.IntN(20)) * time.Minute) // far back: a new segment
		case r < 30:
			t = t.Add(time.Duration(rng.IntN(120)) * time.Second) // a gap
		default:
			t = t.Add(time.Duration(rng.IntN(400)) * time.Millisecond)
		}
		e := &evs[i]
		e.Source = model.Source{Path: fmt.Sprintf("in%d.log", rng.IntN(2)), Line: i + 1}
		e.Time = t.Add(time.Duration(rng.IntN(3000)-1500) * time.Millisecond) // out of order
		if rng.IntN(50) == 0 {
			e.Time = time.Time{}
		}
		e.Method, e.Path, e.Platform = "POST", paths[rng.IntN(len(paths))], platforms[rng.IntN(len(platforms))]
		if e.Path != "" || rng.IntN(2) == 0 {
			e.Host = "api.anthropic.com"
		}
		e.Status = statuses[rng.IntN(len(statuses))]
		e.Attempt = rng.IntN(5)
		if rng.IntN(3) > 0 {
			e.RequestBytes = int64(1) << rng.IntN(24)
		}
		if rng.IntN(3) == 0 {
			e.BodyDigest = uint64(rng.IntN(6))
		}
		if rng.IntN(10) == 0 {
			e.KeyDigest = uint64(rng.IntN(4))
		}
		e.Duration = time.Duration(rng.IntN(30_000)-2000) * time.Millisecond
		if rng.IntN(5) == 0 {
			e.RetryAfter = time.Duration(rng.IntN(90)) * time.Second
		}
		if rng.IntN(8) == 0 {
			e.Edge = []string{"FRA", "HKG", "AMS"}[rng.IntN(3)]
		}
		if rng.IntN(8) == 0 {
			e.ServerIP = []string{"160.79.104.10", "160.79.104.11", "2607:6bc0::10"}[rng.IntN(3)]
		}
		switch e.Status {
		case 0:
			if rng.IntN(2) == 0 {
				e.NoResponse = true
			}
		case 429:
			e.ErrorType, e.Message = "rate_limit_error", "This request would exceed your organization's rate limit of 50,000 input tokens per minute"
			if rng.IntN(2) == 0 {
				e.Headers = []model.Header{{Name: "anthropic-ratelimit-requests-remaining", Value: fmt.Sprint(rng.IntN(2))}, {Name: "retry-after", Value: "3"}}
			}
		case 529:
			e.ErrorType, e.Message = "overloaded_error", "Overloaded"
		case 500:
			e.ErrorType, e.Message = "api_error", "Internal server error"
		case 403:
			e.ErrorType, e.Message = "permission_error", "Request not allowed"
			if rng.IntN(2) == 0 {
				e.ErrorType, e.Message = "forbidden", "Request not allowed: this region is not supported (unsupported_country_region_territory)"
			}
		}
	}
	return evs
}
