package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/claudelog/claudelog/report"
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
	rows := [][4]string{{"RULE", "CAUSE", "SEVERITY", "MATCHES"}}
	for _, r := range rules.All() {
		what := r.Title
		if r.Over {
			what += " (pattern over time)"
		}
		rows = append(rows, [4]string{r.ID, r.Cause, r.Severity.String(), what})
	}
	_, err := io.WriteString(term.Stdout, rulesTable(rows, term.width(term.Stdout)))
	return err
}

// rulesTable lays out the rules in columns two spaces apart, fitted to width (0: no
// limit). When MATCHES does not fit beside the other columns, it wraps under its own
// column while that keeps minWrapRoom columns, else it goes on the lines below each rule,
// indented; narrower than the first three columns, each rule is one line of
// "id · cause · severity" with MATCHES below. A script reading a pipe gets the one-line
// rows: a pipe has no width.
func rulesTable(rows [][4]string, width int) string {
	var col [3]int
	matches := 0
	for _, r := range rows {
		for i := range col {
			col[i] = max(col[i], columns(r[i])+2)
		}
		matches = max(matches, columns(r[3]))
	}
	fixed := col[0] + col[1] + col[2]
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-columns(s)) }
	const below = "    "
	var b strings.Builder
	for i, r := range rows {
		left := pad(r[0], col[0]) + pad(r[1], col[1]) + pad(r[2], col[2])
		switch {
		case width <= 0 || fixed+matches <= width:
			fmt.Fprintf(&b, "%s%s\n", left, r[3])
		case width-fixed >= minWrapRoom:
			b.WriteString(strings.Join(report.WrapLines(r[3], left, strings.Repeat(" ", fixed), width), "\n") + "\n")
		case fixed-2 <= width:
			b.WriteString(strings.TrimRight(left, " ") + "\n")
			b.WriteString(strings.Join(report.WrapLines(r[3], below, below, width), "\n") + "\n")
		default:
			if i == 0 {
				continue // no columns to head
			}
			b.WriteString(strings.Join(report.WrapLines(r[0]+" · "+r[1]+" · "+r[2], "", below, width), "\n") + "\n")
			b.WriteString(strings.Join(report.WrapLines(r[3], below, below, width), "\n") + "\n")
		}
	}
	return b.String()
}
