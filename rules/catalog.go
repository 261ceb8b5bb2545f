package rules

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/rules/window"
)

// families is the catalog in one explicit list: adding a rule is adding a value to one of
// these slices, nothing else. Within one priority the first family listed wins, but no
// answer depends on that: rules of equal priority are written not to overlap, and
// TestFamilyOrderDoesNotMatter classifies every table case with the families reversed.
// Pattern causes have no event rules; their detectors live in analyze.
func families() [][]Rule {
	return [][]Rule{
		webRules,      // edge and claude.ai: challenges and region blocks explain a 403 before anything else
		limitsRules,   // billing and limits: their 400s and 429s beat the generic status rules
		authRules,     // credentials and client setup
		requestRules,  // request content; holds the 4xx catch-all
		capacityRules, // server side; holds the 5xx catch-all
		cloudRules,    // Bedrock and Vertex AI codes
		networkRules,  // transport failures, only when no HTTP error status came back
	}
}

// catalog is the event rules in the order Classify tries them, built once.
var catalog = sync.OnceValue(func() []Rule { return join(families()) })

// catalogIndex is the keyword index over the catalog, built once.
var catalogIndex = sync.OnceValue(func() *keywordIndex { return newKeywordIndex(catalog()) })

// join concatenates the families and sorts the rules by priority, highest first, keeping
// the list order within a priority.
func join(fams [][]Rule) []Rule {
	var all []Rule
	for _, f := range fams {
		all = append(all, f...)
	}
	slices.SortStableFunc(all, func(a, b Rule) int { return b.Priority - a.Priority })
	return all
}

// classifyWith is Classify over a given rule list, so tests can try other orders.
func classifyWith(rules []Rule, e *model.Event) (r *Rule, sev model.Severity, ok bool) {
	if !e.Failed() || notClaudesFailure(e) {
		return nil, model.Info, false
	}
	text := e.Text()
	for i := range rules {
		if rules[i].Matches(e, text) {
			return &rules[i], rules[i].SeverityFor(e), true
		}
	}
	return nil, model.Info, false
}

// EventRules returns every event rule in the order Classify tries them: highest Priority
// first, and within a priority in the order of the family list. The slice is a copy.
func EventRules() []Rule { return slices.Clone(catalog()) }

// All returns the whole catalog: the event rules in EventRules' order, then the checks over
// time with the default thresholds. `claudelog rules` and `explain` print it as it is.
func All() []Rule { return Catalog(window.Defaults()) }

// Catalog is All with the thresholds of cfg written into the checks over time.
func Catalog(cfg window.Config) []Rule {
	all := EventRules()
	for _, in := range window.Catalog(cfg) {
		all = append(all, Rule{ID: in.ID, Cause: in.Cause, Severity: in.Severity, Title: in.Title, Doc: in.Doc, Fixes: in.Fixes, Over: true})
	}
	return all
}

// Detectors returns fresh detectors for the checks over time, with the thresholds of cfg.
func Detectors(cfg window.Config) []model.Detector {
	cfg.Causes = CauseByID
	return window.All(cfg)
}

// DefaultDetectors is Detectors with the default thresholds.
func DefaultDetectors() []model.Detector { return Detectors(window.Defaults()) }

// Classify finds the rule that explains a failed event: the rules run in All's order and
// the first match wins, so one event gets one cause. It returns ok false for a success
// (a 200 kept for the pattern detectors), for a failure that is not Claude's (another
// provider's error, such as OpenAI's insufficient_quota through LiteLLM, or a GET of a
// host's root page; see provider.go), and for a failure no rule can explain, such as a
// Firefox entry with status 0 and no reason: there is nothing honest to say about it, and
// the analyzer counts it as unclassified. r points into the catalog: read it, do not modify it.
func Classify(e *model.Event) (r *Rule, sev model.Severity, ok bool) {
	return catalogIndex().classify(e)
}

// RulesFor returns the checks whose cause is the id, in All's order; none for an unknown id.
func RulesFor(cause string) []Rule {
	var out []Rule
	for _, r := range All() {
		if r.Cause == cause {
			out = append(out, r)
		}
	}
	return out
}

// keywordIndex answers, in one pass over an event's text, which rules' keyword prefilters
// pass. Classify used to run strings.Contains for each of the catalog's 245 keywords on
// every failed event, which was most of its cost; the index finds every keyword that
// occurs by looking at each offset of the text once. Match still runs in catalog order,
// on exactly the rules whose prefilter passes, so the answer is classifyWith's
// (TestIndexMatchesPlainLoop).
type keywordIndex struct {
	rules []Rule
	// trigrams has the bit trigramHash(k[:3]) set for every keyword k: an offset whose
	// three bytes hash to a clear bit starts no keyword.
	trigrams [1 << 16 / 64]uint64
	// byFirst lists, by first byte, the keywords that start with it.
	byFirst [256][]indexedKeyword
	// short are keywords under three bytes, searched with strings.Contains.
	short []indexedKeyword
	// words is the length of a rule bit set: one bit per rule, in catalog order, then the
	// gate bits (gateOther, gateClaude after the last rule).
	words int
}

// The gate's word lists ride in the index as pseudo-rules after the catalog's, so that
// deciding whether a failure is Claude's costs no second pass over the text.
const (
	gateOther  = iota // a word of otherProviderWords occurs
	gateClaude        // a word of claudeWords occurs
	gateBits
)

// indexedKeyword is one keyword and the rules that list it, as a bit set.
type indexedKeyword struct {
	text  string
	rules []uint64
}

func trigramHash(b0, b1, b2 byte) uint16 {
	return uint16(b0)<<8 ^ uint16(b1)<<4 ^ uint16(b2) ^ uint16(b2)<<12
}

func newKeywordIndex(rules []Rule) *keywordIndex {
	x := &keywordIndex{rules: rules, words: (len(rules) + gateBits + 63) / 64}
	byText := map[string]int{} // keyword → position in all
	var all []indexedKeyword
	add := func(k string, i int) {
		j, seen := byText[k]
		if !seen {
			j = len(all)
			byText[k] = j
			all = append(all, indexedKeyword{text: k, rules: make([]uint64, x.words)})
		}
		all[j].rules[i/64] |= 1 << (i % 64)
	}
	for i, r := range rules {
		for _, k := range r.Keywords {
			add(k, i)
		}
	}
	for _, k := range otherProviderWords {
		add(k, len(rules)+gateOther)
	}
	for _, k := range claudeWords {
		add(k, len(rules)+gateClaude)
	}
	for _, k := range all {
		if len(k.text) < 3 {
			x.short = append(x.short, k)
			continue
		}
		h := trigramHash(k.text[0], k.text[1], k.text[2])
		x.trigrams[h/64] |= 1 << (h % 64)
		x.byFirst[k.text[0]] = append(x.byFirst[k.text[0]], k)
	}
	return x
}

// passingIn sets in pass the bit of every rule one of whose keywords occurs in text (a
// string or bytes). pass must have x.words elements and start clear.
func passingIn[T string | []byte](x *keywordIndex, text T, pass []uint64) {
	for i := 0; i+3 <= len(text); i++ {
		h := trigramHash(text[i], text[i+1], text[i+2])
		if x.trigrams[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		b1, b2 := text[i+1], text[i+2]
		for _, k := range x.byFirst[text[i]] {
			// The second and third bytes rule out most keywords of the same first byte
			// before a whole comparison.
			if k.text[1] == b1 && k.text[2] == b2 && len(text)-i >= len(k.text) &&
				string(text[i:i+len(k.text)]) == k.text {
				for w, bits := range k.rules {
					pass[w] |= bits
				}
			}
		}
	}
	for _, k := range x.short {
		if containsIn(text, k.text) {
			for w, bits := range k.rules {
				pass[w] |= bits
			}
		}
	}
}

// containsIn is strings.Contains over a string or a byte slice, for the short keywords.
func containsIn[T string | []byte](text T, k string) bool {
	for i := 0; i+len(k) <= len(text); i++ {
		if string(text[i:i+len(k)]) == k {
			return true
		}
	}
	return false
}

// lowerText appends e.Text() to dst: building it as a string cost two allocations per
// classified event. ASCII is lower-cased a byte at a time; other runes as strings.ToLower
// does (unicode.ToLower, and a byte that is not UTF-8 becomes U+FFFD), so the bytes are
// Text's whatever the event holds (TestLowerText).
func lowerText(dst []byte, e *model.Event) []byte {
	for i, f := range [...]string{e.ErrorType, e.ErrorCode, e.Message, e.Exception, e.NetError, e.Detail} {
		if i > 0 {
			dst = append(dst, '\n')
		}
		for j := 0; j < len(f); {
			c := f[j]
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(f[j:])
				dst = utf8.AppendRune(dst, unicode.ToLower(r)) // RuneError for a bad byte
				j += size
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			j++
		}
	}
	return dst
}

// bit reports whether the gate bit g is set in pass.
func (x *keywordIndex) bit(pass []uint64, g int) bool {
	i := len(x.rules) + g
	return pass[i/64]&(1<<(i%64)) != 0
}

// classify is classifyWith(x.rules, e), with the keyword prefilters answered by one pass.
func (x *keywordIndex) classify(e *model.Event) (r *Rule, sev model.Severity, ok bool) {
	if !e.Failed() || rootLook(e) {
		return nil, model.Info, false
	}
	var stack [4]uint64
	var pass []uint64
	if x.words <= len(stack) {
		pass = stack[:x.words]
	} else {
		pass = make([]uint64, x.words)
	}
	var buf [1024]byte
	passingIn(x, lowerText(buf[:0], e), pass)
	if otherProviderGiven(e, x.bit(pass, gateOther), x.bit(pass, gateClaude)) {
		return nil, model.Info, false
	}
	for i := range x.rules {
		rule := &x.rules[i]
		if len(rule.Keywords) > 0 && pass[i/64]&(1<<(i%64)) == 0 {
			continue
		}
		if rule.Match(e) {
			return rule, rule.SeverityFor(e), true
		}
	}
	return nil, model.Info, false
}
