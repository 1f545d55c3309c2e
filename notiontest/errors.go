package notiontest

import (
	"fmt"
	"net/http"
)

// apiError is an error answer in Notion's shape:
// {"object":"error","status":...,"code":...,"message":...,"request_id":...}.
type apiError struct {
	status  int
	code    string
	message string
	// additional is the error's additional_data, which newer Notion errors carry; nil: none.
	additional jsonObject
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

// body is the JSON answer of the error, without its request_id.
func (e *apiError) body() jsonObject {
	b := jsonObject{"object": "error", "status": e.status, "code": e.code, "message": e.message}
	if e.additional != nil {
		b["additional_data"] = deepCopy(e.additional)
	}
	return b
}

// validationError is Notion's 400 validation_error.
func validationError(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "validation_error", message: fmt.Sprintf(format, args...)}
}

// bodyValidation is a validation_error about the request body, worded like Notion's:
// "body failed validation: body.x should be ..., instead was `...`.".
func bodyValidation(format string, args ...any) *apiError {
	return validationError("body failed validation: "+format, args...)
}

// pathValidation is Notion's answer to a malformed id in the URL path, param naming the path
// parameter (page_id, block_id, ...).
func pathValidation(param, value string) *apiError {
	return validationError("path failed validation: path.%s should be a valid uuid, instead was `%s`.", param, jsonText(value))
}

// notFoundError is Notion's 404 object_not_found; kind is "page", "database", "block" or "user".
func notFoundError(kind, id string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "object_not_found",
		message: fmt.Sprintf("Could not find %s with ID: %s. Make sure the relevant pages and databases are shared with your integration.", kind, id)}
}

// The fixed errors of the request pipeline.
var (
	errUnauthorized   = &apiError{status: http.StatusUnauthorized, code: "unauthorized", message: "API token is invalid."}
	errMissingVersion = &apiError{status: http.StatusBadRequest, code: "missing_version",
		message: "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`."}
	errInvalidJSON       = &apiError{status: http.StatusBadRequest, code: "invalid_json", message: "Error parsing JSON body."}
	errInvalidRequestURL = &apiError{status: http.StatusBadRequest, code: "invalid_request_url", message: "Invalid request URL."}
	errRateLimited       = &apiError{status: http.StatusTooManyRequests, code: "rate_limited",
		message:    "You have been rate limited. Please try again in a few minutes.",
		additional: jsonObject{"rate_limit_reason": rateLimitReason}}
)

// notImplemented answers an endpoint of Notion's API that the emulator does not simulate.
func notImplemented(endpoint string) *apiError {
	return &apiError{status: http.StatusNotImplemented, code: "not_implemented",
		message: fmt.Sprintf("The Notion emulator does not implement %s.", endpoint)}
}
