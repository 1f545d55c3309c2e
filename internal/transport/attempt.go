package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// errNoResponse is returned when the base transport answers neither a response nor an error.
var errNoResponse = errors.New("uno: transport: base transport returned no response")

// progress records, from the httptrace hooks the base transport runs, how far one attempt got.
type progress struct {
	trace      httptrace.ClientTrace // the hooks that fill the fields below
	connecting atomic.Bool           // the base asked for a connection: it reports its progress
	wrote      atomic.Bool           // the whole request was handed to the connection
}

// newProgress returns a progress with its hooks set.
func newProgress() *progress {
	p := &progress{}
	p.trace.GetConn = func(string) { p.connecting.Store(true) }
	p.trace.WroteRequest = func(info httptrace.WroteRequestInfo) {
		if info.Err == nil {
			p.wrote.Store(true)
		}
	}
	return p
}

// sent reports whether the request may have reached the server, given the attempt's error. A
// failed dial proves it did not; a base transport that reports no progress is assumed to have
// sent it.
func (p *progress) sent(err error) bool {
	switch {
	case dialFailed(err):
		return false
	case p.connecting.Load():
		return p.wrote.Load()
	}
	return true
}

// send makes one attempt: a clone of req with body, under the attempt's timeout, rewritten for
// BaseURL and given the token and a User-Agent. The response's body is wrapped (size limit, end of
// the attempt on Close or at its end, the attempt's failure as the error of a read that it cut
// short). sent reports whether a failed attempt may have reached the server.
func (t *Transport) send(ctx context.Context, req *http.Request, body io.ReadCloser) (resp *http.Response, sent bool, err error) {
	actx, cancel := context.WithCancelCause(ctx)
	end := func() { cancel(nil) }
	if t.timeout > 0 {
		timer := time.AfterFunc(t.timeout, func() { cancel(&TimeoutError{After: t.timeout}) })
		end = func() { timer.Stop(); cancel(nil) }
	}
	prog := newProgress()
	r := req.Clone(httptrace.WithClientTrace(actx, &prog.trace))
	r.Body = body
	if t.baseURL != nil {
		rebase(r.URL, t.baseURL)
		r.Host = t.baseURL.Host
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	if t.token != "" && t.mayGetToken(r.URL) && strings.TrimSpace(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer")) == "" {
		r.Header.Set("Authorization", "Bearer "+t.token)
	}
	if t.userAgent != "" {
		if _, ok := r.Header["User-Agent"]; !ok {
			r.Header.Set("User-Agent", t.userAgent)
		}
	}

	resp, err = t.base.RoundTrip(r)
	if err == nil && resp == nil {
		err = errNoResponse
	}
	if err != nil {
		if resp != nil && resp.Body != nil {
			_ = resp.Body.Close()
		}
		sent = prog.sent(err)
		err = attemptError(actx, ctx, err)
		end()
		return nil, sent, err
	}
	rc := resp.Body
	if rc == nil {
		rc = http.NoBody
	}
	resp.Body = newBody(rc, t.maxBody, actx, ctx, end)
	return resp, true, nil
}

// attemptError returns the error of an attempt that failed with err: the attempt's own cause
// (its timeout, the Transport's Close) when that ended it rather than the caller's context.
func attemptError(actx, ctx context.Context, err error) error {
	if ctx.Err() == nil {
		if cause := context.Cause(actx); cause != nil && !errors.Is(cause, context.Canceled) {
			return cause
		}
	}
	return err
}

// mayGetToken reports whether the token may be sent to u: it goes to BaseURL's host (every
// request was rebased there) or, without BaseURL, to TokenHost over https only.
func (t *Transport) mayGetToken(u *url.URL) bool {
	if t.baseURL != nil {
		return true
	}
	return t.tokenHost != "" && u.Scheme == "https" && strings.EqualFold(u.Host, t.tokenHost)
}
