package har

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/martian/v3/har"
)

// scanEntries is the entryDecoder claudelog reads with: a HAR-specific scanner over its own
// read buffer. It decodes only the fields the converter reads and skips the rest (cookies,
// query strings, pages, initiators, request bodies, which it only measures) without
// allocating, finding the end of a skipped string with bytes.IndexByte. Long strings are cut
// here as cutReader cuts them, so no cutReader sits in front, and the offsets it reports are
// offsets in its input.
//
// It gives the same entries, type errors included, as encoding/json does with the same
// types behind a cutReader (jsonEntries; decode_test.go holds both to that). It is more
// lenient on broken JSON in values it skips: a raw control character or a bad escape in a
// skipped string is not an error, and syntax errors are worded like encoding/json's but may
// be found at a different byte.
type scanEntries struct {
	src   io.Reader
	buf   []byte
	r, w  int
	base  int64 // input offset of buf[0]
	err   error // from src, once buf is drained
	limit int64 // string bytes (as written) kept before a cut
	tailN int   // string bytes kept from the end of a cut string
	warn  func(off int64, msg string)

	typeErr error // the first type error in the value being decoded
	raw     []byte
	tail    tailKeeper
	dec     []byte // decoded string scratch
	key     []byte // the current object key, folded
	stack   []byte // open containers while skipping
	tailBuf []byte // the kept tail of the last cut string, as written
	lastNum []byte // the last number literal read
	pd      PostData
	names   map[string]string // interned short header values
	hnames  map[string]headerName
	hname   []byte // the header being read: its name and value, decoded
	hval    []byte
	started bool // an entry has been read

	// A lone entry (Log.Lone): its members read before one that says it is an entry, and
	// the first type error among them; the key it stopped at; where it starts.
	lone    int
	pend    loneHead
	pendErr error
	loneKey []byte
	fkey    []byte
	top     int64
	inLog   bool // open reached the inside of a log object
}

type harCreator = har.Creator

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

func newScanEntries(src io.Reader, limit int64, tailN int, buf []byte, warn func(int64, string)) *scanEntries {
	return &scanEntries{src: src, buf: buf, limit: limit, tailN: tailN, warn: warn, names: map[string]string{}, hnames: map[string]headerName{}}
}

// ---------------------------------------------------------------------------------------
// Buffer

func (s *scanEntries) offset() int64 { return s.base + int64(s.r) }

// consumed is the number of input bytes read from src.
func (s *scanEntries) consumed() int64 { return s.base + int64(s.w) }

// more reads more input, keeping buf[r:w]. It reports false at the end of the input.
func (s *scanEntries) more() bool {
	if s.err != nil {
		return false
	}
	if s.r > 0 {
		n := copy(s.buf, s.buf[s.r:s.w])
		s.base += int64(s.r)
		s.r, s.w = 0, n
	}
	if s.w == len(s.buf) {
		// Only ensure asks for more than the buffer holds, and only a few bytes.
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for empty := 0; ; empty++ {
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err != nil {
			s.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
		if empty > 100 {
			s.err = io.ErrNoProgress
			return false
		}
	}
}

// ensure makes n bytes available at buf[r:], if the input has them.
func (s *scanEntries) ensure(n int) bool {
	for s.w-s.r < n {
		if !s.more() {
			return false
		}
	}
	return true
}

// eof is the error for an input that ends inside a value.
func (s *scanEntries) eof() error {
	if s.err != nil && s.err != io.EOF {
		return s.err
	}
	return io.ErrUnexpectedEOF
}

// peek skips blanks and returns the next byte without consuming it.
func (s *scanEntries) peek() (byte, error) {
	for {
		for s.r < s.w {
			switch c := s.buf[s.r]; c {
			case ' ', '\t', '\r', '\n':
				s.r++
			default:
				return c, nil
			}
		}
		if !s.more() {
			if s.err == io.EOF {
				return 0, io.EOF
			}
			return 0, s.err
		}
	}
}

// peekIn is peek inside a value, where the end of the input is an error.
func (s *scanEntries) peekIn() (byte, error) {
	c, err := s.peek()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return c, err
}

// syntaxError words an unexpected byte as encoding/json does.
type syntaxError struct {
	msg string
	off int64
}

func (e *syntaxError) Error() string { return e.msg }

func (s *scanEntries) unexpected(c byte, context string) error {
	return &syntaxError{msg: "invalid character " + quoteChar(c) + " " + context, off: s.offset()}
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// ---------------------------------------------------------------------------------------
// entryDecoder

func (s *scanEntries) notHAR(format string, args ...any) error {
	return &notHAR{off: s.offset(), msg: fmt.Sprintf(format, args...)}
}

// kindAt names the JSON type of a value starting with c, for messages.
func kindAt(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

func (s *scanEntries) open(log *Log) error {
	c, err := s.peek()
	if err != nil {
		return s.notHAR("not JSON: %v", eofText(err))
	}
	if !isValueStart(c) {
		return s.notHAR("not JSON: %v", s.unexpected(c, "looking for beginning of value"))
	}
	if c != '{' {
		s.token(c)
		return s.notHAR("not a HAR: the input is a JSON %s, not an object with a log", kindAt(c))
	}
	s.top = s.offset()
	s.r++
	for first := true; ; first = false {
		key, err := s.member(first)
		if err == errEndObject {
			return s.notHAR("not a HAR: no log object")
		}
		if err != nil {
			return s.notHAR("not a HAR: %v", eofText(err))
		}
		if string(key) == "log" {
			if err := s.opens('{', "not a HAR", "log", "object"); err != nil {
				return err
			}
			s.inLog = true
			break
		}
		fk := foldKey(append(s.fkey[:0], key...))
		s.fkey = fk
		switch loneKey(string(fk)) {
		case loneStarts:
			s.lone, log.Lone = loneFirst, true
			s.loneKey = append(s.loneKey[:0], fk...)
			return nil
		case loneMaybe:
			// An entry's member before its request: kept in case the object is one.
			if err := s.loneField(&s.pend, fk); err != nil {
				return s.notHAR("not a HAR: %v", eofText(err))
			}
			if s.pendErr == nil {
				s.pendErr = s.typeErr
			}
			s.typeErr = nil
			continue
		}
		wrapper := string(key)
		if c, err := s.peekIn(); err == nil && c == '{' {
			found, err := s.findLog()
			if err != nil {
				return s.notHAR("not a HAR: %v", eofText(err))
			}
			if found {
				log.Wrapper = wrapper
				if err := s.opens('{', "not a HAR", "log", "object"); err != nil {
					return err
				}
				s.inLog = true
				break
			}
			continue
		}
		if err := s.skip(); err != nil {
			return s.notHAR("not a HAR: %v", eofText(err))
		}
	}
	for first := true; ; first = false {
		key, err := s.member(first)
		if err == errEndObject {
			return s.notHAR("not a HAR: log has no entries")
		}
		if err != nil {
			return s.notHAR("not a HAR: %v", eofText(err))
		}
		if string(key) == "entries" {
			return s.opens('[', "log.entries", "log.entries", "array")
		}
		if err := s.logField(key, log); err != nil {
			return s.notHAR("not a HAR: %v", eofText(err))
		}
	}
}

// findLog steps into the object at the cursor, a member of the top-level object, and reads
// up to its member log, reporting whether there is one: a HAR nested one level down under
// a wrapper key. Without one, the whole object is read.
func (s *scanEntries) findLog() (bool, error) {
	s.r++
	for first := true; ; first = false {
		key, err := s.member(first)
		if err == errEndObject {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if string(key) == "log" {
			return true, nil
		}
		if err := s.skip(); err != nil {
			return false, err
		}
	}
}

// lone states: the input is not one entry, is one whose rest is still to read, or was one.
const (
	notLone = iota
	loneFirst
	loneRead
)

// token reads past the token starting with c, so that an error about it names the byte
// after it, as encoding/json's Token does.
func (s *scanEntries) token(c byte) {
	if c == '{' || c == '[' {
		s.r++
		return
	}
	_ = s.skip()
}

// eofText words the end of the input as encoding/json does.
func eofText(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.New("unexpected EOF")
	}
	return err
}

func isValueStart(c byte) bool {
	switch c {
	case '{', '[', '"', 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return true
	}
	return false
}

// logField reads one member of the log object other than entries; key is as written.
func (s *scanEntries) logField(k []byte, log *Log) error {
	s.typeErr = nil
	key := string(k) // s.key is reused by the members inside
	var err error
	switch key {
	case "creator":
		err = s.creator(&log.Creator.Name, &log.Creator.Version)
	case "browser":
		var c byte
		if c, err = s.peekIn(); err == nil && c == 'n' {
			log.Browser = nil
			err = s.literal()
			break
		}
		if log.Browser == nil {
			log.Browser = new(harCreator)
		}
		err = s.creator(&log.Browser.Name, &log.Browser.Version)
	case "version":
		var v Str
		err = s.str(&v)
		log.Version = v.S
	default:
		return s.skip()
	}
	if err == nil && s.typeErr != nil {
		s.warn(s.offset(), "log."+key+" has a field of the wrong type: "+s.typeErr.Error())
	}
	return err
}

func (s *scanEntries) creator(name, version *string) error {
	return s.object("", "", "har.Creator", func(key []byte) error {
		switch string(key) {
		case "name":
			return s.goString(name, "Creator", "name")
		case "version":
			return s.goString(version, "Creator", "version")
		}
		return s.skip()
	})
}

func (s *scanEntries) next(e *Entry) (int64, error) {
	switch s.lone {
	case loneFirst:
		s.lone = loneRead
		s.typeErr = s.pendErr
		s.pend.into(e)
		s.stack = append(s.stack, '{')
		err := s.rest(s.loneKey, func(key []byte) error { return s.entryField(e, key) })
		s.stack = s.stack[:len(s.stack)-1]
		if err != nil {
			return s.top, err
		}
		if s.typeErr != nil {
			return s.top, &entryTypeError{s.typeErr}
		}
		return s.top, nil
	case loneRead:
		return 0, io.EOF
	}
	c, err := s.peek()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF // the array never closed: only "]" is a clean end
		}
		return s.offset(), err
	}
	if c == ']' {
		s.r++
		return 0, io.EOF
	}
	if s.started {
		if c != ',' {
			return s.offset(), &syntaxError{msg: "expected comma after array element", off: s.offset()}
		}
		s.r++
		if _, err = s.peekIn(); err != nil {
			return s.offset(), err
		}
	}
	s.started = true
	start := s.offset()
	s.typeErr = nil
	if err := s.entry(e); err != nil {
		return start, err
	}
	if s.typeErr != nil {
		return start, &entryTypeError{s.typeErr}
	}
	return start, nil
}

func (s *scanEntries) close(log *Log) error {
	if s.lone != notLone {
		return nil // the entry was the whole object
	}
	// The rest of log: members after entries, then the closing brace.
	for {
		key, err := s.memberAfter(true)
		if err == errEndObject {
			break
		}
		if err != nil {
			return err
		}
		if string(key) == "creator" && log.Creator.Name != "" {
			key = nil // keep the first creator
		}
		if err := s.logField(key, log); err != nil {
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
			_, err := s.memberAfter(false)
			if err == errEndObject {
				break
			}
			if err != nil {
				return err
			}
			if err := s.skip(); err != nil {
				return err
			}
		}
	}
	return nil
}

// ---------------------------------------------------------------------------------------
// Objects

// memberKey reads the first key of an object whose opening brace has been read, and the colon after it; errEndObject at the closing brace. exact keeps the key
// as written instead of folding it.
func (s *scanEntries) memberKey(exact bool) ([]byte, error) {
	c, err := s.peekIn()
	if err != nil {
		return nil, err
	}
	switch c {
	case '}':
		s.r++
		return nil, errEndObject
	}
	if c != '"' {
		return nil, s.unexpected(c, "looking for beginning of object key string")
	}
	return s.keyAndColon(exact)
}

// member is memberKey for the first member, memberAfter for the others, keys as written.
func (s *scanEntries) member(first bool) ([]byte, error) {
	if first {
		return s.memberKey(true)
	}
	return s.memberAfter(true)
}

// memberAfter is memberKey after a member, where a comma or the closing brace must follow.
func (s *scanEntries) memberAfter(exact bool) ([]byte, error) {
	c, err := s.peekIn()
	if err != nil {
		return nil, err
	}
	switch c {
	case '}':
		s.r++
		return nil, errEndObject
	case ',':
		s.r++
		if c, err = s.peekIn(); err != nil {
			return nil, err
		}
		if c != '"' {
			return nil, s.unexpected(c, "looking for beginning of object key string")
		}
		return s.keyAndColon(exact)
	}
	return nil, s.unexpected(c, "after object key:value pair")
}

// maxKey is the longest key kept; longer keys match no field.
const maxKey = 64

func (s *scanEntries) keyAndColon(exact bool) ([]byte, error) {
	d, n, err := s.readString(s.key[:0], maxKey, false)
	if err != nil {
		return nil, err
	}
	s.key = d
	if n > maxKey {
		s.key = append(s.key[:0], 0) // no field is named so
	}
	if !exact {
		s.key = foldKey(s.key)
	}
	c, err := s.peekIn()
	if err != nil {
		return nil, err
	}
	if c != ':' {
		return nil, s.unexpected(c, "after object key")
	}
	s.r++
	return s.key, nil
}

// foldKey lower-cases a key the way encoding/json matches keys to fields: ASCII letters,
// and the few non-ASCII letters whose case folding reaches one (the Kelvin sign, long s).
func foldKey(k []byte) []byte {
	ascii := true
	for i, c := range k {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			k[i] = c + 'a' - 'A'
		}
	}
	if ascii {
		return k
	}
	var out []byte
	for _, r := range string(k) {
		f := unicode.SimpleFold(r)
		for f != r && f >= utf8.RuneSelf {
			f = unicode.SimpleFold(f)
		}
		if f < utf8.RuneSelf {
			r = unicode.ToLower(f)
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// object reads an object, calling member for each key (folded) with the value next. A
// value that is not an object is a type error naming the field (path) in the struct
// (parent) of the given type; null leaves everything as it was.
func (s *scanEntries) object(parent, path, typ string, member func(key []byte) error) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c != '{' {
		return s.mismatch(c, parent, path, typ)
	}
	s.r++
	if len(s.stack) >= maxDepth {
		return errors.New("exceeded max depth")
	}
	s.stack = append(s.stack, '{')
	defer func() { s.stack = s.stack[:len(s.stack)-1] }()
	key, err := s.memberKey(false)
	if err == errEndObject {
		return nil
	}
	if err != nil {
		return err
	}
	return s.rest(key, member)
}

// mismatch handles a value of the wrong JSON type at the cursor: null is no value, anything
// else is recorded as a type error and skipped.
func (s *scanEntries) mismatch(c byte, parent, path, typ string) error {
	if c == 'n' {
		return s.literal()
	}
	if !isValueStart(c) {
		return s.unexpected(c, "looking for beginning of value")
	}
	if s.typeErr == nil {
		if parent == "" {
			s.typeErr = fmt.Errorf("json: cannot unmarshal %s into Go value of type %s", kindAt(c), typ)
		} else {
			s.typeErr = fmt.Errorf("json: cannot unmarshal %s into Go struct field %s.%s of type %s", kindAt(c), parent, path, typ)
		}
	}
	return s.skip()
}

// ---------------------------------------------------------------------------------------
// The HAR structure

func (s *scanEntries) entry(e *Entry) error {
	return s.object("", "", "har.Entry", func(key []byte) error { return s.entryField(e, key) })
}

// rest reads the members of an object from the one whose key (folded) has just been read,
// calling member for each, as object does.
func (s *scanEntries) rest(key []byte, member func(key []byte) error) error {
	var err error
	for err == nil {
		if err = member(key); err != nil {
			return err
		}
		key, err = s.memberAfter(false)
	}
	if err == errEndObject {
		return nil
	}
	return err
}

// loneField reads one of the members loneHead holds.
func (s *scanEntries) loneField(h *loneHead, key []byte) error {
	var e Entry
	h.into(&e)
	err := s.entryField(&e, key)
	h.from(&e)
	return err
}

// entryField reads the member key (folded) of an entry.
func (s *scanEntries) entryField(e *Entry, key []byte) error {
	{
		switch string(key) {
		case "starteddatetime":
			return s.time(&e.StartedDateTime)
		case "time":
			return s.num(&e.Time)
		case "request":
			return s.request(&e.Request)
		case "response":
			return s.response(&e.Response)
		case "timings":
			t := &e.Timings
			return s.object("Entry", "timings", "har.Timings", func(key []byte) error {
				switch string(key) {
				case "blocked":
					return s.num(&t.Blocked)
				case "dns":
					return s.num(&t.DNS)
				case "connect":
					return s.num(&t.Connect)
				case "send":
					return s.num(&t.Send)
				case "wait":
					return s.num(&t.Wait)
				case "receive":
					return s.num(&t.Receive)
				case "ssl":
					return s.num(&t.SSL)
				}
				return s.skip()
			})
		case "serveripaddress":
			return s.str(&e.ServerIPAddress)
		case "_resourcetype":
			return s.str(&e.ResourceType)
		}
		// pageref, connection, cache and vendor sections: Str fields and unknown members
		// take any value.
		return s.skip()
	}
}

func (s *scanEntries) request(q *Request) error {
	return s.object("Entry", "request", "har.Request", func(key []byte) error {
		switch string(key) {
		case "method":
			return s.str(&q.Method)
		case "url":
			return s.goString(&q.URL, "Request", "request.url")
		case "headers":
			return s.headers(&q.Headers, &q.HeadersOver, "Request", "request.headers", true)
		case "querystring":
			return s.pairs("Request", "request.queryString", "har.QueryString", "QueryString")
		case "postdata":
			return s.postData(q)
		case "headerssize":
			return s.num(&q.HeadersSize)
		case "bodysize":
			return s.num(&q.BodySize)
		}
		return s.skip() // httpVersion, cookies (raw), unknown members
	})
}

func (s *scanEntries) postData(q *Request) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c == 'n' {
		q.PostData = nil
		return s.literal()
	}
	if c != '{' {
		return s.mismatch(c, "Request", "request.postData", "har.PostData")
	}
	if q.PostData == nil {
		s.pd = PostData{}
		q.PostData = &s.pd
	}
	pd := q.PostData
	return s.object("Request", "request.postData", "har.PostData", func(key []byte) error {
		switch string(key) {
		case "params":
			return s.pairs("PostData", "request.postData.params", "har.Param", "Param")
		case "text":
			return s.measure(&pd.Text)
		}
		return s.skip() // mimeType, unknown members
	})
}

func (s *scanEntries) response(p *Response) error {
	return s.object("Entry", "response", "har.Response", func(key []byte) error {
		switch string(key) {
		case "status":
			return s.num(&p.Status)
		case "headers":
			return s.headers(&p.Headers, &p.HeadersOver, "Response", "response.headers", false)
		case "content":
			ct := &p.Content
			return s.object("Response", "response.content", "har.Content", func(key []byte) error {
				switch string(key) {
				case "size":
					return s.num(&ct.Size)
				case "mimetype":
					return s.str(&ct.MimeType)
				case "text":
					return s.text(&ct.Text)
				case "encoding":
					return s.str(&ct.Encoding)
				}
				return s.skip() // compression, comment, unknown members
			})
		case "headerssize":
			return s.num(&p.HeadersSize)
		case "bodysize":
			return s.num(&p.BodySize)
		case "_transfersize":
			return s.num(&p.TransferSize)
		case "_error":
			return s.errorField(&p.Error)
		case "_failuretext":
			return s.str(&p.FailureText)
		}
		return s.skip() // statusText, httpVersion, cookies, redirectURL, unknown members
	})
}

// headerPaths are the type-error paths of a header's fields, built once: a bomb of millions
// of headers must not build a string per header.
var headerPaths = map[bool][2]string{
	true:  {"request.headers.name", "request.headers.value"},
	false: {"response.headers.name", "response.headers.value"},
}

// headers reads a header list into hs as encoding/json would and then keepHeaders: only the
// headers convert reads (readHeader), at most maxHeaders, are kept; over reports that more
// were there. Every header is still checked for the type errors encoding/json reports, but
// the others never become strings: their name and value are decoded into scratch memory
// and dropped, so a list of any length costs no allocation and no memory.
func (s *scanEntries) headers(hs *[]harHeader, over *bool, parent, path string, req bool) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c == 'n' {
		*hs = nil
		return s.literal()
	}
	if c != '[' {
		return s.mismatch(c, parent, path, "[]har.Header")
	}
	s.r++
	paths := headerPaths[req]
	list := (*hs)[:0]
	err = s.elements(func() error {
		// A header object's members may come in any order and repeat (the last wins), so
		// its name and value are decoded into scratch and judged at its end.
		s.hname, s.hval = s.hname[:0], s.hval[:0]
		err := s.object(parent, path, "har.Header", func(key []byte) error {
			switch string(key) {
			case "name":
				return s.scratchString(&s.hname, "Header", paths[0])
			case "value":
				return s.scratchString(&s.hval, "Header", paths[1])
			}
			return s.skip()
		})
		if err != nil {
			return err
		}
		name, ok, fresh := s.headerName(req)
		if !ok {
			return nil
		}
		if len(list) == maxHeaders {
			*over = true
			return nil
		}
		value := string(s.hval) // a value new with every response would only fill s.names
		if !fresh {
			value = s.intern(s.hval)
		}
		list = append(list, harHeader{Name: name, Value: value})
		return nil
	})
	*hs = list
	return err
}

// scratchString reads a string value into *dst, reusing its memory; null leaves it as it
// was, as encoding/json leaves a field it decodes null into.
func (s *scanEntries) scratchString(dst *[]byte, parent, path string) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c != '"' {
		return s.mismatch(c, parent, path, "string")
	}
	d, _, err := s.readString((*dst)[:0], s.limit, true)
	*dst = d
	return err
}

// headerName returns the name in s.hname as a string, whether convert reads a header of
// that name (readHeader), and whether its value is new with every response (fresh). Names
// repeat from entry to entry: each is judged and made a string once per read, in s.hnames.
func (s *scanEntries) headerName(req bool) (string, bool, bool) {
	if hn, ok := s.hnames[string(s.hname)]; ok {
		if req {
			return hn.s, hn.req, hn.fresh
		}
		return hn.s, hn.resp, hn.fresh
	}
	name := string(s.hname)
	hn := headerName{s: name, req: readHeader(name, true), resp: readHeader(name, false),
		fresh: freshHeader(name)}
	if len(s.hnames) < maxInterned && len(name) <= maxInternLen {
		s.hnames[name] = hn
	}
	if req {
		return hn.s, hn.req, hn.fresh
	}
	return hn.s, hn.resp, hn.fresh
}

// headerName is a header name met before, whether convert reads it in a request and in a
// response, and whether its value is new with every response.
type headerName struct {
	s                string
	req, resp, fresh bool
}

// freshHeader reports whether a header's value differs from response to response, so
// that interning it would only crowd out the values that repeat.
func freshHeader(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return n == "date" || uniqueHeader(n)
}

// pairs checks a list of name/value objects that nothing reads (queryString, params): only
// their types matter, for the warning encoding/json would give.
func (s *scanEntries) pairs(parent, path, typ, elem string) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c != '[' {
		return s.mismatch(c, parent, path, "[]"+typ)
	}
	s.r++
	return s.elements(func() error {
		return s.object(parent, path, typ, func(key []byte) error {
			var field string
			switch string(key) {
			case "name":
				field = "name"
			case "value":
				field = "value"
			case "filename":
				field = "fileName"
			case "contenttype":
				field = "contentType"
			}
			if field == "" || elem != "Param" && (field == "fileName" || field == "contentType") {
				return s.skip()
			}
			c, err := s.peekIn()
			if err != nil {
				return err
			}
			if c == '"' {
				return s.skipString()
			}
			return s.mismatch(c, elem, path+"."+field, "string")
		})
	})
}

// elements reads the elements of an array whose opening bracket has been read.
func (s *scanEntries) elements(elem func() error) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c == ']' {
		s.r++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		c, err := s.peekIn()
		if err != nil {
			return err
		}
		switch c {
		case ']':
			s.r++
			return nil
		case ',':
			s.r++
		default:
			return s.unexpected(c, "after array element")
		}
	}
}

// ---------------------------------------------------------------------------------------
// Leaf values, with the semantics of the UnmarshalJSON methods in types.go

// goString reads a value into a Go string field: a string, or null for no change.
func (s *scanEntries) goString(dst *string, parent, path string) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c != '"' {
		return s.mismatch(c, parent, path, "string")
	}
	d, err := s.decodeString()
	if err != nil {
		return err
	}
	*dst = string(d)
	return nil
}

// maxInterned bounds each interning table; names up to maxInternLen and values up to
// maxInternValue bytes are interned (a user agent is over 100): at most 1 MiB of values.
const (
	maxInterned    = 4096
	maxInternLen   = 64
	maxInternValue = 256
)

// intern makes a header value or a Str a string: short ones, which repeat from entry to
// entry (content-type, user-agent, origin, a method), are allocated once per read.
func (s *scanEntries) intern(d []byte) string {
	if len(d) > maxInternValue {
		return string(d)
	}
	if v, ok := s.names[string(d)]; ok {
		return v
	}
	v := string(d)
	if len(s.names) < maxInterned {
		s.names[v] = v
	}
	return v
}

// rawPrefix is what of a value is kept for a warning: clipRaw shows 40 bytes.
const rawPrefix = 41

// skipRaw skips a value and returns its first rawPrefix bytes as written.
func (s *scanEntries) skipRaw() ([]byte, error) {
	s.ensure(rawPrefix)
	start := s.offset()
	var head [rawPrefix]byte
	n := copy(head[:], s.buf[s.r:s.w])
	if err := s.skip(); err != nil {
		return nil, err
	}
	return append(s.raw[:0], head[:min(int64(n), s.offset()-start)]...), nil
}

// num reads a Num as Num.UnmarshalJSON does.
func (s *scanEntries) num(n *Num) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	switch {
	case c == 'n':
		*n = Num{}
		return s.literal()
	case c == '"':
		raw, d, err := s.decodeStringRaw()
		if err != nil {
			return err
		}
		*n = numOfString(raw, d)
		return nil
	case c == '-' || c >= '0' && c <= '9':
		b, err := s.number()
		if err != nil {
			return err
		}
		*n = numOfLiteral(b)
		return nil
	}
	if !isValueStart(c) {
		return s.unexpected(c, "looking for beginning of value")
	}
	raw, err := s.skipRaw()
	if err != nil {
		return err
	}
	*n = Num{Bad: clipRaw(string(raw))}
	return nil
}

func numOfLiteral(b []byte) Num {
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || isNaNInf(v) {
		return Num{Bad: clipRaw(string(b))}
	}
	return Num{Value: v, Valid: true}
}

// numOfString reads a number written as a string; raw is the string as written, quotes
// included (at least its first rawPrefix bytes).
func numOfString(raw, d []byte) Num {
	t := bytes.TrimSpace(d)
	if len(t) == 0 {
		return Num{}
	}
	v, err := strconv.ParseFloat(string(t), 64)
	if err != nil || isNaNInf(v) {
		return Num{Bad: clipRaw(string(raw))}
	}
	return Num{Value: v, Valid: true}
}

func isNaNInf(v float64) bool {
	return v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308
}

// time reads a Time as Time.UnmarshalJSON does.
func (s *scanEntries) time(t *Time) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c == '"' {
		d, err := s.decodeString()
		if err != nil {
			return err
		}
		*t = Time{}
		t.T, t.Bad = parseTime(string(d))
		return nil
	}
	var n Num
	if err := s.num(&n); err != nil {
		return err
	}
	*t = Time{}
	if c == 'n' {
		return nil
	}
	if !n.Valid || n.Value <= 0 {
		if n.Bad != "" {
			t.Bad = n.Bad
		} else {
			t.Bad = clipRaw(string(s.lastNum))
		}
		return nil
	}
	t.T = epoch(n.Value)
	return nil
}

// str reads a Str as Str.UnmarshalJSON does.
func (s *scanEntries) str(v *Str) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	*v = Str{}
	switch {
	case c == 'n':
		return s.literal()
	case c == '"':
		d, err := s.decodeString()
		if err != nil {
			return err
		}
		v.S = stripCut(s.intern(d)) // methods, media types, addresses: they repeat
		return nil
	case c == '{' || c == '[':
		v.Bad = true
		return s.skip()
	case c == 't' || c == 'f':
		if err := s.literal(); err != nil {
			return err
		}
		if c == 't' {
			v.S = "true"
		} else {
			v.S = "false"
		}
		return nil
	case c == '-' || c >= '0' && c <= '9':
		b, err := s.number()
		if err != nil {
			return err
		}
		v.S = string(b)
		return nil
	}
	return s.unexpected(c, "looking for beginning of value")
}

// errorField reads an ErrorField as ErrorField.UnmarshalJSON does.
func (s *scanEntries) errorField(f *ErrorField) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	*f = ErrorField{}
	if c != '{' {
		err := s.str(&f.Message)
		f.Bad, f.Message.Bad = f.Message.Bad, false
		return err
	}
	err = s.object("", "", "", func(key []byte) error {
		switch string(key) {
		case "message":
			return s.str(&f.Message)
		case "code":
			return s.str(&f.Code)
		}
		return s.skip()
	})
	f.settle()
	return err
}

// text reads a response body into t's reused buffer, cut as cutReader cuts it.
func (s *scanEntries) text(t *Text) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	switch c {
	case 'n':
		t.clear()
		return s.literal()
	case '"':
		d, _, err := s.readString(t.buf[:0], s.limit, true)
		if err != nil {
			return err
		}
		t.buf = d
		t.split()
		return nil
	}
	if !isValueStart(c) {
		return s.unexpected(c, "looking for beginning of value")
	}
	t.clear()
	t.Bad = true
	return s.skip()
}

// measure reads a request body as BodyText.UnmarshalJSON does: its decoded length and its
// digest only.
func (s *scanEntries) measure(t *BodyText) error {
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	*t = BodyText{}
	if c != '"' {
		if !isValueStart(c) {
			return s.unexpected(c, "looking for beginning of value")
		}
		return s.skip()
	}
	s.r++
	head, tail, total, dropped, err := s.rawString(s.limit)
	if err != nil {
		return err
	}
	// BodyText reads the cut marker in the text as written: a marker the text itself holds
	// counts as one, as it does there.
	if i := bytes.Index(head, []byte(cutMarkEscaped)); i >= 0 {
		if n, ok := parseCutLen(head[i+len(cutMarkEscaped):]); ok {
			t.Len, t.Cut, t.Digest = n, true, bodyDigest(head[:i], n)
			return nil
		}
	}
	if dropped {
		t.Len, t.Cut, t.Digest = total, true, bodyDigest(head, total)
		return nil
	}
	all := append(head, tail...)
	t.Len, t.Digest = unescapedLen(all), bodyDigest(all, 0)
	return nil
}

// ---------------------------------------------------------------------------------------
// Strings

// decodeString reads the string at the cursor, decoded and cut, into scratch memory that
// the next string reuses.
func (s *scanEntries) decodeString() ([]byte, error) {
	d, _, err := s.readString(s.dec[:0], s.limit, true)
	s.dec = d
	return d, err
}

// decodeStringRaw is decodeString that also returns the first rawPrefix bytes of the string
// as written, quotes included.
func (s *scanEntries) decodeStringRaw() (raw, d []byte, err error) {
	s.ensure(rawPrefix)
	var head [rawPrefix]byte
	n := copy(head[:], s.buf[s.r:s.w])
	start := s.offset()
	d, err = s.decodeString()
	if err != nil {
		return nil, nil, err
	}
	return append(s.raw[:0], head[:min(int64(n), s.offset()-start)]...), d, nil
}

// readString reads the string at the cursor (an opening quote) and appends it to dst,
// decoded. A string longer than limit bytes as written is cut when cut is set: its head,
// the cut marker with its length and its tail, as cutReader would pass it to a decoder;
// when cut is not set, it is kept to limit bytes. n is its length as written.
func (s *scanEntries) readString(dst []byte, limit int64, cut bool) (out []byte, n int64, err error) {
	s.r++
	// Fastest path: keys and most header values are short plain ASCII; one pass over their
	// bytes finds the end where the path below makes three (quote, backslash, UTF-8). It
	// returns what that path would; anything else goes on to it.
	if b := s.buf[s.r:s.w]; len(b) > 0 {
		if len(b) > shortString {
			b = b[:shortString]
		}
		for i, c := range b {
			if c == '"' {
				if int64(i) > limit {
					break
				}
				s.r += i + 1
				return append(dst, b[:i]...), int64(i), nil
			}
			if c == '\\' || c >= utf8.RuneSelf {
				break
			}
		}
	}
	// Fast path: the whole string is in the buffer, without escapes, within the limit.
	if q := bytes.IndexByte(s.buf[s.r:s.w], '"'); q >= 0 && int64(q) <= limit {
		body := s.buf[s.r : s.r+q]
		if bytes.IndexByte(body, '\\') < 0 {
			s.r += q + 1
			if utf8.Valid(body) {
				return append(dst, body...), int64(q), nil
			}
			out, err := s.unescape(dst, body)
			return out, int64(q), err
		}
	}
	if !cut {
		// Keys: short, and nothing cut is ever looked at.
		head, tail, total, _, err := s.rawString(limit)
		if err != nil {
			return dst, 0, err
		}
		_ = tail
		out, err = s.unescape(dst, head)
		return out, total, err
	}
	head, tail, total, dropped, err := s.rawString(limit)
	if err != nil {
		return dst, 0, err
	}
	if !dropped {
		if len(tail) > 0 {
			head = append(head, tail...)
		}
		out, err = s.unescape(dst, head)
		return out, total, err
	}
	if out, err = s.unescape(dst, head); err != nil {
		return out, 0, err
	}
	out = append(out, cutMarkDecoded...)
	out = strconv.AppendInt(out, total, 10)
	out = append(out, 0)
	// The tail is unescaped from the keeper's memory, which raw does not share.
	out, err = s.unescape(out, tail)
	return out, total, err
}

// shortString is how far readString's first path looks for the end of a string.
const shortString = 64

// rawString reads the rest of a string whose opening quote has been read, as written: its
// first limit bytes (completed to the end of an escape or a UTF-8 sequence) and, when it is
// longer, the end that cutReader keeps. dropped reports that bytes between them were
// dropped. head lives in s.raw, tail in the tail keeper: both until the next string.
func (s *scanEntries) rawString(limit int64) (head, tail []byte, total int64, dropped bool, err error) {
	head = s.raw[:0]
	defer func() { s.raw = head[:0] }()
	var n int64
	// The head: plain bytes up to the limit; an escape begun before it is completed.
	for n < limit {
		if s.r == s.w && !s.more() {
			return head, nil, n, false, s.eof()
		}
		win := s.buf[s.r:min(s.w, s.r+int(min(limit-n, int64(s.w-s.r))))]
		i := indexSpecial(win)
		if i < 0 {
			head = append(head, win...)
			s.r += len(win)
			n += int64(len(win))
			continue
		}
		head = append(head, win[:i]...)
		s.r += i
		n += int64(i)
		if win[i] == '"' {
			s.r++
			return head, nil, n, false, nil
		}
		k, err := s.escapeLen()
		if err != nil {
			return head, nil, n, false, err
		}
		head = append(head, s.buf[s.r:s.r+k]...)
		s.r += k
		n += int64(k)
	}
	// Finish a UTF-8 sequence before cutting.
	for {
		if s.r == s.w && !s.more() {
			return head, nil, n, false, s.eof()
		}
		if s.buf[s.r]&0xC0 != 0x80 {
			break
		}
		head = append(head, s.buf[s.r])
		s.r++
		n++
	}
	// The cut: keep the tail, as cutReader does.
	cutStart := n
	s.tail.reset(s.tailN)
	for {
		if s.r == s.w && !s.more() {
			return head, nil, n, false, s.eof()
		}
		win := s.buf[s.r:s.w]
		i := indexSpecial(win)
		if i < 0 {
			s.tail.keep(win)
			s.r += len(win)
			n += int64(len(win))
			continue
		}
		s.tail.keep(win[:i])
		s.r += i
		n += int64(i)
		if win[i] == '"' {
			s.r++
			break
		}
		k, err := s.escapeLen()
		if err != nil {
			return head, nil, n, false, err
		}
		for _, b := range s.buf[s.r : s.r+k] {
			s.tail.keepEscape(b)
		}
		s.r += k
		n += int64(k)
	}
	kept := s.tail.len()
	tail = append(append(s.tailBuf[:0], s.tail.b...), s.tail.a...)
	s.tailBuf = tail
	return head, tail, n, n-cutStart > int64(kept), nil
}

// indexSpecial is the index of the first quote or backslash in b, or -1.
func indexSpecial(b []byte) int {
	q := bytes.IndexByte(b, '"')
	if q >= 0 {
		b = b[:q]
	}
	if i := bytes.IndexByte(b, '\\'); i >= 0 {
		return i
	}
	return q
}

// escapeLen is the length of the escape sequence at the cursor, made available in buf.
func (s *scanEntries) escapeLen() (int, error) {
	if !s.ensure(2) {
		return 0, s.eof()
	}
	switch c := s.buf[s.r+1]; c {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		if !s.ensure(6) {
			return 0, s.eof()
		}
		for _, h := range s.buf[s.r+2 : s.r+6] {
			if !isHex(h) {
				s.r += 2
				return 0, s.unexpected(h, "in \\u hexadecimal character escape")
			}
		}
		return 6, nil
	default:
		s.r++
		return 0, s.unexpected(c, "in string escape code")
	}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// unescape appends the decoded form of a string body (as written, complete escapes) to
// dst, as encoding/json decodes it: invalid UTF-8 and lone surrogates become U+FFFD.
func (s *scanEntries) unescape(dst, b []byte) ([]byte, error) {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\\')
		plain := b
		if i >= 0 {
			plain = b[:i]
		}
		if utf8.Valid(plain) {
			dst = append(dst, plain...)
		} else {
			for len(plain) > 0 {
				r, size := utf8.DecodeRune(plain)
				dst = utf8.AppendRune(dst, r)
				plain = plain[size:]
			}
		}
		if i < 0 {
			break
		}
		b = b[i:]
		switch b[1] {
		case 'u':
			r := hex4(b[2:6])
			b = b[6:]
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if len(b) >= 6 && b[0] == '\\' && b[1] == 'u' {
					r2 = hex4(b[2:6])
				}
				if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
					b = b[6:]
					r = dec
				} else {
					r = unicode.ReplacementChar
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		default: // '"', '\\', '/'
			dst = append(dst, b[1])
		}
		b = b[2:]
	}
	return dst, nil
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// skipString skips the string at the cursor (an opening quote) without keeping any of it:
// it finds each quote with bytes.IndexByte and counts the backslashes before it.
func (s *scanEntries) skipString() error {
	s.r++
	odd := false // the bytes before buf[r] end in an odd run of backslashes
	for {
		if s.r == s.w && !s.more() {
			return s.eof()
		}
		win := s.buf[s.r:s.w]
		q := bytes.IndexByte(win, '"')
		if q < 0 {
			odd = endsOdd(win, odd)
			s.r = s.w
			continue
		}
		if !endsOdd(win[:q], odd) {
			s.r += q + 1
			return nil
		}
		s.r += q + 1
		odd = false
	}
}

// endsOdd reports whether b, preceded by an odd run of backslashes when odd, ends in an odd
// run of backslashes: then the next byte is escaped.
func endsOdd(b []byte, odd bool) bool {
	n := 0
	for n < len(b) && b[len(b)-1-n] == '\\' {
		n++
	}
	if n == len(b) {
		return odd != (n%2 == 1)
	}
	return n%2 == 1
}

// literal reads true, false or null.
func (s *scanEntries) literal() error {
	c := s.buf[s.r]
	var want string
	switch c {
	case 't':
		want = "true"
	case 'f':
		want = "false"
	default:
		want = "null"
	}
	s.r++
	for i := 1; i < len(want); i++ {
		if s.r == s.w && !s.more() {
			return s.eof()
		}
		if b := s.buf[s.r]; b != want[i] {
			return s.unexpected(b, fmt.Sprintf("in literal %s (expecting %s)", want, quoteChar(want[i])))
		}
		s.r++
	}
	return nil
}

// number reads a number literal as written, following JSON's grammar.
func (s *scanEntries) number() ([]byte, error) {
	b := s.lastNum[:0]
	at := func() (byte, bool) {
		if s.r == s.w && !s.more() {
			return 0, false
		}
		return s.buf[s.r], true
	}
	digits := func() error {
		c, ok := at()
		if !ok {
			return s.eof()
		}
		if c < '0' || c > '9' {
			return s.unexpected(c, "in numeric literal")
		}
		for ok && c >= '0' && c <= '9' {
			b = append(b, c)
			s.r++
			c, ok = at()
		}
		return nil
	}
	c, _ := at()
	if c == '-' {
		b = append(b, c)
		s.r++
	}
	c, ok := at()
	if !ok {
		return nil, s.eof()
	}
	if c == '0' {
		b = append(b, c)
		s.r++
	} else if err := digits(); err != nil {
		return nil, err
	}
	if c, ok := at(); ok && c == '.' {
		b = append(b, c)
		s.r++
		if err := digits(); err != nil {
			return nil, err
		}
	}
	if c, ok := at(); ok && (c == 'e' || c == 'E') {
		b = append(b, c)
		s.r++
		if c, ok := at(); ok && (c == '+' || c == '-') {
			b = append(b, c)
			s.r++
		}
		if err := digits(); err != nil {
			return nil, err
		}
	}
	s.lastNum = b
	return b, nil
}

// skip skips one value of any kind without keeping it, checking its structure.
func (s *scanEntries) skip() error {
	stack := s.stack
	defer func() { s.stack = stack }()
	for {
		// A value.
		c, err := s.peekIn()
		if err != nil {
			return err
		}
		switch {
		case c == '{' || c == '[':
			s.r++
			if len(s.stack) >= maxDepth {
				return errors.New("exceeded max depth")
			}
			s.stack = append(s.stack, c)
			e, err := s.peekIn()
			if err != nil {
				return err
			}
			if c == '{' {
				if e == '}' {
					s.r++
					s.stack = s.stack[:len(s.stack)-1]
					break
				}
				if e != '"' {
					return s.unexpected(e, "looking for beginning of object key string")
				}
				if err := s.skipKey(); err != nil {
					return err
				}
				continue
			}
			if e == ']' {
				s.r++
				s.stack = s.stack[:len(s.stack)-1]
				break
			}
			continue
		case c == '"':
			if err := s.skipString(); err != nil {
				return err
			}
		case c == 't' || c == 'f' || c == 'n':
			if err := s.literal(); err != nil {
				return err
			}
		case c == '-' || c >= '0' && c <= '9':
			if _, err := s.number(); err != nil {
				return err
			}
		default:
			return s.unexpected(c, "looking for beginning of value")
		}
		// After a value: close containers, or go on to the next element or member.
		for {
			if len(s.stack) == len(stack) {
				return nil
			}
			c, err := s.peekIn()
			if err != nil {
				return err
			}
			top := s.stack[len(s.stack)-1]
			if c == ',' {
				s.r++
				if top == '{' {
					e, err := s.peekIn()
					if err != nil {
						return err
					}
					if e != '"' {
						return s.unexpected(e, "looking for beginning of object key string")
					}
					if err := s.skipKey(); err != nil {
						return err
					}
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				s.r++
				s.stack = s.stack[:len(s.stack)-1]
				continue
			}
			if top == '{' {
				return s.unexpected(c, "after object key:value pair")
			}
			return s.unexpected(c, "after array element")
		}
	}
}

// skipKey skips a key and the colon after it.
func (s *scanEntries) skipKey() error {
	if err := s.skipString(); err != nil {
		return err
	}
	c, err := s.peekIn()
	if err != nil {
		return err
	}
	if c != ':' {
		return s.unexpected(c, "after object key")
	}
	s.r++
	return nil
}

// opens steps into the value that must open with delim ('{' or '['), or says why the input
// is not a HAR: prefix starts the message for a broken or cut value, name and kind say
// what the value should have been ("log.entries", "array").
func (s *scanEntries) opens(delim byte, prefix, name, kind string) error {
	c, err := s.peekIn()
	if err != nil {
		return s.notHAR("%s: %v", prefix, eofText(err))
	}
	if c != delim {
		if !isValueStart(c) {
			return s.notHAR("%s: %v", prefix, s.unexpected(c, "looking for beginning of value"))
		}
		s.token(c)
		return s.notHAR("not a HAR: %s is a JSON %s, not an %s", name, kindAt(c), kind)
	}
	s.r++
	return nil
}
