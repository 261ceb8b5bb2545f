package model

import (
	"fmt"
	"strings"
)

// Severity says how much a finding hurts the user's work in this input.
type Severity int

// The severities, least to most harmful. The zero value is Info.
const (
	Info Severity = iota
	Warning
	Error
	Critical
)

var severityNames = [...]string{"info", "warning", "error", "critical"}

// String returns the severity's lower-case name, as JSON and flags spell it.
func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want info, warning, error or critical)", name)
}

// Kind tells event causes (one event shows them) from pattern causes (several events over
// time show them).
type Kind string

// The kinds of cause.
const (
	KindEvent   Kind = "event"
	KindPattern Kind = "pattern"
)

// Cause is one root-cause id of CAUSES.md with its documentation.
type Cause struct {
	ID      string // the public id, e.g. "overloaded"
	Kind    Kind
	Title   string // one line: what went wrong
	Doc     string // what it means, for `explain`; paragraphs separated by blank lines
	Support string // what to check or send support; may be empty
}
