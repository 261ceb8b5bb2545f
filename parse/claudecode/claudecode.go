// Package claudecode reads Claude Code's own records of its calls: session transcripts
// (~/.claude/projects/<folder>/<session-id>.jsonl) and the stream-json lines of
// `claude -p --output-format stream-json`. A failed turn, each retry before it, and each
// successful reply become events.
//
// A transcript holds the whole conversation. The reader never copies any of it: it looks at
// a record's bytes to tell what it is, decodes only error and retry records (which are
// small and hold no conversation), and for a successful reply keeps only its time, request
// id, model and Claude Code version, each checked against the shape it must have.
// See docs/claude-code.md for the fields relied on and the version they were read from.
package claudecode

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/errbody"
	"github.com/claudelog/claudelog/parse/redact"
)

// Dialect names the events this reader produces.
const Dialect = "claude-code-transcript"

// Format is the input format of a transcript or a stream-json file.
const Format model.Format = "claude-code"

// maxRecord is the longest record held whole. Error and retry records are a few KB; a
// longer line is a conversation record, of which only the head and tail are kept.
const maxRecord = 256 << 10

// edge is how much of the head and of the tail of a longer record is kept: enough for the
// top-level fields around the message (version before it; requestId, type and timestamp
// after it).
const edge = 4 << 10

// Sniff reports whether head, the start of an input, is a Claude Code transcript or a
// stream-json output: JSON lines whose records carry a session id and a record type.
func Sniff(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	// The first line must be one record, not a pretty-printed object.
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	if !bytes.HasPrefix(first, []byte("{\"")) {
		return false
	}
	if bytes.Contains(first, []byte(`"type":"system"`)) && bytes.Contains(first, []byte(`"subtype":"init"`)) &&
		bytes.Contains(first, []byte(`"session_id":"`)) {
		return true // stream-json
	}
	if !bytes.Contains(head, []byte(`"sessionId":"`)) {
		return false
	}
	for _, t := range recordTypes {
		if bytes.Contains(head, t) {
			return bytes.Contains(head, []byte(`"uuid":"`)) || bytes.Contains(head, []byte(`"leafUuid":"`)) ||
				bytes.Contains(head, []byte(`"parentUuid":`))
		}
	}
	return false
}

var recordTypes = [][]byte{[]byte(`"type":"user"`), []byte(`"type":"assistant"`), []byte(`"type":"system"`),
	[]byte(`"type":"summary"`), []byte(`"type":"attachment"`), []byte(`"type":"file-history-snapshot"`)}

// Read reads a transcript or stream-json output and sends its events to sink. Lines that
// are not records are counted and reported in one warning.
func Read(r io.Reader, path string, sink model.Sink) error {
	p := &reader{path: path, sink: sink, project: projectOf(path)}
	br := recordReaders.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() {
		br.Reset(nil)
		recordReaders.Put(br)
	}()
	var head, tail []byte
	var off int64
	for line := 1; ; line++ {
		chunk, err := br.ReadSlice('\n')
		src := model.Source{Path: path, Line: line, Offset: off}
		off += int64(len(chunk))
		if errors.Is(err, bufio.ErrBufferFull) {
			head = append(head[:0], chunk[:edge]...)
			tail = keepTail(tail[:0], chunk)
			for errors.Is(err, bufio.ErrBufferFull) {
				chunk, err = br.ReadSlice('\n')
				off += int64(len(chunk))
				tail = keepTail(tail, chunk)
			}
			p.long(head, tail, src)
		} else if len(chunk) > 0 {
			p.record(chunk, src)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if p.other > 0 {
		sink.Warn(model.InputWarning{Source: model.Source{Path: path, Line: p.otherLine},
			Msg: strconv.Itoa(p.other) + " lines are not Claude Code records and were skipped"})
	}
	return nil
}

// recordReaders recycles the readers of maxRecord that Read reads records through: a
// projects folder is thousands of session files, and a fresh 256 KiB buffer for each (zeroed
// on allocation) was a fifth of the CPU that reading one took.
var recordReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, maxRecord) }}

// keepTail appends chunk to tail and keeps the last edge bytes.
func keepTail(tail, chunk []byte) []byte {
	if len(chunk) >= edge {
		return append(tail[:0], chunk[len(chunk)-edge:]...)
	}
	tail = append(tail, chunk...)
	if len(tail) > edge {
		n := copy(tail, tail[len(tail)-edge:])
		tail = tail[:n]
	}
	return tail
}

type reader struct {
	path      string
	sink      model.Sink
	other     int // lines that are not records
	otherLine int // the first of them
	lastReq   string
	retry     int // the last retry attempt of the call under way; 0 when none
	turns     int // failed turns seen, so a stream-json result does not count one twice
	version   string

	// The session the records belong to (model.Session), for the report to name it.
	project string         // the transcript's project folder, from path
	sessID  string         // the session id of the last record that named one
	started time.Time      // the first timestamp of that session
	sess    *model.Session // made at the session's first event, then shared by its events
}

// markAPIError marks a failed turn; a long record holding it is not counted as a reply.
var markAPIError = []byte(`"isApiErrorMessage":true`)

// markAsst is how the tail of a long reply says it is one.
var markAsst = []byte(`"type":"assistant"`)

// record tells a record's kind from its top level, walked without decoding: a user record
// names its type before its message, so the walk stops there and the conversation's bytes
// are not even looked at. Only error, retry and result records, which are small and hold
// no conversation, are decoded.
func (p *reader) record(b []byte, src model.Source) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return
	}
	if b[0] != '{' {
		if p.other == 0 {
			p.otherLine = src.Line
		}
		p.other++
		return
	}
	// Until the session's first time is known, the top level is walked to its end: a user
	// record writes its timestamp after its message. That is one record per session.
	t, ok := scanTop(b, p.started.IsZero())
	if !ok {
		return
	}
	p.see(t)
	switch string(t.typ) {
	case "assistant":
		// stream-json writes a failed turn with the kind under "error" and the synthetic
		// model, without the transcript's flag.
		synthetic := string(t.model) == syntheticModel
		if t.apiError && (len(t.model) == 0 || synthetic) || synthetic && len(t.errKind) > 0 {
			p.failedTurn(b, src)
		} else {
			p.success(t, src)
		}
	case "system":
		switch string(t.subtype) {
		case "api_error":
			p.retryRecord(b, src, false)
		case "api_retry":
			p.retryRecord(b, src, true)
		}
	case "result":
		p.result(b, src)
	}
}

// top is what a record's top level says, read without decoding it.
type top struct {
	typ, subtype, timestamp, requestID, version, model []byte
	sessionID                                          []byte // sessionId, or stream-json's session_id
	stream                                             bool   // the session id was stream-json's
	errKind                                            []byte // "error": a failure kind (stream-json's assistant errors)
	apiError                                           bool   // "isApiErrorMessage": true
}

// scanTop reads a record's top level. It stops at the type of a record with nothing to
// read (user, summary, attachment…) unless full is set, when it walks on to the end for the
// record's timestamp.
func scanTop(b []byte, full bool) (top, bool) {
	var t top
	ok := topFields(b, func(k, v []byte) bool {
		switch string(k) {
		case "type":
			t.typ = unquote(v)
			switch string(t.typ) {
			case "assistant", "system", "result":
			default:
				return full // user, summary, attachment…: nothing to read
			}
		case "sessionId":
			t.sessionID = unquote(v)
		case "session_id":
			t.sessionID, t.stream = unquote(v), true
		case "subtype":
			t.subtype = unquote(v)
		case "timestamp":
			t.timestamp = unquote(v)
		case "requestId":
			t.requestID = unquote(v)
		case "version":
			t.version = unquote(v)
		case "isApiErrorMessage":
			t.apiError = string(v) == "true"
		case "error":
			t.errKind = unquote(v)
		case "message":
			topFields(v, func(k, v []byte) bool {
				if string(k) == "model" {
					t.model = unquote(v)
					return false
				}
				return true
			})
		}
		return true
	})
	return t, ok
}

// long handles a record too long to hold: only a successful reply can be that long, and its
// fields are searched in the head and tail kept of it, each checked for its shape.
func (p *reader) long(head, tail []byte, src model.Source) {
	if !bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) || bytes.Contains(head, markAPIError) ||
		!bytes.Contains(tail, markAsst) {
		return
	}
	// A user record names its type before its message: the head's top level tells it from
	// a reply even when the tail holds a reply's fields nested in a tool's result.
	var typ []byte
	topFields(head, func(k, v []byte) bool {
		if string(k) == "type" {
			typ = unquote(v)
			return false
		}
		return true
	})
	if typ != nil && string(typ) != "assistant" {
		return
	}
	t := top{typ: []byte("assistant"), requestID: lastValue(tail, `"requestId":"`), sessionID: firstValue(head, `"sessionId":"`),
		timestamp: lastValue(tail, `"timestamp":"`), version: firstValue(head, `"version":"`),
		model: firstValue(head, `"model":"`)}
	if t.requestID == nil {
		t.requestID = firstValue(head, `"requestId":"`)
	}
	p.see(t)
	p.success(t, src)
}

func firstValue(b []byte, key string) []byte {
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return nil
	}
	return valueAt(b[i+len(key):])
}

func lastValue(b []byte, key string) []byte {
	i := bytes.LastIndex(b, []byte(key))
	if i < 0 {
		return nil
	}
	return valueAt(b[i+len(key):])
}

func valueAt(b []byte) []byte {
	j := bytes.IndexByte(b, '"')
	if j < 0 || j > 128 {
		return nil
	}
	return b[:j]
}

// success counts a successful reply of the API, for rates and patterns. One reply is
// written as several records, one per content block, all with the reply's request id: only
// the first counts. Nothing but shaped fields (model, request id, version, time) is kept.
func (p *reader) success(t top, src model.Source) {
	modelID := cleanModel(t.model)
	req := cleanRequestID(t.requestID)
	if modelID == "" || modelID == syntheticModel || req == "" || req == p.lastReq {
		return
	}
	p.lastReq = req
	p.retry = 0
	if v := cleanVersion(t.version); v != "" {
		p.version = v
	}
	ev := p.base(src, parseTime(t.timestamp), cleanVersion(t.version), modelID)
	ev.Status = 200
	ev.RequestID = req
	p.sink.Event(&ev)
}

// syntheticModel is the model Claude Code writes on the records it makes up itself.
const syntheticModel = "<synthetic>"

func (p *reader) base(src model.Source, at time.Time, version, modelID string) model.Event {
	if version == "" {
		version = p.version
	}
	ev := model.Event{Source: src, Format: Format, Time: at, Method: "POST", Dialect: Dialect, Session: p.session()}
	if version != "" {
		ev.Client = "claude-code " + version
	} else {
		ev.Client = "claude-code"
	}
	switch platformOfModel(modelID) {
	case model.PlatformBedrock:
		ev.Platform = model.PlatformBedrock
	case model.PlatformVertex:
		ev.Platform = model.PlatformVertex
	default:
		ev.Host, ev.Path = "api.anthropic.com", "/v1/messages" // Claude Code calls the Messages API
		ev.Platform = model.PlatformAPI
	}
	return ev
}

// platformOfModel tells Bedrock and Vertex model ids from the API's: Bedrock's carry the
// "anthropic." provider prefix (after a region group or in an ARN), Vertex's an "@" before
// the date.
func platformOfModel(m string) model.Platform {
	switch {
	case strings.Contains(m, "anthropic.claude") || strings.HasPrefix(m, "arn:aws:bedrock"):
		return model.PlatformBedrock
	case strings.HasPrefix(m, "claude") && strings.Contains(m, "@"):
		return model.PlatformVertex
	}
	return model.PlatformAPI
}

// turnRecord is a failed turn: the synthetic assistant record Claude Code writes with the
// text the user saw. Fields whose type may vary are kept raw.
type turnRecord struct {
	Type           string          `json:"type"`
	Timestamp      string          `json:"timestamp"`
	Version        string          `json:"version"`
	RequestID      string          `json:"requestId"`
	APIErrorStatus json.RawMessage `json:"apiErrorStatus"`
	Error          json.RawMessage `json:"error"`
	APIError       json.RawMessage `json:"apiError"`
	APIErrorCode   json.RawMessage `json:"apiErrorCode"`
	APIErrorType   json.RawMessage `json:"apiErrorType"`
	// stream-json writes the same fields in snake case.
	APIErrorStatusSnake json.RawMessage `json:"api_error_status"`
	APIErrorSnake       json.RawMessage `json:"api_error"`
	APIErrorCodeSnake   json.RawMessage `json:"api_error_code"`
	APIErrorTypeSnake   json.RawMessage `json:"api_error_type"`
	RequestIDSnake      string          `json:"request_id"`
	Message             struct {
		Model   string          `json:"model"`
		Content json.RawMessage `json:"content"`
	} `json:"message"`
}

func (p *reader) failedTurn(b []byte, src model.Source) {
	var r turnRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return
	}
	p.turns++
	for _, f := range [...][2]*json.RawMessage{{&r.APIErrorStatus, &r.APIErrorStatusSnake}, {&r.APIError, &r.APIErrorSnake},
		{&r.APIErrorCode, &r.APIErrorCodeSnake}, {&r.APIErrorType, &r.APIErrorTypeSnake}} {
		if len(*f[0]) == 0 {
			*f[0] = *f[1]
		}
	}
	if r.RequestID == "" {
		r.RequestID = r.RequestIDSnake
	}
	ev := p.base(src, parseTime([]byte(r.Timestamp)), cleanVersion([]byte(r.Version)), "")
	ev.Status = rawInt(r.APIErrorStatus)
	ev.RequestID = cleanRequestID([]byte(r.RequestID))
	kind := rawString(r.Error)
	f := errorKinds[kind]
	if api := word(rawString(r.APIError)); api != "" {
		ev.ErrorCode = api
		if g, ok := apiErrorKinds[api]; ok {
			ev.Detail = g.detail
			if g.errorType != "" || g.netError != "" || g.cut || g.noResp {
				f = g
			}
		}
	}
	if code := word(rawString(r.APIErrorCode)); code != "" && ev.ErrorCode == "" {
		ev.ErrorCode = code
	}
	ev.ErrorType = f.errorType
	if t := word(rawString(r.APIErrorType)); t != "" {
		ev.ErrorType = t // the API's own error.type beats the kind
	}
	if ev.Status == 0 {
		ev.NetError = f.netError
		ev.NoResponse = f.noResp
		ev.Truncated = f.cut
	}
	text := contentText(r.Message.Content)
	ev.Message = message(text)
	// The text often carries the API's body ("API Error: 529 {"type":"error",…}"): its
	// type and request id are the API's own.
	if i := strings.IndexByte(text, '{'); i >= 0 {
		if info, ok := errbody.Parse([]byte(text[i:])); ok && info.Shape == "anthropic" {
			if info.Type != "" && (ev.ErrorType == "" || kind == "unknown") {
				ev.ErrorType = info.Type
			}
			if ev.RequestID == "" {
				ev.RequestID = info.RequestID
			}
		}
	}
	if ev.ErrorType == "" && ev.Status == 0 && ev.Message == "" && ev.NetError == "" {
		ev.ErrorType = "unknown" // still a failure the user saw
	}
	if p.retry > 0 {
		ev.Attempt = p.retry + 1
	}
	p.retry = 0
	p.sink.Event(&ev)
}

// contentText joins the text blocks of a synthetic record's content (a string or blocks),
// bounded: it is the error text Claude Code showed, not conversation.
func contentText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &blocks) != nil {
		return ""
	}
	var b strings.Builder
	for _, bl := range blocks {
		if bl.Type != "text" || bl.Text == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(bl.Text)
		if b.Len() > 4*model.MaxMessage {
			break
		}
	}
	return b.String()
}

// message makes a visible error text fit for an Event: one line, redacted, bounded.
func message(s string) string {
	if len(s) > 4*model.MaxMessage {
		s = s[:4*model.MaxMessage]
	}
	s = strings.Join(strings.Fields(s), " ")
	return model.Clip(redact.Text(s), model.MaxMessage)
}

// retryRecord is a retry: a transcript's system api_error record (the SDK's error object
// under "error") or stream-json's api_retry (status and kind in their own fields).
type retryRecord struct {
	Type         string          `json:"type"`
	Subtype      string          `json:"subtype"`
	Timestamp    string          `json:"timestamp"`
	Version      string          `json:"version"`
	RetryAttempt int             `json:"retryAttempt"`
	MaxRetries   int             `json:"maxRetries"`
	Error        json.RawMessage `json:"error"`
	// stream-json
	Attempt     int `json:"attempt"`
	ErrorStatus int `json:"error_status"`
}

// sdkError is what JSON.stringify keeps of the SDK's APIError: its enumerable fields.
type sdkError struct {
	Status    json.RawMessage `json:"status"`
	Headers   json.RawMessage `json:"headers"`
	RequestID string          `json:"requestID"`
	Error     json.RawMessage `json:"error"`
	Type      json.RawMessage `json:"type"`
	ErrorCode json.RawMessage `json:"errorCode"`
	Message   json.RawMessage `json:"message"`
	Code      json.RawMessage `json:"code"`
}

func (p *reader) retryRecord(b []byte, src model.Source, stream bool) {
	var r retryRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return
	}
	ev := p.base(src, parseTime([]byte(r.Timestamp)), cleanVersion([]byte(r.Version)), "")
	if stream {
		if r.Subtype != "api_retry" {
			return
		}
		ev.Attempt = r.Attempt
		if r.ErrorStatus >= 400 && r.ErrorStatus <= 599 {
			ev.Status = r.ErrorStatus
		}
		kind := rawString(r.Error)
		ev.ErrorType = retryKinds[kind].errorType
		if ev.Status == 0 && ev.ErrorType == "" {
			ev.NoResponse = true
		}
	} else {
		if r.Subtype != "api_error" {
			return
		}
		ev.Attempt = r.RetryAttempt
		var e sdkError
		if json.Unmarshal(r.Error, &e) == nil {
			ev.Status = rawInt(e.Status)
			ev.RequestID = cleanRequestID([]byte(e.RequestID))
			if info, ok := errbody.Parse(e.Error); ok {
				ev.ErrorType, ev.ErrorCode, ev.Message = info.Type, info.Code, info.Message
				if ev.RequestID == "" {
					ev.RequestID = info.RequestID
				}
			}
			if ev.ErrorType == "" {
				ev.ErrorType = word(rawString(e.Type))
			}
			if ev.ErrorCode == "" {
				ev.ErrorCode = word(rawString(e.ErrorCode))
			}
			if ev.Message == "" {
				ev.Message = message(rawString(e.Message))
			}
			ev.Headers, ev.RetryAfter = headers(e.Headers)
			if ev.RequestID == "" {
				ev.RequestID = cleanRequestID([]byte(ev.Header("request-id")))
			}
			if ev.Status == 0 {
				ev.NoResponse = true
				if c := word(rawString(e.Code)); c != "" {
					ev.NetError = c
				}
			}
		}
		if ev.Status == 0 && !ev.NoResponse {
			ev.NoResponse = true
		}
	}
	p.retry = ev.Attempt
	p.sink.Event(&ev)
}

// headers keeps the headers claudelog keeps (redact.KeptHeader) from a serialised header
// object, and reads retry-after from them.
func headers(raw json.RawMessage) ([]model.Header, time.Duration) {
	if len(raw) == 0 || raw[0] != '{' {
		return nil, 0
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil, 0
	}
	var hs []model.Header
	var after time.Duration
	for name, v := range m {
		name = strings.ToLower(name)
		if !redact.KeptHeader(name) {
			continue
		}
		val := rawString(v)
		if val == "" || len(val) > 200 {
			continue
		}
		val = redact.Text(val)
		hs = append(hs, model.Header{Name: name, Value: val})
		if name == "retry-after" {
			if n, err := strconv.ParseFloat(val, 64); err == nil && n >= 0 && n < 1e6 {
				after = time.Duration(n * float64(time.Second))
			}
		}
	}
	sortHeaders(hs)
	return hs, after
}

func sortHeaders(hs []model.Header) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Name < hs[j-1].Name; j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// resultRecord is the last record of `claude -p`: only an error result is read, and only
// when no failed turn came before it (that turn is the same failure).
type resultRecord struct {
	Type              string          `json:"type"`
	Subtype           string          `json:"subtype"`
	IsError           bool            `json:"is_error"`
	Result            json.RawMessage `json:"result"`
	Errors            []string        `json:"errors"`
	APIErrorStatus    json.RawMessage `json:"api_error_status"`
	APIError          json.RawMessage `json:"api_error"`
	APIErrorCode      json.RawMessage `json:"api_error_code"`
	APIErrorType      json.RawMessage `json:"api_error_type"`
	Timestamp         string          `json:"timestamp"`
	ClaudeCodeVersion string          `json:"claude_code_version"`
}

func (p *reader) result(b []byte, src model.Source) {
	if p.turns > 0 {
		return
	}
	var r resultRecord
	if json.Unmarshal(b, &r) != nil || !r.IsError {
		return
	}
	var text string
	switch {
	case r.Subtype == "success":
		text = rawString(r.Result) // with is_error, the result is the error text
	case r.Subtype == "error_during_execution" && len(r.Errors) > 0:
		text = r.Errors[0]
	default:
		return // max turns, max budget: limits the caller set, not failed calls
	}
	ev := p.base(src, parseTime([]byte(r.Timestamp)), cleanVersion([]byte(r.ClaudeCodeVersion)), "")
	ev.Status = rawInt(r.APIErrorStatus)
	ev.Message = message(text)
	ev.ErrorType = word(rawString(r.APIErrorType))
	ev.ErrorCode = word(rawString(r.APIErrorCode))
	if i := strings.IndexByte(text, '{'); i >= 0 {
		if info, ok := errbody.Parse([]byte(text[i:])); ok && info.Shape == "anthropic" {
			ev.ErrorType, ev.RequestID = info.Type, info.RequestID
		}
	}
	ApplyKind(&ev, word(rawString(r.APIError))) // a result names no `error` word, only the kind
	if ev.Message == "" && ev.Status == 0 && ev.ErrorType == "" {
		return
	}
	p.sink.Event(&ev)
}

// rawString returns a raw JSON value as a string when it is one.
func rawString(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// rawInt returns a raw JSON number (or a numeric string) as an error status, 0 when it is
// none: a failed call's status is 4xx or 5xx, anything else is not one to report.
func rawInt(raw json.RawMessage) int {
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.Atoi(s)
	if err != nil || n < 400 || n > 599 {
		return 0
	}
	return n
}

// word returns s when it is a kind or type name (letters, digits, _ . -; at most 64 bytes),
// else "": such fields never carry free text into an Event.
func word(s string) string {
	if len(s) == 0 || len(s) > 64 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return ""
		}
	}
	return s
}

// cleanRequestID returns id when it has a request id's shape.
func cleanRequestID(id []byte) string {
	if len(id) < 8 || len(id) > 80 || !bytes.HasPrefix(id, []byte("req_")) {
		return ""
	}
	return word(string(id))
}

// cleanModel returns a model id when it has one's shape: claude-…, a Bedrock id or ARN, a
// Vertex id, or Claude Code's "<synthetic>".
func cleanModel(m []byte) string {
	if string(m) == syntheticModel {
		return syntheticModel
	}
	if len(m) == 0 || len(m) > 120 {
		return ""
	}
	for _, c := range m {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' ||
			c == ':' || c == '@' || c == '/' || c == '[' || c == ']') {
			return ""
		}
	}
	return string(m)
}

// cleanVersion returns a Claude Code version ("2.1.197") when v has that shape.
func cleanVersion(v []byte) string {
	if len(v) == 0 || len(v) > 32 || v[0] < '0' || v[0] > '9' {
		return ""
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c == '.' || c >= 'a' && c <= 'z' || c == '-') {
			return ""
		}
	}
	return string(v)
}

func parseTime(b []byte) time.Time {
	if len(b) == 0 || len(b) > 40 {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil {
		return time.Time{}
	}
	return t
}
