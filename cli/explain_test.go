package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var updateExplain = flag.Bool("update", false, "rewrite the golden files in cli/testdata")

// TestExplainGolden pins `explain` on an 80-column terminal: the fixes under a heading per
// surface, every line wrapped to the width. go test ./cli -update rewrites the files.
func TestExplainGolden(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	for _, cause := range []string{"overloaded", "usage_limit", "network_error", "auth_failed"} {
		t.Run(cause, func(t *testing.T) {
			var out, errb bytes.Buffer
			term := Terminal{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
				IsTerminal: func(f any) bool { return f == any(&out) }}
			if code := Run([]string{"explain", cause}, term); code != 0 {
				t.Fatalf("explain %s: exit %d, %s", cause, code, errb.String())
			}
			got := out.String()
			for i, line := range strings.Split(got, "\n") {
				if n := utf8.RuneCountInString(line); n > 80 && strings.Contains(strings.TrimSpace(line), " ") {
					t.Errorf("line %d is %d columns wide: %q", i+1, n, line)
				}
			}
			for _, heading := range []string{"Developers (SDK or API):", "claude.ai (browser or desktop app):", "Claude Code:"} {
				if !strings.Contains(got, heading) {
					t.Errorf("no %q heading", heading)
				}
			}
			path := filepath.Join("testdata", "explain-"+cause+".txt")
			if *updateExplain {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./cli -update)", err)
			}
			if got != string(want) {
				t.Errorf("explain %s differs from %s (go test ./cli -update, then review the diff):\n%s", cause, path, got)
			}
		})
	}
}

// TestWrapWords checks the local wrap: lines within the width, words whole, leads kept.
func TestWrapWords(t *testing.T) {
	for _, tt := range []struct {
		in, first, rest string
		width           int
		want            string
	}{
		{"one two three", "", "", 0, "one two three"},
		{"one two three", "- ", "  ", 9, "- one two\n  three"},
		{"averyveryverylongword x", "", "", 5, "averyveryverylongword\nx"},
		{"", "  - ", "", 10, "  -"},
	} {
		if got := wrapWords(tt.in, tt.first, tt.rest, tt.width); got != tt.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}
