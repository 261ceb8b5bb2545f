package rules

import (
	"strings"

	"github.com/claudelog/claudelog/internal/fold"
	"github.com/claudelog/claudelog/model"
)

// This file decides what is not Claude's failure at all, before any rule may blame Claude:
// another provider's error that a wrapper (LiteLLM, a gateway, an IDE) printed beside
// Claude's, and a look at a host's root page. Classify leaves such events without a cause,
// so the report counts them as unexplained instead of naming a Claude cause for them.

// otherProviderHosts are the API hosts of model providers that do not serve Claude. A
// gateway that serves Claude among others (openrouter.ai, a LiteLLM proxy) is not here.
var otherProviderHosts = [...]string{
	"api.openai.com", "openai.azure.com", "generativelanguage.googleapis.com", "api.mistral.ai",
	"api.groq.com", "api.deepseek.com", "api.x.ai", "api.cohere.com", "api.cohere.ai",
	"api.together.xyz", "api.fireworks.ai", "api.perplexity.ai",
}

// otherProviderWords name another provider in an error's text: LiteLLM's per-provider
// exception names ("litellm.RateLimitError: OpenAIException - …"), OpenAI's own quota
// error, which no Claude surface sends (insufficient_quota, "You exceeded your current
// quota"), and other providers' model families ("Rate limit reached for gpt-4o in
// organization …"). Lower case.
var otherProviderWords = []string{
	"openaiexception", "azureexception", "azureopenaiexception", "geminiexception", "mistralexception",
	"groqexception", "deepseekexception", "cohereexception", "ollamaexception", "xaiexception",
	"insufficient_quota", "exceeded your current quota", "platform.openai.com",
	"gpt-3", "gpt-4", "gpt-5", "gemini-1", "gemini-2", "gemini-3", "deepseek-", "mistral-",
}

// claudeWords name Claude in an error's text; with one of them the event stays Claude's,
// even beside another provider's name (a fallback chain that tried both).
var claudeWords = []string{"anthropic", "claude", "bedrock", "overloaded_error"}

// otherProvider reports whether the event is another provider's failure: its host is such
// a provider's, or its text names one and does not name Claude. An event on a Claude host
// is always Claude's, whatever its text says (Anthropic's OpenAI-compatible endpoint).
func otherProvider(e *model.Event) bool {
	return otherProviderGiven(e, textHas(e, otherProviderWords...), textHas(e, claudeWords...))
}

// otherProviderGiven is otherProvider with the text's answers already known: Classify
// takes them from its keyword index, which finds the gate's words in the same pass as the
// rules' keywords.
func otherProviderGiven(e *model.Event, otherWord, claudeWord bool) bool {
	if e.Platform.Claude() || model.PlatformOf(e.Host).Claude() {
		return false
	}
	if h := e.Host; h != "" {
		for _, p := range otherProviderHosts {
			if hostIs(h, p) {
				return true
			}
		}
	}
	return otherWord && !claudeWord
}

// hostIs reports whether host, maybe with a port, is domain or under it, ignoring case.
func hostIs(host, domain string) bool {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	if len(host) < len(domain) || !equalFoldASCII(host[len(host)-len(domain):], domain) {
		return false
	}
	return len(host) == len(domain) || host[len(host)-len(domain)-1] == '.'
}

// hostRoot reports whether the call went to a host's root: path "/" or, on a known host,
// no path at all; when the event has neither, a URL of the message that ends at the root
// ("404 Client Error: Not Found for url: https://api.anthropic.com/").
func hostRoot(e *model.Event) bool {
	if e.Host != "" || e.Path != "" {
		return e.Path == "/" || e.Path == ""
	}
	return rootURLIn(e.Message) || rootURLIn(e.Detail)
}

// rootURLIn reports whether s holds an http(s) URL whose path is empty or "/", and no
// other URL: a message that names a root and a full endpoint is about the endpoint.
func rootURLIn(s string) bool {
	root := false
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			return root
		}
		s = s[i+3:]
		end := strings.IndexAny(s, " \t\n'\"`)<>,;")
		if end < 0 {
			end = len(s)
		}
		u := strings.TrimRight(s[:end], ".")
		slash := strings.IndexByte(u, '/')
		if slash < 0 || slash == len(u)-1 {
			if slash == 0 || u == "" {
				continue // "http:///…": no host
			}
			root = true
			continue
		}
		return false
	}
}

// rootLook reports whether the event is a GET (or HEAD, or a call without a method) of a
// host's root answered 404: a browser or a connectivity check looking at the host, which
// serves no page there. The model was never asked for, so not_found would blame it wrongly.
func rootLook(e *model.Event) bool {
	return e.Status == 404 && hostRoot(e) && !writeMethod(e.Method)
}

// notClaudesFailure is the gate Classify runs before the rules.
func notClaudesFailure(e *model.Event) bool { return otherProvider(e) || rootLook(e) }

// refusedPhrases are the ways a refused TCP connection is printed.
var refusedPhrases = []string{
	"econnrefused", "connection refused", "connectionrefused", "err_connection_refused",
	"ns_error_connection_refused", "actively refused",
}

// localHostWords are the loopback and private host names and address prefixes a base URL
// points to when a local proxy or gateway is meant to answer. Lower case.
var localHostWords = []string{
	"localhost", "127.0.0.", "0.0.0.0", "[::1]", "host.docker.internal", "192.168.", "anthropic_base_url",
}

// deadBaseURL reports whether a refused connection went to a host that is not Claude's
// and was set up by the user: a loopback or private address (in the event's host or its
// text), or a custom host that was sent a Claude call (a Messages path, or Claude named in
// the text). A refused proxy is the proxy rule's, and in a HAR a browser's calls to other
// hosts are the page's business, not a base URL.
func deadBaseURL(e *model.Event) bool {
	// The rule's keywords (refusedPhrases) have already found the refusal.
	if !noHTTPError(e) || textHas(e, proxyPhrases...) {
		return false
	}
	if e.Host == "" {
		return textHas(e, localHostWords...)
	}
	if model.PlatformOf(e.Host).Claude() {
		return false
	}
	if localHost(e.Host) {
		return true
	}
	return e.Format != model.FormatHAR &&
		(strings.Contains(e.Path, "/messages") || strings.Contains(e.Path, "/complete") || textHas(e, claudeWords...))
}

// localHost reports whether host (maybe with a port) is loopback or a private address.
func localHost(host string) bool {
	h := fold.Lower(host)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	h = strings.Trim(h, "[]")
	switch {
	case h == "localhost" || strings.HasSuffix(h, ".localhost") || h == "::1" || h == "0.0.0.0",
		h == "host.docker.internal", strings.HasSuffix(h, ".local"), strings.HasSuffix(h, ".internal"):
		return true
	case strings.HasPrefix(h, "127.") || strings.HasPrefix(h, "10.") || strings.HasPrefix(h, "192.168."):
		return true
	case strings.HasPrefix(h, "172."):
		// 172.16.0.0/12: the second octet is 16 to 31.
		rest := h[len("172."):]
		if j := strings.IndexByte(rest, '.'); j == 2 {
			return rest[:2] >= "16" && rest[:2] <= "31"
		}
	}
	return false
}
