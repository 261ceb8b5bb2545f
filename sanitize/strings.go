package sanitize

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"net/url"
	"regexp"
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
	if out == s && utf8.ValidString(s) && utf8.Valid(rw.raw) {
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
		out := redactURL(s)
		if out != s {
			rw.rememberURL(s)
		}
		return out
	case kHash:
		rw.remember(s)
		return redact.Value(s)
	case kHashBlind:
		// Remembered only if the name that follows says it is secret: the second pass
		// hashes copies of secrets, and Vary: Accept-Encoding would be hashed everywhere.
		rw.blind = s
		return redact.Value(s)
	case kCookie:
		return cookieHeader(s, false, rw.remember)
	case kSetCookie:
		return cookieHeader(s, true, rw.remember)
	case kName:
		rw.curName, rw.nameSeen = s, true
		if rw.blind != "" {
			if k := rw.valueKind(pl.role); k == kHash || k == kCookie || k == kSetCookie {
				rw.remember(rw.blind)
			}
			rw.blind = ""
		}
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

// textOf is redact.Text, and e-mail addresses hashed: a HAR holds them in bodies and
// forms of every kind (Sentry envelopes, Intercom), and they are nobody's business.
func textOf(s string) string {
	s = redact.Text(s)
	if strings.IndexByte(s, '@') >= 0 {
		s = email.ReplaceAllStringFunc(s, redact.Value)
	}
	return s
}

var email = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b`)

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
	if d := redact.Unescaped(s); d != s && textOf(d) != d {
		return redact.URL(s) // a secret percent-encoded into the path, query or fragment
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

// rememberURL remembers the secret parts of a URL that redact.URL hashes: the password of
// its user info and the values of its secret query parameters.
func (rw *rewriter) rememberURL(s string) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return
	}
	if p, ok := u.User.Password(); ok {
		rw.remember(p)
	}
	for k, vs := range u.Query() {
		if redact.SecretParam(k) {
			for _, v := range vs {
				rw.remember(v)
			}
		}
	}
}

// cookieHeader hashes every cookie value of a Cookie header, or the cookie value of each
// line of a Set-Cookie header while keeping its attributes.
func cookieHeader(v string, set bool, remember func(string)) string {
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
					remember(t)
					parts[i] = strings.Replace(p, t, redact.Value(t), 1)
				}
				continue
			}
			if t := strings.TrimSpace(val); t != "" {
				remember(t)
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
	if strings.Contains(t, "\n") && t != "" && t[0] == '{' {
		// Newline-delimited JSON (a Sentry envelope, a JSON log): line by line.
		if out, ok := rw.jsonLines(s); ok {
			return out
		}
	}
	if strings.Contains(strings.ToLower(mime), "x-www-form-urlencoded") && !strings.ContainsAny(t, " \n") {
		return rw.form(s)
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
	if rw.secrets == nil {
		rw.secrets = &secretSet{vals: map[string]bool{}}
	}
	n := &rewriter{path: rw.path, warn: rw.warn, out: bufio.NewWriter(&buf), entriesAt: 0,
		in: bufio.NewReader(strings.NewReader(s)), secrets: rw.secrets}
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

// jsonLines rewrites newline-delimited JSON; ok is false unless every line that is not
// blank is a JSON document.
func (rw *rewriter) jsonLines(s string) (string, bool) {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		body := strings.TrimRight(l, "\r\n")
		if strings.TrimSpace(body) == "" {
			continue
		}
		out, ok := rw.json(body, place{role: rGeneric})
		if !ok {
			return "", false
		}
		lines[i] = out + l[len(body):]
	}
	return strings.Join(lines, ""), true
}

// formName is the innermost name of a form field: "email" of user[email].
func formName(k string) string {
	if i := strings.LastIndexByte(k, '['); i >= 0 && strings.HasSuffix(k, "]") {
		return k[i+1 : len(k)-1]
	}
	return k
}

// form redacts an application/x-www-form-urlencoded body field by field; a value that is
// JSON (Intercom's user_data) is rewritten as JSON.
func (rw *rewriter) form(s string) string {
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
		if redact.SecretParam(name) || redact.SecretParam(formName(name)) {
			if val, err := url.QueryUnescape(v); err == nil {
				rw.remember(val)
			}
			parts[i] = k + "=" + url.QueryEscape(redact.Value(v))
			continue
		}
		if val, err := url.QueryUnescape(v); err == nil {
			if t := strings.TrimSpace(val); t != "" && (t[0] == '{' || t[0] == '[') {
				if out, ok := rw.json(val, place{role: rGeneric}); ok {
					if out != val {
						parts[i] = k + "=" + url.QueryEscape(out)
					}
					continue
				}
			}
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
	if k == kBody {
		if t := bytes.TrimLeft(rw.dec, " \t\r\n"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
			return rw.jsonStreamer()
		}
	}
	switch k {
	case kHash, kHashBlind, kCookie, kSetCookie:
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

// jsonStreamer rewrites a JSON body too long to hold (over maxHeld) as JSON, member by
// member, instead of as free text: a nested rewriter reads the decoded string through a
// pipe and writes its output escaped into this string. Only one side runs at a time: the
// outer one waits in the pipe while the inner one writes.
func (rw *rewriter) jsonStreamer() streamer {
	rw.emitByte('"')
	pr, pw := io.Pipe()
	n := &rewriter{path: rw.path, warn: rw.warn, entriesAt: 0, in: bufio.NewReaderSize(pr, 64<<10), secrets: rw.secrets}
	n.out = bufio.NewWriterSize(escWriter{rw}, 64<<10)
	done := make(chan error, 1)
	go func() {
		_, err := n.value(place{role: rGeneric}, 0)
		// Blanks after the document are kept; anything else is dropped.
		for {
			c, perr := n.peek()
			if perr != nil || !isSpace(c) {
				break
			}
			n.discard(1)
			n.emitByte(c)
		}
		_, _ = io.Copy(io.Discard, n.in)
		if ferr := n.out.Flush(); err == nil {
			err = ferr
		}
		done <- err
	}()
	return &jsonStream{rw: rw, pw: pw, done: done, n: n}
}

type jsonStream struct {
	rw   *rewriter
	pw   *io.PipeWriter
	done chan error
	n    *rewriter
}

func (j *jsonStream) write(b []byte) { _, _ = j.pw.Write(b) }
func (j *jsonStream) close() {
	j.pw.Close()
	if err := <-j.done; err != nil {
		j.rw.warnAt(j.rw.pos(), "a JSON body over 1 MiB broke off or is not valid JSON; what followed the break was left out")
	}
	j.rw.stats.ValuesRedacted += j.n.stats.ValuesRedacted
	j.rw.write([]byte{'"'})
}

// escWriter writes JSON text escaped, as the content of a string of the outer document.
type escWriter struct{ rw *rewriter }

func (e escWriter) Write(p []byte) (int, error) {
	e.rw.writeEscaped(p)
	return len(p), nil
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
