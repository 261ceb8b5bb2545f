package window_test

import (
	"testing"
	"time"

	. "github.com/claudelog/claudelog/rules/window"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
)

// BenchmarkSuccesses: the analyzer and every detector over the calls of a service log,
// where 99 of 100 calls succeed (the shape of genbench sdklog), per event.
func BenchmarkSuccesses(b *testing.B) {
	evs := make([]model.Event, 100_000)
	t := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for i := range evs {
		t = t.Add(time.Duration(100+i%9*20) * time.Millisecond)
		e := &evs[i]
		e.Source = model.Source{Path: "service.log", Line: 6*i + 1}
		e.Time, e.Method, e.Host, e.Path, e.Platform, e.Status = t, "POST", "api.anthropic.com", "/v1/messages", model.PlatformAPI, 200
		if i%100 == 99 {
			e.Status, e.ErrorType, e.Message = 529, "overloaded_error", "Overloaded"
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		an := analyze.New(analyze.Options{Detectors: All(Defaults())})
		for i := range evs {
			an.Event(&evs[i])
		}
		an.Report()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}
