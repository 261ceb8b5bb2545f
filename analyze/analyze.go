// Package analyze turns events into a report. It streams every event through the rules
// catalog (one event, one cause), groups the matches into findings by cause and severity,
// ranks them by impact and keeps a bounded sample of evidence. Memory does not grow with
// the input: every set it keeps is capped.
package analyze

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/parse/event"
	"github.com/claudelog/claudelog/rules"
)

// Options tune an analysis.
type Options struct {
	// Since and Until keep only events in [Since, Until); zero means unbounded.
	Since, Until time.Time
	// Detectors find patterns over time (bursts, retry storms, outages, payload timeouts).
	Detectors []Detector
}

// Detector finds a pattern over several events. It sees every event in range in order of
// arrival, with the event rule that explained it, and must keep bounded state: windows
// over the stream, not the whole history. It must not retain the Observation or its Event.
type Detector interface {
	Observe(o *Observation)
	// Findings returns the patterns found. A finding's Absorbs says how many events of
	// which event cause it explains; the analyzer takes them out of those causes' findings
	// so that one failure is not listed twice.
	Findings() []Finding
}

// Observation is one event as the detectors see it: the event, the event rule that
// explained it (nil for successes and for failures no rule explains) with its severity,
// and the event's evidence, built at most once for all detectors and only when one keeps it.
type Observation struct {
	Event    *event.Event
	Rule     *rules.Rule
	Severity rules.Severity
	evidence *Evidence
}

// Cause is the id of the cause the event rule named, or "".
func (o *Observation) Cause() string {
	if o.Rule == nil {
		return ""
	}
	return o.Rule.Cause
}

// Evidence is EvidenceOf(o.Event), built on the first call.
func (o *Observation) Evidence() Evidence { return *o.EvidenceRef() }

// EvidenceRef is Evidence, shared: one copy for every detector that keeps it. It must not
// be modified.
func (o *Observation) EvidenceRef() *Evidence {
	if o.evidence == nil {
		ev := EvidenceOf(o.Event)
		o.evidence = &ev
	}
	return o.evidence
}

// A Detector may also say what the input kept it from judging ("request sizes unknown")
// with a method Notes() []string; the analyzer adds those lines to the report's notes.

// Input is what one input contributed, for the report's inputs list.
type Input struct {
	Path     string
	Format   event.Format
	Events   int
	Failures int
	Warnings int
}

// Evidence is one event that backs a finding, as the report shows it.
type Evidence struct {
	Source       string // "path#entry-N", "path:line" or "path@offset"
	Path         string // the input, and the line or entry in it, for annotations
	Line         int
	Entry        int
	Time         time.Time
	Status       int
	RequestID    string
	Endpoint     string
	Detail       string
	RequestBytes int64 // 0 when the input does not say
}

// Finding is one root cause found in the input, with what backs it.
type Finding struct {
	Cause      rules.Cause
	Severity   rules.Severity
	Title      string
	Count      int
	FirstSeen  time.Time
	LastSeen   time.Time
	Statuses   []int
	ErrorTypes []string
	Endpoints  []string
	Evidence   []Evidence
	Fixes      []string
	Rules      []string // ids of the rules that matched
	Clients    []string
	// Absorbs, on a pattern finding, counts the events of each event cause it explains.
	Absorbs map[string]int
	// Timeline counts the finding's events on the report's time axis (Report.Timeline);
	// nil for a pattern finding, whose window is FirstSeen–LastSeen.
	Timeline []int
	// Notes are facts about the finding beyond its evidence: a declared incident that
	// overlaps it, what a detector measured.
	Notes []string
	// What the client already tried and how big its calls were, for a support ticket.
	MaxAttempt      int      // the highest attempt number seen (1 = no retry); 0 when unknown
	RetryAfter      []string // the retry-after hints the server sent
	MaxRequestBytes int64    // the largest request body seen; 0 when no size was known
}

// Summary counts the whole analysis.
type Summary struct {
	Events       int
	Failures     int
	ByStatus     map[int]int // failures by HTTP status; 0 is "no response"
	Start, End   time.Time
	Unclassified int // failures no rule explains
	Warnings     int
	Filtered     int // events left out by Since/Until
	Untimed      int // of those, events without a time
	// NoTime counts analysed events without a timestamp: they take part in no time pattern.
	NoTime int
	// Bodiless counts HTTP failures whose body the input did not hold, so their cause
	// rests on the status code alone.
	Bodiless int
}

// Report is the result of an analysis.
type Report struct {
	Inputs   []Input
	Summary  Summary
	Findings []Finding
	// Unclassified samples the failures no rule explains, so they are shown, not hidden.
	Unclassified []Evidence
	// Notes say what the input could not tell, so that no reader mistakes a gap for a fact.
	Notes []string
	// Timeline counts all calls over time; Failures counts the failed ones on the same axis.
	Timeline Timeline
	Failures []int
}

// Limits on what a finding keeps.
const (
	maxEvidence  = 6
	maxEndpoints = 8
	maxSetItems  = 12
)

// Analyzer accumulates events. It implements event.Sink; warnings are only counted here,
// printing them is the caller's job.
type Analyzer struct {
	opts         Options
	groups       map[groupKey]*group
	summary      Summary
	unclassified sampler[evidenceSource]
	endpoints    EndpointCache
	inputs       []Input
	calls        timeline
	failures     timeline
	obs          Observation
	unanchored   int // failures read from lines that name no provider (event.Event.Unanchored)
}

type groupKey struct {
	cause    string
	severity rules.Severity
}

// group accumulates one finding.
type group struct {
	cause      rules.Cause
	severity   rules.Severity
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
	fixes      []string
	evidence   sampler[evidenceSource]
	timeline   timeline
}

// New returns an empty Analyzer.
func New(opts Options) *Analyzer {
	return &Analyzer{opts: opts, groups: make(map[groupKey]*group), summary: Summary{ByStatus: map[int]int{}}}
}

// AddInput records what one input contributed.
func (a *Analyzer) AddInput(in Input) { a.inputs = append(a.inputs, in) }

// Warn counts a warning.
func (a *Analyzer) Warn(event.Warning) { a.summary.Warnings++ }

// Event classifies one event and adds it to its finding.
func (a *Analyzer) Event(e *event.Event) {
	if !a.inRange(e) {
		a.summary.Filtered++
		if e.Time.IsZero() {
			a.summary.Untimed++
		}
		return
	}
	s := &a.summary
	s.Events++
	if e.Time.IsZero() {
		s.NoTime++
	} else {
		if s.Start.IsZero() || e.Time.Before(s.Start) {
			s.Start = e.Time
		}
		if end := e.Time.Add(max(e.Duration, 0)); end.After(s.End) {
			s.End = end
		}
	}
	a.calls.add(e.Time)
	if !e.Failed() {
		a.observe(e, nil, rules.Info)
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
	rule, sev, ok := rules.Classify(e)
	if !ok {
		s.Unclassified++
		a.unclassified.add(sourceOf(e, a.endpoints.Of(e)), s.Unclassified)
		a.observe(e, nil, rules.Info)
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
	g.add(e, rule, a.endpoints.Of(e))
}

func (a *Analyzer) observe(e *event.Event, rule *rules.Rule, sev rules.Severity) {
	if len(a.opts.Detectors) == 0 {
		return
	}
	// One Observation, reused: a fresh one per event would escape to the heap each time.
	a.obs = Observation{Event: e, Rule: rule, Severity: sev}
	for _, d := range a.opts.Detectors {
		d.Observe(&a.obs)
	}
	a.obs = Observation{}
}

// inRange applies Since and Until. An event without a time cannot be placed in a range,
// so it is left out when either bound is set (and counted, so the report can say so).
func (a *Analyzer) inRange(e *event.Event) bool {
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

// add counts e in the group; ep is EndpointOf(e).
func (g *group) add(e *event.Event, r *rules.Rule, ep string) {
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
	if !g.ruleIDs.has(r.ID) {
		for _, f := range r.Fixes {
			if !slices.Contains(g.fixes, f) {
				g.fixes = append(g.fixes, f)
			}
		}
	}
	g.ruleIDs.add(r.ID)
	g.evidence.add(sourceOf(e, ep), g.count)
}

// Report returns the findings so far, ranked by impact.
func (a *Analyzer) Report() *Report {
	r := &Report{Inputs: slices.Clone(a.inputs), Summary: a.summary, Unclassified: evidenceList(a.unclassified.list()), Timeline: a.calls.snapshot()}
	r.Failures = a.failures.on(r.Timeline)
	r.Summary.ByStatus = make(map[int]int, len(a.summary.ByStatus))
	for k, v := range a.summary.ByStatus {
		r.Summary.ByStatus[k] = v
	}
	for _, g := range a.groups {
		f := Finding{
			Cause: g.cause, Severity: g.severity, Count: g.count,
			FirstSeen: g.first, LastSeen: g.last,
			Statuses: g.statuses.sorted(), ErrorTypes: g.errorTypes.sorted(),
			Endpoints: g.endpoints.sorted(), Evidence: evidenceList(g.evidence.list()),
			Fixes: slices.Clone(g.fixes), Rules: g.ruleIDs.sorted(), Clients: g.clients.sorted(),
			MaxAttempt: g.maxAttempt, RetryAfter: g.retryAfter.sorted(), MaxRequestBytes: g.maxBytes,
			Timeline: g.timeline.on(r.Timeline),
		}
		if n := g.endpoints.dropped; n > 0 {
			f.Endpoints = append(f.Endpoints, fmt.Sprintf("(+%d more)", n))
		}
		f.Title = title(&f)
		r.Findings = append(r.Findings, f)
	}
	for _, d := range a.opts.Detectors {
		for _, pf := range d.Findings() {
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
		n = append(n, fmt.Sprintf("%d failed %s had no response body in the input (not captured or not exported): their cause rests on the status code alone.", s.Bodiless, plural(s.Bodiless, "call", "calls")))
	}
	if s.Unclassified > 0 {
		n = append(n, fmt.Sprintf("%d failed %s matched no rule; claudelog does not guess a cause for them (see the sample).", s.Unclassified, plural(s.Unclassified, "call", "calls")))
	}
	if a.unanchored > 0 {
		n = append(n, fmt.Sprintf("%d failed %s %s read from lines that name no provider: the input is about Claude (a short paste, or a log that names Claude), so %s taken for Claude's.", a.unanchored, plural(a.unanchored, "call", "calls"), plural(a.unanchored, "was", "were"), plural(a.unanchored, "it was", "they were")))
	}
	if s.Untimed > 0 {
		n = append(n, fmt.Sprintf("%d %s without a timestamp were left out by --since/--until.", s.Untimed, plural(s.Untimed, "event", "events")))
	}
	return n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// absorb takes the events a pattern explains out of the event findings of their causes,
// the most severe finding first, and drops findings left with none.
func absorb(findings []Finding, absorbs map[string]int) []Finding {
	if len(absorbs) == 0 {
		return findings
	}
	slices.SortFunc(findings, byImpact)
	out := findings[:0]
	left := maps.Clone(absorbs)
	for _, f := range findings {
		if n := left[f.Cause.ID]; n > 0 && f.Cause.Kind == rules.KindEvent {
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
func byImpact(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(b.Severity, a.Severity),
		cmp.Compare(b.Count, a.Count),
		a.FirstSeen.Compare(b.FirstSeen),
		strings.Compare(a.Cause.ID, b.Cause.ID),
	)
}

// title says what the finding is in one line: "API overloaded: 9 failed calls (529)".
func title(f *Finding) string {
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

// EvidenceOf renders an event as evidence: where, when, what came back, and one line of
// detail (already redacted by the parser).
func EvidenceOf(e *event.Event) Evidence {
	return evidenceOf(e, e.Header("retry-after"), EndpointOf(e))
}

// evidenceSource is what EvidenceOf reads of an event, kept so that the evidence is built
// only for the few events a sampler keeps: building it for every event (its detail string,
// its source name, its endpoint) cost more than the rest of Analyzer.Event.
type evidenceSource struct {
	e          event.Event // a copy without Headers, which the parser may reuse
	retryAfter string
	endpoint   string // EndpointOf(e)
}

// sourceOf copies what EvidenceOf reads of e; ep is EndpointOf(e).
func sourceOf(e *event.Event, ep string) evidenceSource {
	s := evidenceSource{e: *e, retryAfter: e.Header("retry-after"), endpoint: ep}
	s.e.Headers = nil
	return s
}

// evidenceList builds the evidence of sampled events.
func evidenceList(srcs []evidenceSource) []Evidence {
	if srcs == nil {
		return nil
	}
	out := make([]Evidence, len(srcs))
	for i := range srcs {
		s := &srcs[i]
		out[i] = evidenceOf(&s.e, s.retryAfter, s.endpoint)
	}
	return out
}

// evidenceOf is EvidenceOf with the event's retry-after header and endpoint given.
func evidenceOf(e *event.Event, retryAfter, endpoint string) Evidence {
	var d []string
	switch {
	case e.ErrorType != "" && e.Message != "":
		d = append(d, e.ErrorType+": "+e.Message)
	case e.Message != "":
		d = append(d, e.Message)
	case e.ErrorType != "":
		d = append(d, e.ErrorType)
	}
	if e.ErrorCode != "" && !strings.Contains(strings.Join(d, ""), e.ErrorCode) {
		d = append(d, e.ErrorCode)
	}
	if e.Exception != "" {
		d = append(d, e.Exception)
	}
	if e.NetError != "" {
		d = append(d, e.NetError)
	}
	if e.InStream {
		d = append(d, "inside a 200 event stream")
	}
	if e.Detail != "" && len(d) == 0 {
		d = append(d, e.Detail)
	}
	if retryAfter != "" {
		d = append(d, "retry-after: "+retryAfter)
	}
	if e.Attempt > 1 {
		d = append(d, fmt.Sprintf("attempt %d", e.Attempt))
	}
	return Evidence{
		Source: sourceName(e.Source), Path: e.Source.Path, Line: e.Source.Line, Entry: e.Source.Entry,
		Time: e.Time, Status: e.Status, RequestID: e.RequestID, RequestBytes: e.RequestBytes,
		Endpoint: endpoint, Detail: event.Clip(strings.Join(d, "; "), event.MaxMessage),
	}
}

// sourceName is e.Source.String() without fmt, which the detectors' EvidenceOf calls made a
// visible cost (TestSourceNameIsString).
func sourceName(s event.Source) string {
	switch {
	case s.Entry > 0:
		return s.Path + "#entry-" + strconv.Itoa(s.Entry)
	case s.Line > 0:
		return s.Path + ":" + strconv.Itoa(s.Line)
	case s.Offset > 0:
		return s.Path + "@" + strconv.FormatInt(s.Offset, 10)
	}
	return s.Path
}

// endpointCacheSize bounds an EndpointCache: a log names few endpoints, a HAR a few
// hundred.
const endpointCacheSize = 4096

// EndpointCache remembers EndpointOf by method, host and path, because EndpointOf runs a
// regexp and is asked for every event. When full it starts over, so memory stays
// bounded. The zero value is ready; it is not safe for concurrent use.
type EndpointCache struct {
	m map[[3]string]string
}

// Of is EndpointOf(e), through the cache.
func (c *EndpointCache) Of(e *event.Event) string {
	if e.Host == "" && e.Path == "" {
		return ""
	}
	k := [3]string{e.Method, e.Host, e.Path}
	if ep, ok := c.m[k]; ok {
		return ep
	}
	if c.m == nil || len(c.m) >= endpointCacheSize {
		c.m = make(map[[3]string]string)
	}
	ep := EndpointOf(e)
	c.m[k] = ep
	return ep
}

// mayHoldID reports whether idSegment can match ep: each of its branches needs an
// underscore or four hex digits in a row. Most endpoints (/v1/messages) have neither, and
// the regexp is then not run (TestMayHoldID).
func mayHoldID(ep string) bool {
	run := 0
	for i := 0; i < len(ep); i++ {
		c := ep[i]
		switch {
		case c == '_':
			return true
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			run++
			if run >= 4 {
				return true
			}
		default:
			run = 0
		}
	}
	return false
}

var idSegment = regexp.MustCompile(`/(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}|[0-9]{4,}|(?:msg|req|msgbatch|file|toolu|wrkspc)_[A-Za-z0-9]+)(?:/|$)`)

// EndpointOf names the call with ids folded ("/api/organizations/{id}/chat_conversations/
// {id}/completion"), so one endpoint is one line whatever the conversation.
func EndpointOf(e *event.Event) string {
	ep := e.Endpoint()
	if !mayHoldID(ep) {
		return ep
	}
	for {
		loc := idSegment.FindStringIndex(ep)
		if loc == nil {
			return ep
		}
		end := loc[1]
		tail := ""
		if ep[end-1] == '/' {
			tail = "/"
		}
		ep = ep[:loc[0]] + "/{id}" + tail + ep[end:]
	}
}
