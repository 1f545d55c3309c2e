package unoredis

import (
	"context"
	"strconv"
	"time"

	"github.com/uno-go/uno/internal/ctxtime"
)

// This process's view of the shared pause. Redis holds the pause itself, and every slot it
// hands out lies after it; the view lets a Wait that is already sleeping towards a slot taken
// before the pause notice it, and lets a refusal pause this process at once.

// subscribe starts, on the first call, listening for the pauses that any process publishes on
// the limiter's channel. It fails after Close.
func (l *Limiter) subscribe() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if l.sub != nil {
		return nil
	}
	// go-redis keeps the subscription across reconnections; the goroutine ends on Close,
	// which closes the channel.
	l.sub = l.rdb.Subscribe(context.Background(), l.channel)
	ch := l.sub.Channel()
	go func() {
		for msg := range ch {
			us, err := strconv.ParseInt(msg.Payload, 10, 64)
			if err != nil || us <= 0 {
				continue
			}
			l.setPause(time.Now().Add(time.Duration(us) * time.Microsecond))
		}
	}()
	return nil
}

// setPause extends the local pause to until.
func (l *Limiter) setPause(until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
}

// pauseSlack is how much later than Redis's own a pause may end in this process's view: the
// notice travels, so the view of the pause a slot already respects ends a little later.
const pauseSlack = 100 * time.Millisecond

// pausedBeyond reports whether a pause is in force at now that ends after known, the end of
// the pause a slot already respects: a pause that began after the slot was taken.
func (l *Limiter) pausedBeyond(now, known time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return now.Before(l.pausedUntil) && l.pausedUntil.After(known.Add(pauseSlack))
}

// sleepOutPause waits until the local pause is over, or returns the context's error; an error
// matching context.DeadlineExceeded at once when the pause outlasts the context's deadline.
func (l *Limiter) sleepOutPause(ctx context.Context) error {
	l.mu.Lock()
	until := l.pausedUntil
	l.mu.Unlock()
	d := time.Until(until)
	if d <= 0 {
		return ctx.Err()
	}
	if deadline, ok := ctx.Deadline(); ok && until.After(deadline) {
		return errPastDeadline
	}
	return ctxtime.Sleep(ctx, d)
}
