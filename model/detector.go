package model

// Detector finds a pattern over several events. It sees every event in range in order of
// arrival, with the event rule that explained it, and must keep bounded state: windows
// over the stream, not the whole history. It must not retain the Observation or its Event.
type Detector interface {
	Observe(o *Observation)
	// Findings returns the patterns found. A finding's Absorbs says how many events of
	// which event cause it explains; the analyzer takes them out of those causes' findings
	// so that one failure is not listed twice.
	Findings() []Finding
}

// Observation is one event as the detectors see it: the event, the event rule that
// explained it (its id and cause, "" for successes and for failures no rule explains) with
// its severity, and the event's evidence, built at most once for all detectors and only
// when one keeps it.
type Observation struct {
	Event    *Event
	RuleID   string
	CauseID  string
	Fixes    []string // the event rule's fixes, for a detector that reports them
	Severity Severity
	evidence *Evidence
}

// Cause is the id of the cause the event rule named, or "".
func (o *Observation) Cause() string { return o.CauseID }

// Evidence is EvidenceOf(o.Event), built on the first call.
func (o *Observation) Evidence() Evidence { return *o.EvidenceRef() }

// EvidenceRef is Evidence, shared: one copy for every detector that keeps it. It must not
// be modified.
func (o *Observation) EvidenceRef() *Evidence {
	if o.evidence == nil {
		ev := EvidenceOf(o.Event)
		o.evidence = &ev
	}
	return o.evidence
}
