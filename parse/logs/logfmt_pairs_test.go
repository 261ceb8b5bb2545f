package logs

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

var logfmtSeeds = []string{
	"", "a=b", " a=b", "a=", `a="x y" b=2`, `time=2026-11-20T19:00:05Z level=error msg="anthropic call failed" status=429`,
	`a="unclosed b=2`, `a="esc \" q" b=\`, `@t=1 _x.y-z@w=v`, `1a=b c=d`, `x=a"b c=d`, "\ta=1\fb=2\rc=3", `k="a\`,
	`=a b==c`, `a=b=c`, `é=1 a=é`, `a="x\\" b="y"`, `msg="` + "\n" + `"`, `a="\` + "\n" + `"`,
}

// logfmtPairs is appendLogfmtPairs in FindAllSubmatch's shape, to compare them.
func logfmtPairs(b []byte, n int) [][][]byte {
	var out [][][]byte
	for _, m := range appendLogfmtPairs([]logfmtPair{{key: []byte("before")}}, b, n)[1:] {
		out = append(out, [][]byte{m.whole, m.key, m.value})
	}
	return out
}

func TestLogfmtPairs(t *testing.T) {
	inputs := append([]string{}, logfmtSeeds...)
	rng := rand.New(rand.NewPCG(5, 11))
	parts := []string{"a", "Z", "_", "@", "1", ".", "-", "=", `"`, `\`, " ", "\t", "\n", "é", "key=", `"v"`, "x"}
	for range 100000 {
		var b strings.Builder
		for range rng.IntN(14) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		inputs = append(inputs, b.String())
	}
	inputs = append(inputs, strings.Repeat("a=1 ", 100))
	for _, s := range inputs {
		if got, want := fmt.Sprintf("%q", logfmtPairs([]byte(s), 64)), fmt.Sprintf("%q", logfmtRE.FindAllSubmatch([]byte(s), 64)); got != want {
			t.Fatalf("logfmtPairs(%q) = %s, logfmtRE finds %s", s, got, want)
		}
	}
}

func FuzzLogfmtPairs(f *testing.F) {
	for _, s := range logfmtSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fmt.Sprintf("%q", logfmtPairs([]byte(s), 64)), fmt.Sprintf("%q", logfmtRE.FindAllSubmatch([]byte(s), 64)); got != want {
			t.Fatalf("logfmtPairs(%q) = %s, logfmtRE finds %s", s, got, want)
		}
	})
}
