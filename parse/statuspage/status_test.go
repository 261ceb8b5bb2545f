package statuspage

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func loadFixture(t testing.TB, name string) *Page {
	t.Helper()
	p, err := LoadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadKinds(t *testing.T) {
	tests := []struct {
		file         string
		kind         Kind
		incidents    int
		maintenances int
		components   int
	}{
		{"incidents.json", KindIncidents, 7, 0, 0},
		{"incidents-empty.json", KindIncidents, 0, 0, 0},
		{"summary.json", KindSummary, 1, 1, 5},
		{"unresolved.json", KindUnresolved, 1, 0, 0},
		{"scheduled-maintenances.json", KindMaintenances, 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := loadFixture(t, tt.file)
			if p.Kind != tt.kind {
				t.Errorf("kind %q, want %q", p.Kind, tt.kind)
			}
			var inc, mnt int
			for _, in := range p.Incidents {
				if in.Maintenance {
					mnt++
				} else {
					inc++
				}
			}
			if inc != tt.incidents || mnt != tt.maintenances || len(p.Components) != tt.components {
				t.Errorf("%d incidents, %d maintenances, %d components; want %d, %d, %d", inc, mnt, len(p.Components), tt.incidents, tt.maintenances, tt.components)
			}
			if len(p.Warnings) > 0 {
				t.Errorf("warnings on a clean file: %v", p.Warnings)
			}
			if p.Name != "Claude" || p.URL != "https://status.claude.com" || !p.UpdatedAt.Equal(at("2026-11-20T12:05:41.382Z")) {
				t.Errorf("page %q %q %v", p.Name, p.URL, p.UpdatedAt)
			}
		})
	}
}

func TestLoadIncidentFields(t *testing.T) {
	p := loadFixture(t, "incidents.json")
	in := p.Incidents[1]
	if in.ID != "r3k9xw2m7bqa" || in.Name != "Elevated errors on Claude Opus 4" || in.Status != "resolved" || in.Impact != "major" || in.Link != "https://stspg.io/b4x8mz1kq2wp" {
		t.Errorf("incident %+v", in)
	}
	start, end, ongoing := in.Window()
	if !start.Equal(at("2026-11-20T09:02:00Z")) || !end.Equal(at("2026-11-20T10:15:33.209Z")) || ongoing {
		t.Errorf("window %v – %v ongoing %v", start, end, ongoing)
	}
	if len(in.Components) != 2 || in.Components[1].Name != "Claude API (api.anthropic.com)" || in.Components[1].ID != "t5n0w8yk3jfe" {
		t.Errorf("components %+v", in.Components)
	}
	if _, _, ongoing := p.Incidents[0].Window(); !ongoing {
		t.Error("resolved_at null should be ongoing")
	}
	// A maintenance's window is its schedule, not its announcement.
	m := loadFixture(t, "summary.json").Incidents[1]
	start, end, ongoing = m.Window()
	if !m.Maintenance || !start.Equal(at("2026-11-22T02:00:00Z")) || !end.Equal(at("2026-11-22T04:00:00Z")) || ongoing {
		t.Errorf("maintenance %v – %v ongoing %v", start, end, ongoing)
	}
}

func TestLoadLinkFallback(t *testing.T) {
	p, err := Load(strings.NewReader(`{"page":{"url":"https://status.claude.com/"},"incidents":[{"id":"abc123","name":"x","status":"resolved","started_at":"2026-11-20T09:00:00Z","resolved_at":"2026-11-20T10:00:00Z"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Incidents[0].Link; got != "https://status.claude.com/incidents/abc123" {
		t.Errorf("link %q", got)
	}
}

func TestLoadBadDates(t *testing.T) {
	data, err := os.ReadFile("testdata/bad-dates.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// The unreadable entry is skipped with a warning; the others are kept.
	if len(p.Incidents) != 3 {
		t.Fatalf("%d incidents, want 3", len(p.Incidents))
	}
	want := []string{
		`page: updated_at "last tuesday" is not a date`,
		`incident 1 "Elevated errors on Claude Sonnet 4.5": started_at "20/11/2026 09:02" is not a date`,
		`incident 2 is not an object; skipped`,
		`incident 3: name is not a string`,
		`incident 3 (a3): resolved_at is not a string`,
		`incident 3 (a3): "components" is not a list`,
		`incident 3 (a3): status resolved but no resolved_at`,
		`incident 4 "No time at all": no start time`,
	}
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.Msg)
		// Every warning points at the value it is about.
		if w.Source.Offset <= 0 || w.Source.Offset >= int64(len(data)) || (data[w.Source.Offset] != '{' && data[w.Source.Offset] != '"') {
			t.Errorf("warning %q at offset %d, which is not the start of a value", w.Msg, w.Source.Offset)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
	// The bad started_at falls back to created_at, so the incident can still be matched.
	if s, _, _ := p.Incidents[0].Window(); !s.Equal(at("2026-11-20T09:11:52Z")) {
		t.Errorf("start %v", s)
	}
	// Components that are not a list: the incident affects every component.
	if len(p.Incidents[1].Components) != 0 {
		t.Errorf("components %+v", p.Incidents[1].Components)
	}
}

func TestLoadWarningsNameTheFile(t *testing.T) {
	p := loadFixture(t, "bad-dates.json")
	if len(p.Warnings) == 0 || !strings.HasPrefix(p.Warnings[0].String(), filepath.Join("testdata", "bad-dates.json")+"@") {
		t.Errorf("warning %v", p.Warnings)
	}
}

func TestLoadMalformed(t *testing.T) {
	tests := []struct {
		name, in string
		err      string // empty: loads, with a warning
		warn     string
	}{
		{"empty", "", "empty", ""},
		{"spaces", " \n\t", "empty", ""},
		{"html", "<!DOCTYPE html><html><title>Claude Status</title></html>", "HTML, not JSON", ""},
		{"array", `[{"id":"x"}]`, "does not start with {", ""},
		{"not json", "incidents: none", "does not start with {", ""},
		{"other object", `{"data":[1,2,3]}`, "not a Statuspage export", ""},
		{"broken at once", `{"incidents" 5}`, "invalid character", ""},
		{"incidents not a list", `{"page":{"name":"Claude"},"incidents":{"a":[1,{"b":2}]}}`, "", `"incidents" is not a list`},
		{"incidents a number", `{"page":{"name":"Claude"},"incidents":7}`, "", `"incidents" is not a list`},
		{"page a string", `{"page":"Claude","incidents":[]}`, "", `"page" is not an object`},
		{"cut in an incident", `{"page":{"name":"Claude"},"incidents":[{"id":"a","started_at":"2026-11-20T09:00:00Z"},{"id":"b","na`, "", "the JSON breaks off here"},
		{"garbage after a list", `{"incidents":[{"id":"a","started_at":"2026-11-20T09:00:00Z"}] x}`, "", "the JSON breaks off here"},
		{"bom", "\ufeff" + `{"incidents":[]}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Load(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, w := range p.Warnings {
				msgs = append(msgs, w.Msg)
			}
			if tt.warn == "" && len(msgs) > 0 || tt.warn != "" && !strings.Contains(strings.Join(msgs, "\n"), tt.warn) {
				t.Errorf("warnings %q, want %q", msgs, tt.warn)
			}
		})
	}
}

func TestLoadTruncatedKeepsTheIncidentsBefore(t *testing.T) {
	data, err := os.ReadFile("testdata/incidents.json")
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(data, []byte(`"Claude Code login failures"`))
	p, err := Load(bytes.NewReader(data[:cut]))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Truncated || len(p.Incidents) != 2 || p.Kind != KindIncidents {
		t.Errorf("truncated %v, %d incidents, kind %s", p.Truncated, len(p.Incidents), p.Kind)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Source.Offset != int64(cut) {
		t.Errorf("warnings %v, want one at %d", p.Warnings, cut)
	}
}

// An unresolved list saved under another name is still not taken for a full history.
func TestLoadUnresolvedByContents(t *testing.T) {
	data, err := os.ReadFile("testdata/unresolved.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != KindUnresolved {
		t.Errorf("kind %s", p.Kind)
	}
}

func TestLoadTooLarge(t *testing.T) {
	r := io.MultiReader(strings.NewReader(`{"incidents":[`), &repeat{b: ' ', n: MaxBytes})
	_, err := Load(r)
	if err == nil || !strings.Contains(err.Error(), "larger than 32 MiB") {
		t.Fatalf("err %v", err)
	}
}

// repeat is a reader of n copies of one byte, without holding them.
type repeat struct {
	b byte
	n int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range k {
		p[i] = r.b
	}
	r.n -= k
	return k, nil
}

func TestLoadRedactsNames(t *testing.T) {
	p, err := Load(strings.NewReader(`{"incidents":[{"id":"a","name":"leak sk-ant-api03-` + strings.Repeat("x", 93) + `AA","started_at":"2026-11-20T09:00:00Z"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(p.Incidents[0].Name, "sk-ant-api03-xxx") {
		t.Errorf("name not redacted: %q", p.Incidents[0].Name)
	}
}

func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte(`{"incidents":{"a":[{"b":[]}]}}`))
	f.Add([]byte(`{"page":null,"incidents":null,"components":[null,1,"x",{"id":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Load(bytes.NewReader(data))
		if err != nil {
			if p != nil {
				t.Fatal("page with an error")
			}
			return
		}
		for _, w := range p.Warnings {
			if w.Source.Offset < 0 || w.Source.Offset > int64(len(data)) {
				t.Fatalf("warning offset %d outside %d bytes", w.Source.Offset, len(data))
			}
		}
		for i := range p.Incidents {
			p.Incidents[i].Window()
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	data, err := os.ReadFile("testdata/incidents.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
