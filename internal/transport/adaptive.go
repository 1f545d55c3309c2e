package transport

import (
	"context"
	"math"
	"sync"
	"time"
)

// Tuning of the adaptive limiter. The rate grows by growth(t) requests per second for every
// request accepted while requests wait for the limiter, that is by growth(t) times itself per
// second: before the first refusal it grows fast (slowStartGain, doubling about every 0.5 s);
// after a refusal it probes gently (probeGain), doubling the probe every probeDoubling while
// answers succeed, so that a limit raised later (another process stopped, a better plan) is
// found within a minute.
const (
	slowStartGain = 1.5
	probeGain     = 0.01
	probeDoubling = 10 * time.Second
	cutFactor     = 0.9  // a refusal multiplies the rate by this
	steepCut      = 0.7  // or by this, when it ends the slow start
	minAdaptive   = 0.2  // requests per second: the rate never goes below
	maxAdaptive   = 1000 // requests per second: nor above
)

// Adaptive is the in-process Limiter that learns the server's rate from its answers: it starts
// at rate with bursts of burst, raises its rate while requests are accepted and wait for it,
// cuts it on every refusal for rate (and holds every request back for the Retry-After asked),
// then probes upward again. Waiters are served in the order they arrived.
type Adaptive struct {
	p *pacer

	mu        sync.Mutex
	rate      float64
	slowStart bool      // no refusal seen yet
	cutAt     time.Time // the last cut
	guard     time.Time // refusals before this belong to the last cut
}

// NewAdaptive returns an Adaptive limiter starting at rate requests per second (below
// minimum: the minimum) with bursts of burst.
func NewAdaptive(rate float64, burst int) *Adaptive {
	rate = clampRate(rate)
	return &Adaptive{p: newPacer(rate, burst), rate: rate, slowStart: true}
}

// clampRate bounds a rate to what the adaptive limiter uses.
func clampRate(r float64) float64 {
	if !(r >= minAdaptive) {
		return minAdaptive
	}
	return math.Min(r, maxAdaptive)
}

// Rate returns the rate the limiter paces at now, in requests per second.
func (a *Adaptive) Rate() float64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.rate
}

// Wait blocks until the caller may send one request, or returns the context's error.
func (a *Adaptive) Wait(ctx context.Context) error { return a.p.wait(ctx) }

// Throttled cuts the rate, once for all the refusals of one burst, and holds every request
// back for retryAfter.
func (a *Adaptive) Throttled(_ context.Context, retryAfter time.Duration) {
	now := time.Now()
	a.mu.Lock()
	if !now.Before(a.guard) {
		factor := cutFactor
		if a.slowStart {
			factor = steepCut
		}
		a.rate = clampRate(a.rate * factor)
		a.slowStart = false
		a.cutAt = now
		a.p.setRate(a.rate)
		// Requests sent before the refusal was seen, and refused too, say nothing new.
		a.guard = now.Add(max(retryAfter, 0) + time.Duration(float64(time.Second)/a.rate))
	}
	a.mu.Unlock()
	if retryAfter > 0 {
		a.p.pause(now.Add(retryAfter))
	}
}

// Accepted raises the rate while requests wait for the limiter.
func (a *Adaptive) Accepted(context.Context) {
	now := time.Now()
	if !a.p.busy() {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	gain := slowStartGain
	if !a.slowStart {
		doublings := float64(now.Sub(a.cutAt)) / float64(probeDoubling)
		gain = math.Min(slowStartGain, probeGain*math.Exp2(math.Min(doublings, 64)))
	}
	a.rate = clampRate(a.rate + gain)
	a.p.setRate(a.rate)
}
