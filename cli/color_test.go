package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

const sessionHAR = "../testdata/hars/claude-ai-session.har"

// runFaked runs claudelog with stdout a terminal or not, as the test says.
func runFaked(terminal bool, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	t := Terminal{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, IsTerminal: func(w any) bool { return terminal && w == io.Writer(&out) }}
	code = Run(args, t)
	return out.String(), errb.String(), code
}

func TestColorSwitch(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		noColor  string
		args     []string
		coloured bool
		code     int
	}{
		{"auto on a terminal", true, "", nil, true, 0},
		{"auto with NO_COLOR", true, "1", nil, false, 0},
		{"auto in a pipe", false, "", []string{"-f", "table"}, false, 0},
		{"never on a terminal", true, "", []string{"--color=never"}, false, 0},
		// always is the user's word, over NO_COLOR and a pipe (no-color.org).
		{"always in a pipe", false, "1", []string{"-f", "table", "--color", "always"}, true, 0},
		{"unknown mode", true, "", []string{"--color=sometimes"}, false, 2},
		{"auto on a dumb terminal", true, "", []string{"--tz", "UTC"}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tt.noColor)
			term := "xterm-256color"
			if strings.Contains(tt.name, "dumb") {
				term = "dumb"
			}
			t.Setenv("TERM", term)
			args := append(append([]string{"analyze", "--tz", "UTC"}, tt.args...), sessionHAR)
			out, stderr, code := runFaked(tt.terminal, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if got := strings.Contains(out, "\x1b[31merror\x1b[0m"); got != tt.coloured {
				t.Errorf("coloured = %v, want %v:\n%.300s", got, tt.coloured, out)
			}
			if !tt.coloured && strings.Contains(out, "\x1b[") {
				t.Errorf("escape codes in uncoloured output:\n%.300s", out)
			}
		})
	}
}

func TestDiffTakesColor(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	out, stderr, code := runFaked(false, "diff", "-f", "table", "--color=always", "../testdata/hars/claude-ai-clean.har", sessionHAR)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "\x1b[31merror\x1b[0m") {
		t.Errorf("diff --color=always did not colour the severity:\n%s", out)
	}
}

// TestTerminalWidth: the table fits COLUMNS on a terminal (stacked at 80), 80 when the
// terminal will not say, and has no limit in a pipe.
func TestTerminalWidth(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		columns  string
		width    int  // every line within; 0 for no check
		boxed    bool // the box table rather than stacked findings
	}{
		{"COLUMNS 80", true, "80", 80, false},
		{"COLUMNS 120", true, "120", 120, false},
		{"COLUMNS 200", true, "200", 200, true},
		{"unknown width on a terminal", true, "", 80, false},
		{"bad COLUMNS", true, "wide", 80, false},
		{"a pipe", false, "80", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("COLUMNS", tt.columns)
			out, stderr, code := runFaked(tt.terminal, "analyze", "-f", "table", "--color=never", "--tz", "UTC", sessionHAR)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := strings.Contains(out, "┌"); got != tt.boxed {
				t.Errorf("boxed = %v, want %v", got, tt.boxed)
			}
			if tt.width == 0 {
				return
			}
			for i, l := range strings.Split(out, "\n") {
				if n := utf8.RuneCountInString(l); n > tt.width {
					t.Errorf("line %d is %d columns, over %d: %q", i+1, n, tt.width, l)
				}
			}
		})
	}
}
