package sanitize

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
	"github.com/claudelog/claudelog/parse/redact"
)

// role says what a JSON value is in a HAR, as far as sanitizing cares.
type role uint8

const (
	rGeneric role = iota // any other value: strings through redact.Text, secret member names hashed
	rRoot
	rWrap // a member of the top-level object, which may hold a HAR's log
	rLog
	rEntries
	rEntry
	rRequest
	rResponse
	rReqHeaders
	rRespHeaders
	rReqHeader
	rRespHeader
	rCookies
	rCookie
	rParams // queryString, postData.params
	rParam
	rPostData
	rContent
	rSockets // _webSocketMessages
	rSocket
	rPages // log.pages
	rPage
	rSecret     // inside a member whose name is secret: every string hashed
	rStreamData // a non-error event-stream payload: only whitelisted strings stay
	rFormParams // postData.params
	rFormParam
)

// place is where a value sits: its role and the name of the member holding it.
type place struct {
	role role
	key  string
}

// entryState is what the entry being read has said so far that body decisions need.
// Exporters write request.url before postData and response.status and headers before
// content; when a file does not, the decision fails closed (the body is removed).
type entryState struct {
	urlSeen     bool
	host, path  string
	status      int // -1 until seen
	mime        string
	contentType string // the response's content-type header
	reqMime     string
}

// child is the place of a member (key) or element (key "") of a value at pl.
func (rw *rewriter) child(pl place, key string) place {
	switch pl.role {
	case rSecret:
		return place{role: rSecret, key: key}
	case rStreamData:
		return place{role: rStreamData, key: key}
	case rRoot:
		if key == "log" {
			return place{role: rLog, key: key}
		}
		// One entry saved alone, as parse/har reads it (lone.go there): its request and
		// response are sanitized as an entry's.
		switch key {
		case "request", "response", "_webSocketMessages":
			if rw.entriesAt < 0 {
				rw.entriesAt, rw.entry, rw.stats.Entries = rw.pos(), entryState{status: -1}, 1
			}
			return rw.child(place{role: rEntry}, key)
		}
		// A HAR nested one level down under a wrapper key, as parse/har reads it.
		if key != "" && !redact.SecretField(key) {
			return place{role: rWrap, key: key}
		}
	case rWrap:
		if key == "log" {
			return place{role: rLog, key: key}
		}
	case rLog:
		if key == "entries" {
			return place{role: rEntries, key: key}
		}
		if key == "pages" {
			return place{role: rPages, key: key}
		}
	case rPages:
		return place{role: rPage}
	case rPage:
		if key == "title" {
			// A claude.ai page title is the conversation's name, written from its content.
			return place{role: rSecret, key: key}
		}
	case rEntries:
		return place{role: rEntry}
	case rEntry:
		switch key {
		case "request":
			return place{role: rRequest, key: key}
		case "response":
			return place{role: rResponse, key: key}
		case "_webSocketMessages":
			return place{role: rSockets, key: key}
		}
	case rRequest:
		switch key {
		case "headers":
			return place{role: rReqHeaders, key: key}
		case "cookies":
			return place{role: rCookies, key: key}
		case "queryString":
			return place{role: rParams, key: key}
		case "postData":
			return place{role: rPostData, key: key}
		case "url", "method":
			return place{role: rRequest, key: key}
		}
	case rResponse:
		switch key {
		case "headers":
			return place{role: rRespHeaders, key: key}
		case "cookies":
			return place{role: rCookies, key: key}
		case "content":
			return place{role: rContent, key: key}
		case "status":
			return place{role: rResponse, key: key}
		}
	case rReqHeaders:
		return place{role: rReqHeader}
	case rRespHeaders:
		return place{role: rRespHeader}
	case rCookies:
		if key != "" {
			// IE11 writes cookies as an object, name to value: every value is secret.
			return place{role: rSecret, key: key}
		}
		return place{role: rCookie}
	case rParams:
		return place{role: rParam}
	case rFormParams:
		return place{role: rFormParam}
	case rPostData:
		switch key {
		case "params":
			return place{role: rFormParams, key: key}
		case "text", "mimeType":
			return place{role: rPostData, key: key}
		}
	case rContent:
		switch key {
		case "text", "mimeType", "encoding":
			return place{role: rContent, key: key}
		}
	case rSockets:
		return place{role: rSocket}
	case rReqHeader, rRespHeader, rCookie, rParam, rFormParam, rSocket:
		if pl.key == "value" {
			// A value written as a list or an object (Polly.JS writes set-cookie: ["…"]):
			// everything inside is that value.
			key = "value"
		}
		return place{role: pl.role, key: key}
	}
	if key != "" && redact.SecretField(key) {
		return place{role: rSecret, key: key}
	}
	return place{role: rGeneric, key: key}
}

// noteNumber remembers response.status.
func (rw *rewriter) noteNumber(pl place, num []byte) {
	if pl.role == rResponse && pl.key == "status" {
		if n, err := strconv.ParseFloat(string(num), 64); err == nil {
			rw.entry.status = int(n)
		}
	}
}

// kind is how a string value is rewritten.
type kind uint8

const (
	kText      kind = iota // redact.Text
	kURL                   // redact.URL
	kHash                  // redact.Value
	kCookie                // a Cookie header: every value hashed
	kSetCookie             // a Set-Cookie header: the cookie's value hashed, attributes kept
	kRemove                // a conversation body or websocket frame: a marker with its size
	kBody                  // a kept body: JSON and forms structurally, else Text; base64 looked into
	kStream                // an event stream: framing, errors and limits kept, text deltas removed
	kStreamStr             // a string in an event-stream payload: kept only for a few names
	kName                  // a header or parameter name: remembered, then Text
	kHashBlind             // a value before its name: hashed to fail closed, not known to be secret
)

// kindOf decides how the string at pl is rewritten. It also records what later decisions
// need (the URL, header names, mime types).
func (rw *rewriter) kindOf(pl place) kind {
	e := &rw.entry
	switch pl.role {
	case rSecret:
		return kHash
	case rStreamData:
		return kStreamStr
	case rRequest:
		if pl.key == "url" {
			return kURL
		}
	case rResponse:
		if pl.key == "status" {
			return kText // a status written as a string; noted in rewrite
		}
	case rReqHeader, rRespHeader, rParam, rFormParam:
		switch pl.key {
		case "name":
			return kName
		case "value":
			if pl.role == rFormParam && rw.conversation() {
				return kRemove // a form field sent to Claude: an uploaded file's text
			}
			return rw.valueKind(pl.role)
		case "fileName":
			if pl.role == rFormParam {
				return kHash
			}
		}
	case rCookie:
		if pl.key == "value" {
			return kHash
		}
	case rPostData:
		if pl.key == "text" {
			if rw.conversation() {
				return kRemove
			}
			return kBody
		}
	case rContent:
		if pl.key == "text" {
			mime := strings.ToLower(e.mime + " " + e.contentType)
			switch {
			case strings.Contains(mime, "event-stream"):
				return kStream
			case e.status >= 400:
				return kBody
			case e.status < 0 || rw.conversation():
				return kRemove
			}
			return kBody
		}
	case rSocket:
		if pl.key == "data" {
			return kRemove
		}
	}
	if k := strings.ToLower(pl.key); k == "url" || strings.HasSuffix(k, "url") || k == "location" || k == "referer" {
		return kURL
	}
	return kText
}

// curName is the name of the header or parameter object being read; "" until its name
// member was read (a value before its name is hashed: fail closed).
func (rw *rewriter) valueKind(r role) kind {
	name := strings.ToLower(strings.TrimSpace(rw.curName))
	if !rw.nameSeen {
		return kHashBlind
	}
	switch r {
	case rParam, rFormParam:
		if redact.SecretParam(name) {
			return kHash
		}
		return kText
	case rRespHeader:
		if name == "content-type" {
			rw.noteContentType = true
		}
	}
	switch name {
	case ":path":
		return kURL // Chrome's HTTP/2 pseudo-header: the path and query of url
	case "cookie":
		return kCookie
	case "set-cookie":
		return kSetCookie
	case "location", "referer", "content-location", "origin":
		return kURL
	}
	if redact.SecretHeader(name) {
		return kHash
	}
	return kText
}

// conversation reports whether the entry's bodies are conversation content: anything
// sent to or received from a Claude host, or a conversation path on any host (a gateway,
// a local proxy). An entry whose URL was not seen yet counts as one: fail closed.
func (rw *rewriter) conversation() bool {
	e := &rw.entry
	if !e.urlSeen {
		return true
	}
	if model.PlatformOf(e.host).Claude() {
		return true
	}
	p := strings.ToLower(e.path)
	for _, frag := range []string{"/v1/messages", "/v1/complete", "/completion", "/chat_conversations", "/chat/completions", "/v1/responses", ":rawpredict", ":streamrawpredict", "/invoke", "/converse"} {
		if strings.Contains(p, frag) {
			return true
		}
	}
	return false
}

// noteURL records the host and path of request.url, for conversation.
func (e *entryState) noteURL(raw string) {
	e.urlSeen = true
	raw = strings.TrimSpace(raw)
	if u, err := url.Parse(raw); err == nil {
		e.host, e.path = u.Hostname(), u.Path
		return
	}
	s := raw
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	host, path, _ := strings.Cut(s, "/")
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	e.host, e.path = host, "/"+path
}
