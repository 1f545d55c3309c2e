// Package transport is the HTTP layer under every uno session and its raw client: client-side
// pacing, retries decided per operation, per-attempt timeouts and size-limited response bodies.
package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/uno-go/uno/internal/ctxtime"
)

// ErrOutcomeUnknown marks a failed non-idempotent request (a create) that the server may have
// applied: it is never sent again.
var ErrOutcomeUnknown = errors.New("uno: outcome unknown: the server may have applied the request")

// ErrClosed is returned for the requests of a closed Transport unless Options.ErrClosed says
// otherwise.
var ErrClosed = errors.New("uno: transport closed")

// errNotReady is returned by a Transport that was not made by New.
var errNotReady = errors.New("uno: transport: not created by New")

// errNoRequestURL is returned for a request without URL.
var errNoRequestURL = errors.New("uno: transport: request without URL")

// Transport is an http.RoundTripper that paces requests, retries them as far as their Op allows,
// bounds every attempt in time and every response body in size. Create it with New. It is safe
// for concurrent use; pacing and the pauses asked by the server apply to every request it sends,
// so one Transport should serve everything that talks to one integration.
type Transport struct {
	base        http.RoundTripper
	baseURL     *url.URL // nil: URLs are left alone
	baseURLErr  error    // set when Options.BaseURL is unusable
	limiter     Limiter
	maxAttempts int
	maxWait     time.Duration
	baseBackoff time.Duration
	timeout     time.Duration // per attempt; 0: none
	maxBody     int64
	userAgent   string
	token       string
	tokenHost   string
	closing     context.Context // ends when Close is called
	stopAll     context.CancelFunc
	errClosed   error
	log         *slog.Logger
}

// New returns a Transport configured by o; see Options for the defaults.
func New(o Options) *Transport {
	t := &Transport{
		base:        o.Base,
		limiter:     o.Limiter,
		maxAttempts: o.MaxAttempts,
		maxWait:     o.MaxWait,
		baseBackoff: o.BaseBackoff,
		timeout:     o.Timeout,
		maxBody:     o.MaxBodyBytes,
		userAgent:   o.UserAgent,
		token:       o.Token,
		tokenHost:   o.TokenHost,
		log:         o.Logger,
	}
	t.closing, t.stopAll = context.WithCancel(context.Background())
	t.errClosed = o.ErrClosed
	if t.errClosed == nil {
		t.errClosed = ErrClosed
	}
	if t.limiter == nil {
		t.limiter = newPacer(o.RatePerSecond, o.Burst)
	}
	if t.base == nil {
		t.base = defaultBase()
	}
	if o.BaseURL != nil {
		if o.BaseURL.Scheme == "" || o.BaseURL.Host == "" {
			t.baseURLErr = errBadBaseURL
		} else {
			u := *o.BaseURL
			t.baseURL = &u
		}
	}
	if t.maxAttempts <= 0 {
		t.maxAttempts = defaultMaxAttempts
	}
	if t.maxWait <= 0 {
		t.maxWait = defaultMaxWait
	}
	if t.baseBackoff <= 0 {
		t.baseBackoff = defaultBaseBackoff
	}
	switch {
	case t.timeout == 0:
		t.timeout = defaultTimeout
	case t.timeout < 0:
		t.timeout = 0
	}
	if t.maxBody <= 0 {
		t.maxBody = defaultMaxBodyBytes
	}
	if t.log == nil {
		t.log = slog.New(slog.DiscardHandler)
	}
	return t
}

// defaultBase returns a clone of http.DefaultTransport, or http.DefaultTransport itself when a
// program replaced it with another type.
func defaultBase() http.RoundTripper {
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		return dt.Clone()
	}
	return http.DefaultTransport
}

// RoundTrip sends req, waiting for the limiter before every attempt and retrying as req's Op
// allows (see Classify and WithOp). Every answer's body is read within its attempt, so a read
// whose body breaks off (reset, EOF, a stall past the timeout) is retried like one that failed
// before the answer. After the last attempt the last answer is returned as is, so its status
// and body can be read; a body that broke off fails when read. A create that failed after it
// may have reached the server returns an *OutcomeUnknownError. When the request's context
// ends, its error is returned; after Close, an error matching Options.ErrClosed.
func (t *Transport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	if err := t.check(req); err != nil {
		closeRequestBody(req)
		return nil, err
	}
	if t.closing.Err() != nil {
		closeRequestBody(req)
		return nil, t.errClosed
	}
	ctx, stop := t.track(req.Context())
	defer func() {
		stop()
		if err != nil && t.closing.Err() != nil && req.Context().Err() == nil {
			err = fmt.Errorf("%w: %w", t.errClosed, err)
		}
	}()
	op, ok := OpFromContext(ctx)
	if !ok {
		op = Classify(req.Method, req.URL.Path)
	}
	method, path := req.Method, req.URL.Path
	if method == "" {
		method = http.MethodGet
	}
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	// Refusals for load (429, 529) are not failures: the server did not apply the request, so it
	// is sent again, after the pause asked, until it is answered otherwise or the context ends.
	failures := 0
	for attempt := 1; ; attempt++ {
		if err := t.limiter.Wait(ctx); err != nil {
			if attempt == 1 {
				closeRequestBody(req)
			}
			return nil, err
		}
		body, err := attemptBody(req, attempt)
		if err != nil {
			return nil, fmt.Errorf("uno: %s %s: rebuilding the request body: %w", method, path, err)
		}
		resp, sent, err := t.send(ctx, req, body)
		last := failures+1 >= t.maxAttempts || !replayable

		if err == nil {
			status := resp.StatusCode
			t.logAttempt(ctx, op, method, path, attempt, status, nil)
			if overloaded(status) {
				last = !replayable
			} else {
				t.limiter.Accepted(ctx)
				failures++
			}
			retry := !last && retryableStatus(op, status)
			if !retry && !overloaded(status) {
				if err = readAll(resp); err == nil || last || !retryableError(op, err, true) || ctx.Err() != nil {
					return resp, nil // a body that broke off fails when read
				}
				failures-- // counted again below
			} else {
				wait, paused := t.waitAfter(ctx, resp, attempt)
				if !retry || beyondDeadline(ctx, wait) {
					_ = readAll(resp)
					return resp, nil
				}
				drain(resp.Body)
				t.logRetry(ctx, op, method, path, attempt, wait)
				// A pause is served by the limiter before the next attempt, in turn with every other request.
				if !paused {
					if err := ctxtime.Sleep(ctx, wait); err != nil {
						return nil, err
					}
				}
				continue
			}
		}

		if cerr := ctx.Err(); cerr != nil {
			err = cerr
		}
		t.logAttempt(ctx, op, method, path, attempt, 0, err)
		if ctx.Err() != nil || last || !retryableError(op, err, sent) {
			return nil, failure(op, method, path, err, sent)
		}
		failures++
		wait := t.backoff(attempt)
		if beyondDeadline(ctx, wait) {
			return nil, failure(op, method, path, err, sent)
		}
		t.logRetry(ctx, op, method, path, attempt, wait)
		if err := ctxtime.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// track returns a context for one request that ends with ctx or when the Transport is closed,
// and the function that releases it.
func (t *Transport) track(ctx context.Context) (context.Context, func()) {
	tctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(t.closing, func() { cancel(t.errClosed) })
	return tctx, func() { stop(); cancel(nil) }
}

// Close ends the requests in flight and those waiting for the limiter (they fail with an error
// matching Options.ErrClosed), makes every later request fail so, and closes the idle
// connections of the base transport. It is safe to call more than once.
func (t *Transport) Close() {
	if t == nil || t.stopAll == nil {
		return
	}
	t.stopAll()
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// readAll reads resp's body within its attempt and replaces it by what was read; when the read
// failed, the new body fails with the same error after the bytes that arrived. A body whose
// length was announced is read into one buffer of that length.
func readAll(resp *http.Response) error {
	data, err := readWhole(resp.Body, resp.ContentLength)
	_ = resp.Body.Close()
	resp.Body = &readBack{Reader: bytes.NewReader(data), data: data, err: err}
	if err != nil {
		return err
	}
	resp.ContentLength = int64(len(data))
	return nil
}

// maxPresized is the largest announced body length that readWhole allocates up front; a longer
// body is read in growing steps, so that a false Content-Length cannot make it allocate much
// more than arrives.
const maxPresized = 4 << 20

// readWhole reads r to its end, in one allocation when n, the announced length, is right.
func readWhole(r io.Reader, n int64) ([]byte, error) {
	if n <= 0 || n > maxPresized {
		return io.ReadAll(r)
	}
	data := make([]byte, 0, n+1) // one byte more, to see the end without growing
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		m, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+m]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
}

// Bytes returns the body of a response that RoundTrip read in advance, as it was read (no
// copy); ok is false for another body, and for one whose read failed.
func Bytes(resp *http.Response) (data []byte, ok bool) {
	b, isReadBack := resp.Body.(*readBack)
	if !isReadBack || b.err != nil {
		return nil, false
	}
	return b.data, true
}

// readBack is a body read in advance: its bytes, then the error that ended the read.
type readBack struct {
	*bytes.Reader
	data []byte
	err  error
}

// Read returns the bytes read in advance, then the error.
func (r *readBack) Read(p []byte) (int, error) {
	n, err := r.Reader.Read(p)
	if err == io.EOF && r.err != nil {
		err = r.err
	}
	return n, err
}

// Close does nothing: the body was closed after reading it.
func (r *readBack) Close() error { return nil }

// check reports why req cannot be sent through t, if it cannot.
func (t *Transport) check(req *http.Request) error {
	switch {
	case t == nil || t.base == nil || t.limiter == nil || t.log == nil || t.closing == nil:
		return errNotReady
	case req == nil || req.URL == nil:
		return errNoRequestURL
	case t.baseURLErr != nil:
		return t.baseURLErr
	}
	return nil
}

// closeRequestBody closes the body of a request that will not be handed to the base transport,
// as the http.RoundTripper contract requires.
func closeRequestBody(req *http.Request) {
	if req != nil && req.Body != nil {
		_ = req.Body.Close()
	}
}

// attemptBody returns the body for the given attempt: the request's own for the first, a fresh
// copy from GetBody for the others.
func attemptBody(req *http.Request, attempt int) (io.ReadCloser, error) {
	if attempt == 1 || req.Body == nil || req.Body == http.NoBody {
		return req.Body, nil
	}
	return req.GetBody()
}

// waitAfter returns how long to wait before retrying after resp: its Retry-After capped by
// MaxWait, else a backoff. A 429 or 529 is reported to the limiter; with Retry-After it pauses
// every request through the limiter for that long, which paused reports.
func (t *Transport) waitAfter(ctx context.Context, resp *http.Response, attempt int) (wait time.Duration, paused bool) {
	wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if ok {
		wait = min(wait, t.maxWait)
	}
	// "Retry-After: 0" asks for no pause; this request still backs off, so that a server that
	// refuses everything is not asked in a loop.
	ok = ok && wait > 0
	if overloaded(resp.StatusCode) {
		if ok {
			t.limiter.Throttled(ctx, wait)
			return wait, true
		}
		t.limiter.Throttled(ctx, 0)
	}
	if !ok {
		return t.backoff(attempt), false
	}
	return wait, false
}

// beyondDeadline reports whether waiting d would pass ctx's deadline.
func beyondDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Now().Add(d).After(deadline)
}

// failure returns the error of a request that ends with err: an *OutcomeUnknownError for a
// write (create or update) that may have been sent, err itself otherwise.
func failure(op Op, method, path string, err error, sent bool) error {
	if sent && op != OpRead {
		return &OutcomeUnknownError{Op: op, Method: method, Path: path, Err: err}
	}
	return err
}
