package notiontest

import (
	"net/http"
	"time"
)

// Server timeouts: a client that sends its request headers or body too slowly, or keeps an
// idle connection open too long, is disconnected, so that slow clients cannot hold
// connections forever. Answers have no write timeout: injected delays (Fault.Delay) may
// hold them back for as long as a test asks.
const (
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = time.Minute
	defaultIdleTimeout       = 2 * time.Minute
)

// WithReadHeaderTimeout sets how long a client may take to send a request's headers
// (default 10 s); d <= 0 keeps the default.
func WithReadHeaderTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.readHeaderTimeout = d
		}
	}
}

// applyTimeouts sets the timeouts of the server's HTTP server before it starts.
func applyTimeouts(hs *http.Server, readHeader time.Duration) {
	hs.ReadHeaderTimeout = readHeader
	hs.ReadTimeout = max(defaultReadTimeout, readHeader)
	hs.IdleTimeout = defaultIdleTimeout
}
