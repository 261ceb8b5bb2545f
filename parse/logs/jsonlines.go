package logs

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
)

// fieldMap holds the fields of a structured log record that readRecord reads, flattened
// (nested objects become dotted names, "http.status_code", as logfmt writes them) and
// lower-cased, by key. A record keeps no other field: readRecord never looks at them. Key
// lists are arrays of indexes, so that reading a record costs one map lookup per field it
// has instead of one per name readRecord tries (about ninety): the lookups were most of
// the cost of a logfmt or JSON line.
type fieldMap struct {
	vals [maxRecordKeys]any
	// strs holds the values set with setString (logfmt's, all strings), which would each
	// be a small allocation as an any; isStr marks them.
	strs  [maxRecordKeys]string
	isStr [maxRecordKeys / 64]uint64
}

// recordKey is the index of a field name that readRecord reads.
type recordKey uint8

// maxRecordKeys bounds how many distinct names readRecord may read.
const maxRecordKeys = 128

// recordKeyIDs maps every name that readRecord reads to its key.
var recordKeyIDs = map[string]recordKey{}

// keyList registers names, in the order readRecord tries them.
func keyList(names ...string) []recordKey {
	out := make([]recordKey, len(names))
	for i, n := range names {
		id, ok := recordKeyIDs[n]
		if !ok {
			if len(recordKeyIDs) == maxRecordKeys {
				panic("logs: more than maxRecordKeys record field names")
			}
			id = recordKey(len(recordKeyIDs))
			recordKeyIDs[n] = id
		}
		out[i] = id
	}
	return out
}

// set records a field given its lower-cased name; names readRecord never reads are dropped.
// A name set twice keeps the later value, as a map would.
func (f *fieldMap) set(name string, v any) {
	if id, ok := recordKeyIDs[name]; ok {
		f.vals[id] = v
		f.isStr[id/64] &^= 1 << (id % 64)
	}
}

// setString records a string field by key.
func (f *fieldMap) setString(id recordKey, s string) {
	f.strs[id] = s
	f.isStr[id/64] |= 1 << (id % 64)
}

// value returns the value of a key: a string, a float64, a map, … or nil.
func (f *fieldMap) value(k recordKey) any {
	if f.isStr[k/64]&(1<<(k%64)) != 0 {
		return f.strs[k]
	}
	return f.vals[k]
}

// text returns the value of a key when it is a string.
func (f *fieldMap) text(k recordKey) (string, bool) {
	if f.isStr[k/64]&(1<<(k%64)) != 0 {
		return f.strs[k], true
	}
	s, ok := f.vals[k].(string)
	return s, ok
}

// get returns the value of one key.
func (f *fieldMap) get(k []recordKey) any { return f.value(k[0]) }

// fields flattens a decoded JSON object one or two levels deep.
func fields(m map[string]any) *fieldMap {
	out := &fieldMap{}
	var walk func(prefix string, m map[string]any, depth int)
	walk = func(prefix string, m map[string]any, depth int) {
		for k, v := range m {
			name := strings.ToLower(prefix + k)
			if sub, ok := v.(map[string]any); ok && depth < 3 {
				out.set(name, v)
				walk(name+".", sub, depth+1)
				continue
			}
			out.set(name, v)
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

func (f *fieldMap) str(keys []recordKey) string {
	for _, k := range keys {
		if s, ok := f.text(k); ok {
			if s != "" {
				return s
			}
			continue
		}
		switch v := f.vals[k].(type) {
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ""
}

func (f *fieldMap) num(keys []recordKey) (float64, bool) {
	for _, k := range keys {
		if s, ok := f.text(k); ok {
			if n, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				return n, true
			}
			continue
		}
		if v, ok := f.vals[k].(float64); ok {
			return v, true
		}
	}
	return 0, false
}

var (
	timeKeys       = keyList("ts", "time", "timestamp", "@timestamp", "t", "datetime", "date", "asctime", "logged_at")
	statusKeys     = keyList("status", "status_code", "statuscode", "http.status_code", "http.status", "http_status", "http.response.status_code", "response.status", "response.status_code", "res.statuscode", "http.statuscode")
	urlKeys        = keyList("url", "uri", "http.url", "request.url", "endpoint", "http.request.url", "req.url", "full_url")
	pathKeys       = keyList("path", "http.path", "http.target", "route", "request.path")
	hostKeys       = keyList("host", "http.host", "server.address", "hostname")
	methodKeys     = keyList("method", "http.method", "request.method", "req.method", "http.request.method")
	reqIDKeys      = keyList("request_id", "requestid", "request-id", "req_id", "http.request_id", "anthropic_request_id", "x-request-id")
	durMsKeys      = keyList("duration_ms", "latency_ms", "elapsed_ms", "took_ms", "response_time_ms")
	msgKeys        = keyList("msg", "message", "event", "log")
	errTypeKeys    = keyList("error.type", "error_type", "err.type", "exception.type")
	errMsgKeys     = keyList("error.message", "error_message", "err.message", "exception.message")
	errTextKeys    = keyList("error", "err", "exception", "exc_info", "stack", "error.stack")
	attemptKeys    = keyList("attempt", "retry_count", "retries", "x-stainless-retry-count")
	reqBytesKeys   = keyList("request_bytes", "req_bytes", "request_size", "request_body_bytes", "request_content_length", "http.request.body.size", "http.request_content_length", "http.request.size")
	resBytesKeys   = keyList("response_bytes", "resp_bytes", "response_size", "response_body_bytes", "http.response.body.size", "http.response_content_length", "http.response.size")
	durTextKeys    = keyList("duration", "latency", "elapsed")
	retryCountKeys = keyList("x-stainless-retry-count", "retry_count", "retries")
	errObjKeys     = keyList("error")
	retryAftKeys   = keyList("retry_after", "retry-after", "retry_after_s", "http.response.header.retry-after")
	claudePaths    = []string{"/v1/messages", "/v1/complete", "/v1/models", "/api/organizations", "/api/append_message", "/v1/projects/"}
	claudeFields   = []string{"anthropic", "claude", "bedrock", "aiplatform"}
)

// readRecord reads one structured log record (a JSON line or a logfmt line). It yields an
// event when the record is a call to Claude (its URL or wording says so) with a status or
// an error, or when its message or error text is a line some dialect knows.
func (p *parser) readRecord(f *fieldMap, raw []byte, src model.Source, dialectName string) {
	if t, ok, _ := recordTime(f, p.loc, p.lastTime); ok {
		p.lastTime = t
	}
	// The event is the parser's (see depthScratch).
	ev := &p.scratchAt(p.recordDepth).ev
	p.recordDepth++
	defer func() { p.recordDepth-- }()
	*ev = model.Event{Source: src, Format: p.format, Time: p.lastTime, Dialect: dialectName}
	status := 0
	if n, ok := f.num(statusKeys); ok && n >= 100 && n <= 599 && n == float64(int(n)) {
		status = int(n)
	}
	if u := f.str(urlKeys); u != "" {
		setURL(ev, f.str(methodKeys), u)
	} else if h := f.str(hostKeys); h != "" {
		setURL(ev, f.str(methodKeys), h+f.str(pathKeys))
	} else if pth := f.str(pathKeys); pth != "" {
		setURL(ev, f.str(methodKeys), pth)
	}
	ev.RequestID = clean(f.str(reqIDKeys))
	if ms, ok := f.num(durMsKeys); ok && ms >= 0 {
		ev.Duration = time.Duration(ms * float64(time.Millisecond))
	} else if d := f.str(durTextKeys); d != "" {
		if dd, err := time.ParseDuration(d); err == nil {
			ev.Duration = dd
		}
	}
	if n, ok := f.num(attemptKeys); ok && n >= 0 && n < 1000 {
		ev.Attempt = int(n)
		if f.str(retryCountKeys) != "" {
			ev.Attempt++ // a retry count of 0 is the first attempt
		}
	}
	// Sizes and the server's retry hint feed the payload-timeout and retry-storm patterns.
	if n, ok := f.num(reqBytesKeys); ok && n > 0 && n < 1<<50 {
		ev.RequestBytes = int64(n)
	}
	if n, ok := f.num(resBytesKeys); ok && n > 0 && n < 1<<50 {
		ev.ResponseBytes = int64(n)
	}
	if n, ok := f.num(retryAftKeys); ok && n >= 0 && n < 1e7 {
		ev.RetryAfter = time.Duration(n * float64(time.Second))
		ev.Headers = append(ev.Headers, model.Header{Name: "retry-after", Value: strconv.FormatFloat(n, 'f', -1, 64)})
	}
	ev.Status = status

	hasErr := false
	if et := f.str(errTypeKeys); et != "" {
		ev.ErrorType = clean(et)
		hasErr = true
	}
	if em := f.str(errMsgKeys); em != "" {
		ev.Message = clean(em)
		hasErr = true
	}
	matched := false
	if obj, ok := f.get(errObjKeys).(map[string]any); ok {
		body, _ := json.Marshal(map[string]any{"error": obj})
		applyBody(ev, body)
		hasErr = hasErr || ev.ErrorType != "" || ev.Message != ""
	} else if s := f.str(errTextKeys); s != "" {
		matched = p.readText(s, ev)
		if !matched && !hasErr {
			if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") {
				applyBody(ev, []byte(t))
			} else {
				ev.Message = clean(firstLine(t))
				netEnrich(ev, []byte(t))
			}
		}
		hasErr = true
	}
	if !matched && !hasErr {
		if s := f.str(msgKeys); s != "" {
			matched = p.readText(s, ev)
		}
	}
	if matched {
		if ev.Unanchored && foreign(raw) {
			return // the record names who failed: an exporter, a registry, another API
		}
		if ev.Status == 0 {
			ev.Status = status
		}
		innermost(ev, raw)
		p.emit(ev, p.lineRetry)
		return
	}
	if status == 0 && !hasErr {
		return
	}
	if !ev.Platform.Claude() && !claudePath(ev.Path) && !mentionsClaude(raw) {
		return // a record about the app's own endpoints, not a call to Claude
	}
	innermost(ev, raw)
	p.emit(ev, false)
}

// readText reads a message or error string of a record with the text dialects; the first
// line is matched, the lines under it (a stack, a cause) enrich the event.
func (p *parser) readText(s string, ev *model.Event) bool {
	first, rest, _ := strings.Cut(s, "\n")
	// The line is the parser's (see depthScratch), its bytes a copy kept from the last
	// use, its string first.
	t := p.scratchAt(p.recordDepth)
	t.b = append(t.b[:0], first...)
	t.line = lineCtx{b: t.b, num: ev.Source.Line, off: ev.Source.Offset, s: first, sOK: true}
	l := &t.line
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

// depthScratch is what readRecord and readText use at one depth of records read in
// records (a logfmt line's message can be a logfmt line again): the record's event and the
// text line. They are the parser's because matchers take them through function values,
// which moved local ones to the heap for every record.
type depthScratch struct {
	ev   model.Event
	line lineCtx
	b    []byte // line's bytes
}

// scratchAt returns the scratch of a depth.
func (p *parser) scratchAt(depth int) *depthScratch {
	for len(p.depths) <= depth {
		p.depths = append(p.depths, &depthScratch{})
	}
	return p.depths[depth]
}

// readString reads a bare string element of a JSON array as a line of text.
func (p *parser) readString(s string, src model.Source, dialectName string) {
	ev := model.Event{Source: src, Format: p.format, Time: p.lastTime, Dialect: dialectName}
	if p.readText(s, &ev) {
		p.emit(&ev, p.lineRetry)
	}
}

// recordTime is a record's own time, from its first time field that reads as one;
// fromRef says it was dated from ref (a clock or a syslog stamp in the field).
func recordTime(f *fieldMap, loc *time.Location, ref time.Time) (t time.Time, ok, fromRef bool) {
	for _, k := range timeKeys {
		switch v := f.value(k).(type) {
		case string:
			if t, ok := parseDateTime([]byte(v), loc); ok {
				return t, true, false
			}
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				if t, ok := epochTime(n); ok {
					return t, true, false
				}
			}
			if t, ok, fromRef := scanTime([]byte(v), loc, ref); ok {
				return t, true, fromRef
			}
		case float64:
			if t, ok := epochTime(v); ok {
				return t, true, false
			}
		}
	}
	return time.Time{}, false, false
}

func claudePath(path string) bool {
	for _, p := range claudePaths {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return strings.Contains(path, "/publishers/anthropic/") || strings.Contains(path, "/model/anthropic.")
}

func mentionsClaude(raw []byte) bool {
	return fold.ContainsAny(raw, claudeFields)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
