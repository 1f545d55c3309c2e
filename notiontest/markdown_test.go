package notiontest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleMarkdown exercises the block forms of Notion's enhanced Markdown.
const sampleMarkdown = "# Heading one {color=\"blue\"}\n" +
	"Some **bold**, *italic*, ~~gone~~, `code`, [a link](https://example.com) and $`e=mc^2`$ text.\n" +
	"<span color=\"red\">Red</span> and <span underline=\"true\">under</span>, escaped \\* star.\n" +
	"- Bullet\n" +
	"\t- Nested bullet\n" +
	"1. Numbered\n" +
	"- [ ] Open task\n" +
	"- [x] Done task\n" +
	"> A quote\n" +
	"<details>\n" +
	"<summary>Toggle title</summary>\n" +
	"\tHidden text\n" +
	"</details>\n" +
	"::: callout {icon=\"💡\" color=\"gray_bg\"}\n" +
	"Callout text\n" +
	":::\n" +
	"```go\n" +
	"fmt.Println(\"hi\")\n" +
	"```\n" +
	"$$\n" +
	"a^2+b^2=c^2\n" +
	"$$\n" +
	"---\n" +
	"<table header-row=\"true\" header-column=\"false\">\n" +
	"\t<tr>\n" +
	"\t\t<td>A</td>\n" +
	"\t\t<td>B</td>\n" +
	"\t</tr>\n" +
	"\t<tr>\n" +
	"\t\t<td>1</td>\n" +
	"\t\t<td>2</td>\n" +
	"\t</tr>\n" +
	"</table>\n" +
	"<columns>\n" +
	"\t<column>\n" +
	"\t\tLeft\n" +
	"\t</column>\n" +
	"\t<column>\n" +
	"\t\tRight\n" +
	"\t</column>\n" +
	"</columns>\n" +
	"![A picture](https://example.com/a.png)\n" +
	"<empty-block/>\n" +
	"<table_of_contents/>"

func TestPageMarkdownRoundTrip(t *testing.T) {
	srv, c := setup(t)
	page := c.ok("POST", "/v1/pages", map[string]any{
		"parent":   map[string]any{"page_id": srv.RootPageID},
		"markdown": "# The title\n" + sampleMarkdown,
	})
	id := page["id"].(string)
	assert.Equal(t, "The title", titleOf(t, page), "a leading # heading becomes the title")

	kids := results(t, c.ok("GET", "/v1/blocks/"+id+"/children", nil))
	types := make([]string, len(kids))
	for i, k := range kids {
		types[i] = k["type"].(string)
	}
	assert.Equal(t, []string{"heading_1", "paragraph", "paragraph", "bulleted_list_item", "numbered_list_item", "to_do", "to_do",
		"quote", "toggle", "callout", "code", "equation", "divider", "table", "column_list", "image", "paragraph", "table_of_contents"}, types)
	para := kids[1]["paragraph"].(map[string]any)["rich_text"].([]any)
	var bold, link, eq bool
	for _, it := range para {
		m := it.(map[string]any)
		if m["plain_text"] == "bold" && m["annotations"].(map[string]any)["bold"] == true {
			bold = true
		}
		if m["href"] == "https://example.com" {
			link = true
		}
		if m["type"] == "equation" {
			eq = true
		}
	}
	assert.True(t, bold && link && eq, "inline formatting read: %v", para)
	assert.Equal(t, "blue", kids[0]["heading_1"].(map[string]any)["color"])
	assert.Equal(t, true, kids[3]["has_children"], "the nested bullet is a child")
	assert.Equal(t, "gray_background", kids[9]["callout"].(map[string]any)["color"])
	assert.Equal(t, "go", kids[10]["code"].(map[string]any)["language"])

	md := c.ok("GET", "/v1/pages/"+id+"/markdown", nil)
	assert.Equal(t, "page_markdown", md["object"])
	assert.Equal(t, false, md["truncated"])
	assert.Equal(t, sampleMarkdown, md["markdown"], "the Markdown written back is what was read")
}

// titleOf is the plain title of a page answer.
func titleOf(t *testing.T, page map[string]any) string {
	t.Helper()
	for _, v := range page["properties"].(map[string]any) {
		m := v.(map[string]any)
		if m["type"] == "title" {
			var b strings.Builder
			for _, it := range m["title"].([]any) {
				b.WriteString(it.(map[string]any)["plain_text"].(string))
			}
			return b.String()
		}
	}
	t.Fatal("no title")
	return ""
}

func TestPageMarkdownCommands(t *testing.T) {
	srv, c := setup(t)
	page := c.ok("POST", "/v1/pages", map[string]any{
		"parent":     map[string]any{"page_id": srv.RootPageID},
		"properties": map[string]any{"title": map[string]any{"title": text("Doc")}},
		"markdown":   "First line\nSecond line",
	})
	id := page["id"].(string)
	path := "/v1/pages/" + id + "/markdown"
	md := func(body map[string]any) string {
		t.Helper()
		return c.ok("PATCH", path, body)["markdown"].(string)
	}
	assert.Equal(t, "First line\nSecond line\nThird line",
		md(map[string]any{"type": "insert_content", "insert_content": map[string]any{"content": "Third line"}}))
	assert.Equal(t, "Zero line\nFirst line\nSecond line\nThird line",
		md(map[string]any{"type": "insert_content", "insert_content": map[string]any{"content": "Zero line", "position": map[string]any{"type": "start"}}}))
	assert.Equal(t, "Zero line\nFirst line\n- inserted\nSecond line\nThird line",
		md(map[string]any{"type": "insert_content", "insert_content": map[string]any{"content": "- inserted", "after": "First...line"}}))
	assert.Equal(t, "Zero line\nFirst row\n- inserted\nSecond line\nThird line",
		md(map[string]any{"type": "update_content", "update_content": map[string]any{"content_updates": []any{
			map[string]any{"old_str": "First line", "new_str": "First row"}}}}))
	r := c.do("PATCH", path, map[string]any{"type": "update_content", "update_content": map[string]any{"content_updates": []any{
		map[string]any{"old_str": "line", "new_str": "x"}}}})
	assert.Equal(t, http.StatusBadRequest, r.status, "an ambiguous old_str is refused")
	r = c.do("PATCH", path, map[string]any{"type": "update_content", "update_content": map[string]any{"content_updates": []any{
		map[string]any{"old_str": "nowhere", "new_str": "x"}}}})
	assert.Equal(t, http.StatusBadRequest, r.status, "an old_str that is not there is refused")
	assert.Equal(t, "Zero line\nNew middle\nThird line",
		md(map[string]any{"type": "replace_content_range", "replace_content_range": map[string]any{"content": "New middle", "content_range": "First...Second line"}}))
	assert.Equal(t, "## Fresh",
		md(map[string]any{"type": "replace_content", "replace_content": map[string]any{"new_str": "## Fresh"}}))
	kids := results(t, c.ok("GET", "/v1/blocks/"+id+"/children", nil))
	require.Len(t, kids, 1, "the old blocks are gone")
	assert.Equal(t, "heading_2", kids[0]["type"])

	// A child page is kept when the new content names it, refused otherwise.
	child := c.createPage(id, "Child")
	current := c.ok("GET", path, nil)["markdown"].(string)
	assert.Contains(t, current, `<page url="https://www.notion.so/`+compactID(child)+`">Child</page>`)
	r = c.do("PATCH", path, map[string]any{"type": "replace_content", "replace_content": map[string]any{"new_str": "Only text"}})
	assert.Equal(t, http.StatusBadRequest, r.status, "deleting a child page needs allow_deleting_content")
	assert.Equal(t, "Before\n"+current, md(map[string]any{"type": "replace_content", "replace_content": map[string]any{"new_str": "Before\n" + current}}))
	c.ok("PATCH", path, map[string]any{"type": "replace_content", "replace_content": map[string]any{"new_str": "Only text", "allow_deleting_content": true}})
	assert.Equal(t, true, c.ok("GET", "/v1/pages/"+child, nil)["in_trash"])

	r = c.do("PATCH", path, map[string]any{"type": "rewrite", "rewrite": map[string]any{}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	r = c.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": id}, "markdown": "x", "children": []any{}})
	assert.Equal(t, http.StatusBadRequest, r.status, "markdown and children are exclusive")
}

func TestInlineMarkdownMentions(t *testing.T) {
	srv, c := setup(t)
	page := c.ok("POST", "/v1/pages", map[string]any{
		"parent":   map[string]any{"page_id": srv.RootPageID},
		"markdown": `Hi <mention-user url="user://` + srv.BotID + `"/> on <mention-date start="2026-01-02"/> about <mention-page url="https://www.notion.so/` + compactID(srv.RootPageID) + `">Tests</mention-page>.`,
	})
	md := c.ok("GET", "/v1/pages/"+page["id"].(string)+"/markdown", nil)["markdown"].(string)
	assert.Contains(t, md, `<mention-user url="user://`+srv.BotID+`"/>`)
	assert.Contains(t, md, `<mention-date start="2026-01-02"/>`)
	assert.Contains(t, md, `<mention-page url="https://www.notion.so/`+compactID(srv.RootPageID)+`">Tests</mention-page>`)
}
