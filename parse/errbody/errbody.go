// Package errbody reads error bodies in every shape Claude's stack and its neighbours write:
// Anthropic's envelope, the edge's envelope without a top-level type (413, the region 403),
// the OpenAI-compatible envelope, Google's and AWS's, claude.ai's escaped JSON inside
// error.message, Python dict reprs as the SDKs print them, HTML pages and plain text.
// Every string it returns is redacted and bounded: callers may put it in an Event as is.
package errbody

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
)

// Info is what an error body says. Strings are redacted and bounded.
type Info struct {
	Shape     string // "anthropic", "edge", "openai", "google", "aws", "html", "text"; Find adds "status", "sse"
	Type      string // error.type ("overloaded_error", "forbidden", "exceeded_limit")
	Code      string // error.details.error_code, error.code, a Google status, an AWS error code
	Message   string
	RequestID string
	Status    int       // a status the body states (Google's error.code, a page's title); Find: any 4xx/5xx the text states
	Claim     string    // usage-limit window ("five_hour") from claude.ai's nested JSON
	ResetsAt  time.Time // when that limit resets
	Repr      bool      // the body was a Python dict repr, not JSON
	// Provider names whose error this is: "anthropic", "bedrock", "vertex", "openai",
	// "cloudflare", "gemini", or "" when the evidence does not say. Rules use it to avoid blaming
	// Claude for another provider's failure.
	Provider string
	// OuterStatus is a wrapper's status (a proxy's 429) that the inner Anthropic error
	// contradicted (an invalid_request_error): Status then holds the inner error's status.
	// Only Find sets it.
	OuterStatus int
	// InStream says the error arrived as an SSE error event inside a streamed answer
	// ("event: error"). Only Find sets it.
	InStream bool
}

// MaxBody bounds how much of a body Parse looks at. Error bodies are small; a large body is
// a page or a payload, and its head says what it is.
const MaxBody = 64 << 10

// Parse reads one error body. ok is false when the body says nothing usable (empty, or
// JSON with no error in it, such as a successful response).
func Parse(body []byte) (info Info, ok bool) {
	if len(body) > MaxBody {
		body = body[:MaxBody]
	}
	body = bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(body) == 0 {
		return Info{}, false
	}
	// LiteLLM prints bodies as Python bytes: b'{"type":"error",...}'.
	if len(body) > 3 && body[0] == 'b' && (body[1] == '\'' || body[1] == '"') {
		body = bytes.TrimSpace(bytes.Trim(body[1:], `'"`))
		if len(body) == 0 {
			return Info{}, false
		}
	}
	info, ok = parse(body)
	if ok {
		info.Provider = provider(&info, fold.LowerBytes(body))
	}
	return info, ok
}

func parse(body []byte) (Info, bool) {
	switch body[0] {
	case '{', '[':
		if info, ok, handled := fastAnthropic(body); handled {
			return inner(info, ok)
		}
		var v any
		if err := json.Unmarshal(body, &v); err == nil {
			return inner(fromJSON(v))
		}
		if j, ok := reprToJSON(body); ok {
			if info, ok, handled := fastAnthropic(j); handled {
				info, ok := inner(info, ok)
				info.Repr = true
				return info, ok
			}
			var v any
			if json.Unmarshal(j, &v) == nil {
				info, ok := inner(fromJSON(v))
				info.Repr = true
				return info, ok
			}
		}
		// Not JSON nor a repr: a body cut short, a JS object literal, a Ruby hash. Their
		// pairs still say what the error is.
		if info, ok, _ := fromPairs(scanPairs(body)); ok && (info.Type != "" || info.Code != "") {
			return info, true
		}
	}
	if isHTML(body) {
		return fromHTML(body)
	}
	// A text body that carries an error object or a named AWS error after some words:
	// "upstream error: {"type":"error",...}".
	if info, ok := Find(body); ok && (info.Type != "" || info.Code != "") && info.Shape != "html" {
		info.OuterStatus, info.InStream = 0, false // a body's own status is its response's
		return info, true
	}
	return fromText(body)
}

// inner lets an Anthropic error inside a body's message decide, as Find does: a gateway's
// envelope ({"error":{"message":"litellm.BadRequestError: AnthropicException -
// {\"type\":\"error\",...}","type":"None","code":"400"}}) around the error Claude's API
// returned.
func inner(info Info, ok bool) (Info, bool) {
	if !ok || len(info.Message) < 20 || strings.IndexByte(info.Message, ':') < 0 {
		return info, ok
	}
	if _, anth := anthropicStatus[info.Type]; anth {
		return info, ok
	}
	in, found, _ := fromPairs(scanPairs([]byte(info.Message)))
	if _, anth := anthropicStatus[in.Type]; !found || !anth {
		return info, ok
	}
	info.Type, info.Message = in.Type, in.Message
	if in.Code != "" {
		info.Code = in.Code
	}
	if info.RequestID == "" {
		info.RequestID = in.RequestID
	}
	return info, true
}

// fromJSON reads a decoded JSON value in any known envelope.
func fromJSON(v any) (Info, bool) {
	if arr, isArr := v.([]any); isArr {
		// Google wraps its envelope in an array; take the first element that says something.
		for _, el := range arr {
			if info, ok := fromJSON(el); ok {
				return info, true
			}
		}
		return Info{}, false
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		return Info{}, false
	}
	var info Info
	info.RequestID = str(m["request_id"])
	switch e := m["error"].(type) {
	case map[string]any:
		info.Type = str(e["type"])
		info.Message = str(e["message"])
		if d, ok := e["details"].(map[string]any); ok {
			info.Code = str(d["error_code"])
		}
		if info.RequestID == "" {
			info.RequestID = str(e["request_id"])
		}
		switch c := e["code"].(type) {
		case float64: // Google: {"error":{"code":429,"message":...,"status":"RESOURCE_EXHAUSTED"}}
			info.Shape = "google"
			info.Status = int(c)
			if info.Code == "" {
				info.Code = str(e["status"])
			}
		case string: // OpenAI-compatible: {"error":{"code":"rate_limit_error","type":...,"param":null}}
			info.Shape = "openai"
			if info.Code == "" {
				info.Code = c
			}
		}
		if info.Shape == "" {
			if _, hasParam := e["param"]; hasParam {
				info.Shape = "openai"
			} else if str(m["type"]) == "error" {
				info.Shape = "anthropic"
			} else {
				info.Shape = "edge"
			}
		}
		if info.Message == "" {
			// The older claude.ai limit body: {"error":{"resets_at":...}}.
			if t, ok := epoch(e["resets_at"]); ok {
				info.Type, info.ResetsAt = "exceeded_limit", t
			}
		}
	case string:
		info.Shape = "text"
		info.Message = e
	default:
		// AWS: {"message": "..."} with the error type in a header or "__type".
		if msg := firstStr(m, "message", "Message", "detail", "error_message", "errorMessage"); msg != "" {
			info.Shape = "aws"
			info.Message = msg
			info.Code = awsType(firstStr(m, "__type", "code", "Code"))
		} else if str(m["type"]) == "exceeded_limit" {
			nestedLimit(&info, m)
		} else {
			return Info{}, false
		}
	}
	// claude.ai puts a whole JSON object, escaped, inside error.message.
	if strings.HasPrefix(strings.TrimSpace(info.Message), "{") {
		var nested map[string]any
		if json.Unmarshal([]byte(info.Message), &nested) == nil {
			if str(nested["type"]) == "exceeded_limit" {
				nestedLimit(&info, nested)
			} else if ninfo, ok := fromJSON(nested); ok && ninfo.Message != "" {
				if info.Type == "" {
					info.Type = ninfo.Type
				}
				info.Message = ninfo.Message
				if info.Code == "" {
					info.Code = ninfo.Code
				}
			}
		}
	}
	info.Message = clean(info.Message)
	info.Type = clean(info.Type)
	info.Code = clean(info.Code)
	info.RequestID = clean(info.RequestID)
	return info, info.Type != "" || info.Message != "" || info.Code != ""
}

// nestedLimit fills info from claude.ai's usage-limit object
// {"type":"exceeded_limit","resetsAt":1767225600,"representativeClaim":"five_hour",...}.
func nestedLimit(info *Info, m map[string]any) {
	info.Type = "exceeded_limit"
	info.Claim = firstStr(m, "representativeClaim", "representative_claim")
	if t, ok := epoch(m["resetsAt"]); ok {
		info.ResetsAt = t
	} else if t, ok := epoch(m["resets_at"]); ok {
		info.ResetsAt = t
	}
	info.Message = "usage limit exceeded"
	if info.Claim != "" {
		info.Message += " (" + info.Claim + ")"
	}
}

var (
	titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	h1RE    = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`) // compiled once, not per page
)

// isHTML reports whether the body is a web page rather than an API answer.
func isHTML(b []byte) bool {
	head := bytes.ToLower(b[:min(len(b), 1024)])
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<title")) || bytes.HasPrefix(head, []byte("<head"))
}

// fromHTML reads a page: its <title> says what it is ("502 Bad Gateway", "Just a moment...",
// "App unavailable"); Cloudflare's pages state their own status in the title.
func fromHTML(b []byte) (Info, bool) {
	info := Info{Shape: "html"}
	if m := titleRE.FindSubmatch(b); m != nil {
		info.Message = clean(html.UnescapeString(string(m[1])))
	}
	if info.Message == "" {
		if h1 := h1RE.FindSubmatch(b); h1 != nil {
			info.Message = clean(html.UnescapeString(stripTags(string(h1[1]))))
		}
	}
	low := bytes.ToLower(b)
	if bytes.Contains(low, []byte("cloudflare")) || bytes.Contains(low, []byte("cf-ray")) || bytes.Contains(low, []byte("ray id")) {
		info.Code = "cloudflare"
	}
	if bytes.Contains(low, []byte("challenge-platform")) || bytes.Contains(low, []byte("_cf_chl_opt")) ||
		bytes.Contains(low, []byte("enable javascript and cookies to continue")) {
		info.Code = "cloudflare-challenge"
	}
	if bytes.Contains(low, []byte("only available in certain regions")) || bytes.Contains(low, []byte("app-unavailable-in-region")) {
		info.Code = "region-unavailable"
		if info.Message == "" {
			info.Message = "App unavailable"
		}
	}
	// "502 Bad Gateway", "520: Web server is returning an unknown error | example.com | Cloudflare"
	if len(info.Message) >= 3 {
		if n, err := strconv.Atoi(info.Message[:3]); err == nil && n >= 400 && n < 600 {
			info.Status = n
		}
	}
	return info, info.Message != "" || info.Code != ""
}

// fromText reads a plain-text body: its first non-empty line is the message (Envoy's
// "upstream connect error or disconnect/reset before headers", a proxy's refusal).
func fromText(b []byte) (Info, bool) {
	for _, line := range bytes.Split(b, []byte("\n")) {
		if l := clean(string(line)); l != "" {
			return Info{Shape: "text", Message: l}, true
		}
	}
	return Info{}, false
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return tagRE.ReplaceAllString(s, "") }

// clean redacts, folds white space and bounds a string for an Event.
func clean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return model.Clip(redact.Text(s), model.MaxMessage)
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

func firstStr(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s := str(m[k]); s != "" {
			return s
		}
	}
	return ""
}

// awsType turns "com.amazon.coral.service#ThrottlingException" into "ThrottlingException".
func awsType(s string) string {
	if i := strings.LastIndexByte(s, '#'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	return s
}

// epoch reads a reset time written as epoch seconds (number or string) or RFC 3339.
func epoch(v any) (time.Time, bool) {
	switch x := v.(type) {
	case float64:
		if x > 1e12 { // milliseconds
			return time.UnixMilli(int64(x)).UTC(), true
		}
		if x > 0 {
			return time.Unix(int64(x), 0).UTC(), true
		}
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			return t, true
		}
		if n, err := strconv.ParseFloat(x, 64); err == nil {
			return epoch(n)
		}
	}
	return time.Time{}, false
}
