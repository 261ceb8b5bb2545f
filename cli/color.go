package cli

import (
	"io"
	"os"

	"github.com/spf13/pflag"
)

// colorFlag adds --color to a command's flags.
func colorFlag(fs *pflag.FlagSet) *string {
	return fs.String("color", "auto", "colour severities: auto (on a terminal, unless NO_COLOR is set), always or never")
}

// color decides whether output to w is coloured, from --color: always and never are
// the user's word; auto colours a terminal unless NO_COLOR is set to anything
// (no-color.org) or TERM is dumb.
func (t Terminal) color(mode string, w io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		return t.isTerminal(w), nil
	}
	return false, usagef("unknown --color %q (want auto, always or never)", mode)
}
