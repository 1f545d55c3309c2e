package uno

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// secretToken is the emulator's token in security tests: distinctive enough that any leak shows.
const secretToken = "ntn_SecurityTestToken_5f2c9a0d41b7e3c68a9f"

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of a slog handler.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written.
func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// assertNoToken checks that no rendering of err shows token.
func assertNoToken(t *testing.T, err error, token string) {
	t.Helper()
	require.Error(t, err)
	for _, format := range []string{"%v", "%+v", "%#v", "%q"} {
		assert.NotContains(t, fmt.Sprintf(format, err), token, "format %s of %v", format, err)
	}
}

func TestSecurityTokenNotInErrors(t *testing.T) {
	env := openEnv(t, []notiontest.Option{notiontest.WithToken(secretToken)})
	ctx := t.Context()

	t.Run("5xx and dropped creates", func(t *testing.T) {
		for _, f := range []notiontest.Fault{
			{Status: 500},
			{Status: 502, Body: "<html>Bad gateway</html>", Header: htmlHeader},
			{Drop: notiontest.DropAfterApply},
			{Status: 400},
		} {
			f.Method, f.Path, f.Times = "POST", "/v1/pages", 1
			env.srv.InjectFault(f)
			_, err := env.s.CreatePage(ctx, env.root, "x")
			assertNoToken(t, err, secretToken)
		}
	})
	t.Run("an error page that echoes the request", func(t *testing.T) {
		env.srv.InjectFault(notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Times: 5, Status: 502, Header: htmlHeader,
			Body: "<html><pre>GET /v1/pages\nAuthorization: Bearer " + secretToken + "\n</pre></html>"})
		_, err := env.s.GetPage(ctx, env.root.ID().String(), NoCache())
		assertNoToken(t, err, secretToken)
		assert.ErrorContains(t, err, "Authorization: Bearer")
	})
	t.Run("rejected token", func(t *testing.T) {
		const wrong = "ntn_RejectedTokenThatMustNotLeak_0123456789"
		require.NoError(t, env.s.Close())
		s, err := NewSession(WithBaseURL(env.srv.URL), WithToken(wrong))
		require.NoError(t, err)
		defer s.Close()
		_, err = s.GetPage(ctx, env.root.ID().String())
		assertNoToken(t, err, wrong)
		err = s.RaiseForStatus(ctx)
		assert.ErrorIs(t, err, ErrUnauthorized)
		assertNoToken(t, err, wrong)
	})
	t.Run("unreachable server", func(t *testing.T) {
		dead := notiontest.NewServer(notiontest.WithToken(secretToken))
		dead.Close()
		s, err := NewSession(WithBaseURL(dead.URL), WithToken(secretToken))
		require.NoError(t, err)
		defer s.Close()
		dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err = s.Whoami(dctx)
		assertNoToken(t, err, secretToken)
		err = s.RaiseForStatus(dctx)
		assertNoToken(t, err, secretToken)
	})
}

func TestSecurityTokenNotInErrorsOfFakeFailures(t *testing.T) {
	for name, a := range map[string]fakeAnswer{
		"rate limited":       rateLimited("1"),
		"huge body":          {status: 200, endless: true},
		"body cut midway":    {status: 200, body: fakePage[:30], cut: true},
		"transport failure":  {err: errors.New("connection reset by peer")},
		"echoing error page": {status: 503, body: "Authorization: Bearer " + fakeToken},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := openFake(t, newFakeNotion(a))
				ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // a 429 is retried until then
				defer cancel()
				_, err := s.GetPage(ctx, fakePageID)
				assertNoToken(t, err, fakeToken)
			})
		})
	}
}

func TestSecurityDebugLogHasNoToken(t *testing.T) {
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := openEnv(t, []notiontest.Option{notiontest.WithToken(secretToken)}, WithLogger(logger))
	ctx := t.Context()
	env.srv.InjectFault(notiontest.Fault{Method: "GET", Path: "/v1/users/me", Times: 1, Status: 503})
	env.srv.InjectFault(notiontest.Fault{Method: "POST", Path: "/v1/pages", Times: 1, Status: 429, Header: http.Header{"Retry-After": {"0"}}})

	_, err := env.s.Whoami(ctx)
	require.NoError(t, err)
	_, err = env.s.CreatePage(ctx, env.root, "logged")
	require.NoError(t, err)
	_, err = env.s.SearchPage(ctx, "logged")
	require.NoError(t, err)
	_, err = env.s.GetPage(ctx, "0f8fad5b-d9cb-469f-a165-70867728950e")
	require.ErrorIs(t, err, ErrNotFound)
	_, err = env.s.Client().User.Me(ctx)
	require.NoError(t, err)

	out := logs.String()
	assert.Contains(t, out, "level=DEBUG")
	assert.Contains(t, out, "notion request")
	assert.Contains(t, out, "notion retry")
	assert.Contains(t, out, "status=404")
	assert.NotContains(t, out, secretToken)
	assert.NotContains(t, out, "Bearer")
}

func TestSecurityFormattingHidesToken(t *testing.T) {
	t.Setenv(ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	cfg := &Config{Token: secretToken, Path: "/etc/uno/config.toml", Debug: true}
	s, err := NewSession(WithConfig(cfg), WithBaseURL("http://127.0.0.1:1"))
	require.NoError(t, err)
	defer s.Close()

	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%o", "%20v", "%-8s", "%T"} {
		for _, v := range []any{s, cfg, *cfg} {
			out := fmt.Sprintf(format, v)
			assert.NotContains(t, out, secretToken, "format %s of %T", format, v)
		}
	}
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", s, cfg, []any{s, cfg}), secretToken)
	assert.Contains(t, fmt.Sprintf("%+v", cfg), "Token: set")

	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("state", "session", s, "config", cfg, "value", *cfg)
	assert.NotContains(t, buf.String(), secretToken)
}

func TestSecurityBaseURL(t *testing.T) {
	t.Setenv(ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://api.notion.com", true},
		{"https://proxy.example.com/notion/", true},
		{"http://127.0.0.1:8787", true},
		{"http://127.9.8.7:8787", true},
		{"http://localhost:8787", true},
		{"http://LOCALHOST:8787", true},
		{"http://[::1]:8787", true},
		{"http://[::1]", true},
		{"http://example.com", false},
		{"http://example.com:443", false},
		{"http://10.0.0.1:8787", false},
		{"http://0.0.0.0:8787", false},
		{"http://localhost.example.com", false},
		{"http://127.0.0.1.nip.io", false},
		{"http://[::2]:8787", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8787", false},
		{"https://user:pass@api.notion.com", false},
		{"https://api.notion.com?token=x", false},
		{"", false},
	} {
		t.Run(tc.url, func(t *testing.T) {
			s, err := NewSession(WithToken("t"), WithConfig(&Config{}), WithBaseURL(tc.url))
			if !tc.ok {
				assert.Error(t, err)
				assert.Nil(t, s)
				return
			}
			require.NoError(t, err)
			require.NoError(t, s.Close())
		})
	}
}

func TestSecurityReadableConfigWarnsOnOpen(t *testing.T) {
	srv := notiontest.NewServer(notiontest.WithToken(secretToken))
	defer srv.Close()
	t.Setenv(TokenEnv, "")
	t.Setenv("UNO_SECURITY_TOKEN", secretToken)
	for _, tc := range []struct {
		name  string
		token string
		mode  os.FileMode
		warn  bool
	}{
		{"literal token readable by others", secretToken, 0o644, true},
		{"literal token private", secretToken, 0o600, false},
		{"token from the environment", "${env:UNO_SECURITY_TOKEN}", 0o644, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			require.NoError(t, os.WriteFile(path, []byte("[ultimate_notion]\ntoken = \""+tc.token+"\"\n"), 0o600))
			require.NoError(t, os.Chmod(path, tc.mode))
			t.Setenv(ConfigEnv, path)
			var logs lockedBuffer
			s, err := NewSession(WithBaseURL(srv.URL), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			require.NoError(t, err)
			defer s.Close()
			require.NoError(t, s.RaiseForStatus(t.Context()), "the token came from the file")
			out := logs.String()
			assert.Equal(t, tc.warn, strings.Contains(out, "level=WARN"), out)
			if tc.warn {
				assert.Contains(t, out, path)
			}
			assert.NotContains(t, out, secretToken)
		})
	}
}
