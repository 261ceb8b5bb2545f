package cli

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claudelog/claudelog/analyze/patterns"
	"github.com/claudelog/claudelog/parse/event"
	"github.com/claudelog/claudelog/report"
	"github.com/spf13/pflag"
)

// newFlags makes a flag set that reports errors to the caller instead of exiting.
func (term Terminal) newFlags(name, usage string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(term.Stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprint(term.Stderr, usage)
		if fs.HasFlags() {
			fmt.Fprintf(term.Stderr, "\nFlags:\n%s", fs.FlagUsages())
		}
	}
	return fs
}

// parseFlags parses and turns pflag's errors into usage errors (it already printed them).
func parseFlags(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usagef("%s", err)
	}
	return nil
}

func (term Terminal) outputFormat(name string, allowed []report.Format) (report.Format, error) {
	out := report.Format(name)
	if out == "" {
		out = report.FormatJSON
		if term.isTerminal(term.Stdout) {
			out = report.FormatTable
		}
	}
	if !slices.Contains(allowed, out) {
		names := make([]string, len(allowed))
		for i, f := range allowed {
			names[i] = string(f)
		}
		return "", usagef("unknown --format %q (want %s)", name, strings.Join(names, ", "))
	}
	return out, nil
}

// inputFormatFlag reads --input-format.
func inputFormatFlag(name string) (event.Format, error) {
	switch name {
	case "":
		return "", nil
	case "har", "log", "json":
		return event.Format(name), nil
	}
	return "", usagef("unknown --input-format %q (want har, log or json)", name)
}

// readInputs reads and analyses paths: warnings go to stderr as they come, an input that
// cannot be read is reported there and counted, and a progress line is drawn when asked
// for and stderr is a terminal.

// loadLocation reads --tz.
func loadLocation(name string) (*time.Location, error) {
	switch strings.ToLower(name) {
	case "", "local":
		return time.Local, nil
	case "utc", "z":
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usagef("--tz: unknown time zone %q", name)
	}
	return loc, nil
}

// parseWhen reads a --since/--until value: RFC 3339, a date and time without zone (in loc),
// a date, or a duration meaning that long before now.
func parseWhen(s string, loc *time.Location, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time (RFC 3339, \"2006-01-02 15:04\" or a duration like 2h)", s)
}

// thresholds are the pattern flags; zero values leave the detectors' defaults in place.
type thresholds struct {
	burstWindow, outageWindow                       time.Duration
	burstMin, burstMinRequests, stormMin, outageMin int
	payloadMinSize                                  string
}

func patternFlags(fs *pflag.FlagSet) *thresholds {
	d := patterns.Defaults()
	t := &thresholds{}
	fs.DurationVar(&t.burstWindow, "burst-window", 0, fmt.Sprintf("rate_limit_burst: the window requests and 429s are counted in (default %s)", d.BurstWindow))
	fs.IntVar(&t.burstMin, "burst-min", 0, fmt.Sprintf("rate_limit_burst: 429s a window must hold (default %d)", d.BurstMinLimited))
	fs.IntVar(&t.burstMinRequests, "burst-min-requests", 0, fmt.Sprintf("rate_limit_burst: requests a window must hold (default %d)", d.BurstMinRequests))
	fs.IntVar(&t.stormMin, "storm-min", 0, fmt.Sprintf("retry_storm: too-fast retries of one call that make a storm (default %d)", d.StormMinFastRetries))
	fs.DurationVar(&t.outageWindow, "outage-window", 0, fmt.Sprintf("outage_window: the window server-side failures are counted in (default %s)", d.OutageWindow))
	fs.IntVar(&t.outageMin, "outage-min", 0, fmt.Sprintf("outage_window: server-side failures a window must hold (default %d)", d.OutageMinFailures))
	fs.StringVar(&t.payloadMinSize, "payload-min-size", "", fmt.Sprintf("payload_timeout: the smallest request body called large, e.g. 512KB or 6MB (default %dKB)", d.PayloadMinBytes>>10))
	return t
}

func (t *thresholds) config() (patterns.Config, error) {
	cfg := patterns.Config{
		BurstWindow: t.burstWindow, BurstMinLimited: t.burstMin, BurstMinRequests: t.burstMinRequests,
		StormMinFastRetries: t.stormMin, OutageWindow: t.outageWindow, OutageMinFailures: t.outageMin,
	}
	for name, v := range map[string]int{"burst-min": t.burstMin, "burst-min-requests": t.burstMinRequests, "storm-min": t.stormMin, "outage-min": t.outageMin} {
		if v < 0 {
			return cfg, usagef("--%s must not be negative", name)
		}
	}
	if t.burstWindow < 0 || t.outageWindow < 0 {
		return cfg, usagef("--burst-window and --outage-window must be positive")
	}
	if t.payloadMinSize != "" {
		n, err := parseSize(t.payloadMinSize)
		if err != nil {
			return cfg, usagef("--payload-min-size: %s", err)
		}
		cfg.PayloadMinBytes = n
	}
	return cfg, nil
}

// parseSize reads "512KB", "6MB", "1.5MiB" or a plain number of bytes.
func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := 1.0
	for _, suf := range []struct {
		name string
		m    float64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"B", 1}} {
		if strings.HasSuffix(u, suf.name) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, suf.name)), suf.m
			break
		}
	}
	v, err := strconv.ParseFloat(u, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("cannot read %q as a size (like 512KB or 6MB)", s)
	}
	return int64(v * mult), nil
}
