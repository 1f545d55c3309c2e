package transport

import (
	"context"
	"math"
	"sync"
	"time"
)

// Tuning of the adaptive limiter. Before the first refusal the rate grows by slowStartGain
// requests per second for every request accepted while requests wait for the limiter (it
// doubles about every half second while they do). A refusal cuts it, to no more than
// cutFactor times the rate the server accepted in the last second; from then on the rate
// follows a cubic curve of the time since the cut, as TCP CUBIC does: it climbs back quickly,
// flattens just below the rate that was refused (or that was accepted, if lower), where it
// stays for a while, then probes upward faster and faster, so that a limit raised later
// (another process stopped, a better plan) is found within a minute. It never grows by more
// than slowStartGain per accepted request.
const (
	slowStartGain = 1.5
	steepCut      = 0.7              // the first refusal multiplies the rate by this, and one that
	cutFactor     = 0.85             // comes less than a second's worth of requests after the last; others by this
	plateauFactor = 0.95             // the curve flattens at this times the rate refused
	steepPlateau  = 0.85             // or this, after a steep cut
	plateauAfter  = 10 * time.Second // the curve reaches its plateau this long after a cut
	minAdaptive   = 0.2              // requests per second: the rate never goes below
	maxAdaptive   = 1000             // requests per second: nor above
)

// Adaptive is the in-process Limiter that learns the server's rate from its answers: it starts
// at rate with bursts of burst, raises its rate while requests are accepted and wait for it,
// cuts it on every refusal for rate (and holds every request back for the Retry-After asked),
// then probes upward again. Waiters are served in the order they arrived.
type Adaptive struct {
	p *pacer

	mu        sync.Mutex
	rate      float64
	slowStart bool                      // no refusal seen yet
	cutAt     time.Time                 // the last cut
	cutRate   float64                   // the rate right after it
	plateau   float64                   // the rate the curve flattens at
	guard     time.Time                 // refusals before this belong to the last cut
	accepted  int                       // requests accepted since the last cut
	resumeAt  time.Time                 // when the last pause ended
	times     [deliveryWindow]time.Time // when the last requests were accepted, a ring
	next      int                       // where the next time goes in times
}

// deliveryWindow is how many acceptances the limiter remembers to measure the rate the server
// accepted lately.
const deliveryWindow = 256

// minDelivered is the fewest acceptances from which their rate is trusted.
const minDelivered = 4

// delivered returns the rate at which requests were accepted in the second before now (since
// the last pause ended, if that is less), and whether enough of that time passed to tell.
func (a *Adaptive) delivered(now time.Time) (float64, bool) {
	from := later(now.Add(-time.Second), a.resumeAt)
	span := now.Sub(from)
	if span < time.Second/4 {
		return 0, false
	}
	n := 0
	for i := 1; i <= len(a.times); i++ {
		at := a.times[(a.next-i+len(a.times))%len(a.times)]
		if at.Before(from) {
			break
		}
		n++
	}
	if n < minDelivered || n == len(a.times) {
		return 0, false // too few to tell, or more than the ring holds
	}
	return float64(n) / span.Seconds(), true
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
		refused := a.rate
		cut, plateau := cutFactor, plateauFactor
		if a.slowStart || float64(a.accepted) < refused {
			// The rate grew fast, or was refused again within a second's worth of requests:
			// the server's limit lies well below.
			cut, plateau = steepCut, steepPlateau
		}
		rate, target := refused*cut, refused*plateau
		if got, ok := a.delivered(now); ok {
			// What the server accepted lately bounds its rate better than what was sent.
			rate, target = math.Min(rate, got*cutFactor), math.Min(target, got)
		}
		a.rate = clampRate(rate)
		a.cutRate = a.rate
		a.plateau = math.Max(a.rate, target)
		a.slowStart = false
		a.accepted = 0
		a.cutAt = now
		a.p.setRate(a.rate)
		// Requests sent before the refusal was seen, and refused too, say nothing new.
		a.guard = now.Add(max(retryAfter, 0) + time.Duration(float64(time.Second)/a.rate))
		a.resumeAt = now.Add(max(retryAfter, 0))
	}
	a.mu.Unlock()
	if retryAfter > 0 {
		a.p.pause(now.Add(retryAfter))
	}
}

// Accepted raises the rate while requests wait for the limiter.
func (a *Adaptive) Accepted(context.Context) {
	now := time.Now()
	busy := a.p.busy()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.accepted++
	a.times[a.next] = now
	a.next = (a.next + 1) % len(a.times)
	if !busy {
		return
	}
	next := a.rate + slowStartGain
	if !a.slowStart {
		x := math.Min(float64(now.Sub(a.cutAt))/float64(plateauAfter)-1, 8)
		next = math.Min(next, a.plateau+(a.plateau-a.cutRate)*x*x*x)
	}
	if next > a.rate {
		a.rate = clampRate(next)
		a.p.setRate(a.rate)
	}
}
