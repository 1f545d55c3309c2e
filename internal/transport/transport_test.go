package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const notion = "https://api.notion.com/v1"

// request builds a request with ctx; a non-empty body is replayable (GetBody is set).
func request(t *testing.T, ctx context.Context, method, url, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer secret_token_value")
	return req
}

// roundTrip sends one request through tr and reads the answer's body.
func roundTrip(t *testing.T, tr *Transport, req *http.Request) (*http.Response, string, error) {
	t.Helper()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		assert.Nil(t, resp)
		return nil, "", err
	}
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp, string(b), nil
}

// gaps returns the times between consecutive requests.
func gaps(seen []seenRequest) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(seen); i++ {
		out = append(out, seen[i].At.Sub(seen[i-1].At))
	}
	return out
}

func TestRetryAfterSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(429, "Retry-After", "7"), status(200))
		tr := New(Options{Base: f})
		start := time.Now()
		resp, body, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{"a":1}`))
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, "answer 200", body)
		assert.Equal(t, 7*time.Second, time.Since(start))
		require.Len(t, f.requests(), 2)
		assert.Equal(t, []time.Duration{7 * time.Second}, gaps(f.requests()))
	})
}

func TestRetryAfterDate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		date := time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)
		f := newFake(status(429, "Retry-After", date), status(200))
		tr := New(Options{Base: f})
		start := time.Now()
		resp, _, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users/me", ""))
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, 5*time.Second, time.Since(start))
	})
}

func TestRetryAfterCappedByMaxWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(429, "Retry-After", "3600"), status(200))
		tr := New(Options{Base: f, MaxWait: 10 * time.Second})
		start := time.Now()
		resp, _, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users/me", ""))
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, 10*time.Second, time.Since(start))
	})
}

func TestServiceOverload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(529), status(529, "Retry-After", "2"), status(201))
		tr := New(Options{Base: f, BaseBackoff: 4 * time.Second})
		start := time.Now()
		resp, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{}`))
		require.NoError(t, err)
		assert.Equal(t, 201, resp.StatusCode)
		g := gaps(f.requests())
		require.Len(t, g, 2)
		assert.GreaterOrEqual(t, g[0], 2*time.Second, "jittered backoff without Retry-After")
		assert.LessOrEqual(t, g[0], 4*time.Second)
		assert.Equal(t, 2*time.Second, g[1])
		assert.Equal(t, g[0]+g[1], time.Since(start))
	})
}

func TestServerErrorsPerOp(t *testing.T) {
	for _, code := range []int{500, 502, 503, 504} {
		for _, tc := range []struct {
			method, path string
			attempts     int
		}{
			{"GET", "/pages/" + testID, 3},
			{"POST", "/search", 3},
			{"POST", "/databases/" + testID + "/query", 3},
			{"PATCH", "/pages/" + testID, 1},
			{"DELETE", "/blocks/" + testID, 1},
			{"POST", "/pages", 1},
			{"POST", "/databases", 1},
			{"PATCH", "/blocks/" + testID + "/children", 1},
			{"POST", "/comments", 1},
		} {
			t.Run(http.StatusText(code)+" "+tc.method+" "+tc.path, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					f := newFake(status(code))
					tr := New(Options{Base: f, MaxAttempts: 3})
					resp, body, err := roundTrip(t, tr, request(t, t.Context(), tc.method, notion+tc.path, `{"x":1}`))
					require.NoError(t, err)
					assert.Equal(t, code, resp.StatusCode)
					assert.Equal(t, "answer "+itoa(code), body, "the last answer is readable")
					assert.Len(t, f.requests(), tc.attempts)
				})
			})
		}
	}
}

func TestConflict(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		attempts     int
	}{
		{"PATCH", "/pages/" + testID, 2},
		{"GET", "/pages/" + testID, 2},
		{"POST", "/pages", 1},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFake(status(409), status(200))
				tr := New(Options{Base: f})
				resp, _, err := roundTrip(t, tr, request(t, t.Context(), tc.method, notion+tc.path, `{"x":1}`))
				require.NoError(t, err)
				assert.Len(t, f.requests(), tc.attempts)
				assert.Equal(t, map[int]int{1: 409, 2: 200}[tc.attempts], resp.StatusCode)
			})
		})
	}
}

func TestWithOpOverridesClassification(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(500), status(200))
		tr := New(Options{Base: f})
		ctx := WithOp(t.Context(), OpRead)
		resp, _, err := roundTrip(t, tr, request(t, ctx, "POST", notion+"/pages", `{}`))
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Len(t, f.requests(), 2)

		f = newFake(status(429, "Retry-After", "1"), status(200))
		tr = New(Options{Base: f})
		_, _, err = roundTrip(t, tr, request(t, WithOp(t.Context(), OpCreate), "GET", notion+"/users", ""))
		require.NoError(t, err)
		assert.Len(t, f.requests(), 2, "429 is retried for every op")
	})
}

func TestBodyRebuiltOnEveryAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		payload := `{"parent":{"page_id":"` + testID + `"},"properties":{}}`
		f := newFake(status(429, "Retry-After", "1"), status(529, "Retry-After", "1"), status(200))
		tr := New(Options{Base: f})
		_, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", payload))
		require.NoError(t, err)
		seen := f.requests()
		require.Len(t, seen, 3)
		for i, s := range seen {
			assert.Equal(t, payload, s.Body, "attempt %d", i+1)
			assert.Equal(t, "POST", s.Method)
		}
	})
}

func TestBodyWithoutGetBodyIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(429, "Retry-After", "1"), status(200))
		tr := New(Options{Base: f})
		req := request(t, t.Context(), "POST", notion+"/search", "")
		req.Body = io.NopCloser(strings.NewReader(`{"query":""}`))
		resp, _, err := roundTrip(t, tr, req)
		require.NoError(t, err)
		assert.Equal(t, 429, resp.StatusCode)
		assert.Len(t, f.requests(), 1)
	})
}

func TestRetriedBodiesDrainedAndClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(503), status(502), status(200))
		tr := New(Options{Base: f})
		resp, err := tr.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
		require.NoError(t, err)
		bodies := f.responseBodies()
		require.Len(t, bodies, 3)
		for _, b := range bodies[:2] {
			assert.True(t, b.closed.Load())
			assert.Equal(t, int64(len("answer 503")), b.read.Load(), "drained")
		}
		assert.True(t, bodies[2].closed.Load(), "the returned body was read within its attempt")
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, "answer 200", string(b))
		require.NoError(t, resp.Body.Close())
	})
}

func TestRefusalsRetriedUntilDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(429, "Retry-After", "1"))
		tr := New(Options{Base: f})
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 40500*time.Millisecond)
		defer cancel()
		resp, body, err := roundTrip(t, tr, request(t, ctx, "POST", notion+"/pages", `{}`))
		require.NoError(t, err)
		assert.Equal(t, 429, resp.StatusCode)
		assert.Equal(t, "1", resp.Header.Get("Retry-After"))
		assert.Equal(t, "answer 429", body)
		assert.Len(t, f.requests(), 41, "refusals for load are retried until the context ends, not counted")
		assert.Equal(t, 40*time.Second, time.Since(start), "the last answer is returned once the next wait passes the deadline")
	})
}

func TestBoundedAttemptsMixed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Failures and refusals are counted apart: four 503s use up the read's budget of five
		// failures only together with the fifth, whatever the 429s in between.
		f := newFake(status(503), status(429, "Retry-After", "1"), status(503), status(429, "Retry-After", "1"),
			status(503), status(503), status(503), status(200))
		tr := New(Options{Base: f, BaseBackoff: time.Millisecond})
		resp, _, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users", ""))
		require.NoError(t, err)
		assert.Equal(t, 503, resp.StatusCode)
		assert.Len(t, f.requests(), 7)
	})
}

func TestBackoffCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(500))
		tr := New(Options{Base: f, BaseBackoff: 10 * time.Second, MaxWait: 15 * time.Second, MaxAttempts: 6})
		_, _, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users", ""))
		require.NoError(t, err)
		g := gaps(f.requests())
		require.Len(t, g, 5)
		assert.GreaterOrEqual(t, g[0], 5*time.Second)
		assert.LessOrEqual(t, g[0], 10*time.Second)
		for _, d := range g[1:] {
			assert.GreaterOrEqual(t, d, 7500*time.Millisecond)
			assert.LessOrEqual(t, d, 15*time.Second)
		}
	})
}

func TestContextCancelledDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(429, "Retry-After", "30"), status(200))
		tr := New(Options{Base: f})
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(2*time.Second, cancel)
		start := time.Now()
		_, _, err := roundTrip(t, tr, request(t, ctx, "GET", notion+"/users", ""))
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 2*time.Second, time.Since(start))
		assert.Len(t, f.requests(), 1)
	})
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(500), status(200))
		tr := New(Options{Base: f, BaseBackoff: 20 * time.Second})
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, _, err := roundTrip(t, tr, request(t, ctx, "GET", notion+"/users", ""))
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, time.Second, time.Since(start))
	})
}

func TestWaitBeyondDeadlineReturnsAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(429, "Retry-After", "20"), status(200))
		tr := New(Options{Base: f})
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		start := time.Now()
		resp, body, err := roundTrip(t, tr, request(t, ctx, "GET", notion+"/users", ""))
		require.NoError(t, err)
		assert.Equal(t, 429, resp.StatusCode)
		assert.Equal(t, "answer 429", body)
		assert.Zero(t, time.Since(start), "no wait past the deadline")
		assert.Len(t, f.requests(), 1)
	})
}

func TestDialErrorRetriedForCreate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(reply{unsent: true, err: errRefused}, reply{unsent: true, err: errRefused}, status(200))
		tr := New(Options{Base: f, BaseBackoff: time.Second})
		resp, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{"p":1}`))
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		seen := f.requests()
		require.Len(t, seen, 3)
		assert.Equal(t, `{"p":1}`, seen[2].Body)
	})
	synctest.Test(t, func(t *testing.T) {
		f := newFake(reply{unsent: true, err: errRefused})
		tr := New(Options{Base: f, MaxAttempts: 2})
		_, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{}`))
		require.ErrorIs(t, err, errRefused)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a dial error proves nothing was sent")
		assert.Len(t, f.requests(), 2)
	})
}

func TestResetAfterWrite(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		attempts     int
		unknown      bool
	}{
		{"POST", "/pages", 1, true},
		{"PATCH", "/blocks/" + testID + "/children", 1, true},
		{"PATCH", "/pages/" + testID, 1, true}, // an update the server may have applied
		{"POST", "/search", 3, false},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFake(reply{err: errReset})
				tr := New(Options{Base: f, MaxAttempts: 3})
				_, _, err := roundTrip(t, tr, request(t, t.Context(), tc.method, notion+tc.path, `{}`))
				require.ErrorIs(t, err, errReset)
				assert.Len(t, f.requests(), tc.attempts)
				var ou *OutcomeUnknownError
				if !tc.unknown {
					assert.NotErrorIs(t, err, ErrOutcomeUnknown)
					return
				}
				require.ErrorAs(t, err, &ou)
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				assert.Equal(t, Classify(tc.method, "/v1"+tc.path), ou.Op)
				assert.Equal(t, tc.method, ou.Method)
				assert.Equal(t, "/v1"+tc.path, ou.Path)
				assert.NotContains(t, err.Error(), "secret")
			})
		})
	}
}

func TestCancelAfterWriteOnCreate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(reply{block: true})
		tr := New(Options{Base: f})
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(3*time.Second, cancel)
		_, _, err := roundTrip(t, tr, request(t, ctx, "POST", notion+"/pages", `{}`))
		require.ErrorIs(t, err, ErrOutcomeUnknown)
		require.ErrorIs(t, err, context.Canceled)
		assert.Len(t, f.requests(), 1)
	})
	synctest.Test(t, func(t *testing.T) {
		f := newFake(reply{block: true})
		tr := New(Options{Base: f})
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(3*time.Second, cancel)
		_, _, err := roundTrip(t, tr, request(t, ctx, "GET", notion+"/users", ""))
		require.ErrorIs(t, err, context.Canceled)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	})
}

func TestAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(reply{block: true})
		tr := New(Options{Base: f, Timeout: 2 * time.Second, BaseBackoff: time.Second, MaxAttempts: 3})
		start := time.Now()
		_, _, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users", ""))
		require.ErrorIs(t, err, ErrAttemptTimeout)
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "the caller set no deadline")
		assert.Len(t, f.requests(), 3, "a timed-out read is retried")
		elapsed := time.Since(start)
		assert.GreaterOrEqual(t, elapsed, 6*time.Second+time.Second)
		assert.LessOrEqual(t, elapsed, 6*time.Second+3*time.Second)
	})
	synctest.Test(t, func(t *testing.T) {
		f := newFake(reply{block: true})
		tr := New(Options{Base: f, Timeout: 2 * time.Second})
		start := time.Now()
		_, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{}`))
		require.ErrorIs(t, err, ErrAttemptTimeout)
		require.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.Len(t, f.requests(), 1)
		assert.Equal(t, 2*time.Second, time.Since(start))
	})
}

func TestAttemptTimeoutCoversBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(reply{status: 200, hang: true}, status(200))
		tr := New(Options{Base: f, Timeout: 2 * time.Second, BaseBackoff: time.Second})
		start := time.Now()
		resp, body, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users", ""))
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, "answer 200", body)
		assert.Len(t, f.requests(), 2, "a read whose body stalled is sent again")
		assert.GreaterOrEqual(t, time.Since(start), 2*time.Second+500*time.Millisecond)
	})
	synctest.Test(t, func(t *testing.T) {
		f := newFake(reply{status: 200, hang: true})
		tr := New(Options{Base: f, Timeout: 2 * time.Second})
		start := time.Now()
		resp, err := tr.RoundTrip(request(t, t.Context(), "POST", notion+"/pages", "{}"))
		require.NoError(t, err, "a create's answer is returned; its body fails when read")
		_, err = io.ReadAll(resp.Body)
		require.ErrorIs(t, err, ErrAttemptTimeout)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 2*time.Second, time.Since(start))
		assert.Len(t, f.requests(), 1, "a create is never sent again")
	})
}

func TestReadRetriedWhenBodyBreaksOff(t *testing.T) {
	for name, cut := range map[string]error{"reset": syscall.ECONNRESET, "eof": io.ErrUnexpectedEOF} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFake(reply{status: 200, body: `{"partial":`, cut: cut}, status(200))
				tr := New(Options{Base: f, BaseBackoff: time.Millisecond})
				resp, body, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users", ""))
				require.NoError(t, err)
				assert.Equal(t, 200, resp.StatusCode)
				assert.Equal(t, "answer 200", body)
				assert.Len(t, f.requests(), 2)
			})
		})
	}
}

func TestAttemptEndsWithRoundTrip(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(200))
		tr := New(Options{Base: f})
		resp, err := tr.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
		require.NoError(t, err)
		assert.ErrorIs(t, f.requests()[0].ctx.Err(), context.Canceled, "the body was read within the attempt")
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, "answer 200", string(b))
	})
}

func TestBodySizeLimit(t *testing.T) {
	for _, tc := range []struct {
		size    int
		wantErr bool
	}{{9, false}, {10, false}, {11, true}, {100000, true}} {
		t.Run(itoa(tc.size), func(t *testing.T) {
			f := newFake(reply{status: 200, body: strings.Repeat("x", tc.size)})
			tr := New(Options{Base: f, MaxBodyBytes: 10})
			resp, err := tr.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
			require.NoError(t, err)
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if !tc.wantErr {
				require.NoError(t, err)
				assert.Len(t, b, tc.size)
				return
			}
			require.ErrorIs(t, err, ErrBodyTooLarge)
			assert.Len(t, b, 10)
			_, err = resp.Body.Read(make([]byte, 4))
			assert.ErrorIs(t, err, ErrBodyTooLarge, "sticky")
		})
	}
}

func TestBodyWithoutLimitOverflow(t *testing.T) {
	f := newFake(reply{status: 200, body: "hello"})
	tr := New(Options{Base: f, MaxBodyBytes: math.MaxInt64})
	_, body, err := roundTrip(t, tr, request(t, t.Context(), "GET", notion+"/users", ""))
	require.NoError(t, err)
	assert.Equal(t, "hello", body)
}

func TestBaseURL(t *testing.T) {
	tests := []struct {
		base, in, wantURL, wantHost string
	}{
		{"http://127.0.0.1:8787", notion + "/pages", "http://127.0.0.1:8787/v1/pages", "127.0.0.1:8787"},
		{"http://h/proxy", notion + "/pages", "http://h/proxy/v1/pages", "h"},
		{"http://h/proxy/", notion + "/pages?x=1", "http://h/proxy/v1/pages?x=1", "h"},
		{"https://h:9/a/b", notion + "/blocks/" + testID + "/children?page_size=100", "https://h:9/a/b/v1/blocks/" + testID + "/children?page_size=100", "h:9"},
		{"http://h/p%2Fq", notion + "/search", "http://h/p%2Fq/v1/search", "h"},
		{"http://h", "https://api.notion.com/v1/a%2Fb", "http://h/v1/a%2Fb", "h"},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			base, err := url.Parse(tt.base)
			require.NoError(t, err)
			f := newFake(status(200))
			tr := New(Options{Base: f, BaseURL: base})
			req := request(t, t.Context(), "GET", tt.in, "")
			_, _, err = roundTrip(t, tr, req)
			require.NoError(t, err)
			seen := f.requests()
			require.Len(t, seen, 1)
			assert.Equal(t, tt.wantURL, seen[0].URL)
			assert.Equal(t, tt.wantHost, seen[0].Host)
			assert.Equal(t, tt.in, req.URL.String(), "the caller's request is left alone")
			assert.Equal(t, "api.notion.com", req.Host)
		})
	}
}

func TestBadBaseURL(t *testing.T) {
	f := newFake(status(200))
	tr := New(Options{Base: f, BaseURL: &url.URL{Path: "127.0.0.1:8787"}})
	body := &trackedBody{r: strings.NewReader("{}")}
	req := request(t, t.Context(), "POST", notion+"/pages", "")
	req.Body = body
	_, err := tr.RoundTrip(req)
	require.Error(t, err)
	assert.True(t, body.closed.Load(), "the request body is closed")
	assert.Empty(t, f.requests())
}

func TestUserAgent(t *testing.T) {
	f := newFake(status(200))
	tr := New(Options{Base: f, UserAgent: "uno/1.0"})
	req := request(t, t.Context(), "GET", notion+"/users", "")
	_, _, err := roundTrip(t, tr, req)
	require.NoError(t, err)
	req = request(t, t.Context(), "GET", notion+"/users", "")
	req.Header.Set("User-Agent", "mine")
	_, _, err = roundTrip(t, tr, req)
	require.NoError(t, err)
	req = request(t, t.Context(), "GET", notion+"/users", "")
	req.Header = nil
	_, _, err = roundTrip(t, tr, req)
	require.NoError(t, err)

	seen := f.requests()
	require.Len(t, seen, 3)
	assert.Equal(t, "uno/1.0", seen[0].UserAgent)
	assert.Equal(t, "mine", seen[1].UserAgent)
	assert.Equal(t, "uno/1.0", seen[2].UserAgent)
	assert.Equal(t, "Bearer secret_token_value", seen[0].Header.Get("Authorization"))
}

func TestLogsHaveNoSecrets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		f := newFake(status(429, "Retry-After", "2"), reply{err: errReset})
		tr := New(Options{Base: f, Logger: log, MaxAttempts: 2})
		_, _, err := roundTrip(t, tr, request(t, t.Context(), "POST", notion+"/pages", `{"secret_token_value":1}`))
		require.ErrorIs(t, err, ErrOutcomeUnknown)
		out := buf.String()
		assert.NotContains(t, out, "secret")
		assert.NotContains(t, out, "Bearer")
		assert.Contains(t, out, `"op":"create"`)
		assert.Contains(t, out, `"method":"POST"`)
		assert.Contains(t, out, `"path":"/v1/pages"`)
		assert.Contains(t, out, `"status":429`)
		assert.Contains(t, out, `"wait":2000000000`)
		assert.Contains(t, out, `"attempt":2`)
		assert.Equal(t, 3, strings.Count(out, "\n"), "two attempts and one retry")
	})
}

func TestNoPanicOnOddInput(t *testing.T) {
	var zero Transport
	_, err := zero.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
	require.Error(t, err)
	var nilT *Transport
	_, err = nilT.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
	require.Error(t, err)

	tr := New(Options{Base: newFake(status(200))})
	_, err = tr.RoundTrip(nil)
	require.Error(t, err)
	_, err = tr.RoundTrip(&http.Request{Method: "GET"})
	require.Error(t, err)

	nothing := New(Options{Base: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil }), MaxAttempts: 2})
	_, err = nothing.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
	require.Error(t, err)

	noBody := New(Options{Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 204, Header: http.Header{}, Request: r}, nil
	})})
	resp, body, err := roundTrip(t, noBody, request(t, t.Context(), "GET", notion+"/users", ""))
	require.NoError(t, err)
	assert.Equal(t, 204, resp.StatusCode)
	assert.Empty(t, body)

	odd := New(Options{Base: newFake(status(200)), RatePerSecond: 1e-300, Burst: 1 << 62, MaxWait: -1, BaseBackoff: -1, MaxBodyBytes: -1})
	_, _, err = roundTrip(t, odd, request(t, t.Context(), "GET", notion+"/users", ""))
	require.NoError(t, err)
}

func TestRebuildBodyFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(429, "Retry-After", "1"), status(200))
		tr := New(Options{Base: f})
		req := request(t, t.Context(), "POST", notion+"/search", `{}`)
		boom := errors.New("boom")
		req.GetBody = func() (io.ReadCloser, error) { return nil, boom }
		_, err := tr.RoundTrip(req)
		require.ErrorIs(t, err, boom)
		assert.Len(t, f.requests(), 1)
	})
}

func TestConcurrentUse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(status(429, "Retry-After", "1"), status(500), status(200))
		tr := New(Options{Base: f, RatePerSecond: 50, Burst: 5, BaseBackoff: 100 * time.Millisecond})
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Go(func() {
				for i := range 10 {
					method, path := "GET", "/users"
					if (g+i)%2 == 0 {
						method, path = "POST", "/search"
					}
					resp, err := tr.RoundTrip(request(t, t.Context(), method, notion+path, `{"q":1}`))
					if assert.NoError(t, err) {
						_, _ = io.Copy(io.Discard, resp.Body)
						_ = resp.Body.Close()
					}
				}
			})
		}
		wg.Wait()
		assert.GreaterOrEqual(t, len(f.requests()), 160)
	})
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip implements http.RoundTripper.
func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// idleCloser is a base transport that counts CloseIdleConnections.
type idleCloser struct {
	*fakeBase
	closed atomic.Int32
}

func (c *idleCloser) CloseIdleConnections() { c.closed.Add(1) }

func TestCloseEndsRequestsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base := &idleCloser{fakeBase: newFake(reply{block: true})}
		tr := New(Options{Base: base, RatePerSecond: 1, Burst: 1})
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = tr.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
			})
		}
		time.Sleep(1500 * time.Millisecond) // one request in flight, one sent a second later, one waiting
		tr.Close()
		wg.Wait()
		for _, err := range errs {
			assert.ErrorIs(t, err, ErrClosed)
		}
		assert.Len(t, base.requests(), 2)
		assert.Equal(t, int32(1), base.closed.Load(), "idle connections closed")
		_, err := tr.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
		assert.ErrorIs(t, err, ErrClosed)
		assert.Len(t, base.requests(), 2, "nothing is sent after Close")
		tr.Close()
	})
}

func TestCloseErrorIsConfigurable(t *testing.T) {
	errMine := errors.New("mine")
	tr := New(Options{Base: newFake(status(200)), ErrClosed: errMine})
	tr.Close()
	_, err := tr.RoundTrip(request(t, t.Context(), "GET", notion+"/users", ""))
	assert.ErrorIs(t, err, errMine)
}

func TestTokenOnlyToItsHost(t *testing.T) {
	bare := func(url string) *http.Request {
		req := request(t, t.Context(), "GET", url, "")
		req.Header.Del("Authorization")
		return req
	}
	f := newFake(status(200))
	tr := New(Options{Base: f, Token: "secret_token", TokenHost: "api.notion.com"})
	for _, u := range []string{notion + "/users", "https://elsewhere.example/v1/users", "http://api.notion.com/v1/users"} {
		_, _, err := roundTrip(t, tr, bare(u))
		require.NoError(t, err)
	}
	seen := f.requests()
	require.Len(t, seen, 3)
	assert.Equal(t, "Bearer secret_token", seen[0].Header.Get("Authorization"))
	assert.Empty(t, seen[1].Header.Get("Authorization"), "another host never gets the token")
	assert.Empty(t, seen[2].Header.Get("Authorization"), "nor plain HTTP")

	f = newFake(status(200))
	base, err := url.Parse("http://127.0.0.1:8787")
	require.NoError(t, err)
	tr = New(Options{Base: f, Token: "secret_token", BaseURL: base})
	_, _, err = roundTrip(t, tr, bare("https://elsewhere.example/v1/users"))
	require.NoError(t, err)
	assert.Equal(t, "Bearer secret_token", f.requests()[0].Header.Get("Authorization"), "rebased to the base URL")
}
