package cli

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/report"
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
	width := term.proseWidthOf(w)
	if via != "" {
		fmt.Fprintf(w, "%s\n\n", wrapWords(via, "", "", width))
	}
	fmt.Fprintf(w, "%s (%s cause)\n%s\n\n", cause.ID, cause.Kind, wrapWords(cause.Title, "", "", width))
	for i, para := range strings.Split(strings.TrimSpace(cause.Doc), "\n") {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if para = strings.TrimSpace(para); para != "" {
			lead := ""
			if strings.HasPrefix(para, "- ") {
				lead = "  "
			}
			fmt.Fprint(w, wrapWords(para, "", lead, width))
		}
	}
	fmt.Fprintln(w)
	// What claudelog runs for this cause: its checks, over one event or over time.
	ds := rules.RulesFor(cause.ID)
	if len(ds) > 0 {
		fmt.Fprintf(w, "\nHow claudelog detects it:\n")
		for _, d := range ds {
			fmt.Fprintln(w, wrapWords(fmt.Sprintf("%s (%s): %s", d.ID, d.Severity, strings.Join(strings.Fields(d.Doc), " ")), "  ", "    ", width))
		}
		explainFixes(w, ds, width)
	}
	if cause.Support != "" {
		fmt.Fprintf(w, "\nWhat support needs:\n%s\n", wrapWords(cause.Support, "  ", "  ", width))
	}
	return nil
}

// explainFixes writes the steps of every surface under its own heading, the developer's
// first: the rules' Fixes, then each surface's (rules.FixesFor). A surface whose steps are
// the developer's says so instead of repeating them.
func explainFixes(w io.Writer, ds []rules.Rule, width int) {
	fmt.Fprintf(w, "\nHow to fix it:\n")
	var dev []string
	for _, s := range model.Surfaces {
		var steps []string
		for i := range ds {
			fixes := ds[i].Fixes
			if s != model.SurfaceAPI {
				fixes = rules.FixesFor(&ds[i], s)
			}
			for _, f := range fixes {
				if !slices.Contains(steps, f) {
					steps = append(steps, f)
				}
			}
		}
		if s == model.SurfaceAPI {
			dev = steps
		}
		fmt.Fprintf(w, "\n  %s:\n", s.Label())
		if s != model.SurfaceAPI && slices.Equal(steps, dev) {
			fmt.Fprintln(w, "    The same as for developers.")
			continue
		}
		for _, f := range steps {
			fmt.Fprintln(w, wrapWords(model.FillReset(f, ""), "    - ", "      ", width))
		}
	}
}

// wrapWords breaks s into lines of at most width columns (no limit when width is 0), the
// first led by first and the others by rest, with report's wrap so that explain, help and
// the report break lines alike.
func wrapWords(s, first, rest string, width int) string {
	if strings.TrimSpace(s) == "" {
		return strings.TrimRight(first, " ")
	}
	return strings.Join(report.WrapLines(s, first, rest, width), "\n")
}

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
