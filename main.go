// Command claudelog names the root causes of failed calls to Claude from what a person or a
// CI job has at hand: a browser HAR export, application and CI logs, raw API error bodies.
//
//	claudelog analyze session.har
//	cat ci.log | claudelog analyze -
//	claudelog rules
//	claudelog explain overloaded
//
// The command line is package cli; main only hands it the process's streams.
package main

import (
	"io"
	"os"

	"github.com/claudelog/claudelog/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program behind main, so tests go through the binary's code path.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cli.Run(args, cli.Terminal{Stdin: stdin, Stdout: stdout, Stderr: stderr})
}
