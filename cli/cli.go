// Package cli is claudelog's command line: flags (pflag), subcommands and exit codes. It
// reads inputs with parse, diagnoses with analyze and rules, and writes with report; it holds
// no diagnosis logic of its own. Each command has a file, an options struct filled from its
// flags, and runs against a Terminal, which tests fake.
package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/pflag"
)

// Exit statuses, as SPEC.md defines them.
const (
	exitOK      = 0 // analysed; no --fail-on threshold hit
	exitFailOn  = 1 // a finding at or above --fail-on
	exitTrouble = 2 // a usage error, or an input that could not be read at all
)

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

// Run is the whole program behind main: it runs the command args name against t and
// returns the exit status.
func Run(args []string, t Terminal) int {
	if len(args) == 0 {
		fmt.Fprint(t.Stderr, mainUsage)
		return exitTrouble
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "analyze", "analyse":
		err = t.analyze(rest)
	case "rules":
		err = t.rules(rest)
	case "explain":
		err = t.explain(rest)
	case "diff":
		err = t.diff(rest)
	case "sanitize", "sanitise":
		err = t.sanitize(rest)
	case "version", "--version":
		err = t.version(rest)
	case "help", "-h", "--help":
		if len(rest) > 0 {
			return Run([]string{rest[0], "--help"}, t)
		}
		fmt.Fprint(t.Stdout, mainUsage)
		return exitOK
	default:
		err = usagef("unknown command %q", cmd)
	}
	return t.exit(err)
}

// exit turns a command's error into a message and an exit status, in one place.
func (t Terminal) exit(err error) int {
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(t.Stderr, "claudelog: %s\nRun 'claudelog help' for usage.\n", ue.msg)
		return exitTrouble
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(t.Stderr, "claudelog: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(t.Stderr, "claudelog: %s\n", err)
	return exitTrouble
}
