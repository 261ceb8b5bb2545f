package logs

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
)

// TestAnchoring reads testdata/anchor: failures written on lines that name no provider,
// read because the input is about Claude, and near misses (miss-*) that must stay quiet:
// another service's failure in a paste, and a long CI log that names Claude in its head.
func TestAnchoring(t *testing.T) {
	type want struct {
		n          int // failure events
		status     int
		typ, code  string
		net        string
		unanchored bool
	}
	cases := map[string]want{
		"paste-debug-econnreset.log":      {n: 1, net: "ECONNRESET", unanchored: true},
		"long-debug-econnreset.log":       {n: 1, net: "ECONNRESET", unanchored: true},
		"paste-js-httpstatus.log":         {n: 1, status: 429, unanchored: true},
		"paste-ruby-hash.log":             {n: 1, status: 429, typ: "rate_limit_error"},
		"paste-aws-sdk-v3.log":            {n: 1, status: 429, code: "ThrottlingException"},
		"paste-swift-access-denied.log":   {n: 1, status: 403, code: "AccessDeniedException"},
		"paste-cloudflare-bare.log":       {n: 1, status: 502},
		"paste-httpx-bedrock-503.log":     {n: 1, status: 503},
		"paste-aisdk-response-body.log":   {n: 1, status: 400, typ: "invalid_request_error"},
		"paste-challenge-no-title.log":    {n: 1, code: "cloudflare-challenge"},
		"paste-app-unavailable.log":       {n: 1, code: "region-unavailable"},
		"wrapped-pdf-413.log":             {n: 1, status: 413, typ: "request_too_large"},
		"httpx-status-then-exception.log": {n: 1, status: 400, typ: "invalid_request_error"},
		"proxy-429-inner-400.log":         {n: 1, status: 400, typ: "invalid_request_error"},
		"miss-paste-openai-429.log":       {},
		"miss-paste-github-403.log":       {},
		"miss-paste-otel-timeout.log":     {},
		"miss-paste-npm.log":              {},
		"miss-ci-names-claude.log":        {},
	}
	files, _ := filepath.Glob("testdata/anchor/*.log")
	if len(files) != len(cases) {
		t.Errorf("%d files in testdata/anchor, %d cases", len(files), len(cases))
	}
	for _, f := range files {
		name := filepath.Base(f)
		w, ok := cases[name]
		if !ok {
			t.Errorf("%s: no case", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			c, _ := readString(t, string(readInput(t, f)), Options{})
			fails := c.failures()
			if len(fails) != w.n {
				t.Fatalf("%d failures, want %d:\n%s", len(fails), w.n, dump(c.events))
			}
			if w.n == 0 {
				return
			}
			e := fails[0]
			if e.Status != w.status || e.ErrorType != w.typ || (w.code != "" && e.ErrorCode != w.code) ||
				(w.net != "" && e.NetError != w.net) || e.Unanchored != w.unanchored {
				t.Errorf("got unanchored=%v\n%s", e.Unanchored, dump(fails))
			}
		})
	}
	if !strings.Contains(string(readInput(t, "testdata/anchor/miss-ci-names-claude.log")), "claude") {
		t.Error("the CI near miss must name Claude, or it tests nothing")
	}
}

// TestAnchorLevel: what the head of an input says about it.
func TestAnchorLevel(t *testing.T) {
	long := strings.Repeat("2026-11-20T10:00:00Z step ok\n", pasteLines+1)
	for _, c := range []struct {
		name, input string
		want        anchorLevel
	}{
		{"one line", "[WARN] Stream connection error (ECONNRESET)\n", anchorPaste},
		{"no line end", "x", anchorPaste},
		{"just under the bound", strings.Repeat("a\n", pasteLines-1), anchorPaste},
		{"long, names nobody", long, anchorNone},
		{"long, names Claude", "Run anthropics/claude-code-action@v1\n" + long, anchorNamed},
		{"long, names bedrock-runtime", long + "POST https://bedrock-runtime.us-east-1.amazonaws.com/model\n", anchorNamed},
		{"long, names bedrock only", "bedrock\n" + long, anchorNone},
	} {
		p := newParser(strings.NewReader(c.input), "t", Options{}, &collect{})
		p.decideAnchor()
		if p.anchor != c.want {
			t.Errorf("%s: anchor %d, want %d", c.name, p.anchor, c.want)
		}
	}
}

// TestForeign: a failure that names another service is not Claude's, unless it names
// Claude too.
func TestForeign(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"npm error code ECONNRESET", true},
		{"openai.RateLimitError: Error code: 429", true},
		{`go: Get "https://proxy.golang.org/x/@v/list": dial tcp: lookup proxy.golang.org: no such host`, true},
		{"Error: connect ETIMEDOUT 140.82.112.3:443", true},
		{"HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out.", true},
		{"level=error msg=request path=/api/items status=500", true},
		{"failed to export spans: i/o timeout", false},        // names no one: anchoring decides
		{"Error: connect ETIMEDOUT 160.79.104.10:443", false}, // Anthropic's address
		{"[WARN] Stream connection error (ECONNRESET)", false},
		{"POST http://localhost:4000/v1/messages 503", false},  // a gateway's Claude path
		{"openai-compatible gateway to anthropic: 429", false}, // names Claude
		{"level=error path=/v1/messages status=529", false},
		{"version 1.2.3.4 released", true}, // an address-like version: over-cautious, never a false alarm
	} {
		if got := foreign([]byte(c.text)); got != c.want {
			t.Errorf("foreign(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// ipRE is otherIP's reference: a run of host bytes that is a dotted quad.
var (
	hostRunRE = regexp.MustCompile(`[A-Za-z0-9._-]+`)
	quadRE    = regexp.MustCompile(`^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$`)
)

func otherIPRef(text []byte) bool {
	for _, run := range hostRunRE.FindAll(text, -1) {
		m := quadRE.FindSubmatch(run)
		if m == nil {
			continue
		}
		var n [4]int
		ok := true
		for i := range 4 {
			n[i], _ = strconv.Atoi(string(m[i+1]))
			ok = ok && n[i] <= 255
		}
		if ok && !(n[0] == 160 && n[1] == 79 && (n[2] == 104 || n[2] == 105)) {
			return true
		}
	}
	return false
}

// FuzzOtherIP holds otherIP to its reference; foreign is never true of a text that names
// Claude.
func FuzzOtherIP(f *testing.F) {
	for _, s := range []string{"connect 140.82.112.3:443", "160.79.104.1", "v1.2.3.4", "1.2.3.4.5", "999.1.1.1",
		"1234.1.1.1", "a 10.0.0.7:4318 b", "0.0.0.0", "anthropic 8.8.8.8", "1.2.3."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		if got, want := otherIP(b), otherIPRef(b); got != want {
			t.Errorf("otherIP(%q) = %v, reference %v", s, got, want)
		}
		if fold.ContainsAny(b, claudeWords) && foreign(b) {
			t.Errorf("foreign(%q) names Claude", s)
		}
	})
}

// TestStringOpen: a string left open inside a value, the mark of a terminal's break.
func TestStringOpen(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{`API Error: 413 {"type":"error","error":{"type":"request_too_large","message":"A maximum`, true},
		{`API Error: 413 {"type":"error","error":{"type":"request_too_large",`, false}, // between tokens
		{`API Error: 413 {"type":"error"}`, false},
		{`anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'message': 'prompt is`, true},
		{`{"message":"open`, false}, // the JSON block reader's
		{`He said "hello`, false},   // free text, no value
		{`x = {"a": "b\"c`, true},
		{`x = {"a": "b\\"}`, false},
	} {
		if got := stringOpen([]byte(c.s)); got != c.want {
			t.Errorf("stringOpen(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

// wrapAt cuts a line into pieces of w runes, as a terminal w columns wide shows it.
func wrapAt(line string, w int) []string {
	var out []string
	for utf8.RuneCountInString(line) > w {
		i, n := 0, 0
		for n < w {
			_, size := utf8.DecodeRuneInString(line[i:])
			i += size
			n++
		}
		out = append(out, line[:i])
		line = line[i:]
	}
	return append(out, line)
}

// FuzzWrapJoin: in a paste whose terminal is w wide, the pieces of a wrapped line are
// dispatched as lines that, put together, are the line again: the joiner never loses or
// adds a byte, whether or not it joins.
func FuzzWrapJoin(f *testing.F) {
	f.Add(`cloud language model completion failed with status 451 Unavailable For Legal Reasons: Access to Anthropic models`, 40)
	f.Add(`API Error: 413 {"type":"error","error":{"type":"request_too_large","message":"A maximum of 100 PDF pages may be provided."}}`, 47)
	f.Add(strings.Repeat("Ab", 90), 41)
	f.Fuzz(func(t *testing.T, line string, w int) {
		if w < minWrapWidth || w > 200 || strings.ContainsAny(line, "\r\n") || !utf8.ValidString(line) ||
			utf8.RuneCountInString(line) <= 2*w {
			return
		}
		p := newParser(strings.NewReader(""), "t", Options{}, &collect{})
		p.anchor, p.wrapWidth, p.wrapLines = anchorPaste, w, 2
		var got []string
		dispatch := func(b []byte, _ int, _, _ int64) { got = append(got, string(b)) }
		for i, piece := range wrapAt(line, w) {
			p.wrapJoin([]byte(piece), i+1, 0, int64(len(piece)), dispatch)
		}
		p.flushJoin(dispatch)
		if strings.Join(got, "") != line {
			t.Errorf("pieces %q do not make %q", got, line)
		}
	})
}

// TestWrappedLinesRead is the property of issue 14: a log line that yields a failure event
// read alone yields one with the same status, error type and start of message when a
// terminal w columns wide broke it (w from 40 to 120 in steps of 7). The terminal's width
// shows when two pieces are full (a line over 2w runes); a line of one full piece is
// joined when the break falls inside a string of a value.
func TestWrappedLinesRead(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/anchor/*.log", "../../../shared/logs-public/0*"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skip("no inputs")
	}
	tested, checked := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(line, "\r")
			if utf8.RuneCountInString(line) <= 2*minWrapWidth || !utf8.ValidString(line) {
				continue
			}
			alone, _ := readString(t, line+"\n", Options{})
			if os.Getenv("WRAPDEBUG") != "" && strings.Contains(line, os.Getenv("WRAPDEBUG")) {
				t.Logf("alone:\n%s", dump(alone.events))
			}
			want := firstFailure(alone.events)
			if want == nil {
				continue
			}
			tested++
			for w := 40; w <= 120; w += 7 {
				pieces := wrapAt(line, w)
				if len(pieces) < 2 || (len(pieces) < 3 && !stringOpen([]byte(pieces[0]))) {
					continue
				}
				checked++
				c, _ := readString(t, strings.Join(pieces, "\n")+"\n", Options{})
				fails := 0
				var got *model.Event
				for i := range c.events {
					if isFailure(&c.events[i]) {
						fails++
						if got == nil {
							got = &c.events[i]
						}
					}
				}
				if got == nil || fails != len(alone.failures()) || got.Status != want.Status || got.ErrorType != want.ErrorType ||
					!samePrefix(got.Message, want.Message) {
					t.Errorf("%s wrapped at %d: %d failures, want one like\n%s got\n%s", filepath.Base(f), w, fails,
						dump([]model.Event{*want}), dump(c.events))
				}
			}
		}
	}
	if tested < 20 || checked < 100 {
		t.Errorf("only %d lines, %d wrappings tested", tested, checked)
	}
}

func firstFailure(evs []model.Event) *model.Event {
	for i := range evs {
		if isFailure(&evs[i]) {
			return &evs[i]
		}
	}
	return nil
}

// samePrefix compares the first 30 bytes of two messages without their white space: a
// terminal's break may leave a space or take one.
func samePrefix(a, b string) bool {
	squash := func(s string) string {
		s = strings.Join(strings.Fields(s), "")
		return s[:min(len(s), 30)]
	}
	return squash(a) == squash(b)
}

// TestScannerNamedKeepsQuiet: in a long log that names Claude, the scanner marks the
// lines an evidence record may start at, and no near miss of the CI log becomes an event
// either way it is read.
func TestScannerNamedKeepsQuiet(t *testing.T) {
	data := readInput(t, "testdata/anchor/miss-ci-names-claude.log")
	for _, byLine := range []bool{false, true} {
		c := &collect{}
		p := newParser(bytes.NewReader(data), "ci.log", Options{}, c)
		p.lineByLine = byLine
		p.run()
		if p.anchor != anchorNamed {
			t.Fatalf("anchor %d", p.anchor)
		}
		if f := c.failures(); len(f) > 0 {
			t.Errorf("lineByLine=%v: false alarms\n%s", byLine, dump(f))
		}
	}
}

// BenchmarkScannerNamed is BenchmarkScanner on a log that names Claude: the keyword pass
// with evidenceNamed as one more group (namedFilter).
func BenchmarkScannerNamed(b *testing.B) {
	dialectPrefilter()
	data := genCILog(8 << 20)
	blk := &block{buf: data}
	sc := scanner{cutAt: maxLine, loc: time.UTC, anchor: anchorNamed}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		blk.hits, blk.httpx = blk.hits[:0], blk.httpx[:0]
		sc.scan(blk)
	}
}

// TestProseContinues: the rest of a message a terminal wrapped at a word, and lines that
// are records of their own.
func TestProseContinues(t *testing.T) {
	for _, c := range []struct {
		msg, line string
		want      bool
	}{
		{"Access to Anthropic models is not allowed from unsupported", "countries, regions, or territories.", true},
		{"Please refer to", "https://www.anthropic.com/supported-countries for more", true},
		{"prompt is too long,", "please shorten it", true},
		{"Overloaded.", "retrying in 4s", false},                // the sentence ended
		{"Overloaded", "Retrying in 4 seconds", false},          // a capital: a line of its own
		{"request failed", "time=2026-11-20 level=info", false}, // a logfmt record
		{"", "more text", false},
		{"status 529 (", "overloaded)", false},
	} {
		if got := proseContinues(c.msg, []byte(c.line)); got != c.want {
			t.Errorf("proseContinues(%q, %q) = %v, want %v", c.msg, c.line, got, c.want)
		}
	}
}

// FuzzCallURL: the URL a record names as its call is a URL of the text, of Claude's hosts
// or with an API path; a docs link or an error type's namespace is never one.
func FuzzCallURL(f *testing.F) {
	f.Add(`Not Found {"docs":"https://docs.langdock.com/api"} URL: https://api.langdock.com/anthropic/eu/v1/v1/messages`)
	f.Add(`x-amzn-ErrorType: AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/`)
	f.Add(`url: 'https://api.anthropic.com/v1/messages',`)
	f.Add(`http://localhost:4000/v1/messages http`)
	f.Fuzz(func(t *testing.T, s string) {
		u := callURL([]byte(s))
		if u == "" {
			return
		}
		if !strings.Contains(s, u) || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) {
			t.Fatalf("callURL(%q) = %q, not a URL of the text", s, u)
		}
		parts := urlPartsOf(u)
		if !parts.ok || !(parts.platform.Claude() || claudePath(parts.path) ||
			strings.Contains(parts.path, "/v1/") || strings.Contains(parts.path, "/messages")) {
			t.Fatalf("callURL(%q) = %q, not a call to Claude's API", s, u)
		}
	})
}

func TestConfiguredBaseHost(t *testing.T) {
	for in, want := range map[string]string{
		`ANTHROPIC_BASE_URL="http://127.0.0.1:8787"`:                        "127.0.0.1:8787",
		"export ANTHROPIC_BASE_URL=https://llm-gw.corp.example/anthropic\n": "llm-gw.corp.example",
		`"env": {"ANTHROPIC_BASE_URL": "http://localhost:4000", "X": "y"}`:  "localhost:4000",
		"ANTHROPIC_BASE_URL: 'http://10.0.0.7:8080/'":                       "10.0.0.7:8080",
		"ANTHROPIC_BASE_URL is not set":                                     "",
		"ANTHROPIC_BASE_URL=":                                               "",
		"ANTHROPIC_BASE_URL=ftp://x.example":                                "",
		"MY_BASE_URL=http://127.0.0.1:1 ANTHROPIC_BASE_URL_OLD x":           "",
		"no setting here": "",
	} {
		if got := configuredBaseHost([]byte(in)); got != want {
			t.Errorf("configuredBaseHost(%q) = %q, want %q", in, got, want)
		}
	}
}
