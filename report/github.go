package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/analyze"
	"github.com/claudelog/claudelog/rules"
)

// GitHub writes one GitHub Actions workflow command per finding (::error, ::warning or
// ::notice by severity), with file= and line= when the evidence points at a line of a
// file, so that the finding shows on the run and, for files in the repository, on the
// diff. When getenv("GITHUB_STEP_SUMMARY") names a file, the Markdown report is appended
// to it, which GitHub shows on the run's summary page. getenv may be nil.
func GitHub(w io.Writer, r *analyze.Report, opts Options, getenv func(string) string) error {
	var b bytes.Buffer
	for _, f := range r.Findings {
		b.WriteString(annotation(f, opts.loc()))
		b.WriteByte('\n')
	}
	if len(r.Findings) == 0 {
		s := r.Summary
		fmt.Fprintf(&b, "::notice title=claudelog::%s\n", escapeData(fmt.Sprintf("%d calls, %d failed, no finding", s.Events, s.Failures)))
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	if getenv == nil {
		return nil
	}
	path := getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	if err := Markdown(f, r, opts); err != nil {
		f.Close()
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	return f.Close()
}

// annotation renders one finding as a workflow command.
func annotation(f analyze.Finding, loc *time.Location) string {
	cmd := "notice"
	switch {
	case f.Severity >= rules.Error:
		cmd = "error"
	case f.Severity == rules.Warning:
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
		props = append(props, "file="+escapeProperty(file))
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
		msg.WriteString("\n  " + evidenceLine(e, loc))
	}
	if len(f.Fixes) > 0 {
		msg.WriteString("\nFix: " + f.Fixes[0])
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
