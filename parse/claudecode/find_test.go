package claudecode

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProjectsDir(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) string {
		d := filepath.Join(root, p)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	cfg := mk("cfg/projects")
	home := filepath.Join(root, "home")
	dotClaude := mk("home/.claude/projects")
	dotConfig := mk("home2/.config/claude/projects")
	for _, tt := range []struct {
		name string
		env  map[string]string
		want string // "" for an error
	}{
		{"CLAUDE_CONFIG_DIR first", map[string]string{"CLAUDE_CONFIG_DIR": filepath.Join(root, "cfg"), "HOME": home}, cfg},
		{"~/.claude next", map[string]string{"HOME": home}, dotClaude},
		{"a CLAUDE_CONFIG_DIR without projects falls through", map[string]string{"CLAUDE_CONFIG_DIR": filepath.Join(root, "none"), "HOME": home}, dotClaude},
		{"~/.config/claude", map[string]string{"HOME": filepath.Join(root, "home2")}, dotConfig},
		{"nowhere", map[string]string{"HOME": filepath.Join(root, "empty")}, ""},
	} {
		got, err := ProjectsDir(func(k string) string { return tt.env[k] })
		if got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
		if err != nil && !strings.Contains(err.Error(), filepath.Join("empty", ".claude", "projects")) {
			t.Errorf("%s: the error does not name where it looked: %v", tt.name, err)
		}
	}
}

// FuzzSniff: a sniffed input is JSON lines with a session id, and what Sniff accepts Read
// reads without error.
func FuzzSniff(f *testing.F) {
	f.Add([]byte(userRec("hi") + "\n"))
	f.Add([]byte(`{"type":"system","subtype":"init","session_id":"s"}` + "\n"))
	f.Add([]byte(`{"type":"error","error":{"type":"overloaded_error"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !Sniff(b) {
			return
		}
		trimmed := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
		if !bytes.HasPrefix(trimmed, []byte(`{"`)) || !bytes.Contains(b, []byte(`ession`)) {
			t.Fatalf("sniffed %q", b)
		}
		var c collect
		if err := Read(bytes.NewReader(b), "p", &c); err != nil {
			t.Fatal(err)
		}
	})
}
