package uno

import (
	"context"
	"errors"
	"time"
)

// Limiter decides when a session's requests may go. A session uses its own in-process limiter
// unless WithLimiter gives another one, such as the Redis-backed limiter of package unoredis,
// which several processes sharing one integration token can share.
//
// Implementations must be safe for concurrent use.
type Limiter interface {
	// Wait blocks until one request may be sent, or returns the context's error.
	Wait(ctx context.Context) error
	// Throttled reports that the server refused a request for rate (429 or 529) and asked for a
	// pause of retryAfter (0: it did not say). Every request through the limiter waits until
	// the pause is over, and an adaptive limiter lowers its rate.
	Throttled(ctx context.Context, retryAfter time.Duration)
	// Accepted reports that a request was answered without a refusal for rate; an adaptive
	// limiter may raise its rate.
	Accepted(ctx context.Context)
}

// WithLimiter makes the session pace its requests through l instead of its own in-process
// limiter: l.Wait before every attempt, l.Throttled after every answer 429 or 529 (with the
// Retry-After asked, capped at the longest single wait), l.Accepted after every other answer.
// It takes precedence over WithRateLimit.
func WithLimiter(l Limiter) Option {
	return func(s *settings) error {
		if l == nil {
			return errors.New("uno: WithLimiter: nil limiter")
		}
		s.limiter = l
		return nil
	}
}
