package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/claudecode"
	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/sanitize"
)

const sanitizeUsage = `Usage: claudelog sanitize [-o OUT] FILE.har|TRANSCRIPT.jsonl

Writes the same HAR with every secret replaced by a short stable hash (API keys and vendor
tokens, the Authorization, Cookie and Set-Cookie headers and any header, parameter or JSON
member named like a secret, session keys, bearer and OAuth tokens, JWTs, private keys, URL
passwords, e-mail addresses) and the text of prompts, completions and uploads removed. A
value hashed in one place is hashed wherever else it recurs in the file. Error bodies,
status codes, request ids, retry-after and rate-limit headers, sizes, times and vendor
fields are kept, so the sanitized file analyses to the same findings. With -o the file is
written with mode 0600; -o may not be the input itself, a symbolic link or a device.
Without -o the HAR goes to standard output. FILE may be - for standard input; gzip and
zlib input is undone.

A Claude Code session transcript (a .jsonl file under ~/.claude/projects) or a
claude -p stream-json output, told by its content, is written back without the
conversation: only record types, times, session ids and uuids, request ids, the model, the
Claude Code version, statuses, error kinds, retry counts and the error texts (redacted)
stay. Prompts, answers, thinking, code, tool input and output, summaries, attachments,
file snapshots, the working directory (cwd) and the git branch are dropped. Every line
stays a line, so evidence points at the same line in both files.
`

func (term Terminal) sanitize(args []string) error {
	fs := term.newFlags("sanitize", sanitizeUsage)
	out := fs.StringP("output", "o", "", "write the sanitized HAR to this file (mode 0600) instead of standard output")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("sanitize takes one HAR file or Claude Code transcript, for example: claudelog sanitize -o shared.har session.har")
	}
	path := fs.Arg(0)
	if *out != "" {
		if err := checkOutput(*out, path); err != nil {
			return &exitError{code: exitTrouble, msg: err.Error()}
		}
	}
	var in io.Reader = &finalEOF{r: term.Stdin} // one Ctrl-D ends a terminal's input
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return &exitError{code: exitTrouble, msg: fmt.Sprintf("%s: %s", path, errors.Unwrap(err))}
		}
		defer f.Close()
		in = f
	}
	// Warnings quote the input: through warn, so they are redacted and cannot command the
	// terminal or a CI runner, as analyze's are.
	warn := func(w model.InputWarning) { term.warn("%s", w.String()) }
	// A transcript is told by its content, as analyze tells it (claudecode.Sniff).
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(64 << 10)
	transcript := claudecode.Sniff(head)
	write := func(w io.Writer) error {
		if transcript {
			_, err := sanitize.Transcript(br, w, path, warn)
			return err
		}
		_, err := sanitize.HAR(br, w, path, warn)
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

// checkOutput refuses an -o that would destroy something: the input itself (also through
// a symlink or a hard link: the rename would replace the original with its sanitized
// copy), a symlink (the rename would replace the link, not what it points to, and a
// link planted in a shared directory could aim anywhere), or anything but a regular file
// (a device, a directory, a pipe).
func checkOutput(out, in string) error {
	st, err := os.Lstat(out)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("-o %s: %v", out, errors.Unwrap(err))
	}
	switch {
	case st.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("-o %s is a symbolic link; name a new file or a regular one", out)
	case !st.Mode().IsRegular():
		return fmt.Errorf("-o %s is not a regular file (%s); name a new file or a regular one", out, st.Mode().Type())
	}
	if in != "-" {
		if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
			return fmt.Errorf("-o %s is the input file; sanitize writes a copy and never replaces the original", out)
		}
	}
	return nil
}
