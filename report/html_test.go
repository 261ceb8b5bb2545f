package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules"
)

// timedReport is fixedReport with the timelines the analyzer would have drawn, and an
// outage window, so that the HTML picture has bars of three kinds and a shaded span.
func timedReport() *model.Report {
	r := fixedReport()
	t0 := time.Date(2026, 11, 20, 9, 14, 0, 0, time.UTC)
	r.Timeline = model.Timeline{Start: t0, Width: time.Minute, Counts: []int{5, 8, 6, 7, 4, 6, 5, 4, 5, 2}}
	r.Failures = []int{0, 2, 1, 1, 0, 1, 1, 0, 1, 0}
	r.Findings[0].Timeline = []int{0, 2, 1, 1, 0, 0, 0, 0, 0, 0}
	r.Findings[1].Timeline = []int{0, 0, 0, 0, 0, 1, 1, 0, 0, 0}
	r.Findings[2].Timeline = make([]int, 10) // its one event had no time
	outage, _ := rules.CauseByID("outage_window")
	r.Findings = append(r.Findings, model.Finding{
		Cause: outage, Severity: model.Error, Title: "Server-side failures 09:15:03–09:17:03 UTC: 4 of 21 calls failed (19%)", Count: 4,
		FirstSeen: t0.Add(63 * time.Second), LastSeen: t0.Add(3*time.Minute + 3*time.Second), Statuses: []int{529},
		Notes: []string{"4 of 21 calls failed on the server side; check status.claude.com for an incident"},
		Fixes: []string{"Check status.claude.com for that window."},
	})
	r.Notes = []string{"1 failed call had no response body in the input: its cause rests on the status code alone."}
	return r
}

func renderHTML(t *testing.T, r *model.Report, loc *time.Location) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Write(&out, FormatHTML, r, Options{Location: loc}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestGoldenHTML(t *testing.T) {
	t.Run("fixed.html", func(t *testing.T) {
		golden(t, "fixed.html", renderHTML(t, timedReport(), time.FixedZone("CET", 3600)))
	})
	t.Run("claude-ai-session.html", func(t *testing.T) {
		golden(t, "claude-ai-session.html", renderHTML(t, sessionReport(t), time.UTC))
	})
}

// walk calls fn on every element of the parsed page.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func parseHTML(t *testing.T, page []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The page must load nothing: no script, no stylesheet link, no frame, no URL in any
// attribute that fetches or navigates, no url() or @import in its styles; and a
// Content-Security-Policy that forbids fetching even if one slipped in.
func TestHTMLSelfContained(t *testing.T) {
	reports := map[string]*model.Report{"fixed": timedReport(), "session": sessionReport(t), "empty": {}}
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			page := renderHTML(t, r, time.UTC)
			csp := ""
			walk(parseHTML(t, page), func(n *html.Node) {
				switch n.Data {
				case "script", "link", "iframe", "frame", "object", "embed", "img", "image", "use", "base", "form", "audio", "video", "source", "foreignObject":
					t.Errorf("page holds a <%s> element", n.Data)
				case "meta":
					if attr(n, "http-equiv") == "Content-Security-Policy" {
						csp = attr(n, "content")
					}
					if strings.EqualFold(attr(n, "http-equiv"), "refresh") {
						t.Error("page holds a meta refresh")
					}
				case "style":
					if css := text(n); strings.Contains(css, "url(") || strings.Contains(css, "@import") {
						t.Errorf("style sheet fetches: %s", css)
					}
				}
				for _, a := range n.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					switch key := strings.ToLower(a.Key); {
					case strings.HasPrefix(key, "on"):
						t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
					case slices.Contains([]string{"src", "href", "xlink:href", "action", "formaction", "srcset", "poster", "background", "data", "ping"}, key):
						if strings.Contains(v, "http:") || strings.Contains(v, "https:") || strings.HasPrefix(v, "//") {
							t.Errorf("<%s %s=%q> points off the page", n.Data, a.Key, a.Val)
						}
					case key == "style" && strings.Contains(v, "url("):
						t.Errorf("<%s style=%q> fetches", n.Data, a.Val)
					}
				}
			})
			if csp != "default-src 'none'; style-src 'unsafe-inline'; img-src data:" {
				t.Errorf("Content-Security-Policy = %q", csp)
			}
		})
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// Strings from the input that try to open tags, leave attributes, close the SVG or the
// title, are shown as themselves and make no element.
func TestHTMLEscapes(t *testing.T) {
	hostile := []string{
		`<script>alert(1)</script>`,
		`"><img src=x onerror=alert(2)>`,
		`</svg><script>alert(3)</script>`,
		`</title><script>alert(4)</script>`,
		`</style><script>alert(5)</script>`,
		`' onmouseover='alert(6)`,
		`<a href="https://evil.example">x</a>`,
	}
	r := timedReport()
	for i, h := range hostile {
		f := &r.Findings[i%len(r.Findings)]
		f.Evidence = append(f.Evidence, model.Evidence{Source: h, RequestID: h, Endpoint: h, Detail: h, Time: r.Summary.Start})
		f.Endpoints = append(f.Endpoints, h)
		f.Notes = append(f.Notes, h)
		f.Fixes = append(f.Fixes, h)
	}
	r.Findings[0].Title = hostile[3]
	r.Findings[0].Cause.Title = hostile[2] // shown in the legend and inside the SVG
	r.Inputs[0].Path = hostile[1]
	r.Notes = append(r.Notes, hostile...)
	page := renderHTML(t, r, time.UTC)
	doc := parseHTML(t, page)
	var cells []string
	walk(doc, func(n *html.Node) {
		if n.Data == "script" || n.Data == "img" || n.Data == "a" {
			t.Errorf("an input string made a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("an input string made an attribute %s on <%s>", a.Key, n.Data)
			}
		}
		if n.Data == "td" {
			cells = append(cells, text(n))
		}
	})
	// What the reader sees is the string itself, not something mangled.
	for _, h := range hostile {
		if !slices.Contains(cells, h) {
			t.Errorf("no evidence cell shows %q as written", h)
		}
	}
	if got := text(findElement(doc, "title")); strings.Contains(got, "<") {
		t.Errorf("page title %q", got)
	}
	// The SVG is still whole: its elements are all inside it.
	svgs := 0
	walk(doc, func(n *html.Node) {
		if n.Data == "svg" && n.Parent != nil && n.Parent.Data == "div" {
			svgs++
		}
	})
	// The timeline, and a strip for each finding but the one without times.
	if want := len(r.Findings); svgs != want {
		t.Errorf("%d pictures, want %d", svgs, want)
	}
}

func findElement(doc *html.Node, name string) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) {
		if found == nil && n.Data == name {
			found = n
		}
	})
	if found == nil {
		return &html.Node{}
	}
	return found
}
