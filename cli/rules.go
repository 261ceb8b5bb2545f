package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/claudelog/claudelog/rules"
)

func (term Terminal) rules(args []string) error {
	fs := term.newFlags("rules", "Usage: claudelog rules\n\nLists every rule claudelog runs: its id, the cause it names, its default severity and what it matches.\n")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("rules takes no arguments")
	}
	tw := tabwriter.NewWriter(term.Stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tCAUSE\tSEVERITY\tMATCHES")
	for _, r := range rules.All() {
		what := r.Title
		if r.Over {
			what += " (pattern over time)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Cause, r.Severity, what)
	}
	return tw.Flush()
}
