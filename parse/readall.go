package parse

import (
	"io"
	"os"
	"runtime"
	"slices"
	"sync"

	"github.com/claudelog/claudelog/model"
)

// Inputs are read in parallel, up to one per core, while the caller takes their events in
// input order: what it sees is exactly what a one-by-one read would give. Each reader runs
// ahead of the caller by at most readAhead events, so memory stays bounded however large
// the inputs are. Events travel in batches of batchSize, copied into the batch's own
// array: a channel send and a heap copy per event were a few percent of a big log's time.
// 4,096 events (2 MB of them) are enough to keep both sides busy: 16,384 held 8 MB more at
// the peak of the SDK service log for no gain in time (41.6 against 46.6 MiB, 0.96× the
// CPU, paired runs).
const (
	readAhead = 4 << 10
	batchSize = 256
)

// Reading is one input being read in the background.
type Reading struct {
	Path    string
	batches chan *batch
	done    chan readResult
	slot    chan struct{} // ReadAll's slots: Deliver frees one when the input is delivered
}

// batch is a run of messages in the order they were found; the events they point to are
// in evs.
type batch struct {
	msgs []message
	evs  []model.Event
}

// message is one thing a reader found: an event (copied, since parsers reuse theirs) or a
// warning.
type message struct {
	ev   *model.Event
	warn *model.InputWarning
}

type readResult struct {
	in  Input
	err error
}

// Deliver hands the input's events and warnings to sink in the order they were read, then
// returns what Read returned for it.
func (r *Reading) Deliver(sink model.Sink) (Input, error) {
	for b := range r.batches {
		for _, m := range b.msgs {
			if m.ev != nil {
				sink.Event(m.ev)
			} else {
				sink.Warn(*m.warn)
			}
		}
		clear(b.msgs)
		b.msgs, b.evs = b.msgs[:0], b.evs[:0]
		batches.Put(b)
	}
	res := <-r.done
	<-r.slot
	return res.in, res.err
}

// batchSink copies what a parser finds into batches and sends each full one to a
// reading; flush sends the last.
type batchSink struct {
	r   *Reading
	cur *batch
}

func (c *batchSink) Event(e *model.Event) {
	b := c.batch()
	b.evs = append(b.evs, *e) // cap batchSize: the pointers taken below stay valid
	cp := &b.evs[len(b.evs)-1]
	cp.Headers = slices.Clone(e.Headers)
	b.msgs = append(b.msgs, message{ev: cp})
	if len(b.evs) == batchSize {
		c.flush()
	}
}

func (c *batchSink) Warn(w model.InputWarning) {
	b := c.batch()
	b.msgs = append(b.msgs, message{warn: &w})
	if len(b.msgs) >= 2*batchSize {
		c.flush()
	}
}

// batches recycles delivered batches across inputs: a Claude Code projects folder is
// thousands of small files, and a new batch for each (256 events) was most of what
// reading them allocated.
var batches = sync.Pool{New: func() any { return &batch{evs: make([]model.Event, 0, batchSize)} }}

// batch returns the batch being filled, a recycled or new one if none is.
func (c *batchSink) batch() *batch {
	if c.cur == nil {
		c.cur = batches.Get().(*batch)
	}
	return c.cur
}

// flush sends the batch being filled, if any.
func (c *batchSink) flush() {
	if c.cur != nil {
		c.r.batches <- c.cur
		c.cur = nil
	}
}

// ReadAll starts reading files with Read, at most GOMAXPROCS at a time, and yields their
// Readings in input order; the caller must Deliver each in turn. Slots are taken in input
// order, so the reading being delivered always holds one and the pipeline cannot stall.
// A slot is freed when its input has been delivered, not when it has been read: a reading
// that is done keeps its batches until they are delivered, and on a folder of thousands of
// small session files, freeing slots at the end of Read let finished readings pile up
// behind a busy caller (a batch each, 17 MB of them live at the peak).
func ReadAll(files []string, stdin io.Reader, opts Options) <-chan *Reading {
	out := make(chan *Reading, len(files))
	slots := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	go func() {
		defer close(out)
		for _, path := range files {
			n := readAhead / batchSize
			r := &Reading{Path: path, batches: make(chan *batch, n), done: make(chan readResult, 1), slot: slots}
			slots <- struct{}{}
			out <- r
			go func() {
				sink := &batchSink{r: r}
				in, err := Read(path, stdin, opts, sink)
				sink.flush()
				close(r.batches)
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
