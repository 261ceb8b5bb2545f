package logs

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // zones with summer time, wherever the tests run
)

// TestDateTimeHourCache: parseDateTime's hour cache (lastHour) reads every time as
// time.Date does, to the representation (==, not Equal), across summer-time changes,
// zones off by half hours, leap days and dates that do not exist, in any order.
func TestDateTimeHourCache(t *testing.T) {
	var zones []*time.Location
	for _, name := range []string{"America/New_York", "Australia/Lord_Howe", "Europe/Berlin", "Asia/Kolkata", "Pacific/Chatham"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		zones = append(zones, loc)
	}
	zones = append(zones, time.UTC, time.FixedZone("X", 3600), time.Local)
	rng := rand.New(rand.NewPCG(3, 4))
	ref := func(y, mo, d, h, mi, s, ns int, loc *time.Location) (time.Time, bool) {
		t := time.Date(y, time.Month(mo), d, h, mi, s, ns, loc)
		return t, t.Day() == d
	}
	for i := range 400000 {
		loc := zones[rng.IntN(len(zones))]
		y, mo, d := 2026, 3, 8+rng.IntN(25) // March: the summer-time changes of both hemispheres
		switch i % 4 {
		case 1:
			mo, d = 10+rng.IntN(2), 1+rng.IntN(31)
		case 2:
			y, mo, d = 2024, 2, 27+rng.IntN(5)
		case 3:
			mo, d = 4, 5+rng.IntN(26)
		}
		h := rng.IntN(24)
		// A few lines in each hour, so that the cache is read as well as filled.
		for range 1 + rng.IntN(4) {
			mi, s, ns := rng.IntN(60), rng.IntN(60), rng.IntN(1000)*1000000
			line := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d,%03d INFO x", y, mo, d, h, mi, s, ns/1000000)
			got, ok := parseDateTime([]byte(line), loc)
			want, wok := ref(y, mo, d, h, mi, s, ns, loc)
			if ok != wok || (ok && got != want) {
				t.Fatalf("%s in %s: %v %v, time.Date %v %v", line, loc, got, ok, want, wok)
			}
		}
	}
}
