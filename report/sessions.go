package report

import (
	"strings"
	"time"

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

// sessionEvidence is the evidence of one session, in the sample's order. A session's
// subagents write their own transcripts with its id: they are one session here, started at
// the earliest of their times.
type sessionEvidence struct {
	Session  model.Session
	Evidence []model.Evidence
}

// groupBySession splits evidence into what names no session (in order) and groups by
// project folder and session, each in the order of its first piece of evidence. ok is false
// when no evidence names a session.
func groupBySession(ev []model.Evidence) (plain []model.Evidence, groups []sessionGroup, ok bool) {
	for _, e := range ev {
		if e.Session == nil {
			plain = append(plain, e)
			continue
		}
		ok = true
		gi := -1
		for i := range groups {
			if groups[i].Project == e.Session.Project {
				gi = i
				break
			}
		}
		if gi < 0 {
			groups = append(groups, sessionGroup{Project: e.Session.Project})
			gi = len(groups) - 1
		}
		g := &groups[gi]
		si := -1
		for i := range g.Sessions {
			if g.Sessions[i].Session.ID == e.Session.ID {
				si = i
				break
			}
		}
		if si < 0 {
			g.Sessions = append(g.Sessions, sessionEvidence{Session: *e.Session})
			si = len(g.Sessions) - 1
		}
		if st := &g.Sessions[si].Session.Started; st.IsZero() || !e.Session.Started.IsZero() && e.Session.Started.Before(*st) {
			*st = e.Session.Started
		}
		g.Sessions[si].Evidence = append(g.Sessions[si].Evidence, e)
	}
	return plain, groups, ok
}

// projectName is how a report names a project folder; stream-json sessions have none.
func projectName(p string) string {
	if p == "" {
		return "(no project folder: claude -p output)"
	}
	return p
}

// sessionLine names a session and when it started.
func sessionLine(s model.Session, loc *time.Location) string {
	line := "session " + s.ID
	if !s.Started.IsZero() {
		line += ", started " + s.Started.In(loc).Format("2006-01-02 15:04")
	}
	return line
}

// evidenceBlocks is a finding's (or the unclassified) evidence for the table, one block per
// piece: as evidenceBlock lists it, or, when it names Claude Code sessions, under a line
// per project folder and per session, indented beneath them.
func evidenceBlocks(ev []model.Evidence, loc *time.Location, layout string, width int) string {
	plain, groups, ok := groupBySession(ev)
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
			lines = append(lines, wrapText(sessionLine(s.Session, loc), "     ", "       ", width))
			for _, e := range s.Evidence {
				lines = append(lines, indent(evidenceBlock(e, loc, layout, inner), "    "))
			}
		}
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
	ID, Started string
	Evidence    []htmlEvidence
}

// htmlEvidenceGroups is evidence for the HTML page: what names no session as a list, and
// the rest by project folder and session.
func htmlEvidenceGroups(ev []model.Evidence, loc *time.Location) ([]htmlEvidence, []htmlSessionGroup) {
	plain, groups, ok := groupBySession(ev)
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
<p class="session">Session <code>{{.ID}}</code>{{if .Started}}, started {{.Started}}{{end}}</p>
{{template "evidence" .Evidence}}
{{- end}}
{{- end}}
{{- end}}`
