package window

import "github.com/claudelog/claudelog/model"

// Seams for the external tests (package window_test), which go through analyze and the
// rules catalog and so cannot be in package window.

// NewTimed is newTimed for the tests.
func NewTimed(b *Burst, s *Storm, o *Outage) model.Detector { return newTimed(b, s, o) }

// IsTimed reports whether d is the shared-buffer detector of burst, storm and outage.
func IsTimed(d model.Detector) bool {
	_, ok := d.(*timed)
	return ok
}

// SetFoldEarly turns folding without building a finding on or off (TestFoldEarly).
func SetFoldEarly(on bool) { foldEarly = on }

// NamedIsCounted reports whether the outage detector's count of named failing endpoints
// is what a pass over its map finds (TestOutageNamedCount).
func (o *Outage) NamedIsCounted() bool {
	n := 0
	for ep, c := range o.failEP {
		if ep != "" && c > 0 {
			n++
		}
	}
	return n == o.named
}

// SetCompactSuccess turns the compact success (no failure part) on or off
// (TestCompactSuccess).
func SetCompactSuccess(on bool) { compactSuccess = on }
