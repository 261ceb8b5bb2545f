package har

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"

	"github.com/claudelog/claudelog/model"
)

// post is an entry to the Messages API with body as its postData text.
func post(body string, kv ...string) entry {
	return newEntry("POST", msgs, 429).set("request.bodySize", len(body)).
		set("request.postData", map[string]any{"mimeType": "application/json", "text": body}).
		set("request.headers", headers(kv...))
}

// events reads the entries with both decoders at limit and returns the scanner's events,
// failing when the decoders disagree.
func events(t *testing.T, limit int64, entries ...entry) []model.Event {
	t.Helper()
	scan, std, e1, e2 := readBoth(harOf("mitmproxy", entries...), limit, 8)
	if diff := sameReading(scan, std, e1, e2); diff != "" {
		t.Fatalf("decoders disagree: %s", diff)
	}
	if e1 != nil || len(scan.events) != len(entries) {
		t.Fatalf("%v, %d events", e1, len(scan.events))
	}
	return scan.events
}

func TestDigestIsFNV1a(t *testing.T) {
	// Below one word the digest is plain FNV-1a: the constants and the step are right.
	for _, s := range []string{"", "a", "abc", "1234567"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := digest(fnvOffset, []byte(s)), h.Sum64(); got != want {
			t.Errorf("digest(%q) = %#x, FNV-1a %#x", s, got, want)
		}
	}
	// Above it, a fixed value: a digest that changed between versions would make two runs
	// of one log disagree on nothing visible, so it is pinned.
	if got := bodyDigest([]byte(`{"model":"claude-sonnet-4-6","max_tokens":512}`), 0); got != 0xe788eba3920d141c {
		t.Errorf("bodyDigest changed: %#x", got)
	}
}

func TestBodyDigest(t *testing.T) {
	prompt := func(ticket string) string {
		return `{"max_tokens":512,"messages":[{"role":"user","content":"Classify ticket ` + ticket + `"}],"model":"claude-sonnet-4-6"}`
	}
	cases := []struct {
		name  string
		a, b  entry
		limit int64
		same  bool // the two entries are one call's attempts
	}{
		{"same body, a retry", post(prompt("4411"), "x-stainless-retry-count", "0"), post(prompt("4411"), "x-stainless-retry-count", "1"), maxString, true},
		{"same length, another prompt", post(prompt("4411")), post(prompt("4412")), maxString, false},
		{"one byte in the first word differs", post("{" + prompt("4411")[1:]), post("[" + prompt("4411")[1:]), maxString, false},
		{"escapes as written", post(`{"content":"a\nb"}`), post(`{"content":"a\u000ab"}`), maxString, false},
		{"cut: same head, same length", post(prompt("4411") + strings.Repeat("x", 400) + "1"), post(prompt("4411") + strings.Repeat("x", 400) + "2"), 200, true},
		{"cut: same head, another length", post(prompt("4411") + strings.Repeat("x", 400)), post(prompt("4411") + strings.Repeat("x", 401)), 200, false},
		{"cut: another head", post(prompt("4411") + strings.Repeat("x", 400)), post(prompt("4412") + strings.Repeat("x", 400)), 200, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			evs := events(t, tc.limit, tc.a, tc.b)
			a, b := evs[0].BodyDigest, evs[1].BodyDigest
			if a == 0 || b == 0 {
				t.Fatalf("no digest: %#x %#x", a, b)
			}
			if (a == b) != tc.same {
				t.Errorf("digests %#x %#x: same = %v, want %v", a, b, a == b, tc.same)
			}
		})
	}
}

func TestNoDigestWithoutBody(t *testing.T) {
	for _, e := range []entry{
		newEntry("GET", "https://api.anthropic.com/v1/models", 200),
		newEntry("POST", msgs, 500).set("request.postData", map[string]any{"mimeType": "application/json", "text": ""}),
		newEntry("POST", msgs, 500).set("request.postData", map[string]any{"mimeType": "application/json"}).set("request.bodySize", 812),
		newEntry("POST", msgs, 500).set("request.postData", map[string]any{"params": []any{map[string]any{"name": "a", "value": "b"}}}),
		newEntry("POST", msgs, 500).set("request.postData", map[string]any{"text": 812}),
	} {
		if ev := events(t, maxString, e)[0]; ev.BodyDigest != 0 || ev.KeyDigest != 0 {
			t.Errorf("%s: digests %#x %#x from no body", mustJSON(e["request"]), ev.BodyDigest, ev.KeyDigest)
		}
	}
}

func TestIdempotencyKey(t *testing.T) {
	const key = "stainless-python-retry-6f1c9a3e-2b7d-4c11-9e0a-5d2f8b7c4a10"
	evs := events(t, maxString,
		post(`{"a":1}`, "Idempotency-Key", key, "x-stainless-retry-count", "0"),
		post(`{"a":2}`, "idempotency-key", " "+key+" ", "x-stainless-retry-count", "1"),
		post(`{"a":1}`, "X-Idempotency-Key", "another-key"),
		post(`{"a":1}`, "x-idempotency-keys", key),         // a near miss: not the header
		post(`{"a":1}`, "Idempotency-Key", "   "),          // empty: no key
		post(`{"a":1}`, "x-client-request-id", "d6b1f3c2"), // one id per request, not per call
	)
	if evs[0].KeyDigest == 0 || evs[0].KeyDigest != evs[1].KeyDigest {
		t.Errorf("one key, two digests: %#x %#x", evs[0].KeyDigest, evs[1].KeyDigest)
	}
	if evs[2].KeyDigest == 0 || evs[2].KeyDigest == evs[0].KeyDigest {
		t.Errorf("another key: %#x", evs[2].KeyDigest)
	}
	for i, ev := range evs[3:] {
		if ev.KeyDigest != 0 {
			t.Errorf("entry %d: key digest %#x from no idempotency key", i+4, ev.KeyDigest)
		}
	}
	// The key itself reaches no event.
	for _, ev := range evs {
		if s := fmt.Sprintf("%+v", ev); strings.Contains(s, "6f1c9a3e") || strings.Contains(s, "another-key") {
			t.Errorf("the key leaked: %s", s)
		}
	}
	if evs[0].BodyDigest == evs[1].BodyDigest || evs[0].BodyDigest != evs[2].BodyDigest {
		t.Errorf("body digests %#x %#x %#x", evs[0].BodyDigest, evs[1].BodyDigest, evs[2].BodyDigest)
	}
}

// FuzzBodyDigest: both decoders give any body text the same digest at every limit; one
// byte changed changes the digest; the digest is never 0 for a body. An idempotency key's
// digest ignores surrounding blanks and is 0 only for a blank key.
func FuzzBodyDigest(f *testing.F) {
	for _, s := range []string{`{"model":"claude-sonnet-4-6"}`, "a\nb\u00e9\"\\", "\x00claudelog-cut:12|", strings.Repeat("xy", 100), "é"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, body string, at uint8) {
		if len(body) > 2048 {
			return
		}
		data := harOf("mitmproxy", post(body), post(body))
		for _, limit := range []int64{maxString, minLimit, 64} {
			scan, std, e1, e2 := readBoth(data, limit, 8)
			if diff := sameReading(scan, std, e1, e2); diff != "" {
				t.Fatalf("limit %d: %s", limit, diff)
			}
			if len(scan.events) == 2 && scan.events[0].BodyDigest != scan.events[1].BodyDigest {
				t.Fatalf("limit %d: one body, two digests", limit)
			}
		}
		if k := keyDigest(body); (k == 0) != (strings.TrimSpace(body) == "") || k != keyDigest(" "+body+"\t") {
			t.Fatalf("keyDigest(%q) = %#x", body, k)
		}
		raw, _ := json.Marshal(body)
		text := raw[1 : len(raw)-1]
		d := bodyDigest(text, 0)
		if len(text) > 0 && d == 0 {
			t.Fatal("digest 0 for a body")
		}
		other := []byte(string(text))
		if len(other) == 0 {
			return
		}
		i := int(at) % len(other)
		other[i]++
		if bodyDigest(other, 0) == d {
			t.Fatalf("byte %d changed, digest %#x unchanged", i, d)
		}
	})
}

// TestSanitizedBodies: an older sanitize's plain marker says nothing of which body it was,
// so it gives no digest (the size decides); the numbered marker does, and its near misses
// are bodies like any other.
func TestSanitizedBodies(t *testing.T) {
	cases := []struct {
		text   string
		digest bool
	}{
		{"[claudelog: conversation body removed, 156 bytes]", false},
		{"[claudelog: conversation body removed, 156 bytes, body #3]", true},
		{"[claudelog: conversation body removed, bytes]", true},
		{"[claudelog: conversation body removed, 15x bytes]", true},
		{"x[claudelog: conversation body removed, 156 bytes]", true},
		{"[claudelog: conversation body removed, 156 bytes] ", true},
	}
	for _, tc := range cases {
		if d := events(t, maxString, post(tc.text))[0].BodyDigest; (d != 0) != tc.digest {
			t.Errorf("%q: digest %#x, want one: %v", tc.text, d, tc.digest)
		}
	}
}
