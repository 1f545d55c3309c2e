package transport

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// statusServiceOverload is Notion's 529 service_overload, which, like 429, means the server did
// not process the request.
const statusServiceOverload = 529

// overloaded reports whether status says the server refused the request for load and asks the
// client to slow down: it did not apply it.
func overloaded(status int) bool {
	return status == http.StatusTooManyRequests || status == statusServiceOverload
}

// retryableStatus reports whether an answer with status may be retried for op.
func retryableStatus(op Op, status int) bool {
	switch {
	case overloaded(status):
		return true
	case status == http.StatusConflict:
		return op == OpRead || op == OpUpdate
	case status == http.StatusInternalServerError, status == http.StatusBadGateway,
		status == http.StatusServiceUnavailable, status == http.StatusGatewayTimeout:
		return op == OpRead
	}
	return false
}

// retryableError reports whether a failed attempt may be repeated: a transient failure, for a read
// always, for any other op only when the request was certainly not sent.
func retryableError(op Op, err error, sent bool) bool {
	if !transient(err) {
		return false
	}
	return op == OpRead || !sent
}

// transient reports whether err is a network failure that may not happen again: a failed dial, a
// reset or closed connection, a timeout.
func transient(err error) bool {
	if dialFailed(err) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ETIMEDOUT) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) && (oe.Op == "read" || oe.Op == "write")
}

// dialFailed reports whether err comes from opening the connection (refused, unreachable, name
// not resolved, proxy refused): the request was certainly not sent.
func dialFailed(err error) bool {
	var oe *net.OpError
	if errors.As(err, &oe) && (oe.Op == "dial" || oe.Op == "proxyconnect") {
		return true
	}
	var de *net.DNSError
	return errors.As(err, &de) || errors.Is(err, syscall.ECONNREFUSED)
}

// parseRetryAfter reads a Retry-After value, either whole seconds or an HTTP date, as a wait
// from now. A date in the past is a wait of 0.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseUint(v, 10, 64)
	switch {
	case err == nil && secs <= uint64(maxPacerSpan/time.Second):
		return time.Duration(secs) * time.Second, true
	case err == nil, errors.Is(err, strconv.ErrRange):
		return maxPacerSpan, true
	}
	date, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(date.Sub(now), 0), true
}

// backoff returns the jittered wait before attempt+1 when the server gave no Retry-After:
// BaseBackoff doubled per attempt, capped by MaxWait, then drawn uniformly from its upper half
// (equal jitter), so waits grow and concurrent clients spread out.
func (t *Transport) backoff(attempt int) time.Duration {
	d := t.baseBackoff
	for i := 1; i < attempt && d < t.maxWait; i++ {
		if d > t.maxWait/2 {
			d = t.maxWait
			break
		}
		d *= 2
	}
	d = min(d, t.maxWait)
	half := d / 2
	return half + rand.N(d-half+1)
}
