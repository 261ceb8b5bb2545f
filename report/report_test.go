package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in report/testdata")

// fixedReport is a report with every field set, and input strings that try to break
// Markdown tables, inject HTML and links, and break workflow commands.
func fixedReport() *model.Report {
	t0 := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	over, _ := rules.CauseByID("overloaded")
	rate, _ := rules.CauseByID("rate_limited")
	blocked, _ := rules.CauseByID("blocked_by_client")
	return &model.Report{
		Inputs: []model.Input{{Path: "logs/ci|run.log", Format: "log", Events: 40, Failures: 5, Warnings: 1}, {Path: "session.har", Format: "har", Events: 12, Failures: 2}},
		Summary: model.Summary{Events: 52, Failures: 7, ByStatus: map[int]int{0: 1, 429: 2, 529: 4},
			Start: t0, End: t0.Add(9 * time.Minute), Warnings: 1, Unclassified: 1},
		Findings: []model.Finding{
			{Cause: over, Severity: model.Error, Title: "Anthropic's API was overloaded (HTTP 529 overloaded_error): 4 failed calls (529)", Count: 4,
				FirstSeen: t0.Add(time.Minute), LastSeen: t0.Add(3 * time.Minute), Statuses: []int{529}, ErrorTypes: []string{"overloaded_error"},
				Endpoints: []string{"POST api.anthropic.com/v1/messages"}, Clients: []string{"anthropic-python 0.40.0"}, Rules: []string{"overloaded-529"},
				Fixes: []string{"Retry with backoff.", "Use a fallback model."}, MaxAttempt: 3, MaxRequestBytes: 48213,
				Evidence: []model.Evidence{
					{Source: "logs/ci|run.log:12", Path: "logs/ci|run.log", Line: 12, Time: t0.Add(time.Minute), Status: 529, RequestID: "req_011CV2WCpN8rpZibRNHMRcc2", Endpoint: "POST api.anthropic.com/v1/messages", Detail: "overloaded_error: Overloaded; attempt 3"},
					{Source: "logs/ci|run.log:40", Path: "logs/ci|run.log", Line: 40, Time: t0.Add(3 * time.Minute), Status: 529, Detail: "overloaded_error: <script>alert(1)</script> [x](https://evil.example) | pipe `tick` 100%\nnext line\r\n::error::forged"},
				}},
			{Cause: rate, Severity: model.Warning, Title: "Rate limited: 2 failed calls (429)", Count: 2,
				FirstSeen: t0.Add(5 * time.Minute), LastSeen: t0.Add(6 * time.Minute), Statuses: []int{429}, ErrorTypes: []string{"rate_limit_error"},
				Endpoints: []string{"POST api.anthropic.com/v1/messages"}, Fixes: []string{"Honour retry-after."}, RetryAfter: []string{"7"},
				Evidence: []model.Evidence{{Source: "session.har#entry-7", Path: "session.har", Entry: 7, Time: t0.Add(5 * time.Minute), Status: 429, RequestID: "req_011CVL8RyXrbeU4aRMqN4rcZ", Detail: "rate_limit_error: Number of requests has exceeded your rate limit; retry-after: 7"}}},
			{Cause: blocked, Severity: model.Info, Title: "A browser extension or policy blocked the request: 1 failed call", Count: 1,
				Evidence: []model.Evidence{{Source: "-", Path: "-", Detail: "net::ERR_BLOCKED_BY_CLIENT"}}},
		},
		Unclassified: []model.Evidence{{Source: "logs/ci|run.log:77", Time: t0.Add(8 * time.Minute), Status: 418, Detail: "teapot"}},
	}
}

// sessionReport analyses the real claude.ai session of testdata/hars.
func sessionReport(t *testing.T) *model.Report {
	t.Helper()
	path := filepath.Join("..", "testdata", "hars", "claude-ai-session.har")
	an := analyze.New(analyze.Options{})
	in, err := parse.Read(path, nil, parse.Options{Location: time.UTC}, an)
	if err != nil {
		t.Fatal(err)
	}
	an.AddInput(model.Input{Path: "claude-ai-session.har", Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	rep := an.Report()
	// Sources name the file as the test opened it; make them stable.
	for i := range rep.Findings {
		for j := range rep.Findings[i].Evidence {
			e := &rep.Findings[i].Evidence[j]
			e.Source = strings.TrimPrefix(e.Source, filepath.Join("..", "testdata", "hars")+string(filepath.Separator))
			e.Path = strings.TrimPrefix(e.Path, filepath.Join("..", "testdata", "hars")+string(filepath.Separator))
		}
	}
	return rep
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./report -update after checking the change):\n%s", path, got)
	}
}

func TestGoldenFormats(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	cases := []struct {
		name string
		rep  func(*testing.T) *model.Report
		loc  *time.Location
	}{
		{"fixed", func(*testing.T) *model.Report { return fixedReport() }, berlin},
		{"claude-ai-session", sessionReport, time.UTC},
	}
	for _, c := range cases {
		for _, f := range []Format{FormatMarkdown, FormatGitHub} {
			ext := map[Format]string{FormatMarkdown: ".md", FormatGitHub: ".github"}[f]
			t.Run(c.name+ext, func(t *testing.T) {
				var out bytes.Buffer
				opts := Options{Location: c.loc}
				var err error
				if f == FormatGitHub {
					err = GitHub(&out, c.rep(t), opts, nil)
				} else {
					err = Write(&out, f, c.rep(t), opts)
				}
				if err != nil {
					t.Fatal(err)
				}
				golden(t, c.name+ext, out.Bytes())
			})
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	var out bytes.Buffer
	if err := Markdown(&out, fixedReport(), Options{Location: time.FixedZone("CET", 3600)}); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	// Outside code spans (where Markdown renders nothing), no HTML, link or raw newline.
	prose := stripCodeSpans(md)
	for _, bad := range []string{"<script>", "](https://evil", "next line", "::error::forged"} {
		if strings.Contains(prose, bad) {
			t.Errorf("markdown holds %q outside a code span", bad)
		}
	}
	if strings.Contains(md, "\nnext line") {
		t.Error("a newline from the input breaks a table row")
	}
	// Every table row has the same number of unescaped pipes as its header.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| `") {
			if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 5 {
				t.Errorf("table row with %d cell separators: %s", n, line)
			}
		}
	}
	for _, want := range []string{"CET", "UTC+01:00", "req_011CV2WCpN8rpZibRNHMRcc2", "anthropic-python 0.40.0", "up to attempt 3", "retry-after `7`", "status.claude.com", "## What to send support"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

// stripCodeSpans removes Markdown code spans: a run of n backticks up to the next run of
// exactly n.
func stripCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '`' {
			b.WriteByte(s[i])
			i++
			continue
		}
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		fence := strings.Repeat("`", n)
		j := i + n
		for {
			k := strings.Index(s[j:], fence)
			if k < 0 {
				return b.String() + s[i:]
			}
			k += j
			if (k+n >= len(s) || s[k+n] != '`') && (k == 0 || s[k-1] != '`') {
				i = k + n
				break
			}
			j = k + 1
			for j < len(s) && s[j] == '`' {
				j++
			}
		}
	}
	return b.String()
}

func TestGitHubAnnotations(t *testing.T) {
	var out bytes.Buffer
	summary := filepath.Join(t.TempDir(), "summary.md")
	env := func(k string) string {
		if k == "GITHUB_STEP_SUMMARY" {
			return summary
		}
		return ""
	}
	if err := GitHub(&out, fixedReport(), Options{}, env); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want the verdict and one per finding:\n%s", len(lines), out.String())
	}
	if !strings.HasPrefix(lines[0], "::notice title=claudelog verdict::Claude was overloaded for 4 of your calls") {
		t.Errorf("first line is not the verdict: %s", lines[0])
	}
	lines = lines[1:]
	for i, want := range []string{"::error file=logs/ci|run.log,line=12,title=claudelog%3A overloaded (error)::",
		"::warning file=session.har,title=claudelog%3A rate_limited (warning)::", "::notice title=claudelog%3A blocked_by_client (info)::"} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %.120s…, want prefix %s", i+1, lines[i], want)
		}
	}
	if !strings.Contains(lines[0], "100%25") || strings.Contains(lines[0], "\r") {
		t.Errorf("data not escaped: %s", lines[0])
	}
	md, err := os.ReadFile(summary)
	if err != nil || !strings.Contains(string(md), "## What to send support") {
		t.Errorf("step summary not written: %v", err)
	}
	// Appended, not replaced.
	if err := GitHub(&bytes.Buffer{}, fixedReport(), Options{}, env); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(summary); len(again) != 2*len(md) {
		t.Errorf("summary is %d bytes after two runs, want %d", len(again), 2*len(md))
	}
}

// TestMarkdownHeaderKeepsMoreNotes: a detector's bounded list of error types or clients
// ends in "(+N more)"; the ticket's header lists keep that note (the findings below show
// it), while its endpoint list, capped by itself, leaves notes out.
func TestMarkdownHeaderKeepsMoreNotes(t *testing.T) {
	rep := fixedReport()
	f := &rep.Findings[0]
	f.ErrorTypes = append(f.ErrorTypes, "(+16 more)")
	f.Clients = append(f.Clients, "(+2 more)")
	f.Endpoints = append(f.Endpoints, "(+3 more)")
	var out bytes.Buffer
	if err := Markdown(&out, rep, Options{}); err != nil {
		t.Fatal(err)
	}
	line := func(label string) string {
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, "- **"+label+":**") {
				return l
			}
		}
		t.Fatalf("no %q line in the ticket:\n%s", label, out.String())
		return ""
	}
	if l := line("Error types and codes"); !strings.Contains(l, "`(+16 more)`") {
		t.Errorf("the summary's error types lost the note: %s", l)
	}
	if l := line("Client"); !strings.Contains(l, "`(+2 more)`") {
		t.Errorf("the summary's clients lost the note: %s", l)
	}
	if l := line("Endpoints"); strings.Contains(l, "(+3 more)") {
		t.Errorf("the summary's endpoints kept a finding's note: %s", l)
	}
}
