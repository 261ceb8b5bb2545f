// Command claudelog names the root causes of failed calls to Claude from what a person or a
// CI job has at hand: a browser HAR export, application and CI logs, raw API error bodies.
//
//	claudelog analyze session.har
//	cat ci.log | claudelog analyze -
//	claudelog rules
//	claudelog explain overloaded
//
// main holds the command line only: flags, subcommands and exit codes. Reading is parse's
// job, diagnosis analyze's and rules', rendering report's.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/analyze/diff"
	"github.com/claudelog/claudelog/analyze/patterns"
	"github.com/claudelog/claudelog/analyze/status"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/parse/event"
	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/parse/sanitize"
	"github.com/claudelog/claudelog/report"
	"github.com/claudelog/claudelog/rules"
)

// Exit statuses, as SPEC.md defines them.
const (
	exitOK      = 0 // analysed; no --fail-on threshold hit
	exitFailOn  = 1 // a finding at or above --fail-on
	exitTrouble = 2 // a usage error, or an input that could not be read at all
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// env is what a command may touch: its streams, and whether stdout is a terminal.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// usageError is a mistake on the command line: it is printed with a hint and exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// exitError carries an exit status chosen by a command (1 for --fail-on, 2 for unreadable
// input) after its output was written.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

const mainUsage = `claudelog names the root causes of failed calls to Claude.

Usage:
  claudelog analyze [flags] [PATH ...]   analyse HAR exports, logs and API error bodies
  claudelog rules                        list every rule: id, cause, severity
  claudelog explain CAUSE                what a cause means, how it is found, how to fix it
  claudelog diff BEFORE AFTER            did the fix work? compare two inputs cause by cause
  claudelog sanitize [-o OUT] FILE.har   the same HAR without secrets or conversation text
  claudelog version                      print the version

PATH is a file, a directory (walked) or - for standard input; none reads standard input.
Run 'claudelog COMMAND --help' for a command's flags.
`

// run is the whole program behind main, so tests go through the binary's code path.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return exitTrouble
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "analyze", "analyse":
		err = e.analyze(rest)
	case "rules":
		err = e.rules(rest)
	case "explain":
		err = e.explain(rest)
	case "diff":
		err = e.diff(rest)
	case "sanitize", "sanitise":
		err = e.sanitize(rest)
	case "version", "--version":
		err = e.version(rest)
	case "help", "-h", "--help":
		if len(rest) > 0 {
			return run([]string{rest[0], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, mainUsage)
		return exitOK
	default:
		err = usagef("unknown command %q", cmd)
	}
	return e.exit(err)
}

// exit turns a command's error into a message and an exit status, in one place.
func (e env) exit(err error) int {
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "claudelog: %s\nRun 'claudelog help' for usage.\n", ue.msg)
		return exitTrouble
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(e.stderr, "claudelog: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(e.stderr, "claudelog: %s\n", err)
	return exitTrouble
}

// newFlags makes a flag set that reports errors to the caller instead of exiting.
func (e env) newFlags(name, usage string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprint(e.stderr, usage)
		if fs.HasFlags() {
			fmt.Fprintf(e.stderr, "\nFlags:\n%s", fs.FlagUsages())
		}
	}
	return fs
}

// parseFlags parses and turns pflag's errors into usage errors (it already printed them).
func parseFlags(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usagef("%s", err)
	}
	return nil
}

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
`

func (e env) analyze(args []string) error {
	fs := e.newFlags("analyze", analyzeUsage)
	format := fs.StringP("format", "f", "", "output format: table (default on a terminal), json (default otherwise), markdown (a support ticket), github (Actions annotations), html (a self-contained page with a timeline)")
	inputFormat := fs.String("input-format", "", "read every input as har, log or json instead of detecting")
	failOn := fs.String("fail-on", "", "exit 1 when a finding is at or above this severity: info, warning, error, critical")
	since := fs.String("since", "", "only events at or after this time (RFC 3339, \"2006-01-02 15:04\" in --tz, or a duration ago like 2h)")
	until := fs.String("until", "", "only events before this time (same forms as --since)")
	tz := fs.String("tz", "Local", "time zone for printed times and zone-less timestamps (IANA name, UTC or Local)")
	quiet := fs.BoolP("quiet", "q", false, "no progress on stderr")
	noProgress := fs.Bool("no-progress", false, "no progress on stderr")
	statusFile := fs.String("status", "", "a saved status.claude.com incidents.json or summary.json: name the declared incidents that overlap each finding")
	statusURL := fs.String("status-url", "", "fetch the status page JSON from this URL (the only time claudelog goes online; 10 s timeout)")
	th := patternFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := th.config()
	if err != nil {
		return err
	}
	loc, err := loadLocation(*tz)
	if err != nil {
		return err
	}
	cfg.Location = loc
	// The status page is read first, so a bad file or URL fails before any long read.
	var page *status.Page
	switch {
	case *statusFile != "" && *statusURL != "":
		return usagef("--status and --status-url: pick one")
	case *statusFile != "":
		page, err = status.LoadFile(*statusFile)
	case *statusURL != "":
		page, err = status.Fetch(context.Background(), *statusURL, nil)
	}
	if err != nil {
		return &exitError{code: exitTrouble, msg: redact.Text(err.Error())}
	}
	if page != nil {
		for _, w := range page.Warnings {
			fmt.Fprintf(e.stderr, "claudelog: warning: %s\n", redact.Text(w.String()))
		}
	}
	out, err := e.outputFormat(*format, report.Formats)
	if err != nil {
		return err
	}
	forced, err := inputFormatFlag(*inputFormat)
	if err != nil {
		return err
	}
	threshold := rules.Severity(-1)
	if *failOn != "" {
		if threshold, err = rules.ParseSeverity(*failOn); err != nil {
			return usagef("--fail-on: %s", err)
		}
	}
	now := time.Now()
	opts := analyze.Options{Detectors: patterns.All(cfg)}
	if opts.Since, err = parseWhen(*since, loc, now); err != nil {
		return usagef("--since: %s", err)
	}
	if opts.Until, err = parseWhen(*until, loc, now); err != nil {
		return usagef("--until: %s", err)
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	rep, unreadable := e.readInputs(paths, opts, parse.Options{Format: forced, Location: loc}, !*quiet && !*noProgress)
	if page != nil {
		rep.Notes = append(rep.Notes, status.Correlate(rep, page, status.Options{Location: loc})...)
	}
	if err := report.Write(e.stdout, out, rep, report.Options{Location: loc}); err != nil {
		return err
	}
	if unreadable > 0 {
		return &exitError{code: exitTrouble, msg: fmt.Sprintf("%d of %d inputs could not be read", unreadable, unreadable+len(rep.Inputs))}
	}
	if threshold >= 0 {
		for _, f := range rep.Findings {
			if f.Severity >= threshold {
				return &exitError{code: exitFailOn, msg: fmt.Sprintf("--fail-on %s: %s is %s", threshold, f.Cause.ID, f.Severity)}
			}
		}
	}
	return nil
}

// outputFormat reads -f: the named format, or table on a terminal and JSON elsewhere.
func (e env) outputFormat(name string, allowed []report.Format) (report.Format, error) {
	out := report.Format(name)
	if out == "" {
		out = report.FormatJSON
		if isTerminal(e.stdout) {
			out = report.FormatTable
		}
	}
	if !slices.Contains(allowed, out) {
		names := make([]string, len(allowed))
		for i, f := range allowed {
			names[i] = string(f)
		}
		return "", usagef("unknown --format %q (want %s)", name, strings.Join(names, ", "))
	}
	return out, nil
}

// inputFormatFlag reads --input-format.
func inputFormatFlag(name string) (event.Format, error) {
	switch name {
	case "":
		return "", nil
	case "har", "log", "json":
		return event.Format(name), nil
	}
	return "", usagef("unknown --input-format %q (want har, log or json)", name)
}

// readInputs reads and analyses paths: warnings go to stderr as they come, an input that
// cannot be read is reported there and counted, and a progress line is drawn when asked
// for and stderr is a terminal.
func (e env) readInputs(paths []string, opts analyze.Options, popts parse.Options, showProgress bool) (*analyze.Report, int) {
	an := analyze.New(opts)
	sink := &warningPrinter{next: an, w: e.stderr}
	files := parse.Files(paths, sink.Warn)
	var progress *report.Progress
	if showProgress && isTerminal(e.stderr) {
		progress = report.NewProgress(e.stderr, parse.TotalSize(files))
		sink.clear = progress.Done
		popts.Progress = progress.Update
		defer progress.Done()
	}
	unreadable := 0
	for r := range parse.ReadAll(files, e.stdin, popts) {
		sink.reset()
		in, err := r.Deliver(sink)
		sink.flush(r.Path)
		if err != nil {
			if progress != nil {
				progress.Done()
			}
			fmt.Fprintf(e.stderr, "claudelog: %s\n", redact.Text(err.Error()))
			unreadable++
			continue
		}
		an.AddInput(analyze.Input{Path: in.Path, Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	if progress != nil {
		progress.Done()
	}
	return an.Report(), unreadable
}

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

func (e env) diff(args []string) error {
	fs := e.newFlags("diff", diffUsage)
	format := fs.StringP("format", "f", "", "output format: table (default on a terminal) or json (default otherwise)")
	before := fs.StringArray("before", nil, "a path on the before side (repeat for several)")
	after := fs.StringArray("after", nil, "a path on the after side (repeat for several)")
	inputFormat := fs.String("input-format", "", "read every input as har, log or json instead of detecting")
	tz := fs.String("tz", "Local", "time zone for printed times and zone-less timestamps (IANA name, UTC or Local)")
	failRegression := fs.Bool("fail-on-regression", false, "exit 1 when a cause appeared or got worse")
	quiet := fs.BoolP("quiet", "q", false, "no progress on stderr")
	th := patternFlags(fs)
	if err := parseFlags(fs, args); err != nil {
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
	out, err := e.outputFormat(*format, []report.Format{report.FormatTable, report.FormatJSON})
	if err != nil {
		return err
	}
	forced, err := inputFormatFlag(*inputFormat)
	if err != nil {
		return err
	}
	popts := parse.Options{Format: forced, Location: loc}
	// Each side gets its own detectors: a pattern must not span the two.
	rb, badB := e.readInputs(*before, analyze.Options{Detectors: patterns.All(cfg)}, popts, !*quiet)
	ra, badA := e.readInputs(*after, analyze.Options{Detectors: patterns.All(cfg)}, popts, !*quiet)
	d := diff.Compare(rb, ra)
	ropts := report.Options{Location: loc}
	if out == report.FormatJSON {
		err = report.DiffJSON(e.stdout, d, ropts)
	} else {
		err = report.DiffTable(e.stdout, d, ropts)
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

// warningPrinter prints input warnings on stderr as they come, at most maxWarnings per
// input (then a count), and forwards everything to the analyzer.
type warningPrinter struct {
	next    event.Sink
	w       io.Writer
	clear   func() // clears the progress line before a warning is printed; may be nil
	printed int
	held    int
}

const maxWarnings = 20

func (p *warningPrinter) Event(e *event.Event) { p.next.Event(e) }

func (p *warningPrinter) Warn(w event.Warning) {
	p.next.Warn(w)
	if p.printed < maxWarnings {
		if p.clear != nil {
			p.clear()
		}
		fmt.Fprintf(p.w, "claudelog: warning: %s\n", redact.Text(w.String()))
		p.printed++
		return
	}
	p.held++
}

func (p *warningPrinter) reset() { p.printed, p.held = 0, 0 }

func (p *warningPrinter) flush(path string) {
	if p.held > 0 {
		fmt.Fprintf(p.w, "claudelog: warning: %s: %d more warnings not shown\n", path, p.held)
	}
}

func (e env) rules(args []string) error {
	fs := e.newFlags("rules", "Usage: claudelog rules\n\nLists every rule claudelog runs: its id, the cause it names, its default severity and what it matches.\n")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("rules takes no arguments")
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tCAUSE\tSEVERITY\tMATCHES")
	for _, r := range rules.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Cause, r.Severity, r.Title)
	}
	for _, d := range patterns.Catalog(patterns.Defaults()) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s (pattern over time)\n", d.ID, d.Cause, d.Severity, d.Title)
	}
	return tw.Flush()
}

func (e env) explain(args []string) error {
	fs := e.newFlags("explain", "Usage: claudelog explain CAUSE\n\nSays what a cause means, how claudelog detects it and how to fix it.\nCAUSE is a cause id (see 'claudelog rules') or a rule id.\n")
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
	w := e.stdout
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

const sanitizeUsage = `Usage: claudelog sanitize [-o OUT] FILE.har

Writes the same HAR with every secret replaced by a short stable hash (API keys, the
Authorization, Cookie and Set-Cookie headers, session keys, bearer and OAuth tokens, JWTs,
secret query parameters, URL passwords) and the text of prompts and completions removed.
Error bodies, status codes, request ids, retry-after and rate-limit headers, sizes, times
and vendor fields are kept, so the sanitized file analyses to the same findings. With -o
the file is written with mode 0600; without it the HAR goes to standard output.
FILE may be - for standard input; gzip and zlib input is undone.
`

func (e env) sanitize(args []string) error {
	fs := e.newFlags("sanitize", sanitizeUsage)
	out := fs.StringP("output", "o", "", "write the sanitized HAR to this file (mode 0600) instead of standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("sanitize takes one HAR file, for example: claudelog sanitize -o shared.har session.har")
	}
	path := fs.Arg(0)
	var in io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return &exitError{code: exitTrouble, msg: fmt.Sprintf("%s: %s", path, errors.Unwrap(err))}
		}
		defer f.Close()
		in = f
	}
	warn := func(w event.Warning) { fmt.Fprintf(e.stderr, "claudelog: warning: %s\n", redact.Text(w.String())) }
	write := func(w io.Writer) error {
		_, err := sanitize.HAR(in, w, path, warn)
		return err
	}
	var err error
	if *out == "" {
		err = write(e.stdout)
	} else {
		err = sanitize.WriteFile(*out, write)
	}
	if err != nil {
		return &exitError{code: exitTrouble, msg: redact.Text(err.Error())}
	}
	return nil
}

func indent(s, prefix string) string { return strings.ReplaceAll(s, "\n", "\n"+prefix) }

func (e env) version(args []string) error {
	fs := e.newFlags("version", "Usage: claudelog version\n")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v, goVersion := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 && v == "(devel)" {
				v = "(devel " + s.Value[:12] + ")"
			}
		}
	}
	fmt.Fprintf(e.stdout, "claudelog %s %s\n", v, goVersion)
	return nil
}

// loadLocation reads --tz.
func loadLocation(name string) (*time.Location, error) {
	switch strings.ToLower(name) {
	case "", "local":
		return time.Local, nil
	case "utc", "z":
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usagef("--tz: unknown time zone %q", name)
	}
	return loc, nil
}

// parseWhen reads a --since/--until value: RFC 3339, a date and time without zone (in loc),
// a date, or a duration meaning that long before now.
func parseWhen(s string, loc *time.Location, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time (RFC 3339, \"2006-01-02 15:04\" or a duration like 2h)", s)
}

// isTerminal reports whether w is a character device, so the table is the default there.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// thresholds are the pattern flags; zero values leave the detectors' defaults in place.
type thresholds struct {
	burstWindow, outageWindow                       time.Duration
	burstMin, burstMinRequests, stormMin, outageMin int
	payloadMinSize                                  string
}

func patternFlags(fs *pflag.FlagSet) *thresholds {
	d := patterns.Defaults()
	t := &thresholds{}
	fs.DurationVar(&t.burstWindow, "burst-window", 0, fmt.Sprintf("rate_limit_burst: the window requests and 429s are counted in (default %s)", d.BurstWindow))
	fs.IntVar(&t.burstMin, "burst-min", 0, fmt.Sprintf("rate_limit_burst: 429s a window must hold (default %d)", d.BurstMinLimited))
	fs.IntVar(&t.burstMinRequests, "burst-min-requests", 0, fmt.Sprintf("rate_limit_burst: requests a window must hold (default %d)", d.BurstMinRequests))
	fs.IntVar(&t.stormMin, "storm-min", 0, fmt.Sprintf("retry_storm: too-fast retries of one call that make a storm (default %d)", d.StormMinFastRetries))
	fs.DurationVar(&t.outageWindow, "outage-window", 0, fmt.Sprintf("outage_window: the window server-side failures are counted in (default %s)", d.OutageWindow))
	fs.IntVar(&t.outageMin, "outage-min", 0, fmt.Sprintf("outage_window: server-side failures a window must hold (default %d)", d.OutageMinFailures))
	fs.StringVar(&t.payloadMinSize, "payload-min-size", "", fmt.Sprintf("payload_timeout: the smallest request body called large, e.g. 512KB or 6MB (default %dKB)", d.PayloadMinBytes>>10))
	return t
}

func (t *thresholds) config() (patterns.Config, error) {
	cfg := patterns.Config{
		BurstWindow: t.burstWindow, BurstMinLimited: t.burstMin, BurstMinRequests: t.burstMinRequests,
		StormMinFastRetries: t.stormMin, OutageWindow: t.outageWindow, OutageMinFailures: t.outageMin,
	}
	for name, v := range map[string]int{"burst-min": t.burstMin, "burst-min-requests": t.burstMinRequests, "storm-min": t.stormMin, "outage-min": t.outageMin} {
		if v < 0 {
			return cfg, usagef("--%s must not be negative", name)
		}
	}
	if t.burstWindow < 0 || t.outageWindow < 0 {
		return cfg, usagef("--burst-window and --outage-window must be positive")
	}
	if t.payloadMinSize != "" {
		n, err := parseSize(t.payloadMinSize)
		if err != nil {
			return cfg, usagef("--payload-min-size: %s", err)
		}
		cfg.PayloadMinBytes = n
	}
	return cfg, nil
}

// parseSize reads "512KB", "6MB", "1.5MiB" or a plain number of bytes.
func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := 1.0
	for _, suf := range []struct {
		name string
		m    float64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"B", 1}} {
		if strings.HasSuffix(u, suf.name) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, suf.name)), suf.m
			break
		}
	}
	v, err := strconv.ParseFloat(u, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("cannot read %q as a size (like 512KB or 6MB)", s)
	}
	return int64(v * mult), nil
}
