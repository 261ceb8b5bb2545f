package har

import (
	"strings"

	"github.com/claudelog/claudelog/parse/redact"
	"github.com/google/martian/v3/har"
)

type harHeader = har.Header

// headerValue is the first value of the named header (case-insensitive), trimmed.
func headerValue(hs []harHeader, name string) string {
	for _, h := range hs {
		if strings.EqualFold(strings.TrimSpace(h.Name), name) {
			return strings.TrimSpace(stripCut(h.Value))
		}
	}
	return ""
}

// clientOf summarises a user agent: "Chrome 131 (macOS)", "claude-cli 2.0.14", "curl 8.5.0".
func clientOf(ua string) string {
	ua = strings.TrimSpace(ua)
	lower := strings.ToLower(ua)
	switch {
	case strings.HasPrefix(lower, "claude-cli/"):
		return "claude-cli " + version(ua[len("claude-cli/"):], false)
	case strings.HasPrefix(lower, "anthropic/"):
		// The Python SDK's own user agent: "Anthropic/Python 0.40.0".
		lang, ver, _ := strings.Cut(ua[len("anthropic/"):], " ")
		return strings.TrimSpace(sdkName(lang) + " " + version(ver, false))
	case strings.HasPrefix(ua, "Mozilla/"):
		return browser(ua)
	}
	first, _, _ := strings.Cut(ua, " ")
	name, ver, found := strings.Cut(first, "/")
	if !found {
		return first
	}
	return name + " " + version(ver, false)
}

// sdkName names an official SDK from its x-stainless-lang ("python", "js").
func sdkName(lang string) string {
	switch l := strings.ToLower(strings.TrimSpace(lang)); l {
	case "js", "node", "typescript":
		return "anthropic-typescript"
	default:
		return "anthropic-" + l
	}
}

// browser names the browser, its major version and the operating system.
func browser(ua string) string {
	name, ver := "", ""
	for _, p := range []struct{ token, name string }{
		{"Claude/", "Claude desktop"}, // the Electron app names itself before Chrome
		{"Edg/", "Edge"},
		{"EdgA/", "Edge"},
		{"OPR/", "Opera"},
		{"Firefox/", "Firefox"},
		{"FxiOS/", "Firefox"},
		{"HeadlessChrome/", "HeadlessChrome"},
		{"CriOS/", "Chrome"},
		{"Chrome/", "Chrome"},
		{"Version/", "Safari"},
	} {
		if i := strings.Index(ua, p.token); i >= 0 {
			name = p.name
			ver = version(ua[i+len(p.token):], p.name != "Claude desktop")
			break
		}
	}
	if name == "" && (strings.Contains(ua, "Trident/") || strings.Contains(ua, "MSIE ")) {
		name = "Internet Explorer"
	}
	if name == "" {
		name = "browser"
	}
	out := name
	if ver != "" {
		out += " " + ver
	}
	if os := osOf(ua); os != "" {
		out += " (" + os + ")"
	}
	return out
}

func osOf(ua string) string {
	switch {
	case strings.Contains(ua, "Windows"):
		return "Windows"
	case strings.Contains(ua, "iPhone"), strings.Contains(ua, "iPad"):
		return "iOS"
	case strings.Contains(ua, "Android"):
		return "Android"
	case strings.Contains(ua, "CrOS"):
		return "ChromeOS"
	case strings.Contains(ua, "Macintosh"), strings.Contains(ua, "Mac OS X"):
		return "macOS"
	case strings.Contains(ua, "Linux"):
		return "Linux"
	}
	return ""
}

// version reads a version at the start of s, up to a blank or ';'; major keeps only the
// first number.
func version(s string, major bool) string {
	end := strings.IndexAny(s, " ;()")
	if end < 0 {
		end = len(s)
	}
	v := s[:end]
	if major {
		v, _, _ = strings.Cut(v, ".")
	}
	return v
}

// dialectOf names the exporter from log.creator.name.
func dialectOf(creator string) string {
	c := strings.ToLower(strings.TrimSpace(stripCut(creator)))
	switch {
	case c == "":
		return ""
	case strings.Contains(c, "webkit"), strings.Contains(c, "safari"):
		return "safari"
	case c == "webinspector", c == "chrome", c == "chromium", strings.Contains(c, "devtools"):
		return "chrome"
	case strings.Contains(c, "firefox"):
		return "firefox"
	case strings.Contains(c, "fiddler"):
		return "fiddler"
	case strings.Contains(c, "charles"):
		return "charles"
	case strings.Contains(c, "insomnia"):
		return "insomnia"
	case strings.Contains(c, "mitmproxy"):
		return "mitmproxy"
	case strings.Contains(c, "playwright"):
		return "playwright"
	}
	if len(c) > 40 {
		c = c[:40]
	}
	return c
}

// maxHeaders bounds the headers of one list that an entry keeps: an entry with millions of
// headers is read in the memory of this many. Only the headers convert reads count.
const maxHeaders = 256

// readHeader reports whether convert reads a header of this name from a request (req) or a
// response: all other headers are skipped while decoding, without becoming strings. A
// name that is not ASCII is kept, because strings.EqualFold folds a few non-ASCII letters
// onto ASCII ones ("ſ" onto "s") and convert compares names so.
func readHeader(name string, req bool) bool {
	n := strings.TrimSpace(name)
	for i := 0; i < len(n); i++ {
		if n[i] >= 0x80 {
			return true
		}
	}
	n = strings.ToLower(n)
	if req {
		switch n {
		case "idempotency-key", "x-idempotency-key", "x-app", "origin", "user-agent":
			return true
		}
		return strings.HasPrefix(n, "x-stainless-") || strings.HasPrefix(n, "anthropic-")
	}
	switch n {
	case "date", "request-id", "retry-after", "retry-after-ms", "cf-ray", "content-type", "x-amzn-errortype":
		return true
	}
	return redact.KeptHeader(n)
}

// keepHeaders filters a decoded header list down to what readHeader keeps, at most
// maxHeaders of them, as the scanner does while reading; it reports whether any header
// that would be read was left out for the bound. The encoding/json reference decodes every
// header and calls it after.
func keepHeaders(hs []harHeader, req bool) ([]harHeader, bool) {
	out := hs[:0]
	over := false
	for _, h := range hs {
		if !readHeader(h.Name, req) {
			continue
		}
		if len(out) == maxHeaders {
			over = true
			continue
		}
		out = append(out, h)
	}
	clear(hs[len(out):])
	return out, over
}
