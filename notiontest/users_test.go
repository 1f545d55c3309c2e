package notiontest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsers(t *testing.T) {
	srv, c := setup(t)
	me := c.ok("GET", "/v1/users/me", nil)
	assert.Equal(t, srv.BotID, me["id"])
	assert.Equal(t, "bot", me["type"])
	bot := me["bot"].(map[string]any)
	assert.Equal(t, map[string]any{"type": "workspace", "workspace": true}, bot["owner"])
	assert.NotEmpty(t, bot["workspace_name"])
	for _, k := range []string{"object", "id", "name", "avatar_url", "type", "bot", "request_id"} {
		assert.Contains(t, me, k)
	}

	grace := srv.AddUser("Grace Hopper", "grace@example.com")
	u := c.ok("GET", "/v1/users/"+grace, nil)
	assert.Equal(t, "Grace Hopper", u["name"])
	assert.Equal(t, map[string]any{"email": "grace@example.com"}, u["person"])

	all := c.ok("GET", "/v1/users", nil)
	assert.Equal(t, "user", all["type"])
	assert.Equal(t, map[string]any{}, all["user"])
	users := results(t, all)
	require.Len(t, users, 4)
	assert.Equal(t, "bot", users[3]["type"], "people first, then bots")

	// Pagination walks every user once.
	var seen []any
	cursor := ""
	for {
		path := "/v1/users?page_size=3"
		if cursor != "" {
			path += "&start_cursor=" + cursor
		}
		page := c.ok("GET", path, nil)
		for _, u := range results(t, page) {
			seen = append(seen, u["id"])
		}
		if page["has_more"] != true {
			assert.Nil(t, page["next_cursor"])
			break
		}
		cursor = page["next_cursor"].(string)
	}
	assert.Len(t, seen, 4)

	r := c.do("GET", "/v1/users/e9f53dc3-80ce-4a97-9424-659ef13a0d2e", nil)
	assert.Equal(t, 404, r.status)
	assert.Equal(t, "object_not_found", r.body["code"])
}
