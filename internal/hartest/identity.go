package hartest

import (
	"fmt"
	"time"
)

// Sessions for call identity (docs/call-identity.md): batch jobs whose prompts all have the
// same length, so that only the body's digest, not its size, tells a new call from a retry
// of the last one; and retry storms that must still be seen.

// ticket is a prompt of a batch job: a fixed template around a six-digit ticket number, so
// every item has the same length and a different body, as a real batch's prompts often do.
func ticket(item int) string {
	return fmt.Sprintf(`{"max_tokens":256,"messages":[{"role":"user","content":"Classify ticket #%06d as billing, bug or other. %s"}],"model":"claude-sonnet-4-6"}`,
		104200+item, PromptMarker)
}

// counted is ticket for count_tokens: the same template without max_tokens.
func counted(item int) string {
	return fmt.Sprintf(`{"messages":[{"role":"user","content":"Classify ticket #%06d as billing, bug or other. %s"}],"model":"claude-sonnet-4-6"}`,
		104200+item, PromptMarker)
}

func patternBatchSameLength() Session {
	l := newLean("pattern-batch-same-length", "python-httpx/0.27.2", day(28, 10, 5, 12, 40))
	l.ok(l.call("/v1/messages", ticket(0), -1).Took(1700 * time.Millisecond))
	l.at(25 * time.Second)
	// An asyncio job posts 60 tickets in 8 s through httpx (no SDK, no retry-count header).
	// The input-token bucket runs dry at the 33rd; from then on most get 429, a few go
	// through as the bucket refills.
	type retry struct {
		item int
		at   time.Time
	}
	var retries []retry
	for i := 1; i <= 60; i++ {
		e := l.call("/v1/messages", ticket(i), -1)
		if i >= 33 && i%4 != 2 {
			l.limited(e.Took(time.Duration(88+9*(i%4))*time.Millisecond), 15)
			retries = append(retries, retry{i, l.t.Add(15*time.Second + time.Duration(40*len(retries))*time.Millisecond)})
		} else {
			l.ok(e.Took(time.Duration(1400+53*(i%9)) * time.Millisecond))
		}
		l.at(time.Duration(110+9*(i%5)) * time.Millisecond)
	}
	// It honours retry-after: each rate-limited ticket is sent once more 15 s later.
	for _, r := range retries {
		l.t = r.at
		l.ok(l.call("/v1/messages", ticket(r.item), -1).Took(1600 * time.Millisecond))
	}
	return Session{
		Name: "pattern-batch-same-length",
		Doc: "A batch script using httpx directly, behind mitmproxy: 60 tickets in 8 s, every prompt a different ticket in one template, so " +
			"every body has the same length; 21 get 429 rate_limit_error (input tokens per minute, retry-after: 15) and are sent again " +
			"15 s later. Equal sizes are not one call retried: the bodies differ. A burst into the rate limit, not a retry storm.",
		HAR:   l.b.Bytes(),
		First: "rate_limit_burst",
		Want:  []string{"rate_limit_burst"},
		Not:   []string{"retry_storm", "outage_window"},
	}
}

func patternIncidentSameLength() Session {
	l := newLean("pattern-incident-same-length", "Go-http-client/2.0", day(28, 15, 31, 4, 0))
	// A Go service counts a ticket's tokens and then classifies it, one ticket every ~12 s,
	// and logs a failure without retrying. Every body is one template: one length per
	// endpoint.
	item := 0
	next := func(gap time.Duration) { l.at(gap + time.Duration(300*(item%4))*time.Millisecond) }
	for ; item < 5; item++ {
		l.ok(l.call("/v1/messages/count_tokens", counted(item), -1).Took(160 * time.Millisecond))
		next(400 * time.Millisecond)
		l.ok(l.call("/v1/messages", ticket(item), -1).Took(1500 * time.Millisecond))
		next(11 * time.Second)
	}
	// From 15:33 for seven minutes, five of every seven tickets meet a server-side failure:
	// 25 failed calls in 35 tickets, across both endpoints.
	for end := item + 35; item < end; item++ {
		e := l.call("/v1/messages/count_tokens", counted(item), -1).Took(190 * time.Millisecond)
		switch {
		case item%7 == 3 && item%2 == 0:
			l.fail(e, 500, "api_error", "Internal server error")
		case item%7 == 3:
			e.Status(503).Body("text/plain", "upstream connect error or disconnect/reset before headers. reset reason: overflow").RespHeader("via", "1.1 google")
		default:
			l.ok(e)
		}
		next(400 * time.Millisecond)
		e = l.call("/v1/messages", ticket(item), -1).Took(900 * time.Millisecond)
		switch item % 7 {
		case 0, 2, 4:
			l.fail(e, 529, "overloaded_error", "Overloaded")
		case 5:
			l.fail(e, 500, "api_error", "Internal server error")
		default:
			l.ok(e.Took(1500 * time.Millisecond))
		}
		next(11 * time.Second)
	}
	for end := item + 4; item < end; item++ {
		l.ok(l.call("/v1/messages/count_tokens", counted(item), -1).Took(150 * time.Millisecond))
		next(400 * time.Millisecond)
		l.ok(l.call("/v1/messages", ticket(item), -1).Took(1500 * time.Millisecond))
		next(11 * time.Second)
	}
	return Session{
		Name: "pattern-incident-same-length",
		Doc: "A Go service behind mitmproxy counts each ticket's tokens and classifies it, a ticket every 12 s, every prompt one template " +
			"(one length per endpoint). For about seven minutes 25 calls fail on the server side across both endpoints (529 overloaded_error, " +
			"500 api_error, an Envoy 503), each a different ticket; then calls work again. An incident window, not one call retried.",
		HAR:   l.b.Bytes(),
		First: "outage_window",
		Want:  []string{"outage_window"},
		Not:   []string{"retry_storm", "rate_limit_burst"},
	}
}

func patternRetryStormAttempts() Session {
	l := newLean("pattern-retry-storm-attempts", "Anthropic/Python 0.40.0", day(29, 11, 12, 30, 0))
	l.ok(l.call("/v1/messages", ticket(1), 0).Took(1800 * time.Millisecond))
	l.at(40 * time.Second)
	// The app subclasses the client to retry "faster": max_retries=8 and a fixed 0.25 s in
	// place of the SDK's backoff. One body, retry count 0 to 8, every 0.25 s, all 529.
	body := ticket(2)
	for n := 0; n <= 8; n++ {
		l.fail(l.call("/v1/messages", body, n).Took(time.Duration(61+4*(n%3))*time.Millisecond), 529, "overloaded_error", "Overloaded")
		l.at(time.Duration(250+3*(n%2)) * time.Millisecond)
	}
	l.at(50 * time.Second)
	l.ok(l.call("/v1/messages", ticket(3), 0).Took(1900 * time.Millisecond))
	return Session{
		Name: "pattern-retry-storm-attempts",
		Doc: "Python SDK behind mitmproxy, subclassed to retry at a fixed 0.25 s with max_retries=8: one request gets 529 overloaded_error " +
			"and is sent again eight times (x-stainless-retry-count 0 to 8, the same body) a quarter of a second apart. A retry storm; one " +
			"call's nine failures are not an outage.",
		HAR:  l.b.Bytes(),
		Want: []string{"retry_storm", "overloaded"},
		Not:  []string{"outage_window", "rate_limit_burst"},
	}
}

func patternRetryStormAppLoop() Session {
	l := newLean("pattern-retry-storm-app-loop", "Anthropic/Python 0.40.0", day(29, 17, 45, 0, 0))
	l.ok(l.call("/v1/messages", ticket(7), 0).Took(1700 * time.Millisecond))
	l.at(30 * time.Second)
	// max_retries=0 and a loop of the app's own around the call: the SDK sends retry count 0
	// every time, and only the body says that these are one call.
	body := ticket(8)
	for i := 0; i < 8; i++ {
		l.limited(l.call("/v1/messages", body, 0).Took(time.Duration(92+5*(i%3))*time.Millisecond), 6)
		l.at(time.Duration(400+7*(i%4)) * time.Millisecond)
	}
	l.at(6 * time.Second)
	l.ok(l.call("/v1/messages", body, 0).Took(2100 * time.Millisecond))
	return Session{
		Name: "pattern-retry-storm-app-loop",
		Doc: "Python SDK behind mitmproxy with max_retries=0 inside the app's own retry loop: one request gets 429 with retry-after: 6 and " +
			"the loop resends the same body every 0.4 s, eight times, each with x-stainless-retry-count 0, before it waits and succeeds. " +
			"The retry count says each is a first attempt; the body says they are one call: a retry storm.",
		HAR:  l.b.Bytes(),
		Want: []string{"retry_storm", "rate_limited"},
		Not:  []string{"rate_limit_burst", "outage_window"},
	}
}

func patternSameLengthNearMiss() Session {
	l := newLean("pattern-same-length-near-miss", "python-httpx/0.27.2", day(30, 9, 20, 0, 0))
	// An eval harness samples each ticket twice, back to back, at 0.3 s; during a spell of
	// overload three requests in eight get 529. Failures come in runs of three, each run
	// ended by a success, and no ticket fails more than twice.
	for i := 0; i < 24; i++ {
		body := ticket(i)
		for s := 0; s < 2; s++ {
			e := l.call("/v1/messages", body, -1)
			if k := 2*i + s; k%8 >= 5 {
				l.fail(e.Took(time.Duration(70+6*(k%3))*time.Millisecond), 529, "overloaded_error", "Overloaded")
			} else {
				l.ok(e.Took(time.Duration(1200+41*(k%7)) * time.Millisecond))
			}
			l.at(time.Duration(300+13*(i%3)) * time.Millisecond)
		}
	}
	return Session{
		Name: "pattern-same-length-near-miss",
		Doc: "An eval harness using httpx directly, behind mitmproxy: 24 tickets of one template (one body length), each sampled twice in a row " +
			"0.3 s apart; 18 of the 48 requests get 529 overloaded_error, in runs of three ended by a success. Requests of the same size " +
			"but different bodies are different calls, and a request after a success is a new call: no retry storm, and three in eight of one " +
			"endpoint's calls failing is not an outage.",
		HAR:   l.b.Bytes(),
		First: "overloaded",
		Want:  []string{"overloaded"},
		Not:   []string{"retry_storm", "outage_window", "rate_limit_burst"},
	}
}
