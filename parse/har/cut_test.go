package har

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// cutAll runs src through a cutReader with the given limits, reading in small odd-sized
// pieces so that every state boundary meets a read boundary somewhere.
func cutAll(t testing.TB, src string, limit int64, tail int) (string, *cutReader) {
	c := newCutReader(iotest.HalfReader(strings.NewReader(src)), limit, tail, make([]byte, 7))
	var out bytes.Buffer
	p := make([]byte, 5)
	for {
		n, err := c.Read(p)
		out.Write(p[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
	}
	return out.String(), c
}

// checkCut asserts that cutting a valid JSON string value keeps it valid, and that the
// decoded result is the original's head and tail around the marker.
func checkCut(t testing.TB, original string, limit int64, tail int) {
	in, err := json.Marshal(original)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := cutAll(t, string(in), limit, tail)
	var got string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("limit %d tail %d: output is not valid JSON: %v\nin  %s\nout %s", limit, tail, err, in, out)
	}
	head, rest, total, cut := splitCut(got)
	if !cut {
		if got != original {
			t.Fatalf("limit %d tail %d: uncut string changed: %q → %q", limit, tail, original, got)
		}
		return
	}
	if total != int64(len(in)-2) {
		t.Errorf("limit %d tail %d: recorded length %d, want %d", limit, tail, total, len(in)-2)
	}
	if !strings.HasPrefix(original, head) || !strings.HasSuffix(original, rest) {
		t.Fatalf("limit %d tail %d: head %q / tail %q are not the ends of %q", limit, tail, head, rest, original)
	}
	if len(head)+len(rest) >= len(original) {
		t.Errorf("limit %d tail %d: cut string is not shorter", limit, tail)
	}
}

func TestCutReaderKeepsJSONValid(t *testing.T) {
	samples := []string{
		"",
		"short",
		strings.Repeat("a", 100),
		strings.Repeat(`quote " and backslash \ `, 10),
		strings.Repeat("é中😀", 20),                          // multi-byte UTF-8, written raw by Marshal
		strings.Repeat("\u0001\u001f\n\t<>&", 15),          // \u00XX escapes and short escapes
		strings.Repeat("x\u2028y", 30),                     // \u2028, escaped by Marshal
		strings.Repeat("data: {\"type\":\"ping\"}\n\n", 8), // an SSE body as a HAR holds it
	}
	for _, s := range samples {
		for limit := int64(1); limit <= 40; limit++ {
			for _, tail := range []int{1, 3, 8, 64} {
				checkCut(t, s, limit, tail)
			}
		}
	}
}

func TestCutReaderLeavesStructureAlone(t *testing.T) {
	in := `{"a": "` + strings.Repeat("x", 50) + `", "b": [1, 2.5, true, null, "short"], "c\"d": {"e": "` +
		strings.Repeat(`\u00e9`, 30) + `"}}`
	out, _ := cutAll(t, in, 16, 4)
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not valid JSON: %v\n%s", err, out)
	}
	if b := v["b"].([]any); len(b) != 5 || b[4] != "short" {
		t.Errorf("array changed: %v", b)
	}
	if _, ok := v[`c"d`]; !ok {
		t.Errorf("escaped key lost: %v", v)
	}
	// Nothing cut: the output is the input.
	small := `{"log": {"entries": [{"x": "y\"z"}]}}`
	if out, _ := cutAll(t, small, 16, 4); out != small {
		t.Errorf("short input changed: %s", out)
	}
}

func TestCutReaderOffsets(t *testing.T) {
	long := strings.Repeat("x", 1000)
	in := `["` + long + `", "` + long + `", {"k": 1}]`
	out, c := cutAll(t, in, 100, 10)
	// Offsets asked in increasing order map back to the same bytes of the input.
	for _, probe := range []string{`", "`, `{"k"`} {
		o := int64(strings.LastIndex(out, probe))
		i := c.inputOffset(o)
		if !strings.HasPrefix(in[i:], probe) {
			t.Errorf("output offset %d (%q) maps to input %d (%q)", o, probe, i, in[i:min(int(i)+8, len(in))])
		}
	}
}

func TestSplitCutRejectsLookalikes(t *testing.T) {
	for _, s := range []string{"plain", "a\x00claudelog-cut:", "a\x00claudelog-cut:12", "a\x00claudelog-cut:x\x00b"} {
		if _, _, _, ok := splitCut(s); ok {
			t.Errorf("splitCut(%q) reported a cut", s)
		}
	}
}

// FuzzCut checks that the cutter never breaks valid JSON and never panics on any input.
func FuzzCut(f *testing.F) {
	for _, s := range []string{`"abc"`, `{"a":"\u00e9\u00e9\u00e9\u00e9"}`, `["\\\\\\\"", "x"]`, `"😀😀😀😀"`, `{"a`, `"\`} {
		f.Add([]byte(s), uint8(3), uint8(2))
	}
	f.Fuzz(func(t *testing.T, in []byte, limit, tail uint8) {
		out, _ := cutAll(t, string(in), int64(limit%64)+1, int(tail%16)+1)
		if json.Valid(in) && !json.Valid([]byte(out)) {
			t.Fatalf("valid input became invalid:\nin  %q\nout %q", in, out)
		}
	})
}
