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
// The bucket is kept as a theoretical arrival time (the generic cell rate algorithm). Waiters
// queue in the order they arrived; only the first of them sleeps, until the bucket allows one
// request, and it recomputes that time whenever the rate or a pause changes, so that a new rate
// applies at once to everyone waiting. The total rate is the configured one however many
// goroutines share the pacer.
type pacer struct {
	burst int

	mu          sync.Mutex
	interval    time.Duration   // time per token; 0: no pacing
	tolerance   time.Duration   // (burst-1) * interval: how far ahead of the schedule a request may go
	tat         time.Time       // theoretical arrival time of the next request
	pausedUntil time.Time       // no request starts before this
	queue       []chan struct{} // the waiters in order; each channel is closed when its turn comes
	waited      bool            // the last request sent had to wait for its turn
	changed     chan struct{}   // closed and replaced when the rate or the pause changes
}

// newPacer returns a pacer for rate requests per second with the given burst; a rate that is not
// a positive finite number turns pacing off (pauses still apply).
func newPacer(rate float64, burst int) *pacer {
	p := &pacer{burst: max(burst, 1), changed: make(chan struct{})}
	p.interval, p.tolerance = p.spacing(rate)
	return p
}

// spacing returns the interval and tolerance for rate requests per second at p's burst; zero
// for a rate that is not a positive finite number or too high to pace.
func (p *pacer) spacing(rate float64) (interval, tolerance time.Duration) {
	if !(rate > 0) || math.IsInf(rate, 1) {
		return 0, 0
	}
	iv := min(float64(time.Second)/rate, float64(maxPacerSpan))
	if iv < 1 {
		return 0, 0
	}
	return time.Duration(iv), time.Duration(min(float64(p.burst-1)*iv, float64(maxPacerSpan)))
}

// setRate changes the rate, for the waiters too.
func (p *pacer) setRate(rate float64) {
	interval, tolerance := p.spacing(rate)
	p.mu.Lock()
	defer p.mu.Unlock()
	if interval == p.interval && tolerance == p.tolerance {
		return
	}
	p.interval, p.tolerance = interval, tolerance
	p.notify()
}

// notify wakes the first waiter to recompute its time; p.mu is held.
func (p *pacer) notify() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// wait blocks until the caller may send one request. It returns the context's error if the
// context ends first, and an error matching context.DeadlineExceeded at once when its turn
// would come after the context's deadline.
func (p *pacer) wait(ctx context.Context) error {
	turn := make(chan struct{})
	p.mu.Lock()
	now := time.Now()
	if len(p.queue) == 0 && !p.next(now).After(now) {
		p.take(now, false)
		p.mu.Unlock()
		return nil
	}
	expected := p.next(now).Add(time.Duration(len(p.queue)) * p.interval)
	if deadline, ok := ctx.Deadline(); ok && expected.After(deadline) {
		p.mu.Unlock()
		return errPastDeadline
	}
	p.queue = append(p.queue, turn)
	if len(p.queue) == 1 {
		close(turn)
	}
	p.mu.Unlock()

	select {
	case <-turn:
	case <-ctx.Done():
		p.leave(turn)
		return ctx.Err()
	}
	for {
		p.mu.Lock()
		now := time.Now()
		at := p.next(now)
		if !at.After(now) {
			p.take(now, true)
			p.leaveLocked(turn)
			p.mu.Unlock()
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && at.After(deadline) {
			p.leaveLocked(turn)
			p.mu.Unlock()
			return errPastDeadline
		}
		changed := p.changed
		p.mu.Unlock()
		timer := time.NewTimer(at.Sub(now))
		select {
		case <-ctx.Done():
			timer.Stop()
			p.leave(turn)
			return ctx.Err()
		case <-changed:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// errPastDeadline is returned by wait when the caller's turn would come after its context's
// deadline.
var errPastDeadline = fmt.Errorf("uno: pacing would wait past the context deadline: %w", context.DeadlineExceeded)

// next returns when the next request may go; p.mu is held.
func (p *pacer) next(now time.Time) time.Time {
	at := now
	if p.interval > 0 {
		if earliest := p.tat.Add(-p.tolerance); earliest.After(at) {
			at = earliest
		}
	}
	if at.Before(p.pausedUntil) {
		at = p.pausedUntil
	}
	return at
}

// take spends the token of a request sent at now, which waited or not; p.mu is held.
func (p *pacer) take(now time.Time, waited bool) {
	p.waited = waited
	if p.interval > 0 {
		p.tat = later(p.tat, now).Add(p.interval)
	}
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// leave removes a waiter from the queue.
func (p *pacer) leave(turn chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.leaveLocked(turn)
}

// leaveLocked removes a waiter from the queue and, when it was first, gives the turn to the
// next one; p.mu is held.
func (p *pacer) leaveLocked(turn chan struct{}) {
	for i, c := range p.queue {
		if c != turn {
			continue
		}
		p.queue[i] = nil
		p.queue = append(p.queue[:i], p.queue[i+1:]...)
		if i == 0 && len(p.queue) > 0 {
			close(p.queue[0])
		}
		return
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
	p.notify()
}

// busy reports whether requests use the whole rate: the last one sent had to wait, or some
// wait now.
func (p *pacer) busy() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.interval > 0 && (p.waited || len(p.queue) > 0)
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
