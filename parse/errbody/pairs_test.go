package errbody

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/claudelog/claudelog/internal/fold"
)

// render writes the pairs an error reader keeps as "kind=value@nest" for comparison.
func render(pairs []pair) string {
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d=%s@%d", p.kind, p.val, p.nest)
	}
	return b.String()
}

func TestScanPairs(t *testing.T) {
	k := func(kind keyKind, v string, nest int) string { return fmt.Sprintf("%d=%s@%d", kind, v, nest) }
	tests := []struct {
		name, text string
		want       []string
	}{
		{"json", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
			[]string{k(kType, "error", 0), k(kError, "{", 0), k(kType, "overloaded_error", 0), k(kMessage, "Overloaded", 0)}},
		{"escaped once inside a field", `{"msg":"{\"type\":\"not_found_error\",\"message\":\"model: x\"}"}`,
			[]string{k(kType, "not_found_error", 1), k(kMessage, "model: x", 1)}},
		{"escaped twice", `"{\"message\":\"{\\\"type\\\":\\\"api_error\\\"}\"}"`,
			[]string{k(kMessage, `{"type":"api_error"}`, 1), k(kType, "api_error", 2)}},
		{"python repr", `{'type': 'error', 'error': {'details': None, 'type': 'rate_limit_error'}}`,
			[]string{k(kType, "error", 0), k(kError, "{", 0), k(kType, "rate_limit_error", 0)}},
		{"ruby symbols", `{:type=>"error", :status=>429}`, []string{k(kType, "error", 0), k(kStatus, "429", 0)}},
		{"js literal", `{ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } }`,
			[]string{k(kName, "ThrottlingException", 0), k(kStatus, "429", 0)}},
		{"swift optional", `message: Optional("Your account is not authorized.")`, []string{k(kMessage, "Your account is not authorized.", 0)}},
		{"key=value", `status_code=429 request_id=req_01`, []string{k(kStatus, "429", 0), k(kRequestID, "req_01", 0)}},
		{"two-word key", `Status Code: 404`, []string{k(kStatus, "404", 0)}},
		{"id that starts with digits", `requestId: 9251f066-a420`, []string{k(kRequestID, "9251f066-a420", 0)}},
		{"string cut short", `{"type":"rate_limit_error","message":"This request would`,
			[]string{k(kType, "rate_limit_error", 0), k(kMessage, "This request would", 0)}},
		// Near misses: nothing an error reader wants.
		{"url, clock and ipv6", `GET https://x.example:8443/a at 12:04:05 from ::1`, nil},
		{"comparison", `if a == b { c = d }`, nil},
		{"prose with a colon", `Note: the type of this value is unknown`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := render(scanPairs([]byte(tt.text))), strings.Join(tt.want, " "); got != want {
				t.Errorf("scanPairs(%s)\n got %s\nwant %s", tt.text, got, want)
			}
		})
	}
}

// FuzzFindStatus: a status findStatus reports is stated in the text, as its digits or by a
// reason phrase HTTP writes only for it.
func FuzzFindStatus(f *testing.F) {
	for _, c := range findCases {
		f.Add([]byte(c.text))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		st, ok := findStatus(fold.LowerBytes(b), b)
		if !ok {
			return
		}
		if st.status < 400 || st.status > 599 || st.pos < 0 || st.pos >= len(b) || st.end < st.pos {
			t.Fatalf("status %+v for %d bytes", st, len(b))
		}
		if strings.Contains(string(b), strconv.Itoa(st.status)) {
			return
		}
		for _, r := range aloneReasons {
			if r.status == st.status && (strings.Contains(string(b), r.phrase) || strings.Contains(string(b), r.upper)) {
				return
			}
		}
		t.Fatalf("status %d not stated in %q", st.status, b)
	})
}

// FuzzScanPairs: pairs lie inside the text, in order, with spans that do too.
func FuzzScanPairs(f *testing.F) {
	for _, c := range findCases {
		f.Add([]byte(c.text))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pairs := scanPairs(b)
		if len(pairs) > maxPairs {
			t.Fatalf("%d pairs", len(pairs))
		}
		for i, p := range pairs {
			if p.pos < 0 || p.pos >= len(b) || p.vs < 0 || p.ve > len(b) || p.vs > p.ve || p.nest < 0 || p.kind == kOther {
				t.Fatalf("pair %d %+v in %d bytes", i, p, len(b))
			}
			if p.ve-p.vs > maxValue {
				t.Fatalf("value of %d bytes", p.ve-p.vs)
			}
		}
	})
}
