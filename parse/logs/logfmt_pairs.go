package logs

// logfmtPair is one match of logfmtRE: the whole match, the key and the value, which
// starts at offset at of the line.
type logfmtPair struct {
	whole, key, value []byte
	at                int
}

// appendLogfmtPairs appends to dst what logfmtRE.FindAllSubmatch(b, n) finds, by hand:
// the regexp tried every byte of every logfmt line of a log with its backtracker, and it
// was the costliest step of such a line. The caller reuses dst: one slice per pair made
// this the most allocating step of the parser.
//
// logfmtRE is `(?:^|\s)([A-Za-z_@][\w.@-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)`. A key is the
// longest run of key bytes (no shorter one can be followed by "="); a value is a quoted
// string when one closes, else the run of bytes up to white space or a quote.
func appendLogfmtPairs(dst []logfmtPair, b []byte, n int) []logfmtPair {
	base := len(dst)
	for i := 0; i < len(b) && len(dst)-base < n; {
		start, keyAt := -1, -1
		if i == 0 && keyStartsAt(b, 0) {
			start, keyAt = 0, 0
		} else if isSpaceRE(b[i]) && keyStartsAt(b, i+1) {
			start, keyAt = i, i+1
		}
		if start < 0 {
			i++
			continue
		}
		k := keyAt + 1
		for k < len(b) && isKeyByte(b[k]) {
			k++
		}
		if k >= len(b) || b[k] != '=' {
			i++
			continue
		}
		v := k + 1
		end := quotedEnd(b, v)
		if end < 0 {
			end = v
			for end < len(b) && !isSpaceRE(b[end]) && b[end] != '"' {
				end++
			}
		}
		dst = append(dst, logfmtPair{b[start:end:end], b[keyAt:k:k], b[v:end:end], v})
		if end == i {
			end++ // not reached: a match holds at least "k="
		}
		i = end
	}
	return dst
}

// keyStartsAt reports whether a logfmt key can start at b[i]: [A-Za-z_@].
func keyStartsAt(b []byte, i int) bool {
	return i < len(b) && (isLetter(b[i]) || b[i] == '_' || b[i] == '@')
}

// isKeyByte is [\w.@-].
func isKeyByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '.' || c == '@' || c == '-'
}

// isSpaceRE is the regexp package's \s: [\t\n\f\r ].
func isSpaceRE(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// quotedEnd returns the end of `"(?:[^"\\]|\\.)*"` at b[v:], or -1 when none closes.
func quotedEnd(b []byte, v int) int {
	if v >= len(b) || b[v] != '"' {
		return -1
	}
	for j := v + 1; j < len(b); j++ {
		switch b[j] {
		case '"':
			return j + 1
		case '\\':
			if j+1 >= len(b) || b[j+1] == '\n' {
				return -1 // "." does not match a line end
			}
			j++
		}
	}
	return -1
}
