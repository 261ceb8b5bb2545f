package window_test

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	. "github.com/claudelog/claudelog/rules/window"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
)

// want is a parsed .want sidecar.
type want struct {
	first     string
	want, not []string
}

func readWant(t *testing.T, path string) want {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var w want
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fs := strings.Fields(line)
		if len(fs) != 2 {
			continue
		}
		switch fs[0] {
		case "first":
			w.first = fs[1]
		case "want":
			w.want = append(w.want, fs[1])
		case "not":
			w.not = append(w.not, fs[1])
		}
	}
	return w
}

// analyzeFile runs the parser and the analyzer, with or without the detectors.
func analyzeFile(t *testing.T, path string, detectors bool) *model.Report {
	t.Helper()
	var opts analyze.Options
	if detectors {
		opts.Detectors = All(Defaults())
	}
	an := analyze.New(opts)
	if _, err := parse.Read(path, nil, parse.Options{Location: time.UTC}, an); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return an.Report()
}

func causes(r *model.Report) []string {
	var out []string
	for _, f := range r.Findings {
		if !slices.Contains(out, f.Cause.ID) {
			out = append(out, f.Cause.ID)
		}
	}
	return out
}

// failures lists what of w the causes break.
func failures(got []string, w want) []string {
	var bad []string
	if w.first != "" && (len(got) == 0 || got[0] != w.first) {
		bad = append(bad, "first "+w.first)
	}
	for _, c := range w.want {
		if !slices.Contains(got, c) {
			bad = append(bad, "want "+c)
		}
	}
	for _, c := range w.not {
		if slices.Contains(got, c) {
			bad = append(bad, "not "+c)
		}
	}
	return bad
}

// TestSidecars runs every testdata input with a .want through parse and analyze with the
// detectors. The pattern-* inputs must meet their sidecar; every other input must not meet
// it any worse than without the detectors, so the patterns break no event expectation.
func TestSidecars(t *testing.T) {
	var inputs []string
	for _, dir := range []string{"../../testdata/hars", "../../testdata/logs"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasSuffix(name, ".want") {
				continue
			}
			base := name
			for _, ext := range []string{".gz", ".har", ".log", ".json", ".txt"} {
				base = strings.TrimSuffix(base, ext)
			}
			if _, err := os.Stat(filepath.Join(dir, base+".want")); err == nil {
				inputs = append(inputs, filepath.Join(dir, name))
			}
		}
	}
	patternInputs := 0
	for _, in := range inputs {
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			base := in
			for _, ext := range []string{".gz", ".har", ".log", ".json", ".txt"} {
				base = strings.TrimSuffix(base, ext)
			}
			w := readWant(t, base+".want")
			with := failures(causes(analyzeFile(t, in, true)), w)
			if strings.HasPrefix(name, "pattern-") {
				patternInputs++
				if len(with) > 0 {
					r := analyzeFile(t, in, true)
					for _, f := range r.Findings {
						t.Logf("  %s %s ×%d: %s", f.Cause.ID, f.Severity, f.Count, f.Title)
					}
					t.Errorf("%s: broken expectations %v (got %v)", name, with, causes(r))
				}
				return
			}
			without := failures(causes(analyzeFile(t, in, false)), w)
			for _, b := range with {
				if !slices.Contains(without, b) {
					t.Errorf("%s: the detectors break %q (got %v)", name, b, causes(analyzeFile(t, in, true)))
				}
			}
		})
	}
	if patternInputs == 0 {
		t.Log("no pattern-* inputs yet")
	}
}
