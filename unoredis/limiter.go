package unoredis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/internal/ctxtime"
	"github.com/uno-go/uno/internal/transport"
)

// How the shared rate adapts; see the package documentation.
const (
	// probeEvery is how long the rate must hold, with requests queueing for the limiter and
	// at least half of them accepted, before it is raised.
	probeEvery = 10 * time.Second
	// firstStep is the first raise, as a fraction of the rate; every raise doubles the next
	// one, up to maxStep, until a refusal brings it back to firstStep.
	firstStep = 0.05
	maxStep   = 0.5
	// cutFactor multiplies the rate on a storm of refusals that follows another within
	// stormWindow. A lone storm only pauses and stops the raises: at the right rate, requests
	// that arrive a little early can be refused once.
	cutFactor   = 0.8
	stormWindow = 30 * time.Second
	// floorFraction of the configured rate is the lowest the rate goes.
	floorFraction = 0.05
	// minStorm is the shortest storm of refusals: the refusals within it, or within the pause
	// its first one asked for, count as one.
	minStorm = time.Second
	// stateTTL is how long the state outlives its last use in Redis.
	stateTTL = time.Hour
)

// tuning holds the adaptation constants; tests shorten them.
type tuning struct {
	probeEvery  time.Duration
	firstStep   float64
	maxStep     float64
	cutFactor   float64
	stormWindow time.Duration
	floor       float64 // fraction of the configured rate
	minStorm    time.Duration
	ttl         time.Duration
	redisRetry  time.Duration
}

// defaultTuning is the tuning of every limiter NewLimiter makes.
var defaultTuning = tuning{
	probeEvery:  probeEvery,
	firstStep:   firstStep,
	maxStep:     maxStep,
	cutFactor:   cutFactor,
	stormWindow: stormWindow,
	floor:       floorFraction,
	minStorm:    minStorm,
	ttl:         stateTTL,
	redisRetry:  redisRetry,
}

// Limiter is a uno.Limiter whose schedule, pause and learned rate live in Redis, shared by
// every Limiter with the same key on the same Redis, in any process. It is safe for
// concurrent use. Close it when no session uses it any more.
type Limiter struct {
	rdb       *redis.Client
	key       string
	channel   string
	perSecond float64
	burst     int
	invalid   error // why the limiter cannot work, reported by every Wait
	tune      tuning

	accepted atomic.Int64 // answers accepted and not yet reported to Redis

	mu             sync.Mutex
	pausedUntil    time.Time // this process's view of the shared pause
	sub            *redis.PubSub
	closed         bool
	fallback       transport.Limiter // paces while Redis is down; nil: Wait fails then
	redisDownUntil time.Time         // with a fallback, Redis is not asked before this
}

var _ uno.Limiter = (*Limiter)(nil)

// NewLimiter returns a limiter that paces requests at perSecond on average with bursts of up
// to burst, in one schedule kept in Redis under key and shared by every limiter with that key.
// All processes sharing a key should give the same rate and burst. The rate is where the
// adaptation starts; what it learns is shared too. A nil client, an empty key, a rate that is
// not a positive finite number or a burst below 1 make every Wait fail with
// ErrInvalidLimiter.
func NewLimiter(rdb *redis.Client, key string, perSecond float64, burst int) *Limiter {
	l := &Limiter{rdb: rdb, key: key, channel: key + ":pause", perSecond: perSecond, burst: burst, tune: defaultTuning}
	switch {
	case rdb == nil:
		l.invalid = fmt.Errorf("%w: nil redis client", ErrInvalidLimiter)
	case key == "":
		l.invalid = fmt.Errorf("%w: empty key", ErrInvalidLimiter)
	case !(perSecond > 0) || perSecond > 1e6 || math.IsInf(perSecond, 0):
		l.invalid = fmt.Errorf("%w: rate %v/s is not in (0, 1e6]", ErrInvalidLimiter, perSecond)
	case burst < 1:
		l.invalid = fmt.Errorf("%w: burst %d is below 1", ErrInvalidLimiter, burst)
	}
	return l
}

// Wait blocks until one request may be sent: it reserves the next slot of the shared schedule
// in Redis and sleeps until it, and takes a new slot when a pause began meanwhile. It returns
// the context's error when the context ends first, an error matching
// context.DeadlineExceeded at once when the slot lies beyond the context's deadline, and an
// error matching ErrUnavailable when Redis cannot be asked (unless WithFallback was given).
func (l *Limiter) Wait(ctx context.Context) error {
	if err := l.usable(); err != nil {
		return err
	}
	if err := l.subscribe(); err != nil {
		return err
	}
	for {
		if err := l.sleepOutPause(ctx); err != nil {
			return err
		}
		if fb := l.fallbackAt(time.Now()); fb != nil {
			return fb.Wait(ctx)
		}
		r, err := l.reserve(ctx)
		if err != nil {
			if fb := l.fallbackFor(err); fb != nil {
				return fb.Wait(ctx)
			}
			return err
		}
		if r.wait <= 0 {
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && time.Now().Add(r.wait).After(deadline) {
			l.cancel(r)
			return errPastDeadline
		}
		if err := ctxtime.Sleep(ctx, r.wait); err != nil {
			l.cancel(r)
			return err
		}
		// A pause that began while sleeping, in any process, invalidates the slot.
		if !l.pausedBeyond(time.Now(), r.pauseEnd) {
			return nil
		}
	}
}

// Throttled records a refusal for rate: every process sharing the key waits until retryAfter
// has passed, and the shared rate stops rising for a while. The refusals within one pause
// count as one storm; a storm within 30 s of the previous one lowers the rate by a fifth.
func (l *Limiter) Throttled(ctx context.Context, retryAfter time.Duration) {
	if l.usable() != nil {
		return
	}
	retryAfter = max(retryAfter, 0)
	now := time.Now()
	l.setPause(now.Add(retryAfter))
	if fb := l.fallbackLimiter(); fb != nil {
		fb.Throttled(ctx, retryAfter)
		if l.fallbackAt(now) != nil {
			return // Redis is down: the fallback paces
		}
	}
	// The pause and the lower rate must reach Redis even when the request's context has just
	// ended, but not hold the caller longer than Redis answers take.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	// An error leaves the local pause in force; the next Wait reports Redis's state.
	_ = throttleScript.Run(ctx, l.rdb, []string{l.key}, l.args(
		retryAfter.Microseconds(), l.tune.cutFactor, l.perSecond*l.tune.floor, l.tune.firstStep,
		l.tune.minStorm.Microseconds(), l.tune.stormWindow.Microseconds(), l.channel)...).Err()
}

// Accepted records an answer that was not a refusal for rate. It costs no Redis call: the
// count goes with the next Wait, which raises the shared rate when the evidence allows.
func (l *Limiter) Accepted(ctx context.Context) {
	if l == nil {
		return
	}
	l.accepted.Add(1)
	if fb := l.fallbackLimiter(); fb != nil {
		fb.Accepted(ctx)
	}
}

// Rate returns the shared rate in requests per second: the configured one until the limiter
// has learned another.
func (l *Limiter) Rate(ctx context.Context) (float64, error) {
	if err := l.usable(); err != nil {
		return 0, err
	}
	v, err := l.rdb.HGet(ctx, l.key, "rate").Result()
	if errors.Is(err, redis.Nil) {
		return l.perSecond, nil
	}
	if err != nil {
		return 0, unavailable(l.key, err)
	}
	r, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: rate %q in %s", ErrUnavailable, v, l.key)
	}
	return r, nil
}

// Close ends the limiter's subscription to shared pauses; Wait then fails with ErrClosed. It
// does not close the Redis client.
func (l *Limiter) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	if l.sub != nil {
		return l.sub.Close()
	}
	return nil
}

// usable reports why l cannot pace, if it cannot.
func (l *Limiter) usable() error {
	switch {
	case l == nil || l.rdb == nil && l.invalid == nil:
		return fmt.Errorf("%w: not made by NewLimiter", ErrInvalidLimiter)
	case l.invalid != nil:
		return l.invalid
	}
	return nil
}

// slot is one reservation: the wait until it, what gives it back, and the end of the pause it
// already respects, on the local clock.
type slot struct {
	wait     time.Duration
	tat      string
	interval int64
	pauseEnd time.Time
}

// reserve takes the next slot in Redis, reporting the answers accepted since the last call.
func (l *Limiter) reserve(ctx context.Context) (slot, error) {
	accepted := l.accepted.Swap(0)
	res, err := reserveScript.Run(ctx, l.rdb, []string{l.key}, l.args(
		accepted, l.tune.probeEvery.Microseconds(), l.tune.firstStep, l.tune.maxStep)...).Slice()
	if err != nil {
		l.accepted.Add(accepted)
		if cerr := ctx.Err(); cerr != nil {
			return slot{}, cerr
		}
		return slot{}, unavailable(l.key, err)
	}
	now := time.Now()
	if len(res) != 4 {
		return slot{}, fmt.Errorf("%w: unexpected answer %v from the limiter script", ErrUnavailable, res)
	}
	wait, ok1 := res[0].(int64)
	tat, ok2 := res[1].(string)
	interval, ok3 := res[2].(int64)
	pause, ok4 := res[3].(int64)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return slot{}, fmt.Errorf("%w: unexpected answer %v from the limiter script", ErrUnavailable, res)
	}
	return slot{wait: time.Duration(wait) * time.Microsecond, tat: tat, interval: interval,
		pauseEnd: now.Add(time.Duration(pause) * time.Microsecond)}, nil
}

// cancel gives back a slot that will not be used, when no later slot was taken since. It is a
// courtesy: when Redis cannot be asked the slot is simply lost.
func (l *Limiter) cancel(s slot) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = cancelScript.Run(ctx, l.rdb, []string{l.key}, l.args(s.tat, s.interval)...).Err()
}

// args returns the script arguments: the prelude's, then extra.
func (l *Limiter) args(extra ...any) []any {
	return append([]any{l.perSecond, l.burst, l.tune.ttl.Milliseconds()}, extra...)
}

// unavailable wraps a Redis error.
func unavailable(key string, err error) error {
	return fmt.Errorf("%w (limiter %q): %w", ErrUnavailable, key, err)
}
