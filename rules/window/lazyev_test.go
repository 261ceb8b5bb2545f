package window

import (
	"reflect"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

// fillEvent sets every field of an event to a value that depends on k, so that evidence
// read from any field the copy leaves out would differ.
func fillEvent(k int) model.Event {
	var e model.Event
	v := reflect.ValueOf(&e).Elem()
	var fill func(f reflect.Value, name string)
	fill = func(f reflect.Value, name string) {
		switch f.Kind() {
		case reflect.String:
			f.SetString(name + "-" + string(rune('a'+k%26)))
		case reflect.Int, reflect.Int64:
			if f.Type() == reflect.TypeOf(time.Duration(0)) {
				f.SetInt(int64(k+1) * int64(time.Second))
			} else {
				f.SetInt(int64(k + 2))
			}
		case reflect.Bool:
			f.SetBool(k%2 == 0)
		case reflect.Uint64, reflect.Uint32, reflect.Uint8:
			f.SetUint(uint64(k + 3))
		case reflect.Struct:
			if f.Type() == reflect.TypeOf(time.Time{}) {
				f.Set(reflect.ValueOf(time.Date(2026, 11, 20, 9, k%60, 0, 0, time.UTC)))
				return
			}
			for i := range f.NumField() {
				if f.Type().Field(i).IsExported() {
					fill(f.Field(i), f.Type().Field(i).Name)
				}
			}
		case reflect.Slice:
			if f.Type() == reflect.TypeOf([]model.Header{}) {
				f.Set(reflect.ValueOf([]model.Header{{Name: "retry-after", Value: "30"}, {Name: "x", Value: "y"}}))
			}
		}
	}
	fill(v, "")
	e.Status = 500 + k%100
	return e
}

// TestLazyObsEvidence: the evidence the detectors build when they list it is EvidenceOf
// of the event at the time it was observed, whatever the parser does to the event (and
// its headers) afterwards, with every field of the event set.
func TestLazyObsEvidence(t *testing.T) {
	for k := range 40 {
		e := fillEvent(k)
		if k%3 == 0 {
			e.Message, e.ErrorType = "", ""
		}
		if k%4 == 0 { // only the detail is left to say what happened
			e.Message, e.ErrorType, e.ErrorCode, e.Exception, e.NetError, e.InStream = "", "", "", "", "", false
		}
		if k%5 == 0 {
			e.Source.Entry = 0
		}
		want := model.EvidenceOf(&e)
		src := sourceOf(&e, model.EndpointOf(&e))
		e.Headers[0].Value = "changed"
		e.Message = "changed"
		if got := src.evidence(); !reflect.DeepEqual(got, want) {
			t.Errorf("%d: evidence %+v, want %+v", k, got, want)
		}
	}
}
