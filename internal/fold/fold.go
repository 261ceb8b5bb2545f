// Package fold compares text with lower-case ASCII words while ignoring ASCII case in the
// text: the one case-folding the log parser and the rules share. Bytes beyond ASCII compare
// exactly (a typographic apostrophe, the bytes of UTF-8), so nothing is decoded, nothing
// allocates, and the text's offsets stay its own.
package fold

// text is what the functions read: a string (an event's field) or bytes (a log line).
type text interface{ ~string | ~[]byte }

// Equal reports whether s, lower-cased byte by byte (ASCII letters only), is lower.
func Equal[T text](s T, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// HasPrefix reports whether s starts with the lower-case prefix, ignoring ASCII case in s.
func HasPrefix[T text](s T, prefix string) bool {
	return len(s) >= len(prefix) && Equal(s[:len(prefix)], prefix)
}

// Contains reports whether s contains the lower-case sub, ignoring ASCII case in s. The
// naive scan is linear for the short words it is called with; only offsets that start
// with sub's first byte, in either case, are compared whole (rules call it for many
// phrases on every event their keywords let through).
func Contains[T text](s T, sub string) bool {
	n := len(sub)
	if n == 0 {
		return true
	}
	first, upper := sub[0], sub[0]
	if 'a' <= first && first <= 'z' {
		upper -= 'a' - 'A'
	}
	for i := 0; i+n <= len(s); i++ {
		if c := s[i]; c != first && c != upper {
			continue
		}
		j := 1
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// ContainsAny reports whether s contains any of the lower-case words, ignoring ASCII case
// in s: one pass over s, where a Contains per word makes one each. The byte at an offset
// picks the words compared there.
func ContainsAny[T text](s T, words []string) bool {
	var firsts [256]bool
	for _, w := range words {
		if w == "" {
			return true
		}
		c := w[0]
		firsts[c] = true
		if 'a' <= c && c <= 'z' {
			firsts[c-('a'-'A')] = true
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !firsts[c] {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		for _, w := range words {
			if w[0] == c && HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// Lower lower-cases the ASCII letters of s and nothing else, so that the result keeps s's
// bytes aligned one for one (strings.ToLower maps Unicode, turning "LOCALHOſT" into a name
// it is not, and rewrites invalid UTF-8). A string without an upper-case ASCII letter is
// returned as it is.
func Lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// LowerBytes is Lower into a new slice of the same length.
func LowerBytes(text []byte) []byte {
	low := make([]byte, len(text))
	for i, c := range text {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	return low
}
