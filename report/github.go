package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
)

// GitHub writes the verdict as a notice, then one GitHub Actions workflow command per
// finding (::error, ::warning or ::notice by severity), with file= and line= when the
// evidence points at a line of a file, so that the finding shows on the run and, for
// files in the repository, on the diff. file= is relative to getenv("GITHUB_WORKSPACE")
// when set (else to opts.Dir), since GitHub links only paths relative to the repository.
// When getenv("GITHUB_STEP_SUMMARY") names a file, the Markdown report is appended to
// it, which GitHub shows on the run's summary page; a summary that cannot be written is
// a warning on opts.Warnings, not a failure of the step. getenv may be nil.
func GitHub(w io.Writer, r *model.Report, opts Options, getenv func(string) string) error {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	dir := opts.Dir
	if ws := getenv("GITHUB_WORKSPACE"); ws != "" {
		dir = ws
	}
	r = retitled(r)
	var b bytes.Buffer
	fmt.Fprintf(&b, "::notice title=claudelog verdict::%s\n", escapeData(Verdict(r, opts.loc(), opts.Calls)))
	for _, f := range r.Findings {
		b.WriteString(annotation(f, opts.loc(), clockLayout(r, opts.loc()), dir))
		b.WriteByte('\n')
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	path := getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	err := appendSummary(path, r, opts)
	if err != nil && opts.Warnings != nil {
		fmt.Fprintf(opts.Warnings, "claudelog: warning: GITHUB_STEP_SUMMARY: %v; the annotations were written, the step summary was not\n", err)
	}
	return nil
}

// appendSummary appends the Markdown report to the step summary file at path.
func appendSummary(path string, r *model.Report, opts Options) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	vw := newVisibleWriter(f)
	err = Markdown(vw, r, opts)
	if ferr := vw.flush(); err == nil {
		err = ferr
	}
	if err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// annotation renders one finding as a workflow command.
func annotation(f model.Finding, loc *time.Location, layout, dir string) string {
	cmd := "notice"
	switch {
	case f.Severity >= model.Error:
		cmd = "error"
	case f.Severity == model.Warning:
		cmd = "warning"
	}
	// A file and line beat a file alone: GitHub can then point at the line.
	props := []string{}
	file, line := "", 0
	for _, e := range f.Evidence {
		if e.Path == "" || e.Path == "-" {
			continue // standard input has no file to point at
		}
		if file == "" || line == 0 && e.Line > 0 {
			file, line = e.Path, e.Line
		}
	}
	if file != "" {
		props = append(props, "file="+escapeProperty(relPath(file, dir)))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line))
		}
	}
	props = append(props, "title="+escapeProperty("claudelog: "+f.Cause.ID+" ("+f.Severity.String()+")"))

	var msg strings.Builder
	msg.WriteString(f.Title)
	for i, e := range f.Evidence {
		if i == 3 {
			fmt.Fprintf(&msg, "\n  … %d more in the report", len(f.Evidence)-i)
			break
		}
		e.Source = relSource(e.Source, e.Path, dir)
		msg.WriteString("\n  " + evidenceLine(e, loc, layout, 0))
	}
	if fixes := fixesOf(f, loc); len(fixes) > 0 {
		msg.WriteString("\nFix: " + fixes[0])
	}
	return "::" + cmd + " " + strings.Join(props, ",") + "::" + escapeData(msg.String())
}

// escapeData escapes a workflow command's message as the runner expects: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value: as data, plus : and , which end a property.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
