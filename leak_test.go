package main

// The leak corpus: planted secrets and content markers in every place a HAR, a log or an
// error body can hold them, run through every output format and through sanitize. Nothing
// planted may reach stdout, stderr, the GitHub step summary or the sanitized file.
// TestNoLeaks (analyze_test.go) covers the table and JSON formats over testdata; this adds
// the formats and the inputs it does not.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/claudelog/claudelog/internal/hartest"
	"github.com/claudelog/claudelog/model"
)

// Fake secrets of the real shapes, for the log and body inputs.
var (
	leakKey    = "sk-ant-api03-" + strings.Repeat("LogLeak0", 11) + "XyzAA"
	leakAdmin  = "sk-ant-admin01-" + strings.Repeat("AdmLeak0", 10)
	leakSid    = "sk-ant-sid01-" + strings.Repeat("SidLeak0", 10)
	leakJWT    = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJlTGVha0xlYWs"
	leakBearer = "LEAKBEARERabcdef0123456789abcdef"
)

// leakLog is a CI log that prints keys, cookies, bearer tokens and JWTs the ways real
// programs do, next to real failures so that the log is analysed and reported.
func leakLog() string {
	return strings.Join([]string{
		"2026-11-20T09:14:03Z export ANTHROPIC_API_KEY=" + leakKey,
		"2026-11-20T09:14:04Z curl -H 'x-api-key: " + leakKey + "' -H 'Authorization: Bearer " + leakBearer + "' https://api.anthropic.com/v1/messages",
		"2026-11-20T09:14:05Z Cookie: sessionKey=" + leakSid + "; lastActiveOrg=LEAK-ORG-000001",
		"2026-11-20T09:14:06Z token=" + leakJWT + " admin=" + leakAdmin,
		`2026-11-20T09:14:07Z anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key ` + leakKey + `'}, 'request_id': 'req_011CLEAKLOG'}`,
		`2026-11-20T09:14:08Z anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}`,
		`2026-11-20T09:14:09Z {"level":"error","msg":"request failed","api_key":"` + leakKey + `","authorization":"Bearer ` + leakBearer + `","status":429,"error":{"type":"rate_limit_error","message":"rate limited for key ` + leakKey + `"}}`,
	}, "\n") + "\n"
}

// leakBody is an API error body that echoes the key it was sent.
func leakBody() string {
	return `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key ` + leakKey + `"},"request_id":"req_011CLEAKBODY"}` + "\n"
}

// leakShapes matches everything planted: the tokens above, the HAR corpus's keys and
// markers, and hartest's secrets.
var leakShapes = regexp.MustCompile(`sk-ant-[a-z]+[0-9]*-[A-Za-z0-9_\-]{6,}|PROMPT-MARKER|COMPLETION-MARKER|LEAK-[A-Z]+-[0-9a-f]{6}|eyJhbGciOiJIUzI1NiJ9\.|LEAKBEARER|LogLeak0|AdmLeak0|SidLeak0|LeakKey0|LeakOat0|LeakSid0`)

func leaksIn(s string) []string {
	var out []string
	out = append(out, leakShapes.FindAllString(s, 3)...)
	for _, sec := range hartest.Secrets() {
		if strings.Contains(s, sec) {
			out = append(out, model.Clip(sec, 20))
		}
	}
	return out
}

func writeLeakInputs(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"leak.har":  leakHAR(),
		"leak.log":  []byte(leakLog()),
		"leak.json": []byte(leakBody()),
	}
	var paths []string
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// TestLeakCorpusEveryFormat runs each planted input through every format.
func TestLeakCorpusEveryFormat(t *testing.T) {
	summary := filepath.Join(t.TempDir(), "step-summary.md")
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	inputs := writeLeakInputs(t)
	for _, input := range append(inputs, "") {
		args := []string{input}
		name := filepath.Base(input)
		if input == "" {
			args, name = inputs, "all together"
		}
		for _, format := range []string{"table", "json", "markdown", "github"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				var out, errb bytes.Buffer
				code := run(append([]string{"analyze", "-f", format, "--tz", "UTC"}, args...), strings.NewReader(""), &out, &errb)
				if code == 2 {
					t.Fatalf("exit 2: %s", errb.String())
				}
				if out.Len() == 0 {
					t.Fatal("no output")
				}
				for stream, s := range map[string]string{"stdout": out.String(), "stderr": errb.String()} {
					if l := leaksIn(s); len(l) > 0 {
						t.Errorf("%s leaks %q", stream, l)
					}
				}
			})
		}
	}
	md, err := os.ReadFile(summary)
	if err != nil || len(md) == 0 {
		t.Fatalf("-f github wrote no step summary: %v", err)
	}
	if l := leaksIn(string(md)); len(l) > 0 {
		t.Errorf("step summary leaks %q", l)
	}
	// The corpus is analysed, not skipped: each input yields findings.
	for _, input := range inputs {
		r, _, _ := analyzeJSON(t, "", input)
		if len(r.Findings) == 0 {
			t.Errorf("%s: no findings; the leak test would pass vacuously", filepath.Base(input))
		}
	}
}

// TestLeakCorpusSanitize sanitizes the planted HAR: nothing planted in a secret place may
// survive, the output must stay a HAR with the same findings, and warnings stay clean.
// Comments are free text that sanitize keeps (scrubbed by redact.Text), so the planted
// LEAK-COMMENT and LEAK-RCOMMENT markers, which have no secret shape, are allowed there.
func TestLeakCorpusSanitize(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "leak.har")
	if err := os.WriteFile(in, leakHAR(), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "leak.sanitized.har")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"sanitize", "-o", out, in}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("claudelog sanitize: exit %d: %s", code, stderr.String())
	}
	warns := []string{stdout.String(), stderr.String()}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Fatal("sanitized HAR is not valid JSON")
	}
	allowed := regexp.MustCompile(`LEAK-R?COMMENT-[0-9a-f]{6}`)
	if l := leaksIn(allowed.ReplaceAllString(string(data), "")); len(l) > 0 {
		t.Errorf("sanitized HAR leaks %q", l)
	}
	if l := leaksIn(strings.Join(warns, "\n")); len(l) > 0 {
		t.Errorf("stdout or stderr of sanitize leaks %q", l)
	}
	before, _, _ := analyzeJSON(t, "", in)
	after, _, _ := analyzeJSON(t, "", out)
	if a, b := fmt.Sprint(findingCounts(before)), fmt.Sprint(findingCounts(after)); a != b {
		t.Errorf("findings differ: original %s, sanitized %s", a, b)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("sanitized file mode %v, want 0600", st.Mode().Perm())
	}
}

func findingCounts(r jsonReport) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, fmt.Sprintf("%s/%s/%d", f.Cause, f.Severity, f.Count))
	}
	return out
}
