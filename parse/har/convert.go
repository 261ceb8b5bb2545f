package har

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/errbody"
	"github.com/claudelog/claudelog/parse/redact"
)

// maxBody bounds the part of a response body handed to errbody: an error body fits many
// times over, and an event stream is read as its first and last maxBody bytes.
const maxBody = 64 << 10

// noReason is the Detail of an unanswered request whose exporter wrote no reason (Firefox,
// mitmproxy's incomplete flows, Playwright without _failureText). Never guess one.
const noReason = "no response; the exporter recorded no reason"

// converter turns entries into events. It keeps what repeats from entry to entry.
type converter struct {
	dialect string
	lastUA  string // the user agent last summarised, and its summary: browsers send one UA
	lastCl  string
	bodyBuf []byte // reused buffer for decoded bodies
	// kept remembers kept headers already scrubbed: the same origin, server and
	// content-type come with every entry, and redaction is the costliest step for them.
	kept map[[2]string]model.Header
	urls map[string]urlTarget // network URLs already read (cachedURL)
}

// maxKeptCache bounds the kept-header cache; it starts over when full.
const maxKeptCache = 1024

// keptHeader is keptHeader through the cache. Headers whose value is new with every
// response (an id, a ray, a timing) are not cached: they would only push out the ones that
// repeat, and refill the map every few hundred entries.
func (c *converter) keptHeader(name, value string) model.Header {
	if uniqueHeader(name) {
		return keptHeader(name, value)
	}
	k := [2]string{name, value}
	if h, ok := c.kept[k]; ok {
		return h
	}
	if c.kept == nil {
		c.kept = make(map[[2]string]model.Header)
	} else if len(c.kept) >= maxKeptCache {
		clear(c.kept) // keeps the table: starting over costs no growth
	}
	h := keptHeader(name, value)
	c.kept[k] = h
	return h
}

// uniqueHeader reports whether a kept header's value differs from response to response.
func uniqueHeader(name string) bool {
	switch name {
	case "request-id", "x-request-id", "cf-ray", "x-amzn-requestid", "x-envoy-upstream-service-time", "content-length":
		return true
	}
	return false
}

// convert fills ev (whose Source is set) from e. warn reports a problem with this entry.
func (c *converter) convert(e *Entry, ev *model.Event, warn func(string)) {
	ev.Format = model.FormatHAR
	ev.Dialect = c.dialect
	c.checkNumbers(e, warn)

	for _, l := range []struct {
		name string
		over bool
	}{{"request", e.Request.HeadersOver}, {"response", e.Response.HeadersOver}} {
		if l.over {
			warn(fmt.Sprintf("%s.headers holds more than %d of the headers claudelog reads; the rest are left out", l.name, maxHeaders))
		}
	}

	ev.Time = e.StartedDateTime.T
	if e.StartedDateTime.Bad != "" {
		warn(fmt.Sprintf("startedDateTime %s is not a date; the entry has no time", e.StartedDateTime.Bad))
	}

	network := c.target(e, ev)
	c.status(e, ev, network, warn)
	c.headers(e, ev)
	c.sizes(e, ev)
	c.client(e, ev)
	ev.ResourceType = model.Clip(strings.ToLower(e.ResourceType.S), 32)
	ev.ServerIP = serverIP(e.ServerIPAddress.S)
	if network {
		c.body(e, ev, warn)
	}
	if ev.ErrorCode == "" && ev.Status >= 400 {
		// Bedrock names its error in a header: "ThrottlingException:http://internal.amazon.com/...".
		code, _, _ := strings.Cut(headerValue(e.Response.Headers, "x-amzn-errortype"), ":")
		ev.ErrorCode = model.Clip(strings.TrimSpace(code), 128)
	}
}

// target fills Method, Host, Path and Platform. It reports false for entries that never
// touched the network (data:, blob:, about: URLs).
func (c *converter) target(e *Entry, ev *model.Event) bool {
	ev.Method = model.Clip(strings.ToUpper(strings.TrimSpace(e.Request.Method.S)), 16)
	raw := strings.TrimSpace(stripCut(e.Request.URL))
	scheme, rest, found := strings.Cut(raw, ":")
	scheme = strings.ToLower(scheme)
	if found && !strings.HasPrefix(rest, "//") && isLocalScheme(scheme) {
		// Only the scheme and media type: the payload of a data: URL is content.
		media, _, _ := strings.Cut(rest, ",")
		media, _, _ = strings.Cut(media, ";")
		ev.Path = model.Clip(scheme+":"+redact.Text(media), 64)
		ev.Platform = model.PlatformOther
		return false
	}
	t := c.cachedURL(raw)
	ev.Host, ev.Path, ev.Platform = t.host, t.path, t.platform
	return true
}

// urlTarget is what target reads from a network URL: its host, redacted path and platform.
type urlTarget struct {
	host, path string
	platform   model.Platform
}

// maxURLCache bounds the URL cache, and maxCachedURL the length of a URL kept in it.
const (
	maxURLCache  = 1024
	maxCachedURL = 2048
)

// cachedURL reads a network URL through a cache: a session calls the same few URLs again and
// again, and parsing and redacting the path is a pure function of the URL.
func (c *converter) cachedURL(raw string) urlTarget {
	if t, ok := c.urls[raw]; ok {
		return t
	}
	t := readURL(raw)
	if len(raw) > maxCachedURL {
		return t
	}
	if c.urls == nil {
		c.urls = make(map[string]urlTarget)
	} else if len(c.urls) >= maxURLCache {
		clear(c.urls)
	}
	c.urls[raw] = t
	return t
}

// readURL is cachedURL without the cache.
func readURL(raw string) urlTarget {
	host, path := splitURL(raw)
	var t urlTarget
	t.host = model.Clip(strings.ToLower(host), 255)
	t.path = model.Clip(redact.Text(path), 512)
	t.platform = model.PlatformOf(t.host)
	return t
}

func isLocalScheme(s string) bool {
	switch s {
	case "data", "blob", "about", "javascript", "chrome", "chrome-extension", "moz-extension",
		"safari-extension", "file", "filesystem":
		return true
	}
	return false
}

// splitURL returns host and path, with no user info, query or fragment, even for URLs that
// url.Parse rejects (spaces, bad escapes).
func splitURL(raw string) (host, path string) {
	if u, err := url.Parse(raw); err == nil && (u.Host != "" || u.Path != "") {
		path = u.EscapedPath()
		if path == "" && u.Host != "" {
			path = "/"
		}
		return u.Host, path
	}
	s := raw
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		host, path, _ = strings.Cut(s, "/")
		if j := strings.LastIndexByte(host, '@'); j >= 0 {
			host = host[j+1:]
		}
		return host, "/" + path
	}
	return "", s
}

// status fills Status, NoResponse, NetError, Truncated and Detail from the response status
// and the exporters' failure fields.
func (c *converter) status(e *Entry, ev *model.Event, network bool, warn func(string)) {
	resp := &e.Response
	reason := resp.Error.Text()
	if reason == "" {
		reason = strings.TrimSpace(resp.FailureText.S)
	}
	reason = model.Clip(redact.Text(reason), model.MaxMessage)

	code, known := resp.Status.Int()
	switch {
	case !network:
		// A data: URL's status is the exporter's invention (200, or 1 in old tools).
	case !known:
		// No status, or an unreadable one (warned about): say nothing about an answer.
		ev.NetError = reason
	case code >= 100 && code <= 599:
		ev.Status = int(code)
		if reason != "" {
			// The answer started and then the transport failed: the body is cut.
			ev.NetError, ev.Truncated = reason, true
		}
	case code == 0 || code == -1:
		ev.NoResponse = true
		ev.NetError = reason
		if reason == "" {
			ev.Detail = noReason
		}
	default:
		warn(fmt.Sprintf("response.status %d is not an HTTP status; the entry is read without one", code))
		ev.NetError = reason
	}
}

// headers keeps the response headers redact allows, and the SDK's request headers that say
// which attempt this was; then reads request id, retry hint and edge from them. Of an
// idempotency key, which names the call across its attempts, it keeps only the digest.
func (c *converter) headers(e *Entry, ev *model.Event) {
	var kept []model.Header
	var date string
	for _, h := range e.Response.Headers {
		name := strings.ToLower(strings.TrimSpace(h.Name))
		if name == "date" {
			date = h.Value
		}
		if redact.KeptHeader(name) {
			kept = append(kept, c.keptHeader(name, h.Value))
		}
	}
	// From the request, only what says who called and how: a request's content-type or
	// content-length would read as the response's.
	for _, h := range e.Request.Headers {
		name := strings.ToLower(strings.TrimSpace(h.Name))
		if ev.KeyDigest == 0 && (name == "idempotency-key" || name == "x-idempotency-key") {
			ev.KeyDigest = keyDigest(stripCut(h.Value)) // never kept: only its digest
			continue
		}
		if !strings.HasPrefix(name, "x-stainless-") && !strings.HasPrefix(name, "anthropic-") &&
			name != "x-app" && name != "origin" && name != "user-agent" {
			continue
		}
		if redact.KeptHeader(name) && !hasHeader(kept, name) {
			kept = append(kept, c.keptHeader(name, h.Value))
		}
	}
	ev.Headers = kept

	ev.RequestID = model.Clip(redact.Text(headerValue(e.Response.Headers, "request-id")), 128)
	ev.RetryAfter = retryAfter(e.Response.Headers, date, ev.Time)
	ev.Edge = edge(headerValue(e.Response.Headers, "cf-ray"))
	// Most entries have no retry count: Atoi("") would allocate its error for each.
	if v := headerValue(e.Request.Headers, "x-stainless-retry-count"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 1<<20 {
			ev.Attempt = n + 1
		}
	}
}

// keptHeader bounds a kept header's value and scrubs it all the same: kept names are not
// secret, but a Location or Origin URL can carry a token in its query.
func keptHeader(name, value string) model.Header {
	value = strings.TrimSpace(stripCut(value))
	if name == "location" || name == "origin" {
		value = redact.URL(value)
	} else {
		value = redact.Text(value)
	}
	return model.Header{Name: name, Value: model.Clip(value, model.MaxMessage)}
}

func hasHeader(hs []model.Header, name string) bool {
	for _, h := range hs {
		if h.Name == name {
			return true
		}
	}
	return false
}

// retryAfter reads retry-after-ms, then retry-after (seconds or an HTTP date, measured from
// the response's Date header, else from the request's start).
func retryAfter(hs []harHeader, date string, start time.Time) time.Duration {
	if v := headerValue(hs, "retry-after-ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && ms < math.MaxInt64/1e6 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := headerValue(hs, "retry-after")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s < 0 || s > math.MaxInt64/1e9 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	ref := start
	if d, err := http.ParseTime(date); err == nil {
		ref = d
	}
	if ref.IsZero() || !at.After(ref) {
		return 0
	}
	return at.Sub(ref)
}

// edge is the Cloudflare location in a cf-ray header: "8f1c2a3b4c5d6e7f-FRA" → "FRA".
func edge(ray string) string {
	i := strings.LastIndexByte(ray, '-')
	if i < 0 {
		return ""
	}
	loc := strings.TrimSpace(ray[i+1:])
	if len(loc) < 2 || len(loc) > 5 {
		return ""
	}
	for _, r := range loc {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return strings.ToUpper(loc)
}

// sizes fills RequestBytes, ResponseBytes and Duration, and the body's digest; 0 stays "not
// known".
func (c *converter) sizes(e *Entry, ev *model.Event) {
	if n, ok := e.Request.BodySize.Int(); ok && n > 0 {
		ev.RequestBytes = n
	} else if pd := e.Request.PostData; pd != nil && pd.Text.Len > 0 {
		ev.RequestBytes = pd.Text.Len
	}
	if pd := e.Request.PostData; pd != nil {
		ev.BodyDigest = pd.Text.Digest
	}
	for _, n := range []Num{e.Response.Content.Size, e.Response.TransferSize, e.Response.BodySize} {
		if v, ok := n.Int(); ok && v > 0 {
			ev.ResponseBytes = v
			break
		}
	}
	if e.Time.Valid && e.Time.Value > 0 && e.Time.Value < float64(math.MaxInt64/int64(time.Millisecond)) {
		ev.Duration = time.Duration(e.Time.Value * float64(time.Millisecond))
	}
}

// client summarises who called: the SDK from its x-stainless headers, else the user agent.
func (c *converter) client(e *Entry, ev *model.Event) {
	hs := e.Request.Headers
	ua := headerValue(hs, "user-agent")
	if lang := headerValue(hs, "x-stainless-lang"); lang != "" && !strings.HasPrefix(strings.ToLower(ua), "claude-cli/") {
		name := sdkName(lang)
		if v := headerValue(hs, "x-stainless-package-version"); v != "" {
			name += " " + v
		}
		ev.Client = model.Clip(redact.Text(name), 64)
		return
	}
	if ua == "" {
		return
	}
	if ua != c.lastUA {
		c.lastUA, c.lastCl = ua, model.Clip(redact.Text(clientOf(ua)), 64)
	}
	ev.Client = c.lastCl
}

// body reads the response body when it can say why a call failed: error statuses, event
// streams (an error can follow a 200), and failed calls to Claude with a JSON or HTML body.
func (c *converter) body(e *Entry, ev *model.Event, warn func(string)) {
	ct := &e.Response.Content
	if ct.Text.Bad {
		warn("response.content.text is not text; read as empty")
	}
	if ct.Text.Empty() {
		return
	}
	mime := strings.ToLower(ct.MimeType.S)
	if mime == "" {
		mime = strings.ToLower(headerValue(e.Response.Headers, "content-type"))
	}
	stream := strings.Contains(mime, "event-stream")
	structured := strings.Contains(mime, "json") || strings.Contains(mime, "html")
	if !stream && ev.Status < 400 && !(ev.Platform.Claude() && ev.Failed() && structured) {
		return
	}
	head, tail, cut, endKept := c.decodeBody(ct, warn)
	if stream {
		si := errbody.Stream(joinEnds(head, tail))
		c.fromStream(ev, si, endKept)
	} else {
		if len(head) > maxBody {
			head = head[:maxBody]
		}
		if info, ok := errbody.Parse(head); ok {
			fill(ev, info, conversational(ev))
		}
	}
	if cut > 0 && ev.Failed() && ev.Message == "" && ev.Detail == "" {
		ev.Detail = fmt.Sprintf("claudelog read the first %d KiB and the last %d KiB of this %d-byte body",
			maxString>>10, keepTail>>10, cut)
	}
}

// decodeBody returns the body text (base64-decoded when so encoded) as a head and, for long
// bodies, a tail; total is the length as written when the reader's string limit cut it.
// Plain text is copied only as far as joinEnds will look.
func (c *converter) decodeBody(ct *Content, warn func(string)) (head, tail []byte, total int64, endKept bool) {
	h, t, total := ct.Text.Head, ct.Text.Tail, ct.Text.Total
	if !strings.EqualFold(strings.TrimSpace(ct.Encoding.S), "base64") {
		if total == 0 && len(h) > 2*maxBody {
			h, t = h[:maxBody], h[len(h)-maxBody:]
		}
		if len(h) > 2*maxBody {
			h = h[:maxBody]
		}
		if len(t) > maxBody {
			t = t[len(t)-maxBody:]
		}
		return h, t, total, true
	}
	// A cut base64 tail cannot be aligned reliably: only the head is decoded.
	c.bodyBuf = c.bodyBuf[:0]
	// The unpadded length bounds every variant; the padded one is too small for "QQ".
	need := base64.RawStdEncoding.DecodedLen(len(h))
	buf := c.bodyBuf[:cap(c.bodyBuf)]
	if len(buf) < need {
		buf = make([]byte, need)
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		n, err := enc.Decode(buf, h)
		if err == nil || total > 0 { // a cut head may end mid-quantum: keep what decoded
			c.bodyBuf = buf[:n]
			return c.bodyBuf, nil, total, total == 0
		}
	}
	warn("content.text is marked base64 but is not valid base64; read as plain text")
	return h, nil, total, total == 0
}

// joinEnds gives an event-stream scanner the first and last maxBody bytes of a stream; the
// partial events at the seam are noise a scanner skips.
func joinEnds(head, tail []byte) []byte {
	if len(tail) == 0 && len(head) <= 2*maxBody {
		return head
	}
	if len(tail) == 0 {
		head, tail = head[:maxBody], head[len(head)-maxBody:]
	}
	if len(head) > maxBody {
		head = head[:maxBody]
	}
	if len(tail) > maxBody {
		tail = tail[len(tail)-maxBody:]
	}
	out := make([]byte, 0, len(head)+2+len(tail))
	out = append(out, head...)
	out = append(out, "\n\n"...)
	return append(out, tail...)
}

// fromStream fills the event from what an event stream says.
func (c *converter) fromStream(ev *model.Event, si errbody.StreamInfo, endKept bool) {
	if si.HasError {
		if ev.Status >= 200 && ev.Status < 300 {
			ev.InStream = true
		}
		fill(ev, si.Error, conversational(ev))
	}
	if si.HasLimit && si.Limit.Type == "exceeded_limit" {
		if ev.ErrorType == "" {
			ev.ErrorType = "exceeded_limit"
		}
		ev.LimitClaim = model.Clip(si.Limit.Claim, 64)
		ev.ResetsAt = si.Limit.ResetsAt
	}
	// A Claude stream always ends with message_stop or an error; one that began and has
	// neither was cut in transit. Bodies claudelog cut itself keep their end (endKept),
	// except base64 ones, whose tail cannot be decoded: those say nothing either way.
	if endKept && ev.Platform.Claude() && ev.Status >= 200 && ev.Status < 300 && si.Started && !si.Complete && !si.HasError {
		ev.Truncated = true
	}
}

// conversationPaths are the paths whose bodies carry prompts and answers on any host: an
// API gateway's /v1/messages is as private as Anthropic's.
var conversationPaths = []string{"/v1/messages", "/v1/complete", "/chat/completions", "/completion", "chat_conversations", "/conversations"}

// conversational reports whether the call's bodies hold conversation text: a call to a
// Claude host, or to a conversation path on any host.
func conversational(ev *model.Event) bool {
	if ev.Platform.Claude() {
		return true
	}
	for _, p := range conversationPaths {
		if strings.Contains(ev.Path, p) {
			return true
		}
	}
	return false
}

// fill copies an error body's fields into the event; the request-id header wins. On a
// conversational call (conv) that got no HTTP error status, a message is taken only from
// an error object, one with an error type or code: the body of a 200 or of an unanswered
// request is the conversation itself (cut in transit, or a reply whose top level has a
// "message"), and its first line would carry the chat's title or the prompt into every
// report. An error status's body is what the server said, and is read as before.
func fill(ev *model.Event, info errbody.Info, conv bool) {
	if ev.ErrorType == "" {
		ev.ErrorType = model.Clip(info.Type, 128)
	}
	if ev.ErrorCode == "" {
		ev.ErrorCode = model.Clip(info.Code, 128)
	}
	if ev.RequestID == "" {
		ev.RequestID = model.Clip(info.RequestID, 128)
	}
	if info.Claim != "" && ev.LimitClaim == "" {
		ev.LimitClaim = model.Clip(info.Claim, 64)
	}
	if !info.ResetsAt.IsZero() && ev.ResetsAt.IsZero() {
		ev.ResetsAt = info.ResetsAt
	}
	if info.Shape == "html" {
		if info.Message != "" {
			ev.Detail = model.Clip(info.Message, model.MaxMessage)
		}
		return
	}
	if conv && ev.Status < 400 && info.Type == "" && info.Code == "" {
		return
	}
	if ev.Message == "" {
		ev.Message = model.Clip(info.Message, model.MaxMessage)
	}
}

// checkNumbers warns about numbers that were present but unreadable.
func (c *converter) checkNumbers(e *Entry, warn func(string)) {
	for _, f := range []struct {
		name string
		n    *Num
	}{
		{"time", &e.Time},
		{"request.bodySize", &e.Request.BodySize},
		{"request.headersSize", &e.Request.HeadersSize},
		{"response.status", &e.Response.Status},
		{"response.bodySize", &e.Response.BodySize},
		{"response.headersSize", &e.Response.HeadersSize},
		{"response._transferSize", &e.Response.TransferSize},
		{"response.content.size", &e.Response.Content.Size},
		{"timings.blocked", &e.Timings.Blocked},
		{"timings.dns", &e.Timings.DNS},
		{"timings.connect", &e.Timings.Connect},
		{"timings.send", &e.Timings.Send},
		{"timings.wait", &e.Timings.Wait},
		{"timings.receive", &e.Timings.Receive},
		{"timings.ssl", &e.Timings.SSL},
	} {
		if f.n.Bad != "" {
			warn(fmt.Sprintf("%s %s is not a number; read as not known", f.name, f.n.Bad))
		}
	}
	for _, f := range []struct {
		name string
		s    *Str
	}{
		{"request.method", &e.Request.Method},
		{"response._failureText", &e.Response.FailureText},
		{"response.content.mimeType", &e.Response.Content.MimeType},
		{"response.content.encoding", &e.Response.Content.Encoding},
		{"serverIPAddress", &e.ServerIPAddress},
		{"_resourceType", &e.ResourceType},
	} {
		if f.s.Bad {
			warn(f.name + " is an object or array, not text; read as empty")
		}
	}
	if e.Response.Error.Bad {
		warn("response._error is neither text nor an object with a message or a code; read as empty")
	}
}

// serverIP cleans serverIPAddress ("[::1]" → "::1"); exporters sometimes write a host name.
func serverIP(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "["), "]"))
	return model.Clip(redact.Text(s), 64)
}
