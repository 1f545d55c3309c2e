package transport

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// reply scripts one answer of fakeBase.
type reply struct {
	status int
	header http.Header
	body   string
	err    error
	unsent bool               // fail before the request is written, as a dial error does
	block  bool               // wait until the attempt's context ends, after writing the request
	hang   bool               // answer, but block reading the body until the attempt's context ends
	cut    error              // answer, but end the body with this error instead of EOF
	onSend func(*seenRequest) // run before answering
}

// seenRequest is what fakeBase received in one attempt.
type seenRequest struct {
	Method, URL, Host, UserAgent, Body string
	Header                             http.Header
	At                                 time.Time
	ctx                                context.Context
}

// fakeBase is a scripted http.RoundTripper. It answers replies in order, repeating the last one,
// records the requests it saw, and runs the httptrace hooks like net/http does.
type fakeBase struct {
	mu      sync.Mutex
	replies []reply
	seen    []seenRequest
	bodies  []*trackedBody
}

// newFake returns a fakeBase answering replies.
func newFake(replies ...reply) *fakeBase { return &fakeBase{replies: replies} }

// RoundTrip implements http.RoundTripper.
func (f *fakeBase) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	trace := httptrace.ContextClientTrace(ctx)
	if trace != nil && trace.GetConn != nil {
		trace.GetConn(r.URL.Host)
	}
	var body string
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		_ = r.Body.Close()
		body = string(b)
	}
	f.mu.Lock()
	rep := f.replies[min(len(f.seen), len(f.replies)-1)]
	f.seen = append(f.seen, seenRequest{
		Method: r.Method, URL: r.URL.String(), Host: r.Host, UserAgent: r.Header.Get("User-Agent"),
		Body: body, Header: r.Header.Clone(), At: time.Now(), ctx: ctx,
	})
	seen := &f.seen[len(f.seen)-1]
	f.mu.Unlock()
	if rep.onSend != nil {
		rep.onSend(seen)
	}
	if rep.unsent {
		return nil, rep.err
	}
	if trace != nil && trace.WroteRequest != nil {
		trace.WroteRequest(httptrace.WroteRequestInfo{})
	}
	if rep.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if rep.err != nil {
		return nil, rep.err
	}
	tb := &trackedBody{r: strings.NewReader(rep.body), cut: rep.cut}
	if rep.hang {
		tb.ctx = ctx
	}
	f.mu.Lock()
	f.bodies = append(f.bodies, tb)
	f.mu.Unlock()
	header := rep.header
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{
		StatusCode: rep.status, Status: http.StatusText(rep.status), Header: header.Clone(),
		Body: tb, ContentLength: int64(len(rep.body)), Request: r,
	}, nil
}

// requests returns a copy of the requests seen so far.
func (f *fakeBase) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

// responseBodies returns the bodies of the responses given so far.
func (f *fakeBase) responseBodies() []*trackedBody {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*trackedBody(nil), f.bodies...)
}

// trackedBody is a response body that records how far it was read and whether it was closed.
type trackedBody struct {
	r      *strings.Reader
	ctx    context.Context // when set, Read blocks until it ends
	cut    error           // when set, returned instead of io.EOF
	read   atomic.Int64
	closed atomic.Bool
}

// Read implements io.Reader.
func (b *trackedBody) Read(p []byte) (int, error) {
	if b.ctx != nil {
		<-b.ctx.Done()
		return 0, b.ctx.Err()
	}
	n, err := b.r.Read(p)
	b.read.Add(int64(n))
	if err == io.EOF && b.cut != nil {
		err = b.cut
	}
	return n, err
}

// Close implements io.Closer.
func (b *trackedBody) Close() error {
	b.closed.Store(true)
	return nil
}

// status returns a reply with the status and optional header pairs.
func status(code int, kv ...string) reply {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return reply{status: code, header: h, body: "answer " + strconv.Itoa(code)}
}

// errReset is a connection reset while waiting for the answer.
var errReset = &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}

// errRefused is a failed dial: the request was not sent.
var errRefused = &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}

// itoa formats n in decimal.
func itoa(n int) string { return strconv.Itoa(n) }
