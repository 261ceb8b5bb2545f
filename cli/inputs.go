package cli

import (
	"fmt"
	"io"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/parse/event"
	"github.com/claudelog/claudelog/parse/redact"
	"github.com/claudelog/claudelog/report"
)

// readInputs reads and analyses paths: warnings go to stderr as they come, an input that
// cannot be read is reported there and counted, and a progress line is drawn when asked
// for and stderr is a terminal.
func (term Terminal) readInputs(paths []string, opts analyze.Options, popts parse.Options, showProgress bool) (*analyze.Report, int) {
	an := analyze.New(opts)
	sink := &warningPrinter{next: an, w: term.Stderr, calls: term.calls}
	files := parse.Files(paths, sink.Warn)
	var progress *report.Progress
	if showProgress && term.isTerminal(term.Stderr) {
		progress = report.NewProgress(term.Stderr, parse.TotalSize(files))
		sink.clear = progress.Done
		popts.Progress = progress.Update
		defer progress.Done()
	}
	unreadable := 0
	for r := range parse.ReadAll(files, term.Stdin, popts) {
		sink.reset()
		in, err := r.Deliver(sink)
		sink.flush(r.Path)
		if err != nil {
			if progress != nil {
				progress.Done()
			}
			fmt.Fprintf(term.Stderr, "claudelog: %s\n", redact.Text(err.Error()))
			unreadable++
			continue
		}
		an.AddInput(analyze.Input{Path: in.Path, Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	if progress != nil {
		progress.Done()
	}
	return an.Report(), unreadable
}

// input (then a count), and forwards everything to the analyzer.
type warningPrinter struct {
	next    event.Sink
	w       io.Writer
	clear   func()        // clears the progress line before a warning is printed; may be nil
	calls   *report.Calls // counts events by host for the verdict; may be nil
	printed int
	held    int
}

const maxWarnings = 20

func (p *warningPrinter) Event(e *event.Event) {
	if p.calls != nil {
		p.calls.Count(e)
	}
	p.next.Event(e)
}

func (p *warningPrinter) Warn(w event.Warning) {
	p.next.Warn(w)
	if p.printed < maxWarnings {
		if p.clear != nil {
			p.clear()
		}
		fmt.Fprintf(p.w, "claudelog: warning: %s\n", redact.Text(w.String()))
		p.printed++
		return
	}
	p.held++
}

func (p *warningPrinter) reset() { p.printed, p.held = 0, 0 }

func (p *warningPrinter) flush(path string) {
	if p.held > 0 {
		fmt.Fprintf(p.w, "claudelog: warning: %s: %d more warnings not shown\n", path, p.held)
	}
}
