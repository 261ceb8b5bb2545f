package rules

import (
	"strings"
	"testing"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
)

func TestLocalHost(t *testing.T) {
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"127.0.0.1:8787", true},
		{"localhost", true},
		{"LOCALHOST:4000", true},
		{"[::1]:8080", true},
		{"0.0.0.0:3000", true},
		{"host.docker.internal:11434", true},
		{"10.1.2.3", true},
		{"192.168.1.20:8000", true},
		{"172.16.0.5", true},
		{"172.31.255.1:443", true},
		{"litellm.local:4000", true},
		// near misses
		{"172.32.0.1", false},
		{"172.15.0.1", false},
		{"api.anthropic.com", false},
		{"gateway.example.com:8443", false},
		{"127example.com", false},
		{"", false},
	} {
		if got := localHost(tc.host); got != tc.want {
			t.Errorf("localHost(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
}

func TestHostIs(t *testing.T) {
	for _, tc := range []struct {
		host, domain string
		want         bool
	}{
		{"api.openai.com", "api.openai.com", true},
		{"API.OpenAI.com:443", "api.openai.com", true},
		{"myres.openai.azure.com", "openai.azure.com", true},
		// near misses: a suffix that is not a whole label, another host
		{"notapi.openai.com", "api.openai.com", false},
		{"api.openai.com.evil.example", "api.openai.com", false},
		{"openai.com", "api.openai.com", false},
	} {
		if got := hostIs(tc.host, tc.domain); got != tc.want {
			t.Errorf("hostIs(%q, %q) = %v, want %v", tc.host, tc.domain, got, tc.want)
		}
	}
}

// TestOtherProvider covers the gate's decisions that the classify table does not name
// directly: the host decides before the text, a Claude host always stays Claude's.
func TestOtherProvider(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    model.Event
		want bool
	}{
		{"OpenAI host", model.Event{Host: "api.openai.com", Status: 429}, true},
		{"Azure OpenAI host with a port", model.Event{Host: "corp.openai.azure.com:443", Status: 429}, true},
		{"OpenAIException text", model.Event{Status: 429, Message: "OpenAIException - Rate limit reached"}, true},
		{"insufficient_quota code", model.Event{Status: 429, ErrorCode: "insufficient_quota"}, true},
		{"OpenAI's own 429 wording", model.Event{Status: 429, Exception: "openai.RateLimitError", Message: "Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM)"}, true},
		{"a Vertex quota for a Gemini model", model.Event{Status: 429, ErrorCode: "RESOURCE_EXHAUSTED", Message: "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute_per_project_per_base_model with base model: gemini-2.5-pro"}, true},
		{"a Vertex quota for a Claude model", model.Event{Status: 429, ErrorCode: "RESOURCE_EXHAUSTED", Message: "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2"}, false},
		{"the openai SDK class alone is no other provider", model.Event{Status: 429, Exception: "openai.RateLimitError", Message: "Error code: 429 - rate_limit_error"}, false},
		// near misses
		{"Claude host, OpenAI words", model.Event{Host: "api.anthropic.com", Platform: model.PlatformAPI, Message: "OpenAIException insufficient_quota"}, false},
		{"both providers named", model.Event{Message: "OpenAIException; fallback to anthropic failed"}, false},
		{"a gateway that serves Claude", model.Event{Host: "openrouter.ai", Status: 429, Message: "Rate limit exceeded"}, false},
		{"no provider named", model.Event{Status: 429, Message: "Too many requests"}, false},
	} {
		e := tc.e
		if got := otherProvider(&e); got != tc.want {
			t.Errorf("%s: otherProvider = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestContainsFold(t *testing.T) {
	for _, tc := range []struct {
		s, sub string
		want   bool
	}{
		{"Output Blocked By Content Filtering Policy", "content filtering policy", true},
		{"x `Thinking` or `redacted_thinking`", "`thinking` or `redacted_thinking`", true},
		{"used 90% of your session limit", "% of your", true},
		{"You’ve hit your limit", "you’ve hit your", true},
		{"", "", true},
		{"abc", "", true},
		// near misses
		{"content filter", "content filtering", false},
		{"You’ve hit your limit", "you've hit your", false}, // typographic apostrophe compares exactly
		{"ab", "abc", false},
	} {
		if got := containsFold(tc.s, tc.sub); got != tc.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", tc.s, tc.sub, got, tc.want)
		}
	}
}

// FuzzContainsFold checks containsFold's first-byte skip against the plain definition.
func FuzzContainsFold(f *testing.F) {
	f.Add("Output Blocked By Content Filtering Policy", "content filtering")
	f.Add("`THINKING` or", "`thinking`")
	f.Add("90% OF YOUR", "% of your")
	f.Add("aAaAb", "aab")
	f.Fuzz(func(t *testing.T, s, sub string) {
		sub = fold.Lower(sub)
		want := strings.Contains(fold.Lower(s), sub)
		if got := containsFold(s, sub); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
	})
}

func TestRootURLIn(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"404 Client Error: Not Found for url: https://api.anthropic.com/", true},
		{"GET https://api.anthropic.com returned 404", true},
		{"url='https://api.anthropic.com/'.", true},
		{"(https://api.anthropic.com/)", true},
		// near misses
		{"404 Not Found for url: https://api.anthropic.com/v1/messages", false},
		{"POST https://api.anthropic.com/ then https://api.anthropic.com/v1/messages", false},
		{"https:///", false},
		{"no url here", false},
		{"https://host/?q=1", false},
	} {
		if got := rootURLIn(tc.s); got != tc.want {
			t.Errorf("rootURLIn(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// FuzzRootURLIn checks rootURLIn's properties: a root needs a scheme separator, a space
// after the text changes nothing (it ends a URL anyway), and a root URL set between
// spaces after text without a URL is found.
func FuzzRootURLIn(f *testing.F) {
	f.Add("Not Found for url:", "api.anthropic.com")
	f.Add("x", "localhost:8080")
	f.Add("https://a/b", "h")
	f.Fuzz(func(t *testing.T, prefix, host string) {
		if rootURLIn(prefix) && !strings.Contains(prefix, "://") {
			t.Errorf("rootURLIn(%q) without a scheme separator", prefix)
		}
		if rootURLIn(prefix) != rootURLIn(prefix+" ") {
			t.Errorf("rootURLIn(%q) changes with a trailing space", prefix)
		}
		if strings.Contains(prefix, "://") || host == "" || strings.ContainsAny(host, "/ \t\n'\"`)<>,;.:") {
			return
		}
		if s := prefix + " https://" + host + "/ "; !rootURLIn(s) {
			t.Errorf("rootURLIn(%q) missed the root URL", s)
		}
	})
}

// FuzzLocalHost checks localHost's properties: ASCII case does not matter, and a port does not
// change the answer for a host name or IPv4 address.
func FuzzLocalHost(f *testing.F) {
	for _, h := range []string{"127.0.0.1", "localhost", "172.20.1.1", "172.40.1.1", "api.anthropic.com", "10.0.0.8"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		// ASCII upper case only: Unicode case mapping turns "ſ" into "S", which is another host.
		upper := []byte(h)
		for i, c := range upper {
			if 'a' <= c && c <= 'z' {
				upper[i] = c - ('a' - 'A')
			}
		}
		if got, up := localHost(h), localHost(string(upper)); got != up {
			t.Errorf("localHost(%q) = %v but %v upper-cased", h, got, up)
		}
		if strings.ContainsAny(h, ":[]") {
			return
		}
		if got, port := localHost(h), localHost(h+":8080"); got != port {
			t.Errorf("localHost(%q) = %v but %v with a port", h, got, port)
		}
	})
}
