package diff

import (
	"fmt"
	"strings"

	"github.com/claudelog/claudelog/internal/english"
)

// maxListed is how many causes a verdict names in one clause before "and N more".
const maxListed = 3

// verdict says in one line whether the change worked. New causes come first (a fix that
// trades one failure for another did not work), then causes that got worse, then what got
// better; a disappearance too small to pass the small-count rule is said to be so.
func verdict(d *Diff) string {
	switch {
	case d.Before.Calls == 0 && d.After.Calls == 0:
		return "Nothing to compare: neither side holds a call."
	case d.Before.Calls == 0:
		return "Cannot compare: the before side holds no calls."
	case d.After.Calls == 0:
		return "Cannot compare: the after side holds no calls."
	}
	var appeared, worse, fixed, weak, same []Cause
	for _, c := range d.Causes {
		switch {
		case c.Change == Appeared:
			appeared = append(appeared, c)
		case c.Change == Worse:
			worse = append(worse, c)
		case c.Change == Better || c.Change == Disappeared && c.Significant:
			fixed = append(fixed, c)
		case c.Change == Disappeared:
			weak = append(weak, c)
		default:
			same = append(same, c)
		}
	}
	name := d.namer()
	var head string
	var clauses []string
	add := func(cs []Cause) {
		if len(cs) > 0 {
			clauses = append(clauses, list(cs, name))
		}
	}
	switch {
	case len(appeared) > 0:
		head = "New problem: "
		add(appeared)
		add(worse)
		add(fixed)
		add(weak)
	case len(worse) > 0:
		head = "Not fixed: "
		add(worse)
		add(fixed)
		add(weak)
		add(same)
	case len(fixed) > 0:
		head = "The fix worked: "
		if len(same) > 0 {
			head = "Partly fixed: "
		}
		add(fixed)
		add(weak)
		add(same)
		clauses = append(clauses, "no new causes")
	case len(weak) > 0:
		head = "Too few events to tell: "
		add(weak)
		add(same)
		clauses = append(clauses, "no new causes")
	case len(same) > 0:
		head = "Not fixed: no significant change; "
		add(same)
	default:
		head = "No change: no failures with a known cause before or after"
	}
	v := head + strings.Join(clauses, "; ") + "."
	if u := d.Unclassified; u.Change == Appeared || u.Change == Worse {
		v += fmt.Sprintf(" %d failed %s after matched no rule (%d before).", u.After.Count, english.Plural(u.After.Count, "call", "calls"), u.Before.Count)
	}
	return v
}

// list names up to maxListed causes: "overloaded disappeared (9 → 0), rate_limited got
// better (8 → 2; 40.0 → 10.0 per 100 calls)".
func list(cs []Cause, name func(Cause) string) string {
	var items []string
	for i, c := range cs {
		if i == maxListed {
			items = append(items, fmt.Sprintf("and %d more", len(cs)-i))
			break
		}
		items = append(items, item(c, name(c)))
	}
	return strings.Join(items, ", ")
}

func item(c Cause, name string) string {
	counts := fmt.Sprintf("%d → %d", c.Before.Count, c.After.Count)
	rates := fmt.Sprintf("%s; %.1f → %.1f per 100 calls", counts, c.Before.Per100Calls, c.After.Per100Calls)
	switch c.Change {
	case Appeared:
		return fmt.Sprintf("%s appeared (%s)", name, counts)
	case Disappeared:
		if !c.Significant {
			return fmt.Sprintf("%s disappeared (%s, too few to be sure)", name, counts)
		}
		return fmt.Sprintf("%s disappeared (%s)", name, counts)
	case Worse:
		return fmt.Sprintf("%s got worse (%s)", name, rates)
	case Better:
		return fmt.Sprintf("%s got better (%s)", name, rates)
	}
	return fmt.Sprintf("%s unchanged (%s)", name, counts)
}

// namer names a cause by its id, with its severity when the diff holds the cause at more
// than one severity.
func (d *Diff) namer() func(Cause) string {
	seen := map[string]int{}
	for _, c := range d.Causes {
		seen[c.Cause.ID]++
	}
	return func(c Cause) string {
		if seen[c.Cause.ID] > 1 {
			return fmt.Sprintf("%s [%s]", c.Cause.ID, c.Severity)
		}
		return c.Cause.ID
	}
}
