package report

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/claudelog/claudelog/model"
)

// Schema names the JSON report's version. Fields may be added; listed ones keep their meaning.
const Schema = "claudelog/report/v1"

// The wire types are the JSON contract of SPEC.md, kept apart from analyze's types so that
// the inside can change without breaking users' scripts.
type (
	wireReport struct {
		Schema       string         `json:"schema"`
		Verdict      string         `json:"verdict"`
		Inputs       []wireInput    `json:"inputs"`
		Summary      wireSummary    `json:"summary"`
		Findings     []wireFinding  `json:"findings"`
		Unclassified []wireEvidence `json:"unclassified,omitempty"`
		Notes        []string       `json:"notes,omitempty"`
	}
	wireInput struct {
		Path     string `json:"path"`
		Format   string `json:"format"`
		Events   int    `json:"events"`
		Failures int    `json:"failures"`
		Warnings int    `json:"warnings"`
	}
	wireSummary struct {
		Events       int            `json:"events"`
		Failures     int            `json:"failures"`
		ByStatus     map[string]int `json:"by_status"`
		Start        string         `json:"start,omitempty"`
		End          string         `json:"end,omitempty"`
		Unclassified int            `json:"unclassified"`
		Warnings     int            `json:"warnings"`
		Filtered     int            `json:"filtered,omitempty"`
	}
	wireFinding struct {
		Cause      string         `json:"cause"`
		Kind       string         `json:"kind"`
		Severity   string         `json:"severity"`
		Title      string         `json:"title"`
		Count      int            `json:"count"`
		FirstSeen  string         `json:"first_seen,omitempty"`
		LastSeen   string         `json:"last_seen,omitempty"`
		Statuses   []int          `json:"statuses"`
		ErrorTypes []string       `json:"error_types"`
		Endpoints  []string       `json:"endpoints"`
		Clients    []string       `json:"clients,omitempty"`
		Evidence   []wireEvidence `json:"evidence"`
		Fixes      []string       `json:"fixes"`
		Surface    string         `json:"surface,omitempty"`   // whose steps fixes are: api, claude.ai, claude-code, bedrock, vertex, proxy
		ResetsAt   string         `json:"resets_at,omitempty"` // when the finding's limit resets, when the input said
		Rules      []string       `json:"rules"`
		Notes      []string       `json:"notes,omitempty"`
		// Sessions and MoreSessionCalls: the Claude Code sessions of the finding (issue #15).
		Sessions         []wireSessionFailures `json:"sessions,omitempty"`
		MoreSessionCalls int                   `json:"more_session_failures,omitempty"`
	}
	wireSessionFailures struct {
		wireSession
		Failures  int    `json:"failures"`
		FirstSeen string `json:"first_seen,omitempty"`
		LastSeen  string `json:"last_seen,omitempty"`
	}
	wireEvidence struct {
		Source    string `json:"source"`
		Time      string `json:"time,omitempty"`
		Status    int    `json:"status"`
		RequestID string `json:"request_id,omitempty"`
		Endpoint  string `json:"endpoint,omitempty"`
		Detail    string `json:"detail,omitempty"`
		// Session names the Claude Code session of the evidence (issue #15); absent for
		// other inputs. Added to v1: listed fields keep their meaning.
		Session *wireSession `json:"session,omitempty"`
	}
	wireSession struct {
		Project string `json:"project,omitempty"`
		ID      string `json:"id"`
		Started string `json:"started,omitempty"`
	}
)

// JSON writes the report as one indented JSON object.
func JSON(w io.Writer, r *model.Report, opts Options) error {
	loc := opts.loc()
	out := wireReport{
		Schema:   Schema,
		Verdict:  Verdict(r, loc, opts.Calls),
		Inputs:   make([]wireInput, 0, len(r.Inputs)),
		Findings: make([]wireFinding, 0, len(r.Findings)),
		Summary: wireSummary{
			Events: r.Summary.Events, Failures: r.Summary.Failures,
			ByStatus: make(map[string]int, len(r.Summary.ByStatus)),
			Start:    stamp(r.Summary.Start, loc), End: stamp(r.Summary.End, loc),
			Unclassified: r.Summary.Unclassified, Warnings: r.Summary.Warnings,
			Filtered: r.Summary.Filtered,
		},
	}
	for _, in := range r.Inputs {
		out.Inputs = append(out.Inputs, wireInput{Path: in.Path, Format: string(in.Format), Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	for s, n := range r.Summary.ByStatus {
		out.Summary.ByStatus[strconv.Itoa(s)] = n
	}
	for _, f := range r.Findings {
		wf := wireFinding{
			Cause: f.Cause.ID, Kind: string(f.Cause.Kind), Severity: f.Severity.String(), Title: f.Title,
			Count: f.Count, FirstSeen: stamp(f.FirstSeen, loc), LastSeen: stamp(f.LastSeen, loc),
			Statuses: nonNil(f.Statuses), ErrorTypes: nonNil(f.ErrorTypes), Endpoints: nonNil(f.Endpoints),
			Clients: f.Clients, Evidence: evidence(f.Evidence, loc), Fixes: nonNil(fixesOf(f, loc)), Rules: nonNil(f.Rules),
			Notes: f.Notes, Surface: string(f.Surface), ResetsAt: stamp(f.ResetsAt, loc),
			Sessions: sessionsOf(f.Sessions, loc), MoreSessionCalls: f.MoreSessionCalls,
		}
		out.Findings = append(out.Findings, wf)
	}
	if len(r.Unclassified) > 0 {
		out.Unclassified = evidence(r.Unclassified, loc)
	}
	out.Notes = r.Notes
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func evidence(ev []model.Evidence, loc *time.Location) []wireEvidence {
	out := make([]wireEvidence, 0, len(ev))
	for _, e := range ev {
		out = append(out, wireEvidence{Source: e.Source, Time: stamp(e.Time, loc), Status: e.Status, RequestID: e.RequestID,
			Endpoint: e.Endpoint, Detail: e.Detail, Session: sessionOf(e.Session, loc)})
	}
	return out
}

// sessionsOf is the wire form of a finding's sessions, nil when there are none.
func sessionsOf(ss []model.SessionFailures, loc *time.Location) []wireSessionFailures {
	var out []wireSessionFailures
	for _, s := range ss {
		out = append(out, wireSessionFailures{wireSession: *sessionOf(&s.Session, loc), Failures: s.Count,
			FirstSeen: stamp(s.First, loc), LastSeen: stamp(s.Last, loc)})
	}
	return out
}

// sessionOf is the wire form of a Claude Code session, nil when there is none.
func sessionOf(s *model.Session, loc *time.Location) *wireSession {
	if s == nil {
		return nil
	}
	return &wireSession{Project: s.Project, ID: s.ID, Started: stamp(s.Started, loc)}
}

// stamp renders a time as RFC 3339 with offset in loc; a zero time is "" (and omitted).
func stamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339Nano)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
