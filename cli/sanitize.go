package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/claudelog/claudelog/parse/event"
	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/sanitize"
)

const sanitizeUsage = `Usage: claudelog sanitize [-o OUT] FILE.har

Writes the same HAR with every secret replaced by a short stable hash (API keys, the
Authorization, Cookie and Set-Cookie headers, session keys, bearer and OAuth tokens, JWTs,
secret query parameters, URL passwords) and the text of prompts and completions removed.
Error bodies, status codes, request ids, retry-after and rate-limit headers, sizes, times
and vendor fields are kept, so the sanitized file analyses to the same findings. With -o
the file is written with mode 0600; without it the HAR goes to standard output.
FILE may be - for standard input; gzip and zlib input is undone.
`

func (term Terminal) sanitize(args []string) error {
	fs := term.newFlags("sanitize", sanitizeUsage)
	out := fs.StringP("output", "o", "", "write the sanitized HAR to this file (mode 0600) instead of standard output")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("sanitize takes one HAR file, for example: claudelog sanitize -o shared.har session.har")
	}
	path := fs.Arg(0)
	var in io.Reader = term.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return &exitError{code: exitTrouble, msg: fmt.Sprintf("%s: %s", path, errors.Unwrap(err))}
		}
		defer f.Close()
		in = f
	}
	warn := func(w event.Warning) { fmt.Fprintf(term.Stderr, "claudelog: warning: %s\n", redact.Text(w.String())) }
	write := func(w io.Writer) error {
		_, err := sanitize.HAR(in, w, path, warn)
		return err
	}
	var err error
	if *out == "" {
		err = write(term.Stdout)
	} else {
		err = sanitize.WriteFile(*out, write)
	}
	if err != nil {
		return &exitError{code: exitTrouble, msg: redact.Text(err.Error())}
	}
	return nil
}
