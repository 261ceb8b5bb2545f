// Package hartest writes HAR files in the shapes real exporters write, for tests of the HAR
// parser, the rules and the end-to-end report. The shapes follow the public exports studied in
// research/har.md §1: Chrome DevTools' floats, vendor fields and _error; Firefox's integer
// times, local-offset dates and reasonless failures; Playwright's -1 and _failureText; and
// mitmproxy recording an SDK's calls.
//
// Sessions returns one realistic session per event cause a HAR can show, each with the causes
// that must and must not be reported. TestGolden writes them to testdata/hars as NAME.har and
// NAME.want (lines "# comment", "first CAUSE", "want CAUSE", "not CAUSE"); regenerate with
//
//	go test ./internal/hartest -run TestGolden -update
//
// Output is deterministic: no clock, no unseeded randomness, so golden files do not drift.
// Only tests import it: it lives under internal/ and is not linked into claudelog.
package hartest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Creator names the program that wrote a HAR; it decides every detail of the file's shape.
type Creator int

// The exporters hartest imitates.
const (
	// Chrome is DevTools' "Save all as HAR (with content)": creator WebInspector 537.36,
	// float milliseconds, _initiator, _priority, _resourceType, _transferSize, a "connection"
	// id, timings with _blocked_queueing, status 0 with response._error for failures.
	Chrome Creator = iota + 1
	// Firefox is Firefox DevTools' export: integer milliseconds, dates with the local offset,
	// _securityState, and a failed request as status 0 with no reason at all.
	Firefox
	// Playwright is recordHar: status -1, time -1 and timings -1 for a request that got no
	// answer, with the reason in response._failureText.
	Playwright
	// Proxy is mitmproxy's HAR export of an SDK's traffic (HTTP/1.1, microsecond dates with
	// +00:00, Python float noise in times, _error on a failed flow).
	Proxy
)

// String names the creator as a test message would.
func (c Creator) String() string {
	switch c {
	case Chrome:
		return "chrome"
	case Firefox:
		return "firefox"
	case Playwright:
		return "playwright"
	case Proxy:
		return "mitmproxy"
	}
	return "creator(" + strconv.Itoa(int(c)) + ")"
}

// Builder collects entries and writes them as one HAR file.
type Builder struct {
	creator   Creator
	sanitized bool
	seed      string
	counter   int
	pageTitle string
	pageStart time.Time
	zone      *time.Location
	entries   []*Entry
	hostIP    map[string]string
}

// New starts an empty HAR written by creator.
func New(creator Creator) *Builder {
	b := &Builder{creator: creator, seed: creator.String(), hostIP: map[string]string{}}
	b.zone = time.FixedZone("CET", 3600) // Firefox writes local time; November in Berlin
	return b
}

// Seed sets the string that request ids, cf-ray ids and uuids are derived from, so that
// two sessions do not share ids. The same seed and the same calls give the same ids.
func (b *Builder) Seed(s string) *Builder { b.seed = s; return b }

// Page sets the browser page that the entries belong to (ignored by Proxy, which has none).
func (b *Builder) Page(title string, start time.Time) *Builder {
	b.pageTitle, b.pageStart = title, start
	return b
}

// Sanitized makes a Chrome export the way Chrome 130+ writes it by default: without Cookie,
// Set-Cookie and Authorization headers and cookie lists. x-api-key and bodies stay.
func (b *Builder) Sanitized() *Builder { b.sanitized = true; return b }

// Zone sets the local time zone Firefox writes dates in (default UTC+01:00).
func (b *Builder) Zone(loc *time.Location) *Builder { b.zone = loc; return b }

// Host records the address a host name resolved to, for serverIPAddress.
func (b *Builder) Host(host, ip string) *Builder { b.hostIP[host] = ip; return b }

// Len is the number of entries so far.
func (b *Builder) Len() int { return len(b.entries) }

// next returns 32 bytes derived from the seed and a counter: deterministic "randomness".
func (b *Builder) next(kind string) [32]byte {
	b.counter++
	return sha256.Sum256([]byte(b.seed + "\x00" + kind + "\x00" + strconv.Itoa(b.counter)))
}

const base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// RequestID returns a request id in the shape Anthropic uses since 2025: "req_011CV" and 19
// base58 characters.
func (b *Builder) RequestID() string {
	h := b.next("req")
	var s strings.Builder
	s.WriteString("req_011CV")
	for i := 0; i < 19; i++ {
		s.WriteByte(base58[int(h[i])%len(base58)])
	}
	return s.String()
}

// Ray returns a cf-ray header value: 16 hex digits and the Cloudflare location, "-FRA".
func (b *Builder) Ray(colo string) string {
	h := b.next("ray")
	return fmt.Sprintf("%x-%s", h[:8], colo)
}

// UUID returns a version-4 UUID.
func (b *Builder) UUID() string {
	h := b.next("uuid")
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Token returns n characters of [A-Za-z0-9_-], for fake secrets and ids of a real shape.
func (b *Builder) Token(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var s strings.Builder
	for s.Len() < n {
		h := b.next("token")
		for _, c := range h {
			if s.Len() == n {
				break
			}
			s.WriteByte(alphabet[int(c)%len(alphabet)])
		}
	}
	return s.String()
}

// header is one name/value pair in the order and spelling the entry will write it.
type header struct{ name, value string }

// Cookie is one cookie of a request or response.
type Cookie struct {
	Name, Value, Path, Domain string
	Expires                   time.Time
	HTTPOnly, Secure          bool
	SameSite                  string
}

// SSE is one server-sent event of a text/event-stream body.
type SSE struct {
	Event string // "message_start", "error", ...; empty writes no event line
	Data  string // the data line, usually JSON
}

// SSEText renders events as a text/event-stream body.
func SSEText(events ...SSE) string {
	var s strings.Builder
	for _, e := range events {
		if e.Event != "" {
			s.WriteString("event: " + e.Event + "\n")
		}
		s.WriteString("data: " + e.Data + "\n\n")
	}
	return s.String()
}

// Entry is one request and what came of it. Its methods set fields and return the entry, so
// a call reads like the request it describes.
type Entry struct {
	b *Builder

	method, url string
	start       time.Time
	dur, wait   time.Duration

	reqHeaders  []header
	reqCookies  []Cookie
	postMime    string
	postText    *string
	postSize    int64 // declared size when the text was trimmed; 0 = len(text)
	noDefaults  bool
	httpVersion string

	status      int
	statusText  *string
	respHeaders []header
	respCookies []Cookie
	mime        string
	text        *string
	base64      bool
	size        int64 // decoded content size; 0 = len(text)
	redirect    string

	failed   bool   // no response at all
	netError string // Chrome _error, Playwright _failureText, mitmproxy _error

	resourceType string
	fetchSite    string
	initiator    obj
	priority     string
	serverIP     *string
}

// Entry adds a request. It starts 50 ms after the previous entry unless At says otherwise.
func (b *Builder) Entry(method, rawURL string) *Entry {
	e := &Entry{b: b, method: method, url: rawURL, dur: 120 * time.Millisecond}
	if n := len(b.entries); n > 0 {
		e.start = b.entries[n-1].start.Add(50 * time.Millisecond)
	} else {
		e.start = b.pageStart
	}
	b.entries = append(b.entries, e)
	return e
}

// At sets when the request started.
func (e *Entry) At(t time.Time) *Entry { e.start = t; return e }

// After starts the request d after the start of the previous entry.
func (e *Entry) After(d time.Duration) *Entry {
	for i, x := range e.b.entries {
		if x == e && i > 0 {
			e.start = e.b.entries[i-1].start.Add(d)
		}
	}
	return e
}

// Took sets the whole duration of the request, from start to the last byte (or the failure).
func (e *Entry) Took(d time.Duration) *Entry { e.dur = d; return e }

// Wait sets the time to the first byte of the response (default 80% of the duration); a
// stream spends the rest receiving.
func (e *Entry) Wait(d time.Duration) *Entry { e.wait = d; return e }

// Header adds a request header. Browsers' own headers (user agent, sec-fetch-*, …) are
// added by the builder; pass only what the page or client adds.
func (e *Entry) Header(name, value string) *Entry {
	e.reqHeaders = append(e.reqHeaders, header{name, value})
	return e
}

// NoDefaults stops the builder from adding the browser's own request headers.
func (e *Entry) NoDefaults() *Entry { e.noDefaults = true; return e }

// HTTPVersion overrides the protocol the exporter records.
func (e *Entry) HTTPVersion(v string) *Entry { e.httpVersion = v; return e }

// Cookie adds a request cookie: to the cookie list and to the Cookie header, as browsers
// export them.
func (e *Entry) Cookie(c Cookie) *Entry { e.reqCookies = append(e.reqCookies, c); return e }

// Post sets the request body.
func (e *Entry) Post(mimeType, text string) *Entry {
	e.postMime, e.postText = mimeType, &text
	return e
}

// PostSize declares the request body's real size when the fixture keeps only its start
// (a 35 MB upload does not belong in a repository).
func (e *Entry) PostSize(n int64) *Entry { e.postSize = n; return e }

// Status sets the HTTP status of the response.
func (e *Entry) Status(code int) *Entry { e.status = code; return e }

// StatusText overrides the reason phrase the exporter records.
func (e *Entry) StatusText(s string) *Entry { e.statusText = &s; return e }

// RespHeader adds a response header.
func (e *Entry) RespHeader(name, value string) *Entry {
	e.respHeaders = append(e.respHeaders, header{name, value})
	return e
}

// SetCookie adds a Set-Cookie response header and the matching cookie list entry.
func (e *Entry) SetCookie(c Cookie) *Entry {
	v := c.Name + "=" + c.Value
	if c.Path != "" {
		v += "; path=" + c.Path
	}
	if !c.Expires.IsZero() {
		v += "; expires=" + c.Expires.UTC().Format(http.TimeFormat)
	}
	if c.Domain != "" {
		v += "; domain=" + c.Domain
	}
	if c.HTTPOnly {
		v += "; HttpOnly"
	}
	if c.Secure {
		v += "; Secure"
	}
	if c.SameSite != "" {
		v += "; SameSite=" + c.SameSite
	}
	e.respHeaders = append(e.respHeaders, header{"set-cookie", v})
	e.respCookies = append(e.respCookies, c)
	return e
}

// Body sets the response body.
func (e *Entry) Body(mimeType, text string) *Entry {
	e.mime, e.text, e.base64 = mimeType, &text, false
	return e
}

// Base64 sets a binary response body, written base64-encoded as exporters do.
func (e *Entry) Base64(mimeType string, data []byte) *Entry {
	s := base64.StdEncoding.EncodeToString(data)
	e.mime, e.text, e.base64, e.size = mimeType, &s, true, int64(len(data))
	return e
}

// Stream sets a text/event-stream response body.
func (e *Entry) Stream(events ...SSE) *Entry {
	return e.Body("text/event-stream; charset=utf-8", SSEText(events...))
}

// Mime sets the response content type without a body (an export without content).
func (e *Entry) Mime(mimeType string, size int64) *Entry {
	e.mime, e.size = mimeType, size
	return e
}

// Size declares the decoded size of the response body when the text is trimmed or absent.
func (e *Entry) Size(n int64) *Entry { e.size = n; return e }

// Redirect sets the response's redirectURL.
func (e *Entry) Redirect(u string) *Entry { e.redirect = u; return e }

// Fail records a request that got no HTTP answer. Chrome and mitmproxy write status 0 with
// _error, Playwright status -1 with _failureText, Firefox status 0 and no reason: netError
// is dropped for Firefox, as Firefox drops it.
func (e *Entry) Fail(netError string) *Entry {
	e.failed, e.netError = true, netError
	return e
}

// Error records a transport error after the response started (a 200 stream cut with
// net::ERR_INCOMPLETE_CHUNKED_ENCODING, a stream aborted with net::ERR_ABORTED): the status
// and the partial body stay, the reason goes to _error (Chrome) or _failureText (Playwright).
func (e *Entry) Error(netError string) *Entry { e.netError = netError; return e }

// Type sets Chrome's _resourceType: "document", "script", "fetch", "ping", "image", ...
func (e *Entry) Type(resourceType string) *Entry { e.resourceType = resourceType; return e }

// Initiator sets Chrome's _initiator: "other", "parser" (with the document URL) or
// "script" (with the script URL that called fetch).
func (e *Entry) Initiator(kind, from string) *Entry {
	switch kind {
	case "parser":
		e.initiator = obj{{"type", "parser"}, {"url", from}, {"lineNumber", 0}}
	case "script":
		e.initiator = obj{{"type", "script"}, {"stack", obj{{"callFrames", []any{
			obj{{"functionName", ""}, {"scriptId", "88"}, {"url", from}, {"lineNumber", 0}, {"columnNumber", 41233}},
		}}}}}
	default:
		e.initiator = obj{{"type", kind}}
	}
	return e
}

// Site sets the browser's sec-fetch-site ("same-origin" unless told: "cross-site" for
// trackers and for a local app calling the API).
func (e *Entry) Site(s string) *Entry { e.fetchSite = s; return e }

// Priority sets Chrome's _priority.
func (e *Entry) Priority(p string) *Entry { e.priority = p; return e }

// Server sets the address that answered; "" writes an empty serverIPAddress.
func (e *Entry) Server(ip string) *Entry { e.serverIP = &ip; return e }

// Bytes writes the HAR, indented the way its creator indents.
func (b *Builder) Bytes() []byte {
	log := obj{{"version", "1.2"}}
	switch b.creator {
	case Chrome:
		log.set("creator", obj{{"name", "WebInspector"}, {"version", "537.36"}})
	case Firefox:
		log.set("creator", obj{{"name", "Firefox"}, {"version", "133.0"}})
		log.set("browser", obj{{"name", "Firefox"}, {"version", "133.0"}})
	case Playwright:
		log.set("creator", obj{{"name", "Playwright"}, {"version", "1.49.1"}})
		log.set("browser", obj{{"name", "chromium"}, {"version", "131.0.6778.33"}})
	case Proxy:
		log.set("creator", obj{{"name", "mitmproxy"}, {"version", "11.0.2"}, {"comment", ""}})
	}
	log.set("pages", b.pages())
	entries := make([]any, 0, len(b.entries))
	conns := map[string]int{}
	for _, e := range b.entries {
		entries = append(entries, e.render(conns))
	}
	log.set("entries", entries)

	var buf bytes.Buffer
	indent := "  "
	if b.creator == Proxy {
		indent = "    " // Python json.dumps(indent=4)
	}
	writeJSON(&buf, obj{{"log", log}}, indent, 0)
	buf.WriteByte('\n')
	return buf.Bytes()
}

func (b *Builder) pageID() string {
	switch b.creator {
	case Playwright:
		h := sha256.Sum256([]byte(b.seed + "\x00page"))
		return fmt.Sprintf("page@%x", h[:16])
	case Proxy:
		return ""
	}
	return "page_1"
}

func (b *Builder) pages() []any {
	if b.creator == Proxy || b.pageTitle == "" {
		return []any{}
	}
	start := b.pageStart
	if start.IsZero() && len(b.entries) > 0 {
		start = b.entries[0].start
	}
	var onContent, onLoad any
	switch b.creator {
	case Chrome:
		onContent, onLoad = chromeMillis(612300*time.Microsecond), chromeMillis(1187650*time.Microsecond)
	case Firefox:
		onContent, onLoad = 641, 1203
	case Playwright:
		onContent, onLoad = 598, 1166
	}
	return []any{obj{
		{"startedDateTime", b.date(start)},
		{"id", b.pageID()},
		{"title", b.pageTitle},
		{"pageTimings", obj{{"onContentLoad", onContent}, {"onLoad", onLoad}}},
	}}
}

// date writes a start time the way the creator writes dates.
func (b *Builder) date(t time.Time) string {
	switch b.creator {
	case Firefox:
		return t.In(b.zone).Format("2006-01-02T15:04:05.000-07:00")
	case Proxy:
		return t.UTC().Format("2006-01-02T15:04:05.000000-07:00")
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// chromeMillis writes a duration as DevTools does: a double with the noise of the float32
// arithmetic behind it (14.666000031866133).
func chromeMillis(d time.Duration) float64 {
	ms := float64(float32(float64(d)/1e6)) + float64(d%7+1)*1e-12
	return roundTo(ms, 12)
}

func roundTo(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// proxyMillis writes a duration as mitmproxy does: the difference of two epoch-second floats,
// times 1000, with the rounding noise that brings (179.39209938049316).
func proxyMillis(start time.Time, d time.Duration) float64 {
	s := float64(start.UnixMicro()) / 1e6
	e := float64(start.Add(d).UnixMicro()) / 1e6
	return (e - s) * 1000
}

// millis renders a duration in the creator's number format; negative means "not available".
func (e *Entry) millis(d time.Duration) any {
	if d < 0 {
		if e.b.creator == Proxy {
			return pyFloat(-1)
		}
		return -1
	}
	switch e.b.creator {
	case Firefox:
		return int(d.Round(time.Millisecond) / time.Millisecond)
	case Playwright:
		return roundTo(float64(d)/1e6, 3)
	case Proxy:
		return pyFloat(proxyMillis(e.start, d))
	}
	return chromeMillis(d)
}

func (e *Entry) host() string {
	u, err := url.Parse(e.url)
	if err != nil {
		return ""
	}
	return u.Host
}

func (e *Entry) path() string {
	u, err := url.Parse(e.url)
	if err != nil {
		return "/"
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

func (e *Entry) queryString() []any {
	out := []any{}
	u, err := url.Parse(e.url)
	if err != nil || u.RawQuery == "" {
		return out
	}
	for _, kv := range strings.Split(u.RawQuery, "&") {
		name, value, _ := strings.Cut(kv, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if v, err := url.QueryUnescape(value); err == nil {
			value = v
		}
		out = append(out, obj{{"name", name}, {"value", value}})
	}
	return out
}

func (e *Entry) version() string {
	if e.httpVersion != "" {
		return e.httpVersion
	}
	switch e.b.creator {
	case Chrome:
		return "http/2.0"
	case Firefox:
		return "HTTP/2"
	case Playwright:
		return "HTTP/2.0"
	}
	return "HTTP/1.1"
}

func (e *Entry) ip() string {
	if e.serverIP != nil {
		return *e.serverIP
	}
	if e.failed {
		return ""
	}
	return e.b.hostIP[strings.ToLower(e.host())]
}

// requestHeaders returns the headers in the creator's order, with the browser's own.
func (e *Entry) requestHeaders() []header {
	var hs []header
	if !e.noDefaults {
		// The page's own value wins over the browser's default (accept: text/event-stream).
		for _, h := range e.browserHeaders() {
			if !hasHeader(e.reqHeaders, h.name) {
				hs = append(hs, h)
			}
		}
	}
	hs = append(hs, e.reqHeaders...)
	if len(e.reqCookies) > 0 && e.b.creator != Proxy {
		parts := make([]string, len(e.reqCookies))
		for i, c := range e.reqCookies {
			parts[i] = c.Name + "=" + c.Value
		}
		name := "cookie"
		if e.b.creator == Firefox {
			name = "Cookie"
		}
		hs = append(hs, header{name, strings.Join(parts, "; ")})
	}
	if e.b.creator == Chrome || e.b.creator == Playwright {
		// DevTools and Playwright list HTTP/2 headers sorted, pseudo-headers first.
		sort.SliceStable(hs, func(i, j int) bool { return strings.ToLower(hs[i].name) < strings.ToLower(hs[j].name) })
	}
	if e.b.creator == Chrome && e.b.sanitized {
		hs = dropSecretHeaders(hs)
	}
	return hs
}

func dropSecretHeaders(hs []header) []header {
	out := hs[:0:0]
	for _, h := range hs {
		switch strings.ToLower(h.name) {
		case "cookie", "set-cookie", "authorization":
			continue
		}
		out = append(out, h)
	}
	return out
}

const (
	chromeUA     = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	playwrightUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36"
	firefoxUA    = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)

// browserHeaders are the headers a browser adds to every request by itself.
func (e *Entry) browserHeaders() []header {
	dest, mode := "empty", "cors"
	accept := "*/*"
	site := e.fetchSite
	if site == "" {
		site = "same-origin"
	}
	switch e.resourceType {
	case "document":
		dest, mode = "document", "navigate"
		accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
	case "script":
		dest, mode = "script", "no-cors"
	case "stylesheet":
		dest, mode, accept = "style", "no-cors", "text/css,*/*;q=0.1"
	case "image":
		dest, mode, accept = "image", "no-cors", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
	case "font":
		dest = "font"
	case "ping":
		mode = "no-cors"
	}
	switch e.b.creator {
	case Chrome, Playwright:
		ua, platform := chromeUA, `"macOS"`
		if e.b.creator == Playwright {
			ua, platform = playwrightUA, `"Linux"`
		}
		hs := []header{
			{":authority", e.host()}, {":method", e.method}, {":path", e.path()}, {":scheme", "https"},
			{"accept", accept}, {"accept-encoding", "gzip, deflate, br, zstd"}, {"accept-language", "en-US,en;q=0.9"},
			{"sec-ch-ua", `"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"`},
			{"sec-ch-ua-mobile", "?0"}, {"sec-ch-ua-platform", platform},
			{"sec-fetch-dest", dest}, {"sec-fetch-mode", mode}, {"sec-fetch-site", site},
			{"user-agent", ua},
		}
		if strings.HasPrefix(e.url, "http://") {
			hs = hs[4:] // HTTP/1.1 to a local server: no pseudo-headers
			hs = append(hs, header{"Host", e.host()}, header{"Connection", "keep-alive"})
		}
		return hs
	case Firefox:
		if e.resourceType == "document" {
			accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
		}
		return []header{
			{"Host", e.host()}, {"User-Agent", firefoxUA}, {"Accept", accept},
			{"Accept-Language", "en-US,en;q=0.5"}, {"Accept-Encoding", "gzip, deflate, br, zstd"},
			{"Sec-Fetch-Dest", dest}, {"Sec-Fetch-Mode", mode}, {"Sec-Fetch-Site", site},
		}
	}
	return nil
}

func headerList(hs []header) []any {
	out := make([]any, 0, len(hs))
	for _, h := range hs {
		out = append(out, obj{{"name", h.name}, {"value", h.value}})
	}
	return out
}

func (e *Entry) cookieList(cs []Cookie) []any {
	out := []any{}
	if e.b.creator == Chrome && e.b.sanitized {
		return out
	}
	for _, c := range cs {
		o := obj{{"name", c.Name}, {"value", c.Value}}
		if c.Path != "" {
			o.set("path", c.Path)
		}
		if c.Domain != "" {
			o.set("domain", c.Domain)
		}
		if !c.Expires.IsZero() {
			o.set("expires", c.Expires.UTC().Format("2006-01-02T15:04:05.000Z"))
		}
		o.set("httpOnly", c.HTTPOnly)
		o.set("secure", c.Secure)
		if c.SameSite != "" {
			o.set("sameSite", c.SameSite)
		}
		out = append(out, o)
	}
	return out
}

func headersSize(firstLine string, hs []header) int {
	n := len(firstLine) + 2
	for _, h := range hs {
		n += len(h.name) + 2 + len(h.value) + 2
	}
	return n + 2
}

func (e *Entry) request() obj {
	hs := e.requestHeaders()
	bodySize := int64(0)
	if e.postText != nil {
		bodySize = int64(len(*e.postText))
		if e.postSize > 0 {
			bodySize = e.postSize
		}
	}
	hsize := -1
	if e.b.creator == Firefox || e.b.creator == Proxy || strings.HasPrefix(e.url, "http://") {
		hsize = headersSize(e.method+" "+e.path()+" "+e.version(), hs)
	}
	var post obj
	if e.postText != nil {
		switch e.b.creator {
		case Chrome, Proxy:
			post = obj{{"mimeType", e.postMime}, {"text", *e.postText}}
		default:
			post = obj{{"mimeType", e.postMime}, {"params", []any{}}, {"text", *e.postText}}
		}
	}
	var r obj
	switch e.b.creator {
	case Firefox:
		r = obj{{"bodySize", bodySize}, {"method", e.method}, {"url", e.url}, {"httpVersion", e.version()},
			{"headers", headerList(hs)}, {"cookies", e.cookieList(e.reqCookies)}, {"queryString", e.queryString()}}
		if post != nil {
			r.set("postData", post)
		}
		r.set("headersSize", hsize)
	case Chrome:
		r = obj{{"method", e.method}, {"url", e.url}, {"httpVersion", e.version()}, {"headers", headerList(hs)},
			{"queryString", e.queryString()}, {"cookies", e.cookieList(e.reqCookies)},
			{"headersSize", hsize}, {"bodySize", bodySize}}
		if post != nil {
			r.set("postData", post)
		}
	default: // Playwright, mitmproxy
		r = obj{{"method", e.method}, {"url", e.url}, {"httpVersion", e.version()},
			{"cookies", e.cookieList(e.reqCookies)}, {"headers", headerList(hs)}, {"queryString", e.queryString()}}
		if post != nil {
			r.set("postData", post)
		}
		r.set("headersSize", hsize)
		r.set("bodySize", bodySize)
	}
	return r
}

func (e *Entry) bodyLen() int64 {
	if e.size > 0 {
		return e.size
	}
	if e.text != nil {
		return int64(len(*e.text))
	}
	return 0
}

// respHeaderList adds the headers every server sends (date) in front of the caller's.
func (e *Entry) responseHeaders() []header {
	date := e.start.Add(e.waitTime()).UTC().Format(http.TimeFormat)
	hs := []header{{"date", date}}
	if e.mime != "" && !hasHeader(e.respHeaders, "content-type") {
		hs = append(hs, header{"content-type", e.mime})
	}
	hs = append(hs, e.respHeaders...)
	if e.b.creator == Chrome || e.b.creator == Playwright {
		sort.SliceStable(hs, func(i, j int) bool { return hs[i].name < hs[j].name })
	}
	if e.b.creator == Chrome && e.b.sanitized {
		hs = dropSecretHeaders(hs)
	}
	return hs
}

func hasHeader(hs []header, name string) bool {
	for _, h := range hs {
		if strings.EqualFold(h.name, name) {
			return true
		}
	}
	return false
}

func (e *Entry) statusLine() string {
	if e.statusText != nil {
		return *e.statusText
	}
	// HTTP/2 has no reason phrase; exporters write "" for it, and Firefox fills it in.
	if e.version() == "HTTP/1.1" || e.version() == "http/1.1" || e.b.creator == Firefox {
		return http.StatusText(e.status)
	}
	return ""
}

func (e *Entry) response() obj {
	if e.failed {
		return e.failedResponse()
	}
	hs := e.responseHeaders()
	content := obj{{"size", e.bodyLen()}, {"mimeType", e.mime}}
	if e.b.creator == Firefox {
		content = obj{{"mimeType", e.mime}, {"size", e.bodyLen()}}
	}
	if e.b.creator == Proxy || e.b.creator == Playwright {
		content = obj{{"size", e.bodyLen()}, {"compression", 0}, {"mimeType", e.mime}}
	}
	if e.text != nil {
		content.set("text", *e.text)
		if e.base64 {
			content.set("encoding", "base64")
		}
	} else if e.b.creator == Firefox && e.mime != "" {
		content.set("comment", "Response bodies are not included.")
	}
	hsize := -1
	if e.b.creator == Firefox || e.b.creator == Proxy || e.b.creator == Playwright {
		hsize = headersSize(e.version()+" "+strconv.Itoa(e.status)+" "+e.statusLine(), hs)
	}
	transfer := int64(0)
	if e.status > 0 {
		transfer = e.bodyLen()/3 + 180 + int64(len(hs))*24
		if e.base64 {
			transfer = e.bodyLen() + 180 + int64(len(hs))*24
		}
	}
	bodySize := transfer - int64(max(hsize, 0))
	r := obj{{"status", e.status}, {"statusText", e.statusLine()}, {"httpVersion", e.version()}}
	switch e.b.creator {
	case Chrome:
		r.set("headers", headerList(hs))
		r.set("cookies", e.cookieList(e.respCookies))
		r.set("content", content)
		r.set("redirectURL", e.redirect)
		r.set("headersSize", -1)
		r.set("bodySize", -1)
		r.set("_transferSize", transfer)
		if e.netError != "" {
			r.set("_error", e.netError)
		} else {
			r.set("_error", nil)
		}
	case Firefox:
		r.set("headers", headerList(hs))
		r.set("cookies", e.cookieList(e.respCookies))
		r.set("content", content)
		r.set("redirectURL", e.redirect)
		r.set("headersSize", hsize)
		r.set("bodySize", bodySize)
	case Playwright:
		r.set("cookies", e.cookieList(e.respCookies))
		r.set("headers", headerList(hs))
		r.set("content", content)
		r.set("headersSize", hsize)
		r.set("bodySize", bodySize)
		r.set("redirectURL", e.redirect)
		r.set("_transferSize", transfer)
		if e.netError != "" {
			r.set("_failureText", e.netError)
		}
	case Proxy:
		r.set("cookies", e.cookieList(e.respCookies))
		r.set("headers", headerList(hs))
		r.set("content", content)
		r.set("redirectURL", e.redirect)
		r.set("headersSize", hsize)
		r.set("bodySize", e.bodyLen())
		if e.netError != "" {
			r.set("_error", e.netError)
		}
	}
	return r
}

// failedResponse is the answer-less response each exporter writes for a request that failed.
func (e *Entry) failedResponse() obj {
	switch e.b.creator {
	case Firefox:
		return obj{{"status", 0}, {"statusText", ""}, {"httpVersion", ""}, {"headers", []any{}}, {"cookies", []any{}},
			{"content", obj{{"mimeType", "text/plain"}, {"size", 0}, {"encoding", "base64"}, {"text", ""}}},
			{"redirectURL", ""}, {"headersSize", -1}, {"bodySize", -1}}
	case Playwright:
		return obj{{"status", -1}, {"statusText", ""}, {"httpVersion", e.version()}, {"cookies", []any{}}, {"headers", []any{}},
			{"content", obj{{"size", -1}, {"mimeType", "x-unknown"}}}, {"headersSize", -1}, {"bodySize", -1},
			{"redirectURL", ""}, {"_transferSize", -1}, {"_failureText", e.netError}}
	case Proxy:
		return obj{{"status", 0}, {"statusText", ""}, {"httpVersion", ""}, {"headers", []any{}}, {"cookies", []any{}},
			{"content", obj{}}, {"redirectURL", ""}, {"headersSize", -1}, {"bodySize", -1},
			{"_transferSize", 0}, {"_error", e.netError}}
	}
	var reason any
	if e.netError != "" {
		reason = e.netError
	}
	return obj{{"status", 0}, {"statusText", ""}, {"httpVersion", ""}, {"headers", []any{}}, {"cookies", []any{}},
		{"content", obj{{"size", 0}, {"mimeType", "x-unknown"}}}, {"redirectURL", ""},
		{"headersSize", -1}, {"bodySize", -1}, {"_transferSize", 0}, {"_error", reason}}
}

func (e *Entry) waitTime() time.Duration {
	if e.wait > 0 {
		return e.wait
	}
	return e.dur * 4 / 5
}

// timings splits the duration the way HAR wants: blocked + dns + connect + send + wait +
// receive = time, with ssl inside connect and -1 for phases that did not happen.
func (e *Entry) timings(fresh bool) (obj, any) {
	c := e.b.creator
	if e.failed {
		switch c {
		case Playwright:
			return obj{{"dns", -1}, {"connect", -1}, {"ssl", -1}, {"send", -1}, {"wait", -1}, {"receive", -1}}, -1
		case Firefox:
			return obj{{"blocked", 0}, {"dns", 0}, {"connect", 0}, {"ssl", 0}, {"send", 0}, {"wait", 0}, {"receive", 0}}, 0
		case Proxy:
			return obj{{"connect", pyFloat(-1)}, {"ssl", pyFloat(-1)}, {"send", e.millis(e.dur)}, {"receive", 0}, {"wait", 0}}, e.millis(e.dur)
		}
		return obj{{"blocked", e.millis(e.dur)}, {"dns", -1}, {"ssl", -1}, {"connect", -1}, {"send", 0}, {"wait", 0},
			{"receive", 0}, {"_blocked_queueing", -1}}, e.millis(e.dur)
	}
	blocked := 1800 * time.Microsecond
	dns, connect, ssl := time.Duration(-1), time.Duration(-1), time.Duration(-1)
	if fresh {
		dns, ssl = 11200*time.Microsecond, 23900*time.Microsecond
		connect = ssl + 14300*time.Microsecond
	}
	send := 210 * time.Microsecond
	wait := e.waitTime()
	fixed := blocked + max(dns, 0) + max(connect, 0) + send
	if wait+fixed > e.dur {
		wait = max(e.dur-fixed, 0)
	}
	receive := max(e.dur-fixed-wait, 0)
	total := fixed + wait + receive
	switch c {
	case Firefox:
		t := obj{{"blocked", e.millis(blocked)}, {"dns", e.millis(max(dns, 0))}, {"connect", e.millis(max(connect, 0))},
			{"ssl", e.millis(max(ssl, 0))}, {"send", e.millis(send)}, {"wait", e.millis(wait)}, {"receive", e.millis(receive)}}
		sum := 0
		for _, f := range t {
			if f.key != "ssl" {
				sum += f.value.(int)
			}
		}
		return t, sum
	case Playwright:
		return obj{{"dns", e.millis(dns)}, {"connect", e.millis(connect)}, {"ssl", e.millis(ssl)},
			{"send", e.millis(send)}, {"wait", e.millis(wait)}, {"receive", e.millis(receive)}}, e.millis(total)
	case Proxy:
		return obj{{"connect", e.millis(connect)}, {"ssl", e.millis(ssl)}, {"send", e.millis(send)},
			{"receive", e.millis(receive)}, {"wait", e.millis(wait)}}, e.millis(total)
	}
	return obj{{"blocked", e.millis(blocked)}, {"dns", e.millis(dns)}, {"ssl", e.millis(ssl)}, {"connect", e.millis(connect)},
		{"send", e.millis(send)}, {"wait", e.millis(wait)}, {"receive", e.millis(receive)},
		{"_blocked_queueing", e.millis(blocked * 3 / 5)}}, e.millis(total)
}

func (e *Entry) render(conns map[string]int) obj {
	host := strings.ToLower(e.host())
	_, seen := conns[host]
	if !seen && !e.failed {
		conns[host] = 400000 + len(conns)*37 + 1
	}
	timings, total := e.timings(!seen)
	connection := ""
	if id, ok := conns[host]; ok && !e.failed {
		connection = strconv.Itoa(id)
	}
	pageref := e.b.pageID()
	switch e.b.creator {
	case Firefox:
		o := obj{}
		if e.b.pageTitle != "" {
			o.set("pageref", pageref)
		}
		o.set("startedDateTime", e.b.date(e.start))
		o.set("request", e.request())
		o.set("response", e.response())
		o.set("cache", obj{})
		o.set("timings", timings)
		o.set("time", total)
		if !e.failed {
			o.set("_securityState", "secure")
			o.set("serverIPAddress", e.ip())
			o.set("connection", "443")
		}
		return o
	case Playwright:
		mono := roundTo(float64(e.start.Sub(e.b.pageStart))/1e6+88230411.217, 3)
		o := obj{{"_frameref", "frame@" + strings.TrimPrefix(pageref, "page@")[:16] + "2f6f9bb4f1c0e7d3"},
			{"_monotonicTime", mono}, {"startedDateTime", e.b.date(e.start)}, {"time", total},
			{"request", e.request()}, {"response", e.response()},
			{"cache", obj{{"beforeRequest", nil}, {"afterRequest", nil}}}, {"timings", timings}}
		if e.b.pageTitle != "" {
			o.set("pageref", pageref)
		}
		if !e.failed {
			o.set("serverIPAddress", e.ip())
			o.set("_serverPort", 443)
		}
		return o
	case Proxy:
		o := obj{{"startedDateTime", e.b.date(e.start)}, {"time", total}, {"request", e.request()},
			{"response", e.response()}, {"cache", obj{}}, {"timings", timings}}
		if ip := e.ip(); ip != "" {
			o.set("serverIPAddress", ip)
		}
		return o
	}
	rt := e.resourceType
	if rt == "" {
		rt = "fetch"
	}
	init := e.initiator
	if init == nil {
		init = obj{{"type", "other"}}
	}
	prio := e.priority
	if prio == "" {
		prio = defaultPriority(rt)
	}
	o := obj{{"_initiator", init}, {"_priority", prio}, {"_resourceType", rt}, {"cache", obj{}}}
	if connection != "" {
		o.set("connection", connection)
	}
	if e.b.pageTitle != "" {
		o.set("pageref", pageref)
	}
	o.set("request", e.request())
	o.set("response", e.response())
	o.set("serverIPAddress", e.ip())
	o.set("startedDateTime", e.b.date(e.start))
	o.set("time", total)
	o.set("timings", timings)
	return o
}

func defaultPriority(resourceType string) string {
	switch resourceType {
	case "document", "stylesheet", "font":
		return "VeryHigh"
	case "script", "fetch", "xhr":
		return "High"
	case "ping":
		return "VeryLow"
	}
	return "Low"
}
