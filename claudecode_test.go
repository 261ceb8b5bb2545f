package main

// Claude Code's session transcripts end to end: the cases in testdata/claudecode with their
// sidecars, the conversation that must never leave, the projects folder found by itself,
// and a benchmark over a generated projects folder.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestClaudeCodeCases(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/claudecode/*.jsonl")
	wants, _ := filepath.Glob("testdata/claudecode/*.want")
	if len(inputs) < 6 || len(inputs) != len(wants) {
		t.Fatalf("%d transcripts and %d sidecars in testdata/claudecode", len(inputs), len(wants))
	}
	for _, input := range inputs {
		t.Run(filepath.Base(input), func(t *testing.T) {
			r, stderr, code := analyzeJSON(t, "", input)
			if code != 0 {
				t.Fatalf("exit %d, stderr: %s", code, stderr)
			}
			if len(r.Inputs) != 1 || r.Inputs[0].Format != "claude-code" {
				t.Fatalf("inputs %+v: not read as a transcript", r.Inputs)
			}
			x := readWant(t, wantFor(input))
			if x.first == "" && len(x.want) == 1 {
				x.first = x.want[0]
			}
			checkExpectation(t, r, x)
			if len(x.want) == 0 && x.first == "" {
				// A healthy session: nothing above info, and no failure at all.
				for _, f := range r.Findings {
					if f.Severity != "info" {
						t.Errorf("healthy session: %s %s", f.Cause, f.Severity)
					}
				}
				if r.Summary.Failures != 0 {
					t.Errorf("healthy session: %d failures", r.Summary.Failures)
				}
			}
			for _, f := range r.Findings {
				for _, ev := range f.Evidence {
					if !strings.Contains(ev.Source, filepath.Base(input)+":") {
						t.Errorf("evidence source %q does not name the session file and line", ev.Source)
					}
				}
			}
		})
	}
}

// ccCanaries are planted in every place a transcript holds conversation.
var ccCanaries = []string{
	"PROMPTCANARY", "ANSWERCANARY", "CODECANARY", "TOOLOUTCANARY", "SUMMARYCANARY", "THINKCANARY",
	"ATTACHCANARY", "SNAPSHOTCANARY", "ENVDUMPCANARY", "CWDCANARY", "BRANCHCANARY",
}

const ccKey = "sk-ant-api03-ENVDUMPCANARYabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdAA"

// ccSession writes one session in the documented record shapes: a summary, a prompt, a
// reply with thinking and a tool call, the tool's output, an attachment, a file snapshot,
// and the failures given (records ready to append).
func ccSession(sessionID, day string, i int, failures ...string) string {
	common := func(uuid, ts string) map[string]any {
		return map[string]any{"parentUuid": nil, "isSidechain": false, "userType": "external",
			"cwd": "/home/dev/CWDCANARY", "sessionId": sessionID, "version": "2.1.197", "gitBranch": "BRANCHCANARY",
			"uuid": uuid, "timestamp": ts}
	}
	ts := func(s int) string { return fmt.Sprintf("%sT10:%02d:%02d.000Z", day, (i+s)/60%60, (i+s)%60) }
	var lines []string
	add := func(m map[string]any) {
		b, _ := json.Marshal(m)
		lines = append(lines, string(b))
	}
	add(map[string]any{"type": "summary", "summary": "SUMMARYCANARY refactor", "leafUuid": "l1"})
	add(map[string]any{"type": "file-history-snapshot", "messageId": "m", "snapshot": map[string]any{"trackedFileBackups": map[string]any{"SNAPSHOTCANARY.go": map[string]any{"backupFileName": "x"}}}})
	u := common("u1", ts(0))
	u["type"] = "user"
	u["message"] = map[string]any{"role": "user", "content": "PROMPTCANARY why does my server return 429 and 500? API Error: 529"}
	add(u)
	a := common("a1", ts(1))
	a["type"] = "assistant"
	a["requestId"] = fmt.Sprintf("req_011CVgen%08d", i)
	a["message"] = map[string]any{"model": "claude-sonnet-4-5-20250929", "id": "msg_1", "type": "message", "role": "assistant",
		"content": []any{
			map[string]any{"type": "thinking", "thinking": "THINKCANARY"},
			map[string]any{"type": "text", "text": "ANSWERCANARY the 429 is your limiter"},
			map[string]any{"type": "tool_use", "id": "toolu_1", "name": "Write", "input": map[string]any{"file_path": "/w/x.go", "content": "package x // CODECANARY\n" + strings.Repeat("func f() {}\n", 40)}},
		}, "stop_reason": "tool_use", "usage": map[string]any{"input_tokens": 10, "output_tokens": 10}}
	add(a)
	tr := common("t1", ts(2))
	tr["type"] = "user"
	out := "TOOLOUTCANARY\nANTHROPIC_API_KEY=" + ccKey + "\nHTTP/1.1 429 Too Many Requests\n{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"
	tr["message"] = map[string]any{"role": "user", "content": []any{map[string]any{"type": "tool_result", "tool_use_id": "toolu_1", "content": out}}}
	tr["toolUseResult"] = map[string]any{"stdout": out, "stderr": "", "interrupted": false}
	add(tr)
	at := common("at1", ts(3))
	at["type"] = "attachment"
	at["attachment"] = map[string]any{"type": "file", "filename": "ATTACHCANARY.txt", "content": "ATTACHCANARY"}
	add(at)
	return strings.Join(append(lines, failures...), "\n") + "\n"
}

func ccFailure(sessionID, ts string, status int, kind, text string) string {
	b, _ := json.Marshal(map[string]any{"parentUuid": "a1", "isSidechain": false, "userType": "external", "cwd": "/home/dev/CWDCANARY",
		"sessionId": sessionID, "version": "2.1.197", "gitBranch": "BRANCHCANARY", "type": "assistant", "uuid": "e1", "timestamp": ts,
		"message": map[string]any{"id": "x", "model": "<synthetic>", "role": "assistant", "type": "message", "content": []any{map[string]any{"type": "text", "text": text}}},
		"error":   kind, "isApiErrorMessage": true, "apiErrorStatus": status})
	return string(b)
}

func ccRetry(sessionID, ts string, attempt, status int, typ string) string {
	b, _ := json.Marshal(map[string]any{"parentUuid": "a1", "isSidechain": false, "cwd": "/home/dev/CWDCANARY", "sessionId": sessionID,
		"version": "2.1.197", "gitBranch": "BRANCHCANARY", "type": "system", "subtype": "api_error", "level": "error",
		"error": map[string]any{"status": status, "headers": map[string]any{"x-api-key": ccKey, "request-id": "req_011CVretry0001"},
			"requestID": "req_011CVretry0001", "error": map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": "Overloaded"}}},
		"retryInMs": 500 << attempt, "retryAttempt": attempt, "maxRetries": 10, "uuid": "r", "timestamp": ts})
	return string(b)
}

func TestClaudeCodeNoLeaks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "projects")
	proj := filepath.Join(dir, "-home-dev-shop")
	if err := os.MkdirAll(proj, 0o755); err != nil {
		t.Fatal(err)
	}
	day := "2026-11-30"
	id := "0d9c1a2e-aaaa-4bbb-8ccc-000000000001"
	s := ccSession(id, day, 0,
		ccRetry(id, day+"T10:00:10Z", 1, 529, "overloaded_error"),
		ccFailure(id, day+"T10:00:20Z", 529, "overloaded", "API Error: 529 Overloaded"),
		ccFailure(id, day+"T10:00:30Z", 401, "authentication_failed", "Please run /login · API Error: 401 invalid x-api-key "+ccKey),
		ccFailure(id, day+"T10:00:40Z", 429, "rate_limit", "You've hit your session limit · resets 3pm (Europe/Berlin)"))
	if err := os.WriteFile(filepath.Join(proj, id+".jsonl"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "table", "markdown", "github", "html"} {
		var out, errb bytes.Buffer
		code := run([]string{"analyze", "-f", format, "--tz", "UTC", dir}, strings.NewReader(""), &out, &errb)
		if code != 0 {
			t.Fatalf("-f %s: exit %d: %s", format, code, errb.String())
		}
		all := out.String() + errb.String()
		if !strings.Contains(all, "usage_limit") && !strings.Contains(all, "limit") {
			t.Errorf("-f %s: the report does not show the failures:\n%.400s", format, all)
		}
		for _, c := range append(ccCanaries, ccKey[len("sk-ant-api03-"):len("sk-ant-api03-")+20]) {
			if strings.Contains(all, c) {
				t.Errorf("-f %s: %s leaked", format, c)
			}
		}
	}
}

func TestClaudeCodeFlag(t *testing.T) {
	cfg := t.TempDir()
	proj := filepath.Join(cfg, "projects", "-home-dev-shop")
	if err := os.MkdirAll(proj, 0o755); err != nil {
		t.Fatal(err)
	}
	recent := time.Now().UTC().Add(-48 * time.Hour).Format("2006-01-02")
	old := time.Now().UTC().Add(-30 * 24 * time.Hour).Format("2006-01-02")
	for _, s := range []struct{ id, day, kind, text string }{
		{"11111111-0000-4000-8000-000000000001", recent, "billing_error", "Credit balance is too low"},
		{"22222222-0000-4000-8000-000000000002", old, "authentication_failed", "OAuth token has expired"},
	} {
		status := 400
		if s.kind == "authentication_failed" {
			status = 401
		}
		data := ccSession(s.id, s.day, 0, ccFailure(s.id, s.day+"T10:05:00Z", status, s.kind, s.text))
		if err := os.WriteFile(filepath.Join(proj, s.id+".jsonl"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("CLAUDE_CONFIG_DIR", cfg)
	r, stderr, code := analyzeJSON(t, "", "--claude-code")
	if code != 0 || len(r.Inputs) != 2 {
		t.Fatalf("--claude-code: exit %d, %d inputs, stderr %s", code, len(r.Inputs), stderr)
	}
	if got := causesOf(r); len(got) != 2 {
		t.Errorf("--claude-code: causes %v, want billing and auth_failed", got)
	}
	r, _, _ = analyzeJSON(t, "", "--claude-code", "--since", "7d")
	if got := causesOf(r); len(got) != 1 || got[0] != "billing" {
		t.Errorf("--since 7d: causes %v, want only this week's billing", got)
	}
	// ~/.claude/projects when CLAUDE_CONFIG_DIR is not set.
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".claude"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(cfg, "projects"), filepath.Join(home, ".claude", "projects")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CLAUDE_CONFIG_DIR", "")
	t.Setenv("HOME", home)
	if r, _, code := analyzeJSON(t, "", "--claude-code"); code != 0 || len(r.Inputs) != 2 {
		t.Errorf("~/.claude/projects: exit %d, %d inputs", code, len(r.Inputs))
	}
	// Nowhere: exit 2 and a message that names the places looked in.
	t.Setenv("HOME", t.TempDir())
	var out, errb bytes.Buffer
	if code := run([]string{"analyze", "--claude-code"}, strings.NewReader(""), &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), ".claude/projects") || !strings.Contains(errb.String(), "CLAUDE_CONFIG_DIR") {
		t.Errorf("no projects folder: exit %d, stderr %q", code, errb.String())
	}
}

// genProjects writes a projects folder of about size bytes: sessions in a few project
// folders, each a conversation with tool output, some with retries and a failed turn.
func genProjects(tb testing.TB, dir string, size int) {
	tb.Helper()
	written := 0
	for i := 0; written < size; i++ {
		proj := filepath.Join(dir, fmt.Sprintf("-home-dev-proj%d", i%7))
		if err := os.MkdirAll(proj, 0o755); err != nil {
			tb.Fatal(err)
		}
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		var b strings.Builder
		for turn := 0; turn < 20; turn++ {
			var fails []string
			if turn%9 == 8 {
				ts := fmt.Sprintf("2026-11-%02dT11:%02d:00Z", 1+i%28, turn)
				fails = append(fails, ccRetry(id, ts, 1, 529, "overloaded_error"), ccFailure(id, ts, 529, "overloaded", "API Error: 529 Overloaded"))
			}
			b.WriteString(ccSession(id, fmt.Sprintf("2026-11-%02d", 1+i%28), turn, fails...))
		}
		path := filepath.Join(proj, id+".jsonl")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
		written += b.Len()
	}
}

// BenchmarkClaudeCodeProjects reads a generated projects folder of about 20 MB.
func BenchmarkClaudeCodeProjects(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "projects")
	genProjects(b, dir, 20<<20)
	var size int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, _ error) error {
		if info != nil && !info.IsDir() {
			size += info.Size()
		}
		return nil
	})
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		var out, errb bytes.Buffer
		if code := run([]string{"analyze", "-f", "json", "-q", dir}, strings.NewReader(""), &out, &errb); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
}

// TestSinceDays: --since takes days and weeks, alone or before Go's units; a zero or
// malformed count is a usage error.
func TestSinceDays(t *testing.T) {
	input := "testdata/claudecode/credit-balance.jsonl"
	for _, tt := range []struct {
		since string
		code  int
	}{
		{"7d", 0}, {"2w", 0}, {"1d12h", 0}, {"36h", 0},
		{"0d", 2}, {"d", 2}, {"7x", 2}, {"2w3d", 2}, {"-1d", 2},
	} {
		var out, errb bytes.Buffer
		code := run([]string{"analyze", "-f", "json", "--since", tt.since, input}, strings.NewReader(""), &out, &errb)
		// The session is in the past: a valid --since leaves out all its events (exit 2 with
		// that message); an invalid one is a usage error naming --since.
		valid := !strings.Contains(errb.String(), "--since: cannot read")
		if valid != (tt.code == 0) {
			t.Errorf("--since %s: exit %d, stderr %q", tt.since, code, errb.String())
		}
	}
}
