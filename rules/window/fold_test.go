package window_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	. "github.com/claudelog/claudelog/rules/window"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
)

// TestFoldEarly: a detector past maxFindings folds an episode without building its
// finding, and the findings are those of building every episode and folding it after.
func TestFoldEarly(t *testing.T) {
	var evs []model.Event
	longStream(120_000, func(e *model.Event) { evs = append(evs, *e) })
	// and a dozen retry storms, one every ten minutes
	g := newGen()
	g.t = evs[len(evs)-1].Time.Add(time.Hour)
	for s := 0; s < 12; s++ {
		for i := 0; i < 10; i++ {
			g.call(fmt.Sprintf("/v1/complete/%d", s), 500).Attempt = i + 1
			g.wait(200 * time.Millisecond)
		}
		g.wait(10 * time.Minute)
	}
	evs = append(evs, g.evs...)
	report := func(early bool) []model.Finding {
		SetFoldEarly(early)
		defer SetFoldEarly(true)
		cfg := Defaults()
		an := analyze.New(analyze.Options{Detectors: []model.Detector{NewTimed(NewBurst(cfg), NewStorm(cfg), NewOutage(cfg))}})
		for i := range evs {
			an.Event(&evs[i])
		}
		return an.Report().Findings
	}
	late, early := report(false), report(true)
	folded := map[string]bool{}
	for _, f := range early {
		if strings.HasSuffix(f.Title, "(and later episodes)") {
			folded[f.Cause.ID] = true
		}
	}
	if !folded["rate_limit_burst"] || !folded["outage_window"] || !folded["retry_storm"] {
		t.Fatalf("folded %v: the stream does not fill the detectors", folded)
	}
	if a, b := fmt.Sprintf("%+v", late), fmt.Sprintf("%+v", early); a != b {
		t.Fatalf("folding early differs:\nlate  %s\nearly %s", a, b)
	}
}

// TestOutageNamedCount: the outage detector's running count of named failing endpoints
// stays what a pass over its map finds, event after event of a long mixed stream.
func TestOutageNamedCount(t *testing.T) {
	o := NewOutage(Defaults())
	an := analyze.New(analyze.Options{Detectors: []model.Detector{o}})
	n := 0
	longStream(60_000, func(e *model.Event) {
		an.Event(e)
		if n++; n%97 == 0 && !o.NamedIsCounted() {
			t.Fatalf("after %d events the count of named endpoints differs", n)
		}
	})
	an.Report()
	if !o.NamedIsCounted() {
		t.Fatal("at the end the count of named endpoints differs")
	}
}
