package parse

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

type countSink struct{ events, warnings int }

func (c *countSink) Event(*model.Event)      { c.events++ }
func (c *countSink) Warn(model.InputWarning) { c.warnings++ }

// TestReadAllHoldsSlotsUntilDelivered: an input that has been read but not delivered keeps
// its batches, so it must keep its slot too. Freeing slots when Read returned let a
// folder of small files run ahead of a busy caller, a batch (127 KB) per file.
func TestReadAllHoldsSlotsUntilDelivered(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	dir := t.TempDir()
	var files []string
	for i := range 6 {
		p := filepath.Join(dir, fmt.Sprintf("%d.log", i))
		line := fmt.Sprintf("2026-11-20 08:00:0%d,000 INFO httpx: HTTP Request: POST https://api.anthropic.com/v1/messages \"HTTP/1.1 529 \"\n", i)
		if err := os.WriteFile(p, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	ch := ReadAll(files, nil, Options{})
	first, second := <-ch, <-ch
	// Both are read to the end (their results are waiting) but neither is delivered.
	for _, r := range []*Reading{first, second} {
		for deadline := time.Now().Add(10 * time.Second); len(r.done) == 0; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s was not read in 10 s", r.Path)
			}
		}
	}
	// A third reading would start now if a finished read freed its slot. (On a slow
	// machine it might start later than this: then the test passes without proving it.)
	select {
	case r := <-ch:
		t.Fatalf("%s started while two readings were undelivered", r.Path)
	case <-time.After(100 * time.Millisecond):
	}
	// Delivering them frees their slots for the rest.
	var sink countSink
	for _, r := range []*Reading{first, second} {
		if _, err := r.Deliver(&sink); err != nil {
			t.Fatal(err)
		}
	}
	for r := range ch {
		if _, err := r.Deliver(&sink); err != nil {
			t.Fatal(err)
		}
	}
	if sink.events != len(files) {
		t.Errorf("%d events, want %d", sink.events, len(files))
	}
}
