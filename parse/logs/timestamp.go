package logs

import (
	"math"
	"sync/atomic"
	"time"
)

// stampWindow is how far into a line a timestamp may start: past log prefixes such as
// "[", "I1120 ", "time=" or a logger name, not into the message.
const stampWindow = 40

// findTime finds a timestamp near the start of a line: RFC 3339 with or without a zone,
// "2026-11-20 08:14:03,123" (Python logging), "2026/11/20 08:14:03" (Go's log), syslog's
// "Nov 20 08:14:03", or a bare "08:14:03" at the very start. Zone-less times are read in
// loc. ref dates the forms without a date or year: the last time seen, else now.
func findTime(b []byte, loc *time.Location, ref time.Time) (time.Time, bool) {
	t, ok, _ := scanTime(b, loc, ref)
	return t, ok
}

// scanTime is findTime that also says whether the time was dated from ref (a clock or
// a syslog stamp).
func scanTime(b []byte, loc *time.Location, ref time.Time) (t time.Time, ok, fromRef bool) {
	n := min(len(b), stampWindow)
	for i := 0; i < n; i++ {
		c := b[i]
		if i > 0 && (isDigit(b[i-1]) || isLetter(b[i-1])) {
			continue // a timestamp starts at a word boundary
		}
		switch {
		case isDigit(c):
			if t, ok := parseDateTime(b[i:], loc); ok {
				return t, true, false
			}
			if i <= 1 {
				if t, ok := parseClock(b[i:], loc, ref); ok {
					return t, true, true
				}
			}
		case c >= 'A' && c <= 'S':
			if t, ok := parseSyslog(b[i:], loc, ref); ok {
				return t, true, true
			}
		}
	}
	return time.Time{}, false, false
}

// findAbsTime is findTime when its answer cannot depend on ref: a full date and time
// found before anything a clock or a syslog stamp could be read from. Whether a clock
// reads does not depend on ref, nor whether a syslog stamp does but for 29 February, and a
// leap year reads every stamp any year reads: so with a leap year for ref, the first time
// found is a full date exactly when it is one for every ref. ok is false otherwise, and
// when the line has no time.
func findAbsTime(b []byte, loc *time.Location) (time.Time, bool) {
	t, ok, fromRef := scanTime(b, loc, leapYear)
	return t, ok && !fromRef
}

var leapYear = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// parseDateTime reads "YYYY-MM-DD[T ]hh:mm:ss[.frac|,frac][Z|±hh:mm|±hhmm| UTC]".
func parseDateTime(b []byte, loc *time.Location) (time.Time, bool) {
	if len(b) < 19 {
		return time.Time{}, false
	}
	sep := b[4]
	if (sep != '-' && sep != '/') || b[7] != sep || (b[10] != 'T' && b[10] != ' ') {
		return time.Time{}, false
	}
	year, ok1 := num(b[0:4])
	month, ok2 := num(b[5:7])
	day, ok3 := num(b[8:10])
	if !ok1 || !ok2 || !ok3 || year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	clock, rest, ok := readClock(b[11:])
	if !ok {
		return time.Time{}, false
	}
	zone, ok := readZone(rest, loc)
	if !ok {
		return time.Time{}, false
	}
	within := int64(clock.m*60 + clock.s)
	if h := lastHour.Load(); h != nil && h.loc == zone && h.year == year && h.month == month && h.day == day && h.hour == clock.h {
		return time.Unix(h.unix+within, int64(clock.ns)).In(zone), true
	}
	t := time.Date(year, time.Month(month), day, clock.h, clock.m, clock.s, clock.ns, zone)
	if t.Day() != day {
		return time.Time{}, false // 31 February
	}
	// A stamp with its own offset ("+01:00") has a zone of its own, made anew for each line
	// (readZone): no later line could find it here, so it is not stored at the cost of
	// ZoneBounds and an allocation, nor does it push out the hour of the lines around it.
	if (zone == loc || zone == time.UTC) && fixedAround(t) {
		lastHour.Store(&hourStart{year: year, month: month, day: day, hour: clock.h, loc: zone, unix: t.Unix() - within})
	}
	return t, true
}

// hourStart is the start of an hour of a zone, as time.Date reads it. A log's lines come
// in time order, so most of them fall in the hour of the line before: time.Date, which
// looks the zone up and splits the date anew, is the costliest step of a line's time.
type hourStart struct {
	year, month, day, hour int
	loc                    *time.Location
	unix                   int64 // its Unix time
}

// lastHour is the hour of the last time parseDateTime read by time.Date in a zone that
// keeps one offset around it (fixedAround). It is shared by the scanners and the
// consumer, and replaced whole, never changed.
var lastHour atomic.Pointer[hourStart]

// fixedAround reports whether t's zone keeps t's offset from two days before t to two
// days after: time.Date then reads every clock of t's hour as t's Unix time plus the
// minutes and seconds since the hour, with t's location (time.Unix(…).In).
func fixedAround(t time.Time) bool {
	start, end := t.ZoneBounds()
	const margin = 48 * time.Hour
	return (start.IsZero() || t.Sub(start) > margin) && (end.IsZero() || end.Sub(t) > margin)
}

// parseClock reads a bare "hh:mm:ss[.frac]" and dates it from ref; a clock that goes back
// by more than twelve hours has crossed midnight.
func parseClock(b []byte, loc *time.Location, ref time.Time) (time.Time, bool) {
	clock, rest, ok := readClock(b)
	if !ok || (len(rest) > 0 && (isDigit(rest[0]) || rest[0] == ':')) {
		return time.Time{}, false
	}
	r := refIn(ref, loc)
	t := time.Date(r.Year(), r.Month(), r.Day(), clock.h, clock.m, clock.s, clock.ns, loc)
	if !ref.IsZero() && ref.Sub(t) > 12*time.Hour {
		t = t.AddDate(0, 0, 1)
	}
	return t, true
}

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseSyslog reads "Nov 20 08:14:03" (or "Nov  5 08:14:03"); the year is ref's.
func parseSyslog(b []byte, loc *time.Location, ref time.Time) (time.Time, bool) {
	if len(b) < 15 || b[3] != ' ' {
		return time.Time{}, false
	}
	month := 0
	for i, m := range months {
		if string(b[:3]) == m {
			month = i + 1
			break
		}
	}
	if month == 0 {
		return time.Time{}, false
	}
	var day int
	var ok bool
	switch {
	case b[4] == ' ' && isDigit(b[5]):
		day, ok = int(b[5]-'0'), true
	default:
		day, ok = num(b[4:6])
	}
	if !ok || day < 1 || day > 31 || b[6] != ' ' {
		return time.Time{}, false
	}
	clock, _, ok := readClock(b[7:])
	if !ok {
		return time.Time{}, false
	}
	r := refIn(ref, loc)
	t := time.Date(r.Year(), time.Month(month), day, clock.h, clock.m, clock.s, clock.ns, loc)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

type clockTime struct{ h, m, s, ns int }

// readClock reads "hh:mm:ss" and an optional ".frac" or ",frac".
func readClock(b []byte) (clockTime, []byte, bool) {
	var c clockTime
	if len(b) < 8 || b[2] != ':' || b[5] != ':' {
		return c, nil, false
	}
	var ok1, ok2, ok3 bool
	c.h, ok1 = num(b[0:2])
	c.m, ok2 = num(b[3:5])
	c.s, ok3 = num(b[6:8])
	if !ok1 || !ok2 || !ok3 || c.h > 23 || c.m > 59 || c.s > 60 {
		return c, nil, false
	}
	if c.s == 60 {
		c.s = 59 // a leap second; a second's error does not matter here
	}
	rest := b[8:]
	if len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') && isDigit(rest[1]) {
		j := 1
		scale := 100000000
		for j < len(rest) && isDigit(rest[j]) {
			if scale > 0 {
				c.ns += int(rest[j]-'0') * scale
				scale /= 10
			}
			j++
		}
		rest = rest[j:]
	}
	return c, rest, true
}

// readZone reads what follows the clock: "Z", "+01:00", "+0100", " UTC", or nothing (loc).
func readZone(b []byte, loc *time.Location) (*time.Location, bool) {
	if len(b) == 0 {
		return loc, true
	}
	switch b[0] {
	case 'Z', 'z':
		if len(b) > 1 && (isLetter(b[1]) || isDigit(b[1])) {
			return loc, true
		}
		return time.UTC, true
	case '+', '-':
		if len(b) >= 3 && isDigit(b[1]) && isDigit(b[2]) {
			h, _ := num(b[1:3])
			m := 0
			rest := b[3:]
			if len(rest) > 0 && rest[0] == ':' {
				rest = rest[1:]
			}
			if len(rest) >= 2 && isDigit(rest[0]) && isDigit(rest[1]) {
				m, _ = num(rest[:2])
			}
			if h > 14 || m > 59 {
				return nil, false
			}
			off := h*3600 + m*60
			if b[0] == '-' {
				off = -off
			}
			if off == 0 {
				return time.UTC, true
			}
			return time.FixedZone("", off), true
		}
	case ' ':
		if len(b) >= 4 && string(b[1:4]) == "UTC" && (len(b) == 4 || !isLetter(b[4])) {
			return time.UTC, true
		}
	}
	return loc, true
}

// epochTime reads a JSON number as epoch seconds, milliseconds, microseconds or
// nanoseconds, whichever gives a date between 2001 and 2286.
func epochTime(v float64) (time.Time, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return time.Time{}, false
	}
	switch {
	case v >= 1e9 && v < 1e10:
		sec, frac := math.Modf(v)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
	case v >= 1e12 && v < 1e13:
		return time.UnixMilli(int64(v)).UTC(), true
	case v >= 1e15 && v < 1e16:
		return time.UnixMicro(int64(v)).UTC(), true
	case v >= 1e18 && v < 1e19:
		return time.Unix(0, int64(v)).UTC(), true
	}
	return time.Time{}, false
}

// refIn is the reference time for date-less forms, in loc.
func refIn(ref time.Time, loc *time.Location) time.Time {
	if ref.IsZero() {
		return time.Now().In(loc)
	}
	return ref.In(loc)
}

// num reads a run of ASCII digits.
func num(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
