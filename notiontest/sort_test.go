package notiontest

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSortsMatchRecordings(t *testing.T) {
	checked := 0
	for _, q := range recordedQueries(t) {
		if q.req["sorts"] == nil || q.req["filter"] != nil {
			continue
		}
		cmp, err := compileSorts(q.req["sorts"], q.db)
		require.Nil(t, err, "%v", err)
		pages := slices.Clone(q.pages)
		slices.SortStableFunc(pages, cmp)
		var got []string
		for _, p := range pages {
			got = append(got, str(p, "id"))
		}
		assert.Equal(t, q.want, got, "%s: %v", q.name, q.req["sorts"])
		checked++
	}
	assert.GreaterOrEqual(t, checked, 3, "sorts checked against recordings")
}

func TestCompileSorts(t *testing.T) {
	db, pages, _ := filterFixture(t)
	names := map[string]string{}
	for i, n := range []string{"full", "partial", "empty"} {
		names[str(pages[i], "id")] = n
	}
	tests := []struct {
		sorts string
		want  []string
	}{
		{`null`, []string{"full", "partial", "empty"}},
		{`[]`, []string{"full", "partial", "empty"}},
		{`[{"property":"Number","direction":"ascending"}]`, []string{"partial", "full", "empty"}},
		{`[{"property":"Number","direction":"descending"}]`, []string{"full", "partial", "empty"}},
		{`[{"property":"Name","direction":"ascending"}]`, []string{"partial", "full", "empty"}},
		{`[{"property":"title","direction":"descending"}]`, []string{"full", "partial", "empty"}},
		{`[{"property":"Select","direction":"descending"}]`, []string{"partial", "full", "empty"}},
		{`[{"property":"Status","direction":"ascending"}]`, []string{"partial", "empty", "full"}},
		{`[{"property":"Check","direction":"descending"}]`, []string{"full", "partial", "empty"}},
		{`[{"property":"Date","direction":"ascending"}]`, []string{"partial", "full", "empty"}},
		{`[{"property":"Tags","direction":"descending"}]`, []string{"partial", "full", "empty"}},
		{`[{"property":"Twice","direction":"descending"}]`, []string{"full", "partial", "empty"}},
		{`[{"property":"Count","direction":"descending"}]`, []string{"full", "partial", "empty"}},
		{`[{"property":"ID","direction":"descending"}]`, []string{"empty", "partial", "full"}},
		{`[{"property":"People","direction":"ascending"}]`, []string{"full", "partial", "empty"}},
		{`[{"timestamp":"created_time","direction":"ascending"}]`, []string{"partial", "full", "empty"}},
		{`[{"property":"Check","direction":"ascending"},{"property":"Number","direction":"descending"}]`, []string{"partial", "empty", "full"}},
	}
	for _, tt := range tests {
		t.Run(tt.sorts, func(t *testing.T) {
			var s any
			require.NoError(t, json.Unmarshal([]byte(tt.sorts), &s))
			cmp, err := compileSorts(s, db)
			require.Nil(t, err, "%v", err)
			sorted := slices.Clone(pages)
			slices.SortStableFunc(sorted, cmp)
			var got []string
			for _, p := range sorted {
				got = append(got, names[str(p, "id")])
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCompileSortsErrors(t *testing.T) {
	db, _, _ := filterFixture(t)
	tests := []struct{ sorts, message string }{
		{`{}`, "body failed validation: body.sorts should be an array, instead was `{}`."},
		{`[3]`, "body.sorts[0] should be an object"},
		{`[{"property":"Nope","direction":"ascending"}]`, "Could not find sort property with name or id: Nope"},
		{`[{"property":"Number","direction":"up"}]`, "body.sorts[0].direction should be `ascending` or `descending`, instead was `\"up\"`."},
		{`[{"property":"Number"}]`, "body.sorts[0].direction should be `ascending` or `descending`, instead was `undefined`."},
		{`[{"timestamp":"created","direction":"ascending"}]`, "body.sorts[0].timestamp should be `created_time` or `last_edited_time`"},
		{`[{"direction":"ascending"}]`, "body.sorts[0].property should be a string"},
	}
	for _, tt := range tests {
		var s any
		require.NoError(t, json.Unmarshal([]byte(tt.sorts), &s))
		_, err := compileSorts(s, db)
		require.NotNil(t, err, tt.sorts)
		assert.Equal(t, "validation_error", err.code)
		assert.Contains(t, err.message, tt.message)
	}
}
