package hartest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Sessions for the pattern causes (rate_limit_burst, retry_storm, outage_window,
// payload_timeout) and their near misses. A pattern needs many calls, so these sessions use
// lean entries: an SDK or script behind mitmproxy with the headers that matter and short
// bodies, to stay within the size limit of a committed fixture.

// patternSessions returns the pattern sessions, in the order they are written.
func patternSessions() []Session {
	return []Session{
		patternBurst(),
		patternSpreadLimits(),
		patternRetryStorm(),
		patternGoodBackoff(),
		patternOutage(),
		patternLoneServerError(),
		patternPayloadTimeout(),
		patternSmallTimeouts(),
		patternUnknownSizes(),
		patternBatchSameLength(),
		patternIncidentSameLength(),
		patternRetryStormAttempts(),
		patternRetryStormAppLoop(),
		patternSameLengthNearMiss(),
	}
}

// lean drives a script's calls to the API with few headers.
type lean struct {
	b     *Builder
	t     time.Time
	agent string
	n     int
}

func newLean(seed, agent string, start time.Time) *lean {
	return &lean{b: New(Proxy).Seed(seed), t: start, agent: agent}
}

func (l *lean) at(d time.Duration) time.Time { l.t = l.t.Add(d); return l.t }

// call posts body to path at the current time; retry is x-stainless-retry-count, -1 for a
// client that does not send it.
func (l *lean) call(path, body string, retry int) *Entry {
	e := l.b.Entry("POST", "https://api.anthropic.com"+path).At(l.t).Server(apiIP).NoDefaults().
		Header("host", "api.anthropic.com").Header("user-agent", l.agent).Header("x-api-key", APIKey).
		Header("anthropic-version", "2023-06-01").Header("content-type", "application/json")
	if retry >= 0 {
		e.Header("x-stainless-retry-count", strconv.Itoa(retry))
	}
	return e.Post("application/json", body)
}

// prompt is a request body whose length varies with the item, as real prompts do.
func (l *lean) prompt(item int) string {
	return fmt.Sprintf(`{"max_tokens":512,"messages":[{"role":"user","content":"Classify ticket %d: %s %s"}],"model":"claude-sonnet-4-6"}`,
		item, strings.Repeat("x", 3*item), PromptMarker)
}

func (l *lean) ok(e *Entry) *Entry {
	l.n++
	body := `{"id":"msg_01` + l.b.Token(22) + `","type":"message","role":"assistant","content":[{"type":"text","text":"Label: billing ` + CompletionMarker + `"}],"stop_reason":"end_turn","usage":{"input_tokens":812,"output_tokens":9}}`
	return e.Status(200).Body("application/json", body).RespHeader("request-id", l.b.RequestID()).
		RespHeader("cf-ray", l.b.Ray("FRA")).RespHeader("server", "cloudflare")
}

func (l *lean) fail(e *Entry, status int, errType, msg string) *Entry {
	id := l.b.RequestID()
	return e.Status(status).Body("application/json", `{"type":"error","error":{"type":"`+errType+`","message":"`+quote(msg)+`"},"request_id":"`+id+`"}`).
		RespHeader("request-id", id).RespHeader("x-should-retry", "true").
		RespHeader("cf-ray", l.b.Ray("FRA")).RespHeader("server", "cloudflare")
}

const itpmMessage = "This request would exceed your organization's rate limit of 50,000 input tokens per minute (org: " + orgUUID + ", model: claude-sonnet-4-6). For details, refer to: https://docs.claude.com/en/api/rate-limits."

// limited answers 429 for an empty input-token bucket, with retry-after.
func (l *lean) limited(e *Entry, retryAfter int) *Entry {
	return l.fail(e, 429, "rate_limit_error", itpmMessage).
		RespHeader("retry-after", strconv.Itoa(retryAfter)).
		RespHeader("anthropic-ratelimit-input-tokens-remaining", "0").
		RespHeader("anthropic-ratelimit-requests-remaining", "41")
}

func patternBurst() Session {
	l := newLean("pattern-burst", "Anthropic/Python 0.40.0", day(20, 9, 14, 3, 120))
	l.ok(l.call("/v1/messages", l.prompt(1), 0).Took(1900 * time.Millisecond))
	l.at(20 * time.Second)
	// A batch job starts 8 workers at once: 18 requests in under 6 s; the input-token bucket
	// empties after the first few, and the 429s say retry-after: 8.
	type retry struct {
		item int
		at   time.Time
	}
	var retries []retry
	for i := 0; i < 18; i++ {
		item := 10 + i
		e := l.call("/v1/messages", l.prompt(item), 0).Took(310 * time.Millisecond)
		if i < 5 || i%4 == 1 {
			l.ok(e.Took(2100 * time.Millisecond))
		} else {
			l.limited(e, 8)
			retries = append(retries, retry{item, l.t.Add(8400 * time.Millisecond)})
		}
		l.at(time.Duration(240+37*(i%5)) * time.Millisecond)
	}
	// The SDK honours retry-after: each retry comes 8.4 s after its 429.
	for _, r := range retries[:2] {
		l.t = r.at
		l.ok(l.call("/v1/messages", l.prompt(r.item), 1).Took(2300 * time.Millisecond))
	}
	return Session{
		Name: "pattern-burst",
		Doc: "Python SDK behind mitmproxy: after a first call, a batch job fires 18 requests in under 6 s; 9 get 429 rate_limit_error " +
			"(input tokens per minute, anthropic-ratelimit-input-tokens-remaining: 0, retry-after: 8). The SDK's retries wait the 8 s. " +
			"A burst into the rate limit, not a retry storm and not an outage.",
		HAR:   l.b.Bytes(),
		First: "rate_limit_burst",
		Want:  []string{"rate_limit_burst"},
		Not:   []string{"retry_storm", "outage_window", "usage_limit", "overloaded"},
	}
}

func patternSpreadLimits() Session {
	l := newLean("pattern-spread-limits", "Anthropic/Python 0.40.0", day(20, 13, 0, 0, 0))
	for i := 0; i < 18; i++ {
		e := l.call("/v1/messages", l.prompt(i), 0).Took(1700 * time.Millisecond)
		if i%3 == 2 {
			l.limited(e.Took(280*time.Millisecond), 20)
		} else {
			l.ok(e)
		}
		l.at(time.Duration(190+11*i) * time.Second)
	}
	return Session{
		Name: "pattern-spread-limits",
		Doc: "Python SDK behind mitmproxy: a slow job makes a call every three minutes or so for an hour; every third one gets a 429 with retry-after: 20. " +
			"Six 429s spread thinly over an hour are rate_limited, not a burst.",
		HAR:   l.b.Bytes(),
		First: "rate_limited",
		Want:  []string{"rate_limited"},
		Not:   []string{"rate_limit_burst", "retry_storm", "outage_window"},
	}
}

func patternRetryStorm() Session {
	l := newLean("pattern-retry-storm", "python-httpx/0.27.2", day(21, 16, 40, 2, 500))
	l.ok(l.call("/v1/messages", l.prompt(1), -1).Took(2200 * time.Millisecond))
	l.at(30 * time.Second)
	// A hand-written loop retries every 0.2 s, ignoring retry-after: 5.
	body := l.prompt(2)
	for i := 0; i < 10; i++ {
		l.limited(l.call("/v1/messages", body, -1).Took(time.Duration(96+7*(i%3))*time.Millisecond), 5)
		l.at(time.Duration(300+9*(i%4)) * time.Millisecond)
	}
	l.at(6 * time.Second)
	l.ok(l.call("/v1/messages", body, -1).Took(2400 * time.Millisecond))
	return Session{
		Name: "pattern-retry-storm",
		Doc: "A script using httpx directly, behind mitmproxy: one request gets 429 with retry-after: 5 and its own retry loop resends the same body " +
			"every 0.3 s, ten times, before it finally waits and succeeds. Faster than any SDK's backoff and before retry-after: a retry storm. " +
			"One call retried is not a burst of many calls.",
		HAR:  l.b.Bytes(),
		Want: []string{"retry_storm", "rate_limited"},
		Not:  []string{"rate_limit_burst", "outage_window"},
	}
}

func patternGoodBackoff() Session {
	l := newLean("pattern-good-backoff", "Anthropic/Python 0.40.0", day(22, 10, 2, 0, 0))
	for c := 0; c < 3; c++ {
		l.ok(l.call("/v1/messages", l.prompt(c), 0).Took(2000 * time.Millisecond))
		l.at(15 * time.Second)
		body := l.prompt(10 + c)
		l.fail(l.call("/v1/messages", body, 0).Took(600*time.Millisecond), 529, "overloaded_error", "Overloaded")
		l.at(600*time.Millisecond + time.Duration(430+20*c)*time.Millisecond)
		l.fail(l.call("/v1/messages", body, 1).Took(580*time.Millisecond), 529, "overloaded_error", "Overloaded")
		l.at(580*time.Millisecond + time.Duration(810+40*c)*time.Millisecond)
		l.ok(l.call("/v1/messages", body, 2).Took(2600 * time.Millisecond))
		l.at(2 * time.Minute)
	}
	return Session{
		Name: "pattern-good-backoff",
		Doc: "Python SDK behind mitmproxy, three times over six minutes: a call gets 529 overloaded_error, the SDK retries after 0.43 s and 0.85 s " +
			"(its 0.5 s and 1 s backoff with jitter) and the third attempt succeeds. Proper backoff is not a retry storm, and two failures of one call are not an outage.",
		HAR:   l.b.Bytes(),
		First: "overloaded",
		Want:  []string{"overloaded"},
		Not:   []string{"retry_storm", "outage_window", "rate_limit_burst"},
	}
}

func patternOutage() Session {
	l := newLean("pattern-outage", "Anthropic/JS 0.32.1", day(23, 14, 20, 11, 0))
	l.ok(l.call("/v1/messages", l.prompt(1), 0).Took(2100 * time.Millisecond))
	l.at(40 * time.Second)
	l.ok(l.call("/v1/messages/count_tokens", `{"messages":[{"role":"user","content":"`+PromptMarker+`"}],"model":"claude-sonnet-4-6"}`, 0).Took(180 * time.Millisecond))
	l.at(50 * time.Second)
	// From 14:21:41 for about four minutes the API fails across endpoints.
	steps := []struct {
		path   string
		status int
		typ    string
		msg    string
		gap    time.Duration
	}{
		{"/v1/messages", 529, "overloaded_error", "Overloaded", 31 * time.Second},
		{"/v1/messages/count_tokens", 500, "api_error", "Internal server error", 22 * time.Second},
		{"/v1/messages", 529, "overloaded_error", "Overloaded", 47 * time.Second},
		{"/v1/messages/batches", 503, "", "", 18 * time.Second},
		{"/v1/messages", 529, "overloaded_error", "Overloaded", 39 * time.Second},
		{"/v1/messages", 500, "api_error", "Internal server error", 26 * time.Second},
		{"/v1/messages/count_tokens", 500, "api_error", "Internal server error", 44 * time.Second},
	}
	for i, s := range steps {
		path := s.path
		body := l.prompt(20 + i)
		if path != "/v1/messages" {
			body = `{"messages":[{"role":"user","content":"item ` + strconv.Itoa(i) + ` ` + PromptMarker + `"}],"model":"claude-sonnet-4-6"}`
		}
		e := l.call(path, body, 0).Took(time.Duration(400+90*i) * time.Millisecond)
		if s.status == 503 {
			e.Status(503).Body("text/plain", "upstream connect error or disconnect/reset before headers. reset reason: overflow").RespHeader("via", "1.1 google")
		} else {
			l.fail(e, s.status, s.typ, s.msg)
		}
		l.at(s.gap)
	}
	l.at(3 * time.Minute)
	l.ok(l.call("/v1/messages", l.prompt(40), 0).Took(2500 * time.Millisecond))
	return Session{
		Name: "pattern-outage",
		Doc: "TypeScript SDK behind mitmproxy: calls work, then for about four minutes every call fails on the server side across three endpoints " +
			"(529 overloaded_error, 500 api_error, an Envoy 503), then calls work again. An incident window, which outranks the single failures it explains.",
		HAR:   l.b.Bytes(),
		First: "outage_window",
		Want:  []string{"outage_window"},
		Not:   []string{"retry_storm", "rate_limit_burst", "network_error"},
	}
}

func patternLoneServerError() Session {
	l := newLean("pattern-lone-server-error", "Anthropic/Python 0.40.0", day(24, 8, 0, 0, 0))
	for i := 0; i < 12; i++ {
		e := l.call("/v1/messages", l.prompt(i), 0).Took(1800 * time.Millisecond)
		switch i {
		case 4:
			l.fail(e.Took(900*time.Millisecond), 500, "api_error", "Internal server error")
		case 9:
			l.fail(e.Took(700*time.Millisecond), 529, "overloaded_error", "Overloaded")
		default:
			l.ok(e)
		}
		l.at(time.Duration(95+13*i) * time.Second)
	}
	return Session{
		Name: "pattern-lone-server-error",
		Doc: "Python SDK behind mitmproxy: a dozen calls over twenty minutes; one 500 api_error and, ten minutes later, one 529. " +
			"A lone server error is not an outage.",
		HAR:  l.b.Bytes(),
		Want: []string{"server_error", "overloaded"},
		Not:  []string{"outage_window", "retry_storm", "rate_limit_burst"},
	}
}

// gatewayPage is Cloudflare's 504 page.
const gatewayPage = "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n"

// document is a request body with a base64 PDF, trimmed in the fixture to its start; size
// is its real length.
func document(item int) string {
	return `{"max_tokens":4096,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjcKJeLjz9MK` +
		strconv.Itoa(item) + `..."}},{"type":"text","text":"Summarise this contract. ` + PromptMarker + `"}]}],"model":"claude-sonnet-4-6"}`
}

func patternPayloadTimeout() Session {
	l := newLean("pattern-payload-timeout", "Anthropic/Python 0.40.0", day(25, 11, 0, 0, 0))
	sizes := []int64{6_400_000, 7_100_000, 6_900_000, 7_800_000, 6_500_000}
	for i := 0; i < 14; i++ {
		l.ok(l.call("/v1/messages", l.prompt(i), 0).Took(time.Duration(1800+90*i) * time.Millisecond))
		l.at(20 * time.Second)
		if i%3 == 1 && i/3 < len(sizes) {
			e := l.call("/v1/messages", document(i), 0).PostSize(sizes[i/3]).Took(100 * time.Second)
			e.Status(504).Body("text/html", gatewayPage).RespHeader("server", "cloudflare").RespHeader("cf-ray", l.b.Ray("FRA"))
			l.at(101 * time.Second)
		}
	}
	return Session{
		Name: "pattern-payload-timeout",
		Doc: "Python SDK behind mitmproxy: short classification calls (under 1 KB) all work, but each of five requests with a 6–8 MB base64 PDF " +
			"gets Cloudflare's 504 Gateway Time-out page after 100 s. The fixture keeps the start of each body and declares its real size (bodySize).",
		HAR:   l.b.Bytes(),
		First: "payload_timeout",
		Want:  []string{"payload_timeout"},
		Not:   []string{"outage_window", "client_timeout", "request_too_large"},
	}
}

func patternSmallTimeouts() Session {
	l := newLean("pattern-small-timeouts", "Anthropic/Python 0.40.0", day(26, 15, 30, 0, 0))
	for i := 0; i < 16; i++ {
		e := l.call("/v1/messages", l.prompt(i), 0)
		if i%4 == 3 {
			e.Took(100*time.Second).Status(504).Body("text/html", gatewayPage).RespHeader("server", "cloudflare").RespHeader("cf-ray", l.b.Ray("FRA"))
			l.at(101 * time.Second)
		} else {
			l.ok(e.Took(2 * time.Second))
		}
		l.at(40 * time.Second)
	}
	return Session{
		Name: "pattern-small-timeouts",
		Doc: "Python SDK behind mitmproxy: four of sixteen small requests (under 1 KB, like the others) get a 504 page after 100 s. " +
			"The timeouts do not follow the payload size, so this is gateway_timeout, not payload_timeout.",
		HAR:   l.b.Bytes(),
		First: "gateway_timeout",
		Want:  []string{"gateway_timeout"},
		Not:   []string{"payload_timeout", "outage_window"},
	}
}

func patternUnknownSizes() Session {
	w := newWeb(Chrome, "pattern-unknown-sizes", day(27, 19, 3, 0, 0))
	w.document("/chat/" + w.conv)
	w.bootstrap()
	for i := 0; i < 4; i++ {
		// the export kept no postData: the request sizes are unknown
		w.api("POST", "/organizations/"+orgUUID+"/chat_conversations/"+w.conv+"/completion", 30002*time.Millisecond).
			At(w.next(3*time.Second)).Header("accept", "text/event-stream").Fail("net::ERR_TIMED_OUT")
		w.next(31 * time.Second)
	}
	w.read()
	return Session{
		Name: "pattern-unknown-sizes",
		Doc: "claude.ai in Chrome, exported without request bodies: four completions time out after 30 s (net::ERR_TIMED_OUT). " +
			"With no request sizes in the file, nothing can be said about payloads: client_timeout, not payload_timeout.",
		HAR:   w.b.Bytes(),
		First: "client_timeout",
		Want:  []string{"client_timeout"},
		Not:   []string{"payload_timeout", "outage_window", "network_error"},
	}
}
