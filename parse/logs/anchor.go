package logs

import (
	"bytes"
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
)

// Anchoring. A dialect reads a failure only when its line names Claude's stack: in a CI log
// of a million lines, an npm mirror's ECONNRESET or a GitHub API 403 is not a failed call to
// Claude. But a user who pastes twenty lines from a Claude session pastes lines that need
// not name Claude ("[WARN] Stream connection error (ECONNRESET)", an AWS SDK dump with
// "name: 'ThrottlingException'"). So whether a line may be read without its own anchor is
// decided once per input, from its head, before any line is read: the same answer for the
// block scanner and the line reader, which is what lets the scanner still skip lines.

// anchorLevel says how far an input is about Claude.
type anchorLevel uint8

const (
	// anchorNone: only lines that name Claude's stack are read (the dialects' own anchors).
	anchorNone anchorLevel = iota
	// anchorNamed: a long input whose head names Claude. A transport failure or an error
	// record that names no provider is read too, unless it names another one.
	anchorNamed
	// anchorPaste: a short paste (the whole input is in the head, under pasteLines
	// lines). Every line is read; a record that names no provider is Claude's unless it
	// names another one, and a value wrapped by the terminal is joined again.
	anchorPaste
)

// pasteLines bounds a short paste: a user pastes a screen or two from a session; a longer
// input is a log file, whose unrelated failures must stay quiet.
const pasteLines = 200

// anchorWords name Claude's stack; one of them in the head of a long input makes it about
// Claude.
var anchorWords = []string{"anthropic", "claude", "bedrock-runtime", "aiplatform"}

// decideAnchor peeks at the head of a log and sets p.anchor. It reads nothing: the bytes
// stay in the reader for the parser.
func (p *parser) decideAnchor() {
	head, err := p.lr.r.Peek(p.lr.r.Size())
	whole := err == io.EOF || (err == nil && len(head) < p.lr.r.Size())
	switch {
	case whole && len(head) > 0 && bytes.Count(head, []byte{'\n'}) < pasteLines:
		p.anchor = anchorPaste
		p.wrapWidth, p.wrapLines = maxRunes(head)
	case fold.ContainsAny(head, anchorWords):
		p.anchor = anchorNamed
	}
	p.baseHost = configuredBaseHost(head)
}

// configuredBaseHost returns the host (with its port) of an ANTHROPIC_BASE_URL setting in
// b ("ANTHROPIC_BASE_URL=http://127.0.0.1:8787", an export, a settings.json "env" entry),
// or "". A pasted session often shows the setting apart from the failure it explains: a
// refused connection whose line names no host was refused by that host.
func configuredBaseHost(b []byte) string {
	const name = "ANTHROPIC_BASE_URL"
	for {
		i := bytes.Index(b, []byte(name))
		if i < 0 {
			return ""
		}
		b = b[i+len(name):]
		v := bytes.TrimLeft(b, "\"' \t")
		if len(v) == 0 || (v[0] != '=' && v[0] != ':') {
			continue
		}
		v = bytes.TrimLeft(v[1:], "\"' \t")
		end := bytes.IndexAny(v, "\"' \t\r\n,}")
		if end < 0 {
			end = len(v)
		}
		u, err := url.Parse(string(v[:end]))
		if err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
			return u.Host
		}
	}
}

// maxRunes returns the length in runes of the longest line of b and how many distinct
// lines are that long: in a paste whose long lines the terminal wrapped, every wrapped
// piece but the last is that long. Repeated lines (a retried call's) count once.
func maxRunes(b []byte) (longest, count int) {
	var seen []string
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = trimEOL(line)
		if len(line) < longest {
			continue
		}
		switch n := utf8.RuneCount(line); {
		case n > longest:
			longest, seen = n, append(seen[:0], string(line))
		case n == longest && !slices.Contains(seen, string(line)):
			seen = append(seen, string(line))
		}
	}
	return longest, len(seen)
}

// foreignWords name services and tools that are not Claude: a failure that names one of
// them (and no word of Claude) is theirs. Lower case, matched in any case.
var foreignWords = []string{
	"openai", "api.github.com", "github api", "githubusercontent", "octokit", "httperror", "npm err", "npm error",
	"registry.npmjs", "registry.yarnpkg", "yarn ", "pnpm", "pypi.org", "pip install", "docker", "ghcr.io",
	"opentelemetry", "otel", "otlp", "telemetry", "exporter", "sentry", "datadog", "statsig",
	"gemini", "mistral", "cohere", "groq", "deepseek", "azure", "ollama", "openrouter",
}

// foreign reports whether text names another service, tool or host and no word of
// Claude: "npm ERR!", a GitHub API URL, "lookup proxy.golang.org", an IP address that is
// not Anthropic's, an app's own path ("path=/api/items").
func foreign(text []byte) bool {
	if fold.ContainsAny(text, claudeWords) {
		return false
	}
	return fold.ContainsAny(text, foreignWords) || otherHost(text) || otherIP(text) || otherPath(text)
}

// hostMarks precede a host name in the failures of clients and resolvers.
var hostMarks = [][]byte{[]byte("://"), []byte("host='"), []byte(`host="`), []byte("host: "), []byte("lookup ")}

// otherHost reports whether text names a host that is none of Claude's, with a path that
// is not a Claude API path (a gateway's /v1/messages is Claude's).
func otherHost(text []byte) bool {
	for _, mark := range hostMarks {
		for rest := text; ; {
			i := bytes.Index(rest, mark)
			if i < 0 {
				break
			}
			rest = rest[i+len(mark):]
			end := 0
			for end < len(rest) && hostByte(rest[end]) {
				end++
			}
			host := string(rest[:end])
			if !strings.Contains(host, ".") && host != "localhost" {
				continue
			}
			path := rest[end:]
			if j := bytes.IndexAny(path, " \t\n'\"`)>,"); j >= 0 {
				path = path[:j]
			}
			if i := bytes.IndexByte(path, '/'); i >= 0 {
				path = path[i:]
			} else {
				path = nil
			}
			if !model.PlatformOf(host).Claude() && !claudePath(string(path)) {
				return true
			}
		}
	}
	return false
}

func hostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
}

// otherIP reports whether text names an IPv4 address outside Anthropic's 160.79.104.0/23.
func otherIP(text []byte) bool {
	for i := 0; i < len(text); i++ {
		if text[i] < '0' || text[i] > '9' || (i > 0 && (hostByte(text[i-1]))) {
			continue
		}
		var parts [4]int
		j, k := i, 0
		for ; k < 4; k++ {
			n, start := 0, j
			for j < len(text) && text[j] >= '0' && text[j] <= '9' && j-start < 3 {
				n = n*10 + int(text[j]-'0')
				j++
			}
			if j == start || n > 255 {
				break
			}
			parts[k] = n
			if k < 3 {
				if j >= len(text) || text[j] != '.' {
					break
				}
				j++
			}
		}
		if k == 4 && (j == len(text) || !hostByte(text[j])) {
			if !(parts[0] == 160 && parts[1] == 79 && (parts[2] == 104 || parts[2] == 105)) {
				return true
			}
		}
		i = j
	}
	return false
}

// pathMarks precede the path of an app's own request in its log records.
var pathMarks = [][]byte{[]byte("path="), []byte(`"path":"`), []byte(`"path": "`)}

// otherPath reports whether text logs a request path that is not a Claude API path.
func otherPath(text []byte) bool {
	for _, mark := range pathMarks {
		if i := bytes.Index(text, mark); i >= 0 {
			rest := text[i+len(mark):]
			end := bytes.IndexAny(rest, " \t\n\"")
			if end < 0 {
				end = len(rest)
			}
			if p := string(rest[:end]); strings.HasPrefix(p, "/") && !claudePath(p) {
				return true
			}
		}
	}
	return false
}

// anchored reports whether a line that names no Claude word may still be read as a
// failure of a call to Claude: the input is about Claude and the line names no one else.
func anchored(level anchorLevel, b []byte) bool {
	return level != anchorNone && !foreign(b)
}
