package cli

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/report"
)

// say prints one line on stderr: "claudelog: " and the message, redacted and made visible.
// Every line claudelog writes there goes through it, because messages quote the input
// (file names, dates, reason phrases) and the input must not command the terminal or a CI
// runner: an escape sequence could rewrite the screen or the clipboard, and a newline
// followed by "::add-mask::" or "::stop-commands::" would be a GitHub workflow command.
//
// On a terminal the message is wrapped to its width, the lines after the first hanging
// under the message; elsewhere (a CI log, a file) it stays one line, so that each message
// is one line to grep.
func (t Terminal) say(format string, a ...any) {
	msg := "claudelog: " + visible(redact.Text(fmt.Sprintf(format, a...)))
	if w := t.width(t.Stderr); w > 0 && columns(msg) > w {
		hang := "           " // under the message, after "claudelog: "
		if w < len(hang)+minWrapRoom {
			hang = "  "
		}
		lines := report.WrapLines(msg, "", hang, w)
		// A line break is ours, but the word after it is the input's: a line must not
		// start with a workflow command ("::add-mask::"), even on a terminal.
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "::") }) {
			msg = strings.Join(lines, "\n")
		}
	}
	fmt.Fprintln(t.Stderr, msg)
}

// warn prints a warning line on stderr, as say does.
func (t Terminal) warn(format string, a ...any) {
	t.say("warning: "+format, a...)
}

// visible writes control characters, invalid UTF-8 and the Unicode format characters that
// reorder or hide text (bidi overrides, zero-width joiners) as Go escapes, so a line stays
// one line and shows what it holds.
func visible(s string) string {
	clean := true
	for _, r := range s {
		if hidden(r) {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && hidden(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// hidden reports whether r would act on a terminal or hide or reorder text instead of
// showing as itself. A tab is kept: it only moves the cursor forward.
func hidden(r rune) bool {
	return (r < 0x20 && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
		unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}
