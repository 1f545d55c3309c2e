// Package ctxtime holds the wait that both the transport and the Redis limiter use.
package ctxtime

import (
	"context"
	"time"
)

// Sleep waits for d or until ctx ends, whichever comes first; the context's error wins.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return ctx.Err()
	}
}
