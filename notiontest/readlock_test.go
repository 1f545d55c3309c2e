package notiontest

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPureReadsBesideWrites runs the reads that share the store's read lock side by side,
// and beside writes, so that the race detector sees them.
func TestPureReadsBesideWrites(t *testing.T) {
	srv, c := setup(t)
	page := c.createPage(srv.RootPageID, "Shared")
	c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("a"), para("b")}})
	c.ok("POST", "/v1/comments", map[string]any{"parent": map[string]any{"page_id": page}, "rich_text": text("c")})
	reads := []string{"/v1/users/me", "/v1/users", "/v1/users/" + srv.BotID, "/v1/blocks/" + page,
		"/v1/blocks/" + page + "/children", "/v1/comments?block_id=" + page, "/v1/custom_emojis", "/v1/pages/" + page + "/markdown"}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 20 {
				if w == 0 && i%2 == 0 {
					c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("more")}})
					continue
				}
				r := c.do("GET", reads[(w+i)%len(reads)], nil)
				require.Equal(t, 200, r.status, "%v", r.body)
			}
		})
	}
	wg.Wait()
	require.Len(t, results(t, c.ok("GET", "/v1/blocks/"+page+"/children", nil)), 12)
}
