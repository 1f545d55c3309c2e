package transport

import (
	"context"
	"time"
)

// Limiter decides when the Transport's requests may go. The Transport calls Wait before every
// attempt, Throttled after every answer 429 or 529 and Accepted after every other answer.
// Implementations must be safe for concurrent use.
type Limiter interface {
	// Wait blocks until one request may be sent, or returns the context's error.
	Wait(ctx context.Context) error
	// Throttled reports that the server refused a request for rate (429 or 529) and asked for a
	// pause of retryAfter (0: it did not say). Every request through the limiter waits until
	// the pause is over.
	Throttled(ctx context.Context, retryAfter time.Duration)
	// Accepted reports that a request was answered without a refusal for rate.
	Accepted(ctx context.Context)
}

// NewPacer returns the in-process Limiter at a fixed rate: at most rate requests per second on
// average, with bursts of up to burst, served in the order they asked. A rate that is not a
// positive finite number paces nothing, but pauses asked by the server still apply.
func NewPacer(rate float64, burst int) Limiter { return newPacer(rate, burst) }
