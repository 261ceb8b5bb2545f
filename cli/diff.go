package cli

import (
	"fmt"
	"slices"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/analyze/diff"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/report"
	"github.com/claudelog/claudelog/rules"
)

const diffUsage = `Usage: claudelog diff [flags] BEFORE AFTER
       claudelog diff [flags] --before PATH... --after PATH...

Did the fix work? Analyses BEFORE and AFTER as 'claudelog analyze' would (HARs, logs, API
error bodies; a directory is walked) and compares them cause by cause: which causes
appeared, which disappeared, which got worse or better, judged by failures per 100 calls
(and per hour when both sides span at least 10 minutes) so that inputs of different sizes
compare. A change must be at least 2 failures at the scale of the smaller side and 20% of
the before rate to count; anything less is "same". The first line is a verdict.

Exit status: 0 compared, 1 a cause appeared or got worse (with --fail-on-regression),
2 a usage error or an input that could not be read at all.

Examples:
  claudelog diff before.har after.har
  claudelog diff -f json --before monday.log --after tuesday.log --after tuesday-2.log
  claudelog diff --fail-on-regression ci-main.log ci-branch.log
`

func (term Terminal) diff(args []string) error {
	fs := term.newFlags("diff", diffUsage)
	format := fs.StringP("format", "f", "", "output format: table (default on a terminal) or json (default otherwise)")
	before := fs.StringArray("before", nil, "a `path` on the before side (repeat for several)")
	after := fs.StringArray("after", nil, "a `path` on the after side (repeat for several)")
	inputFormat := fs.String("input-format", "", "read every input as har, log or json instead of detecting")
	tz := fs.String("tz", "Local", "time zone for printed times and zone-less timestamps (IANA name, UTC or Local)")
	failRegression := fs.Bool("fail-on-regression", false, "exit 1 when a cause appeared or got worse")
	th := patternFlags(fs.FlagSet)
	colorMode := colorFlag(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return err
	}
	color, err := term.color(*colorMode, term.Stdout)
	if err != nil {
		return err
	}
	cfg, err := th.config()
	if err != nil {
		return err
	}
	switch {
	case len(*before) == 0 && len(*after) == 0 && fs.NArg() == 2:
		*before, *after = fs.Args()[:1], fs.Args()[1:]
	case len(*before) > 0 && len(*after) > 0 && fs.NArg() == 0:
	default:
		return usagef("diff takes BEFORE AFTER, or --before PATH... --after PATH..., for example: claudelog diff before.har after.har")
	}
	if slices.Contains(*before, "-") && slices.Contains(*after, "-") {
		return usagef("only one side can be read from standard input")
	}
	loc, err := loadLocation(*tz)
	if err != nil {
		return err
	}
	cfg.Location = loc
	out, err := term.outputFormat(*format, []report.Format{report.FormatTable, report.FormatJSON})
	if err != nil {
		return err
	}
	forced, err := inputFormatFlag(*inputFormat)
	if err != nil {
		return err
	}
	popts := parse.Options{Format: forced, Location: loc}
	// Each side gets its own detectors: a pattern must not span the two.
	rb, badB := term.readInputs(*before, analyze.Options{Detectors: rules.Detectors(cfg)}, popts, fs.showProgress(), nil)
	ra, badA := term.readInputs(*after, analyze.Options{Detectors: rules.Detectors(cfg)}, popts, fs.showProgress(), nil)
	d := diff.Compare(rb, ra)
	ropts := report.Options{Location: loc, Width: term.width(term.Stdout), Color: color}
	if out == report.FormatJSON {
		err = report.DiffJSON(term.Stdout, d, ropts)
	} else {
		err = report.DiffTable(term.Stdout, d, ropts)
	}
	if err != nil {
		return err
	}
	if n := badB + badA; n > 0 {
		return &exitError{code: exitTrouble, msg: fmt.Sprintf("%d of %d inputs could not be read", n, n+len(rb.Inputs)+len(ra.Inputs))}
	}
	if *failRegression {
		for _, c := range d.Causes {
			if c.Change == diff.Appeared || c.Change == diff.Worse {
				return &exitError{code: exitFailOn, msg: fmt.Sprintf("--fail-on-regression: %s %s", c.Cause.ID, c.Change)}
			}
		}
	}
	return nil
}
