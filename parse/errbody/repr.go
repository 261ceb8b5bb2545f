package errbody

import "bytes"

// reprToJSON turns a Python dict repr, as the SDKs print bodies
// ("{'type': 'error', 'error': {'details': None, 'type': 'overloaded_error'}}"),
// into JSON. It walks the text once, rewriting single-quoted strings and Python's
// None/True/False; ok is false when the text does not close its strings.
func reprToJSON(b []byte) ([]byte, bool) {
	var out bytes.Buffer
	out.Grow(len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\'' || c == '"':
			j, ok := copyString(&out, b, i)
			if !ok {
				return nil, false
			}
			i = j
		case isWordStart(b, i, "None"):
			out.WriteString("null")
			i += len("None") - 1
		case isWordStart(b, i, "True"):
			out.WriteString("true")
			i += len("True") - 1
		case isWordStart(b, i, "False"):
			out.WriteString("false")
			i += len("False") - 1
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes(), true
}

// copyString writes the Python string literal starting at b[i] as a JSON string and
// returns the index of its closing quote.
func copyString(out *bytes.Buffer, b []byte, i int) (int, bool) {
	quote := b[i]
	out.WriteByte('"')
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		switch {
		case c == '\\' && j+1 < len(b):
			next := b[j+1]
			if next == '\'' {
				out.WriteByte('\'') // \' is not a JSON escape
			} else {
				out.WriteByte('\\')
				out.WriteByte(next)
			}
			j++
		case c == quote:
			out.WriteByte('"')
			return j, true
		case c == '"':
			out.WriteString(`\"`)
		case c < 0x20:
			out.WriteString(`\u00`)
			out.WriteByte("0123456789abcdef"[c>>4])
			out.WriteByte("0123456789abcdef"[c&0xF])
		default:
			out.WriteByte(c)
		}
	}
	return 0, false
}

// isWordStart reports whether word starts at b[i] as a whole identifier.
func isWordStart(b []byte, i int, word string) bool {
	if !bytes.HasPrefix(b[i:], []byte(word)) {
		return false
	}
	if i > 0 && isIdent(b[i-1]) {
		return false
	}
	end := i + len(word)
	return end >= len(b) || !isIdent(b[end])
}

func isIdent(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
