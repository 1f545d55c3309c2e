package uno

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allTypesSchema has a property of every type a page value can be written to.
func allTypesSchema() *Schema {
	return NewSchema("All types",
		Prop("Title", Title()), Prop("Text", Text()), Prop("Number", NumberFormat("dollar")),
		Prop("Checkbox", Checkbox()), Prop("Select", Select("Option1", "Option2")),
		Prop("Multi", MultiSelect("A", "B")), Prop("Status", Status()), Prop("Day", Date()),
		Prop("Moment", Date()), Prop("Email", Email()), Prop("URL", URL()), Prop("Phone", Phone()),
		Prop("People", People()), Prop("Files", Files()), Prop("Related", SelfRelation()),
		Prop("Created", CreatedTime()), Prop("Creator", CreatedBy()),
		Prop("Edited", LastEditedTime()), Prop("Editor", LastEditedBy()),
		Prop("ID", UniqueID("T")), Prop("Double", Formula(`prop("Number") * 2`)),
		Prop("Related count", Rollup("Related", "Title", "count")),
	)
}

func TestPageValuesRoundTrip(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, allTypesSchema())
	require.NoError(t, err)
	me, err := env.s.Whoami(ctx)
	require.NoError(t, err)
	other, err := db.CreatePage(ctx, Values{"Title": "other"})
	require.NoError(t, err)

	moment := time.Date(2025, 10, 30, 16, 45, 0, 0, time.FixedZone("", 3600))
	values := Values{
		"Title":    "Buy milk",
		"Text":     "two\nlines",
		"Number":   42,
		"Checkbox": true,
		"Select":   "Option2",
		"Multi":    []string{"A", "New"},
		"Status":   "Done",
		"Day":      Day(2019, time.March, 30),
		"Moment":   DateTime(moment).Until(moment.Add(time.Hour)),
		"Email":    "mail@example.com",
		"URL":      "https://example.com",
		"Phone":    "+1 234 567 890",
		"People":   me,
		"Files":    []FileRef{{Name: "robots", URL: "https://example.com/robots.txt"}},
		"Related":  []*Page{other},
	}
	env.reset()
	page, err := db.CreatePage(ctx, values)
	require.NoError(t, err)
	assert.Equal(t, 1, env.count(""))
	page, err = page.Reload(ctx)
	require.NoError(t, err)

	assert.Equal(t, "Buy milk", page.Title())
	assert.Equal(t, "Buy milk", page.Value("Title"))
	assert.Equal(t, "two\nlines", page.Value("Text"))
	assert.Equal(t, 42.0, page.Value("Number"))
	assert.Equal(t, true, page.Value("Checkbox"))
	assert.Equal(t, "Option2", page.Value("Select"))
	assert.Equal(t, []string{"A", "New"}, page.Value("Multi"))
	assert.Equal(t, "Done", page.Value("Status"))
	assert.Equal(t, Day(2019, time.March, 30), page.Value("Day"))
	got, ok := page.Value("Moment").(DateValue)
	require.True(t, ok)
	assert.True(t, got.HasTime)
	assert.True(t, got.Start.Equal(moment))
	assert.True(t, got.End.Equal(moment.Add(time.Hour)))
	assert.Equal(t, "mail@example.com", page.Value("Email"))
	assert.Equal(t, "https://example.com", page.Value("URL"))
	assert.Equal(t, "+1 234 567 890", page.Value("Phone"))
	assert.Equal(t, []uuid.UUID{me.ID()}, page.Value("People"))
	assert.Equal(t, []FileRef{{Name: "robots", URL: "https://example.com/robots.txt"}}, page.Value("Files"))
	assert.Equal(t, []uuid.UUID{other.ID()}, page.Value("Related"))
	assert.Equal(t, me.ID(), page.Value("Creator"))
	assert.IsType(t, time.Time{}, page.Value("Created"))
	assert.Equal(t, UniqueIDValue{Prefix: "T", Number: 2}, page.Value("ID"))
	assert.Equal(t, 84.0, page.Value("Double"))
	assert.Equal(t, 1.0, page.Value("Related count"))

	env.reset()
	updated, err := page.Update(ctx, Values{"Number": 7.5, "Select": "", "Day": nil, "Related": nil, "Text": "changed"})
	require.NoError(t, err)
	assert.Equal(t, 1, env.count(""))
	assert.Equal(t, 7.5, updated.Value("Number"))
	assert.Nil(t, updated.Value("Select"))
	assert.Nil(t, updated.Value("Day"))
	assert.Equal(t, []uuid.UUID{}, updated.Value("Related"))
	assert.Equal(t, "changed", updated.Value("Text"))
	assert.Equal(t, "Buy milk", updated.Value("Title"), "other values stay")
}

func TestWrongValuesSendNothing(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, allTypesSchema())
	require.NoError(t, err)
	page, err := db.CreatePage(ctx, Values{"Title": "x"})
	require.NoError(t, err)
	env.reset()
	for _, values := range []Values{
		{"Nope": 1},
		{"Number": "42"},
		{"Checkbox": 1},
		{"Day": "2019-03-30"},
		{"Status": "Doing"},
		{"Double": 3},
		{"Created": time.Now()},
	} {
		_, err := db.CreatePage(ctx, values)
		require.ErrorIs(t, err, ErrInvalidValue, "%v", values)
		_, err = page.Update(ctx, values)
		require.ErrorIs(t, err, ErrInvalidValue, "%v", values)
	}
	assert.Equal(t, 0, env.count(""))
}

func TestDatabasePagesPaginate(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, NewSchema("Many", Prop("Name", Title()), Prop("N", Number())))
	require.NoError(t, err)
	const n = 105
	for i := range n {
		_, err := db.CreatePage(ctx, Values{"Name": fmt.Sprintf("page %03d", i), "N": i})
		require.NoError(t, err)
	}
	env.reset()
	pages, err := db.Pages(ctx)
	require.NoError(t, err)
	assert.Len(t, pages, n)
	assert.Equal(t, 2, env.count(env.queryPrefix(db)))
	seen := map[uuid.UUID]bool{}
	for _, p := range pages {
		seen[p.ID()] = true
	}
	assert.Len(t, seen, n, "no page twice")

	env.reset()
	count := 0
	for p, err := range db.All(ctx) {
		require.NoError(t, err)
		require.NotNil(t, p)
		if count++; count == 3 {
			break
		}
	}
	assert.Equal(t, 1, env.count(""), "breaking out of the loop stops fetching")

	var got []float64
	q := Query{
		Filter: map[string]any{"property": "N", "number": map[string]any{"greater_than_or_equal_to": 100}},
		Sorts:  []map[string]any{{"property": "N", "direction": "descending"}},
	}
	for p, err := range db.Query(ctx, q) {
		require.NoError(t, err)
		n, ok := p.Value("N").(float64)
		require.True(t, ok)
		got = append(got, n)
	}
	assert.Equal(t, []float64{104, 103, 102, 101, 100}, got)

	bad := Query{Filter: map[string]any{"property": "Missing", "number": map[string]any{"equals": 1}}}
	errs := 0
	for p, err := range db.Query(ctx, bad) {
		assert.Nil(t, p)
		require.Error(t, err)
		errs++
	}
	assert.Equal(t, 1, errs, "an error is yielded once")
}

// TestTaskListFlow is ultimate-notion's simple task database example: find the parent page,
// create the database, nine tasks, and read them all back. The Python library sends 13
// requests for it.
func TestTaskListFlow(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	env.srv.AddPage("Task list home")
	parent, err := env.s.SearchPage(ctx, "Task list home")
	require.NoError(t, err)
	root, err := parent.Item()
	require.NoError(t, err)
	db, err := env.s.CreateDB(ctx, root, taskSchema())
	require.NoError(t, err)
	today := time.Now()
	statuses := []string{"Backlog", "In Progress", "Blocked", "Done"}
	priorities := []string{"✹ High", "✷ Medium", "✶ Low"}
	for i := range 9 {
		_, err := db.CreatePage(ctx, Values{
			"Task":     fmt.Sprintf("Task %d", i),
			"Status":   statuses[i%len(statuses)],
			"Priority": priorities[i%len(priorities)],
			"Due Date": DayOf(today.AddDate(0, 0, i-4)),
		})
		require.NoError(t, err)
	}
	pages, err := db.Pages(ctx)
	require.NoError(t, err)
	require.Len(t, pages, 9)
	for _, p := range pages {
		v, ok := p.Property("Urgency")
		require.True(t, ok)
		assert.Equal(t, "formula", v.Type)
		if p.Value("Status") == "Done" {
			assert.Equal(t, "✅", v.String())
		}
	}
	assert.Equal(t, 12, env.withoutSourceReads(), "one request fewer than the Python library")
	assert.LessOrEqual(t, env.count("GET /v1/data_sources"), 1)
}
