package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressDrawsAndClears(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, 4<<20)
	p.start = time.Now().Add(-2 * time.Second) // past the quiet first second
	p.every = 0
	p.Update("big.log", 1<<20, 4<<20)
	line := b.String()
	for _, want := range []string{"big.log", "1 MB of 4 MB", "25%", "left", "/s"} {
		if !strings.Contains(line, want) {
			t.Errorf("progress line %q lacks %q", line, want)
		}
	}
	p.Done()
	if !strings.HasSuffix(b.String(), "\r") {
		t.Errorf("Done did not return to the line start: %q", b.String())
	}
}

func TestProgressQuietForSmallInputs(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, 100)
	p.Update("small.log", 100, 100)
	p.Done()
	if b.Len() != 0 {
		t.Errorf("a quick read drew a bar: %q", b.String())
	}
}
