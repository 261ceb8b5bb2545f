// Package analyze turns events into a report. It streams every event through the rules
// catalog (one event, one cause), groups the matches into findings by cause and severity,
// ranks them by impact and keeps a bounded sample of evidence. Memory does not grow with
// the input: every set it keeps is capped.
package analyze

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

// Options tune an analysis.
type Options struct {
	// Since and Until keep only events in [Since, Until); zero means unbounded.
	Since, Until time.Time
	// Detectors find patterns over time (bursts, retry storms, outages, payload timeouts).
	Detectors []model.Detector
}

// A Detector may also say what the input kept it from judging ("request sizes unknown")
// with a method Notes() []string; the analyzer adds those lines to the report's notes.

// Limits on what a finding keeps.
const (
	maxEvidence  = 6
	maxEndpoints = 8
	maxSetItems  = 12
)

// Analyzer accumulates events. It implements model.Sink; warnings are only counted here,
// printing them is the caller's job.
type Analyzer struct {
	opts         Options
	groups       map[groupKey]*group
	summary      model.Summary
	unclassified sampler[evidenceSource]
	endpoints    model.EndpointCache
	inputs       []model.Input
	calls        timeline
	failures     timeline
	obs          model.Observation
	unanchored   int          // failures read from lines that name no provider (model.Event.Unanchored)
	surfaces     surfaceCount // failed events by surface, for the findings of patterns
	classifier   rules.Classifier
}

type groupKey struct {
	cause    string
	severity model.Severity
}

// group accumulates one finding.
type group struct {
	cause      model.Cause
	severity   model.Severity
	count      int
	first      time.Time
	last       time.Time
	statuses   boundedSet[int]
	errorTypes boundedSet[string]
	endpoints  boundedSet[string]
	ruleIDs    boundedSet[string]
	clients    boundedSet[string]
	retryAfter boundedSet[string]
	maxAttempt int
	maxBytes   int64
	rules      []*rules.Rule // the rules that matched, in the order first seen (at most maxSetItems)
	surfaces   surfaceCount
	resetsAt   time.Time
	resetText  string
	evidence   sampler[evidenceSource]
	timeline   timeline
	sessions   sessionTally // Claude Code sessions (analyze/sessions.go)
}

// New returns an empty Analyzer.
func New(opts Options) *Analyzer {
	return &Analyzer{opts: opts, groups: make(map[groupKey]*group), summary: model.Summary{ByStatus: map[int]int{}}}
}

// AddInput records what one input contributed.
func (a *Analyzer) AddInput(in model.Input) { a.inputs = append(a.inputs, in) }

// Warn counts a warning.
func (a *Analyzer) Warn(model.InputWarning) { a.summary.Warnings++ }

// Event classifies one event and adds it to its finding.
func (a *Analyzer) Event(e *model.Event) {
	if !a.inRange(e) {
		a.summary.Filtered++
		if e.Time.IsZero() {
			a.summary.Untimed++
		}
		return
	}
	s := &a.summary
	s.Events++
	if e.Platform == model.PlatformOther {
		s.OtherHosts++
	}
	if e.Time.IsZero() {
		s.NoTime++
	} else {
		if s.Start.IsZero() || e.Time.Before(s.Start) {
			s.Start = e.Time
		}
		end := e.Time
		if e.Duration > 0 { // most events have none: no time.Time.Add
			end = end.Add(e.Duration)
		}
		if end.After(s.End) {
			s.End = end
		}
	}
	a.calls.add(e.Time)
	if !e.Failed() {
		a.observe(e, nil, model.Info)
		return
	}
	a.failures.add(e.Time)
	s.Failures++
	s.ByStatus[e.Status]++
	if e.Status >= 400 && e.ErrorType == "" && e.Message == "" && e.ErrorCode == "" && e.Detail == "" {
		s.Bodiless++
	}
	if e.Unanchored {
		a.unanchored++
	}
	surface := rules.SurfaceOf(e)
	a.surfaces.add(surface)
	rule, sev, ok := a.classifier.Classify(e)
	if !ok {
		s.Unclassified++
		setSource(a.unclassified.slot(s.Unclassified), e, a.endpoints.Of(e))
		a.observe(e, nil, model.Info)
		return
	}
	a.observe(e, rule, sev)
	k := groupKey{rule.Cause, sev}
	g := a.groups[k]
	if g == nil {
		cause, _ := rules.CauseByID(rule.Cause)
		g = &group{cause: cause, severity: sev}
		a.groups[k] = g
	}
	g.add(e, rule, a.endpoints.Of(e), surface)
}

func (a *Analyzer) observe(e *model.Event, rule *rules.Rule, sev model.Severity) {
	if len(a.opts.Detectors) == 0 {
		return
	}
	// One Observation, reused: a fresh one per event would escape to the heap each time.
	a.obs = model.Observation{Event: e, Severity: sev}
	if rule != nil {
		a.obs.RuleID, a.obs.CauseID, a.obs.Fixes = rule.ID, rule.Cause, rule.Fixes
	}
	for _, d := range a.opts.Detectors {
		d.Observe(&a.obs)
	}
	a.obs = model.Observation{}
}

// inRange applies Since and Until. An event without a time cannot be placed in a range,
// so it is left out when either bound is set (and counted, so the report can say so).
func (a *Analyzer) inRange(e *model.Event) bool {
	if a.opts.Since.IsZero() && a.opts.Until.IsZero() {
		return true
	}
	if e.Time.IsZero() {
		return false
	}
	if !a.opts.Since.IsZero() && e.Time.Before(a.opts.Since) {
		return false
	}
	return a.opts.Until.IsZero() || e.Time.Before(a.opts.Until)
}

// add counts e in the group; ep is EndpointOf(e), s is rules.SurfaceOf(e).
func (g *group) add(e *model.Event, r *rules.Rule, ep string, s model.Surface) {
	g.count++
	g.timeline.add(e.Time)
	if !e.Time.IsZero() {
		if g.first.IsZero() || e.Time.Before(g.first) {
			g.first = e.Time
		}
		if e.Time.After(g.last) {
			g.last = e.Time
		}
	}
	if e.Status != 0 {
		g.statuses.add(e.Status)
	}
	if e.ErrorType != "" {
		g.errorTypes.add(e.ErrorType)
	}
	if ep != "" {
		g.endpoints.add(ep)
	}
	if e.Client != "" {
		g.clients.add(e.Client)
	}
	if ra := e.Header("retry-after"); ra != "" {
		g.retryAfter.add(ra)
	}
	g.maxAttempt = max(g.maxAttempt, e.Attempt)
	g.maxBytes = max(g.maxBytes, e.RequestBytes)
	if !g.ruleIDs.has(r.ID) && len(g.rules) < maxSetItems {
		g.rules = append(g.rules, r)
	}
	g.ruleIDs.add(r.ID)
	g.surfaces.add(s)
	// Only a usage limit's reset is said (a per-minute bucket's is seconds away), and
	// reading it costs a pattern match, so other causes skip it.
	if r.Cause == "usage_limit" {
		if at, text := rules.ResetOf(e); at.After(g.resetsAt) {
			g.resetsAt = at
		} else if text != "" && g.resetsAt.IsZero() {
			g.resetText = text
		}
	}
	setSource(g.evidence.slot(g.count), e, ep)
	g.sessions.add(e)
}

// Report returns the findings so far, ranked by impact.
func (a *Analyzer) Report() *model.Report {
	r := &model.Report{Inputs: slices.Clone(a.inputs), Summary: a.summary, Unclassified: evidenceList(a.unclassified.list()), Timeline: a.calls.snapshot()}
	r.Failures = a.failures.on(r.Timeline)
	r.Summary.ByStatus = make(map[int]int, len(a.summary.ByStatus))
	for k, v := range a.summary.ByStatus {
		r.Summary.ByStatus[k] = v
	}
	for _, g := range a.groups {
		f := model.Finding{
			Cause: g.cause, Severity: g.severity, Count: g.count,
			FirstSeen: g.first, LastSeen: g.last,
			Statuses: g.statuses.sorted(), ErrorTypes: g.errorTypes.sorted(),
			Endpoints: g.endpoints.sorted(), Evidence: evidenceList(g.evidence.list()),
			Rules: g.ruleIDs.sorted(), Clients: g.clients.sorted(),
			MaxAttempt: g.maxAttempt, RetryAfter: g.retryAfter.sorted(), MaxRequestBytes: g.maxBytes,
			Timeline: g.timeline.on(r.Timeline),
			Surface:  g.surfaces.top(a.surfaces.top(model.SurfaceUnknown)),
			ResetsAt: g.resetsAt, ResetText: g.resetText,
		}
		f.Fixes = g.fixesFor(f.Surface)
		if r.CauseFailures == nil {
			r.CauseFailures = map[string][]int{}
		}
		// Kept whole here: absorb below lowers the finding's count, and may drop it.
		if into := r.CauseFailures[g.cause.ID]; into != nil {
			for i, v := range f.Timeline {
				into[i] += v
			}
		} else {
			r.CauseFailures[g.cause.ID] = slices.Clone(f.Timeline)
		}
		f.Sessions, f.MoreSessionCalls = g.sessions.sessions()
		if n := g.endpoints.dropped; n > 0 {
			f.Endpoints = append(f.Endpoints, fmt.Sprintf("(+%d more)", n))
		}
		f.Title = title(&f)
		r.Findings = append(r.Findings, f)
	}
	for _, d := range a.opts.Detectors {
		for _, pf := range d.Findings() {
			// A pattern's events are not listed: it speaks to the surface most failures came from.
			pf.Surface = a.surfaces.top(model.SurfaceUnknown)
			if steps, ok := rules.CauseSteps(pf.Cause.ID, pf.Surface); ok {
				pf.Fixes = slices.Clone(steps)
			}
			r.Findings = absorb(r.Findings, pf.Absorbs)
			r.Findings = append(r.Findings, pf)
		}
	}
	slices.SortFunc(r.Findings, byImpact)
	r.Notes = a.notes()
	for _, d := range a.opts.Detectors {
		if n, ok := d.(interface{ Notes() []string }); ok {
			r.Notes = append(r.Notes, n.Notes()...)
		}
	}
	return r
}

// notes says what the input could not tell.
func (a *Analyzer) notes() []string {
	s := a.summary
	var n []string
	if s.NoTime > 0 && s.Events > 0 {
		if s.NoTime == s.Events {
			n = append(n, "The input carries no timestamps: times, time windows and patterns over time (bursts, retry storms, outages) could not be judged.")
		} else {
			n = append(n, fmt.Sprintf("%d of %d events carry no timestamp; they take part in no pattern over time.", s.NoTime, s.Events))
		}
	}
	if s.Bodiless > 0 {
		n = append(n, fmt.Sprintf("%d failed %s had no response body in the input (not captured or not exported): their cause rests on the status code alone.", s.Bodiless, english.Plural(s.Bodiless, "call", "calls")))
	}
	if s.Unclassified > 0 {
		n = append(n, fmt.Sprintf("%d failed %s matched no rule; claudelog does not guess a cause for them (see the sample).", s.Unclassified, english.Plural(s.Unclassified, "call", "calls")))
	}
	if a.unanchored > 0 {
		n = append(n, fmt.Sprintf("%d failed %s %s read from lines that name no provider: the input is about Claude (a short paste, or a log that names Claude), so %s taken for Claude's.", a.unanchored, english.Plural(a.unanchored, "call", "calls"), english.Plural(a.unanchored, "was", "were"), english.Plural(a.unanchored, "it was", "they were")))
	}
	if s.Untimed > 0 {
		n = append(n, fmt.Sprintf("%d %s without a timestamp were left out by --since/--until.", s.Untimed, english.Plural(s.Untimed, "event", "events")))
	}
	return n
}

// absorb takes the events a pattern explains out of the event findings of their causes,
// the most severe finding first, and drops findings left with none.
func absorb(findings []model.Finding, absorbs map[string]int) []model.Finding {
	if len(absorbs) == 0 {
		return findings
	}
	slices.SortFunc(findings, byImpact)
	out := findings[:0]
	left := maps.Clone(absorbs)
	for _, f := range findings {
		if n := left[f.Cause.ID]; n > 0 && f.Cause.Kind == model.KindEvent {
			take := min(n, f.Count)
			left[f.Cause.ID] -= take
			f.Count -= take
			if f.Count == 0 {
				continue
			}
			f.Title = title(&f)
		}
		out = append(out, f)
	}
	return out
}

// byImpact orders findings: the most harmful severity first, then the most failed calls,
// then the earliest; the cause id last, so the order is total and reports are stable.
func byImpact(a, b model.Finding) int {
	return cmp.Or(
		cmp.Compare(b.Severity, a.Severity),
		cmp.Compare(b.Count, a.Count),
		a.FirstSeen.Compare(b.FirstSeen),
		strings.Compare(a.Cause.ID, b.Cause.ID),
	)
}

// title says what the finding is in one line: "API overloaded: 9 failed calls (529)".
func title(f *model.Finding) string {
	calls := "call"
	if f.Count != 1 {
		calls = "calls"
	}
	t := fmt.Sprintf("%s: %d failed %s", f.Cause.Title, f.Count, calls)
	if len(f.Statuses) > 0 {
		parts := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			parts[i] = fmt.Sprint(s)
		}
		t += " (" + strings.Join(parts, ", ") + ")"
	}
	return t
}

// evidenceSource is what EvidenceOf reads of an event, kept so that the evidence is built
// only for the few events a sampler keeps: building it for every event (its detail string,
// its source name, its endpoint) cost more than the rest of Analyzer.Event.
type evidenceSource struct {
	e          model.Event // a copy without Headers, which the parser may reuse
	retryAfter string
	endpoint   string // EndpointOf(e)
}

// setSource copies what EvidenceOf reads of e into s, all of it (s may hold an earlier
// event's); ep is EndpointOf(e).
func setSource(s *evidenceSource, e *model.Event, ep string) {
	s.e = *e
	s.e.Headers = nil
	s.retryAfter, s.endpoint = e.Header("retry-after"), ep
}

// evidenceList builds the evidence of sampled events.
func evidenceList(srcs []evidenceSource) []model.Evidence {
	if srcs == nil {
		return nil
	}
	out := make([]model.Evidence, len(srcs))
	for i := range srcs {
		s := &srcs[i]
		out[i] = model.EvidenceWith(&s.e, s.retryAfter, s.endpoint)
	}
	return out
}

// fixesFor joins the steps of the group's rules for the surface, each step once, in the
// order the rules first matched.
func (g *group) fixesFor(s model.Surface) []string {
	var out []string
	for _, r := range g.rules {
		for _, f := range rules.FixesFor(r, s) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// surfaceCount counts events by surface (model.Surfaces, in that order).
type surfaceCount [8]int

func (c *surfaceCount) add(s model.Surface) {
	for i, k := range model.Surfaces {
		if k == s {
			c[i]++
			return
		}
	}
}

// top is the surface with the most events; on a tie the one model.Surfaces lists first;
// fallback when no event's surface was known.
func (c *surfaceCount) top(fallback model.Surface) model.Surface {
	best, n := fallback, 0
	for i, k := range model.Surfaces {
		if c[i] > n {
			best, n = k, c[i]
		}
	}
	return best
}
