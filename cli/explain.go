package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

func (term Terminal) explain(args []string) error {
	fs := term.newFlags("explain", "Usage: claudelog explain CAUSE|RULE|STATUS|ERROR\n\nSays what a cause means, how claudelog detects it and how to fix it. The argument is a\ncause id or a rule id (see 'claudelog rules'), an HTTP status (explain 529), an error\ntype or class (explain overloaded_error, explain ThrottlingException) or an error message\n(explain \"credit balance is too low\"): claudelog reads it as it would in an input.\n")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("explain takes one cause id, rule id, status or error type, for example: claudelog explain overloaded")
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
	}
	via := ""
	if !ok {
		cause, via, ok = causeOfWord(fs.Arg(0))
	}
	if !ok {
		ids := make([]string, 0)
		for _, c := range rules.Causes() {
			ids = append(ids, c.ID)
		}
		return usagef("unknown cause %q; the causes are: %s", fs.Arg(0), strings.Join(ids, ", "))
	}
	w := term.Stdout
	if via != "" {
		fmt.Fprintf(w, "%s\n\n", via)
	}
	fmt.Fprintf(w, "%s (%s cause)\n%s\n\n%s\n", cause.ID, cause.Kind, cause.Title, strings.TrimSpace(cause.Doc))
	// What claudelog runs for this cause: its checks, over one event or over time.
	ds := rules.RulesFor(cause.ID)
	if len(ds) > 0 {
		fmt.Fprintf(w, "\nHow claudelog detects it:\n")
		for _, d := range ds {
			fmt.Fprintf(w, "  %s (%s): %s\n", d.ID, d.Severity, indent(strings.TrimSpace(d.Doc), "    "))
		}
		fmt.Fprintf(w, "\nHow to fix it:\n")
		var seen []string
		for _, d := range ds {
			for _, f := range d.Fixes {
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

// causeOfWord reads a status code, an error type or class, or a message as the catalog
// would in an input, on a call to the API: `explain 529` shows what the code does with a
// 529, not a second table that could drift from it. via says how the word was read.
func causeOfWord(word string) (cause model.Cause, via string, ok bool) {
	word = strings.TrimSpace(word)
	api := func() model.Event {
		return model.Event{Method: "POST", Host: "api.anthropic.com", Path: "/v1/messages", Platform: model.PlatformAPI, Format: model.FormatLog}
	}
	var tries []model.Event
	var what string
	if n, err := strconv.Atoi(word); err == nil && n >= 100 && n <= 999 {
		e := api()
		e.Status = n
		tries, what = append(tries, e), "HTTP "+word
	} else {
		byType, byClass, byText := api(), api(), api()
		byType.ErrorType, byClass.Exception, byText.Message = word, word, word
		tries, what = append(tries, byType, byClass, byText), fmt.Sprintf("%q", word)
	}
	for i := range tries {
		if r, _, hit := rules.Classify(&tries[i]); hit {
			if c, found := rules.CauseByID(r.Cause); found {
				return c, fmt.Sprintf("%s is read as %s (rule %s).", what, c.ID, r.ID), true
			}
		}
	}
	return model.Cause{}, "", false
}
