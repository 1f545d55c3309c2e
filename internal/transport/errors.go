package transport

import (
	"errors"
	"strings"
	"time"
)

// ErrBodyTooLarge is returned when reading a response body past Options.MaxBodyBytes.
var ErrBodyTooLarge = errors.New("uno: response body too large")

// OutcomeUnknownError is the error of a write (an Op other than OpRead) that failed after the
// request may have reached the server: the connection broke, the attempt timed out or the context
// ended while waiting for the answer. The request is not sent again. It matches
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

// ErrAttemptTimeout matches a *TimeoutError.
var ErrAttemptTimeout = errors.New("uno: attempt timed out")

// TimeoutError is the failure of an attempt that took longer than Options.Timeout, from sending
// the request to the end of the answer's body. It is a net.Error whose Timeout is true; it does
// not match context.DeadlineExceeded, which is the caller's deadline.
type TimeoutError struct {
	// After is the timeout that ran out.
	After time.Duration
}

// Error says how long the attempt took.
func (e *TimeoutError) Error() string {
	return ErrAttemptTimeout.Error() + " after " + e.After.String()
}

// Is reports whether target is ErrAttemptTimeout.
func (e *TimeoutError) Is(target error) bool { return target == ErrAttemptTimeout }

// Timeout reports true.
func (e *TimeoutError) Timeout() bool { return true }

// Temporary reports true: a later attempt may succeed.
func (e *TimeoutError) Temporary() bool { return true }
