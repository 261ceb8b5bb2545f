package rules

import (
	"strings"

	"github.com/claudelog/claudelog/model"
)

// authRules: who is calling, whether they may, and whether the client is set up to ask.
var authRules = []Rule{
	{
		ID: "misconfigured-cors", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "Browser call refused: CORS requests are not allowed",
		Doc: "Matches \"CORS requests are not allowed for this Organization\" and \"CORS requests must set " +
			"'anthropic-dangerous-direct-browser-access'\" (a 401 authentication_error sent because the request " +
			"carried a browser Origin header), any error that names that header or the TypeScript SDK's " +
			"dangerouslyAllowBrowser option, and a browser's \"has been blocked by CORS policy\". The key is " +
			"fine; the call comes from a browser, so it beats the 401 rule.",
		Fixes: []string{
			"Call the API from a backend and keep the key off the browser.",
			"If a browser call is deliberate, enable direct browser access (anthropic-dangerous-direct-browser-access: true, " +
				"the TypeScript SDK's dangerouslyAllowBrowser) knowing the key is exposed.",
		},
		Keywords: []string{
			"cors requests are not allowed", "cors requests must set", "anthropic-dangerous-direct-browser-access",
			"dangerouslyallowbrowser", "blocked by cors policy",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "misconfigured-oauth-token-as-api-key", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "A subscription OAuth token was sent as an API key",
		Doc: "Matches \"OAuth authentication is currently not supported\": a claude.ai subscription token " +
			"(sk-ant-oat01-…) was sent to the API as if it were an API key, without the OAuth beta.",
		Fixes: []string{
			"Use a Console API key (sk-ant-api03-…) for API calls.",
			"Only Claude Code may use the subscription token: Authorization: Bearer plus anthropic-beta: oauth-2025-04-20.",
		},
		Keywords: []string{"oauth authentication is currently not supported"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "misconfigured-doubled-v1", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "The URL has a doubled /v1/v1/ path",
		Doc: "Matches a failed request whose path, message or detail contains /v1/v1/ (\"[404] Not Found … URL: " +
			"https://…/v1/v1/messages\"): the base URL already ends in /v1 and the SDK adds another. It beats " +
			"the 404 rules: the model is fine, the URL is not.",
		Fixes: []string{"Set the base URL without /v1 (e.g. ANTHROPIC_BASE_URL=https://api.anthropic.com)."},
		Match: func(e *model.Event) bool {
			return strings.Contains(e.Path, "/v1/v1/") || strings.HasSuffix(e.Path, "/v1/v1") || textHas(e, "/v1/v1/")
		},
		Grade: bySurface,
	},
	{
		ID: "misconfigured-plain-http", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "Plain HTTP sent to an HTTPS port",
		Doc:   "Matches \"The plain HTTP request was sent to HTTPS port\": the base URL says http:// where https:// is needed.",
		Fixes: []string{"Use https:// in the base URL."},
		Keywords: []string{
			"plain http request was sent to https port",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "misconfigured-client-certificate", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "A client certificate is required and none was sent (mutual TLS)",
		Doc: "Matches nginx's 400 page \"No required SSL certificate was sent\" (and \"The SSL certificate " +
			"error\"), which Claude Code shows as \"API Error: 400 No required SSL certificate was sent\": a " +
			"gateway or proxy on the way demands mutual TLS and the client has no certificate configured. The " +
			"request itself is fine, so it beats the 400 rules.",
		Fixes: []string{
			"Configure the client certificate: Claude Code reads CLAUDE_CODE_CLIENT_CERT and CLAUDE_CODE_CLIENT_KEY; " +
				"other clients take it in their HTTP agent or TLS settings.",
			"If a proxy is meant to present the certificate, check the proxy; otherwise ask the team that runs the gateway.",
		},
		Keywords: []string{"no required ssl certificate was sent", "the ssl certificate error"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "misconfigured-not-the-api", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "An HTML page or a gateway answered in place of the API",
		Doc: "Matches Claude Code's failure kinds gateway_content_type (a gateway answered with a content type " +
			"that is not the API's event stream, e.g. text/html) and unexpected_response (the answer was a " +
			"sign-in page or other HTML instead of the API's JSON): something between Claude Code and the API " +
			"(a wrong ANTHROPIC_BASE_URL, a corporate proxy or SSO gateway) answered in its place.",
		Fixes: []string{
			"Check ANTHROPIC_BASE_URL (or the SDK's base URL): it must point at the API or at a gateway that " +
				"forwards to it, not at a web page.",
			"If a corporate proxy or single sign-on gateway answers, sign in to it or ask its team to let " +
				"the API's host through.",
		},
		Keywords: []string{"gateway_content_type", "unexpected_response"},
		Match: func(e *model.Event) bool {
			return e.ErrorCode == "gateway_content_type" || e.ErrorCode == "unexpected_response"
		},
		Grade: bySurface,
	},
	{
		ID: "misconfigured-405", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 405 Method Not Allowed",
		Doc:   "Matches status 405: the endpoint does not take that method, usually a wrong path or base URL.",
		Fixes: methodFixes,
		Match: func(e *model.Event) bool { return e.Status == 405 },
		Grade: bySurface,
	},
	{
		ID: "misconfigured-method-not-allowed", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityStatus,
		Title: "\"Method Not Allowed\" without a status",
		Doc: "Matches the reason phrase \"Method Not Allowed\" (or method_not_allowed) when the log printed no " +
			"status code: the phrase stands for the 405.",
		Fixes:    methodFixes,
		Keywords: []string{"method not allowed", "method_not_allowed"},
		Match:    func(e *model.Event) bool { return e.Status == 0 },
		Grade:    bySurface,
	},
	{
		ID: "misconfigured-host-root", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "A request was sent to the host's root path",
		Doc: "Matches a POST, PUT or PATCH answered 404 or 405 whose path is \"/\" (or empty on a known host): " +
			"the client was given the host alone where it wanted the full endpoint, so it posted to the root. " +
			"It beats the 404 rules, which would blame the model. A GET of the root (a browser or a " +
			"connectivity check) is no Claude call at all and gets no cause.",
		Fixes: []string{
			"Give the client the URL it expects: the SDKs take the base URL (https://api.anthropic.com), tools " +
				"that ask for an endpoint want the full path (https://api.anthropic.com/v1/messages).",
		},
		Match: func(e *model.Event) bool {
			return (e.Status == 404 || e.Status == 405) && hostRoot(e) && writeMethod(e.Method)
		},
		Grade: bySurface,
	},
	{
		ID: "misconfigured-sdk-key-not-loaded", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityType,
		Title: "The AI SDK found no API key to load (AI_LoadAPIKeyError)",
		Doc: "Matches the Vercel AI SDK's AI_LoadAPIKeyError (\"Anthropic API key is missing. Pass it using the " +
			"'apiKey' parameter or the ANTHROPIC_API_KEY environment variable.\"): the SDK raised it before " +
			"sending anything, so no server refused a key; the program is set up without one.",
		Fixes: []string{
			"Set ANTHROPIC_API_KEY in the environment the program runs in (a server, a build step, an edge " +
				"function each have their own), or pass apiKey to createAnthropic.",
			"In a framework that loads .env files, check that the file is read for this environment.",
		},
		Match: func(e *model.Event) bool { return classOnly(e, "ai_loadapikeyerror", "loadapikeyerror") },
		Grade: bySurface,
	},
	{
		ID: "misconfigured-dead-base-url", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "Connection refused by a local or custom base URL",
		Doc: "Matches a refused connection (ECONNREFUSED, \"Connection refused\", net::ERR_CONNECTION_REFUSED) " +
			"to a host that is not a Claude endpoint: localhost, a loopback or private address, or a custom " +
			"gateway a base URL (ANTHROPIC_BASE_URL) points to, whether the host is in the event or in its text " +
			"(\"connect ECONNREFUSED 127.0.0.1:8787\"). Nothing listens there: the proxy or gateway is not " +
			"running, or the setting is left over. A refusal on the way to Claude's own hosts stays a network " +
			"error, and a browser's third-party calls are left to the network rules.",
		Fixes: deadBaseURLFixes,
		// The same steps speak to a Claude Code user and to a gateway's: it is their setting.
		On:       map[model.Surface][]string{model.SurfaceClaudeCode: deadBaseURLFixes, model.SurfaceProxy: deadBaseURLFixes},
		Keywords: refusedPhrases,
		Match:    deadBaseURL,
		// The host is the user's own gateway, not a third party: every Claude call of the
		// client goes there, so bySurface's Info for other hosts does not apply.
		Grade: func(e *model.Event, s model.Severity) model.Severity {
			if isTelemetry(e) {
				return model.Info
			}
			return s
		},
	},
	{
		ID: "auth-missing-credentials", Cause: "auth_failed", Severity: model.Critical, Priority: PriorityWording,
		Title: "No API key was sent",
		Doc: "Matches \"x-api-key header is required\", the Python SDK's \"Could not resolve authentication " +
			"method\" and Claude Code's \"Authentication required · Set ANTHROPIC_API_KEY\". Critical: nothing " +
			"works without credentials.",
		Fixes: []string{
			"Set ANTHROPIC_API_KEY (or pass api_key) in the environment the program actually runs in.",
			"Check that proxies and gateways forward the x-api-key or Authorization header.",
		},
		Keywords: []string{"x-api-key header is required", "could not resolve authentication method", "set anthropic_api_key"},
		// "Unset ANTHROPIC_API_KEY" is the advice of a policy that refuses keys, not a
		// missing key (permission_denied).
		Match: func(e *model.Event) bool {
			return textHas(e, "x-api-key header is required", "could not resolve authentication method") ||
				(textHas(e, "set anthropic_api_key") && !textHas(e, "unset anthropic_api_key"))
		},
		Grade: bySurface,
	},
	{
		ID: "auth-invalid-key", Cause: "auth_failed", Severity: model.Critical, Priority: PriorityWording,
		Title: "The API key is invalid",
		Doc: "Matches \"invalid x-api-key\", \"Invalid API key\" and \"Invalid authentication credentials\": the key " +
			"is wrong, revoked, expired or mistyped. Critical: every request fails.",
		Fixes: authKeyFixes,
		Keywords: []string{
			"invalid x-api-key", "invalid api key", "invalid authentication credentials",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "auth-oauth-expired", Cause: "auth_failed", Severity: model.Critical, Priority: PriorityWording,
		Title: "The OAuth token expired or was revoked",
		Doc: "Matches \"OAuth token has expired\", \"OAuth token has been revoked\" and Claude Code's " +
			"\"Authentication expired\" (a 401, or a 403 for revoked tokens, which this rule takes from the " +
			"403 permission rule).",
		Fixes: []string{
			"Log in again (Claude Code: /login); for CI create a long-lived token with claude setup-token.",
		},
		Keywords: []string{"oauth token has expired", "oauth token has been revoked", "authentication expired"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "auth-error-type", Cause: "auth_failed", Severity: model.Critical, Priority: PriorityType,
		Title: "authentication_error",
		Doc:   "Matches the error type authentication_error.",
		Fixes: authKeyFixes,
		Match: func(e *model.Event) bool { return typeIs(e, "authentication_error") },
		Grade: bySurface,
	},
	{
		ID: "auth-401", Cause: "auth_failed", Severity: model.Critical, Priority: PriorityStatus,
		Title: "HTTP 401 (or an AuthenticationError without status)",
		Doc:   "Matches status 401, and the class AuthenticationError when the log printed no status.",
		Fixes: authKeyFixes,
		Match: func(e *model.Event) bool { return e.Status == 401 || classOnly(e, "authenticationerror") },
		Grade: bySurface,
	},
	{
		ID: "permission-disabled-organization", Cause: "permission_denied", Severity: model.Critical, Priority: PriorityWording,
		Title: "The organization is disabled",
		Doc: "Matches \"organization has been disabled\" and Claude Code's \"belongs to a disabled organization\". " +
			"Critical: no key of that organization works.",
		Fixes: []string{
			"Use a key from an active organization, or unset ANTHROPIC_API_KEY if it points to the old one.",
			"Contact support about the organization.",
		},
		Keywords: []string{"organization has been disabled", "belongs to a disabled organization"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "permission-error-type", Cause: "permission_denied", Severity: model.Error, Priority: PriorityType,
		Title: "permission_error",
		Doc: "Matches the error type permission_error: the key is valid but may not use that model or feature. " +
			"Expired claude.ai sessions (account_session_invalid) and revoked OAuth tokens share the type and are " +
			"matched first as auth_failed.",
		Fixes: permissionFixes,
		Match: func(e *model.Event) bool { return typeIs(e, "permission_error") },
		Grade: bySurface,
	},
	{
		ID: "permission-403", Cause: "permission_denied", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 403 (or a PermissionDeniedError without status)",
		Doc: "Matches status 403, and the class PermissionDeniedError when the log printed no status. Region " +
			"blocks, bot challenges and expired sessions are 403s too and are matched first by their own rules.",
		Fixes: permissionFixes,
		Match: func(e *model.Event) bool { return e.Status == 403 || classOnly(e, "permissiondeniederror") },
		Grade: bySurface,
	},
}

// methodFixes are the fixes for a method the endpoint does not take.
var methodFixes = []string{"Check the method and the full URL the client calls (base URL plus path)."}

// writeMethod reports whether the method sends a request body: an API call, not a look.
func writeMethod(m string) bool {
	return equalFoldASCII(m, "post") || equalFoldASCII(m, "put") || equalFoldASCII(m, "patch")
}

// deadBaseURLFixes are misconfigured-dead-base-url's steps, for every surface that has a base URL.
var deadBaseURLFixes = []string{
	"Check ANTHROPIC_BASE_URL (and the base URL in the tool's settings, shell profiles and .env files): unset it, " +
		"or start the proxy or gateway it points to.",
	"If a local proxy is meant to be there, check that it listens on that port (curl the URL).",
}

// authKeyFixes are the fixes for a key the API does not accept.
var authKeyFixes = []string{
	"Create a new key in the Console and check which one is in effect (ANTHROPIC_API_KEY, config files, apiKeyHelper).",
	"Look for stray whitespace or newlines around the key, and for proxies that rewrite the header.",
}

// permissionFixes are the fixes for a valid key without access.
var permissionFixes = []string{
	"Check the workspace's model restrictions and which workspace the key belongs to (Console → Workspaces).",
	"Use a model the organization has access to.",
}
