package cli

import (
	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/report"
)

// readInputs reads and analyses paths: warnings go to stderr as they come, an input that
// cannot be read is reported there and counted, and a progress line is drawn when asked
// for and stderr is a terminal. calls, when not nil, counts the events by host.
func (term Terminal) readInputs(paths []string, opts analyze.Options, popts parse.Options, showProgress bool, calls *report.Calls) (*model.Report, int) {
	an := analyze.New(opts)
	sink := &warningPrinter{next: an, term: term, calls: calls}
	var files []string
	unreadable := 0
	for _, p := range paths {
		found := parse.Files([]string{p}, sink.Warn)
		if len(found) == 0 {
			// A directory with nothing to read is not "no failures": say so, and let the
			// exit status say that nothing could be searched (ripgrep's convention).
			term.say("%s: no file here that claudelog can read", p)
			unreadable++
		}
		files = append(files, found...)
	}
	var progress *report.Progress
	if showProgress && term.isTerminal(term.Stderr) {
		progress = report.NewProgress(term.Stderr, parse.TotalSize(files))
		sink.clear = progress.Done
		popts.Progress = progress.Update
		defer progress.Done()
	}
	for r := range parse.ReadAll(files, term.Stdin, popts) {
		sink.reset()
		in, err := r.Deliver(sink)
		sink.flush(r.Path)
		if err != nil {
			if progress != nil {
				progress.Done()
			}
			term.say("%s", err)
			unreadable++
			continue
		}
		an.AddInput(model.Input{Path: in.Path, Format: in.Format, Events: in.Events, Failures: in.Failures, Warnings: in.Warnings})
	}
	if progress != nil {
		progress.Done()
	}
	return an.Report(), unreadable
}

// input (then a count), and forwards everything to the analyzer.
type warningPrinter struct {
	next    model.Sink
	term    Terminal
	clear   func()        // clears the progress line before a warning is printed; may be nil
	calls   *report.Calls // counts events by host for the verdict; may be nil
	printed int
	held    int
}

const maxWarnings = 20

func (p *warningPrinter) Event(e *model.Event) {
	if p.calls != nil {
		p.calls.Count(e)
	}
	p.next.Event(e)
}

func (p *warningPrinter) Warn(w model.InputWarning) {
	p.next.Warn(w)
	if p.printed < maxWarnings {
		if p.clear != nil {
			p.clear()
		}
		p.term.warn("%s", w)
		p.printed++
		return
	}
	p.held++
}

func (p *warningPrinter) reset() { p.printed, p.held = 0, 0 }

func (p *warningPrinter) flush(path string) {
	if p.held > 0 {
		p.term.warn("%s: %d more warnings not shown", path, p.held)
	}
}
