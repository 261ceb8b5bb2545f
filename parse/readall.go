package parse

import (
	"io"
	"os"
	"runtime"
	"slices"

	"github.com/claudelog/claudelog/parse/event"
)

// Inputs are read in parallel, up to one per core, while the caller takes their events in
// input order: what it sees is exactly what a one-by-one read would give. Each reader runs
// ahead of the caller by at most readAhead events, so memory stays bounded however large
// the inputs are.
const readAhead = 16 << 10

// Reading is one input being read in the background.
type Reading struct {
	Path string
	msgs chan message
	done chan readResult
}

// message is one thing a reader found: an event (copied, since parsers reuse theirs) or a
// warning.
type message struct {
	ev   *event.Event
	warn *event.Warning
}

type readResult struct {
	in  Input
	err error
}

// Deliver hands the input's events and warnings to sink in the order they were read, then
// returns what Read returned for it.
func (r *Reading) Deliver(sink event.Sink) (Input, error) {
	for m := range r.msgs {
		if m.ev != nil {
			sink.Event(m.ev)
		} else {
			sink.Warn(*m.warn)
		}
	}
	res := <-r.done
	return res.in, res.err
}

// channelSink copies what a parser finds into a reading's channel.
type channelSink struct{ ch chan message }

func (c channelSink) Event(e *event.Event) {
	cp := *e
	cp.Headers = slices.Clone(e.Headers)
	c.ch <- message{ev: &cp}
}

func (c channelSink) Warn(w event.Warning) { c.ch <- message{warn: &w} }

// ReadAll starts reading files with Read, at most GOMAXPROCS at a time, and yields their
// Readings in input order; the caller must Deliver each in turn. Slots are taken in input
// order, so the reading being delivered always holds one and the pipeline cannot stall.
func ReadAll(files []string, stdin io.Reader, opts Options) <-chan *Reading {
	out := make(chan *Reading, len(files))
	slots := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	go func() {
		defer close(out)
		for _, path := range files {
			r := &Reading{Path: path, msgs: make(chan message, readAhead), done: make(chan readResult, 1)}
			slots <- struct{}{}
			out <- r
			go func() {
				defer func() { <-slots }()
				in, err := Read(path, stdin, opts, channelSink{r.msgs})
				close(r.msgs)
				r.done <- readResult{in, err}
			}()
		}
	}()
	return out
}

// TotalSize adds up the sizes of files, for a progress display; -1 when one of them
// (standard input) has no size known in advance.
func TotalSize(files []string) int64 {
	var total int64
	for _, f := range files {
		st, err := os.Stat(f)
		if f == "-" || err != nil {
			return -1
		}
		total += st.Size()
	}
	return total
}
