package uno

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jomei/notionapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// testEnv is an emulator, a session talking to it, and the emulator's root page.
type testEnv struct {
	s    *Session
	srv  *notiontest.Server
	root *Page
}

// count returns how many requests the emulator received whose "METHOD /path" starts with
// prefix (all when prefix is empty).
func (e *testEnv) count(prefix string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if strings.HasPrefix(r.Method+" "+r.Path, prefix) {
			n++
		}
	}
	return n
}

// reset forgets the requests received so far.
func (e *testEnv) reset() { e.srv.ResetRequests() }

// newTestSession starts an emulator and opens a session on it; both are closed when the test
// ends. Sessions are singletons, so tests that call it must not run in parallel.
func newTestSession(t testing.TB, opts ...notiontest.Option) (*Session, *notiontest.Server) {
	env := newTestEnv(t, opts...)
	return env.s, env.srv
}

// newTestEnv is newTestSession with the emulator's root page, and no request counted yet.
func newTestEnv(t testing.TB, srvOpts ...notiontest.Option) *testEnv {
	return openEnv(t, srvOpts)
}

// openEnv is newTestEnv with options of the session added after the base URL and the token.
func openEnv(t testing.TB, srvOpts []notiontest.Option, opts ...Option) *testEnv {
	t.Helper()
	t.Setenv(ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv(TokenEnv, "")
	srv := notiontest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	// Unpaced unless the test asks for pacing: the emulator has no rate limit unless told.
	base := []Option{WithBaseURL(srv.URL), WithToken(srv.Token), WithRateLimit(0, 0)}
	s, err := NewSession(append(base, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	root, err := s.GetPage(context.Background(), srv.RootPageID)
	require.NoError(t, err)
	srv.ResetRequests()
	return &testEnv{s: s, srv: srv, root: root}
}

func TestSingleton(t *testing.T) {
	s, srv := newTestSession(t)
	got, err := GetActive()
	require.NoError(t, err)
	assert.Same(t, s, got)

	_, err = NewSession(WithBaseURL(srv.URL), WithToken(srv.Token))
	assert.ErrorIs(t, err, ErrSessionActive)

	again, err := GetOrCreate(WithToken("ignored"))
	require.NoError(t, err)
	assert.Same(t, s, again)

	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "Close is idempotent")
	assert.True(t, s.IsClosed())
	_, err = GetActive()
	assert.ErrorIs(t, err, ErrNoActiveSession)

	s2, err := GetOrCreate(WithBaseURL(srv.URL), WithToken(srv.Token))
	require.NoError(t, err)
	defer s2.Close()
	assert.NotSame(t, s, s2)
	_, err = s.Whoami(t.Context())
	assert.ErrorIs(t, err, ErrSessionClosed)
	_, err = s2.Whoami(t.Context())
	assert.NoError(t, err)
}

func TestFailedNewSessionLeavesNothing(t *testing.T) {
	t.Setenv(ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv(TokenEnv, "")
	_, err := NewSession()
	require.ErrorIs(t, err, ErrNoToken)
	for _, place := range []string{"WithToken", "config.toml", TokenEnv} {
		assert.Contains(t, err.Error(), place)
	}
	_, err = GetActive()
	assert.ErrorIs(t, err, ErrNoActiveSession)

	_, err = NewSession(WithToken("t"), WithBaseURL("ftp://example.com"))
	assert.Error(t, err)
	_, err = NewSession(WithToken("t"), WithBaseURL("http://example.com"))
	assert.ErrorContains(t, err, "plain HTTP")
	_, err = GetActive()
	assert.ErrorIs(t, err, ErrNoActiveSession)

	s, err := NewSession(WithToken("t"), WithBaseURL("http://example.com"), WithInsecureBaseURL())
	require.NoError(t, err, "insecure base URL allowed explicitly")
	require.NoError(t, s.Close())
}

func TestConcurrentNewSession(t *testing.T) {
	srv := notiontest.NewServer()
	defer srv.Close()
	for round := 0; round < 5; round++ {
		var wg sync.WaitGroup
		var mu sync.Mutex
		var opened []*Session
		var active int
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := NewSession(WithBaseURL(srv.URL), WithToken(srv.Token))
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					opened = append(opened, s)
				} else if errors.Is(err, ErrSessionActive) {
					active++
				}
			}()
		}
		wg.Wait()
		require.Len(t, opened, 1, "exactly one NewSession wins")
		assert.Equal(t, 7, active)
		require.NoError(t, opened[0].Close())
	}
}

func TestTokenSources(t *testing.T) {
	srv := notiontest.NewServer()
	defer srv.Close()
	t.Setenv("HOME", t.TempDir())
	t.Setenv(ConfigEnv, "")

	check := func(t *testing.T, opts ...Option) {
		t.Helper()
		s, err := NewSession(append([]Option{WithBaseURL(srv.URL)}, opts...)...)
		require.NoError(t, err)
		defer s.Close()
		require.NoError(t, s.RaiseForStatus(t.Context()))
	}
	t.Run("env", func(t *testing.T) {
		t.Setenv(TokenEnv, srv.Token)
		check(t)
	})
	t.Run("config file", func(t *testing.T) {
		t.Setenv(TokenEnv, "wrong")
		t.Setenv("UNO_TEST_TOKEN", srv.Token)
		path := filepath.Join(t.TempDir(), "config.toml")
		require.NoError(t, os.WriteFile(path, []byte("[ultimate_notion]\ntoken = \"${env:UNO_TEST_TOKEN}\"\n"), 0o600))
		t.Setenv(ConfigEnv, path)
		check(t)
	})
	t.Run("option beats config and env", func(t *testing.T) {
		t.Setenv(TokenEnv, "wrong")
		check(t, WithConfig(&Config{Token: "also wrong"}), WithToken(srv.Token))
	})
	t.Run("config option", func(t *testing.T) {
		t.Setenv(TokenEnv, "wrong")
		check(t, WithConfig(&Config{Token: srv.Token}))
	})
}

func TestRaiseForStatus(t *testing.T) {
	env := newTestEnv(t)
	require.NoError(t, env.s.RaiseForStatus(t.Context()))
	require.NoError(t, env.s.RaiseForStatus(t.Context()))
	assert.Equal(t, 2, env.count("GET /v1/users/me"), "RaiseForStatus always asks Notion")
	require.NoError(t, env.s.Close())
	assert.ErrorIs(t, env.s.RaiseForStatus(t.Context()), ErrSessionClosed)

	t.Run("bad token", func(t *testing.T) {
		s, err := NewSession(WithBaseURL(env.srv.URL), WithToken("secret_wrong"))
		require.NoError(t, err)
		defer s.Close()
		err = s.RaiseForStatus(t.Context())
		var se *SessionError
		require.ErrorAs(t, err, &se)
		assert.ErrorIs(t, err, ErrUnauthorized)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusUnauthorized, apiErr.Status)
		assert.NotContains(t, err.Error(), "secret_wrong")
	})
	t.Run("unreachable", func(t *testing.T) {
		dead := notiontest.NewServer()
		url := dead.URL
		dead.Close()
		s, err := NewSession(WithBaseURL(url), WithToken("t"))
		require.NoError(t, err)
		defer s.Close()
		err = s.RaiseForStatus(t.Context())
		var se *SessionError
		require.ErrorAs(t, err, &se)
		assert.Contains(t, se.Reason, "cannot reach")
	})
}

func TestSessionNeverPrintsToken(t *testing.T) {
	env := newTestEnv(t)
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		assert.NotContains(t, fmt.Sprintf(format, env.s), env.srv.Token)
	}
}

func TestClientUsesSessionTransport(t *testing.T) {
	env := newTestEnv(t)
	me, err := env.s.Client().User.Me(t.Context())
	require.NoError(t, err)
	assert.NotEmpty(t, me.ID)
	assert.Equal(t, 1, env.count("GET /v1/users/me"), "the raw client goes through the session's transport and base URL")
}

func TestWithClientSuppliesToken(t *testing.T) {
	srv := notiontest.NewServer()
	defer srv.Close()
	t.Setenv(TokenEnv, "wrong")
	t.Setenv("HOME", t.TempDir())
	t.Setenv(ConfigEnv, "")
	raw := notionapi.NewClient(notionapi.Token(srv.Token))
	s, err := NewSession(WithBaseURL(srv.URL), WithClient(raw), WithConfig(&Config{Token: "also wrong"}))
	require.NoError(t, err)
	defer s.Close()
	assert.Same(t, raw, s.Client())
	require.NoError(t, s.RaiseForStatus(t.Context()), "the client's token comes before the config's")
}
