package transport

import (
	"context"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bucketServer is an http.RoundTripper that answers 200 within its token bucket and 429 with a
// whole-second Retry-After beyond it, as Notion and the emulator do. It counts both.
type bucketServer struct {
	mu               sync.Mutex
	rate, tokens     float64
	burst            float64
	last             time.Time
	accepted, denied int
	acceptedAt       []time.Time
}

func newBucketServer(rate, burst float64) *bucketServer {
	return &bucketServer{rate: rate, burst: burst, tokens: burst, last: time.Now()}
}

func (s *bucketServer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	s.tokens = math.Min(s.burst, s.tokens+now.Sub(s.last).Seconds()*s.rate)
	s.last = now
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}
	if s.tokens >= 1 {
		s.tokens--
		s.accepted++
		s.acceptedAt = append(s.acceptedAt, now)
		return resp, nil
	}
	s.denied++
	wait := math.Ceil((1 - s.tokens) / s.rate)
	resp.StatusCode = 429
	resp.Header.Set("Retry-After", strconv.Itoa(int(math.Max(wait, 1))))
	return resp, nil
}

func TestAdaptiveFindsTheServerRate(t *testing.T) {
	for _, rate := range []float64{3, 12, 30, 100} {
		t.Run(strconv.Itoa(int(rate)), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newBucketServer(rate, rate)
				lim := NewAdaptive(3, 3)
				tr := New(Options{Base: srv, Limiter: lim})
				ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
				defer cancel()
				var wg sync.WaitGroup
				for range 8 {
					wg.Go(func() {
						for ctx.Err() == nil {
							req, err := http.NewRequestWithContext(ctx, "POST", notion+"/pages", strings.NewReader("{}"))
							require.NoError(t, err)
							resp, err := tr.RoundTrip(req)
							if err != nil {
								return
							}
							drain(resp.Body)
							if deadline, _ := ctx.Deadline(); time.Until(deadline) > 2*time.Second {
								assert.Equal(t, 200, resp.StatusCode, "a create refused for rate is sent again")
							}
						}
					})
				}
				wg.Wait()
				srv.mu.Lock()
				defer srv.mu.Unlock()
				total := srv.accepted + srv.denied
				assert.LessOrEqual(t, float64(srv.denied), 0.05*float64(total), "429s: %d of %d", srv.denied, total)
				ideal := 60*rate + rate // a minute at the rate, plus the bucket
				assert.GreaterOrEqual(t, float64(srv.accepted), 0.8*ideal, "accepted %d of %.0f possible", srv.accepted, ideal)
				// After a minute, the limiter runs close to the server's rate.
				assert.InDelta(t, rate, lim.Rate(), 0.25*rate)
			})
		})
	}
}

func TestAdaptiveCutsOncePerBurstOfRefusals(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := NewAdaptive(10, 1)
		ctx := t.Context()
		for range 5 {
			lim.Throttled(ctx, 2*time.Second)
		}
		assert.InDelta(t, 7, lim.Rate(), 1e-9, "the refusals of one burst cut the rate once")
		start := time.Now()
		require.NoError(t, lim.Wait(ctx))
		assert.Equal(t, 2*time.Second, time.Since(start), "everyone waits for the pause")
		time.Sleep(time.Second)
		lim.Throttled(ctx, 0)
		assert.InDelta(t, 4.9, lim.Rate(), 1e-9, "refused again within a second's worth of requests: by 30%")
		for range 10 {
			lim.Accepted(ctx)
		}
		time.Sleep(2 * time.Second)
		lim.Throttled(ctx, 0)
		assert.InDelta(t, 4.165, lim.Rate(), 1e-9, "a refusal after more requests cuts by 15%")

		lim = NewAdaptive(100, 1)
		lim.Throttled(ctx, 0)
		assert.InDelta(t, 70, lim.Rate(), 1e-9)
		for range 20 {
			lim.Accepted(ctx)
			time.Sleep(100 * time.Millisecond)
		}
		lim.Throttled(ctx, 0)
		assert.InDelta(t, 0.85*10, lim.Rate(), 1e-6, "at most 85% of what the server accepted in the last second")
	})
}

func TestAdaptiveGrowsOnlyWhenBusy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := NewAdaptive(3, 3)
		ctx := t.Context()
		for range 20 {
			require.NoError(t, lim.Wait(ctx))
			lim.Accepted(ctx)
			time.Sleep(time.Second)
		}
		assert.Equal(t, 3.0, lim.Rate(), "a request a second does not need more")

		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 10 {
					assert.NoError(t, lim.Wait(ctx))
					lim.Accepted(ctx)
				}
			})
		}
		wg.Wait()
		assert.Greater(t, lim.Rate(), 20.0, "requests that queue raise the rate")
	})
}

func TestAdaptiveGrowsForOneFastCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := NewAdaptive(3, 3)
		ctx := t.Context()
		for range 100 {
			require.NoError(t, lim.Wait(ctx))
			lim.Accepted(ctx)
		}
		assert.Greater(t, lim.Rate(), 50.0, "one goroutine held back by the limiter raises the rate too")
	})
}

func TestAdaptiveFindsARaisedLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newBucketServer(10, 10)
		lim := NewAdaptive(3, 3)
		tr := New(Options{Base: srv, Limiter: lim})
		ctx, cancel := context.WithTimeout(t.Context(), 120*time.Second)
		defer cancel()
		time.AfterFunc(60*time.Second, func() {
			srv.mu.Lock()
			srv.rate, srv.burst = 20, 20
			srv.mu.Unlock()
		})
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for ctx.Err() == nil {
					req, err := http.NewRequestWithContext(ctx, "GET", notion+"/users", nil)
					require.NoError(t, err)
					resp, err := tr.RoundTrip(req)
					if err != nil {
						return // the deadline is near
					}
					drain(resp.Body)
				}
			})
		}
		wg.Wait()
		srv.mu.Lock()
		defer srv.mu.Unlock()
		end := time.Now()
		last := 0
		for _, at := range srv.acceptedAt {
			if end.Sub(at) <= 20*time.Second {
				last++
			}
		}
		assert.GreaterOrEqual(t, float64(last)/20, 0.8*20, "within a minute the raised limit is used")
	})
}
