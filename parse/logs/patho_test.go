package logs

import (
	"strings"
	"testing"
	"time"
)

// TestPathologicalLines: lines built to make a careless matcher quadratic are read in
// linear time.
func TestPathologicalLines(t *testing.T) {
	const n = maxLine - 16
	lines := map[string]string{
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
	for name, in := range lines {
		start := time.Now()
		c, _ := readString(t, in+"\n", Options{})
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: %v for %d bytes (%d events)", name, d, len(in), len(c.events))
		}
	}
}
