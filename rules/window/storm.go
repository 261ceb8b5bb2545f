package window

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
)

// Storm finds failed calls retried faster than the official clients would, or before the
// retry-after the server sent had elapsed.
type Storm struct {
	Info
	cfg       Config
	eps       model.EndpointCache
	s         stream[obs, *obs]
	chains    map[chainKey]*chain
	sinceScan int
	now       instant
	out       []model.Finding
}

// chain is the attempts of one failing call so far.
type chain struct {
	ep               string
	lastT            time.Time
	lastAt           instant // lastT
	lastRA           time.Duration
	pos              int // retries so far
	retries          int
	fast             int // retries faster than the SDKs' backoff or before retry-after
	early            int // of those, before retry-after elapsed
	bigRA            bool
	identified       bool // an attempt number, a digest or a body size tells this call's retries apart
	minFast, maxFast time.Duration
	first, last      time.Time
	statuses         set[int]
	errTypes         set[string]
	ev               evidence
}

// NewStorm returns a retry_storm detector with cfg's thresholds.
func NewStorm(cfg Config) *Storm {
	cfg = cfg.withDefaults()
	s := &Storm{cfg: cfg, chains: map[chainKey]*chain{}}
	s.Info = Info{
		ID: "retry-storm", Cause: "retry_storm", Severity: model.Warning,
		Title: fmt.Sprintf("%d+ retries of one failing call faster than the SDKs' backoff or before retry-after", cfg.StormMinFastRetries),
		Doc: fmt.Sprintf("Follows each failing call through its retries: the next request of the same call after a failure, "+
			"within %s. A call is its endpoint and its request body: the body's digest, taken when a HAR is read (never the "+
			"text), or the idempotency key's when the client sent one; only the body size where the input gives no body, so "+
			"that prompts of one length are not taken for one call. A success ends the chain: the next request is a new call. "+
			"The attempt number, when the input gives it (x-stainless-retry-count, \"attempt 3/10\", an attempt field), "+
			"tells retries from new calls where the body is unknown: attempt 1 starts a new chain. Where it is known, the "+
			"same body sent again after a failure is a retry whatever the count says: an application's own loop around an "+
			"SDK with max_retries=0 sends retry count 0 every time. A retry is too fast when it came sooner than any official client would "+
			"send retry number n: 0.75 × min(0.5 s × 2^(n-1), 8 s), the Python, TypeScript and Go SDKs' backoff "+
			"(0.5 s doubling to 8 s, minus up to 25%% jitter) at its shortest; Claude Code waits longer (0.5 s doubling "+
			"to 32 s, jitter upwards). It is also too fast when it came before the failure's retry-after elapsed "+
			"(with %s of slack for timestamp rounding). Intervals are measured from start to start, which can only "+
			"overstate the wait, so a flagged retry was certainly early.\n\n"+
			"A storm is at least %d too-fast retries in one chain: the SDKs retry twice by default, so three early "+
			"retries cannot be a default SDK's doing, and one or two could be a clock's rounding. When the input "+
			"gives neither attempt numbers, body digests nor body sizes, twice as many are needed, because calls of concurrent "+
			"workers to one endpoint then look like retries of each other. Proper exponential "+
			"backoff is never flagged. The finding reports the intervals seen (\"retried 9 times at 0.2–0.4 s\"); it "+
			"takes no failures over from their event causes, because the failures still have their own cause (the "+
			"429 or the 529), and the storm is how the client made it worse. Events without a time are left out.",
			seconds(cfg.StormChainGap), seconds(raTolerance), cfg.StormMinFastRetries),
		Fixes: []string{
			"Retry with exponential backoff and jitter (start at 0.5–1 s and double, capped), as the official SDKs do, instead of a fixed short interval",
			"Honour retry-after (and retry-after-ms) before the next attempt; note the Python SDK ignores values above 60 s and falls back to its own backoff",
			"Cap the number of retries (the SDKs default to 2) and stop on x-should-retry: false; fast retries keep a rate limit exhausted and add load during an overload",
		},
	}
	s.Info.causes = cfg.Causes
	s.s = stream[obs, *obs]{process: s.process, end: s.endSegment}
	return s
}

// Observe implements model.Detector.
func (s *Storm) Observe(ob *model.Observation) {
	e := ob.Event
	if e.Time.IsZero() || e.Platform == model.PlatformOther {
		return
	}
	s.s.push(newObs(ob, &s.eps))
}

// sdkMinWait is the shortest wait any official client allows before retry number n (1-based).
func sdkMinWait(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	d := 8 * time.Second
	if n <= 5 {
		d = 500 * time.Millisecond << (n - 1)
	}
	return d * 3 / 4
}

func (s *Storm) process(o *obs) {
	s.now = o.at
	if s.sinceScan++; s.sinceScan >= 4096 {
		s.sinceScan = 0
		s.expire(false)
	}
	k, _ := o.key()
	var c *chain
	if len(s.chains) > 0 {
		c = s.chains[k]
	}
	// Attempt 1 is a new call unless the same body (or idempotency key) failed just before:
	// an application that resends a failed request through an SDK with max_retries=0
	// sends retry count 0 every time, and that is the loop a storm is made of.
	if c != nil && (o.at.exceeds(c.lastAt, s.cfg.StormChainGap) || (o.attempt == 1 && o.digest == 0)) {
		s.finish(k, c) // too long ago, or the input says this is a new call
		c = nil
	}
	if c != nil {
		n := c.pos + 1
		if o.attempt > 1 {
			n = o.attempt - 1
		}
		wait := o.at.sub(c.lastAt) // at most StormChainGap
		c.retries++
		early := c.lastRA > 0 && wait < c.lastRA-raTolerance
		if early || wait < sdkMinWait(n) {
			if c.fast == 0 || wait < c.minFast {
				c.minFast = wait
			}
			c.maxFast = max(c.maxFast, wait)
			c.fast++
			if early {
				c.early++
				if c.lastRA > 60*time.Second {
					c.bigRA = true
				}
			}
		}
		c.pos = n
		c.last = o.t
	}
	if !o.failed {
		if c != nil {
			s.finish(k, c)
		}
		return
	}
	if c == nil {
		if len(s.chains) >= maxEndpoints {
			s.expire(true)
		}
		c = &chain{ep: o.ep, first: o.t, last: o.t, identified: o.reqBytes > 0 || o.digest != 0}
		s.chains[k] = c
	}
	c.lastT, c.lastAt, c.lastRA = o.t, o.at, o.retryAfter()
	if o.attempt > 0 {
		c.identified = true
	}
	if o.status != 0 {
		c.statuses.add(o.status)
	}
	if et := o.errType(); et != "" {
		c.errTypes.add(et)
	}
	c.ev.addSource(o.ev())
}

// expire finishes chains that can no longer grow; with force, the oldest half as well, to
// stay under maxEndpoints.
func (s *Storm) expire(force bool) {
	var ts []time.Time
	for k, c := range s.chains {
		if s.now.exceeds(c.lastAt, s.cfg.StormChainGap) {
			s.finish(k, c)
		} else if force {
			ts = append(ts, c.lastT)
		}
	}
	if force && len(ts) > 0 {
		slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
		cut := ts[len(ts)/2]
		for k, c := range s.chains {
			if !c.lastT.After(cut) {
				s.finish(k, c)
			}
		}
	}
}

func (s *Storm) finish(k chainKey, c *chain) {
	delete(s.chains, k)
	need := s.cfg.StormMinFastRetries
	if !c.identified {
		need *= 2 // concurrent calls to one endpoint can pass for retries
	}
	if c.fast < need {
		return
	}
	if full(s.out) {
		s.out = fold(s.out, c.fast, c.last, nil)
		return
	}
	f := s.finding()
	f.Count = c.fast
	f.FirstSeen, f.LastSeen = c.first, c.last
	f.Statuses, f.ErrorTypes = sortedInts(&c.statuses), sortedStrings(&c.errTypes)
	if c.ep != "" {
		f.Endpoints = []string{c.ep}
	}
	interval := seconds(c.minFast)
	if c.maxFast-c.minFast >= 50*time.Millisecond {
		interval = strings.TrimSuffix(seconds(c.minFast), " s") + "–" + seconds(c.maxFast)
	}
	times := fmt.Sprintf("%d times at %s intervals", c.retries, interval)
	if c.fast < c.retries {
		times = fmt.Sprintf("%d times, %d of them at %s intervals", c.retries, c.fast, interval)
	}
	f.Title = "A failing call was retried " + times + ", faster than any official SDK backs off"
	if c.early == c.fast {
		f.Title = "A failing call was retried " + times + ", before retry-after elapsed"
	}
	where := c.ep
	if where == "" {
		where = "the endpoint (not named in the input)"
	}
	d := []string{fmt.Sprintf("%d retries of %s in %s (%s); %d came sooner than the SDKs' backoff allows (0.5 s doubling to 8 s, at most 25%% shorter)",
		c.retries, where, seconds(c.last.Sub(c.first)), s.cfg.span(c.first, c.last), c.fast)}
	if c.early > 0 {
		d = append(d, fmt.Sprintf("%d before the retry-after the server sent had elapsed", c.early))
	}
	if c.bigRA {
		d = append(d, "retry-after was over 60 s, which the Python SDK ignores")
	}
	d = append(d, "intervals measured start to start")
	f.Notes = d
	f.Evidence = c.ev.list()
	s.out = addFinding(s.out, f)
}

func (s *Storm) endSegment() {
	keys := make([]chainKey, 0, len(s.chains))
	for k := range s.chains {
		keys = append(keys, k)
	}
	// in time order, so that folding past maxFindings is the same on every run
	slices.SortFunc(keys, func(a, b chainKey) int { return s.chains[a].first.Compare(s.chains[b].first) })
	for _, k := range keys {
		s.finish(k, s.chains[k])
	}
}

// Findings implements model.Detector.
func (s *Storm) Findings() []model.Finding {
	s.s.flush()
	slices.SortFunc(s.out, func(a, b model.Finding) int { return a.FirstSeen.Compare(b.FirstSeen) })
	return slices.Clone(s.out)
}
