package logs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claudelog/claudelog/parse/event"
)

// collect is a Sink that keeps everything.
type collect struct {
	events   []event.Event
	warnings []event.Warning
}

func (c *collect) Event(e *event.Event) { c.events = append(c.events, *e) }
func (c *collect) Warn(w event.Warning) { c.warnings = append(c.warnings, w) }

// failures returns the events that report a failure.
func (c *collect) failures() []event.Event {
	var out []event.Event
	for _, e := range c.events {
		if isFailure(&e) {
			out = append(out, e)
		}
	}
	return out
}

// isFailure is event.Failed, plus a message: Claude Code's status-less UI errors
// ("Credit balance is too low") carry only their wording.
func isFailure(e *event.Event) bool { return e.Failed() || e.Message != "" }

func readString(t testing.TB, input string, opts Options) (*collect, event.Format) {
	t.Helper()
	c := &collect{}
	f, err := Read(strings.NewReader(input), "test.log", opts, c)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return c, f
}

func dump(evs []event.Event) string {
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
	event_   = event.Event
	warning_ = event.Warning
)
