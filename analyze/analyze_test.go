package analyze

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

func TestEndpointFoldsIDs(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/api/organizations/1b2c3d4e-0000-4000-8000-000000000001/chat_conversations/5f6a7b8c-0000-4000-8000-000000000002/completion",
			"POST claude.ai/api/organizations/{id}/chat_conversations/{id}/completion"},
		{"/v1/messages", "POST claude.ai/v1/messages"},
		{"/v1/messages/batches/msgbatch_01HkcTjaV5uDC8jWR4ZsDV8d", "POST claude.ai/v1/messages/batches/{id}"},
		{"/v1/files/file_011CNha8iCJcU1wXNR6q4V8w/content", "POST claude.ai/v1/files/{id}/content"},
	}
	for _, tt := range tests {
		e := &model.Event{Method: "POST", Host: "claude.ai", Path: tt.path}
		if got := model.EndpointOf(e); got != tt.want {
			t.Errorf("EndpointOf(%s) = %s, want %s", tt.path, got, tt.want)
		}
	}
}

func TestSamplerIsBounded(t *testing.T) {
	var s sampler[model.Evidence]
	for n := 1; n <= 100000; n++ {
		s.add(model.Evidence{Source: "x", Status: n}, n)
	}
	got := s.list()
	if len(got) > maxEvidence {
		t.Fatalf("%d evidence items, want at most %d", len(got), maxEvidence)
	}
	if got[0].Status != 1 || got[len(got)-1].Status != 100000 {
		t.Errorf("want the first and the last, got %+v", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Status <= got[i-1].Status {
			t.Errorf("evidence out of order: %+v", got)
		}
	}
}

func TestFindingsGroupRankAndCount(t *testing.T) {
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	a := New(Options{})
	for i := range 3 {
		a.Event(&model.Event{Time: base.Add(time.Duration(i) * time.Second), Method: "POST", Host: "api.anthropic.com", Path: "/v1/messages", Platform: model.PlatformAPI, Status: 529, ErrorType: "overloaded_error", Message: "Overloaded", RequestID: "req_1"})
	}
	a.Event(&model.Event{Time: base.Add(time.Minute), Method: "POST", Host: "api.anthropic.com", Path: "/v1/messages", Platform: model.PlatformAPI, Status: 200})
	a.Event(&model.Event{Time: base, Method: "GET", Host: "ads.example.com", Path: "/px", Platform: model.PlatformOther, NoResponse: true, NetError: "net::ERR_BLOCKED_BY_CLIENT"})
	r := a.Report()
	if r.Summary.Events != 5 || r.Summary.Failures != 4 || r.Summary.ByStatus[529] != 3 || r.Summary.ByStatus[0] != 1 {
		t.Fatalf("summary = %+v", r.Summary)
	}
	if len(r.Findings) != 2 {
		t.Fatalf("findings = %+v", r.Findings)
	}
	top := r.Findings[0]
	if top.Cause.ID != "overloaded" || top.Count != 3 || top.Severity < model.Error {
		t.Errorf("top finding = %s %s ×%d, want overloaded ×3 at error or above", top.Cause.ID, top.Severity, top.Count)
	}
	if !top.FirstSeen.Equal(base) || !top.LastSeen.Equal(base.Add(2*time.Second)) {
		t.Errorf("first/last = %v/%v", top.FirstSeen, top.LastSeen)
	}
	if len(top.Fixes) == 0 || len(top.Evidence) != 3 || top.Evidence[0].RequestID != "req_1" {
		t.Errorf("fixes/evidence = %v / %+v", top.Fixes, top.Evidence)
	}
	if r.Findings[1].Cause.ID != "blocked_by_client" || r.Findings[1].Severity != model.Info {
		t.Errorf("second finding = %s %s, want blocked_by_client info", r.Findings[1].Cause.ID, r.Findings[1].Severity)
	}
}

func TestSinceUntilLeaveOutUntimed(t *testing.T) {
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	a := New(Options{Since: base, Until: base.Add(time.Hour)})
	a.Event(&model.Event{Time: base.Add(-time.Second), Status: 500})
	a.Event(&model.Event{Time: base, Status: 500})
	a.Event(&model.Event{Time: base.Add(time.Hour), Status: 500})
	a.Event(&model.Event{Status: 500})
	r := a.Report()
	if r.Summary.Events != 1 || r.Summary.Filtered != 3 || r.Summary.Untimed != 1 {
		t.Errorf("summary = %+v", r.Summary)
	}
}

func TestUnclassifiedIsShown(t *testing.T) {
	a := New(Options{})
	a.Event(&model.Event{Host: "example.com", Path: "/x", NoResponse: true, Detail: "no response; the exporter recorded no reason"})
	r := a.Report()
	if r.Summary.Failures != 1 {
		t.Fatalf("failures = %d", r.Summary.Failures)
	}
	if r.Summary.Unclassified+len(r.Findings) != 1 {
		t.Errorf("the failure is neither a finding nor counted as unclassified: %+v", r)
	}
	if r.Summary.Unclassified == 1 && len(r.Unclassified) != 1 {
		t.Errorf("unclassified failure not sampled")
	}
}

func BenchmarkAnalyze(b *testing.B) {
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	evs := []model.Event{
		{Method: "POST", Host: "api.anthropic.com", Path: "/v1/messages", Platform: model.PlatformAPI, Status: 200},
		{Method: "POST", Host: "api.anthropic.com", Path: "/v1/messages", Platform: model.PlatformAPI, Status: 529, ErrorType: "overloaded_error", Message: "Overloaded"},
		{Method: "POST", Host: "api.anthropic.com", Path: "/v1/messages", Platform: model.PlatformAPI, Status: 429, ErrorType: "rate_limit_error", Message: "This request would exceed your organization's rate limit of 30,000 input tokens per minute"},
		{Method: "GET", Host: "cdn.example.com", Path: "/a.js", Platform: model.PlatformOther, NoResponse: true, NetError: "net::ERR_BLOCKED_BY_CLIENT"},
	}
	a := New(Options{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e := evs[i%len(evs)]
		e.Time = base.Add(time.Duration(i) * time.Millisecond)
		a.Event(&e)
		i++
	}
	_ = a.Report()
}

func TestTimelineStaysBoundedAndCountsEverything(t *testing.T) {
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	var tl timeline
	n := 0
	// Out of order, over three days: the buckets widen, nothing is lost.
	for _, off := range []time.Duration{0, 5 * time.Minute, -2 * time.Hour, 72 * time.Hour, 90 * time.Second, -30 * time.Minute} {
		tl.add(base.Add(off))
		n++
	}
	snap := tl.snapshot()
	if len(snap.Counts) > timelineBuckets {
		t.Fatalf("%d buckets", len(snap.Counts))
	}
	total := 0
	for _, c := range snap.Counts {
		total += c
	}
	if total != n {
		t.Errorf("timeline counts %d events, want %d", total, n)
	}
	if snap.Start.After(base.Add(-2*time.Hour)) || snap.Start.Add(time.Duration(len(snap.Counts))*snap.Width).Before(base.Add(72*time.Hour)) {
		t.Errorf("timeline %v +%d×%v does not cover the events", snap.Start, len(snap.Counts), snap.Width)
	}
	// A narrower timeline re-counted on the wide axis keeps its events.
	var narrow timeline
	narrow.add(base)
	narrow.add(base.Add(time.Minute))
	sum := 0
	for _, c := range narrow.on(snap) {
		sum += c
	}
	if sum != 2 {
		t.Errorf("re-bucketed timeline holds %d events, want 2", sum)
	}
}

// TestLazyEvidenceIsEvidenceOf feeds failures through one reused event, as a parser does,
// and checks that the evidence built when the report is made is EvidenceOf of each sampled
// event at the time it arrived.
func TestLazyEvidenceIsEvidenceOf(t *testing.T) {
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	a := New(Options{})
	want := map[string]model.Evidence{}
	headers := make([]model.Header, 1)
	var e model.Event
	for i := range 200 {
		headers[0] = model.Header{Name: "retry-after", Value: fmt.Sprint(i)}
		e = model.Event{
			Time: base.Add(time.Duration(i) * time.Second), Method: "POST", Host: "api.anthropic.com",
			Path: fmt.Sprintf("/v1/messages/msg_%d", i%3), Platform: model.PlatformAPI, Status: 529,
			ErrorType: "overloaded_error", Message: "Overloaded", Attempt: i % 4, Headers: headers,
			Source: model.Source{Path: "x.log", Line: i + 1},
		}
		want[e.Source.String()] = model.EvidenceOf(&e)
		a.Event(&e)
		e = model.Event{Time: e.Time, Status: 0, NoResponse: true, Message: "mystery", Source: model.Source{Path: "x.log", Line: 1000 + i}, Headers: headers}
		want[e.Source.String()] = model.EvidenceOf(&e)
		a.Event(&e)
	}
	headers[0] = model.Header{Name: "retry-after", Value: "changed after the call"}
	r := a.Report()
	var got []model.Evidence
	for _, f := range r.Findings {
		got = append(got, f.Evidence...)
	}
	got = append(got, r.Unclassified...)
	if len(got) < 4 {
		t.Fatalf("only %d evidence items", len(got))
	}
	for _, ev := range got {
		if w, ok := want[ev.Source]; !ok || !reflect.DeepEqual(ev, w) {
			t.Errorf("evidence %+v, want %+v", ev, w)
		}
	}
}
