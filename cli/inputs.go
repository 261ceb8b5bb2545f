package cli

import (
	"io"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
	"github.com/claudelog/claudelog/report"
)

// readInputs reads and analyses paths: warnings go to stderr as they come, an input that
// cannot be read is reported there and counted, and a progress line is drawn when asked
// for and stderr is a terminal. calls, when not nil, is set to the analysed events by
// host, which the analysis counts (model.Summary.OtherHosts).
func (term Terminal) readInputs(paths []string, opts analyze.Options, popts parse.Options, showProgress bool, calls *report.Calls) (*model.Report, int) {
	an := analyze.New(opts)
	sink := &warningPrinter{Analyzer: an, term: term}
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
	for r := range parse.ReadAll(files, &finalEOF{r: term.Stdin}, popts) {
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
	rep := an.Report()
	if calls != nil {
		*calls = report.Calls{Claude: rep.Summary.Events - rep.Summary.OtherHosts, Other: rep.Summary.OtherHosts}
	}
	return rep, unreadable
}

// warningPrinter prints input warnings on stderr as they come, at most maxWarnings per
// input (then a count), and hands everything to the analyzer. Events go straight to
// the analyzer's own method (embedded): the command line does no work per event.
type warningPrinter struct {
	*analyze.Analyzer
	term    Terminal
	clear   func() // clears the progress line before a warning is printed; may be nil
	printed int
	held    int
}

const maxWarnings = 20

func (p *warningPrinter) Warn(w model.InputWarning) {
	p.Analyzer.Warn(w)
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

// finalEOF makes the end of standard input final. A terminal reports Ctrl-D as one read of
// 0 bytes and then waits for more, and the readers stacked on an input (decompression,
// sniffing, the parser) each read again after the end: without this, one Ctrl-D did not
// end the input, nor did three.
type finalEOF struct {
	r   io.Reader
	err error
}

func (f *finalEOF) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.r.Read(p)
	f.err = err
	return n, err
}
