package analyze

import (
	"cmp"
	"slices"
)

// boundedSet keeps up to maxSetItems distinct values and counts the ones it dropped.
type boundedSet[T cmp.Ordered] struct {
	items   []T
	dropped int
}

func (s *boundedSet[T]) has(v T) bool { return slices.Contains(s.items, v) }

func (s *boundedSet[T]) add(v T) {
	if s.has(v) {
		return
	}
	if len(s.items) >= maxSetItems {
		s.dropped++
		return
	}
	s.items = append(s.items, v)
}

func (s *boundedSet[T]) sorted() []T {
	out := slices.Clone(s.items)
	slices.Sort(out)
	return out
}

// sampler keeps a bounded, deterministic sample of evidence: the first few, the last, and
// a spread between (every 2^k-th item), so a finding of a million events still shows where
// it started, where it ended and a little of the middle.
type sampler[T any] struct {
	first   []T
	middle  []T
	last    T
	hasLast bool
	lastN   int
}

const samplerFirst = 3

// add offers the n-th (1-based) item.
func (s *sampler[T]) add(e T, n int) { *s.slot(n) = e }

// slot is add of the n-th item, written by the caller where slot points: every item is
// kept at least as the last one, and an event's evidence source is larger than half a
// kilobyte, so filling it in place spares a failure two copies of it.
func (s *sampler[T]) slot(n int) *T {
	if len(s.first) < samplerFirst {
		var zero T
		s.first = append(s.first, zero)
		return &s.first[len(s.first)-1]
	}
	if s.hasLast && n-1 > samplerFirst && isPow2(s.lastN) {
		// the previous last was a power-of-two position: keep it as a middle sample
		s.middle = append(s.middle, s.last)
		if len(s.middle) > maxEvidence-samplerFirst-1 {
			s.middle = s.middle[1:]
		}
	}
	s.hasLast = true
	s.lastN = n
	return &s.last
}

func isPow2(n int) bool { return n > 0 && n&(n-1) == 0 }

func (s *sampler[T]) list() []T {
	out := slices.Clone(s.first)
	out = append(out, s.middle...)
	if s.hasLast {
		out = append(out, s.last)
	}
	return out
}
