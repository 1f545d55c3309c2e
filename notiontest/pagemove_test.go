package notiontest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMovePage(t *testing.T) {
	srv, c := setup(t)
	a := c.createPage(srv.RootPageID, "A")
	b := c.createPage(srv.RootPageID, "B")
	moved := c.ok("POST", "/v1/pages/"+b+"/move", map[string]any{"parent": map[string]any{"page_id": a}})
	assert.Equal(t, map[string]any{"type": "page_id", "page_id": a}, moved["parent"])
	kids := results(t, c.ok("GET", "/v1/blocks/"+a+"/children", nil))
	require.Len(t, kids, 1)
	assert.Equal(t, b, kids[0]["id"])
	for _, k := range results(t, c.ok("GET", "/v1/blocks/"+srv.RootPageID+"/children", nil)) {
		assert.NotEqual(t, b, k["id"], "the page left its old parent")
	}

	r := c.do("POST", "/v1/pages/"+a+"/move", map[string]any{"parent": map[string]any{"page_id": b}})
	assert.Equal(t, http.StatusBadRequest, r.status, "a page cannot move below itself")
	r = c.do("POST", "/v1/pages/"+a+"/move", map[string]any{"parent": map[string]any{"type": "workspace", "workspace": true}})
	assert.Equal(t, http.StatusBadRequest, r.status)

	// Into a data source: the title and the values of same-named properties go along.
	db := c.createDB(srv.RootPageID, "Tasks", map[string]any{"Name": map[string]any{"title": map[string]any{}}, "Note": map[string]any{"rich_text": map[string]any{}}})
	row := c.ok("POST", "/v1/pages/"+b+"/move", map[string]any{"parent": map[string]any{"database_id": db["id"]}})
	assert.Equal(t, "B", titleOf(t, row))
	assert.Contains(t, row["properties"], "Note")
	rows := results(t, c.ok("POST", "/v1/databases/"+db["id"].(string)+"/query", nil))
	require.Len(t, rows, 1)
	assert.Equal(t, b, rows[0]["id"])
	assert.Empty(t, results(t, c.ok("GET", "/v1/blocks/"+a+"/children", nil)))

	// And back out under a page: only the title stays.
	back := c.ok("POST", "/v1/pages/"+b+"/move", map[string]any{"parent": map[string]any{"page_id": a}})
	assert.Equal(t, "B", titleOf(t, back))
	assert.Len(t, back["properties"], 1)
	assert.Empty(t, results(t, c.ok("POST", "/v1/databases/"+db["id"].(string)+"/query", nil)))
}

func TestCommentByID(t *testing.T) {
	srv, c := setup(t)
	cm := c.ok("POST", "/v1/comments", map[string]any{"parent": map[string]any{"page_id": srv.RootPageID}, "rich_text": text("first")})
	id := cm["id"].(string)
	got := c.ok("GET", "/v1/comments/"+id, nil)
	assert.Equal(t, cm["rich_text"], got["rich_text"])

	up := c.ok("PATCH", "/v1/comments/"+id, map[string]any{"markdown": "**now** bold"})
	rt := up["rich_text"].([]any)
	require.Len(t, rt, 2)
	assert.Equal(t, "now", rt[0].(map[string]any)["plain_text"])
	assert.Equal(t, true, rt[0].(map[string]any)["annotations"].(map[string]any)["bold"])
	r := c.do("PATCH", "/v1/comments/"+id, map[string]any{"markdown": "x", "rich_text": text("y")})
	assert.Equal(t, http.StatusBadRequest, r.status, "rich_text and markdown are exclusive")

	reply := c.ok("POST", "/v1/comments", map[string]any{"discussion_id": cm["discussion_id"], "markdown": "a *reply*"})
	c.ok("DELETE", "/v1/comments/"+id, nil)
	r = c.do("GET", "/v1/comments/"+id, nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	list := results(t, c.ok("GET", "/v1/comments?block_id="+srv.RootPageID, nil))
	require.Len(t, list, 1)
	assert.Equal(t, reply["id"], list[0]["id"])
	r = c.do("DELETE", "/v1/comments/"+newUUID(), nil)
	assert.Equal(t, http.StatusNotFound, r.status)
}

func TestCustomEmojisAndFilterProperties(t *testing.T) {
	srv, c := setup(t)
	emojis := c.ok("GET", "/v1/custom_emojis", nil)
	assert.Equal(t, "custom_emoji", emojis["type"])
	assert.Empty(t, results(t, emojis))
	assert.Equal(t, false, emojis["has_more"])

	db := c.createDB(srv.RootPageID, "Props", map[string]any{"Name": map[string]any{"title": map[string]any{}},
		"A": map[string]any{"rich_text": map[string]any{}}, "B": map[string]any{"number": map[string]any{}}})
	row := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": db["id"]}, "properties": map[string]any{}})
	aID := db["properties"].(map[string]any)["A"].(map[string]any)["id"].(string)
	got := c.ok("GET", "/v1/pages/"+row["id"].(string)+"?filter_properties="+aID, nil)
	props := got["properties"].(map[string]any)
	assert.Len(t, props, 1)
	assert.Contains(t, props, "A")
	assert.Len(t, c.ok("GET", "/v1/pages/"+row["id"].(string), nil)["properties"], 3)
}

func TestPageUpdateExtras(t *testing.T) {
	srv, c := setup(t)
	page := c.ok("POST", "/v1/pages", map[string]any{
		"parent":     map[string]any{"page_id": srv.RootPageID},
		"properties": map[string]any{"title": map[string]any{"title": text("Extras")}},
		"content":    []any{para("one"), para("two")},
	})
	id := page["id"].(string)
	require.Len(t, results(t, c.ok("GET", "/v1/blocks/"+id+"/children", nil)), 2, "content is read as children")

	got := c.ok("PATCH", "/v1/pages/"+id, map[string]any{"is_locked": true, "erase_content": true})
	assert.Equal(t, true, got["is_locked"])
	assert.Equal(t, true, c.ok("GET", "/v1/pages/"+id, nil)["is_locked"])
	assert.Empty(t, results(t, c.ok("GET", "/v1/blocks/"+id+"/children", nil)), "erase_content trashes the blocks")

	r := c.do("PATCH", "/v1/pages/"+id, map[string]any{"is_locked": "yes"})
	assert.Equal(t, http.StatusBadRequest, r.status)
	got = c.ok("PATCH", "/v1/pages/"+id, map[string]any{"is_archived": true})
	assert.Equal(t, true, got["in_trash"])
}
