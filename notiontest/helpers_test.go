package notiontest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// client sends API requests to a test server with its token and Notion-Version.
type client struct {
	t       *testing.T
	srv     *Server
	version string // the Notion-Version header; "" is 2022-06-28
}

// at returns a client of the same server that sends Notion-Version v.
func (c *client) at(v string) *client { return &client{t: c.t, srv: c.srv, version: v} }

// setup starts a server for one test and closes it when the test ends.
func setup(t *testing.T, opts ...Option) (*Server, *client) {
	t.Helper()
	srv := NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv, &client{t: t, srv: srv}
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	body   map[string]any
}

// do sends a request (body is marshalled to JSON unless it is a string or nil) and decodes
// the JSON answer.
func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(c.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.srv.URL+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.srv.Token)
	req.Header.Set("Notion-Version", cmp.Or(c.version, notionVersion))
	req.Header.Set("Content-Type", "application/json")
	return c.send(req)
}

// send sends a prepared request and decodes the JSON answer.
func (c *client) send(req *http.Request) response {
	c.t.Helper()
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	var m map[string]any
	require.NoError(c.t, json.Unmarshal(data, &m), "answer: %s", data)
	return response{status: res.StatusCode, header: res.Header, body: m}
}

// ok sends a request that must succeed and returns its answer.
func (c *client) ok(method, path string, body any) map[string]any {
	c.t.Helper()
	r := c.do(method, path, body)
	require.Equal(c.t, http.StatusOK, r.status, "answer: %v", r.body)
	return r.body
}

// text is a one-item rich text array of a request.
func text(s string) []any {
	return []any{map[string]any{"type": "text", "text": map[string]any{"content": s}}}
}

// createPage creates a page titled title under parent and returns its id.
func (c *client) createPage(parent, title string) string {
	c.t.Helper()
	p := c.ok("POST", "/v1/pages", map[string]any{
		"parent":     map[string]any{"page_id": parent},
		"properties": map[string]any{"title": map[string]any{"title": text(title)}},
	})
	return p["id"].(string)
}

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// newFakeClock returns a clock standing at a fixed moment.
func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 10, 30, 15, 44, 12, 0, time.UTC)}
}

// Now reads the clock.
func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the clock forward.
func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// raw sends a request with the given headers (no defaults) and body.
func (c *client) raw(method, path string, header map[string]string, body string) response {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.srv.URL+path, strings.NewReader(body))
	require.NoError(c.t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return c.send(req)
}

// results returns the results of a list answer.
func results(t *testing.T, list map[string]any) []map[string]any {
	t.Helper()
	raw, ok := list["results"].([]any)
	require.True(t, ok, "not a list: %v", list)
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i], ok = r.(map[string]any)
		require.True(t, ok)
	}
	return out
}

// createDB creates a database under parent with the given properties and returns it.
func (c *client) createDB(parent, title string, props map[string]any) map[string]any {
	c.t.Helper()
	return c.ok("POST", "/v1/databases", map[string]any{
		"parent":     map[string]any{"page_id": parent},
		"title":      text(title),
		"properties": props,
	})
}

// para is a paragraph block of a request.
func para(s string, children ...any) map[string]any {
	content := map[string]any{"rich_text": text(s)}
	if len(children) > 0 {
		content["children"] = children
	}
	return map[string]any{"type": "paragraph", "paragraph": content}
}
