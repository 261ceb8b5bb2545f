package errbody

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/internal/fold"
)

// MaxFind bounds how much of a text Find examines: it is called on log lines that look
// like failures, and a record longer than this is a payload dump whose head says enough.
const MaxFind = 64 << 10

// Find scans arbitrary text (one log line, or the lines of one record joined with '\n')
// for error evidence anywhere in it and returns what that evidence says. The Info is
// redacted and bounded like Parse's. ok is false when the text holds no error evidence.
//
// Evidence is an error object in any notation and at any depth (see scanPairs), an HTTP
// error status in any phrasing (see findStatus), an error page or a CDN's fragment of one,
// or an SSE error event. The innermost Anthropic, Bedrock or Vertex error decides Type and
// Message; a wrapper's status is kept in OuterStatus when it contradicts that error.
// A "message" alone (any JSON log line has one) is not evidence.
func Find(text []byte) (Info, bool) {
	if len(text) > MaxFind {
		text = text[:MaxFind]
	}
	text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(text)) == 0 {
		return Info{}, false
	}
	low := fold.LowerBytes(text)
	var info Info
	found := false
	if bytes.IndexByte(text, ':') >= 0 || bytes.IndexByte(text, '=') >= 0 {
		var score int
		info, found, score = fromPairs(scanPairs(text))
		if bytes.IndexByte(text, '\n') >= 0 {
			// A terminal wraps a long line anywhere, even inside a key or between an escape's
			// backslashes and its quote; the record joined without its breaks may hold a
			// more specific or deeper error than the broken one.
			joined := unwrapLines(text)
			if again, ok, s := fromPairs(scanPairs(joined)); ok && s > score {
				info, found = again, true
			}
		}
	}
	if info.Type == "" && info.Code == "" && strings.Contains(info.Message, " is not authorized to perform: ") &&
		strings.Contains(info.Message, "arn:aws") {
		// IAM's denial, whose code a truncated or reshaped body lost: AWS answers it only
		// with AccessDeniedException.
		info.Shape, info.Code = "aws", "AccessDeniedException"
	}
	if info.Type == "" && info.Code == "" {
		if code, msg, ok := findAWSName(text, low); ok {
			info.Shape, info.Code, found = "aws", code, true
			if m := clean(msg); m != "" {
				info.Message = m
			}
		}
	}
	if info.Type == "" && info.Code == "" {
		// gRPC and Google client libraries print the canonical status word alone.
		for _, w := range googleWords {
			if indexWord(text, []byte(w)) >= 0 {
				info.Shape, info.Code, info.Status, found = "google", w, googleStatus[w], true
				break
			}
		}
	}
	if st, ok := findStatus(low, text); ok {
		if info.Status == 0 {
			info.Status = st.status
		}
		if info.Message == "" && info.Type == "" && info.Code == "" {
			info.Message = clean(restOfLine(text, st.end))
		}
		found = true
	}
	if page, ok := findPage(text, low); ok && (!found || info.Type == "") {
		if info.Status == 0 {
			info.Status = page.Status
		}
		info.Shape, info.Code = page.Shape, page.Code
		if page.Message != "" {
			info.Message = page.Message // the page's title says more than the words after a status
		}
		found = true
	}
	if i := indexSSEError(low); i >= 0 {
		info.InStream = true
		if info.Shape == "" {
			info.Shape = "sse"
		}
		found = true
	}
	if !found {
		return Info{}, false
	}
	if info.Shape == "" {
		info.Shape = "status"
	}
	reconcile(&info)
	info.Provider = provider(&info, low)
	return info, true
}

// googleWords are the canonical status words that mean an error wherever they stand; the
// short ones (UNAVAILABLE, INTERNAL, NOT_FOUND) also name constants and log levels.
var googleWords = []string{"RESOURCE_EXHAUSTED", "PERMISSION_DENIED", "INVALID_ARGUMENT", "UNAUTHENTICATED",
	"DEADLINE_EXCEEDED", "FAILED_PRECONDITION"}

// anthropicStatus is the status each of Anthropic's error types comes with; it also marks
// the types that are Anthropic's (and Bedrock's and Vertex's, which pass them through).
var anthropicStatus = map[string]int{
	"invalid_request_error": 400, "authentication_error": 401, "billing_error": 402,
	"permission_error": 403, "not_found_error": 404, "conflict_error": 409, "request_too_large": 413,
	"rate_limit_error": 429, "api_error": 500, "timeout_error": 504, "overloaded_error": 529,
	"exceeded_limit": 429,
}

// openaiCodes are error types and codes only OpenAI (and gateways in front of it) write.
var openaiCodes = map[string]bool{
	"insufficient_quota": true, "invalid_api_key": true, "model_not_found": true,
	"context_length_exceeded": true, "rate_limit_exceeded": true, "billing_hard_limit_reached": true,
	"billing_not_active": true,
}

// rank says how specific an error-naming pair is; 0 means it names no error.
func rank(p pair) int {
	v := p.val
	switch p.kind {
	case kType:
		if _, ok := anthropicStatus[v]; ok {
			return 4
		}
		if openaiCodes[v] {
			return 3
		}
		if v == "forbidden" || strings.HasSuffix(v, "Exception") {
			return 2
		}
		if strings.HasSuffix(v, "_error") || strings.HasSuffix(v, "Error") && v != "Error" {
			return 1
		}
	case kAWSType:
		if v != "" {
			return 2
		}
	case kName:
		if strings.HasSuffix(v, "Exception") {
			return 2
		}
	case kCode:
		if openaiCodes[v] {
			return 3
		}
		if _, ok := googleStatus[v]; ok {
			return 2
		}
	case kStatus:
		if _, ok := googleStatus[v]; ok {
			return 2
		}
	}
	return 0
}

// fromPairs picks the error the pairs describe: the most specific error-naming pair, the
// innermost among equals, and the message, code, status and request id nearest to it at
// the same nesting.
//
// score orders results: how specific the error is, then how deep (0 when no error is named).
func fromPairs(pairs []pair) (info Info, ok bool, score int) {
	best := -1
	for k, p := range pairs {
		r := rank(p)
		if r == 0 {
			continue
		}
		if best < 0 || r > rank(pairs[best]) || r == rank(pairs[best]) && p.nest > pairs[best].nest {
			best = k
		}
	}
	// statuses stated by keys: "code": "404", "httpStatusCode": 429, "status": 400
	status := func(near int, nest int) int {
		got, dist := 0, 0
		for _, p := range pairs {
			if p.kind != kStatus && p.kind != kCode {
				continue
			}
			n, err := strconv.Atoi(p.val)
			if err != nil || n < 400 || n > 599 || len(p.val) != 3 {
				continue
			}
			d := abs(p.pos - near)
			if nest >= 0 && p.nest != nest {
				d += MaxFind
			}
			if got == 0 || d < dist {
				got, dist = n, d
			}
		}
		return got
	}
	if best < 0 {
		// No error named: a keyed status ("$metadata": {"httpStatusCode": 429}) is still evidence.
		// An error object with a message and nothing else: {"error":{"message":"User: arn:aws:sts::...
		// is not authorized to perform: bedrock:InvokeModel..."}}
		for _, p := range pairs {
			if p.kind != kError || p.val != "{" {
				continue
			}
			for _, m := range pairs {
				if m.kind == kMessage && m.nest == p.nest && m.pos > p.pos && m.pos-p.pos < 64 && m.val != "" {
					info.Message, info.Shape = clean(m.val), "edge"
					info.Status = status(p.pos, -1)
					return info, true, 0
				}
			}
		}
		if n := status(0, -1); n != 0 {
			info.Status = n
			info.Shape = "status"
			info.RequestID = clean(nearest(pairs, kRequestID, 0, -1, -1))
			return info, true, 0
		}
		return Info{}, false, 0
	}
	t := pairs[best]
	switch {
	case t.kind == kType && !strings.HasSuffix(t.val, "Exception"):
		info.Type = t.val
	case t.kind == kType || t.kind == kAWSType || t.kind == kName:
		info.Code = awsType(t.val)
	default: // a Google status word
		info.Code = t.val
		info.Status = googleStatus[t.val]
	}
	if _, ok := anthropicStatus[info.Type]; ok {
		info.Shape = "anthropic"
	} else if openaiCodes[info.Type] || openaiCodes[info.Code] {
		info.Shape = "openai"
	} else if info.Status != 0 {
		info.Shape = "google"
	} else if info.Code != "" {
		info.Shape = "aws"
	} else {
		info.Shape = "edge"
	}
	if info.Type != "" && openaiCodes[info.Type] {
		info.Code, info.Type = info.Type, ""
	}
	info.Repr = t.quote == '\''
	msg := nearest(pairs, kMessage, t.pos, t.nest, 2048)
	if msg == "" {
		msg = nearest(pairs, kError, t.pos, t.nest, 2048)
	}
	info.Message = msg
	if info.Code == "" {
		info.Code = nearest(pairs, kErrorCode, t.pos, t.nest, 2048)
	}
	if info.Code == "" {
		if c := nearest(pairs, kCode, t.pos, t.nest, 512); c != "" && !isDigits(c) {
			info.Code = c
		}
	}
	if info.Code == "" && info.Type != "" {
		if c := nearest(pairs, kAWSType, t.pos, -1, 2048); c != "" {
			info.Code = awsType(c)
		}
	}
	if n := status(t.pos, t.nest); n != 0 && info.Status == 0 {
		info.Status = n
	}
	info.RequestID = nearest(pairs, kRequestID, t.pos, -1, -1)
	if info.Type == "exceeded_limit" {
		info.Claim = nearest(pairs, kClaim, t.pos, -1, 2048)
		for _, p := range pairs {
			if p.kind == kResets {
				if n, err := strconv.ParseFloat(p.val, 64); err == nil {
					info.ResetsAt, _ = epoch(n)
				} else {
					info.ResetsAt, _ = epoch(p.val)
				}
				break
			}
		}
		if info.Message == "" || strings.HasPrefix(info.Message, "{") {
			info.Message = "usage limit exceeded"
			if info.Claim != "" {
				info.Message += " (" + info.Claim + ")"
			}
		}
	}
	info.Type, info.Code = clean(info.Type), clean(info.Code)
	info.Message, info.RequestID, info.Claim = clean(info.Message), clean(info.RequestID), clean(info.Claim)
	return info, true, rank(t)*64 + min(t.nest, 63)
}

// nearest returns the value of the pair of kind k closest to pos, at nesting nest (any when
// nest < 0), within limit bytes (any distance when limit < 0), whose string does not enclose
// pos: an enclosing message is the wrapper's, not this error's.
func nearest(pairs []pair, k keyKind, pos, nest, limit int) string {
	got, dist := "", 0
	for _, p := range pairs {
		if p.kind != k || p.val == "" || p.val == "{" || (nest >= 0 && p.nest != nest) {
			continue
		}
		if p.vs <= pos && pos < p.ve {
			continue
		}
		d := abs(p.pos - pos)
		if limit >= 0 && d > limit {
			continue
		}
		if got == "" || d < dist {
			got, dist = p.val, d
		}
	}
	return got
}

// reconcile checks the status against the error type. A status that an Anthropic error
// type contradicts is a wrapper's (a proxy's 429 around an
// invalid_request_error): the type's own status wins and the wrapper's is kept aside.
func reconcile(info *Info) {
	want, ok := anthropicStatus[info.Type]
	if !ok || info.Status == 0 || compatible(info.Type, info.Status) {
		return
	}
	info.OuterStatus, info.Status = info.Status, want
}

// compatible reports whether status is one an Anthropic error type is answered with.
func compatible(typ string, status int) bool {
	switch typ {
	case "invalid_request_error":
		return status >= 400 && status < 500 && status != 401 && status != 403 && status != 404 && status != 429
	case "overloaded_error":
		return status == 529 || status == 503 || status == 500
	case "api_error":
		return status >= 500
	case "timeout_error":
		return status == 504 || status == 408 || status >= 500
	case "request_too_large":
		return status == 413
	case "exceeded_limit", "rate_limit_error":
		return status == 429
	}
	return status == anthropicStatus[typ]
}

// indexSSEError finds an SSE error event: "event: error" as its own line or after a
// wrapper's "Original response:".
func indexSSEError(low []byte) int {
	for off := 0; ; {
		i := bytes.Index(low[off:], []byte("event: error"))
		if i < 0 {
			return -1
		}
		i += off
		end := i + len("event: error")
		if (i == 0 || low[i-1] == '\n' || low[i-1] == ' ' || low[i-1] == '"') &&
			(end == len(low) || low[end] == '\n' || low[end] == '\r' || low[end] == ' ' || low[end] == '\\' || low[end] == '"') {
			return i
		}
		off = end
	}
}

// findPage reads an error page or its fragments anywhere in the text.
func findPage(text, low []byte) (Info, bool) {
	var info Info
	ok := false
	if i := bytes.Index(low, []byte("<title")); i >= 0 {
		info, ok = fromHTML(text[i:])
	} else if i := bytes.Index(low, []byte("<html")); i >= 0 {
		info, ok = fromHTML(text[i:])
	}
	has := func(s string) bool { return bytes.Contains(low, []byte(s)) }
	if has("_cf_chl_opt") || has("challenge-platform") || has("enable javascript and cookies to continue") ||
		has("<title>just a moment") || has("cf-mitigated: challenge") {
		info.Shape, info.Code, ok = "html", "cloudflare-challenge", true
		if info.Message == "" {
			info.Message = "Enable JavaScript and cookies to continue"
		}
	} else if has("only available in certain regions") || has("app-unavailable-in-region") {
		info.Shape, info.Code, ok = "html", "region-unavailable", true
		if info.Message == "" {
			info.Message = "App unavailable"
		}
	} else if i := bytes.Index(low, []byte("errorcode_")); i >= 0 {
		if n, isNum := num3(low, i+len("errorcode_")); isNum && n >= 400 && n <= 599 {
			info.Shape, info.Code, info.Status, ok = "html", "cloudflare", n, true
			if info.Message == "" {
				info.Message = strconv.Itoa(n) + " " + reasons[n]
			}
		}
	}
	if !ok {
		// Cloudflare's own block codes, as its plain-text bodies and pages write them:
		// "error code: 1020" (a firewall rule), 1009 (the country is banned), 1015 (rate limited).
		for _, kw := range []string{"error code: ", "error "} {
			i := bytes.Index(low, []byte(kw))
			if i < 0 {
				continue
			}
			j := i + len(kw)
			if n, isNum := num4(low, j); isNum && cfBlocks[n] != 0 {
				info.Shape, info.Code, info.Status, ok = "html", "cloudflare", cfBlocks[n], true
				if info.Message == "" {
					info.Message = "error code: " + strconv.Itoa(n)
				}
				break
			}
		}
	}
	return info, ok
}

// cfBlocks are Cloudflare's block codes and the status it serves them with.
var cfBlocks = map[int]int{1006: 403, 1007: 403, 1008: 403, 1009: 403, 1010: 403, 1012: 403, 1015: 429, 1020: 403}

// num4 reads a four-digit number at b[i] that no digit follows.
func num4(b []byte, i int) (int, bool) {
	n3, ok := num3(b[:min(len(b), i+3)], i)
	if !ok || i+3 >= len(b) || b[i+3] < '0' || b[i+3] > '9' || i+4 < len(b) && b[i+4] >= '0' && b[i+4] <= '9' {
		return 0, false
	}
	return n3*10 + int(b[i+3]-'0'), true
}

// provider says whose error the evidence is, so that rules do not blame Claude for
// another provider's failure.
func provider(info *Info, low []byte) string {
	has := func(s string) bool { return bytes.Contains(low, []byte(s)) }
	if openaiCodes[info.Code] || info.Shape == "openai" && (has("openai") || has("insufficient_quota")) {
		return "openai"
	}
	_, anth := anthropicStatus[info.Type]
	switch {
	case has("bedrock") || has("amazonaws.com") || has("invokemodel") || info.Shape == "aws" && (has("anthropic") || has("claude") || has("model")):
		return "bedrock"
	case has("aiplatform.googleapis") || has("vertex") || has("req_vrtx_") ||
		info.Shape == "google" && (has("anthropic") || has("claude")):
		return "vertex"
	case anth:
		return "anthropic"
	case info.Shape == "html" && strings.HasPrefix(info.Code, "cloudflare"):
		return "cloudflare"
	case has("api.openai.com") || has("openai.azure.com") || has("openaiexception") || has("insufficient_quota") ||
		has("openai.ratelimiterror"):
		return "openai"
	case has("anthropic") || has("claude"):
		return "anthropic"
	case has("generativelanguage.googleapis.com") || has("gemini"):
		return "gemini"
	case info.Shape == "html" && (has("cloudflare") || has("cf-ray")):
		return "cloudflare"
	}
	return ""
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// unwrapLines removes line breaks, which a terminal inserts at any column.
func unwrapLines(text []byte) []byte {
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		if c := text[i]; c == '\n' || c == '\r' {
			continue
		}
		out = append(out, text[i])
	}
	return out
}
