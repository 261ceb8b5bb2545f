package cli

import (
	"fmt"
	"runtime/debug"
)

func (term Terminal) version(args []string) error {
	fs := term.newFlags("version", "Usage: claudelog version\n")
	if err := fs.parse(args); err != nil {
		return err
	}
	v, goVersion := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 && v == "(devel)" {
				v = "(devel " + s.Value[:12] + ")"
			}
		}
	}
	fmt.Fprintf(term.Stdout, "claudelog %s %s\n", v, goVersion)
	return nil
}
