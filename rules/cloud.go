package rules

import "github.com/claudelog/claudelog/model"

// cloudRules: Claude on Amazon Bedrock and Google Vertex AI. AWS error codes
// (ThrottlingException, …) and Google statuses (RESOURCE_EXHAUSTED) are matched like an
// error.type (PriorityType); their specific wordings (unsupported countries, on-demand
// throughput) like any wording (PriorityWording), so "ValidationException: prompt is too
// long" is context_too_long and not invalid_request.
var cloudRules = []Rule{
	{
		ID: "geo-unsupported-countries", Cause: "geo_blocked", Severity: model.Critical, Priority: PriorityWording,
		Title: "\"not allowed from unsupported countries\" (Bedrock, API)",
		Doc: "Matches \"Access to Anthropic models is not allowed from unsupported countries, regions, or " +
			"territories\" and links to supported-countries, whatever the status (Bedrock sends it as a 400 or " +
			"403 ValidationException, which this rule takes from the Bedrock rules), also when a terminal cut " +
			"the line after \"not allowed from unsupported\". Critical: no call works from there.",
		Fixes:    geoFixes,
		Keywords: []string{"unsupported countries", "supported-countries", "not allowed from unsupported"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "bedrock-no-model-access", Cause: "permission_denied", Severity: model.Error, Priority: PriorityWording,
		Title: "Bedrock model access not granted",
		Doc: "Matches \"You don't have access to the model with the specified model ID\", \"not authorized to " +
			"invoke this API\", FTUFormNotFilled (\"use case details form\") and MPAgreementBeingCreated.",
		Fixes: []string{
			"Request access to the Anthropic models in the Bedrock console (Model access) and submit the Anthropic use-case form.",
			"Check the IAM policy allows bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream for that model and region.",
			"If the Marketplace agreement is still being created, wait a few minutes.",
		},
		Keywords: []string{
			"don't have access to the model", "don’t have access to the model", "not authorized to invoke this api",
			"ftuformnotfilled", "use case details form", "mpagreementbeingcreated",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "bedrock-on-demand-throughput", Cause: "misconfigured_client", Severity: model.Error, Priority: PriorityWording,
		Title: "Bedrock model needs an inference profile",
		Doc: "Matches \"Invocation of model ID … with on-demand throughput isn't supported\": the model is only " +
			"offered through an inference profile, so the client names it wrongly. The model supports the request " +
			"(not model_unsupported); the same call with the profile's id succeeds, which makes it the client's setup.",
		Fixes: []string{
			"Call the inference profile id or ARN instead of the bare model id (us.anthropic.…, eu.…, apac.…, global.…).",
		},
		Keywords: []string{"with on-demand throughput"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "bedrock-malformed-input", Cause: "invalid_request", Severity: model.Error, Priority: PriorityWording,
		Title: "Bedrock refused the body format",
		Doc: "Matches \"Malformed input request\" and \"extraneous key [model] is not permitted\": the body is in " +
			"the first-party API's format, not Bedrock's.",
		Fixes: []string{
			"Use the Bedrock body: \"anthropic_version\": \"bedrock-2023-05-31\" and no \"model\" key (the model is in the URL).",
		},
		Keywords: []string{"malformed input request", "extraneous key"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "cloud-credentials", Cause: "auth_failed", Severity: model.Critical, Priority: PriorityWording,
		Title: "AWS or Google credentials are invalid or expired",
		Doc: "Matches AWS's \"The security token included in the request is invalid/expired\", " +
			"UnrecognizedClientException, InvalidClientTokenId, ExpiredToken, IncompleteSignature, " +
			"InvalidSignatureException, \"signature we calculated does not match\", and Google's \"Could not load " +
			"the default credentials\", \"Could not refresh access token\", invalid_grant, \"Reauthentication is " +
			"needed\", DefaultCredentialsError. Critical: every call fails.",
		Fixes: []string{
			"AWS: refresh the credentials or SSO session (aws sso login), check AWS_PROFILE and AWS_BEARER_TOKEN_BEDROCK.",
			"Google: gcloud auth application-default login, and check GOOGLE_APPLICATION_CREDENTIALS.",
		},
		Keywords: []string{
			"security token included in the request is", "unrecognizedclientexception", "invalidclienttokenid",
			"expiredtoken", "incompletesignature", "invalidsignatureexception", "signature we calculated does not match",
			"could not load the default credentials", "could not refresh access token", "invalid_grant",
			"reauthentication is needed", "defaultcredentialserror",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "vertex-publisher-model-not-allowed", Cause: "permission_denied", Severity: model.Error, Priority: PriorityWording,
		Title: "Vertex AI project may not use the publisher model",
		Doc:   "Matches \"is not allowed to use Publisher Model\" (FAILED_PRECONDITION): terms not accepted or an org policy.",
		Fixes: []string{
			"Enable the model in Model Garden (accept its terms) for that project, or adjust the organization policy.",
		},
		Keywords: []string{"is not allowed to use publisher model"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "vertex-publisher-model-not-found", Cause: "not_found", Severity: model.Error, Priority: PriorityWording,
		Title: "Vertex AI publisher model not found",
		Doc: "Matches \"Publisher Model … was not found or your project does not have access to it\": a wrong " +
			"publisher (google instead of anthropic), a model not enabled in Model Garden, or the wrong region.",
		Fixes: []string{
			"Use publishers/anthropic in the path and a model id Vertex AI offers.",
			"Enable the model in Model Garden and call a region where it is served (us-east5, europe-west1, global…).",
		},
		Keywords: []string{"publisher model"},
		Match:    func(e *model.Event) bool { return textHas(e, "not found") },
		Grade:    bySurface,
	},
	{
		ID: "bedrock-throttling", Cause: "rate_limited", Severity: model.Error, Priority: PriorityType,
		Title: "Bedrock ThrottlingException",
		Doc: "Matches ThrottlingException, ServiceQuotaExceededException and their messages \"Too many tokens / " +
			"requests, please wait before trying again\": the account's Bedrock quota (tokens or requests per minute).",
		Fixes: []string{
			"Back off and retry (the AWS SDK retries a few times by itself).",
			"Request a Bedrock quota increase, or use a cross-region inference profile to spread the load.",
		},
		Keywords: []string{
			"throttlingexception", "servicequotaexceededexception", "too many tokens, please wait",
			"too many requests, please wait",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "bedrock-access-denied", Cause: "permission_denied", Severity: model.Error, Priority: PriorityType,
		Title: "Bedrock AccessDeniedException",
		Doc:   "Matches AccessDeniedException: the IAM identity may not invoke the model, or model access was not granted.",
		Fixes: []string{
			"Check the IAM policy (bedrock:InvokeModel*) and the model access page in the Bedrock console.",
		},
		Keywords: []string{"accessdeniedexception"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "bedrock-model-timeout", Cause: "gateway_timeout", Severity: model.Error, Priority: PriorityType,
		Title: "Bedrock ModelTimeoutException",
		Doc:   "Matches ModelTimeoutException (a 408): the model took too long on Bedrock's side.",
		Fixes: []string{fixStream, fixRetryBackoff},
		Keywords: []string{
			"modeltimeoutexception",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "bedrock-model-error", Cause: "server_error", Severity: model.Error, Priority: PriorityType,
		Title: "Bedrock ModelErrorException or InternalServerException",
		Doc:   "Matches ModelErrorException (424) and InternalServerException (500): a failure on the service side.",
		Fixes: []string{fixRetryBackoff, "If it persists, open an AWS support case with the x-amzn-requestid."},
		Keywords: []string{
			"modelerrorexception", "internalserverexception",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "bedrock-stream-error", Cause: "stream_interrupted", Severity: model.Error, Priority: PriorityType,
		Title: "Bedrock ModelStreamErrorException",
		Doc:   "Matches ModelStreamErrorException: the response stream failed midway.",
		Fixes: []string{fixRetryBackoff, "If it persists, open an AWS support case with the x-amzn-requestid."},
		Keywords: []string{
			"modelstreamerrorexception",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "bedrock-unavailable", Cause: "service_unavailable", Severity: model.Error, Priority: PriorityType,
		Title: "Bedrock ServiceUnavailableException or ModelNotReadyException",
		Doc:   "Matches ServiceUnavailableException (503) and ModelNotReadyException (429 while the model loads).",
		Fixes: []string{fixRetryBackoff, "Check the AWS Health Dashboard for Bedrock in that region."},
		Keywords: []string{
			"serviceunavailableexception", "modelnotreadyexception",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "bedrock-resource-not-found", Cause: "not_found", Severity: model.Error, Priority: PriorityType,
		Title: "Bedrock ResourceNotFoundException",
		Doc:   "Matches ResourceNotFoundException: a wrong model id or a region where the model is not offered.",
		Fixes: []string{"Check the model id (or inference profile) and the region in the endpoint."},
		Keywords: []string{
			"resourcenotfoundexception",
		},
		Match: always,
		Grade: bySurface,
	},
	{
		ID: "bedrock-validation", Cause: "invalid_request", Severity: model.Error, Priority: PriorityType,
		Title: "Bedrock ValidationException",
		Doc: "Matches ValidationException for reasons no specific rule names (prompt too long, unsupported " +
			"countries and on-demand throughput are matched first by their wording).",
		Fixes:    []string{"Read the message: it names the invalid field.", "Use the Bedrock body format (anthropic_version: bedrock-2023-05-31)."},
		Keywords: []string{"validationexception"},
		Match:    always,
		Grade:    bySurface,
	},
	{
		ID: "vertex-quota", Cause: "rate_limited", Severity: model.Error, Priority: PriorityType,
		Title: "Vertex AI RESOURCE_EXHAUSTED (quota)",
		Doc: "Matches the Google status RESOURCE_EXHAUSTED, \"Quota exceeded for aiplatform.googleapis.com/…\" and " +
			"the class ResourceExhausted: the project's Vertex AI quota for that model and region (often 0 on new projects).",
		Fixes: []string{
			"Request a quota increase for the metric the message names (online_prediction_…_per_base_model) in that region.",
			"Try the global region, and back off between retries.",
		},
		Keywords: []string{"resource_exhausted", "resourceexhausted", "quota exceeded for aiplatform"},
		Match:    always,
		Grade:    bySurface,
	},
}
