package english

import "testing"

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "calls", 1: "call", 2: "calls", -1: "calls"} {
		if got := Plural(n, "call", "calls"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}
