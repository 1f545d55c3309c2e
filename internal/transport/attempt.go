package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
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
// BaseURL and given a User-Agent. The response's body is wrapped (size limit, end of the timeout on
// Close). sent reports whether a failed attempt may have reached the server.
func (t *Transport) send(ctx context.Context, req *http.Request, body io.ReadCloser) (resp *http.Response, sent bool, err error) {
	actx, cancel := ctx, context.CancelFunc(nil)
	if t.timeout > 0 {
		actx, cancel = context.WithTimeout(ctx, t.timeout)
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
	if t.token != "" && strings.TrimSpace(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer")) == "" {
		r.Header.Set("Authorization", "Bearer "+string(t.token))
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
		if cancel != nil {
			if actx.Err() != nil && ctx.Err() == nil {
				err = fmt.Errorf("uno: attempt timed out after %s: %w", t.timeout, context.DeadlineExceeded)
			}
			cancel()
		}
		return nil, sent, err
	}
	rc := resp.Body
	if rc == nil {
		rc = http.NoBody
	}
	resp.Body = newBody(rc, t.maxBody, cancel)
	return resp, true, nil
}
