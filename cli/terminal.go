package cli

import (
	"io"
	"os"
)

// Terminal is what a command may touch: its three streams, and how to tell whether one of
// them is an interactive terminal. main hands the process's own; tests fake it.
type Terminal struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// IsTerminal reports whether f, one of the three streams, is an interactive terminal;
	// nil asks the operating system.
	IsTerminal func(f any) bool
}

// isTerminal reports whether f is a terminal, through t.IsTerminal when it is set.
func (t Terminal) isTerminal(f any) bool {
	if t.IsTerminal != nil {
		return t.IsTerminal(f)
	}
	return isCharDevice(f)
}

// isCharDevice reports whether s is a character device, so the table is the default there.
func isCharDevice(s any) bool {
	f, ok := s.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
