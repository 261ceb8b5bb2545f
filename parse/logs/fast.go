package logs

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
)

// The block scanner. Most lines of a CI log say nothing about Claude: no keyword of any
// dialect, no JSON value, no traceback. Reading them one by one through the record
// machine (clean, parse a timestamp, route) cost more than grep reads them. So the input
// is read in blocks of whole lines, and scanners on every core mark, in each block, the
// lines that could matter to a parser with no record open: those are the only lines the
// record machine sees while it is idle. While a record is open (a traceback, a body
// printed over several lines, a curl exchange) it reads every line, as before, so records
// that cross a block boundary stay one event. Blocks are consumed in input order by one
// goroutine, so events, line numbers and the retry chain are exactly those of the
// line-by-line reader (TestBlocksMatchLines).
//
// A skipped line can still carry a timestamp that dates the next event. Rather than parse
// the time of every line, the consumer looks back from the next line it reads for the
// nearest line with a timestamp, once per gap.

// blockSize is the size of a block (a variable so that tests can cut small ones). 1 MiB keeps two scanners busy on one file while a few
// blocks in flight cost a few MiB.
var blockSize = 1 << 20

// block is a run of whole lines of the input and what the scanners found in it.
type block struct {
	buf   []byte      // whole lines; the last one may lack its "\n" at the end of input
	start int64       // offset of buf[0] in the input
	lines int         // lines in buf
	hits  []hit       // lines the idle parser must read, in order
	httpx []httpxLine // what the scanner read of the hits that are httpx request lines

	// An over-long line is a block of its own: buf holds its head, size is how many
	// bytes of input it took, length its length without the line end.
	long   bool
	size   int64
	length int64

	done chan struct{} // closed when the scanner has filled hits
}

// hit is a line of a block that the idle parser must read.
type hit struct {
	off  int32 // offset of the line in the block
	line int32 // index of the line in the block, from 0
	// end and next are the offsets of the line's end and of the next line: the consumer
	// need not look for them in bytes the scanner, on another core, had in its cache.
	end, next int32
	// mask is the line's keyword groups (prefilter.scan of the cleaned line), when the
	// scanner found some: the consumer, which is alone, need not scan again. Zero when
	// the line was marked for another route (a traceback, curl, JSON).
	mask uint64
	// prevTime is the time of the line before, when the scanner can read it without the
	// time before (the runner's stamp, or a full date): the time an idle consumer would
	// find for the lines it skips up to this one. Zero when it cannot.
	prevTime time.Time
	// nextNeutral says the next line is no hit and ends a plain record without adding to
	// it (scanner.neutral): after an event's line (a healthy call's, most often), the
	// consumer ends the record there and skips that line instead of reading it whole.
	nextNeutral bool
	// httpx, from 1, is the line's place in the block's httpx when the line is httpx's
	// request line and no other dialect's keyword occurs in it (scanner.httpx): one line in
	// six of a service's log. The scanner, on every core, has read what the line reader
	// would (its time, method, URL and status), so that the consumer, which is alone, only
	// makes the event (parser.readHTTPX). 0 for every other line.
	httpx int32
}

// httpxLine is what the scanner read of an httpx request line: its call, its status and
// its own time.
type httpxLine struct {
	ok     bool
	status int
	call   *httpxCall
	time   time.Time // zero when the line has none
}

// httpxCall is what httpx's matcher makes of a request line's method and URL (shared by
// the hits of one scanner while they name the same call, and never changed).
type httpxCall struct {
	method, host, path string
	platform           model.Platform
	claude             bool // claudeCall: else the line is consumed, no event
}

// blockPool recycles blocks and their buffers.
var blockPool = sync.Pool{New: func() any { return &block{} }}

// runBlocks reads a log through the block scanner.
func (p *parser) runBlocks() {
	br := p.lr.r
	cutAt := br.Size() // lineReader cuts a line at the size of its buffer
	bufSize := max(blockSize, cutAt+1)
	workers := max(1, runtime.GOMAXPROCS(0))

	// A block for each scanner and one more in flight keep the scanners ahead of the
	// consumer; more only held memory: the events the consumer sends wait for the
	// analyzer in their own queue (up to parse's readAhead), and a faster consumer fills it.
	ordered := make(chan *block, workers+1)
	work := make(chan *block, workers+1)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sc scanner
			sc.cutAt, sc.loc, sc.anchor = cutAt, p.loc, p.anchor
			for b := range work {
				sc.scan(b)
				close(b.done)
			}
		}()
	}
	var readErr error
	go func() {
		defer close(ordered)
		defer close(work)
		readErr = readBlocks(br, bufSize, cutAt, func(b *block) bool {
			b.done = make(chan struct{})
			if b.long {
				close(b.done)
			} else {
				work <- b
			}
			select {
			case ordered <- b:
				return true
			case <-quit:
				return false
			}
		})
	}()
	var num int   // lines before the block being read
	var off int64 // offset of the block being read
	for b := range ordered {
		<-b.done
		p.consume(b, num)
		num += b.lines
		if b.long {
			off += b.size
		} else {
			off += int64(len(b.buf))
		}
		b.buf = b.buf[:0]
		b.hits = b.hits[:0]
		clear(b.httpx) // its calls and locations
		b.httpx = b.httpx[:0]
		blockPool.Put(b)
	}
	close(quit)
	wg.Wait()
	p.lr.num, p.lr.next = num, off
	if readErr != nil {
		p.lr.err = readErr
	} else {
		p.lr.err = io.EOF
	}
}

// readBlocks cuts r into blocks of whole lines and passes them to send in order, until
// the end of input, a read error (returned) or send returning false.
func readBlocks(r io.Reader, bufSize, cutAt int, send func(*block) bool) error {
	var carry []byte // a partial line at the end of the last read
	var off int64
	for {
		b := blockPool.Get().(*block)
		if cap(b.buf) < bufSize {
			b.buf = make([]byte, 0, bufSize)
		}
		buf := append(b.buf[:0], carry...)
		n, err := fill(r, buf[len(buf):bufSize])
		buf = buf[:len(buf)+n]
		eof := err == io.EOF
		if err != nil && !eof {
			// A read error ends the input; what was read is still lines.
			b.buf, b.start, b.long = buf, off, false
			b.lines = countLines(buf)
			if len(buf) > 0 {
				send(b)
			}
			return err
		}
		if eof {
			if len(buf) == 0 {
				blockPool.Put(b)
				return nil
			}
			b.buf, b.start, b.long = buf, off, false
			b.lines = countLines(buf)
			send(b)
			return nil
		}
		end := bytes.LastIndexByte(buf, '\n') + 1
		if end == 0 {
			// No line end in a whole buffer: keep the head of the line, skip the rest.
			head := buf[:cutAt]
			rest, after, ended, err := skipLine(r)
			size := int64(len(buf)) + rest
			carry = append(carry[:0], after...)
			length := size
			if ended {
				length-- // the "\n"
			}
			b.buf, b.start, b.long, b.size, b.length, b.lines = head, off, true, size, length, 1
			if !send(b) {
				return nil
			}
			off += size
			if err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
			continue
		}
		carry = append(carry[:0], buf[end:]...)
		b.buf, b.start, b.long = buf[:end], off, false
		b.lines = countLines(b.buf)
		off += int64(end)
		if !send(b) {
			return nil
		}
	}
}

// fill reads into b until it is full or the input ends: io.ReadFull, but an error of r
// (io.ErrUnexpectedEOF included) stays apart from the end of input.
func fill(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k, err := r.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// skipLine reads r up to and including the next "\n". It returns how many bytes of the
// line it read, what it read past the "\n", whether the line ended, and a read error.
func skipLine(r io.Reader) (n int64, after []byte, ended bool, err error) {
	var buf [32 << 10]byte
	for {
		k, err := r.Read(buf[:])
		if i := bytes.IndexByte(buf[:k], '\n'); i >= 0 {
			n += int64(i + 1)
			return n, append([]byte{}, buf[i+1:k]...), true, nil
		}
		n += int64(k)
		if err != nil {
			return n, nil, false, err
		}
	}
}

// countLines counts the lines of a block: its "\n"s, plus a last line without one.
func countLines(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// scanner marks the lines of a block that an idle parser must read. It routes by the
// parser's own table (routes, in route.go), asking each row what it would do with a line
// when no record is open: a line it leaves out would change nothing but the last time.
type scanner struct {
	cutAt   int
	scratch []byte
	json    jsonScan // reused: its bracket stack would be allocated per JSON line
	mask    uint64   // the keyword groups of the last line routes passed on them, or 0
	stamp   []byte   // the runner's stamp of the last line cleaned, if any
	clean   []byte   // the last line mattersPlain cleaned (in the block), else nil
	// stampCopy holds the stamps of the last two lines that matters cleaned.
	stampCopy [2][]byte
	flip      bool
	pairs     []logfmtPair   // scratch of logfmtIdle
	loc       *time.Location // the parser's zone, for the stamps
	anchor    anchorLevel    // the parser's, decided before the first block
	// call is the call of the last httpx request line (scanner.httpx), callMethod the
	// method it was read with, and url what httpx's matcher remembers of its URL (lastURL).
	call       *httpxCall
	callMethod []byte
	url        lastURL
	// neutral is set by routes, for a line it leaves out, when a line reader with a plain
	// record open (parser.plainRecord) would do nothing with the line but end that record:
	// empty, or not indented, no stack frame, no shape and no dialect's keyword.
	neutral bool
}

func (sc *scanner) scan(b *block) {
	buf := b.buf
	// The bytes that make a line need more than the plain path (a NUL, an escape code, a
	// carriage return, invalid UTF-8) are looked for once per block, not once per line.
	valid := utf8.Valid(buf)
	var nul, esc, cr nextByte
	var prevStamp, prevClean []byte // of the line before
	for pos, i := 0, 0; pos < len(buf); i++ {
		end := bytes.IndexByte(buf[pos:], '\n')
		next := pos + end + 1
		if end < 0 {
			end = len(buf) - pos
			next = len(buf)
		}
		end += pos
		var m bool
		sc.mask, sc.stamp, sc.clean, sc.neutral = 0, nil, nil, false
		if sc.anchor == anchorPaste {
			// A paste is read whole: the parser joins lines the terminal broke, which
			// no judgement of a line alone can foresee. It is short.
			b.hits = append(b.hits, hit{off: int32(pos), line: int32(i), end: int32(end), next: int32(next)})
			pos = next
			continue
		}
		plain := valid && !nul.before(buf, pos, end, 0) && !esc.before(buf, pos, end, 0x1b) && !cr.before(buf, pos, end, '\r')
		if plain {
			m = sc.mattersPlain(buf[pos:end])
		} else {
			m = sc.matters(buf[pos:end])
		}
		if m {
			h := hit{off: int32(pos), line: int32(i), end: int32(end), next: int32(next), mask: sc.mask}
			h.prevTime, _ = sc.lineTimeOf(prevStamp, prevClean)
			if plain && sc.mask&^evidenceBit == httpxBit {
				if hx := sc.httpx(); hx.ok {
					b.httpx = append(b.httpx, hx)
					h.httpx = int32(len(b.httpx))
				}
			}
			b.hits = append(b.hits, h)
		} else if sc.neutral && len(b.hits) > 0 && int(b.hits[len(b.hits)-1].line) == i-1 {
			b.hits[len(b.hits)-1].nextNeutral = true
		}
		prevStamp, prevClean = sc.stamp, sc.clean
		pos = next
	}
}

// nextByte remembers where a byte occurs next in a block.
type nextByte struct {
	at    int  // its offset; len(buf) when it does not occur again
	known bool // at has been searched from an offset at or before the current line
}

// before reports whether c occurs in buf[pos:end].
func (n *nextByte) before(buf []byte, pos, end int, c byte) bool {
	if !n.known || n.at < pos {
		n.known = true
		n.at = len(buf)
		if i := bytes.IndexByte(buf[pos:], c); i >= 0 {
			n.at = pos + i
		}
	}
	return n.at < end
}

// matters reports whether an idle parser would do anything with a line (given without
// its "\n") besides reading its time.
func (sc *scanner) matters(line []byte) bool {
	if len(line) >= sc.cutAt {
		return true // warned about
	}
	line = trimEOL(line)
	if bytes.IndexByte(line, 0) >= 0 || !utf8.Valid(line) {
		return true // warned about
	}
	if cap(sc.scratch) < len(line) {
		// Stripping codes only shortens a line: cleanLine never outgrows this.
		sc.scratch = make([]byte, 0, 2*len(line))
	}
	b, stamp := cleanLine(sc.scratch[:0], line)
	if stamp != nil {
		// The stamp may be in scratch, which the next line overwrites while this one's
		// stamp is still wanted: copy it, to one of two buffers in turn.
		sc.flip = !sc.flip
		k := 0
		if sc.flip {
			k = 1
		}
		sc.stampCopy[k] = append(sc.stampCopy[k][:0], stamp...)
		stamp = sc.stampCopy[k]
	}
	sc.stamp = stamp
	return sc.routes(b)
}

// httpx reads the line mattersPlain just cleaned (sc.clean, in buf) as the line reader
// would, when the line's only keyword group is httpx's: with no record open, such a line
// goes straight to httpx's matcher (parser.line: no shape, no other dialect), which reads it
// with httpxFast. ok is false when httpxFast cannot read it or its time depends on the
// time before (a clock): the consumer then reads the line itself.
func (sc *scanner) httpx() httpxLine {
	method, u, status, ok := httpxFast(sc.clean)
	if !ok {
		return httpxLine{}
	}
	t, known := sc.lineTimeOf(sc.stamp, sc.clean)
	if !known {
		return httpxLine{}
	}
	if sc.call == nil || !sc.url.ok || !bytes.Equal(sc.callMethod, method) || !bytes.Equal(sc.url.raw, u) {
		// What httpx's matcher does, through the same lastURL.
		ev := model.Event{Method: internMethod(method)}
		sc.url.set(&ev, u)
		sc.call = &httpxCall{method: ev.Method, host: ev.Host, path: ev.Path, platform: ev.Platform, claude: claudeCall(&ev)}
		sc.callMethod = append(sc.callMethod[:0], method...)
	}
	return httpxLine{ok: true, status: status, call: sc.call, time: t}
}

// lineTimeOf is the time lineTime finds for a line with this stamp and this cleaned text
// (zero when none), and whether that is known without the time before.
func (sc *scanner) lineTimeOf(stamp, clean []byte) (time.Time, bool) {
	if stamp != nil {
		if t, ok := parseDateTime(stamp, sc.loc); ok {
			return t, true
		}
	}
	if clean == nil {
		return time.Time{}, false
	}
	// With a leap year for the time before, a time dated from it is found exactly when
	// one would be for some time before (see findAbsTime).
	t, _, fromRef := scanTime(clean, sc.loc, leapYear)
	if fromRef {
		return time.Time{}, false // a clock or a syslog stamp, dated from the time before
	}
	return t, true // its full date, or zero: no time
}

// mattersPlain is matters for a line known to hold no NUL, escape code or carriage return,
// and to be valid UTF-8: cleanLine has only prefixes left to strip.
func (sc *scanner) mattersPlain(line []byte) bool {
	if len(line) >= sc.cutAt {
		return true
	}
	b, stamp := stripRunnerStamp(line)
	b = stripMarkers(stripSection(b))
	sc.stamp, sc.clean = stamp, b
	return sc.routes(b)
}

// consume reads a block: every line while a record is open, else only the hits. num is
// the number of lines before the block.
func (p *parser) consume(b *block, num int) {
	if b.long {
		p.handle(trimEOL(b.buf), true, num+1, b.start, b.length, 0)
		return
	}
	buf := b.buf
	size := p.lr.r.Size()
	pos, line, h := 0, 0, 0
	neutral := -1 // the offset of a line the scanner found neutral after a hit
	for pos < len(buf) {
		for h < len(b.hits) && int(b.hits[h].off) < pos {
			h++
		}
		if pos == neutral && p.plainRecord() {
			// All a line reader would do with this line is end the record: end it, and
			// skip the line as an idle reader does (its time is read with the gap's).
			p.flush()
		}
		idle := p.idle()
		if idle {
			if h == len(b.hits) {
				p.skipTime(buf[pos:])
				return
			}
			if int(b.hits[h].off) > pos {
				// The last skipped line's own time, if the scanner read one, is what
				// skipTime would find first.
				if t := b.hits[h].prevTime; !t.IsZero() {
					p.lastTime = t
				} else {
					p.skipTime(buf[pos:int(b.hits[h].off)])
				}
				pos, line = int(b.hits[h].off), int(b.hits[h].line)
			}
		}
		var end, next int
		var mask uint64 // the scanner's keyword groups, if this line is one of its hits
		if h < len(b.hits) && int(b.hits[h].off) == pos {
			hit := &b.hits[h]
			end, next = int(hit.end)-pos, int(hit.next)
			mask = hit.mask
			if hit.nextNeutral {
				neutral = next
			}
			if hit.httpx > 0 && idle {
				p.readHTTPX(&b.httpx[hit.httpx-1], num+line+1, b.start+int64(pos), hit.nextNeutral)
				pos = next
				line++
				continue
			}
		} else {
			end = bytes.IndexByte(buf[pos:], '\n')
			next = pos + end + 1
			if end < 0 {
				end = len(buf) - pos
				next = len(buf)
			}
		}
		raw := buf[pos : pos+end]
		length := int64(len(raw))
		cut := len(raw) >= size
		if cut {
			raw = raw[:size]
		}
		p.handle(trimEOL(raw), cut, num+line+1, b.start+int64(pos), length, mask)
		pos = next
		line++
	}
}

// readHTTPX is read for an httpx request line the scanner read (scanner.httpx), in an
// idle parser: what read, line, matchLine and httpx's matcher do with it, from what the
// scanner found. TestBlocksMatchLines holds it to the line reader.
//
// A neutral line after it (hit.nextNeutral) would end its record and add nothing: then
// the event is emitted at once, as flush would emit it there, and no record is made.
func (p *parser) readHTTPX(hx *httpxLine, num int, off int64, nextNeutral bool) {
	if !hx.time.IsZero() {
		p.lastTime = hx.time
	}
	p.lineRetry = false
	c := hx.call
	if !c.claude {
		return // consumed: pypi's 503 is not a failed call to Claude
	}
	// netEnrichMask would do nothing: the line has no keyword of the network dialect.
	p.evScratch = model.Event{
		Source: model.Source{Path: p.path, Line: num, Offset: off}, Format: p.format, Time: p.lastTime,
		Method: c.method, Host: c.host, Path: c.path, Platform: c.platform, Status: hx.status,
		Dialect: httpxDialect.name,
	}
	if nextNeutral && p.plainNow() {
		// flush of the record begin would open: no body, no message, no retry.
		p.emit(&p.evScratch, false)
		return
	}
	// No record is open: flush would only clear it, and begin sets it whole.
	p.rec = record{active: true, hasEvent: true, ev: p.evScratch}
}

// plainNow reports whether a record opened now would be a plain record (plainRecord) at
// the next line: nothing else is open, replayed or captured.
func (p *parser) plainNow() bool {
	return !p.replay && !p.capture.on && p.anchor != anchorPaste
}

// plainRecord reports whether the only thing open is a record that a neutral line (see
// scanner.neutral) would end: no stack trace, body, traceback, curl exchange, evidence or
// JSON block goes on, and nothing is being replayed or joined.
func (p *parser) plainRecord() bool {
	if !p.rec.active || p.rec.stack || p.pendingBody != nil || p.replay || p.capture.on || p.anchor == anchorPaste {
		return false
	}
	for _, d := range continued {
		if d.isOpen(p) {
			return false
		}
	}
	return true
}

// skipTime sets the last time from the lines an idle parser skipped: the time of the last
// of them that has one.
func (p *parser) skipTime(lines []byte) {
	for end := len(lines); end > 0; {
		e := end
		if lines[e-1] == '\n' {
			e--
		}
		start := bytes.LastIndexByte(lines[:e], '\n') + 1
		b, stamp := cleanLine(p.scratch[:0], trimEOL(lines[start:e]))
		if t, fromRef := p.lineTimeRef(b, stamp); !t.IsZero() {
			if fromRef && start > 0 {
				// A clock dated from the time before: a line reader would have dated it
				// from the gap's earlier times (a clock past midnight is the next day),
				// so read those in order.
				p.readTimes(lines[:e])
				return
			}
			p.lastTime = t
			return
		}
		end = start
	}
}

// readTimes sets the last time from every line of lines in turn, as a line reader would.
func (p *parser) readTimes(lines []byte) {
	for len(lines) > 0 {
		e := bytes.IndexByte(lines, '\n')
		line := lines
		if e >= 0 {
			line, lines = lines[:e], lines[e+1:]
		} else {
			lines = nil
		}
		b, stamp := cleanLine(p.scratch[:0], trimEOL(line))
		if t := p.lineTime(b, stamp); !t.IsZero() {
			p.lastTime = t
		}
	}
}
