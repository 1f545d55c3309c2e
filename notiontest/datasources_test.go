package notiontest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDatabaseAt2025 covers the container endpoints of 2025-09-03: create with
// initial_data_source, update of container fields, a further data source, templates.
func TestDatabaseAt2025(t *testing.T) {
	srv, c := setup(t)
	c25 := c.at(at2025)
	db := c25.ok("POST", "/v1/databases", map[string]any{
		"parent": map[string]any{"type": "page_id", "page_id": srv.RootPageID},
		"title":  text("Library"),
		"initial_data_source": map[string]any{"properties": map[string]any{
			"Title": map[string]any{"title": map[string]any{}},
			"Pages": map[string]any{"number": map[string]any{"format": "number"}},
		}},
	})
	dbID := db["id"].(string)
	assert.NotContains(t, db, "properties")
	assert.Equal(t, false, db["archived"])
	refs := sourcesOf(t, db)
	require.Len(t, refs, 1)
	dsID := refs[0]["id"].(string)

	r := c25.do("POST", "/v1/databases", map[string]any{"parent": map[string]any{"page_id": srv.RootPageID},
		"properties": map[string]any{"Name": map[string]any{"title": map[string]any{}}}})
	assert.Equal(t, http.StatusBadRequest, r.status, "the schema goes in initial_data_source")
	r = c25.do("PATCH", "/v1/databases/"+dbID, map[string]any{"properties": map[string]any{"X": map[string]any{"url": map[string]any{}}}})
	assert.Equal(t, http.StatusBadRequest, r.status, "properties belong to the data source")

	up := c25.ok("PATCH", "/v1/databases/"+dbID, map[string]any{"title": text("Books"), "is_locked": true})
	assert.Equal(t, "Books", up["title"].([]any)[0].(map[string]any)["plain_text"])
	assert.Equal(t, true, up["is_locked"])

	ds := c25.ok("PATCH", "/v1/data_sources/"+dsID, map[string]any{"title": text("Books by title"),
		"properties": map[string]any{"Author": map[string]any{"rich_text": map[string]any{}}}})
	assert.Contains(t, ds["properties"], "Author")
	assert.Equal(t, "Books by title", sourcesOf(t, c25.ok("GET", "/v1/databases/"+dbID, nil))[0]["name"])

	second := c25.ok("POST", "/v1/data_sources", map[string]any{
		"parent":     map[string]any{"type": "database_id", "database_id": dbID},
		"title":      text("Authors"),
		"properties": map[string]any{"Name": map[string]any{"title": map[string]any{}}},
	})
	assert.Equal(t, dbID, second["parent"].(map[string]any)["database_id"])
	assert.Len(t, sourcesOf(t, c25.ok("GET", "/v1/databases/"+dbID, nil)), 2)

	tpl := c25.ok("GET", "/v1/data_sources/"+dsID+"/templates", nil)
	assert.Equal(t, []any{}, tpl["templates"])
	assert.Equal(t, false, tpl["has_more"])

	// Trashing a data source takes it out of the database's list.
	c25.ok("PATCH", "/v1/data_sources/"+second["id"].(string), map[string]any{"in_trash": true})
	assert.Len(t, sourcesOf(t, c25.ok("GET", "/v1/databases/"+dbID, nil)), 1)

	// Relations name data sources, and answer both ids.
	rel := c25.ok("PATCH", "/v1/data_sources/"+dsID, map[string]any{"properties": map[string]any{
		"Sequel": map[string]any{"relation": map[string]any{"data_source_id": dsID, "type": "single_property", "single_property": map[string]any{}}}}})
	cfg := rel["properties"].(map[string]any)["Sequel"].(map[string]any)["relation"].(map[string]any)
	assert.Equal(t, dsID, cfg["data_source_id"])
	assert.Equal(t, dbID, cfg["database_id"])
}

// TestDataSourceQueryOptions covers filter_properties, in_trash and result_type.
func TestDataSourceQueryOptions(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Notes", map[string]any{
		"Name": map[string]any{"title": map[string]any{}},
		"Tag":  map[string]any{"rich_text": map[string]any{}},
	})
	dsID := dataSourceID(db["id"].(string))
	c25 := c.at(at2025)
	keep := c25.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"data_source_id": dsID},
		"properties": map[string]any{"Name": map[string]any{"title": text("keep")}}})
	gone := c25.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"data_source_id": dsID},
		"properties": map[string]any{"Name": map[string]any{"title": text("gone")}}})
	c25.ok("PATCH", "/v1/pages/"+gone["id"].(string), map[string]any{"in_trash": true})

	assert.Equal(t, []string{keep["id"].(string)}, resultIDs(t, c25.ok("POST", "/v1/data_sources/"+dsID+"/query", nil)))
	assert.ElementsMatch(t, []string{keep["id"].(string), gone["id"].(string)},
		resultIDs(t, c25.ok("POST", "/v1/data_sources/"+dsID+"/query", map[string]any{"in_trash": true})))
	assert.Empty(t, results(t, c25.ok("POST", "/v1/data_sources/"+dsID+"/query", map[string]any{"result_type": "data_source"})))
	r := c25.do("POST", "/v1/data_sources/"+dsID+"/query", map[string]any{"result_type": "block"})
	assert.Equal(t, http.StatusBadRequest, r.status)

	only := results(t, c25.ok("POST", "/v1/data_sources/"+dsID+"/query?filter_properties=title", nil))
	require.Len(t, only, 1)
	assert.Equal(t, []string{"Name"}, keysOf(only[0]["properties"].(map[string]any)))
}

// keysOf returns the keys of a map.
func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestMoveDataSource: a data source moves, with its pages, into another database; relations
// to it follow.
func TestMoveDataSource(t *testing.T) {
	srv, c := setup(t)
	c25 := c.at(at2025)
	create := func(title string) (string, string) {
		db := c25.ok("POST", "/v1/databases", map[string]any{"parent": map[string]any{"page_id": srv.RootPageID}, "title": text(title),
			"initial_data_source": map[string]any{"properties": map[string]any{"Name": map[string]any{"title": map[string]any{}}}}})
		return db["id"].(string), sourcesOf(t, db)[0]["id"].(string)
	}
	fromDB, moving := create("Movable")
	toDB, staying := create("Target")
	c25.ok("PATCH", "/v1/data_sources/"+staying, map[string]any{"properties": map[string]any{
		"Link": map[string]any{"relation": map[string]any{"data_source_id": moving, "single_property": map[string]any{}}}}})
	row := c25.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"data_source_id": moving},
		"properties": map[string]any{"Name": map[string]any{"title": text("row")}}})

	moved := c25.ok("PATCH", "/v1/data_sources/"+moving, map[string]any{"parent": map[string]any{"type": "database_id", "database_id": toDB}})
	assert.Equal(t, map[string]any{"type": "database_id", "database_id": toDB}, moved["parent"])
	var names []any
	for _, r := range sourcesOf(t, c25.ok("GET", "/v1/databases/"+toDB, nil)) {
		names = append(names, r["name"])
	}
	assert.Equal(t, []any{"Target", "Movable"}, names)
	assert.Empty(t, sourcesOf(t, c25.ok("GET", "/v1/databases/"+fromDB, nil)))
	page := c25.ok("GET", "/v1/pages/"+row["id"].(string), nil)
	assert.Equal(t, map[string]any{"type": "data_source_id", "data_source_id": moving, "database_id": toDB}, page["parent"])
	link := c25.ok("GET", "/v1/data_sources/"+staying, nil)["properties"].(map[string]any)["Link"].(map[string]any)["relation"].(map[string]any)
	assert.Equal(t, toDB, link["database_id"])

	r := c25.do("PATCH", "/v1/data_sources/"+moving, map[string]any{"parent": map[string]any{"type": "page_id", "page_id": srv.RootPageID}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	// At 2022-06-28 the target, now with two data sources, is refused.
	assert.Equal(t, http.StatusBadRequest, c.do("GET", "/v1/databases/"+toDB, nil).status)
}

// TestSharedTitle: a database with one data source and that data source share their title.
func TestSharedTitle(t *testing.T) {
	srv, c := setup(t)
	c25 := c.at(at2025)
	db := c25.ok("POST", "/v1/databases", map[string]any{"parent": map[string]any{"page_id": srv.RootPageID}})
	assert.Equal(t, "New database", db["title"].([]any)[0].(map[string]any)["plain_text"])
	dsID := sourcesOf(t, db)[0]["id"].(string)
	assert.Empty(t, c25.ok("GET", "/v1/data_sources/"+dsID, nil)["title"])
	assert.Equal(t, "New database", sourcesOf(t, db)[0]["name"])

	c25.ok("PATCH", "/v1/data_sources/"+dsID, map[string]any{"title": text("Articles")})
	dbID := db["id"].(string)
	got := c25.ok("GET", "/v1/databases/"+dbID, nil)
	assert.Equal(t, "Articles", got["title"].([]any)[0].(map[string]any)["plain_text"])
	assert.Equal(t, "Articles", c25.ok("GET", "/v1/blocks/"+dbID, nil)["child_database"].(map[string]any)["title"])
	c25.ok("PATCH", "/v1/data_sources/"+dsID, map[string]any{"title": []any{}})
	assert.Equal(t, "New database", c25.ok("GET", "/v1/blocks/"+dbID, nil)["child_database"].(map[string]any)["title"])
	c25.ok("PATCH", "/v1/databases/"+dbID, map[string]any{"title": text("Books")})
	assert.Equal(t, "Books", c25.ok("GET", "/v1/data_sources/"+dsID, nil)["title"].([]any)[0].(map[string]any)["plain_text"])

	// With two data sources each keeps its own title.
	second := srv.AddDataSource(dbID, "Authors")
	c25.ok("PATCH", "/v1/data_sources/"+second, map[string]any{"title": text("Writers")})
	assert.Equal(t, "Books", c25.ok("GET", "/v1/databases/"+dbID, nil)["title"].([]any)[0].(map[string]any)["plain_text"])
}

// TestMoveDatabase: a database moves to another page, with its data source and pages, but
// not into one of its own pages.
func TestMoveDatabase(t *testing.T) {
	srv, c := setup(t)
	c26 := c.at(at2026)
	target := c.createPage(srv.RootPageID, "Archive")
	db := c.createDB(srv.RootPageID, "Log", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	dbID := db["id"].(string)
	row := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": dbID},
		"properties": map[string]any{"Name": map[string]any{"title": text("entry")}}})
	inner := c.createPage(row["id"].(string), "Inside")

	r := c26.do("PATCH", "/v1/databases/"+dbID, map[string]any{"parent": map[string]any{"type": "page_id", "page_id": inner}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	moved := c26.ok("PATCH", "/v1/databases/"+dbID, map[string]any{"parent": map[string]any{"type": "page_id", "page_id": target}})
	assert.Equal(t, map[string]any{"type": "page_id", "page_id": target}, moved["parent"])
	assert.Equal(t, []string{dbID}, resultIDs(t, c26.ok("GET", "/v1/blocks/"+target+"/children", nil)))
	assert.NotContains(t, resultIDs(t, c26.ok("GET", "/v1/blocks/"+srv.RootPageID+"/children", nil)), dbID)
	ds := c26.ok("GET", "/v1/data_sources/"+dataSourceID(dbID), nil)
	assert.Equal(t, map[string]any{"type": "page_id", "page_id": target}, ds["database_parent"])
	assert.Equal(t, []string{row["id"].(string)}, resultIDs(t, c.ok("POST", "/v1/databases/"+dbID+"/query", nil)))
}
