package claudecode

import (
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

func TestProjectOf(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"/home/u/.claude/projects/-home-u-src-app/3f1c.jsonl", "-home-u-src-app"},
		{"/home/u/.claude/projects/-home-u-src-app/3f1c/subagents/agent-a1.jsonl", "-home-u-src-app"},
		{"session.jsonl", ""},
		{"-", ""},
		{"", ""},
	} {
		if got := projectOf(tt.path); got != tt.want {
			t.Errorf("projectOf(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestSession: every event names its session, started at the session's first timestamp
// (a user record's, written after its message); a record of another session id starts a
// new one; stream-json has a session and no project folder.
func TestSession(t *testing.T) {
	other := strings.ReplaceAll(failRec(`,"error":"overloaded","apiErrorStatus":529`, "API Error: 529"), `"s-1"`, `"s-2"`)
	other = strings.ReplaceAll(other, "10:00:05", "11:00:05")
	c := read(t, strings.Join([]string{
		`{"type":"summary","summary":"x","leafUuid":"l"}`,
		userRec("hello"),
		replyRec("req_011CVaaaaaaaa", "claude-sonnet-4-5", "2026-11-30T10:00:02.000Z", "hi"),
		failRec(`,"error":"overloaded","apiErrorStatus":529`, "API Error: 529"),
		other,
	}, "\n"))
	if len(c.evs) != 3 {
		t.Fatalf("%d events", len(c.evs))
	}
	start := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for i, want := range []model.Session{
		{Project: "proj", ID: "s-1", Started: start},
		{Project: "proj", ID: "s-1", Started: start},
		{Project: "proj", ID: "s-2", Started: start.Add(time.Hour + 5*time.Second)},
	} {
		if s := c.evs[i].Session; s == nil || !s.Started.Equal(want.Started) || s.ID != want.ID || s.Project != want.Project {
			t.Errorf("event %d: session %+v, want %+v", i, s, want)
		}
	}
	if c.evs[0].Session != c.evs[1].Session {
		t.Error("the events of one session do not share its value")
	}

	c = read(t, strings.Join([]string{
		`{"type":"system","subtype":"init","cwd":"/w","session_id":"5b2f6c1e-3333","tools":[]}`,
		`{"type":"result","subtype":"success","is_error":true,"result":"Credit balance is too low","session_id":"5b2f6c1e-3333"}`,
	}, "\n"))
	if len(c.evs) != 1 || c.evs[0].Session == nil || c.evs[0].Session.ID != "5b2f6c1e-3333" || c.evs[0].Session.Project != "" {
		t.Errorf("stream-json: %+v", c.evs)
	}
}
