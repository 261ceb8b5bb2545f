// Package status answers "was it them or me?": it reads a saved Statuspage export of
// status.claude.com (incidents.json, summary.json, incidents/unresolved.json,
// scheduled-maintenances.json) and notes, on each finding, the declared incidents whose
// time and components overlap it, or that none did.
//
// claudelog never goes online on its own: Load and LoadFile read a file the user saved;
// Fetch is called only for --status-url.
package statuspage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
)

// DefaultURL is the export to fetch when given only the status site's address.
const DefaultURL = "https://status.claude.com/api/v2/incidents.json"

// MaxBytes caps what Load and the command line's fetch read. A real incidents.json is a few hundred
// kilobytes; anything past this is not a status page export.
const MaxBytes = 32 << 20

// ListCap is how many incidents Statuspage's incidents.json holds: the most recent ones.
// A list this long may not reach back to an old session.
const ListCap = 50

// Kind says which export a page was read from, and so what it can tell.
type Kind string

// The exports Load reads.
const (
	// KindIncidents is /api/v2/incidents.json: the most recent incidents, resolved or not.
	KindIncidents Kind = "incidents.json"
	// KindUnresolved is /api/v2/incidents/unresolved.json: only the incidents open when saved.
	KindUnresolved Kind = "incidents/unresolved.json"
	// KindSummary is /api/v2/summary.json: components, open incidents and maintenances.
	KindSummary Kind = "summary.json"
	// KindMaintenances is /api/v2/scheduled-maintenances.json.
	KindMaintenances Kind = "scheduled-maintenances.json"
)

// OnlyOpen reports whether the export lists only what was open or scheduled when it was
// saved, so that it cannot rule out an incident resolved before then.
func (k Kind) OnlyOpen() bool { return k != KindIncidents }

// Lists says what the export lists, for notes: "lists only the incidents open when it was saved".
func (k Kind) Lists() string {
	switch k {
	case KindMaintenances:
		return "lists scheduled maintenances only, no incidents"
	case KindSummary, KindUnresolved:
		return "lists only the incidents open when it was saved (" + string(k) + ")"
	}
	return "lists the most recent incidents (" + string(k) + ")"
}

// Page is what a status page export says, reduced to what correlation needs.
type Page struct {
	ID, Name  string
	URL       string    // the page's own address, "https://status.claude.com"
	UpdatedAt time.Time // page.updated_at: the last change to anything on the page
	Kind      Kind
	// Source names the file or URL the page was read from, for notes and warnings.
	Source string
	// Fetched is when Fetch read the page; zero for a saved file, whose save time is unknown.
	Fetched time.Time
	// Incidents holds incidents and maintenances in the order the export lists them
	// (newest first on Statuspage).
	Incidents []Incident
	// Components are the page's components (summary.json only).
	Components []Component
	// Truncated says the JSON broke off: what came before the break was kept.
	Truncated bool
	// Warnings name what could not be read, with the byte offset of the incident.
	Warnings []model.InputWarning
}

// AsOf is the latest moment the page is known to describe: when it was fetched, or else
// its last update. Incidents declared after it cannot be in it.
func (p *Page) AsOf() time.Time {
	if p.Fetched.After(p.UpdatedAt) {
		return p.Fetched
	}
	return p.UpdatedAt
}

// Component is one component of the page, or one an incident affected.
type Component struct {
	ID, Name string
}

// Incident is one declared incident or scheduled maintenance.
type Incident struct {
	ID, Name string
	Status   string // investigating, identified, monitoring, resolved, postmortem; scheduled, in_progress, verifying, completed
	Impact   string // none, minor, major, critical, maintenance
	Link     string // the shortlink, or the incident's page on the status site
	Created  time.Time
	Started  time.Time // started_at; zero when the export does not say
	Resolved time.Time // resolved_at; zero while the incident is ongoing
	// ScheduledFor and ScheduledUntil bound a maintenance's announced window.
	ScheduledFor, ScheduledUntil time.Time
	Updated                      time.Time
	Maintenance                  bool
	Components                   []Component // none means the incident named no component
}

// Window returns when the incident began and ended. ongoing is true when it had not ended
// when the page was saved; end is then zero. A zero start means the export gave no time.
func (in *Incident) Window() (start, end time.Time, ongoing bool) {
	start = in.Started
	if in.Maintenance && !in.ScheduledFor.IsZero() {
		// A maintenance's started_at is often the day it was announced; its window is the
		// one it was scheduled for.
		start = in.ScheduledFor
	}
	if start.IsZero() {
		start = in.Created
	}
	switch {
	case !in.Resolved.IsZero():
		return start, in.Resolved, false
	case closedStatus(in.Status) && !in.Updated.IsZero():
		// Closed without resolved_at: its last update is the best end there is.
		return start, in.Updated, false
	case in.Status == "scheduled" && !in.ScheduledUntil.IsZero():
		return start, in.ScheduledUntil, false
	}
	return start, time.Time{}, true
}

func closedStatus(s string) bool {
	return s == "resolved" || s == "postmortem" || s == "completed"
}

// Load reads a saved Statuspage export. Unknown fields are ignored; an incident or date
// that cannot be read becomes a warning on the page and the rest is still read. Load
// fails only when the input is not a Statuspage export at all, or is larger than MaxBytes.
func Load(r io.Reader) (*Page, error) { return load(r, "", "") }

// LoadFile reads a saved export from a file. The file name is the page's Source and
// tells incidents/unresolved.json from incidents.json when the contents cannot.
func LoadFile(name string) (*Page, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return load(f, name, name)
}

// load reads an export; hint is a file name or URL path that may name the endpoint.
func load(r io.Reader, source, hint string) (*Page, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("status page %s: %w", source, err)
	}
	return Decode(data, source, hint)
}

// Decode reads an export already in memory: source names it in messages, and hint, a file
// name or URL path, may name the endpoint when the contents cannot.
func Decode(data []byte, source, hint string) (*Page, error) {
	name := source
	if name == "" {
		name = "input"
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("status page %s: larger than %d MiB, which no Statuspage export is; save /api/v2/incidents.json", name, MaxBytes>>20)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("status page %s: empty", name)
	case trimmed[0] == '<':
		return nil, fmt.Errorf("status page %s: HTML, not JSON: save the JSON API instead, e.g. https://status.claude.com/api/v2/incidents.json", name)
	case trimmed[0] != '{':
		return nil, fmt.Errorf("status page %s: not a Statuspage JSON export (it does not start with {)", name)
	}
	p := &Page{Source: source}
	rd := &reader{p: p, data: trimmed, dec: json.NewDecoder(bytes.NewReader(trimmed)), base: int64(len(data) - len(trimmed))}
	keys, err := rd.top()
	if err != nil && len(p.Incidents) == 0 && len(p.Components) == 0 && p.Name == "" && p.URL == "" {
		return nil, fmt.Errorf("status page %s: %w", name, err)
	}
	if err != nil {
		p.Truncated = true
		rd.warn(rd.offset(err), fmt.Sprintf("the JSON breaks off here (%s); what came before is kept", err))
	}
	if !keys["page"] && !keys["incidents"] && !keys["scheduled_maintenances"] && !keys["components"] {
		return nil, fmt.Errorf("status page %s: not a Statuspage export (no page, incidents or scheduled_maintenances)", name)
	}
	p.Kind = kindOf(keys, p.Incidents, hint)
	return p, nil
}

// kindOf tells the exports apart by their keys. incidents.json and unresolved.json have
// the same shape: a name that says "unresolved", or a list with no closed incident (a
// real incidents.json holds the 50 most recent, nearly all resolved), marks the latter,
// so that an unresolved list is never taken for a full history.
func kindOf(keys map[string]bool, incidents []Incident, hint string) Kind {
	switch {
	case keys["components"] || keys["status"]:
		return KindSummary
	case !keys["incidents"] && keys["scheduled_maintenances"]:
		return KindMaintenances
	case strings.Contains(strings.ToLower(path.Base(strings.ReplaceAll(hint, `\`, "/"))), "unresolved"):
		return KindUnresolved
	}
	if len(incidents) == 0 {
		return KindIncidents
	}
	for _, in := range incidents {
		if closedStatus(in.Status) || !in.Resolved.IsZero() {
			return KindIncidents
		}
	}
	return KindUnresolved
}

// reader walks the top-level object token by token, so that a file cut short still gives
// the incidents before the cut.
type reader struct {
	p    *Page
	dec  *json.Decoder
	data []byte // the decoder's input, to place warnings
	base int64  // bytes trimmed before the decoder's input
	n    int    // incidents and maintenances seen, for warnings
}

func (rd *reader) top() (map[string]bool, error) {
	keys := map[string]bool{}
	if _, err := rd.dec.Token(); err != nil {
		return keys, err
	}
	for rd.dec.More() {
		t, err := rd.dec.Token()
		if err != nil {
			return keys, err
		}
		key, _ := t.(string)
		keys[key] = true
		switch key {
		case "page":
			at := rd.dec.InputOffset()
			var raw json.RawMessage
			if err := rd.dec.Decode(&raw); err != nil {
				return keys, err
			}
			rd.page(raw, rd.base+rd.valueStart(at))
		case "incidents", "scheduled_maintenances":
			if err := rd.list(key, func(raw json.RawMessage, at int64) { rd.incident(raw, at, key == "scheduled_maintenances") }); err != nil {
				return keys, err
			}
		case "components":
			if err := rd.list(key, func(raw json.RawMessage, at int64) {
				if c, ok := component(raw); ok {
					rd.p.Components = append(rd.p.Components, c)
				}
			}); err != nil {
				return keys, err
			}
		default:
			var skip json.RawMessage
			if err := rd.dec.Decode(&skip); err != nil {
				return keys, err
			}
		}
	}
	return keys, nil
}

// list reads an array element by element. A value of another type is a warning.
func (rd *reader) list(key string, each func(json.RawMessage, int64)) error {
	at := rd.dec.InputOffset()
	t, err := rd.dec.Token()
	if err != nil {
		return err
	}
	if t == nil {
		return nil
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		rd.warn(rd.base+rd.valueStart(at), fmt.Sprintf("%q is not a list; ignored", key))
		if ok {
			return rd.skip(1)
		}
		return nil
	}
	for rd.dec.More() {
		at := rd.dec.InputOffset()
		var raw json.RawMessage
		if err := rd.dec.Decode(&raw); err != nil {
			return err
		}
		each(raw, rd.base+rd.valueStart(at))
	}
	_, err = rd.dec.Token() // ]
	return err
}

// valueStart skips the comma and spaces between the previous token and a value.
func (rd *reader) valueStart(at int64) int64 {
	for at < int64(len(rd.data)) && strings.IndexByte(" \t\r\n,:", rd.data[at]) >= 0 {
		at++
	}
	return at
}

// skip consumes the rest of a value whose opening delimiter was read.
func (rd *reader) skip(depth int) error {
	for depth > 0 {
		t, err := rd.dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

// offset says where a decoding error happened, in the original input.
func (rd *reader) offset(err error) int64 {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return rd.base + se.Offset
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return rd.base + int64(len(rd.data))
	}
	return rd.base + rd.dec.InputOffset()
}

func (rd *reader) warn(at int64, msg string) {
	rd.p.Warnings = append(rd.p.Warnings, model.InputWarning{
		Source: model.Source{Path: rd.p.Source, Offset: at},
		Msg:    redact.Text(msg),
	})
}

func (rd *reader) page(raw json.RawMessage, at int64) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		if string(raw) != "null" {
			rd.warn(at, `"page" is not an object; ignored`)
		}
		return
	}
	f := fields{m: m, warn: func(msg string) { rd.warn(at, "page: "+msg) }}
	rd.p.ID, rd.p.Name, rd.p.URL = f.str("id"), f.str("name"), f.str("url")
	rd.p.UpdatedAt = f.date("updated_at")
}

func (rd *reader) incident(raw json.RawMessage, at int64, maintenance bool) {
	rd.n++
	what := "incident"
	if maintenance {
		what = "maintenance"
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		rd.warn(at, fmt.Sprintf("%s %d is not an object; skipped", what, rd.n))
		return
	}
	label := fmt.Sprintf("%s %d", what, rd.n)
	f := fields{m: m}
	f.warn = func(msg string) { rd.warn(at, label+": "+msg) }
	in := Incident{ID: f.str("id"), Name: f.str("name"), Status: f.str("status"), Impact: f.str("impact")}
	if in.Name != "" {
		label += fmt.Sprintf(" %q", in.Name)
	} else if in.ID != "" {
		label += " (" + in.ID + ")"
	}
	in.Maintenance = maintenance || in.Impact == "maintenance" || f.has("scheduled_for")
	in.Link = f.str("shortlink")
	in.Created, in.Started, in.Resolved = f.date("created_at"), f.date("started_at"), f.date("resolved_at")
	in.Updated = f.date("updated_at")
	in.ScheduledFor, in.ScheduledUntil = f.date("scheduled_for"), f.date("scheduled_until")
	if in.Link == "" && in.ID != "" && rd.p.URL != "" {
		in.Link = strings.TrimRight(rd.p.URL, "/") + "/incidents/" + in.ID
	}
	if cs, ok := m["components"]; ok && string(cs) != "null" {
		var list []json.RawMessage
		if json.Unmarshal(cs, &list) != nil {
			f.warn(`"components" is not a list; the incident is taken to affect every component`)
		}
		for _, c := range list {
			if c, ok := component(c); ok {
				in.Components = append(in.Components, c)
			}
		}
	}
	if start, _, _ := in.Window(); start.IsZero() {
		f.warn("no start time (started_at, created_at); it cannot be matched to any window")
	}
	if closedStatus(in.Status) && in.Resolved.IsZero() {
		f.warn(fmt.Sprintf("status %s but no resolved_at; its last update is taken as its end", in.Status))
	}
	in.Name, in.Link = clean(in.Name), clean(in.Link)
	rd.p.Incidents = append(rd.p.Incidents, in)
}

// component reads {"id":…,"name":…}; other shapes are not components.
func component(raw json.RawMessage) (Component, bool) {
	var c struct {
		ID   any `json:"id"`
		Name any `json:"name"`
	}
	if json.Unmarshal(raw, &c) != nil {
		return Component{}, false
	}
	id, _ := c.ID.(string)
	name, _ := c.Name.(string)
	if id == "" && name == "" {
		return Component{}, false
	}
	return Component{ID: clean(id), Name: clean(name)}, true
}

// clean bounds and redacts a string from the file before it can reach a report: the file
// is input like any other.
func clean(s string) string { return model.Clip(redact.Text(s), 200) }

// fields reads an object's fields tolerantly: a missing or null field is empty, a field of
// the wrong type is a warning.
type fields struct {
	m    map[string]json.RawMessage
	warn func(string)
}

func (f fields) has(key string) bool {
	raw, ok := f.m[key]
	return ok && string(raw) != "null"
}

func (f fields) str(key string) string {
	raw, ok := f.m[key]
	if !ok || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		f.warn(fmt.Sprintf("%s is not a string; ignored", key))
		return ""
	}
	return s
}

func (f fields) date(key string) time.Time {
	s := f.str(key)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	f.warn(fmt.Sprintf("%s %q is not a date with a time zone; ignored", key, model.Clip(s, 40)))
	return time.Time{}
}
