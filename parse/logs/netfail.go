package logs

import (
	"bytes"
	"regexp"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
)

// netKeywords prefilter lines for transport failures: DNS, connect, reset, TLS, proxy,
// timeouts and cut streams, in Node's, Python's, Go's and curl's words.
var netKeywords = kw("ECONN", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH",
	"ESOCKETTIMEDOUT", "EPROTO", "UND_ERR", "ERR_SOCKET", "ERR_STREAM_PREMATURE_CLOSE", "ERR_TLS", "CERT",
	"SSL", "certificate", "x509", "tls:", "peer closed", "reset by peer", "refused", "not known",
	"name resolution", "getaddrinfo", "no such host", "i/o timeout", "deadline exceeded", "timed out",
	"Timeout", "timeout", "hang up", "other side closed", "terminated", "Server disconnected", "RemoteProtocolError",
	"ConnectError", "Proxy", "proxy", "resolve host", "Failed to connect", "fetch failed", "incomplete chunked")

// netToken is one transport failure and how it ended the call.
type netToken struct {
	re        *regexp.Regexp
	truncated bool // the answer started and was cut, rather than never came
	// lits are literals of which every match of re holds one; fold says re ignores case
	// and lits are lower case.
	lits     []string
	litBytes [][]byte // lits as bytes, for bytes.Contains without a conversion per call
	fold     bool
}

// netTokens are tried in order; the first match is the event's NetError, verbatim.
var netTokens = []netToken{
	{re: regexp.MustCompile(`peer closed connection without sending complete message body(?: \([^)]*\))?`), truncated: true, lits: []string{"peer closed connection without sending complete message body"}},
	{re: regexp.MustCompile(`incomplete chunked read`), truncated: true, lits: []string{"incomplete chunked read"}},
	{re: regexp.MustCompile(`\bUND_ERR_\w+`), truncated: true, lits: []string{"UND_ERR_"}},
	{re: regexp.MustCompile(`other side closed`), truncated: true, lits: []string{"other side closed"}},
	{re: regexp.MustCompile(`\bERR_STREAM_PREMATURE_CLOSE\b`), truncated: true, lits: []string{"ERR_STREAM_PREMATURE_CLOSE"}},
	{re: regexp.MustCompile(`\b(?:Type)?Error: terminated\b`), truncated: true, lits: []string{"Error: terminated"}},
	{re: regexp.MustCompile(`\[SSL: [A-Z_]+\]`), lits: []string{"[SSL: "}},
	{re: regexp.MustCompile(`\b(?:SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)\b`), lits: []string{"CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"}},
	{re: regexp.MustCompile(`\b(?:ECONNRESET|ETIMEDOUT|ENOTFOUND|ECONNREFUSED|ECONNABORTED|EPIPE|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EPROTO|ESOCKETTIMEDOUT|ERR_SOCKET_\w+)\b`), lits: []string{"ECONN", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EPROTO", "ESOCKETTIMEDOUT", "ERR_SOCKET_"}},
	{re: regexp.MustCompile(`x509: [^,;"]+`), lits: []string{"x509: "}},
	{re: regexp.MustCompile(`tls: [^,;"]+`), lits: []string{"tls: "}},
	{re: regexp.MustCompile(`(?i)SSL certificate (?:problem: [^;"]+|verification failed)`), fold: true, lits: []string{"ssl certificate "}},
	{re: regexp.MustCompile(`(?i)self[- ]signed certificate(?: in certificate chain| detected)?`), fold: true, lits: []string{"signed certificate"}},
	{re: regexp.MustCompile(`(?i)unable to get local issuer certificate|certificate verify failed|certificate has expired`), fold: true, lits: []string{"certificate"}},
	{re: regexp.MustCompile(`Proxy Authentication Required|Tunnel connection failed: \d{3}[^'"]*|ProxyError|Unable to connect to proxy|Could not resolve proxy: \S+|ERR_PROXY_CONNECTION_FAILED`), lits: []string{"Proxy", "proxy", "Tunnel connection failed: ", "PROXY"}},
	{re: regexp.MustCompile(`Server disconnected without sending a response`), lits: []string{"Server disconnected without sending a response"}},
	{re: regexp.MustCompile(`(?i)connection reset by peer`), fold: true, lits: []string{"connection reset by peer"}},
	{re: regexp.MustCompile(`(?i)connection refused`), fold: true, lits: []string{"connection refused"}},
	{re: regexp.MustCompile(`Name or service not known|nodename nor servname provided, or not known|Temporary failure in name resolution|No address associated with hostname|getaddrinfo failed|no such host|Could not resolve host: \S+`), lits: []string{"not known", "Temporary failure in name resolution", "No address associated with hostname", "getaddrinfo failed", "no such host", "Could not resolve host: "}},
	{re: regexp.MustCompile(`i/o timeout|context deadline exceeded|TLS handshake timeout`), lits: []string{"i/o timeout", "context deadline exceeded", "TLS handshake timeout"}},
	{re: regexp.MustCompile(`socket hang up|fetch failed`), lits: []string{"socket hang up", "fetch failed"}},
	{re: regexp.MustCompile(`Failed to connect to \S+(?: port \d+)?`), lits: []string{"Failed to connect to "}},
	{re: regexp.MustCompile(`\b(?:httpx|httpcore)\.(?:ConnectError|ConnectTimeout|ReadTimeout|WriteTimeout|PoolTimeout|RemoteProtocolError|ReadError|ProxyError)\b`), lits: []string{"httpx.", "httpcore."}},
	{re: regexp.MustCompile(`Request timed out|Connection timed out|Operation timed out|[Rr]ead timed out|The read operation timed out|connection timed out`), lits: []string{"timed out"}},
}

// netEnrich sets NetError (and NoResponse or Truncated) from a transport failure named in
// the line, unless the event already has one or got an HTTP answer: a 503 whose body says
// "upstream connect error … Connection refused" is the server's failure, not the client's.
func netEnrich(ev *model.Event, b []byte) {
	if (ev.NetError != "" && !genericNet[ev.NetError]) || ev.Status != 0 {
		return
	}
	hit := false
	for _, k := range netKeywords {
		if bytes.Contains(b, k) {
			hit = true
			break
		}
	}
	if hit {
		netTokenize(ev, b)
	}
}

// netEnrichMask is netEnrich for a line whose keyword groups are known: mask says whether
// a network keyword occurs, and the keyword pass is not repeated.
func netEnrichMask(ev *model.Event, b []byte, mask uint64) {
	if mask&networkBit == 0 || (ev.NetError != "" && !genericNet[ev.NetError]) || ev.Status != 0 {
		return
	}
	netTokenize(ev, b)
}

// networkBit is the network dialect's bit in a prefilter mask, set with the prefilter
// (dialectPrefilter).
var networkBit uint64

// netTokenize is netEnrich past its keyword test.
func netTokenize(ev *model.Event, b []byte) {
	if bytes.Contains(b, []byte("upstream connect error")) {
		return
	}
	i, loc := findNetToken(b)
	if loc == nil {
		return
	}
	tok := clean(string(b[loc[0]:loc[1]]))
	if ev.NetError != "" && genericNet[tok] {
		return // a cause line said no more than the error above it
	}
	ev.NetError = tok
	if netTokens[i].truncated {
		ev.Truncated = true
	} else {
		ev.NoResponse = true
	}
}

// findNetToken returns the first of netTokens that matches b, and where. A token's
// regexp runs only when one of its literals occurs in b: most lines that reach here hold a
// keyword of one token, and trying the 25 regexps in turn was the costliest step of an
// event. TestNetTokenLiterals holds the literals to the regexps.
func findNetToken(b []byte) (int, []int) {
	nonASCII := -1 // whether b has a byte ≥ 0x80, found once: (?i) folds 'k' and 's' with runes
	for i := range netTokens {
		t := &netTokens[i]
		if !t.mayMatch(b, &nonASCII) {
			continue
		}
		if loc := t.re.FindIndex(b); loc != nil {
			return i, loc
		}
	}
	return -1, nil
}

// mayMatch reports whether one of the token's literals occurs in b, so that its regexp
// can match. A token without literals always may.
func (t *netToken) mayMatch(b []byte, nonASCII *int) bool {
	if len(t.lits) == 0 {
		return true
	}
	if t.fold {
		if *nonASCII < 0 {
			*nonASCII = 0
			for _, c := range b {
				if c >= 0x80 {
					*nonASCII = 1
					break
				}
			}
		}
		if *nonASCII == 1 {
			return true
		}
		return fold.ContainsAny(b, t.lits)
	}
	for _, l := range t.litBytes {
		if bytes.Contains(b, l) {
			return true
		}
	}
	return false
}

func init() {
	for i := range netTokens {
		t := &netTokens[i]
		for _, l := range t.lits {
			t.litBytes = append(t.litBytes, []byte(l))
		}
	}
}

// genericNet are tokens that say a transport failed but not how; a cause printed under
// them ("[cause]: Error: read ECONNRESET") replaces them.
var genericNet = map[string]bool{
	"fetch failed": true, "httpx.ConnectError": true, "httpcore.ConnectError": true, "ProxyError": true,
	"httpx.ReadError": true, "httpcore.ReadError": true,
}

// networkDialect reads a transport failure on a line of its own ("Error: getaddrinfo
// ENOTFOUND api.anthropic.com", "httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] …"),
// only when the line speaks of Claude's stack: an npm mirror's ECONNRESET in a CI log is
// not a failed call to Claude.
var networkDialect = register(&dialect{
	name:     "network",
	rank:     1500,
	keywords: netKeywords,
	// An npm mirror's ECONNRESET: without a record open, only Claude's stack counts.
	// In an input about Claude, a line that names no one else is read too (anchor.go).
	idle: func(sc *scanner, b []byte, _ uint64) bool { return claudeContext(b) || anchored(sc.anchor, b) },
	match: func(p *parser, l *lineCtx, ev *model.Event) outcome {
		unanchored := false
		if !claudeContext(l.b) && !(p.rec.tb && p.rec.tbClaude) {
			if !anchored(p.anchor, l.b) {
				return noMatch
			}
			unanchored = true
		}
		netEnrich(ev, l.b)
		if ev.NetError == "" {
			return noMatch
		}
		ev.Unanchored = unanchored
		s := l.str()
		// The message is what follows an exception class; a line without one is free text
		// that may quote a prompt, and its NetError says enough.
		var exc [6]int
		if m := findExc(&exc, s); m != nil {
			ev.Exception = s[m[2]:m[3]]
			ev.Message = clean(s[m[4]:m[5]])
		}
		if i := bytes.Index(l.b, []byte("https://")); i >= 0 {
			end := bytes.IndexAny(l.b[i:], " \t'\",)")
			if end < 0 {
				end = len(l.b) - i
			}
			setURL(ev, "", string(l.b[i:i+end]))
		} else if i := bytes.Index(l.b, []byte("api.anthropic.com")); i >= 0 {
			setURL(ev, "", "api.anthropic.com")
		}
		return emitted
	},
})
