package sanitize

// A Claude Code session transcript (~/.claude/projects/<folder>/<session-id>.jsonl) or a
// `claude -p --output-format stream-json` output holds the whole conversation: prompts,
// answers, thinking, code, tool input and output, file snapshots, the working directory.
// Transcript writes it back without any of that. Unlike the HAR rewriter, which keeps what
// is not secret, this one keeps only what it names (an allowlist per field), so a field
// that a later Claude Code version adds is dropped until someone decides it may leave.
//
// What stays: record types and subtypes, times, session ids, uuids and parent uuids,
// request ids, the model and Claude Code's version, statuses, error kinds, retry counts
// and delays, token counts, and the error texts (a failed turn's text, a retry's API error
// body, an error result), redacted. The working directory (cwd) and the git branch are
// dropped: the folder the transcript lies in already names the project, and both can name
// a person, a customer or a ticket.
//
// One output line is written for every input line, so that a finding's evidence points
// at the same line in the original and in the sanitized copy; a line that is not a record
// becomes an empty line.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
)

// maxTranscriptLine is the longest record decoded. Error, retry and result records are a
// few KB; a longer one is a reply or a tool result with a large file in it, whose
// conversation is dropped anyway: it becomes an empty line, with a warning.
const maxTranscriptLine = 8 << 20

// maxErrorText bounds an error text kept from a record, before redaction: the reader keeps
// no more than this (claudecode reads 4*model.MaxMessage).
const maxErrorText = 4 * model.MaxMessage

// TranscriptStats counts what a transcript sanitize run did.
type TranscriptStats struct {
	Records int // records written
	Skipped int // lines that were not records, or too long to read, written as empty lines
}

// Transcript reads a Claude Code transcript or stream-json output from r and writes it to
// w without the conversation (see the comment at the top of this file). path names the
// input in warnings and errors. Memory is bounded by maxTranscriptLine.
func Transcript(r io.Reader, w io.Writer, path string, warn func(model.InputWarning)) (TranscriptStats, error) {
	if warn == nil {
		warn = func(model.InputWarning) {}
	}
	var st TranscriptStats
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	var off int64
	bad, firstBad := 0, 0 // lines that are not records, and the first of them
	for n := 1; ; n++ {
		line = line[:0]
		start := off
		long := false
		var err error
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			off += int64(len(chunk))
			if !long {
				if len(line)+len(chunk) > maxTranscriptLine {
					long, line = true, line[:0]
				} else {
					line = append(line, chunk...)
				}
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if err != nil && err != io.EOF {
			return st, &Error{Path: path, Offset: off, Msg: err.Error()}
		}
		if off == start {
			break // end of input
		}
		out := []byte(nil)
		if long {
			warn(model.InputWarning{Source: model.Source{Path: path, Line: n, Offset: start},
				Msg: "a record over " + strconv.Itoa(maxTranscriptLine>>20) + " MB was left out whole (only conversation records are that long)"})
		} else if trimmed := bytes.TrimSpace(line); len(trimmed) > 0 {
			var ok bool
			if out, ok = transcriptRecord(trimmed); !ok {
				if bad == 0 {
					firstBad = n
				}
				bad++
			}
		}
		if out != nil {
			st.Records++
			bw.Write(out)
		} else if len(bytes.TrimSpace(line)) > 0 || long {
			st.Skipped++
		}
		if bytes.HasSuffix(line, []byte("\n")) || long && err == nil {
			bw.WriteByte('\n')
		}
		if err == io.EOF {
			break
		}
	}
	if bad > 0 {
		warn(model.InputWarning{Source: model.Source{Path: path, Line: firstBad},
			Msg: strconv.Itoa(bad) + " lines are not Claude Code records; they were written as empty lines"})
	}
	if err := bw.Flush(); err != nil {
		return st, &Error{Path: path, Offset: off, Msg: "writing: " + err.Error()}
	}
	return st, nil
}

// field is one top-level member of a record, in the record's order.
type field struct {
	key string
	raw json.RawMessage
}

// transcriptRecord rewrites one record; ok is false when b is not a JSON object.
func transcriptRecord(b []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var fields []field
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		k, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, false
		}
		fields = append(fields, field{k, raw})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, false
	}
	// What the record is decides what of it is an error text rather than conversation.
	var isError, synthetic bool
	for _, f := range fields {
		switch f.key {
		case "isApiErrorMessage", "is_api_error_message", "is_error":
			isError = isError || string(f.raw) == "true"
		case "message":
			var m struct {
				Model string `json:"model"`
			}
			_ = json.Unmarshal(f.raw, &m)
			synthetic = m.Model == "<synthetic>"
		}
	}
	out := []byte{'{'}
	for _, f := range fields {
		v := keptValue(f.key, f.raw, isError, synthetic || isError)
		if v == nil {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = appendQuoted(out, f.key)
		out = append(out, ':')
		out = append(out, v...)
	}
	return append(out, '}'), true
}

// The allowlist of top-level members, by what their value may be.
var (
	// wordFields hold an id, a kind or a version: kept when the value is a plain word.
	wordFields = set("type", "subtype", "level", "sessionId", "session_id", "uuid", "parentUuid", "leafUuid",
		"logicalParentUuid", "messageId", "requestId", "request_id", "userType", "version", "claude_code_version",
		"apiError", "apiErrorCode", "apiErrorType", "api_error", "api_error_code", "api_error_type",
		"stop_reason", "source", "toolUseID", "parent_tool_use_id", "model")
	// scalarFields hold a number, a boolean or null.
	scalarFields = set("isSidechain", "isApiErrorMessage", "is_api_error_message", "apiErrorStatus", "api_error_status",
		"retryInMs", "retryAttempt", "maxRetries", "attempt", "max_retries", "retry_delay_ms", "error_status",
		"is_error", "num_turns", "duration_ms", "duration_api_ms", "total_cost_usd", "isSnapshotUpdate", "isMeta")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// keptValue is the value written for a top-level member, nil to drop it. isError says the
// record reports a failure (its result and texts are error texts); errorText that the
// message content is the error text Claude Code showed (a synthetic failed turn).
func keptValue(key string, raw json.RawMessage, isError, errorText bool) json.RawMessage {
	switch {
	case key == "timestamp":
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil
		}
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return nil
		}
		return raw
	case wordFields[key]:
		return wordValue(raw)
	case scalarFields[key]:
		return scalarValue(raw)
	case key == "error":
		if w := wordValue(raw); w != nil {
			return w // a kind: "rate_limit"
		}
		return errorObject(raw) // the SDK's error of a retry record
	case key == "message":
		return messageValue(raw, errorText)
	case key == "result" && isError:
		return textValue(raw)
	case key == "errors":
		return cleanJSON(raw, 0, true)
	case key == "usage" || key == "no_response":
		return cleanJSON(raw, 0, false)
	}
	return nil // cwd, gitBranch, summary, toolUseResult, attachment, snapshot, anything new
}

// wordValue keeps a JSON string that is a plain word (an id, kind, version, model), or a
// JSON null.
func wordValue(raw json.RawMessage) json.RawMessage {
	if string(raw) == "null" {
		return raw
	}
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil || !plainID(s) {
		return nil
	}
	return raw
}

// plainID reports whether s is an id, kind, version or model name: at most 128 bytes of
// letters, digits and _ . - : @ / < > [ ].
func plainID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' ||
			c == '-' || c == ':' || c == '@' || c == '/' || c == '<' || c == '>' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

// scalarValue keeps a number, true, false or null.
func scalarValue(raw json.RawMessage) json.RawMessage {
	switch {
	case string(raw) == "true", string(raw) == "false", string(raw) == "null":
		return raw
	case len(raw) > 0 && len(raw) <= 32 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'):
		return raw
	}
	return nil
}

// textValue keeps an error text, cut as the reader cuts it and redacted.
func textValue(raw json.RawMessage) json.RawMessage {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	return appendQuoted(nil, errorText(s))
}

func errorText(s string) string {
	if len(s) > maxErrorText {
		s = model.Clip(s, maxErrorText)
	}
	return redact.Text(s)
}

// messageValue keeps of a message its model, id, type, role, stop reason and token counts,
// and, for a synthetic failed turn only, the text blocks of its content (the error text
// the user saw).
func messageValue(raw json.RawMessage, errorText bool) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	out := []byte{'{'}
	add := func(k string, v json.RawMessage) {
		if v == nil {
			return
		}
		out = appendMember(out, k, v)
	}
	for _, k := range []string{"model", "id", "type", "role", "stop_reason"} {
		if v, ok := m[k]; ok {
			add(k, wordValue(v))
		}
	}
	if v, ok := m["usage"]; ok {
		add("usage", cleanJSON(v, 0, false))
	}
	if c, ok := m["content"]; ok && errorText {
		add("content", errorContent(c))
	}
	return append(out, '}')
}

// errorContent keeps the text blocks of a failed turn's content, redacted.
func errorContent(raw json.RawMessage) json.RawMessage {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return textValue(raw)
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &blocks) != nil {
		return nil
	}
	out := []byte{'['}
	for _, b := range blocks {
		if b.Type != "text" {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, `{"type":"text","text":`...)
		out = appendQuoted(out, errorText(b.Text))
		out = append(out, '}')
	}
	return append(out, ']')
}

// errorObject keeps of the SDK's error (a retry record's "error") its status, request id,
// the headers claudelog keeps, and the API's error body and messages, redacted.
func errorObject(raw json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := []byte{'{'}
	for _, k := range keys {
		var v json.RawMessage
		switch k {
		case "status":
			v = scalarValue(m[k])
		case "requestID", "type", "errorCode", "code":
			v = wordValue(m[k])
		case "headers":
			v = keptHeaders(m[k])
		case "error", "message":
			v = cleanJSON(m[k], 0, true)
		}
		if v == nil {
			continue
		}
		out = appendMember(out, k, v)
	}
	return append(out, '}')
}

// keptHeaders keeps the headers of redact.KeptHeader (rate limits, retry-after, request
// ids), redacted; every other header is dropped.
func keptHeaders(raw json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if redact.KeptHeader(fold.Lower(k)) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := []byte{'{'}
	for _, k := range keys {
		var s string
		if json.Unmarshal(m[k], &s) != nil || len(s) > 200 {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = appendQuoted(out, k)
		out = append(out, ':')
		out = appendQuoted(out, redact.Text(s))
	}
	return append(out, '}')
}

// maxJSONDepth bounds cleanJSON: an error body is a few levels deep.
const maxJSONDepth = 8

// cleanJSON copies a JSON value keeping its numbers, booleans and nulls; member names that
// are plain words; and strings: redacted error texts when text is set, else only plain
// words. Deeper than maxJSONDepth, and anything else, is dropped.
func cleanJSON(raw json.RawMessage, depth int, text bool) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || depth > maxJSONDepth {
		return nil
	}
	switch raw[0] {
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return nil
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			if plainID(k) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		out := []byte{'{'}
		for _, k := range keys {
			v := cleanJSON(m[k], depth+1, text)
			if v == nil {
				continue
			}
			out = appendMember(out, k, v)
		}
		return append(out, '}')
	case '[':
		var a []json.RawMessage
		if json.Unmarshal(raw, &a) != nil {
			return nil
		}
		out := []byte{'['}
		for _, e := range a {
			v := cleanJSON(e, depth+1, text)
			if v == nil {
				continue
			}
			if len(out) > 1 {
				out = append(out, ',')
			}
			out = append(out, v...)
		}
		return append(out, ']')
	case '"':
		if text {
			return textValue(raw)
		}
		return wordValue(raw)
	}
	return scalarValue(raw)
}

// appendMember appends "key":value to a JSON object being written in out (which starts
// with its '{'), with a comma before every member but the first.
func appendMember(out []byte, key string, v []byte) []byte {
	if len(out) > 1 {
		out = append(out, ',')
	}
	out = appendQuoted(out, key)
	out = append(out, ':')
	return append(out, v...)
}
