package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/analyze/incidents"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/parse/claudecode"
	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/parse/statuspage"
	"github.com/claudelog/claudelog/report"
	"github.com/claudelog/claudelog/rules"
)

const analyzeUsage = `Usage: claudelog analyze [flags] [PATH ...]

Reads HAR exports (.har, .har.gz, JSONP-wrapped), application and CI logs, and raw API
error bodies (a JSON object, an array, JSON lines, Python dict reprs), detected by content.
PATH is a file, a directory (walked; binary files are skipped with a note) or - for
standard input; with no PATH, standard input is read.

Exit status: 0 analysed, 1 a finding at or above --fail-on, 2 a usage error or an input
that could not be read at all. Broken parts of an input are reported on stderr with the
file and position, and the rest is analysed.

Examples:
  claudelog analyze session.har
  cat ci.log | claudelog analyze -
  claudelog analyze --fail-on error -f json logs/
  claudelog analyze --claude-code --since 7d
`

// analyzeOptions is everything `claudelog analyze` was asked to do, read from its flags.
type analyzeOptions struct {
	paths    []string         // files, directories or "-"
	format   report.Format    // the output format
	parse    parse.Options    // forced input format, time zone for zone-less times
	analyze  analyze.Options  // time range and detectors
	location *time.Location   // --tz, for printed times
	failOn   model.Severity   // exit 1 at or above this; -1 for no threshold
	progress bool             // draw a progress line when stderr is a terminal
	page     *statuspage.Page // declared incidents to correlate with; nil when not asked
	width    int              // columns of the terminal the table is for; 0 for no limit
	color    bool             // colour severities
}

func (term Terminal) analyze(args []string) error {
	opts, err := term.analyzeFlags(args)
	if err != nil {
		return err
	}
	return term.runAnalyze(opts)
}

// analyzeFlags reads analyze's flags into its options. The status page is read here, so a
// bad file or URL fails before any long read.
func (term Terminal) analyzeFlags(args []string) (analyzeOptions, error) {
	var opts analyzeOptions
	fs := term.newFlags("analyze", analyzeUsage)
	format := fs.StringP("format", "f", "", "output format: "+report.FormatHelp())
	inputFormat := fs.String("input-format", "", "read every input as har, log or json instead of detecting")
	failOn := fs.String("fail-on", "", "exit 1 when a finding is at or above this severity: info, warning, error, critical")
	since := fs.String("since", "", "only events at or after this time (RFC 3339, \"2006-01-02 15:04\" in --tz, or a duration ago like 2h)")
	until := fs.String("until", "", "only events before this time (same forms as --since)")
	tz := fs.String("tz", "Local", "time zone for printed times and zone-less timestamps (IANA name, UTC or Local)")
	statusFile := fs.String("status", "", "a saved status.claude.com incidents.json or summary.json: name the declared incidents that overlap each finding")
	claudeCode := fs.Bool("claude-code", false, "also read Claude Code's session transcripts: $CLAUDE_CONFIG_DIR/projects, ~/.claude/projects or ~/.config/claude/projects, whichever exists first")
	statusURL := fs.String("status-url", "", "fetch the status page JSON from this URL (the only time claudelog goes online; 10 s timeout)")
	th := patternFlags(fs.FlagSet)
	colorMode := colorFlag(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return opts, err
	}
	cfg, err := th.config()
	if err != nil {
		return opts, err
	}
	loc, err := loadLocation(*tz)
	if err != nil {
		return opts, err
	}
	cfg.Location = loc
	opts.location = loc
	if opts.color, err = term.color(*colorMode, term.Stdout); err != nil {
		return opts, err
	}
	opts.width = term.width(term.Stdout)
	switch {
	case *statusFile != "" && *statusURL != "":
		return opts, usagef("--status and --status-url: pick one")
	case *statusFile != "":
		opts.page, err = statuspage.LoadFile(*statusFile)
	case *statusURL != "":
		opts.page, err = fetchStatusPage(context.Background(), *statusURL, nil)
	}
	if err != nil {
		return opts, &exitError{code: exitTrouble, msg: redact.Text(err.Error())}
	}
	if opts.page != nil {
		for _, w := range opts.page.Warnings {
			term.warn("%s", w)
		}
	}
	if opts.format, err = term.outputFormat(*format, report.Formats); err != nil {
		return opts, err
	}
	forced, err := inputFormatFlag(*inputFormat)
	if err != nil {
		return opts, err
	}
	opts.parse = parse.Options{Format: forced, Location: loc}
	opts.failOn = model.Severity(-1)
	if *failOn != "" {
		if opts.failOn, err = model.ParseSeverity(*failOn); err != nil {
			return opts, usagef("--fail-on: %s", err)
		}
	}
	now := time.Now()
	opts.analyze = analyze.Options{Detectors: rules.Detectors(cfg)}
	if opts.analyze.Since, err = parseWhen(*since, loc, now); err != nil {
		return opts, usagef("--since: %s", err)
	}
	if opts.analyze.Until, err = parseWhen(*until, loc, now); err != nil {
		return opts, usagef("--until: %s", err)
	}
	opts.paths = fs.Args()
	if *claudeCode {
		dir, err := claudecode.ProjectsDir(os.Getenv)
		if err != nil {
			return opts, &exitError{code: exitTrouble, msg: redact.Text(err.Error())}
		}
		opts.paths = append(opts.paths, dir)
	}
	if len(opts.paths) == 0 {
		opts.paths = []string{"-"}
		if term.isTerminal(term.Stdin) {
			// Without this a user who forgot the file name sees nothing happen.
			term.say("reading standard input; end it with Ctrl-D (Ctrl-Z Enter on Windows), or name a file: claudelog analyze session.har")
		}
	}
	opts.progress = fs.showProgress()
	return opts, nil
}

// runAnalyze reads the inputs, analyses them, writes the report and chooses the exit status.
func (term Terminal) runAnalyze(opts analyzeOptions) error {
	calls := &report.Calls{}
	rep, unreadable := term.readInputs(opts.paths, opts.analyze, opts.parse, opts.progress, calls)
	if opts.page != nil {
		rep.Notes = append(rep.Notes, incidents.Correlate(rep, opts.page, incidents.Options{Location: opts.location})...)
	}
	if err := report.Write(term.Stdout, opts.format, rep, report.Options{Location: opts.location, Width: opts.width, Color: opts.color, Warnings: term.Stderr, Calls: calls}); err != nil {
		return err
	}
	if unreadable > 0 {
		return &exitError{code: exitTrouble, msg: fmt.Sprintf("%d of %d inputs could not be read", unreadable, unreadable+len(rep.Inputs))}
	}
	if s := rep.Summary; s.Events == 0 && s.Filtered > 0 {
		return &exitError{code: exitTrouble, msg: fmt.Sprintf("--since/--until left out all %d events of the input: nothing was analysed", s.Filtered)}
	}
	if f := worstAtOrAbove(rep.Findings, opts.failOn); f != nil {
		return &exitError{code: exitFailOn, msg: fmt.Sprintf("--fail-on %s: %s is %s", opts.failOn, f.Cause.ID, f.Severity)}
	}
	return nil
}

// worstAtOrAbove returns the first finding at or above threshold (findings come ranked by
// impact), or nil; a negative threshold matches nothing.
func worstAtOrAbove(findings []model.Finding, threshold model.Severity) *model.Finding {
	if threshold < 0 {
		return nil
	}
	for i := range findings {
		if findings[i].Severity >= threshold {
			return &findings[i]
		}
	}
	return nil
}
