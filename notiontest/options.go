package notiontest

import (
	"net"
	"time"
)

// Option configures a Server created by NewServer.
type Option func(*config)

// config collects the options of NewServer.
type config struct {
	token     string
	clock     func() time.Time
	rate      float64
	burst     int
	searchLag time.Duration
	listener  net.Listener
	logSize   int

	resultLimit int

	readHeaderTimeout time.Duration
}

// WithToken sets the integration token that clients must send as "Authorization: Bearer
// <token>". By default NewServer makes up a random one (see Server.Token).
func WithToken(token string) Option {
	return func(c *config) {
		if token != "" {
			c.token = token
		}
	}
}

// WithClock replaces time.Now as the emulator's clock: it stamps created_time and
// last_edited_time and drives the rate limiter and the search lag.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithRateLimit makes the emulator enforce a token bucket of burst requests refilled at
// perSecond requests per second, shared by all clients, as Notion limits an integration.
// A request over the limit is answered 429 rate_limited with an integer Retry-After header
// (whole seconds, at least 1). perSecond <= 0 turns the limit off (the default).
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) {
		c.rate = perSecond
		c.burst = max(burst, 1)
	}
}

// WithSearchLag delays search indexing like Notion's: an object created or edited at time t
// appears in POST /v1/search results in its new state only from t+d on; until then search
// sees its previous state (or nothing, for a new object). The default is 0: no lag.
func WithSearchLag(d time.Duration) Option {
	return func(c *config) { c.searchLag = max(d, 0) }
}

// WithListener makes the server accept connections on l instead of a random port of
// 127.0.0.1; the server closes l when it is closed. The notion-emulator program uses it to
// serve on a fixed address.
func WithListener(l net.Listener) Option {
	return func(c *config) { c.listener = l }
}

// WithRequestLogSize sets how many of the most recent requests Server.Requests keeps
// (default 10000). n <= 0 keeps the default.
func WithRequestLogSize(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.logSize = n
		}
	}
}
