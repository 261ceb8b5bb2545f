package logs

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// TestReadGrowsLinearly: reading a log of repeated quotes, braces, backslashes, status
// numbers and error words costs, in allocated bytes, about four times as much for four
// times the input, in long lines and in many lines, as a log and as a paste. FuzzRead twice
// ran out of time with no failing input; an input whose cost grows faster than its size
// would show here as a ratio far above four. Allocated bytes, not wall time, so that a
// loaded machine does not fail it.
func TestReadGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a few MB")
	}
	units := []string{`"`, `{`, `\`, `[`, `{"`, `\"`, `{'a': `, `"HTTP/1.1 529 "`, `Error code: 529 `, `API Error: 529 {`,
		`{"type":"error",`, `anthropic.RateLimitError: `, `status: 529, `, `API Error `, "\t", `at `}
	bytesOf := func(in []byte) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for _, o := range []Options{{}, {Format: "json"}} {
			Read(bytes.NewReader(in), "f", o, &collect{})
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	shapes := map[string]func(u string, n int) []byte{
		"long lines": func(u string, n int) []byte { // a paste of 20 lines of n bytes
			line := strings.Repeat(u, n/len(u)+1)[:n]
			return []byte(strings.Repeat(line+"\n", 20))
		},
		"many lines": func(u string, n int) []byte { // n/8 lines of the unit
			return []byte(strings.Repeat(u+"\n", n/8))
		},
	}
	for name, shape := range shapes {
		for _, u := range units {
			small, large := bytesOf(shape(u, 4000)), bytesOf(shape(u, 16000))
			if float64(large) > 8*float64(small)+(1<<20) {
				t.Errorf("%s of %q: %d bytes allocated for 4 000, %d for 16 000", name, u, small, large)
			}
		}
	}
}
