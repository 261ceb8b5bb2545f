package window

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	casefold "github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
)

// Burst finds a spike of requests in a short window that runs into several 429s.
type Burst struct {
	Info
	cfg     Config
	eps     model.EndpointCache
	s       stream[obs, *obs]
	win     deque[burstSlot]       // the calls in the window
	kept    deque[obs]             // of those, the ones kept whole (burstSlot.kept), in order
	loc     *time.Location         // the zone of the first call's time: a slot's time is in it
	reqs    int                    // requests in the window
	fresh   int                    // of those, first attempts
	limited int                    // of those, rate limited
	bodies  map[chainKey]callState // requests of identified calls in the window (see chainKey)
	pending map[string]time.Time   // endpoint → when the last 429's retry-after elapses
	episode *burstEpisode
	out     []model.Finding
}

// burstSlot is a call in the burst window: what the counts and an episode read of every
// call. A call that was rate limited, that its identity follows (see chainKey), or whose
// time is in another zone than Burst.loc, is also kept whole in Burst.kept; most calls
// are none of these, and sliding the window then copies 32 bytes without a pointer a call
// where a whole obs (over 100, with pointers) was most of the detector's time.
// TestCompactSuccess compares with every call kept whole.
type burstSlot struct {
	at      instant
	n       uint64
	limited bool
	fresh   bool
	kept    bool
	ra      int8 // this request came after a 429 with retry-after: +1 honoured, -1 early
}

type burstEpisode struct {
	start, last  time.Time
	lastQualify  instant
	includedN    uint64
	requests     int
	limited      int
	peakReq      int
	peakLimited  int
	peakAt       time.Time
	absorbs      map[string]int
	statuses     set[int]
	errTypes     set[string]
	endpoints    set[string]
	ev           evidence
	buckets      map[string]int
	capLeft      int
	raHonoured   int
	raEarly      int
	raOffered    int
	firstLimitAt time.Time
	lastLimitAt  time.Time
	retries      int
}

// NewBurst returns a rate_limit_burst detector with cfg's thresholds.
func NewBurst(cfg Config) *Burst {
	cfg = cfg.withDefaults()
	b := &Burst{cfg: cfg, pending: map[string]time.Time{}, bodies: map[chainKey]callState{}}
	b.Info = Info{
		ID: "rate-limit-burst", Cause: "rate_limit_burst", Severity: model.Error,
		Title: fmt.Sprintf("%d+ requests in %s with %d+ of them rate limited (429)", cfg.BurstMinRequests, seconds(cfg.BurstWindow), cfg.BurstMinLimited),
		Doc: fmt.Sprintf("Slides a %s window over the calls to Claude in time order and reports a burst when one window "+
			"holds at least %d requests (at least half of them first attempts, not retries: the input's attempt "+
			"number, or the same body sent to the same endpoint again after it failed, marks a retry; the body is known by "+
			"its digest, or by its size where the input gives no body, and a request after a success is a new call) and at least %d answers "+
			"that the event rules call rate_limited (429 rate_limit_error, Bedrock ThrottlingException, Vertex "+
			"RESOURCE_EXHAUSTED). Overlapping qualifying windows are one burst; the finding takes over the 429s "+
			"inside it from rate_limited.\n\n"+
			"Why these numbers: the API's limiter is a token bucket that refills continuously, so a 50 requests-per-"+
			"minute tier is enforced as under one request a second and a %s window shows a spike that per-minute "+
			"totals hide. One call retried by the official SDKs makes at most 3 attempts (2 retries by default, "+
			"backing off 0.5 s, 1 s), and even Claude Code's 10 retries fit at most 5 attempts in 10 s (0.5, 1, 2, 4 s "+
			"backoff), so %d 429s in one window cannot come from one call's retries, and %d requests means more "+
			"than one request a second. 429s spread thinly over an hour never meet both counts and stay rate_limited.\n\n"+
			"The finding reports the peak window, the bucket that ran dry (anthropic-ratelimit-{requests,input-tokens,"+
			"output-tokens}-remaining: 0, or the message's \"input tokens per minute\"), whether the next request to "+
			"the endpoint waited for retry-after, and 429s whose headers still showed capacity (the acceleration "+
			"limit: traffic that jumps suddenly is refused before the per-minute limit is reached). Events without "+
			"a time cannot be placed in a window and are left out.",
			seconds(cfg.BurstWindow), cfg.BurstMinRequests, cfg.BurstMinLimited, seconds(cfg.BurstWindow), cfg.BurstMinLimited, cfg.BurstMinRequests),
		Fixes: []string{
			"Throttle on the client side to the limit the anthropic-ratelimit-*-limit headers state, spreading requests evenly over the minute instead of sending them at once (a concurrency cap or a token bucket in front of the client)",
			"Honour retry-after: wait at least that long before the next request to the endpoint (the official SDKs do, up to 60 s in Python)",
			"Send bulk or offline work through the Message Batches API, which has its own, much larger limits and costs half as much",
			"Ramp traffic up gradually, and use prompt caching for repeated context: cached input tokens do not count towards the input-tokens-per-minute limit",
		},
	}
	b.Info.causes = cfg.Causes
	b.s = stream[obs, *obs]{process: b.process, end: b.endSegment}
	return b
}

// Observe implements model.Detector.
func (b *Burst) Observe(ob *model.Observation) {
	e, cause := ob.Event, ob.Cause()
	if e.Time.IsZero() {
		return // a window needs a time
	}
	if p := e.Platform; p == model.PlatformOther {
		return
	}
	o := newObs(ob, &b.eps)
	if cause == "rate_limited" {
		o.f.bucket, o.f.capLeft = bucketOf(e)
	}
	b.s.push(o)
}

func (b *Burst) process(o *obs) {
	en := burstSlot{at: o.at, n: o.n, limited: o.cause() == "rate_limited", fresh: o.attempt <= 1}
	if b.loc == nil {
		b.loc = o.t.Location()
	}
	t := o.t
	if b.episode != nil && o.at.exceeds(b.episode.lastQualify, b.cfg.BurstWindow) {
		b.close()
	}
	// retry-after bookkeeping: did this request wait for the last 429's retry-after?
	if len(b.pending) > 0 { // most of the time none is pending: no lookup
		if until, ok := b.pending[o.ep]; ok {
			if !t.Before(until.Add(-raTolerance)) {
				en.ra = 1
			} else {
				en.ra = -1
			}
			delete(b.pending, o.ep)
		}
	}
	if en.limited && o.retryAfter() > 0 {
		if len(b.pending) >= maxEndpoints {
			clear(b.pending)
		}
		b.pending[o.ep] = o.end().Add(o.retryAfter())
	}
	// slide the window
	for b.win.len() > 0 && (o.at.exceeds(b.win.front().at, b.cfg.BurstWindow) || b.win.len() >= maxWindow) {
		b.leave(b.win.popFront())
	}
	k, keyed := o.key()
	if keyed && see(b.bodies, k, o.failed) {
		// the same call again after its failure is a retry, whatever the input says of attempts
		en.fresh = false
	}
	if en.kept = en.limited || keyed || o.t.Location() != b.loc || !compactSuccess; en.kept {
		b.kept.pushBack(*o)
	}
	b.win.pushBack(en)
	b.reqs++
	if en.fresh {
		b.fresh++
	}
	if en.limited {
		b.limited++
	}
	if b.reqs >= b.cfg.BurstMinRequests && b.limited >= b.cfg.BurstMinLimited && 2*b.fresh >= b.reqs {
		b.qualify(o.at)
	}
}

func (b *Burst) leave(en burstSlot) {
	if en.kept {
		o := b.kept.popFront()
		if k, ok := o.key(); ok {
			forget(b.bodies, k)
		}
	}
	b.reqs--
	if en.fresh {
		b.fresh--
	}
	if en.limited {
		b.limited--
	}
}

// qualify opens or extends the episode with every window entry not yet in it.
func (b *Burst) qualify(t instant) {
	epi := b.episode
	if epi == nil {
		epi = &burstEpisode{absorbs: map[string]int{}, buckets: map[string]int{}}
		b.episode = epi
	}
	epi.lastQualify = t
	if b.reqs > epi.peakReq {
		var front *obs
		if b.win.front().kept {
			front = b.kept.front()
		}
		epi.peakReq, epi.peakLimited, epi.peakAt = b.reqs, b.limited, b.timeOf(b.win.front(), front)
	}
	// only the entries that came since the last qualifying window, walking back from the
	// newest; j is the kept call of the slot i, if it is kept
	i, j := b.win.len(), b.kept.len()
	for i > 0 && b.win.at(i-1).n > epi.includedN {
		if i--; b.win.at(i).kept {
			j--
		}
	}
	for ; i < b.win.len(); i++ {
		en := b.win.at(i)
		var o *obs
		if en.kept {
			o = b.kept.at(j)
			j++
		}
		epi.include(en, o, b.timeOf(en, o))
	}
	epi.includedN = b.win.back().n
}

// timeOf is the time of the call en; o is the call kept whole, or nil. A slot's time is
// its instant in Burst.loc: time.Unix(…).In(loc) builds the very time.Time the parser did
// (TestInstantTime).
func (b *Burst) timeOf(en *burstSlot, o *obs) time.Time {
	if o != nil {
		return o.t
	}
	return en.at.in(b.loc)
}

// include adds the call en at t to the episode; o is the call kept whole, nil when it is
// not (then it was not rate limited, and the slot is all include reads).
func (epi *burstEpisode) include(en *burstSlot, o *obs, t time.Time) {
	if epi.start.IsZero() {
		epi.start = t
	}
	epi.last = t
	epi.requests++
	if !en.fresh {
		epi.retries++
	}
	switch en.ra {
	case 1:
		epi.raHonoured++
	case -1:
		epi.raEarly++
	}
	if !en.limited {
		return
	}
	epi.limited++
	if epi.firstLimitAt.IsZero() {
		epi.firstLimitAt = t
	}
	epi.lastLimitAt = t
	f := o.f // a limited entry has a cause, so its failure part
	epi.absorbs[f.cause]++
	if o.status != 0 {
		epi.statuses.add(o.status)
	}
	if f.errType != "" {
		epi.errTypes.add(f.errType)
	}
	if o.ep != "" {
		epi.endpoints.add(o.ep)
	}
	if f.retryAfter > 0 {
		epi.raOffered++
	}
	if f.bucket != "" {
		epi.buckets[f.bucket]++
	}
	if f.capLeft {
		epi.capLeft++
	}
	epi.ev.addSource(o.ev())
}

func (b *Burst) close() {
	epi := b.episode
	b.episode = nil
	if epi == nil || epi.limited == 0 {
		return
	}
	if full(b.out) {
		b.out = fold(b.out, epi.limited, epi.last, epi.absorbs)
		return
	}
	f := b.finding()
	f.Count = epi.limited
	f.FirstSeen, f.LastSeen = epi.start, epi.last
	f.Statuses, f.ErrorTypes, f.Endpoints = sortedInts(&epi.statuses), sortedStrings(&epi.errTypes), sortedStrings(&epi.endpoints)
	f.Absorbs = epi.absorbs
	f.Title = fmt.Sprintf("Burst of %d requests in %s ran into %d rate %s", epi.peakReq, seconds(b.cfg.BurstWindow), epi.limited, english.Plural(epi.limited, "limit", "limits"))
	var d []string
	span := epi.last.Sub(epi.start)
	d = append(d, fmt.Sprintf("peak %d requests in %s from %s (%.1f/s), %d rate limited", epi.peakReq, seconds(b.cfg.BurstWindow),
		epi.peakAt.UTC().Format("15:04:05 UTC"), float64(epi.peakReq)/b.cfg.BurstWindow.Seconds(), epi.peakLimited))
	if epi.requests > epi.peakReq {
		d = append(d, fmt.Sprintf("%d requests and %d rate limits over %s (%s)", epi.requests, epi.limited, seconds(span), b.cfg.span(epi.start, epi.last)))
	}
	if epi.retries > 0 {
		d = append(d, fmt.Sprintf("%d of the requests were retries", epi.retries))
	}
	if len(epi.buckets) > 0 {
		names := make([]string, 0, len(epi.buckets))
		for k := range epi.buckets {
			names = append(names, k)
		}
		slices.Sort(names)
		d = append(d, "bucket that ran out: "+strings.Join(names, ", "))
	}
	if epi.capLeft > 0 {
		d = append(d, fmt.Sprintf("%d of the 429s came while the rate-limit headers still showed capacity: likely the acceleration limit (ramp up gradually)", epi.capLeft))
	}
	switch {
	case epi.raHonoured+epi.raEarly > 0:
		d = append(d, fmt.Sprintf("retry-after honoured by %d of %d next requests to the endpoint (%d came early)", epi.raHonoured, epi.raHonoured+epi.raEarly, epi.raEarly))
	case epi.raOffered > 0:
		d = append(d, "retry-after was sent; no later request to the endpoint shows whether it was honoured")
	default:
		d = append(d, "no retry-after in the input")
	}
	f.Notes = d
	f.Evidence = epi.ev.list()
	b.out = addFinding(b.out, f)
}

func (b *Burst) endSegment() {
	b.close()
	b.win.clear()
	b.kept.clear()
	b.reqs, b.fresh, b.limited = 0, 0, 0
	clear(b.pending)
	clear(b.bodies)
}

// Findings implements model.Detector.
func (b *Burst) Findings() []model.Finding {
	b.s.flush()
	return slices.Clone(b.out)
}

// raTolerance forgives timestamp rounding when judging whether retry-after was honoured.
const raTolerance = 250 * time.Millisecond

// bucketOf names the per-minute bucket a 429 ran out of, from the rate-limit headers or the
// message, and says whether the headers still showed capacity in every bucket.
func bucketOf(e *model.Event) (bucket string, capacityLeft bool) {
	var names []string
	sawHeader := false
	for _, h := range []struct{ header, name string }{
		{"anthropic-ratelimit-requests-remaining", "requests per minute"},
		{"anthropic-ratelimit-input-tokens-remaining", "input tokens per minute"},
		{"anthropic-ratelimit-output-tokens-remaining", "output tokens per minute"},
		{"anthropic-ratelimit-tokens-remaining", "tokens per minute"},
	} {
		v := strings.TrimSpace(e.Header(h.header))
		if v == "" {
			continue
		}
		sawHeader = true
		if v == "0" {
			names = append(names, h.name+" ("+h.header+": 0)")
		}
	}
	if len(names) > 0 {
		return strings.Join(names, ", "), false
	}
	// An ASCII message is searched ignoring case in place: lower-casing it cost every 429
	// an allocation. Other text is lower-cased as before (a few non-ASCII letters, such
	// as the Kelvin sign, lower-case to ASCII ones).
	text, has := e.Message, casefold.Contains[string]
	if !isASCII(text) {
		text, has = strings.ToLower(text), strings.Contains
	}
	for _, w := range []string{"input tokens per minute", "output tokens per minute", "requests per minute", "tokens per minute"} {
		if has(text, w) {
			return w + " (from the message)", false
		}
	}
	if has(text, "per-minute rate limit") {
		return "a per-minute limit (from the message)", false
	}
	return "", sawHeader
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// deque is a ring buffer with amortised O(1) push and pop at both ends that it needs. Its
// buffer's length is a power of two (16, doubled), so an index wraps with a mask: a
// division on every access was a visible part of the windows on a log of many calls.
type deque[T any] struct {
	buf        []T
	head, size int
}

func (q *deque[T]) len() int { return q.size }

func (q *deque[T]) at(i int) *T { return &q.buf[(q.head+i)&(len(q.buf)-1)] }

func (q *deque[T]) front() *T { return q.at(0) }

func (q *deque[T]) back() *T { return q.at(q.size - 1) }

func (q *deque[T]) pushBack(v T) {
	if q.size == len(q.buf) {
		n := max(16, 2*len(q.buf))
		nb := make([]T, n)
		for i := 0; i < q.size; i++ {
			nb[i] = *q.at(i)
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.size)&(len(q.buf)-1)] = v
	q.size++
}

func (q *deque[T]) popFront() T {
	var zero T
	v := q.buf[q.head]
	q.buf[q.head] = zero
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.size--
	return v
}

func (q *deque[T]) clear() {
	clear(q.buf)
	q.head, q.size = 0, 0
	if len(q.buf) > 1024 {
		q.buf = nil // give a large window's memory back between segments
	}
}
