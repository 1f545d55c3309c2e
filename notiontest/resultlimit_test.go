package notiontest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walk follows a paginated POST endpoint to its end and returns every result and the last
// answer.
func (c *client) walk(path string, body map[string]any) (ids []string, last map[string]any) {
	c.t.Helper()
	for {
		ans := c.ok("POST", path, body)
		for _, r := range results(c.t, ans) {
			ids = append(ids, r["id"].(string))
		}
		if ans["has_more"] != true {
			return ids, ans
		}
		body["start_cursor"] = ans["next_cursor"]
	}
}

func TestQueryResultLimit(t *testing.T) {
	srv, c := setup(t, WithQueryResultLimit(5))
	db := c.createDB(srv.RootPageID, "Rows", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	dbID := db["id"].(string)
	for range 7 {
		c.ok("POST", "/v1/pages", map[string]any{
			"parent":     map[string]any{"database_id": dbID},
			"properties": map[string]any{"Name": map[string]any{"title": text("row")}},
		})
	}
	ids, last := c.walk("/v1/databases/"+dbID+"/query", map[string]any{"page_size": 2})
	assert.Len(t, ids, 5, "a query stops at the limit")
	assert.Equal(t, false, last["has_more"])
	assert.Equal(t, map[string]any{"type": "incomplete", "incomplete_reason": "query_result_limit_reached"}, last["request_status"])

	ids, last = c.walk("/v1/search", map[string]any{"query": "row", "page_size": 3})
	assert.Len(t, ids, 5, "a search stops at the limit")
	assert.Contains(t, last, "request_status")

	ans := c.ok("POST", "/v1/search", map[string]any{"query": "Rows"})
	require.Len(t, results(t, ans), 1)
	assert.NotContains(t, ans, "request_status", "a complete answer has no request_status")
}
