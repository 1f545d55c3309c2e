package notiontest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageKeys are the keys of every page object Notion answers.
var pageKeys = []string{"object", "id", "created_time", "last_edited_time", "created_by", "last_edited_by",
	"cover", "icon", "parent", "archived", "in_trash", "is_locked", "properties", "url", "public_url", "request_id"}

func TestCreateAndGetPage(t *testing.T) {
	srv, c := setup(t)
	p := c.ok("POST", "/v1/pages", map[string]any{
		"parent":     map[string]any{"type": "page_id", "page_id": srv.RootPageID},
		"properties": map[string]any{"title": map[string]any{"type": "title", "title": text("My page: #1")}},
		"icon":       map[string]any{"type": "emoji", "emoji": "🐍"},
		"cover":      map[string]any{"type": "external", "external": map[string]any{"url": "https://example.com/c.png"}},
		"children":   []any{para("first"), para("second")},
	})
	for _, k := range pageKeys {
		assert.Contains(t, p, k)
	}
	id := p["id"].(string)
	assert.Regexp(t, uuidPattern, id)
	assert.Equal(t, "https://www.notion.so/My-page-1-"+compactID(id), p["url"])
	assert.Equal(t, map[string]any{"type": "emoji", "emoji": "🐍"}, p["icon"])
	assert.Equal(t, map[string]any{"object": "user", "id": srv.BotID}, p["created_by"])
	title := p["properties"].(map[string]any)["title"].(map[string]any)
	assert.Equal(t, "title", title["id"])
	item := title["title"].([]any)[0].(map[string]any)
	assert.Equal(t, "My page: #1", item["plain_text"])
	assert.Nil(t, item["href"])
	assert.Equal(t, map[string]any{"bold": false, "italic": false, "strikethrough": false, "underline": false,
		"code": false, "color": "default"}, item["annotations"])

	got := c.ok("GET", "/v1/pages/"+id, nil)
	delete(p, "request_id")
	delete(got, "request_id")
	assert.Equal(t, p, got)

	// The page is a child_page block of its parent, and has its children.
	kids := results(t, c.ok("GET", "/v1/blocks/"+srv.RootPageID+"/children", nil))
	require.Len(t, kids, 1)
	assert.Equal(t, "child_page", kids[0]["type"])
	assert.Equal(t, id, kids[0]["id"])
	assert.Equal(t, map[string]any{"title": "My page: #1"}, kids[0]["child_page"])
	assert.Equal(t, true, kids[0]["has_children"])
	assert.Len(t, results(t, c.ok("GET", "/v1/blocks/"+id+"/children", nil)), 2)
	b := c.ok("GET", "/v1/blocks/"+id, nil)
	assert.Equal(t, "child_page", b["type"])
}

func TestCreatePageErrors(t *testing.T) {
	srv, c := setup(t)
	root := map[string]any{"page_id": srv.RootPageID}
	tests := []struct {
		name   string
		body   map[string]any
		status int
		code   string
	}{
		{"no parent", map[string]any{"properties": map[string]any{}}, 400, "validation_error"},
		{"parent not an object", map[string]any{"parent": "x"}, 400, "validation_error"},
		{"bad parent id", map[string]any{"parent": map[string]any{"page_id": "nope"}}, 400, "validation_error"},
		{"missing parent page", map[string]any{"parent": map[string]any{"page_id": "e9f53dc3-80ce-4a97-9424-659ef13a0d2e"}}, 404, "object_not_found"},
		{"missing parent database", map[string]any{"parent": map[string]any{"database_id": "e9f53dc3-80ce-4a97-9424-659ef13a0d2e"}}, 404, "object_not_found"},
		{"workspace parent", map[string]any{"parent": map[string]any{"type": "workspace", "workspace": true}}, 400, "validation_error"},
		{"other property under a page", map[string]any{"parent": root, "properties": map[string]any{"Tags": text("x")}}, 400, "validation_error"},
		{"title too long", map[string]any{"parent": root, "properties": map[string]any{"title": text(strings.Repeat("x", 2001))}}, 400, "validation_error"},
		{"bad icon", map[string]any{"parent": root, "icon": map[string]any{"type": "emoji"}}, 400, "validation_error"},
		{"bad cover", map[string]any{"parent": root, "cover": map[string]any{"type": "external"}}, 400, "validation_error"},
		{"file upload icon", map[string]any{"parent": root, "icon": map[string]any{"type": "file_upload", "file_upload": map[string]any{"id": "x"}}}, 400, "validation_error"},
		{"bad children", map[string]any{"parent": root, "children": []any{map[string]any{"type": "nope"}}}, 400, "validation_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("POST", "/v1/pages", tt.body)
			assert.Equal(t, tt.status, r.status, "%v", r.body)
			assert.Equal(t, tt.code, r.body["code"])
		})
	}
	assert.Equal(t, 1, srv.PageCount(), "no failed create left a page behind")
}

func TestUpdatePage(t *testing.T) {
	srv, c := setup(t)
	id := c.createPage(srv.RootPageID, "Before")
	p := c.ok("PATCH", "/v1/pages/"+id, map[string]any{
		"properties": map[string]any{"title": map[string]any{"title": text("After")}},
		"icon":       map[string]any{"type": "external", "external": map[string]any{"url": "https://example.com/i.svg"}},
	})
	assert.Equal(t, "https://www.notion.so/After-"+compactID(id), p["url"])
	assert.Equal(t, "external", p["icon"].(map[string]any)["type"])
	b := c.ok("GET", "/v1/blocks/"+id, nil)
	assert.Equal(t, map[string]any{"title": "After"}, b["child_page"])

	p = c.ok("PATCH", "/v1/pages/"+id, map[string]any{"icon": nil})
	assert.Nil(t, p["icon"])
	assert.Equal(t, "https://www.notion.so/After-"+compactID(id), p["url"], "the title stays")
}

func TestTrashPage(t *testing.T) {
	srv, c := setup(t)
	id := c.createPage(srv.RootPageID, "Trash me")
	child := c.createPage(id, "Child")
	for _, key := range []string{"archived", "in_trash"} {
		t.Run(key, func(t *testing.T) {
			p := c.ok("PATCH", "/v1/pages/"+id, map[string]any{key: true})
			assert.Equal(t, true, p["archived"])
			assert.Equal(t, true, p["in_trash"])
			assert.Equal(t, true, c.ok("GET", "/v1/pages/"+child, nil)["in_trash"], "descendants are in the trash too")
			assert.Empty(t, results(t, c.ok("GET", "/v1/blocks/"+srv.RootPageID+"/children", nil)))

			r := c.do("PATCH", "/v1/pages/"+id, map[string]any{"properties": map[string]any{"title": text("x")}})
			assert.Equal(t, 400, r.status)
			assert.Equal(t, "validation_error", r.body["code"])
			assert.Contains(t, r.body["message"], "archived")
			r = c.do("PATCH", "/v1/pages/"+child, map[string]any{"properties": map[string]any{"title": text("x")}})
			assert.Equal(t, 400, r.status)

			p = c.ok("PATCH", "/v1/pages/"+id, map[string]any{key: false, "properties": map[string]any{"title": text("Restored")}})
			assert.Equal(t, false, p["archived"])
			assert.Equal(t, false, p["in_trash"])
			assert.Len(t, results(t, c.ok("GET", "/v1/blocks/"+srv.RootPageID+"/children", nil)), 1)
		})
	}
	r := c.do("PATCH", "/v1/pages/"+id, map[string]any{"archived": "yes"})
	assert.Equal(t, 400, r.status)
}

func TestDeletePageAsBlock(t *testing.T) {
	srv, c := setup(t)
	id := c.createPage(srv.RootPageID, "Block delete")
	b := c.ok("DELETE", "/v1/blocks/"+id, nil)
	assert.Equal(t, "child_page", b["type"])
	assert.Equal(t, true, b["in_trash"])
	assert.Equal(t, true, c.ok("GET", "/v1/pages/"+id, nil)["archived"])
	b = c.ok("PATCH", "/v1/blocks/"+id, map[string]any{"archived": false})
	assert.Equal(t, false, b["in_trash"])
	assert.Equal(t, false, c.ok("GET", "/v1/pages/"+id, nil)["in_trash"])
}

func TestPagePropertyItems(t *testing.T) {
	srv, c := setup(t)
	items := c.createDB(srv.RootPageID, "Items", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	itemsID := items["id"].(string)
	customers := c.createDB(srv.RootPageID, "Customers", map[string]any{
		"Name":  map[string]any{"title": map[string]any{}},
		"Items": map[string]any{"relation": map[string]any{"database_id": itemsID, "single_property": map[string]any{}}},
	})
	var refs []any
	for i := range 30 {
		it := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": itemsID},
			"properties": map[string]any{"Name": text(fmt.Sprintf("Item %d", i))}})
		refs = append(refs, map[string]any{"id": it["id"]})
	}
	cust := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": customers["id"]},
		"properties": map[string]any{"Name": text("Ada"), "Items": map[string]any{"relation": refs}}})
	rel := cust["properties"].(map[string]any)["Items"].(map[string]any)
	assert.Len(t, rel["relation"], 25, "a page lists at most 25 references")
	assert.Equal(t, true, rel["has_more"])

	propID := rel["id"].(string)
	path := "/v1/pages/" + cust["id"].(string) + "/properties/" + propID
	first := c.ok("GET", path+"?page_size=20", nil)
	assert.Equal(t, "property_item", first["type"])
	info := first["property_item"].(map[string]any)
	assert.Equal(t, "relation", info["type"])
	assert.Equal(t, propID, info["id"])
	assert.NotNil(t, info["next_url"])
	got := results(t, first)
	require.Len(t, got, 20)
	assert.Equal(t, map[string]any{"object": "property_item", "type": "relation", "id": propID, "relation": refs[0]}, got[0])
	rest := c.ok("GET", path+"?start_cursor="+first["next_cursor"].(string), nil)
	assert.Len(t, results(t, rest), 10)
	assert.Equal(t, false, rest["has_more"])

	title := c.ok("GET", "/v1/pages/"+cust["id"].(string)+"/properties/title", nil)
	assert.Equal(t, "title", title["property_item"].(map[string]any)["type"])
	assert.Equal(t, "Ada", results(t, title)[0]["title"].(map[string]any)["plain_text"])

	r := c.do("GET", "/v1/pages/"+cust["id"].(string)+"/properties/nope", nil)
	assert.Equal(t, 404, r.status)
}
