package errbody

import "bytes"

// MaxFind bounds how much of a text Find examines: it is called on log lines that look
// like failures, and a record longer than this is a payload dump whose head says enough.
const MaxFind = 64 << 10

// Find scans arbitrary text (one log line, or the lines of one record joined with '\n')
// for error evidence anywhere in it and returns what that evidence says. The Info is
// redacted and bounded like Parse's. ok is false when the text holds no error evidence.
func Find(text []byte) (Info, bool) {
	if len(text) > MaxFind {
		text = text[:MaxFind]
	}
	for off := 0; off < len(text); {
		i := bytes.IndexByte(text[off:], '{')
		if i < 0 {
			break
		}
		i += off
		if end := matchBrace(text, i); end > i {
			if info, ok := Parse(text[i : end+1]); ok && info.Shape != "text" {
				return info, true
			}
		}
		off = i + 1
	}
	return Info{}, false
}

// matchBrace returns the index of the brace closing the one at text[i], skipping quoted
// strings, or -1.
func matchBrace(text []byte, i int) int {
	depth := 0
	var quote byte
	for j := i; j < len(text); j++ {
		c := text[j]
		if quote != 0 {
			if c == '\\' {
				j++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '"', '\'':
			quote = c
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}
