package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// WriteSessionHAR writes a HAR of n small entries, the shape of a long claude.ai session
// recorded by a browser: about twenty request and twenty response headers each (a long
// cookie header among them), a cookie list, a query string, a short JSON or event-stream
// body, and one call in a hundred failed (429, 529, or no answer with Chrome's _error).
// About 5 KB an entry: 100 000 entries are about 510 MB. Secrets are fake, of the real shape.
func WriteSessionHAR(w *bufio.Writer, n int) error {
	rng := rand.New(rand.NewPCG(7, 8))
	t := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	if _, err := w.WriteString(harHead); err != nil {
		return err
	}
	for i := range n {
		if i > 0 {
			if _, err := w.WriteString(",\n"); err != nil {
				return err
			}
		}
		t = t.Add(time.Duration(100+rng.IntN(2000)) * time.Millisecond)
		if err := sessionEntry(w, i, rng, t); err != nil {
			return err
		}
	}
	_, err := w.WriteString(harTail)
	return err
}

const (
	sessionOrg  = "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"
	sessionUA   = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	sessionCook = "sessionKey=sk-ant-sid01-FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE-FAKEAA; " +
		"anthropic-device-id=0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b; " +
		"__cf_bm=FAKEcfbmFAKEcfbmFAKEcfbmFAKEcfbmFAKEcfbm-1732089600-1.0.1.1-FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE; " +
		"cf_clearance=FAKEclearanceFAKEclearanceFAKEclearance-1732089600-1.2.1.1-FAKEFAKEFAKEFAKE"
)

// sessionCookies is the request's cookie list, as Chrome writes it beside the cookie header.
var sessionCookies = func() string {
	var b strings.Builder
	for i, kv := range strings.Split(sessionCook, "; ") {
		name, value, _ := strings.Cut(kv, "=")
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"name": %q, "value": %q, "path": "/", "domain": ".claude.ai", "expires": "2027-11-20T08:00:00.000Z", "httpOnly": %t, "secure": true}`,
			name, value, i%2 == 0)
	}
	return b.String()
}()

// sessionEntry writes one entry of the session: a conversation fetch, a completion
// streamed back, or one of the small calls the page makes between them.
func sessionEntry(w io.Writer, i int, rng *rand.Rand, t time.Time) error {
	conv := fmt.Sprintf("%08x-1c2d-4e3f-8a9b-%012x", i/40, i/40)
	method, path, query := "GET", "/api/organizations/"+sessionOrg+"/chat_conversations/"+conv, "?tree=True&rendering_mode=messages&render_all_tools=true"
	status, mime := 200, "application/json"
	text := `{\"uuid\":\"` + conv + `\",\"name\":\"\",\"summary\":\"\",\"model\":\"claude-sonnet-4-5\",\"created_at\":\"2026-11-20T08:00:00.000000Z\",\"settings\":{\"preview_feature_uses_artifacts\":true},\"is_starred\":false,\"current_leaf_message_uuid\":\"` + conv + `\"}`
	post := ""
	switch i % 4 {
	case 1:
		method, path, query, mime = "POST", "/api/organizations/"+sessionOrg+"/chat_conversations/"+conv+"/completion", "", "text/event-stream"
		text = `event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"chatcompl_01FAKE\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"\",\"content\":[]}}\n\n` +
			`event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n` +
			`event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Sure, here is the summary you asked for.\"}}\n\n` +
			`event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n` +
			`event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n` +
			`event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n`
		post = `, "postData": {"mimeType": "application/json", "text": "{\"prompt\":\"Summarise the meeting notes in three bullet points, please.\",\"parent_message_uuid\":\"` + conv + `\",\"timezone\":\"Europe/Berlin\",\"attachments\":[],\"files\":[],\"rendering_mode\":\"messages\"}"}`
	case 2:
		path, query = "/api/organizations/"+sessionOrg+"/chat_conversations", "?limit=30&offset=0"
		text = `[{\"uuid\":\"` + conv + `\",\"name\":\"\",\"updated_at\":\"2026-11-20T08:00:00.000000Z\"}]`
	case 3:
		method, path, query = "POST", "/api/event_logging/batch", ""
		text = `{\"success\":true}`
		post = `, "postData": {"mimeType": "application/json", "text": "{\"events\":[{\"event_type\":\"page_view\",\"device_id\":\"0f1e2d3c\"}]}"}`
	}
	errField := ""
	switch i % 100 {
	case 37:
		status, mime = 429, "application/json"
		text = `{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of concurrent connections has exceeded your rate limit.\"}}`
	case 61:
		status, mime = 529, "application/json"
		text = `{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}`
	case 83:
		status, text, errField = 0, "", `, "_error": "net::ERR_HTTP2_PROTOCOL_ERROR"`
	}
	reqID := fmt.Sprintf("req_011CSession%08d", i)
	_, err := fmt.Fprintf(w, `    {
      "_initiator": {"type": "script"},
      "_priority": "High", "_resourceType": "fetch", "cache": {}, "connection": "443", "pageref": "page_1",
      "request": {
        "method": %q, "url": "https://claude.ai%s%s", "httpVersion": "http/2.0",
        "headers": [
          {"name": ":authority", "value": "claude.ai"}, {"name": ":method", "value": %q}, {"name": ":path", "value": "%s%s"}, {"name": ":scheme", "value": "https"},
          {"name": "accept", "value": "*/*"}, {"name": "accept-encoding", "value": "gzip, deflate, br, zstd"}, 
          {"name": "anthropic-device-id", "value": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"}, {"name": "content-type", "value": "application/json"},
          {"name": "cookie", "value": %q},
          {"name": "origin", "value": "https://claude.ai"}, {"name": "priority", "value": "u=1, i"}, {"name": "referer", "value": "https://claude.ai/chat/%s"},
          {"name": "sec-ch-ua", "value": "\"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\""}, {"name": "sec-ch-ua-mobile", "value": "?0"}, {"name": "sec-ch-ua-platform", "value": "\"Linux\""},
          {"name": "sec-fetch-dest", "value": "empty"}, {"name": "sec-fetch-mode", "value": "cors"}, {"name": "sec-fetch-site", "value": "same-origin"},
          {"name": "user-agent", "value": %q}
        ],
        "queryString": [{"name": "tree", "value": "True"}, {"name": "rendering_mode", "value": "messages"}],
        "cookies": [%s],
        "headersSize": -1, "bodySize": %d%s
      },
      "response": {
        "status": %d, "statusText": "", "httpVersion": "http/2.0",
        "headers": [
          {"name": "alt-svc", "value": "h3=\":443\"; ma=86400"}, {"name": "cache-control", "value": "no-store"}, {"name": "cf-cache-status", "value": "DYNAMIC"},
          {"name": "cf-ray", "value": "8f1c2a3b%08x-FRA"}, {"name": "content-encoding", "value": "br"}, {"name": "content-type", "value": %q},
          {"name": "date", "value": %q}, {"name": "request-id", "value": %q}, {"name": "server", "value": "cloudflare"},
          {"name": "set-cookie", "value": "__cf_bm=FAKEcfbmFAKEcfbmFAKEcfbm-1732089600-1.0.1.1-FAKE; path=/; expires=Wed, 20-Nov-26 08:30:00 GMT; domain=.claude.ai; HttpOnly; Secure; SameSite=None"},
          {"name": "strict-transport-security", "value": "max-age=31536000; includeSubDomains; preload"}, {"name": "vary", "value": "Accept-Encoding"}
        ],
        "cookies": [{"name": "__cf_bm", "value": "FAKEcfbmFAKEcfbmFAKEcfbm-1732089600-1.0.1.1-FAKE", "path": "/", "domain": ".claude.ai", "expires": "2026-11-20T08:30:00.000Z", "httpOnly": true, "secure": true, "sameSite": "None"}],
        "content": {"size": %d, "mimeType": %q, "text": "%s"},
        "redirectURL": "", "headersSize": -1, "bodySize": %d, "_transferSize": %d%s
      },
      "serverIPAddress": "160.79.104.10",
      "startedDateTime": %q,
      "time": %d.%03d,
      "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.3, "wait": %d.5, "receive": 2.1, "_blocked_queueing": 0.9}
    }`,
		method, path, query, method, path, query, sessionCook, conv, sessionUA, sessionCookies, len(post), post,
		status, i, mime, t.Format(time.RFC1123), reqID,
		len(text), mime, text, len(text), len(text)+300, errField,
		t.Format("2006-01-02T15:04:05.000Z"), 50+rng.IntN(3000), rng.IntN(1000), 40+rng.IntN(2000))
	return err
}
