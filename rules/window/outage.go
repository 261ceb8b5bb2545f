package window

import (
	"fmt"
	"slices"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
)

// serverCauses are the event causes that say the server side failed.
var serverCauses = []string{"server_error", "overloaded", "bad_gateway", "service_unavailable", "gateway_timeout"}

// Outage finds server-side failures clustered in a time window.
type Outage struct {
	Info
	cfg     Config
	eps     model.EndpointCache
	s       stream[obs, *obs]
	win     deque[outageSlot]      // the calls in the window
	kept    deque[obs]             // of those, the ones that are kept (outageSlot.kept), in order
	calls   int                    // calls in the window
	fails   int                    // server-side failures in the window
	calls1  int                    // of those, first failures of a call (not its retries)
	failEP  map[string]int         // failing endpoints in the window
	named   int                    // the keys of failEP that name an endpoint (not "")
	bodies  map[chainKey]callState // identified calls in the window since their first server-side failure
	episode *outageEpisode
	out     []model.Finding
}

type outageEpisode struct {
	first, lastFail time.Time
	lastQualify     instant
	includedN       uint64
	calls           int // calls from the first failure on
	callsAtLastFail int
	fails           int
	absorbs         map[string]int
	statuses        set[int]
	errTypes        set[string]
	endpoints       set[string]
	ev              evidence
}

// NewOutage returns an outage_window detector with cfg's thresholds.
func NewOutage(cfg Config) *Outage {
	cfg = cfg.withDefaults()
	o := &Outage{cfg: cfg, failEP: map[string]int{}, bodies: map[chainKey]callState{}}
	o.Info = Info{
		ID: "outage-window", Cause: "outage_window", Severity: model.Error,
		Title: fmt.Sprintf("%d+ server-side failures within %s, across endpoints or %.0f%%+ of the calls", cfg.OutageMinFailures, seconds(cfg.OutageWindow), 100*cfg.OutageMinShare),
		Doc: fmt.Sprintf("Slides a %s window over the calls to Claude and counts server-side failures: the events the rules "+
			"call server_error, overloaded, bad_gateway, service_unavailable or gateway_timeout (5xx, 529, "+
			"overloaded_error, api_error, also inside a 200 event stream), and 5xx answers no rule names. A window "+
			"is an outage when it holds at least %d failing calls (a call's retries, known by the attempt number or the "+
			"same body, by its digest or else its size, sent to the same endpoint again after a failure, count once; "+
			"after a success it is a new call) and either two or more endpoints failed, or at least "+
			"%.0f%% of all calls in the window failed. Overlapping qualifying windows are one outage, from its first "+
			"to its last server-side failure; the finding takes those failures over from their event causes. It is "+
			"critical when 90%% or more of the calls in the outage failed.\n\n"+
			"Why these numbers: one call retried by the official SDKs fails at most 3 times (2 retries by default), "+
			"and Claude Code gives up on 529 after 3, so %d failures in a window need at least two failing calls: a "+
			"lone 500, or one call's retries, is not an outage. Incidents last minutes and the status page declares "+
			"them late and per component (research: users see 529 bursts while the page is green), so the window "+
			"is minutes long and the finding gives the exact UTC window to look up on status.claude.com, whose "+
			"incident history should be searched from about 15 minutes before it. Calls to other hosts (a page's "+
			"analytics) do not count; events without a time cannot be placed and are left out.",
			seconds(cfg.OutageWindow), cfg.OutageMinFailures, 100*cfg.OutageMinShare, cfg.OutageMinFailures),
		Fixes: []string{
			"Check status.claude.com (history) for an incident in the window shown, from about 15 minutes before it; a green page does not rule one out, incidents are declared late and per component",
			"Nothing is wrong with your request: retry with exponential backoff, and for 529 overloaded add a fallback model or move bulk work to the Message Batches API or off-peak hours",
			"If it persists, send support the request ids (req_…) and the window with its time zone",
		},
	}
	o.Info.causes = cfg.Causes
	o.s = stream[obs, *obs]{process: o.process, end: o.endSegment}
	return o
}

// Observe implements model.Detector.
func (o *Outage) Observe(ob *model.Observation) {
	e := ob.Event
	if e.Time.IsZero() || e.Platform == model.PlatformOther {
		return
	}
	o.s.push(newObs(ob, &o.eps))
}

// outageSlot is a call in the outage window. Most calls are successes no call identity
// follows, and for those the slot is all the window keeps: its time and processing order,
// without a pointer, so sliding the window copies and clears 32 bytes a call where a whole
// obs (over 100 bytes, with pointers the garbage collector must see) was most of the
// detector's time. A server-side failure, or a call followed by its identity, is kept
// whole in Outage.kept as well (every call is, when TestCompactSuccess turns
// compactSuccess off to compare).
type outageSlot struct {
	at   instant
	n    uint64
	kept bool
}

// serverSide reports whether the event is a failure of the server side.
func serverSide(x *obs) bool {
	if !x.failed || x.f == nil {
		return false
	}
	if slices.Contains(serverCauses, x.f.cause) {
		return true
	}
	return x.f.cause == "" && x.status >= 500 && x.status <= 599
}

func (o *Outage) process(x *obs) {
	t := x.at
	if o.episode != nil && t.exceeds(o.episode.lastQualify, o.cfg.OutageWindow) {
		o.close()
	}
	for o.win.len() > 0 && (t.exceeds(o.win.front().at, o.cfg.OutageWindow) || o.win.len() >= maxWindow) {
		if o.win.popFront().kept {
			o.leave(o.kept.popFront())
		} else {
			o.calls--
		}
	}
	srv := serverSide(x)
	if !srv {
		// only server-side failures are read here (their cause, evidence): the window
		// keeps no other failure part (the burst and storm detectors have had theirs)
		x.f = nil
	}
	if k, ok := x.key(); ok && (srv || len(o.bodies) > 0) {
		// A call is followed from its first server-side failure on; a success after it
		// makes the next failure of the same body a new call. Other calls cost one lookup,
		// and none while no call is followed.
		if _, seen := o.bodies[k]; srv || seen {
			x.tracked = true
			x.retryOf = see(o.bodies, k, x.failed) && srv
		}
	}
	if srv {
		o.fails++
		if o.failEP[x.ep]++; o.failEP[x.ep] == 1 && x.ep != "" {
			o.named++
		}
		// a retry (by attempt number, or the same call again) is the same failing call
		x.retryOf = x.retryOf || x.attempt > 1
		if !x.retryOf {
			o.calls1++
		}
	}
	keep := srv || x.tracked || !compactSuccess
	if keep {
		o.kept.pushBack(*x)
	}
	o.win.pushBack(outageSlot{at: x.at, n: x.n, kept: keep})
	o.calls++
	if o.calls1 >= o.cfg.OutageMinFailures && (o.distinctFailEndpoints() >= 2 || float64(o.fails) >= o.cfg.OutageMinShare*float64(o.calls)) {
		o.qualify(t)
	}
}

// distinctFailEndpoints counts the named endpoints with failures in the window: a log's
// summary line without an endpoint is not a second endpoint.
//
// It is kept as a count (failEP holds only positive counts) instead of a pass over the map
// on every call once the window has enough failures, which was most of the detector's
// time on a log of many successes.
func (o *Outage) distinctFailEndpoints() int { return o.named }

func (o *Outage) leave(x obs) {
	o.calls--
	if x.tracked {
		k, _ := x.key()
		forget(o.bodies, k)
	}
	if serverSide(&x) {
		if !x.retryOf {
			o.calls1--
		}
		o.fails--
		if c := o.failEP[x.ep]; c <= 1 {
			delete(o.failEP, x.ep)
			if c == 1 && x.ep != "" {
				o.named--
			}
		} else {
			o.failEP[x.ep] = c - 1
		}
	}
}

func (o *Outage) qualify(t instant) {
	epi := o.episode
	if epi == nil {
		epi = &outageEpisode{absorbs: map[string]int{}}
		o.episode = epi
	}
	epi.lastQualify = t
	i, j := o.win.len(), o.kept.len() // j: the kept entry of the slot i, if kept
	for i > 0 && o.win.at(i-1).n > epi.includedN {
		if i--; o.win.at(i).kept {
			j--
		}
	}
	for ; i < o.win.len(); i++ {
		if o.win.at(i).kept {
			epi.include(o.kept.at(j))
			j++
		} else {
			epi.includeCall()
		}
	}
	epi.includedN = o.win.back().n
}

// includeCall is include of a call that is neither a server-side failure nor followed
// by its identity: the window keeps only its slot.
func (epi *outageEpisode) includeCall() {
	if epi.fails > 0 {
		epi.calls++
	}
}

func (epi *outageEpisode) include(x *obs) {
	fail := serverSide(x)
	if epi.fails == 0 && !fail {
		return // the outage starts at its first failure
	}
	epi.calls++
	if !fail {
		return
	}
	if epi.first.IsZero() {
		epi.first = x.t
	}
	epi.lastFail = x.t
	epi.fails++
	epi.callsAtLastFail = epi.calls
	if x.f.cause != "" {
		epi.absorbs[x.f.cause]++
	}
	if x.status != 0 {
		epi.statuses.add(x.status)
	}
	if x.f.errType != "" {
		epi.errTypes.add(x.f.errType)
	}
	if x.ep != "" {
		epi.endpoints.add(x.ep)
	}
	epi.ev.addSource(x.ev())
}

func (o *Outage) close() {
	epi := o.episode
	o.episode = nil
	if epi == nil || epi.fails == 0 {
		return
	}
	if full(o.out) {
		o.out = fold(o.out, epi.fails, epi.lastFail, epi.absorbs)
		return
	}
	f := o.finding()
	share := float64(epi.fails) / float64(max(epi.callsAtLastFail, 1))
	if share >= 0.9 {
		f.Severity = model.Critical
	}
	f.Count = epi.fails
	f.FirstSeen, f.LastSeen = epi.first, epi.lastFail
	f.Statuses, f.ErrorTypes, f.Endpoints = sortedInts(&epi.statuses), sortedStrings(&epi.errTypes), sortedStrings(&epi.endpoints)
	f.Absorbs = epi.absorbs
	span := o.cfg.span(epi.first, epi.lastFail)
	nEP := len(epi.endpoints.items) + epi.endpoints.dropped
	f.Title = fmt.Sprintf("Server-side failures %s: %d of %d calls failed (%.0f%%)", span, epi.fails, epi.callsAtLastFail, 100*share)
	d := []string{fmt.Sprintf("%d of %d calls failed on the server side between %s (%s)", epi.fails, epi.callsAtLastFail, span, seconds(epi.lastFail.Sub(epi.first)))}
	if nEP > 0 {
		d = append(d, fmt.Sprintf("%d %s hit", nEP, english.Plural(nEP, "endpoint", "endpoints")))
	}
	d = append(d, fmt.Sprintf("check status.claude.com for an incident from %s to %s UTC",
		epi.first.UTC().Add(-15*time.Minute).Format("2006-01-02 15:04"), epi.lastFail.UTC().Format("15:04")))
	f.Notes = d
	f.Evidence = epi.ev.list()
	o.out = addFinding(o.out, f)
}

func (o *Outage) endSegment() {
	o.close()
	o.win.clear()
	o.kept.clear()
	o.calls, o.fails, o.calls1, o.named = 0, 0, 0, 0
	clear(o.failEP)
	clear(o.bodies)
}

// Findings implements model.Detector.
func (o *Outage) Findings() []model.Finding {
	o.s.flush()
	return slices.Clone(o.out)
}
