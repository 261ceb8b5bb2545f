package redact

import (
	"strings"
	"testing"
)

// reference is what litIndex.scan replaces: a strings.Contains per literal.
func reference(l string) litMask {
	var m litMask
	for _, group := range append(ruleLits(), namedLits, []string{"cookie", "digest"}) {
		for _, t := range group {
			if strings.Contains(l, t) {
				for _, e := range lits.byLit[uint16(t[0])<<8|uint16(t[1])] {
					if e.lit == t {
						m[e.bit/64] |= 1 << (e.bit % 64)
					}
				}
			}
		}
	}
	return m
}

func ruleLits() [][]string {
	var out [][]string
	for _, r := range rules {
		out = append(out, r.lits)
	}
	return out
}

func litTexts() []string {
	texts := []string{"", "a", "sk", "sk-", "Set-COOKIE: a", "Digest username=x", "İ cookie", "K\u212a", "\u212aey=1", "SK-ANT-api03-x", "password=hunter2 token: x; Cookie: a=b",
		"Authorization: Bearer abc.def", "postgres://u:p@h/db", "curl -u a:b https://x", "hooks.slack.com/services/T/B/C"}
	for _, group := range append(ruleLits(), namedLits) {
		for _, t := range group {
			texts = append(texts, t, "x"+t, t+"x", " "+t+" ", t[:len(t)-1], strings.ToUpper(t))
		}
	}
	return texts
}

// TestLitIndex: the one-pass literal index finds exactly the literals strings.Contains
// finds, on every literal alone, shifted, cut short and upper-cased, and on secrets.
func TestLitIndex(t *testing.T) {
	for _, s := range litTexts() {
		l := lower(s)
		if got, want := lits.scan(l), reference(l); got != want {
			t.Errorf("%q: scan %x, Contains %x", s, got, want)
		}
		if got, want := lits.scanText(s), reference(l); got != want {
			t.Errorf("%q: scanText %x, Contains %x", s, got, want)
		}
		for _, r := range rules {
			if lits.scan(l).and(r.mask) != containsAny(l, r.lits) {
				t.Errorf("%q: rule %v gated differently", s, r.lits)
			}
		}
		if lits.scan(l).and(namedMask) != containsAny(l, namedLits) {
			t.Errorf("%q: namedLits gated differently", s)
		}
	}
}

func FuzzLitIndex(f *testing.F) {
	for _, s := range litTexts() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := lower(s)
		if got, want := lits.scan(l), reference(l); got != want {
			t.Fatalf("%q: scan %x, Contains %x", s, got, want)
		}
		if got, want := lits.scanText(s), reference(l); got != want {
			t.Fatalf("%q: scanText %x, Contains %x", s, got, want)
		}
	})
}
