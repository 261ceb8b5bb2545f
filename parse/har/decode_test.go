package har

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readBoth reads data with the scanner and with encoding/json behind a cutReader.
func readBoth(data []byte, limit int64, tail int) (scan, std *collect, scanErr, stdErr error) {
	scan, std = &collect{}, &collect{}
	scanErr = readUsing(bytes.NewReader(data), "x.har", scan, limit, tail, false)
	stdErr = readUsing(bytes.NewReader(data), "x.har", std, limit, tail, true)
	return
}

// sameReading reports how two readings of one input differ, or "".
func sameReading(scan, std *collect, scanErr, stdErr error) string {
	if fmt.Sprint(scanErr) != fmt.Sprint(stdErr) {
		return fmt.Sprintf("error %v, encoding/json %v", scanErr, stdErr)
	}
	if len(scan.events) != len(std.events) {
		return fmt.Sprintf("%d events, encoding/json %d", len(scan.events), len(std.events))
	}
	for i := range scan.events {
		if !reflect.DeepEqual(scan.events[i], std.events[i]) {
			return fmt.Sprintf("event %d:\n%+v\nencoding/json:\n%+v", i, scan.events[i], std.events[i])
		}
	}
	if a, b := scan.warnings(), std.warnings(); a != b {
		return fmt.Sprintf("warnings:\n%sencoding/json:\n%s", a, b)
	}
	return ""
}

// minLimit is the smallest string limit the decoders are compared at. Below it, the raw
// prefix of a bad value shown in a warning (40 bytes) may hold a string that encoding/json
// sees cut and the scanner sees whole.
const minLimit = 41

// sameBreak reports whether two readings of invalid JSON agree on what was read and on
// which entry each warning names; the wording of a syntax error may differ.
func sameBreak(scan, std *collect) bool {
	if len(scan.events) != len(std.events) || len(scan.warns) != len(std.warns) {
		return false
	}
	for i := range scan.events {
		if !reflect.DeepEqual(scan.events[i], std.events[i]) {
			return false
		}
	}
	for i := range scan.warns {
		if scan.warns[i].Source.Entry != std.warns[i].Source.Entry {
			return false
		}
	}
	return true
}

// corpus is every HAR the repository and the public fixtures hold, decompressed.
func corpus(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	local, _ := filepath.Glob("../../testdata/hars/*.har*")
	for _, p := range local {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		out[p] = b
	}
	if files, err := os.ReadDir(publicDir); err == nil {
		for _, f := range files {
			if f.Name() != "PROVENANCE.md" && !f.IsDir() {
				out[f.Name()] = readFixture(t, f.Name())
			}
		}
	}
	for i, s := range syntheticSeeds() {
		out[fmt.Sprintf("seed-%d", i)] = s
	}
	out["bench"] = benchHAR(50)
	out["session"] = sessionHAR(40)
	bomb, err := io.ReadAll(bombHAR(maxHeaders + 40))
	if err != nil {
		t.Fatal(err)
	}
	out["bomb"] = bomb
	return out
}

// TestDecodersAgree is the scanner's safety net: on every HAR at hand, whole and cut at
// small string limits, it gives the events and warnings encoding/json gives.
func TestDecodersAgree(t *testing.T) {
	files := corpus(t)
	// testdata and the seeds alone are over 40 inputs; shared/hars-public, beside the
	// repository in CI but not in every checkout, adds 25.
	want := 40
	if _, err := os.Stat(publicDir); err == nil {
		want = 60
	}
	if len(files) < want {
		t.Fatalf("only %d files", len(files))
	}
	for name, data := range files {
		for _, lim := range []struct {
			limit int64
			tail  int
		}{{maxString, keepTail}, {minLimit, 8}, {300, 64}} {
			scan, std, e1, e2 := readBoth(data, lim.limit, lim.tail)
			if diff := sameReading(scan, std, e1, e2); diff != "" && (json.Valid(data) || !sameBreak(scan, std)) {
				t.Errorf("%s, limit %d: %s", name, lim.limit, diff)
			}
		}
	}
}

// TestDecodersAgreeOnTypes changes fields to every JSON type and both decoders must agree.
func TestDecodersAgreeOnTypes(t *testing.T) {
	values := []any{nil, true, 12, -1.5, "7", "", "x\u00e9\\\"", map[string]any{}, map[string]any{"name": 1, "value": "v"},
		[]any{}, []any{1, nil, map[string]any{"name": "a", "value": "b"}}, strings.Repeat("ab\u00e9", 30)}
	fields := []string{"startedDateTime", "time", "request", "response", "timings", "serverIPAddress", "connection",
		"_resourceType", "pageref", "cache", "request.method", "request.url", "request.headers", "request.queryString",
		"request.postData", "request.cookies", "request.bodySize", "response.status", "response.headers",
		"response.content", "response.content.text", "response.content.mimeType", "response.content.encoding",
		"response.content.size", "response._error", "response._failureText", "response._transferSize",
		"timings.wait", "response.cookies", "response.redirectURL"}
	for _, f := range fields {
		for _, v := range values {
			e := newEntry("POST", msgs, 529).set("response.content.text", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`)
			e.set("request.postData", map[string]any{"mimeType": "application/json", "text": "hi", "params": []any{map[string]any{"name": "a"}}})
			e.set(f, v)
			data := harOf("WebInspector", e, newEntry("GET", "https://claude.ai/x", 200))
			for _, limit := range []int64{maxString, minLimit} {
				scan, std, e1, e2 := readBoth(data, limit, 8)
				if diff := sameReading(scan, std, e1, e2); diff != "" {
					t.Errorf("%s = %s, limit %d: %s", f, mustJSON(v), limit, diff)
				}
			}
		}
	}
	// Nested values and the log's own fields.
	for _, doc := range []string{
		`{"log":{"creator":{"name":1},"entries":[{"request":{"url":"https://a/","headers":[{"name":"x","value":2},7]}}]}}`,
		`{"log":{"creator":"x","browser":{"name":[]},"version":3,"entries":[{"request":{"url":"https://a/","postData":{"params":[{"fileName":2}]}}}]}}`,
		`{"log":{"entries":[7,null,"x",{},{"request":{"URL":"https://a/","Method":"get"},"Response":{"STATUS":"404"}}]}}`,
		`{"log":{"entries":[{"request":{"url":"https://a/","url":"https://b/"},"request":{"method":"PUT"}}]}}`,
		`{"log":{"entries":[{"request":{"url":"https://a/","headers":[{"name":"a","value":"1"}],"headers":[{"value":"2"}]}}]}}`,
		`{"log":{"entries":[{"request":{"url":"https://a/\ud83d\ude00\ud83d x\u00e9\/"},"response":{"status":500,"content":{"text":"\ud800\u0041\u00e9\n"}}}]}}`,
		"{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://a/\xff\xe2\x82\"},\"response\":{\"status\":500,\"content\":{\"text\":\"\xe2\x82\xac\xc3\"}}}]}}",
		`{"log":{"entries":[{"request":{"url":"https://a/"},"startedDateTime":-5,"time":"  12 "},{"request":{"url":"x"},"startedDateTime":{"a":"bcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}}]},"z":1}`,
		`{"log":{"entries":[{"request":{"url":"https://a/"}}],"creator":{"name":"Fiddler"}}}`,
		`{"log":{"entries":[{"request":{"url":"https://a/"}}]`,
		`{"log":{"entries":[{"request":{"url":"https://a/"}}],"x":[1,2}}`,
		`{"log":{"entries":[{"request":{"url":"https://a/"}} {"request":{}}]}}`,
		`{"log":{"entries":[{"request":{"url":"https://a/","ſtatus":1},"response":{"ſtatus":404,"K":1}}]}}`,
		// A HAR under a wrapper key, one entry alone, and objects that are neither.
		`{"x":[{"log":1}],"y":{"a":{"log":{}},"b":2},"w":{"pre":[1,{"a":"b"}],"log":{"creator":{"name":"Firefox"},"entries":[{"request":{"url":"https://a/"},"response":{"status":"503"}}],"z":1},"post":{}},"q":3}`,
		`{"w":{"log":{"entries":[]}},"v":{"log":{"entries":[{"request":{"url":"https://b/"}}]}}}`,
		`{"w":{"log":[]}}`,
		`{"w":{"a":1},"log":{"entries":[{"request":{"url":"https://a/"}}]}}`,
		` {"_resourceType":7,"time":"12","timings":{"wait":"x","dns":1},"serverIPAddress":"1.1.1.1","Request":{"url":"https://a/","headers":[{"name":"user-agent","value":"curl/8"}]},"time":5,"response":{"status":429,"_error":{"message":"m","code":7}},"log":{"entries":[]}}`,
		`{"time":1,"timings":[],"log":{"entries":[{"request":{"url":"https://a/"}}]}}`,
		`{"timings":{"wait":1},"startedDateTime":"Feb 16, 2018 4:41:28 PM","time":2}`,
		`{"request":{"url":"https://a/","postData":{"text":"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"}},"response":7}`,
		`{"response":{"status":500},"request":{"method":"GET"},"request":null}`,
		`{"request":{"url":"https://a/"},"response":{"status":500}`,
		// Headers claudelog reads and skips: order of members, repeats, nulls, wrong types,
		// names that fold onto ones it reads.
		`{"log":{"entries":[{"request":{"url":"https://a/","headers":[{"value":"claude-cli/1.0","name":"User-Agent"},{"name":"x-skip","value":7},{"name":" x-stainless-lang ","value":"js"},{"name":"cookie","value":"a=b"}]},"response":{"status":429,"headers":[{"name":"retry-after","value":"5","name":"x-no"},{"name":"x-no","value":"1","name":"Retry-After"},{"name":null,"value":"2"},{"name":"request-id"},{"name":"cf-ray","value":null,"value":"8f-FRA"},{"name":"date","value":{"a":1}},{"name":"x-ſtainless-lang","value":"py"},{"name":"Content-Type","value":"application/json","extra":[1,{"x":2}]}]}}]}}`,
		`{"log":{"entries":[{"request":{"url":"https://a/","headers":[{"name":"x-stainless-retry-count","value":"\u0031"},{"name":"anthropic-version","value":"2023-06-01"},{"name":"idempotency-key","value":"k1"}]},"response":{"status":529,"headers":[{"name":"anthropic-ratelimit-requests-remaining","value":"0"}]}},{"request":{"url":"https://a/","headers":null},"response":{"status":500,"headers":{}}}]}}`,
	} {
		for _, limit := range []int64{maxString, minLimit, 10} {
			scan, std, e1, e2 := readBoth([]byte(doc), limit, 4)
			if diff := sameReading(scan, std, e1, e2); diff != "" && (limit >= minLimit || !sameBreak(scan, std)) {
				t.Errorf("%s, limit %d: %s", doc, limit, diff)
			}
		}
	}
}

// float64Overflow reports that encoding/json stopped at a number too large for a float64
// where the scanner only skips the number: outside the entries, which it walks token by
// token.
func float64Overflow(err error, c *collect) bool {
	return strings.Contains(fmt.Sprint(err)+c.warnings(), "into Go value of type float64")
}

// FuzzDecodersAgree holds the scanner to encoding/json on valid JSON.
func FuzzDecodersAgree(f *testing.F) {
	for _, s := range syntheticSeeds() {
		f.Add(fuzzSeed(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:min(len(data), 1024)]
		if !json.Valid(data) {
			return
		}
		for _, limit := range []int64{maxString, minLimit} {
			scan, std, e1, e2 := readBoth(data, limit, 8)
			if float64Overflow(e2, std) {
				return // encoding/json's Token cannot hold the number; the scanner skips it
			}
			if diff := sameReading(scan, std, e1, e2); diff != "" {
				t.Fatalf("limit %d: %s", limit, diff)
			}
		}
	})
}
