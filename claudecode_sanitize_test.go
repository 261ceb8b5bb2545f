package main

// sanitize of a Claude Code transcript (issue #15): nothing of the conversation survives,
// every line stays a line, and the sanitized file analyses to the same report.

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ccSanitizeInputs are the transcripts sanitized by the tests: every case of
// testdata/claudecode and testdata/claudecode-ci that is JSON lines, and a session with a
// canary in every place a transcript holds conversation.
func ccSanitizeInputs(t *testing.T, dir string) []string {
	t.Helper()
	inputs, _ := filepath.Glob("testdata/claudecode/*.jsonl")
	id := "0d9c1a2e-aaaa-4bbb-8ccc-000000000009"
	day := "2026-11-30"
	canary := ccSession(id, day, 0,
		ccRetry(id, day+"T10:00:10Z", 1, 529, "overloaded_error"),
		ccFailure(id, day+"T10:00:20Z", 529, "overloaded", "API Error: 529 Overloaded"),
		ccFailure(id, day+"T10:00:30Z", 401, "authentication_failed", "Please run /login · API Error: 401 invalid x-api-key "+ccKey),
		ccFailure(id, day+"T10:00:40Z", 429, "rate_limit", "You've hit your session limit · resets 3pm (Europe/Berlin)"))
	p := filepath.Join(dir, "canaries.jsonl")
	if err := os.WriteFile(p, []byte(canary), 0o600); err != nil {
		t.Fatal(err)
	}
	return append(inputs, p)
}

func TestClaudeCodeSanitize(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "-home-dev-shop")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, src := range ccSanitizeInputs(t, t.TempDir()) {
		t.Run(filepath.Base(src), func(t *testing.T) {
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			in := filepath.Join(dir, "in.jsonl")
			out := filepath.Join(dir, "out.jsonl")
			if err := os.WriteFile(in, data, 0o600); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			if code := run([]string{"sanitize", "-o", out, in}, strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("sanitize: exit %d: %s", code, stderr.String())
			}
			clean, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			all := string(clean) + stdout.String() + stderr.String()
			for _, c := range append(ccCanaries, ccKey[len("sk-ant-api03-"):len("sk-ant-api03-")+20]) {
				if strings.Contains(all, c) {
					t.Errorf("%s survived sanitize", c)
				}
			}
			if a, b := bytes.Count(data, []byte("\n")), bytes.Count(clean, []byte("\n")); a != b {
				t.Errorf("%d lines in, %d out", a, b)
			}
			for i, line := range bytes.Split(clean, []byte("\n")) {
				if len(line) > 0 && !json.Valid(line) {
					t.Errorf("line %d is not JSON: %s", i+1, line)
				}
			}
			before, after := reportOf(t, in), reportOf(t, out)
			if after != strings.ReplaceAll(before, in, out) {
				t.Errorf("the sanitized transcript analyses differently:\noriginal  %s\nsanitized %s", before, after)
			}
		})
	}
}

// reportOf is the summary and findings of the JSON report of path, for comparison.
func reportOf(t *testing.T, path string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run([]string{"analyze", "-f", "json", "--tz", "UTC", path}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("analyze %s: exit %d: %s", path, code, errb.String())
	}
	var r struct {
		Summary      json.RawMessage `json:"summary"`
		Findings     json.RawMessage `json:"findings"`
		Unclassified json.RawMessage `json:"unclassified"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, raw := range []json.RawMessage{r.Summary, r.Findings, r.Unclassified} {
		json.Compact(&b, raw)
		b.WriteByte('\n')
	}
	return b.String()
}
