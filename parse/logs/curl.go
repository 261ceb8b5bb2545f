package logs

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// A curl exchange is one record: the command or "> POST /v1/messages HTTP/2" request line,
// its "> Host:" header, the "< HTTP/2 429" status line, the "< retry-after: 7" headers it
// keeps and the body under them. Request headers ("> x-api-key: …") are never kept.
var (
	curlReqRE    = regexp.MustCompile(`^> (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/[\d.]+`)
	curlCmdRE    = regexp.MustCompile(`^(?:\$ )?curl\s.*?(https?://[^\s'"]+)`)
	curlMethodRE = regexp.MustCompile(`(?:-X|--request)\s*['"]?([A-Z]+)`)
	curlStatusRE = regexp.MustCompile(`^(?:< )?HTTP/(?:1\.[01]|2(?:\.0)?|3) (\d{3})(?: .*)?$`)
	curlHeaderRE = regexp.MustCompile(`^(?:< )?([A-Za-z0-9][A-Za-z0-9-]*):\s*(.*)$`)
	curlFailRE   = regexp.MustCompile(`^curl: \((\d+)\) (.*)$`)
)

// This is a curl exchange's row of the routing table: it opens on a request line, the
// command, a status line or curl's own failure, and goes on to the end of the body.
var _ = register(&dialect{
	name:   "curl",
	rank:   40,
	firsts: "><$cH", // startsCurl's first bytes
	starts: startsCurl,
	open: func(p *parser, l *lineCtx) {
		p.flush()
		p.startCurl(l)
	},
	isOpen: func(p *parser) bool { return p.rec.curl },
	feed:   (*parser).feedCurl,
})

// startsCurl reports a line that opens a curl exchange.
func startsCurl(t []byte) bool {
	switch {
	case len(t) > 2 && t[0] == '>' && t[1] == ' ':
		// npm prints "> app@1.0.0 test": a method starts with one of these letters.
		switch t[2] {
		case 'G', 'P', 'D', 'H', 'O':
			return curlReqRE.Match(t)
		}
		return false
	case bytes.HasPrefix(t, []byte("curl ")) || bytes.HasPrefix(t, []byte("$ curl ")):
		return curlCmdRE.Match(t)
	case bytes.HasPrefix(t, []byte("< HTTP/")) || bytes.HasPrefix(t, []byte("HTTP/")):
		return curlStatusRE.Match(t)
	case bytes.HasPrefix(t, []byte("curl: (")):
		return true
	}
	return false
}

func (p *parser) startCurl(l *lineCtx) {
	p.rec = record{active: true, curl: true, ev: p.newEvent(l, "curl")}
	p.feedCurl(l)
}

// feedCurl reads a line of a curl exchange and reports whether it belonged to it.
func (p *parser) feedCurl(l *lineCtx) bool {
	r := &p.rec
	ev := &r.ev
	t := bytes.TrimSpace(l.b)
	switch {
	case len(t) == 0:
		if r.curlStatus && !r.curlHdrEnd {
			r.curlHdrEnd = true
			return true
		}
		p.flush()
		return true
	case t[0] == '*':
		if ev.Status == 0 {
			netEnrich(ev, t)
			if ev.NetError != "" {
				r.hasEvent = true
				ev.Message = clean(string(bytes.TrimSpace(t[1:])))
			}
		}
		return true
	case t[0] == '>':
		if m := curlReqRE.FindSubmatch(t); m != nil {
			if r.curlStatus || ev.Method != "" {
				p.flush()
				p.startCurl(l)
				return true
			}
			setURL(ev, string(m[1]), string(m[2]))
			return true
		}
		if h := curlHeaderRE.FindSubmatch(bytes.TrimSpace(t[1:])); h != nil && strings.EqualFold(string(h[1]), "host") {
			path := ev.Path
			setURL(ev, "", string(h[2]))
			if path != "" {
				ev.Path = path
			}
		}
		return true // request headers are never kept: they hold the key
	}
	if m := curlStatusRE.FindSubmatch(t); m != nil {
		n, _ := strconv.Atoi(string(m[1]))
		if n >= 100 && n < 200 && r.curlStatus {
			return true
		}
		ev.Status = n
		r.curlStatus, r.hasEvent, r.curlHdrEnd = true, true, false
		ev.Headers = ev.Headers[:0]
		return true
	}
	if bytes.HasPrefix(t, []byte("curl ")) || bytes.HasPrefix(t, []byte("$ curl ")) {
		if r.curlStatus || r.hasEvent || ev.Host != "" {
			p.flush()
			p.rec = record{active: true, curl: true, ev: p.newEvent(l, "curl")}
			r, ev = &p.rec, &p.rec.ev
		}
		if m := curlCmdRE.FindSubmatch(t); m != nil {
			method := ""
			if mm := curlMethodRE.FindSubmatch(t); mm != nil {
				method = string(mm[1])
			}
			setURL(ev, method, string(m[1]))
			r.curlCode = bytes.Contains(t, []byte("%{http_code}"))
		}
		return true
	}
	if m := curlFailRE.FindSubmatch(t); m != nil {
		netEnrich(ev, m[2])
		if ev.NetError == "" {
			ev.NetError = clean("curl: (" + string(m[1]) + ")")
		}
		ev.NoResponse = ev.Status == 0
		ev.Message = clean(string(m[2]))
		// Without the command above it, the failure is Claude's only if the text says so.
		r.hasEvent = ev.Host != "" || claudeContext(t)
		return true
	}
	if r.curlCode && !r.curlStatus && len(t) == 3 {
		if n, err := strconv.Atoi(string(t)); err == nil && n >= 100 && n <= 599 {
			ev.Status = n
			r.curlStatus, r.hasEvent, r.curlHdrEnd = true, true, true
			return true
		}
	}
	if r.curlStatus && !r.curlHdrEnd && !r.curlBody {
		if t[0] == '<' && len(t) == 1 {
			r.curlHdrEnd = true
			return true
		}
		if h := curlHeaderRE.FindSubmatch(t); h != nil {
			keepHeader(ev, string(h[1]), string(h[2]))
			return true
		}
	}
	if r.curlStatus && ev.Status < 400 && (t[0] == '{' || t[0] == '[') {
		return true // a success body is the answer itself: never kept
	}
	if r.curlStatus && !r.curlBody && (t[0] == '{' || t[0] == '[' || (t[0] == '<' && len(t) > 1)) {
		r.curlBody = true
		p.rec.openBody(t)
		return true
	}
	p.flush()
	return false
}
