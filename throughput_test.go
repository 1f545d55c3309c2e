package uno

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// TestThroughputUnderRateLimit creates pages from many goroutines against an emulator that
// enforces a rate limit, with the session pacing at that rate: every create succeeds, none is
// refused with 429, and the whole run takes hardly longer than the limit allows. It is timed
// by nature: the bound is an upper one with 10% slack, and the run lasts about three seconds.
//
// The session's burst is one below the server's. Paced at exactly the server's bucket, the
// server's bucket is empty whenever a request arrives, so one that travels a little faster
// than the first (which opened a connection) arrives a hair early and is refused, and the
// Retry-After of at least a second that follows costs a third of the run. One spare token
// absorbs up to one interval of such jitter.
func TestThroughputUnderRateLimit(t *testing.T) {
	const (
		rate    = 20.0 // requests per second, on both sides
		burst   = 5
		creates = 60
		workers = 8
	)
	t.Setenv(ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv(TokenEnv, "")
	srv := notiontest.NewServer(notiontest.WithRateLimit(rate, burst))
	t.Cleanup(srv.Close)
	s, err := NewSession(WithBaseURL(srv.URL), WithToken(srv.Token), WithRateLimit(rate, burst-1))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	ctx := t.Context()

	start := time.Now()
	root, err := s.GetPage(ctx, srv.RootPageID)
	require.NoError(t, err)
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for i := range creates {
			jobs <- i
		}
	}()
	var (
		mu       sync.Mutex
		failures []error
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				if _, err := s.CreatePage(ctx, root, fmt.Sprintf("Page %02d", i)); err != nil {
					mu.Lock()
					failures = append(failures, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	requests := srv.Requests()
	refused := 0
	for _, r := range requests {
		if r.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	sent := len(requests) // the GetPage and the creates, with any retries
	ideal := time.Duration(float64(sent-burst) / rate * float64(time.Second))
	achieved := float64(sent-burst) / elapsed.Seconds()
	t.Logf("%d requests (%d creates, %d refused) in %v: %.1f requests/s after the burst (limit %v/s, burst %d; ideal %v)",
		sent, creates, refused, elapsed.Round(time.Millisecond), achieved, rate, burst, ideal.Round(time.Millisecond))

	assert.Empty(t, failures, "every create succeeds")
	assert.Equal(t, creates, srv.RequestCount("POST", "/v1/pages"), "each create is sent once")
	assert.Zero(t, refused, "pacing at the server's limit avoids 429s")
	assert.LessOrEqual(t, elapsed, ideal*11/10, "at most 10%% slower than the limit allows")
}
