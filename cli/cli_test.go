package cli

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs args against a fake terminal whose streams are buffers; stdinIsTTY says
// what IsTerminal answers for standard input (the outputs are never terminals).
func runCLI(t *testing.T, stdin string, stdinIsTTY bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	in := strings.NewReader(stdin)
	term := Terminal{Stdin: in, Stdout: &out, Stderr: &errb, IsTerminal: func(f any) bool {
		return stdinIsTTY && f == any(in)
	}}
	code = Run(args, term)
	return code, out.String(), errb.String()
}

const testdataDir = "../testdata"

func TestHelpGoesToStdout(t *testing.T) {
	for _, args := range [][]string{
		{"analyze", "--help"}, {"diff", "-h"}, {"explain", "--help"}, {"rules", "--help"},
		{"sanitize", "--help"}, {"version", "--help"}, {"help", "analyze"}, {"--help"},
	} {
		code, out, errs := runCLI(t, "", false, args...)
		if code != 0 || !strings.Contains(out, "Usage") || errs != "" {
			t.Errorf("%v: exit %d, stdout %.60q, stderr %q; want help on stdout, exit 0", args, code, out, errs)
		}
	}
}

func TestMistakesPointToTheRightHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string // all of these on stderr
	}{
		{[]string{"analyze", "--formt", "json"}, []string{"unknown flag: --formt", "did you mean --format?", "Run 'claudelog analyze --help'"}},
		{[]string{"diff", "--befor", "a", "b"}, []string{"did you mean --before?", "'claudelog diff --help'"}},
		{[]string{"analyze", "--zzzzzz"}, []string{"unknown flag: --zzzzzz", "'claudelog analyze --help'"}},
		{[]string{"analize", "x.har"}, []string{`did you mean "analyze"?`, "'claudelog help'"}},
		{[]string{"session.har"}, []string{"to analyse it: claudelog analyze session.har"}},
		{[]string{"explain"}, []string{"explain takes one", "'claudelog explain --help'"}},
		{[]string{"rules", "extra"}, []string{"rules takes no arguments", "'claudelog rules --help'"}},
	}
	for _, tt := range tests {
		code, out, errs := runCLI(t, "", false, tt.args...)
		if code != 2 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want 2 and nothing on stdout", tt.args, code, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: stderr %q lacks %q", tt.args, errs, w)
			}
		}
	}
	// A flag far from every name gets no guess.
	if _, _, errs := runCLI(t, "", false, "analyze", "--zzzzzz"); strings.Contains(errs, "did you mean") {
		t.Errorf("a guess for --zzzzzz: %q", errs)
	}
}

func TestGlobalFlagsOnEveryCommand(t *testing.T) {
	har := filepath.Join(testdataDir, "hars", "api-overloaded.har")
	for _, args := range [][]string{
		{"analyze", "-q", "--no-progress", "-f", "json", har},
		{"diff", "-q", "--no-progress", "-f", "json", har, har},
		{"rules", "-q"}, {"explain", "--no-progress", "overloaded"}, {"version", "-q"},
	} {
		if code, _, errs := runCLI(t, "", false, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errs)
		}
	}
}

func TestExplainReadsStatusesTypesAndMessages(t *testing.T) {
	tests := []struct{ word, cause string }{
		{"529", "overloaded"},
		{"429", "rate_limited"},
		{"overloaded_error", "overloaded"},
		{"ThrottlingException", "rate_limited"},
		{"Your credit balance is too low to access the Anthropic API", "billing"},
		{"overloaded", "overloaded"},             // a cause id
		{"overloaded-529", "overloaded"},         // a rule id
		{"rate-limit-burst", "rate_limit_burst"}, // a detector id
	}
	for _, tt := range tests {
		code, out, errs := runCLI(t, "", false, "explain", tt.word)
		if code != 0 || !strings.Contains(out, tt.cause+" (") {
			t.Errorf("explain %q: exit %d, %s%.120q; want cause %s", tt.word, code, errs, out, tt.cause)
		}
	}
	for _, word := range []string{"200", "hello", "99999"} {
		if code, _, _ := runCLI(t, "", false, "explain", word); code != 2 {
			t.Errorf("explain %q: exit %d, want 2", word, code)
		}
	}
}

func TestNothingToAnalyseIsNotASuccess(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	zip := filepath.Join(dir, "logs.zip")
	if err := os.WriteFile(zip, []byte("PK\x03\x04\x14\x00\x00\x00rest of a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	har := filepath.Join(testdataDir, "hars", "api-overloaded.har")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty directory", []string{"analyze", "-f", "github", "--fail-on", "error", empty}, "no file here that claudelog can read"},
		{"zip named explicitly", []string{"analyze", "-f", "json", zip}, "is a zip archive, not a HAR, a log or JSON: unpack it"},
		{"filter leaves nothing", []string{"analyze", "-f", "json", "--since", "2h", har}, "left out all 5 events"},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(t, "", false, tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tt.name, code, errs, tt.want)
		}
	}
}

func TestGzipInsideGzip(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdataDir, "hars", "api-overloaded.har"))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		data = b.Bytes()
	}
	path := filepath.Join(t.TempDir(), "twice.har.gz")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "", false, "analyze", "-f", "json", path)
	if code != 0 || !strings.Contains(out, `"cause": "overloaded"`) {
		t.Errorf("exit %d, %s; want the overloaded finding of the HAR inside", code, errs)
	}
}

func TestStdinHintOnATerminal(t *testing.T) {
	_, _, errs := runCLI(t, "", true, "analyze", "-f", "json")
	if !strings.Contains(errs, "reading standard input") || !strings.Contains(errs, "Ctrl-D") {
		t.Errorf("no hint on a terminal: %q", errs)
	}
	if _, _, errs := runCLI(t, "", false, "analyze", "-f", "json"); strings.Contains(errs, "reading standard input") {
		t.Errorf("a hint when stdin is a pipe: %q", errs)
	}
}

func TestNearest(t *testing.T) {
	names := []string{"format", "fail-on", "since", "until", "tz"}
	for in, want := range map[string]string{"formt": "format", "fail-no": "fail-on", "sinc": "since", "tzz": "tz", "qqqq": "", "colour": ""} {
		if got := nearest(in, names); got != want {
			t.Errorf("nearest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStderrCannotCommandTheTerminalOrTheRunner(t *testing.T) {
	dir := t.TempDir()
	// A HAR whose date carries a newline and a workflow command, and an escape sequence
	// that would set the window title.
	har := `{"log":{"entries":[{"startedDateTime":"bad\n::add-mask::x\u001b]0;pwned\u0007","request":{"method":"GET","url":"https://api.anthropic.com/v1/models"},"response":{"status":500}}]}}`
	path := filepath.Join(dir, "evil\u202e.har")
	if err := os.WriteFile(path, []byte(har), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, errs := runCLI(t, "", false, "analyze", "-f", "json", path)
	// sanitize warns about the same file's cut end, quoting its name.
	cut := filepath.Join(dir, "cut\u001b]0;pwned\u0007\u202e.har")
	if err := os.WriteFile(cut, []byte(har[:len(har)-20]), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, serrs := runCLI(t, "", false, "sanitize", cut)
	if !strings.Contains(serrs, "warning") {
		t.Fatalf("sanitize of a cut HAR gave no warning: %q", serrs)
	}
	errs += serrs
	for _, line := range strings.Split(errs, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") {
			t.Errorf("a line of stderr starts a workflow command: %q", line)
		}
	}
	if strings.ContainsAny(errs, "\x1b\x07\u202e") {
		t.Errorf("stderr holds raw control or bidi characters: %q", errs)
	}
	if !strings.Contains(errs, `\x1b`) || !strings.Contains(errs, `\u202e`) {
		t.Errorf("stderr does not show the escapes visibly: %q", errs)
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, tabs\tand ünïcode": "plain text, tabs\tand ünïcode",
		"a\nb\r\x1b[2Jc\x07":            `a\x0ab\x0d\x1b[2Jc\x07`,
		"rtl\u202eexe.har":              `rtl\u202eexe.har`,
		"bad \xff byte":                 `bad \xff byte`,
		"c1 \u0085 next line":           `c1 \u0085 next line`,
	} {
		if got := visible(in); got != want {
			t.Errorf("visible(%q) = %q, want %q", in, got, want)
		}
	}
}
