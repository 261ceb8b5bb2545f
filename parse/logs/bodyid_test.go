package logs

import (
	"fmt"
	"testing"

	"github.com/claudelog/claudelog/parse/errbody"
)

// bodyTemplates are error bodies with %s where the request id goes.
var bodyTemplates = []string{
	`{'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'slow down'}, 'request_id': '%s'}`,
	`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"%s"}`,
	`{"type": "error", "error": {"type": "api_error", "message": "Internal server error"}, "request_id": "%s"}`,
	`{'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'bad %s'}, 'request_id': '%s'}`,
	`{"error":{"message":"x","type":"requests","code":"429"},"request_id":"%s"}`,
	`{"message":"ThrottlingException","request_id":"%s"}`,
	`upstream error request_id: %s status 529`,
	`{"type":"error","error":{"type":"not_found_error","message":"model: claude-x"},"request_id":"%s"}`,
}

var requestIDs = []string{"req_011CSdk00000024", "req_011CSdk00000025", "req_0", "req_vrtx_abc", "req_011Bedrock9", "req_claude1",
	"req_openai", "req_529", "req_", "req_AWS1", "req_" + fmt.Sprint(1e30), "req_01gemini", "req_model"}

// TestParseBodyByID: parseBody, which remembers a body's parse without its request id,
// answers what errbody.Parse does, on a body's first sight and after.
func TestParseBodyByID(t *testing.T) {
	for round := range 2 {
		for _, tmpl := range bodyTemplates {
			for _, id := range requestIDs {
				var body string
				if n := countVerbs(tmpl); n == 2 {
					body = fmt.Sprintf(tmpl, id, id)
				} else {
					body = fmt.Sprintf(tmpl, id)
				}
				got, gok := parseBody([]byte(body))
				want, wok := errbody.Parse([]byte(body))
				if got != want || gok != wok {
					t.Errorf("round %d, %s:\n got %+v %v\nwant %+v %v", round, body, got, gok, want, wok)
				}
			}
		}
	}
}

func countVerbs(s string) int {
	n := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == 's' {
			n++
		}
	}
	return n
}

// FuzzParseBodyByID: whatever the body and its id, parseBody answers what errbody.Parse
// does, the second time as the first.
func FuzzParseBodyByID(f *testing.F) {
	for _, tmpl := range bodyTemplates {
		f.Add(tmpl, "req_011CSdk00000024", "req_011CSdk00000099")
	}
	f.Fuzz(func(t *testing.T, tmpl, id1, id2 string) {
		if countVerbs(tmpl) != 1 {
			return
		}
		for _, id := range []string{id1, id2, id1} {
			body := []byte(fmt.Sprintf(tmpl, id))
			got, gok := parseBody(body)
			want, wok := errbody.Parse(body)
			if got != want || gok != wok {
				t.Fatalf("%q:\n got %+v %v\nwant %+v %v", body, got, gok, want, wok)
			}
		}
	})
}
