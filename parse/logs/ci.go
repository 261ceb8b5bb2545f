package logs

import (
	"bytes"
	"encoding/binary"
)

// cleanLine strips what terminals and CI runners add around a log line, so that dialects
// match the text as the program printed it: ANSI colour and cursor codes, carriage-return
// overwrites (progress bars, GitLab's section markers), GitHub Actions' and GitLab's
// per-line timestamps and their ##[group]/##[error] and section_start/section_end markers.
// dst is a scratch buffer; the result may alias it or b. stamp is the runner's timestamp,
// when the line had one.
func cleanLine(dst, b []byte) (out, stamp []byte) {
	if bytes.IndexByte(b, 0x1b) >= 0 {
		b = stripANSI(dst[:0], b)
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		// A terminal shows what came after the last carriage return; GitLab writes
		// "section_start:…\r" before the text. Keep the last non-blank segment.
		end := len(b)
		for {
			i := bytes.LastIndexByte(b[:end], '\r')
			seg := b[i+1 : end]
			if i < 0 || len(bytes.TrimSpace(seg)) > 0 {
				b = seg
				break
			}
			end = i
		}
	}
	b, stamp = stripRunnerStamp(b)
	b = stripSection(b)
	b = stripMarkers(b)
	return b, stamp
}

// stripANSI removes CSI ("\x1b[1;31m", "\x1b[0K") and OSC ("\x1b]8;;url\x07") sequences.
func stripANSI(dst, b []byte) []byte {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != 0x1b {
			dst = append(dst, c)
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch b[i+1] {
		case '[':
			j := i + 2
			for j < len(b) && (b[j] < 0x40 || b[j] > 0x7e) {
				j++
			}
			i = j // the final byte
		case ']':
			j := i + 2
			for j < len(b) && b[j] != 0x07 && !(b[j] == 0x1b && j+1 < len(b) && b[j+1] == '\\') {
				j++
			}
			if j < len(b) && b[j] == 0x1b {
				j++
			}
			i = j
		default:
			i++ // a two-byte escape
		}
	}
	return dst
}

// stripRunnerStamp removes GitHub Actions' "2026-11-20T08:14:03.1234567Z " prefix and
// GitLab's "2026-11-20T08:14:03.123456Z 00O+ " prefix, returning the stamp.
func stripRunnerStamp(b []byte) (rest, stamp []byte) {
	if len(b) < 21 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || !isDigit(b[0]) {
		return b, nil
	}
	sp := 28 // GitHub's stamp, 2026-11-20T08:00:00.0150000Z: no search needed
	if len(b) <= sp || b[sp] != ' ' || hasSpace28(b) {
		sp = bytes.IndexByte(b[:min(len(b), 40)], ' ')
	}
	if sp < 20 || b[sp-1] != 'Z' {
		return b, nil
	}
	stamp, rest = b[:sp], b[sp+1:]
	// GitLab: a stream id of two digits, O or E, and an optional + for a continued line.
	if len(rest) >= 4 && isDigit(rest[0]) && isDigit(rest[1]) && (rest[2] == 'O' || rest[2] == 'E') {
		j := 3
		if rest[j] == '+' {
			j++
		}
		if j < len(rest) && rest[j] == ' ' {
			rest = rest[j+1:]
		} else if j == len(rest) {
			rest = rest[j:]
		}
	}
	return rest, stamp
}

var (
	sectionStart = []byte("section_start:")
	sectionEnd   = []byte("section_end:")
)

// stripSection removes a GitLab "section_start:1700000000:name[collapsed=true]" marker.
func stripSection(b []byte) []byte {
	// Nearly every line fails on its first byte: test it before the two prefixes.
	if len(b) == 0 || b[0] != 's' || !bytes.HasPrefix(b, sectionStart) && !bytes.HasPrefix(b, sectionEnd) {
		return b
	}
	// section_x:EPOCH:NAME then the text; the name has no spaces.
	colon := bytes.IndexByte(b, ':')
	second := bytes.IndexByte(b[colon+1:], ':')
	if second < 0 {
		return b[:0]
	}
	rest := b[colon+1+second+1:]
	if sp := bytes.IndexAny(rest, " \t"); sp >= 0 {
		return bytes.TrimLeft(rest[sp:], " \t")
	}
	return rest[:0]
}

// stripMarkers removes GitHub Actions' "##[error]" style markers and workflow commands
// ("::error file=a.py,line=3::message").
func stripMarkers(b []byte) []byte {
	if len(b) >= 4 && b[0] == '#' && b[1] == '#' && b[2] == '[' {
		if end := bytes.IndexByte(b, ']'); end > 0 {
			return b[end+1:]
		}
	}
	if len(b) >= 4 && b[0] == ':' && b[1] == ':' {
		if end := bytes.Index(b[2:], []byte("::")); end >= 0 {
			return b[2+end+2:]
		}
	}
	return b
}

// hasSpace28 reports whether b[:28] holds a space, eight bytes at a time (b is longer).
func hasSpace28(b []byte) bool {
	const ones, highs, spaces = 0x0101010101010101, 0x8080808080808080, 0x2020202020202020
	for _, at := range [...]int{0, 8, 16, 20} {
		x := binary.LittleEndian.Uint64(b[at:]) ^ spaces // a space is now a zero byte
		if (x-ones)&^x&highs != 0 {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
