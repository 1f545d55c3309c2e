package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 3 ", 3 * time.Second, true},
		{"99999999999999999999999", maxPacerSpan, true},
		{"9999999999", maxPacerSpan, true},
		{now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Wednesday, 01-May-24 12:00:09 GMT", 9 * time.Second, true},
		{"", 0, false},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseRetryAfter(tt.in, now)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRetryableStatus(t *testing.T) {
	tests := []struct {
		status                int
		read, update, creates bool
	}{
		{200, false, false, false},
		{400, false, false, false},
		{404, false, false, false},
		{409, true, true, false},
		{429, true, true, true},
		{500, true, false, false},
		{502, true, false, false},
		{503, true, false, false},
		{504, true, false, false},
		{529, true, true, true},
		{501, false, false, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			assert.Equal(t, tt.read, retryableStatus(OpRead, tt.status), "read")
			assert.Equal(t, tt.update, retryableStatus(OpUpdate, tt.status), "update")
			assert.Equal(t, tt.creates, retryableStatus(OpCreate, tt.status), "create")
			assert.Equal(t, tt.creates, retryableStatus(Op(9), tt.status), "unknown op")
		})
	}
}

func TestRetryableError(t *testing.T) {
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: &timeoutErr{}}
	tests := []struct {
		name                  string
		err                   error
		sent                  bool
		read, update, creates bool
	}{
		{"refused", errRefused, false, true, true, true},
		{"dns", fmt.Errorf("wrapped: %w", &net.DNSError{Err: "no such host", Name: "x"}), false, true, true, true},
		{"reset after write", errReset, true, true, false, false},
		{"reset before write", errReset, false, true, true, true},
		{"eof after write", io.EOF, true, true, false, false},
		{"unexpected eof", io.ErrUnexpectedEOF, true, true, false, false},
		{"broken pipe", syscall.EPIPE, true, true, false, false},
		{"net timeout", timeout, true, true, false, false},
		{"attempt timeout", fmt.Errorf("x: %w", context.DeadlineExceeded), true, true, false, false},
		{"permanent", errors.New("tls: bad certificate"), false, false, false, false},
		{"remote tls alert", &net.OpError{Op: "remote error", Err: errors.New("tls")}, true, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.read, retryableError(OpRead, tt.err, tt.sent), "read")
			assert.Equal(t, tt.update, retryableError(OpUpdate, tt.err, tt.sent), "update")
			assert.Equal(t, tt.creates, retryableError(OpCreate, tt.err, tt.sent), "create")
		})
	}
}

// timeoutErr is a net.Error that timed out.
type timeoutErr struct{}

func (*timeoutErr) Error() string   { return "i/o timeout" }
func (*timeoutErr) Timeout() bool   { return true }
func (*timeoutErr) Temporary() bool { return true }

func TestBackoff(t *testing.T) {
	tr := New(Options{BaseBackoff: time.Second, MaxWait: 5 * time.Second})
	for range 200 {
		for attempt, limit := range []time.Duration{1, 2, 4, 5, 5, 5} {
			d := tr.backoff(attempt + 1)
			limit *= time.Second
			assert.LessOrEqual(t, d, limit)
			assert.GreaterOrEqual(t, d, limit/2)
		}
	}
	huge := New(Options{BaseBackoff: time.Duration(1 << 62), MaxWait: time.Duration(1<<63 - 1)})
	for attempt := 1; attempt < 70; attempt++ {
		assert.Positive(t, huge.backoff(attempt), "no overflow at attempt %d", attempt)
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	f.Add("120")
	f.Add("Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add("18446744073709551616")
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := parseRetryAfter(v, now)
		if ok {
			assert.GreaterOrEqual(t, d, time.Duration(0))
		} else {
			assert.Zero(t, d)
		}
	})
}
