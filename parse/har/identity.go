package har

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// Call identity: a digest of each request body, and of the idempotency key when the client
// sent one, so that the pattern detectors can tell a call's retries (the same body sent
// again) from new calls that merely have the same size, without keeping the prompt.
// See docs/call-identity.md.

// FNV-1a's 64-bit parameters.
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

// digest hashes b with FNV-1a's step applied to 8-byte little-endian words, then to the
// bytes left over: eight times faster than byte-wise FNV-1a on a large body and the same
// on every platform and run. It is an identity, not a defence: nobody is served by forging
// a collision between two prompts of one's own log. Each step is a bijection of the state,
// so two bodies of one length that differ in a single word never collide. It never
// returns 0, which means "not known".
func digest(h uint64, b []byte) uint64 {
	for len(b) >= 8 {
		h ^= binary.LittleEndian.Uint64(b)
		h *= fnvPrime
		b = b[8:]
	}
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// bodyDigest is the digest of a request body's text as the file writes it (JSON escapes
// not decoded: one exporter writes one body the same way every time). A text the reader's
// string limit cut is hashed by its head and its length as written, which both decoders
// see alike; the dropped middle cannot be read, and two multi-megabyte bodies with the same
// first megabyte and the same length are the same upload. Empty text has no digest.
func bodyDigest(text []byte, cutLen int64) uint64 {
	if len(text) == 0 && cutLen <= 0 || plainRemovedMarker(text) {
		return 0
	}
	h := digest(fnvOffset, text)
	if cutLen > 0 {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(cutLen))
		h = digest(h^0xff, n[:])
	}
	return nonZero(h)
}

// keyDigest is the digest of an idempotency key. The official SDKs send none (the Python,
// TypeScript and Go clients leave Stainless's idempotency header unset), but gateways and
// hand-written clients send Idempotency-Key, the IETF draft's name; every attempt of one
// call carries the same key, and a new call a new one. The key is an opaque id, maybe a
// secret one, so only its digest is kept.
func keyDigest(value string) uint64 {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	return nonZero(digest(fnvOffset^0x6b6579, []byte(value)))
}

func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// plainRemovedMarker reports whether a body is the marker an older claudelog sanitize left
// in place of a request body, "[claudelog: conversation body removed, N bytes]": every
// body of one size became the same text, so the text no longer tells calls apart and the
// size must do. The marker sanitize writes now adds "body #K", which does tell them apart
// (see sanitize.RemovedMarker; the text is matched here rather than imported: sanitize
// writes HARs, and the reader does not depend on the writer).
func plainRemovedMarker(text []byte) bool {
	rest, ok := bytes.CutPrefix(text, []byte("[claudelog: conversation body removed, "))
	if !ok {
		return false
	}
	num, ok := bytes.CutSuffix(rest, []byte(" bytes]"))
	if !ok || len(num) == 0 {
		return false
	}
	for _, c := range num {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
