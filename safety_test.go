package main

// Safe to attach (issue #16): the adversarial corpus in testdata/adversarial planted with
// CANARY_<n> secrets, the crash of far-apart dates, and the foreign HARs.

import (
	"bytes"
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
