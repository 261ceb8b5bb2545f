package claudecode

import (
	"path/filepath"
	"time"

	"github.com/claudelog/claudelog/model"
)

// see follows the session of the records: a record naming another session id starts a
// new one, and the first timestamp after that is its start.
func (p *reader) see(t top) {
	if id := cleanSessionID(t.sessionID); id != "" && id != p.sessID {
		p.sessID, p.started, p.sess = id, time.Time{}, nil
		if t.stream {
			p.project = "" // stream-json is printed anywhere: its folder says nothing
		}
	}
	if p.started.IsZero() {
		if at := parseTime(t.timestamp); !at.IsZero() {
			p.started, p.sess = at, nil
		}
	}
}

// session is the model.Session of the records being read, made once and then shared; nil
// when the input named no session.
func (p *reader) session() *model.Session {
	if p.sessID == "" {
		return nil
	}
	if p.sess == nil {
		p.sess = &model.Session{Project: p.project, ID: p.sessID, Started: p.started}
	}
	return p.sess
}

// projectOf is the project folder of a transcript at path: Claude Code keeps a session at
// <projects>/<folder>/<session-id>.jsonl and a subagent's at
// <projects>/<folder>/<session-id>/subagents/agent-<id>.jsonl. Standard input has none.
// Only the path is used, which the report prints anyway: the record's cwd, which names
// the same folder in full, is never read.
func projectOf(path string) string {
	if path == "" || path == "-" {
		return ""
	}
	dir := filepath.Dir(path)
	if filepath.Base(dir) == "subagents" {
		dir = filepath.Dir(filepath.Dir(dir))
	}
	base := filepath.Base(dir)
	if base == "." || base == ".." || base == string(filepath.Separator) {
		return ""
	}
	return base
}

// cleanSessionID returns id when it has a session id's shape (a UUID, or at most a word of
// 64 bytes), else "".
func cleanSessionID(id []byte) string {
	if len(id) < 8 {
		return ""
	}
	return word(string(id))
}
