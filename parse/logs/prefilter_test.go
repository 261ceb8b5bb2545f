package logs

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// prefilterSeeds are lines with keywords at even and odd offsets, at the ends, cut short.
var prefilterSeeds = []string{
	"", "S", "SSL", "xSSL", "SS", "API Error", "xAPI Error", "API Erro", "x API Erro", "HTTP Request:",
	"  Retrying request to /v1/messages", "anthropic", "xanthropic", "Error", "rror", "ECONN", "xECONN",
	"status=529", "a status=529", "no keyword here at all", "timed ou", "xtimed out",
}

// TestPrefilterScan: scan is scanBytes, for the dialects' table and the record words, on
// the seeds and on random lines made of keyword pieces at every offset.
func TestPrefilterScan(t *testing.T) {
	dialectPrefilter()
	inputs := append([]string(nil), prefilterSeeds...)
	rng := rand.New(rand.NewPCG(1, 2))
	var words []string
	for _, d := range dialects {
		for _, k := range d.keywords {
			words = append(words, string(k))
		}
	}
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(6) {
			switch rng.IntN(3) {
			case 0:
				b.WriteString(strings.Repeat("x", rng.IntN(3)))
			case 1:
				w := words[rng.IntN(len(words))]
				b.WriteString(w[:rng.IntN(len(w)+1)])
			default:
				w := words[rng.IntN(len(words))]
				b.WriteString(w[rng.IntN(len(w)):])
			}
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		checkPrefilterScan(t, s)
	}
}

func checkPrefilterScan(t *testing.T, s string) {
	t.Helper()
	for _, pf := range []*prefilter{sharedFilter, recordFilter, namedFilter, evidenceFilter} {
		want := pf.scanBytes([]byte(s))
		if got := pf.scan([]byte(s)); got != want {
			t.Fatalf("scan(%q) = %b, a look at every offset finds %b", s, got, want)
		}
	}
}

func FuzzPrefilterScan(f *testing.F) {
	for _, s := range prefilterSeeds {
		f.Add(s)
	}
	dialectPrefilter()
	f.Fuzz(checkPrefilterScan)
}

// BenchmarkPrefilterScan runs the scanner's keyword test over the cleaned lines of a
// generated CI log, as routes does.
func BenchmarkPrefilterScan(b *testing.B) {
	pf := dialectPrefilter()
	var lines [][]byte
	size := 0
	for _, line := range bytes.Split(genCILog(4<<20), []byte("\n")) {
		l, _ := stripRunnerStamp(line)
		lines = append(lines, stripMarkers(stripSection(l)))
		size += len(line) + 1
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, l := range lines {
			pf.scan(l)
		}
	}
}
