package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse"
)

// agree classifies e with the keyword index and with the plain loop over the catalog and
// reports a difference: the index is a shortcut and must never change an answer.
func agree(t *testing.T, name string, e *model.Event) {
	t.Helper()
	e1, e2 := *e, *e
	r1, s1, ok1 := Classify(&e1)
	r2, s2, ok2 := classifyWith(catalog(), &e2)
	if ok1 != ok2 || s1 != s2 || ruleIDOf(r1) != ruleIDOf(r2) {
		t.Errorf("%s: index says %s/%v/%v, plain loop %s/%v/%v (text %q)",
			name, ruleIDOf(r1), s1, ok1, ruleIDOf(r2), s2, ok2, e.Text())
	}
}

// TestIndexMatchesPlainLoop checks the keyword index against the plain loop on every table
// case, on the table cases with their text upper-cased and padded (keywords at every
// offset), and on every event the parsers read from the test inputs.
func TestIndexMatchesPlainLoop(t *testing.T) {
	for _, tc := range classifyCases {
		agree(t, tc.name, &tc.e)
		e := tc.e
		e.Message = "x" + strings.ToUpper(e.Message) + "y"
		e.Detail = "ab" + e.Detail
		agree(t, tc.name+" (shifted)", &e)
	}
	var files []string
	for _, dir := range []string{"../testdata/logs", "../testdata/hars", "../../shared/logs-public", "../../shared/hars-public"} {
		found := parse.Files([]string{dir}, func(model.InputWarning) {})
		if len(found) == 0 && strings.HasPrefix(dir, "../testdata") {
			t.Fatalf("no inputs in %s", dir)
		}
		files = append(files, found...)
	}
	events := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".want") || strings.HasSuffix(f, ".md") || strings.HasSuffix(f, ".tsv") {
			continue
		}
		if _, err := os.Stat(f); err != nil {
			continue
		}
		sink := &agreeSink{t: t, name: filepath.Base(f)}
		parse.Read(f, nil, parse.Options{}, sink)
		events += sink.n
	}
	if events < 100 {
		t.Fatalf("only %d events read from the test inputs", events)
	}
	t.Logf("%d events from %d files agree", events, len(files))
}

// agreeSink classifies each event both ways as it arrives, since a parser may reuse it.
type agreeSink struct {
	t    *testing.T
	name string
	n    int
}

func (s *agreeSink) Event(e *model.Event) {
	s.n++
	agree(s.t, s.name+" "+e.Source.String(), e)
}

func (s *agreeSink) Warn(model.InputWarning) {}

// TestIndexEveryKeyword puts each keyword of the catalog alone in a failed event, at the
// start, in the middle and at the end of a message: the index must find it wherever it is.
func TestIndexEveryKeyword(t *testing.T) {
	for _, r := range catalog() {
		for _, k := range r.Keywords {
			for _, msg := range []string{k, "zz " + k + " zz", "zzz" + k} {
				for _, status := range []int{0, 400, 429, 500, 529} {
					e := model.Event{Status: status, Message: msg, Exception: "Error"}
					agree(t, r.ID+" "+msg, &e)
				}
			}
		}
	}
}
