package logs

import (
	"bytes"
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
)

// The routing table. Every dialect (dialect.go) is one row of it, registered from its own
// file: what words or what shape of line opens its records, how they continue, and its
// idle test. Two readers are driven by it:
//
//   - the line reader (line, below) routes each cleaned line: into the record that is open,
//     else to the shape its first byte picks, else to the dialects whose keywords occur in
//     it, else to an evidence record (anchor.go);
//   - the block scanner (scanner.routes, below) asks the same rows, through their idle
//     tests, whether a line could matter to a line reader with no record open; the lines
//     it leaves out are never read (fast.go).
//
// Adding a dialect is one file that registers its row, plus its testdata.

// register adds d to the routing table and returns it. It is called from the package's
// variable declarations; the table is put in rank order by init, which Go runs after
// every one of them.
func register(d *dialect) *dialect {
	registry = append(registry, d)
	return d
}

// registry is every registered dialect, in rank order once init has run.
var registry []*dialect

var (
	// dialects are the dialects read by words, in rank order: the keyword group of
	// dialects[i] is bit i of a prefilter mask.
	dialects []*dialect
	// shapes[c] is the dialect whose records open with a trimmed line that starts with c.
	shapes [256]*dialect
	// continued are the dialects whose records continue over lines, in rank order.
	continued []*dialect
	// objects are the dialects that read JSON objects of their own, in rank order.
	objects []*dialect
)

func init() { buildTable() }

// buildTable sorts the registry and makes the views of it the readers use. A table that
// could route one line two ways (two rows of one rank, two shapes of one first byte) is
// a mistake of the package, found by its first test.
func buildTable() {
	slices.SortStableFunc(registry, func(a, b *dialect) int { return cmp.Compare(a.rank, b.rank) })
	for i, d := range registry {
		if i > 0 && registry[i-1].rank == d.rank {
			panic(fmt.Sprintf("logs: dialects %q and %q have the same rank %d", registry[i-1].name, d.name, d.rank))
		}
		if d.match != nil {
			dialects = append(dialects, d)
		}
		for _, c := range []byte(d.firsts) {
			if shapes[c] != nil {
				panic(fmt.Sprintf("logs: dialects %q and %q both open on %q", shapes[c].name, d.name, c))
			}
			shapes[c] = d
		}
		if d.isOpen != nil {
			continued = append(continued, d)
		}
		if d.object != nil {
			objects = append(objects, d)
		}
	}
	if len(dialects) > 62 {
		panic("logs: more dialects than bits of a prefilter mask") // and one for evidenceNamed
	}
}

var (
	prefilterOnce sync.Once
	sharedFilter  *prefilter
)

// dialectPrefilter builds the keyword table of the dialects once.
func dialectPrefilter() *prefilter {
	prefilterOnce.Do(func() {
		groups := make([][][]byte, len(dialects))
		for i, d := range dialects {
			groups[i] = d.keywords
			if d == networkDialect {
				networkBit = 1 << i
			}
			if d == logfmtDialect {
				logfmtBit = 1 << i
			}
			if d == httpxDialect {
				httpxBit = 1 << i
			}
		}
		sharedFilter = newPrefilter(groups)
		evidenceFilter = newPrefilter([][][]byte{evidenceWords})
		evidenceBit = 1 << len(groups)
		namedFilter = newPrefilter(append(groups, evidenceNamed))
		recordFilter = newPrefilter([][][]byte{recordWords})
	})
	return sharedFilter
}

// shapeOf returns the dialect whose record a trimmed, non-empty line opens, or nil. While
// lines are replayed, a shape that does not replay opens nothing.
func shapeOf(t []byte, replay bool) *dialect {
	d := shapes[t[0]]
	if d == nil || (replay && d.noReplay) || !d.starts(t) {
		return nil
	}
	return d
}

// line routes one cleaned line: into the record being read (a body, a traceback, a curl
// exchange, an evidence record, a stack trace), or as the start of a new record.
func (p *parser) line(l *lineCtx) {
	for _, d := range continued {
		if d.isOpen(p) && d.feed(p, l) {
			return
		}
	}
	trimmed := bytes.TrimSpace(l.b)
	if len(trimmed) == 0 {
		if p.rec.active {
			p.flush()
		}
		return
	}
	if p.rec.active && p.rec.hasEvent {
		if isStackLine(trimmed) {
			p.rec.stack = true
			p.enrich(l)
			return
		}
		if p.rec.stack && indented(l.b) {
			p.enrich(l)
			return
		}
	}
	if d := shapeOf(trimmed, p.replay); d != nil {
		d.open(p, l)
		return
	}
	mask := l.mask
	if mask == 0 {
		mask = p.prefilter.scan(l.b)
	}
	if p.matchLine(l, mask) {
		return
	}
	if p.rec.active && indented(l.b) {
		p.enrich(l)
		return
	}
	if p.anchor == anchorPaste && p.rec.active && p.rec.hasEvent && !p.rec.evid && !p.rec.bodyOpen &&
		proseContinues(p.rec.ev.Message, trimmed) {
		// A message the terminal wrapped at a word ("… not allowed from unsupported" /
		// "countries, regions, or territories."): the rest of the sentence.
		p.rec.ev.Message += " " + string(trimmed)
		return
	}
	p.flush()
	if opensEvidence(p.anchor, l.b, mask) {
		p.startEvidence(l)
	}
}

// matchLine offers a line to the dialects of its keyword groups: one that emits starts a
// record, one that consumes it ends its routing. It reports whether the line was taken.
func (p *parser) matchLine(l *lineCtx, mask uint64) bool {
	if mask == 0 {
		return false
	}
	p.evScratch = p.newEvent(l, "")
	p.lineRetry = false
	switch p.matchMask(l, &p.evScratch, mask) {
	case emitted:
		p.flush()
		p.begin(p.evScratch)
		return true
	case consumed:
		return true
	}
	return false
}

// match runs the dialects over a line: keywords first, then the matcher.
func (p *parser) match(l *lineCtx, ev *model.Event) outcome {
	return p.matchMask(l, ev, p.prefilter.scan(l.b))
}

// matchMask is match with the keyword groups of the line already found.
func (p *parser) matchMask(l *lineCtx, ev *model.Event, mask uint64) outcome {
	if mask == 0 {
		return noMatch
	}
	for i, d := range p.dialects {
		if mask&(1<<i) == 0 {
			continue
		}
		ev.Dialect = d.name
		if o := d.match(p, l, ev); o != noMatch {
			if o == emitted {
				netEnrichMask(ev, l.b, mask)
			}
			return o
		}
	}
	return noMatch
}

// idle reports whether no record is open: a line the scanner left out changes nothing.
func (p *parser) idle() bool {
	if p.rec.active || p.pendingBody != nil || p.replay {
		return false
	}
	for _, d := range continued {
		if d.isOpen(p) {
			return false
		}
	}
	return true
}

// routes reports whether the idle line reader (line, above) does anything with a cleaned
// line: the same rows of the table, asked through their idle tests.
func (sc *scanner) routes(b []byte) bool {
	// The first byte of the trimmed line picks a shape; only a shape trims the end too. A
	// line that starts with a byte beyond ASCII is trimmed whole, as bytes.TrimSpace trims
	// Unicode spaces.
	i := 0
	for i < len(b) && asciiSpace[b[i]] {
		i++
	}
	if i == len(b) {
		sc.neutral = true // an empty line ends a record
		return false
	}
	first := b[i]
	if first >= utf8.RuneSelf {
		t := bytes.TrimSpace(b)
		if len(t) == 0 {
			sc.neutral = true
			return false
		}
		first = t[0]
	}
	if shapes[first] != nil {
		if t := bytes.TrimSpace(b); shapeOf(t, false) != nil {
			d := shapes[first]
			return d.idle == nil || d.idle(sc, t, 0)
		}
	}
	// The cleaned line is what the consumer scans (line, above): its groups are found
	// here, on every core.
	pf := sharedFilter
	if sc.anchor == anchorNamed {
		pf = namedFilter
	}
	mask := pf.scan(b)
	if !sc.mayMatch(b, mask&^evidenceBit) && !opensEvidence(sc.anchor, b, mask) {
		// With a plain record open, line (above) would end the record and do no more
		// with a line that no stack frame, indent, shape or dialect takes.
		sc.neutral = mask&^evidenceBit == 0 && i == 0 && !isStackLine(bytes.TrimSpace(b))
		return false
	}
	sc.mask = mask
	return true
}

// mayMatch reports whether a dialect of the line's keyword groups may read it in an idle
// parser (dialect.idle); the consumer still gets the line's whole mask.
func (sc *scanner) mayMatch(b []byte, mask uint64) bool {
	for m := mask; m != 0; m &= m - 1 {
		d := dialects[bits.TrailingZeros64(m)]
		if d.idle == nil || d.idle(sc, b, mask) {
			return true
		}
	}
	return false
}

// asciiSpace marks the bytes bytes.TrimSpace trims as ASCII.
var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// httpxBit is the bit of httpx's request line (httpxDialect) in a prefilter mask, set with
// the prefilter.
var httpxBit uint64
