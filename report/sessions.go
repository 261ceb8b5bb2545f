package report

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/english"

	"github.com/claudelog/claudelog/model"
)

// Evidence of Claude Code sessions (issue #15) is grouped by project folder, then by
// session, so that a report over a projects folder of hundreds of sessions says which
// sessions failed, when they started and with what. Evidence of other inputs is listed as
// it always was.

// sessionGroup is the evidence of one project folder, session by session.
type sessionGroup struct {
	Project  string
	Sessions []sessionEvidence
}

// sessionEvidence is one session of a finding: how often and when it failed (when the
// finding tallied it; Count 0 otherwise) and its evidence, in the sample's order. A
// session's subagents write their own transcripts with its id: they are one session
// here, started at the earliest of their times.
type sessionEvidence struct {
	model.SessionFailures
	Evidence []model.Evidence
}

// groupBySession groups a finding's sessions (ss, in the order met) and evidence by project
// folder and session, each project and session in the order of its first appearance;
// evidence that names no session is returned apart, in order. ok is false when nothing
// names a session.
func groupBySession(ev []model.Evidence, ss []model.SessionFailures) (plain []model.Evidence, groups []sessionGroup, ok bool) {
	find := func(project, id string) *sessionEvidence {
		gi := slices.IndexFunc(groups, func(g sessionGroup) bool { return g.Project == project })
		if gi < 0 {
			groups = append(groups, sessionGroup{Project: project})
			gi = len(groups) - 1
		}
		g := &groups[gi]
		si := slices.IndexFunc(g.Sessions, func(s sessionEvidence) bool { return s.Session.ID == id })
		if si < 0 {
			g.Sessions = append(g.Sessions, sessionEvidence{SessionFailures: model.SessionFailures{Session: model.Session{Project: project, ID: id}}})
			si = len(g.Sessions) - 1
		}
		return &g.Sessions[si]
	}
	for _, s := range ss {
		find(s.Session.Project, s.Session.ID).SessionFailures = s
	}
	for _, e := range ev {
		if e.Session == nil {
			plain = append(plain, e)
			continue
		}
		se := find(e.Session.Project, e.Session.ID)
		if st := &se.Session.Started; st.IsZero() || !e.Session.Started.IsZero() && e.Session.Started.Before(*st) {
			*st = e.Session.Started
		}
		se.Evidence = append(se.Evidence, e)
	}
	return plain, groups, len(groups) > 0
}

// projectName is how a report names a project folder; stream-json sessions have none.
func projectName(p string) string {
	if p == "" {
		return "(no project folder: claude -p output)"
	}
	return p
}

// sessionLine names a session, when it started, and how often and when it failed.
func sessionLine(s sessionEvidence, loc *time.Location, layout string) string {
	line := "session " + s.Session.ID
	if !s.Session.Started.IsZero() {
		line += ", started " + s.Session.Started.In(loc).Format("2006-01-02 15:04")
	}
	if s.Count > 0 {
		line += ": " + english.Plural(s.Count, "1 failed call", strconv.Itoa(s.Count)+" failed calls")
		if !s.First.IsZero() {
			line += " at " + s.First.In(loc).Format(layout)
			if s.Last.After(s.First) {
				line += " – " + s.Last.In(loc).Format(layout)
			}
		}
	}
	return line
}

// moreSessions says how many failed calls came from sessions past the listed ones.
func moreSessions(n int) string {
	return "and " + english.Plural(n, "1 failed call", strconv.Itoa(n)+" failed calls") +
		" in further sessions (a finding lists " + strconv.Itoa(model.MaxSessions) + ")"
}

// evidenceBlocks is a finding's (or the unclassified) evidence for the table, one block per
// piece: as evidenceBlock lists it, or, when it comes from Claude Code sessions, under a
// line per project folder and per session (with the session's count of failed calls from
// ss), indented beneath them. more is Finding.MoreSessionCalls.
func evidenceBlocks(ev []model.Evidence, ss []model.SessionFailures, more int, loc *time.Location, layout string, width int) string {
	plain, groups, ok := groupBySession(ev, ss)
	if !ok {
		plain = ev
	}
	var lines []string
	for _, e := range plain {
		lines = append(lines, evidenceBlock(e, loc, layout, width))
	}
	inner := width
	if inner > 0 {
		inner = max(width-4, minWidth)
	}
	for _, g := range groups {
		lines = append(lines, wrapText("project "+projectName(g.Project), "   ", "     ", width))
		for _, s := range g.Sessions {
			lines = append(lines, wrapText(sessionLine(s, loc, layout), "     ", "       ", width))
			for _, e := range s.Evidence {
				lines = append(lines, indent(evidenceBlock(e, loc, layout, inner), "    "))
			}
		}
	}
	if more > 0 {
		lines = append(lines, wrapText(moreSessions(more), "   ", "   ", width))
	}
	return strings.Join(lines, "\n")
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// htmlSessionGroup is a project folder's evidence on the HTML page.
type htmlSessionGroup struct {
	Project  string
	Sessions []htmlSession
}

// htmlSession is one session's evidence on the HTML page.
type htmlSession struct {
	ID, Started, Failed string
	Evidence            []htmlEvidence
}

// htmlEvidenceGroups is evidence for the HTML page: what names no session as a list, and
// the rest by project folder and session.
func htmlEvidenceGroups(ev []model.Evidence, ss []model.SessionFailures, loc *time.Location) ([]htmlEvidence, []htmlSessionGroup) {
	plain, groups, ok := groupBySession(ev, ss)
	if !ok {
		plain = ev
	}
	var list []htmlEvidence
	for _, e := range plain {
		list = append(list, htmlEvidenceOf(e, loc))
	}
	var out []htmlSessionGroup
	for _, g := range groups {
		hg := htmlSessionGroup{Project: oneLine(projectName(g.Project))}
		for _, s := range g.Sessions {
			hs := htmlSession{ID: oneLine(s.Session.ID), Started: htmlStamp(s.Session.Started, loc)}
			if s.Count > 0 {
				hs.Failed = english.Plural(s.Count, "1 failed call", strconv.Itoa(s.Count)+" failed calls")
				if !s.First.IsZero() {
					hs.Failed += ", " + htmlStamp(s.First, loc)
					if s.Last.After(s.First) {
						hs.Failed += " – " + htmlStamp(s.Last, loc)
					}
				}
			}
			for _, e := range s.Evidence {
				hs.Evidence = append(hs.Evidence, htmlEvidenceOf(e, loc))
			}
			hg.Sessions = append(hg.Sessions, hs)
		}
		out = append(out, hg)
	}
	return list, out
}

// htmlSessionsTemplate lays out htmlSessionGroups; parsed with the page's template.
const htmlSessionsTemplate = `{{define "sessions"}}
{{- range .}}
<p class="project"><strong>Project</strong> <code>{{.Project}}</code></p>
{{- range .Sessions}}
<p class="session">Session <code>{{.ID}}</code>{{if .Started}}, started {{.Started}}{{end}}{{if .Failed}}: {{.Failed}}{{end}}</p>
{{- if .Evidence}}
{{template "evidence" .Evidence}}
{{- end}}
{{- end}}
{{- end}}
{{- end}}`
