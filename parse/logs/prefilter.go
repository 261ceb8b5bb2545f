package logs

import (
	"bytes"
	"encoding/binary"
)

// prefilter finds, in one pass over a line, which groups of keywords (one group per
// dialect) occur in it. Testing every keyword with bytes.Contains costs one scan of the line
// per keyword; this costs one scan in all, as gitleaks' Aho-Corasick prefilter does, with a
// simpler table: the first two bytes of every keyword index the keywords to verify there.
type prefilter struct {
	slot [1 << 16]uint16 // first two bytes → 1 + index into refs; 0 when no keyword starts so
	// quads is a bit set of hashes of four bytes of the keywords, 16 KiB that stay in
	// the L1 cache: a line is looked at only at every other offset, and a keyword that
	// starts at an even offset p has its bytes 0–3 there, at an odd one its bytes 1–4 at
	// p+1. Two or three bytes ("st", "err", "tim") start keywords and many words of a
	// log; four rarely do, so few places are verified. A keyword shorter than five
	// bytes has no bytes 1–4: its bytes 0–2 after each of the 256 bytes stand for it,
	// found at p-1 ("?CER" for "CERT"), so it is verified one offset on; one of three
	// bytes is also found at p as its three bytes and any fourth, and at the very end of
	// a line by a look there.
	quads [1 << 17 / 64]uint64
	// Most places quads lets through hold four bytes of a long keyword but not the
	// keyword ("HTTP/1.1" for "HTTP Request:", "api.anthropic" for "AnthropicException"):
	// a log repeats the words of its healthy calls on every line. So a place is verified
	// only when its four bytes are in shortQuads, what the keywords of at most eight bytes
	// put in quads but by a hash of its own (a collision in quads is seldom one here too),
	// or when the eight bytes at it or one byte before it are the head of a longer keyword
	// (octs: a bit set of hashes of every such head). On a Python service's log this
	// verifies one place in ten of those quads lets through.
	shortQuads [1 << 17 / 64]uint64
	octs       [1 << 17 / 64]uint64
	short4     bool // a keyword of three or four bytes: verify one offset on, too
	threes     bool // a keyword of three bytes: look at the end of each line
	pair       bool // a keyword of two bytes: scan falls back to scanBytes
	refs       [][]keywordRef
	short      uint64 // groups with a one-byte keyword: always reported
}

type keywordRef struct {
	word  []byte
	group int
}

// newPrefilter indexes groups of keywords (at most 64); scan reports the groups found.
func newPrefilter(groups [][][]byte) *prefilter {
	pf := &prefilter{}
	for i, words := range groups {
		for _, k := range words {
			if len(k) < 2 {
				pf.short |= 1 << i
				continue
			}
			key := uint16(k[0])<<8 | uint16(k[1])
			add := pf.addShort
			if len(k) > 8 {
				add = pf.add
				set(&pf.octs, octHash(binary.LittleEndian.Uint64(k)))
			}
			switch {
			case len(k) == 2:
				pf.pair = true
			case len(k) == 3:
				pf.threes, pf.short4 = true, true
				for c := range 256 {
					add(quad(k[0], k[1], k[2], byte(c)))
					add(quad(byte(c), k[0], k[1], k[2]))
				}
			case len(k) == 4:
				pf.short4 = true
				add(quad(k[0], k[1], k[2], k[3]))
				for c := range 256 {
					add(quad(byte(c), k[0], k[1], k[2]))
				}
			default:
				add(quad(k[0], k[1], k[2], k[3]))
				add(quad(k[1], k[2], k[3], k[4]))
			}
			if pf.slot[key] == 0 {
				pf.refs = append(pf.refs, nil)
				pf.slot[key] = uint16(len(pf.refs))
			}
			j := pf.slot[key] - 1
			pf.refs[j] = append(pf.refs[j], keywordRef{word: k, group: i})
		}
	}
	return pf
}

// quad packs four bytes as a little-endian load of them does.
func quad(a, b, c, d byte) uint32 {
	return uint32(a) | uint32(b)<<8 | uint32(c)<<16 | uint32(d)<<24
}

// add puts four bytes of a keyword of more than eight bytes in the set.
func (pf *prefilter) add(q uint32) {
	set(&pf.quads, quadHash(q))
}

// addShort puts four bytes of a keyword of at most eight bytes in the set.
func (pf *prefilter) addShort(q uint32) {
	set(&pf.quads, quadHash(q))
	set(&pf.shortQuads, quadHash2(q))
}

// hashed reports whether four bytes (the first in the low byte of q) are in the set.
func (pf *prefilter) hashed(q uint32) bool {
	return has(&pf.quads, quadHash(q))
}

func quadHash(q uint32) uint32 { return q * 0x9E3779B1 >> 15 }

// quadHash2 is shortQuads' hash, another than quads': four bytes that are there by a
// collision in quads are seldom there by one in shortQuads too.
func quadHash2(q uint32) uint32 { return q * 0x85EBCA77 >> 15 }

// octHash hashes eight bytes (the first in the low byte of o) to 17 bits.
func octHash(o uint64) uint32 { return uint32(o * 0x9E3779B97F4A7C15 >> 47) }

func set(s *[1 << 17 / 64]uint64, h uint32)      { s[h>>6] |= 1 << (h & 63) }
func has(s *[1 << 17 / 64]uint64, h uint32) bool { return s[h>>6]&(1<<(h&63)) != 0 }

// groupsHit is groupsNear for a place i whose four bytes are in quads, verified only
// where a keyword may start (see shortQuads).
func (pf *prefilter) groupsHit(b []byte, i int, found uint64) uint64 {
	if has(&pf.shortQuads, quadHash2(binary.LittleEndian.Uint32(b[i:]))) {
		return pf.groupsNear(b, i, found)
	}
	// A keyword of more than eight bytes found here starts at i (its bytes 0–3 here) or
	// at i-1 (its bytes 1–4), and has nine bytes from there.
	if i+8 > len(b) {
		return 0
	}
	var m uint64
	if i+9 <= len(b) && has(&pf.octs, octHash(binary.LittleEndian.Uint64(b[i:]))) {
		m = pf.groupsAt(b, i, found)
	}
	if i > 0 && has(&pf.octs, octHash(binary.LittleEndian.Uint64(b[i-1:]))) {
		m |= pf.groupsAt(b, i-1, found|m)
	}
	return m
}

// scan returns a bit mask of the groups (by index) with a keyword in b. It probes every
// other offset, three per eight-byte load (one load and no bounds checks per offset).
func (pf *prefilter) scan(b []byte) uint64 {
	if pf.pair {
		return pf.scanBytes(b)
	}
	mask := pf.short
	i := 0
	for ; i+8 <= len(b); i += 6 {
		w := binary.LittleEndian.Uint64(b[i:])
		if pf.hashed(uint32(w)) {
			mask |= pf.groupsHit(b, i, mask)
		}
		if pf.hashed(uint32(w >> 16)) {
			mask |= pf.groupsHit(b, i+2, mask)
		}
		if pf.hashed(uint32(w >> 32)) {
			mask |= pf.groupsHit(b, i+4, mask)
		}
	}
	for ; i+3 < len(b); i += 2 {
		if pf.hashed(binary.LittleEndian.Uint32(b[i:])) {
			mask |= pf.groupsHit(b, i, mask)
		}
	}
	if pf.threes && len(b) >= 3 {
		mask |= pf.groupsAt(b, len(b)-3, mask)
	}
	return mask
}

// groupsNear returns the groups, besides those of found, of the keywords that start at
// b[i] or b[i-1], or at b[i+1] when there are keywords of three or four bytes
// (i+3 < len(b)).
func (pf *prefilter) groupsNear(b []byte, i int, found uint64) uint64 {
	m := pf.groupsAt(b, i, found)
	if i > 0 {
		m |= pf.groupsAt(b, i-1, found|m)
	}
	if pf.short4 {
		m |= pf.groupsAt(b, i+1, found|m)
	}
	return m
}

// groupsAt returns the groups, besides those of found, of the keywords that start at b[i]
// (i+1 < len(b)).
func (pf *prefilter) groupsAt(b []byte, i int, found uint64) uint64 {
	s := pf.slot[uint16(b[i])<<8|uint16(b[i+1])]
	if s == 0 {
		return 0
	}
	var m uint64
	for _, r := range pf.refs[s-1] {
		if (found|m)&(1<<r.group) == 0 && bytes.HasPrefix(b[i:], r.word) {
			m |= 1 << r.group
		}
	}
	return m
}

// scanBytes is scan by a look at every offset: the reference scan is tested against, and
// scan itself for a table with a keyword of two bytes, which the stride cannot find.
func (pf *prefilter) scanBytes(b []byte) uint64 {
	mask := pf.short
	for i := 0; i+1 < len(b); i++ {
		s := pf.slot[uint16(b[i])<<8|uint16(b[i+1])]
		if s == 0 {
			continue
		}
		for _, r := range pf.refs[s-1] {
			if mask&(1<<r.group) != 0 || len(b)-i < len(r.word) {
				continue
			}
			if string(b[i:i+len(r.word)]) == string(r.word) {
				mask |= 1 << r.group
			}
		}
	}
	return mask
}
