package errbody

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Info
		ok   bool
	}{
		{"anthropic envelope", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}`,
			Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", RequestID: "req_011CSHoEeqs5C35K2UUqR7Fy", Provider: "anthropic"}, true},
		{"spend cap details", `{"type":"error","error":{"type":"rate_limit_error","message":"You have reached your API usage limits","details":{"error_code":"enforced_spend_limit_reached"}},"request_id":"req_1"}`,
			Info{Shape: "anthropic", Type: "rate_limit_error", Code: "enforced_spend_limit_reached", Message: "You have reached your API usage limits", RequestID: "req_1", Provider: "anthropic"}, true},
		{"session invalid", `{"type":"error","error":{"type":"permission_error","message":"Invalid authorization","details":{"error_code":"account_session_invalid","error_visibility":"user_facing"}},"request_id":null}`,
			Info{Shape: "anthropic", Type: "permission_error", Code: "account_session_invalid", Message: "Invalid authorization", Provider: "anthropic"}, true},
		{"edge 413 without type", `{"error":{"type":"request_too_large","message":"Request exceeds the maximum size"}}`,
			Info{Shape: "edge", Type: "request_too_large", Message: "Request exceeds the maximum size", Provider: "anthropic"}, true},
		{"edge region 403", `{"error":{"type":"forbidden","message":"Request not allowed"}}`,
			Info{Shape: "edge", Type: "forbidden", Message: "Request not allowed"}, true},
		{"openai compatible", `{"error":{"code":"rate_limit_error","message":"slow down","type":"invalid_request_error","param":null}}`,
			Info{Shape: "openai", Type: "invalid_request_error", Code: "rate_limit_error", Message: "slow down", Provider: "anthropic"}, true},
		{"google array", `[{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_input_tokens_per_minute","status":"RESOURCE_EXHAUSTED"}}]`,
			Info{Shape: "google", Code: "RESOURCE_EXHAUSTED", Status: 429, Message: "Quota exceeded for aiplatform.googleapis.com/online_prediction_input_tokens_per_minute", Provider: "vertex"}, true},
		{"aws", `{"message":"Too many requests, please wait before trying again.","__type":"com.amazon.coral.service#ThrottlingException"}`,
			Info{Shape: "aws", Code: "ThrottlingException", Message: "Too many requests, please wait before trying again."}, true},
		{"claude.ai nested limit", `{"type":"error","error":{"type":"rate_limit_error","message":"{\"type\":\"exceeded_limit\",\"resetsAt\":1767225600,\"remaining\":null,\"perModelLimit\":false,\"representativeClaim\":\"five_hour\"}"}}`,
			Info{Shape: "anthropic", Type: "exceeded_limit", Message: "usage limit exceeded (five_hour)", Claim: "five_hour", ResetsAt: time.Unix(1767225600, 0).UTC(), Provider: "anthropic"}, true},
		{"python repr", `{'type': 'error', 'error': {'details': None, 'type': 'overloaded_error', 'message': 'Overloaded'}}`,
			Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Repr: true, Provider: "anthropic"}, true},
		{"python repr with quote inside", `{'error': {'message': "model's name: claude-2.1", 'type': 'not_found_error'}, 'type': 'error'}`,
			Info{Shape: "anthropic", Type: "not_found_error", Message: "model's name: claude-2.1", Repr: true, Provider: "anthropic"}, true},
		{"litellm bytes", `b'{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}'`,
			Info{Shape: "anthropic", Type: "rate_limit_error", Message: "Number of request tokens has exceeded your per-minute rate limit", Provider: "anthropic"}, true},
		{"cloudflare 502", `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>`,
			Info{Shape: "html", Message: "502 Bad Gateway", Code: "cloudflare", Status: 502, Provider: "cloudflare"}, true},
		{"challenge", `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script></body></html>`,
			Info{Shape: "html", Message: "Just a moment...", Code: "cloudflare-challenge", Provider: "cloudflare"}, true},
		{"region page", `<!doctype html><html><head><title>App unavailable</title></head><body>Unfortunately, Claude is only available in certain regions right now.</body></html>`,
			Info{Shape: "html", Message: "App unavailable", Code: "region-unavailable", Provider: "anthropic"}, true},
		{"envoy text", "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure\n",
			Info{Shape: "text", Message: "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure"}, true},
		{"error string", `{"error":"Unknown api key"}`, Info{Shape: "text", Message: "Unknown api key"}, true},
		{"gateway envelope around Claude's error", `{"error":{"message":"litellm.BadRequestError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 208656 tokens > 200000 maximum\"},\"request_id\":\"req_011CAbc\"}","type":"None","param":"None","code":"400"}}`,
			Info{Shape: "openai", Type: "invalid_request_error", Code: "400", Message: "prompt is too long: 208656 tokens > 200000 maximum", RequestID: "req_011CAbc", Provider: "anthropic"}, true},
		{"openai envelope stays openai", `{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`,
			Info{Shape: "openai", Type: "insufficient_quota", Code: "insufficient_quota", Message: "You exceeded your current quota, please check your plan and billing details.", Provider: "openai"}, true},
		{"body cut short", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_01`,
			Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", RequestID: "req_01", Provider: "anthropic"}, true},
		{"js object literal body", `{ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }`,
			Info{Shape: "anthropic", Type: "rate_limit_error", Message: "slow down", Provider: "anthropic"}, true},
		{"text body with the error after words", `upstream error: {"type":"error","error":{"type":"api_error","message":"Internal server error"}}`,
			Info{Shape: "anthropic", Type: "api_error", Message: "Internal server error", Provider: "anthropic"}, true},
		{"challenge without title", `<html><body><span id="challenge-error-text">Enable JavaScript and cookies to continue</span><script>window._cf_chl_opt={cType:'managed'}</script></body></html>`,
			Info{Shape: "html", Code: "cloudflare-challenge", Provider: "cloudflare"}, true},
		{"success body", `{"id":"msg_01","type":"message","content":[{"type":"text","text":"hello"}]}`, Info{}, false},
		{"empty", "  \n", Info{}, false},
		{"key echoed in message", `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}`,
			Info{Shape: "anthropic", Type: "authentication_error", Message: "invalid x-api-key: sk-ant-api03-[redacted:9a6eea71]", Provider: "anthropic"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Parse([]byte(tt.body))
			if ok != tt.ok || got != tt.want {
				t.Errorf("Parse(%s)\n got %+v, %v\nwant %+v, %v", tt.body, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseBoundsHugeBody(t *testing.T) {
	body := "<html><head><title>Big</title></head><body>" + strings.Repeat("x", 10<<20) + "</body></html>"
	got, ok := Parse([]byte(body))
	if !ok || got.Message != "Big" {
		t.Fatalf("got %+v %v", got, ok)
	}
}

func TestStream(t *testing.T) {
	tests := []struct {
		name string
		body string
		want StreamInfo
	}{
		{"complete", "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"text\":\"COMPLETION\"}}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
			StreamInfo{Started: true, Complete: true, Events: 4, StopReason: "end_turn"}},
		{"error after start", "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n",
			StreamInfo{Started: true, HasError: true, Events: 2, Error: Info{Shape: "anthropic", Type: "overloaded_error", Message: "Overloaded", Provider: "anthropic"}}},
		{"crlf and no trailing blank", "event: error\r\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}",
			StreamInfo{HasError: true, Events: 1, Error: Info{Shape: "anthropic", Type: "api_error", Message: "Internal server error", Provider: "anthropic"}}},
		{"limit exceeded", "event: message_limit\ndata: {\"type\":\"message_limit\",\"message_limit\":{\"type\":\"exceeded_limit\",\"resetsAt\":1767225600,\"windows\":{\"5h\":{\"status\":\"exceeded_limit\",\"resets_at\":1767225600,\"utilization\":1.0}}}}\n\n",
			StreamInfo{Events: 1, HasLimit: true, Utilization: 1, Limit: Info{Shape: "anthropic", Type: "exceeded_limit", Claim: "5h", Message: "usage limit exceeded (5h)", ResetsAt: time.Unix(1767225600, 0).UTC()}}},
		{"old claude.ai completion", "data: {\"type\":\"completion\",\"completion\":\"hi\",\"stop_reason\":null}\n\ndata: {\"type\":\"completion\",\"completion\":\"\",\"stop_reason\":\"stop_sequence\"}\n\n",
			StreamInfo{Started: true, Complete: true, Events: 2, StopReason: "stop_sequence"}},
		{"empty", "", StreamInfo{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Stream([]byte(tt.body)); got != tt.want {
				t.Errorf("Stream()\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
		`{'type': 'error', 'error': {'details': None}}`,
		`[{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}]`,
		`<html><title>x</title>`, `b'{"a":1}'`, `{"error":{"message":"{\"type\":\"exceeded_limit\",\"resetsAt\":\"x\"}"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		info, _ := Parse(b)
		if len(info.Message) > 420 {
			t.Fatalf("message not bounded: %d bytes", len(info.Message))
		}
		Stream(b)
	})
}

func BenchmarkParse(b *testing.B) {
	body := []byte(`{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your organization's rate limit of 30,000 input tokens per minute (org: 1b2c, model: claude-sonnet-4-6)."},"request_id":"req_011CV8zq"}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(body)
	}
}
