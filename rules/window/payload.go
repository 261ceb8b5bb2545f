package window

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
)

// Payload finds timeouts concentrated on requests with large bodies. It needs no time
// order: it compares the request sizes of timed-out and other calls over the whole input,
// in power-of-two size classes, so its memory is constant.
type Payload struct {
	Info
	cfg Config
	eps model.EndpointCache
	// per size class k (sizes in [2^(k-1), 2^k)): calls and timeouts; class 0 is "size unknown"
	calls, timeouts [65]int
	okCalls         [65]int
	byCause         [65]map[string]int
	minT, maxT      [65]int64 // timed-out sizes
	minOK, maxOK    [65]int64 // successful sizes
	largest         []sizedEvidence
	first, last     time.Time
	src             string
	endpoints       set[string]
	statuses        set[int]
	errTypes        set[string]
	notes           []string
}

type sizedEvidence struct {
	size int64
	ev   model.Evidence
}

// NewPayload returns a payload_timeout detector with cfg's thresholds.
func NewPayload(cfg Config) *Payload {
	cfg = cfg.withDefaults()
	p := &Payload{cfg: cfg}
	p.Info = Info{
		ID: "payload-timeout", Cause: "payload_timeout", Severity: model.Error,
		Title: fmt.Sprintf("%d+ timeouts, mostly on request bodies of %s or more, while smaller calls work", cfg.PayloadMinTimeouts, english.Bytes(cfg.PayloadMinBytes)),
		Doc: fmt.Sprintf("Counts, per power-of-two size class of the request body, the calls to Claude and the timeouts among them: "+
			"gateway_timeout and client_timeout events (504, 522, 524, timeout_error, \"Request timed out\", "+
			"ETIMEDOUT, net::ERR_TIMED_OUT), 408, and requests that got no answer at all after waiting 10 s or more. "+
			"It reports a payload timeout when, for some size S of at least %s: at least %d timed-out calls have a body "+
			"of S or more, they are at least three quarters of the timeouts of known size, at least half of all "+
			"calls of S or more timed out, and of at least %d calls under S no more than one in five did. It says "+
			"it plainly (\"5 of 5 requests of 4 MB or more timed out; 0 of 25 under 64 KB\") with the sizes seen, "+
			"and takes those timeouts over from their event causes.\n\n"+
			"Why these numbers: %s of JSON is roughly 64,000 tokens of text, or a few base64 images or pages of PDF; "+
			"from there uploading and prompt processing take long enough for a client, proxy or gateway timeout to "+
			"bite, while a timeout on small requests points at the network or the service instead. Three timeouts "+
			"are the fewest that make a pattern, and a comparison needs calls on the other side. Sizes come from "+
			"the HAR's request bodySize or postData; when the input does not record them (a HAR without postData, "+
			"most logs), nothing is claimed: a size is never guessed.",
			english.Bytes(cfg.PayloadMinBytes), cfg.PayloadMinTimeouts, cfg.PayloadMinTimeouts, english.Bytes(cfg.PayloadMinBytes)),
		Fixes: []string{
			"Stream the response (stream=True / messages.stream()): the connection stays busy and long generations do not hit idle or gateway timeouts",
			"Split the prompt or the document into smaller requests, and lower max_tokens for each",
			"Upload large files once with the Files API and refer to them by id instead of sending base64 in every request",
			"Raise the client or proxy timeout for the large requests (the SDKs default to 10 minutes; proxies often allow far less)",
		},
	}
	p.Info.causes = cfg.Causes
	return p
}

// timedOut reports whether the event is a timeout for this detector.
func timedOut(e *model.Event, cause string) bool {
	switch {
	case cause == "gateway_timeout" || cause == "client_timeout":
		return true
	case e.Status == 408 || e.Status == 504 || e.Status == 522 || e.Status == 524:
		return true
	case e.NoResponse && cause == "" && e.Duration >= 10*time.Second:
		return true
	}
	return false
}

// sizeClass is the power-of-two class of n: [2^(k-1), 2^k) → k; 0 for unknown.
func sizeClass(n int64) int {
	if n <= 0 {
		return 0
	}
	return bits.Len64(uint64(n))
}

// Observe implements model.Detector.
func (p *Payload) Observe(ob *model.Observation) {
	e, cause := ob.Event, ob.Cause()
	if e.Platform == model.PlatformOther {
		return
	}
	k := sizeClass(e.RequestBytes)
	p.calls[k]++
	n := e.RequestBytes
	if !e.Failed() {
		p.okCalls[k]++
		if k > 0 {
			if p.okCalls[k] == 1 || n < p.minOK[k] {
				p.minOK[k] = n
			}
			p.maxOK[k] = max(p.maxOK[k], n)
		}
		return
	}
	if !timedOut(e, cause) {
		return
	}
	p.timeouts[k]++
	if k == 0 {
		return
	}
	if p.byCause[k] == nil {
		p.byCause[k] = map[string]int{}
	}
	p.byCause[k][cause]++
	if p.timeouts[k] == 1 || n < p.minT[k] {
		p.minT[k] = n
	}
	p.maxT[k] = max(p.maxT[k], n)
	// keep the largest few timed-out calls as evidence
	if len(p.largest) < maxEvidence-1 || n > p.largest[len(p.largest)-1].size {
		se := sizedEvidence{size: n, ev: ob.Evidence()}
		se.ev.Detail = strings.TrimPrefix(se.ev.Detail+"; request body "+english.Bytes(n), "; ")
		i, _ := slices.BinarySearchFunc(p.largest, n, func(a sizedEvidence, n int64) int {
			return -cmpInt64(a.size, n) // largest first
		})
		p.largest = slices.Insert(p.largest, i, se)
		if len(p.largest) > maxEvidence-1 {
			p.largest = p.largest[:maxEvidence-1]
		}
	}
	if !e.Time.IsZero() {
		if p.first.IsZero() || e.Time.Before(p.first) {
			p.first, p.src = e.Time, e.Source.Path
		}
		if e.Time.After(p.last) {
			p.last = e.Time
		}
	}
	if p.src == "" {
		p.src = e.Source.Path
	}
	if ep := p.eps.Of(e); ep != "" {
		p.endpoints.add(ep)
	}
	if e.Status != 0 {
		p.statuses.add(e.Status)
	}
	if e.ErrorType != "" {
		p.errTypes.add(e.ErrorType)
	}
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Notes says what the detector could not judge, such as timeouts whose request sizes the
// input does not record; the report may print them.
func (p *Payload) Notes() []string {
	p.judge()
	return slices.Clone(p.notes)
}

// Findings implements model.Detector.
func (p *Payload) Findings() []model.Finding {
	f, ok := p.judge()
	if !ok {
		return nil
	}
	return []model.Finding{f}
}

func (p *Payload) judge() (model.Finding, bool) {
	p.notes = p.notes[:0]
	sized, unknown := 0, p.timeouts[0]
	for k := 1; k < len(p.timeouts); k++ {
		sized += p.timeouts[k]
	}
	need := p.cfg.PayloadMinTimeouts
	if sized < need {
		if sized+unknown >= need && unknown > 0 {
			p.notes = append(p.notes, fmt.Sprintf("%d timeouts, %d of them with no request size in the input: whether large payloads cause them cannot be told", sized+unknown, unknown))
		}
		return model.Finding{}, false
	}
	best, bestScore := 0, -1.0
	// a cut at 2^c splits the classes: k > c holds sizes of 2^c or more, k ≤ c smaller ones
	for c := sizeClass(p.cfg.PayloadMinBytes - 1); c < 62; c++ {
		var tHi, nHi, tLo, nLo int
		for k := 1; k < len(p.calls); k++ {
			if k > c {
				tHi += p.timeouts[k]
				nHi += p.calls[k]
			} else {
				tLo += p.timeouts[k]
				nLo += p.calls[k]
			}
		}
		if tHi < need || 4*tHi < 3*sized || 2*tHi < nHi || nLo < need || 5*tLo > nLo {
			continue
		}
		score := float64(tHi)/float64(nHi) - float64(tLo)/float64(nLo)
		if score >= bestScore { // on a tie the larger cut, nearer the timed-out sizes
			best, bestScore = c, score
		}
	}
	if bestScore < 0 {
		return model.Finding{}, false
	}
	cut := int64(1) << best
	var tHi, nHi, nLo, tLo int
	var minTHi, maxTHi, maxOKLo, minOKLo int64
	absorbs := map[string]int{}
	okHi := 0
	for k := 1; k < len(p.calls); k++ {
		if k > best {
			tHi += p.timeouts[k]
			nHi += p.calls[k]
			okHi += p.okCalls[k]
			if p.timeouts[k] > 0 {
				if minTHi == 0 || p.minT[k] < minTHi {
					minTHi = p.minT[k]
				}
				maxTHi = max(maxTHi, p.maxT[k])
			}
			for c, n := range p.byCause[k] {
				absorbs[c] += n
			}
			continue
		}
		tLo += p.timeouts[k]
		if p.okCalls[k] > 0 {
			if minOKLo == 0 || p.minOK[k] < minOKLo {
				minOKLo = p.minOK[k]
			}
			maxOKLo = max(maxOKLo, p.maxOK[k])
		}
	}
	// the lower side is stated up to the class boundary above the largest small success
	under := cut
	if maxOKLo > 0 {
		under = int64(1) << sizeClass(maxOKLo)
	}
	tUnder := 0
	for k := 1; k < 63 && int64(1)<<k <= under; k++ {
		nLo += p.calls[k]
		tUnder += p.timeouts[k]
	}
	f := p.finding()
	f.Count = tHi
	f.Absorbs = absorbs
	f.FirstSeen, f.LastSeen = p.first, p.last
	f.Endpoints, f.Statuses, f.ErrorTypes = sortedStrings(&p.endpoints), sortedInts(&p.statuses), sortedStrings(&p.errTypes)
	f.Title = fmt.Sprintf("%d of %d requests of %s or more timed out; %d of %d under %s", tHi, nHi, english.Bytes(cut), tUnder, nLo, english.Bytes(under))
	d := []string{fmt.Sprintf("timed-out request bodies %s–%s", english.Bytes(minTHi), english.Bytes(maxTHi))}
	if maxOKLo > 0 {
		d = append(d, fmt.Sprintf("successful bodies under the cut %s–%s", english.Bytes(minOKLo), english.Bytes(maxOKLo)))
	}
	if okHi > 0 {
		d = append(d, fmt.Sprintf("%d large %s succeeded", okHi, english.Plural(okHi, "request", "requests")))
	}
	if tLo > 0 {
		d = append(d, fmt.Sprintf("%d smaller %s timed out too", tLo, english.Plural(tLo, "request", "requests")))
	}
	if unknown > 0 {
		d = append(d, fmt.Sprintf("%d more %s of unknown size not counted", unknown, english.Plural(unknown, "timeout", "timeouts")))
	}
	f.Notes = d
	for _, se := range p.largest {
		if se.size >= cut {
			f.Evidence = append(f.Evidence, se.ev)
		}
	}
	return f, true
}
