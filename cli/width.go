package cli

import (
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// defaultWidth is the width assumed for a terminal that will not say its own.
const defaultWidth = 80

// maxProseWidth caps the width of help (and other running text): lines much longer than
// this are hard to follow back to their start, whatever the terminal (clap's help stops
// at 100 columns too). Tables are not capped: their columns are what needs the room.
const maxProseWidth = 100

// minProseWidth is the narrowest help is laid out for, whatever the terminal says:
// narrower, the flag names alone would not fit.
const minProseWidth = 40

// width is the number of columns the report may use on w: the terminal's own width
// when w is one and it answers, else COLUMNS, else 80 on a terminal; 0 (no limit) when
// w is not a terminal, since a file or pipe has no width to fit.
func (t Terminal) width(w io.Writer) int {
	if !t.isTerminal(w) {
		return 0
	}
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	if n := envColumns(); n > 0 {
		return n
	}
	return defaultWidth
}

// proseWidth is the width help text is wrapped to on stdout, and explain's text should
// be: the terminal's width; where stdout is not a terminal, COLUMNS or 80, since help
// piped into a pager or saved to a file is still read by a person. It is at most
// maxProseWidth and at least minProseWidth.
func (t Terminal) proseWidth() int { return t.proseWidthOf(t.Stdout) }

// proseWidthOf is proseWidth for text written to w.
func (t Terminal) proseWidthOf(out io.Writer) int {
	w := t.width(out)
	if w == 0 {
		w = envColumns()
	}
	if w == 0 {
		w = defaultWidth
	}
	return min(max(w, minProseWidth), maxProseWidth)
}

// envColumns is COLUMNS when it holds a positive number, else 0.
func envColumns() int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return 0
}
