package notiontest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordedUsers collects every user object the recordings answered.
func recordedUsers(all map[string][]recordedExchange) map[string]jsonObject {
	users := map[string]jsonObject{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if str(x, "object") == "user" && x["name"] != nil {
				if b, ok := object(x, "bot"); !ok || len(b) > 0 {
					c := deepCopy(x)
					delete(c, "request_id")
					users[str(x, "id")] = c
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, exchanges := range all {
		for _, ex := range exchanges {
			walk(ex.Response)
		}
	}
	return users
}

// hasMention reports whether a recorded value holds a mention, which the server completes.
func hasMention(v any) bool {
	b, _ := json.Marshal(v)
	return strings.Contains(string(b), `"mention"`)
}

func TestPageValuesMatchRecordings(t *testing.T) {
	all := loadRecordings(t)
	users := recordedUsers(all)
	values, pages := 0, 0
	for file, exchanges := range all {
		t.Run(file, func(t *testing.T) {
			env := newFakeEnv()
			env.users = users
			env.clock = latestTimestamp(exchanges)
			dbs := map[string]jsonObject{}
			remember := func(resp jsonObject) {
				for _, db := range recordedDatabases(resp) {
					dbs[str(db, "id")] = db
				}
				results, _ := resp["results"].([]any)
				for _, r := range append(results, any(resp)) {
					if p, ok := r.(jsonObject); ok && str(p, "object") == "page" {
						env.pages[str(p, "id")] = deepCopy(p)
					}
				}
			}
			for _, ex := range exchanges {
				if ex.Status != 200 || ex.Response == nil {
					continue
				}
				parent, _ := object(ex.Response, "parent")
				db, ok := dbs[str(parent, "database_id")]
				isCreate := ex.Method == "POST" && strings.HasSuffix(ex.URI, "/v1/pages")
				isUpdate := ex.Method == "PATCH" && strings.Contains(ex.URI, "/v1/pages/") && ex.Request["properties"] != nil
				if !(isCreate || isUpdate) || !ok {
					remember(ex.Response)
					continue
				}
				schema := db["properties"].(jsonObject)
				want := ex.Response["properties"].(jsonObject)
				reqProps, _ := object(ex.Request, "properties")
				got := jsonObject{}
				for key, input := range reqProps {
					name, sp, ok := findProperty(schema, key)
					require.True(t, ok, "seq %d: %s", ex.Seq, key)
					v, err := pageValue(sp, input, env)
					require.Nil(t, err, "seq %d: %s: %v", ex.Seq, key, err)
					got[name] = v
					if hasMention(input) {
						continue
					}
					assert.Equal(t, want[name], v, "seq %d: %s", ex.Seq, name)
					values++
				}
				if isUpdate {
					remember(ex.Response)
					continue
				}
				page := deepCopy(ex.Response)
				page["properties"] = got
				computeValues(db, page, env)
				for name, w := range want {
					sp, _ := object(schema, name)
					g := page["properties"].(jsonObject)[name]
					switch {
					case hasMention(w):
						continue
					case str(sp, "type") == "unique_id":
						assert.Equal(t, w.(jsonObject)["unique_id"].(jsonObject)["prefix"], g.(jsonObject)["unique_id"].(jsonObject)["prefix"])
						continue
					}
					assert.Equal(t, w, g, "seq %d: computed %s", ex.Seq, name)
				}
				pages++
				remember(ex.Response)
			}
		})
	}
	assert.Greater(t, values, 150, "page values checked against recordings")
	assert.Greater(t, pages, 150, "pages checked against recordings")
}

func TestPageValue(t *testing.T) {
	env := withUsers(newFakeEnv())
	env.dbs[dbA] = jsonObject{"id": dbA}
	db := mustSchema(t, env, dbB, "All", jsonObject{
		"Name":     jsonObject{"title": jsonObject{}},
		"Text":     jsonObject{"rich_text": jsonObject{}},
		"Number":   jsonObject{"number": jsonObject{}},
		"Select":   jsonObject{"select": jsonObject{"options": []any{jsonObject{"name": "Open", "color": "gray"}}}},
		"Tags":     jsonObject{"multi_select": jsonObject{"options": []any{jsonObject{"name": "A", "color": "red"}}}},
		"Status":   jsonObject{"status": jsonObject{}},
		"Date":     jsonObject{"date": jsonObject{}},
		"People":   jsonObject{"people": jsonObject{}},
		"Files":    jsonObject{"files": jsonObject{}},
		"Check":    jsonObject{"checkbox": jsonObject{}},
		"URL":      jsonObject{"url": jsonObject{}},
		"Email":    jsonObject{"email": jsonObject{}},
		"Phone":    jsonObject{"phone_number": jsonObject{}},
		"Relation": jsonObject{"relation": jsonObject{"database_id": dbA, "single_property": jsonObject{}}},
		"Place":    jsonObject{"place": jsonObject{}},
	})
	props := db["properties"].(jsonObject)
	opt := func(prop string, i int) jsonObject {
		o := schemaOptions(props[prop].(jsonObject))[i].(jsonObject)
		return jsonObject{"id": o["id"], "name": o["name"], "color": o["color"]}
	}
	text := textRichText("Hi")
	tests := []struct {
		prop  string
		input any
		want  any // the value under the type's key
	}{
		{"Name", jsonObject{"title": []any{jsonObject{"text": jsonObject{"content": "Hi"}}}}, text},
		{"Name", []any{jsonObject{"text": jsonObject{"content": "Hi"}}}, text},
		{"Text", jsonObject{"type": "rich_text", "rich_text": []any{}}, []any{}},
		{"Number", jsonObject{"number": 4.5}, 4.5},
		{"Number", jsonObject{"number": nil}, nil},
		{"Select", jsonObject{"select": jsonObject{"name": "Open"}}, opt("Select", 0)},
		{"Select", jsonObject{"name": "Open"}, opt("Select", 0)},
		{"Select", jsonObject{"select": jsonObject{"id": opt("Select", 0)["id"]}}, opt("Select", 0)},
		{"Select", jsonObject{"select": nil}, nil},
		{"Tags", jsonObject{"multi_select": []any{jsonObject{"name": "A"}, jsonObject{"name": "A"}}}, []any{opt("Tags", 0)}},
		{"Status", jsonObject{"status": jsonObject{"name": "Done"}}, opt("Status", 2)},
		{"Date", jsonObject{"date": jsonObject{"start": "2024-01-01"}}, jsonObject{"start": "2024-01-01", "end": nil, "time_zone": nil}},
		{"Date", jsonObject{"start": "2024-01-01", "end": "2024-01-03"}, jsonObject{"start": "2024-01-01", "end": "2024-01-03", "time_zone": nil}},
		{"Date", jsonObject{"date": jsonObject{"start": "2024-11-25T14:08:59Z"}}, jsonObject{"start": "2024-11-25T14:08:00.000+00:00", "end": nil, "time_zone": nil}},
		{"Date", jsonObject{"date": jsonObject{"start": "2024-11-25T14:08:00+02:00"}}, jsonObject{"start": "2024-11-25T14:08:00.000+02:00", "end": nil, "time_zone": nil}},
		{"Date", jsonObject{"date": jsonObject{"start": "2024-07-01T12:00", "time_zone": "America/New_York"}}, jsonObject{"start": "2024-07-01T12:00:00.000-04:00", "end": nil, "time_zone": nil}},
		{"Date", jsonObject{"date": nil}, nil},
		{"People", jsonObject{"people": []any{jsonObject{"object": "user", "id": strings.ReplaceAll(personID, "-", "")}}},
			[]any{env.users[personID]}},
		{"People", jsonObject{"people": []any{jsonObject{"id": botID}}},
			[]any{jsonObject{"object": "user", "id": botID, "name": "Bot", "avatar_url": nil, "type": "bot", "bot": jsonObject{}}}},
		{"People", jsonObject{"people": []any{jsonObject{"id": dbA}}}, []any{jsonObject{"object": "user", "id": dbA}}},
		{"Files", jsonObject{"files": []any{jsonObject{"name": "f", "external": jsonObject{"url": "https://x"}}}},
			[]any{jsonObject{"name": "f", "type": "external", "external": jsonObject{"url": "https://x"}}}},
		{"Check", jsonObject{"checkbox": true}, true},
		{"URL", jsonObject{"url": "https://x"}, "https://x"},
		{"URL", jsonObject{"url": ""}, nil},
		{"Email", jsonObject{"email": nil}, nil},
		{"Phone", jsonObject{"phone_number": "+1"}, "+1"},
		{"Relation", jsonObject{"relation": []any{jsonObject{"id": strings.ToUpper(pA1)}, jsonObject{"id": pA1}}}, []any{jsonObject{"id": pA1}}},
		{"Place", jsonObject{"place": jsonObject{"lat": 1.0, "lon": 2.0, "address": "X"}},
			jsonObject{"lat": 1.0, "lon": 2.0, "name": nil, "address": "X", "aws_place_id": nil, "google_place_id": nil}},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%d_%s", i, tt.prop), func(t *testing.T) {
			sp := props[tt.prop].(jsonObject)
			v, err := pageValue(sp, tt.input, env)
			require.Nil(t, err, "%v", err)
			typ := str(sp, "type")
			assert.Equal(t, sp["id"], v["id"])
			assert.Equal(t, typ, v["type"])
			assert.Equal(t, tt.want, v[typ])
			if typ == "relation" {
				assert.Equal(t, false, v["has_more"])
			}
		})
	}
}

func TestPageValueNewOptions(t *testing.T) {
	env := newFakeEnv()
	db := mustSchema(t, env, dbA, "T", jsonObject{
		"Name":   jsonObject{"title": jsonObject{}},
		"Select": jsonObject{"select": jsonObject{"options": []any{jsonObject{"name": "Old"}}}},
		"Tags":   jsonObject{"multi_select": jsonObject{}},
	})
	props := db["properties"].(jsonObject)
	sel := props["Select"].(jsonObject)
	v, err := pageValue(sel, jsonObject{"select": jsonObject{"name": "New", "color": "pink"}}, env)
	require.Nil(t, err)
	created := v["select"].(jsonObject)
	assert.Equal(t, "New", created["name"])
	assert.Equal(t, "pink", created["color"])
	assert.Len(t, schemaOptions(sel), 1, "pageValue leaves the schema alone")
	assert.True(t, mergeSelectOptions(sel, v))
	assert.False(t, mergeSelectOptions(sel, v), "merging twice changes nothing")
	require.Len(t, schemaOptions(sel), 2)
	assert.Equal(t, jsonObject{"id": created["id"], "name": "New", "color": "pink", "description": nil}, schemaOptions(sel)[1])

	tags := props["Tags"].(jsonObject)
	v, err = pageValue(tags, jsonObject{"multi_select": []any{jsonObject{"name": "x"}, jsonObject{"name": "y"}}}, env)
	require.Nil(t, err)
	assert.True(t, mergeSelectOptions(tags, v))
	assert.Len(t, schemaOptions(tags), 2)
	again, err := pageValue(tags, jsonObject{"multi_select": []any{jsonObject{"name": "x"}}}, env)
	require.Nil(t, err)
	assert.Equal(t, v["multi_select"].([]any)[0], again["multi_select"].([]any)[0])
	assert.False(t, mergeSelectOptions(props["Name"].(jsonObject), v), "only select and multi_select take options")
}

func TestPageValueErrors(t *testing.T) {
	env := newFakeEnv()
	env.dbs[dbA] = jsonObject{"id": dbA}
	db := mustSchema(t, env, dbB, "T", jsonObject{
		"Name":     jsonObject{"title": jsonObject{}},
		"Number":   jsonObject{"number": jsonObject{}},
		"Status":   jsonObject{"status": jsonObject{}},
		"Select":   jsonObject{"select": jsonObject{}},
		"Tags":     jsonObject{"multi_select": jsonObject{}},
		"Date":     jsonObject{"date": jsonObject{}},
		"Check":    jsonObject{"checkbox": jsonObject{}},
		"URL":      jsonObject{"url": jsonObject{}},
		"People":   jsonObject{"people": jsonObject{}},
		"Relation": jsonObject{"relation": jsonObject{"database_id": dbA, "single_property": jsonObject{}}},
		"Files":    jsonObject{"files": jsonObject{}},
		"Formula":  jsonObject{"formula": jsonObject{"expression": "1"}},
		"Created":  jsonObject{"created_time": jsonObject{}},
	})
	many := func(item any) []any {
		out := make([]any, 101)
		for i := range out {
			out[i] = item
		}
		return out
	}
	tests := []struct {
		prop    string
		input   any
		message string
	}{
		{"Status", jsonObject{"select": jsonObject{"name": "Done"}}, "Status is expected to be status."},
		{"Name", jsonObject{"rich_text": []any{}}, "Name is expected to be title."},
		{"Number", []any{}, "Number is expected to be number."},
		{"Formula", jsonObject{"formula": jsonObject{"number": 1}}, "body failed validation. Fix one:\nbody.properties.Formula.title should be defined, instead was `undefined`."},
		{"Formula", jsonObject{"number": 1}, "Formula is expected to be formula."},
		{"Created", jsonObject{"type": "created_time", "created_time": "2024-01-01"}, "Fix one:"},
		{"Number", jsonObject{"type": "number"}, "body.properties.Number.number should be defined, instead was `undefined`."},
		{"Number", jsonObject{"number": "5"}, "body.properties.Number.number should be a number or `null`, instead was `\"5\"`."},
		{"Number", nil, `Invalid property value for: "Number".`},
		{"Name", jsonObject{"title": nil}, `Invalid property value for: "Name".`},
		{"Number", 5.0, "body.properties.Number should be an object or an array, instead was `5`."},
		{"Status", jsonObject{"status": jsonObject{"name": "Nope"}}, `Status option "Nope" does not exist`},
		{"Select", jsonObject{"select": jsonObject{"id": "nope"}}, `Invalid select option id: "nope"`},
		{"Select", jsonObject{"select": jsonObject{"name": "a,b"}}, "cannot contain commas"},
		{"Select", jsonObject{"select": jsonObject{"name": "x", "color": "teal"}}, "color should be a valid option color"},
		{"Select", jsonObject{"select": jsonObject{}}, "body.properties.Select.select.name should be defined"},
		{"Tags", jsonObject{"multi_select": many(jsonObject{"name": "x"})}, "multi_select.length should be ≤ `100`, instead was `101`."},
		{"Date", jsonObject{"date": jsonObject{"start": "yesterday"}}, "date.start should be a valid ISO 8601 date string"},
		{"Date", jsonObject{"date": jsonObject{"start": "2024-01-01", "time_zone": "Mars/Olympus"}}, "time_zone should be a valid time zone"},
		{"Date", jsonObject{"date": jsonObject{}}, "date.start should be a string"},
		{"Check", jsonObject{"checkbox": "yes"}, "checkbox should be a boolean"},
		{"URL", jsonObject{"url": strings.Repeat("x", 2001)}, "url.length should be ≤ `2000`"},
		{"URL", jsonObject{"url": 3.0}, "url should be a string or `null`"},
		{"People", jsonObject{"people": many(jsonObject{"id": botID})}, "people.length should be ≤ `100`"},
		{"People", jsonObject{"people": []any{jsonObject{"id": "bob"}}}, "people[0].id should be a valid uuid"},
		{"Relation", jsonObject{"relation": many(jsonObject{"id": pA1})}, "relation.length should be ≤ `100`"},
		{"Relation", jsonObject{"relation": []any{"x"}}, "relation[0] should be an object"},
		{"Files", jsonObject{"files": []any{jsonObject{"external": jsonObject{"url": "https://x"}}}}, "files[0].name should be a string"},
		{"Files", jsonObject{"files": []any{jsonObject{"name": "f", "type": "file_upload", "file_upload": jsonObject{}}}}, "files[0].file_upload.id should be defined"},
		{"Files", jsonObject{"files": []any{jsonObject{"name": "f", "type": "link", "link": jsonObject{}}}}, "files[0].type should be `external`, `file` or `file_upload`"},
		{"Name", jsonObject{"title": []any{jsonObject{"text": jsonObject{"content": strings.Repeat("x", 2001)}}}}, "content.length should be ≤ `2000`"},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%d_%s", i, tt.prop), func(t *testing.T) {
			sp := db["properties"].(jsonObject)[tt.prop].(jsonObject)
			_, err := pageValue(sp, tt.input, env)
			require.NotNil(t, err)
			assert.Equal(t, 400, err.status)
			assert.Equal(t, "validation_error", err.code)
			assert.Contains(t, err.message, tt.message)
		})
	}
}

func TestEmptyValue(t *testing.T) {
	tests := []struct {
		typ  string
		want any
	}{
		{"title", []any{}}, {"number", nil}, {"checkbox", false}, {"relation", []any{}},
		{"button", jsonObject{}}, {"verification", jsonObject{"state": "unverified", "verified_by": nil, "date": nil}},
		{"place", nil}, {"status", nil},
	}
	for _, tt := range tests {
		v := emptyValue(jsonObject{"id": "x", "type": tt.typ})
		assert.Equal(t, tt.want, v[tt.typ], tt.typ)
		assert.Equal(t, "x", v["id"])
	}
	assert.Equal(t, false, emptyValue(jsonObject{"id": "r", "type": "relation"})["has_more"])
}

func TestValueAccessors(t *testing.T) {
	formulaNum := jsonObject{"type": "formula", "formula": jsonObject{"type": "number", "number": 3.0}}
	n, ok := valueNumber(formulaNum)
	assert.True(t, ok)
	assert.Equal(t, 3.0, n)
	_, ok = valueNumber(jsonObject{"type": "number", "number": nil})
	assert.False(t, ok)
	assert.Equal(t, "ID-7", valueText(jsonObject{"type": "unique_id", "unique_id": jsonObject{"prefix": "ID", "number": 7.0}}))
	assert.Equal(t, "7", valueText(jsonObject{"type": "unique_id", "unique_id": jsonObject{"prefix": nil, "number": 7.0}}))
	assert.Equal(t, "Open", valueText(jsonObject{"type": "select", "select": jsonObject{"name": "Open"}}))
	assert.True(t, valueEmpty(jsonObject{"type": "rollup", "rollup": jsonObject{"type": "array", "array": []any{}}}))
	assert.True(t, valueEmpty(jsonObject{"type": "title", "title": textRichText("")}))
	assert.False(t, valueEmpty(jsonObject{"type": "created_time", "created_time": "2024-01-01T00:00:00.000Z"}))
	d, ok := valueDate(jsonObject{"type": "created_time", "created_time": "2024-01-01T10:00:00.000Z"})
	assert.True(t, ok)
	assert.Equal(t, "2024-01-01T10:00:00.000+00:00", d.String())
	b, ok := valueBool(jsonObject{"type": "formula", "formula": jsonObject{"type": "boolean", "boolean": true}})
	assert.True(t, ok && b)
}

func FuzzPageValue(f *testing.F) {
	for _, seed := range []string{
		`{"number": 42}`, `{"select": {"name": "Open"}}`, `{"multi_select": [{"name": "a"}, {"id": "x"}]}`,
		`{"date": {"start": "2024-01-01T10:00", "end": null, "time_zone": "Europe/Berlin"}}`,
		`{"people": [{"id": "00000000-0000-4000-8000-0000000000fa"}]}`, `[{"text": {"content": "x"}}]`,
		`{"files": [{"name": "f", "external": {"url": "https://x"}}]}`, `{"relation": [{"id": 3}]}`,
		`{"place": {"lat": "x"}}`, `{"type": "formula", "formula": {}}`, `null`, `5`, `{"start": 1}`,
	} {
		f.Add(seed)
	}
	db, _, env := filterFixture(f)
	props := db["properties"].(jsonObject)
	f.Fuzz(func(t *testing.T, input string) {
		var v any
		if json.Unmarshal([]byte(input), &v) != nil {
			return
		}
		for name, sp := range props {
			value, err := pageValue(sp.(jsonObject), v, env)
			if err != nil {
				if err.status != 400 {
					t.Fatalf("%s: unexpected error %v", name, err)
				}
				continue
			}
			if value["id"] != sp.(jsonObject)["id"] {
				t.Fatalf("%s: value without the property's id: %v", name, value)
			}
		}
		if m, ok := v.(map[string]any); ok {
			if p, err := schemaProperty("P", m, nil, env); err == nil && str(p, "name") == "" {
				t.Fatalf("property without a name: %v", p)
			}
		}
	})
}
