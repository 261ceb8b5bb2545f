package claudecode

import "github.com/claudelog/claudelog/model"

// fields is what a failure kind of Claude Code says about the call, in the terms the rules
// read: the API's error.type, a transport failure, or a phrase of the API's own wording
// when the kind stands for it and the record carries no status.
type fields struct {
	errorType string // error.type the API would have sent
	netError  string // a transport failure the kind stands for
	noResp    bool   // no HTTP answer came
	cut       bool   // the answer began and stopped before its end (a stream cut mid-way)
	detail    string // what the kind means, in plain words, for evidence and the rules
}

// errorKinds maps the `error` field of a failed turn (SDKAssistantMessageError in
// Claude Code 2.1.197) to the API's error type. "unknown" and "max_output_tokens" say
// nothing about the API and leave the status and the text to decide.
var errorKinds = map[string]fields{
	"authentication_failed":  {errorType: "authentication_error"},
	"oauth_org_not_allowed":  {errorType: "permission_error"},
	"account_on_hold":        {errorType: "permission_error"},
	"verification_required":  {errorType: "permission_error"},
	"billing_error":          {errorType: "billing_error"},
	"rate_limit":             {errorType: "rate_limit_error"},
	"overloaded":             {errorType: "overloaded_error"},
	"invalid_request":        {errorType: "invalid_request_error"},
	"model_not_found":        {errorType: "not_found_error"},
	"server_error":           {errorType: "api_error"},
	"cloud_credential_error": {errorType: "authentication_error"},
	"unknown":                {},
	"max_output_tokens":      {},
}

// apiErrorKinds maps the finer `apiError` kind of a failed turn (the api_error enum of
// Claude Code 2.1.197's SDK schema, whose descriptions the details paraphrase) to what the
// call met. The kind itself goes into
// ErrorCode, where the rules and the evidence see it; these fields make the rules land on
// the cause when the record has no status of its own.
var apiErrorKinds = map[string]fields{
	"max_output_tokens":             {detail: "Claude Code: the response hit the output token maximum"},
	"dlp_request_denied":            {errorType: "permission_error"},
	"claude_code_version_too_old":   {errorType: "invalid_request_error", detail: "Claude Code is older than the minimum version required; update Claude Code"},
	"safety_monitor_blocked":        {errorType: "permission_error"},
	"hook_denied":                   {noResp: true, detail: "Claude Code: a mod's http.fetch hook stopped this request before it was sent"},
	"effort_requires_thinking":      {errorType: "invalid_request_error", detail: "Claude Code: the effort level is not supported for this model while thinking is off"},
	"advisor_incompatible":          {errorType: "invalid_request_error", detail: "Claude Code: the configured advisor model is not supported for this model"},
	"tool_history_mismatch":         {errorType: "invalid_request_error", detail: "Claude Code: tool_use ids without tool_result blocks in the history"},
	"autocompact_thrashing":         {detail: "Claude Code: context limit reached again after each automatic compaction"},
	"pdf_too_large":                 {errorType: "invalid_request_error", detail: "Claude Code: a PDF is over the API's limit of PDF pages or size"},
	"pdf_password_protected":        {errorType: "invalid_request_error", detail: "Claude Code: the PDF is password protected"},
	"stored_login_refused":          {errorType: "authentication_error"},
	"oauth_refresh_store_refused":   {errorType: "authentication_error"},
	"media_removed":                 {errorType: "invalid_request_error"},
	"no_response":                   {noResp: true, netError: "ETIMEDOUT"},
	"tls_untrusted_ca":              {noResp: true, netError: "ERR_CERT_AUTHORITY_INVALID"},
	"tls_cert_signature_failure":    {noResp: true, netError: "ERR_CERT_INVALID"},
	"client_certificate":            {noResp: true, netError: "ERR_SSL_CLIENT_AUTH_CERT_NEEDED"},
	"tls_cert_invalid":              {noResp: true, netError: "ERR_CERT_INVALID"},
	"gateway_content_type":          {},
	"connection_failed":             {noResp: true, netError: "ECONNREFUSED"},
	"request_timeout":               {noResp: true, netError: "ETIMEDOUT"},
	"stream_idle_timeout":           {cut: true}, // "Stream idle timeout - partial response received"
	"computer_slept":                {cut: true}, // the connection dropped under a call under way
	"provider_credentials":          {errorType: "authentication_error"},
	"gateway_signin_required":       {errorType: "authentication_error"},
	"gateway_session_expired":       {errorType: "authentication_error"},
	"api_key_auth_disabled":         {errorType: "permission_error"},
	"org_disabled_credential":       {errorType: "permission_error"},
	"invalid_credential_header":     {errorType: "authentication_error"},
	"model_requires_usage_credits":  {errorType: "billing_error", detail: "Claude Code: extra usage is required for this model or request (usage credits)"},
	"long_context_credits_required": {errorType: "billing_error", detail: "Claude Code: extra usage is required for this model or request (usage credits)"},
	"consent_unanswered":            {detail: "Claude Code: extra usage is required for this model or request (usage credits)"},
	"no_allowed_fallback":           {detail: "Claude Code: extra usage is required for this model or request (usage credits)"},
	"model_substitution_disabled":   {detail: "Claude Code: extra usage is required for this model or request (usage credits)"},
	"field_not_granted":             {errorType: "permission_error"},
	"usage_limit_reached":           {errorType: "rate_limit_error", detail: "Claude Code: usage limit reached (plan or spend limit)"},
	"empty_completion":              {detail: "Claude Code: the model returned an empty response"},
	"malformed_tool_use_exhausted":  {},
	"unattended_start_limit":        {},
	"unattended_start_unconfirmed":  {},
	"message_over_context_limit":    {errorType: "invalid_request_error", detail: "Claude Code: the conversation is too long for the context window"},
	"network_edge_blocked":          {errorType: "forbidden", detail: "Claude Code: the network edge blocked the request"},
	"named_profile_unusable":        {errorType: "authentication_error"},
	"unexpected_response":           {},
}

// retryKinds maps the `error` string of a stream-json api_retry record, which Claude Code
// derives from the status alone (fSn in 2.1.197): 529 overloaded, 429 rate_limit, 401/403
// authentication_failed, other statuses from 408 server_error.
var retryKinds = errorKinds

// ApplyKind sets on ev what Claude Code's `api_error` kind says about the call, on the
// fields ev does not have yet: the kind itself as ErrorCode, its Detail, the API's error
// type, and for a call without a status the transport failure. It reports whether the kind
// is known. parse/logs calls it for a record pasted into a log (a `--output-format json`
// result in a CI log), so that each kind lands on the same cause wherever it was read.
func ApplyKind(ev *model.Event, kind string) bool {
	g, ok := apiErrorKinds[kind]
	if !ok {
		return false
	}
	if ev.ErrorCode == "" {
		ev.ErrorCode = kind
	}
	if ev.Detail == "" {
		ev.Detail = g.detail
	}
	if ev.ErrorType == "" {
		ev.ErrorType = g.errorType
	}
	if ev.Status == 0 {
		if ev.NetError == "" {
			ev.NetError = g.netError
		}
		ev.NoResponse = ev.NoResponse || g.noResp
		ev.Truncated = ev.Truncated || g.cut
	}
	return true
}
