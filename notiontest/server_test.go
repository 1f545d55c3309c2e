package notiontest

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestPipelineErrors(t *testing.T) {
	srv, c := setup(t)
	good := map[string]string{"Authorization": "Bearer " + srv.Token, "Notion-Version": notionVersion}
	tests := []struct {
		name    string
		method  string
		path    string
		header  map[string]string
		body    string
		status  int
		code    string
		message string
	}{
		{"no token", "GET", "/v1/users/me", map[string]string{"Notion-Version": notionVersion}, "", 401, "unauthorized", "API token is invalid."},
		{"wrong token", "GET", "/v1/users/me", map[string]string{"Authorization": "Bearer nope", "Notion-Version": notionVersion}, "", 401, "unauthorized", ""},
		{"no version", "GET", "/v1/users/me", map[string]string{"Authorization": "Bearer " + srv.Token}, "", 400, "missing_version", ""},
		{"other version", "GET", "/v1/users/me", map[string]string{"Authorization": "Bearer " + srv.Token, "Notion-Version": "2024-01-01"}, "", 400, "validation_error", ""},
		{"not json", "POST", "/v1/search", good, "{nope", 400, "invalid_json", "Error parsing JSON body."},
		{"trailing garbage", "POST", "/v1/search", good, "{} x", 400, "invalid_json", ""},
		{"array body", "POST", "/v1/search", good, "[]", 400, "validation_error", ""},
		{"unknown url", "GET", "/v1/nothing", good, "", 400, "invalid_request_url", "Invalid request URL."},
		{"wrong method", "DELETE", "/v1/pages/" + srv.RootPageID, good, "", 400, "invalid_request_url", ""},
		{"views", "POST", "/v1/views", good, "{}", 501, "not_implemented", ""},
		{"data sources at 2022-06-28", "GET", "/v1/data_sources/" + srv.RootPageID, good, "", 400, "invalid_request_url", "Invalid request URL."},
		{"oauth", "POST", "/v1/oauth/token", good, "{}", 501, "not_implemented", ""},
		{"bad page id", "GET", "/v1/pages/12345678-1234-1234-1234-123456789abc", good, "", 400, "validation_error",
			"path failed validation: path.page_id should be a valid uuid, instead was `\"12345678-1234-1234-1234-123456789abc\"`."},
		{"bad block id", "GET", "/v1/blocks/xyz/children", good, "", 400, "validation_error",
			"path failed validation: path.block_id should be a valid uuid, instead was `\"xyz\"`."},
		{"missing page", "GET", "/v1/pages/e9f53dc3-80ce-4a97-9424-659ef13a0d2e", good, "", 404, "object_not_found",
			"Could not find page with ID: e9f53dc3-80ce-4a97-9424-659ef13a0d2e. Make sure the relevant pages and databases are shared with your integration."},
		{"missing database", "GET", "/v1/databases/e9f53dc380ce4a979424659ef13a0d2e", good, "", 404, "object_not_found", ""},
		{"page_size too big", "GET", "/v1/users?page_size=101", good, "", 400, "validation_error",
			"query failed validation: query.page_size should be ≤ `100`, instead was `101`."},
		{"page_size zero", "POST", "/v1/search", good, `{"page_size":0}`, 400, "validation_error", ""},
		{"page_size not a number", "GET", "/v1/users?page_size=abc", good, "", 400, "validation_error", ""},
		{"bad cursor", "GET", "/v1/users?start_cursor=nope", good, "", 400, "validation_error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.raw(tt.method, tt.path, tt.header, tt.body)
			assert.Equal(t, tt.status, r.status)
			assert.Equal(t, "error", r.body["object"])
			assert.EqualValues(t, tt.status, r.body["status"])
			assert.Equal(t, tt.code, r.body["code"])
			if tt.message != "" {
				assert.Equal(t, tt.message, r.body["message"])
			}
			assert.Regexp(t, uuidPattern, r.body["request_id"])
		})
	}
}

func TestRequestIDOnEveryAnswer(t *testing.T) {
	_, c := setup(t)
	a := c.ok("GET", "/v1/users/me", nil)
	b := c.ok("GET", "/v1/users/me", nil)
	assert.Regexp(t, uuidPattern, a["request_id"])
	assert.NotEqual(t, a["request_id"], b["request_id"])
}

func TestIDsWithoutDashesAndUpperCase(t *testing.T) {
	srv, c := setup(t)
	id := c.createPage(srv.RootPageID, "Dashes")
	for _, form := range []string{compactID(id), regexp.MustCompile(`[a-f]`).ReplaceAllStringFunc(id, func(s string) string { return string(s[0] - 32) })} {
		p := c.ok("GET", "/v1/pages/"+form, nil)
		assert.Equal(t, id, p["id"])
	}
	// In bodies too.
	child := c.ok("POST", "/v1/pages", map[string]any{
		"parent":     map[string]any{"page_id": compactID(id)},
		"properties": map[string]any{"title": text("Child")},
	})
	assert.Equal(t, map[string]any{"type": "page_id", "page_id": id}, child["parent"])
}

func TestEmptyBodyIsAnEmptyObject(t *testing.T) {
	srv, c := setup(t)
	r := c.raw("POST", "/v1/search", map[string]string{"Authorization": "Bearer " + srv.Token, "Notion-Version": notionVersion}, "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "list", r.body["object"])
}

func TestWithToken(t *testing.T) {
	srv, c := setup(t, WithToken("secret_abc"))
	assert.Equal(t, "secret_abc", srv.Token)
	c.ok("GET", "/v1/users/me", nil)
}

func TestTimestampsAreTruncatedToTheMinute(t *testing.T) {
	clock := newFakeClock()
	srv, c := setup(t, WithClock(clock.Now))
	p := c.ok("GET", "/v1/pages/"+c.createPage(srv.RootPageID, "Time"), nil)
	assert.Equal(t, "2025-10-30T15:44:00.000Z", p["created_time"])
	assert.Equal(t, "2025-10-30T15:44:00.000Z", p["last_edited_time"])
}

func TestConcurrentClients(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Concurrent", map[string]any{"Name": map[string]any{"title": map[string]any{}}})["id"].(string)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 10 {
				p := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": db},
					"properties": map[string]any{"Name": text(fmt.Sprintf("w%d-%d", w, i))}})
				c.ok("PATCH", "/v1/blocks/"+p["id"].(string)+"/children", map[string]any{"children": []any{para("x")}})
				c.ok("POST", "/v1/search", map[string]any{"query": "w"})
				c.ok("POST", "/v1/databases/"+db+"/query", map[string]any{"page_size": 5})
				_, _ = srv.Object(p["id"].(string))
			}
		})
	}
	wg.Wait()
	assert.Len(t, results(t, c.ok("POST", "/v1/databases/"+db+"/query", map[string]any{})), 80)
	assert.Equal(t, 81, srv.PageCount())
}

func TestObject(t *testing.T) {
	srv, c := setup(t)
	id := c.createPage(srv.RootPageID, "Inspect")
	obj, ok := srv.Object(compactID(id))
	require.True(t, ok)
	assert.Equal(t, "page", obj["object"])
	assert.NotContains(t, obj, "request_id")
	obj["object"] = "changed"
	again, _ := srv.Object(id)
	assert.Equal(t, "page", again["object"], "Object answers a copy")
	_, ok = srv.Object("nope")
	assert.False(t, ok)
	added := srv.AddPage("Workspace page")
	p := c.ok("GET", "/v1/pages/"+added, nil)
	assert.Equal(t, map[string]any{"type": "workspace", "workspace": true}, p["parent"])
}

func TestSlowHeadersDisconnected(t *testing.T) {
	srv, c := setup(t, WithReadHeaderTimeout(50*time.Millisecond))
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("GET /v1/users/me HTTP/1.1\r\nHost: x\r\n"))
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	// The headers never end: the server gives up on them and closes the connection.
	_, err = io.ReadAll(conn)
	require.NoError(t, err, "the server closed the connection before the client's deadline")
	c.ok("GET", "/v1/users/me", nil)
}
