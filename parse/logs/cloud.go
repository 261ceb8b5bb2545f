package logs

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/claudelog/claudelog/model"
)

// This row reads AWS Bedrock failures as botocore and the AWS JS SDK print them:
// "botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when
// calling the InvokeModel operation (reached max retries: 2): Too many requests…", and
// "ThrottlingException: Too many tokens…" with "$metadata: {httpStatusCode: 429 …}" under it.
// The AWS error code goes to ErrorCode; AWS codes name no HTTP status in the line, so Status
// stays 0 unless a status field says it.
var _ = register(&dialect{
	name: "bedrock",
	rank: 900,
	keywords: kw("An error occurred (", "ThrottlingException", "AccessDeniedException", "ValidationException",
		"ModelTimeoutException", "ModelErrorException", "ModelStreamErrorException", "ModelNotReadyException",
		"ServiceUnavailableException", "InternalServerException", "ResourceNotFoundException",
		"ServiceQuotaExceededException", "ExpiredToken", "UnrecognizedClientException",
		"security token included in the request", "ReadTimeoutError", "EndpointConnectionError", "ConnectTimeoutError"),
	match: matchBedrock,
})

var (
	botoRE    = regexp.MustCompile(`(?:((?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)): )?An error occurred \((\w+)\) when calling the (\w+) operation(?: \(reached max retries: (\d+)\))?: ?(.*)$`)
	awsRE     = regexp.MustCompile(`\b((?:Throttling|AccessDenied|Validation|ModelTimeout|ModelError|ModelStreamError|ModelNotReady|ServiceUnavailable|InternalServer|ResourceNotFound|ServiceQuotaExceeded|ExpiredToken|UnrecognizedClient)Exception|ExpiredToken)(?:\s*\[[^\]]*\])?: (.*)$`)
	botoNetRE = regexp.MustCompile(`\b((?:[a-z_]\w*\.)*(?:ReadTimeoutError|EndpointConnectionError|ConnectTimeoutError|ConnectionClosedError)): (.*)$`)
)

// bedrockOps are the Bedrock runtime operations that call a model.
var bedrockOps = map[string]bool{
	"InvokeModel": true, "InvokeModelWithResponseStream": true, "Converse": true, "ConverseStream": true,
	"CountTokens": true, "ApplyGuardrail": true, "StartAsyncInvoke": true,
}

// bedrockWording is text only Bedrock's model errors use.
var bedrockWording = []string{"Too many tokens", "Too many requests, please wait", "Malformed input request",
	"on-demand throughput", "inference profile", "model ID", "model identifier", "prompt is too long",
	"Anthropic", "anthropic", "Claude", "claude", "bedrock"}

func matchBedrock(p *parser, l *lineCtx, ev *model.Event) outcome {
	s := l.str()
	ctx := p.chain.seen[model.PlatformBedrock] || claudeContext(l.b)
	if m := botoRE.FindStringSubmatch(s); m != nil {
		if !bedrockOps[m[3]] && !ctx {
			return noMatch // an S3 or STS error in the same job is not a call to Claude
		}
		ev.Exception = m[1]
		ev.ErrorCode = m[2]
		ev.Message = clean(m[5])
		ev.Platform = model.PlatformBedrock
		if m[4] != "" {
			n, _ := strconv.Atoi(m[4])
			ev.Attempt = n + 1
		}
		return emitted
	}
	if m := awsRE.FindStringSubmatch(s); m != nil {
		if !ctx && !containsAny(m[2], bedrockWording) {
			return noMatch
		}
		ev.Exception = m[1]
		ev.ErrorCode = m[1]
		ev.Message = clean(m[2])
		ev.Platform = model.PlatformBedrock
		return emitted
	}
	if m := botoNetRE.FindStringSubmatch(s); m != nil && strings.Contains(s, "bedrock") {
		ev.Exception = m[1]
		ev.Message = clean(m[2])
		ev.NoResponse = true
		ev.Platform = model.PlatformBedrock
		switch {
		case strings.Contains(m[1], "Timeout"):
			ev.NetError = "Read timeout"
			if strings.Contains(m[1], "Connect") {
				ev.NetError = "Connect timeout"
			}
		case strings.Contains(m[1], "EndpointConnectionError"):
			ev.NetError = "Could not connect to the endpoint URL"
		case strings.Contains(m[1], "ConnectionClosedError"):
			ev.NetError = "Connection was closed"
		}
		if i := strings.Index(s, "https://"); i >= 0 {
			setURL(ev, "", strings.TrimRight(s[i:], `"'.`))
		}
		return emitted
	}
	return noMatch
}

// This row reads Google Vertex AI failures: google-api-core's
// "google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded …", gRPC-style
// "429 RESOURCE_EXHAUSTED", "Publisher Model `…` was not found", and google-auth's
// credential errors. The Google status goes to ErrorCode.
var _ = register(&dialect{
	name: "vertex",
	rank: 1000,
	keywords: kw("RESOURCE_EXHAUSTED", "NOT_FOUND", "PERMISSION_DENIED", "FAILED_PRECONDITION", "UNAVAILABLE",
		"DEADLINE_EXCEEDED", "UNAUTHENTICATED", "INVALID_ARGUMENT", "google.api_core", "Publisher Model",
		"default credentials", "Could not refresh access token", "invalid_grant", "Reauthentication is needed"),
	match: matchVertex,
})

var (
	apiCoreRE   = regexp.MustCompile(`\b(google\.api_core\.exceptions\.(\w+)): (\d{3}) (.*)$`)
	grpcCodeRE  = regexp.MustCompile(`\b(\d{3}) (RESOURCE_EXHAUSTED|NOT_FOUND|PERMISSION_DENIED|FAILED_PRECONDITION|UNAVAILABLE|DEADLINE_EXCEEDED|UNAUTHENTICATED|INVALID_ARGUMENT|INTERNAL)\b[.:,]?\s*(.*)$`)
	publisherRE = regexp.MustCompile("(?:Publisher Model `[^`]*` (?:was not found|is not servable)|Project `[^`]*` is not allowed to use Publisher Model)")
	gauthRE     = regexp.MustCompile(`(?:((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)): )?.*?(Could not load the default credentials|Could not refresh access token|invalid_grant|Reauthentication is needed)`)
)

// grpcCodes are the literals of which grpcCodeRE needs one.
var grpcCodes = []string{"RESOURCE_EXHAUSTED", "NOT_FOUND", "PERMISSION_DENIED", "FAILED_PRECONDITION", "UNAVAILABLE",
	"DEADLINE_EXCEEDED", "UNAUTHENTICATED", "INVALID_ARGUMENT", "INTERNAL"}

// grpcMay reports whether s holds a Google status name after three digits and a space
// that start a word: what grpcCodeRE needs before its regexp is tried. A body that names
// the status ('status': 'RESOURCE_EXHAUSTED') has the name without the digits.
func grpcMay(s string) bool {
	for _, code := range grpcCodes {
		for from := 0; ; {
			k := strings.Index(s[from:], code)
			if k < 0 {
				break
			}
			k += from
			if k >= 4 && s[k-1] == ' ' && isDigit(s[k-2]) && isDigit(s[k-3]) && isDigit(s[k-4]) && (k == 4 || !isWordByte(s[k-5])) {
				return true
			}
			from = k + 1
		}
	}
	return false
}

// findIf is re.FindStringSubmatch(s) when may holds, else nil: may is a literal test that
// every match of re passes.
func findIf(may bool, re *regexp.Regexp, s string) []string {
	if !may {
		return nil
	}
	return re.FindStringSubmatch(s)
}

// gauthWords are the literals of which gauthRE needs one.
var gauthWords = []string{"Could not load the default credentials", "Could not refresh access token", "invalid_grant", "Reauthentication is needed"}

// apiCoreCodes maps google-api-core's exception classes to Google status names.
var apiCoreCodes = map[string]string{
	"ResourceExhausted": "RESOURCE_EXHAUSTED", "NotFound": "NOT_FOUND", "PermissionDenied": "PERMISSION_DENIED",
	"FailedPrecondition": "FAILED_PRECONDITION", "ServiceUnavailable": "UNAVAILABLE",
	"DeadlineExceeded": "DEADLINE_EXCEEDED", "Unauthenticated": "UNAUTHENTICATED",
	"InvalidArgument": "INVALID_ARGUMENT", "InternalServerError": "INTERNAL", "TooManyRequests": "RESOURCE_EXHAUSTED",
}

// vertexWording is text that ties a Google error to Claude on Vertex.
var vertexWording = []string{"aiplatform", "anthropic", "claude", "Claude", "Anthropic", "Publisher Model",
	"base model", "rawPredict", "streamRawPredict", "vertex", "Vertex"}

func matchVertex(p *parser, l *lineCtx, ev *model.Event) outcome {
	s := l.str()
	ctx := p.chain.seen[model.PlatformVertex] || containsAny(s, vertexWording)
	if !ctx {
		return noMatch // BigQuery's 404 in the same job is not a call to Claude
	}
	ev.Platform = model.PlatformVertex
	// Each regexp runs only when its literals occur: they are tried in turn on every line
	// that names a Google status near Claude.
	if m := findIf(strings.Contains(s, "google.api_core.exceptions."), apiCoreRE, s); m != nil {
		ev.Exception = m[1]
		ev.Status, _ = strconv.Atoi(m[3])
		ev.ErrorCode = apiCoreCodes[m[2]]
		ev.Message = clean(m[4])
		return emitted
	}
	if m := findIf(grpcMay(s), grpcCodeRE, s); m != nil {
		ev.Status, _ = strconv.Atoi(m[1])
		ev.ErrorCode = m[2]
		rest := strings.TrimSpace(m[3])
		if strings.HasPrefix(rest, "{") || strings.HasPrefix(rest, "[") {
			p.setBody(ev, []byte(rest))
		} else {
			ev.Message = clean(rest)
		}
		return emitted
	}
	if m := publisherRE.FindStringIndex(s); m != nil {
		if jsonBodyDialect.hit(l.b) {
			// The message is inside a body ("body: {'error': {'code': 404, …}}"): read it whole.
			if jsonBodyDialect.match(p, l, ev) == emitted {
				if ev.ErrorCode == "" {
					ev.ErrorCode = "NOT_FOUND"
				}
				return emitted
			}
		}
		ev.ErrorCode = "NOT_FOUND"
		if strings.HasPrefix(s[m[0]:], "Project") {
			ev.ErrorCode = "FAILED_PRECONDITION"
		}
		ev.Message = clean(s[m[0]:])
		if em := excRE.FindStringSubmatch(s[:m[0]]); em != nil {
			ev.Exception = em[1]
		}
		return emitted
	}
	if !containsAny(s, gauthWords) {
		ev.Platform = ""
		return noMatch // gauthRE needs one of them; its lazy ".*?" is slow on a line without
	}
	if m := gauthRE.FindStringSubmatchIndex(s); m != nil {
		if m[2] >= 0 {
			ev.Exception = s[m[2]:m[3]]
		}
		tok := s[m[4]:m[5]]
		if tok == "invalid_grant" {
			ev.ErrorCode = tok
		}
		ev.Message = clean(s[m[4]:])
		return emitted
	}
	ev.Platform = ""
	return noMatch
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
