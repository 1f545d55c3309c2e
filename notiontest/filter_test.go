package notiontest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordedQuery is a database query of the recordings with the pages the database held then.
type recordedQuery struct {
	name  string
	db    jsonObject
	pages []jsonObject
	req   jsonObject
	want  []string // ids of the answered pages, in order
	now   time.Time
}

// recordedQueries collects the queries of the recordings that filter or sort, with the last
// known state of every page of their database.
func recordedQueries(t *testing.T) []recordedQuery {
	var out []recordedQuery
	for file, exchanges := range loadRecordings(t) {
		now := latestTimestamp(exchanges)
		dbs := map[string]jsonObject{}
		pages := map[string]jsonObject{}
		var order []string
		for _, ex := range exchanges {
			if ex.Status != 200 || ex.Response == nil {
				continue
			}
			if ex.Method == "POST" && strings.HasSuffix(ex.URI, "/query") && (ex.Request["filter"] != nil || ex.Request["sorts"] != nil) {
				dbID := strings.TrimSuffix(lastSegment(strings.TrimSuffix(ex.URI, "/query")), "/")
				q := recordedQuery{name: file, db: dbs[dbID], req: ex.Request, now: now}
				for _, id := range order {
					p := pages[id]
					parent, _ := object(p, "parent")
					if str(parent, "database_id") == dbID && !boolean(p, "in_trash") {
						q.pages = append(q.pages, p)
					}
				}
				results, _ := ex.Response["results"].([]any)
				for _, r := range results {
					q.want = append(q.want, str(r.(jsonObject), "id"))
				}
				if q.db != nil {
					out = append(out, q)
				}
			}
			for _, db := range recordedDatabases(ex.Response) {
				dbs[str(db, "id")] = db
			}
			results, _ := ex.Response["results"].([]any)
			for _, r := range append(results, any(ex.Response)) {
				if p, ok := r.(jsonObject); ok && str(p, "object") == "page" {
					if _, seen := pages[str(p, "id")]; !seen {
						order = append(order, str(p, "id"))
					}
					pages[str(p, "id")] = p
				}
			}
		}
	}
	return out
}

// latestTimestamp is the latest created_time or last_edited_time the recording answered: about
// when it was recorded.
func latestTimestamp(exchanges []recordedExchange) time.Time {
	var latest time.Time
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range []string{"created_time", "last_edited_time"} {
				if d, ok := parseDate(str(x, k), time.UTC); ok && d.t.After(latest) {
					latest = d.t
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
	for _, ex := range exchanges {
		walk(ex.Response)
	}
	return latest
}

func TestFilterMatchesRecordings(t *testing.T) {
	queries := recordedQueries(t)
	checked := 0
	for _, q := range queries {
		if q.req["filter"] == nil {
			continue
		}
		match, err := compileFilterAt(q.req["filter"], q.db, q.now.Add(time.Minute))
		require.Nil(t, err, "%s: %v", q.name, err)
		var got []string
		for _, p := range q.pages {
			if match(p) {
				got = append(got, str(p, "id"))
			}
		}
		f, _ := json.Marshal(q.req["filter"])
		assert.ElementsMatch(t, q.want, got, "%s: %s", q.name, f)
		checked++
	}
	assert.Greater(t, checked, 80, "filters checked against recordings")
}

// filterFixture is a database of every filterable type with three pages: one full, one
// partly set and one empty.
func filterFixture(t testing.TB) (jsonObject, []jsonObject, *fakeEnv) {
	env := withUsers(newFakeEnv())
	rel := mustSchema(t, env, dbA, "Targets", jsonObject{
		"Name": jsonObject{"title": jsonObject{}},
		"Due":  jsonObject{"date": jsonObject{}},
	})
	target := testPage(pA1, dbA, jsonObject{
		"Name": mustValue(t, env, rel, "Name", []any{jsonObject{"text": jsonObject{"content": "Target"}}}),
		"Due":  mustValue(t, env, rel, "Due", jsonObject{"date": jsonObject{"start": "2025-10-29"}}),
	})
	computeValues(rel, target, env)
	env.pages[pA1] = target
	db := mustSchema(t, env, dbB, "Everything", jsonObject{
		"Name":     jsonObject{"title": jsonObject{}},
		"Text":     jsonObject{"rich_text": jsonObject{}},
		"URL":      jsonObject{"url": jsonObject{}},
		"Number":   jsonObject{"number": jsonObject{}},
		"Check":    jsonObject{"checkbox": jsonObject{}},
		"Select":   jsonObject{"select": jsonObject{"options": []any{jsonObject{"name": "Open"}, jsonObject{"name": "Closed"}}}},
		"Status":   jsonObject{"status": jsonObject{}},
		"Tags":     jsonObject{"multi_select": jsonObject{"options": []any{jsonObject{"name": "a"}, jsonObject{"name": "b"}}}},
		"Date":     jsonObject{"date": jsonObject{}},
		"People":   jsonObject{"people": jsonObject{}},
		"Files":    jsonObject{"files": jsonObject{}},
		"Relation": jsonObject{"relation": jsonObject{"database_id": dbA, "single_property": jsonObject{}}},
		"Twice":    jsonObject{"formula": jsonObject{"expression": `prop("Number") * 2`}},
		"Label":    jsonObject{"formula": jsonObject{"expression": `prop("Name") + "!"`}},
		"Big":      jsonObject{"formula": jsonObject{"expression": `prop("Number") > 10`}},
		"When":     jsonObject{"formula": jsonObject{"expression": `prop("Date")`}},
		"Titles":   jsonObject{"rollup": jsonObject{"function": "show_original", "relation_property_name": "Relation", "rollup_property_name": "Name"}},
		"Count":    jsonObject{"rollup": jsonObject{"function": "count", "relation_property_name": "Relation", "rollup_property_name": "Name"}},
		"Earliest": jsonObject{"rollup": jsonObject{"function": "earliest_date", "relation_property_name": "Relation", "rollup_property_name": "Due"}},
		"ID":       jsonObject{"unique_id": jsonObject{"prefix": "T"}},
		"Author":   jsonObject{"created_by": jsonObject{}},
		"Created":  jsonObject{"created_time": jsonObject{}},
	})
	full := testPage("29c974f3-b388-8101-8000-000000000001", dbB, jsonObject{
		"Name":     mustValue(t, env, db, "Name", []any{jsonObject{"text": jsonObject{"content": "John Doe"}}}),
		"Text":     mustValue(t, env, db, "Text", []any{jsonObject{"text": jsonObject{"content": "Hello World"}}}),
		"URL":      mustValue(t, env, db, "URL", jsonObject{"url": "https://example.com"}),
		"Number":   mustValue(t, env, db, "Number", jsonObject{"number": 42}),
		"Check":    mustValue(t, env, db, "Check", jsonObject{"checkbox": true}),
		"Select":   mustValue(t, env, db, "Select", jsonObject{"select": jsonObject{"name": "Open"}}),
		"Status":   mustValue(t, env, db, "Status", jsonObject{"status": jsonObject{"name": "Done"}}),
		"Tags":     mustValue(t, env, db, "Tags", jsonObject{"multi_select": []any{jsonObject{"name": "a"}, jsonObject{"name": "b"}}}),
		"Date":     mustValue(t, env, db, "Date", jsonObject{"date": jsonObject{"start": "2025-10-30T16:45:00+01:00"}}),
		"People":   mustValue(t, env, db, "People", jsonObject{"people": []any{jsonObject{"id": personID}}}),
		"Files":    mustValue(t, env, db, "Files", jsonObject{"files": []any{jsonObject{"name": "f", "external": jsonObject{"url": "https://f"}}}}),
		"Relation": mustValue(t, env, db, "Relation", jsonObject{"relation": []any{jsonObject{"id": pA1}}}),
	})
	partial := testPage("29c974f3-b388-8102-8000-000000000002", dbB, jsonObject{
		"Name":   mustValue(t, env, db, "Name", []any{jsonObject{"text": jsonObject{"content": "Jane"}}}),
		"Number": mustValue(t, env, db, "Number", jsonObject{"number": 1}),
		"Select": mustValue(t, env, db, "Select", jsonObject{"select": jsonObject{"name": "Closed"}}),
		"Tags":   mustValue(t, env, db, "Tags", jsonObject{"multi_select": []any{jsonObject{"name": "b"}}}),
		"Date":   mustValue(t, env, db, "Date", jsonObject{"date": jsonObject{"start": "2024-01-01"}}),
	})
	partial["created_time"] = "2024-01-01T00:00:00.000Z"
	empty := testPage("29c974f3-b388-8103-8000-000000000003", dbB, jsonObject{})
	pages := []jsonObject{full, partial, empty}
	for _, p := range pages {
		computeValues(db, p, env)
	}
	return db, pages, env
}

func TestCompileFilter(t *testing.T) {
	db, pages, env := filterFixture(t)
	const (
		full    = "full"
		partial = "partial"
		empty   = "empty"
	)
	names := []string{full, partial, empty}
	tests := []struct {
		name   string
		filter string
		want   []string
	}{
		{"no filter", `null`, []string{full, partial, empty}},
		{"title equals", `{"property":"Name","title":{"equals":"John Doe"}}`, []string{full}},
		{"rich_text on title", `{"property":"Name","rich_text":{"contains":"JOHN"}}`, []string{full}},
		{"title does_not_equal", `{"property":"Name","title":{"does_not_equal":"John Doe"}}`, []string{partial, empty}},
		{"text starts_with", `{"property":"Text","rich_text":{"starts_with":"hello"}}`, []string{full}},
		{"text ends_with", `{"property":"Text","rich_text":{"ends_with":"world"}}`, []string{full}},
		{"text does_not_contain", `{"property":"Text","rich_text":{"does_not_contain":"World"}}`, []string{partial, empty}},
		{"text is_empty", `{"property":"Text","rich_text":{"is_empty":true}}`, []string{partial, empty}},
		{"url is_not_empty", `{"property":"URL","url":{"is_not_empty":true}}`, []string{full}},
		{"number equals", `{"property":"Number","number":{"equals":42}}`, []string{full}},
		{"number does_not_equal", `{"property":"Number","number":{"does_not_equal":42}}`, []string{partial, empty}},
		{"number greater_than", `{"property":"Number","number":{"greater_than":1}}`, []string{full}},
		{"number less_than_or_equal_to", `{"property":"Number","number":{"less_than_or_equal_to":42}}`, []string{full, partial}},
		{"number is_empty", `{"property":"Number","number":{"is_empty":true}}`, []string{empty}},
		{"checkbox equals", `{"property":"Check","checkbox":{"equals":true}}`, []string{full}},
		{"checkbox does_not_equal", `{"property":"Check","checkbox":{"does_not_equal":true}}`, []string{partial, empty}},
		{"select equals", `{"property":"Select","select":{"equals":"Open"}}`, []string{full}},
		{"select does_not_equal", `{"property":"Select","select":{"does_not_equal":"Open"}}`, []string{partial, empty}},
		{"select is_empty", `{"property":"Select","select":{"is_empty":true}}`, []string{empty}},
		{"status equals default", `{"property":"Status","status":{"equals":"Not started"}}`, []string{partial, empty}},
		{"multi_select contains", `{"property":"Tags","multi_select":{"contains":"b"}}`, []string{full, partial}},
		{"multi_select does_not_contain", `{"property":"Tags","multi_select":{"does_not_contain":"a"}}`, []string{partial, empty}},
		{"date equals a day", `{"property":"Date","date":{"equals":"2025-10-30"}}`, []string{full}},
		{"date equals to the minute", `{"property":"Date","date":{"equals":"2025-10-30T15:45:30Z"}}`, []string{full}},
		{"date before", `{"property":"Date","date":{"before":"2025-10-30T15:45:00Z"}}`, []string{partial}},
		{"date on_or_after", `{"property":"Date","date":{"on_or_after":"2024-01-01"}}`, []string{full, partial}},
		{"date is_empty", `{"property":"Date","date":{"is_empty":true}}`, []string{empty}},
		{"date past_week", `{"property":"Date","date":{"past_week":{}}}`, []string{full}},
		{"date next_year", `{"property":"Date","date":{"next_year":{}}}`, []string{full}},
		{"date this_week", `{"property":"Date","date":{"this_week":{}}}`, []string{full}},
		{"date past_year", `{"property":"Date","date":{"past_year":{}}}`, []string{full}},
		{"people contains", `{"property":"People","people":{"contains":"` + strings.ReplaceAll(personID, "-", "") + `"}}`, []string{full}},
		{"people does_not_contain", `{"property":"People","people":{"does_not_contain":"` + personID + `"}}`, []string{partial, empty}},
		{"created_by as people", `{"property":"Author","people":{"contains":"` + botID + `"}}`, []string{full, partial, empty}},
		{"created_by", `{"property":"Author","created_by":{"is_not_empty":true}}`, []string{full, partial, empty}},
		{"files is_empty", `{"property":"Files","files":{"is_empty":true}}`, []string{partial, empty}},
		{"relation contains", `{"property":"Relation","relation":{"contains":"` + pA1 + `"}}`, []string{full}},
		{"relation is_empty", `{"property":"Relation","relation":{"is_empty":true}}`, []string{partial, empty}},
		{"formula number", `{"property":"Twice","formula":{"number":{"equals":84}}}`, []string{full}},
		{"formula string", `{"property":"Label","formula":{"string":{"starts_with":"jane"}}}`, []string{partial}},
		{"formula checkbox", `{"property":"Big","formula":{"checkbox":{"equals":false}}}`, []string{partial, empty}},
		{"formula date", `{"property":"When","formula":{"date":{"is_not_empty":true}}}`, []string{full, partial}},
		{"formula type mismatch", `{"property":"Twice","formula":{"string":{"is_empty":true}}}`, nil},
		{"rollup any", `{"property":"Titles","rollup":{"any":{"rich_text":{"equals":"Target"}}}}`, []string{full}},
		{"rollup every on empty", `{"property":"Titles","rollup":{"every":{"title":{"contains":"T"}}}}`, []string{full}},
		{"rollup none", `{"property":"Titles","rollup":{"none":{"title":{"is_empty":true}}}}`, []string{full, partial, empty}},
		{"rollup number", `{"property":"Count","rollup":{"number":{"greater_than":0}}}`, []string{full}},
		{"rollup date", `{"property":"Earliest","rollup":{"date":{"equals":"2025-10-29"}}}`, []string{full}},
		{"unique_id", `{"property":"ID","unique_id":{"less_than":3}}`, []string{full, partial}},
		{"created_time property", `{"property":"Created","created_time":{"before":"2025-01-01"}}`, []string{partial}},
		{"timestamp", `{"timestamp":"created_time","created_time":{"after":"2025-01-01"}}`, []string{full, empty}},
		{"timestamp last_edited", `{"timestamp":"last_edited_time","last_edited_time":{"past_week":{}}}`, []string{full, partial, empty}},
		{"by id", `{"property":"title","title":{"equals":"Jane"}}`, []string{partial}},
		{"and", `{"and":[{"property":"Number","number":{"is_not_empty":true}},{"property":"Select","select":{"equals":"Closed"}}]}`, []string{partial}},
		{"or", `{"or":[{"property":"Number","number":{"equals":42}},{"property":"Number","number":{"is_empty":true}}]}`, []string{full, empty}},
		{"nested", `{"or":[{"and":[{"property":"Check","checkbox":{"equals":true}},{"property":"Number","number":{"equals":42}}]},{"property":"Select","select":{"equals":"Closed"}}]}`, []string{full, partial}},
		{"empty and", `{"and":[]}`, []string{full, partial, empty}},
	}
	ids := map[string]string{}
	for i, p := range pages {
		ids[str(p, "id")] = names[i]
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f any
			require.NoError(t, json.Unmarshal([]byte(tt.filter), &f))
			match, err := compileFilterAt(f, db, env.clock)
			require.Nil(t, err, "%v", err)
			var got []string
			for _, p := range pages {
				if match(p) {
					got = append(got, ids[str(p, "id")])
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCompileFilterErrors(t *testing.T) {
	db, _, _ := filterFixture(t)
	tests := []struct {
		name, filter, message string
	}{
		{"not an object", `[]`, "body failed validation: body.filter should be an object, instead was `[]`."},
		{"unknown property", `{"property":"Nope","number":{"equals":1}}`, "Could not find property with name or id: Nope"},
		{"type mismatch", `{"property":"Select","status":{"equals":"x"}}`,
			"The property type in the database does not match the property type of the filter provided: database property select does not match filter status"},
		{"no condition", `{"property":"Number"}`, "body failed validation. Fix one:\nbody.filter.or should be defined, instead was `undefined`."},
		{"unknown condition", `{"property":"Number","numbr":{}}`, "body.filter.rollup should be defined"},
		{"two conditions", `{"property":"Number","number":{"equals":1},"rich_text":{"equals":"x"}}`, "body.filter.rich_text should be not present"},
		{"unknown operator", `{"property":"Number","number":{"eq":1}}`, "body failed validation. Fix one:\nbody.filter.number.equals should be defined"},
		{"two operators", `{"property":"Number","number":{"equals":1,"less_than":3}}`, "body.filter.number.less_than should be not present"},
		{"wrong operand", `{"property":"Number","number":{"equals":"1"}}`, "body.filter.number.equals should be a number, instead was `\"1\"`."},
		{"is_empty false", `{"property":"Number","number":{"is_empty":false}}`, "body.filter.number.is_empty should be `true`, instead was `false`."},
		{"bad date", `{"property":"Date","date":{"after":"soon"}}`, "body.filter.date.after should be a valid ISO 8601 date string"},
		{"relative date operand", `{"property":"Date","date":{"past_week":true}}`, "body.filter.date.past_week should be an object"},
		{"bad uuid", `{"property":"People","people":{"contains":"bob"}}`, "body.filter.people.contains should be a valid uuid"},
		{"select operator", `{"property":"Select","select":{"contains":"x"}}`, "body.filter.select.equals should be defined"},
		{"files operator", `{"property":"Files","files":{"equals":"x"}}`, "body.filter.files.is_empty should be defined"},
		{"formula key", `{"property":"Twice","formula":{"text":{"equals":"x"}}}`, "body.filter.formula.string should be defined"},
		{"rollup item key", `{"property":"Titles","rollup":{"any":{"bogus":{}}}}`, "body.filter.rollup.any.title should be defined"},
		{"too deep", `{"and":[{"or":[{"and":[]}]}]}`, "body.filter.and[0].or[0].and should be not present"},
		{"and not array", `{"and":{}}`, "body.filter.and should be an array"},
		{"nested error path", `{"or":[{"property":"Number","number":{"equals":true}}]}`, "body.filter.or[0].number.equals should be a number"},
		{"bad timestamp", `{"timestamp":"edited","edited":{}}`, "body.filter.timestamp should be `created_time` or `last_edited_time`"},
		{"property not string", `{"property":1,"number":{"equals":1}}`, "body.filter.property should be a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f any
			require.NoError(t, json.Unmarshal([]byte(tt.filter), &f))
			_, err := compileFilterAt(f, db, time.Now())
			require.NotNil(t, err)
			assert.Equal(t, 400, err.status)
			assert.Equal(t, "validation_error", err.code)
			assert.Contains(t, err.message, tt.message)
		})
	}
}

func TestRelativeDateRanges(t *testing.T) {
	c := filterCompiler{now: time.Date(2025, 10, 30, 23, 0, 0, 0, time.UTC)} // a Thursday
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct{ op, from, to string }{
		{"past_week", "2025-10-23", "2025-10-30"},
		{"past_month", "2025-09-30", "2025-10-30"},
		{"past_year", "2024-10-30", "2025-10-30"},
		{"next_week", "2025-10-30", "2025-11-06"},
		{"next_month", "2025-10-30", "2025-11-30"},
		{"next_year", "2025-10-30", "2026-10-30"},
		{"this_week", "2025-10-26", "2025-11-01"},
	}
	for _, tt := range tests {
		from, to := c.relativeRange(tt.op)
		assert.Equal(t, day(tt.from), from, tt.op)
		assert.Equal(t, day(tt.to), to, tt.op)
	}
}

func FuzzCompileFilter(f *testing.F) {
	for _, seed := range []string{
		`{"property":"Number","number":{"equals":42}}`,
		`{"and":[{"property":"Date","date":{"past_week":{}}},{"or":[{"property":"Tags","multi_select":{"contains":"a"}}]}]}`,
		`{"property":"Titles","rollup":{"any":{"rich_text":{"equals":"Target"}}}}`,
		`{"property":"Twice","formula":{"number":{"greater_than":1}}}`,
		`{"timestamp":"created_time","created_time":{"on_or_before":"2025-10-30T16:50:53.404521+01:00"}}`,
		`{"property":"People","people":{"contains":"00000000-0000-4000-8000-0000000000fa"}}`,
		`[]`, `null`, `{"or":[null]}`, `{"property":"Select","select":{"is_empty":true}}`,
	} {
		f.Add(seed)
	}
	db, pages, _ := filterFixture(f)
	f.Fuzz(func(t *testing.T, filter string) {
		var v any
		if json.Unmarshal([]byte(filter), &v) != nil {
			return
		}
		match, err := compileFilterAt(v, db, time.Now())
		if err != nil {
			if err.status != 400 || err.message == "" {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for _, p := range pages {
			match(p)
		}
		match(jsonObject{})
		match(jsonObject{"properties": jsonObject{"Number": "x", "Name": jsonObject{"id": "title", "type": "title", "title": 3}}})
	})
}

func TestFilterKeysCoverTypes(t *testing.T) {
	for _, k := range filterKeys {
		assert.Contains(t, filterPropertyTypes, k)
	}
	for k, types := range filterPropertyTypes {
		assert.NotEmpty(t, types, k)
	}
}
