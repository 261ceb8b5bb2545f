package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// EvidenceOf renders an event as evidence: where, when, what came back, and one line of
// detail (already redacted by the parser).
func EvidenceOf(e *Event) Evidence {
	return EvidenceWith(e, e.Header("retry-after"), EndpointOf(e))
}

// EvidenceWith is EvidenceOf with the event's retry-after header and endpoint given.
func EvidenceWith(e *Event, retryAfter, endpoint string) Evidence {
	var d []string
	switch {
	case e.ErrorType != "" && e.Message != "":
		d = append(d, e.ErrorType+": "+e.Message)
	case e.Message != "":
		d = append(d, e.Message)
	case e.ErrorType != "":
		d = append(d, e.ErrorType)
	}
	if e.ErrorCode != "" && !strings.Contains(strings.Join(d, ""), e.ErrorCode) {
		d = append(d, e.ErrorCode)
	}
	if e.Exception != "" {
		d = append(d, e.Exception)
	}
	if e.NetError != "" {
		d = append(d, e.NetError)
	}
	if e.InStream {
		d = append(d, "inside a 200 event stream")
	}
	if e.Detail != "" && len(d) == 0 {
		d = append(d, e.Detail)
	}
	if retryAfter != "" {
		d = append(d, "retry-after: "+retryAfter)
	}
	if e.Attempt > 1 {
		d = append(d, fmt.Sprintf("attempt %d", e.Attempt))
	}
	return Evidence{
		Source: sourceName(e.Source), Path: e.Source.Path, Line: e.Source.Line, Entry: e.Source.Entry,
		Time: e.Time, Status: e.Status, RequestID: e.RequestID, RequestBytes: e.RequestBytes,
		Endpoint: endpoint, Detail: Clip(strings.Join(d, "; "), MaxMessage), Session: e.Session,
	}
}

// sourceName is e.Source.String() without fmt, which the detectors' EvidenceOf calls made a
// visible cost (TestSourceNameIsString).
func sourceName(s Source) string {
	switch {
	case s.Entry > 0:
		return s.Path + "#entry-" + strconv.Itoa(s.Entry)
	case s.Line > 0:
		return s.Path + ":" + strconv.Itoa(s.Line)
	case s.Offset > 0:
		return s.Path + "@" + strconv.FormatInt(s.Offset, 10)
	}
	return s.Path
}

// endpointCacheSize bounds an EndpointCache: a log names few endpoints, a HAR a few
// hundred.
const endpointCacheSize = 4096

// EndpointCache remembers EndpointOf by method, host and path, because EndpointOf runs a
// regexp and is asked for every event. When full it starts over, so memory stays
// bounded. The zero value is ready; it is not safe for concurrent use.
type EndpointCache struct {
	m map[[3]string]string
	// the last key asked and its endpoint: a log asks for one endpoint event after event,
	// and comparing three short strings costs less than hashing them
	lastK  [3]string
	lastEP string
	last   bool
}

// Of is EndpointOf(e), through the cache.
func (c *EndpointCache) Of(e *Event) string {
	if e.Host == "" && e.Path == "" {
		return ""
	}
	k := [3]string{e.Method, e.Host, e.Path}
	if c.last && k == c.lastK {
		return c.lastEP
	}
	if ep, ok := c.m[k]; ok {
		c.lastK, c.lastEP, c.last = k, ep, true
		return ep
	}
	if c.m == nil || len(c.m) >= endpointCacheSize {
		c.m = make(map[[3]string]string)
	}
	ep := EndpointOf(e)
	c.m[k] = ep
	c.lastK, c.lastEP, c.last = k, ep, true
	return ep
}

// mayHoldID reports whether idSegment can match ep: each of its branches needs an
// underscore or four hex digits in a row. Most endpoints (/v1/messages) have neither, and
// the regexp is then not run (TestMayHoldID).
func mayHoldID(ep string) bool {
	run := 0
	for i := 0; i < len(ep); i++ {
		c := ep[i]
		switch {
		case c == '_':
			return true
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			run++
			if run >= 4 {
				return true
			}
		default:
			run = 0
		}
	}
	return false
}

var idSegment = regexp.MustCompile(`/(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}|[0-9]{4,}|(?:msg|req|msgbatch|file|toolu|wrkspc)_[A-Za-z0-9]+)(?:/|$)`)

// EndpointOf names the call with ids folded ("/api/organizations/{id}/chat_conversations/
// {id}/completion"), so one endpoint is one line whatever the conversation.
func EndpointOf(e *Event) string {
	ep := e.Endpoint()
	if !mayHoldID(ep) {
		return ep
	}
	for {
		loc := idSegment.FindStringIndex(ep)
		if loc == nil {
			return ep
		}
		end := loc[1]
		tail := ""
		if ep[end-1] == '/' {
			tail = "/"
		}
		ep = ep[:loc[0]] + "/{id}" + tail + ep[end:]
	}
}
