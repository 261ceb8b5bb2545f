// Package report renders an analysis for people and programs: a terminal table, the JSON
// report of SPEC.md (claudelog/report/v1), and later Markdown for a support ticket and
// GitHub Actions annotations. Reports only print what analyze hands them; every string in
// it was redacted when the event was born.
package report

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
)

// Options set how a report is rendered.
type Options struct {
	// Location is the zone for printed times; nil means UTC.
	Location *time.Location
	// Width is the terminal's width in columns for the table: text wraps to it and the
	// findings are stacked when the table would not fit. 0 means no limit (not a terminal).
	Width int
	// Color marks severities with ANSI colours in the table; the caller decides (a
	// terminal, NO_COLOR, --color).
	Color bool
	// Dir is the directory paths in Markdown and GitHub output are made relative to; ""
	// means the current directory.
	Dir string
	// Warnings receives what went wrong on the side, such as a GitHub step summary that
	// could not be written; nil discards it.
	Warnings io.Writer
	// Calls counts the input's calls by host, for the verdict; nil when not counted.
	Calls *Calls
}

// Format is an output format's name, as -f/--format takes it.
type Format string

// The formats claudelog writes.
const (
	FormatTable    Format = "table"
	FormatJSON     Format = "json"
	FormatMarkdown Format = "markdown"
	FormatGitHub   Format = "github"
	FormatHTML     Format = "html"
)

// Formats lists the formats Write accepts, for help and validation.
var Formats = func() []Format {
	out := make([]Format, len(writers))
	for i, w := range writers {
		out[i] = w.name
	}
	return out
}()

// writers is every output format: its name, what it is for (the --format help), its
// writer, and whether it is written as it is (JSON, whose encoder escapes what it must)
// rather than through a visibleWriter. Adding a format is its writer's file and a row here.
var writers = []formatWriter{
	{FormatTable, "default on a terminal", Table, false},
	{FormatJSON, "default otherwise", JSON, true},
	{FormatMarkdown, "a support ticket", Markdown, false},
	{FormatGitHub, "Actions annotations", func(w io.Writer, r *model.Report, opts Options) error {
		return GitHub(w, r, opts, os.Getenv)
	}, false},
	{FormatHTML, "a self-contained page with a timeline", HTML, false},
}

type formatWriter struct {
	name  Format
	about string
	write func(io.Writer, *model.Report, Options) error
	raw   bool
}

// FormatHelp describes the formats for the --format flag: "table (default on a
// terminal), json (…), …".
func FormatHelp() string {
	parts := make([]string, len(writers))
	for i, w := range writers {
		parts[i] = fmt.Sprintf("%s (%s)", w.name, w.about)
	}
	return strings.Join(parts, ", ")
}

// Write renders r in the named format.
//
// Every format but JSON, whose encoder escapes what it must, is written through a
// visibleWriter: what the input put into messages and paths is shown, never acted on.
func Write(w io.Writer, f Format, r *model.Report, opts Options) error {
	i := slices.IndexFunc(writers, func(x formatWriter) bool { return x.name == f })
	if i < 0 {
		return fmt.Errorf("unknown format %q (want %s)", f, formatList())
	}
	if writers[i].raw {
		return writers[i].write(w, r, opts)
	}
	vw := newVisibleWriter(w)
	err := writers[i].write(vw, r, opts)
	if ferr := vw.flush(); err == nil {
		err = ferr
	}
	return err
}

func formatList() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

func (o Options) loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}
