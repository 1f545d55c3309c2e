package transport

import (
	"errors"
	"strings"
)

// ErrBodyTooLarge is returned when reading a response body past Options.MaxBodyBytes.
var ErrBodyTooLarge = errors.New("uno: response body too large")

// OutcomeUnknownError is the error of a create (an Op other than OpRead and OpUpdate) that failed
// after the request may have reached the server: the connection broke, the attempt timed out or
// the context ended while waiting for the answer. The request is never sent again. It matches
// ErrOutcomeUnknown with errors.Is and unwraps to the cause, such as io.EOF or
// context.DeadlineExceeded.
type OutcomeUnknownError struct {
	// Op is the request's classification.
	Op Op
	// Method and Path name the request (the URL path, without query string or host).
	Method, Path string
	// Err is the failure seen after the request was sent.
	Err error
}

// Error describes the request and the cause, never headers.
func (e *OutcomeUnknownError) Error() string {
	var b strings.Builder
	b.WriteString(ErrOutcomeUnknown.Error())
	if e.Method != "" || e.Path != "" {
		b.WriteString(": ")
		b.WriteString(e.Method)
		if e.Method != "" && e.Path != "" {
			b.WriteByte(' ')
		}
		b.WriteString(e.Path)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// Is reports whether target is ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }
