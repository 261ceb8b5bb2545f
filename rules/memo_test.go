package rules

import (
	"reflect"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

// notForRules are the event fields no rule reads, which the Classifier's memory may
// ignore: a rule that starts reading one must take it out of this list and compare it in
// sameForRules.
var notForRules = map[string]bool{"Time": true, "Source": true, "RequestID": true, "Attempt": true}

// TestSameForRulesFields: changing any other field of model.Event, one at a time, makes
// two events different for the memory (so a field added to the event is compared, or this
// fails), and changing the four it ignores does not.
func TestSameForRulesFields(t *testing.T) {
	base := model.Event{Status: 529, Message: "Overloaded", Headers: []model.Header{{Name: "retry-after", Value: "3"}}}
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		f := typ.Field(i)
		b := base
		b.Headers = append([]model.Header(nil), base.Headers...)
		v := reflect.ValueOf(&b).Elem().Field(i)
		switch {
		case f.Type == reflect.TypeOf(time.Time{}):
			v.Set(reflect.ValueOf(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)))
		case f.Type == reflect.TypeOf(model.Source{}):
			v.Set(reflect.ValueOf(model.Source{Path: "x.log", Line: 9}))
		case f.Type == reflect.TypeOf([]model.Header(nil)):
			b.Headers[0].Value = "4"
		case f.Type.Kind() == reflect.String:
			v.SetString(v.String() + "x")
		case f.Type.Kind() == reflect.Bool:
			v.SetBool(!v.Bool())
		case f.Type.Kind() >= reflect.Int && f.Type.Kind() <= reflect.Int64:
			v.SetInt(v.Int() + 1)
		case f.Type.Kind() >= reflect.Uint && f.Type.Kind() <= reflect.Uint64:
			v.SetUint(v.Uint() + 1)
		case f.Type.Kind() == reflect.Pointer:
			v.Set(reflect.New(f.Type.Elem()))
		default:
			t.Fatalf("field %s of kind %v: teach this test to change it", f.Name, f.Type.Kind())
		}
		if same := sameForRules(&base, &b); same != notForRules[f.Name] {
			t.Errorf("events that differ in %s: sameForRules = %v", f.Name, same)
		}
	}
}

// TestClassifierIsClassify: the Classifier answers what Classify does for every event of
// the rule table, each followed by itself at another time, place, request id and attempt
// (served from the memory), and by itself with a changed status and header (not); and
// again in another order, where the memory holds other events.
func TestClassifierIsClassify(t *testing.T) {
	var c Classifier
	check := func(e *model.Event) {
		t.Helper()
		r1, s1, ok1 := Classify(e)
		r2, s2, ok2 := c.Classify(e)
		if r1 != r2 || s1 != s2 || ok1 != ok2 {
			t.Fatalf("%+v: Classifier %v %v %v, Classify %v %v %v", e, ruleIDOf(r2), s2, ok2, ruleIDOf(r1), s1, ok1)
		}
	}
	n := 0
	for _, tc := range classifyCases {
		e := tc.e
		e.Headers = append([]model.Header(nil), e.Headers...)
		check(&e)
		e.Time, e.Source, e.RequestID, e.Attempt = e.Time.Add(time.Second), model.Source{Path: "other.log", Line: 99}, "req_other", e.Attempt+2
		check(&e)
		e.Status++
		check(&e)
		e.Headers = append(e.Headers, model.Header{Name: "retry-after", Value: "1"})
		check(&e)
		n++
	}
	for i := len(classifyCases) - 1; i >= 0; i -= 3 {
		e := classifyCases[i].e
		check(&e)
		e.Attempt++
		check(&e)
	}
	if n < 50 {
		t.Fatalf("only %d events: not a test of the rules", n)
	}
}

// BenchmarkClassifier: the failures of an SDK service log (a 529 line per attempt, then
// the exception; a 429 line, then the exception), through the Classifier and through
// Classify, per event.
func BenchmarkClassifier(b *testing.B) {
	msgs := "This request would exceed your organization's rate limit of 30,000 input tokens per minute (org: 3f2a9c1e, model: claude-sonnet-4-6)."
	api := func(e model.Event) model.Event {
		e.Method, e.Host, e.Path, e.Platform = "POST", "api.anthropic.com", "/v1/messages", model.PlatformAPI
		return e
	}
	shapes := []model.Event{
		api(model.Event{Status: 529, Attempt: 1}), api(model.Event{Status: 529, Attempt: 2}),
		api(model.Event{Status: 529, ErrorType: "overloaded_error", Message: "Overloaded", Exception: "anthropic.OverloadedError", Attempt: 3}),
		api(model.Event{Status: 429, Attempt: 1}),
		api(model.Event{Status: 429, ErrorType: "rate_limit_error", Message: msgs, Exception: "anthropic.RateLimitError", Attempt: 2}),
		api(model.Event{Status: 529, ErrorType: "overloaded_error", Message: "Overloaded", Exception: "anthropic._exceptions.OverloadedError", Attempt: 2}),
	}
	ids := []string{"req_011CSdk00000007", "req_011CSdk00000008", "req_011CSdk00000009"}
	for _, memo := range []bool{false, true} {
		name := map[bool]string{false: "Classify", true: "Classifier"}[memo]
		b.Run(name, func(b *testing.B) {
			var c Classifier
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				e := &shapes[i%len(shapes)]
				e.RequestID = ids[i%len(ids)] // differs from event to event, as in a log
				if memo {
					c.Classify(e)
				} else {
					Classify(e)
				}
				i++
			}
		})
	}
}
