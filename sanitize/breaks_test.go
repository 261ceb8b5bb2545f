package sanitize

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// harWith wraps entries (JSON objects) in a HAR.
func harWith(entries ...string) string {
	return `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[` + strings.Join(entries, ",") + `]}}`
}

// jsonString is s as a JSON string literal.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// entryOf builds an entry from its parts, each a JSON fragment or "".
func entryOf(url, reqHeaders, cookies, post string, status int, respHeaders, content string) string {
	if reqHeaders == "" {
		reqHeaders = "[]"
	}
	if cookies == "" {
		cookies = "[]"
	}
	if respHeaders == "" {
		respHeaders = "[]"
	}
	if content == "" {
		content = `{"size":0,"mimeType":"text/plain","text":""}`
	}
	p := ""
	if post != "" {
		p = `,"postData":` + post
	}
	return fmt.Sprintf(`{"startedDateTime":"2026-11-20T09:14:03.000Z","time":1,"request":{"method":"POST","url":%s,"httpVersion":"HTTP/1.1","headers":%s,"queryString":[],"cookies":%s,"headersSize":-1,"bodySize":0%s},"response":{"status":%d,"statusText":"","httpVersion":"HTTP/1.1","headers":%s,"cookies":[],"content":%s,"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":1,"receive":0}}`,
		jsonString(url), reqHeaders, cookies, p, status, respHeaders, content)
}

var canaryRe = regexp.MustCompile(`CANARY[0-9A-Za-z_]*`)

// TestSanitizeKeepsNothingSecret: each place of issue #16 where sanitize used to keep a
// secret or a conversation; every CANARY must go, every keep must stay.
func TestSanitizeKeepsNothingSecret(t *testing.T) {
	big := `{"pad":"` + strings.Repeat("x", 1<<20+10) + `","nested":{"SAMLResponse":"CANARY_big","fcParams":["CANARY_big2"]},"model":"claude"}`
	tests := []struct {
		name  string
		entry string
		keep  []string
	}{
		{"polly list header", entryOf("https://example.com/", "", "", "", 200, `[{"name":"set-cookie","value":["sid=CANARY_polly1; Path=/","x=CANARY_polly2"]},{"name":"x-api-key","value":["CANARY_polly3"]}]`, ""), []string{"Path=/"}},
		{"object header value", entryOf("https://example.com/", `[{"name":"authorization","value":{"scheme":"Bearer","token":"CANARY_obj"}}]`, "", "", 200, "", ""), nil},
		{"ie11 cookie object", entryOf("https://example.com/", "", `{"sid":"CANARY_ie11","theme":"CANARY_ie11b"}`, "", 200, "", ""), []string{`"sid"`}},
		{"unknown headers", entryOf("https://example.com/", `[{"name":"Ocp-Apim-Subscription-Key","value":"CANARY_h1"},{"name":"X-Functions-Key","value":"CANARY_h2"},{"name":"X-Access-Key","value":"CANARY_h3"},{"name":"Key","value":"CANARY_h4"},{"name":"X-Pass","value":"CANARY_h5"}]`, "", "", 200, "", ""), []string{"Ocp-Apim-Subscription-Key"}},
		{"chrome :path", entryOf("https://example.com/cb?email=a%40b.example&session_id=CANARY_p1", `[{"name":":path","value":"/cb?email=CANARY_p2%40b.example&session_id=CANARY_p1&state=CANARY_p3&SAMLResponse=CANARY_p4&page=2"}]`, "", "", 200, "", ""), []string{"/cb?", "page=2"}},
		{"json fields", entryOf("https://example.com/login", "", "", `{"mimeType":"application/json","text":"{\"private_key\":\"CANARY_j1\",\"privateKey\":\"CANARY_j2\",\"passphrase\":\"CANARY_j3\",\"pwd\":\"CANARY_j4\",\"pass\":\"CANARY_j5\",\"otp\":\"CANARY_j6\",\"mfa_code\":\"CANARY_j7\",\"sid\":\"CANARY_j8\",\"csrf\":\"CANARY_j9\",\"pin\":123456,\"user\":\"bob\"}"}`, 200, "", ""), []string{`\"user\":\"bob\"`}},
		{"claude params", entryOf("https://claude.ai/api/organizations/o/upload", "", "", `{"mimeType":"multipart/form-data","params":[{"name":"file","fileName":"CANARY_f1.txt","contentType":"text/plain","value":"CANARY_f2 my uploaded text"}]}`, 200, "", ""), []string{`"name":"file"`}},
		{"cr-only stream", entryOf("https://claude.ai/api/organizations/o/chat_conversations/c/completion", "", "", "", 200, `[{"name":"content-type","value":"text/event-stream"}]`,
			`{"size":10,"mimeType":"text/event-stream","text":`+jsonString("event: completion\rdata: {\"type\":\"completion\",\"completion\":\"CANARY_cr answer\"}\r\revent: error\rdata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\r\r")+`}`), []string{"overloaded_error", "event: completion"}},
		{"new?q=", entryOf("https://claude.ai/new?q=CANARY_q%20my%20prompt", `[{"name":"referer","value":"https://claude.ai/new?q=CANARY_q2"}]`, "", "", 200, "", ""), []string{"claude.ai/new?q="}},
		{"json over 1 MiB", entryOf("https://example.com/big", "", "", "", 200, "", `{"size":1,"mimeType":"application/json","text":`+jsonString(big)+`}`), []string{`\"model\":\"claude\"`}},
		{"sentry envelope", entryOf("https://o1.ingest.sentry.io/api/1/envelope/", "", "", `{"mimeType":"text/plain","text":`+jsonString("{\"event_id\":\"e1\",\"dsn\":\"https://CANARY_dsn@o1.ingest.sentry.io/1\"}\n{\"type\":\"event\"}\n{\"user\":{\"email\":\"CANARY_mail@example.com\",\"id\":\"u1\"},\"message\":\"mailed CANARY_mail2@example.org\"}\n")+`}`, 200, "", ""), []string{`\"type\":\"event\"`}},
		{"intercom form", entryOf("https://api-iam.intercom.io/messenger/web/ping", "", "", `{"mimeType":"application/x-www-form-urlencoded","text":"app_id=abc&user_data=%7B%22email%22%3A%22CANARY_ic%40example.com%22%7D&user%5Bemail%5D=CANARY_ic2%40example.com"}`, 200, "", ""), []string{"app_id=abc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, st, warns, err := sanitizeBytes(t, []byte(harWith(tt.entry)), "t.har")
			if err != nil || !json.Valid(out) || st.Entries != 1 {
				t.Fatalf("err %v, valid %v, entries %d, warnings %v", err, json.Valid(out), st.Entries, warns)
			}
			if c := canaryRe.FindAllString(string(out), -1); len(c) > 0 {
				t.Errorf("output holds %v", c)
			}
			for _, k := range tt.keep {
				if !strings.Contains(string(out), k) {
					t.Errorf("output lost %s", k)
				}
			}
		})
	}
}

// TestSanitizeEchoes: a value hashed in one place is hashed everywhere it recurs, also
// before the place where it was found to be secret.
func TestSanitizeEchoes(t *testing.T) {
	const v = "CANARY_echo7f3a9"
	first := entryOf("https://example.com/u/"+v+"/x?ref="+v, "", "", `{"mimeType":"text/plain","text":"echo `+v+` here"}`, 302,
		`[{"name":"Location","value":"https://example.com/next?n=`+v+`"}]`, `{"size":1,"mimeType":"text/html","text":"<a>`+v+`</a>"}`)
	second := entryOf("https://example.com/", `[{"name":"Cookie","value":"sid=`+v+`; theme=dark"}]`, "", "", 200, "", "")
	out, _, _, err := sanitizeBytes(t, []byte(harWith(first, second)), "t.har")
	if err != nil || !json.Valid(out) {
		t.Fatalf("err %v, valid %v", err, json.Valid(out))
	}
	if strings.Contains(string(out), v) {
		t.Errorf("the cookie value survives elsewhere:\n%s", out)
	}
	if !strings.Contains(string(out), "theme=") || !strings.Contains(string(out), "/u/[redacted:") {
		t.Errorf("lost the shape around the echoes:\n%s", out)
	}
}

// TestSanitizeKeepsVendorFields: fields that look secret and are not keep their values.
func TestSanitizeKeepsVendorFields(t *testing.T) {
	e := strings.Replace(entryOf("https://example.com/", "", "", "", 0, "", ""), `"cache":{}`,
		`"cache":{},"_score_cookies":100,"_error":{"code":"ECONNREFUSED","message":"connect ECONNREFUSED"}`, 1)
	out, _, _, err := sanitizeBytes(t, []byte(harWith(e)), "t.har")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"_score_cookies":100`, `"code":"ECONNREFUSED"`} {
		if !strings.Contains(string(out), k) {
			t.Errorf("lost %s:\n%s", k, out)
		}
	}
}

// TestSanitizeReadsOverLimits: one over-long number, key or nesting no longer drops every
// entry after it, and the output is valid UTF-8 JSON.
func TestSanitizeReadsOverLimits(t *testing.T) {
	ok := entryOf("https://example.com/", "", "", "", 200, "", "")
	withVendor := func(v string) string { return strings.Replace(ok, `"cache":{}`, `"cache":{},`+v, 1) }
	for name, bad := range map[string]string{
		"long number": withVendor(`"_n":` + strings.Repeat("1", 2000)),
		"long key":    withVendor(`"` + strings.Repeat("k", 70<<10) + `":1`),
		"deep":        withVendor(`"_d":` + strings.Repeat("[", 600) + strings.Repeat("]", 600)),
		"deep object": withVendor(`"_d":` + strings.Repeat(`{"a":`, 600) + "1" + strings.Repeat("}", 600)),
		"bad utf8":    withVendor("\"_u\xff\":\"a\xfe\xffb\""),
	} {
		t.Run(name, func(t *testing.T) {
			out, st, warns, err := sanitizeBytes(t, []byte(harWith(bad, ok, ok)), "t.har")
			if err != nil || st.Truncated || st.Entries != 3 {
				t.Fatalf("err %v, truncated %v, entries %d, warnings %v", err, st.Truncated, st.Entries, warns)
			}
			if !json.Valid(out) || !utf8.Valid(out) {
				t.Fatalf("output is not valid UTF-8 JSON")
			}
		})
	}
}

// FuzzSanitizeCanary plants a secret holding a canary in a HAR place chosen by the fuzzer,
// around fuzzer-made text and structure: the canary must never come out, and the output
// must be valid UTF-8 JSON.
func FuzzSanitizeCanary(f *testing.F) {
	f.Add("note", "x", uint8(0), uint8(0))
	f.Add("Authorization", "Bearer", uint8(1), uint8(3))
	f.Add("a\xffb", "{\"k\":[", uint8(5), uint8(7))
	secrets := []string{
		"sk-ant-api03-CANARYz9aaaaaaaa", "DB_PASSWORD=CANARYz9", "ghp_aaaaaaaaaaaaaaaaaaaaCANARYz9",
		"Authorization: Bearer CANARYz9", "https://u:CANARYz9@h.example.com/", "AccountKey=CANARYz9==",
		"xoxb-12345-abcdefCANARYz9", "--api-key CANARYz9",
	}
	f.Fuzz(func(t *testing.T, name, text string, which, where uint8) {
		if strings.Contains(strings.ToUpper(name+text), "CANARY") {
			return
		}
		s := secrets[int(which)%len(secrets)]
		free := text + " " + s + " " + text
		var e string
		switch where % 8 {
		case 0:
			e = entryOf("https://example.com/", `[{"name":`+jsonString(name)+`,"value":`+jsonString(free)+`}]`, "", "", 200, "", "")
		case 1:
			e = entryOf("https://example.com/", "", `[{"name":`+jsonString(name)+`,"value":`+jsonString(text+s)+`}]`, "", 200, "", "")
		case 2:
			e = entryOf("https://example.com/?"+url.QueryEscape(name)+"="+url.QueryEscape(free), "", "", "", 200, "", "")
		case 3:
			e = entryOf("https://example.com/p", "", "", `{"mimeType":"text/plain","text":`+jsonString(free)+`}`, 200, "", "")
		case 4:
			e = entryOf("https://example.com/p", "", "", "", 500, "", `{"size":1,"mimeType":"application/json","text":`+jsonString(`{`+jsonString(name)+`:`+jsonString(free)+`}`)+`}`)
		case 5:
			e = entryOf("https://example.com/p", "", "", "", 401, `[{"name":`+jsonString(name)+`,"value":[`+jsonString(free)+`]}]`, "")
		case 6:
			e = entryOf("https://claude.ai/api/x/completion", "", "", "", 200, `[{"name":"content-type","value":"text/event-stream"}]`,
				`{"size":1,"mimeType":"text/event-stream","text":`+jsonString("event: x\rdata: "+free+"\r\r")+`}`)
		default:
			e = strings.Replace(entryOf("https://example.com/", "", "", "", 0, "", ""), `"cache":{}`, `"cache":{},"_error":`+jsonString(free), 1)
		}
		out, _, _, err := sanitizeBytes(t, []byte(harWith(e)), "f.har")
		if err != nil {
			t.Fatalf("sanitize: %v", err)
		}
		if !json.Valid(out) || !utf8.Valid(out) {
			t.Fatalf("output is not valid UTF-8 JSON")
		}
		if strings.Contains(strings.ToUpper(string(out)), "CANARYZ9") {
			t.Fatalf("canary survived (%d, %d): %s", which, where, out)
		}
	})
}

// TestSanitizeEchoesOnlySecrets: the second pass hashes copies of secrets only. A value
// hashed because it came before its name (Vary: Accept-Encoding) or a cookie set to a
// plain word ("default") is not hashed elsewhere; a secret header written value first is.
func TestSanitizeEchoesOnlySecrets(t *testing.T) {
	e := entryOf("https://example.com/?mode=default&enc=Accept-Encoding&t=CANARY_blind9", `[{"value":"Accept-Encoding","name":"Vary"},{"value":"CANARY_blind9","name":"X-Api-Key"}]`,
		`[{"name":"theme","value":"default"}]`, "", 200, "", "")
	out, _, _, err := sanitizeBytes(t, []byte(harWith(e)), "t.har")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"mode=default", "enc=Accept-Encoding"} {
		if !strings.Contains(string(out), k) {
			t.Errorf("lost %s:\n%s", k, out)
		}
	}
	if strings.Contains(string(out), "CANARY") {
		t.Errorf("a secret written before its name survives elsewhere:\n%s", out)
	}
}
