package notiontest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnknownBodyKeysRefused(t *testing.T) {
	srv, c := setup(t)
	root := srv.RootPageID
	r := c.do("POST", "/v1/pages", map[string]any{
		"parent":         map[string]any{"page_id": root},
		"Notion-Version": "2022-06-28",
	})
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "validation_error", r.body["code"])
	assert.Equal(t, "body failed validation: body.Notion-Version should be not present, instead was `\"2022-06-28\"`.", r.body["message"])

	r = c.do("POST", "/v1/search", map[string]any{"query": "x", "sorts": []any{}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, r.body["message"], "body.sorts should be not present")

	r = c.do("PATCH", "/v1/pages/"+root, map[string]any{"archived": false, "title": "x"})
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, r.body["message"], "body.title should be not present")

	// Every key a route takes passes the check.
	c.ok("POST", "/v1/search", map[string]any{"query": "", "filter": map[string]any{"property": "object", "value": "page"},
		"sort": map[string]any{"timestamp": "last_edited_time", "direction": "ascending"}, "page_size": 5})
}

func TestBlockUpdateNamingAnotherType(t *testing.T) {
	srv, c := setup(t)
	list := c.ok("PATCH", "/v1/blocks/"+srv.RootPageID+"/children", map[string]any{"children": []any{para("hello")}})
	id := results(t, list)[0]["id"].(string)

	r := c.do("PATCH", "/v1/blocks/"+id, map[string]any{"type": map[string]any{"paragraph": map[string]any{"rich_text": text("x")}}})
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "validation_error", r.body["code"])
	msg := r.body["message"].(string)
	assert.True(t, strings.HasPrefix(msg, "body failed validation. Fix one:\nbody.type should be not present, instead was `{\"paragraph\":"), msg)
	assert.Contains(t, msg, "\nbody.paragraph should be defined, instead was `undefined`.")

	r = c.do("PATCH", "/v1/blocks/"+id, map[string]any{"heading_1": map[string]any{"rich_text": text("x")}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "validation_error", r.body["code"])

	r = c.do("PATCH", "/v1/blocks/"+id, map[string]any{"type": "heading_1", "paragraph": map[string]any{"rich_text": text("x")}})
	assert.Equal(t, http.StatusBadRequest, r.status)

	b := c.ok("PATCH", "/v1/blocks/"+id, map[string]any{"type": "paragraph", "paragraph": map[string]any{"rich_text": text("changed")}})
	assert.Equal(t, "changed", b["paragraph"].(map[string]any)["rich_text"].([]any)[0].(map[string]any)["plain_text"])
	got := c.ok("GET", "/v1/blocks/"+id, nil)
	assert.Equal(t, "paragraph", got["type"])
}

func TestUnsimulatedEndpointsSaySo(t *testing.T) {
	_, c := setup(t)
	r := c.do("GET", "/v1/views/"+newUUID(), nil)
	assert.Equal(t, http.StatusNotImplemented, r.status)
	assert.Contains(t, r.body["message"], "GET /v1/views/{view_id}")
	assert.Contains(t, r.body["message"], "Retrieve a view")

	r = c.do("GET", "/v1/viewz", nil)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "invalid_request_url", r.body["code"])
	assert.Equal(t, "Invalid request URL.", r.body["message"])
}

func TestBodyKeysOfEndpointsAtOtherVersions(t *testing.T) {
	srv, c := setup(t)
	r := c.do("POST", "/v1/data_sources", map[string]any{"bogus": 1})
	assert.Equal(t, "invalid_request_url", r.body["code"], "at 2022-06-28 the endpoint does not exist")
	r = c.at("2025-09-03").do("POST", "/v1/data_sources", map[string]any{"bogus": 1})
	assert.Equal(t, "validation_error", r.body["code"])
	assert.Contains(t, r.body["message"], "body.bogus should be not present")
	r = c.at("2025-09-03").do("POST", "/v1/databases/"+srv.RootPageID+"/query", map[string]any{"bogus": 1})
	assert.Equal(t, "invalid_request_url", r.body["code"])
}
