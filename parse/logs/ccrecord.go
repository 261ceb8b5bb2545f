package logs

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/claudecode"
	"github.com/claudelog/claudelog/parse/errbody"
)

// Claude Code writes a failed call as a JSON record in four places (docs/claude-code-format.md):
// the transcript's assistant record with "isApiErrorMessage":true, the transcript's system
// "api_error" record of each retry, stream-json's system "api_retry" message and the
// "result" object with "is_error":true. A user pastes one of them as it is. The record says
// the status, Claude Code's word for the error ("rate_limit", "server_error") and, for many
// failures, a typed kind ("connection_failed", "network_edge_blocked"); the text the user
// saw is Claude Code's own error message, which the Claude Code dialect reads as if it were
// printed in the terminal. Nothing else of the record (the conversation around it, the
// working directory) is read.

// ccHint is what one of Claude Code's error words or kinds says about a call, for the fields
// the text did not already give.
type ccHint struct {
	status  int
	errType string
	noResp  bool   // no answer came
	cut     bool   // the answer started and did not finish
	net     string // the transport failure, in words a rule knows
	class   string // the exception class Claude Code's SDK raised
}

// ccErrorWords are the values of Claude Code's "error" field (schema Ao in 2.1.333).
// "server_error" also covers connection failures, so it gives no status: a record without
// one is a call that got no answer.
var ccErrorWords = map[string]ccHint{
	"authentication_failed":  {status: 401, errType: "authentication_error"},
	"oauth_org_not_allowed":  {status: 403, errType: "permission_error"},
	"account_on_hold":        {status: 403, errType: "permission_error"},
	"verification_required":  {status: 403, errType: "permission_error"},
	"billing_error":          {status: 402, errType: "billing_error"},
	"rate_limit":             {status: 429, errType: "rate_limit_error"},
	"overloaded":             {status: 529, errType: "overloaded_error"},
	"invalid_request":        {status: 400, errType: "invalid_request_error"},
	"model_not_found":        {status: 404, errType: "not_found_error"},
	"cloud_credential_error": {errType: "authentication_error", status: 401},
}

// ccKinds are the typed kinds ("apiError", "api_error") that name a cause the status and
// word do not: a transport failure, a cut stream, a blocked network.
var ccKinds = map[string]ccHint{
	"connection_failed":          {noResp: true, class: "APIConnectionError"},
	"request_timeout":            {noResp: true, net: "Request timed out"},
	"no_response":                {noResp: true, net: "Request timed out"},
	"stream_idle_timeout":        {cut: true},
	"computer_slept":             {cut: true},
	"tls_untrusted_ca":           {noResp: true},
	"tls_cert_signature_failure": {noResp: true},
	"tls_cert_invalid":           {noResp: true},
	"network_edge_blocked":       {status: 403},
	"usage_limit_reached":        {status: 429, errType: "exceeded_limit"},
	"api_key_auth_disabled":      {status: 403, errType: "permission_error"},
	"org_disabled_credential":    {status: 403, errType: "permission_error"},
}

// ccRecordKinds gates readCCRecord: the record types that may be Claude Code's.
func ccRecordType(m map[string]any) string {
	t, _ := m["type"].(string)
	switch t {
	case "assistant", "system", "result":
		return t
	}
	return ""
}

// This is the row of the routing table of Claude Code's JSON records (a
// transcript's lines, stream-json output, a hook's input): the objects a JSON block decodes
// are offered to it before they are read as log records or error bodies.
var _ = register(&dialect{
	name:   "claude-code",
	rank:   60,
	object: (*parser).readCCRecord,
})

// readCCRecord reads a JSON object that is one of Claude Code's records of a failed call,
// and reports whether it was one (an object of these types that is not, a healthy turn,
// is left to the other readers, which find nothing in it).
func (p *parser) readCCRecord(m map[string]any, src model.Source) bool {
	typ := ccRecordType(m)
	if typ == "" {
		return false
	}
	var (
		text, word, kind string
		status           int
		retry            bool
		body             map[string]any
	)
	ev := p.blockEvent(src)
	ev.Dialect = "claude-code"
	switch typ {
	case "assistant":
		msg, _ := m["message"].(map[string]any)
		model, _ := msg["model"].(string)
		word, _ = m["error"].(string)
		if !isTrue(m["isApiErrorMessage"]) && !isTrue(m["is_api_error_message"]) && (model != "<synthetic>" || word == "") {
			return false
		}
		// The content of a synthetic message is the error text Claude Code showed, not
		// conversation: Claude Code writes it in place of a reply the model never gave.
		text = firstText(msg["content"])
		status = intField(m, "apiErrorStatus", "api_error_status")
		kind = strField(m, "apiError", "api_error")
		ev.RequestID = clean(strField(m, "requestId", "request_id"))
	case "system":
		switch sub, _ := m["subtype"].(string); sub {
		case "api_error":
			e, _ := m["error"].(map[string]any)
			if e == nil {
				return false
			}
			status = intField(e, "status")
			ev.RequestID = clean(strField(e, "requestID", "request_id"))
			body, _ = e["error"].(map[string]any)
			// The SDK error keeps the response headers: retry-after and the
			// subscription's unified rate-limit headers tell a plan limit from a rate.
			if h, ok := e["headers"].(map[string]any); ok {
				for _, name := range slices.Sorted(maps.Keys(h)) {
					if v, ok := h[name].(string); ok {
						keepHeader(&ev, name, v)
					}
				}
			}
			ev.Attempt = intField(m, "retryAttempt")
		case "api_retry":
			status = intField(m, "error_status")
			word, _ = m["error"].(string)
			ev.Attempt = intField(m, "attempt")
			if _, ok := m["no_response"].(map[string]any); ok {
				kind = "no_response"
			}
		default:
			return false
		}
		retry = true
	case "result":
		if !isTrue(m["is_error"]) {
			return false
		}
		if sub, _ := m["subtype"].(string); sub != "success" {
			return false // a turn or budget cap of the run, not a failed call
		}
		text, _ = m["result"].(string)
		status = intField(m, "api_error_status")
		kind = strField(m, "api_error")
		ev.ErrorType = clean(strField(m, "api_error_type"))
		ev.ErrorCode = clean(strField(m, "api_error_code"))
	}
	if ts, ok := m["timestamp"].(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, ts); err == nil {
			ev.Time = t
			p.lastTime = t
		}
	}
	if body != nil {
		raw, _ := json.Marshal(body)
		if info, ok := errbody.Parse(raw); ok {
			reqID := ev.RequestID
			fillInfo(&ev, info)
			if ev.RequestID == "" {
				ev.RequestID = reqID
			}
		}
	}
	if text != "" {
		et, ec, rid, at := ev.ErrorType, ev.ErrorCode, ev.RequestID, ev.Attempt
		if !p.readText(text, &ev) && (typ == "assistant" || status != 0 || kind != "") {
			// A result's text is the error only when the record says a call failed; a
			// synthetic assistant message is always Claude Code's own text.
			ev.Message = clean(firstLine(text))
		}
		ev.Dialect = "claude-code"
		if ev.ErrorType == "" {
			ev.ErrorType = et
		}
		if ev.ErrorCode == "" {
			ev.ErrorCode = ec
		}
		if ev.RequestID == "" {
			ev.RequestID = rid
		}
		if ev.Attempt == 0 {
			ev.Attempt = at
		}
	}
	if ev.Attempt < 0 || ev.Attempt >= 1000 {
		ev.Attempt = 0 // not a count of attempts
	}
	if status >= 100 && status <= 599 {
		ev.Status = status
	}
	if h, ok := ccKinds[kind]; ok {
		h.apply(&ev)
	} else {
		claudecode.ApplyKind(&ev, kind) // the kinds this file does not list, as a transcript reads them
	}
	if h, ok := ccErrorWords[word]; ok && !ev.NoResponse && !ev.Truncated {
		h.apply(&ev)
	} else if word == "server_error" && ev.Status == 0 && !ev.Truncated && !ev.NoResponse {
		// Claude Code's word for a failure without an answer: a connection error or timeout.
		ev.NoResponse = true
		if ev.Exception == "" && ev.NetError == "" {
			ev.Exception = "APIConnectionError"
		}
	}
	if ev.Status == 0 && ev.ErrorType == "" && ev.Message == "" && !ev.NoResponse && !ev.Truncated {
		return true // a record of a failure that says nothing about it
	}
	p.emit(&ev, retry)
	return true
}

// apply sets what a hint says on the fields an event does not have yet.
func (h ccHint) apply(ev *model.Event) {
	if h.noResp || h.cut {
		if h.noResp {
			ev.NoResponse = true
		} else {
			ev.Truncated = true
		}
		if ev.NetError == "" {
			ev.NetError = h.net
		}
		if ev.Exception == "" {
			ev.Exception = h.class
		}
		return
	}
	if ev.Status == 0 {
		ev.Status = h.status
	}
	if ev.ErrorType == "" {
		ev.ErrorType = h.errType
	}
}

func isTrue(v any) bool { b, _ := v.(bool); return b }

// strField returns the first of the named fields that is a string.
func strField(m map[string]any, names ...string) string {
	for _, n := range names {
		if s, ok := m[n].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// intField returns the first of the named fields that is a whole number (0 when none is).
func intField(m map[string]any, names ...string) int {
	for _, n := range names {
		if f, ok := m[n].(float64); ok && f == float64(int(f)) {
			return int(f)
		}
	}
	return 0
}

// firstText returns the text of the first text block of a message's content.
func firstText(content any) string {
	switch c := content.(type) {
	case string:
		return c
	case []any:
		for _, b := range c {
			if blk, ok := b.(map[string]any); ok && blk["type"] == "text" {
				s, _ := blk["text"].(string)
				return s
			}
		}
	}
	return ""
}
