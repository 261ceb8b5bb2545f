package rules

import "github.com/claudelog/claudelog/model"

// networkFixRetry is the first fix of every transport failure.
const networkFixRetry = "Retry: the SDKs retry connection errors by themselves; if every attempt fails, the cause is on the path, not the API."

// streamCutPhrases are the wordings of a stream that broke after it started.
var streamCutPhrases = []string{
	"peer closed connection without sending complete message body", "incomplete chunked read",
	"err_incomplete_chunked_encoding", "error: terminated", "other side closed", "stream ended unexpectedly",
	"stream ended without producing", "request ended without sending any chunks", "unexpected event order",
}

// streamStopPhrases are the newer, looser wordings of a stream that started and did not
// finish (Claude Code, SDK helpers, proxies): what they share is "part way", not a token.
var streamStopPhrases = []string{
	"mid-stream", "mid-response", "midstream", "stopped arriving", "without message_stop", "stream ended without",
	"stream ended before", "response stalled", "stream stalled", "stream was interrupted", "stream interrupted",
	"may be incomplete", "premature close", "err_stream_premature_close", "original response: event: error",
}

// resetPhrases are transport failures that, once a response has started, cut it.
var resetPhrases = []string{
	"err_http2_protocol_error", "err_quic_protocol_error", "econnreset", "err_connection_reset",
	"err_connection_closed", "connection reset by peer", "socket hang up", "epipe", "ns_error_net_reset",
	"ns_error_net_interrupt", "network connection was lost", "und_err_socket",
}

// timeoutPhrases are the ways clients say they stopped waiting.
var timeoutPhrases = []string{
	"request timed out", "err_timed_out", "etimedout", "apitimeouterror", "apiconnectiontimeouterror",
	"context deadline exceeded", "readtimeout", "connecttimeout", "writetimeout", "pooltimeout",
	"ns_error_net_timeout", "operation timed out", "read timed out", "timed out after", "ms exceeded",
	"connection timed out",
}

// responseStarted reports whether an answer had begun before the failure: a 2xx status, a
// stream the parser saw events of, or a body marked cut.
func responseStarted(e *model.Event) bool {
	return (e.Status >= 200 && e.Status < 300) || e.InStream || e.Truncated
}

// The phrases of the specific transport failures; network-connection leaves them to their rules.
var (
	dnsPhrases = []string{"enotfound", "eai_again", "err_name_not_resolved", "getaddrinfo", "name or service not known",
		"nodename nor servname", "temporary failure in name resolution", "ns_error_unknown_host",
		"hostname could not be found", "no such host", "could not resolve host", "could not resolve proxy"}
	tlsPhrases = []string{"certificate_verify_failed", "certificate verification failed", "self signed certificate",
		"self-signed certificate", "unable to get local issuer certificate", "unable to verify the first certificate",
		"sslerror", "err_cert_", "err_ssl_", "err_insecure_response", "x509:", "tls: failed to verify",
		"certificate signed by unknown authority", "ssl certificate problem", "sslcertverificationerror",
		"certificate verify failed", "ssl: wrong_version_number", "tlsv1_alert"}
	proxyPhrases = []string{"err_proxy_connection_failed", "err_tunnel_connection_failed", "proxyerror", "tunnel connection failed",
		"ns_error_proxy", "err_proxy_tunnel", "connect through your proxy"}
)

// networkRules: the transport between the client and the host. Every rule here requires
// that no HTTP error status came back (noHTTPError): a status means the server side
// answered, and then the status family decides.
var networkRules = []Rule{
	{
		ID: "cancelled-by-client", Cause: "request_cancelled", Severity: model.Info, Priority: PriorityWording,
		Title: "The client aborted the request",
		Doc: "Matches net::ERR_ABORTED, Firefox's NS_BINDING_ABORTED, WebKit's \"cancelled\", \"Request was " +
			"aborted\" (APIUserAbortError), \"The user aborted a request\", \"This operation was aborted\" " +
			"(AbortError), Claude Code's \"Interrupted by user\" and \"Operation aborted\", without an HTTP error " +
			"status. Info: the user or the code cancelled on purpose; it is not an outage.",
		Fixes: []string{
			"Nothing to fix if it was deliberate.",
			"If nobody cancelled, look for code that aborts on a short timer or on navigation (an AbortController, a page change).",
		},
		Keywords: []string{
			"err_aborted", "ns_binding_aborted", "request was aborted", "apiuserabort", "user aborted a request",
			"operation was aborted", "aborterror", "interrupted by user", "operation aborted", "cancelled",
		},
		Match: func(e *model.Event) bool {
			if !noHTTPError(e) {
				return false
			}
			return trimmedEqualFold(e.NetError, "cancelled") || trimmedEqualFold(e.NetError, "load request cancelled") ||
				textHas(e, "err_aborted", "ns_binding_aborted", "request was aborted", "apiuserabort",
					"user aborted a request", "operation was aborted", "aborterror", "interrupted by user", "operation aborted")
		},
		Grade: bySurface,
	},
	{
		ID: "client-timeout", Cause: "client_timeout", Severity: model.Error, Priority: PriorityWording,
		Title: "The client timed out waiting for an answer",
		Doc: "Matches the SDKs' \"Request timed out\" (APITimeoutError, APIConnectionTimeoutError), " +
			"net::ERR_TIMED_OUT, ETIMEDOUT, Go's \"context deadline exceeded\", httpx's ReadTimeout, " +
			"ConnectTimeout, WriteTimeout and PoolTimeout, requests' \"Read timed out\", curl's \"Operation " +
			"timed out after N milliseconds\" and \"Connection timed out after …\" (curl 28), axios' \"timeout of " +
			"N ms exceeded\", and Firefox's NS_ERROR_NET_TIMEOUT, without an HTTP error status. It beats " +
			"APIConnectionError, of which the SDK timeout is a subclass.",
		Fixes: []string{
			"Stream long generations, so bytes keep arriving before any timeout.",
			"Raise the client timeout (API_TIMEOUT_MS for Claude Code, timeout= in the SDKs) and any proxy timeout.",
			"If even small requests time out, check the network path and proxy settings.",
		},
		Keywords: timeoutPhrases,
		Match: func(e *model.Event) bool {
			// Cloudflare's "522: Connection timed out" page is the server side's timeout, and
			// a stream that stalled part way ("timed out mid-stream") is a broken stream.
			return noHTTPError(e) && !textHas(e, "522: connection timed out", "522 connection timed out") &&
				!textHas(e, streamStopPhrases...)
		},
		Grade: bySurface,
	},
	{
		ID: "stream-cut", Cause: "stream_interrupted", Severity: model.Error, Priority: PriorityWording,
		Title: "The connection closed in the middle of a streamed response",
		Doc: "Matches httpx's \"peer closed connection without sending complete message body (incomplete chunked " +
			"read)\", net::ERR_INCOMPLETE_CHUNKED_ENCODING, Node's \"TypeError: terminated\" / \"other side " +
			"closed\", and the SDK stream helpers' \"stream ended without producing a Message\", \"request ended " +
			"without sending any chunks\" and \"Unexpected event order\", without an HTTP error status. It beats " +
			"APIConnectionError, which often wraps it.",
		Fixes: []string{
			networkFixRetry,
			"Raise idle and read timeouts on proxies and load balancers, and turn off response buffering for text/event-stream.",
			fixStatusPage,
		},
		Keywords: append([]string{"terminated"}, streamCutPhrases...),
		Match: func(e *model.Event) bool {
			if !noHTTPError(e) {
				return false
			}
			// Node prints "TypeError: terminated"; a parser may keep the class and the bare
			// word apart, and the word alone is too common to be a keyword by itself.
			return textHas(e, streamCutPhrases...) ||
				trimmedEqualFold(e.Message, "terminated") || trimmedEqualFold(e.NetError, "terminated")
		},
		Grade: bySurface,
	},
	{
		ID: "stream-stopped-mid-response", Cause: "stream_interrupted", Severity: model.Error, Priority: PriorityWording,
		Title: "The response stopped or stalled part way",
		Doc: "Matches a client's words for a stream that started and did not finish: \"Stream ended without " +
			"message_stop event\", \"Response stalled mid-stream\", \"The response stopped arriving\", " +
			"\"Connection lost mid-response\", \"The response above may be incomplete\", \"Premature close\", and " +
			"a wrapper that could not parse the stream's \"event: error\" (LiteLLM's \"Original response: event: " +
			"error\"), without an HTTP error status and without an error type: a server error type named in the " +
			"stream decides by its own rule, and a reply that stopped at its max_tokens is no broken stream. It " +
			"beats APIConnectionError, which often wraps it.",
		Fixes: []string{
			networkFixRetry,
			"Raise idle and read timeouts on proxies and load balancers, and turn off response buffering for text/event-stream.",
			fixStatusPage,
		},
		Keywords: streamStopPhrases,
		Match: func(e *model.Event) bool {
			// A reply cut by its own max_tokens "may be incomplete" too, but nothing broke.
			return noHTTPError(e) && e.ErrorType == "" && !textHas(e, streamCutPhrases...) &&
				!textHas(e, "max_tokens", "output token", "max output")
		},
		Grade: bySurface,
	},
	{
		ID: "stream-reset-after-start", Cause: "stream_interrupted", Severity: model.Error, Priority: PriorityWording,
		Title: "The connection broke after the response had started",
		Doc: "Matches a transport failure (net::ERR_HTTP2_PROTOCOL_ERROR, ECONNRESET, net::ERR_CONNECTION_CLOSED, " +
			"\"socket hang up\", …) on a response that had already started: a 2xx status came, or the stream " +
			"was marked cut or carried events. A browser records a claude.ai completion whose HTTP/2 stream " +
			"was reset as status 200 with net::ERR_HTTP2_PROTOCOL_ERROR. The same error with no answer at all " +
			"is a network_error.",
		Fixes: []string{
			networkFixRetry,
			"Raise idle and read timeouts on proxies and load balancers, and turn off response buffering for text/event-stream.",
			"In a browser, a VPN or a TLS-inspecting proxy that mishandles HTTP/2 is a common cause; try without it.",
		},
		Keywords: resetPhrases,
		Match: func(e *model.Event) bool {
			return responseStarted(e) && noHTTPError(e) && e.ErrorType == "" &&
				!textHas(e, streamCutPhrases...) && !textHas(e, streamStopPhrases...)
		},
		Grade: bySurface,
	},
	{
		ID: "stream-truncated", Cause: "stream_interrupted", Severity: model.Error, Priority: PriorityType,
		Title: "The response or stream ended early",
		Doc: "Matches an event the parser marked Truncated (the stream started but never reached its end) with no " +
			"error type and no HTTP error status. A connection reset that cut a started stream lands here, not " +
			"in network_error.",
		Fixes: []string{
			networkFixRetry,
			"Raise idle and read timeouts on proxies and load balancers, and turn off response buffering for text/event-stream.",
		},
		Match: func(e *model.Event) bool { return e.Truncated && e.ErrorType == "" && noHTTPError(e) },
		Grade: bySurface,
	},
	{
		ID: "stream-error-event", Cause: "stream_interrupted", Severity: model.Error, Priority: PriorityFallback,
		Title: "An error event of unknown type inside a 200 stream",
		Doc: "Catch-all for an \"event: error\" inside a 200 event stream whose error type no other rule knows " +
			"(a known type, such as overloaded_error, is matched by its own rule first).",
		Fixes: []string{
			"Handle error events in streams: the HTTP status was 200, so status checks miss them.",
			fixRetryBackoff, fixQuoteRequestID,
		},
		Match: func(e *model.Event) bool { return e.InStream && noHTTPError(e) },
		Grade: bySurface,
	},
	{
		ID: "blocked-by-client", Cause: "blocked_by_client", Severity: model.Error, Priority: PriorityType,
		Title: "Blocked by an extension or an administrator policy",
		Doc: "Matches net::ERR_BLOCKED_BY_CLIENT (an extension such as an ad blocker) and " +
			"net::ERR_BLOCKED_BY_ADMINISTRATOR (a policy), and Claude Code's \"A mod's http.fetch hook stopped this " +
			"request\" (a local hook refused to send it). Info on third-party hosts and telemetry paths, Error " +
			"on Claude's own calls.",
		Fixes: []string{
			"Allow claude.ai (and api.anthropic.com) in the ad or tracker blocker, or try a window without extensions.",
			"For ERR_BLOCKED_BY_ADMINISTRATOR, ask the administrator to allow the host.",
		},
		Keywords: []string{"err_blocked_by_client", "err_blocked_by_administrator", "hook stopped this request"},
		Match:    noHTTPError,
		Grade:    bySurface,
	},
	{
		ID: "network-dns", Cause: "network_error", Severity: model.Error, Priority: PriorityType,
		Title: "The host name did not resolve (DNS)",
		Doc: "Matches ENOTFOUND, EAI_AGAIN, net::ERR_NAME_NOT_RESOLVED, getaddrinfo failures, \"Name or service " +
			"not known\", \"Temporary failure in name resolution\", Firefox's NS_ERROR_UNKNOWN_HOST and WebKit's " +
			"\"hostname could not be found\", without an HTTP error status.",
		Fixes: []string{
			"Check the host name in the base URL (ANTHROPIC_BASE_URL) for typos.",
			"Check DNS and the VPN: resolve the host from the same machine (nslookup api.anthropic.com).",
		},
		Keywords: dnsPhrases,
		Match:    noHTTPError,
		Grade:    bySurface,
	},
	{
		ID: "network-tls", Cause: "network_error", Severity: model.Error, Priority: PriorityType,
		Title: "TLS failed (certificate verification, TLS-inspecting proxy)",
		Doc: "Matches CERTIFICATE_VERIFY_FAILED, \"SSL certificate verification failed\", \"self signed " +
			"certificate\", \"unable to get local issuer certificate\", \"unable to verify the first " +
			"certificate\", SSLError, net::ERR_CERT_*, net::ERR_SSL_* and net::ERR_INSECURE_RESPONSE, without an " +
			"HTTP error status. A corporate proxy that inspects TLS is the usual cause.",
		Fixes: []string{
			"Trust the proxy's CA: NODE_EXTRA_CA_CERTS for Node and Claude Code, SSL_CERT_FILE or REQUESTS_CA_BUNDLE for Python.",
			"Check the system clock (certificates look expired on a wrong clock).",
		},
		Keywords: tlsPhrases,
		Match:    noHTTPError,
		Grade:    bySurface,
	},
	{
		ID: "network-proxy", Cause: "network_error", Severity: model.Error, Priority: PriorityType,
		Title: "The proxy failed",
		Doc: "Matches net::ERR_PROXY_CONNECTION_FAILED, net::ERR_TUNNEL_CONNECTION_FAILED, ProxyError, \"Tunnel " +
			"connection failed\" and Firefox's NS_ERROR_PROXY_*, without an HTTP error status.",
		Fixes: []string{
			"Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY and that the proxy is running and reachable.",
			"Check whether the proxy allows CONNECT to the host.",
		},
		Keywords: proxyPhrases,
		Match:    noHTTPError,
		Grade:    bySurface,
	},
	{
		ID: "network-connection", Cause: "network_error", Severity: model.Error, Priority: PriorityType,
		Title: "The connection was refused, reset or never made",
		Doc: "Matches ECONNRESET, ECONNREFUSED, EPIPE, EHOSTUNREACH, ENETUNREACH, UND_ERR_SOCKET, " +
			"net::ERR_CONNECTION_*, ERR_INTERNET_DISCONNECTED, ERR_NETWORK_CHANGED, ERR_HTTP2_PROTOCOL_ERROR, " +
			"ERR_QUIC_PROTOCOL_ERROR, ERR_EMPTY_RESPONSE, ERR_ADDRESS_UNREACHABLE, APIConnectionError (\"Connection " +
			"error.\"), httpx ConnectError, \"Unable to connect to API\", \"Connection refused\", \"Connection " +
			"reset by peer\", \"fetch failed\", mitmproxy's \"Connect call failed\", Firefox's NS_ERROR_NET_RESET, " +
			"NS_ERROR_CONNECTION_REFUSED, NS_ERROR_NET_INTERRUPT and WebKit's \"Could not connect to the server\", " +
			"\"The network connection was lost\", without an HTTP error status.",
		Fixes: []string{
			networkFixRetry,
			"Check the connection, VPN and proxy settings (HTTPS_PROXY); a firewall may drop the host.",
			"If it happens mid-request on long calls, raise idle timeouts on proxies and enable TCP keep-alive.",
		},
		Keywords: []string{
			"econnreset", "econnrefused", "epipe", "ehostunreach", "enetunreach", "und_err_socket",
			"err_connection_", "err_internet_disconnected", "err_network_changed", "err_http2_protocol_error",
			"err_quic_protocol_error", "err_empty_response", "err_address_unreachable", "apiconnectionerror",
			"connection error.", "connecterror", "unable to connect to api", "connection refused",
			"connection reset by peer", "network is unreachable", "no route to host", "fetch failed",
			"connect call failed", "ns_error_net_reset", "ns_error_connection_refused", "ns_error_net_interrupt",
			"could not connect to the server", "network connection was lost", "internet connection appears to be offline",
		},
		Match: func(e *model.Event) bool {
			// A DNS, TLS or proxy failure often arrives wrapped in a generic one ("Unable to
			// connect to API (ENOTFOUND)", httpx.ConnectError [SSL: …]); the specific rule,
			// with the specific fix, takes it. A response that had started is a broken stream.
			return noHTTPError(e) && !e.Truncated && !(responseStarted(e) && textHas(e, resetPhrases...)) &&
				!textHas(e, dnsPhrases...) && !textHas(e, tlsPhrases...) && !textHas(e, proxyPhrases...)
		},
		Grade: bySurface,
	},
	{
		ID: "network-proxy-auth-407", Cause: "network_error", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 407 Proxy Authentication Required",
		Doc:   "Matches status 407: a proxy between you and the host wants credentials; the request never left the proxy.",
		Fixes: []string{"Give the proxy its credentials (HTTPS_PROXY=http://user:pass@proxy:port) or use a proxy that does not need them."},
		Match: func(e *model.Event) bool { return e.Status == 407 },
		Grade: bySurface,
	},
}
