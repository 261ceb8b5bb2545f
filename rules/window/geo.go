package window

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
)

// Geo notes a change of CDN edge or server address within one input, the mark of a VPN or
// network switch, and when region refusals (geo_blocked) came after it, reports them as one
// finding that carries the switch as evidence.
//
// Grouping many refusals across endpoints into one finding needs no pattern: the analyzer
// already makes one geo_blocked finding of them, with every endpoint listed. What a single
// event cannot show is the switch: calls that worked through a Frankfurt edge, then 403s
// through a Hong Kong one. So Geo reports only when both are there, and then takes the
// refusals over from the analyzer's finding, adding the switch to the same evidence.
type Geo struct {
	Info
	eps       model.EndpointCache
	s         stream[geoObs, *geoObs]
	lastEdge  map[string]string // input path → last Claude edge seen
	lastIP    map[[2]string]string
	changes   []edgeChange
	nChanges  int
	count     int
	afterSwap int // refusals that came after a switch in the same input
	sev       model.Severity
	first     time.Time
	last      time.Time
	statuses  set[int]
	errTypes  set[string]
	endpoints set[string]
	ruleIDs   set[string]
	clients   set[string]
	fixes     []string
	ev        evidence
}

type edgeChange struct {
	from, to, what string
	at             time.Time
	src            string
}

// NewGeo returns the geo_blocked edge-switch detector.
func NewGeo(cfg Config) *Geo {
	g := &Geo{lastEdge: map[string]string{}, lastIP: map[[2]string]string{}}
	g.Info = Info{
		ID: "geo-edge-switch", Cause: "geo_blocked", Severity: model.Critical,
		Title: "Region refusals after the CDN edge or server address changed mid-session (a VPN or network switch)",
		Doc: "Follows, within each input and in time order, the Cloudflare location that answered calls to Claude (the " +
			"suffix of cf-ray, e.g. FRA) and the server address per host (a HAR's serverIPAddress). When the " +
			"location or address changes and geo_blocked refusals follow, the refusals are reported as one " +
			"geo_blocked finding that carries the change as evidence (\"edge changed FRA → HKG at 03:13:10 UTC: " +
			"a VPN or network switch\"): calls that worked through one edge and were refused through another point " +
			"at the network path, not the account. Without refusals a switch is not a failure and is not reported; " +
			"without a switch the analyzer's own geo_blocked finding already groups the refusals of every endpoint.",
		Fixes: []string{
			"Turn the VPN or proxy off, or choose an exit in a supported country (anthropic.com/supported-countries), and retry",
			"Check the public IP your traffic leaves from now: the edge changed during the session, so the network path did",
		},
	}
	g.Info.causes = cfg.Causes
	g.s = stream[geoObs, *geoObs]{process: g.process, end: func() {}}
	return g
}

// Observe implements model.Detector.
func (g *Geo) Observe(ob *model.Observation) {
	e, cause, sev := ob.Event, ob.Cause(), ob.Severity
	if cause == "geo_blocked" {
		g.count++
		g.sev = max(g.sev, sev)
		if e.Status != 0 {
			g.statuses.add(e.Status)
		}
		if e.ErrorType != "" {
			g.errTypes.add(e.ErrorType)
		}
		if ep := g.eps.Of(e); ep != "" {
			g.endpoints.add(ep)
		}
		if e.Client != "" {
			g.clients.add(e.Client)
		}
		if id := ob.RuleID; id != "" && !slices.Contains(g.ruleIDs.items, id) {
			g.ruleIDs.add(id)
			for _, f := range ob.Fixes {
				if !slices.Contains(g.fixes, f) {
					g.fixes = append(g.fixes, f)
				}
			}
		}
		ev := ob.Evidence()
		if e.Edge != "" {
			ev.Detail = strings.TrimPrefix(ev.Detail+"; edge "+e.Edge, "; ")
		}
		g.ev.add(&ev)
		if !e.Time.IsZero() {
			if g.first.IsZero() || e.Time.Before(g.first) {
				g.first = e.Time
			}
			if e.Time.After(g.last) {
				g.last = e.Time
			}
		}
	}
	if e.Time.IsZero() || (!e.Platform.Claude() && cause != "geo_blocked") || (e.Edge == "" && e.ServerIP == "" && cause != "geo_blocked") {
		return
	}
	g.s.push(geoObs{stamp: stamp{t: e.Time}, cause: cause, path: e.Source.Path, edge: e.Edge, ip: e.ServerIP, host: e.Host})
}

// geoObs is what the edge-switch detector keeps of an event, in its own reorder buffer.
type geoObs struct {
	stamp
	cause, path    string
	edge, ip, host string // the CDN location and the address that answered, and the host asked
}

func (g *Geo) process(o *geoObs) {
	if o.edge != "" {
		prev, ok := g.lastEdge[o.path]
		if ok && prev != o.edge {
			g.record(edgeChange{from: prev, to: o.edge, what: "edge", at: o.t, src: o.path})
		}
		if !ok && len(g.lastEdge) >= maxEndpoints {
			clear(g.lastEdge)
		}
		g.lastEdge[o.path] = o.edge
	}
	if o.ip != "" && o.host != "" {
		k := [2]string{o.path, o.host}
		prev, ok := g.lastIP[k]
		// a switch between IPv4 and IPv6 is the browser's choice, not a new network path
		if ok && prev != o.ip && strings.Contains(prev, ":") == strings.Contains(o.ip, ":") {
			g.record(edgeChange{from: prev, to: o.ip, what: "server address of " + o.host, at: o.t, src: o.path})
		}
		if !ok && len(g.lastIP) >= maxEndpoints {
			clear(g.lastIP)
		}
		g.lastIP[k] = o.ip
	}
	if o.cause == "geo_blocked" && slices.ContainsFunc(g.changes, func(c edgeChange) bool { return c.src == o.path && !c.at.After(o.t) }) {
		g.afterSwap++
	}
}

func (g *Geo) record(c edgeChange) {
	g.nChanges++
	if len(g.changes) < 4 {
		g.changes = append(g.changes, c)
	}
}

// Changes says how the edge or server address changed, one line each, for a report that
// wants to show it under a network finding too.
func (g *Geo) Changes() []string {
	g.s.flush()
	out := make([]string, 0, len(g.changes))
	for _, c := range g.changes {
		out = append(out, c.String())
	}
	if n := g.nChanges - len(g.changes); n > 0 {
		out = append(out, fmt.Sprintf("%d more %s", n, english.Plural(n, "change", "changes")))
	}
	return out
}

func (c edgeChange) String() string {
	return fmt.Sprintf("%s changed %s → %s at %s: a VPN or network switch", c.what, c.from, c.to, c.at.UTC().Format("15:04:05 UTC"))
}

// Findings implements model.Detector.
func (g *Geo) Findings() []model.Finding {
	g.s.flush()
	if g.count == 0 || g.afterSwap == 0 {
		return nil
	}
	f := g.finding()
	f.Severity = g.sev
	f.Count = g.count
	f.FirstSeen, f.LastSeen = g.first, g.last
	f.Statuses, f.ErrorTypes, f.Endpoints = sortedInts(&g.statuses), sortedStrings(&g.errTypes), sortedStrings(&g.endpoints)
	f.Clients = sortedStrings(&g.clients)
	f.Rules = append(sortedStrings(&g.ruleIDs), g.ID)
	f.Fixes = append(slices.Clone(g.Fixes), g.fixes...)
	f.Absorbs = map[string]int{"geo_blocked": g.count}
	c := g.changes[0]
	f.Title = fmt.Sprintf("%s: %d failed %s after the %s changed %s → %s", f.Cause.Title, g.count, english.Plural(g.count, "call", "calls"), c.what, c.from, c.to)
	var ev []model.Evidence
	for _, c := range g.changes {
		ev = append(ev, model.Evidence{Source: c.src, Time: c.at, Detail: c.String()})
	}
	f.Evidence = append(ev, g.ev.list()...)
	return []model.Finding{f}
}
