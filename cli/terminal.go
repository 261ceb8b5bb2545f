package cli

import (
	"io"
	"os"

	"github.com/claudelog/claudelog/report"
)

// Terminal is what a command may touch: its three streams, and how to tell whether one of
// them is an interactive terminal. main hands the process's own; tests fake it.
type Terminal struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// IsTerminal reports whether w is an interactive terminal; nil asks the operating system.
	IsTerminal func(w io.Writer) bool
	// calls, when set, counts the events read by host, for the report's verdict.
	calls *report.Calls
}

// isTerminal reports whether w is a terminal, through t.IsTerminal when it is set.
func (t Terminal) isTerminal(w io.Writer) bool {
	if t.IsTerminal != nil {
		return t.IsTerminal(w)
	}
	return isCharDevice(w)
}

// isCharDevice reports whether w is a character device, so the table is the default there.
func isCharDevice(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
