// Package patterns finds the causes that only several events over time show: a burst of
// requests running into 429s (rate_limit_burst), failed calls retried faster than any
// official client would (retry_storm), server-side failures clustered in a time window
// (outage_window) and timeouts concentrated on large request bodies (payload_timeout). It
// also notes a CDN edge change behind region refusals (geo_blocked), the mark of a VPN or
// network switch.
//
// Every detector implements model.Detector and keeps bounded state: a small reorder
// buffer, a window over the stream (capped ring buffers), per-endpoint state in capped maps,
// and size histograms; never the whole history. Thresholds live in Config; their defaults
// and the facts they rest on (research/anthropic-errors.md §2, §5, §9.3) are written in
// each detector's Doc, which `claudelog explain` prints.
package window

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
)

// Info describes a detector for `claudelog rules` and `claudelog explain`: what it reports
// and how, with the thresholds in effect written into Doc.
type Info struct {
	ID       string // stable detector id, e.g. "rate-limit-burst"
	Cause    string // the pattern cause it reports, a CAUSES.md id
	Severity model.Severity
	Title    string   // one line, for `claudelog rules`
	Doc      string   // how it detects, the thresholds and why, for `claudelog explain`
	Fixes    []string // what to do, most useful first
	// causes describes the cause (Config.Causes); nil when the caller gave none.
	causes func(id string) (model.Cause, bool)
}

// Config holds every tunable threshold. The zero value of a field means "the default", so a
// caller may set only what a flag changed.
type Config struct {
	// BurstWindow is the sliding window in which requests and 429s are counted (default 10s).
	BurstWindow time.Duration
	// BurstMinRequests is how many requests a window must hold to be a spike (default 10).
	BurstMinRequests int
	// BurstMinLimited is how many rate_limited answers the window must hold (default 5).
	BurstMinLimited int

	// StormMinFastRetries is how many too-fast retries of one call make a storm (default 3).
	StormMinFastRetries int
	// StormChainGap ends a chain of retries when no call to the endpoint came for this long
	// (default 60s).
	StormChainGap time.Duration

	// OutageWindow is the window in which server-side failures are counted (default 5m).
	OutageWindow time.Duration
	// OutageMinFailures is how many server-side failures the window must hold (default 5).
	OutageMinFailures int
	// OutageMinShare is the share of calls in the window that must have failed when only one
	// endpoint failed (default 0.5).
	OutageMinShare float64

	// PayloadMinTimeouts is how many timed-out calls of known size are needed (default 3).
	PayloadMinTimeouts int
	// PayloadMinBytes is the smallest request body called large (default 256 KiB).
	PayloadMinBytes int64

	// Causes describes a cause id (the catalog's rules.CauseByID, which rules.Detectors
	// hands in): a finding carries its cause's title and documentation. Nil leaves a
	// finding's cause with its id alone.
	Causes func(id string) (model.Cause, bool)

	// Location is the user's zone (--tz): windows are written in UTC, which the status page
	// uses, and also in this zone when it differs. Nil means UTC only.
	Location *time.Location
}

// Defaults returns the default thresholds.
func Defaults() Config {
	return Config{
		BurstWindow: 10 * time.Second, BurstMinRequests: 10, BurstMinLimited: 5,
		StormMinFastRetries: 3, StormChainGap: 60 * time.Second,
		OutageWindow: 5 * time.Minute, OutageMinFailures: 5, OutageMinShare: 0.5,
		PayloadMinTimeouts: 3, PayloadMinBytes: 256 << 10,
	}
}

// withDefaults fills the zero fields of c from Defaults.
func (c Config) withDefaults() Config {
	d := Defaults()
	if c.BurstWindow <= 0 {
		c.BurstWindow = d.BurstWindow
	}
	if c.BurstMinRequests <= 0 {
		c.BurstMinRequests = d.BurstMinRequests
	}
	if c.BurstMinLimited <= 0 {
		c.BurstMinLimited = d.BurstMinLimited
	}
	if c.StormMinFastRetries <= 0 {
		c.StormMinFastRetries = d.StormMinFastRetries
	}
	if c.StormChainGap <= 0 {
		c.StormChainGap = d.StormChainGap
	}
	if c.OutageWindow <= 0 {
		c.OutageWindow = d.OutageWindow
	}
	if c.OutageMinFailures <= 0 {
		c.OutageMinFailures = d.OutageMinFailures
	}
	if c.OutageMinShare <= 0 || c.OutageMinShare > 1 {
		c.OutageMinShare = d.OutageMinShare
	}
	if c.PayloadMinTimeouts <= 0 {
		c.PayloadMinTimeouts = d.PayloadMinTimeouts
	}
	if c.PayloadMinBytes <= 0 {
		c.PayloadMinBytes = d.PayloadMinBytes
	}
	return c
}

// All returns fresh detectors with the thresholds of cfg, in a fixed order. The burst,
// storm and outage detectors share one reorder buffer (see timed), so they come as one
// model.Detector whose findings are theirs in that order.
func All(cfg Config) []model.Detector {
	ds, _ := build(cfg)
	return ds
}

// build makes the detectors and, from the same values, their descriptions: one
// construction, so what `claudelog rules` prints cannot drift from what runs.
func build(cfg Config) ([]model.Detector, []Info) {
	cfg = cfg.withDefaults()
	b, s, o, p, g := NewBurst(cfg), NewStorm(cfg), NewOutage(cfg), NewPayload(cfg), NewGeo(cfg)
	return []model.Detector{newTimed(b, s, o), p, g}, []Info{b.Info, s.Info, o.Info, p.Info, g.Info}
}

// timed feeds the burst, storm and outage detectors from one reorder buffer. They watch
// the same events (timed, not of another provider) in the same order, so putting each
// event in order once, and copying it once, gives each what its own stream would: on a
// big log the three streams were a quarter of the analysis.
type timed struct {
	s      stream[obs, *obs]
	eps    model.EndpointCache
	burst  *Burst
	storm  *Storm
	outage *Outage
}

func newTimed(b *Burst, s *Storm, o *Outage) *timed {
	t := &timed{burst: b, storm: s, outage: o}
	t.s = stream[obs, *obs]{process: t.process, end: t.end}
	return t
}

// Observe implements model.Detector: Burst.Observe, Storm.Observe and Outage.Observe
// in one.
func (t *timed) Observe(ob *model.Observation) {
	e := ob.Event
	if e.Time.IsZero() || e.Platform == model.PlatformOther {
		return
	}
	idx := t.s.alloc()
	o := &t.s.slab[idx]
	setObs(o, ob, &t.eps)
	if o.cause() == "rate_limited" {
		o.f.bucket, o.f.capLeft = bucketOf(e)
	}
	t.s.insert(idx)
}

func (t *timed) process(o *obs) {
	t.burst.process(o)
	t.storm.process(o)
	t.outage.process(o) // last: it clears what it does not keep of o
}

func (t *timed) end() {
	t.burst.endSegment()
	t.storm.endSegment()
	t.outage.endSegment()
}

// Findings implements model.Detector. Each detector's own stream is empty, so its
// Findings only ends a segment that holds nothing (a no-op) and returns its findings.
func (t *timed) Findings() []model.Finding {
	t.s.flush()
	out := t.burst.Findings()
	out = append(out, t.storm.Findings()...)
	return append(out, t.outage.Findings()...)
}

// Catalog describes every detector with the thresholds of cfg (Defaults() for the help
// texts), in the order All returns them.
func Catalog(cfg Config) []Info {
	_, infos := build(cfg)
	return infos
}

// Limits on what the detectors keep, so that memory does not grow with the input.
const (
	reorderDepth   = 256             // events held back at most to put slightly late ones in order
	reorderHorizon = 5 * time.Second // and for at most this long behind the newest
	segmentGap     = 5 * time.Minute // an event this far behind the stream starts a new segment
	maxWindow      = 16384           // entries a time window keeps at most
	maxEndpoints   = 1024            // per-endpoint state kept at most
	maxFindings    = 8               // findings one detector reports; later episodes fold into the last
	maxEvidence    = 6
	maxSetItems    = 12
	pendingMaxAge  = 2 * time.Minute // retry-after bookkeeping older than this is dropped
)

// obs is what the burst, storm and outage detectors keep of one event: the pointer may not
// be retained. It is compact (about 120 bytes), because every call passes through the
// reorder buffer and is copied into the burst and outage windows: on a log of many
// successes those copies were most of the detectors' time. What only a failure needs is
// in f, which a success does not have (newObs).
type obs struct {
	stamp
	ep              string // model.EndpointOf
	status, attempt int
	reqBytes        int64
	digest          uint64 // the call's identity: its idempotency key's digest, else its body's; 0 when not known
	failed          bool
	retryOf         bool     // outage_window: a retry of a failure already in the window
	tracked         bool     // outage_window: counted in the window's calls by identity
	f               *failure // nil for a success the rules named no cause for
}

// failure is what the detectors read of an event beyond its place and identity: of a
// failure (or an event the rules named a cause for) only.
type failure struct {
	dur        time.Duration // Duration when positive, else 0
	cause      string
	retryAfter time.Duration
	errType    string
	bucket     string // rate_limit_burst: the bucket a 429 ran out of
	capLeft    bool   // rate_limit_burst: the 429's headers still showed capacity
	hasEv      bool   // ev is set: failures only
	ev         evSource
}

// stamp is what the reorder buffer reads and writes of an entry.
type stamp struct {
	t   time.Time
	at  instant // t, for the comparisons on every event (set by stream.push)
	seq uint64  // arrival order (ties keep it by insertion; numbered for TestStreamOrder)
	n   uint64  // processing order: windows hold entries in increasing n
}

func (s *stamp) st() *stamp { return s }

func (o *obs) cause() string {
	if o.f == nil {
		return ""
	}
	return o.f.cause
}

func (o *obs) errType() string {
	if o.f == nil {
		return ""
	}
	return o.f.errType
}

func (o *obs) retryAfter() time.Duration {
	if o.f == nil {
		return 0
	}
	return o.f.retryAfter
}

// end is t + Duration when known, else t (t as the stream placed it).
func (o *obs) end() time.Time {
	if o.f == nil {
		return o.t
	}
	return o.t.Add(o.f.dur)
}

// ev is the failure's evidence source, or nil.
func (o *obs) ev() *evSource {
	if o.f == nil || !o.f.hasEv {
		return nil
	}
	return &o.f.ev
}

// chainKey is one logical call (docs/call-identity.md): its endpoint and what the input
// tells of its request. A retry sends the same body again, with the same idempotency key if
// any, so the digest of the key, else of the body, tells a call's retries from new calls.
// When the input holds no body, the body size stands in: two calls of different sizes are
// not retries of each other, but two of the same size may be two calls.
type chainKey struct {
	ep     string
	size   int64
	digest uint64
}

// key is the call's chainKey, and whether the input identifies the call at all (by a
// digest or a size): without either, every call to an endpoint has the same key.
func (o *obs) key() (chainKey, bool) {
	return chainKey{o.ep, o.reqBytes, o.digest}, o.digest != 0 || o.reqBytes > 0
}

// callState is what a window knows of one call's requests: how many it holds, and whether
// the latest failed. A request after a failure of the same call is its retry; a request
// after a success is a new call, even with the same body (a health check, a fixed prompt).
type callState struct {
	n          int32
	lastFailed bool
}

// see records a request of the call k in a window's calls and reports whether it retries
// a failure the window holds.
func see(m map[chainKey]callState, k chainKey, failed bool) (retry bool) {
	st := m[k]
	retry = st.n > 0 && st.lastFailed
	st.n++
	st.lastFailed = failed
	m[k] = st
	return retry
}

// forget removes a request of the call k that left the window.
func forget(m map[chainKey]callState, k chainKey) {
	st, ok := m[k]
	if !ok {
		return
	}
	if st.n--; st.n <= 0 {
		delete(m, k)
		return
	}
	m[k] = st
}

// compactSuccess leaves out a success's failure part, and keeps only a slot of a call in
// the windows when the detector reads nothing else of it (TestCompactSuccess turns it off
// to compare with every event carrying a failure part and kept whole).
var compactSuccess = true

// newObs copies what the detectors need out of e.
func newObs(ob *model.Observation, eps *model.EndpointCache) obs {
	var o obs
	setObs(&o, ob, eps)
	return o
}

// setObs is newObs written into o, which must be zero: the shared reorder buffer's slot,
// so that an event is copied once where it is kept (timed.Observe).
func setObs(o *obs, ob *model.Observation, eps *model.EndpointCache) {
	e, cause := ob.Event, ob.Cause()
	o.t, o.ep, o.status, o.attempt = e.Time, eps.Of(e), e.Status, e.Attempt
	o.reqBytes, o.digest, o.failed = e.RequestBytes, e.BodyDigest, e.Failed()
	if e.KeyDigest != 0 {
		o.digest = e.KeyDigest
	}
	if !o.failed && cause == "" && compactSuccess {
		return
	}
	f := &failure{cause: cause, retryAfter: e.RetryAfter, errType: e.ErrorType}
	if e.Duration > 0 {
		f.dur = e.Duration
	}
	if o.failed {
		f.hasEv = true
		f.ev = sourceOf(e, o.ep)
	}
	o.f = f
}

// evSource is what model.EvidenceWith reads of a failed event. It is copied when the
// event is observed (the parser reuses the event) and made into evidence only for the few
// events a finding prints: building every failure's evidence (its detail, its source name)
// in newObs was the costliest part of the detectors on a failure-dense log.
type evSource struct {
	src                                             model.Source
	t                                               time.Time
	status, attempt                                 int
	inStream                                        bool
	reqBytes                                        int64
	reqID, errType, errCode, msg, exc, netErr, detl string
	retryAfter, endpoint                            string
}

// sourceOf copies what EvidenceOf reads of e; ep is EndpointOf(e).
func sourceOf(e *model.Event, ep string) evSource {
	return evSource{
		src: e.Source, t: e.Time, status: e.Status, attempt: e.Attempt, inStream: e.InStream,
		reqBytes: e.RequestBytes, reqID: e.RequestID, errType: e.ErrorType, errCode: e.ErrorCode,
		msg: e.Message, exc: e.Exception, netErr: e.NetError, detl: e.Detail,
		retryAfter: e.Header("retry-after"), endpoint: ep,
	}
}

// evidence is model.EvidenceOf of the event s was copied from (TestLazyObsEvidence).
func (s *evSource) evidence() model.Evidence {
	e := model.Event{
		Source: s.src, Time: s.t, Status: s.status, Attempt: s.attempt, InStream: s.inStream,
		RequestBytes: s.reqBytes, RequestID: s.reqID, ErrorType: s.errType, ErrorCode: s.errCode,
		Message: s.msg, Exception: s.exc, NetError: s.netErr, Detail: s.detl,
	}
	return model.EvidenceWith(&e, s.retryAfter, s.endpoint)
}

// stream puts events back in time order and calls process for each: it holds back up to
// reorderDepth events, and none longer than reorderHorizon behind the newest. An event far
// behind the stream (another input of another day) ends the segment first, so that windows
// never mix unrelated sessions. Events live in a slab and the heap orders their indices, so
// nothing is allocated per event.
type stream[T any, P interface {
	*T
	st() *stamp
}] struct {
	slab []T
	free []int32
	// order holds the slab indices of the events held back, in (t, seq) order, from
	// head: events come mostly in time order, so an event is appended (or put a few
	// places back) and taken from the front, where a heap moved each through its levels.
	order     []int32
	head      int
	newest    instant
	seq       uint64
	n         uint64
	watermark time.Time
	mark      instant // watermark
	process   func(P)
	end       func()
}

// held is how many events are held back.
func (s *stream[T, P]) held() int { return len(s.order) - s.head }

// at is the stamp of the slab's entry idx.
func (s *stream[T, P]) at(idx int32) *stamp { return P(&s.slab[idx]).st() }

func (s *stream[T, P]) push(o T) {
	idx := s.alloc()
	s.slab[idx] = o
	s.insert(idx)
}

// alloc is a free slot of the slab, zero, for an event to be written into and then
// inserted: push without a copy of the event (slab entries are zeroed when released).
func (s *stream[T, P]) alloc() int32 {
	if n := len(s.free); n > 0 {
		idx := s.free[n-1]
		s.free = s.free[:n-1]
		return idx
	}
	var zero T
	s.slab = append(s.slab, zero)
	return int32(len(s.slab) - 1)
}

// insert puts the event in the slot idx (from alloc) in order, and releases what is due.
func (s *stream[T, P]) insert(idx int32) {
	s.seq++
	// the event itself is not addressed: through the type parameter's method it would escape.
	st := s.at(idx)
	st.seq = s.seq
	t := instantOf(st.t)
	st.at = t
	if s.newest.before(t) {
		s.newest = t
	}
	// After every event of the same time or earlier: seq breaks ties in arrival order.
	k := len(s.order)
	for k > s.head && t.before(s.at(s.order[k-1]).at) {
		k--
	}
	if k == len(s.order) {
		s.order = append(s.order, idx) // in order: the common case
	} else {
		s.order = append(s.order, 0)
		copy(s.order[k+1:], s.order[k:])
		s.order[k] = idx
	}
	for s.held() > reorderDepth || (s.held() > 0 && s.newest.exceeds(s.at(s.order[s.head]).at, reorderHorizon)) {
		s.release(s.pop())
	}
}

// pop takes the earliest event held back.
func (s *stream[T, P]) pop() int32 {
	top := s.order[s.head]
	s.head++
	if s.head == len(s.order) {
		s.order, s.head = s.order[:0], 0
	} else if s.head >= 2*reorderDepth {
		n := copy(s.order, s.order[s.head:])
		s.order, s.head = s.order[:n], 0
	}
	return top
}

func (s *stream[T, P]) release(idx int32) {
	o := s.at(idx)
	if s.mark != zeroInstant && s.mark.exceeds(o.at, segmentGap) {
		s.end()
		s.watermark, s.mark = time.Time{}, zeroInstant
		s.newest = o.at
	}
	if o.at.before(s.mark) {
		// later than the reorder buffer could absorb: place it at the stream's time (its
		// end moves with it: obs.end is t plus the duration)
		o.t, o.at = s.watermark, s.mark
	} else {
		s.watermark, s.mark = o.t, o.at
	}
	s.n++
	o.n = s.n
	s.process(&s.slab[idx])
	var zero T
	s.slab[idx] = zero
	s.free = append(s.free, idx)
}

// flush processes everything held back and ends the segment.
func (s *stream[T, P]) flush() {
	for s.held() > 0 {
		s.release(s.pop())
	}
	s.end()
	s.watermark, s.mark, s.newest = time.Time{}, zeroInstant, zeroInstant
}

// set is a bounded set of distinct values that counts what it dropped.
type set[T comparable] struct {
	items   []T
	dropped int
}

func (s *set[T]) add(v T) {
	if slices.Contains(s.items, v) {
		return
	}
	if len(s.items) >= maxSetItems {
		s.dropped++
		return
	}
	s.items = append(s.items, v)
}

// evidence keeps the first few items and the last one: the detectors' own (geo's), or
// sources of an event's evidence, built when listed.
type evidence struct {
	first []evItem
	last  evItem
}

// evItem is one item of evidence: built, or still its event's source.
type evItem struct {
	built *model.Evidence
	src   *evSource
}

func (it evItem) evidence() model.Evidence {
	if it.src != nil {
		return it.src.evidence()
	}
	return *it.built
}

// add keeps ev, a detector's own evidence.
func (e *evidence) add(ev *model.Evidence) {
	if ev != nil {
		e.keep(evItem{built: ev})
	}
}

// addSource keeps an event's evidence, to be built if listed.
func (e *evidence) addSource(s *evSource) {
	if s != nil {
		e.keep(evItem{src: s})
	}
}

func (e *evidence) keep(it evItem) {
	if len(e.first) < maxEvidence-2 {
		e.first = append(e.first, it)
		return
	}
	e.last = it
}

func (e *evidence) list() []model.Evidence {
	var out []model.Evidence
	for _, it := range e.first {
		out = append(out, it.evidence())
	}
	if e.last != (evItem{}) {
		out = append(out, e.last.evidence())
	}
	return out
}

// finding starts a finding of the detector's cause with its rule id and fixes.
func (in *Info) finding() model.Finding {
	c := model.Cause{ID: in.Cause, Kind: model.KindPattern}
	if in.causes != nil {
		if d, ok := in.causes(in.Cause); ok {
			c = d
		}
	}
	return model.Finding{Cause: c, Severity: in.Severity, Rules: []string{in.ID}, Fixes: slices.Clone(in.Fixes)}
}

// addFinding appends f, or folds it into the last finding once maxFindings are kept, so a
// day of bursts stays a readable list.
func addFinding(out []model.Finding, f model.Finding) []model.Finding {
	if len(out) < maxFindings {
		return append(out, f)
	}
	return fold(out, f.Count, f.LastSeen, f.Absorbs)
}

// full reports whether a detector's next finding will be folded into its last: folding
// reads only the finding's count, last time and absorbed causes, so a detector that is
// full skips building the rest (its title, notes and evidence). A log with a failing call
// a minute made thousands of such episodes.
func full(out []model.Finding) bool { return foldEarly && len(out) >= maxFindings }

// foldEarly is off only in TestFoldEarly, which compares the findings both ways.
var foldEarly = true

// fold is addFinding of a finding past maxFindings, given what folding reads of it.
func fold(out []model.Finding, count int, lastSeen time.Time, absorbs map[string]int) []model.Finding {
	last := &out[len(out)-1]
	last.Count += count
	if lastSeen.After(last.LastSeen) {
		last.LastSeen = lastSeen
	}
	if last.Absorbs == nil && len(absorbs) > 0 {
		last.Absorbs = map[string]int{}
	}
	for k, v := range absorbs {
		last.Absorbs[k] += v
	}
	if !strings.HasSuffix(last.Title, "(and later episodes)") {
		last.Title += " (and later episodes)"
	}
	return out
}

// sorted returns the set's items in order, with a "(+N more)" note for endpoints.
func sortedStrings(s *set[string]) []string {
	out := slices.Clone(s.items)
	slices.Sort(out)
	if s.dropped > 0 {
		out = append(out, fmt.Sprintf("(+%d more)", s.dropped))
	}
	return out
}

func sortedInts(s *set[int]) []int {
	out := slices.Clone(s.items)
	slices.Sort(out)
	return out
}

// seconds renders a duration the way the report speaks: "10s", "0.2 s", "2m30s".
func seconds(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d < 10*time.Second && d%time.Second != 0:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// span renders a window as "2026-11-20 09:14:03–09:31:55 UTC" (with the second date when
// it spans days), followed by the same window in the user's zone when that differs:
// "(10:14:03–10:31:55 CET)".
func (c Config) span(a, b time.Time) string {
	s := spanIn(a, b, time.UTC)
	if c.Location != nil {
		if _, off := a.In(c.Location).Zone(); off != 0 { // same clock as UTC: nothing to add
			s += " (" + spanIn(a, b, c.Location) + ")"
		}
	}
	return s
}

func spanIn(a, b time.Time, loc *time.Location) string {
	a, b = a.In(loc), b.In(loc)
	zone := a.Format("MST")
	if a.YearDay() == b.YearDay() && a.Year() == b.Year() {
		return a.Format("2006-01-02 15:04:05") + "–" + b.Format("15:04:05") + " " + zone
	}
	return a.Format("2006-01-02 15:04:05") + "–" + b.Format("2006-01-02 15:04:05") + " " + zone
}
