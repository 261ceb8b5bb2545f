package logs

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var excSeeds = []string{
	"", "Error", "Error:", "Error: x", "anthropic.RateLimitError: Error code: 429 - {}",
	"Error: APIConnectionError: Connection error.", "a.b.c.FooException [x]: y", "FooError [x] : y",
	"FooErrorBarError: z", "x ErrorError: y", "ValueError  \t[a]b]: c", "Exception in thread main: x",
	"1Error: x", "_Error:", ".Error:", "é.Error: x", "Errors: x", "Error code: 429",
	"botocore.exceptions.ClientError: An error occurred (ExpiredTokenException) when calling",
	"lowerError: x", "..Exception[]:", "Error [unclosed: x", "TypeError: fetch failed Exception: y",
}

// TestFindExc: findExc finds what excRE finds, on the seeds and on random strings over the
// bytes that matter to it.
func TestFindExc(t *testing.T) {
	inputs := slices.Clone(excSeeds)
	rng := rand.New(rand.NewPCG(3, 9))
	parts := []string{"Error", "Exception", ":", " ", "[", "]", ".", "a", "Z", "_", "1", "\t", "é", "x.", "Err", "or", "\n", ": ", "] :"}
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		if got, want := findExc(new([6]int), s), excRE.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Fatalf("findExc(%q) = %v, excRE finds %v", s, got, want)
		}
	}
}

func FuzzFindExc(f *testing.F) {
	for _, s := range excSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := findExc(new([6]int), s), excRE.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Fatalf("findExc(%q) = %v, excRE finds %v", s, got, want)
		}
	})
}
