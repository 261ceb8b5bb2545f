package model

import "time"

// Session names the Claude Code session an event was read from (parse/claudecode), so
// that a report over a projects folder of hundreds of sessions says which ones failed and
// when. The reader makes one value per session and every event of it points to that value;
// nothing changes it afterwards.
type Session struct {
	// Project is the project folder the transcript lies in ("-home-u-src-app": Claude Code
	// names it after the working directory). It comes from the input's path, which the
	// report prints anyway, never from the record's cwd. "" for stream-json and results.
	Project string
	ID      string    // the sessionId (session_id in stream-json), a UUID
	Started time.Time // the session's first timestamp in the input; zero when it has none
}

// SessionFailures is what one Claude Code session contributed to a finding.
type SessionFailures struct {
	// Session is a copy of the session; Started is the earliest of its transcripts' (a
	// session's subagents write transcripts of their own under its id).
	Session Session
	Count   int       // the finding's failed calls in the session
	First   time.Time // the first and last of them; zero when they had no time
	Last    time.Time
}

// MaxSessions bounds the sessions a finding lists: the first ones met, in input order.
const MaxSessions = 50
