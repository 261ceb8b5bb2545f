package har

// The reference decoder: jsonEntries reads a HAR with encoding/json's streaming Decoder
// behind a cutReader (cut_reader_test.go). It is what the scanner is held to by the
// differential tests and fuzz targets (decode_test.go); it is not linked into claudelog.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/claudelog/claudelog/model"
)

// jsonEntries is the entryDecoder on encoding/json's streaming Decoder: Token down to
// log.entries, then More/Decode per entry, so that memory is bounded by one entry.
type jsonEntries struct {
	dec  *json.Decoder
	warn func(off int64, msg string)
	// watch, when set, finds the first non-blank byte at or after an offset of the stream
	// while the decoder reads it: the cutReader does that for entries whose opening brace
	// the decoder has not buffered yet.
	watch watcher

	// A lone entry, as the scanner reads it (lone.go): its state, the members read before
	// the one that said so (and their first type error), that member's key, its offset.
	lone     int
	pend     Entry
	pendErr  error
	loneKey  string
	top      int64
	topStart int64
}

type watcher interface {
	watch(from int64)
	seen() (int64, bool)
}

func newJSONEntries(r io.Reader, w watcher, warn func(off int64, msg string)) *jsonEntries {
	return &jsonEntries{dec: json.NewDecoder(r), watch: w, warn: warn}
}

func (j *jsonEntries) offset() int64 { return j.dec.InputOffset() }

func (j *jsonEntries) open(log *Log) error {
	if j.watch != nil {
		j.watch.watch(0)
	}
	tok, err := j.dec.Token()
	if j.watch != nil {
		j.topStart, _ = j.watch.seen()
	}
	if err != nil {
		return j.notHAR("not JSON: %v", err)
	}
	if tok != json.Delim('{') {
		return j.notHAR("not a HAR: the input is a JSON %s, not an object with a log", kind(tok))
	}
	j.top = j.topStart
	for {
		key, err := j.key()
		if err == errEndObject {
			return j.notHAR("not a HAR: no log object")
		}
		if err != nil {
			return j.notHAR("not a HAR: %v", err)
		}
		if key != "log" {
			switch loneKey(string(foldKey([]byte(key)))) {
			case loneStarts:
				j.lone, log.Lone, j.loneKey = loneFirst, true, key
				return nil
			case loneMaybe:
				if err := j.member(&j.pend, key); err != nil {
					return j.notHAR("not a HAR: %v", err)
				}
				continue
			}
			tok, err := j.dec.Token()
			if err != nil {
				return j.notHAR("not a HAR: %v", err)
			}
			switch tok {
			case json.Delim('{'):
				found, err := j.findLog()
				if err != nil {
					return j.notHAR("not a HAR: %v", err)
				}
				if !found {
					continue
				}
				log.Wrapper = key
			case json.Delim('['):
				if err := j.skipFrom(1); err != nil {
					return j.notHAR("not a HAR: %v", err)
				}
				continue
			default:
				continue
			}
		}
		tok, err := j.dec.Token()
		if err != nil {
			return j.notHAR("not a HAR: %v", err)
		}
		if tok != json.Delim('{') {
			return j.notHAR("not a HAR: log is a JSON %s, not an object", kind(tok))
		}
		break
	}
	for {
		key, err := j.key()
		if err == errEndObject {
			return j.notHAR("not a HAR: log has no entries")
		}
		if err != nil {
			return j.notHAR("not a HAR: %v", err)
		}
		if key == "entries" {
			tok, err := j.dec.Token()
			if err != nil {
				return j.notHAR("log.entries: %v", err)
			}
			if tok != json.Delim('[') {
				return j.notHAR("not a HAR: log.entries is a JSON %s, not an array", kind(tok))
			}
			return nil
		}
		if err := j.logField(key, log); err != nil {
			return j.notHAR("not a HAR: %v", err)
		}
	}
}

// findLog reads the members of an object whose brace has been read up to log, reporting
// whether there is one; without one, the whole object is read.
func (j *jsonEntries) findLog() (bool, error) {
	for {
		key, err := j.key()
		if err == errEndObject {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if key == "log" {
			return true, nil
		}
		if err := j.skip(); err != nil {
			return false, err
		}
	}
}

// member decodes the member key of a lone entry into e as Decode would decode it inside
// the entry's object: a member at a time, so that type errors name the same fields.
func (j *jsonEntries) member(e *Entry, key string) error {
	var raw json.RawMessage
	if err := j.dec.Decode(&raw); err != nil {
		return err
	}
	name, _ := json.Marshal(key)
	err := json.Unmarshal([]byte("{"+string(name)+":"+string(raw)+"}"), e)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if j.pendErr == nil {
			j.pendErr = err
		}
		return nil
	}
	return err
}

// logField reads one member of the log object other than entries.
func (j *jsonEntries) logField(key string, log *Log) error {
	var err error
	switch key {
	case "creator":
		err = j.dec.Decode(&log.Creator)
	case "browser":
		err = j.dec.Decode(&log.Browser)
	case "version":
		var v Str
		err = j.dec.Decode(&v)
		log.Version = v.S
	default:
		return j.skip()
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		j.warn(j.dec.InputOffset(), "log."+key+" has a field of the wrong type: "+te.Error())
		return nil
	}
	return err
}

func (j *jsonEntries) next(e *Entry) (int64, error) {
	switch j.lone {
	case loneFirst:
		j.lone = loneRead
		*e = j.pend
		key := j.loneKey
		for {
			err := j.member(e, key)
			var k string
			if err == nil {
				k, err = j.key()
			}
			if err == errEndObject {
				break
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF // only the closing brace ends the entry
			}
			if err != nil {
				return j.top, err
			}
			key = k
		}
		e.Request.Headers, e.Request.HeadersOver = keepHeaders(e.Request.Headers, true)
		e.Response.Headers, e.Response.HeadersOver = keepHeaders(e.Response.Headers, false)
		if j.pendErr != nil {
			return j.top, &entryTypeError{j.pendErr}
		}
		return j.top, nil
	case loneRead:
		return 0, io.EOF
	}
	if !j.dec.More() {
		tok, err := j.dec.Token()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF // the array never closed: only "]" is a clean end
		}
		if err != nil {
			return j.dec.InputOffset(), err
		}
		if tok != json.Delim(']') {
			return j.dec.InputOffset(), fmt.Errorf("unexpected %v in log.entries", tok)
		}
		return 0, io.EOF
	}
	sep, sure := j.separator()
	start := j.dec.InputOffset() + sep
	if !sure && j.watch != nil {
		j.watch.watch(start)
	}
	err := j.dec.Decode(e)
	e.Request.Headers, e.Request.HeadersOver = keepHeaders(e.Request.Headers, true)
	e.Response.Headers, e.Response.HeadersOver = keepHeaders(e.Response.Headers, false)
	if !sure && j.watch != nil {
		if at, ok := j.watch.seen(); ok {
			start = at
		}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return start, &entryTypeError{err}
	}
	return start, err
}

// separator counts the comma and blanks between the decoder's position and the entry's
// opening brace, as far as the decoder has them buffered, so that an entry's offset points
// at the entry and not at the comma before it.
func (j *jsonEntries) separator() (n int64, sure bool) {
	var b [256]byte
	k, _ := j.dec.Buffered().Read(b[:])
	for i, c := range b[:k] {
		switch c {
		case ',', ' ', '\t', '\r', '\n':
			continue
		}
		return int64(i), true
	}
	return int64(k), false
}

func (j *jsonEntries) close(log *Log) error {
	if j.lone != notLone {
		return nil
	}
	// The rest of log: members after entries, then the closing brace.
	for {
		key, err := j.key()
		if err == errEndObject {
			break
		}
		if err != nil {
			return err
		}
		if key == "creator" && log.Creator.Name != "" {
			key = "" // keep the first creator
		}
		if err := j.logField(key, log); err != nil {
			return err
		}
	}
	// The rest of the wrapper object, if any, and of the top-level object.
	objects := 1
	if log.Wrapper != "" {
		objects = 2
	}
	for range objects {
		for {
			_, err := j.key()
			if err == errEndObject {
				break
			}
			if err != nil {
				return err
			}
			if err := j.skip(); err != nil {
				return err
			}
		}
	}
	return nil
}

// key reads an object key, or reports errEndObject at the closing brace.
func (j *jsonEntries) key() (string, error) {
	tok, err := j.dec.Token()
	if err != nil {
		return "", err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '}' {
			return "", errEndObject
		}
	case string:
		return t, nil
	}
	return "", fmt.Errorf("unexpected %v where an object key belongs", tok)
}

// skip reads past one value token by token, so that a large value we do not need (pages,
// vendor sections) is never held whole.
func (j *jsonEntries) skip() error { return j.skipFrom(0) }

// skipFrom is skip inside depth containers already opened.
func (j *jsonEntries) skipFrom(depth int) error {
	for {
		tok, err := j.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth <= 0 {
			return nil
		}
	}
}

func (j *jsonEntries) notHAR(format string, args ...any) error {
	return &notHAR{off: j.dec.InputOffset(), msg: fmt.Sprintf(format, args...)}
}

// kind names a JSON token's type for messages.
func kind(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return "value"
}

// readUsing is readWith on either decoder: the scanner, or encoding/json behind a cutReader
// (useJSON), which tests hold the scanner to.
func readUsing(r io.Reader, path string, sink model.Sink, limit int64, tail int, useJSON bool) error {
	if !useJSON {
		return readWith(r, path, sink, limit, tail)
	}
	rd := &reader{path: path, sink: sink}
	src := rd.unwrap(r)
	buf := make([]byte, readBufSize)
	warn := func(off int64, msg string) { rd.warn(0, rd.pos(off), msg) }
	cut := newCutReader(src, limit, tail, buf)
	rd.inputOffset, rd.consumed = cut.inputOffset, func() int64 { return cut.in }
	return rd.run(newJSONEntries(cut, cut, warn))
}
