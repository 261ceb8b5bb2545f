package report

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
)

// wrapLines breaks text into lines of at most width columns at spaces, the first line
// led by first and the others by rest (a hanging indent). A word longer than a line is
// cut, so that every line fits; width 0 or less means no limit. Every rune counts as one
// column: the report's own words are ASCII, and input text is mostly so.
func wrapLines(text, first, rest string, width int) []string {
	if width <= 0 {
		return []string{first + strings.Join(strings.Fields(text), " ")}
	}
	var lines []string
	line, n, empty := first, utf8.RuneCountInString(first), true
	flush := func() {
		lines = append(lines, line)
		line, n, empty = rest, utf8.RuneCountInString(rest), true
	}
	for _, word := range strings.Fields(text) {
		wn := utf8.RuneCountInString(word)
		if !empty && n+1+wn > width {
			flush()
		}
		if !empty {
			line += " "
			n++
		}
		// Cut a word that cannot fit even a line of its own.
		for n+wn > width && width-n > 0 {
			r := []rune(word)
			line += string(r[:width-n])
			word, wn = string(r[width-n:]), wn-(width-n)
			flush()
		}
		line += word
		n += wn
		empty = false
	}
	if !empty || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// Wrap breaks each line of text at spaces into lines of at most width columns, each led
// by indent spaces, for prose on a terminal (help, explain). A line's own leading spaces
// are kept, and the lines it is broken into hang under its first word, or under the text
// of a list item ("- ", "* "); blank lines stay. A word longer than a line is cut, so
// that every line fits; width 0 or less means no limit (the indent is still added).
func Wrap(text string, width, indent int) string {
	pad := strings.Repeat(" ", max(indent, 0))
	src := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	out := make([]string, 0, len(src))
	for _, line := range src {
		body := strings.TrimLeft(line, " ")
		if strings.TrimSpace(body) == "" {
			out = append(out, "")
			continue
		}
		lead := pad + line[:len(line)-len(body)]
		hang := lead
		if strings.HasPrefix(body, "- ") || strings.HasPrefix(body, "* ") {
			hang += "  "
		}
		if width > 0 && utf8.RuneCountInString(hang)+minWrapRoom > width {
			hang = lead // a deep hanging indent would leave no room for words
		}
		if width <= 0 || utf8.RuneCountInString(lead+body) <= width {
			out = append(out, lead+body) // as written: a line that fits keeps its spacing
			continue
		}
		out = append(out, wrapLines(body, lead, hang, width)...)
	}
	s := strings.Join(out, "\n")
	if strings.HasSuffix(text, "\n") {
		s += "\n"
	}
	return s
}

// minWrapRoom is the fewest columns a wrapped line keeps for words after its indent.
const minWrapRoom = 20

// WrapLines is wrapLines for the command line's own layouts (help's flag column): text
// broken at spaces into lines of at most width columns, the first led by first and the
// others by rest.
func WrapLines(text, first, rest string, width int) []string {
	return wrapLines(text, first, rest, width)
}

// wrapText is wrapLines joined with newlines.
func wrapText(text, first, rest string, width int) string {
	return strings.Join(wrapLines(text, first, rest, width), "\n")
}

// ANSI styles for severities: red for what broke the user's work, yellow for a warning,
// dim for what did not matter.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiRed   = "\x1b[31m"
	ansiBRed  = "\x1b[1;31m"
	ansiYel   = "\x1b[33m"
	ansiDim   = "\x1b[2m"
)

// severityStyle is the ANSI style of a severity.
func severityStyle(s model.Severity) string {
	switch {
	case s >= model.Critical:
		return ansiBRed
	case s >= model.Error:
		return ansiRed
	case s == model.Warning:
		return ansiYel
	}
	return ansiDim
}

// paint wraps s in style when on.
func paint(s, style string, on bool) string {
	if !on || s == "" {
		return s
	}
	return style + s + ansiReset
}

// paintSeverityColumn colours the severity cells of a rendered table: the column whose
// header cell is "SEVERITY". Only the word is coloured, so the padding and the box keep
// their width.
func paintSeverityColumn(table string) string {
	lines := strings.Split(table, "\n")
	col := -1
	for i, l := range lines {
		cells := strings.Split(l, "│")
		if col < 0 {
			for j, c := range cells {
				if strings.TrimSpace(c) == "SEVERITY" {
					col = j
				}
			}
			continue
		}
		if col >= len(cells) {
			continue
		}
		word := strings.TrimSpace(cells[col])
		sev, err := model.ParseSeverity(word)
		if err != nil || word == "" {
			continue
		}
		cells[col] = strings.Replace(cells[col], word, paint(word, severityStyle(sev), true), 1)
		lines[i] = strings.Join(cells, "│")
	}
	return strings.Join(lines, "\n")
}

// displayWidth is the width of the widest line of s, in runes.
func displayWidth(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, utf8.RuneCountInString(l))
	}
	return w
}

// relPath makes an input's path fit for a ticket or an annotation: relative to dir when
// it lies under dir, else its base name, so that no home directory or user name leaves
// the machine. "-" (standard input) and "" stay as they are. dir "" is the current
// directory.
func relPath(p, dir string) string {
	if p == "" || p == "-" {
		return p
	}
	if dir == "" {
		dir, _ = os.Getwd()
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Base(p)
	}
	if dir != "" {
		if d, err := filepath.Abs(dir); err == nil {
			if rel, err := filepath.Rel(d, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.Base(p)
}

// sourceSuffix is the place within an input that analyze appends to its path in a
// Source: "#entry-17", ":12", "@4096".
var sourceSuffix = regexp.MustCompile(`(#entry-\d+|:\d+|@\d+)$`)

// relSource is relPath for an evidence source "path#entry-N", "path:line" or
// "path@offset"; path is the evidence's input when known.
func relSource(source, path, dir string) string {
	if path == "" || !strings.HasPrefix(source, path) {
		path = sourceSuffix.ReplaceAllString(source, "")
	}
	if path == "" {
		return source
	}
	return relPath(path, dir) + strings.TrimPrefix(source, path)
}

// retitled is a copy of r whose findings carry their displayTitle; r is not changed.
func retitled(r *model.Report) *model.Report {
	c := *r
	c.Findings = slices.Clone(r.Findings)
	for i := range c.Findings {
		c.Findings[i].Title = displayTitle(c.Findings[i])
	}
	return &c
}

// relativized is a copy of r whose input paths and evidence sources are relative to dir
// (relPath), for the formats a person attaches to a ticket, and whose findings carry
// their displayTitle; r is not changed.
func relativized(r *model.Report, dir string) *model.Report {
	c := *r
	c.Inputs = slices.Clone(r.Inputs)
	for i := range c.Inputs {
		c.Inputs[i].Path = relPath(c.Inputs[i].Path, dir)
	}
	rel := func(ev []model.Evidence) []model.Evidence {
		ev = slices.Clone(ev)
		for i := range ev {
			ev[i].Source = relSource(ev[i].Source, ev[i].Path, dir)
			ev[i].Path = relPath(ev[i].Path, dir)
		}
		return ev
	}
	c.Findings = slices.Clone(r.Findings)
	for i := range c.Findings {
		c.Findings[i].Evidence = rel(c.Findings[i].Evidence)
		c.Findings[i].Title = displayTitle(c.Findings[i])
	}
	c.Unclassified = rel(r.Unclassified)
	return &c
}
