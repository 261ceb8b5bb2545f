// Package rules is claudelog's catalog: every rule as a plain value with its id, cause,
// severity, documentation and fixes. analyze runs the catalog; `claudelog rules` and
// `claudelog explain` print it, so what users read is what the code runs.
//
// Registering a rule is adding a value to a family's list (capacity.go, limits.go, auth.go,
// request.go, network.go, web.go, cloud.go); All joins the families in one explicit list.
package rules

import (
	"strings"

	"github.com/claudelog/claudelog/model"
)

// Rule is one check of the catalog: it classifies one event (Match), or, for a pattern
// cause, describes the detector that judges a window of events (Over).
//
// An event rule classifies one event. Rules are tried from the highest Priority down and the first
// match wins, so a specific rule (credit balance too low → billing) takes precedence over
// a general one (400 → invalid_request): one event, one cause.
type Rule struct {
	ID       string         // stable rule id, e.g. "overloaded-529"
	Cause    string         // a Cause.ID
	Severity model.Severity // the default severity of a match
	Priority int            // higher runs first; see the Priority* constants
	Title    string         // one line, for `claudelog rules`
	Doc      string         // how the rule detects its cause, for `explain`
	Fixes    []string       // what to do, most useful first: the developer's steps (an SDK or the API)
	// On, when set, holds this rule's own steps for other surfaces, ahead of its cause's
	// (surfaceSteps; FixesFor decides which list a finding shows).
	On map[model.Surface][]string
	// Keywords, when set, are lower-case literals of which at least one must occur in the
	// event's Text before Match runs: a cheap prefilter, as gitleaks does.
	Keywords []string
	// Match reports whether the rule explains the event. It must not retain e. A check over
	// time has no Match: its detector (package window, run through Detectors) judges a
	// window of events, and Title and Doc carry the thresholds in effect.
	Match func(e *model.Event) bool
	// Grade, when set, adjusts the severity for one event: a blocked analytics beacon is
	// info, a blocked completion call is error.
	Grade func(e *model.Event, s model.Severity) model.Severity
	// Over is true for a check over time: a detector of package window, not a Match.
	Over bool
}

// Priorities order rules from the most specific to the most general.
const (
	PriorityWording  = 300 // a specific message or error code ("credit balance is too low")
	PriorityType     = 200 // an error.type or a named transport error
	PriorityStatus   = 100 // a bare HTTP status
	PriorityFallback = 0   // catch-alls
)

// SeverityFor returns the severity of the rule's match on e.
func (r *Rule) SeverityFor(e *model.Event) model.Severity {
	if r.Grade != nil {
		return r.Grade(e, r.Severity)
	}
	return r.Severity
}

// Matches runs the keyword prefilter and then Match. text is e.Text(), computed once by
// the caller for all rules.
func (r *Rule) Matches(e *model.Event, text string) bool {
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
