package claudecode

import (
	"path/filepath"
	"time"

	"github.com/claudelog/claudelog/model"
)

// see follows the session of the records: a record naming another session id starts a
// new one, and the first timestamp after that is its start.
func (p *reader) see(t top) {
	// Most records name the session already followed: compared without a conversion, they
	// cost no allocation.
	if len(t.sessionID) > 0 && string(t.sessionID) != p.sessID {
		if id := cleanSessionID(t.sessionID); id != "" {
			p.sessID, p.started, p.sess = id, time.Time{}, nil
			if t.stream {
				p.project = "" // stream-json is printed anywhere: its folder says nothing
			}
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

// cleanSessionID returns id when it has a session id's shape (a UUID; at least a word of at
// most 64 bytes), else "".
func cleanSessionID(id []byte) string {
	return word(string(id))
}
