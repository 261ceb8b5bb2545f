package hartest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Markers stand for conversation text. Every prompt in the sessions carries PromptMarker and
// every completion CompletionMarker, so a test can assert that no output ever holds them.
const (
	PromptMarker     = "PROMPT-MARKER-7f3a"
	CompletionMarker = "COMPLETION-MARKER-9c2e"
)

// Fake secrets of the real shapes (research/anthropic-errors.md §10): they match the scanners'
// patterns so that redaction is tested against what it will meet, and they are not keys.
var (
	// APIKey is the x-api-key of the SDK sessions: sk-ant-api03-, 93 characters, "AA".
	APIKey = "sk-ant-api03-" + fakeToken("api-key", 93) + "AA"
	// RevokedAPIKey is a second key, the one that was revoked in the auth session.
	RevokedAPIKey = "sk-ant-api03-" + fakeToken("revoked-key", 93) + "AA"
	// SessionKey is the claude.ai sessionKey cookie.
	SessionKey = "sk-ant-sid01-" + fakeToken("session-key", 86) + "-" + fakeToken("session-key-tail", 6) + "AA"
	// CFBM is the Cloudflare __cf_bm bot-management cookie.
	CFBM = fakeToken("cf-bm", 43) + "-1794000000-1.0.1.1-" + fakeToken("cf-bm-tail", 86)
	// CFClearance is the Cloudflare cf_clearance cookie.
	CFClearance = fakeToken("cf-clearance", 43) + "-1793990000-1.2.1.1-" + fakeToken("cf-clearance-tail", 120)
	// DeviceID is claude.ai's anthropic-device-id, a tracking id redaction lists hide.
	DeviceID = "a7c3e9f1-52b8-4d06-9e1f-6b2d8c4a0f37"
)

// Secrets lists every fake secret value the sessions contain; none may reach an output.
func Secrets() []string {
	return []string{APIKey, RevokedAPIKey, SessionKey, CFBM, CFClearance}
}

func fakeToken(seed string, n int) string {
	b := New(Proxy).Seed("secret/" + seed)
	return b.Token(n)
}

// day returns a fixed time in November 2026 (UTC).
func day(d, h, m, s, ms int) time.Time {
	return time.Date(2026, time.November, d, h, m, s, ms*int(time.Millisecond), time.UTC)
}

// ---------------------------------------------------------------------------------------
// claude.ai in a browser

const (
	orgUUID    = "4e0a1c72-9d3b-4f5e-8a61-2b7c9d0e3f14"
	webAssets  = "https://assets-proxy.anthropic.com/claude-ai/v2/assets/v1"
	webModel   = "claude-sonnet-4-6"
	claudeIP   = "160.79.104.10"
	assetsIP   = "34.36.57.103"
	apiIP      = "160.79.104.10"
	webVersion = "1.0.0"
)

// web drives a browser session on claude.ai: the page, its assets, the app's API calls.
type web struct {
	b     *Builder
	t     time.Time
	colo  string
	conv  string
	jsURL string
}

func newWeb(c Creator, seed string, start time.Time) *web {
	b := New(c).Seed(seed).Page("Claude", start)
	b.Host("claude.ai", claudeIP).Host("assets-proxy.anthropic.com", assetsIP)
	w := &web{b: b, t: start, colo: "FRA"}
	w.conv = b.UUID()
	w.jsURL = webAssets + "/main-app-7d1e0f3a.js"
	return w
}

// next moves the session clock on by d and returns the new time.
func (w *web) next(d time.Duration) time.Time { w.t = w.t.Add(d); return w.t }

func (w *web) cookies(e *Entry) *Entry {
	exp := day(30, 0, 0, 0, 0).AddDate(0, 1, 0)
	return e.Cookie(Cookie{Name: "sessionKey", Value: SessionKey, Path: "/", Domain: ".claude.ai", Expires: exp, HTTPOnly: true, Secure: true, SameSite: "Lax"}).
		Cookie(Cookie{Name: "lastActiveOrg", Value: orgUUID, Path: "/", Domain: ".claude.ai", Expires: exp, Secure: true, SameSite: "Lax"}).
		Cookie(Cookie{Name: "__cf_bm", Value: CFBM, Path: "/", Domain: ".claude.ai", Expires: w.t.Add(30 * time.Minute), HTTPOnly: true, Secure: true, SameSite: "None"}).
		Cookie(Cookie{Name: "cf_clearance", Value: CFClearance, Path: "/", Domain: ".claude.ai", Expires: exp, HTTPOnly: true, Secure: true, SameSite: "None"})
}

// edge adds the headers every answer from claude.ai's edge carries.
func (w *web) edge(e *Entry) *Entry {
	return e.RespHeader("cf-cache-status", "DYNAMIC").
		RespHeader("cf-ray", w.b.Ray(w.colo)).
		RespHeader("server", "cloudflare").
		RespHeader("strict-transport-security", "max-age=31536000; includeSubDomains; preload")
}

// document loads the app's HTML page.
func (w *web) document(path string) *Entry {
	e := w.b.Entry("GET", "https://claude.ai"+path).At(w.t).Took(212*time.Millisecond).Wait(168*time.Millisecond).
		Type("document").Initiator("other", "").Header("upgrade-insecure-requests", "1").
		Status(200).Body("text/html", `<!DOCTYPE html><html lang="en-US" class="h-screen antialiased"><head><meta charset="utf-8"><title>Claude</title><link rel="stylesheet" href="`+webAssets+`/app-3b9c.css"><script src="`+w.jsURL+`" defer></script></head><body class="min-h-screen"><div id="root"></div></body></html>`)
	w.cookies(e)
	return w.edge(e).RespHeader("content-encoding", "br").RespHeader("vary", "Accept-Encoding")
}

// assets loads n static files of the app (no cookies: another host).
func (w *web) assets(n int) {
	files := []struct{ name, kind, mime string }{
		{"app-3b9c.css", "stylesheet", "text/css"},
		{"main-app-7d1e0f3a.js", "script", "application/javascript"},
		{"framework-5f2a.js", "script", "application/javascript"},
		{"chat-page-c41d.js", "script", "application/javascript"},
		{"markdown-09be.js", "script", "application/javascript"},
		{"styrene-b-regular.woff2", "font", "font/woff2"},
		{"tiempos-text-regular.woff2", "font", "font/woff2"},
		{"claude-logo.svg", "image", "image/svg+xml"},
		{"composer-3e1a.js", "script", "application/javascript"},
		{"artifacts-7c20.js", "script", "application/javascript"},
		{"empty-state-hand.svg", "image", "image/svg+xml"},
		{"sidebar-5a81.js", "script", "application/javascript"},
	}
	doc := "https://claude.ai/new"
	for i := 0; i < n && i < len(files); i++ {
		f := files[i]
		size := int64(18000 + 9137*i)
		e := w.b.Entry("GET", webAssets+"/"+f.name).At(w.next(9*time.Millisecond)).Took(time.Duration(38+11*i)*time.Millisecond).
			Type(f.kind).Initiator("parser", doc).Status(200).Mime(f.mime, size).
			RespHeader("cache-control", "public, max-age=31536000, immutable").
			RespHeader("age", strconv.Itoa(81234+i*17)).
			RespHeader("via", "1.1 google")
		if f.kind == "image" {
			e.Body(f.mime, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 46 32"><path d="M32.73 0h-6.945L38.45 32h6.945z"/></svg>`)
		}
	}
}

// api is one fetch of claude.ai's JSON API by the app.
func (w *web) api(method, path string, took time.Duration) *Entry {
	e := w.b.Entry(method, "https://claude.ai/api"+path).At(w.t).Took(took).Type("fetch").Initiator("script", w.jsURL).
		Header("anthropic-client-platform", "web_claude_ai").
		Header("anthropic-client-version", webVersion).
		Header("anthropic-client-sha", "9f2c4be01d7a3c5e8b6f0a1d2e3c4b5a6f7e8d9c").
		Header("anthropic-device-id", DeviceID).
		Header("content-type", "application/json").
		Header("origin", "https://claude.ai").
		Header("referer", "https://claude.ai/chat/"+w.conv)
	w.cookies(e)
	return e
}

// json answers an API call with a JSON body and the edge's headers.
func (w *web) json(e *Entry, status int, body string) *Entry {
	e.Status(status).Body("application/json", body).RespHeader("request-id", w.b.RequestID()).RespHeader("via", "1.1 google")
	return w.edge(e)
}

// bootstrap is what the app fetches after the page loads.
func (w *web) bootstrap() {
	w.json(w.api("GET", "/organizations", 96*time.Millisecond).At(w.next(310*time.Millisecond)), 200,
		`[{"uuid":"`+orgUUID+`","name":"Personal","capabilities":["chat","claude_pro"],"rate_limit_tier":"default_claude_ai","active_flags":[]}]`)
	w.json(w.api("GET", "/organizations/"+orgUUID+"/chat_conversations?limit=30&starred=false&consistency=eventual", 143*time.Millisecond).At(w.next(40*time.Millisecond)), 200,
		`[{"uuid":"`+w.b.UUID()+`","name":"Quarterly planning notes","model":"`+webModel+`","created_at":"2026-11-02T08:12:44.120912Z","updated_at":"2026-11-02T08:31:02.401155Z","is_starred":false},{"uuid":"`+w.b.UUID()+`","name":"Regex for log lines","model":"`+webModel+`","created_at":"2026-10-29T16:40:11.004512Z","updated_at":"2026-10-29T16:52:37.218806Z","is_starred":false}]`)
}

// usage fetches the usage windows.
func (w *web) usage(five float64) *Entry {
	return w.json(w.api("GET", "/organizations/"+orgUUID+"/usage", 88*time.Millisecond).At(w.next(120*time.Millisecond)), 200,
		fmt.Sprintf(`{"five_hour":{"utilization":%g,"resets_at":"2026-11-%02dT15:00:00.000000+00:00"},"seven_day":{"utilization":%g,"resets_at":"2026-11-%02dT08:00:00.000000+00:00"},"seven_day_opus":null,"extra_usage":null}`,
			five*100, w.t.Day(), five*31, min(w.t.Day()+4, 30)))
}

// create starts a new conversation.
func (w *web) create() {
	w.json(w.api("POST", "/organizations/"+orgUUID+"/chat_conversations", 131*time.Millisecond).At(w.next(2*time.Second)).
		Post("application/json", `{"uuid":"`+w.conv+`","name":"","include_conversation_preferences":true}`), 201,
		`{"uuid":"`+w.conv+`","name":"","summary":"","model":null,"created_at":"`+w.t.Format("2006-01-02T15:04:05.000000Z")+`","settings":{"preview_feature_uses_artifacts":true},"is_starred":false,"current_leaf_message_uuid":null}`)
}

// read fetches the conversation tree.
func (w *web) read() *Entry {
	return w.json(w.api("GET", "/organizations/"+orgUUID+"/chat_conversations/"+w.conv+"?tree=True&rendering_mode=messages&render_all_tools=true", 164*time.Millisecond).At(w.next(350*time.Millisecond)), 200,
		`{"uuid":"`+w.conv+`","name":"Draft reply to the vendor","model":"`+webModel+`","chat_messages":[{"uuid":"`+w.b.UUID()+`","sender":"human","index":0,"content":[{"type":"text","text":"(earlier prompt, `+PromptMarker+`)"}]},{"uuid":"`+w.b.UUID()+`","sender":"assistant","index":1,"content":[{"type":"text","text":"(earlier answer, `+CompletionMarker+`)"}]}]}`)
}

// completion posts a message; the caller decides what comes back.
func (w *web) completion(kind, prompt string, took time.Duration) *Entry {
	e := w.api("POST", "/organizations/"+orgUUID+"/chat_conversations/"+w.conv+"/"+kind, took).
		At(w.next(3*time.Second)).Header("accept", "text/event-stream")
	if kind == "retry_completion" {
		return e.Post("application/json", `{"prompt":"","parent_message_uuid":"`+w.b.UUID()+`","timezone":"Europe/Berlin","locale":"en-US","rendering_mode":"messages"}`)
	}
	return e.Post("application/json", `{"prompt":"`+prompt+` `+PromptMarker+`","parent_message_uuid":"`+w.b.UUID()+`","timezone":"Europe/Berlin","personalized_styles":[{"type":"default","key":"Default","name":"Normal","isDefault":true}],"locale":"en-US","tools":[],"attachments":[],"files":[],"sync_sources":[],"rendering_mode":"messages"}`)
}

// streamHead is how every claude.ai completion stream begins.
func (w *web) streamHead() []SSE {
	return []SSE{
		{"message_start", `{"type":"message_start","message":{"id":"chatcompl_01` + w.b.Token(22) + `","type":"message","role":"assistant","model":"` + webModel + `","parent_uuid":"` + w.b.UUID() + `","uuid":"` + w.b.UUID() + `","content":[],"stop_reason":null,"stop_sequence":null}}`},
		{"content_block_start", `{"type":"content_block_start","index":0,"content_block":{"start_timestamp":"` + w.t.Format("2006-01-02T15:04:05.000000Z") + `","stop_timestamp":null,"type":"text","text":"","citations":[]}}`},
		{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Here is a first draft. "}}`},
	}
}

func messageLimit(kind string, util float64, resets int64) SSE {
	return SSE{"message_limit", fmt.Sprintf(`{"type":"message_limit","message_limit":{"type":"%s","resetsAt":null,"remaining":null,"perModelLimit":null,"windows":{"5h":{"status":"%s","resets_at":%d,"utilization":%g},"7d":{"status":"within_limit","resets_at":%d,"utilization":%g}}}}`,
		kind, kind, resets, util, resets+4*86400, util/3)}
}

// streamOK answers a completion with a whole stream.
func (w *web) streamOK(e *Entry, answer string, util float64) *Entry {
	ev := w.streamHead()
	ev = append(ev,
		SSE{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"` + answer + ` "}}`},
		SSE{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"` + CompletionMarker + `"}}`},
		SSE{"content_block_stop", `{"type":"content_block_stop","index":0,"stop_timestamp":"` + w.t.Add(e.dur).Format("2006-01-02T15:04:05.000000Z") + `"}`},
		SSE{"message_delta", `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null}}`},
		messageLimit("within_limit", util, w.t.Add(3*time.Hour).Truncate(time.Hour).Unix()),
		SSE{"message_stop", `{"type":"message_stop"}`},
	)
	e.Status(200).Stream(ev...).RespHeader("request-id", w.b.RequestID()).RespHeader("cache-control", "no-cache").RespHeader("via", "1.1 google")
	return w.edge(e)
}

// tracker is an analytics or telemetry call; blocked ones are what an ad blocker stops.
func (w *web) tracker(i int, blocked bool) *Entry {
	targets := []struct{ method, url, kind string }{
		{"GET", "https://www.googletagmanager.com/gtm.js?id=GTM-WFZF7B4C", "script"},
		{"POST", "https://api.segment.io/v1/p", "ping"},
		{"POST", "https://o1158394.ingest.us.sentry.io/api/4504947227459584/envelope/?sentry_key=58e9b9d0fc244061a1b54fe288b0e483&sentry_version=7", "fetch"},
		{"POST", "https://api.segment.io/v1/t", "ping"},
		{"GET", "https://widget.intercom.io/widget/lupk8zyo", "script"},
		{"POST", "https://api.segment.io/v1/t", "ping"},
		{"POST", "https://o1158394.ingest.us.sentry.io/api/4504947227459584/envelope/?sentry_key=58e9b9d0fc244061a1b54fe288b0e483&sentry_version=7", "fetch"},
	}
	t := targets[i%len(targets)]
	e := w.b.Entry(t.method, t.url).At(w.next(60*time.Millisecond)).Type(t.kind).Site("cross-site").Initiator("script", w.jsURL)
	if t.method == "POST" {
		e.Post("text/plain", `{"anonymousId":"0b6f1e4c-6a2d-4e1b-9d7f-3c8a5e2b1f90","event":"chat.page.viewed","context":{"page":{"path":"/new"}}}`)
	}
	if blocked {
		return e.Took(2 * time.Millisecond).Fail("net::ERR_BLOCKED_BY_CLIENT")
	}
	return e.Took(48*time.Millisecond).Status(200).Body("application/json", `{"success":true}`)
}

// ---------------------------------------------------------------------------------------
// SDK calls to api.anthropic.com recorded by mitmproxy

// sdk drives an application's calls through an official SDK.
type sdk struct {
	b      *Builder
	t      time.Time
	python bool
	key    string
	model  string
	colo   string
	ip     string
	tokens int // input tokens left in the minute
	cost   int // input tokens one call uses
	calls  int // good calls so far, to vary the prompts
}

func newSDK(seed string, python bool, start time.Time) *sdk {
	b := New(Proxy).Seed(seed)
	return &sdk{b: b, t: start, python: python, key: APIKey, model: "claude-sonnet-4-6", colo: "FRA", ip: apiIP, tokens: 400000, cost: 2000}
}

func (s *sdk) next(d time.Duration) time.Time { s.t = s.t.Add(d); return s.t }

// call is a request from the SDK; attempt is x-stainless-retry-count.
func (s *sdk) call(method, path, body string, attempt int) *Entry {
	e := s.b.Entry(method, "https://api.anthropic.com"+path).At(s.t).Server(s.ip).NoDefaults().
		Header("host", "api.anthropic.com")
	if s.python {
		e.Header("accept-encoding", "gzip, deflate").Header("connection", "keep-alive").
			Header("accept", "application/json").Header("anthropic-version", "2023-06-01")
		if body != "" {
			e.Header("content-type", "application/json")
		}
		e.Header("user-agent", "Anthropic/Python 0.40.0").Header("x-api-key", s.key).
			Header("x-stainless-arch", "arm64").Header("x-stainless-async", "false").
			Header("x-stainless-lang", "python").Header("x-stainless-os", "MacOS").
			Header("x-stainless-package-version", "0.40.0").Header("x-stainless-retry-count", strconv.Itoa(attempt)).
			Header("x-stainless-runtime", "CPython").Header("x-stainless-runtime-version", "3.12.7").
			Header("x-stainless-read-timeout", "600")
	} else {
		e.Header("accept", "application/json").Header("anthropic-version", "2023-06-01")
		if body != "" {
			e.Header("content-type", "application/json")
		}
		e.Header("user-agent", "Anthropic/JS 0.32.1").Header("x-api-key", s.key).
			Header("x-stainless-arch", "x64").Header("x-stainless-lang", "js").Header("x-stainless-os", "Linux").
			Header("x-stainless-package-version", "0.32.1").Header("x-stainless-retry-count", strconv.Itoa(attempt)).
			Header("x-stainless-runtime", "node").Header("x-stainless-runtime-version", "v20.18.0").
			Header("x-stainless-timeout", "600").Header("accept-encoding", "gzip,deflate").Header("connection", "keep-alive")
	}
	if body != "" {
		e.Header("content-length", strconv.Itoa(len(body))).Post("application/json", body)
	}
	return e
}

// messages is a POST /v1/messages whose prompt carries the marker.
func (s *sdk) messages(prompt string, attempt int) *Entry {
	return s.call("POST", "/v1/messages", s.request(prompt), attempt)
}

func (s *sdk) request(prompt string) string {
	return `{"max_tokens":1024,"messages":[{"role":"user","content":"` + prompt + ` ` + PromptMarker + `"}],"model":"` + s.model + `"}`
}

// edge adds the headers of every answer from the API's front end.
func (s *sdk) edge(e *Entry) *Entry {
	return e.RespHeader("via", "1.1 google").RespHeader("cf-cache-status", "DYNAMIC").
		RespHeader("x-robots-tag", "none").RespHeader("server", "cloudflare").RespHeader("cf-ray", s.b.Ray(s.colo))
}

// limits adds the rate-limit headers of a request that the limiter saw.
func (s *sdk) limits(e *Entry, requestsLeft, inputLeft, outputLeft int) *Entry {
	reset := s.t.Add(time.Duration(60-s.t.Second()) * time.Second).Truncate(time.Second).Format(time.RFC3339)
	return e.RespHeader("anthropic-ratelimit-requests-limit", "4000").
		RespHeader("anthropic-ratelimit-requests-remaining", strconv.Itoa(requestsLeft)).
		RespHeader("anthropic-ratelimit-requests-reset", reset).
		RespHeader("anthropic-ratelimit-input-tokens-limit", "400000").
		RespHeader("anthropic-ratelimit-input-tokens-remaining", strconv.Itoa(inputLeft)).
		RespHeader("anthropic-ratelimit-input-tokens-reset", reset).
		RespHeader("anthropic-ratelimit-output-tokens-limit", "80000").
		RespHeader("anthropic-ratelimit-output-tokens-remaining", strconv.Itoa(outputLeft)).
		RespHeader("anthropic-ratelimit-output-tokens-reset", reset)
}

// ok answers with a message.
func (s *sdk) ok(e *Entry, answer string) *Entry {
	id := s.b.RequestID()
	body := `{"id":"msg_01` + s.b.Token(22) + `","type":"message","role":"assistant","model":"` + s.model +
		`","content":[{"type":"text","text":"` + answer + ` ` + CompletionMarker + `"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1873,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":412,"service_tier":"standard"}}`
	e.Status(200).Body("application/json", body).RespHeader("content-length", strconv.Itoa(len(body))).
		RespHeader("connection", "keep-alive")
	s.tokens -= s.cost
	s.limits(e, 3999, max(s.tokens, 0)/1000*1000, 79000)
	e.RespHeader("request-id", id).RespHeader("anthropic-organization-id", orgUUID)
	return s.edge(e)
}

// fail answers with an Anthropic error body.
func (s *sdk) fail(e *Entry, status int, errType, message string, retry bool) *Entry {
	return s.failWith(e, status, `"type":"`+errType+`","message":"`+quote(message)+`"`, retry)
}

// failWith answers with an Anthropic error body whose error object holds members.
func (s *sdk) failWith(e *Entry, status int, members string, retry bool) *Entry {
	id := s.b.RequestID()
	body := `{"type":"error","error":{` + members + `},"request_id":"` + id + `"}`
	e.Status(status).Body("application/json", body).RespHeader("content-length", strconv.Itoa(len(body))).
		RespHeader("connection", "keep-alive").RespHeader("x-should-retry", strconv.FormatBool(retry)).
		RespHeader("request-id", id)
	if status != 401 {
		e.RespHeader("anthropic-organization-id", orgUUID)
	}
	return s.edge(e)
}

// raw answers with a body the edge wrote (no request-id: the API never saw the request).
func (s *sdk) raw(e *Entry, status int, mime, body string) *Entry {
	e.Status(status).Body(mime, body).RespHeader("content-length", strconv.Itoa(len(body))).RespHeader("connection", "keep-alive")
	e.RespHeader("server", "cloudflare").RespHeader("cf-ray", s.b.Ray(s.colo))
	return e
}

// quote escapes s for a JSON string literal in a fixture body.
func quote(s string) string { return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) }
