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
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

// validationError is Notion's 400 validation_error.
func validationError(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "validation_error", message: fmt.Sprintf(format, args...)}
}

// notFoundError is Notion's 404 object_not_found; kind is "page", "database", "block" or "user".
func notFoundError(kind, id string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "object_not_found",
		message: fmt.Sprintf("Could not find %s with ID: %s. Make sure the relevant pages and databases are shared with your integration.", kind, id)}
}
