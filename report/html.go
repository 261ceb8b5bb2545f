package report

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"
	"github.com/claudelog/claudelog/model"
)

// HTML writes the report as one self-contained page to open in a browser or attach to a
// ticket: the summary, an SVG timeline of calls and failures by cause, and each finding
// with its evidence and fixes. The page loads nothing: styles are inline, there is no
// script, and a Content-Security-Policy forbids every fetch, so it opens offline and a
// string from the input cannot make it call out. Every string from the input is escaped
// by html/template for the context it lands in.
func HTML(w io.Writer, r *model.Report, opts Options) error {
	// The page is attached to tickets: no home directory in its paths.
	r = relativized(r, opts.Dir)
	h := newHTMLReport(r, opts.loc())
	h.Verdict = Verdict(r, opts.loc(), opts.Calls)
	h.Heading = "Failed calls to Claude"
	if top := counted(r); len(top) == 0 {
		h.Heading = strings.TrimPrefix(markdownTitle(r, top, opts.Calls), "claudelog report: ")
		h.Heading = capital(h.Heading)
	}
	return htmlPage.Execute(w, h)
}

type htmlReport struct {
	Verdict      string // what happened and what to do now, first on the page
	Heading      string // the h1: failed calls to Claude only when there are some
	SeverityCSS  template.CSS
	TimelineCSS  template.CSS
	Title        string
	Zone         string
	Window       string
	Calls        int
	Failures     int
	ByStatus     []htmlCount
	Inputs       []model.Input
	Filtered     int
	Warnings     int
	Chart        *htmlChart
	Findings     []htmlFinding
	Unclassified []htmlEvidence
	// UnclassifiedSessions is the unclassified evidence of Claude Code sessions, by project.
	UnclassifiedSessions []htmlSessionGroup
	Unexplained          int
	Notes                []string
}

type htmlCount struct {
	Name  string
	Count int
}

type htmlFinding struct {
	N          int
	ID         string // the anchor
	Title      string
	Severity   string
	Colour     string
	Cause      string
	Kind       string
	Count      int
	FirstSeen  string
	LastSeen   string
	Statuses   string
	ErrorTypes []string
	Endpoints  []string
	Clients    []string
	Rules      []string
	Tried      []string
	Evidence   []htmlEvidence
	Sessions   []htmlSessionGroup // the evidence of Claude Code sessions, by project folder
	Fixes      []string
	FixesFor   string // "What to do in Claude Code": the heading of Fixes
	Notes      []string
	Strip      *htmlStrip
}

type htmlEvidence struct {
	Source, Time, Status, RequestID, Endpoint, Detail string
}

func newHTMLReport(r *model.Report, loc *time.Location) *htmlReport {
	s := r.Summary
	h := &htmlReport{
		SeverityCSS: severityCSS(),
		TimelineCSS: timelineCSS,
		Title:       fmt.Sprintf("claudelog: %d of %d %s failed", s.Failures, s.Events, english.Plural(s.Events, "call", "calls")),
		Zone:        htmlZone(loc, s.Start),
		Window:      window(s.Start, s.End, loc),
		Calls:       s.Events,
		Failures:    s.Failures,
		Inputs:      r.Inputs,
		Filtered:    s.Filtered,
		Warnings:    s.Warnings,
		Notes:       r.Notes,
	}
	if s.Start.IsZero() {
		h.Window = "not known (the input has no timestamps)"
	}
	codes := make([]int, 0, len(s.ByStatus))
	for c := range s.ByStatus {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		h.ByStatus = append(h.ByStatus, htmlCount{htmlStatusName(c), s.ByStatus[c]})
	}
	colours := colourCauses(r.Findings)
	for i, f := range r.Findings {
		hf := htmlFinding{
			N: i + 1, ID: fmt.Sprintf("finding-%d", i+1), Title: f.Title,
			Severity: f.Severity.String(), Colour: colours[f.Cause.ID],
			Cause: f.Cause.ID, Kind: string(f.Cause.Kind), Count: f.Count,
			FirstSeen: htmlStamp(f.FirstSeen, loc), LastSeen: htmlStamp(f.LastSeen, loc), Statuses: statuses(f.Statuses),
			ErrorTypes: f.ErrorTypes, Endpoints: f.Endpoints, Clients: f.Clients, Rules: f.Rules,
			Fixes: fixesOf(f, loc), FixesFor: whatToDo(f), Notes: f.Notes,
		}
		if f.MaxAttempt > 1 {
			hf.Tried = append(hf.Tried, fmt.Sprintf("the client retried, up to attempt %d", f.MaxAttempt))
		}
		if len(f.RetryAfter) > 0 {
			hf.Tried = append(hf.Tried, "the server asked to wait: retry-after "+strings.Join(f.RetryAfter, ", "))
		}
		if f.MaxRequestBytes > 0 {
			hf.Tried = append(hf.Tried, "largest request body "+english.Bytes(f.MaxRequestBytes))
		}
		hf.Evidence, hf.Sessions = htmlEvidenceGroups(f.Evidence, f.Sessions, loc)
		if f.MoreSessionCalls > 0 {
			hf.Notes = append(slices.Clone(hf.Notes), moreSessions(f.MoreSessionCalls)+".")
		}
		hf.Strip = newStrip(r.Timeline, f, hf.Colour, loc)
		h.Findings = append(h.Findings, hf)
	}
	h.Unclassified, h.UnclassifiedSessions = htmlEvidenceGroups(r.Unclassified, nil, loc)
	h.Unexplained = s.Unclassified
	h.Chart = newChart(r, loc)
	return h
}

// severityCSS sets each severity's colour on its findings, from severityColours (constants,
// so trusted as CSS).
func severityCSS() template.CSS {
	var b strings.Builder
	for _, sev := range []model.Severity{model.Critical, model.Error, model.Warning, model.Info} {
		fmt.Fprintf(&b, "article.finding.sev-%s { --sev: %s; }\n", sev, severityColours[sev])
	}
	return template.CSS(b.String())
}

func htmlEvidenceOf(e model.Evidence, loc *time.Location) htmlEvidence {
	h := htmlEvidence{Source: oneLine(e.Source), RequestID: oneLine(e.RequestID), Endpoint: oneLine(e.Endpoint), Detail: oneLine(e.Detail)}
	if !e.Time.IsZero() {
		h.Time = e.Time.In(loc).Format("2006-01-02 15:04:05.000")
	}
	if e.Status != 0 {
		h.Status = strconv.Itoa(e.Status)
	}
	return h
}

func htmlStatusName(c int) string {
	if c == 0 {
		return "no response"
	}
	return strconv.Itoa(c)
}

func htmlStamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04:05 MST")
}

// htmlZone names the zone times are printed in, with its offset at t.
func htmlZone(loc *time.Location, t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	name := loc.String()
	if name == "Local" {
		name = t.In(loc).Format("MST")
	}
	return name + " (UTC" + t.In(loc).Format("-07:00") + ")"
}

var htmlPage = template.Must(template.Must(template.New("html").Funcs(template.FuncMap{"plural": english.Plural}).Parse(htmlTemplate + htmlSessionsTemplate)).Parse(timelineTemplate))

// htmlTemplate is the page. The Content-Security-Policy allows inline styles and data:
// images and nothing else: no script runs and nothing is fetched, whatever the input held.
const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="claudelog">
<title>{{.Title}}</title>
<style>
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #dadce0; --panel: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1180px; margin: 0 auto; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 17px; margin: 0 0 8px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
p.lead { color: var(--muted); margin: 0 0 16px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 0; list-style: none; }
.chips li { background: var(--panel); border: 1px solid var(--rule); border-radius: 12px; padding: 0 10px; }
{{.TimelineCSS}}
article.finding { --sev: #555555; border: 1px solid var(--rule); border-left: 6px solid var(--sev); border-radius: 6px; padding: 14px 18px; margin: 0 0 18px; }
.badge { display: inline-block; background: var(--sev); color: #fff; font-weight: 700; font-size: 12px; letter-spacing: .04em; text-transform: uppercase; padding: 2px 10px; border-radius: 4px; }
.count { color: var(--muted); font-weight: 400; }
table.evidence { border-collapse: collapse; width: 100%; margin: 10px 0; font-size: 13px; table-layout: auto; }
table.evidence th, table.evidence td { border: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.evidence .nowrap, table.evidence th { white-space: nowrap; overflow-wrap: normal; }
table.evidence th { background: var(--panel); font-weight: 600; }
.note { background: #fff8e1; border-left: 4px solid #f2b600; padding: 6px 12px; margin: 8px 0; }
ul.fixes { margin: 6px 0 0; padding-left: 22px; }
p.verdict { font-size: 18px; margin: 12px 0 8px; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; }
{{.SeverityCSS}}
@media print { body { padding: 0; } article.finding { break-inside: avoid; } }
@media (max-width: 700px) { body { padding: 12px 12px 32px; } article.finding { padding: 10px 10px; } table.evidence th, table.evidence .nowrap { white-space: normal; overflow-wrap: anywhere; } }
</style>
</head>
<body>
<main>
<header>
<h1>{{.Heading}}</h1>
<p class="verdict"><strong>{{.Verdict}}</strong></p>
<p class="lead">A report by claudelog. Secrets and conversation text were redacted before it was written. Times are in {{.Zone}}.</p>
</header>

<section id="summary">
<h2>Summary</h2>
<dl class="facts">
<dt>Time window</dt><dd>{{.Window}}</dd>
<dt>Calls</dt><dd>{{.Calls}}, of which {{.Failures}} failed</dd>
{{- if .ByStatus}}
<dt>Failures by status</dt><dd><ul class="chips">{{range .ByStatus}}<li>{{.Name}} × {{.Count}}</li>{{end}}</ul></dd>
{{- end}}
<dt>Findings</dt><dd>{{len .Findings}}</dd>
{{- range .Inputs}}
<dt>Input</dt><dd><code>{{.Path}}</code> ({{.Format}}, {{.Events}} {{plural .Events "call" "calls"}}, {{.Failures}} failed, {{.Warnings}} {{plural .Warnings "warning" "warnings"}})</dd>
{{- end}}
{{- if .Filtered}}
<dt>Left out by --since/--until</dt><dd>{{.Filtered}} {{plural .Filtered "event" "events"}}</dd>
{{- end}}
</dl>
</section>

<section id="timeline">
<h2>Timeline</h2>
{{template "timeline" .Chart}}
</section>

<section id="findings">
<h2>Findings</h2>
{{- if not .Findings}}
<p>{{if .Failures}}No rule explains the failures; see the sample below.{{else}}No failures found.{{end}}</p>
{{- end}}
{{- range .Findings}}
<article class="finding sev-{{.Severity}}" id="{{.ID}}">
<h3><span class="badge">{{.Severity}}</span><span>{{.N}}. {{.Title}}</span></h3>
{{- with .Strip}}{{template "strip" .}}{{end}}
<dl class="facts">
<dt>Cause</dt><dd><code>{{.Cause}}</code> ({{.Kind}})</dd>
<dt>Failed calls</dt><dd>{{.Count}}</dd>
{{- if .FirstSeen}}
<dt>First seen</dt><dd>{{.FirstSeen}}</dd>
<dt>Last seen</dt><dd>{{.LastSeen}}</dd>
{{- end}}
{{- if .Statuses}}
<dt>HTTP status</dt><dd>{{.Statuses}}</dd>
{{- end}}
{{- if .ErrorTypes}}
<dt>Error types</dt><dd>{{range $i, $t := .ErrorTypes}}{{if $i}}, {{end}}<code>{{$t}}</code>{{end}}</dd>
{{- end}}
{{- if .Endpoints}}
<dt>Endpoints</dt><dd>{{range $i, $e := .Endpoints}}{{if $i}}<br>{{end}}<code>{{$e}}</code>{{end}}</dd>
{{- end}}
{{- if .Clients}}
<dt>Client</dt><dd>{{range $i, $c := .Clients}}{{if $i}}, {{end}}<code>{{$c}}</code>{{end}}</dd>
{{- end}}
{{- if .Tried}}
<dt>Retries, size</dt><dd>{{range $i, $t := .Tried}}{{if $i}}; {{end}}{{$t}}{{end}}</dd>
{{- end}}
{{- if .Rules}}
<dt>Rules</dt><dd>{{range $i, $r := .Rules}}{{if $i}}, {{end}}<code>{{$r}}</code>{{end}}</dd>
{{- end}}
</dl>
{{- if .Evidence}}
{{template "evidence" .Evidence}}
{{- end}}
{{- if .Sessions}}
{{template "sessions" .Sessions}}
{{- end}}
{{- range .Notes}}
<p class="note">{{.}}</p>
{{- end}}
{{- if .Fixes}}
<p><strong>{{.FixesFor}}</strong></p>
<ul class="fixes">
{{- range .Fixes}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
</article>
{{- end}}
</section>
{{- if or .Unclassified .UnclassifiedSessions}}

<section id="unclassified">
<h2>Failures no rule explains</h2>
<p>{{.Unexplained}} failed {{plural .Unexplained "call" "calls"}} matched no rule; claudelog does not guess a cause for them. A sample:</p>
{{- if .Unclassified}}
{{template "evidence" .Unclassified}}
{{- end}}
{{- if .UnclassifiedSessions}}
{{template "sessions" .UnclassifiedSessions}}
{{- end}}
</section>
{{- end}}
{{- if .Notes}}

<section id="notes">
<h2>What the input could not tell</h2>
{{- range .Notes}}
<p class="note">{{.}}</p>
{{- end}}
</section>
{{- end}}

<footer>
<p>Made by claudelog. This page is one file: it loads nothing from the network and runs no script.</p>
</footer>
</main>
</body>
</html>
{{define "evidence"}}<table class="evidence">
<thead><tr><th>Source</th><th>Time</th><th>Status</th><th>Request id</th><th>Endpoint</th><th>Detail</th></tr></thead>
<tbody>
{{- range .}}
<tr><td class="mono">{{.Source}}</td><td class="mono nowrap">{{.Time}}</td><td class="nowrap">{{.Status}}</td><td class="mono">{{.RequestID}}</td><td class="mono">{{.Endpoint}}</td><td class="mono">{{.Detail}}</td></tr>
{{- end}}
</tbody>
</table>{{end}}`
