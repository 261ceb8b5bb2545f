package logs

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
)

// outcome says what a dialect made of a line.
type outcome int

const (
	noMatch  outcome = iota // not this dialect's line
	emitted                 // the line is (the start of) an event, filled in ev
	consumed                // the line was understood but is no call: a retry announcement, a request line
)

// A dialect is one way a program prints calls to Claude, and one row of the routing table
// (route.go) that both the line reader and the block scanner read. A dialect declares, once,
// what it needs of the routing:
//
//   - by words: keywords and match, for a line that one of the keywords occurs in;
//   - by shape: firsts, starts and open, for a record that opens with a line of its own
//     shape whatever its words (a traceback, a curl exchange, a JSON value);
//   - continuation: isOpen and feed, for a record that goes on over the lines that follow;
//   - idle: whether a line it would be offered may matter to a parser with no record open,
//     which is what lets the block scanner leave the others out;
//   - object: a reader of a JSON object a block decoded (a record of a program's own).
//
// A dialect file registers its values (register) with a rank: the table is in rank order.
type dialect struct {
	name string
	// rank places the dialect in the table, lowest first: among dialects read by words the
	// first that emits wins (a wrapper's line, "litellm.RateLimitError: AnthropicException
	// - …", must be read by its wrapper before the SDK's generic exception reader sees the
	// class name); among open records the first reads the line first; among object readers
	// the first that takes an object has it. Ranks are distinct.
	rank int

	// keywords are literals of which at least one must occur in a line before match runs:
	// the cheap prefilter that keeps the regular expressions off the many lines that cannot
	// be theirs (as gitleaks does).
	keywords [][]byte
	// match reads the line into ev (Source, Time, Format and Dialect are preset).
	match func(p *parser, l *lineCtx, ev *model.Event) outcome

	// firsts are the bytes a trimmed line that starts opens with; a byte belongs to one
	// dialect at most, so the first byte of a line picks the one shape to test.
	firsts string
	// starts reports whether a trimmed line opens the dialect's record.
	starts func(t []byte) bool
	// open reads the line that starts the record.
	open func(p *parser, l *lineCtx)
	// noReplay keeps the shape from opening on lines read again after a block that was
	// not JSON after all (a block replayed as text must not open a block again).
	noReplay bool

	// isOpen reports whether the dialect's record is open; feed reads a line while it is,
	// and reports whether the line belonged to it.
	isOpen func(p *parser) bool
	feed   func(p *parser, l *lineCtx) bool

	// idle, when set, reports whether the dialect could do anything with a line it is
	// offered, in a parser with no record open, changing nothing but throwaway scratch (and
	// the last time to the line's own time): a cleaned line with keyword groups mask for a
	// dialect read by words, a trimmed line that starts it (mask 0) for a shape. False lets
	// the block scanner leave the line out; it must never be false for a line the dialect
	// would use. Unset means it could.
	idle func(sc *scanner, b []byte, mask uint64) bool

	// object, when set, reads one JSON object that a block decoded, and reports whether it
	// took it; the objects no dialect takes are read as log records or error bodies.
	object func(p *parser, m map[string]any, src model.Source) bool
}

func kw(words ...string) [][]byte {
	out := make([][]byte, len(words))
	for i, w := range words {
		out[i] = []byte(w)
	}
	return out
}

// hit reports whether any keyword occurs in b.
func (d *dialect) hit(b []byte) bool {
	for _, k := range d.keywords {
		if bytes.Contains(b, k) {
			return true
		}
	}
	return false
}

// clean redacts, folds white space and bounds a string for an Event. A log repeats the
// same hosts, paths and messages thousands of times, and redaction is the costliest step
// of an event, so short strings are cleaned once and remembered.
func clean(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > maxCleanKey {
		return cleanNow(s)
	}
	if v, ok := cleanCache.get(s); ok {
		return v
	}
	v := cleanNow(s)
	cleanCache.put(s, v)
	return v
}

func cleanNow(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return model.Clip(redact.Text(s), model.MaxMessage)
}

// cleanCache remembers cleaned strings of at most maxCleanKey bytes (a few MiB at worst).
var cleanCache = memo[string]{max: 4096}

const maxCleanKey = 512

// cleanCached is clean, for the strings that repeat most (hosts, paths).
func cleanCached(s string) string { return clean(s) }

// setURL fills Method, Host, Path and Platform from a URL or a bare path; the query string
// and any user info are dropped.
func setURL(ev *model.Event, method, raw string) {
	if method != "" {
		ev.Method = strings.ToUpper(method)
	}
	raw = strings.Trim(raw, `"'<>,;`)
	if raw == "" {
		return
	}
	if strings.HasPrefix(raw, "/") {
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			raw = raw[:i]
		}
		ev.Path = cleanCached(raw)
		return
	}
	if u := urlPartsOf(raw); u.ok {
		ev.Host, ev.Path, ev.Platform = u.host, u.path, u.platform
	}
}

// urlParts is what setURL takes from a URL.
type urlParts struct {
	host, path string
	platform   model.Platform
	ok         bool
}

// urlCache holds the parts of URLs of at most maxCleanKey bytes: a log names the same few
// endpoints again and again, and url.Parse was a fifth of the cost of a line that names
// one.
var urlCache = memo[urlParts]{max: 4096}

// parseURLParts parses a URL without its scheme or with it.
func parseURLParts(raw string) urlParts {
	full := raw
	if !strings.Contains(full, "://") {
		full = "https://" + full
	}
	u, err := url.Parse(full)
	if err != nil || u.Host == "" {
		return urlParts{}
	}
	return urlParts{host: clean(strings.ToLower(u.Host)), path: clean(u.EscapedPath()), platform: model.PlatformOf(u.Host), ok: true}
}

// urlPartsOf is parseURLParts through urlCache.
func urlPartsOf(raw string) urlParts {
	if v, ok := urlCache.get(raw); ok {
		return v
	}
	parts := parseURLParts(raw)
	if len(raw) <= maxCleanKey {
		urlCache.put(raw, parts)
	}
	return parts
}

// claudeCall reports whether an HTTP exchange went to Claude: one of Claude's hosts, or a
// Claude API path behind a proxy or gateway (LiteLLM's /v1/messages on localhost).
func claudeCall(ev *model.Event) bool {
	return ev.Platform.Claude() || claudePath(ev.Path) || (ev.Host == "" && ev.Path == "")
}

// keepHeader keeps a response header on the event when the redaction policy allows it.
func keepHeader(ev *model.Event, name, value string) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" || !redact.KeptHeader(name) || redact.SecretHeader(name) {
		return
	}
	value = clean(value)
	ev.Headers = append(ev.Headers, model.Header{Name: name, Value: value})
	switch name {
	case "request-id", "x-request-id":
		if ev.RequestID == "" {
			ev.RequestID = value
		}
	case "x-amzn-requestid":
		if ev.RequestID == "" {
			ev.RequestID = value
		}
	}
}

// claudeContext reports whether a line speaks of Claude's stack, so that a bare network
// failure in it is a failed call to Claude and not an npm mirror timing out.
func claudeContext(b []byte) bool {
	return fold.ContainsAny(b, claudeWords) || bytes.Contains(b, []byte("Unable to connect to API")) || bytes.Contains(b, []byte("APIConnectionError")) ||
		bytes.HasPrefix(b, []byte("httpx.")) || bytes.HasPrefix(b, []byte("httpcore.")) ||
		bytes.Contains(b, []byte(" httpx.")) || bytes.Contains(b, []byte(" httpcore."))
}

var claudeWords = []string{"anthropic", "claude", "bedrock", "aiplatform", "litellm"}
