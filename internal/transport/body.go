package transport

import (
	"context"
	"io"
)

// drainLimit bounds how much of a response body is read before it is closed for a retry, so the
// connection can be reused without reading a large body.
const drainLimit = 64 << 10

// body wraps a response body: it fails with ErrBodyTooLarge past its limit and ends the attempt's
// context (its timeout) when closed or read to the end.
type body struct {
	rc        io.ReadCloser
	remaining int64           // bytes that may still be read
	actx, ctx context.Context // the attempt's context and the caller's
	done      func()          // ends the attempt's context
	err       error           // sticky error once the limit was passed
}

// newBody wraps rc, allowing at most limit bytes; done runs on Close or at the end of the body. A
// read that the attempt's end (its timeout, the Transport's Close) cut short fails with that
// cause.
func newBody(rc io.ReadCloser, limit int64, actx, ctx context.Context, done func()) *body {
	return &body{rc: rc, remaining: limit, actx: actx, ctx: ctx, done: done}
}

// Read reads from the response body, returning ErrBodyTooLarge once more than the limit would be
// read.
func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return b.rc.Read(p)
	}
	// Read one byte more than allowed, to tell a body of exactly the limit from a longer one.
	if int64(len(p))-1 > b.remaining {
		p = p[:b.remaining+1]
	}
	n, err := b.rc.Read(p)
	if int64(n) > b.remaining {
		n = int(b.remaining)
		b.remaining = 0
		b.err = ErrBodyTooLarge
		return n, b.err
	}
	b.remaining -= int64(n)
	if err != nil {
		if err != io.EOF {
			err = attemptError(b.actx, b.ctx, err)
		}
		b.release()
	}
	return n, err
}

// Close closes the response body and ends the attempt's context.
func (b *body) Close() error {
	err := b.rc.Close()
	b.release()
	return err
}

// release ends the attempt's context; safe to call more than once.
func (b *body) release() {
	b.done()
}

// drain reads at most drainLimit bytes of rc and closes it.
func drain(rc io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, rc, drainLimit)
	_ = rc.Close()
}
