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
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return defaultWidth
}
