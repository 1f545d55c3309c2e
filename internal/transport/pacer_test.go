package transport

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPacingSequential(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(200))
		tr := New(Options{Base: f, RatePerSecond: 3, Burst: 3})
		start := time.Now()
		for range 30 {
			_, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{}`))
			require.NoError(t, err)
		}
		assert.Equal(t, 9*time.Second, time.Since(start).Round(time.Millisecond))
		seen := f.requests()
		for i := 3; i < len(seen); i++ {
			assert.InDelta(t, time.Second/3, seen[i].At.Sub(seen[i-1].At), float64(time.Microsecond), "request %d", i)
		}
	})
}

func TestPacingConcurrentIsFairAndFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const workers, each, rate = 16, 25, 10.0
		f := newFake(status(200))
		tr := New(Options{Base: f, RatePerSecond: rate, Burst: 1})
		start := time.Now()
		done := make([]time.Duration, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for range each {
					_, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{}`))
					assert.NoError(t, err)
				}
				done[w] = time.Since(start)
			})
		}
		wg.Wait()
		ideal := time.Duration(float64(workers*each-1) / rate * float64(time.Second))
		elapsed := time.Since(start)
		assert.LessOrEqual(t, elapsed, ideal+time.Millisecond, "the full rate is used")
		assert.GreaterOrEqual(t, elapsed, ideal-time.Millisecond, "the rate is not exceeded")
		for w, d := range done {
			assert.Greater(t, d, ideal*9/10, "worker %d is served in turn with the others", w)
		}
	})
}

func TestPacingWaitHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(200))
		tr := New(Options{Base: f, RatePerSecond: 1, Burst: 1})
		_, _, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users", ""))
		require.NoError(t, err)

		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(300*time.Millisecond, cancel)
		start := time.Now()
		_, _, err = roundTrip(t, tr, request(t, ctx, "GET", notion+"/users", ""))
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 300*time.Millisecond, time.Since(start))

		ctx, cancel = context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		start = time.Now()
		_, _, err = roundTrip(t, tr, request(t, ctx, "GET", notion+"/users", ""))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Zero(t, time.Since(start), "a slot past the deadline fails at once")

		// The cancelled waits gave their slots back.
		start = time.Now()
		_, _, err = roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users", ""))
		require.NoError(t, err)
		assert.Equal(t, 700*time.Millisecond, time.Since(start))
		assert.Len(t, f.requests(), 2)
	})
}

func TestGlobalPauseAfter429(t *testing.T) {
	for _, rate := range []float64{0, 100} {
		synctest.Test(t, func(t *testing.T) {
			f := newFake(status(429, "Retry-After", "5"), status(200))
			tr := New(Options{Base: f, RatePerSecond: rate, Burst: 10})
			start := time.Now()
			var wg sync.WaitGroup
			wg.Go(func() {
				_, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{"first":1}`))
				assert.NoError(t, err)
			})
			for i := range 4 {
				time.Sleep(time.Second)
				wg.Go(func() {
					_, _, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users/"+itoa(i), ""))
					assert.NoError(t, err)
				})
			}
			wg.Wait()
			seen := f.requests()
			require.Len(t, seen, 6)
			assert.Equal(t, `{"first":1}`, seen[0].Body)
			assert.Zero(t, seen[0].At.Sub(start))
			for _, s := range seen[1:] {
				assert.GreaterOrEqual(t, s.At.Sub(start), 5*time.Second, "%s waited for the pause", s.URL)
			}
			if rate > 0 {
				assert.Equal(t, `{"first":1}`, seen[1].Body, "the refused request goes first after the pause")
				for i, g := range gaps(seen[1:]) {
					assert.Equal(t, 10*time.Millisecond, g, "no burst after the pause (gap %d)", i)
				}
			}
		})
	}
}

func TestPauseInterruptsEarlierSlots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(1, 1)
		ctx := t.Context()
		require.NoError(t, p.wait(ctx))
		start := time.Now()
		var wg sync.WaitGroup
		var woke time.Duration
		wg.Go(func() {
			assert.NoError(t, p.wait(ctx))
			woke = time.Since(start)
		})
		synctest.Wait()
		p.pause(start.Add(10 * time.Second))
		wg.Wait()
		assert.Equal(t, 10*time.Second, woke, "a slot taken before the pause waits for its end")
	})
}

func TestNewPacer(t *testing.T) {
	for _, tc := range []struct {
		rate     float64
		burst    int
		interval time.Duration
	}{
		{0, 5, 0},
		{-3, 5, 0},
		{3, 0, time.Second / 3},
		{1e12, 1, 0},
		{1e-300, 1, maxPacerSpan},
	} {
		p := newPacer(tc.rate, tc.burst)
		assert.Equal(t, tc.interval, p.interval, "rate %g", tc.rate)
		assert.GreaterOrEqual(t, p.tolerance, time.Duration(0))
		assert.LessOrEqual(t, p.tolerance, maxPacerSpan)
	}
}
