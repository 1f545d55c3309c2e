package notiontest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComments(t *testing.T) {
	srv, c := setup(t)
	page := c.createPage(srv.RootPageID, "Discussed")
	first := c.ok("POST", "/v1/comments", map[string]any{
		"parent": map[string]any{"type": "page_id", "page_id": page}, "rich_text": text("First")})
	for _, k := range []string{"object", "id", "parent", "discussion_id", "created_time", "last_edited_time", "created_by", "rich_text", "display_name", "request_id"} {
		assert.Contains(t, first, k)
	}
	assert.Equal(t, map[string]any{"type": "page_id", "page_id": page}, first["parent"])
	assert.Equal(t, map[string]any{"type": "integration", "resolved_name": "Notion Emulator"}, first["display_name"])
	reply := c.ok("POST", "/v1/comments", map[string]any{"discussion_id": first["discussion_id"], "rich_text": text("Reply")})
	assert.Equal(t, first["discussion_id"], reply["discussion_id"])

	list := c.ok("GET", "/v1/comments?block_id="+page, nil)
	assert.Equal(t, "comment", list["type"])
	got := results(t, list)
	require.Len(t, got, 2)
	assert.Equal(t, first["id"], got[0]["id"])
	assert.Len(t, results(t, c.ok("GET", "/v1/comments?block_id="+page+"&page_size=1", nil)), 1)

	for name, tt := range map[string]struct {
		method, path string
		body         map[string]any
		status       int
	}{
		"no parent":          {"POST", "/v1/comments", map[string]any{"rich_text": text("x")}, 400},
		"missing page":       {"POST", "/v1/comments", map[string]any{"parent": map[string]any{"page_id": "e9f53dc3-80ce-4a97-9424-659ef13a0d2e"}, "rich_text": text("x")}, 404},
		"missing discussion": {"POST", "/v1/comments", map[string]any{"discussion_id": "e9f53dc3-80ce-4a97-9424-659ef13a0d2e", "rich_text": text("x")}, 404},
		"no rich text":       {"POST", "/v1/comments", map[string]any{"parent": map[string]any{"page_id": page}}, 400},
		"no block_id":        {"GET", "/v1/comments", nil, 400},
		"bad block_id":       {"GET", "/v1/comments?block_id=x", nil, 400},
		"missing block":      {"GET", "/v1/comments?block_id=e9f53dc3-80ce-4a97-9424-659ef13a0d2e", nil, 404},
	} {
		r := c.do(tt.method, tt.path, tt.body)
		assert.Equal(t, tt.status, r.status, name)
	}
}
