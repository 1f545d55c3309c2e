package notiontest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComputeRollup(t *testing.T) {
	env := newFakeEnv()
	target := mustSchema(t, env, dbA, "Items", jsonObject{
		"Name":  jsonObject{"title": jsonObject{}},
		"Price": jsonObject{"number": jsonObject{}},
		"Due":   jsonObject{"date": jsonObject{}},
		"Done":  jsonObject{"checkbox": jsonObject{}},
		"Tags":  jsonObject{"multi_select": jsonObject{}},
	})
	ids := []string{
		"29c974f3-b388-8111-8000-000000000001", "29c974f3-b388-8111-8000-000000000002",
		"29c974f3-b388-8111-8000-000000000003", "29c974f3-b388-8111-8000-000000000004",
	}
	rows := []jsonObject{
		{"Price": jsonObject{"number": 10}, "Due": jsonObject{"date": jsonObject{"start": "2024-05-01"}}, "Done": jsonObject{"checkbox": true},
			"Tags": jsonObject{"multi_select": []any{jsonObject{"name": "x"}, jsonObject{"name": "y"}}}},
		{"Price": jsonObject{"number": 30}, "Due": jsonObject{"date": jsonObject{"start": "2024-01-01T10:00:00Z"}},
			"Tags": jsonObject{"multi_select": []any{jsonObject{"name": "x"}}}},
		{},
		{"Price": jsonObject{"number": 1000}},
	}
	for i, row := range rows {
		props := jsonObject{}
		for name, input := range row {
			v := mustValue(t, env, target, name, input)
			props[name] = v
			mergeSelectOptions(target["properties"].(jsonObject)[name].(jsonObject), v)
		}
		p := testPage(ids[i], dbA, props)
		computeValues(target, p, env)
		env.pages[ids[i]] = p
	}
	env.pages[ids[3]]["in_trash"] = true
	db := mustSchema(t, env, dbB, "Orders", jsonObject{
		"Name":  jsonObject{"title": jsonObject{}},
		"Items": jsonObject{"relation": jsonObject{"database_id": dbA, "single_property": jsonObject{}}},
	})
	refs := []any{}
	for _, id := range ids {
		refs = append(refs, jsonObject{"id": id})
	}
	page := testPage(pB1, dbB, jsonObject{"Items": mustValue(t, env, db, "Items", jsonObject{"relation": refs})})
	computeValues(db, page, env)

	num := func(n any) jsonObject { return jsonObject{"type": "number", "number": n} }
	tests := []struct {
		fn, prop string
		want     jsonObject
	}{
		{"count", "Name", num(3.0)},
		{"count_values", "Tags", num(3.0)},
		{"unique", "Tags", num(2.0)},
		{"empty", "Price", num(1.0)},
		{"not_empty", "Price", num(2.0)},
		{"percent_empty", "Due", num(1.0 / 3)},
		{"percent_not_empty", "Due", num(2.0 / 3)},
		{"sum", "Price", num(40.0)},
		{"average", "Price", num(20.0)},
		{"median", "Price", num(20.0)},
		{"min", "Price", num(10.0)},
		{"max", "Price", num(30.0)},
		{"range", "Price", num(20.0)},
		{"checked", "Done", num(1.0)},
		{"unchecked", "Done", num(2.0)},
		{"percent_checked", "Done", num(1.0 / 3)},
		{"percent_unchecked", "Done", num(2.0 / 3)},
		{"earliest_date", "Due", jsonObject{"type": "date", "date": jsonObject{"start": "2024-01-01T10:00:00.000+00:00", "end": nil, "time_zone": nil}}},
		{"latest_date", "Due", jsonObject{"type": "date", "date": jsonObject{"start": "2024-05-01", "end": nil, "time_zone": nil}}},
		{"date_range", "Due", jsonObject{"type": "date", "date": jsonObject{"start": "2024-01-01T10:00:00.000+00:00", "end": "2024-05-01", "time_zone": nil}}},
		{"show_original", "Price", jsonObject{"type": "array", "array": []any{
			jsonObject{"type": "number", "number": 10.0}, jsonObject{"type": "number", "number": 30.0}, jsonObject{"type": "number", "number": nil}}}},
		{"show_unique", "Done", jsonObject{"type": "array", "array": []any{
			jsonObject{"type": "checkbox", "checkbox": true}, jsonObject{"type": "checkbox", "checkbox": false}}}},
		{"count_per_group", "Tags", jsonObject{"type": "unsupported", "unsupported": jsonObject{}}},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			cfg, err := resolveRollup("R", jsonObject{"function": tt.fn, "relation_property_name": "Items", "rollup_property_name": tt.prop}, db, env)
			require.Nil(t, err)
			got := computeRollup(cfg, page, env)
			want := deepCopy(tt.want)
			want["function"] = tt.fn
			if n, ok := tt.want["number"].(float64); ok {
				assert.InDelta(t, n, got["number"], 1e-9)
				want["number"] = got["number"]
			}
			assert.Equal(t, want, got)
		})
	}

	t.Run("no related pages", func(t *testing.T) {
		empty := testPage("29c974f3-b388-8122-8000-000000000001", dbB, jsonObject{})
		computeValues(db, empty, env)
		for fn, want := range map[string]any{"count": 0.0, "sum": 0.0, "max": nil, "average": nil, "percent_empty": 0.0} {
			cfg, err := resolveRollup("R", jsonObject{"function": fn, "relation_property_name": "Items", "rollup_property_name": "Price"}, db, env)
			require.Nil(t, err)
			assert.Equal(t, want, computeRollup(cfg, empty, env)["number"], fn)
		}
		cfg, err := resolveRollup("R", jsonObject{"function": "earliest_date", "relation_property_name": "Items", "rollup_property_name": "Due"}, db, env)
		require.Nil(t, err)
		assert.Equal(t, jsonObject{"type": "date", "date": nil, "function": "earliest_date"}, computeRollup(cfg, empty, env))
	})
}

func TestResolveRollup(t *testing.T) {
	env := newFakeEnv()
	target := mustSchema(t, env, dbA, "Items", jsonObject{
		"Name": jsonObject{"title": jsonObject{}},
		"Due":  jsonObject{"date": jsonObject{}},
	})
	db := mustSchema(t, env, dbB, "Orders", jsonObject{
		"Name":  jsonObject{"title": jsonObject{}},
		"Items": jsonObject{"relation": jsonObject{"database_id": dbA, "single_property": jsonObject{}}},
	})
	due := target["properties"].(jsonObject)["Due"].(jsonObject)
	items := db["properties"].(jsonObject)["Items"].(jsonObject)
	want := jsonObject{"rollup_property_name": "Due", "relation_property_name": "Items",
		"rollup_property_id": unescapeID(str(due, "id")), "relation_property_id": unescapeID(str(items, "id")), "function": "count"}
	for _, cfg := range []jsonObject{
		{"function": "count", "relation_property_name": "Items", "rollup_property_name": "Due"},
		{"function": "count", "relation_property_id": items["id"], "rollup_property_id": due["id"]},
		{"function": "count", "relation_property_id": unescapeID(str(items, "id")), "rollup_property_name": "Due"},
		{"function": "count", "relation_property_id": items["id"], "relation_property_name": "Old", "rollup_property_name": "Due"},
	} {
		got, err := resolveRollup("R", cfg, db, env)
		require.Nil(t, err, "%v", cfg)
		assert.Equal(t, want, got)
	}
	_, err := resolveRollup("R", jsonObject{"function": "count", "relation_property_name": "Name", "rollup_property_name": "Due"}, db, env)
	require.NotNil(t, err, "the relation must be a relation")
	assert.Contains(t, err.message, "Could not find relation property with name or id: Name")
	_, err = resolveRollup("R", jsonObject{"function": "count", "relation_property_name": "Items", "rollup_property_name": "Nope"}, db, env)
	require.NotNil(t, err)
	assert.Contains(t, err.message, "Could not find rollup property with name or id: Nope")
	delete(env.dbs, dbA)
	_, err = resolveRollup("R", jsonObject{"function": "count", "relation_property_name": "Items", "rollup_property_name": "Due"}, db, env)
	require.NotNil(t, err)
	assert.Contains(t, err.message, "Could not find database with ID: "+dbA)
}
