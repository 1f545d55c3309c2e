package notiontest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeEnv is an in-memory valueEnv for the property logic's tests.
type fakeEnv struct {
	users   map[string]jsonObject
	pages   map[string]jsonObject
	dbs     map[string]jsonObject
	ids     int
	numbers map[string]int
	clock   time.Time
}

// newFakeEnv makes an empty fakeEnv whose clock reads 2025-10-30 15:45 UTC.
func newFakeEnv() *fakeEnv {
	return &fakeEnv{
		users:   map[string]jsonObject{},
		pages:   map[string]jsonObject{},
		dbs:     map[string]jsonObject{},
		numbers: map[string]int{},
		clock:   time.Date(2025, 10, 30, 15, 45, 53, 0, time.UTC),
	}
}

func (e *fakeEnv) user(id string) (jsonObject, bool)       { u, ok := e.users[id]; return u, ok }
func (e *fakeEnv) page(id string) (jsonObject, bool)       { p, ok := e.pages[id]; return p, ok }
func (e *fakeEnv) dataSource(id string) (jsonObject, bool) { d, ok := e.dbs[id]; return d, ok }
func (e *fakeEnv) multiSource(string) bool                 { return false }
func (e *fakeEnv) now() time.Time                          { return e.clock }

func (e *fakeEnv) newID() string {
	e.ids++
	return fmt.Sprintf("fk%%3A%d", e.ids)
}

func (e *fakeEnv) nextNumber(databaseID string) int {
	e.numbers[databaseID]++
	return e.numbers[databaseID]
}

// Users of the tests, shaped like the recorded ones.
const (
	botID    = "00000000-0000-4000-8000-0000000000f1"
	personID = "00000000-0000-4000-8000-0000000000fa"
)

// withUsers adds a bot and a person to env.
func withUsers(env *fakeEnv) *fakeEnv {
	env.users[botID] = jsonObject{"object": "user", "id": botID, "name": "Bot", "avatar_url": nil, "type": "bot",
		"bot": jsonObject{"owner": jsonObject{"type": "workspace", "workspace": true}, "workspace_name": "WS", "workspace_id": testWorkspace}}
	env.users[personID] = jsonObject{"object": "user", "id": personID, "name": "Ada", "avatar_url": nil, "type": "person",
		"person": jsonObject{"email": "ada@example.com"}}
	return env
}

// testWorkspace is the workspace id the recordings write in formula references.
const testWorkspace = "00000000-0000-4000-8000-0000000000f0"

// testPage makes a stored page of database dbID with the given property values.
func testPage(id, dbID string, props jsonObject) jsonObject {
	return jsonObject{
		"object": "page", "id": id, "created_time": "2025-10-30T15:00:00.000Z", "last_edited_time": "2025-10-30T15:30:00.000Z",
		"created_by": jsonObject{"object": "user", "id": botID}, "last_edited_by": jsonObject{"object": "user", "id": personID},
		"parent": jsonObject{"type": "database_id", "database_id": dbID}, "in_trash": false, "archived": false,
		"properties": props,
	}
}

// mustSchema builds a database's properties from a create request's properties.
func mustSchema(t testing.TB, env *fakeEnv, id, title string, req jsonObject) jsonObject {
	t.Helper()
	db := jsonObject{"object": "database", "id": id, "title": textRichText(title), "properties": jsonObject{}}
	props := db["properties"].(jsonObject)
	for name, cfg := range req {
		p, err := schemaProperty(name, cfg.(jsonObject), nil, env)
		require.Nil(t, err, "property %s", name)
		props[str(p, "name")] = p
	}
	env.dbs[id] = db
	_, err := linkSchema(nil, db, env, testWorkspace)
	require.Nil(t, err)
	return db
}

// mustValue sets a page value through pageValue.
func mustValue(t testing.TB, env *fakeEnv, db jsonObject, name string, input any) jsonObject {
	t.Helper()
	sp, ok := object(db["properties"].(jsonObject), name)
	require.True(t, ok, name)
	v, err := pageValue(sp, input, env)
	require.Nil(t, err, "%s: %v", name, err)
	return v
}

const (
	dbA = "29c974f3-b388-8160-92d2-c0614c61ab10"
	dbB = "29c974f3-b388-8194-b861-c228b4a7f8db"
	pA1 = "29c974f3-b388-8135-b5b1-ed0ed4439e69"
	pA2 = "29c974f3-b388-8151-ab15-d0b337bc7c0b"
	pB1 = "29c974f3-b388-81aa-aaaa-aaaaaaaaaaaa"
)

func TestComputeValuesAllTypes(t *testing.T) {
	env := withUsers(newFakeEnv())
	a := mustSchema(t, env, dbA, "Schema A", jsonObject{
		"Name":  jsonObject{"title": jsonObject{}},
		"Score": jsonObject{"number": jsonObject{}},
	})
	b := mustSchema(t, env, dbB, "Schema B", jsonObject{
		"Title":    jsonObject{"title": jsonObject{}},
		"Number":   jsonObject{"number": jsonObject{"format": "dollar"}},
		"Formula":  jsonObject{"formula": jsonObject{"expression": `prop("Number") * 2`}},
		"Relation": jsonObject{"relation": jsonObject{"database_id": dbA, "single_property": jsonObject{}}},
		"Count":    jsonObject{"rollup": jsonObject{"function": "count", "relation_property_name": "Relation", "rollup_property_name": "Name"}},
		"Total":    jsonObject{"rollup": jsonObject{"function": "sum", "relation_property_name": "Relation", "rollup_property_name": "Score"}},
		"ID":       jsonObject{"unique_id": jsonObject{"prefix": "ABC"}},
		"Created":  jsonObject{"created_time": jsonObject{}},
		"Edited":   jsonObject{"last_edited_time": jsonObject{}},
		"Author":   jsonObject{"created_by": jsonObject{}},
		"Editor":   jsonObject{"last_edited_by": jsonObject{}},
		"Status":   jsonObject{"status": jsonObject{}},
		"Done":     jsonObject{"checkbox": jsonObject{}},
	})
	for id, score := range map[string]float64{pA1: 2, pA2: 3} {
		p := testPage(id, dbA, jsonObject{"Score": mustValue(t, env, a, "Score", jsonObject{"number": score})})
		computeValues(a, p, env)
		env.pages[id] = p
	}
	page := testPage(pB1, dbB, jsonObject{
		"Number":   mustValue(t, env, b, "Number", jsonObject{"number": 42}),
		"Relation": mustValue(t, env, b, "Relation", jsonObject{"relation": []any{jsonObject{"id": pA1}, jsonObject{"id": pA2}}}),
	})
	computeValues(b, page, env)
	props := page["properties"].(jsonObject)
	require.Len(t, props, 13)

	assert.Equal(t, jsonObject{"type": "number", "number": 84.0}, props["Formula"].(jsonObject)["formula"])
	assert.Equal(t, jsonObject{"type": "number", "number": 2.0, "function": "count"}, props["Count"].(jsonObject)["rollup"])
	assert.Equal(t, jsonObject{"type": "number", "number": 5.0, "function": "sum"}, props["Total"].(jsonObject)["rollup"])
	assert.Equal(t, jsonObject{"prefix": "ABC", "number": 1.0}, props["ID"].(jsonObject)["unique_id"])
	assert.Equal(t, "2025-10-30T15:00:00.000Z", props["Created"].(jsonObject)["created_time"])
	assert.Equal(t, "2025-10-30T15:30:00.000Z", props["Edited"].(jsonObject)["last_edited_time"])
	author := props["Author"].(jsonObject)["created_by"].(jsonObject)
	assert.Equal(t, jsonObject{}, author["bot"], "a bot's details are left out")
	assert.Equal(t, "Bot", author["name"])
	editor := props["Editor"].(jsonObject)["last_edited_by"].(jsonObject)
	assert.Equal(t, jsonObject{"email": "ada@example.com"}, editor["person"])
	assert.Equal(t, "Not started", props["Status"].(jsonObject)["status"].(jsonObject)["name"])
	assert.Equal(t, false, props["Done"].(jsonObject)["checkbox"])
	assert.Equal(t, []any{}, props["Title"].(jsonObject)["title"])
	for name, v := range props {
		assert.Equal(t, b["properties"].(jsonObject)[name].(jsonObject)["id"], v.(jsonObject)["id"], name)
	}

	// The unique_id stays; a new prefix shows; a second page gets the next number.
	b["properties"].(jsonObject)["ID"].(jsonObject)["unique_id"] = jsonObject{"prefix": "NEW"}
	computeValues(b, page, env)
	assert.Equal(t, jsonObject{"prefix": "NEW", "number": 1.0}, page["properties"].(jsonObject)["ID"].(jsonObject)["unique_id"])
	other := testPage("29c974f3-b388-81bb-bbbb-bbbbbbbbbbbb", dbB, jsonObject{})
	computeValues(b, other, env)
	assert.Equal(t, 2.0, other["properties"].(jsonObject)["ID"].(jsonObject)["unique_id"].(jsonObject)["number"])
}

func TestComputeValuesFollowsSchemaChanges(t *testing.T) {
	env := withUsers(newFakeEnv())
	db := mustSchema(t, env, dbA, "A", jsonObject{
		"Name":  jsonObject{"title": jsonObject{}},
		"Score": jsonObject{"number": jsonObject{}},
		"Note":  jsonObject{"rich_text": jsonObject{}},
	})
	page := testPage(pA1, dbA, jsonObject{
		"Score": mustValue(t, env, db, "Score", jsonObject{"number": 7}),
		"Note":  mustValue(t, env, db, "Note", jsonObject{"rich_text": []any{jsonObject{"text": jsonObject{"content": "x"}}}}),
		"Stale": jsonObject{"id": "gone", "type": "number", "number": 1.0},
	})
	computeValues(db, page, env)
	props := db["properties"].(jsonObject)
	// Rename Score to Points, change Note into a number.
	score := props["Score"].(jsonObject)
	renamed, err := schemaProperty("Score", jsonObject{"name": "Points"}, score, env)
	require.Nil(t, err)
	delete(props, "Score")
	props["Points"] = renamed
	retyped, err := schemaProperty("Note", jsonObject{"number": jsonObject{}}, props["Note"].(jsonObject), env)
	require.Nil(t, err)
	props["Note"] = retyped
	computeValues(db, page, env)
	values := page["properties"].(jsonObject)
	assert.Len(t, values, 3)
	assert.Equal(t, 7.0, values["Points"].(jsonObject)["number"], "the value follows the renamed property")
	assert.Equal(t, jsonObject{"id": retyped["id"], "type": "number", "number": nil}, values["Note"])
	assert.NotContains(t, values, "Stale")
}

func TestSyncBackRelations(t *testing.T) {
	env := withUsers(newFakeEnv())
	a := mustSchema(t, env, dbA, "Tasks", jsonObject{"Name": jsonObject{"title": jsonObject{}}})
	b := mustSchema(t, env, dbB, "Projects", jsonObject{
		"Name":  jsonObject{"title": jsonObject{}},
		"Tasks": jsonObject{"relation": jsonObject{"database_id": dbA, "type": "dual_property", "dual_property": jsonObject{}}},
	})
	backName := "Related to Projects (Tasks)"
	require.Contains(t, a["properties"], backName)
	for _, id := range []string{pA1, pA2} {
		p := testPage(id, dbA, jsonObject{})
		computeValues(a, p, env)
		env.pages[id] = p
	}
	page := testPage(pB1, dbB, jsonObject{
		"Tasks": mustValue(t, env, b, "Tasks", jsonObject{"relation": []any{jsonObject{"id": pA1}, jsonObject{"id": pA2}}}),
	})
	computeValues(b, page, env)
	changed := syncBackRelations(b, page, nil, env)
	assert.Equal(t, []string{pA1, pA2}, changed)
	back := func(id string) any {
		return env.pages[id]["properties"].(jsonObject)[backName].(jsonObject)["relation"]
	}
	assert.Equal(t, []any{jsonObject{"id": pB1}}, back(pA1))
	assert.Equal(t, []any{jsonObject{"id": pB1}}, back(pA2))

	before := deepCopy(page["properties"].(jsonObject))
	page["properties"].(jsonObject)["Tasks"] = mustValue(t, env, b, "Tasks", jsonObject{"relation": []any{jsonObject{"id": pA2}}})
	changed = syncBackRelations(b, page, before, env)
	assert.Equal(t, []string{pA1}, changed)
	assert.Equal(t, []any{}, back(pA1))
	assert.Equal(t, []any{jsonObject{"id": pB1}}, back(pA2))

	// A page that is not in the relation's target database is left alone.
	stray := testPage("29c974f3-b388-81cc-8ccc-cccccccccccc", dbB, jsonObject{})
	env.pages[str(stray, "id")] = stray
	before = deepCopy(page["properties"].(jsonObject))
	page["properties"].(jsonObject)["Tasks"] = mustValue(t, env, b, "Tasks", jsonObject{"relation": []any{jsonObject{"id": str(stray, "id")}}})
	changed = syncBackRelations(b, page, before, env)
	assert.Equal(t, []string{pA2}, changed)
	assert.NotContains(t, stray["properties"], backName)
}

func TestComputedValuesMatchRecordings(t *testing.T) {
	all := loadRecordings(t)
	users := recordedUsers(all)
	checked := 0
	for file, exchanges := range all {
		env := newFakeEnv()
		env.users = users
		env.clock = latestTimestamp(exchanges)
		dbs := map[string]jsonObject{}
		for _, ex := range exchanges {
			if ex.Status != 200 || ex.Response == nil {
				continue
			}
			for _, db := range recordedDatabases(ex.Response) {
				dbs[str(db, "id")] = db
			}
			results, _ := ex.Response["results"].([]any)
			for _, r := range append(results, any(ex.Response)) {
				if p, ok := r.(jsonObject); ok && str(p, "object") == "page" {
					env.pages[str(p, "id")] = p
				}
			}
			for _, r := range append(results, any(ex.Response)) {
				p, ok := r.(jsonObject)
				parent, _ := object(p, "parent")
				db, known := dbs[str(parent, "database_id")]
				if !ok || str(p, "object") != "page" || !known {
					continue
				}
				got := deepCopy(p)
				computeValues(db, got, env)
				for name, w := range p["properties"].(jsonObject) {
					if _, inSchema := object(db["properties"].(jsonObject), name); !inSchema {
						continue // the page was answered before or after the schema snapshot
					}
					switch str(w.(jsonObject), "type") {
					case "formula", "rollup", "created_time", "created_by", "last_edited_time", "last_edited_by":
						assert.Equal(t, w, got["properties"].(jsonObject)[name], "%s seq %d: %s", file, ex.Seq, name)
						checked++
					}
				}
			}
		}
	}
	assert.Greater(t, checked, 500, "computed values checked against recordings")
}
