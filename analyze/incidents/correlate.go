package incidents

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/statuspage"
)

// DefaultLag is how long after a finding's last failure an incident may begin and still
// be matched to it. Statuspage incidents are declared by people after the first errors
// (research/anthropic-errors.md §9.3), and started_at is often the declaration time.
const DefaultLag = 30 * time.Minute

// maxIncidentNotes bounds the incident lines on one finding.
const maxIncidentNotes = 3

// Surface is a Claude surface the status page has a component for.
type Surface string

// The surfaces findings are matched on.
const (
	SurfaceAPI     Surface = "api"         // api.anthropic.com: "Claude API (api.anthropic.com)"
	SurfaceWeb     Surface = "claude.ai"   // claude.ai
	SurfaceCode    Surface = "claude-code" // Claude Code, which calls the API
	SurfaceConsole Surface = "console"     // platform.claude.com, console.anthropic.com
	SurfaceBedrock Surface = "bedrock"     // Amazon Bedrock: on AWS's status page, not this one
	SurfaceVertex  Surface = "vertex"      // Google Vertex AI: on Google Cloud's status page
)

// knownComponents are status.claude.com's component ids (research §9.1). Names change, so
// ids are tried first; saved or test files have other ids, so names are tried next.
var knownComponents = map[string]Surface{
	"k8w3r06qmzrp": SurfaceAPI,
	"rwppv331jlwc": SurfaceWeb,
	"yyzkbfz2thpt": SurfaceCode,
	"0qbwn08sd68x": SurfaceConsole,
}

// SurfaceOfComponent says which surface a status page component stands for, or "" for a
// component claudelog cannot tie to a call ("Claude for Government").
func SurfaceOfComponent(c statuspage.Component) Surface {
	if s, ok := knownComponents[c.ID]; ok {
		return s
	}
	n := strings.ToLower(c.Name)
	words := strings.FieldsFunc(n, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	switch {
	case strings.Contains(n, "claude code"):
		return SurfaceCode
	case strings.Contains(n, "api.anthropic.com") || slices.Contains(words, "api"):
		return SurfaceAPI
	case strings.Contains(n, "console") || strings.Contains(n, "platform.claude.com"):
		return SurfaceConsole
	case strings.Contains(n, "claude.ai"):
		return SurfaceWeb
	case strings.Contains(n, "bedrock"):
		return SurfaceBedrock
	case strings.Contains(n, "vertex"):
		return SurfaceVertex
	}
	return ""
}

// SurfacesOf says which surfaces a finding's calls went to, from the hosts of its
// endpoints and evidence and from its clients (Claude Code's user agent). It returns nil
// when the input did not say (a log line with no host).
func SurfacesOf(f model.Finding) []Surface {
	var out []Surface
	add := func(s Surface) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	hosts := slices.Clone(f.Endpoints)
	for _, ev := range f.Evidence {
		hosts = append(hosts, ev.Endpoint)
	}
	for _, ep := range hosts {
		switch model.PlatformOf(hostOf(ep)) {
		case model.PlatformAPI:
			add(SurfaceAPI)
		case model.PlatformWeb:
			add(SurfaceWeb)
		case model.PlatformConsole:
			add(SurfaceConsole)
		case model.PlatformBedrock:
			add(SurfaceBedrock)
		case model.PlatformVertex:
			add(SurfaceVertex)
		}
	}
	for _, c := range f.Clients {
		c = strings.ToLower(c)
		if strings.Contains(c, "claude-cli") || strings.Contains(c, "claude-code") || strings.Contains(c, "claude code") {
			add(SurfaceCode)
		}
	}
	slices.Sort(out)
	return out
}

// hostOf takes the host out of an endpoint as analyze writes it: "POST api.anthropic.com/v1/messages".
func hostOf(ep string) string {
	if i := strings.IndexByte(ep, ' '); i >= 0 {
		ep = ep[i+1:]
	}
	if i := strings.Index(ep, "://"); i >= 0 {
		ep = ep[i+3:]
	}
	if i := strings.IndexAny(ep, "/?"); i >= 0 {
		ep = ep[:i]
	}
	return ep
}

// Options tune Correlate.
type Options struct {
	// Location is the zone notes print times in (--tz); nil means UTC.
	Location *time.Location
	// Lag is how long after a window an incident may begin and still match; 0 means DefaultLag.
	Lag time.Duration
	// Surfaces says where a finding's calls went; nil means SurfacesOf.
	Surfaces func(model.Finding) []Surface
}

// side says how a cause relates to the status page.
type side int

const (
	clientSide side = iota // the user's own doing: no note
	serverSide             // Anthropic's side failed: a matching incident, or the lack of one
	eitherSide             // could be either (a cut stream): a matching incident only
)

// serverCauses are the causes whose failures happen on Anthropic's side.
var serverCauses = []string{"server_error", "overloaded", "bad_gateway", "service_unavailable", "gateway_timeout", "outage_window"}

func sideOf(f *model.Finding) side {
	switch {
	case slices.Contains(serverCauses, f.Cause.ID):
		return serverSide
	case f.Cause.ID == "stream_interrupted":
		// An error event in the stream, or a 5xx, is the server's; a bare cut may be a proxy.
		if len(f.ErrorTypes) > 0 || slices.ContainsFunc(f.Statuses, func(s int) bool { return s >= 500 }) {
			return serverSide
		}
		return eitherSide
	}
	return clientSide
}

// span is a stretch of time in which a finding had failures.
type span struct{ from, to time.Time }

// spans returns when the finding failed: the occupied buckets of its timeline, clipped to
// its first and last failure, so that two failures hours apart do not claim every incident
// between them. A pattern finding, which has no timeline, is its window.
func spans(f *model.Finding, axis model.Timeline) []span {
	if f.FirstSeen.IsZero() {
		return nil
	}
	last := f.LastSeen
	if last.Before(f.FirstSeen) {
		last = f.FirstSeen
	}
	if len(f.Timeline) == 0 || len(f.Timeline) != len(axis.Counts) || axis.Width <= 0 {
		return []span{{f.FirstSeen, last}}
	}
	var out []span
	for i, n := range f.Timeline {
		if n == 0 {
			continue
		}
		from := axis.Start.Add(time.Duration(i) * axis.Width)
		to := from.Add(axis.Width)
		from, to = later(from, f.FirstSeen), earlier(to, last)
		if to.Before(from) {
			to = from
		}
		if k := len(out) - 1; k >= 0 && !from.After(out[k].to.Add(time.Nanosecond)) {
			out[k].to = later(out[k].to, to)
			continue
		}
		out = append(out, span{from, to})
	}
	if len(out) == 0 {
		return []span{{f.FirstSeen, last}}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// match is an incident that overlaps a finding, and how late it began.
type match struct {
	in    *statuspage.Incident
	after time.Duration // how long after the failures it began; 0 when it had begun
}

// matches finds the incidents on the finding's surfaces that overlap one of its spans,
// widened by lag after the span for incidents declared late. on[i] holds the surfaces of
// incident i's components.
func matches(p *statuspage.Page, on [][]Surface, sp []span, surfaces []Surface, lag time.Duration) []match {
	var out []match
	for i := range p.Incidents {
		in := &p.Incidents[i]
		start, end, ongoing := in.Window()
		if start.IsZero() || !affects(in, on[i], surfaces) {
			continue
		}
		for _, s := range sp {
			if start.After(s.to.Add(lag)) || (!ongoing && end.Before(s.from)) {
				continue
			}
			m := match{in: in}
			if start.After(s.to) {
				m.after = start.Sub(s.to)
			}
			out = append(out, m)
			break
		}
	}
	// Incidents under way during the failures first, then the late ones, nearest first.
	slices.SortStableFunc(out, func(a, b match) int { return cmp.Compare(a.after, b.after) })
	return out
}

// affects says whether the incident touched one of the surfaces; on are the surfaces of
// its components. An incident that names no component, or a finding whose surface is
// unknown, matches: the note names the components so the reader can judge. Claude Code
// runs on the API, so an API incident matches Claude Code's calls too (§9.3).
func affects(in *statuspage.Incident, on, surfaces []Surface) bool {
	if len(in.Components) == 0 || len(surfaces) == 0 {
		return true
	}
	for _, cs := range on {
		if slices.Contains(surfaces, cs) || (cs == SurfaceAPI && slices.Contains(surfaces, SurfaceCode)) {
			return true
		}
	}
	return false
}

// Correlate adds to each finding's Notes the declared incidents that overlap it. A
// server-side finding that overlaps none says so, and says when the page cannot tell
// (an export of open incidents only, a list that does not reach back, a page saved
// before the failures). Findings the user caused get no note. It returns lines for the
// report's Notes: what the page covered.
func Correlate(r *model.Report, p *statuspage.Page, opts Options) []string {
	if r == nil || p == nil {
		return nil
	}
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	lag := opts.Lag
	if lag <= 0 {
		lag = DefaultLag
	}
	surfacesOf := opts.Surfaces
	if surfacesOf == nil {
		surfacesOf = SurfacesOf
	}
	c := coverageOf(p)
	on := make([][]Surface, len(p.Incidents))
	for i, in := range p.Incidents {
		for _, comp := range in.Components {
			if cs := SurfaceOfComponent(comp); cs != "" {
				on[i] = append(on[i], cs)
			}
		}
	}
	var matched, unmatched, before, untimed int
	for i := range r.Findings {
		f := &r.Findings[i]
		sd := sideOf(f)
		if sd == clientSide {
			continue
		}
		sp := spans(f, r.Timeline)
		if len(sp) == 0 {
			if sd == serverSide {
				untimed++
				f.Notes = append(f.Notes, "The input gives no time for these failures, so they cannot be matched to the status page.")
			}
			continue
		}
		surfaces := surfacesOf(*f)
		ms := matches(p, on, sp, surfaces, lag)
		for k, m := range ms {
			if k == maxIncidentNotes {
				f.Notes = append(f.Notes, fmt.Sprintf("… and %d more declared incidents in this window on %s.", len(ms)-k, c.site))
				break
			}
			f.Notes = append(f.Notes, incidentNote(m, loc))
		}
		if len(ms) > 0 {
			matched++
			continue
		}
		if sd != serverSide {
			continue
		}
		unmatched++
		if !c.oldest.IsZero() && sp[0].from.Before(c.oldest) {
			before++
		}
		f.Notes = append(f.Notes, c.noIncident(sp, surfaces, lag, loc))
	}
	return c.reportNotes(p, loc, matched, unmatched, before, untimed)
}

// coverage is what the page can tell, and from when.
type coverage struct {
	site     string    // "status.claude.com"
	onlyOpen bool      // the export lists only open incidents and maintenances
	oldest   time.Time // nothing before this is known: the list's cap was reached or it broke off
	asOf     time.Time // nothing after this is known
	kind     statuspage.Kind
}

func coverageOf(p *statuspage.Page) coverage {
	c := coverage{site: "the status page", onlyOpen: p.Kind.OnlyOpen(), asOf: p.AsOf(), kind: p.Kind}
	if u, err := url.Parse(p.URL); err == nil && u.Host != "" {
		c.site = u.Host
	}
	if !c.onlyOpen && (p.Truncated || len(p.Incidents) >= statuspage.ListCap) {
		for i := range p.Incidents {
			if s, _, _ := p.Incidents[i].Window(); !s.IsZero() && (c.oldest.IsZero() || s.Before(c.oldest)) {
				c.oldest = s
			}
		}
	}
	return c
}

// noIncident is the line for a server-side finding no incident overlaps. It claims no
// more than the page can tell.
func (c coverage) noIncident(sp []span, surfaces []Surface, lag time.Duration, loc *time.Location) string {
	if len(surfaces) > 0 && !slices.ContainsFunc(surfaces, func(s Surface) bool { return s != SurfaceBedrock && s != SurfaceVertex }) {
		return fmt.Sprintf("No declared incident on %s overlaps this window, but %s serves these calls: check %s for this window.",
			c.site, cloudName(surfaces), cloudStatus(surfaces))
	}
	first, last := sp[0].from, sp[len(sp)-1].to
	switch {
	case c.kind == statuspage.KindMaintenances:
		return fmt.Sprintf("No scheduled maintenance on %s overlaps this window; the saved %s lists no incidents, so it cannot tell whether one overlapped it: save /api/v2/incidents.json.",
			c.site, c.kind)
	case c.onlyOpen:
		return fmt.Sprintf("No incident on %s was open when the page was saved; the saved %s lists only open ones, so it cannot tell whether one overlapped this window: save /api/v2/incidents.json for the history.",
			c.site, c.kind)
	case !c.oldest.IsZero() && first.Before(c.oldest):
		return fmt.Sprintf("The saved status page does not reach back to this window: incidents.json holds only the %d most recent incidents and its oldest began %s.",
			statuspage.ListCap, stamp(c.oldest, loc))
	case !c.asOf.IsZero() && last.Add(lag).After(c.asOf):
		return fmt.Sprintf("No declared incident on %s overlaps this window as of %s, the page's last update; one declared later would be missing (the page often lags the first errors by several minutes).",
			c.site, stamp(c.asOf, loc))
	}
	return fmt.Sprintf("No declared incident on %s overlaps this window (the page often lags the first errors by several minutes).", c.site)
}

func cloudName(s []Surface) string {
	switch {
	case slices.Contains(s, SurfaceBedrock) && slices.Contains(s, SurfaceVertex):
		return "Amazon Bedrock and Google Vertex AI"
	case slices.Contains(s, SurfaceBedrock):
		return "Amazon Bedrock"
	}
	return "Google Vertex AI"
}

func cloudStatus(s []Surface) string {
	switch {
	case slices.Contains(s, SurfaceBedrock) && slices.Contains(s, SurfaceVertex):
		return "the AWS Health Dashboard and status.cloud.google.com"
	case slices.Contains(s, SurfaceBedrock):
		return "the AWS Health Dashboard (health.aws.amazon.com)"
	}
	return "status.cloud.google.com"
}

// reportNotes says what the page was and covered, once for the report.
func (c coverage) reportNotes(p *statuspage.Page, loc *time.Location, matched, unmatched, before, untimed int) []string {
	var incidents, maintenances int
	for _, in := range p.Incidents {
		if in.Maintenance {
			maintenances++
		} else {
			incidents++
		}
	}
	src := p.Source
	if src == "" {
		src = "the status page export"
	}
	what := fmt.Sprintf("%d %s", incidents, english.Plural(incidents, "incident", "incidents"))
	if maintenances > 0 {
		what += fmt.Sprintf(" and %d %s", maintenances, english.Plural(maintenances, "maintenance", "maintenances"))
	}
	line := fmt.Sprintf("Status page: %s read from %s (%s", what, src, p.Kind)
	if !p.UpdatedAt.IsZero() {
		line += ", last updated " + stamp(p.UpdatedAt, loc)
	}
	line += fmt.Sprintf("); %d %s a declared incident", matched, english.Plural(matched, "finding overlaps", "findings overlap"))
	if unmatched > 0 {
		line += fmt.Sprintf(", %d server-side %s none", unmatched, english.Plural(unmatched, "finding overlaps", "findings overlap"))
	}
	notes := []string{line + "."}
	if c.onlyOpen {
		where := "the page's /api/v2/incidents.json"
		if c.site != "the status page" {
			where = "https://" + c.site + "/api/v2/incidents.json"
		}
		notes = append(notes, fmt.Sprintf("%s %s; for the incidents of a past session save %s.", src, c.kind.Lists(), where))
	}
	if p.Truncated {
		notes = append(notes, fmt.Sprintf("The status page file broke off; only the incidents before the break were read (see the warning on %s).", src))
	}
	if before > 0 {
		notes = append(notes, fmt.Sprintf("%d server-side %s began before the oldest incident in the status page file (%s), which holds only the %d most recent: save it closer to the session, or check the history on the site.",
			before, english.Plural(before, "finding", "findings"), stamp(c.oldest, loc), statuspage.ListCap))
	}
	if untimed > 0 {
		notes = append(notes, fmt.Sprintf("%d server-side %s no time, so the status page could not be consulted for %s.", untimed, english.Plural(untimed, "finding has", "findings have"), english.Plural(untimed, "it", "them")))
	}
	return notes
}

// incidentNote names an incident for a finding:
// `Declared incident "Elevated errors on Claude Opus 4" on Claude API (major, 2026-11-20 09:02–10:15 UTC): https://stspg.io/…`.
func incidentNote(m match, loc *time.Location) string {
	in := m.in
	var b strings.Builder
	if in.Maintenance {
		b.WriteString("Scheduled maintenance ")
	} else {
		b.WriteString("Declared incident ")
	}
	name := in.Name
	if name == "" {
		name = in.ID
	}
	fmt.Fprintf(&b, "%q", name)
	if names := componentNames(in.Components); names != "" {
		b.WriteString(" on " + names)
	}
	b.WriteString(" (")
	if in.Impact != "" && !(in.Maintenance && in.Impact == "maintenance") {
		b.WriteString(in.Impact + ", ")
	}
	start, end, ongoing := in.Window()
	if ongoing {
		b.WriteString("since " + stamp(start, loc) + ", not resolved when the page was saved")
	} else {
		b.WriteString(between(start, end, loc))
	}
	if m.after > 0 {
		fmt.Fprintf(&b, "; began %s after these failures", minutes(m.after))
	}
	b.WriteString(")")
	if in.Link != "" {
		b.WriteString(": " + in.Link)
	}
	return b.String()
}

// componentNames lists the affected components by their short names ("Claude API", not
// "Claude API (api.anthropic.com)"), at most four.
func componentNames(cs []statuspage.Component) string {
	var names []string
	for _, c := range cs {
		n := strings.TrimSpace(c.Name)
		if i := strings.Index(n, " ("); i > 0 && strings.HasSuffix(n, ")") {
			n = n[:i]
		}
		if n == "" {
			n = c.ID
		}
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) > 4 {
		names = append(names[:4], fmt.Sprintf("%d more", len(names)-4))
	}
	return strings.Join(names, ", ")
}

func minutes(d time.Duration) string {
	if m := d.Round(time.Minute); m >= time.Minute {
		return fmt.Sprintf("%d min", int(m.Minutes()))
	}
	return "under a minute"
}

// stamp prints a time with its date and zone: "2026-11-20 09:02 UTC".
func stamp(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return t.Format("2006-01-02 15:04") + " " + zone(t)
}

// between prints a range, the date once when both ends share it: "2026-11-20 09:02–10:15 UTC".
func between(a, b time.Time, loc *time.Location) string {
	a, b = a.In(loc), b.In(loc)
	if a.Year() == b.Year() && a.YearDay() == b.YearDay() {
		return a.Format("2006-01-02 15:04") + "–" + b.Format("15:04") + " " + zone(b)
	}
	return a.Format("2006-01-02 15:04") + " – " + b.Format("2006-01-02 15:04") + " " + zone(b)
}

// zone names a time's zone: its abbreviation, or "UTC+05:30" for zones that have none.
func zone(t time.Time) string {
	z := t.Format("MST")
	if z == "" || z[0] == '+' || z[0] == '-' {
		return "UTC" + t.Format("-07:00")
	}
	return z
}
