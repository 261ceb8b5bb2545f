// Command genbench writes the inputs of scripts/bench.sh: a CI-style log with about 1% of
// its lines Claude errors in mixed dialects, a HAR of Claude calls with base64 bodies, and
// a HAR whose one entry has a huge body; and the inputs of issue 18: the log of a Python
// service on the SDK, a failure-dense log and a Claude Code projects folder. The output is deterministic for a given size, so
// runs on different days compare.
//
//	genbench log    -size 1073741824 -o ci.log
//	genbench har    -size 400000000 -body 150000 -o big.har
//	genbench bighar -body 200000000 -o one.har
//	genbench session -entries 100000 -o session.har   # a long claude.ai session, about 510 MB
//	genbench sdklog -size 1073741824 -o sdk.log       # a Python service on the SDK, INFO level (268 MB without -size)
//	genbench dense  -size 536870912 -o dense.log      # one line in five a failure
//	genbench projects -files 4000 -size 50000 -o DIR  # a Claude Code projects folder, -size per session
//
// It is built by the script, not by the tool; package gen writes the inputs.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/claudelog/claudelog/scripts/genbench/gen"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: genbench log|har|bighar|session|sdklog|dense|projects [-size N] [-body N] [-entries N] [-files N] -o FILE|DIR")
		os.Exit(2)
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet(mode, flag.ExitOnError)
	size := fs.Int64("size", 1<<30, "approximate size of the output in bytes")
	body := fs.Int("body", 150_000, "size of each base64 body in bytes")
	entries := fs.Int("entries", 100_000, "entries of a session HAR")
	files := fs.Int("files", 4000, "projects: how many session files")
	out := fs.String("o", "", "output file (projects: the folder)")
	_ = fs.Parse(os.Args[2:])
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genbench: -o is required")
		os.Exit(2)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["size"] {
		switch mode {
		case "sdklog":
			*size = 268_435_456 // a quarter of the benchmark's 1 GiB, for quick runs
		case "dense":
			*size = 536_870_912
		case "projects":
			*size = 50_000
		}
	}
	if mode == "projects" {
		// -size is each session's size here; the folder holds -files of them.
		if err := gen.WriteProjects(*out, *files, int(*size)); err != nil {
			fmt.Fprintln(os.Stderr, "genbench:", err)
			os.Exit(1)
		}
		return
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genbench:", err)
		os.Exit(1)
	}
	cw := &gen.CountingWriter{W: f}
	w := bufio.NewWriterSize(cw, 1<<20)
	switch mode {
	case "log":
		err = gen.WriteLog(w, *size)
	case "har":
		err = gen.WriteHAR(w, func() int64 { return cw.N + int64(w.Buffered()) }, *size, *body)
	case "bighar":
		err = gen.WriteBigHAR(w, *body)
	case "session":
		err = gen.WriteSessionHAR(w, *entries)
	case "sdklog":
		err = gen.WriteSDKLog(w, *size)
	case "dense":
		err = gen.WriteDenseLog(w, *size)
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genbench:", err)
		os.Exit(1)
	}
}
