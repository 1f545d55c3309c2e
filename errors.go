package uno

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uno-go/uno/internal/transport"
)

// Sentinel errors. Test for them with errors.Is.
var (
	// ErrNoActiveSession is returned by GetActive when no session is open.
	ErrNoActiveSession = errors.New("uno: no active session")
	// ErrSessionActive is returned by NewSession while another session is open.
	ErrSessionActive = errors.New("uno: a session is already active; close it or use GetOrCreate")
	// ErrSessionClosed is returned by every method of a closed session.
	ErrSessionClosed = errors.New("uno: session is closed")
	// ErrInvalidID is returned for a reference that is neither a UUID nor a Notion URL holding one.
	ErrInvalidID = errors.New("uno: invalid Notion id")
	// ErrNotFound is returned when Notion answers object_not_found, or a lookup finds nothing.
	ErrNotFound = errors.New("uno: object not found")
	// ErrRateLimited is returned when Notion still answers rate_limited after every retry.
	ErrRateLimited = errors.New("uno: rate limited")
	// ErrUnauthorized is returned when Notion rejects the token.
	ErrUnauthorized = errors.New("uno: unauthorized")
	// ErrEmptyList is returned by SList.Item on an empty list.
	ErrEmptyList = errors.New("uno: empty list")
	// ErrMultipleItems is returned by SList.Item on a list with more than one item.
	ErrMultipleItems = errors.New("uno: more than one item")
	// ErrNoToken is returned by NewSession when no token is found in the options, the config
	// file or the NOTION_TOKEN environment variable.
	ErrNoToken = errors.New("uno: no Notion token")
	// ErrOutcomeUnknown marks a failed write (a create such as a page, database, block append or
	// comment, or an update) that the server may nevertheless have applied: the connection broke,
	// the server failed after the request was sent, or it answered 2xx with a body uno cannot
	// decode. uno never sends such a create twice; check before creating again.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
	// ErrTimeout matches the failure of a request whose last attempt took longer than
	// WithTimeout (from sending it to the end of the answer). It is not
	// context.DeadlineExceeded, which says the caller's own deadline passed.
	ErrTimeout = transport.ErrAttemptTimeout
	// ErrInvalidSchema is returned for a schema that cannot be created, before any request is sent.
	ErrInvalidSchema = errors.New("uno: invalid schema")
	// ErrSchemaMismatch is returned by GetOrCreateDB when the existing database differs from the schema.
	ErrSchemaMismatch = errors.New("uno: database does not match schema")
	// ErrInvalidValue is returned when a property value does not fit the database's schema.
	ErrInvalidValue = errors.New("uno: invalid property value")
	// ErrInvalidResponse is returned when a response from the server cannot be understood.
	ErrInvalidResponse = errors.New("uno: invalid response")
	// ErrUnsupportedVersion is returned for a Notion API version uno does not speak, and by
	// methods that need a newer version than the session's (data sources at 2022-06-28),
	// before any request is sent.
	ErrUnsupportedVersion = errors.New("uno: unsupported Notion API version")
	// ErrMultipleDataSources is returned by the Database methods that need a single data source
	// when the database has several; the error names them.
	ErrMultipleDataSources = errors.New("uno: database has several data sources")
	// ErrInvalidQuery is returned for a filter or sort that does not fit the data source's
	// schema, before any request is sent.
	ErrInvalidQuery = errors.New("uno: invalid query")
	// ErrInvalidBlock is returned for content that cannot be written: a block type an
	// integration cannot create, or a nil block; nothing is sent.
	ErrInvalidBlock = errors.New("uno: invalid block")
	// ErrResultLimit is returned by a query that cannot go on past Notion's limit of results
	// per query: more pages than the limit were created in the same minute.
	ErrResultLimit = errors.New("uno: more results than Notion answers for one query")
	// ErrValidation matches Notion's 400 validation_error answers; errors.As still gives the
	// *APIError with Notion's message.
	ErrValidation = errors.New("uno: rejected by Notion's validation")
)

// APIError is an error answer from the Notion API (or from a server in front of it).
// It unwraps to ErrNotFound, ErrRateLimited and ErrUnauthorized where they apply, to
// ErrOutcomeUnknown for a failed create that the server may have applied, and to
// context.DeadlineExceeded for a refusal for load (429, 529) returned because the caller's
// deadline ended the wait before the request could be sent again.
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Code is Notion's error code, such as "object_not_found". For an answer that was not
	// Notion's JSON (an HTML error page from a proxy), it is empty.
	Code string
	// Message is Notion's message, or the start of the body for a non-JSON answer.
	Message string
	// RequestID is Notion's request id, useful when asking Notion's support.
	RequestID string
	// RetryAfter is the wait the server asked for, when it sent a Retry-After header.
	RetryAfter time.Duration
	// Method and Path name the request that failed, such as "POST /v1/pages".
	Method, Path string

	outcomeUnknown bool
	deadline       bool // the caller's deadline ended the wait for a server that refused for load
}

// Error describes the failure.
func (e *APIError) Error() string {
	code := e.Code
	if code == "" {
		code = "no Notion error code"
	}
	msg := fmt.Sprintf("notion: %s %s: %d %s: %s", e.Method, e.Path, e.Status, code, e.Message)
	if e.RequestID != "" {
		msg += " (request " + e.RequestID + ")"
	}
	if e.outcomeUnknown {
		msg += "; the server may have applied the request"
	}
	if e.deadline {
		msg += "; the context's deadline ended the wait to retry"
	}
	return msg
}

// Is makes errors.Is work with the sentinel errors.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Code == "object_not_found" || (e.Code == "" && e.Status == 404)
	case ErrRateLimited:
		return e.Code == "rate_limited" || e.Status == 429
	case ErrUnauthorized:
		return e.Code == "unauthorized" || e.Status == 401
	case ErrValidation:
		return e.Code == "validation_error"
	case ErrOutcomeUnknown:
		return e.outcomeUnknown
	case context.DeadlineExceeded:
		return e.deadline
	}
	return false
}

// SessionError reports that a session cannot work: the server is unreachable or the token
// is rejected. It is what RaiseForStatus returns.
type SessionError struct {
	// Reason says what is wrong, in a few words.
	Reason string
	// Err is the underlying error.
	Err error
}

// Error describes the failure.
func (e *SessionError) Error() string {
	if e.Err == nil {
		return "uno: session error: " + e.Reason
	}
	return "uno: session error: " + e.Reason + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *SessionError) Unwrap() error { return e.Err }
