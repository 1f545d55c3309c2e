package transport

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// counting wraps a real http.Transport and counts the attempts it is given.
type counting struct {
	base  *http.Transport
	calls atomic.Int32
}

// RoundTrip implements http.RoundTripper.
func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.calls.Add(1)
	return c.base.RoundTrip(r)
}

// newCounting returns a counting transport over a fresh http.Transport.
func newCounting(t *testing.T) *counting {
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	return &counting{base: base}
}

// hangUp is a handler that reads the whole request, then closes the connection without answering.
func hangUp(hits *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_ = conn.Close()
	}
}

func TestNetworkResetAfterWrite(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(hangUp(&hits))
	defer srv.Close()
	base, err := url.Parse(srv.URL)
	require.NoError(t, err)

	tr := New(Options{Base: newCounting(t), BaseURL: base, BaseBackoff: time.Millisecond, MaxAttempts: 3})
	client := &http.Client{Transport: tr}

	resp, err := client.Post(notion+"/pages", "application/json", strings.NewReader(`{"properties":{}}`))
	if resp != nil {
		_ = resp.Body.Close()
	}
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, int32(1), hits.Load(), "a create is sent once")

	hits.Store(0)
	resp, err = client.Post(notion+"/search", "application/json", strings.NewReader(`{"query":""}`))
	if resp != nil {
		_ = resp.Body.Close()
	}
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, int32(3), hits.Load(), "a read is retried")
}

func TestNetworkDialErrorRetriedForCreate(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	c := newCounting(t)
	tr := New(Options{Base: c, BaseURL: &url.URL{Scheme: "http", Host: addr}, BaseBackoff: time.Millisecond, MaxAttempts: 3})
	resp, err := (&http.Client{Transport: tr}).Post(notion+"/pages", "application/json", strings.NewReader(`{}`))
	if resp != nil {
		_ = resp.Body.Close()
	}
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "refused: certainly not sent")
	var oe *net.OpError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "dial", oe.Op)
	assert.Equal(t, int32(3), c.calls.Load())
}

func TestNetworkBodyRebuilt(t *testing.T) {
	const payload = `{"parent":{"page_id":"0f8fad5b-d9cb-469f-a165-70867728950e"},"properties":{"Name":{"title":[]}}}`
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		n := len(bodies)
		mu.Unlock()
		if n < 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"object":"error","status":429,"code":"rate_limited"}`)
			return
		}
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"object":"page"}`)
	}))
	defer srv.Close()
	base, err := url.Parse(srv.URL)
	require.NoError(t, err)

	tr := New(Options{Base: newCounting(t), BaseURL: base})
	resp, err := (&http.Client{Transport: tr}).Post(notion+"/pages", "application/json", strings.NewReader(payload))
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, `{"object":"page"}`, string(b))
	assert.Equal(t, []string{payload, payload, payload}, bodies)
}

func TestNetworkConcurrent(t *testing.T) {
	// Every distinct request is refused with 429, then fails with 503, then succeeds.
	var mu sync.Mutex
	tries := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		tries[string(b)]++
		n := tries[string(b)]
		mu.Unlock()
		switch n {
		case 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusOK)
		}
		_, _ = io.WriteString(w, `{"object":"list","results":[]}`)
	}))
	defer srv.Close()
	base, err := url.Parse(srv.URL)
	require.NoError(t, err)

	tr := New(Options{Base: newCounting(t), BaseURL: base, RatePerSecond: 2000, Burst: 16, BaseBackoff: time.Millisecond})
	client := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 5 {
				query := `{"query":"` + strconv.Itoa(g) + "-" + strconv.Itoa(i) + `"}`
				resp, err := client.Post(notion+"/search", "application/json", strings.NewReader(query))
				if !assert.NoError(t, err) {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				assert.Equal(t, http.StatusOK, resp.StatusCode)
			}
		})
	}
	wg.Wait()
	require.Len(t, tries, 80)
	for q, n := range tries {
		assert.Equal(t, 3, n, q)
	}
}
