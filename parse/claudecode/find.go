package claudecode

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// ProjectsDir finds the folder Claude Code keeps its session transcripts in, where Claude
// Code itself looks: $CLAUDE_CONFIG_DIR/projects, then ~/.claude/projects, then
// ~/.config/claude/projects. getenv reads the environment (os.Getenv outside tests). The
// error names every place tried, so a user can tell which one they expected.
func ProjectsDir(getenv func(string) string) (string, error) {
	var tried []string
	if d := getenv("CLAUDE_CONFIG_DIR"); d != "" {
		tried = append(tried, filepath.Join(d, "projects"))
	}
	home := getenv("HOME")
	if home == "" {
		home = getenv("USERPROFILE")
	}
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	if home != "" {
		tried = append(tried, filepath.Join(home, ".claude", "projects"),
			filepath.Join(home, ".config", "claude", "projects"))
	}
	for _, d := range tried {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d, nil
		}
	}
	if len(tried) == 0 {
		return "", errors.New("no Claude Code projects folder: neither CLAUDE_CONFIG_DIR nor a home directory is set; name the folder instead: claudelog analyze ~/.claude/projects")
	}
	return "", errors.New("no Claude Code projects folder found (looked in " + strings.Join(tried, ", ") +
		"); set CLAUDE_CONFIG_DIR or name the folder: claudelog analyze PATH")
}
