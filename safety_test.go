package main

// Safe to attach (issue #16): the adversarial corpus in testdata/adversarial planted with
// CANARY_<n> secrets, the crash of far-apart dates, and the foreign HARs.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claudelog/claudelog/report"
)

// reportFormats are every format analyze writes: a new one is checked here by itself.
var reportFormats = func() []string {
	var out []string
	for _, f := range report.Formats {
		out = append(out, string(f))
	}
	return out
}()

// TestFarApartDatesEveryFormat: a .NET minimum date (year 1) beside a real one is further
// apart than a time.Duration holds; the timeline overflowed and every format and diff
// panicked. All three calls must be counted in every format.
func TestFarApartDatesEveryFormat(t *testing.T) {
	const in = "testdata/adversarial/dotnet-min-date.har"
	for _, format := range reportFormats {
		t.Run(format, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"analyze", "-f", format, "--tz", "UTC", in}, strings.NewReader(""), &out, &errb)
			if code != 0 {
				t.Fatalf("exit %d, want 0: %s", code, errb.String())
			}
			if !strings.Contains(out.String(), "overloaded") {
				t.Errorf("the overloaded finding is missing:\n%s", out.String())
			}
		})
	}
	r, _, _ := analyzeJSON(t, "", in)
	if r.Summary.Events != 3 || r.Summary.Failures != 3 {
		t.Errorf("summary %+v, want 3 calls, 3 failed", r.Summary)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"diff", in, in}, strings.NewReader(""), &out, &errb); code == 2 {
		t.Errorf("diff: exit 2: %s", errb.String())
	}
}

// TestSanitizeRefusesToClobber: -o may not be the input (by name, through a symlink or a
// hard link), a symlink, or a device; the input must stay as it was.
func TestSanitizeRefusesToClobber(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.har")
	data, err := os.ReadFile("testdata/adversarial/dotnet-min-date.har")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.har")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.har")
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.har")
	if err := os.WriteFile(other, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	otherLink := filepath.Join(dir, "other-link.har")
	if err := os.Symlink(other, otherLink); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{in, "./" + in, link, hard, otherLink, "/dev/null", dir} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"sanitize", "-o", out, in}, strings.NewReader(""), &stdout, &stderr); code != 2 {
			t.Errorf("sanitize -o %s %s: exit %d, want 2 (stderr %q)", out, in, code, stderr.String())
		}
	}
	if got, _ := os.ReadFile(in); !bytes.Equal(got, data) {
		t.Error("the input was changed")
	}
	if got, _ := os.ReadFile(other); string(got) != "keep" {
		t.Error("the symlink's target was changed")
	}
	if fi, err := os.Lstat(otherLink); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced")
	}
	// A new file and an existing regular file are fine.
	for _, out := range []string{filepath.Join(dir, "new.har"), other} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"sanitize", "-o", out, in}, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Errorf("sanitize -o %s: exit %d: %s", out, code, stderr.String())
		}
	}
}

// adversarialNeedles are what must never come out of claudelog for the corpus: the
// canaries (and encoded secrets) of testdata/adversarial/needles.txt.
func adversarialNeedles(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/adversarial/needles.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

// canariesIn lists the needles in s, and any CANARY in any case (a canary cut or re-cased
// is still a leak), and the secrets of leaksIn.
func canariesIn(s string, needles []string) []string {
	var out []string
	for _, n := range needles {
		if strings.Contains(s, n) {
			out = append(out, n)
			if len(out) > 5 {
				return out
			}
		}
	}
	if i := strings.Index(strings.ToUpper(s), "CANARY"); i >= 0 {
		out = append(out, s[max(0, i-40):min(len(s), i+30)])
	}
	return append(out, leaksIn(s)...)
}

// adversarialInputs are the corpus's log and HAR files.
func adversarialInputs(t *testing.T) []string {
	t.Helper()
	logs, _ := filepath.Glob("testdata/adversarial/secrets*.log")
	hars, _ := filepath.Glob("testdata/adversarial/secrets*.har")
	if len(logs) < 8 || len(hars) < 1 {
		t.Fatalf("the adversarial corpus is missing: %d logs, %d HARs", len(logs), len(hars))
	}
	return append(logs, hars...)
}

// TestAdversarialCorpusEveryFormat: every secret shape of issue #16 in 8 log dialects and
// 15 HAR places, through every format, stderr and the GitHub step summary. Not one canary
// may come out.
func TestAdversarialCorpusEveryFormat(t *testing.T) {
	needles := adversarialNeedles(t)
	inputs := adversarialInputs(t)
	for _, input := range append(inputs, "") {
		args, name := []string{input}, filepath.Base(input)
		if input == "" {
			args, name = inputs, "all together"
		}
		for _, format := range reportFormats {
			t.Run(name+"/"+format, func(t *testing.T) {
				summary := filepath.Join(t.TempDir(), "summary.md")
				t.Setenv("GITHUB_STEP_SUMMARY", summary)
				var out, errb bytes.Buffer
				code := run(append([]string{"analyze", "-f", format, "--tz", "UTC"}, args...), strings.NewReader(""), &out, &errb)
				if code == 2 || out.Len() == 0 {
					t.Fatalf("exit %d, %d bytes out: %s", code, out.Len(), errb.String())
				}
				md, _ := os.ReadFile(summary)
				for stream, s := range map[string]string{"stdout": out.String(), "stderr": errb.String(), "step summary": string(md)} {
					if l := canariesIn(s, needles); len(l) > 0 {
						t.Errorf("%s leaks %q", stream, l)
					}
				}
			})
		}
	}
	// The corpus is analysed, not skipped: every file yields failures.
	for _, input := range inputs {
		r, _, _ := analyzeJSON(t, "", input)
		if r.Summary.Failures == 0 {
			t.Errorf("%s: no failures read; the test would pass vacuously", filepath.Base(input))
		}
	}
}

// TestAdversarialCorpusSanitize: sanitize of the corpus HAR leaves no canary in the file,
// on stdout or on stderr, and the file still analyses to the same findings.
func TestAdversarialCorpusSanitize(t *testing.T) {
	needles := adversarialNeedles(t)
	hars, _ := filepath.Glob("testdata/adversarial/*.har")
	for _, in := range hars {
		t.Run(filepath.Base(in), func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "s.har")
			var stdout, stderr bytes.Buffer
			if code := run([]string{"sanitize", "-o", dst, in}, strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			data, err := os.ReadFile(dst)
			if err != nil {
				t.Fatal(err)
			}
			for stream, s := range map[string]string{"file": string(data), "stdout": stdout.String(), "stderr": stderr.String()} {
				if l := canariesIn(s, needles); len(l) > 0 {
					t.Errorf("%s leaks %q", stream, l)
				}
			}
			before, _, _ := analyzeJSON(t, "", in)
			after, _, _ := analyzeJSON(t, "", dst)
			if a, b := fmt.Sprint(findingCounts(before)), fmt.Sprint(findingCounts(after)); a != b {
				t.Errorf("findings differ: original %s, sanitized %s", a, b)
			}
		})
	}
}
