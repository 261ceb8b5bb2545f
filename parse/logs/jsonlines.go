package logs

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/parse/event"
)

// record fields of structured logs, flattened: nested objects become dotted names
// ("http.status_code"), as logfmt writes them.
type fieldMap map[string]any

// fields flattens a decoded JSON object one or two levels deep.
func fields(m map[string]any) fieldMap {
	out := fieldMap{}
	var walk func(prefix string, m map[string]any, depth int)
	walk = func(prefix string, m map[string]any, depth int) {
		for k, v := range m {
			name := strings.ToLower(prefix + k)
			if sub, ok := v.(map[string]any); ok && depth < 3 {
				out[name] = v
				walk(name+".", sub, depth+1)
				continue
			}
			out[name] = v
		}
	}
	walk("", m, 0)
	return out
}

// isLogRecord tells a structured log record from an error body by its field names.
func isLogRecord(m map[string]any) bool {
	for _, k := range logKeys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	_, ok := m["http"].(map[string]any)
	return ok
}

func (f fieldMap) str(keys ...string) string {
	for _, k := range keys {
		switch v := f[k].(type) {
		case string:
			if v != "" {
				return v
			}
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ""
}

func (f fieldMap) num(keys ...string) (float64, bool) {
	for _, k := range keys {
		switch v := f[k].(type) {
		case float64:
			return v, true
		case string:
			if n, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				return n, true
			}
		}
	}
	return 0, false
}

var (
	timeKeys     = []string{"ts", "time", "timestamp", "@timestamp", "t", "datetime", "date", "asctime", "logged_at"}
	statusKeys   = []string{"status", "status_code", "statuscode", "http.status_code", "http.status", "http_status", "http.response.status_code", "response.status", "response.status_code", "res.statuscode", "http.statuscode"}
	urlKeys      = []string{"url", "uri", "http.url", "request.url", "endpoint", "http.request.url", "req.url", "full_url"}
	pathKeys     = []string{"path", "http.path", "http.target", "route", "request.path"}
	hostKeys     = []string{"host", "http.host", "server.address", "hostname"}
	methodKeys   = []string{"method", "http.method", "request.method", "req.method", "http.request.method"}
	reqIDKeys    = []string{"request_id", "requestid", "request-id", "req_id", "http.request_id", "anthropic_request_id", "x-request-id"}
	durMsKeys    = []string{"duration_ms", "latency_ms", "elapsed_ms", "took_ms", "response_time_ms"}
	msgKeys      = []string{"msg", "message", "event", "log"}
	errTypeKeys  = []string{"error.type", "error_type", "err.type", "exception.type"}
	errMsgKeys   = []string{"error.message", "error_message", "err.message", "exception.message"}
	errTextKeys  = []string{"error", "err", "exception", "exc_info", "stack", "error.stack"}
	attemptKeys  = []string{"attempt", "retry_count", "retries", "x-stainless-retry-count"}
	reqBytesKeys = []string{"request_bytes", "req_bytes", "request_size", "request_body_bytes", "request_content_length", "http.request.body.size", "http.request_content_length", "http.request.size"}
	resBytesKeys = []string{"response_bytes", "resp_bytes", "response_size", "response_body_bytes", "http.response.body.size", "http.response_content_length", "http.response.size"}
	retryAftKeys = []string{"retry_after", "retry-after", "retry_after_s", "http.response.header.retry-after"}
	claudePaths  = []string{"/v1/messages", "/v1/complete", "/v1/models", "/api/organizations", "/api/append_message", "/v1/projects/"}
	claudeFields = [][]byte{[]byte("anthropic"), []byte("claude"), []byte("bedrock"), []byte("aiplatform")}
)

// readRecord reads one structured log record (a JSON line or a logfmt line). It yields an
// event when the record is a call to Claude (its URL or wording says so) with a status or
// an error, or when its message or error text is a line some dialect knows.
func (p *parser) readRecord(f fieldMap, raw []byte, src event.Source, dialectName string) {
	if t, ok := recordTime(f, p.loc, p.lastTime); ok {
		p.lastTime = t
	}
	ev := event.Event{Source: src, Format: p.format, Time: p.lastTime, Dialect: dialectName}
	status := 0
	if n, ok := f.num(statusKeys...); ok && n >= 100 && n <= 599 && n == float64(int(n)) {
		status = int(n)
	}
	if u := f.str(urlKeys...); u != "" {
		setURL(&ev, f.str(methodKeys...), u)
	} else if h := f.str(hostKeys...); h != "" {
		setURL(&ev, f.str(methodKeys...), h+f.str(pathKeys...))
	} else if pth := f.str(pathKeys...); pth != "" {
		setURL(&ev, f.str(methodKeys...), pth)
	}
	ev.RequestID = clean(f.str(reqIDKeys...))
	if ms, ok := f.num(durMsKeys...); ok && ms >= 0 {
		ev.Duration = time.Duration(ms * float64(time.Millisecond))
	} else if d := f.str("duration", "latency", "elapsed"); d != "" {
		if dd, err := time.ParseDuration(d); err == nil {
			ev.Duration = dd
		}
	}
	if n, ok := f.num(attemptKeys...); ok && n >= 0 && n < 1000 {
		ev.Attempt = int(n)
		if f.str("x-stainless-retry-count", "retry_count", "retries") != "" {
			ev.Attempt++ // a retry count of 0 is the first attempt
		}
	}
	// Sizes and the server's retry hint feed the payload-timeout and retry-storm patterns.
	if n, ok := f.num(reqBytesKeys...); ok && n > 0 && n < 1<<50 {
		ev.RequestBytes = int64(n)
	}
	if n, ok := f.num(resBytesKeys...); ok && n > 0 && n < 1<<50 {
		ev.ResponseBytes = int64(n)
	}
	if n, ok := f.num(retryAftKeys...); ok && n >= 0 && n < 1e7 {
		ev.RetryAfter = time.Duration(n * float64(time.Second))
		ev.Headers = append(ev.Headers, event.Header{Name: "retry-after", Value: strconv.FormatFloat(n, 'f', -1, 64)})
	}
	ev.Status = status

	hasErr := false
	if et := f.str(errTypeKeys...); et != "" {
		ev.ErrorType = clean(et)
		hasErr = true
	}
	if em := f.str(errMsgKeys...); em != "" {
		ev.Message = clean(em)
		hasErr = true
	}
	matched := false
	if obj, ok := f["error"].(map[string]any); ok {
		body, _ := json.Marshal(map[string]any{"error": obj})
		applyBody(&ev, body)
		hasErr = hasErr || ev.ErrorType != "" || ev.Message != ""
	} else if s := f.str(errTextKeys...); s != "" {
		matched = p.readText(s, &ev)
		if !matched && !hasErr {
			if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") {
				applyBody(&ev, []byte(t))
			} else {
				ev.Message = clean(firstLine(t))
				netEnrich(&ev, []byte(t))
			}
		}
		hasErr = true
	}
	if !matched && !hasErr {
		if s := f.str(msgKeys...); s != "" {
			matched = p.readText(s, &ev)
		}
	}
	if matched {
		if ev.Status == 0 {
			ev.Status = status
		}
		p.emit(&ev, p.lineRetry)
		return
	}
	if status == 0 && !hasErr {
		return
	}
	if !ev.Platform.Claude() && !claudePath(ev.Path) && !mentionsClaude(raw) {
		return // a record about the app's own endpoints, not a call to Claude
	}
	p.emit(&ev, false)
}

// readText reads a message or error string of a record with the text dialects; the first
// line is matched, the lines under it (a stack, a cause) enrich the event.
func (p *parser) readText(s string, ev *event.Event) bool {
	first, rest, _ := strings.Cut(s, "\n")
	l := &lineCtx{b: []byte(first), num: ev.Source.Line, off: ev.Source.Offset}
	p.lineRetry = false
	p.pendingBody = nil
	d := ev.Dialect
	if p.match(l, ev) != emitted {
		ev.Dialect = d
		p.pendingBody = nil
		return false
	}
	if p.pendingBody != nil {
		applyBody(ev, p.pendingBody)
		p.pendingBody = nil
	}
	if rest != "" {
		netEnrich(ev, []byte(rest))
	}
	return true
}

// readString reads a bare string element of a JSON array as a line of text.
func (p *parser) readString(s string, src event.Source, dialectName string) {
	ev := event.Event{Source: src, Format: p.format, Time: p.lastTime, Dialect: dialectName}
	if p.readText(s, &ev) {
		p.emit(&ev, p.lineRetry)
	}
}

func recordTime(f fieldMap, loc *time.Location, ref time.Time) (time.Time, bool) {
	for _, k := range timeKeys {
		switch v := f[k].(type) {
		case string:
			if t, ok := parseDateTime([]byte(v), loc); ok {
				return t, true
			}
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				if t, ok := epochTime(n); ok {
					return t, true
				}
			}
			if t, ok := findTime([]byte(v), loc, ref); ok {
				return t, true
			}
		case float64:
			if t, ok := epochTime(v); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func claudePath(path string) bool {
	for _, p := range claudePaths {
		if strings.HasPrefix(path, p) || strings.Contains(path, "/publishers/anthropic/") || strings.Contains(path, "/model/anthropic.") {
			return true
		}
	}
	return false
}

func mentionsClaude(raw []byte) bool {
	for _, w := range claudeFields {
		if containsFold(raw, string(w)) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
