package rules

import (
	"regexp"

	"github.com/claudelog/claudelog/model"
)

// maxTokensOver matches "max_tokens: 8192 > 4096, which is the maximum allowed number of
// output tokens"; it runs only after the keyword "max_tokens:" was seen.
var maxTokensOver = regexp.MustCompile(`(?i)max_tokens: ?\d+ ?> ?\d+`)

// requestRules: what the request asked for is wrong, too big or not supported.
var requestRules = []Rule{
	{
		ID: "context-prompt-too-long", Cause: "context_too_long", Severity: model.Error, Priority: PriorityWording,
		Title: "The prompt is longer than the context window",
		Doc: "Matches \"prompt is too long: N tokens > M maximum\" (also Vertex AI's 413 \"Prompt is too long\", " +
			"which this rule takes from the 413 rule), Bedrock's \"Input is too long\", claude.ai's \"This " +
			"conversation is too long to continue\", Claude Code's \"Context limit reached\" and " +
			"\"Conversation too long\", and \"exceeds model context window\".",
		Fixes: []string{
			"Compact or trim the history (Claude Code: /compact or /clear), and leave large files out of the prompt.",
			"Use a model or beta with a longer context window.",
		},
		Keywords: []string{
			"prompt is too long", "input is too long", "conversation is too long", "conversation too long",
			"context limit reached", "exceeds model context window", "autocompact is thrashing",
			"message is too long to send",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "context-input-plus-max-tokens", Cause: "context_too_long", Severity: model.Error, Priority: PriorityWording,
		Title: "Input plus max_tokens exceed the context window",
		Doc:   "Matches \"input length and `max_tokens` exceed context limit: A + B > C\".",
		Fixes: []string{
			"Lower max_tokens to at most C - A (the numbers are in the message), or shrink the input.",
		},
		Keywords: []string{"exceed context limit"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "context-max-tokens-over-limit", Cause: "context_too_long", Severity: model.Error, Priority: PriorityWording,
		Title: "max_tokens is above the model's output limit",
		Doc: "Matches \"max_tokens: X > Y, which is the maximum allowed number of output tokens for <model>\" and " +
			"Bedrock's \"The maximum tokens you requested exceed the model limit\".",
		Fixes:    []string{"Set max_tokens at or below the model's output limit (Y in the message)."},
		Keywords: []string{"max_tokens:", "maximum allowed number of output tokens", "maximum tokens you requested exceed"},
		Match: func(e *model.Event) bool {
			return maxTokensOver.MatchString(e.Message) ||
				textHas(e, "maximum allowed number of output tokens", "maximum tokens you requested exceed")
		},
		Grade: bySurface,
	},
	{
		ID: "attachment-image", Cause: "attachment_rejected", Severity: model.Error, Priority: PriorityWording,
		Title: "An image is too large or unreadable",
		Doc: "Matches \"image exceeds 5 MB maximum\", \"image dimensions exceed\" and \"Could not process image\" " +
			"(a 400, unlike the 413 of a whole request that is too large).",
		Fixes: []string{
			"Resize or recompress images under 5 MB each and within the pixel limit (2000 px when a request has many images).",
			"Upload large files with the Files API.",
		},
		Keywords: []string{"image exceeds", "image dimensions exceed", "could not process image", "image was too large",
			"exceeds the dimension limit"},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "attachment-pdf", Cause: "attachment_rejected", Severity: model.Error, Priority: PriorityWording,
		Title: "A PDF is too long, protected or invalid",
		Doc:   "Matches \"maximum of N PDF pages\", \"password protected\" and \"The PDF specified was not valid\".",
		Fixes: []string{
			"Split the PDF under the page limit, remove its password, or re-export it as a valid PDF.",
		},
		Keywords: []string{"pdf pages", "password protected", "pdf specified was not valid", "pdf file was not valid",
			"does not accept pdf"},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "model-unsupported-beta", Cause: "model_unsupported", Severity: model.Error, Priority: PriorityWording,
		Title: "A beta in the anthropic-beta header is not available",
		Doc: "Matches \"Unexpected value(s) `…` for the `anthropic-beta` header\" and gateways' \"invalid beta " +
			"flag\": the beta does not exist, or not for that model or platform (Bedrock, Vertex AI, LLM gateways).",
		Fixes: []string{
			"Remove the beta from the request (an empty anthropic-beta header counts as an unknown value).",
			"In Claude Code behind a gateway, set CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1.",
		},
		Keywords: []string{"`anthropic-beta` header", "anthropic-beta header", "invalid beta flag"},
		Match:    clientErrorOrUnknown,
		Grade:    bySurface,
	},
	{
		ID: "model-unsupported-feature", Cause: "model_unsupported", Severity: model.Error, Priority: PriorityWording,
		Title: "The model does not support prefill, thinking or tool_choice",
		Doc: "Matches the documented 400 messages \"does not support assistant message prefill\", \"… is not " +
			"supported for this model\" (thinking.type.enabled, tool_choice), \"… not supported on this model\" " +
			"(adaptive thinking), \"does not support tool types\" and \"Thinking may not be enabled when " +
			"tool_choice forces tool use\": a setting the model does not take. Thinking blocks that are missing, " +
			"modified or carry an invalid signature in the history are thinking_history_invalid: the model " +
			"supports thinking, the replayed conversation is wrong.",
		Fixes: []string{
			"Follow the model's documented feature support: end with a user message instead of prefill, use the " +
				"thinking mode the model offers, use tool_choice auto, and send thinking blocks back unmodified.",
			"Or pick a model that supports the feature.",
		},
		Keywords: []string{
			"assistant message prefill", "not supported for this model", "not supported on this model",
			"does not support tool types", "thinking may not be enabled when", "isn't available with thinking turned off",
		},
		Match: func(e *model.Event) bool { return clientErrorOrUnknown(e) && !thinkingHistory(e) },
		Grade: bySurface,
	},
	{
		ID: "thinking-history-missing-block", Cause: "thinking_history_invalid", Severity: model.Error, Priority: PriorityWording,
		Title: "A thinking block of the history is missing, changed or foreign",
		Doc: "Matches \"a final `assistant` message must start with a thinking block\", \"Expected `thinking` or " +
			"`redacted_thinking`, but found …\", \"include thinking blocks from previous turns\", \"`thinking` or " +
			"`redacted_thinking` blocks in the latest assistant message cannot be modified\", \"Invalid " +
			"`signature` in `thinking` block\" and \"thinking.signature: Field required\", with or without the " +
			"backticks, on a 4xx or without status: with thinking on, the replayed history lost, moved, edited " +
			"or re-encoded a thinking block, or replays one another model wrote (a model switch, a gateway " +
			"that rewrites history). The model supports thinking; the history is broken.",
		Fixes: []string{
			"Send every thinking and redacted_thinking block back exactly as received, first in its assistant " +
				"message, at least for the turn that holds the last tool_use.",
			"If the client or framework cannot keep them, turn thinking off for that conversation, and do not " +
				"switch thinking on in the middle of a tool-use loop.",
			"Do not switch models in the middle of a conversation with thinking, and check that no proxy or " +
				"storage layer rewrites or re-serializes the blocks.",
			"Upgrade the framework that builds the history; start a new conversation to get past a broken one.",
		},
		Keywords: thinkingHistoryPhrases,
		Match:    clientErrorOrUnknown,
		Grade:    bySurface,
	},
	{
		ID: "policy-refusal", Cause: "policy_refusal", Severity: model.Error, Priority: PriorityWording,
		Title: "Usage Policy refusal, content filter block, or stop_reason refusal",
		Doc: "Matches a message that says the request violates the Usage Policy or the Acceptable Use Policy " +
			"(\"… which appears to violate our Usage Policy (https://www.anthropic.com/legal/aup)\", \"Claude Code " +
			"is unable to respond to this request, which appears to violate …\"), the API's 400 \"Output blocked " +
			"by content filtering policy\" (also cut by a terminal after \"Output blocked by content\"), and a " +
			"response whose stop_reason is refusal, whatever the status: the request is not malformed, so it " +
			"beats the 400, 403 and 500 rules. A violation of anything else (a JSON schema) is no refusal.",
		Fixes: []string{
			"Rephrase or drop the part of the request that was flagged; in Claude Code press Esc twice to edit the " +
				"last message, or start a new session, since the flagged text otherwise stays in the context.",
			"Try another model (Claude Code: /model), as the message suggests.",
			"If ordinary requests are refused again and again, report the false positive (Claude Code: /bug) with the request id.",
		},
		Keywords: []string{"violat", "refusal", "output blocked by content", "content filtering policy", "claude can't help with this"},
		Match: func(e *model.Event) bool {
			return textHas(e, "output blocked by content", "content filtering policy", "claude can't help with this") ||
				(textHas(e, "violat") && textHas(e, "usage policy", "acceptable use", "/legal/aup", "unable to respond to this request")) ||
				(textHas(e, "stop_reason") && textHas(e, "refusal"))
		},
		Grade: bySurface,
	},
	{
		ID: "client-version-too-old", Cause: "client_version_too_old", Severity: model.Error, Priority: PriorityWording,
		Title: "The client's version is refused (\"version X or newer is required\")",
		Doc: "Matches \"… does not support this model; version X or newer is required\" and \"… is older than the " +
			"minimum version required by your organization's policy\" on a refusal (a 400, or a message without " +
			"status from the client): the request is refused for the client's version, so it beats the 400 rules. " +
			"A build tool's \"Node.js 20 or newer is required\" is no call and is not matched without a refusal " +
			"that names a client.",
		Fixes: []string{
			"Update the client: Claude Code: claude update (or reinstall it); an SDK: upgrade the package.",
			"If your organization sets the minimum version, the update is required; ask its admins for the version.",
		},
		Keywords: []string{"or newer is required", "older than the minimum version required"},
		Match: func(e *model.Event) bool {
			return (e.Status == 400 || e.Status == 0) && textHas(e, "claude code", "sdk", "client") &&
				(textHas(e, "older than the minimum version required") || textHas(e, "does not support this model"))
		},
		Grade: bySurface,
	},
	{
		ID: "output-token-maximum", Cause: "output_truncated", Severity: model.Warning, Priority: PriorityWording,
		Title: "The reply exceeded the output token maximum",
		Doc: "Matches Claude Code's \"Claude's response exceeded the N output token maximum\" (with or without " +
			"\"for a request sent without streaming\"): the reply was cut at its max_tokens. The call itself " +
			"succeeded, so no status rule applies.",
		Fixes: []string{
			"Raise the output limit: Claude Code reads CLAUDE_CODE_MAX_OUTPUT_TOKENS; with the API, raise max_tokens (and stream long replies).",
			"Ask for the work in smaller parts (one file or one section at a time).",
		},
		Keywords: []string{"output token maximum"},
		Match:    func(e *model.Event) bool { return e.Status == 0 || e.Status == 200 },
		Grade:    bySurface,
	},
	{
		ID: "empty-completion", Cause: "empty_completion", Severity: model.Warning, Priority: PriorityWording,
		Title: "The model returned an empty response, also on retry",
		Doc:   "Matches Claude Code's \"The model returned an empty response (retry also failed).\" without an HTTP error status.",
		Fixes: []string{
			"Rephrase or shorten the last message, or start a new session (Claude Code: /clear).",
			"If it repeats on ordinary work, report it (Claude Code: /bug) with the request id.",
		},
		Keywords: []string{"model returned an empty response"},
		Match:    func(e *model.Event) bool { return e.Status < 400 },
		Grade:    bySurface,
	},
	{
		ID: "malformed-tool-use", Cause: "malformed_tool_use", Severity: model.Warning, Priority: PriorityWording,
		Title: "The model's tool call could not be parsed, also on retry",
		Doc:   "Matches Claude Code's \"The model's tool call could not be parsed (retry also failed).\" without an HTTP error status.",
		Fixes: []string{
			"Retry, or ask for smaller steps (a smaller file write, fewer edits at once).",
			"If it repeats, report it (Claude Code: /bug) with the request id.",
		},
		Keywords: []string{"tool call could not be parsed"},
		Match:    func(e *model.Event) bool { return e.Status < 400 },
		Grade:    bySurface,
	},
	{
		ID: "tool-history-broken", Cause: "tool_history_invalid", Severity: model.Error, Priority: PriorityWording,
		Title: "tool_use without tool_result, or duplicate tool ids",
		Doc: "Matches \"`tool_use` ids were found without `tool_result` blocks immediately after\", \"unexpected " +
			"`tool_use_id` found in `tool_result` blocks\", \"`tool_use` ids must be unique\", and Claude Code's " +
			"\"400 due to tool use concurrency issues\".",
		Fixes: []string{
			"Claude Code: run /rewind to go back before the broken turn.",
			"In client code, answer every tool_use with a tool_result in the very next user message, with unique ids.",
		},
		Keywords: []string{
			"without `tool_result`", "without tool_result", "unexpected `tool_use_id`", "unexpected tool_use_id",
			"ids must be unique", "tool use concurrency issues", "orphaned tool_result", "duplicate tool_use id",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "invalid-request-anthropic-version", Cause: "invalid_request", Severity: model.Error, Priority: PriorityWording,
		Title: "The anthropic-version header is missing or invalid",
		Doc: "Matches \"anthropic-version: header is required\" and \"… is not a valid version\" (a proxy that " +
			"duplicates the header) on a 4xx or without status.",
		Fixes: []string{
			"Send exactly one anthropic-version: 2023-06-01 header; check that a proxy does not add a second one.",
			"Upgrade the client: old clients omit the header.",
		},
		Keywords: []string{"anthropic-version"},
		Match:    clientErrorOrUnknown,
		Grade:    bySurface,
	},
	{
		ID: "invalid-request-streaming-required", Cause: "invalid_request", Severity: model.Error, Priority: PriorityWording,
		Title: "The SDK refused a long non-streaming request",
		Doc: "Matches the SDKs' \"Streaming is required (strongly recommended) for operations that may take longer " +
			"than 10 minutes\": max_tokens is so large that a non-streaming call could time out, so the SDK " +
			"refused to send it.",
		Fixes: []string{"Stream the request, or pass an explicit timeout, or lower max_tokens."},
		Keywords: []string{
			"streaming is required for operations", "streaming is strongly recommended for operations",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "request-too-large-type", Cause: "request_too_large", Severity: model.Error, Priority: PriorityType,
		Title: "request_too_large (the body is over the size limit)",
		Doc: "Matches the error type request_too_large, \"Request exceeds the maximum size\", Claude Code's " +
			"\"Request too large\", a \"Request Entity Too Large\" page and the class RequestTooLargeError.",
		Fixes:    requestTooLargeFixes,
		Keywords: []string{"request_too_large", "request exceeds the maximum size", "request too large", "request entity too large", "requesttoolargeerror"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "request-too-large-413", Cause: "request_too_large", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 413",
		Doc:   "Matches status 413 (Vertex AI's 413 \"Prompt is too long\" is matched first as context_too_long).",
		Fixes: requestTooLargeFixes,
		Match: func(e *model.Event) bool { return e.Status == 413 },
		Grade: bySurface,
	},
	{
		ID: "not-found-model", Cause: "not_found", Severity: model.Error, Priority: PriorityWording,
		Title: "Unknown or retired model id",
		Doc: "Matches a 404 (or not_found_error, or NotFoundError) whose message starts with \"model:\" " +
			"(\"model: claude-2.1\"): the model id is unknown or retired.",
		Fixes: []string{
			"Use a current model id or alias (see the models overview and the deprecations page).",
			"Check the spelling: ids use dashes and dates (claude-3-5-sonnet-20240620, not claude-3.5-sonnet).",
		},
		Keywords: []string{"model:"},
		Match: func(e *model.Event) bool {
			return hasPrefixFold(e.Message, "model:") &&
				(e.Status == 404 || typeIs(e, "not_found_error") || exceptionIs(e, "notfounderror"))
		},
		Grade: bySurface,
	},
	{
		ID: "not-found-error-type", Cause: "not_found", Severity: model.Error, Priority: PriorityType,
		Title: "not_found_error",
		Doc: "Matches the error type not_found_error, also when the parser found no type but the text holds " +
			"one: an Anthropic body a wrapper printed whole (LiteLLM's \"NotFoundError: AnthropicException - " +
			"b'{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",…}}'\"), as overloaded_error is read.",
		Fixes:    notFoundFixes,
		Keywords: []string{"not_found_error"},
		Match: func(e *model.Event) bool {
			return typeIs(e, "not_found_error") || (e.ErrorType == "" && textHas(e, "not_found_error"))
		},
		Grade: bySurface,
	},
	{
		ID: "not-found-404", Cause: "not_found", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 404 (or a NotFoundError without status)",
		Doc: "Matches status 404, and the class NotFoundError (or the AI SDK's AI_NoSuchModelError, raised " +
			"before any call for a model id the provider does not list) when the log printed no status.",
		Fixes: notFoundFixes,
		Match: func(e *model.Event) bool {
			return e.Status == 404 || classOnly(e, "notfounderror", "ai_nosuchmodelerror")
		},
		Grade: bySurface,
	},
	{
		ID: "invalid-request-error-type", Cause: "invalid_request", Severity: model.Error, Priority: PriorityType,
		Title: "invalid_request_error on a 400",
		Doc: "Matches the error type invalid_request_error on a 400 or without status. The API also uses this " +
			"type for other 4xx codes, so on any other status the status decides (a 429 with this type from an " +
			"OpenAI-compatible gateway is a rate limit). When the code beside it is a more specific error type " +
			"(an OpenAI-compatible body with code rate_limit_error), the code decides.",
		Fixes: invalidRequestFixes,
		Match: func(e *model.Event) bool {
			return equalFoldASCII(e.ErrorType, "invalid_request_error") && (e.Status == 0 || e.Status == 400) &&
				(e.ErrorCode == "" || !containsFold(e.ErrorCode, "_error"))
		},
		Grade: bySurface,
	},
	{
		ID: "invalid-request-400", Cause: "invalid_request", Severity: model.Error, Priority: PriorityStatus,
		Title: "HTTP 400 (or a BadRequestError without status)",
		Doc: "Matches status 400, and the classes BadRequestError and UnprocessableEntityError when the log " +
			"printed no status.",
		Fixes: invalidRequestFixes,
		Match: func(e *model.Event) bool {
			return e.Status == 400 || classOnly(e, "badrequesterror", "unprocessableentityerror")
		},
		Grade: bySurface,
	},
	{
		ID: "invalid-request-4xx", Cause: "invalid_request", Severity: model.Error, Priority: PriorityFallback,
		Title: "Any other 4xx",
		Doc:   "Catch-all: any 4xx status that no more specific rule explains (409, 422, …).",
		Fixes: invalidRequestFixes,
		Match: func(e *model.Event) bool { return e.Status >= 400 && e.Status < 500 },
		Grade: bySurface,
	},
}

// thinkingHistoryPhrases are the API's words for a replayed history whose thinking blocks
// are missing, out of place, edited or signed for another conversation; with and without
// the backticks, which logs and wrappers drop.
var thinkingHistoryPhrases = []string{
	"must start with a thinking block", "expected `thinking` or `redacted_thinking`",
	"expected thinking or redacted_thinking", "expected 'thinking' or 'redacted_thinking'",
	"include thinking blocks from previous turns", "latest assistant message cannot be modified",
	"signature` in `thinking`", "signature in thinking block", "'signature' in 'thinking'", "thinking.signature",
}

// thinkingHistory reports whether the event is the broken-thinking-history 400.
func thinkingHistory(e *model.Event) bool { return textHas(e, thinkingHistoryPhrases...) }

// requestTooLargeFixes are the fixes for a body over the size limit.
var requestTooLargeFixes = []string{
	"Send large images and PDFs through the Files API instead of inline base64, or downscale them.",
	"Split large batches; the limits are 32 MB (Messages), 256 MB (Batches), 20 MB (Bedrock), 30 MB (Vertex AI).",
}

// notFoundFixes are the fixes for an unknown model or path.
var notFoundFixes = []string{
	"Check the model id against the current models and the deprecations page.",
	"Check the URL path and base URL.",
}

// invalidRequestFixes are the fixes for a malformed request.
var invalidRequestFixes = []string{
	"Read the error message: it names the field or header that is wrong.",
	"Validate the request body against the API reference (or upgrade the SDK that builds it).",
}
