package unoredis

import (
	"context"
	"errors"
	"fmt"
)

// Sentinel errors. Test for them with errors.Is.
var (
	// ErrUnavailable is returned by Wait when Redis could not be reached or did not run the
	// limiter's script; the error also wraps Redis's own. No request may go then.
	ErrUnavailable = errors.New("unoredis: redis unavailable")
	// ErrInvalidLimiter is returned by Wait for a limiter made with a nil client, an empty key,
	// a rate that is not a positive finite number or a burst below 1.
	ErrInvalidLimiter = errors.New("unoredis: invalid limiter")
	// ErrClosed is returned by Wait after Close.
	ErrClosed = errors.New("unoredis: limiter closed")
)

// errPastDeadline is returned by Wait when the slot or the pause lies beyond the context's
// deadline: it matches context.DeadlineExceeded.
var errPastDeadline = fmt.Errorf("unoredis: pacing would wait past the context deadline: %w", context.DeadlineExceeded)
