package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/report"
	"github.com/claudelog/claudelog/rules/window"
	"github.com/spf13/pflag"
)

// flagSet is a command's flags with what every command shares: the usage text it prints
// for --help, and the global flags -q/--quiet and --no-progress, which every command takes
// so that a script can pass the same flags to all of them.
type flagSet struct {
	*pflag.FlagSet
	term       Terminal
	usage      string
	quiet      *bool
	noProgress *bool
}

// newFlags makes a command's flag set. pflag prints nothing itself: help that was asked
// for goes to stdout (so that `claudelog analyze --help | less` works), and a mistake comes
// back as a usageError that points to the command's own --help.
func (term Terminal) newFlags(name, usage string) *flagSet {
	fs := &flagSet{FlagSet: pflag.NewFlagSet(name, pflag.ContinueOnError), term: term, usage: usage}
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Usage = func() {}
	return fs
}

// showProgress reports whether neither -q nor --no-progress was given.
func (fs *flagSet) showProgress() bool {
	return fs.quiet != nil && !*fs.quiet && !*fs.noProgress
}

// parse adds the global flags after the command's own (so that --help lists those first)
// and reads args. --help prints the usage and the flags on stdout and returns
// pflag.ErrHelp; any other mistake is a usageError for this command, with the nearest flag
// name when one was misspelt.
func (fs *flagSet) parse(args []string) error {
	if fs.quiet == nil {
		fs.quiet = fs.BoolP("quiet", "q", false, "no progress on stderr")
		fs.noProgress = fs.Bool("no-progress", false, "no progress on stderr")
	}
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(fs.term.Stdout, helpText(fs.usage, fs.FlagSet, fs.term.proseWidth()))
		return err
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if near := nearest(name, names); near != "" {
			msg += "; did you mean --" + near + "?"
		}
	}
	return &usageError{cmd: fs.Name(), msg: msg}
}

// helpText is a command's help: its usage text, then its flags, fitted to width columns
// (0: as written).
func helpText(usage string, fs *pflag.FlagSet, width int) string {
	return fitUsage(usage, width) + "\nFlags:\n" + flagUsages(fs, width)
}

// fitUsage fits a usage text to width columns (0: as written). A run of unindented lines
// is prose, reflowed as one paragraph when a line of it is too wide; an indented line
// (a command, an example) and a "Usage:" line stay as written when they fit, and
// otherwise break with their text hanging under the second column of a two-column row
// (three spaces apart), or four columns further in than the line starts.
func fitUsage(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	prose := func(l string) bool { return l != "" && l[0] != ' ' && !strings.HasPrefix(l, "Usage:") }
	var out []string
	for i := 0; i < len(lines); {
		if prose(lines[i]) {
			j := i
			for j < len(lines) && prose(lines[j]) {
				j++
			}
			run := lines[i:j]
			if slices.ContainsFunc(run, func(l string) bool { return columns(l) > width }) {
				run = report.WrapLines(strings.Join(run, " "), "", "", width)
			}
			out = append(out, run...)
			i = j
			continue
		}
		out = append(out, hangLine(lines[i], width)...)
		i++
	}
	return strings.Join(out, "\n") + "\n"
}

// hangLine breaks one indented line of a usage text to width, as fitUsage says.
func hangLine(l string, width int) []string {
	if columns(l) <= width {
		return []string{l}
	}
	body := strings.TrimLeft(l, " ")
	lead := l[:len(l)-len(body)]
	rest := lead + "    "
	if lead == "" {
		rest = strings.Repeat(" ", len("Usage: ")+4) // a "Usage:" line: under the command's words
	}
	if gap := strings.Index(body, "   "); gap > 0 {
		col := len(l) - len(strings.TrimLeft(body[gap:], " ")) // where the second column starts
		if col+minWrapRoom <= width {
			return report.WrapLines(l[col:], l[:col], strings.Repeat(" ", col), width)
		}
		// No room for the column: the second column's text goes below the first.
		return append(report.WrapLines(body[:gap], lead, rest, width),
			report.WrapLines(l[col:], lead+"    ", lead+"    ", width)...)
	}
	return report.WrapLines(body, lead, rest, width)
}

// minWrapRoom is the fewest columns a hanging column keeps for its words; with less, the
// text goes below instead.
const minWrapRoom = 24

// flagUsages lists the flags as pflag's FlagUsages does (pflag's own layout), with each
// description wrapped under its column to width (0: not wrapped). Two changes: a boolean
// flag is shown without pflag's "[=true|false]", which widened the column for every flag,
// and on a terminal too narrow for the column the descriptions go below the flag names.
func flagUsages(fs *pflag.FlagSet, width int) string {
	type row struct{ left, desc string }
	var rows []row
	col := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, desc := pflag.UnquoteUsage(f)
		if name != "" {
			left += " " + name
		}
		if !zeroDefault(f) {
			if f.Value.Type() == "string" {
				desc += fmt.Sprintf(" (default %q)", f.DefValue)
			} else {
				desc += fmt.Sprintf(" (default %s)", f.DefValue)
			}
		}
		if f.Deprecated != "" {
			desc += fmt.Sprintf(" (DEPRECATED: %s)", f.Deprecated)
		}
		rows = append(rows, row{left, desc})
		col = max(col, len(left))
	})
	col += 3
	below := width > 0 && col+minWrapRoom > width
	var b strings.Builder
	for _, r := range rows {
		first, rest := r.left+strings.Repeat(" ", col-len(r.left)), strings.Repeat(" ", col)
		if below {
			b.WriteString(r.left + "\n")
			first, rest = "          ", "          "
		}
		for _, l := range report.WrapLines(r.desc, first, rest, width) {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// zeroDefault reports whether a flag's default is its type's zero value, which help does
// not mention (pflag's rule for the types claudelog uses).
func zeroDefault(f *pflag.Flag) bool {
	switch f.Value.Type() {
	case "string":
		return f.DefValue == ""
	case "duration":
		return f.DefValue == "0" || f.DefValue == "0s"
	case "stringArray", "stringSlice", "intSlice":
		return f.DefValue == "[]"
	}
	switch f.DefValue {
	case "", "0", "false", "<nil>":
		return true
	}
	return false
}

// columns is the width of a line of text, a column per rune.
func columns(s string) int { return utf8.RuneCountInString(s) }

// nearest returns the candidate closest to s by edit distance when it is close enough to
// be a slip of the keyboard (at most 2 edits, and fewer than half of s), or "".
func nearest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD && d*2 < len(s)+1 {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// outputFormat reads -f: the named format, or table on a terminal and JSON elsewhere.
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
func inputFormatFlag(name string) (model.Format, error) {
	switch name {
	case "":
		return "", nil
	case "har", "log", "json":
		return model.Format(name), nil
	}
	return "", usagef("unknown --input-format %q (want har, log or json)", name)
}

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
// a date, or a duration meaning that long before now (Go's units plus d and w).
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
	// Days and weeks, which time.ParseDuration does not know: "7d", "2w", "1d12h".
	if i := strings.LastIndexAny(s, "dw"); i > 0 {
		n, err := strconv.Atoi(s[:i])
		unit := 24 * time.Hour
		if s[i] == 'w' {
			unit *= 7
		}
		var rest time.Duration
		if i+1 < len(s) {
			rest, err = time.ParseDuration(s[i+1:])
		}
		if err == nil && n > 0 && n < 100000 && rest >= 0 {
			return now.Add(-(time.Duration(n)*unit + rest)), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time (RFC 3339, \"2006-01-02 15:04\" or a duration like 2h or 7d)", s)
}

// thresholds are the pattern flags; zero values leave the detectors' defaults in place.
type thresholds struct {
	burstWindow, outageWindow                       time.Duration
	burstMin, burstMinRequests, stormMin, outageMin int
	payloadMinSize                                  string
}

func patternFlags(fs *pflag.FlagSet) *thresholds {
	d := window.Defaults()
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

func (t *thresholds) config() (window.Config, error) {
	cfg := window.Config{
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
