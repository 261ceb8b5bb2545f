package logs

import (
	"bufio"
	"bytes"
	"testing"
)

// TestTableShapes: a shape opens only on a line that starts with one of its firsts, which
// is what lets one byte pick the one shape to test (shapeOf, scanner.routes). Checked on
// every line of the corpus and on each shape's own openings.
func TestTableShapes(t *testing.T) {
	lines := [][]byte{[]byte("Traceback (most recent call last):"), []byte("> POST /v1/messages HTTP/2"),
		[]byte("< HTTP/2 429"), []byte("HTTP/1.1 529 Overloaded"), []byte("$ curl -s https://api.anthropic.com/v1/messages"),
		[]byte("curl: (7) Failed to connect"), []byte(`{"type":"error"}`), []byte(`[{"a":1}]`), []byte("[ "), []byte("[INFO] x")}
	for _, in := range blockCorpus(t) {
		sc := bufio.NewScanner(bytes.NewReader(in))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if tr := bytes.TrimSpace(sc.Bytes()); len(tr) > 0 {
				lines = append(lines, append([]byte(nil), tr...))
			}
		}
	}
	opened := map[string]int{}
	for _, t0 := range lines {
		for _, d := range registry {
			if d.starts == nil || !d.starts(t0) {
				continue
			}
			opened[d.name]++
			if shapes[t0[0]] != d {
				t.Errorf("%s opens on %q, whose first byte is not in its firsts %q", d.name, t0, d.firsts)
			}
		}
	}
	for _, d := range registry {
		if (d.starts == nil) != (d.firsts == "") || (d.starts == nil) != (d.open == nil) {
			t.Errorf("%s: firsts, starts and open go together", d.name)
		}
		if (d.isOpen == nil) != (d.feed == nil) {
			t.Errorf("%s: isOpen and feed go together", d.name)
		}
		if (d.match == nil) != (d.keywords == nil) {
			t.Errorf("%s: keywords and match go together", d.name)
		}
		if d.starts != nil && opened[d.name] == 0 {
			t.Errorf("%s opened on no line of the corpus", d.name)
		}
	}
}

// TestTableOrder: the views of the table keep rank order, which decides which dialect
// reads a line first.
func TestTableOrder(t *testing.T) {
	for _, view := range [][]*dialect{registry, dialects, continued, objects} {
		for i := 1; i < len(view); i++ {
			if view[i-1].rank >= view[i].rank {
				t.Errorf("%s (rank %d) before %s (rank %d)", view[i-1].name, view[i-1].rank, view[i].name, view[i].rank)
			}
		}
	}
	if len(dialects) == 0 || len(continued) == 0 || len(objects) == 0 {
		t.Fatal("an empty view of the table")
	}
}
