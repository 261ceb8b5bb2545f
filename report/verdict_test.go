package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/rules"
)

// TestVerdictWordingCoversCauses keeps the wording table in step with the catalog: a
// cause without wording would fall back to its title, which does not say what to do.
func TestVerdictWordingCoversCauses(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range rules.Causes() {
		ids[c.ID] = true
		w, ok := verdictWords[c.ID]
		if !ok {
			t.Errorf("cause %s has no verdict wording in report/verdict.go", c.ID)
			continue
		}
		if !strings.Contains(w.what, "{calls}") && !strings.Contains(w.what, "{count}") {
			t.Errorf("%s: the headline %q says no number", c.ID, w.what)
		}
		if !strings.Contains(w.what, "{when}") {
			t.Errorf("%s: the headline %q says no time", c.ID, w.what)
		}
		if w.side.sentence() == "" {
			t.Errorf("%s: no side", c.ID)
		}
		if !strings.HasSuffix(w.now, ".") || len(w.now) < 20 {
			t.Errorf("%s: %q is not a sentence of what to do", c.ID, w.now)
		}
	}
	for id := range verdictWords {
		if !ids[id] {
			t.Errorf("verdict wording for %s, which is not a cause", id)
		}
	}
}

// analyzeFile analyses one testdata input the way the command line does.
func analyzeFile(t *testing.T, path string) (*model.Report, *Calls) {
	t.Helper()
	an := analyze.New(analyze.Options{Detectors: rules.DefaultDetectors()})
	calls := &Calls{}
	sink := countingSink{an, calls}
	in, err := parse.Read(path, nil, parse.Options{Location: time.UTC}, sink)
	if err != nil {
		t.Fatal(err)
	}
	an.AddInput(model.Input{Path: path, Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	return an.Report(), calls
}

type countingSink struct {
	*analyze.Analyzer
	calls *Calls
}

func (s countingSink) Event(e *model.Event) {
	s.calls.Count(e)
	s.Analyzer.Event(e)
}

// TestVerdictOfEveryCase reads every testdata input: its verdict is there, speaks of the
// top finding that matters in its cause's own words, wraps within 80 columns and has no
// "1 calls"; and its table at 80 columns fits them.
func TestVerdictOfEveryCase(t *testing.T) {
	var inputs []string
	for _, dir := range []string{"hars", "logs"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", dir, "*"))
		for _, f := range files {
			if !strings.HasSuffix(f, ".want") {
				inputs = append(inputs, f)
			}
		}
	}
	if len(inputs) < 50 {
		t.Fatalf("only %d testdata inputs found", len(inputs))
	}
	badPlural := regexp.MustCompile(`\b1 (calls|replies|failures|requests|events|problems are)\b`)
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			r, calls := analyzeFile(t, in)
			v := Verdict(r, time.UTC, calls)
			if v == "" {
				t.Fatal("empty verdict")
			}
			for _, l := range wrapLines(v, "", "", 80) {
				if n := utf8.RuneCountInString(l); n > 80 {
					t.Errorf("wrapped line of %d columns: %q", n, l)
				}
			}
			if badPlural.MatchString(v) {
				t.Errorf("bad plural in %q", v)
			}
			// The whole table fits 80 columns too.
			var out bytes.Buffer
			if err := Table(&out, r, Options{Location: time.UTC, Width: 80, Calls: calls}); err != nil {
				t.Fatal(err)
			}
			for i, l := range strings.Split(out.String(), "\n") {
				if n := utf8.RuneCountInString(l); n > 80 {
					t.Errorf("table line %d is %d columns: %q", i+1, n, l)
				}
			}
			if top := counted(r); len(top) > 0 {
				w := verdictWords[top[0].Cause.ID]
				head, _, _ := strings.Cut(w.what, "{")
				if now := nowFor(top[0], w, time.UTC); !strings.HasPrefix(v, capital(head)) || !strings.Contains(v, now) {
					t.Errorf("verdict %q does not speak of %s (%q … %q)", v, top[0].Cause.ID, head, now)
				}
				if top[0].Cause.ID != r.Findings[0].Cause.ID && !harmless(r.Findings[0]) {
					t.Errorf("verdict skipped the first finding %s", r.Findings[0].Cause.ID)
				}
			} else if strings.Contains(v, "Anthropic's side") {
				t.Errorf("no finding that matters, yet the verdict blames Anthropic: %q", v)
			}
		})
	}
}

// thirdPartyReport is a HAR of another site: a CDN's 500 (graded info by the rules,
// since the host is not Claude's) and a blocked beacon.
func thirdPartyReport() *model.Report {
	t0 := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	srv, _ := rules.CauseByID("server_error")
	blocked, _ := rules.CauseByID("blocked_by_client")
	return &model.Report{
		Inputs:  []model.Input{{Path: "shop.har", Format: "har", Events: 40, Failures: 3}},
		Summary: model.Summary{Events: 40, Failures: 3, ByStatus: map[int]int{0: 2, 500: 1}, Start: t0, End: t0.Add(time.Minute)},
		Findings: []model.Finding{
			{Cause: srv, Severity: model.Info, Title: "Anthropic's API failed while handling the request (HTTP 500): 1 failed call", Count: 1,
				FirstSeen: t0, LastSeen: t0, Statuses: []int{500}, Endpoints: []string{"GET cdn.example.com/app.js"}},
			{Cause: blocked, Severity: model.Info, Title: "A browser extension or policy blocked the request: 2 failed calls", Count: 2,
				FirstSeen: t0, LastSeen: t0.Add(time.Minute), Endpoints: []string{"POST api.segment.io/v1/p"}},
		},
	}
}

func TestVerdictThirdParty(t *testing.T) {
	tests := []struct {
		name  string
		rep   *model.Report
		calls *Calls
		want  string
		not   []string
	}{
		{"no Claude call", thirdPartyReport(), &Calls{Other: 40}, "No call to Claude in this input: 40 requests to other hosts (3 failed).", []string{"Anthropic's side"}},
		{"not counted by host", thirdPartyReport(), nil, "No failed call to Claude: the 3 failures were requests to other hosts", []string{"Anthropic's side"}},
		// Near miss: one Claude call among the others, and the CDN's 500 still does not count.
		{"a Claude call too", thirdPartyReport(), &Calls{Claude: 1, Other: 39}, "No failed call to Claude", []string{"No call to Claude"}},
		// Near miss: a real Claude failure beside the harmless ones is the headline.
		{"Claude failed", fixedReport(), &Calls{Claude: 50, Other: 2}, "Claude was overloaded for 4 of your calls between 10:15 and 10:17 CET; this is on Anthropic's side.", []string{"No call"}},
		{"nothing read", &model.Report{}, nil, "Nothing to analyse", nil},
		{"all filtered", &model.Report{Summary: model.Summary{Filtered: 36}}, nil, "--since/--until left out all 36 events", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Verdict(tt.rep, time.FixedZone("CET", 3600), tt.calls)
			if !strings.Contains(v, tt.want) {
				t.Errorf("verdict %q lacks %q", v, tt.want)
			}
			for _, bad := range tt.not {
				if strings.Contains(v, bad) {
					t.Errorf("verdict %q holds %q", v, bad)
				}
			}
		})
	}
}

// TestMarkdownOfAnotherSite: a HAR of any site is not a ticket about Claude and does not
// send its reader to Claude's status page.
func TestMarkdownOfAnotherSite(t *testing.T) {
	var out bytes.Buffer
	if err := Markdown(&out, thirdPartyReport(), Options{Calls: &Calls{Other: 40}}); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	for _, bad := range []string{"Failed calls to Claude", "status.claude.com", "What to send support"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown of another site holds %q:\n%s", bad, md)
		}
	}
	if !strings.HasPrefix(md, "# claudelog report: no call to Claude in this input\n") {
		t.Errorf("title: %.80q", md)
	}
	// The same for HTML's heading.
	out.Reset()
	if err := HTML(&out, thirdPartyReport(), Options{Calls: &Calls{Other: 40}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "<h1>Failed calls to Claude</h1>") {
		t.Error("HTML of another site is titled Failed calls to Claude")
	}
}

// TestVerdictFirstInEveryFormat: the verdict comes before any table or finding.
func TestVerdictFirstInEveryFormat(t *testing.T) {
	rep := fixedReport()
	loc := time.FixedZone("CET", 3600)
	v := Verdict(rep, loc, nil)
	for _, f := range Formats {
		var out bytes.Buffer
		opts := Options{Location: loc}
		var err error
		if f == FormatGitHub {
			err = GitHub(&out, rep, opts, nil)
		} else {
			err = Write(&out, f, rep, opts)
		}
		if err != nil {
			t.Fatal(err)
		}
		s := out.String()
		key := v[:40]
		if f == FormatHTML {
			key = strings.ReplaceAll(key, "'", "&#39;")
		}
		i := strings.Index(s, key)
		if i < 0 {
			t.Errorf("%s: no verdict", f)
			continue
		}
		for _, later := range []string{"overloaded_error", "┌", "| ---", "::error", "<article"} {
			if j := strings.Index(s, later); j >= 0 && j < i {
				t.Errorf("%s: %q comes before the verdict", f, later)
			}
		}
	}
}

// TestNoBadPlurals renders every format of a report of one call, one failure and one
// finding: "1 calls" is nowhere.
func TestNoBadPlurals(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 14, 3, 0, time.UTC)
	over, _ := rules.CauseByID("overloaded")
	rep := &model.Report{
		Inputs:  []model.Input{{Path: "one.log", Format: "log", Events: 1, Failures: 1, Warnings: 1}},
		Summary: model.Summary{Events: 1, Failures: 1, ByStatus: map[int]int{529: 1}, Start: t0, End: t0, Warnings: 1, Unclassified: 1},
		Findings: []model.Finding{{Cause: over, Severity: model.Error, Title: "Overloaded: 1 failed call", Count: 1, FirstSeen: t0, LastSeen: t0,
			Statuses: []int{529}, Endpoints: []string{"POST api.anthropic.com/v1/messages"}, MaxRequestBytes: 1, Timeline: []int{1},
			Evidence: []model.Evidence{{Source: "one.log:1", Path: "one.log", Line: 1, Time: t0, Status: 529}}}},
		Unclassified: []model.Evidence{{Source: "one.log:2", Time: t0, Status: 418}},
		Timeline:     model.Timeline{Start: t0.Truncate(time.Minute), Width: time.Minute, Counts: []int{1}},
		Failures:     []int{1},
	}
	bad := regexp.MustCompile(`\b1 (calls|replies|failures|requests|events|findings|warnings|bytes|inputs)\b`)
	for _, f := range Formats {
		var out bytes.Buffer
		if err := Write(&out, f, rep, Options{Width: 80}); err != nil {
			t.Fatal(err)
		}
		if m := bad.FindString(out.String()); m != "" {
			t.Errorf("%s writes %q", f, m)
		}
	}
}

func TestDisplayTitle(t *testing.T) {
	rep := thirdPartyReport()
	if got, want := displayTitle(rep.Findings[0]), "Another host failed, not Claude (cdn.example.com): 1 failed call"; got != want {
		t.Errorf("third-party 500 titled %q, want %q", got, want)
	}
	if got, want := displayTitle(rep.Findings[1]), "A browser extension or policy blocked the request on other hosts, not Claude (api.segment.io): 2 failed calls"; got != want {
		t.Errorf("third-party block titled %q, want %q", got, want)
	}
	// Near miss: a finding on Claude's hosts keeps the title analyze gave it, and so
	// does one whose endpoints are unknown (a log line names no host).
	for _, f := range fixedReport().Findings {
		if got := displayTitle(f); got != f.Title {
			t.Errorf("Claude finding retitled %q", got)
		}
	}
	var md bytes.Buffer
	if err := Markdown(&md, rep, Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "Anthropic's API failed") {
		t.Error("a CDN's 500 is titled as Anthropic's API in the ticket")
	}
}

// TestVerdictOfEveryCaseGolden pins the verdict of every testdata case with the surface its
// top finding speaks to (report/testdata/verdicts.txt; go test ./report -update).
func TestVerdictOfEveryCaseGolden(t *testing.T) {
	var inputs []string
	for _, dir := range []string{"hars", "logs", "claudecode"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", dir, "*"))
		for _, f := range files {
			if st, err := os.Stat(f); err == nil && st.IsDir() {
				continue // testdata/claudecode/ci: CI logs with their own test (claudecode_kinds_test.go)
			}
			if !strings.HasSuffix(f, ".want") {
				inputs = append(inputs, f)
			}
		}
	}
	var b strings.Builder
	for _, in := range inputs {
		r, calls := analyzeFile(t, in)
		surface := "-"
		if top := counted(r); len(top) > 0 && top[0].Surface != "" {
			surface = string(top[0].Surface)
		}
		fmt.Fprintf(&b, "%s [%s]\n  %s\n", filepath.ToSlash(strings.TrimPrefix(in, "../")), surface, Verdict(r, time.UTC, calls))
	}
	golden(t, "verdicts.txt", []byte(b.String()))
}

// TestVerdictBySurface pins what the verdict tells each surface's user for every cause
// (report/testdata/verdicts-by-surface.txt), and that no surface is told what only
// another can do: no SDK settings in a browser, no browser in Claude Code.
func TestVerdictBySurface(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 16, 0, 0, time.UTC)
	notFor := map[model.Surface][]string{
		model.SurfaceWeb:        {"max_retries", "Batches", "NODE_EXTRA_CA_CERTS", "max_tokens", "SDK", "backoff", "API key"},
		model.SurfaceClaudeCode: {"max_retries", "Batches", "private window", "press Retry", "claude.ai in"},
	}
	r := &model.Report{Summary: model.Summary{Events: 4, Failures: 2}}
	var b strings.Builder
	for _, c := range rules.Causes() {
		fmt.Fprintf(&b, "%s\n", c.ID)
		for _, s := range append([]model.Surface{model.SurfaceUnknown}, model.Surfaces...) {
			f := model.Finding{Cause: c, Severity: model.Error, Count: 2, FirstSeen: at, LastSeen: at.Add(time.Minute), Surface: s}
			if c.ID == "usage_limit" {
				f.ResetsAt = f.LastSeen.Add(2*time.Hour + 10*time.Minute)
			}
			r.Findings = []model.Finding{f}
			v := Verdict(r, time.UTC, nil)
			name := string(s)
			if name == "" {
				name = "unknown"
			}
			fmt.Fprintf(&b, "  %-11s %s\n", name, v)
			for _, bad := range notFor[s] {
				if strings.Contains(v, bad) {
					t.Errorf("%s on %s: the verdict speaks of %q: %s", c.ID, s, bad, v)
				}
			}
			if strings.Contains(v, model.ResetMark) || strings.Contains(v, "Unix seconds") {
				t.Errorf("%s on %s: no time written: %s", c.ID, s, v)
			}
		}
	}
	golden(t, "verdicts-by-surface.txt", []byte(b.String()))
	if !strings.Contains(b.String(), "Wait until 11:27 UTC (in 2 h 10 min from the last failure)") {
		t.Error("the usage limit's verdict does not say the reset time")
	}
}

func TestHumanSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Second: "45 s", 10 * time.Minute: "10 min", 2*time.Hour + 10*time.Minute: "2 h 10 min",
		3 * time.Hour: "3 h", 3*24*time.Hour + 17*time.Hour + 20*time.Minute: "3 d 17 h", 48 * time.Hour: "2 d",
	} {
		if got := humanSpan(d); got != want {
			t.Errorf("humanSpan(%v) = %q, want %q", d, got, want)
		}
	}
}
