package uno

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingLimiter is a Limiter that lets everything through and records what it was told.
type recordingLimiter struct {
	mu        sync.Mutex
	waits     int
	throttled []time.Duration
	accepted  int
}

func (l *recordingLimiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits++
	return ctx.Err()
}

func (l *recordingLimiter) Throttled(_ context.Context, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.throttled = append(l.throttled, retryAfter)
}

func (l *recordingLimiter) Accepted(context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.accepted++
}

func TestWithLimiterPacesEveryAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeNotion(rateLimited("2"), fakeAnswer{status: 529, header: http.Header{"Content-Type": {"application/json"}},
			body: notionError(529, "service_overload")}, fakeAnswer{status: 200, body: fakePage})
		l := &recordingLimiter{}
		s := openFake(t, fake, WithLimiter(l), WithRateLimit(1, 1))
		_, err := s.GetPage(t.Context(), fakePageID)
		require.NoError(t, err)
		assert.Equal(t, 3, fake.requests())
		l.mu.Lock()
		defer l.mu.Unlock()
		assert.Equal(t, 3, l.waits, "one Wait per attempt")
		require.Len(t, l.throttled, 2, "429 and 529 are reported")
		assert.Equal(t, 2*time.Second, l.throttled[0], "with the Retry-After asked")
		assert.Zero(t, l.throttled[1], "no Retry-After")
		assert.Equal(t, 1, l.accepted)
	})
}

func TestWithLimiterNil(t *testing.T) {
	_, err := NewSession(WithToken("secret_x"), WithLimiter(nil))
	require.Error(t, err)
}
