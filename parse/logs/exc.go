package logs

import "strings"

// findExc is excRE.FindStringSubmatchIndex(s), without the cost of trying excRE at every
// byte. A match's class ends with "Error" or "Exception" right before ":" (or before a
// "[…]" and ":"), and the class is made of word characters and dots. So no match can
// start before the run of such characters around the first "Error" or "Exception" that
// is followed so; excRE has no anchor at the start, so matching from there finds the
// same leftmost match. A line without such a word is not given to the regexp at all.
// The match is written to dst (a caller's array, so that a match allocates nothing) and
// returned as a slice of it.
func findExc(dst *[6]int, s string) []int {
	w, wordEnd, wordLen := -1, 0, 0
	for _, word := range [...]string{"Error", "Exception"} {
		for from := 0; ; {
			k := strings.Index(s[from:], word)
			if k < 0 {
				break
			}
			k += from
			if w >= 0 && k >= w {
				break // the other word qualified earlier
			}
			if excSuffix(s[k+len(word):]) {
				start := k
				for start > 0 && isClassByte(s[start-1]) {
					start--
				}
				if w < 0 || start < w {
					w, wordEnd, wordLen = start, k+len(word), len(word)
				}
				break
			}
			from = k + 1
		}
	}
	if w < 0 {
		return nil
	}
	// The class ends at that word: the word is followed by a byte that is no class byte,
	// so the run ends there. excRE's "(.*)$" takes the rest of a line without "\n" from
	// wherever it starts, so the regexp is given only the class and its suffix, and the
	// backtracker no longer walks (and clears its bit set for) the whole message.
	e := wordEnd
	if s[e] == ':' {
		e++
	} else {
		e = e + strings.IndexByte(s[e:], ']') + 2
	}
	if e < len(s) && s[e] == ' ' {
		e++
	}
	tail := strings.IndexByte(s[e:], '\n') < 0
	if !tail {
		e = len(s)
	} else if st := excClassStart(s[w:wordEnd], wordLen); st >= 0 {
		// The class is the whole of the run from st: what follows it cannot go on a
		// class. So the leftmost match starts at the leftmost st where the run reads as
		// a class, and the regexp is not needed.
		*dst = [6]int{w + st, len(s), w + st, wordEnd, e, len(s)}
		return dst[:]
	}
	m := excRE.FindStringSubmatchIndex(s[w:e])
	if m == nil {
		return nil
	}
	for i := range m {
		if m[i] >= 0 {
			m[i] += w
		}
	}
	if tail {
		m[1], m[5] = len(s), len(s)
	}
	copy(dst[:], m)
	return dst[:]
}

// excClassStart returns the leftmost offset of run (class bytes that end with "Error" or
// "Exception", wordLen long) from which it reads whole as excRE's class,
// `(?:[A-Za-z_]\w*\.)*(?:[A-Z]\w*)?(?:Error|Exception)`, or -1. The part before the word
// splits at its dots into segments (each starting [A-Za-z_]) and a last part that is
// empty or starts [A-Z]: \w has no dot, so the split is the only one.
func excClassStart(run string, wordLen int) int {
	for st := 0; st <= len(run)-wordLen; st++ {
		if excClassHead(run[st : len(run)-wordLen]) {
			return st
		}
	}
	return -1
}

// excClassHead reports whether p, made of class bytes, is `(?:[A-Za-z_]\w*\.)*(?:[A-Z]\w*)?`.
func excClassHead(p string) bool {
	for {
		dot := strings.IndexByte(p, '.')
		if dot < 0 {
			return p == "" || ('A' <= p[0] && p[0] <= 'Z')
		}
		if dot == 0 || !(isLetter(p[0]) || p[0] == '_') {
			return false
		}
		p = p[dot+1:]
	}
}

// excSuffix reports whether s starts as what follows an exception class in excRE:
// `(?:\s*\[[^\]]*\])?:`.
func excSuffix(s string) bool {
	if len(s) > 0 && s[0] == ':' {
		return true
	}
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	if i >= len(s) || s[i] != '[' {
		return false
	}
	j := strings.IndexByte(s[i:], ']')
	return j >= 0 && i+j+1 < len(s) && s[i+j+1] == ':'
}

// isClassByte reports a byte of an exception class name: \w or ".".
func isClassByte(c byte) bool {
	return c == '.' || c == '_' || isDigit(c) || isLetter(c)
}
