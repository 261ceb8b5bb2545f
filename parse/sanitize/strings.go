package sanitize

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/claudelog/claudelog/parse/redact"
)

// str rewrites a string value (its opening quote already read) at pl.
func (rw *rewriter) str(pl place) error {
	k := rw.kindOf(pl)
	if k == kRemove {
		var n int64
		h := fnvOffset
		err := rw.scanString(func(dec, _ []byte) error {
			n += int64(len(dec))
			for _, c := range dec {
				h = (h ^ uint64(c)) * fnvPrime
			}
			return nil
		})
		marker := RemovedMarker(n)
		if num := rw.bodyNumber(pl, h, n); num > 0 {
			marker = removedBodyMarker(n, num)
		}
		rw.emit(appendQuoted(rw.scratch[:0], marker))
		rw.stats.BodiesRemoved++
		return err
	}
	rw.dec, rw.raw = rw.dec[:0], rw.raw[:0]
	var big streamer
	err := rw.scanString(func(dec, raw []byte) error {
		if big != nil {
			big.write(dec)
			return nil
		}
		if len(rw.dec)+len(dec) <= maxHeld {
			rw.dec = append(rw.dec, dec...)
			rw.raw = append(rw.raw, raw...)
			return nil
		}
		big = rw.streamerFor(k)
		big.write(rw.dec)
		big.write(dec)
		return nil
	})
	if big != nil {
		big.close()
		return err
	}
	s := string(rw.dec)
	out := rw.transform(k, pl, s)
	rw.note(pl, s)
	if out == s {
		rw.emitByte('"')
		rw.write(rw.raw)
		rw.write([]byte{'"'})
	} else {
		rw.stats.ValuesRedacted++
		rw.emit(appendQuoted(rw.scratch[:0], out))
	}
	return err
}

// note records what a string says about the entry, for later decisions.
func (rw *rewriter) note(pl place, s string) {
	e := &rw.entry
	switch {
	case pl.role == rRequest && pl.key == "url":
		e.noteURL(s)
	case pl.role == rResponse && pl.key == "status":
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			e.status = n
		}
	case pl.role == rContent && pl.key == "mimeType":
		e.mime = s
	case pl.role == rPostData && pl.key == "mimeType":
		e.reqMime = s
	case pl.role == rRespHeader && pl.key == "value" && rw.noteContentType:
		e.contentType = s
		rw.noteContentType = false
	}
}

// transform rewrites a string held whole.
func (rw *rewriter) transform(k kind, pl place, s string) string {
	switch k {
	case kURL:
		return redactURL(s)
	case kHash:
		return redact.Value(s)
	case kCookie:
		return cookieHeader(s, false)
	case kSetCookie:
		return cookieHeader(s, true)
	case kName:
		rw.curName, rw.nameSeen = s, true
		return textOf(s)
	case kBody:
		mime := rw.entry.mime + " " + rw.entry.contentType
		if pl.role == rPostData {
			mime = rw.entry.reqMime
		}
		return rw.body(s, mime, true)
	case kStream:
		var out []byte
		f := &sseFilter{rw: rw, out: func(b []byte) { out = append(out, b...) }}
		f.write([]byte(s))
		f.close()
		return string(out)
	case kStreamStr:
		if streamKept[pl.key] {
			return textOf(s)
		}
		return ""
	}
	return textOf(s)
}

// textOf is redact.Text; the name says what it is used for here.
func textOf(s string) string { return redact.Text(s) }

// streamKept are the member names whose strings stay in a non-error event-stream payload:
// what says how the stream went, never what it said.
var streamKept = map[string]bool{
	"type": true, "stop_reason": true, "model": true, "id": true, "role": true,
	"request_id": true, "service_tier": true, "status": true, "uuid": true,
}

// redactURL applies redact.URL only when the URL holds something to redact, because
// redact.URL re-encodes the query and a sanitized file should differ only where it must.
func redactURL(s string) string {
	if textOf(s) != s {
		return redact.URL(s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		return redact.URL(s)
	}
	for k := range u.Query() {
		if redact.SecretParam(k) {
			return redact.URL(s)
		}
	}
	return s
}

// cookieHeader hashes every cookie value of a Cookie header, or the cookie value of each
// line of a Set-Cookie header while keeping its attributes.
func cookieHeader(v string, set bool) string {
	lines := strings.Split(v, "\n")
	for li, line := range lines {
		parts := strings.Split(line, ";")
		for i, p := range parts {
			name, val, ok := strings.Cut(p, "=")
			if set && i > 0 {
				if !ok || cookieAttr(name) {
					parts[i] = textOf(p)
					continue
				}
			}
			if !ok {
				if t := strings.TrimSpace(p); t != "" {
					parts[i] = strings.Replace(p, t, redact.Value(t), 1)
				}
				continue
			}
			if t := strings.TrimSpace(val); t != "" {
				parts[i] = name + "=" + redact.Value(t)
			}
		}
		lines[li] = strings.Join(parts, ";")
	}
	return strings.Join(lines, "\n")
}

func cookieAttr(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "path", "domain", "expires", "max-age", "samesite", "priority", "secure", "httponly", "partitioned":
		return true
	}
	return false
}

// body redacts a body that is kept (an error, or a body of another site): JSON member by
// member, a form field by field, base64 looked into; anything else through redact.Text.
func (rw *rewriter) body(s, mime string, lookInto bool) string {
	t := strings.TrimSpace(s)
	if t != "" && (t[0] == '{' || t[0] == '[') {
		if out, ok := rw.json(s, place{role: rGeneric}); ok {
			return out
		}
	}
	if strings.Contains(strings.ToLower(mime), "x-www-form-urlencoded") && !strings.ContainsAny(t, " \n") {
		return form(s)
	}
	if lookInto {
		if dec, enc, ok := unbase64(t); ok {
			if red := rw.body(string(dec), mime, false); red != string(dec) {
				return enc.EncodeToString([]byte(red))
			}
			return s
		}
	}
	return textOf(s)
}

// json rewrites a JSON document held whole with the same scanner, at pl.
func (rw *rewriter) json(s string, pl place) (string, bool) {
	var buf bytes.Buffer
	n := &rewriter{path: rw.path, warn: rw.warn, out: bufio.NewWriter(&buf), entriesAt: 0,
		in: bufio.NewReader(strings.NewReader(s))}
	if _, err := n.value(pl, 0); err != nil {
		return "", false
	}
	for {
		c, err := n.peek()
		if err != nil {
			break
		}
		if !isSpace(c) {
			return "", false
		}
		n.discard(1)
		n.emitByte(c)
	}
	if n.out.Flush() != nil || n.werr != nil {
		return "", false
	}
	rw.stats.ValuesRedacted += n.stats.ValuesRedacted
	return buf.String(), true
}

// form redacts an application/x-www-form-urlencoded body field by field.
func form(s string) string {
	parts := strings.Split(s, "&")
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			parts[i] = textOf(p)
			continue
		}
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if redact.SecretParam(name) {
			parts[i] = k + "=" + url.QueryEscape(redact.Value(v))
			continue
		}
		if val, err := url.QueryUnescape(v); err == nil {
			if red := textOf(val); red != val {
				parts[i] = k + "=" + url.QueryEscape(red)
			}
		}
	}
	return strings.Join(parts, "&")
}

// unbase64 decodes s when it is plainly base64 of UTF-8 text (the content.encoding member
// usually comes after the text, so the text is looked at, not the member).
func unbase64(s string) ([]byte, *base64.Encoding, bool) {
	if len(s) < 16 {
		return nil, nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' || c == '-' || c == '_') {
			return nil, nil, false
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if dec, err := enc.DecodeString(s); err == nil {
			if utf8.Valid(dec) {
				return dec, enc, true
			}
			return nil, nil, false
		}
	}
	return nil, nil, false
}

// streamer rewrites a string too long to hold: it writes the opening quote when made,
// then output as it goes, and the closing quote on close.
type streamer interface {
	write(dec []byte)
	close()
}

func (rw *rewriter) streamerFor(k kind) streamer {
	switch k {
	case kHash, kCookie, kSetCookie:
		return &dropStreamer{rw: rw}
	case kStream:
		rw.emitByte('"')
		return &sseStreamer{rw: rw, f: sseFilter{rw: rw, out: rw.writeEscaped}}
	}
	rw.emitByte('"')
	return &textStreamer{rw: rw}
}

func (rw *rewriter) writeEscaped(b []byte) {
	rw.scratch = appendEscaped(rw.scratch[:0], b)
	rw.write(rw.scratch)
}

// dropStreamer replaces a secret value too long to hash in memory with its size.
type dropStreamer struct {
	rw *rewriter
	n  int64
}

func (d *dropStreamer) write(b []byte) { d.n += int64(len(b)) }
func (d *dropStreamer) close() {
	d.rw.stats.ValuesRedacted++
	d.rw.emit(appendQuoted(nil, "[redacted: "+strconv.FormatInt(d.n, 10)+" bytes]"))
}

// textStreamer runs redact.Text over a long string in chunks cut at line ends, else at
// a blank or delimiter, so that a secret is not split between two chunks.
type textStreamer struct {
	rw   *rewriter
	pend []byte
}

const textChunk = 64 << 10

func (t *textStreamer) write(b []byte) {
	t.pend = append(t.pend, b...)
	for len(t.pend) >= 2*textChunk {
		window := t.pend[:2*textChunk]
		cut := bytes.LastIndexByte(window, '\n') + 1
		if cut <= textChunk/2 {
			cut = bytes.LastIndexAny(window, " \t,;&<>\"'") + 1
		}
		if cut <= 0 {
			cut = textChunk
			for cut > 0 && !utf8.RuneStart(t.pend[cut]) {
				cut--
			}
		}
		t.flush(t.pend[:cut])
		t.pend = append(t.pend[:0], t.pend[cut:]...)
	}
}

func (t *textStreamer) flush(b []byte) {
	s := string(b)
	if red := textOf(s); red != s {
		t.rw.stats.ValuesRedacted++
		t.rw.writeEscaped([]byte(red))
		return
	}
	t.rw.writeEscaped(b)
}

func (t *textStreamer) close() {
	t.flush(t.pend)
	t.pend = nil
	t.rw.write([]byte{'"'})
}

type sseStreamer struct {
	rw *rewriter
	f  sseFilter
}

func (s *sseStreamer) write(b []byte) { s.f.write(b) }
func (s *sseStreamer) close() {
	s.f.close()
	s.rw.write([]byte{'"'})
}

// FNV-1a's 64-bit parameters, for telling request bodies apart while they are removed.
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

// maxBodyNumbers bounds the distinct request bodies numbered in one file; later ones get
// the plain marker.
const maxBodyNumbers = 1 << 16

// bodyNumber numbers a removed request body by its FNV-1a hash and size: the same body
// gets the same number throughout the file. 0 for a response body, or past the bound.
func (rw *rewriter) bodyNumber(pl place, h uint64, n int64) int {
	if pl.role != rPostData {
		return 0
	}
	key := [2]uint64{h, uint64(n)}
	if k, ok := rw.bodies[key]; ok {
		return k
	}
	if len(rw.bodies) >= maxBodyNumbers {
		return 0
	}
	if rw.bodies == nil {
		rw.bodies = map[[2]uint64]int{}
	}
	rw.bodies[key] = len(rw.bodies) + 1
	return len(rw.bodies)
}
