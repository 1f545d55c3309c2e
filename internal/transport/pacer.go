package transport

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// maxPacerSpan bounds the pacer's durations so that extreme rates or bursts cannot overflow
// time arithmetic.
const maxPacerSpan = 365 * 24 * time.Hour

// pacer spaces requests out with a token bucket shared by every goroutine of one Transport, and
// holds all of them back while the server has asked for a pause (Retry-After on 429 or 529).
//
// The bucket is kept as a theoretical arrival time (the generic cell rate algorithm): a request
// reserves the next free slot under the mutex, then sleeps until that slot outside it. Waiters are
// served in the order they arrived and the total rate is the configured one however many
// goroutines share the pacer.
type pacer struct {
	interval  time.Duration // time per token; 0: no pacing
	tolerance time.Duration // (burst-1) * interval: how far ahead of the schedule a request may go

	mu          sync.Mutex
	tat         time.Time // theoretical arrival time of the next request
	pausedUntil time.Time // no request starts before this
}

// slot is one reservation: the time the request may go, and the pacer's tat right after it was
// taken (used to give it back).
type slot struct {
	at, tat time.Time
}

// newPacer returns a pacer for rate requests per second with the given burst; a rate that is not
// a positive finite number turns pacing off (pauses still apply).
func newPacer(rate float64, burst int) *pacer {
	p := &pacer{}
	if !(rate > 0) || math.IsInf(rate, 1) {
		return p
	}
	interval := min(float64(time.Second)/rate, float64(maxPacerSpan))
	if interval < 1 {
		return p
	}
	burst = max(burst, 1)
	p.interval = time.Duration(interval)
	p.tolerance = time.Duration(min(float64(burst-1)*interval, float64(maxPacerSpan)))
	return p
}

// wait blocks until the caller may send one request. It returns the context's error if the
// context ends first, and an error matching context.DeadlineExceeded at once when the slot lies
// beyond the context's deadline.
func (p *pacer) wait(ctx context.Context) error {
	for {
		now := time.Now()
		s := p.reserve(now)
		if !s.at.After(now) {
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && s.at.After(deadline) {
			p.cancel(s)
			return fmt.Errorf("uno: pacing would wait past the context deadline: %w", context.DeadlineExceeded)
		}
		if err := sleep(ctx, s.at.Sub(now)); err != nil {
			p.cancel(s)
			return err
		}
		// A pause that began while sleeping invalidates the slot: take a new one after it.
		if !p.pausedAt(time.Now()) {
			return nil
		}
	}
}

// reserve takes the next slot at or after now.
func (p *pacer) reserve(now time.Time) slot {
	p.mu.Lock()
	defer p.mu.Unlock()
	at := now
	if p.interval > 0 {
		tat := p.tat
		if tat.Before(now) {
			tat = now
		}
		if earliest := tat.Add(-p.tolerance); earliest.After(at) {
			at = earliest
		}
		p.tat = tat.Add(p.interval)
	}
	if at.Before(p.pausedUntil) {
		at = p.pausedUntil
	}
	return slot{at: at, tat: p.tat}
}

// cancel gives back a slot that will not be used, when no later slot was taken since.
func (p *pacer) cancel(s slot) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.interval > 0 && p.tat.Equal(s.tat) {
		p.tat = p.tat.Add(-p.interval)
	}
}

// pause holds every request back until until. When pacing is on, requests resume one interval
// apart after it, without a burst.
func (p *pacer) pause(until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !until.After(p.pausedUntil) {
		return
	}
	p.pausedUntil = until
	if p.interval > 0 {
		if next := until.Add(p.tolerance); next.After(p.tat) {
			p.tat = next
		}
	}
}

// pausedAt reports whether a pause is in force at now.
func (p *pacer) pausedAt(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return now.Before(p.pausedUntil)
}

// Wait blocks until the caller may send one request; see wait.
func (p *pacer) Wait(ctx context.Context) error { return p.wait(ctx) }

// Throttled holds every request back for retryAfter from now.
func (p *pacer) Throttled(_ context.Context, retryAfter time.Duration) {
	if retryAfter > 0 {
		p.pause(time.Now().Add(retryAfter))
	}
}

// Accepted does nothing: the rate is fixed.
func (p *pacer) Accepted(context.Context) {}

// sleep waits for d or until ctx ends, whichever comes first; the context's error wins.
func sleep(ctx context.Context, d time.Duration) error {
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
