package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/pflag"
)

var update = flag.Bool("update", false, "rewrite the golden files in cli/testdata")

// runAt runs args with stdout a terminal of cols columns (through COLUMNS, which the
// width falls back to when the terminal does not answer) and colour off.
func runAt(t *testing.T, cols int, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("COLUMNS", fmt.Sprint(cols))
	t.Setenv("NO_COLOR", "1")
	var out, errb bytes.Buffer
	term := Terminal{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, IsTerminal: func(f any) bool {
		return f == any(&out)
	}}
	code = Run(args, term)
	return code, out.String(), errb.String()
}

// fitsIn fails the test for every line of s wider than width columns.
func fitsIn(t *testing.T, what, s string, width int) {
	t.Helper()
	for i, l := range strings.Split(s, "\n") {
		if n := utf8.RuneCountInString(l); n > width {
			t.Errorf("%s: line %d is %d columns, over %d: %q", what, i+1, n, width, l)
		}
	}
}

func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cli -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./cli -update after checking the change):\n%s", path, got)
	}
}

// helps are the help texts of every command. The golden files pin the three with the
// most text; the others' words belong to other work and are checked for width only.
var helps = []struct {
	name   string
	args   []string
	golden bool
}{
	{"main", []string{"--help"}, true},
	{"analyze", []string{"analyze", "--help"}, true},
	{"diff", []string{"diff", "--help"}, true},
	{"rules", []string{"rules", "--help"}, false},
	{"sanitize", []string{"sanitize", "--help"}, false},
	{"version", []string{"version", "--help"}, false},
	{"explain", []string{"explain", "--help"}, false},
}

// TestHelpWidths: every help fits 80, 120 and 200 columns (at most maxProseWidth), breaks
// no word (the words are those of the help at any other width, in order), and keeps its
// flags' descriptions under their column.
func TestHelpWidths(t *testing.T) {
	for _, h := range helps {
		words := map[int][]string{}
		for _, width := range []int{40, 80, 120, 200} {
			code, out, errs := runAt(t, width, h.args...)
			if code != 0 || errs != "" {
				t.Fatalf("%v at %d: exit %d, stderr %q", h.args, width, code, errs)
			}
			fitsIn(t, fmt.Sprintf("%s --help at %d", h.name, width), out, min(width, maxProseWidth))
			words[width] = strings.Fields(out)
			if h.golden && width != 40 {
				goldenFile(t, fmt.Sprintf("help-%s-%d.txt", h.name, width), []byte(out))
			}
			if flags, ok := strings.CutPrefix(out[strings.Index(out, "\nFlags:\n")+1:], "Flags:\n"); ok && width >= 80 {
				// A description's next line starts at the column of the first line's.
				col := -1
				for _, l := range strings.Split(strings.TrimSuffix(flags, "\n"), "\n") {
					lead := len(l) - len(strings.TrimLeft(l, " "))
					if strings.HasPrefix(strings.TrimLeft(l, " "), "-") {
						i := lead + strings.Index(l[lead:], "   ")
						c := i + len(l[i:]) - len(strings.TrimLeft(l[i:], " "))
						if col < 0 {
							col = c
						}
						if c != col {
							t.Errorf("%s at %d: a description at column %d, not %d: %q", h.name, width, c, col, l)
						}
					} else if lead != col {
						t.Errorf("%s at %d: a wrapped line at column %d, not %d: %q", h.name, width, lead, col, l)
					}
				}
			}
		}
		for _, width := range []int{40, 120, 200} {
			if !slices.Equal(words[width], words[80]) {
				t.Errorf("%s: the words at %d columns differ from those at 80: a word was broken", h.name, width)
			}
		}
	}
}

// TestHelpWidthOffTerminal: help piped to a pager or a file is still for a person:
// COLUMNS when set, else 80.
func TestHelpWidthOffTerminal(t *testing.T) {
	t.Setenv("COLUMNS", "")
	_, out, _ := runCLI(t, "", false, "analyze", "--help")
	fitsIn(t, "analyze --help on a pipe", out, 80)
	if !strings.Contains(out, "\n      --claude-code ") {
		t.Errorf("no flag column: %s", out)
	}
	t.Setenv("COLUMNS", "60")
	_, out, _ = runCLI(t, "", false, "analyze", "--help")
	fitsIn(t, "analyze --help on a pipe with COLUMNS=60", out, 60)
}

// TestFlagUsagesAsPflag: without a width, the flag list is pflag's own, but for the
// "[=true|false]" pflag puts after a boolean flag.
func TestFlagUsagesAsPflag(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.StringP("format", "f", "", "output format")
	fs.String("tz", "Local", "time zone")
	fs.Bool("claude-code", false, "also read transcripts")
	fs.BoolP("quiet", "q", false, "no progress")
	fs.Int("burst-min", 5, "429s a window must hold")
	fs.Int("zero", 0, "no default shown")
	fs.Duration("window", 0, "no default shown")
	fs.Duration("outage-window", 300e9, "a window")
	fs.StringArray("before", nil, "a `path` on the before side")
	fs.String("hidden", "", "not listed")
	_ = fs.MarkHidden("hidden")
	want := strings.ReplaceAll(fs.FlagUsages(), "[=true|false]", "")
	// pflag's column is as wide as its widest left part, "[=true|false]" included.
	norm := func(s string) []string {
		var rows []string
		for _, l := range strings.Split(s, "\n") {
			rows = append(rows, strings.Join(strings.Fields(l), " "))
		}
		return rows
	}
	if got := flagUsages(fs, 0); !slices.Equal(norm(got), norm(want)) {
		t.Errorf("flagUsages:\n%s\nwant (but for spacing)\n%s", got, want)
	}
}

// TestRulesWidths pins `claudelog rules` at 80, 120 and 200 columns; a pipe keeps one
// line per rule for scripts.
func TestRulesWidths(t *testing.T) {
	for _, width := range []int{40, 80, 120, 200} {
		code, out, errs := runAt(t, width, "rules")
		if code != 0 || errs != "" {
			t.Fatalf("rules at %d: exit %d, stderr %q", width, code, errs)
		}
		fitsIn(t, fmt.Sprintf("rules at %d", width), out, width)
		goldenFile(t, fmt.Sprintf("rules-%d.txt", width), []byte(out))
	}
	_, piped, _ := runCLI(t, "", false, "rules")
	for _, l := range strings.Split(strings.TrimSpace(piped), "\n") {
		if len(strings.Fields(l)) < 4 {
			t.Errorf("a piped row without its four columns: %q", l)
		}
	}
}

// TestDiffFitsWidth: `claudelog diff` on a terminal is laid out for its width (the
// layouts themselves are pinned in report's golden files).
func TestDiffFitsWidth(t *testing.T) {
	before := filepath.Join(testdataDir, "hars", "api-overloaded.har")
	after := filepath.Join(testdataDir, "hars", "pattern-outage.har")
	for _, width := range []int{80, 120, 200} {
		code, out, errs := runAt(t, width, "diff", "-q", before, after)
		if code != 0 {
			t.Fatalf("diff at %d: exit %d: %s", width, code, errs)
		}
		fitsIn(t, fmt.Sprintf("diff at %d", width), out, width)
		if !strings.Contains(out, "┌") {
			t.Errorf("diff at %d: no table:\n%s", width, out)
		}
	}
}

// TestMessagesFitTerminal: a message on a terminal's stderr wraps to its width, hanging
// under its first word; on a pipe it stays one line, for grep.
func TestMessagesFitTerminal(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	args := []string{"explain", "no-such-cause-at-all"}
	var out, errb bytes.Buffer
	term := Terminal{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, IsTerminal: func(f any) bool { return f == any(&errb) }}
	if code := Run(args, term); code != 2 {
		t.Fatalf("exit %d", code)
	}
	msg := errb.String()
	fitsIn(t, "the message", msg, 80)
	lines := strings.Split(strings.TrimSuffix(msg, "\n"), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "claudelog: unknown cause") || !strings.HasPrefix(lines[1], "           ") {
		t.Errorf("not wrapped under the message:\n%s", msg)
	}
	_, _, piped := runCLI(t, "", false, args...)
	if n := strings.Count(piped, "\n"); n != 2 { // the message and the pointer to --help
		t.Errorf("on a pipe the message is %d lines:\n%s", n, piped)
	}
}

// TestWrappedMessageStartsNoCommand: wrapping a message on a terminal never starts a line
// with what the input wrote, if that is a workflow command; the message stays one line.
func TestWrappedMessageStartsNoCommand(t *testing.T) {
	t.Setenv("COLUMNS", "38") // where a line would break right before "::add-mask::"
	var errb bytes.Buffer
	term := Terminal{Stderr: &errb, IsTerminal: func(f any) bool { return f == any(&errb) }}
	term.say("%s: a long message that wraps ::add-mask::secret and more words", "input.log")
	for _, l := range strings.Split(errb.String(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "::") {
			t.Errorf("a line starts with a workflow command: %q", errb.String())
		}
	}
	errb.Reset()
	term.say("%s: a long message that wraps and wraps and wraps again", "input.log")
	if strings.Count(errb.String(), "\n") < 2 {
		t.Errorf("not wrapped at 40 columns: %q", errb.String())
	}
}
