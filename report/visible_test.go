package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestVisibleWriter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text\twith tabs\nand lines, ünïcode €", "plain text\twith tabs\nand lines, ünïcode €"},
		{"clear\x1b[2J screen", `clear\x1b[2J screen`},
		{"title\x1b]0;pwned\x07!", `title\x1b]0;pwned\x07!`},
		{"clipboard\x1b]52;c;ZXZpbA==\x1b\\", `clipboard\x1b]52;c;ZXZpbA==\x1b\`},
		{"cr\rback\bbell", `cr\x0dback\x08bell`},
		{"rtl \u202eexe.har and zero\u200bwidth", `rtl \u202eexe.har and zero\u200bwidth`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bad \xff byte", `bad \xff byte`},
		{ansiRed + "error" + ansiReset, ansiRed + "error" + ansiReset}, // the report's own colours
		{"\x1b[31;1m not ours", `\x1b[31;1m not ours`},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		vw := newVisibleWriter(&b)
		if n, err := vw.Write([]byte(tt.in)); err != nil || n != len(tt.in) {
			t.Fatalf("Write(%q) = %d, %v", tt.in, n, err)
		}
		vw.flush()
		if got := b.String(); got != tt.want {
			t.Errorf("visible(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestVisibleWriterSplitRunes: a multi-byte character cut between two writes is written
// whole, and one cut at the very end is shown as bytes.
func TestVisibleWriterSplitRunes(t *testing.T) {
	s := "ab€cd\u202e"
	for cut := 0; cut <= len(s); cut++ {
		var b bytes.Buffer
		vw := newVisibleWriter(&b)
		vw.Write([]byte(s[:cut]))
		vw.Write([]byte(s[cut:]))
		vw.flush()
		if got, want := b.String(), `ab€cd\u202e`; got != want {
			t.Errorf("cut at %d: %q, want %q", cut, got, want)
		}
	}
	var b bytes.Buffer
	vw := newVisibleWriter(&b)
	vw.Write([]byte("x\xe2\x82"))
	vw.flush()
	if got := b.String(); got != `x\xe2\x82` {
		t.Errorf("a cut rune at the end: %q", got)
	}
}

func FuzzVisibleWriter(f *testing.F) {
	f.Add([]byte("a\x1b[2Jb\u202ec\xff"), 3)
	f.Add([]byte(ansiRed+"x"+ansiReset), 1)
	f.Fuzz(func(t *testing.T, in []byte, cut int) {
		if cut < 0 || cut > len(in) {
			cut = len(in) / 2
		}
		var b bytes.Buffer
		vw := newVisibleWriter(&b)
		vw.Write(in[:cut])
		vw.Write(in[cut:])
		vw.flush()
		out := b.String()
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", in)
		}
		rest := out
		for _, e := range ownEscapes {
			rest = strings.ReplaceAll(rest, e, "")
		}
		for _, r := range rest {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && hiddenRune(r)) {
				t.Fatalf("%U passed through, from %q", r, in)
			}
		}
	})
}
