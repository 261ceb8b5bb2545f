package fold

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// lowerASCII lower-cases ASCII letters only: the reference the functions are held to.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestFold(t *testing.T) {
	cases := []struct {
		s, word                 string
		contains, prefix, equal bool
	}{
		{"Overloaded", "overloaded", true, true, true},
		{"API Error: OVERLOADED", "overloaded", true, false, false},
		{"", "", true, true, true},
		{"abc", "", true, true, false},
		{"@x", "`x", false, false, false}, // not letters: exact
		{"\x10", "0", false, false, false},
		{"CAN’T", "can’t", true, true, true},
		{"Ｃlaude", "claude", false, false, false}, // beyond ASCII: exact
		{"clau", "claude", false, false, false},
	}
	for _, c := range cases {
		if got := Contains(c.s, c.word); got != c.contains {
			t.Errorf("Contains(%q, %q) = %v", c.s, c.word, got)
		}
		if got := Contains([]byte(c.s), c.word); got != c.contains {
			t.Errorf("Contains([]byte %q, %q) = %v", c.s, c.word, got)
		}
		if got := HasPrefix(c.s, c.word); got != c.prefix {
			t.Errorf("HasPrefix(%q, %q) = %v", c.s, c.word, got)
		}
		if got := Equal(c.s, c.word); got != c.equal {
			t.Errorf("Equal(%q, %q) = %v", c.s, c.word, got)
		}
	}
}

// TestAgainstLower: every function is the plain one over the text lower-cased byte by
// byte, and ContainsAny is a Contains per word, on random text made of word pieces.
func TestAgainstLower(t *testing.T) {
	words := [][]string{{"anthropic", "claude", "bedrock"}, {"x"}, {"ab", "abc", "b"}, {}, {""}, {"`a", "@b", "0"}}
	parts := []string{"a", "A", "n", "th", "ropic", "ANTHROP", "IC", "claude", "Claud", "E", "bedRock", "@", "`",
		" ", "\xc3", "é", "x", "X", "b", "B", "c", "0", "\x10", "P"}
	rng := rand.New(rand.NewPCG(3, 9))
	for range 100000 {
		var sb strings.Builder
		for range rng.IntN(8) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		low := lowerASCII(s)
		if got := Lower(s); got != low {
			t.Fatalf("Lower(%q) = %q, want %q", s, got, low)
		}
		if got := LowerBytes([]byte(s)); string(got) != low {
			t.Fatalf("LowerBytes(%q) = %q, want %q", s, got, low)
		}
		for _, ws := range words {
			want := false
			for _, w := range ws {
				if got, plain := Contains(s, w), strings.Contains(low, w); got != plain {
					t.Fatalf("Contains(%q, %q) = %v, want %v", s, w, got, plain)
				}
				if got, plain := HasPrefix([]byte(s), w), bytes.HasPrefix([]byte(low), []byte(w)); got != plain {
					t.Fatalf("HasPrefix(%q, %q) = %v, want %v", s, w, got, plain)
				}
				want = want || strings.Contains(low, w)
			}
			if got := ContainsAny([]byte(s), ws); got != want {
				t.Fatalf("ContainsAny(%q, %q) = %v, want %v", s, ws, got, want)
			}
		}
	}
}

func BenchmarkContains(b *testing.B) {
	s := strings.Repeat("the request failed with status 529 and ", 4) + "Overloaded"
	for b.Loop() {
		Contains(s, "overloaded")
	}
}

func BenchmarkContainsAny(b *testing.B) {
	s := []byte(strings.Repeat("npm ERR! network request to https://registry.npmjs.org failed ", 2))
	words := []string{"anthropic", "claude", "bedrock", "aiplatform", "litellm"}
	for b.Loop() {
		ContainsAny(s, words)
	}
}
