package jsonnum

import (
	"encoding/json"
	"testing"
)

func TestLen(t *testing.T) {
	for in, want := range map[string]int{
		"0": 1, "-0": 2, "12": 2, "1.5": 3, "-1.5e+10": 8, "2E3": 3, "0.0e-0": 6,
		"01": 1, "1,": 1, "7}": 1, "": 0, "-": 0, "1.": 0, "1.e3": 0, "1e": 0, "1e+": 0,
		".5": 0, "+1": 0, "x": 0, "00": 1,
	} {
		if got := Len([]byte(in)); got != want {
			t.Errorf("Len(%q) = %d, want %d", in, got, want)
		}
	}
}

// FuzzLen holds Len to encoding/json: a whole input is a number exactly when Len takes
// all of it and encoding/json reads it as a json.Number.
func FuzzLen(f *testing.F) {
	for _, s := range []string{"0", "-1.5e+10", "01", "1.", "1e", "-", "12345678901234567890", "null", `"1"`, " 1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var n json.Number
		ok := json.Unmarshal(b, &n) == nil && n != "" && len(b) > 0 && b[0] != ' ' && b[len(b)-1] != ' ' &&
			b[0] != '"' && b[0] != '\t' && b[0] != '\n' && b[0] != '\r' &&
			b[len(b)-1] != '\t' && b[len(b)-1] != '\n' && b[len(b)-1] != '\r'
		if got := Len(b) == len(b) && len(b) > 0; got != ok {
			t.Fatalf("Len(%q) = %d of %d; encoding/json reads a number: %v", b, Len(b), len(b), ok)
		}
	})
}
