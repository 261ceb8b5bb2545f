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
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/parse/event"
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
	format := fs.StringP("format", "f", "", "output format: table (default on a terminal), json (default otherwise)")
	inputFormat := fs.String("input-format", "", "read every input as har, log or json instead of detecting")
	failOn := fs.String("fail-on", "", "exit 1 when a finding is at or above this severity: info, warning, error, critical")
	since := fs.String("since", "", "only events at or after this time (RFC 3339, \"2006-01-02 15:04\" in --tz, or a duration ago like 2h)")
	until := fs.String("until", "", "only events before this time (same forms as --since)")
	tz := fs.String("tz", "Local", "time zone for printed times and zone-less timestamps (IANA name, UTC or Local)")
	quiet := fs.BoolP("quiet", "q", false, "no progress on stderr")
	noProgress := fs.Bool("no-progress", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, _ = quiet, noProgress // progress display arrives with the performance work; the flags are the contract

	loc, err := loadLocation(*tz)
	if err != nil {
		return err
	}
	out := report.Format(*format)
	if out == "" {
		out = report.FormatJSON
		if isTerminal(e.stdout) {
			out = report.FormatTable
		}
	}
	if !slices.Contains(report.Formats, out) {
		return usagef("unknown --format %q (want table or json)", *format)
	}
	var forced event.Format
	switch *inputFormat {
	case "":
	case "har", "log", "json":
		forced = event.Format(*inputFormat)
	default:
		return usagef("unknown --input-format %q (want har, log or json)", *inputFormat)
	}
	threshold := rules.Severity(-1)
	if *failOn != "" {
		if threshold, err = rules.ParseSeverity(*failOn); err != nil {
			return usagef("--fail-on: %s", err)
		}
	}
	now := time.Now()
	var opts analyze.Options
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
	an := analyze.New(opts)
	sink := &warningPrinter{next: an, w: e.stderr}
	var unreadable []string
	for _, path := range parse.Files(paths, sink.Warn) {
		sink.reset()
		in, err := parse.Read(path, e.stdin, parse.Options{Format: forced, Location: loc}, sink)
		sink.flush(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "claudelog: %s\n", err)
			unreadable = append(unreadable, path)
			continue
		}
		an.AddInput(analyze.Input{Path: in.Path, Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	rep := an.Report()
	if err := report.Write(e.stdout, out, rep, report.Options{Location: loc}); err != nil {
		return err
	}
	if len(unreadable) > 0 {
		return &exitError{code: exitTrouble, msg: fmt.Sprintf("%d of %d inputs could not be read", len(unreadable), len(unreadable)+len(rep.Inputs))}
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

// warningPrinter prints input warnings on stderr as they come, at most maxWarnings per
// input (then a count), and forwards everything to the analyzer.
type warningPrinter struct {
	next    event.Sink
	w       io.Writer
	printed int
	held    int
}

const maxWarnings = 20

func (p *warningPrinter) Event(e *event.Event) { p.next.Event(e) }

func (p *warningPrinter) Warn(w event.Warning) {
	p.next.Warn(w)
	if p.printed < maxWarnings {
		fmt.Fprintf(p.w, "claudelog: warning: %s\n", w)
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
	rs := rules.RulesFor(cause.ID)
	if len(rs) > 0 {
		fmt.Fprintf(w, "\nHow claudelog detects it:\n")
		for _, r := range rs {
			fmt.Fprintf(w, "  %s (%s): %s\n", r.ID, r.Severity, indent(strings.TrimSpace(r.Doc), "    "))
		}
		fmt.Fprintf(w, "\nHow to fix it:\n")
		var seen []string
		for _, r := range rs {
			for _, f := range r.Fixes {
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
