package notiontest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// databaseKeys are the keys of every database object Notion answers.
var databaseKeys = []string{"object", "id", "cover", "icon", "created_time", "created_by", "last_edited_by",
	"last_edited_time", "title", "description", "is_inline", "properties", "parent", "url", "public_url",
	"archived", "in_trash", "request_id"}

func TestCreateAndGetDatabase(t *testing.T) {
	srv, c := setup(t)
	db := c.ok("POST", "/v1/databases", map[string]any{
		"parent":      map[string]any{"type": "page_id", "page_id": srv.RootPageID},
		"title":       text("Tasks"),
		"description": text("What to do"),
		"is_inline":   true,
		"properties": map[string]any{
			"Task": map[string]any{"type": "title", "title": map[string]any{}},
			"Done": map[string]any{"checkbox": map[string]any{}},
		},
	})
	for _, k := range databaseKeys {
		assert.Contains(t, db, k)
	}
	id := db["id"].(string)
	assert.Equal(t, "https://www.notion.so/"+compactID(id), db["url"])
	assert.Equal(t, true, db["is_inline"])
	props := db["properties"].(map[string]any)
	assert.Equal(t, "title", props["Task"].(map[string]any)["id"])
	assert.Equal(t, "checkbox", props["Done"].(map[string]any)["type"])

	got := c.ok("GET", "/v1/databases/"+id, nil)
	delete(got, "request_id")
	delete(db, "request_id")
	assert.Equal(t, db, got)

	kids := results(t, c.ok("GET", "/v1/blocks/"+srv.RootPageID+"/children", nil))
	require.Len(t, kids, 1)
	assert.Equal(t, "child_database", kids[0]["type"])
	assert.Equal(t, map[string]any{"title": "Tasks"}, kids[0]["child_database"])
}

func TestCreateDatabaseErrors(t *testing.T) {
	srv, c := setup(t)
	root := map[string]any{"page_id": srv.RootPageID}
	title := map[string]any{"title": map[string]any{}}
	tests := []struct {
		name   string
		body   map[string]any
		status int
	}{
		{"no properties", map[string]any{"parent": root}, 400},
		{"no title property", map[string]any{"parent": root, "properties": map[string]any{"N": map[string]any{"number": map[string]any{}}}}, 400},
		{"two title properties", map[string]any{"parent": root, "properties": map[string]any{"A": title, "B": title}}, 400},
		{"no parent", map[string]any{"properties": map[string]any{"A": title}}, 400},
		{"missing parent", map[string]any{"parent": map[string]any{"page_id": "e9f53dc3-80ce-4a97-9424-659ef13a0d2e"}, "properties": map[string]any{"A": title}}, 404},
		{"relation to a missing database", map[string]any{"parent": root, "properties": map[string]any{"A": title,
			"R": map[string]any{"relation": map[string]any{"database_id": "e9f53dc3-80ce-4a97-9424-659ef13a0d2e", "single_property": map[string]any{}}}}}, 400},
		{"bad title", map[string]any{"parent": root, "title": "x", "properties": map[string]any{"A": title}}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("POST", "/v1/databases", tt.body)
			assert.Equal(t, tt.status, r.status, "%v", r.body)
		})
	}
	assert.Empty(t, results(t, c.ok("GET", "/v1/blocks/"+srv.RootPageID+"/children", nil)))
}

func TestUpdateDatabaseSchema(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Schema", map[string]any{
		"Name":  map[string]any{"title": map[string]any{}},
		"Count": map[string]any{"number": map[string]any{}},
		"Note":  map[string]any{"rich_text": map[string]any{}},
	})
	id := db["id"].(string)
	row := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": id},
		"properties": map[string]any{"Name": text("row"), "Count": map[string]any{"number": 7}}})
	countID := db["properties"].(map[string]any)["Count"].(map[string]any)["id"].(string)

	db = c.ok("PATCH", "/v1/databases/"+id, map[string]any{
		"title":      text("Renamed DB"),
		"properties": map[string]any{countID: map[string]any{"name": "Amount"}, "Note": nil, "Due": map[string]any{"date": map[string]any{}}},
	})
	props := db["properties"].(map[string]any)
	assert.Contains(t, props, "Amount")
	assert.Equal(t, countID, props["Amount"].(map[string]any)["id"], "a rename keeps the id")
	assert.NotContains(t, props, "Note")
	assert.Contains(t, props, "Due")
	assert.Equal(t, "Renamed DB", plainText(db["title"]))
	assert.Equal(t, map[string]any{"title": "Renamed DB"}, c.ok("GET", "/v1/blocks/"+id, nil)["child_database"])

	values := c.ok("GET", "/v1/pages/"+row["id"].(string), nil)["properties"].(map[string]any)
	assert.Equal(t, float64(7), values["Amount"].(map[string]any)["number"], "values follow renames")
	assert.NotContains(t, values, "Note")
	assert.Nil(t, values["Due"].(map[string]any)["date"])

	for name, props := range map[string]map[string]any{
		"delete the title":    {"Name": nil},
		"delete a stranger":   {"Nope": nil},
		"rename onto another": {"Amount": map[string]any{"name": "Due"}},
	} {
		r := c.do("PATCH", "/v1/databases/"+id, map[string]any{"properties": props})
		assert.Equal(t, 400, r.status, name)
	}
}

func TestTwoWayRelation(t *testing.T) {
	srv, c := setup(t)
	items := c.createDB(srv.RootPageID, "Items", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	itemsID := items["id"].(string)
	customers := c.createDB(srv.RootPageID, "Customers", map[string]any{
		"Name":      map[string]any{"title": map[string]any{}},
		"Purchases": map[string]any{"relation": map[string]any{"database_id": itemsID, "type": "dual_property", "dual_property": map[string]any{}}},
	})
	custID := customers["id"].(string)
	purchases := customers["properties"].(map[string]any)["Purchases"].(map[string]any)
	rel := purchases["relation"].(map[string]any)
	dual := rel["dual_property"].(map[string]any)
	backName := "Related to Customers (Purchases)"
	assert.Equal(t, backName, dual["synced_property_name"])
	assert.NotEmpty(t, rel["data_source_id"])

	items = c.ok("GET", "/v1/databases/"+itemsID, nil)
	back := items["properties"].(map[string]any)[backName].(map[string]any)
	assert.Equal(t, dual["synced_property_id"], back["id"])
	backDual := back["relation"].(map[string]any)["dual_property"].(map[string]any)
	assert.Equal(t, "Purchases", backDual["synced_property_name"])
	assert.Equal(t, purchases["id"], backDual["synced_property_id"])

	// Renaming the back property reaches the other side.
	c.ok("PATCH", "/v1/databases/"+itemsID, map[string]any{"properties": map[string]any{back["id"].(string): map[string]any{"name": "Bought by"}}})
	customers = c.ok("GET", "/v1/databases/"+custID, nil)
	dual = customers["properties"].(map[string]any)["Purchases"].(map[string]any)["relation"].(map[string]any)["dual_property"].(map[string]any)
	assert.Equal(t, "Bought by", dual["synced_property_name"])

	// Relating pages fills the back relation.
	item := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": itemsID}, "properties": map[string]any{"Name": text("Tea")}})
	cust := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": custID}, "properties": map[string]any{
		"Name": text("Ada"), "Purchases": map[string]any{"relation": []any{map[string]any{"id": item["id"]}}}}})
	item = c.ok("GET", "/v1/pages/"+item["id"].(string), nil)
	assert.Equal(t, []any{map[string]any{"id": cust["id"]}}, item["properties"].(map[string]any)["Bought by"].(map[string]any)["relation"])
	c.ok("PATCH", "/v1/pages/"+cust["id"].(string), map[string]any{"properties": map[string]any{"Purchases": map[string]any{"relation": []any{}}}})
	item = c.ok("GET", "/v1/pages/"+item["id"].(string), nil)
	assert.Empty(t, item["properties"].(map[string]any)["Bought by"].(map[string]any)["relation"])
}

func TestQueryDatabase(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Numbers", map[string]any{
		"Name": map[string]any{"title": map[string]any{}},
		"N":    map[string]any{"number": map[string]any{}},
	})
	id := db["id"].(string)
	var ids []string
	for i := range 7 {
		p := c.ok("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": id},
			"properties": map[string]any{"Name": text(fmt.Sprintf("row %d", i)), "N": map[string]any{"number": i}}})
		ids = append(ids, p["id"].(string))
	}
	c.ok("PATCH", "/v1/pages/"+ids[0], map[string]any{"in_trash": true})

	all := c.ok("POST", "/v1/databases/"+id+"/query", map[string]any{})
	assert.Equal(t, "page_or_database", all["type"])
	assert.Equal(t, map[string]any{}, all["page_or_database"])
	rows := results(t, all)
	require.Len(t, rows, 6, "pages in the trash are left out")
	assert.Equal(t, ids[6], rows[0]["id"], "most recently created first")

	// Pages of 4: every page once.
	seen := map[any]bool{}
	body := map[string]any{"page_size": 4}
	for {
		page := c.ok("POST", "/v1/databases/"+id+"/query", body)
		for _, r := range results(t, page) {
			seen[r["id"]] = true
		}
		if page["has_more"] != true {
			break
		}
		body["start_cursor"] = page["next_cursor"]
	}
	assert.Len(t, seen, 6)

	q := c.ok("POST", "/v1/databases/"+id+"/query", map[string]any{
		"filter": map[string]any{"property": "N", "number": map[string]any{"greater_than": 3}},
		"sorts":  []any{map[string]any{"property": "N", "direction": "ascending"}},
	})
	var got []any
	for _, r := range results(t, q) {
		got = append(got, r["properties"].(map[string]any)["N"].(map[string]any)["number"])
	}
	assert.Equal(t, []any{float64(4), float64(5), float64(6)}, got)

	r := c.do("POST", "/v1/databases/"+id+"/query", map[string]any{"page_size": 101})
	assert.Equal(t, 400, r.status)
	r = c.do("POST", "/v1/databases/e9f53dc3-80ce-4a97-9424-659ef13a0d2e/query", map[string]any{})
	assert.Equal(t, 404, r.status)
}

func TestTrashDatabase(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Gone", map[string]any{"Name": map[string]any{"title": map[string]any{}}})
	id := db["id"].(string)
	b := c.ok("DELETE", "/v1/blocks/"+id, nil)
	assert.Equal(t, "child_database", b["type"])
	assert.Equal(t, true, b["in_trash"])
	assert.Equal(t, true, c.ok("GET", "/v1/databases/"+id, nil)["archived"])
	r := c.do("PATCH", "/v1/databases/"+id, map[string]any{"title": text("x")})
	assert.Equal(t, 400, r.status)
	r = c.do("POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": id}, "properties": map[string]any{}})
	assert.Equal(t, 400, r.status)
	db = c.ok("PATCH", "/v1/databases/"+id, map[string]any{"archived": false})
	assert.Equal(t, false, db["in_trash"])
}

func TestPageNamingNewSelectOptionAddsIt(t *testing.T) {
	srv, c := setup(t)
	db := c.createDB(srv.RootPageID, "Tasks", map[string]any{
		"Name":   map[string]any{"title": map[string]any{}},
		"Status": map[string]any{"select": map[string]any{"options": []any{map[string]any{"name": "Todo"}}}},
	})["id"].(string)
	c.ok("POST", "/v1/pages", map[string]any{
		"parent": map[string]any{"database_id": db},
		"properties": map[string]any{
			"Name":   map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "x"}}}},
			"Status": map[string]any{"select": map[string]any{"name": "Blocked"}},
		},
	})
	got := c.ok("GET", "/v1/databases/"+db, nil)
	opts := got["properties"].(map[string]any)["Status"].(map[string]any)["select"].(map[string]any)["options"].([]any)
	var names []any
	for _, o := range opts {
		names = append(names, o.(map[string]any)["name"])
	}
	assert.Equal(t, []any{"Todo", "Blocked"}, names)

	r := c.do("POST", "/v1/pages", map[string]any{
		"parent": map[string]any{"database_id": db},
		"properties": map[string]any{
			"Name":   map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "y"}}}},
			"Status": map[string]any{"select": map[string]any{"name": "Later"}},
			"Nope":   map[string]any{"checkbox": true},
		},
	})
	assert.Equal(t, 400, r.status)
	got = c.ok("GET", "/v1/databases/"+db, nil)
	opts = got["properties"].(map[string]any)["Status"].(map[string]any)["select"].(map[string]any)["options"].([]any)
	assert.Len(t, opts, 2, "a rejected request adds no option")
}
