package errbody

import "bytes"

// awsNames are the error codes of Bedrock's runtime and AWS's auth layer, keyed in lower
// case: botocore prints them in any case ("An error occurred (throttlingException)").
var awsNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{
		"AccessDeniedException", "ThrottlingException", "ValidationException", "ServiceQuotaExceededException",
		"ModelTimeoutException", "ModelNotReadyException", "ModelErrorException", "ModelStreamErrorException",
		"InternalServerException", "ServiceUnavailableException", "ResourceNotFoundException",
		"UnrecognizedClientException", "ExpiredTokenException", "InvalidSignatureException",
		"IncompleteSignatureException", "ConflictException", "TooManyRequestsException",
	} {
		m[string(bytes.ToLower([]byte(n)))] = n
	}
	return m
}()

// findAWSName finds an AWS error code written as a class or in botocore's sentence:
// "botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException)
// when calling the InvokeModel operation: You don't have access to the model ...",
// "ValidationException: Access to Anthropic models is not allowed ...". The message is the
// rest of the line after the operation or the class.
func findAWSName(text, low []byte) (code, msg string, ok bool) {
	for off := 0; ; {
		i := bytes.Index(low[off:], []byte("exception"))
		if i < 0 {
			return "", "", false
		}
		i += off
		end := i + len("exception")
		off = end
		start := i
		for start > 0 && i-start < 40 && isIdent(low[start-1]) {
			start--
		}
		name, known := awsNames[string(low[start:end])]
		if !known || end < len(low) && isIdent(low[end]) {
			continue
		}
		rest := continued(text, end)
		if bytes.HasPrefix(rest, []byte(": ")) {
			rest = rest[2:]
		} else if !bytes.HasPrefix(rest, []byte(")")) {
			rest = nil
		}
		// "... when calling the InvokeModel operation (reached max retries: 4): Too many tokens"
		if j := bytes.Index(rest, []byte(" operation")); j >= 0 && j < 160 {
			after := rest[j+len(" operation"):]
			if bytes.HasPrefix(after, []byte(" (")) {
				if k := bytes.IndexByte(after, ')'); k >= 0 && k < 80 {
					after = after[k+1:]
				}
			}
			if bytes.HasPrefix(after, []byte(": ")) {
				rest = after[2:]
			} else if rest[0] == ')' {
				rest = nil
			}
		} else if len(rest) > 0 && rest[0] == ')' {
			rest = nil
		}
		return name, string(rest), true
	}
}
