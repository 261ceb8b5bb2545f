package rules

import (
	"slices"
	"sync"

	"github.com/claudelog/claudelog/parse/event"
)

// families is the catalog in one explicit list: adding a rule is adding a value to one of
// these slices, nothing else. Within one priority the first family listed wins, but no
// answer depends on that: rules of equal priority are written not to overlap, and
// TestFamilyOrderDoesNotMatter classifies every table case with the families reversed.
// Pattern causes have no event rules; their detectors live in analyze.
func families() [][]Rule {
	return [][]Rule{
		webRules,      // edge and claude.ai: challenges and region blocks explain a 403 before anything else
		limitsRules,   // billing and limits: their 400s and 429s beat the generic status rules
		authRules,     // credentials and client setup
		requestRules,  // request content; holds the 4xx catch-all
		capacityRules, // server side; holds the 5xx catch-all
		cloudRules,    // Bedrock and Vertex AI codes
		networkRules,  // transport failures, only when no HTTP error status came back
	}
}

// catalog is All's result, built once.
var catalog = sync.OnceValue(func() []Rule { return join(families()) })

// join concatenates the families and sorts the rules by priority, highest first, keeping
// the list order within a priority.
func join(fams [][]Rule) []Rule {
	var all []Rule
	for _, f := range fams {
		all = append(all, f...)
	}
	slices.SortStableFunc(all, func(a, b Rule) int { return b.Priority - a.Priority })
	return all
}

// classifyWith is Classify over a given rule list, so tests can try other orders.
func classifyWith(rules []Rule, e *event.Event) (r *Rule, sev Severity, ok bool) {
	if !e.Failed() {
		return nil, Info, false
	}
	text := e.Text()
	for i := range rules {
		if rules[i].Matches(e, text) {
			return &rules[i], rules[i].SeverityFor(e), true
		}
	}
	return nil, Info, false
}

// All returns every event rule in the order Classify tries them: highest Priority first,
// and within a priority in the order of the family list. The slice is a copy.
func All() []Rule { return slices.Clone(catalog()) }

// Classify finds the rule that explains a failed event: the rules run in All's order and
// the first match wins, so one event gets one cause. It returns ok false for a success
// (a 200 kept for the pattern detectors) and for a failure no rule can explain, such as a
// Firefox entry with status 0 and no reason: there is nothing honest to say about it, and
// the analyzer counts it as unclassified. r points into the catalog: read it, do not modify it.
func Classify(e *event.Event) (r *Rule, sev Severity, ok bool) {
	return classifyWith(catalog(), e)
}

// RulesFor returns the rules whose cause is the id, in the order Classify tries them; none
// for a pattern cause or an unknown id.
func RulesFor(cause string) []Rule {
	var out []Rule
	for _, r := range catalog() {
		if r.Cause == cause {
			out = append(out, r)
		}
	}
	return out
}
