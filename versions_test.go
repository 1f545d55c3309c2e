package uno

import (
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/jomei/notionapi"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// versionEnv names the environment variable that makes this test binary open its sessions at
// another Notion API version than NotionVersion.
const versionEnv = "UNO_TEST_NOTION_VERSION"

func TestMain(m *testing.M) {
	if v := os.Getenv(versionEnv); v != "" {
		if !knownVersion(v) {
			panic(versionEnv + ": unknown Notion API version " + v)
		}
		defaultVersion = v
	}
	os.Exit(m.Run())
}

// versionIndependent matches the tests that TestSuiteAtEachVersion leaves out: the transport's
// (retries, pacing, timeouts, secrets in errors), which speaks no version, and the decoding of
// recordings, which run each at the version it was recorded at.
// Tests that choose their versions themselves are left out too.
const versionIndependent = "^(TestSuiteAtEachVersion|TestResilience.*|TestSecurity.*|TestRaiseForStatus|TestThroughput.*|" +
	"TestDecode.*|TestRecorded.*|TestUpload.*|TestImportURL|TestRequestCountRecordedFlows2026|TestReadmeDataSources|" +
	"TestDataSource.*|TestDatabaseWithSeveralDataSources|TestWithNotionVersion|TestVersionHeaderSent|TestWithClientVersion|" +
	"TestBaseURLFromEnvironment)$"

// versionRunOptions are added to the sessions the tests open in a run at another version:
// no pacing, which the main run tests, so that the run takes seconds.
func versionRunOptions() []Option {
	if os.Getenv(versionEnv) == "" {
		return nil
	}
	return []Option{WithRateLimit(0, 0)}
}

// TestSuiteAtEachVersion runs the session tests again at every other Notion API version,
// in a child process of this test binary, so that every flow is checked at every version.
func TestSuiteAtEachVersion(t *testing.T) {
	if os.Getenv(versionEnv) != "" {
		t.Skip("already running at one version")
	}
	if testing.Short() {
		t.Skip("short mode")
	}
	for _, v := range []string{Version2022, Version2025, Version2026} {
		if v == NotionVersion {
			continue
		}
		t.Run(v, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run", "^Test", "-test.skip", versionIndependent, "-test.count=1")
			cmd.Env = append(os.Environ(), versionEnv+"="+v)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "tests at %s:\n%s", v, out)
			assert.True(t, strings.HasSuffix(strings.TrimSpace(string(out)), "PASS"), "tests at %s:\n%s", v, out)
		})
	}
}

func TestWithNotionVersion(t *testing.T) {
	t.Setenv(ConfigEnv, "")
	t.Setenv(BaseURLEnv, "")
	for _, v := range []string{Version2022, Version2025, Version2026} {
		s, err := NewSession(WithToken("t"), WithNotionVersion(v))
		require.NoError(t, err)
		assert.Equal(t, v, s.NotionVersion())
		require.NoError(t, s.Close())
	}
	for _, v := range []string{"", "2021-08-16", "2026-03-11 ", "latest"} {
		_, err := NewSession(WithToken("t"), WithNotionVersion(v))
		assert.ErrorIs(t, err, ErrUnsupportedVersion, "version %q", v)
	}
	assert.Equal(t, Version2026, NotionVersion)
}

// recordingTransport answers every request with a bot user and keeps the last request's
// Notion-Version header.
type recordingTransport struct {
	mu      sync.Mutex
	version string
	host    string
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.version = req.Header.Get("Notion-Version")
	rt.host = req.URL.Host
	rt.mu.Unlock()
	body := `{"object":"user","id":"00000000-0000-4000-8000-0000000000f1","type":"bot","bot":{}}`
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
}

func TestVersionHeaderSent(t *testing.T) {
	t.Setenv(ConfigEnv, "")
	t.Setenv(BaseURLEnv, "")
	for _, v := range []string{Version2022, Version2025, Version2026} {
		rt := &recordingTransport{}
		s, err := NewSession(WithToken("t"), WithNotionVersion(v), WithHTTPClient(&http.Client{Transport: rt}), WithRateLimit(0, 0))
		require.NoError(t, err)
		_, err = s.Whoami(t.Context())
		require.NoError(t, err)
		assert.Equal(t, v, rt.version)
		require.NoError(t, s.Close())
	}
}

func TestWithClientVersion(t *testing.T) {
	t.Setenv(ConfigEnv, "")
	t.Setenv(BaseURLEnv, "")
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, nil))

	raw := notionapi.NewClient("secret_raw", notionapi.WithVersion(Version2025))
	s, err := NewSession(WithClient(raw), WithNotionVersion(Version2025), WithLogger(logger))
	require.NoError(t, err)
	assert.Same(t, raw, s.Client())
	assert.Empty(t, logs.String(), "same version: no warning")
	require.NoError(t, s.Close())

	s, err = NewSession(WithClient(raw), WithNotionVersion(Version2026), WithLogger(logger))
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "client_version="+Version2025)
	assert.Contains(t, logs.String(), "session_version="+Version2026)
	require.NoError(t, s.Close())

	odd := notionapi.NewClient("secret_raw", notionapi.WithVersion("2030-01-01"))
	_, err = NewSession(WithClient(odd), WithLogger(logger))
	assert.ErrorIs(t, err, ErrUnsupportedVersion)
	assert.Equal(t, Version2022, clientVersion(notionapi.NewClient("t")), "jomei's own version is read")
}

func TestBaseURLFromEnvironment(t *testing.T) {
	t.Setenv(ConfigEnv, "")
	srv := notiontest.NewServer()
	t.Cleanup(srv.Close)
	t.Setenv(BaseURLEnv, srv.URL)
	t.Setenv(TokenEnv, srv.Token)
	s, err := NewSession()
	require.NoError(t, err)
	root, err := s.GetPage(t.Context(), srv.RootPageID)
	require.NoError(t, err, "NOTION_BASE_URL names the emulator")
	assert.Equal(t, "Tests", root.Title())
	require.NoError(t, s.Close())

	for _, far := range []string{"http://example.com", "https://api.example.com", "not a url", "ftp://127.0.0.1"} {
		t.Setenv(BaseURLEnv, far)
		var logs strings.Builder
		rt := &recordingTransport{}
		s, err := NewSession(WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), WithHTTPClient(&http.Client{Transport: rt}))
		require.NoError(t, err, far)
		assert.Contains(t, logs.String(), "ignoring "+BaseURLEnv, far)
		_, err = s.Whoami(t.Context())
		require.NoError(t, err)
		assert.Equal(t, "api.notion.com", rt.host, "%s is not honoured", far)
		require.NoError(t, s.Close())
	}
}

// Version-aware expectations for tests that count requests: from 2025-09-03 on, properties
// live on data sources, so schema changes go to PATCH /v1/data_sources and a new database's
// data source is read once.

// schemaPatchPrefix is the request prefix of schema changes at the session's version; with a
// database, of that database's.
func (e *testEnv) schemaPatchPrefix(db *Database) string {
	if !e.s.hasDataSources() {
		if db == nil {
			return "PATCH /v1/databases"
		}
		return "PATCH /v1/databases/" + db.ID().String()
	}
	if db == nil {
		return "PATCH /v1/data_sources"
	}
	return "PATCH /v1/data_sources/" + db.latest().sources[0].ID.String()
}

// schemaPatches counts the schema changes sent, of db's or of all databases (db nil).
func (e *testEnv) schemaPatches(db *Database) int { return e.count(e.schemaPatchPrefix(db)) }

// queryPrefix is the request prefix of db's query.
func (e *testEnv) queryPrefix(db *Database) string {
	if !e.s.hasDataSources() {
		return "POST /v1/databases/" + db.ID().String() + "/query"
	}
	return "POST /v1/data_sources/" + db.latest().sources[0].ID.String() + "/query"
}

// withoutSourceReads counts the requests other than data source reads.
func (e *testEnv) withoutSourceReads() int { return e.count("") - e.count("GET /v1/data_sources") }
