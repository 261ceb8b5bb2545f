package report

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name          string
		text          string
		width, indent int
		want          string
	}{
		{"fits as written", "a  b\n", 20, 0, "a  b\n"},
		{"no limit", "one two\n\nthree", 0, 2, "  one two\n\n  three"},
		{"paragraph", "the quick brown fox jumps over the lazy dog", 16, 0, "the quick brown\nfox jumps over\nthe lazy dog"},
		{"indent", "the quick brown fox jumps", 16, 4, "    the quick\n    brown fox\n    jumps"},
		{"hangs under its own indent", "  alpha beta gamma delta", 14, 0, "  alpha beta\n  gamma delta"},
		{"list item hangs under its text", "  - alpha beta gamma delta epsilon zeta eta", 30, 0, "  - alpha beta gamma delta\n    epsilon zeta eta"},
		{"no room to hang deeper", "  - alpha beta gamma delta", 16, 0, "  - alpha beta\n  gamma delta"},
		{"blank lines stay", "a\n\nb\n", 10, 0, "a\n\nb\n"},
		{"a long word is cut", "abcdefghijkl", 5, 0, "abcde\nfghij\nkl"},
	}
	for _, tt := range tests {
		if got := Wrap(tt.text, tt.width, tt.indent); got != tt.want {
			t.Errorf("%s: Wrap(%q, %d, %d) = %q, want %q", tt.name, tt.text, tt.width, tt.indent, got, tt.want)
		}
	}
}

// TestWrapFits: every line fits, and the words are the text's, in order.
func TestWrapFits(t *testing.T) {
	text := strings.Repeat("Retry with exponential backoff; raise max_retries or use a fallback model. ", 8) +
		"\n\n  - " + strings.Repeat("a list item that goes on ", 10)
	for _, width := range []int{30, 80, 120} {
		got := Wrap(text, width, 3)
		for _, l := range strings.Split(got, "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Errorf("width %d: a line of %d: %q", width, n, l)
			}
		}
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
			t.Errorf("width %d: the words changed:\n%s", width, got)
		}
	}
}
