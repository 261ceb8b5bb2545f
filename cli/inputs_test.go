package cli

import (
	"io"
	"testing"
)

// ttyReader reads as a terminal does after Ctrl-D: the end once, then more text.
type ttyReader struct{ reads int }

func (r *ttyReader) Read(p []byte) (int, error) {
	r.reads++
	if r.reads == 1 {
		return 0, io.EOF
	}
	return copy(p, "typed after the end\n"), nil
}

// TestFinalEOF: once standard input has ended, every later read ends too, so a stack of
// readers over a terminal stops at the first Ctrl-D.
func TestFinalEOF(t *testing.T) {
	tty := &ttyReader{}
	f := &finalEOF{r: tty}
	buf := make([]byte, 64)
	for i := 0; i < 3; i++ {
		if n, err := f.Read(buf); n != 0 || err != io.EOF {
			t.Fatalf("read %d: %d bytes, %v; want the end", i+1, n, err)
		}
	}
	if tty.reads != 1 {
		t.Errorf("the terminal was read %d times after its end", tty.reads)
	}
}
