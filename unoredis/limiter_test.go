package unoredis

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newTestLimiter returns a limiter on its own client, as another process would have one.
func newTestLimiter(t *testing.T, key string, perSecond float64, burst int) *Limiter {
	t.Helper()
	l := NewLimiter(newClient(t), key, perSecond, burst)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// TestLimitersShareOneSchedule: three limiters on one key (three processes), each with
// several goroutines, let requests through one interval apart in total, not three times as
// fast.
func TestLimitersShareOneSchedule(t *testing.T) {
	_, key := needRedis(t)
	const (
		rate  = 40.0
		waits = 24
	)
	interval := time.Duration(float64(time.Second) / rate)
	var (
		mu    sync.Mutex
		times []time.Time
		wg    sync.WaitGroup
	)
	start := time.Now()
	for range 3 {
		l := newTestLimiter(t, key, rate, 1)
		for range 2 {
			wg.Go(func() {
				for range waits / 6 {
					if !assert.NoError(t, l.Wait(t.Context())) {
						return
					}
					mu.Lock()
					times = append(times, time.Now())
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	require.Len(t, times, waits)
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	// The k-th slot is k intervals after the first, which is after start (Redis's clock is
	// this host's); every Wait returns after its slot, so the k-th return comes after it too.
	for k, at := range times {
		assert.GreaterOrEqual(t, at.Sub(start), time.Duration(k)*interval, "wait %d", k)
	}
}

// TestBurst: the first burst requests go at once, the next one waits about an interval.
func TestBurst(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 2, 3)
	for i := range 3 {
		s, err := l.reserve(t.Context())
		require.NoError(t, err)
		assert.Zero(t, s.wait, "request %d of the burst", i)
	}
	s, err := l.reserve(t.Context())
	require.NoError(t, err)
	// 500ms after the first slot, less the time the reservations took.
	assert.LessOrEqual(t, s.wait, 500*time.Millisecond)
	assert.Greater(t, s.wait, 250*time.Millisecond)
}

// TestThrottledPausesEveryProcess: a refusal seen by one limiter holds back a Wait of another
// limiter that was already sleeping towards an earlier slot, and a limiter that starts later,
// until the Retry-After has passed. The refusals of one pause are one storm, which lowers the
// rate only when another storm follows.
func TestThrottledPausesEveryProcess(t *testing.T) {
	_, key := needRedis(t)
	const rate = 4.0 // one slot every 250ms
	a := newTestLimiter(t, key, rate, 1)
	b := newTestLimiter(t, key, rate, 1)
	require.NoError(t, b.Wait(t.Context())) // b subscribes; the next slot is 250ms away

	done := make(chan time.Time, 1)
	go func() {
		if assert.NoError(t, b.Wait(context.Background())) {
			done <- time.Now()
		}
	}()
	time.Sleep(50 * time.Millisecond) // b sleeps towards its slot
	pausedAt := time.Now()
	a.Throttled(t.Context(), time.Second)
	a.Throttled(t.Context(), time.Second) // a second refusal of the same storm

	c := newTestLimiter(t, key, rate, 1)
	require.NoError(t, c.Wait(t.Context()))
	assert.GreaterOrEqual(t, time.Since(pausedAt), time.Second-10*time.Millisecond, "a new process waits out the pause")
	select {
	case at := <-done:
		assert.GreaterOrEqual(t, at.Sub(pausedAt), time.Second-10*time.Millisecond, "a sleeping waiter waits out the pause")
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter never returned")
	}

	r, err := c.Rate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, rate, r, "a lone storm does not lower the rate")

	c.Throttled(t.Context(), 10*time.Millisecond) // the next storm, after the pause
	b.Throttled(t.Context(), 10*time.Millisecond)
	r, err = a.Rate(t.Context())
	require.NoError(t, err)
	assert.InDelta(t, rate*cutFactor, r, 1e-6, "a second storm lowers the rate, once")
}

// TestThrottledWithoutRetryAfter: refusals without Retry-After pause nothing; two storms
// lower the rate.
func TestThrottledWithoutRetryAfter(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 10, 1)
	l.tune.minStorm = 10 * time.Millisecond
	l.Throttled(t.Context(), 0)
	time.Sleep(20 * time.Millisecond)
	l.Throttled(t.Context(), 0)
	r, err := l.Rate(t.Context())
	require.NoError(t, err)
	assert.InDelta(t, 8.0, r, 1e-6)
	s, err := l.reserve(t.Context())
	require.NoError(t, err)
	assert.Zero(t, s.wait, "no pause")
}

// TestStormsFarApart: storms further apart than the window each stand alone.
func TestStormsFarApart(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 10, 1)
	l.tune.minStorm, l.tune.stormWindow = 10*time.Millisecond, 50*time.Millisecond
	for range 3 {
		l.Throttled(t.Context(), 0)
		time.Sleep(100 * time.Millisecond)
	}
	r, err := l.Rate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 10.0, r)
}

// TestRateFloor: refusals lower the rate no further than a twentieth of the configured one.
func TestRateFloor(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 10, 1)
	l.tune.minStorm = time.Microsecond
	for range 30 {
		l.Throttled(t.Context(), 0)
		time.Sleep(time.Millisecond)
	}
	r, err := l.Rate(t.Context())
	require.NoError(t, err)
	assert.InDelta(t, 0.5, r, 1e-6)
}

// TestAcceptedProbesUpward: while requests queue for the limiter and the server accepts them,
// the shared rate rises every probe period, by a step that doubles: 5%, 10%, 20%.
func TestAcceptedProbesUpward(t *testing.T) {
	_, key := needRedis(t)
	const rate = 50.0
	var ls []*Limiter
	for range 2 {
		l := newTestLimiter(t, key, rate, 1)
		l.tune.probeEvery = 150 * time.Millisecond
		ls = append(ls, l)
	}
	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for _, l := range ls {
		wg.Go(func() {
			for l.Wait(ctx) == nil {
				l.Accepted(ctx)
			}
		})
	}
	rates := []float64{rate}
	for deadline := time.Now().Add(10 * time.Second); len(rates) < 4 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		r, err := ls[0].Rate(t.Context())
		require.NoError(t, err)
		if r != rates[len(rates)-1] {
			rates = append(rates, r)
		}
	}
	stop()
	wg.Wait()
	require.Len(t, rates, 4)
	assert.InDeltaSlice(t, []float64{rate, rate * 1.05, rate * 1.05 * 1.1, rate * 1.05 * 1.1 * 1.2}, rates, 1e-4)
}

// TestNoProbeWithoutAccepted: requests that queue but are not reported accepted raise nothing.
func TestNoProbeWithoutAccepted(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 50, 1)
	l.tune.probeEvery = 100 * time.Millisecond
	for stop := time.Now().Add(500 * time.Millisecond); time.Now().Before(stop); {
		require.NoError(t, l.Wait(t.Context()))
	}
	r, err := l.Rate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 50.0, r)
}

// TestNoProbeWithoutQueue: a rate that requests never reach is not raised, however many are
// accepted.
func TestNoProbeWithoutQueue(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 1000, 1000)
	l.tune.probeEvery = 10 * time.Millisecond
	for range 20 {
		require.NoError(t, l.Wait(t.Context()))
		l.Accepted(t.Context())
		time.Sleep(2 * time.Millisecond)
	}
	r, err := l.Rate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1000.0, r)
}

// TestWaitPastDeadline: a slot beyond the context's deadline fails at once with an error
// matching context.DeadlineExceeded, and is given back.
func TestWaitPastDeadline(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 1, 1)
	require.NoError(t, l.Wait(t.Context()))
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := l.Wait(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 500*time.Millisecond, "fails at once, not after the 1s wait")
	s, err := l.reserve(t.Context())
	require.NoError(t, err)
	assert.LessOrEqual(t, s.wait, time.Second, "the refused slot was given back")
}

// TestWaitCanceled returns the context's error.
func TestWaitCanceled(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 1, 1)
	require.NoError(t, l.Wait(t.Context()))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(20*time.Millisecond, cancel)
	assert.ErrorIs(t, l.Wait(ctx), context.Canceled)
}

// TestUnavailable: without Redis, Wait fails with ErrUnavailable rather than letting the
// request go.
func TestUnavailable(t *testing.T) {
	port, err := freePort()
	require.NoError(t, err)
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + strconv.Itoa(port), MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	l := NewLimiter(rdb, "unoredis-test:unavailable", 10, 1)
	t.Cleanup(func() { _ = l.Close() })
	err = l.Wait(t.Context())
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Contains(t, err.Error(), "connection refused")
	l.Throttled(t.Context(), 0) // returns; nothing to record it in
	_, err = l.Rate(t.Context())
	assert.ErrorIs(t, err, ErrUnavailable)
}

// TestInvalidLimiter: each unusable configuration fails every Wait with ErrInvalidLimiter.
func TestInvalidLimiter(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { _ = rdb.Close() })
	for name, l := range map[string]*Limiter{
		"nil client":   NewLimiter(nil, "k", 1, 1),
		"empty key":    NewLimiter(rdb, "", 1, 1),
		"zero rate":    NewLimiter(rdb, "k", 0, 1),
		"NaN rate":     NewLimiter(rdb, "k", math.NaN(), 1),
		"infinite":     NewLimiter(rdb, "k", math.Inf(1), 1),
		"zero burst":   NewLimiter(rdb, "k", 1, 0),
		"negative":     NewLimiter(rdb, "k", -3, 1),
		"beyond 1e6/s": NewLimiter(rdb, "k", 2e6, 1),
		"fallback":     NewLimiter(rdb, "k", 1, 1).WithFallback(0, 1),
		"fallback 0":   NewLimiter(rdb, "k", 1, 1).WithFallback(1, 0),
	} {
		assert.ErrorIs(t, l.Wait(t.Context()), ErrInvalidLimiter, name)
		l.Throttled(t.Context(), time.Second)
		l.Accepted(t.Context())
		_, err := l.Rate(t.Context())
		assert.ErrorIs(t, err, ErrInvalidLimiter, name)
		assert.NoError(t, l.Close(), name)
	}
	for name, l := range map[string]*Limiter{"nil": nil, "zero value": {}} {
		assert.ErrorIs(t, l.Wait(t.Context()), ErrInvalidLimiter, name)
		l.Throttled(t.Context(), time.Second)
		l.Accepted(t.Context())
		_, err := l.Rate(t.Context())
		assert.ErrorIs(t, err, ErrInvalidLimiter, name)
		assert.NoError(t, l.Close(), name)
	}
}

// TestClose: Wait fails after Close; Close twice is fine.
func TestClose(t *testing.T) {
	_, key := needRedis(t)
	l := newTestLimiter(t, key, 10, 1)
	require.NoError(t, l.Wait(t.Context()))
	require.NoError(t, l.Close())
	require.NoError(t, l.Close())
	assert.True(t, errors.Is(l.Wait(t.Context()), ErrClosed))
}

// TestRedisForgets: a limiter keeps working when Redis loses its scripts (a restart) or the
// state (an eviction): the schedule starts again at the configured rate.
func TestRedisForgets(t *testing.T) {
	rdb, key := needRedis(t)
	l := newTestLimiter(t, key, 10, 1)
	l.tune.minStorm = time.Microsecond
	l.Throttled(t.Context(), 0)
	time.Sleep(time.Millisecond)
	l.Throttled(t.Context(), 0)
	require.NoError(t, l.Wait(t.Context()))

	require.NoError(t, rdb.ScriptFlush(t.Context()).Err())
	require.NoError(t, l.Wait(t.Context()))
	r, err := l.Rate(t.Context())
	require.NoError(t, err)
	assert.InDelta(t, 8.0, r, 1e-6, "the learned rate survives the scripts")

	require.NoError(t, rdb.Del(t.Context(), key).Err())
	r, err = l.Rate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 10.0, r)
	s, err := l.reserve(t.Context())
	require.NoError(t, err)
	assert.Zero(t, s.wait)
}

// TestStateExpires: the state is kept for the TTL after the last request, not forever.
func TestStateExpires(t *testing.T) {
	rdb, key := needRedis(t)
	l := newTestLimiter(t, key, 10, 1)
	require.NoError(t, l.Wait(t.Context()))
	ttl, err := rdb.PTTL(t.Context(), key).Result()
	require.NoError(t, err)
	assert.InDelta(t, stateTTL, ttl, float64(time.Second))
}

// BenchmarkWait measures one Wait that does not sleep: one script call to Redis.
func BenchmarkWait(b *testing.B) {
	_, key := needRedis(b)
	l := NewLimiter(newClient(b), key, 1e6, 1e6)
	b.Cleanup(func() { _ = l.Close() })
	ctx := b.Context()
	for b.Loop() {
		if err := l.Wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
