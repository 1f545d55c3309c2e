package notiontest

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordedExchange is one request and answer of testdata/recordings.
type recordedExchange struct {
	Seq      int        `json:"seq"`
	Method   string     `json:"method"`
	URI      string     `json:"uri"`
	Request  jsonObject `json:"request"`
	Status   int        `json:"status"`
	Response jsonObject `json:"response"`
}

// loadRecordings reads every recording, by file name.
func loadRecordings(t *testing.T) map[string][]recordedExchange {
	t.Helper()
	files, err := filepath.Glob("../testdata/recordings/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string][]recordedExchange{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var rec struct {
			Interactions []recordedExchange `json:"interactions"`
		}
		require.NoError(t, json.Unmarshal(b, &rec), f)
		out[filepath.Base(f)] = rec.Interactions
	}
	return out
}

// lastSegment is the last path segment of a recorded URI.
func lastSegment(uri string) string {
	uri, _, _ = strings.Cut(uri, "?")
	return uri[strings.LastIndex(uri, "/")+1:]
}

// recordedWorld replays the database requests of one recording through schemaProperty and
// linkSchema, giving properties the ids Notion gave them.
type recordedWorld struct {
	t   *testing.T
	env *fakeEnv
}

// seed stores a database the recording answered but never created, as Notion answered it.
func (w recordedWorld) seed(db jsonObject) {
	if _, ok := w.env.dbs[str(db, "id")]; ok {
		return
	}
	c := deepCopy(db)
	delete(c, "request_id")
	w.env.dbs[str(db, "id")] = c
}

// apply runs a database create (before nil) or update request on db.
func (w recordedWorld) apply(db, req jsonObject) {
	w.t.Helper()
	before := deepCopy(db)
	props, _ := object(db, "properties")
	reqProps, _ := object(req, "properties")
	for _, key := range slices.Sorted(maps.Keys(reqProps)) {
		cfg := reqProps[key]
		name, prev, found := findProperty(props, key)
		if cfg == nil {
			delete(props, name)
			continue
		}
		if !found {
			prev = nil
		}
		p, err := schemaProperty(key, cfg.(jsonObject), prev, w.env)
		require.Nil(w.t, err, "%s: %v", key, err)
		if found {
			delete(props, name)
		}
		props[str(p, "name")] = p
	}
	if len(before) == 0 {
		before = nil
	}
	_, err := linkSchema(before, db, w.env, testWorkspace)
	require.Nil(w.t, err, "%v", err)
}

// adopt gives the properties and options of db the ids of the recorded answer, everywhere
// they are referenced, so that later requests of the recording find them.
func (w recordedWorld) adopt(db, recorded jsonObject) {
	props, _ := object(db, "properties")
	recProps, _ := object(recorded, "properties")
	for name, rv := range recProps {
		rp := rv.(jsonObject)
		p, ok := object(props, name)
		if !ok {
			continue
		}
		if old, now := str(p, "id"), str(rp, "id"); old != now {
			w.renameID(old, now)
		}
		if _, synced, ok := dualRelation(p); ok {
			_, recSynced, _ := dualRelation(rp)
			if old, now := str(synced, "synced_property_id"), str(recSynced, "synced_property_id"); old != now && now != "" {
				w.renameID(old, now)
			}
		}
		for _, o := range schemaOptions(p) {
			opt := o.(jsonObject)
			if ro, ok := findOption(schemaOptions(rp), "", str(opt, "name")); ok {
				opt["id"] = ro["id"]
			}
		}
	}
}

// renameID replaces a property id everywhere in the world.
func (w recordedWorld) renameID(old, now string) {
	for _, db := range w.env.dbs {
		props, _ := object(db, "properties")
		for _, v := range props {
			p := v.(jsonObject)
			if str(p, "id") == old {
				p["id"] = now
			}
			if cfg, ok := object(p, "formula"); ok {
				cfg["expression"] = strings.ReplaceAll(str(cfg, "expression"), refPrefix+old+":", refPrefix+now+":")
			}
			if cfg, ok := object(p, "rollup"); ok {
				for _, k := range []string{"relation_property_id", "rollup_property_id"} {
					if str(cfg, k) == unescapeID(old) {
						cfg[k] = unescapeID(now)
					}
				}
			}
			if _, synced, ok := dualRelation(p); ok && str(synced, "synced_property_id") == old {
				synced["synced_property_id"] = now
			}
		}
	}
}

// comparableSchema drops what cannot match a recording: data source ids (Notion's are not
// derived from the database id) and the request_id.
func comparableSchema(props jsonObject) jsonObject {
	out := deepCopy(props)
	for _, v := range out {
		if cfg, ok := object(v.(jsonObject), "relation"); ok {
			cfg["data_source_id"] = "*"
		}
	}
	return out
}

func TestSchemaPropertyMatchesRecordings(t *testing.T) {
	checked := 0
	for file, exchanges := range loadRecordings(t) {
		t.Run(file, func(t *testing.T) {
			w := recordedWorld{t: t, env: newFakeEnv()}
			for _, ex := range exchanges {
				if ex.Status != 200 || ex.Response == nil {
					continue
				}
				isCreate := ex.Method == "POST" && strings.HasSuffix(ex.URI, "/v1/databases")
				isUpdate := ex.Method == "PATCH" && strings.Contains(ex.URI, "/v1/databases/")
				_, hasProps := ex.Request["properties"]
				if !(isCreate || isUpdate) || !hasProps {
					for _, db := range recordedDatabases(ex.Response) {
						w.seed(db)
					}
					continue
				}
				id := str(ex.Response, "id")
				db, ok := w.env.dbs[id]
				if !ok {
					db = jsonObject{"object": "database", "id": id, "title": ex.Response["title"], "properties": jsonObject{}}
					if isUpdate {
						t.Logf("seq %d: update of a database the recording never showed", ex.Seq)
						continue
					}
					w.env.dbs[id] = db
				}
				db["title"] = ex.Response["title"]
				w.apply(db, ex.Request)
				w.adopt(db, ex.Response)
				want, _ := object(ex.Response, "properties")
				assert.Equal(t, comparableSchema(want), comparableSchema(db["properties"].(jsonObject)), "seq %d", ex.Seq)
				checked++
			}
		})
	}
	assert.Greater(t, checked, 80, "database requests checked against recordings")
}

// recordedDatabases finds the database objects of a recorded answer.
func recordedDatabases(resp jsonObject) []jsonObject {
	if str(resp, "object") == "database" {
		return []jsonObject{resp}
	}
	var out []jsonObject
	results, _ := resp["results"].([]any)
	for _, r := range results {
		if m, ok := r.(jsonObject); ok && str(m, "object") == "database" {
			out = append(out, m)
		}
	}
	return out
}

func TestSchemaPropertyConfigurations(t *testing.T) {
	env := newFakeEnv()
	env.dbs[dbA] = jsonObject{"id": dbA, "properties": jsonObject{}}
	tests := []struct {
		name string
		req  jsonObject
		want jsonObject // the type's configuration
	}{
		{"number default format", jsonObject{"number": jsonObject{}}, jsonObject{"format": "number"}},
		{"number format", jsonObject{"type": "number", "number": jsonObject{"format": "euro"}}, jsonObject{"format": "euro"}},
		{"rich_text", jsonObject{"rich_text": jsonObject{}}, jsonObject{}},
		{"place", jsonObject{"place": jsonObject{}}, jsonObject{}},
		{"formula kept until linked", jsonObject{"formula": jsonObject{"expression": `prop("A")`}}, jsonObject{"expression": `prop("A")`}},
		{"unique_id without prefix", jsonObject{"unique_id": jsonObject{}}, jsonObject{"prefix": nil}},
		{"unique_id", jsonObject{"unique_id": jsonObject{"prefix": "T"}}, jsonObject{"prefix": "T"}},
		{"single relation", jsonObject{"relation": jsonObject{"database_id": strings.ReplaceAll(dbA, "-", ""), "single_property": jsonObject{}}},
			jsonObject{"database_id": dbA, "data_source_id": dbA, "type": "single_property", "single_property": jsonObject{}}},
		{"dual relation", jsonObject{"relation": jsonObject{"database_id": dbA, "type": "dual_property", "dual_property": jsonObject{}}},
			jsonObject{"database_id": dbA, "data_source_id": dbA, "type": "dual_property",
				"dual_property": jsonObject{"synced_property_name": nil, "synced_property_id": nil}}},
		{"rollup", jsonObject{"rollup": jsonObject{"function": "sum", "relation_property_id": "a", "rollup_property_name": "B"}},
			jsonObject{"function": "sum", "relation_property_id": "a", "rollup_property_name": "B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := schemaProperty("P", tt.req, nil, env)
			require.Nil(t, err, "%v", err)
			typ := str(p, "type")
			assert.Equal(t, tt.want, p[typ])
			assert.Equal(t, "P", p["name"])
			assert.Nil(t, p["description"])
			assert.NotEmpty(t, p["id"])
		})
	}

	title, err := schemaProperty("Name", jsonObject{"title": jsonObject{}}, nil, env)
	require.Nil(t, err)
	assert.Equal(t, "title", title["id"])

	sel, err := schemaProperty("S", jsonObject{"select": jsonObject{"options": []any{
		jsonObject{"name": "A"}, jsonObject{"name": "B", "color": "red"}, jsonObject{"name": "A"}}}}, nil, env)
	require.Nil(t, err)
	opts := schemaOptions(sel)
	require.Len(t, opts, 2, "a repeated name is one option")
	assert.Equal(t, "default", opts[0].(jsonObject)["color"])
	assert.Equal(t, "red", opts[1].(jsonObject)["color"])
	assert.Len(t, str(opts[0].(jsonObject), "id"), 36)

	status, err := schemaProperty("St", jsonObject{"status": jsonObject{}}, nil, env)
	require.Nil(t, err)
	cfg := status["status"].(jsonObject)
	names := []string{}
	for _, o := range cfg["options"].([]any) {
		names = append(names, str(o.(jsonObject), "name"))
	}
	assert.Equal(t, []string{"Not started", "In progress", "Done"}, names)
	assert.Len(t, cfg["groups"], 3)
	assert.Equal(t, "Not started", defaultStatus(status).(jsonObject)["name"])
}

func TestSchemaPropertyUpdates(t *testing.T) {
	env := newFakeEnv()
	sel, err := schemaProperty("Tags", jsonObject{"multi_select": jsonObject{"options": []any{
		jsonObject{"name": "Cat1", "color": "blue"}, jsonObject{"name": "Cat2"}}}}, nil, env)
	require.Nil(t, err)
	old := schemaOptions(sel)
	cat1 := old[0].(jsonObject)

	t.Run("rename keeps everything else", func(t *testing.T) {
		p, err := schemaProperty(str(sel, "id"), jsonObject{"name": "Labels"}, sel, env)
		require.Nil(t, err)
		assert.Equal(t, "Labels", p["name"])
		assert.Equal(t, sel["id"], p["id"])
		assert.Equal(t, sel["multi_select"], p["multi_select"])
	})
	t.Run("options keep ids by name and by id", func(t *testing.T) {
		p, err := schemaProperty("Tags", jsonObject{"multi_select": jsonObject{"options": []any{
			jsonObject{"id": cat1["id"]}, jsonObject{"name": "Cat3", "color": "red"}}}}, sel, env)
		require.Nil(t, err)
		opts := schemaOptions(p)
		require.Len(t, opts, 2, "options left out are removed")
		assert.Equal(t, jsonObject{"id": cat1["id"], "name": "Cat1", "color": "blue", "description": nil}, opts[0])
		assert.Equal(t, "Cat3", opts[1].(jsonObject)["name"])
		assert.NotEqual(t, cat1["id"], opts[1].(jsonObject)["id"])
	})
	t.Run("type change carries options", func(t *testing.T) {
		p, err := schemaProperty("Tags", jsonObject{"select": jsonObject{}}, sel, env)
		require.Nil(t, err)
		assert.Equal(t, "select", p["type"])
		assert.Equal(t, sel["multi_select"].(jsonObject)["options"], schemaOptions(p))
	})
	t.Run("unique_id keeps its prefix", func(t *testing.T) {
		u, err := schemaProperty("ID", jsonObject{"unique_id": jsonObject{"prefix": "OLD"}}, nil, env)
		require.Nil(t, err)
		p, err := schemaProperty("ID", jsonObject{"unique_id": jsonObject{}}, u, env)
		require.Nil(t, err)
		assert.Equal(t, jsonObject{"prefix": "OLD"}, p["unique_id"])
	})
	t.Run("number keeps its format", func(t *testing.T) {
		n, err := schemaProperty("N", jsonObject{"number": jsonObject{"format": "euro"}}, nil, env)
		require.Nil(t, err)
		p, err := schemaProperty("N", jsonObject{"number": jsonObject{}}, n, env)
		require.Nil(t, err)
		assert.Equal(t, jsonObject{"format": "euro"}, p["number"])
	})
}

func TestSchemaPropertyErrors(t *testing.T) {
	env := newFakeEnv()
	title := jsonObject{"id": "title", "name": "Name", "type": "title", "title": jsonObject{}}
	tests := []struct {
		name    string
		req     jsonObject
		prev    jsonObject
		message string
	}{
		{"no type", jsonObject{"foo": 1}, nil, "body failed validation. Fix one:\nbody.properties.P.number should be defined"},
		{"unknown type", jsonObject{"type": "bogus"}, nil, "body.properties.P.formula should be defined"},
		{"button", jsonObject{"button": jsonObject{}}, nil, "Fix one:"},
		{"verification", jsonObject{"type": "verification", "verification": jsonObject{}}, nil, "Fix one:"},
		{"type without configuration", jsonObject{"type": "rich_text"}, nil, "body.properties.P.rich_text should be defined, instead was `undefined`."},
		{"configuration not an object", jsonObject{"number": 3}, nil, "body.properties.P.number should be an object, instead was `3`."},
		{"bad number format", jsonObject{"number": jsonObject{"format": "gold"}}, nil, "format should be a valid number format"},
		{"bad option color", jsonObject{"select": jsonObject{"options": []any{jsonObject{"name": "A", "color": "teal"}}}}, nil, "color should be a valid option color"},
		{"option without name", jsonObject{"select": jsonObject{"options": []any{jsonObject{"color": "red"}}}}, nil, "options[0].name should be defined"},
		{"option with comma", jsonObject{"select": jsonObject{"options": []any{jsonObject{"name": "a,b"}}}}, nil, "cannot contain commas"},
		{"unknown option id", jsonObject{"select": jsonObject{"options": []any{jsonObject{"id": "nope"}}}}, nil, `Select option with id "nope" does not exist`},
		{"status options", jsonObject{"status": jsonObject{"options": []any{}}}, nil, "body.properties.P.status.options should be not present"},
		{"formula without expression", jsonObject{"formula": jsonObject{}}, nil, "body.properties.P.formula.expression should be a string"},
		{"relation bad id", jsonObject{"relation": jsonObject{"database_id": "x", "single_property": jsonObject{}}}, nil, "database_id should be a valid uuid"},
		{"relation unknown database", jsonObject{"relation": jsonObject{"database_id": dbB, "single_property": jsonObject{}}}, nil, "Could not find database with ID: " + dbB},
		{"relation without kind", jsonObject{"relation": jsonObject{"database_id": dbA}}, nil, "type should be `single_property` or `dual_property`"},
		{"rollup bad function", jsonObject{"rollup": jsonObject{"function": "avg", "relation_property_name": "R", "rollup_property_name": "X"}}, nil, "function should be a valid rollup function"},
		{"rollup without relation", jsonObject{"rollup": jsonObject{"function": "count", "rollup_property_name": "X"}}, nil, "relation_property_name should be defined"},
		{"empty name", jsonObject{"name": " ", "rich_text": jsonObject{}}, nil, "name should be a non-empty string"},
		{"title type change", jsonObject{"rich_text": jsonObject{}}, title, "exactly one title property"},
		{"new property without type", jsonObject{"name": "X"}, nil, "Fix one:"},
	}
	env.dbs[dbA] = jsonObject{"id": dbA}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schemaProperty("P", tt.req, tt.prev, env)
			require.NotNil(t, err)
			assert.Equal(t, 400, err.status)
			assert.Equal(t, "validation_error", err.code)
			assert.Contains(t, err.message, tt.message)
		})
	}
}

func TestLinkSchema(t *testing.T) {
	env := newFakeEnv()
	a := mustSchema(t, env, dbA, "Tasks", jsonObject{
		"Name": jsonObject{"title": jsonObject{}},
		"Due":  jsonObject{"date": jsonObject{}},
	})
	b := mustSchema(t, env, dbB, "Projects", jsonObject{
		"Name":     jsonObject{"title": jsonObject{}},
		"Tasks":    jsonObject{"relation": jsonObject{"database_id": dbA, "dual_property": jsonObject{}}},
		"First":    jsonObject{"rollup": jsonObject{"function": "earliest_date", "relation_property_name": "Tasks", "rollup_property_name": "Due"}},
		"Shouting": jsonObject{"formula": jsonObject{"expression": `upper(prop("Name"))+"!"`}},
	})
	aProps, bProps := a["properties"].(jsonObject), b["properties"].(jsonObject)
	tasks := bProps["Tasks"].(jsonObject)
	back, ok := object(aProps, "Related to Projects (Tasks)")
	require.True(t, ok, "the back property is on the target")
	assert.Equal(t, jsonObject{"database_id": dbB, "data_source_id": dbB, "type": "dual_property",
		"dual_property": jsonObject{"synced_property_name": "Tasks", "synced_property_id": tasks["id"]}}, back["relation"])
	assert.Equal(t, jsonObject{"synced_property_name": "Related to Projects (Tasks)", "synced_property_id": back["id"]},
		tasks["relation"].(jsonObject)["dual_property"])
	assert.Equal(t, jsonObject{"rollup_property_name": "Due", "relation_property_name": "Tasks",
		"rollup_property_id": unescapeID(str(aProps["Due"].(jsonObject), "id")), "relation_property_id": unescapeID(str(tasks, "id")),
		"function": "earliest_date"}, bProps["First"].(jsonObject)["rollup"])
	assert.Equal(t, "upper({{notion:block_property:title:"+nilWorkspace+":"+testWorkspace+"}}) + \"!\"",
		bProps["Shouting"].(jsonObject)["formula"].(jsonObject)["expression"])

	t.Run("renaming either side updates the other", func(t *testing.T) {
		before := deepCopy(a)
		renamed, err := schemaProperty(str(back, "id"), jsonObject{"name": "Project"}, back, env)
		require.Nil(t, err)
		delete(aProps, "Related to Projects (Tasks)")
		aProps["Project"] = renamed
		changed, err := linkSchema(before, a, env, testWorkspace)
		require.Nil(t, err)
		assert.Equal(t, []string{dbB}, changed)
		assert.Equal(t, "Project", tasks["relation"].(jsonObject)["dual_property"].(jsonObject)["synced_property_name"])
	})
	t.Run("renaming the relation updates the rollup", func(t *testing.T) {
		before := deepCopy(b)
		renamed, err := schemaProperty("Tasks", jsonObject{"name": "Todo"}, tasks, env)
		require.Nil(t, err)
		delete(bProps, "Tasks")
		bProps["Todo"] = renamed
		_, err = linkSchema(before, b, env, testWorkspace)
		require.Nil(t, err)
		assert.Equal(t, "Todo", bProps["First"].(jsonObject)["rollup"].(jsonObject)["relation_property_name"])
		tasks = renamed
	})
	t.Run("a one-way relation leaves the back property as a one-way relation", func(t *testing.T) {
		before := deepCopy(b)
		single, err := schemaProperty("Todo", jsonObject{"relation": jsonObject{"database_id": dbA, "single_property": jsonObject{}}}, tasks, env)
		require.Nil(t, err)
		bProps["Todo"] = single
		changed, err := linkSchema(before, b, env, testWorkspace)
		require.Nil(t, err)
		assert.Equal(t, []string{dbA}, changed)
		require.Contains(t, aProps, "Project", "Notion keeps it: the recording deletes it later")
		rel := aProps["Project"].(jsonObject)["relation"].(jsonObject)
		assert.Equal(t, "single_property", rel["type"])
		assert.Equal(t, str(b, "id"), rel["database_id"])
	})
	t.Run("self relation pairs inside the database", func(t *testing.T) {
		before := deepCopy(a)
		self, err := schemaProperty("Parent", jsonObject{"relation": jsonObject{"database_id": dbA, "dual_property": jsonObject{}}}, nil, env)
		require.Nil(t, err)
		aProps["Parent"] = self
		changed, err := linkSchema(before, a, env, testWorkspace)
		require.Nil(t, err)
		assert.Empty(t, changed)
		assert.Contains(t, aProps, "Related to Tasks (Parent)")
	})
	t.Run("errors", func(t *testing.T) {
		noTitle := jsonObject{"id": dbA, "properties": jsonObject{}}
		_, err := linkSchema(nil, noTitle, env, testWorkspace)
		require.NotNil(t, err)
		assert.Contains(t, err.message, "exactly one title property")

		bad := deepCopy(b)
		bad["properties"].(jsonObject)["Broken"] = jsonObject{"id": "x", "name": "Broken", "type": "rollup",
			"rollup": jsonObject{"function": "count", "relation_property_name": "Nope", "rollup_property_name": "Due"}}
		_, err = linkSchema(b, bad, env, testWorkspace)
		require.NotNil(t, err)
		assert.Contains(t, err.message, "Could not find relation property with name or id: Nope")
	})
}

func TestRewriteFormula(t *testing.T) {
	props := jsonObject{
		"Name":     jsonObject{"id": "title"},
		"Due Date": jsonObject{"id": "sMSo"},
		"Status":   jsonObject{"id": "%5E%60WX"},
	}
	ref := func(id string) string {
		return "{{notion:block_property:" + id + ":" + nilWorkspace + ":" + testWorkspace + "}}"
	}
	tests := []struct{ in, want string }{
		{`prop("Name")`, ref("title")},
		{`prop("Name") + "!"`, ref("title") + ` + "!"`},
		{`if((prop("Status") == "Done"), "✅ Done", "")`, `if(` + ref("%5E%60WX") + ` == "Done", "✅ Done", "")`},
		{`now() > (if(empty(prop("Due Date")),now(),prop("Due Date")))`, `now() > if(empty(` + ref("sMSo") + `), now(), ` + ref("sMSo") + `)`},
		{`(1-(2%2))+2`, `(1 - (2 % 2)) + 2`},
		{`prop("Missing") * 2`, `prop("Missing") * 2`},
		{`prop("Name").length()`, ref("title") + `.length()`},
		{`not true and !false`, `(not true) and (not false)`},
		{`a ? "x" : "y"`, `a ? "x" : "y"`},
		{`[1, 2].map(current * 2)`, `[1, 2].map(current * 2)`},
		{`prop("Name") +`, ref("title") + ` +`},
		{`"a\"b"`, `"a\"b"`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, rewriteFormula(tt.in, props, testWorkspace), tt.in)
	}
	// Already stored expressions stay as they are.
	stored := `if(` + ref("title") + ` == "x", 1, 2)`
	assert.Equal(t, stored, rewriteFormula(stored, props, testWorkspace))
}

func TestFindProperty(t *testing.T) {
	props := jsonObject{"Due": jsonObject{"id": "_FL%7D"}, "Name": jsonObject{"id": "title"}}
	for _, ref := range []string{"Due", "_FL%7D", "_FL}"} {
		name, _, ok := findProperty(props, ref)
		assert.True(t, ok, ref)
		assert.Equal(t, "Due", name)
	}
	_, _, ok := findProperty(props, "Nope")
	assert.False(t, ok)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f-]{36}$`), dataSourceID(dbA))
	assert.Equal(t, dataSourceID(dbA), dataSourceID(dbA))
}
