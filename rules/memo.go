package rules

import (
	"slices"

	"github.com/claudelog/claudelog/model"
)

// Classifier is Classify with a memory of the last few events it classified. A log's
// failures come in a few shapes that recur, differing only in their time, their place in
// the input, their request id and their attempt number (an SDK log's 529 line, retried,
// then its exception): the same rule explains each, and comparing the event's fields with
// a remembered one costs a fraction of the keyword pass and the rules' matches. The zero
// value is ready to use; it is not safe for concurrent use.
type Classifier struct {
	memo [classifierMemory]classified
	next int // the entry the next miss replaces
}

// classifierMemory is how many events a Classifier remembers: an SDK log's failures
// recur in a handful of shapes (a status line per attempt and the exception, for each
// status), which 8 hold and 4, replaced in turn, missed nearly every time.
const classifierMemory = 8

// classified is one remembered event and its answer.
type classified struct {
	e       model.Event // its Headers in hdrs
	hdrs    []model.Header
	rule    *Rule
	sev     model.Severity
	ok, set bool
}

// Classify is rules.Classify(e).
func (c *Classifier) Classify(e *model.Event) (r *Rule, sev model.Severity, ok bool) {
	for i := range c.memo {
		if m := &c.memo[i]; m.set && sameForRules(&m.e, e) {
			return m.rule, m.sev, m.ok
		}
	}
	r, sev, ok = Classify(e)
	m := &c.memo[c.next]
	c.next = (c.next + 1) % classifierMemory
	// The parser reuses an event's Headers: the memory keeps its own copy.
	m.hdrs = append(m.hdrs[:0], e.Headers...)
	m.e = *e
	m.e.Headers = m.hdrs
	m.rule, m.sev, m.ok, m.set = r, sev, ok, true
	return r, sev, ok
}

// sameForRules reports whether a and b are equal in every field but the four no rule
// reads: Time, Source, RequestID and Attempt. A field added to model.Event is compared here, or
// TestSameForRulesFields fails. The fields that differ most often between two failures
// come first.
func sameForRules(a, b *model.Event) bool {
	return a.Status == b.Status && a.Message == b.Message && a.ErrorType == b.ErrorType &&
		a.Duration == b.Duration && a.RetryAfter == b.RetryAfter &&
		a.ResponseBytes == b.ResponseBytes && a.RequestBytes == b.RequestBytes &&
		a.BodyDigest == b.BodyDigest && a.KeyDigest == b.KeyDigest &&
		a.Detail == b.Detail && a.Exception == b.Exception && a.ErrorCode == b.ErrorCode &&
		a.NetError == b.NetError && a.Path == b.Path && a.Host == b.Host && a.Method == b.Method &&
		a.Platform == b.Platform && a.Format == b.Format && a.NoResponse == b.NoResponse &&
		a.InStream == b.InStream && a.Truncated == b.Truncated && a.Unanchored == b.Unanchored &&
		a.LimitClaim == b.LimitClaim && a.ResetsAt == b.ResetsAt && a.Client == b.Client &&
		a.ResourceType == b.ResourceType && a.ServerIP == b.ServerIP && a.Edge == b.Edge &&
		a.Dialect == b.Dialect && a.Session == b.Session && slices.Equal(a.Headers, b.Headers)
}
