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
	// strided is a bit set of the hashes of bytes 0–2 and 1–3 of every keyword of four
	// bytes or more: 8 KiB that stay in the L1 cache. Two bytes ("st", "er", " l") start
	// keywords and half the words of a log; three rarely do, so any verifies far fewer
	// places than scan. And any hashes only every other offset: a keyword starts either
	// at such an offset (its bytes 0–2 are there) or one before it (its bytes 1–3 are).
	// A keyword of three bytes at an odd offset has no three bytes of its own at an
	// even one: the set holds its bytes 0–1 after each of the 256 bytes instead, found
	// one offset before it ("?SS" for "SSL"), so the keyword is verified one offset on.
	strided [1 << 10]uint64
	threes  bool // a keyword of three bytes: verify one offset on, too
	pair    bool // a keyword of two bytes: any falls back to scan
	refs    [][]keywordRef
	short   uint64 // groups with a one-byte keyword: always reported
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
			if len(k) == 2 {
				pf.pair = true
			} else {
				pf.add(tripleHash(k[0], k[1], k[2]))
				if len(k) == 3 {
					pf.threes = true
					for c := range 256 {
						pf.add(tripleHash(byte(c), k[0], k[1]))
					}
				} else {
					pf.add(tripleHash(k[1], k[2], k[3]))
				}
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

// add puts a hash in the strided set.
func (pf *prefilter) add(h uint32) { pf.strided[h>>6] |= 1 << (h & 63) }

// scan returns a bit mask of the groups (by index) with a keyword in b. It probes every
// other offset, as any does, but goes on to find every group.
func (pf *prefilter) scan(b []byte) uint64 {
	if pf.pair {
		return pf.scanBytes(b)
	}
	mask := pf.short
	i := 0
	for ; i+8 <= len(b); i += 6 {
		w := binary.LittleEndian.Uint64(b[i:])
		if pf.hashed(uint32(w) & 0xffffff) {
			mask |= pf.groupsNear(b, i, mask)
		}
		if pf.hashed(uint32(w>>16) & 0xffffff) {
			mask |= pf.groupsNear(b, i+2, mask)
		}
		if pf.hashed(uint32(w>>32) & 0xffffff) {
			mask |= pf.groupsNear(b, i+4, mask)
		}
	}
	for ; i+2 < len(b); i += 2 {
		if pf.hashed(uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16) {
			mask |= pf.groupsNear(b, i, mask)
		}
	}
	return mask
}

// groupsNear returns the groups, besides those of found, of the keywords that start at
// b[i] or b[i-1], or at b[i+1] when there are keywords of three bytes (i+2 < len(b)).
func (pf *prefilter) groupsNear(b []byte, i int, found uint64) uint64 {
	m := pf.groupsAt(b, i, found)
	if i > 0 {
		m |= pf.groupsAt(b, i-1, found|m)
	}
	if pf.threes {
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

// any reports whether b holds a keyword of any group: scan != 0, without finding which.
func (pf *prefilter) any(b []byte) bool {
	if pf.short != 0 {
		return true
	}
	if pf.pair {
		return pf.scan(b) != 0
	}
	// Three offsets per eight-byte load: one load and no bounds checks per offset instead
	// of three byte loads, each checked. The hash is tripleHash of the same three bytes.
	i := 0
	for ; i+8 <= len(b); i += 6 {
		w := binary.LittleEndian.Uint64(b[i:])
		if pf.hashed(uint32(w)&0xffffff) && pf.near(b, i) ||
			pf.hashed(uint32(w>>16)&0xffffff) && pf.near(b, i+2) ||
			pf.hashed(uint32(w>>32)&0xffffff) && pf.near(b, i+4) {
			return true
		}
	}
	for ; i+2 < len(b); i += 2 {
		if pf.hashed(uint32(b[i])|uint32(b[i+1])<<8|uint32(b[i+2])<<16) && pf.near(b, i) {
			return true
		}
	}
	return false
}

// hashed reports whether the hash of three bytes (the first in the low byte of t) is in
// the strided set.
func (pf *prefilter) hashed(t uint32) bool {
	h := t * 0x9E3779B1 >> 16
	return pf.strided[h>>6]&(1<<(h&63)) != 0
}

// near reports whether a keyword starts at b[i] or at b[i-1], or at b[i+1] when there are
// keywords of three bytes (i+2 < len(b)).
func (pf *prefilter) near(b []byte, i int) bool {
	return pf.startsAt(b, i) || (i > 0 && pf.startsAt(b, i-1)) || (pf.threes && pf.startsAt(b, i+1))
}

// startsAt reports whether a keyword starts at b[i].
func (pf *prefilter) startsAt(b []byte, i int) bool {
	s := pf.slot[uint16(b[i])<<8|uint16(b[i+1])]
	if s == 0 {
		return false
	}
	for _, r := range pf.refs[s-1] {
		if bytes.HasPrefix(b[i:], r.word) {
			return true
		}
	}
	return false
}

// tripleHash hashes three bytes to 16 bits (Fibonacci hashing).
func tripleHash(a, b, c byte) uint32 {
	return (uint32(a) | uint32(b)<<8 | uint32(c)<<16) * 0x9E3779B1 >> 16
}
