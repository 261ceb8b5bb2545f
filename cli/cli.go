// Package cli is claudelog's command line: flags (pflag), subcommands and exit codes. It
// reads inputs with parse, diagnoses with analyze and rules, and writes with report; it holds
// no diagnosis logic of its own. Each command has a file, an options struct filled from its
// flags, and runs against a Terminal, which tests fake.
package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// Exit statuses, as SPEC.md defines them.
const (
	exitOK      = 0 // analysed; no --fail-on threshold hit
	exitFailOn  = 1 // a finding at or above --fail-on
	exitTrouble = 2 // a usage error, or an input that could not be read at all
)

// usageError is a mistake on the command line: it is printed with a pointer to the help of
// the command it was made in (cmd; "" for the top level) and exits 2.
type usageError struct{ cmd, msg string }

func (e *usageError) Error() string { return e.msg }

// usagef makes a usageError; the command fills in its name (see commandErr).
func usagef(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

// exitError carries an exit status chosen by a command (1 for --fail-on, 2 for unreadable
// input) after its output was written.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

const mainUsage = `claudelog names the root causes of failed calls to Claude.

Usage:
  claudelog analyze [flags] [PATH ...]   analyse HARs, logs and API error bodies
  claudelog rules                        list every rule: id, cause, severity
  claudelog explain CAUSE                what a cause means and how to fix it
  claudelog diff BEFORE AFTER            did the fix work? compare two inputs
  claudelog sanitize [-o OUT] FILE.har   a HAR without secrets or conversation
  claudelog version                      print the version

PATH is a file, a directory (walked) or - for standard input; none reads
standard input. Run 'claudelog COMMAND --help' for a command's flags.
`

// commands are the subcommands by name, aliases included.
var commands = map[string]func(Terminal, []string) error{
	"analyze":  Terminal.analyze,
	"analyse":  Terminal.analyze,
	"rules":    Terminal.rules,
	"explain":  Terminal.explain,
	"diff":     Terminal.diff,
	"sanitize": Terminal.sanitize,
	"sanitise": Terminal.sanitize,
	"version":  Terminal.version,
}

// Run is the whole program behind main: it runs the command args name against t and
// returns the exit status.
func Run(args []string, t Terminal) int {
	if len(args) == 0 {
		fmt.Fprint(t.Stderr, fitUsage(mainUsage, t.proseWidthOf(t.Stderr)))
		return exitTrouble
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		if len(rest) > 0 {
			return Run([]string{rest[0], "--help"}, t)
		}
		fmt.Fprint(t.Stdout, fitUsage(mainUsage, t.proseWidth()))
		return exitOK
	case "--version":
		cmd = "version"
	}
	run, ok := commands[cmd]
	if !ok {
		return t.exit(unknownCommand(cmd))
	}
	err := run(t, rest)
	var ue *usageError
	if errors.As(err, &ue) && ue.cmd == "" {
		ue.cmd = cmd
	}
	return t.exit(err)
}

// unknownCommand says what the user may have meant: a file to analyse, or a command
// spelt a little differently.
func unknownCommand(cmd string) error {
	if _, err := os.Stat(cmd); err == nil || cmd == "-" || looksLikePath(cmd) {
		return usagef("unknown command %q; to analyse it: claudelog analyze %s", cmd, shellQuote(cmd))
	}
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	slices.Sort(names)
	if near := nearest(cmd, names); near != "" {
		return usagef("unknown command %q; did you mean %q?", cmd, near)
	}
	return usagef("unknown command %q", cmd)
}

// looksLikePath reports whether a word is more likely a file name than a command: it has
// a path separator or an input's file extension.
func looksLikePath(s string) bool {
	if strings.ContainsAny(s, `/\`) {
		return true
	}
	for _, ext := range []string{".har", ".gz", ".log", ".txt", ".json", ".jsonl", ".zhar"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			return true
		}
	}
	return false
}

// shellQuote quotes s for a command line the user can paste, when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '+' || r == ':' || r == '@' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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
		help := "claudelog help"
		if ue.cmd != "" {
			help = "claudelog " + ue.cmd + " --help"
		}
		t.say("%s", ue.msg)
		fmt.Fprintf(t.Stderr, "Run '%s' for usage.\n", help)
		return exitTrouble
	case errors.As(err, &ee):
		if ee.msg != "" {
			t.say("%s", ee.msg)
		}
		return ee.code
	}
	t.say("%s", err)
	return exitTrouble
}
