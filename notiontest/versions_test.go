package notiontest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The three API versions, as requests name them.
const (
	at2022 = "2022-06-28"
	at2025 = "2025-09-03"
	at2026 = "2026-03-11"
)

// sourcesOf returns the data source references of a database answer of 2025-09-03 or later.
func sourcesOf(t *testing.T, db map[string]any) []map[string]any {
	t.Helper()
	raw, ok := db["data_sources"].([]any)
	require.True(t, ok, "no data_sources: %v", db)
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i] = r.(map[string]any)
	}
	return out
}

// resultIDs returns the ids of a list answer's results.
func resultIDs(t *testing.T, list map[string]any) []string {
	t.Helper()
	var ids []string
	for _, r := range results(t, list) {
		ids = append(ids, r["id"].(string))
	}
	return ids
}

// TestOneWorkspaceThreeVersions: a database created at 2022-06-28 is a container with one
// data source at later versions, and pages written at any version are found at every other.
func TestOneWorkspaceThreeVersions(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Tasks", map[string]any{
		"Name": map[string]any{"title": map[string]any{}},
		"Done": map[string]any{"checkbox": map[string]any{}},
	})
	dbID := db["id"].(string)
	assert.Contains(t, db, "properties")
	assert.NotContains(t, db, "data_sources")

	c26, c25 := c.at(at2026), c.at(at2025)
	container := c26.ok("GET", "/v1/databases/"+dbID, nil)
	assert.Equal(t, "database", container["object"])
	assert.NotContains(t, container, "properties")
	assert.NotContains(t, container, "archived")
	assert.Equal(t, false, container["in_trash"])
	refs := sourcesOf(t, container)
	require.Len(t, refs, 1)
	assert.Equal(t, "Tasks", refs[0]["name"])
	dsID := refs[0]["id"].(string)
	assert.NotEqual(t, dbID, dsID)

	ds := c25.ok("GET", "/v1/data_sources/"+dsID, nil)
	assert.Equal(t, "data_source", ds["object"])
	assert.Equal(t, map[string]any{"type": "database_id", "database_id": dbID}, ds["parent"])
	assert.Equal(t, map[string]any{"type": "page_id", "page_id": srv.RootPageID}, ds["database_parent"])
	assert.Contains(t, ds["properties"], "Done")
	assert.Equal(t, false, ds["archived"], "2025-09-03 still answers archived")

	// A page written at 2025-09-03 in the data source is a row of the database at 2022-06-28.
	row := c25.ok("POST", "/v1/pages", map[string]any{
		"parent":     map[string]any{"type": "data_source_id", "data_source_id": dsID},
		"properties": map[string]any{"Name": map[string]any{"title": text("Write")}, "Done": map[string]any{"checkbox": true}},
	})
	assert.Equal(t, map[string]any{"type": "data_source_id", "data_source_id": dsID, "database_id": dbID}, row["parent"])
	old := c.ok("POST", "/v1/databases/"+dbID+"/query", map[string]any{})
	assert.Equal(t, "page_or_database", old["type"])
	require.Equal(t, []string{row["id"].(string)}, resultIDs(t, old))
	assert.Equal(t, map[string]any{"type": "database_id", "database_id": dbID}, results(t, old)[0]["parent"])

	// And a page written at 2022-06-28 is found by a 2026-03-11 query of the data source.
	older := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": dbID},
		"properties": map[string]any{"Name": map[string]any{"title": text("Read")}}})
	q := c26.ok("POST", "/v1/data_sources/"+dsID+"/query", map[string]any{
		"filter": map[string]any{"property": "Done", "checkbox": map[string]any{"equals": false}}})
	assert.Equal(t, "page_or_data_source", q["type"])
	got := results(t, q)
	require.Len(t, got, 1)
	assert.Equal(t, older["id"], got[0]["id"])
	assert.Equal(t, dsID, got[0]["parent"].(map[string]any)["data_source_id"])
	assert.NotContains(t, got[0], "archived")
	assert.Contains(t, older, "archived", "2022-06-28 answers archived")

	// Schema changes at 2022-06-28 are the data source's.
	c.ok("PATCH", "/v1/databases/"+dbID, map[string]any{"properties": map[string]any{"Due": map[string]any{"date": map[string]any{}}}})
	assert.Contains(t, c26.ok("GET", "/v1/data_sources/"+dsID, nil)["properties"], "Due")
}

// TestEndpointsByVersion: endpoints that exist only at some versions are unknown URLs at the
// others, as on Notion.
func TestEndpointsByVersion(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "T", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	dbID := db["id"].(string)
	for _, v := range []string{at2025, at2026} {
		r := c.at(v).do("POST", "/v1/databases/"+dbID+"/query", map[string]any{})
		assert.Equal(t, http.StatusBadRequest, r.status, v)
		assert.Equal(t, "invalid_request_url", r.body["code"], v)
	}
	r := c.do("POST", "/v1/data_sources/"+dataSourceID(dbID)+"/query", map[string]any{})
	assert.Equal(t, "invalid_request_url", r.body["code"])
	r = c.at("2024-01-01").do("GET", "/v1/users/me", nil)
	assert.Equal(t, "validation_error", r.body["code"])
}

// TestMultiSourceDatabase: a database with two data sources is what Notion says it is at
// 2022-06-28 (refused, missing from search) and works at later versions.
func TestMultiSourceDatabase(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Catalog", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	dbID := db["id"].(string)
	other := c.createDB(srv.RootPageID, "Orders", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	assert.Empty(t, srv.AddDataSource("not an id", "x"))
	extra := srv.AddDataSource(dbID, "Archive")
	require.NotEmpty(t, extra)

	for _, tt := range []struct {
		name, method, path string
		body               any
	}{
		{"retrieve", "GET", "/v1/databases/" + dbID, nil},
		{"update", "PATCH", "/v1/databases/" + dbID, map[string]any{"title": text("x")}},
		{"query", "POST", "/v1/databases/" + dbID + "/query", map[string]any{}},
		{"page parent", "POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": dbID},
			"properties": map[string]any{"Name": map[string]any{"title": text("x")}}}},
		{"relation target", "PATCH", "/v1/databases/" + other["id"].(string), map[string]any{"properties": map[string]any{
			"Item": map[string]any{"relation": map[string]any{"database_id": dbID, "single_property": map[string]any{}}}}}},
	} {
		r := c.do(tt.method, tt.path, tt.body)
		assert.Equal(t, http.StatusBadRequest, r.status, tt.name)
		assert.Equal(t, "validation_error", r.body["code"], tt.name)
		assert.Contains(t, r.body["message"], "has multiple data sources", tt.name)
	}
	found := resultIDs(t, c.ok("POST", "/v1/search", map[string]any{"filter": map[string]any{"property": "object", "value": "database"}}))
	assert.Equal(t, []string{other["id"].(string)}, found)

	c25 := c.at(at2025)
	found = resultIDs(t, c25.ok("POST", "/v1/search", map[string]any{"query": "", "filter": map[string]any{"property": "object", "value": "data_source"}}))
	assert.ElementsMatch(t, []string{dataSourceID(dbID), extra, dataSourceID(other["id"].(string))}, found)
	assert.Len(t, sourcesOf(t, c25.ok("GET", "/v1/databases/"+dbID, nil)), 2)

	// A data_source_id parent works at every version, 2022-06-28 included.
	p := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"type": "data_source_id", "data_source_id": extra},
		"properties": map[string]any{"Name": map[string]any{"title": text("Old catalog")}}})
	assert.Equal(t, map[string]any{"type": "database_id", "database_id": dbID}, p["parent"])
	assert.Equal(t, []string{p["id"].(string)}, resultIDs(t, c25.ok("POST", "/v1/data_sources/"+extra+"/query", nil)))
	assert.Empty(t, results(t, c25.ok("POST", "/v1/data_sources/"+dataSourceID(dbID)+"/query", nil)))
}

// TestSearchByVersion: search answers data sources from 2025-09-03 on and databases before.
func TestSearchByVersion(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Recipes", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	c26 := c.at(at2026)
	list := c26.ok("POST", "/v1/search", map[string]any{"query": "recipes"})
	assert.Equal(t, "page_or_data_source", list["type"])
	got := results(t, list)
	require.Len(t, got, 1)
	assert.Equal(t, "data_source", got[0]["object"])
	assert.Equal(t, dataSourceID(db["id"].(string)), got[0]["id"])
	r := c26.do("POST", "/v1/search", map[string]any{"filter": map[string]any{"property": "object", "value": "database"}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	old := results(t, c.ok("POST", "/v1/search", map[string]any{"query": "recipes"}))
	require.Len(t, old, 1)
	assert.Equal(t, "database", old[0]["object"])
	assert.Contains(t, old[0], "properties")
}

// TestVersion2026Requests: archived and after are refused at 2026-03-11; position places
// appended blocks; after still works before 2026-03-11.
func TestVersion2026Requests(t *testing.T) {
	srv, c := setup(t)
	c26 := c.at(at2026)
	page := c.createPage(srv.RootPageID, "Blocks")
	r := c26.do("PATCH", "/v1/pages/"+page, map[string]any{"archived": true})
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "validation_error", r.body["code"])
	assert.NotContains(t, c26.ok("GET", "/v1/pages/"+page, nil), "archived")

	list := func() []string {
		var texts []string
		for _, b := range results(t, c26.ok("GET", "/v1/blocks/"+page+"/children", nil)) {
			texts = append(texts, b["paragraph"].(map[string]any)["rich_text"].([]any)[0].(map[string]any)["plain_text"].(string))
		}
		return texts
	}
	first := results(t, c26.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("B"), para("D")}}))
	c26.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("A")}, "position": map[string]any{"type": "start"}})
	c26.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("C")},
		"position": map[string]any{"type": "after_block", "after_block": map[string]any{"id": first[0]["id"]}}})
	c26.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("F")}, "position": map[string]any{"type": "end"}})
	c.at(at2025).ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("E")}, "after": first[1]["id"]})
	assert.Equal(t, []string{"A", "B", "C", "D", "E", "F"}, list())

	r = c26.do("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("X")}, "after": first[0]["id"]})
	assert.Equal(t, http.StatusBadRequest, r.status)
	r = c26.do("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("X")}, "position": map[string]any{"type": "middle"}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	for _, b := range results(t, c26.ok("GET", "/v1/blocks/"+page+"/children", nil)) {
		assert.NotContains(t, b, "archived")
	}
	assert.Contains(t, c.at(at2025).ok("GET", "/v1/blocks/"+first[0]["id"].(string), nil), "archived")
}

// TestMeetingNotesBlock: the block type of 2026-03-11 meeting_notes is transcription before.
func TestMeetingNotesBlock(t *testing.T) {
	srv, c := setup(t)
	page := c.createPage(srv.RootPageID, "Meeting")
	srv.st.mu.Lock()
	id := newUUID()
	srv.st.addBlock(srv.st.newBlockObject(id, parentRef("page_id", page), "meeting_notes", jsonObject{"title": []any{}}), "")
	srv.st.mu.Unlock()
	b := c.at(at2026).ok("GET", "/v1/blocks/"+id, nil)
	assert.Equal(t, "meeting_notes", b["type"])
	assert.Contains(t, b, "meeting_notes")
	for _, v := range []string{at2025, at2022} {
		b = c.at(v).ok("GET", "/v1/blocks/"+id, nil)
		assert.Equal(t, "transcription", b["type"], v)
		assert.Contains(t, b, "transcription", v)
		assert.NotContains(t, b, "meeting_notes", v)
	}
}

// TestNotFoundByVersion: since 2025-09-03 a 404 names the integration.
func TestNotFoundByVersion(t *testing.T) {
	srv, c := setup(t)
	missing := "/v1/pages/e9f53dc3-80ce-4a97-9424-659ef13a0d2e"
	old := c.do("GET", missing, nil)
	assert.Equal(t, http.StatusNotFound, old.status)
	assert.NotContains(t, old.body, "additional_data")
	for _, v := range []string{at2025, at2026} {
		r := c.at(v).do("GET", missing, nil)
		assert.Equal(t, http.StatusNotFound, r.status)
		assert.Equal(t, map[string]any{"integration_id": srv.BotID}, r.body["additional_data"], v)
		assert.Equal(t, "Could not find page with ID: e9f53dc3-80ce-4a97-9424-659ef13a0d2e. Make sure the relevant pages and databases are shared with your integration \"Notion Emulator\".", r.body["message"], v)
	}
}

// TestRelationIntoMultiSource: at 2022-06-28 relation values pointing into a database with
// several data sources cannot be written; at 2025-09-03 they can.
func TestRelationIntoMultiSource(t *testing.T) {
	srv, c := setup(t)
	items := c.createDB(srv.RootPageID, "Items", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	itemsID := items["id"].(string)
	orders := c.createDB(srv.RootPageID, "Orders", map[string]any{
		"Name": map[string]any{"title": map[string]any{}},
		"Item": map[string]any{"relation": map[string]any{"database_id": itemsID, "single_property": map[string]any{}}},
	})
	item := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": itemsID},
		"properties": map[string]any{"Name": map[string]any{"title": text("tea")}}})
	srv.AddDataSource(itemsID, "More items")
	body := map[string]any{"parent": map[string]any{"database_id": orders["id"]}, "properties": map[string]any{
		"Name": map[string]any{"title": text("order")},
		"Item": map[string]any{"relation": []any{map[string]any{"id": item["id"]}}},
	}}
	r := c.do("POST", "/v1/pages", body)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "validation_error", r.body["code"])
	order := c.at(at2025).ok("POST", "/v1/pages", body)
	r = c.do("PATCH", "/v1/pages/"+order["id"].(string), map[string]any{"properties": map[string]any{"Item": map[string]any{"relation": []any{}}}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	c.ok("PATCH", "/v1/pages/"+order["id"].(string), map[string]any{"properties": map[string]any{"Name": map[string]any{"title": text("renamed")}}})
}
