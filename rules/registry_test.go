package rules

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/claudelog/claudelog/model"
)

// causesMD is CAUSES.md's id column, kept here so the test also runs without shared/.
var causesMD = map[string]model.Kind{
	"server_error": model.KindEvent, "overloaded": model.KindEvent, "bad_gateway": model.KindEvent,
	"service_unavailable": model.KindEvent, "gateway_timeout": model.KindEvent, "outage_window": model.KindPattern,
	"rate_limited": model.KindEvent, "rate_limit_burst": model.KindPattern, "retry_storm": model.KindPattern,
	"usage_limit": model.KindEvent, "billing": model.KindEvent, "auth_failed": model.KindEvent,
	"permission_denied": model.KindEvent, "geo_blocked": model.KindEvent, "bot_challenge": model.KindEvent,
	"invalid_request": model.KindEvent, "tool_history_invalid": model.KindEvent, "attachment_rejected": model.KindEvent,
	"model_unsupported": model.KindEvent, "context_too_long": model.KindEvent, "request_too_large": model.KindEvent,
	"payload_timeout": model.KindPattern, "not_found": model.KindEvent, "misconfigured_client": model.KindEvent,
	"client_timeout": model.KindEvent, "network_error": model.KindEvent, "blocked_by_client": model.KindEvent,
	"stream_interrupted": model.KindEvent, "request_cancelled": model.KindEvent,
}

// projectCauses are the ids the project added after CAUSES.md (docs/causes.md): each is
// documented and ruled like the table's, and none may also be in CAUSES.md, so that an id
// the table adopts later is moved into causesMD rather than listed twice.
var projectCauses = map[string]model.Kind{
	"extra_usage_required": model.KindEvent, "thinking_history_invalid": model.KindEvent, "policy_refusal": model.KindEvent,
	"client_version_too_old": model.KindEvent, "output_truncated": model.KindEvent, "empty_completion": model.KindEvent,
	"malformed_tool_use": model.KindEvent,
}

// knownCause looks an id up in CAUSES.md's list and then in the project's.
func knownCause(id string) (model.Kind, bool) {
	if k, ok := causesMD[id]; ok {
		return k, true
	}
	k, ok := projectCauses[id]
	return k, ok
}

var causeRow = regexp.MustCompile("^\\| `([a-z_]+)` \\| (event|pattern) \\|")

// TestCausesMatchCausesMD reads shared/CAUSES.md when it is there and checks that the
// hard-coded list above, and so the catalog, agree with it both ways round.
func TestCausesMatchCausesMD(t *testing.T) {
	f, err := os.Open("../../shared/CAUSES.md")
	if err != nil {
		t.Skipf("CAUSES.md not available (%v); the hard-coded list is checked by TestCauses", err)
	}
	defer f.Close()
	found := map[string]model.Kind{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := causeRow.FindStringSubmatch(sc.Text()); m != nil {
			found[m[1]] = model.Kind(m[2])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		t.Fatal("no cause rows parsed from CAUSES.md: has the table format changed?")
	}
	for id, kind := range found {
		if k, ok := causesMD[id]; !ok || k != kind {
			t.Errorf("CAUSES.md has %s (%s); the test's list says %q", id, kind, k)
		}
	}
	for id := range causesMD {
		if _, ok := found[id]; !ok {
			t.Errorf("the test's list has %s, CAUSES.md does not", id)
		}
	}
	for id := range projectCauses {
		if _, ok := found[id]; ok {
			t.Errorf("CAUSES.md now has the project's id %s: move it into causesMD", id)
		}
	}
}

// TestChecksOverTime validates the catalog's checks over time as TestRules does the event
// rules: one list holds both, so ids are unique across it.
func TestChecksOverTime(t *testing.T) {
	seen := map[string]bool{}
	over := 0
	for _, r := range All() {
		if seen[r.ID] {
			t.Errorf("check %s: id used twice in the catalog", r.ID)
		}
		seen[r.ID] = true
		if !r.Over {
			if r.Match == nil {
				t.Errorf("event rule %s has no Match", r.ID)
			}
			continue
		}
		over++
		if !ruleID.MatchString(r.ID) || r.Match != nil || r.Title == "" || r.Doc == "" || len(r.Fixes) == 0 {
			t.Errorf("check over time %s: want a kebab-case id, no Match, a title, a doc and fixes", r.ID)
		}
		if _, ok := CauseByID(r.Cause); !ok {
			t.Errorf("check over time %s: unknown cause %q", r.ID, r.Cause)
		}
	}
	if over != len(DefaultDetectors())+2 { // burst, storm and outage share one detector
		t.Errorf("%d checks over time for %d detectors", over, len(DefaultDetectors()))
	}
}

// TestCauses checks every cause: present, documented, of the right kind, and (for event
// causes) explained by at least one rule.
func TestCauses(t *testing.T) {
	got := map[string]bool{}
	for _, c := range Causes() {
		if got[c.ID] {
			t.Errorf("cause %s listed twice", c.ID)
		}
		got[c.ID] = true
		kind, ok := knownCause(c.ID)
		if !ok {
			t.Errorf("cause %s is neither in CAUSES.md nor one of the project's", c.ID)
			continue
		}
		if c.Kind != kind {
			t.Errorf("cause %s: kind %s, CAUSES.md says %s", c.ID, c.Kind, kind)
		}
		if c.Title == "" || c.Doc == "" {
			t.Errorf("cause %s: empty Title or Doc", c.ID)
		}
		checkTitle(t, "cause "+c.ID, c.Title)
		events, over := 0, 0
		for _, r := range RulesFor(c.ID) {
			if r.Over {
				over++
			} else {
				events++
			}
		}
		if c.Kind == model.KindEvent && events == 0 {
			t.Errorf("event cause %s has no event rule", c.ID)
		}
		if c.Kind == model.KindPattern && (events != 0 || over == 0) {
			t.Errorf("pattern cause %s has %d event rules and %d checks over time; want none and at least one", c.ID, events, over)
		}
		if b, ok := CauseByID(c.ID); !ok || b.ID != c.ID {
			t.Errorf("CauseByID(%q) = %v, %v", c.ID, b.ID, ok)
		}
	}
	for id := range causesMD {
		if !got[id] {
			t.Errorf("CAUSES.md id %s has no Cause", id)
		}
	}
	for id := range projectCauses {
		if !got[id] {
			t.Errorf("the project's id %s has no Cause", id)
		}
	}
	for i, c := range Causes() {
		_, table := causesMD[c.ID]
		if i > 0 && table {
			if _, prevTable := causesMD[Causes()[i-1].ID]; !prevTable {
				t.Errorf("cause %s of CAUSES.md comes after the project's own ids", c.ID)
			}
		}
	}
	if _, ok := CauseByID("no_such_cause"); ok {
		t.Error("CauseByID found an unknown id")
	}
}

var ruleID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// TestRules validates the registry the way analysis.Validate and gitleaks' Rule.Validate do.
func TestRules(t *testing.T) {
	all := EventRules()
	seen := map[string]bool{}
	for i, r := range all {
		name := "rule " + r.ID
		if !ruleID.MatchString(r.ID) {
			t.Errorf("%s: id is not kebab-case", name)
		}
		if seen[r.ID] {
			t.Errorf("%s: id used twice", name)
		}
		seen[r.ID] = true
		c, ok := CauseByID(r.Cause)
		switch {
		case !ok:
			t.Errorf("%s: unknown cause %q", name, r.Cause)
		case c.Kind != model.KindEvent:
			t.Errorf("%s: cause %s is a pattern cause", name, r.Cause)
		}
		if r.Title == "" || r.Doc == "" {
			t.Errorf("%s: empty Title or Doc", name)
		}
		checkTitle(t, name, r.Title)
		if len(r.Fixes) == 0 {
			t.Errorf("%s: no fixes", name)
		}
		for _, f := range r.Fixes {
			if strings.TrimSpace(f) == "" {
				t.Errorf("%s: empty fix", name)
			}
		}
		if r.Match == nil {
			t.Errorf("%s: nil Match", name)
		}
		if r.Grade == nil {
			t.Errorf("%s: nil Grade (every rule grades by surface)", name)
		}
		for _, k := range r.Keywords {
			if k == "" || k != strings.ToLower(k) {
				t.Errorf("%s: keyword %q is not a non-empty lower-case literal", name, k)
			}
		}
		switch r.Priority {
		case PriorityWording, PriorityType, PriorityStatus, PriorityFallback:
		default:
			t.Errorf("%s: priority %d is not one of the Priority* constants", name, r.Priority)
		}
		if i > 0 && all[i-1].Priority < r.Priority {
			t.Errorf("%s: All is not sorted by priority", name)
		}
	}
}

// checkTitle holds titles to the x/tools convention: one short line, no final period.
func checkTitle(t *testing.T, name, title string) {
	t.Helper()
	if len([]rune(title)) > 72 {
		t.Errorf("%s: title longer than 72 characters: %q", name, title)
	}
	if strings.HasSuffix(title, ".") || strings.Contains(title, "\n") {
		t.Errorf("%s: title must be one line without a final period: %q", name, title)
	}
}

// TestAllIsACopy checks that callers cannot reorder the catalog Classify uses.
func TestAllIsACopy(t *testing.T) {
	a := All()
	first := a[0].ID
	a[0].ID = "changed"
	if All()[0].ID != first {
		t.Error("All returned the catalog itself")
	}
}
