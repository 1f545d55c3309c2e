package transport

import (
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Values used for the zero values of Options.
const (
	defaultMaxAttempts  = 5
	defaultMaxWait      = 30 * time.Second
	defaultBaseBackoff  = 500 * time.Millisecond
	defaultTimeout      = 60 * time.Second
	defaultMaxBodyBytes = 64 << 20
)

// Options configures a Transport. The zero value is usable: no pacing, the defaults above.
type Options struct {
	// Base sends the requests; nil means a clone of http.DefaultTransport.
	Base http.RoundTripper
	// BaseURL, when set, replaces every request's scheme and host with its own and prefixes its
	// path: with "http://127.0.0.1:8787", "https://api.notion.com/v1/pages" goes to
	// "http://127.0.0.1:8787/v1/pages"; with "http://h/proxy", to "http://h/proxy/v1/pages".
	// The Host header follows. A BaseURL without scheme or host makes every request fail.
	BaseURL *url.URL
	// Limiter paces the requests: Wait before every attempt, Throttled after every answer 429 or
	// 529, Accepted after every other answer. nil means NewPacer(RatePerSecond, Burst).
	Limiter Limiter
	// RatePerSecond paces requests client-side, across all goroutines using the Transport;
	// every attempt takes a token. 0 (or a negative or non-finite value) turns pacing off.
	RatePerSecond float64
	// Burst is the token bucket size; below 1 means 1 when pacing is on.
	Burst int
	// MaxAttempts bounds the attempts per request that fail (an error, or an answer to retry
	// other than 429 and 529), including the first; 0 or less means 5. Answers 429 and 529
	// (the server refused for load and applied nothing) are not counted: such a request is sent
	// again after the pause asked until the server answers otherwise or the context ends.
	MaxAttempts int
	// MaxWait caps a single wait, whether asked by Retry-After or from backoff; 0 or less means 30s.
	MaxWait time.Duration
	// BaseBackoff is the first backoff when the server gives no Retry-After; it doubles on every
	// retry, is jittered and capped by MaxWait. 0 or less means 500ms.
	BaseBackoff time.Duration
	// Timeout bounds one attempt, from sending to the end of reading the response body; 0 means 60s,
	// a negative value none.
	Timeout time.Duration
	// MaxBodyBytes caps a response body: reading past it fails with ErrBodyTooLarge. 0 or less
	// means 64 MiB.
	MaxBodyBytes int64
	// Token, when set, is sent as "Authorization: Bearer <Token>" on every request without an
	// Authorization header or with an empty bearer, so that clients above need not hold it; but
	// only to BaseURL's host, or without BaseURL to TokenHost (such as "api.notion.com"), never
	// elsewhere (a redirect to another host does not get it).
	Token string
	// TokenHost is where Token may go when BaseURL is not set; empty: nowhere.
	TokenHost string
	// ErrClosed is the error (wrapped) of the requests ended by Close or sent after it; nil
	// means ErrClosed.
	ErrClosed error
	// UserAgent is set on requests that have no User-Agent header.
	UserAgent string
	// Logger receives one Debug record per attempt and per retry (op, method, path, attempt,
	// status, wait); nil discards them. Headers and tokens are never logged.
	Logger *slog.Logger
}
