package unoredis

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// switchDialer reaches the tests' Redis unless it is down.
type switchDialer struct{ down atomic.Bool }

func (d *switchDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if d.down.Load() {
		return nil, errors.New("redis is down (test)")
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

// TestFallbackWhileRedisIsDown: with WithFallback, a limiter whose Redis cannot be reached
// paces on its own at the fallback rate, and goes back to the shared schedule once Redis
// answers again.
func TestFallbackWhileRedisIsDown(t *testing.T) {
	check, key := needRedis(t)
	d := &switchDialer{}
	d.down.Store(true)
	rdb := redis.NewClient(&redis.Options{Addr: testRedis.addr, Dialer: d.dial, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = rdb.Close() })
	l := NewLimiter(rdb, key, 10, 1).WithFallback(20, 1)
	l.tune.redisRetry = 200 * time.Millisecond
	t.Cleanup(func() { _ = l.Close() })

	start := time.Now()
	for range 6 {
		require.NoError(t, l.Wait(t.Context()))
	}
	assert.GreaterOrEqual(t, time.Since(start), 5*50*time.Millisecond-10*time.Millisecond, "paced at the fallback's 20/s")
	l.Throttled(t.Context(), 0) // recorded by the fallback alone
	n, err := check.Exists(t.Context(), key).Result()
	require.NoError(t, err)
	assert.Zero(t, n, "nothing reached Redis")

	d.down.Store(false)
	time.Sleep(250 * time.Millisecond)
	require.NoError(t, l.Wait(t.Context()))
	n, err = check.Exists(t.Context(), key).Result()
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "the shared schedule took over")
}
