package notiontest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBlockTypesNormalize(t *testing.T) {
	srv, c := setup(t)
	page := c.createPage(srv.RootPageID, "Blocks")
	rt := text("x")
	tests := []struct {
		typ     string
		request map[string]any
		want    map[string]any // keys of the answered content, with the values to check (nil: only present)
	}{
		{"paragraph", map[string]any{"rich_text": rt}, map[string]any{"rich_text": nil, "color": "default", "icon": nil}},
		{"bulleted_list_item", map[string]any{"rich_text": rt, "color": "red"}, map[string]any{"rich_text": nil, "color": "red"}},
		{"numbered_list_item", map[string]any{"rich_text": rt}, map[string]any{"rich_text": nil, "color": "default"}},
		{"quote", map[string]any{"rich_text": rt}, map[string]any{"rich_text": nil, "color": "default"}},
		{"toggle", map[string]any{"rich_text": rt}, map[string]any{"rich_text": nil, "color": "default"}},
		{"heading_1", map[string]any{"rich_text": rt}, map[string]any{"rich_text": nil, "color": "default", "is_toggleable": false}},
		{"heading_2", map[string]any{"rich_text": rt, "is_toggleable": true}, map[string]any{"rich_text": nil, "color": "default", "is_toggleable": true}},
		{"heading_3", map[string]any{"rich_text": rt}, map[string]any{"rich_text": nil, "color": "default", "is_toggleable": false}},
		{"to_do", map[string]any{"rich_text": rt}, map[string]any{"rich_text": nil, "color": "default", "checked": false}},
		{"callout", map[string]any{"rich_text": rt, "icon": map[string]any{"emoji": "💡"}}, map[string]any{"rich_text": nil, "color": "default", "icon": map[string]any{"type": "emoji", "emoji": "💡"}}},
		{"code", map[string]any{"rich_text": rt, "language": "python"}, map[string]any{"rich_text": nil, "caption": []any{}, "language": "python"}},
		{"equation", map[string]any{"expression": "E=mc^2"}, map[string]any{"expression": "E=mc^2"}},
		{"divider", map[string]any{}, map[string]any{}},
		{"breadcrumb", map[string]any{}, map[string]any{}},
		{"table_of_contents", map[string]any{}, map[string]any{"color": "default"}},
		{"bookmark", map[string]any{"url": "https://example.com"}, map[string]any{"url": "https://example.com", "caption": []any{}}},
		{"embed", map[string]any{"url": "https://example.com"}, map[string]any{"url": "https://example.com", "caption": []any{}}},
		{"image", map[string]any{"type": "external", "external": map[string]any{"url": "https://example.com/a.png"}},
			map[string]any{"type": "external", "external": map[string]any{"url": "https://example.com/a.png"}, "caption": []any{}}},
		{"video", map[string]any{"external": map[string]any{"url": "https://example.com/a.mp4"}}, map[string]any{"type": "external", "external": nil, "caption": []any{}}},
		{"pdf", map[string]any{"external": map[string]any{"url": "https://example.com/a.pdf"}}, map[string]any{"type": "external", "external": nil, "caption": []any{}}},
		{"audio", map[string]any{"external": map[string]any{"url": "https://example.com/a.mp3"}}, map[string]any{"type": "external", "external": nil, "caption": []any{}}},
		{"file", map[string]any{"external": map[string]any{"url": "https://example.com/dir/robots.txt?x=1"}},
			map[string]any{"type": "external", "external": nil, "caption": []any{}, "name": "robots.txt"}},
		{"link_to_page", map[string]any{"type": "page_id", "page_id": compactID(srv.RootPageID)}, map[string]any{"type": "page_id", "page_id": srv.RootPageID}},
		{"synced_block", map[string]any{"synced_from": nil}, map[string]any{"synced_from": nil}},
		{"template", map[string]any{"rich_text": rt}, map[string]any{"rich_text": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			list := c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{
				map[string]any{"object": "block", "type": tt.typ, tt.typ: tt.request},
			}})
			got := results(t, list)
			require.Len(t, got, 1)
			b := got[0]
			for _, k := range []string{"object", "id", "parent", "created_time", "last_edited_time", "created_by", "last_edited_by", "has_children", "archived", "in_trash", "type"} {
				assert.Contains(t, b, k)
			}
			assert.Equal(t, tt.typ, b["type"])
			content := b[tt.typ].(map[string]any)
			assert.Len(t, content, len(tt.want), "content %v", content)
			for k, v := range tt.want {
				require.Contains(t, content, k)
				if v != nil {
					assert.Equal(t, v, content[k], k)
				}
			}
		})
	}
}

func TestAppendStructuredBlocks(t *testing.T) {
	srv, c := setup(t)
	page := c.createPage(srv.RootPageID, "Structures")
	row := func(cells ...string) map[string]any {
		var cs []any
		for _, s := range cells {
			cs = append(cs, text(s))
		}
		return map[string]any{"type": "table_row", "table_row": map[string]any{"cells": cs}}
	}
	list := c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{
		map[string]any{"type": "table", "table": map[string]any{"table_width": 2, "children": []any{row("a", "b"), row("c", "d")}}},
		map[string]any{"type": "column_list", "column_list": map[string]any{"children": []any{
			map[string]any{"type": "column", "column": map[string]any{"width_ratio": 0.25, "children": []any{para("left")}}},
			map[string]any{"type": "column", "column": map[string]any{"children": []any{para("right")}}},
		}}},
	}})
	got := results(t, list)
	require.Len(t, got, 2)
	assert.Equal(t, map[string]any{"table_width": float64(2), "has_column_header": false, "has_row_header": false}, got[0]["table"])
	assert.Equal(t, true, got[0]["has_children"])
	rows := results(t, c.ok("GET", "/v1/blocks/"+got[0]["id"].(string)+"/children", nil))
	require.Len(t, rows, 2)
	assert.Equal(t, map[string]any{"type": "block_id", "block_id": got[0]["id"]}, rows[0]["parent"])
	cols := results(t, c.ok("GET", "/v1/blocks/"+got[1]["id"].(string)+"/children", nil))
	require.Len(t, cols, 2)
	assert.Equal(t, map[string]any{"width_ratio": 0.25}, cols[0]["column"])
	assert.Equal(t, map[string]any{}, cols[1]["column"])

	// A table row must fit its table.
	r := c.do("PATCH", "/v1/blocks/"+got[0]["id"].(string)+"/children", map[string]any{"children": []any{row("only one")}})
	assert.Equal(t, 400, r.status)
	c.ok("PATCH", "/v1/blocks/"+got[0]["id"].(string)+"/children", map[string]any{"children": []any{row("e", "f")}})

	// A duplicate synced block shows its original's children.
	orig := results(t, c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{
		map[string]any{"type": "synced_block", "synced_block": map[string]any{"synced_from": nil, "children": []any{para("synced")}}},
	}}))[0]
	dup := results(t, c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{
		map[string]any{"type": "synced_block", "synced_block": map[string]any{"synced_from": map[string]any{"block_id": orig["id"]}}},
	}}))[0]
	assert.Equal(t, true, dup["has_children"])
	assert.Len(t, results(t, c.ok("GET", "/v1/blocks/"+dup["id"].(string)+"/children", nil)), 1)
}

func TestAppendChildrenLimitsAndAfter(t *testing.T) {
	srv, c := setup(t)
	page := c.createPage(srv.RootPageID, "Limits")
	many := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = para("p")
		}
		return out
	}
	deep := para("0", para("1", para("2", para("3"))))
	tests := []struct {
		name string
		body map[string]any
	}{
		{"no children", map[string]any{}},
		{"101 children", map[string]any{"children": many(101)}},
		{"three levels of nesting", map[string]any{"children": []any{deep}}},
		{"more than 1000 blocks", map[string]any{"children": func() []any {
			out := make([]any, 11)
			for i := range out {
				out[i] = para("top", many(100)...)
			}
			return out
		}()}},
		{"unknown type", map[string]any{"children": []any{map[string]any{"type": "nope", "nope": map[string]any{}}}}},
		{"read-only type", map[string]any{"children": []any{map[string]any{"type": "child_page", "child_page": map[string]any{"title": "x"}}}}},
		{"missing rich_text", map[string]any{"children": []any{map[string]any{"type": "paragraph", "paragraph": map[string]any{}}}}},
		{"bad color", map[string]any{"children": []any{map[string]any{"type": "paragraph", "paragraph": map[string]any{"rich_text": text("x"), "color": "mauve"}}}}},
		{"bad language", map[string]any{"children": []any{map[string]any{"type": "code", "code": map[string]any{"rich_text": text("x"), "language": "cobol-2099"}}}}},
		{"text too long", map[string]any{"children": []any{para(strings.Repeat("x", 2001))}}},
		{"101 rich text items", map[string]any{"children": []any{map[string]any{"type": "paragraph", "paragraph": map[string]any{"rich_text": func() []any {
			out := make([]any, 101)
			for i := range out {
				out[i] = text("x")[0]
			}
			return out
		}()}}}}},
		{"equation too long", map[string]any{"children": []any{map[string]any{"type": "equation", "equation": map[string]any{"expression": strings.Repeat("x", 1001)}}}}},
		{"children of a code block", map[string]any{"children": []any{map[string]any{"type": "code", "code": map[string]any{"rich_text": text("x"), "language": "go", "children": []any{para("x")}}}}}},
		{"table row outside a table", map[string]any{"children": []any{map[string]any{"type": "table_row", "table_row": map[string]any{"cells": []any{}}}}}},
		{"after a stranger", map[string]any{"children": []any{para("x")}, "after": srv.RootPageID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("PATCH", "/v1/blocks/"+page+"/children", tt.body)
			assert.Equal(t, 400, r.status, "%v", r.body)
			assert.Equal(t, "validation_error", r.body["code"])
		})
	}
	assert.Empty(t, results(t, c.ok("GET", "/v1/blocks/"+page+"/children", nil)), "failed appends leave nothing behind")

	// 100 children and two levels of nesting are fine.
	c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": many(100)})
	c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("0", para("1", para("2")))}})

	// Pagination and "after".
	first := c.ok("GET", "/v1/blocks/"+page+"/children?page_size=100", nil)
	assert.Equal(t, true, first["has_more"])
	kids := results(t, first)
	rest := results(t, c.ok("GET", "/v1/blocks/"+page+"/children?start_cursor="+first["next_cursor"].(string), nil))
	require.Len(t, rest, 1)
	inserted := results(t, c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{
		"children": []any{para("A"), para("B")}, "after": kids[0]["id"]}))
	assert.Equal(t, 2+100, len(inserted), "the new blocks and every sibling after them")
	assert.Equal(t, kids[1]["id"], inserted[2]["id"])
	all := results(t, c.ok("GET", "/v1/blocks/"+page+"/children?page_size=4", nil))
	assert.Equal(t, []any{kids[0]["id"], inserted[0]["id"], inserted[1]["id"], kids[1]["id"]},
		[]any{all[0]["id"], all[1]["id"], all[2]["id"], all[3]["id"]})
}

func TestUpdateAndDeleteBlock(t *testing.T) {
	srv, c := setup(t)
	page := c.createPage(srv.RootPageID, "Edit")
	added := results(t, c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{
		map[string]any{"type": "to_do", "to_do": map[string]any{"rich_text": text("task"), "color": "blue"}},
		map[string]any{"type": "file", "file": map[string]any{"name": "doc.txt", "external": map[string]any{"url": "https://example.com/doc.txt"}}},
		para("parent", para("nested")),
	}}))
	todo, file, parent := added[0]["id"].(string), added[1]["id"].(string), added[2]["id"].(string)

	b := c.ok("PATCH", "/v1/blocks/"+todo, map[string]any{"to_do": map[string]any{"checked": true}})
	assert.Equal(t, true, b["to_do"].(map[string]any)["checked"])
	assert.Equal(t, "blue", b["to_do"].(map[string]any)["color"], "fields not given stay")
	assert.Equal(t, "task", b["to_do"].(map[string]any)["rich_text"].([]any)[0].(map[string]any)["plain_text"])

	b = c.ok("PATCH", "/v1/blocks/"+file, map[string]any{"type": "file", "file": map[string]any{"name": "renamed"}})
	assert.Equal(t, "renamed.txt", b["file"].(map[string]any)["name"], "a name without extension keeps the old one's")

	r := c.do("PATCH", "/v1/blocks/"+todo, map[string]any{"type": "paragraph", "paragraph": map[string]any{"rich_text": text("x")}})
	assert.Equal(t, 400, r.status, "the type cannot change")

	b = c.ok("DELETE", "/v1/blocks/"+parent, nil)
	assert.Equal(t, true, b["archived"])
	assert.Equal(t, true, b["in_trash"])
	nested := results(t, c.ok("GET", "/v1/blocks/"+parent+"/children", nil))
	require.Len(t, nested, 1)
	assert.Equal(t, true, nested[0]["in_trash"], "the descendants of a trashed block are in the trash")
	assert.Len(t, results(t, c.ok("GET", "/v1/blocks/"+page+"/children", nil)), 2)
	r = c.do("PATCH", "/v1/blocks/"+parent, map[string]any{"paragraph": map[string]any{"rich_text": text("x")}})
	assert.Equal(t, 400, r.status, "a trashed block cannot be edited")
	r = c.do("PATCH", "/v1/blocks/"+parent+"/children", map[string]any{"children": []any{para("x")}})
	assert.Equal(t, 400, r.status)

	b = c.ok("PATCH", "/v1/blocks/"+parent, map[string]any{"in_trash": false})
	assert.Equal(t, false, b["in_trash"])
	assert.Equal(t, true, b["has_children"])

	for _, m := range []string{"GET", "DELETE"} {
		r = c.do(m, "/v1/blocks/e9f53dc3-80ce-4a97-9424-659ef13a0d2e", nil)
		assert.Equal(t, 404, r.status)
	}
}

func TestRichTextNormalization(t *testing.T) {
	srv, c := setup(t)
	page := c.createPage(srv.RootPageID, "Rich text")
	user := srv.AddUser("Grace Hopper", "grace@example.com")
	rt := []any{
		map[string]any{"type": "text", "text": map[string]any{"content": "link", "link": map[string]any{"url": "https://example.com"}},
			"annotations": map[string]any{"bold": true}, "plain_text": "ignored", "href": "ignored"},
		map[string]any{"equation": map[string]any{"expression": "x^2"}},
		map[string]any{"type": "mention", "mention": map[string]any{"type": "user", "user": map[string]any{"id": compactID(user)}}},
		map[string]any{"type": "mention", "mention": map[string]any{"page": map[string]any{"id": srv.RootPageID}}},
		map[string]any{"type": "mention", "mention": map[string]any{"type": "date", "date": map[string]any{"start": "2025-09-02"}}},
	}
	b := results(t, c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{
		map[string]any{"type": "paragraph", "paragraph": map[string]any{"rich_text": rt}}}}))[0]
	items := b["paragraph"].(map[string]any)["rich_text"].([]any)
	link := items[0].(map[string]any)
	assert.Equal(t, "link", link["plain_text"])
	assert.Equal(t, "https://example.com", link["href"])
	assert.Equal(t, map[string]any{"content": "link", "link": map[string]any{"url": "https://example.com"}}, link["text"])
	assert.Equal(t, true, link["annotations"].(map[string]any)["bold"])
	assert.Equal(t, "default", link["annotations"].(map[string]any)["color"])
	eq := items[1].(map[string]any)
	assert.Equal(t, "equation", eq["type"])
	assert.Equal(t, "x^2", eq["plain_text"])
	mention := items[2].(map[string]any)
	assert.Equal(t, "@Grace Hopper", mention["plain_text"])
	assert.Equal(t, "Grace Hopper", mention["mention"].(map[string]any)["user"].(map[string]any)["name"])
	pm := items[3].(map[string]any)
	assert.Equal(t, "Tests", pm["plain_text"])
	assert.Equal(t, "https://www.notion.so/"+compactID(srv.RootPageID), pm["href"])
	dm := items[4].(map[string]any)
	assert.Equal(t, map[string]any{"start": "2025-09-02", "end": nil, "time_zone": nil}, dm["mention"].(map[string]any)["date"])

	for name, bad := range map[string]any{
		"not an array":   "x",
		"long link":      []any{map[string]any{"text": map[string]any{"content": "x", "link": map[string]any{"url": strings.Repeat("u", 2001)}}}},
		"bad annotation": []any{map[string]any{"text": map[string]any{"content": "x"}, "annotations": map[string]any{"bold": "yes"}}},
		"no content":     []any{map[string]any{"type": "text"}},
		"bad mention id": []any{map[string]any{"mention": map[string]any{"page": map[string]any{"id": "x"}}}},
	} {
		_, err := normalizeRichText(bad)
		assert.NotNil(t, err, name)
	}
}
