package main

// Per session (issue #15): every piece of evidence from a transcript names its project
// folder, session id and first time, and the table and the HTML page group the evidence by
// project folder and session.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ccProjects writes a projects folder: two sessions in one project, one in another, and a
// subagent transcript of the first session.
func ccProjects(t *testing.T) (dir string, ids [3]string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "projects")
	ids = [3]string{"aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002", "cccccccc-0000-4000-8000-000000000003"}
	day := "2026-11-30"
	files := []struct{ path, data string }{
		{filepath.Join("-home-dev-shop", ids[0]+".jsonl"), ccSession(ids[0], day, 0,
			ccFailure(ids[0], day+"T10:05:00Z", 529, "overloaded", "API Error: 529 Overloaded"))},
		{filepath.Join("-home-dev-shop", ids[0], "subagents", "agent-a1.jsonl"), ccSession(ids[0], day, 600,
			ccFailure(ids[0], day+"T10:20:00Z", 529, "overloaded", "API Error: 529 Overloaded"))},
		{filepath.Join("-home-dev-shop", ids[1]+".jsonl"), ccSession(ids[1], day, 1800,
			ccFailure(ids[1], day+"T10:40:00Z", 529, "overloaded", "API Error: 529 Overloaded"))},
		{filepath.Join("-home-dev-blog", ids[2]+".jsonl"), ccSession(ids[2], day, 3000,
			ccFailure(ids[2], day+"T11:00:00Z", 400, "billing_error", "Credit balance is too low"))},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, ids
}

func TestClaudeCodeSessions(t *testing.T) {
	dir, ids := ccProjects(t)
	var out, errb bytes.Buffer
	if code := run([]string{"analyze", "-f", "json", "--tz", "UTC", dir}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var r struct {
		Findings []struct {
			Cause    string `json:"cause"`
			Sessions []struct {
				Project  string `json:"project"`
				ID       string `json:"id"`
				Started  string `json:"started"`
				Failures int    `json:"failures"`
				First    string `json:"first_seen"`
				Last     string `json:"last_seen"`
			} `json:"sessions"`
			Evidence []struct {
				Source  string `json:"source"`
				Session *struct {
					Project string `json:"project"`
					ID      string `json:"id"`
					Started string `json:"started"`
				} `json:"session"`
			} `json:"evidence"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	// The session's first time is its prompt's (ccSession: second i of 10:00).
	want := map[string]struct{ project, id, started string }{
		"-home-dev-shop/" + ids[0] + ".jsonl":                    {"-home-dev-shop", ids[0], "2026-11-30T10:00:00Z"},
		"-home-dev-shop/" + ids[0] + "/subagents/agent-a1.jsonl": {"-home-dev-shop", ids[0], "2026-11-30T10:10:00Z"},
		"-home-dev-shop/" + ids[1] + ".jsonl":                    {"-home-dev-shop", ids[1], "2026-11-30T10:30:00Z"},
		"-home-dev-blog/" + ids[2] + ".jsonl":                    {"-home-dev-blog", ids[2], "2026-11-30T10:50:00Z"},
	}
	seen := 0
	for _, f := range r.Findings {
		for _, e := range f.Evidence {
			if e.Session == nil {
				t.Errorf("%s: evidence %s names no session", f.Cause, e.Source)
				continue
			}
			for suffix, w := range want {
				if strings.Contains(filepath.ToSlash(e.Source), suffix+":") {
					seen++
					if e.Session.Project != w.project || e.Session.ID != w.id || e.Session.Started != w.started {
						t.Errorf("%s: session %+v, want %+v", e.Source, *e.Session, w)
					}
				}
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d of %d transcripts' evidence seen", seen, len(want))
	}
	// Each finding lists its sessions with their counts; the subagent's failure is its
	// session's.
	var listed []string
	for _, f := range r.Findings {
		for _, s := range f.Sessions {
			listed = append(listed, fmt.Sprintf("%s %s %s %s %d %s %s", f.Cause, s.Project, s.ID[:8], s.Started, s.Failures, s.First, s.Last))
		}
	}
	wantListed := []string{
		"billing -home-dev-blog cccccccc 2026-11-30T10:50:00Z 1 2026-11-30T11:00:00Z 2026-11-30T11:00:00Z",
		"overloaded -home-dev-shop aaaaaaaa 2026-11-30T10:00:00Z 2 2026-11-30T10:05:00Z 2026-11-30T10:20:00Z",
		"overloaded -home-dev-shop bbbbbbbb 2026-11-30T10:30:00Z 1 2026-11-30T10:40:00Z 2026-11-30T10:40:00Z",
	}
	if strings.Join(listed, "\n") != strings.Join(wantListed, "\n") {
		t.Errorf("finding sessions:\n%s\nwant\n%s", strings.Join(listed, "\n"), strings.Join(wantListed, "\n"))
	}

	// The table: a line per project, a line per session (a subagent's transcript is its
	// session's, started at the earlier time), the evidence beneath.
	out.Reset()
	if code := run([]string{"analyze", "-f", "table", "--tz", "UTC", dir}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("table: exit %d", code)
	}
	table := out.String()
	for _, s := range []string{
		"   project -home-dev-shop\n     session " + ids[0] + ", started 2026-11-30 10:00: 2 failed calls at 10:05:00 – 10:20:00\n       ",
		"     session " + ids[1] + ", started 2026-11-30 10:30: 1 failed call at 10:40:00\n       ",
		"   project -home-dev-blog\n     session " + ids[2] + ", started 2026-11-30 10:50: 1 failed call at 11:00:00\n       ",
	} {
		if !strings.Contains(table, s) {
			t.Errorf("table lacks %q:\n%s", s, table)
		}
	}
	if n := strings.Count(table, "session "+ids[0]); n != 1 {
		t.Errorf("table: session %s named %d times, want once (its subagent is part of it)", ids[0], n)
	}

	out.Reset()
	if code := run([]string{"analyze", "-f", "html", "--tz", "UTC", dir}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("html: exit %d", code)
	}
	page := out.String()
	for _, s := range []string{"<strong>Project</strong> <code>-home-dev-shop</code>", "<strong>Project</strong> <code>-home-dev-blog</code>",
		"Session <code>" + ids[1] + "</code>, started 2026-11-30 10:30:00 UTC: 1 failed call, 2026-11-30 10:40:00 UTC"} {
		if !strings.Contains(page, s) {
			t.Errorf("html lacks %q", s)
		}
	}
}

// A log is not a session: its evidence carries no session and is listed as before.
func TestNoSessionOutsideClaudeCode(t *testing.T) {
	var out, errb bytes.Buffer
	in := "2026-11-30T10:00:00Z ERROR anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}\n"
	if code := run([]string{"analyze", "-f", "json", "-"}, strings.NewReader(in), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if strings.Contains(out.String(), `"session"`) {
		t.Errorf("a log's evidence names a session:\n%s", out.String())
	}
}

// TestClaudeCodeManySessions: a finding over more sessions than it lists names the first
// model.MaxSessions and counts the failed calls of the rest.
func TestClaudeCodeManySessions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "projects", "-home-dev-shop")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const n = 60
	for i := range n {
		id := fmt.Sprintf("%08x-0000-4000-8000-000000000000", i)
		ts := fmt.Sprintf("2026-11-30T%02d:%02d:00Z", 10+i/60, i%60)
		data := ccFailure(id, ts, 400, "billing_error", "Credit balance is too low") + "\n"
		if err := os.WriteFile(filepath.Join(dir, id+".jsonl"), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"analyze", "-f", "json", filepath.Dir(dir)}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var r struct {
		Findings []struct {
			Cause    string `json:"cause"`
			Sessions []struct {
				ID string `json:"id"`
			} `json:"sessions"`
			More int `json:"more_session_failures"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	i := slices.IndexFunc(r.Findings, func(f struct {
		Cause    string `json:"cause"`
		Sessions []struct {
			ID string `json:"id"`
		} `json:"sessions"`
		More int `json:"more_session_failures"`
	}) bool {
		return f.Cause == "billing"
	})
	if i < 0 {
		t.Fatalf("no billing finding: %s", out.String())
	}
	f := r.Findings[i]
	if len(f.Sessions) != 50 || f.More != n-50 || f.Sessions[0].ID[:8] != "00000000" {
		t.Errorf("%d sessions listed, %d calls more, first %v", len(f.Sessions), f.More, f.Sessions[:1])
	}
	out.Reset()
	run([]string{"analyze", "-f", "table", filepath.Dir(dir)}, strings.NewReader(""), &out, &errb)
	if !strings.Contains(out.String(), "and 10 failed calls in further sessions") {
		t.Errorf("the table does not say there are more sessions:\n%s", out.String())
	}
}
