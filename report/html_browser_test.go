package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// The HTML report is checked in a real browser: headless Chromium renders it, and the
// screenshot must show the timeline (failure bars in the overloaded red, calls in grey)
// and, further down, the first finding's severity badge, which only the page's style sheet
// colours. A page that parses but draws nothing, or draws without its styles, fails.
//
// Without a Chromium the test is skipped, unless CLAUDELOG_REQUIRE_BROWSER=1 (as in CI),
// when a missing browser is a failure.
func TestHTMLInBrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		if os.Getenv("CLAUDELOG_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found (chromium, chromium-browser, google-chrome) and CLAUDELOG_REQUIRE_BROWSER=1")
		}
		t.Skip("no Chromium found; set CLAUDELOG_REQUIRE_BROWSER=1 to make this a failure")
	}
	rep := sessionReport(t)
	page := renderHTML(t, rep, time.UTC)
	want := screenshotWant{
		failure: hexColour(overloadColour),
		calls:   hexColour(callsColour),
		badge:   hexColour(severityColours[rep.Findings[0].Severity]),
	}

	t.Run("screenshot", func(t *testing.T) {
		img := screenshot(t, browser, page)
		err := want.check(img)
		t.Log(want.measured)
		if err != nil {
			t.Error(err)
		}
	})
	// The check must be able to fail: the same page without its style sheet, and an
	// empty page, do not pass it.
	t.Run("unstyled page fails the check", func(t *testing.T) {
		unstyled := regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAll(page, nil)
		err := want.check(screenshot(t, browser, unstyled))
		t.Logf("%s: %v", want.measured, err)
		if err == nil {
			t.Error("a page without its styles passed the screenshot check")
		}
	})
	t.Run("blank page fails the check", func(t *testing.T) {
		err := want.check(screenshot(t, browser, []byte("<!DOCTYPE html><title>x</title>")))
		t.Logf("%s: %v", want.measured, err)
		if err == nil {
			t.Error("a blank page passed the screenshot check")
		}
	})

	t.Run("dom", func(t *testing.T) {
		dom := runBrowser(t, browser, page, "--dump-dom")
		doc, err := html.Parse(bytes.NewReader(dom))
		if err != nil {
			t.Fatal(err)
		}
		var headings []string
		rects := 0
		walk(doc, func(n *html.Node) {
			switch n.Data {
			case "h3":
				headings = append(headings, text(n))
			case "rect":
				rects++
			case "script":
				t.Error("the rendered page holds a script")
			}
		})
		for _, f := range rep.Findings {
			found := false
			for _, h := range headings {
				found = found || strings.Contains(h, displayTitle(f))
			}
			if !found {
				t.Errorf("the rendered page does not show the finding %q (headings %q)", displayTitle(f), headings)
			}
		}
		if rects < len(rep.Timeline.Counts) {
			t.Errorf("the rendered page holds %d SVG rects, fewer than the %d buckets", rects, len(rep.Timeline.Counts))
		}
	})
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

// runBrowser opens page (written to a temporary file) in headless Chromium with the given
// extra flag and returns what it wrote to stdout. Every flag that could make it go online
// is off; the page's own Content-Security-Policy forbids fetches besides.
func runBrowser(t *testing.T, browser string, page []byte, flag string) []byte {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir="+filepath.Join(dir, "profile"), flag,
		"--window-size=1280,1600", "file://"+path)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", browser, flag, err, lastLines(stderr.String(), 20))
	}
	return stdout.Bytes()
}

func screenshot(t *testing.T, browser string, page []byte) image.Image {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	runBrowser(t, browser, page, "--screenshot="+shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// CLAUDELOG_SCREENSHOTS names a directory to keep the screenshots in, to look at them.
	if keep := os.Getenv("CLAUDELOG_SCREENSHOTS"); keep != "" {
		if b, err := os.ReadFile(shot); err == nil {
			name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name()) + ".png"
			if err := os.WriteFile(filepath.Join(keep, name), b, 0o644); err != nil {
				t.Log(err)
			}
		}
	}
	return img
}

// screenshotWant is what a drawn report shows: the colours of the failure bars and call
// bars of the timeline, and of the first finding's severity badge.
type screenshotWant struct {
	failure, calls, badge color.RGBA
	measured              string // what the last check counted, for the log
}

// Thresholds of the check, in pixels of a 1280×1600 screenshot. The session's timeline
// draws its overloaded bar some 380×20 pixels large and its call bars far more; the
// severity colour paints a badge of about 60×20 pixels less its lettering and the
// finding's left border, both from the style sheet.
const (
	minFailurePixels = 3000
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
