package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ownEscapes are the escape sequences the report writes itself (colours, layout.go); every
// other escape byte is the input's.
var ownEscapes = []string{ansiReset, ansiBold, ansiRed, ansiBRed, ansiYel, ansiDim}

// visibleWriter shows, as Go escapes, every character that would act on a terminal or hide
// or reorder text instead of showing as itself: C0 and C1 controls but newline and tab, DEL,
// invalid UTF-8, and the format characters (bidi overrides, zero-width joiners, line and
// paragraph separators). Input text reaches the table, Markdown, the GitHub annotations and
// the HTML page in messages, paths and hosts, and must not clear a screen, set the window
// title, write the clipboard (OSC 52) or show a file name backwards in a ticket. The
// report's own colour sequences pass as they are.
type visibleWriter struct {
	w     io.Writer
	carry []byte // the start of a UTF-8 sequence the last Write cut
	buf   []byte
}

func newVisibleWriter(w io.Writer) *visibleWriter { return &visibleWriter{w: w} }

// Write writes p made visible; it reports len(p) when the underlying write succeeds.
func (v *visibleWriter) Write(p []byte) (int, error) {
	n := len(p)
	if len(v.carry) > 0 {
		p = append(v.carry, p...)
		v.carry = nil
	}
	v.buf = v.buf[:0]
	for i := 0; i < len(p); {
		c := p[i]
		if c == 0x1b {
			if own := ownEscape(p[i:]); own > 0 {
				v.buf = append(v.buf, p[i:i+own]...)
				i += own
				continue
			}
		}
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				v.buf = fmt.Appendf(v.buf, `\x%02x`, c)
			} else {
				v.buf = append(v.buf, c)
			}
			i++
			continue
		}
		if !utf8.FullRune(p[i:]) && len(p)-i < utf8.UTFMax {
			v.carry = append([]byte(nil), p[i:]...) // finished by the next Write or flush
			break
		}
		r, size := utf8.DecodeRune(p[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			v.buf = fmt.Appendf(v.buf, `\x%02x`, c)
		case hiddenRune(r):
			v.buf = fmt.Appendf(v.buf, `\u%04x`, r)
		default:
			v.buf = append(v.buf, p[i:i+size]...)
		}
		i += size
	}
	if _, err := v.w.Write(v.buf); err != nil {
		return 0, err
	}
	return n, nil
}

// flush writes a UTF-8 sequence cut at the very end of the output, shown as bytes.
func (v *visibleWriter) flush() error {
	if len(v.carry) == 0 {
		return nil
	}
	var b strings.Builder
	for _, c := range v.carry {
		fmt.Fprintf(&b, `\x%02x`, c)
	}
	v.carry = nil
	_, err := io.WriteString(v.w, b.String())
	return err
}

// ownEscape returns the length of the report's own escape sequence at the start of p, or 0.
func ownEscape(p []byte) int {
	for _, e := range ownEscapes {
		if len(p) >= len(e) && string(p[:len(e)]) == e {
			return len(e)
		}
	}
	return 0
}

// hiddenRune reports whether r, at or above U+0080, acts instead of showing: a C1 control,
// a format character, or a line or paragraph separator.
func hiddenRune(r rune) bool {
	return r < 0xa0 || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// lineBreaks folds the line breaks an input's text may hold into spaces.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// oneLine is s on one line. The HTML page keeps input text on the line of its cell, so that
// the page's source, printed in a CI log, starts no line with the input's words (a
// "::error::" there would be a workflow command); in the page a break was only a space.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return lineBreaks.Replace(s)
}
