package notiontest

import (
	"math"
	"sync"
	"time"
)

// rateLimitReason is the additional_data.rate_limit_reason of the emulator's 429 answers:
// its one bucket stands for Notion's per-connection limit.
const rateLimitReason = "connection_rate_limit"

// rateLimiter is a token bucket shared by every request of a server. A nil limiter or one
// with a non-positive rate lets everything through.
type rateLimiter struct {
	mu     sync.Mutex
	rate   float64 // tokens per second
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
}

// newRateLimiter returns a full bucket of burst tokens refilled at rate per second.
func newRateLimiter(rate float64, burst int, now func() time.Time) *rateLimiter {
	if rate <= 0 {
		return nil
	}
	return &rateLimiter{rate: rate, burst: float64(burst), tokens: float64(burst), last: now(), now: now}
}

// take spends one token. When none is left it reports false and how long until one is.
func (l *rateLimiter) take() (wait time.Duration, ok bool) {
	if l == nil {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if elapsed := now.Sub(l.last).Seconds(); elapsed > 0 {
		l.tokens = math.Min(l.burst, l.tokens+elapsed*l.rate)
	}
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return 0, true
	}
	return time.Duration((1 - l.tokens) / l.rate * float64(time.Second)), false
}

// retryAfterSeconds turns a wait into the whole seconds of a Retry-After header: rounded up,
// at least 1.
func retryAfterSeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}
