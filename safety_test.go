package main

// Safe to attach (issue #16): the adversarial corpus in testdata/adversarial planted with
// CANARY_<n> secrets, the crash of far-apart dates, and the foreign HARs.

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reportFormats are every format analyze writes.
var reportFormats = []string{"json", "table", "markdown", "github", "html"}

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
