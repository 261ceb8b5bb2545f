// Package rules is claudelog's catalog: every rule as a plain value with its id, cause,
// severity, documentation and fixes. analyze runs the catalog; `claudelog rules` and
// `claudelog explain` print it, so what users read is what the code runs.
//
// Registering a rule is adding a value to a family's list (capacity.go, limits.go, auth.go,
// request.go, network.go, web.go, cloud.go); All joins the families in one explicit list.
package rules

import (
	"fmt"
	"strings"

	"github.com/claudelog/claudelog/parse/event"
)

// Severity says how much a finding hurts the user's work in this input.
type Severity int

// The severities, least to most harmful. The zero value is Info.
const (
	Info Severity = iota
	Warning
	Error
	Critical
)

var severityNames = [...]string{"info", "warning", "error", "critical"}

// String returns the severity's lower-case name, as JSON and flags spell it.
func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want info, warning, error or critical)", name)
}

// Kind tells event causes (one event shows them) from pattern causes (several events over
// time show them).
type Kind string

// The kinds of cause.
const (
	KindEvent   Kind = "event"
	KindPattern Kind = "pattern"
)

// Cause is one root-cause id of CAUSES.md with its documentation.
type Cause struct {
	ID      string // the public id, e.g. "overloaded"
	Kind    Kind
	Title   string // one line: what went wrong
	Doc     string // what it means, for `explain`; paragraphs separated by blank lines
	Support string // what to check or send support; may be empty
}

// Rule classifies one event. Rules are tried from the highest Priority down and the first
// match wins, so a specific rule (credit balance too low → billing) takes precedence over
// a general one (400 → invalid_request): one event, one cause.
type Rule struct {
	ID       string   // stable rule id, e.g. "overloaded-529"
	Cause    string   // a Cause.ID
	Severity Severity // the default severity of a match
	Priority int      // higher runs first; see the Priority* constants
	Title    string   // one line, for `claudelog rules`
	Doc      string   // how the rule detects its cause, for `explain`
	Fixes    []string // what to do, most useful first
	// Keywords, when set, are lower-case literals of which at least one must occur in the
	// event's Text before Match runs: a cheap prefilter, as gitleaks does.
	Keywords []string
	// Match reports whether the rule explains the event. It must not retain e.
	Match func(e *event.Event) bool
	// Grade, when set, adjusts the severity for one event: a blocked analytics beacon is
	// info, a blocked completion call is error.
	Grade func(e *event.Event, s Severity) Severity
}

// Priorities order rules from the most specific to the most general.
const (
	PriorityWording  = 300 // a specific message or error code ("credit balance is too low")
	PriorityType     = 200 // an error.type or a named transport error
	PriorityStatus   = 100 // a bare HTTP status
	PriorityFallback = 0   // catch-alls
)

// SeverityFor returns the severity of the rule's match on e.
func (r *Rule) SeverityFor(e *event.Event) Severity {
	if r.Grade != nil {
		return r.Grade(e, r.Severity)
	}
	return r.Severity
}

// Matches runs the keyword prefilter and then Match. text is e.Text(), computed once by
// the caller for all rules.
func (r *Rule) Matches(e *event.Event, text string) bool {
	if len(r.Keywords) > 0 {
		hit := false
		for _, k := range r.Keywords {
			if strings.Contains(text, k) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	return r.Match(e)
}
