package notiontest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPageCreatePosition: a page created under a page goes where position says.
func TestPageCreatePosition(t *testing.T) {
	srv, c := setup(t)
	parent := c.createPage(srv.RootPageID, "Parent")
	c26 := c.at(at2026)
	first := results(t, c26.ok("PATCH", "/v1/blocks/"+parent+"/children", map[string]any{"children": []any{para("one"), para("two")}}))
	create := func(title string, pos map[string]any) string {
		return c26.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": parent}, "position": pos,
			"properties": map[string]any{"title": map[string]any{"title": text(title)}}})["id"].(string)
	}
	top := create("top", map[string]any{"type": "page_start"})
	mid := create("mid", map[string]any{"type": "after_block", "after_block": map[string]any{"id": first[0]["id"]}})
	end := create("end", map[string]any{"type": "page_end"})
	assert.Equal(t, []string{top, first[0]["id"].(string), mid, first[1]["id"].(string), end},
		resultIDs(t, c26.ok("GET", "/v1/blocks/"+parent+"/children", nil)))
	r := c26.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"page_id": parent}, "position": map[string]any{"type": "start"},
		"properties": map[string]any{"title": map[string]any{"title": text("x")}}})
	assert.Equal(t, http.StatusBadRequest, r.status)
}
