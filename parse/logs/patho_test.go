package logs

import (
	"strings"
	"testing"
)

// pathologicalLines are built to make a careless matcher quadratic. TestPathologicalLines
// reads them (a quadratic matcher shows as a test that never ends);
// BenchmarkPathologicalLines measures them, since speed is checked by benchmarks, not by
// timed tests.
func pathologicalLines() map[string]string {
	const n = maxLine - 16
	return map[string]string{
		"letters":      strings.Repeat("a", n),
		"claude words": strings.Repeat("anthropiX ", n/10),
		"braces":       "{" + strings.Repeat("[{", n/2),
		"quotes":       `{"type":"error",` + strings.Repeat(`"\"`, n/3),
		"errors":       strings.Repeat("Error: ", n/7),
		"exceptions":   strings.Repeat("a.BError: Error code: 4", n/24),
		"api errors":   strings.Repeat("API Error (", n/11),
		"pairs":        strings.Repeat("status=5 ", n/9),
		"html":         "API Error: 520 <html>" + strings.Repeat("<p>x</p>\n", 5000),
		"json lines":   strings.Repeat(`{"level":"error","msg":"x","status":500,"url":"https://api.anthropic.com/v1/messages"}`+"\n", 5000),
		"open block":   "{\n" + strings.Repeat(`"k": "v",`+"\n", 50000),
		"timestamps":   strings.Repeat("2026-11-20T08:14:03Z ", n/21),
	}
}

func TestPathologicalLines(t *testing.T) {
	for name, in := range pathologicalLines() {
		t.Run(name, func(t *testing.T) {
			readString(t, in+"\n", Options{})
		})
	}
}

func BenchmarkPathologicalLines(b *testing.B) {
	for name, in := range pathologicalLines() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				readString(b, in+"\n", Options{})
			}
		})
	}
}
