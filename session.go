package uno

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"sync/atomic"

	"github.com/jomei/notionapi"

	"github.com/uno-go/uno/internal/transport"
)

// The Notion API versions uno speaks; WithNotionVersion chooses one per session.
const (
	// Version2022 is the version before data sources.
	Version2022 = "2022-06-28"
	// Version2025 introduced data sources: a database is a container of one or more of them.
	Version2025 = "2025-09-03"
	// Version2026 removed archived, replaced after by position and renamed transcription.
	Version2026 = "2026-03-11"
)

// NotionVersion is the Notion API version a session speaks unless WithNotionVersion says otherwise.
const NotionVersion = Version2026

// defaultVersion is the version of sessions without WithNotionVersion: NotionVersion, except
// in tests that run the suite at another version.
var defaultVersion = NotionVersion

// notionAPIRoot is where requests go unless WithBaseURL says otherwise.
const notionAPIRoot = "https://api.notion.com"

// Notion's published rate limit: an average of three requests per second, with short bursts.
const (
	notionRatePerSecond = 3
	notionBurst         = 3
)

// Session is a connection to Notion with a cache of every object it has seen. One session is
// active at a time: open it with NewSession (or GetOrCreate) and close it when done:
//
//	s, err := uno.NewSession()
//	if err != nil { ... }
//	defer s.Close()
//
// A Session is safe for use by many goroutines at once.
type Session struct {
	token   string
	version string // the Notion-Version of every request
	root    string // the API root requests go to
	http    *http.Client
	client  *notionapi.Client
	cache   *Cache
	logger  *slog.Logger
	closed  atomic.Bool

	botMu sync.Mutex
	bot   *User // the integration's bot user, once asked

	flights flightGroup // get-or-create calls under way, by what they look for
}

// active guards the one active session.
var active struct {
	mu sync.Mutex
	s  *Session
}

// NewSession opens a session; it sends no request. The token comes from WithToken, else the
// client of WithClient, else WithConfig, else the config file ($ULTIMATE_NOTION_CONFIG or
// ~/.ultimate-notion/config.toml), else the NOTION_TOKEN environment variable. While another
// session is open it fails with ErrSessionActive.
func NewSession(opts ...Option) (*Session, error) {
	active.mu.Lock()
	defer active.mu.Unlock()
	if active.s != nil {
		return nil, ErrSessionActive
	}
	s, err := newSession(opts)
	if err != nil {
		return nil, err
	}
	active.s = s
	return s, nil
}

// GetActive returns the open session, or ErrNoActiveSession.
func GetActive() (*Session, error) {
	active.mu.Lock()
	defer active.mu.Unlock()
	if active.s == nil {
		return nil, ErrNoActiveSession
	}
	return active.s, nil
}

// GetOrCreate returns the open session if there is one (ignoring opts), else opens a new one
// with opts.
func GetOrCreate(opts ...Option) (*Session, error) {
	active.mu.Lock()
	defer active.mu.Unlock()
	if active.s != nil {
		return active.s, nil
	}
	s, err := newSession(opts)
	if err != nil {
		return nil, err
	}
	active.s = s
	return s, nil
}

// newSession builds a session from options without registering it.
func newSession(opts []Option) (*Session, error) {
	var set settings
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("uno: nil Option")
		}
		if err := opt(&set); err != nil {
			return nil, err
		}
	}
	cfg := set.config
	if cfg == nil {
		var err error
		if cfg, err = loadDefaultConfig(); err != nil {
			return nil, err
		}
	}
	logger := set.logger
	if logger == nil {
		if cfg != nil && cfg.Debug {
			logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
		} else {
			logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		}
	}
	warnLogger := logger
	if set.logger == nil {
		warnLogger = slog.Default()
	}
	cfg.warnIfReadable(warnLogger)
	if set.baseURL == nil {
		set.baseURL = baseURLFromEnv(warnLogger)
	}
	if err := set.checkBaseURL(); err != nil {
		return nil, err
	}
	if set.version == "" {
		set.version = defaultVersion
	}
	if set.client != nil {
		if err := checkClientVersion(set.client, set.version, warnLogger); err != nil {
			return nil, err
		}
	}

	token := set.token
	if token == "" && set.client != nil {
		token = string(set.client.Token)
	}
	if token == "" && cfg != nil {
		token = cfg.Token
	}
	if token == "" {
		token = os.Getenv(TokenEnv)
	}
	if token == "" {
		cfgPath, _ := DefaultConfigPath()
		return nil, fmt.Errorf("%w: pass uno.WithToken, set token in the [ultimate_notion] section of %s, or set %s", ErrNoToken, cfgPath, TokenEnv)
	}

	s := &Session{token: token, version: set.version, cache: newCache(set.cacheLimit), logger: logger}
	s.http = set.newHTTPClient(logger, token)
	s.root = notionAPIRoot
	if set.baseURL != nil {
		s.root = set.baseURL.String()
	}
	s.client = set.client
	if s.client == nil {
		// The client never holds the token: the session's transport adds it to every request.
		s.client = notionapi.NewClient("", notionapi.WithHTTPClient(s.http), notionapi.WithRetry(1))
	}
	return s, nil
}

// newHTTPClient builds the HTTP client with uno's transport below it.
func (set *settings) newHTTPClient(logger *slog.Logger, token string) *http.Client {
	opts := transport.Options{BaseURL: set.baseURL, Logger: logger, UserAgent: userAgent, Token: token,
		TokenHost: notionAPIHost,
		ErrClosed: ErrSessionClosed}
	if set.limiter != nil {
		opts.Limiter = set.limiter
	} else if set.rateSet {
		opts.RatePerSecond, opts.Burst = set.ratePerSecond, set.burst
	} else {
		opts.Limiter = transport.NewAdaptive(notionRatePerSecond, notionBurst)
	}
	if set.timeoutSet {
		opts.Timeout = set.timeout
		if set.timeout == 0 {
			opts.Timeout = -1 // transport.Options: a negative timeout is none
		}
	}
	c := &http.Client{}
	if set.httpClient != nil {
		*c = *set.httpClient
		opts.Base = set.httpClient.Transport
	}
	c.Transport = transport.New(opts)
	return c
}

// notionAPIHost is the host of notionAPIRoot, the only one the token goes to without WithBaseURL.
const notionAPIHost = "api.notion.com"

// userAgent names uno in every request.
const userAgent = "uno-go (+https://github.com/uno-go/uno)"

// Close ends the session and empties its cache. Requests in flight, of the session and of its
// raw client, end with ErrSessionClosed, and the idle connections are closed. It is safe to call
// more than once. After Close, every method returns ErrSessionClosed and a new session can be
// opened.
func (s *Session) Close() error {
	if s == nil || s.closed.Swap(true) {
		return nil
	}
	if tr, ok := s.http.Transport.(*transport.Transport); ok {
		tr.Close()
	}
	s.cache.Clear()
	s.botMu.Lock()
	s.bot = nil
	s.botMu.Unlock()
	active.mu.Lock()
	if active.s == s {
		active.s = nil
	}
	active.mu.Unlock()
	return nil
}

// IsClosed reports whether Close was called.
func (s *Session) IsClosed() bool { return s.closed.Load() }

// Client returns the raw jomei client (github.com/jomei/notionapi). Unless WithClient gave
// one, it sends its requests through the session's transport: the same base URL, pacing,
// retries and logging. It speaks Notion API version 2022-06-28, whatever the session speaks:
// jomei knows no later version, and at 2022-06-28 Notion refuses databases with several data
// sources. The session does not see what the client writes: its cache keeps the copies it had
// (fetch with NoCache after such writes).
func (s *Session) Client() *notionapi.Client { return s.client }

// Cache returns the session's cache of every object it has seen.
func (s *Session) Cache() *Cache { return s.cache }

// Logger returns the session's logger.
func (s *Session) Logger() *slog.Logger { return s.logger }

// String describes the session without its token.
func (s *Session) String() string {
	state := "open"
	if s.IsClosed() {
		state = "closed"
	}
	return fmt.Sprintf("uno.Session{%s, %d cached}", state, s.cache.Len())
}

// GoString is String, so that %#v does not show the token either.
func (s *Session) GoString() string { return s.String() }

// Format prints String for every verb, so that no formatting shows the token.
func (s *Session) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// RaiseForStatus asks Notion who the integration is (never the cache) and returns nil if
// that works, else a *SessionError: the server cannot be reached, or the token is rejected.
func (s *Session) RaiseForStatus(ctx context.Context) error {
	if s.IsClosed() {
		return ErrSessionClosed
	}
	u, err := s.fetchBot(ctx)
	if err == nil {
		s.setBot(u)
		return nil
	}
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized:
		return &SessionError{Reason: "the token was rejected", Err: err}
	case errors.As(err, &apiErr):
		return &SessionError{Reason: fmt.Sprintf("Notion answered %d", apiErr.Status), Err: err}
	case ctx.Err() != nil:
		return &SessionError{Reason: "cancelled", Err: err}
	default:
		return &SessionError{Reason: "cannot reach Notion", Err: err}
	}
}
