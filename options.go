package uno

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jomei/notionapi"
)

// Option configures a Session; pass options to NewSession or GetOrCreate.
type Option func(*settings) error

// settings collects what the options say.
type settings struct {
	token         string
	config        *Config
	client        *notionapi.Client
	httpClient    *http.Client
	baseURL       *url.URL
	allowInsecure bool
	logger        *slog.Logger
	rateSet       bool
	ratePerSecond float64
	burst         int
	timeoutSet    bool
	timeout       time.Duration
	version       string // WithNotionVersion's; "" for NotionVersion
	limiter       Limiter
	cacheLimit    int
}

// WithToken sets the integration token. It takes precedence over the config file and NOTION_TOKEN.
func WithToken(token string) Option {
	return func(s *settings) error {
		if strings.TrimSpace(token) == "" {
			return errors.New("uno: WithToken: empty token")
		}
		s.token = token
		return nil
	}
}

// WithConfig uses cfg instead of reading the config file.
func WithConfig(cfg *Config) Option {
	return func(s *settings) error {
		if cfg == nil {
			return errors.New("uno: WithConfig: nil config")
		}
		s.config = cfg
		return nil
	}
}

// WithClient makes Client return c, and takes the token from c when no other option gives one.
// The session's own requests still go through the session's transport (pacing, retries) and
// speak the session's version. A client set (with notionapi.WithVersion) to a version uno does
// not speak is refused with ErrUnsupportedVersion; one that speaks another version than the
// session is logged as a warning.
func WithClient(c *notionapi.Client) Option {
	return func(s *settings) error {
		if c == nil {
			return errors.New("uno: WithClient: nil client")
		}
		s.client = c
		return nil
	}
}

// WithHTTPClient sends every request through c: its Transport (nil: the default) carries the
// requests below uno's own pacing and retry layer, and its Timeout, Jar and CheckRedirect apply.
func WithHTTPClient(c *http.Client) Option {
	return func(s *settings) error {
		if c == nil {
			return errors.New("uno: WithHTTPClient: nil client")
		}
		s.httpClient = c
		return nil
	}
}

// WithBaseURL sends requests to another API root, such as a notiontest emulator:
// with "http://127.0.0.1:8787", requests go to "http://127.0.0.1:8787/v1/...". Plain HTTP is
// accepted only for loopback addresses, unless WithInsecureBaseURL is also given, because the
// token travels with every request.
func WithBaseURL(base string) Option {
	return func(s *settings) error {
		u, err := url.Parse(strings.TrimRight(base, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("uno: WithBaseURL: %q is not an http(s) URL", base)
		}
		if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("uno: WithBaseURL: %q must not carry a query, fragment or user info", base)
		}
		s.baseURL = u
		return nil
	}
}

// WithInsecureBaseURL allows WithBaseURL to name a plain-HTTP address that is not loopback.
func WithInsecureBaseURL() Option {
	return func(s *settings) error {
		s.allowInsecure = true
		return nil
	}
}

// WithLogger logs requests, retries and cache activity to l at debug level. The token is never
// logged. Without it, logs are discarded unless the config file says debug = true.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		if l == nil {
			return errors.New("uno: WithLogger: nil logger")
		}
		s.logger = l
		return nil
	}
}

// WithRateLimit paces requests on the client side, shared by all goroutines of the session:
// at most perSecond requests per second on average with bursts of up to burst. 0 turns pacing
// off. Without it (and without WithLimiter) the session learns the server's rate from its
// answers, wherever WithBaseURL points: it starts at Notion's published limit (3 per second),
// raises its rate while requests are accepted and cuts it on every 429. 429 answers are handled
// either way.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *settings) error {
		if perSecond < 0 || burst < 0 || perSecond != perSecond {
			return fmt.Errorf("uno: WithRateLimit: invalid rate %v/s, burst %d", perSecond, burst)
		}
		s.rateSet, s.ratePerSecond, s.burst = true, perSecond, burst
		return nil
	}
}

// WithTimeout bounds every attempt of a request, from sending it to reading the end of the
// answer, to d; an attempt that takes longer fails and is retried as far as the request allows
// (a read is, a create is not: it fails with ErrOutcomeUnknown). 0 turns the bound off. The
// default is 60 seconds. Waits between attempts are not counted; bound a whole call with its
// context.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d < 0 {
			return fmt.Errorf("uno: WithTimeout: negative timeout %s", d)
		}
		s.timeoutSet, s.timeout = true, d
		return nil
	}
}

// checkBaseURL refuses plain HTTP to a non-loopback host unless allowed.
func (s *settings) checkBaseURL() error {
	if s.baseURL == nil || s.baseURL.Scheme == "https" || s.allowInsecure {
		return nil
	}
	host := s.baseURL.Hostname()
	if isLoopbackHost(host) {
		return nil
	}
	return fmt.Errorf("uno: WithBaseURL: refusing plain HTTP to %s: the token would travel unencrypted (use https, or WithInsecureBaseURL)", host)
}

// GetOption changes one get call; see NoCache.
type GetOption struct {
	noCache bool
}

// NoCache makes a get call ask Notion even when the object is cached, and refresh the cache.
func NoCache() GetOption { return GetOption{noCache: true} }

// useCache reports whether the options allow answering from the cache.
func useCache(opts []GetOption) bool {
	for _, o := range opts {
		if o.noCache {
			return false
		}
	}
	return true
}

// SearchOption changes one search call; see Substring, Reverse and IncludeDeleted.
type SearchOption struct {
	substring, reverse, deleted bool
}

// Substring matches every object whose title contains the name (ignoring case) instead of
// only those whose title equals it.
func Substring() SearchOption { return SearchOption{substring: true} }

// Reverse lists the least recently edited objects first.
func Reverse() SearchOption { return SearchOption{reverse: true} }

// IncludeDeleted also lists objects in the trash.
func IncludeDeleted() SearchOption { return SearchOption{deleted: true} }

// mergeSearchOptions combines the options of one call.
func mergeSearchOptions(opts []SearchOption) SearchOption {
	var m SearchOption
	for _, o := range opts {
		m.substring = m.substring || o.substring
		m.reverse = m.reverse || o.reverse
		m.deleted = m.deleted || o.deleted
	}
	return m
}
