package notiontest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// searchIDs runs a search and returns the ids found, in order.
func (c *client) searchIDs(body map[string]any) []any {
	c.t.Helper()
	var ids []any
	for _, r := range results(c.t, c.ok("POST", "/v1/search", body)) {
		ids = append(ids, r["id"])
	}
	return ids
}

func TestSearch(t *testing.T) {
	srv, c := setup(t)
	a := c.createPage(srv.RootPageID, "Alpha notes")
	b := c.createPage(srv.RootPageID, "Beta NOTES")
	db := c.createDB(srv.RootPageID, "Notes DB", map[string]any{"Name": map[string]any{"title": map[string]any{}}})["id"]
	c.ok("PATCH", "/v1/pages/"+a, map[string]any{"icon": map[string]any{"emoji": "🅰"}})

	assert.Equal(t, []any{a, db, b}, c.searchIDs(map[string]any{"query": "notes"}), "case-insensitive, last edited first")
	assert.Equal(t, []any{b, db, a}, c.searchIDs(map[string]any{"query": "notes",
		"sort": map[string]any{"timestamp": "last_edited_time", "direction": "ascending"}}))
	assert.Equal(t, []any{db}, c.searchIDs(map[string]any{"query": "notes", "filter": map[string]any{"property": "object", "value": "database"}}))
	assert.Equal(t, []any{a, b}, c.searchIDs(map[string]any{"query": "notes", "filter": map[string]any{"property": "object", "value": "page"}}))
	assert.Len(t, c.searchIDs(map[string]any{}), 4, "an empty query finds everything, the root page too")

	first := c.ok("POST", "/v1/search", map[string]any{"page_size": 3})
	assert.Equal(t, true, first["has_more"])
	rest := c.searchIDs(map[string]any{"page_size": 3, "start_cursor": first["next_cursor"]})
	assert.Len(t, rest, 1)

	c.ok("PATCH", "/v1/pages/"+a, map[string]any{"archived": true})
	trashed := c.ok("POST", "/v1/search", map[string]any{"query": "alpha"})["results"].([]any)
	require.Len(t, trashed, 1, "objects in the trash are still found, as Notion does")
	assert.Equal(t, true, trashed[0].(map[string]any)["in_trash"])

	for name, body := range map[string]map[string]any{
		"filter value":    {"filter": map[string]any{"property": "object", "value": "block"}},
		"filter property": {"filter": map[string]any{"property": "title", "value": "page"}},
		"sort timestamp":  {"sort": map[string]any{"timestamp": "created_time", "direction": "ascending"}},
		"sort direction":  {"sort": map[string]any{"timestamp": "last_edited_time", "direction": "up"}},
		"query type":      {"query": 3},
	} {
		r := c.do("POST", "/v1/search", body)
		assert.Equal(t, 400, r.status, name)
		assert.Equal(t, "validation_error", r.body["code"], name)
	}
}

func TestSearchLag(t *testing.T) {
	clock := newFakeClock()
	srv, c := setup(t, WithClock(clock.Now), WithSearchLag(5*time.Second))
	id := c.createPage(srv.RootPageID, "Fresh page")
	assert.Empty(t, c.searchIDs(map[string]any{"query": "fresh"}), "not indexed yet")
	clock.Advance(5 * time.Second)
	assert.Equal(t, []any{id}, c.searchIDs(map[string]any{"query": "fresh"}))

	c.ok("PATCH", "/v1/pages/"+id, map[string]any{"properties": map[string]any{"title": text("Renamed page")}})
	assert.Equal(t, []any{id}, c.searchIDs(map[string]any{"query": "fresh"}), "search still sees the old title")
	assert.Empty(t, c.searchIDs(map[string]any{"query": "renamed"}))
	clock.Advance(5 * time.Second)
	assert.Empty(t, c.searchIDs(map[string]any{"query": "fresh"}))
	assert.Equal(t, []any{id}, c.searchIDs(map[string]any{"query": "renamed"}))

}
