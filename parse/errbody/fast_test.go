package errbody

import (
	"encoding/json"
	"testing"
)

// slowJSON is parse's general path for a JSON body: encoding/json, then fromJSON.
func slowJSON(b []byte) (Info, bool, bool) {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return Info{}, false, false
	}
	info, ok := fromJSON(v)
	return info, ok, true
}

var fastCases = []string{
	`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CBench000001"}`,
	`{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your organization's rate limit of 2138 output tokens per minute."}}`,
	` { "error" : { "message" : "x" , "type" : "api_error" } , "type" : "error" } `,
	`{"error":{"type":"invalid_request_error","message":"prompt is too long: 201234 tokens > 200000 maximum"}}`,
	`{"type":"oops","error":{}}`,
	`{"error":{"message":"{\"type\":\"exceeded_limit\"}"}}`,
	`{"error":{"message":" {nested"}}`,
	`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded","type":"api_error"}}`,
	`{"type":"error","error":{"type":"overloaded_error","message":"Over\u006coaded"}}`,
	`{"type":"error","error":{"type":"overloaded_error","message":"caf` + "\xe9" + `"}}`,
	`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":null}`,
	`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}} x`,
	`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},}`,
	`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded","details":{"error_code":"x"}}}`,
	`{"type":"error","error":{"type":"overloaded_error","message":"sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAA password=hunter2"}}`,
	`{"Type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
	`{"type":"error","error":"Overloaded"}`,
	`{}`, `{`, `{"error":{"type":"x","message":"y"}`, `[]`,
}

// TestFastAnthropic: where the fast reader takes a body, it reads what encoding/json and
// fromJSON read, field for field; and it takes the common envelopes.
func TestFastAnthropic(t *testing.T) {
	taken := 0
	for _, c := range fastCases {
		got, gok, handled := fastAnthropic([]byte(c))
		if !handled {
			continue
		}
		taken++
		want, wok, valid := slowJSON([]byte(c))
		if !valid || got != want || gok != wok {
			t.Errorf("%s:\nfast %+v %v\nslow %+v %v (valid JSON %v)", c, got, gok, want, wok, valid)
		}
	}
	if taken < 5 {
		t.Errorf("the fast reader took only %d of the envelopes", taken)
	}
}

func FuzzFastAnthropic(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gok, handled := fastAnthropic(b)
		if !handled {
			return
		}
		want, wok, valid := slowJSON(b)
		if !valid || got != want || gok != wok {
			t.Fatalf("%q:\nfast %+v %v\nslow %+v %v (valid JSON %v)", b, got, gok, want, wok, valid)
		}
	})
}

func BenchmarkParseAnthropic(b *testing.B) {
	body := []byte(fastCases[0])
	b.ReportAllocs()
	for b.Loop() {
		Parse(body)
	}
}
