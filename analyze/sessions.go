package analyze

import "github.com/claudelog/claudelog/model"

// sessionTally counts a finding's failed calls per Claude Code session (issue #15), so a
// report over a projects folder of hundreds of sessions says which ones failed and when,
// beyond the few pieces of evidence it samples. It keeps the first model.MaxSessions
// sessions met (inputs are delivered in order, so the choice is stable) and counts the
// calls of the others.
type sessionTally struct {
	index map[[2]string]int // project and id → position in list
	list  []model.SessionFailures
	more  int
}

func (t *sessionTally) add(e *model.Event) {
	s := e.Session
	if s == nil {
		return
	}
	k := [2]string{s.Project, s.ID}
	i, ok := t.index[k]
	if !ok {
		if len(t.list) >= model.MaxSessions {
			t.more++
			return
		}
		if t.index == nil {
			t.index = make(map[[2]string]int)
		}
		i = len(t.list)
		t.index[k] = i
		t.list = append(t.list, model.SessionFailures{Session: *s})
	}
	f := &t.list[i]
	f.Count++
	if st := s.Started; !st.IsZero() && (f.Session.Started.IsZero() || st.Before(f.Session.Started)) {
		f.Session.Started = st
	}
	if at := e.Time; !at.IsZero() {
		if f.First.IsZero() || at.Before(f.First) {
			f.First = at
		}
		if at.After(f.Last) {
			f.Last = at
		}
	}
}

// sessions returns a copy of the tally for a Finding.
func (t *sessionTally) sessions() ([]model.SessionFailures, int) {
	if len(t.list) == 0 {
		return nil, t.more
	}
	return append([]model.SessionFailures(nil), t.list...), t.more
}
