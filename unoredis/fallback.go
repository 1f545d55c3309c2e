package unoredis

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/uno-go/uno/internal/transport"
)

// redisRetry is how long a limiter with a fallback paces on its own after Redis failed, before
// it asks Redis again.
const redisRetry = time.Second

// WithFallback makes the limiter pace this process on its own, at perSecond with bursts of up
// to burst, while Redis cannot be reached, instead of failing every Wait with ErrUnavailable.
// After a failure Redis is asked again a second later, and the shared schedule takes over as
// soon as it answers. Processes that fall back no longer share a rate: give each its share of
// the integration's (the rate divided by the number of processes). A rate that is not a
// positive finite number or a burst below 1 makes every Wait fail with ErrInvalidLimiter.
// Call it before the limiter is used; it returns l.
func (l *Limiter) WithFallback(perSecond float64, burst int) *Limiter {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !(perSecond > 0) || perSecond > 1e6 || math.IsInf(perSecond, 0) || burst < 1 {
		if l.invalid == nil {
			l.invalid = fmt.Errorf("%w: fallback rate %v/s with burst %d", ErrInvalidLimiter, perSecond, burst)
		}
		return l
	}
	l.fallback = transport.NewPacer(perSecond, burst)
	return l
}

// fallbackAt returns the fallback when Redis failed less than redisRetry before now; nil
// means: ask Redis.
func (l *Limiter) fallbackAt(now time.Time) transport.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fallback != nil && now.Before(l.redisDownUntil) {
		return l.fallback
	}
	return nil
}

// fallbackFor returns the fallback to use after err, a failure to reserve a slot in Redis, and
// remembers that Redis is down; nil when there is none or err is not Redis's.
func (l *Limiter) fallbackFor(err error) transport.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fallback == nil || !errors.Is(err, ErrUnavailable) {
		return nil
	}
	l.redisDownUntil = time.Now().Add(l.tune.redisRetry)
	return l.fallback
}

// fallbackLimiter returns the fallback, nil when there is none.
func (l *Limiter) fallbackLimiter() transport.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fallback
}
