package sanitize

import (
	"bytes"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/claudelog/claudelog/parse/redact"
)

// The second pass. A value sanitize hashes in one place (a cookie, a secret header or
// parameter, a secret JSON member) often appears verbatim elsewhere in the same file: a
// session cookie echoed in a query parameter under another name, in a URL path, in a
// Location header or in a body. The first pass remembers every value it hashed; the
// second replaces every remaining copy of one with the same hash.

// Bounds of what the second pass remembers.
const (
	minEcho      = 6       // shorter values ("1", "dark", "en-US") are words, not secrets
	maxEcho      = 4096    // longer values are bodies, not tokens
	maxEchoBytes = 8 << 20 // all remembered values together
)

// secretSet is the set of values hashed so far, shared with nested rewriters.
type secretSet struct {
	vals  map[string]bool
	bytes int
}

// remember notes a value that was hashed, with its URL-encoded forms. Values that could
// match outside a JSON string (all digits, true, null, …) or that hold a quote or a
// backslash (written escaped) are left out: replacing those could break the JSON.
func (rw *rewriter) remember(v string) {
	if rw.secrets == nil {
		rw.secrets = &secretSet{vals: map[string]bool{}}
	}
	for _, f := range []string{v, url.QueryEscape(v), url.PathEscape(v)} {
		rw.secrets.add(f)
	}
}

func (s *secretSet) add(v string) {
	v = strings.TrimSpace(v)
	if len(v) < minEcho || len(v) > maxEcho || s.vals[v] || s.bytes+len(v) > maxEchoBytes {
		return
	}
	if strings.ContainsAny(v, "\"\\\n\r") || strings.Contains(v, "[redacted") || !strings.ContainsFunc(v, notStructural) || plainWord(v) {
		return
	}
	s.vals[v] = true
	s.bytes += len(v)
}

// plainWord reports whether v is a short word of letters ("default", "desktop"): a cookie
// set to one is a preference, and hashing every copy of the word would garble the file.
func plainWord(v string) bool {
	if len(v) > 12 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// notStructural reports whether r cannot occur in JSON outside a string.
func notStructural(r rune) bool {
	return !strings.ContainsRune("0123456789.eE+-truefalsn \t,:[]{}", r)
}

// echoReplacer replaces every remembered value with its hash, longest first so that a
// value holding a shorter one is replaced whole.
func (s *secretSet) replacer() *strings.Replacer {
	if s == nil || len(s.vals) == 0 {
		return nil
	}
	keys := make([]string, 0, len(s.vals))
	for k := range s.vals {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, redact.Value(k))
	}
	return strings.NewReplacer(pairs...)
}

// replaceEchoes copies src to dst, replacing every remembered value. It works in chunks
// cut right after a quote: no remembered value holds a quote, so none spans a cut.
func replaceEchoes(dst io.Writer, src io.Reader, rep *strings.Replacer) (int, error) {
	buf := make([]byte, 0, 1<<20)
	chunk := make([]byte, 1<<20)
	changed := 0
	flush := func(p []byte) error {
		s := string(p)
		out := rep.Replace(s)
		if out != s {
			changed++
		}
		_, err := io.WriteString(dst, out)
		return err
	}
	for {
		n, err := src.Read(chunk)
		buf = append(buf, chunk[:n]...)
		if cut := bytes.LastIndexByte(buf, '"'); cut >= 0 {
			if err := flush(buf[:cut+1]); err != nil {
				return changed, err
			}
			buf = append(buf[:0], buf[cut+1:]...)
		} else if len(buf) > 8<<20 {
			// A string longer than 8 MiB without a quote: keep a value's length back.
			keep := len(buf) - maxEcho
			if err := flush(buf[:keep]); err != nil {
				return changed, err
			}
			buf = append(buf[:0], buf[keep:]...)
		}
		if err == io.EOF {
			return changed, flush(buf)
		}
		if err != nil {
			return changed, err
		}
	}
}
