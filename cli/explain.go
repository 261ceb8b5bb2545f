package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/claudelog/claudelog/analyze/patterns"
	"github.com/claudelog/claudelog/rules"
)

func (term Terminal) explain(args []string) error {
	fs := term.newFlags("explain", "Usage: claudelog explain CAUSE\n\nSays what a cause means, how claudelog detects it and how to fix it.\nCAUSE is a cause id (see 'claudelog rules') or a rule id.\n")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("explain takes one cause id, for example: claudelog explain overloaded")
	}
	id := strings.ToLower(strings.TrimSpace(fs.Arg(0)))
	cause, ok := rules.CauseByID(id)
	if !ok {
		for _, r := range rules.All() {
			if r.ID == id {
				cause, ok = rules.CauseByID(r.Cause)
				break
			}
		}
		for _, d := range patterns.Catalog(patterns.Defaults()) {
			if !ok && d.ID == id {
				cause, ok = rules.CauseByID(d.Cause)
			}
		}
	}
	if !ok {
		ids := make([]string, 0)
		for _, c := range rules.Causes() {
			ids = append(ids, c.ID)
		}
		return usagef("unknown cause %q; the causes are: %s", fs.Arg(0), strings.Join(ids, ", "))
	}
	w := term.Stdout
	fmt.Fprintf(w, "%s (%s cause)\n%s\n\n%s\n", cause.ID, cause.Kind, cause.Title, strings.TrimSpace(cause.Doc))
	// What claudelog runs for this cause: the event rules and the pattern detectors.
	type detection struct {
		id, severity, doc string
		fixes             []string
	}
	var ds []detection
	for _, r := range rules.RulesFor(cause.ID) {
		ds = append(ds, detection{r.ID, r.Severity.String(), r.Doc, r.Fixes})
	}
	for _, d := range patterns.Catalog(patterns.Defaults()) {
		if d.Cause == cause.ID {
			ds = append(ds, detection{d.ID, d.Severity.String(), d.Doc, d.Fixes})
		}
	}
	if len(ds) > 0 {
		fmt.Fprintf(w, "\nHow claudelog detects it:\n")
		for _, d := range ds {
			fmt.Fprintf(w, "  %s (%s): %s\n", d.id, d.severity, indent(strings.TrimSpace(d.doc), "    "))
		}
		fmt.Fprintf(w, "\nHow to fix it:\n")
		var seen []string
		for _, d := range ds {
			for _, f := range d.fixes {
				if !slices.Contains(seen, f) {
					seen = append(seen, f)
					fmt.Fprintf(w, "  - %s\n", f)
				}
			}
		}
	}
	if cause.Support != "" {
		fmt.Fprintf(w, "\nWhat support needs:\n  %s\n", cause.Support)
	}
	return nil
}

func indent(s, prefix string) string { return strings.ReplaceAll(s, "\n", "\n"+prefix) }
