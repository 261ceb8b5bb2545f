package main

// The emitters' catalog (testdata/emitters/catalog.tsv) holds one line per error kind or class
// of the programs that print Claude failures (Claude Code, the TypeScript, Vercel AI, AWS and Go
// SDKs), rendered exactly as the program prints it, with the cause it means and the package
// version the wording was read from. docs/emitters.md says how it is built and refreshed.
//
// Every entry goes through the same path as a line of a log a user pastes, so the catalog
// measures recognition of what users actually see, not of what our own fixtures look like.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/claudelog/claudelog/rules"
)

const emitterCatalog = "testdata/emitters/catalog.tsv"

// emitterEntry is one row of the catalog; n is its line number in the file (the header is 1).
type emitterEntry struct {
	n                         int
	line, cause, source, note string
}

// sourceRE is the shape of the source column: an npm package or a Go module, at a version.
var sourceRE = regexp.MustCompile(`^(@[a-z0-9-]+/)?[a-z0-9.-]+(/[A-Za-z0-9._-]+)*@v?\d+\.\d+\.\d+$`)

func readEmitterCatalog(t *testing.T) []emitterEntry {
	t.Helper()
	f, err := os.Open(emitterCatalog)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var out []emitterEntry
	for n := 1; sc.Scan(); n++ {
		fields := strings.Split(sc.Text(), "\t")
		if n == 1 {
			if !slices.Equal(fields, []string{"line", "cause", "source", "note"}) {
				t.Fatalf("%s:1: header = %q, want line, cause, source, note", emitterCatalog, fields)
			}
			continue
		}
		if len(fields) != 4 {
			t.Fatalf("%s:%d: %d fields, want 4", emitterCatalog, n, len(fields))
		}
		e := emitterEntry{n: n, line: fields[0], cause: fields[1], source: fields[2], note: fields[3]}
		if e.line == "" || e.cause == "" {
			t.Fatalf("%s:%d: empty line or cause", emitterCatalog, n)
		}
		if !sourceRE.MatchString(e.source) {
			t.Fatalf("%s:%d: source %q is not package@version", emitterCatalog, n, e.source)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// wantCause is the cause id an entry expects: `other:ID` names a cause not yet in CAUSES.md,
// which the project is to add as ID.
func (e emitterEntry) wantCause() string {
	return strings.TrimPrefix(e.cause, "other:")
}

// knownMisses is TEMPORARY: the catalog entries (by line number in catalog.tsv) that claudelog
// does not yet read as the catalog says, with what it gives today. It exists only so that the
// suite is green while recognition is improved (issue #14); it must only ever shrink. The test
// fails when an entry listed here starts to pass, so that it is removed, and when an entry not
// listed here fails. Regenerate the list with `go test -run TestEmitterCatalog -v .` and the
// FAIL lines it prints; never add an entry to make a regression pass. It is empty: every
// entry of the catalog is read as the catalog says. A refreshed catalog may bring entries
// back here while recognition catches up.
var knownMisses = map[int]string{}

func TestEmitterCatalog(t *testing.T) {
	entries := readEmitterCatalog(t)
	if len(entries) < 100 {
		t.Fatalf("catalog has %d entries, want the emitters' every kind (100 or more)", len(entries))
	}
	known := map[string]bool{}
	for _, c := range rules.Causes() {
		known[c.ID] = true
	}
	seen := map[string]int{}
	lines := map[int]bool{}
	for _, e := range entries {
		lines[e.n] = true
		if prev, dup := seen[e.line]; dup {
			t.Errorf("%s:%d: same line as entry %d", emitterCatalog, e.n, prev)
		}
		seen[e.line] = e.n
		if !strings.HasPrefix(e.cause, "other:") && !known[e.cause] {
			t.Errorf("%s:%d: cause %q is not in CAUSES.md; write other:%s for a new one", emitterCatalog, e.n, e.cause, e.cause)
		}
	}
	for n := range knownMisses {
		if !lines[n] {
			t.Errorf("knownMisses names line %d, which is not a catalog entry", n)
		}
	}
	for _, e := range entries {
		t.Run(fmt.Sprintf("line%03d", e.n), func(t *testing.T) {
			got, why := emitterCause(t, e.line)
			miss, listed := knownMisses[e.n]
			switch {
			case got == e.wantCause() && listed:
				t.Errorf("now reported as %s: remove line %d from knownMisses (was %q)", got, e.n, miss)
			case got != e.wantCause() && !listed:
				t.Errorf("FAIL %d %s: got %s, want %s (%s)\n\t%s", e.n, why, orNone(got), e.wantCause(), e.source, e.line)
			}
		})
	}
}

// emitterCause runs one line through the CLI as a pasted log and returns the first cause
// reported, and "no event", "no finding" or "wrong cause" to say why it is not the one wanted.
func emitterCause(t *testing.T, line string) (cause, why string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run([]string{"analyze", "-f", "json", "-q", "-"}, strings.NewReader(line+"\n"), &stdout, &stderr)
	var r jsonReport
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("exit %d, output is not JSON: %v\nstdout: %.300s\nstderr: %.300s", code, err, stdout.String(), stderr.String())
	}
	switch got := causesOf(r); {
	case r.Summary.Events == 0:
		return "", "no event"
	case len(got) == 0:
		return "", "no finding"
	default:
		return got[0], "wrong cause"
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
