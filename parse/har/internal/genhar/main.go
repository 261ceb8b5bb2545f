// Command genhar writes synthetic HAR files for timing claudelog against jq.
//
//	go run ./parse/har/internal/genhar -size 400 -body 150 > big.har   # 400 MB, 150 KB base64 bodies
//	go run ./parse/har/internal/genhar -huge 200 > huge.har            # one entry with a 200 MB body
//
// The entries are Chrome-shaped calls to claude.ai: headers, cookies, a prompt in postData,
// base64 bodies; one call in 20 fails with a JSON error body (429, 529), so that the
// analysis has something to find. The output is deterministic.
package main

import (
	"bufio"
	"encoding/base64"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

func main() {
	size := flag.Int64("size", 400, "approximate file size in MB (10^6 bytes)")
	body := flag.Int("body", 150, "base64 body size in KB (10^3 bytes)")
	huge := flag.Int64("huge", 0, "write one entry whose event-stream body is this many MB instead")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	fmt.Fprint(w, `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[`)
	if *huge > 0 {
		writeHuge(w, *huge*1e6)
	} else {
		writeEntries(w, *size*1e6, *body*1000)
	}
	fmt.Fprint(w, "]}}\n")
}

const headers = `"headers":[{"name":":authority","value":"claude.ai"},{"name":"accept","value":"*/*"},{"name":"accept-encoding","value":"gzip, deflate, br, zstd"},{"name":"accept-language","value":"en-GB,en;q=0.9"},{"name":"anthropic-client-platform","value":"web_claude_ai"},{"name":"content-type","value":"application/json"},{"name":"cookie","value":"sessionKey=sk-ant-sid01-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-AAAAAAAA; lastActiveOrg=00000000-0000-4000-8000-000000000000"},{"name":"origin","value":"https://claude.ai"},{"name":"referer","value":"https://claude.ai/chat/c"},{"name":"user-agent","value":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}]`

func entryHead(i int, method, url string, status int) string {
	sec := i % 60
	return fmt.Sprintf(`{"_initiator":{"type":"script"},"_priority":"High","_resourceType":"fetch","cache":{},"connection":"443",`+
		`"request":{"method":%q,"url":%q,"httpVersion":"http/2.0",%s,"queryString":[],"cookies":[{"name":"sessionKey","value":"sk-ant-sid01-AAAA","path":"/","domain":".claude.ai","expires":"2027-01-01T00:00:00.000Z","httpOnly":true,"secure":true}],"headersSize":-1,"bodySize":88,"postData":{"mimeType":"application/json","text":"{\"prompt\":\"Describe this picture in detail, please.\",\"model\":\"claude\"}"}},`+
		`"response":{"status":%d,"statusText":"","httpVersion":"http/2.0","headers":[{"name":"content-type","value":"%s"},{"name":"date","value":"Fri, 20 Nov 2026 09:14:%02d GMT"},{"name":"request-id","value":"req_011CV%07d"},{"name":"cf-ray","value":"8f1c2a3b4c5d%04x-FRA"},{"name":"server","value":"cloudflare"}],"cookies":[],`,
		method, url, headers, status, contentType(status), sec, i, i%65536)
}

func contentType(status int) string {
	if status >= 400 {
		return "application/json"
	}
	return "image/webp"
}

func entryTail(i int) string {
	return fmt.Sprintf(`"redirectURL":"","headersSize":-1,"bodySize":-1,"_transferSize":1234,"_error":null},"serverIPAddress":"160.79.104.10","startedDateTime":"2026-11-20T09:14:%02d.%03dZ","time":250.5,"timings":{"blocked":0.5,"dns":-1,"ssl":-1,"connect":-1,"send":0.1,"wait":240.2,"receive":9.7,"_blocked_queueing":0.3}}`,
		i%60, i%1000)
}

func writeEntries(w *bufio.Writer, size int64, bodyLen int) {
	rng := rand.New(rand.NewPCG(1, 2))
	raw := make([]byte, bodyLen*3/4)
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	body := base64.StdEncoding.EncodeToString(raw)
	var written int64
	for i := 0; written < size; i++ {
		var s string
		url := fmt.Sprintf("https://claude.ai/api/organizations/o/files/f%d/preview", i)
		switch {
		case i%20 == 7:
			s = entryHead(i, "POST", "https://claude.ai/api/organizations/o/chat_conversations/c/completion", 429) +
				`"content":{"size":120,"mimeType":"application/json","text":"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of concurrent connections has exceeded your rate limit.\"}}"},` + entryTail(i)
		case i%20 == 13:
			s = entryHead(i, "POST", "https://api.anthropic.com/v1/messages", 529) +
				`"content":{"size":80,"mimeType":"application/json","text":"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"},` + entryTail(i)
		default:
			s = entryHead(i, "GET", url, 200) +
				fmt.Sprintf(`"content":{"size":%d,"mimeType":"image/webp","encoding":"base64","text":"`, len(raw)) + body + `"},` + entryTail(i)
		}
		if i > 0 {
			w.WriteByte(',')
			written++
		}
		w.WriteString(s)
		written += int64(len(s))
	}
}

// writeHuge writes one event stream of n bytes that ends in an error event, then a 529.
func writeHuge(w *bufio.Writer, n int64) {
	delta := `event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lorem ipsum dolor\"}}\n\n`
	end := `event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n`
	w.WriteString(strings.Replace(entryHead(0, "POST", "https://claude.ai/api/organizations/o/chat_conversations/c/completion", 200),
		`"value":"image/webp"`, `"value":"text/event-stream"`, 1))
	fmt.Fprintf(w, `"content":{"size":%d,"mimeType":"text/event-stream","text":"event: message_start\n`, n)
	for written := int64(0); written < n; written += int64(len(delta)) {
		w.WriteString(delta)
	}
	w.WriteString(end + `"},` + entryTail(0) + ",")
	w.WriteString(entryHead(1, "POST", "https://api.anthropic.com/v1/messages", 529) +
		`"content":{"size":80,"mimeType":"application/json","text":"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"},` + entryTail(1))
}
