package logs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/model"
)

// collect is a Sink that keeps everything.
type collect struct {
	events   []model.Event
	warnings []model.InputWarning
}

func (c *collect) Event(e *model.Event)      { c.events = append(c.events, *e) }
func (c *collect) Warn(w model.InputWarning) { c.warnings = append(c.warnings, w) }

// failures returns the events that report a failure.
func (c *collect) failures() []model.Event {
	var out []model.Event
	for _, e := range c.events {
		if isFailure(&e) {
			out = append(out, e)
		}
	}
	return out
}

// isFailure is model.Failed, plus a message: Claude Code's status-less UI errors
// ("Credit balance is too low") carry only their wording.
func isFailure(e *model.Event) bool { return e.Failed() || e.Message != "" }

func readString(t testing.TB, input string, opts Options) (*collect, model.Format) {
	t.Helper()
	c := &collect{}
	f, err := Read(strings.NewReader(input), "test.log", opts, c)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return c, f
}

func dump(evs []model.Event) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "  L%d %s st=%d nr=%v tr=%v type=%q code=%q exc=%q net=%q att=%d rid=%q ep=%q hdr=%v t=%s msg=%q det=%q\n",
			e.Source.Line, e.Dialect, e.Status, e.NoResponse, e.Truncated, e.ErrorType, e.ErrorCode, e.Exception, e.NetError,
			e.Attempt, e.RequestID, e.Endpoint(), e.Headers, e.Time.Format(time.RFC3339Nano), e.Message, e.Detail)
		if e.InStream || e.Unanchored || e.Platform != "" {
			fmt.Fprintf(&b, "     instream=%v unanchored=%v platform=%s\n", e.InStream, e.Unanchored, e.Platform)
		}
	}
	return b.String()
}

type (
	event_   = model.Event
	warning_ = model.InputWarning
)
