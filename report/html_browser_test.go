package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/rules"
)

// The HTML report is checked in a real browser, in one launch of headless Chromium (a
// launch costs seconds of CPU) that draws a wrapper page of frames:
//
//   - a screenshot must show the timeline (failure bars in the overloaded red, calls in
//     grey) and, further down, the first finding's severity badge, which only the page's
//     style sheet colours. The same page without its styles, and a blank page, are drawn
//     beside it and must fail that check, so the check can fail;
//   - the rendered DOM of three reports (a short claude.ai session, a 32-second burst, and
//     fourteen inputs over eighteen days with windows, hatched causes and very long
//     evidence), each at 600 and 1280 pixels wide, is measured by a script of the test:
//     the number of cells, the boxes of the axis labels and window labels (none may overlap, and the
//     labels must be readable), the colour of every failure bar against its cause, and
//     every element's box against the viewport.
//
// Without a Chromium the test is skipped, unless CLAUDELOG_REQUIRE_BROWSER=1 (as in CI),
// when a missing browser is a failure.
func TestHTMLInBrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		if os.Getenv("CLAUDELOG_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found (chromium, chromium-browser or google-chrome) and CLAUDELOG_REQUIRE_BROWSER=1")
		}
		t.Skip("no Chromium found; set CLAUDELOG_REQUIRE_BROWSER=1 to make this a failure")
	}
	rep := sessionReport(t)
	page := renderHTML(t, rep, time.UTC)

	unstyled := regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAll(page, nil)
	blank := []byte("<!DOCTYPE html><title>x</title>")
	cases := []browserCase{
		{name: "claude-ai-session", rep: rep, loc: time.UTC},
		{name: "burst", rep: analyzedReport(t, "pattern-burst.har"), loc: time.FixedZone("IST", 5*3600+1800)},
		{name: "eighteen days", rep: longReport(t), loc: time.FixedZone("CET", 3600)},
	}
	for i := range cases {
		cases[i].page = renderHTML(t, cases[i].rep, cases[i].loc)
	}
	widths := []int{600, 1280}
	shots, measured := drawInBrowser(t, browser, [][]byte{page, unstyled, blank}, cases, widths)

	t.Run("screenshot", func(t *testing.T) {
		want := screenshotWant{
			failure: hexColour(overloadColour),
			calls:   hexColour(callsColour),
			badge:   hexColour(severityColours[rep.Findings[0].Severity]),
		}
		err := want.check(shots[0])
		t.Log("styled: " + want.measured)
		if err != nil {
			t.Error(err)
		}
		// The check must be able to fail: the page without its style sheet, and an empty
		// page, do not pass it.
		for i, name := range []string{"a page without its styles", "a blank page"} {
			err := want.check(shots[i+1])
			t.Logf("%s: %s: %v", name, want.measured, err)
			if err == nil {
				t.Errorf("%s passed the screenshot check", name)
			}
		}
	})

	for _, c := range cases {
		for _, width := range widths {
			name := fmt.Sprintf("%s@%d", c.name, width)
			t.Run("dom/"+name, func(t *testing.T) {
				m, ok := measured[name]
				if !ok {
					t.Fatal("not measured")
				}
				checkDrawn(t, c, width, m)
			})
		}
	}
}

// browserCase is one report to draw.
type browserCase struct {
	name string
	rep  *model.Report
	loc  *time.Location
	page []byte
}

// drawn is what the measuring script found on one page at one width.
type drawn struct {
	Viewport    float64    `json:"vw"`
	ScrollWidth float64    `json:"sw"`
	Cells       int        `json:"cells"`
	Failed      []drawnBar `json:"failed"`
	XTicks      []box      `json:"xticks"`
	YTicks      []box      `json:"yticks"`
	WLabels     []box      `json:"wlabels"`
	Plot        box        `json:"plot"`
	Wide        []string   `json:"wide"`
	Headings    []string   `json:"headings"`
	Scripts     int        `json:"scripts"`
	TickFontPx  []float64  `json:"tickfont"`
}

type drawnBar struct {
	Cause string `json:"cause"`
	Fill  string `json:"fill"`
	Base  string `json:"base"` // the colour under a hatch
	Where string `json:"where"`
}

type box struct {
	L, R, T, B float64
	Text       string
}

// checkDrawn asserts on one page at one width.
func checkDrawn(t *testing.T, c browserCase, width int, m drawn) {
	if math.Abs(m.Viewport-float64(width)) > 20 {
		t.Errorf("viewport %.0f px, want %d", m.Viewport, width)
	}
	// Nothing sticks out sideways: no scrolling, no element past the edge.
	if m.ScrollWidth > m.Viewport+1 {
		t.Errorf("the page scrolls sideways: %.0f px wide in %.0f", m.ScrollWidth, m.Viewport)
	}
	for _, w := range m.Wide {
		t.Errorf("wider than the viewport: %s", w)
	}
	// One group per cell, as many as the axis has.
	if want := axisOf(c.rep.Timeline, chartCells, c.loc).cells; m.Cells != want {
		t.Errorf("%d cells drawn, want %d", m.Cells, want)
	}
	// Every failure bar in its cause's colour; none of a cause drawn as unexplained.
	if len(m.Failed) == 0 {
		t.Error("no failure bar drawn")
	}
	for _, b := range m.Failed {
		s := swatchOf(b.Cause)
		if b.Fill != s.fill(b.Cause) || !strings.EqualFold(b.Base, s.Colour) {
			t.Errorf("a failure of %s in the %s is drawn %s over %s, want %s over %s", b.Cause, b.Where, b.Fill, b.Base, s.fill(b.Cause), s.Colour)
		}
	}
	// Axis labels: inside the picture, apart from each other, readable.
	if len(m.XTicks) < 2 {
		t.Errorf("%d time labels", len(m.XTicks))
	}
	apart(t, "time labels", m.XTicks)
	apart(t, "window labels", m.WLabels)
	for _, b := range m.XTicks {
		if b.L < m.Plot.L-1 || b.R > m.Plot.R+1 {
			t.Errorf("time label %q (%.0f–%.0f) leaves the picture (%.0f–%.0f)", b.Text, b.L, b.R, m.Plot.L, m.Plot.R)
		}
	}
	for _, px := range m.TickFontPx {
		if px < 10.5 {
			t.Errorf("axis text %.1f px high, too small to read", px)
			break
		}
	}
	// The page shows every finding, and runs no script of its own.
	for _, f := range c.rep.Findings {
		if !slices.ContainsFunc(m.Headings, func(h string) bool { return strings.Contains(h, displayTitle(f)) }) {
			t.Errorf("the rendered page does not show the finding %q (headings %q)", displayTitle(f), m.Headings)
		}
	}
	if m.Scripts != 0 {
		t.Errorf("the report holds %d scripts", m.Scripts)
	}
	t.Logf("%d cells, %d failure bars, time labels %q, axis text %.1f px", m.Cells, len(m.Failed), texts(m.XTicks), m.TickFontPx)
}

// apart fails when two boxes overlap.
func apart(t *testing.T, what string, boxes []box) {
	t.Helper()
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			if a.L < b.R-0.5 && b.L < a.R-0.5 && a.T < b.B-0.5 && b.T < a.B-0.5 {
				t.Errorf("%s overlap: %q (%.0f–%.0f) and %q (%.0f–%.0f)", what, a.Text, a.L, a.R, b.Text, b.L, b.R)
			}
		}
	}
}

func texts(boxes []box) []string {
	var out []string
	for _, b := range boxes {
		out = append(out, b.Text)
	}
	return out
}

// measureScript runs in the test's wrapper page, once every frame has loaded, and writes
// what each report draws into the wrapper's DOM as JSON. The reports themselves run no
// script: their Content-Security-Policy forbids it, and the wrapper reads their DOM from
// outside.
const measureScript = `
function measure(doc, win) {
  const vw = doc.documentElement.clientWidth;
  const box = e => { const b = e.getBoundingClientRect(); return {L: b.left, R: b.right, T: b.top, B: b.bottom, Text: e.textContent}; };
  const base = fill => {
    const m = /^url\(#(.*)\)$/.exec(fill || "");
    if (!m) return fill;
    const p = doc.getElementById(m[1]);
    return p && p.querySelector("rect") ? p.querySelector("rect").getAttribute("fill") : "missing " + m[1];
  };
  const r = {vw, sw: doc.documentElement.scrollWidth, failed: [], xticks: [], yticks: [], wlabels: [], wide: [], headings: [], tickfont: []};
  r.cells = doc.querySelectorAll("#timeline g.cells > g").length;
  for (const e of doc.querySelectorAll("rect.failed")) {
    r.failed.push({cause: e.getAttribute("data-cause"), fill: e.getAttribute("fill"), base: base(e.getAttribute("fill")), where: e.closest(".strip") ? "strip" : "timeline"});
  }
  for (const e of doc.querySelectorAll("#timeline .xticks text")) {
    const b = e.getBoundingClientRect();
    if (b.width > 0) { r.xticks.push(box(e)); r.tickfont.push(b.height); }
  }
  for (const e of doc.querySelectorAll("#timeline .yticks text")) r.yticks.push(box(e));
  for (const e of doc.querySelectorAll("#timeline text.wlabel")) r.wlabels.push(box(e));
  const svg = doc.querySelector("#timeline .chart > svg");
  r.plot = svg ? box(svg) : {};
  for (const e of doc.body.querySelectorAll("*")) {
    const b = e.getBoundingClientRect();
    if (b.width > 0 && (b.right > vw + 1 || b.left < -1)) {
      r.wide.push(e.tagName + "." + (e.getAttribute("class") || "") + " " + Math.round(b.left) + "–" + Math.round(b.right) + ": " + (e.textContent || "").slice(0, 60));
    }
  }
  for (const e of doc.querySelectorAll("h3")) r.headings.push(e.textContent);
  r.scripts = doc.querySelectorAll("script").length;
  return r;
}
window.addEventListener("load", () => {
  const out = {};
  for (const f of document.querySelectorAll("iframe")) out[f.id] = measure(f.contentDocument, f.contentWindow);
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
`

// drawInBrowser draws, in one launch of Chromium (each launch costs seconds), a wrapper
// page holding: each of shots in a frame of shotWidth×shotHeight, one above the other,
// which the screenshot covers; and below them every case at every width, which the
// measuring script reads. It returns each shot's part of the screenshot, and what the
// script measured, by "name@width".
func drawInBrowser(t *testing.T, browser string, shots [][]byte, cases []browserCase, widths []int) ([]image.Image, map[string]drawn) {
	t.Helper()
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{margin:0} iframe{display:block;border:0;margin:0}</style></head><body>\n")
	for _, p := range shots {
		fmt.Fprintf(&b, "<iframe width=\"%d\" height=\"%d\" scrolling=\"no\" srcdoc=\"%s\"></iframe>\n", shotWidth, shotHeight, html.EscapeString(string(p)))
	}
	for _, c := range cases {
		for _, w := range widths {
			fmt.Fprintf(&b, "<iframe class=\"measure\" id=\"%s@%d\" width=\"%d\" height=\"9000\" scrolling=\"no\" srcdoc=\"%s\"></iframe>\n", c.name, w, w, html.EscapeString(string(c.page)))
		}
	}
	b.WriteString("<script>" + measureScript + "</script></body></html>")
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	dom := runBrowser(t, browser, []byte(b.String()), shotWidth, shotHeight*len(shots), "--dump-dom", "--screenshot="+shot)

	m := regexp.MustCompile(`(?s)<pre id="measured">(.*?)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the measuring script wrote nothing; the DOM ends %q", lastLines(string(dom), 3))
	}
	measured := map[string]drawn{}
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &measured); err != nil {
		t.Fatal(err)
	}

	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// CLAUDELOG_SCREENSHOTS names a directory to keep the screenshot in, to look at it.
	if keep := os.Getenv("CLAUDELOG_SCREENSHOTS"); keep != "" {
		if b, err := os.ReadFile(shot); err == nil {
			name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name()) + ".png"
			if err := os.WriteFile(filepath.Join(keep, name), b, 0o644); err != nil {
				t.Log(err)
			}
		}
	}
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		t.Fatalf("screenshot of type %T", img)
	}
	var images []image.Image
	for i := range shots {
		images = append(images, sub.SubImage(image.Rect(0, i*shotHeight, shotWidth, (i+1)*shotHeight)))
	}
	return images, measured
}

// analyzedReport analyses testdata/hars files together, with the pattern detectors, as
// the command line does.
func analyzedReport(t *testing.T, names ...string) *model.Report {
	t.Helper()
	an := analyze.New(analyze.Options{Detectors: rules.DefaultDetectors()})
	for _, name := range names {
		path := filepath.Join("..", "testdata", "hars", name)
		in, err := parse.Read(path, nil, parse.Options{Location: time.UTC}, an)
		if err != nil {
			t.Fatal(err)
		}
		an.AddInput(model.Input{Path: name, Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	return an.Report()
}

// longReport is many inputs over nine days: windows of an outage, a burst and retry
// storms, a dozen causes (hatched ones among them), and evidence lines far longer than a
// phone's screen, with no space to break at.
func longReport(t *testing.T) *model.Report {
	r := analyzedReport(t, "pattern-outage.har", "pattern-burst.har", "pattern-retry-storm.har", "pattern-retry-storm-attempts.har",
		"pattern-payload-timeout.har", "pattern-incident-same-length.har", "pattern-lone-server-error.har", "pattern-small-timeouts.har",
		"api-tool-history.har", "api-invalid-key.har", "api-credit-balance.har", "api-context-too-long.har", "claude-ai-network-errors.har", "browser-cors.har")
	for i := range r.Findings {
		for j := range r.Findings[i].Evidence {
			e := &r.Findings[i].Evidence[j]
			e.Detail += " " + strings.Repeat("x-request-trace=0123456789abcdef;", 12)
			e.Endpoint += "/" + strings.Repeat("segment", 30)
		}
	}
	return r
}

// findBrowser returns the path of a Chromium, or "".
func findBrowser() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// runBrowser opens page (written to a temporary file) in headless Chromium, with a window
// of width×height pixels and the given extra flags (--dump-dom, --screenshot=FILE), and
// returns what it wrote to stdout. Every flag that could make it go online
// is off; the page's own Content-Security-Policy forbids fetches besides.
func runBrowser(t *testing.T, browser string, page []byte, width, height int, flags ...string) []byte {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir=" + filepath.Join(dir, "profile"),
		"--virtual-time-budget=20000", fmt.Sprintf("--window-size=%d,%d", width, height)}
	args = append(append(args, flags...), "file://"+path)
	cmd := exec.CommandContext(ctx, browser, args...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", browser, strings.Join(flags, " "), err, lastLines(stderr.String(), 20))
	}
	return stdout.Bytes()
}

// The size of each page's frame in the screenshot.
const (
	shotWidth  = 1280
	shotHeight = 1600
)

// screenshotWant is what a drawn report shows: the colours of the failure bars and call
// bars of the timeline, and of the first finding's severity badge.
type screenshotWant struct {
	failure, calls, badge color.RGBA
	measured              string // what the last check counted, for the log
}

// Thresholds of the check, in pixels of a 1280×1600 screenshot. The session's timeline
// draws its two overloaded failures as bars of about 30×10 pixels, and the finding's strip
// two more of 30×30, and its call bars far more; the severity colour paints a badge of
// about 60×20 pixels less its lettering and the finding's left border, both from the
// style sheet.
const (
	minFailurePixels = 1500
	minCallsPixels   = 5000
	minBadgePixels   = 600
)

// check finds the failure colour (the timeline), the calls colour beside it, and the
// badge colour below the timeline's top.
func (w *screenshotWant) check(img image.Image) error {
	b := img.Bounds()
	var failure, calls, badge, ink int
	failureTop, badgeTop := -1, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			switch {
			case near(c, w.failure):
				failure++
				if failureTop < 0 {
					failureTop = y
				}
			case near(c, w.calls):
				calls++
			case near(c, w.badge):
				badge++
				// Rows are scanned top down: the first badge pixel after the first
				// failure pixel is the top of the badge below the timeline.
				if badgeTop < 0 && failureTop >= 0 && y > failureTop {
					badgeTop = y
				}
			}
			if c.R < 0xf0 || c.G < 0xf0 || c.B < 0xf0 {
				ink++
			}
		}
	}
	w.measured = fmt.Sprintf("failure %d px from row %d, calls %d px, badge %d px from row %d, drawn %d px", failure, failureTop, calls, badge, badgeTop, ink)
	var errs []error
	if share := float64(ink) / float64(b.Dx()*b.Dy()); share < 0.03 {
		errs = append(errs, fmt.Errorf("the page is nearly blank: %.1f%% of it is drawn", share*100))
	}
	if failure < minFailurePixels {
		errs = append(errs, fmt.Errorf("the timeline's failure bars: %d pixels of %s, want at least %d", failure, hexOf(w.failure), minFailurePixels))
	}
	if calls < minCallsPixels {
		errs = append(errs, fmt.Errorf("the timeline's call bars: %d pixels of %s, want at least %d", calls, hexOf(w.calls), minCallsPixels))
	}
	if badge < minBadgePixels {
		errs = append(errs, fmt.Errorf("the first finding's severity badge: %d pixels of %s, want at least %d", badge, hexOf(w.badge), minBadgePixels))
	}
	if failureTop >= 0 && badgeTop < 0 {
		errs = append(errs, errors.New("no severity badge below the timeline"))
	}
	return errors.Join(errs...)
}

func near(a, b color.RGBA) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) <= 3 && d(a.G, b.G) <= 3 && d(a.B, b.B) <= 3
}

func hexColour(s string) color.RGBA {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil {
		panic(err)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

func hexOf(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
