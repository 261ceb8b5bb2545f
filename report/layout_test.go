package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestWrapLines(t *testing.T) {
	tests := []struct {
		name, text, first, rest string
		width                   int
		want                    []string
	}{
		{"no limit", "a  b\nc", "", "", 0, []string{"a b c"}},
		{"fits", "one two", "", "", 7, []string{"one two"}},
		{"breaks at a space", "one two three", "", "", 8, []string{"one two", "three"}},
		{"hanging indent", "one two three", "1. ", "   ", 10, []string{"1. one two", "   three"}},
		{"empty", "", "> ", "  ", 10, []string{"> "}},
		// Near miss: a word longer than a line is cut, never left to overflow.
		{"long word", "abcdefghij", "", "", 4, []string{"abcd", "efgh", "ij"}},
		{"long word after a short one", "ab cdefghij", "", "", 4, []string{"ab", "cdef", "ghij"}},
		{"runes count once", "ééé ééé", "", "", 7, []string{"ééé ééé"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapLines(tt.text, tt.first, tt.rest, tt.width)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("wrapLines(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

// FuzzWrapLines: every line fits, and no word is lost or reordered.
func FuzzWrapLines(f *testing.F) {
	f.Add("Retry with exponential backoff and jitter, and honour retry-after", 20)
	f.Add("POST claude.ai/api/organizations/{id}/chat_conversations/{id}/completion", 30)
	f.Add("a\tb\u00a0c  é", 3)
	f.Fuzz(func(t *testing.T, text string, width int) {
		if !utf8.ValidString(text) || width < 1 || width > 300 {
			return
		}
		const rest = "     "
		lines := wrapLines(text, "   ", rest, width)
		var joined strings.Builder
		for i, l := range lines {
			// A width no wider than the indent leaves no room: only the words are checked.
			if n := utf8.RuneCountInString(l); width > len(rest) && n > width {
				t.Fatalf("line %d is %d columns, over %d: %q", i, n, width, l)
			}
			joined.WriteString(strings.Join(strings.Fields(l), ""))
		}
		if want := strings.Join(strings.Fields(text), ""); joined.String() != want {
			t.Fatalf("words changed: %q, want %q", joined.String(), want)
		}
	})
}

func TestRelPath(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	tests := []struct{ in, want string }{
		{filepath.Join(dir, "logs", "ci.log"), "logs/ci.log"},
		{filepath.Join(other, "secret-user", "session.har"), "session.har"},
		{"-", "-"},
		{"", ""},
		// Near miss: a sibling whose name starts with the directory's is outside it.
		{dir + "x/a.har", "a.har"},
	}
	for _, tt := range tests {
		if got := relPath(tt.in, dir); got != tt.want {
			t.Errorf("relPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ source, path, want string }{
		{filepath.Join(dir, "a.har") + "#entry-7", filepath.Join(dir, "a.har"), "a.har#entry-7"},
		{filepath.Join(other, "b.log") + ":12", "", "b.log:12"},
		{filepath.Join(dir, "c.bin") + "@4096", "", "c.bin@4096"},
		{"-", "-", "-"},
	} {
		if got := relSource(tt.source, tt.path, dir); got != tt.want {
			t.Errorf("relSource(%q) = %q, want %q", tt.source, got, tt.want)
		}
	}
}

// TestMarkdownHasNoAbsolutePaths: inputs named by absolute paths, inside the current
// directory and outside it, reach the ticket relative or as a base name.
func TestMarkdownHasNoAbsolutePaths(t *testing.T) {
	home := t.TempDir() // stands for /home/someone
	dir := filepath.Join(home, "project")
	rep := fixedReport()
	abs := func(p string) string {
		if p == "" || p == "-" {
			return p
		}
		if strings.HasPrefix(p, "session") {
			return filepath.Join(home, "Downloads", p) // outside the current directory
		}
		return filepath.Join(dir, p)
	}
	for i := range rep.Inputs {
		rep.Inputs[i].Path = abs(rep.Inputs[i].Path)
	}
	for i := range rep.Findings {
		for j := range rep.Findings[i].Evidence {
			e := &rep.Findings[i].Evidence[j]
			e.Source, e.Path = abs(e.Source), abs(e.Path)
		}
	}
	var out bytes.Buffer
	if err := Markdown(&out, rep, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	if strings.Contains(md, home) {
		t.Errorf("markdown holds the absolute path %s:\n%s", home, md)
	}
	for _, want := range []string{"`logs/ci\\|run.log:12`", "`session.har#entry-7`", "`logs/ci|run.log`"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %s", want)
		}
	}
	if n := strings.Count(md, "UTC+"); n != 1 {
		t.Errorf("the time zone is stated %d times, want once", n)
	}
}

func TestGitHubRelativePaths(t *testing.T) {
	ws := t.TempDir()
	rep := fixedReport()
	for i := range rep.Findings {
		for j := range rep.Findings[i].Evidence {
			e := &rep.Findings[i].Evidence[j]
			if e.Path != "-" {
				e.Source, e.Path = filepath.Join(ws, "sub", e.Source), filepath.Join(ws, "sub", e.Path)
			}
		}
	}
	tests := []struct {
		name string
		env  map[string]string
		dir  string
		want string
	}{
		{"workspace", map[string]string{"GITHUB_WORKSPACE": ws}, "/elsewhere", "file=sub/logs/ci|run.log,line=12"},
		{"current directory", nil, filepath.Join(ws, "sub"), "file=logs/ci|run.log,line=12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := GitHub(&out, rep, Options{Dir: tt.dir}, func(k string) string { return tt.env[k] }); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("annotations lack %q:\n%s", tt.want, out.String())
			}
			if strings.Contains(out.String(), ws) {
				t.Errorf("annotations hold the absolute path %s", ws)
			}
			if strings.Contains(out.String(), " 1 calls") {
				t.Error("1 calls")
			}
		})
	}
}

// TestGitHubUnwritableSummary: a step summary that cannot be written is a warning; the
// annotations are still written and the step does not fail.
func TestGitHubUnwritableSummary(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "no-such-dir", "summary.md")
	var out, warn bytes.Buffer
	env := func(k string) string {
		if k == "GITHUB_STEP_SUMMARY" {
			return bad
		}
		return ""
	}
	if err := GitHub(&out, fixedReport(), Options{Warnings: &warn}, env); err != nil {
		t.Fatalf("an unwritable summary failed the report: %v", err)
	}
	if !strings.Contains(out.String(), "::error ") {
		t.Error("no annotations written")
	}
	if !strings.Contains(warn.String(), "warning: GITHUB_STEP_SUMMARY") {
		t.Errorf("no warning: %q", warn.String())
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("summary written where it could not be")
	}
}

// TestTableWidths pins the table at 80, 120 and 200 columns: stacked below the width the
// table needs, every line within the width, the box table when it fits.
func TestTableWidths(t *testing.T) {
	for _, width := range []int{80, 120, 200} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			var out bytes.Buffer
			if err := Table(&out, sessionReport(t), Options{Location: time.UTC, Width: width}); err != nil {
				t.Fatal(err)
			}
			s := out.String()
			for i, l := range strings.Split(s, "\n") {
				if n := utf8.RuneCountInString(l); n > width {
					t.Errorf("line %d is %d columns, over %d: %q", i+1, n, width, l)
				}
			}
			boxed := strings.Contains(s, "┌")
			if boxed != (width == 200) {
				t.Errorf("at %d columns boxed = %v", width, boxed)
			}
			if !strings.HasPrefix(s, "Claude was overloaded for 2 of your replies at 09:16 UTC") {
				t.Errorf("the verdict is not first: %.80q", s)
			}
			golden(t, fmt.Sprintf("table-%d.txt", width), out.Bytes())
		})
	}
}

// TestTableColour: severities are coloured only when asked; the colour codes do not
// change the layout.
func TestTableColour(t *testing.T) {
	for _, width := range []int{0, 80} {
		var plain, col bytes.Buffer
		if err := Table(&plain, fixedReport(), Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		if err := Table(&col, fixedReport(), Options{Width: width, Color: true}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(plain.String(), "\x1b[") {
			t.Errorf("width %d: colour codes without Color", width)
		}
		for _, want := range []string{ansiRed + "error" + ansiReset, ansiYel + "warning" + ansiReset, ansiDim + "info" + ansiReset} {
			if !strings.Contains(col.String(), want) {
				t.Errorf("width %d: coloured table lacks %q", width, want)
			}
		}
		stripped := stripANSI(col.String())
		if stripped != plain.String() {
			t.Errorf("width %d: colour changed the layout:\n%s\n---\n%s", width, stripped, plain.String())
		}
	}
}

func stripANSI(s string) string {
	for _, code := range []string{ansiReset, ansiBold, ansiBRed, ansiRed, ansiYel, ansiDim} {
		s = strings.ReplaceAll(s, code, "")
	}
	return s
}

func TestProgressFitsWidth(t *testing.T) {
	for _, width := range []int{40, 80, 200} {
		var b bytes.Buffer
		p := NewProgress(&b, 4<<30)
		p.Width = width
		p.start = time.Now().Add(-2 * time.Second)
		p.every = 0
		p.Update(strings.Repeat("very-long-directory-name/", 6)+"big.log", 1<<30, 4<<30)
		line := strings.TrimPrefix(b.String(), "\r")
		if n := utf8.RuneCountInString(line); n != width-1 {
			t.Errorf("width %d: progress line is %d columns, want %d: %q", width, n, width-1, line)
		}
		if !strings.Contains(line, "big.log") || !strings.Contains(line, "%") {
			t.Errorf("width %d: the line lost the file or the percentage: %q", width, line)
		}
	}
}
