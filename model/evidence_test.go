package model

import "testing"

func TestSourceNameIsString(t *testing.T) {
	for _, s := range []Source{
		{}, {Path: "-"}, {Path: "a.har", Entry: 17}, {Path: "ci.log", Line: 120}, {Path: "x.json", Offset: 4096},
		{Path: "b.har", Entry: 2, Line: 3, Offset: 4}, {Path: "c.log", Line: 9, Offset: 1 << 40}, {Path: "d", Entry: -1, Line: -2, Offset: -3},
	} {
		if got, want := sourceName(s), s.String(); got != want {
			t.Errorf("sourceName(%+v) = %q, want %q", s, got, want)
		}
	}
}

// TestMayHoldID checks the guard against the regexp: wherever idSegment matches, the guard
// must say it may.
func TestMayHoldID(t *testing.T) {
	for _, ep := range []string{
		"", "POST api.anthropic.com/v1/messages", "GET claude.ai/api/organizations/1b2c3d4e-0000-4000-8000-000000000001",
		"/v1/files/file_011CNha8iCJcU1wXNR6q4V8w", "/x/12345/y", "/x/1234", "/x/123/y", "/deadbeefdeadbeef", "/abc/def",
		"/msg_a", "/req_", "/toolu_X/", "/ABCD", "/a-b-c-d", "/12-34",
	} {
		if idSegment.MatchString(ep) && !mayHoldID(ep) {
			t.Errorf("mayHoldID(%q) = false, but idSegment matches", ep)
		}
	}
}

func FuzzMayHoldID(f *testing.F) {
	for _, s := range []string{"/v1/messages", "/x/1234/", "/msg_a", "/0b9c7d2e-1111-2222-3333-444455556666"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ep string) {
		if idSegment.MatchString(ep) && !mayHoldID(ep) {
			t.Errorf("mayHoldID(%q) = false, but idSegment matches", ep)
		}
	})
}
