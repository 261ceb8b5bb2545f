package har

import (
	"fmt"
	"strings"
	"testing"
)

// TestConverterCaches holds the converter's URL and kept-header caches to the functions
// they remember, through hits, misses and the caches starting over when full.
func TestConverterCaches(t *testing.T) {
	var c converter
	urls := []string{"https://claude.ai/api/organizations/x/chat_conversations/y/completion",
		"https://user:pw@api.anthropic.com/v1/messages?key=sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA#f",
		"https://api.anthropic.com/v1/messages/sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"http://exa mple.com/%zz?q=prompt", "", "/relative/path", "https://" + strings.Repeat("a", 3000) + ".com/x"}
	names := []string{"origin", "location", "content-type", "server", "request-id", "cf-ray", "user-agent"}
	values := []string{"https://claude.ai", "https://x.example/cb?code=abc&state=s", "application/json",
		"Bearer sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA", " cloudflare ", ""}
	for round := 0; round < 3; round++ {
		for i := 0; i < 1500; i++ {
			u := urls[i%len(urls)]
			if i%3 == 0 {
				u = fmt.Sprintf("https://claude.ai/api/%d/x?token=t%d", i, i)
			}
			if got, want := c.cachedURL(u), readURL(u); got != want {
				t.Fatalf("cachedURL(%q) = %+v, want %+v", u, got, want)
			}
			n, v := names[i%len(names)], values[i%len(values)]
			if i%4 == 0 {
				v = fmt.Sprintf("%s-%d", v, i)
			}
			if got, want := c.keptHeader(n, v), keptHeader(n, v); got != want {
				t.Fatalf("keptHeader(%q, %q) = %+v, want %+v", n, v, got, want)
			}
		}
	}
	if len(c.urls) > maxURLCache || len(c.kept) > maxKeptCache {
		t.Errorf("caches grew past their bounds: %d URLs, %d headers", len(c.urls), len(c.kept))
	}
}
