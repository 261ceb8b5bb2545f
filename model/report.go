package model

import "time"

// Input is what one input contributed, for the report's inputs list.
type Input struct {
	Path     string
	Format   Format
	Events   int
	Failures int
	Warnings int
}

// Evidence is one event that backs a finding, as the report shows it.
type Evidence struct {
	Source       string // "path#entry-N", "path:line" or "path@offset"
	Path         string // the input, and the line or entry in it, for annotations
	Line         int
	Entry        int
	Time         time.Time
	Status       int
	RequestID    string
	Endpoint     string
	Detail       string
	RequestBytes int64 // 0 when the input does not say
	// Session is the Claude Code session of the event (Event.Session); nil for other inputs.
	Session *Session
}

// Finding is one root cause found in the input, with what backs it.
type Finding struct {
	Cause      Cause
	Severity   Severity
	Title      string
	Count      int
	FirstSeen  time.Time
	LastSeen   time.Time
	Statuses   []int
	ErrorTypes []string
	Endpoints  []string
	Evidence   []Evidence
	Fixes      []string
	Rules      []string // ids of the rules that matched
	Clients    []string
	// Absorbs, on a pattern finding, counts the events of each event cause it explains.
	Absorbs map[string]int
	// Timeline counts the finding's events on the report's time axis (Report.Timeline);
	// nil for a pattern finding, whose window is FirstSeen–LastSeen.
	Timeline []int
	// Notes are facts about the finding beyond its evidence: a declared incident that
	// overlaps it, what a detector measured.
	Notes []string
	// What the client already tried and how big its calls were, for a support ticket.
	MaxAttempt      int      // the highest attempt number seen (1 = no retry); 0 when unknown
	RetryAfter      []string // the retry-after hints the server sent
	MaxRequestBytes int64    // the largest request body seen; 0 when no size was known

	// Who is asking and when a limit lifts (issue 17: fixes by surface, the reset time).
	// Surface is where most of the finding's events came from; Fixes are that surface's
	// steps (rules.FixesFor), with ResetMark where the reset time goes.
	Surface Surface
	// ResetsAt is the latest time a limit of the finding said it resets (claude.ai's
	// resetsAt, Claude Code's "resets 3pm (Europe/Berlin)", anthropic-ratelimit-*-reset);
	// zero when no input said. ResetText is the time as the input wrote it, kept when it
	// could not be placed on a date ("resets 2am" with no time zone or no event time).
	ResetsAt  time.Time
	ResetText string
	// Sessions are the Claude Code sessions the finding's failed calls came from, in the
	// order they were met, at most MaxSessions; MoreSessionCalls counts the failed calls of
	// sessions past that bound. Both empty for other inputs.
	Sessions         []SessionFailures
	MoreSessionCalls int
}

// Summary counts the whole analysis.
type Summary struct {
	Events       int
	Failures     int
	ByStatus     map[int]int // failures by HTTP status; 0 is "no response"
	Start, End   time.Time
	Unclassified int // failures no rule explains
	Warnings     int
	Filtered     int // events left out by Since/Until
	Untimed      int // of those, events without a time
	// NoTime counts analysed events without a timestamp: they take part in no time pattern.
	NoTime int
	// Bodiless counts HTTP failures whose body the input did not hold, so their cause
	// rests on the status code alone.
	Bodiless int
	// OtherHosts counts the analysed events on hosts that are not Claude's
	// (PlatformOther): a page's assets, analytics, CDNs. The verdict tells an input with
	// no call to Claude by it.
	OtherHosts int
}

// Report is the result of an analysis.
type Report struct {
	Inputs   []Input
	Summary  Summary
	Findings []Finding
	// Unclassified samples the failures no rule explains, so they are shown, not hidden.
	Unclassified []Evidence
	// Notes say what the input could not tell, so that no reader mistakes a gap for a fact.
	Notes []string
	// Timeline counts all calls over time; Failures counts the failed ones on the same axis.
	Timeline Timeline
	Failures []int
	// CauseFailures counts the failures of each event cause on the same axis, those a
	// pattern finding explains included, so a picture can draw every failure in its
	// cause's colour even when its event finding was absorbed. nil when not known.
	CauseFailures map[string][]int
}

// Timeline counts events over time in equal buckets of at least a second. The width is one
// of a ladder of round widths (1 s, 5 s, 15 s, 1, 5, 15 min, 1, 3, 6, 12 h, 1, 7, 14, 28
// days, then doubling), each dividing the next, and Start is a multiple of it, so a picture
// can merge buckets into cells of human units without splitting one.
type Timeline struct {
	Start  time.Time     // the start of the first bucket; zero when no event had a time
	Width  time.Duration // the width of each bucket
	Counts []int         // events per bucket, len ≤ timelineBuckets
}
