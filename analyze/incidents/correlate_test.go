package incidents

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/statuspage"
	"github.com/claudelog/claudelog/rules"
)

const (
	apiEP  = "POST api.anthropic.com/v1/messages"
	webEP  = "POST claude.ai/api/organizations/{id}/chat_conversations/{id}/completion"
	bedEP  = "POST bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-sonnet-4-5/invoke"
	opus   = `Declared incident "Elevated errors on Claude Opus 4" on claude.ai, Claude API (major, 2026-11-20 09:02–10:15 UTC): https://stspg.io/b4x8mz1kq2wp`
	code   = `Declared incident "Claude Code login failures" on Claude Code (minor, 2026-11-19 14:00–15:10 UTC): https://stspg.io/k2d9vr5fz8cm`
	noneOK = "No declared incident on status.claude.com overlaps this window (the page often lags the first errors by several minutes)."
)

// finding builds a finding of a cause over a window, on endpoints.
func finding(cause, from, to string, endpoints ...string) model.Finding {
	c, ok := rules.CauseByID(cause)
	if !ok {
		panic(cause)
	}
	f := model.Finding{Cause: c, Count: 2, Endpoints: endpoints}
	if from != "" {
		f.FirstSeen, f.LastSeen = at(from), at(to)
	}
	return f
}

func TestCorrelateIncidents(t *testing.T) {
	withClient := func(f model.Finding, client string) model.Finding { f.Clients = []string{client}; return f }
	withTypes := func(f model.Finding, types ...string) model.Finding { f.ErrorTypes = types; return f }
	tests := []struct {
		name string
		f    model.Finding
		want []string
	}{
		{"overlap on a matching component",
			finding("overloaded", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP), []string{opus}},
		{"claude.ai on the same incident",
			finding("server_error", "2026-11-20T10:00:00Z", "2026-11-20T10:20:00Z", webEP), []string{opus}},
		{"overlap on another component only",
			finding("overloaded", "2026-11-19T14:20:00Z", "2026-11-19T14:25:00Z", webEP), []string{noneOK}},
		{"Claude Code's calls match a Claude Code incident",
			withClient(finding("service_unavailable", "2026-11-19T14:20:00Z", "2026-11-19T14:25:00Z", apiEP), "claude-cli 2.0.14"), []string{code}},
		{"an unknown surface matches any component",
			finding("overloaded", "2026-11-19T14:20:00Z", "2026-11-19T14:25:00Z"), []string{code}},
		{"incident just after the window (lag)",
			finding("server_error", "2026-11-20T08:40:00Z", "2026-11-20T08:45:00Z", apiEP),
			[]string{`Declared incident "Elevated errors on Claude Opus 4" on claude.ai, Claude API (major, 2026-11-20 09:02–10:15 UTC; began 17 min after these failures): https://stspg.io/b4x8mz1kq2wp`}},
		{"incident too long after the window",
			finding("server_error", "2026-11-20T08:00:00Z", "2026-11-20T08:20:00Z", apiEP), []string{noneOK}},
		{"resolved before the window",
			finding("bad_gateway", "2026-11-17T09:30:00Z", "2026-11-17T09:45:00Z", webEP), []string{noneOK}},
		{"ongoing incident",
			finding("gateway_timeout", "2026-11-20T11:50:00Z", "2026-11-20T11:55:00Z", apiEP),
			[]string{`Declared incident "Increased latency for multiple models" on Claude API (minor, since 2026-11-20 11:30 UTC, not resolved when the page was saved): https://stspg.io/q7wn2kd4h9tx`}},
		{"an incident with no components matches every surface",
			finding("service_unavailable", "2026-11-16T10:20:00Z", "2026-11-16T10:21:00Z", webEP),
			[]string{`Declared incident "Intermittent connectivity issues" (minor, 2026-11-16 10:00–10:40 UTC): https://stspg.io/w3p7fj2ha9ks`}},
		{"a component claudelog cannot tie to a call",
			finding("server_error", "2026-11-15T12:10:00Z", "2026-11-15T12:20:00Z", apiEP), []string{noneOK}},
		{"the console",
			finding("server_error", "2026-11-18T16:30:00Z", "2026-11-18T16:31:00Z", "GET platform.claude.com/api/organizations"),
			[]string{`Declared incident "Degraded performance on platform.claude.com" on Claude Console (minor, 2026-11-18 16:12–17:01 UTC): https://stspg.io/t6hq3wn0bx5e`}},
		{"pattern: an outage window",
			finding("outage_window", "2026-11-20T09:10:00Z", "2026-11-20T09:14:00Z", apiEP), []string{opus}},
		{"a client-side cause in an incident gets no note",
			finding("rate_limited", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP), nil},
		{"a client-side cause outside any incident gets no note",
			finding("auth_failed", "2026-11-20T07:00:00Z", "2026-11-20T07:01:00Z", apiEP), nil},
		{"a cut stream in an incident",
			finding("stream_interrupted", "2026-11-20T09:30:00Z", "2026-11-20T09:30:00Z", webEP), []string{opus}},
		{"a cut stream outside any incident may be a proxy: no note",
			finding("stream_interrupted", "2026-11-20T07:00:00Z", "2026-11-20T07:00:00Z", webEP), nil},
		{"a stream the server broke outside any incident",
			withTypes(finding("stream_interrupted", "2026-11-20T07:00:00Z", "2026-11-20T07:00:00Z", webEP), "api_error"), []string{noneOK}},
		{"no time",
			finding("overloaded", "", "", apiEP), []string{"The input gives no time for these failures, so they cannot be matched to the status page."}},
		{"Bedrock is not on this page",
			finding("server_error", "2026-11-20T07:00:00Z", "2026-11-20T07:05:00Z", bedEP),
			[]string{"No declared incident on status.claude.com overlaps this window, but Amazon Bedrock serves these calls: check the AWS Health Dashboard (health.aws.amazon.com) for this window."}},
		{"after the page's last update",
			finding("overloaded", "2026-11-20T13:00:00Z", "2026-11-20T13:05:00Z", webEP),
			[]string{"No declared incident on status.claude.com overlaps this window as of 2026-11-20 12:05 UTC, the page's last update; one declared later would be missing (the page often lags the first errors by several minutes)."}},
	}
	p := loadFixture(t, "incidents.json")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &model.Report{Findings: []model.Finding{tt.f}}
			Correlate(r, p, Options{})
			if got := r.Findings[0].Notes; !slices.Equal(got, tt.want) {
				t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCorrelateNoIncidents(t *testing.T) {
	p := loadFixture(t, "incidents-empty.json")
	r := &model.Report{Findings: []model.Finding{
		finding("overloaded", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP),
		finding("rate_limited", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP),
		finding("outage_window", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", webEP),
		finding("network_error", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", webEP),
	}}
	notes := Correlate(r, p, Options{})
	for i, want := range [][]string{{noneOK}, nil, {noneOK}, nil} {
		if got := r.Findings[i].Notes; !slices.Equal(got, want) {
			t.Errorf("%s: notes %q, want %q", r.Findings[i].Cause.ID, got, want)
		}
	}
	want := []string{"Status page: 0 incidents read from ../../parse/statuspage/testdata/incidents-empty.json (incidents.json, last updated 2026-11-20 12:05 UTC); 0 findings overlap a declared incident, 2 server-side findings overlap none."}
	if !slices.Equal(notes, want) {
		t.Errorf("report notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}

func TestCorrelateOnlyOpen(t *testing.T) {
	tests := []struct {
		file string
		f    model.Finding
		want []string
	}{
		{"summary.json", finding("overloaded", "2026-11-20T11:50:00Z", "2026-11-20T11:55:00Z", apiEP),
			[]string{`Declared incident "Increased latency for multiple models" on Claude API (minor, since 2026-11-20 11:30 UTC, not resolved when the page was saved): https://stspg.io/q7wn2kd4h9tx`}},
		{"summary.json", finding("overloaded", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP),
			[]string{"No incident on status.claude.com was open when the page was saved; the saved summary.json lists only open ones, so it cannot tell whether one overlapped this window: save /api/v2/incidents.json for the history."}},
		{"summary.json", finding("service_unavailable", "2026-11-22T02:30:00Z", "2026-11-22T02:40:00Z", webEP),
			[]string{`Scheduled maintenance "Scheduled database maintenance for claude.ai" on claude.ai (2026-11-22 02:00–04:00 UTC): https://stspg.io/f1k7bm3xz0qa`}},
		// Announced on the 18th, scheduled for the 22nd: the 20th is not in it.
		{"summary.json", finding("service_unavailable", "2026-11-20T02:30:00Z", "2026-11-20T02:40:00Z", webEP),
			[]string{"No incident on status.claude.com was open when the page was saved; the saved summary.json lists only open ones, so it cannot tell whether one overlapped this window: save /api/v2/incidents.json for the history."}},
		{"unresolved.json", finding("overloaded", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP),
			[]string{"No incident on status.claude.com was open when the page was saved; the saved incidents/unresolved.json lists only open ones, so it cannot tell whether one overlapped this window: save /api/v2/incidents.json for the history."}},
		{"scheduled-maintenances.json", finding("overloaded", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP),
			[]string{"No scheduled maintenance on status.claude.com overlaps this window; the saved scheduled-maintenances.json lists no incidents, so it cannot tell whether one overlapped it: save /api/v2/incidents.json."}},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i, tt.file), func(t *testing.T) {
			r := &model.Report{Findings: []model.Finding{tt.f}}
			notes := Correlate(r, loadFixture(t, tt.file), Options{})
			if got := r.Findings[0].Notes; !slices.Equal(got, tt.want) {
				t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(notes) != 2 || !strings.Contains(notes[1], "https://status.claude.com/api/v2/incidents.json") {
				t.Errorf("report notes %q", notes)
			}
		})
	}
}

// A full list of 50 does not reach back past its oldest incident.
func TestCorrelateBeforeTheOldest(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"page":{"url":"https://status.claude.com","updated_at":"2026-11-20T12:00:00Z"},"incidents":[`)
	for i := range statuspage.ListCap {
		if i > 0 {
			b.WriteByte(',')
		}
		start := at("2026-11-20T00:00:00Z").Add(-time.Duration(i) * 12 * time.Hour)
		fmt.Fprintf(&b, `{"id":"i%d","name":"statuspage.Incident %d","status":"resolved","impact":"minor","started_at":%q,"resolved_at":%q,"components":[{"id":"x","name":"Claude API (api.anthropic.com)"}]}`,
			i, i, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	}
	b.WriteString(`]}`)
	p, err := statuspage.Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	p.Source = "incidents.json"
	r := &model.Report{Findings: []model.Finding{
		finding("overloaded", "2026-09-01T10:00:00Z", "2026-09-01T10:05:00Z", apiEP),
		finding("overloaded", "2026-11-19T18:00:00Z", "2026-11-19T18:05:00Z", apiEP),
	}}
	notes := Correlate(r, p, Options{})
	want := "The saved status page does not reach back to this window: incidents.json holds only the 50 most recent incidents and its oldest began 2026-10-26 12:00 UTC."
	if got := r.Findings[0].Notes; !slices.Equal(got, []string{want}) {
		t.Errorf("notes %q", got)
	}
	if got := r.Findings[1].Notes; !slices.Equal(got, []string{noneOK}) {
		t.Errorf("notes %q", got)
	}
	if len(notes) != 2 || !strings.HasPrefix(notes[1], "1 server-side finding began before the oldest incident") {
		t.Errorf("report notes %q", notes)
	}
}

// Two failures hours apart do not claim every incident between them: the timeline says
// when the finding failed.
func TestCorrelateUsesTheTimeline(t *testing.T) {
	p := loadFixture(t, "incidents.json")
	axis := model.Timeline{Start: at("2026-11-20T07:00:00Z"), Width: 4 * time.Minute, Counts: make([]int, 56)}
	f := finding("server_error", "2026-11-20T07:00:10Z", "2026-11-20T10:40:20Z", apiEP)
	f.Timeline = make([]int, 56)
	f.Timeline[0], f.Timeline[55] = 1, 1
	r := &model.Report{Timeline: axis, Findings: []model.Finding{f}}
	Correlate(r, p, Options{})
	if got := r.Findings[0].Notes; !slices.Equal(got, []string{noneOK}) {
		t.Errorf("notes %q", got)
	}
	// A failure in the incident's time does match.
	f.Timeline[30] = 1 // 09:00–09:04
	f.Notes = nil
	r.Findings[0] = f
	Correlate(r, p, Options{})
	if got := r.Findings[0].Notes; len(got) != 1 || !strings.Contains(got[0], "Claude Opus 4") || strings.Contains(got[0], "began") {
		t.Errorf("notes %q", got)
	}
}

func TestCorrelateTimeZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	p := loadFixture(t, "incidents.json")
	r := &model.Report{Findings: []model.Finding{finding("overloaded", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP)}}
	Correlate(r, p, Options{Location: berlin})
	want := `Declared incident "Elevated errors on Claude Opus 4" on claude.ai, Claude API (major, 2026-11-20 10:02–11:15 CET): https://stspg.io/b4x8mz1kq2wp`
	if got := r.Findings[0].Notes; !slices.Equal(got, []string{want}) {
		t.Errorf("notes %q", got)
	}
}

func TestCorrelateReportNote(t *testing.T) {
	p := loadFixture(t, "incidents.json")
	r := &model.Report{Findings: []model.Finding{
		finding("overloaded", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP),
		finding("overloaded", "2026-11-20T07:00:00Z", "2026-11-20T07:05:00Z", apiEP),
		finding("overloaded", "", "", apiEP),
	}}
	notes := Correlate(r, p, Options{})
	want := []string{
		"Status page: 7 incidents read from ../../parse/statuspage/testdata/incidents.json (incidents.json, last updated 2026-11-20 12:05 UTC); 1 finding overlaps a declared incident, 1 server-side finding overlaps none.",
		"1 server-side finding has no time, so the status page could not be consulted for it.",
	}
	if !slices.Equal(notes, want) {
		t.Errorf("report notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}

func TestCorrelateCapsNotes(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"page":{"url":"https://status.claude.com"},"incidents":[`)
	for i := range 5 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"i%d","name":"statuspage.Incident %d","status":"resolved","impact":"minor","started_at":"2026-11-20T09:0%d:00Z","resolved_at":"2026-11-20T10:00:00Z"}`, i, i, i)
	}
	b.WriteString(`]}`)
	p, err := statuspage.Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	r := &model.Report{Findings: []model.Finding{finding("overloaded", "2026-11-20T09:30:00Z", "2026-11-20T09:40:00Z", apiEP)}}
	Correlate(r, p, Options{})
	got := r.Findings[0].Notes
	if len(got) != maxIncidentNotes+1 || got[maxIncidentNotes] != "… and 2 more declared incidents in this window on status.claude.com." {
		t.Errorf("notes %q", got)
	}
}

func TestSurfaces(t *testing.T) {
	tests := []struct {
		f    model.Finding
		want []Surface
	}{
		{model.Finding{Endpoints: []string{apiEP, "GET claude.ai/api/bootstrap"}}, []Surface{SurfaceAPI, SurfaceWeb}},
		{model.Finding{Evidence: []model.Evidence{{Endpoint: "POST us-east5-aiplatform.googleapis.com/v1/projects/{id}"}}}, []Surface{SurfaceVertex}},
		{model.Finding{Endpoints: []string{apiEP}, Clients: []string{"claude-cli 2.0.14"}}, []Surface{SurfaceAPI, SurfaceCode}},
		{model.Finding{Endpoints: []string{"GET cdn.segment.com/v1/t"}}, nil},
		{model.Finding{}, nil},
	}
	for _, tt := range tests {
		if got := SurfacesOf(tt.f); !slices.Equal(got, tt.want) {
			t.Errorf("SurfacesOf(%v %v) = %v, want %v", tt.f.Endpoints, tt.f.Clients, got, tt.want)
		}
	}
	components := []struct {
		c    statuspage.Component
		want Surface
	}{
		{statuspage.Component{ID: "k8w3r06qmzrp", Name: "renamed"}, SurfaceAPI},
		{statuspage.Component{ID: "rwppv331jlwc"}, SurfaceWeb},
		{statuspage.Component{Name: "Claude API (api.anthropic.com)"}, SurfaceAPI},
		{statuspage.Component{Name: "CLAUDE.AI"}, SurfaceWeb},
		{statuspage.Component{Name: "Claude Code"}, SurfaceCode},
		{statuspage.Component{Name: "Claude Console (platform.claude.com)"}, SurfaceConsole},
		{statuspage.Component{Name: "platform.claude.com"}, SurfaceConsole},
		{statuspage.Component{Name: "Claude for Government"}, ""},
		{statuspage.Component{Name: "Rapid response"}, ""},
	}
	for _, tt := range components {
		if got := SurfaceOfComponent(tt.c); got != tt.want {
			t.Errorf("SurfaceOfComponent(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func BenchmarkCorrelate(b *testing.B) {
	p := loadFixture(b, "incidents.json")
	var fs []model.Finding
	for i := range 20 {
		from := at("2026-11-20T08:00:00Z").Add(time.Duration(i) * 10 * time.Minute)
		f := finding("overloaded", from.Format(time.RFC3339), from.Add(5*time.Minute).Format(time.RFC3339), apiEP, webEP)
		fs = append(fs, f)
	}
	b.ReportAllocs()
	for b.Loop() {
		r := &model.Report{Findings: slices.Clone(fs)}
		Correlate(r, p, Options{})
	}
}
