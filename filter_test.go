package uno

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// filterProps is a schema with one property of every type, as a database answer lists them.
var filterProps = []DBProperty{
	{ID: "title", Name: "Name", Type: "title"},
	{ID: "a1", Name: "Notes", Type: "rich_text"},
	{ID: "a2", Name: "N", Type: "number"},
	{ID: "a3", Name: "Done", Type: "checkbox"},
	{ID: "a4", Name: "Color", Type: "select"},
	{ID: "a5", Name: "Tags", Type: "multi_select"},
	{ID: "a6", Name: "State", Type: "status"},
	{ID: "a7", Name: "Due", Type: "date"},
	{ID: "a8", Name: "Who", Type: "people"},
	{ID: "a9", Name: "Attach", Type: "files"},
	{ID: "b1", Name: "Link", Type: "url"},
	{ID: "b2", Name: "Mail", Type: "email"},
	{ID: "b3", Name: "Phone", Type: "phone_number"},
	{ID: "b4", Name: "Items", Type: "relation"},
	{ID: "b5", Name: "F", Type: "formula"},
	{ID: "b6", Name: "R", Type: "rollup"},
	{ID: "b7", Name: "ID", Type: "unique_id", Config: json.RawMessage(`{"prefix":"TASK"}`)},
	{ID: "b8", Name: "Created", Type: "created_time"},
	{ID: "b9", Name: "Creator", Type: "created_by"},
	{ID: "c1", Name: "Edited", Type: "last_edited_time"},
	{ID: "c2", Name: "Editor", Type: "last_edited_by"},
	{ID: "c3", Name: "Go", Type: "button"},
}

// filterJSON compiles f against filterProps and returns its JSON.
func filterJSON(t *testing.T, f Filter) string {
	t.Helper()
	m, err := compileFilter(f, filterProps)
	require.NoError(t, err)
	data, err := json.Marshal(m)
	require.NoError(t, err)
	return string(data)
}

func TestFilterJSON(t *testing.T) {
	user := uuid.MustParse("00000000-0000-4000-8000-0000000000fa")
	page := uuid.MustParse("38c9ce7b-60a4-81df-8195-e1e6a34e4fc4")
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	moment := time.Date(2026, 6, 27, 18, 1, 15, 0, time.FixedZone("", 3600))
	tests := []struct {
		name   string
		filter Filter
		want   string
	}{
		{"title", Where("Name").Equals("John Doe"), `{"property":"Name","title":{"equals":"John Doe"}}`},
		{"by id", Where("a1").Contains("Doe"), `{"property":"Notes","rich_text":{"contains":"Doe"}}`},
		{"text ends", Where("Notes").EndsWith("Doe"), `{"property":"Notes","rich_text":{"ends_with":"Doe"}}`},
		{"url", Where("Link").StartsWith("https"), `{"property":"Link","url":{"starts_with":"https"}}`},
		{"email", Where("Mail").DoesNotContain("x"), `{"property":"Mail","email":{"does_not_contain":"x"}}`},
		{"phone", Where("Phone").IsEmpty(), `{"property":"Phone","phone_number":{"is_empty":true}}`},
		{"number", Where("N").GreaterThanOrEqualTo(int8(1)), `{"number":{"greater_than_or_equal_to":1},"property":"N"}`},
		{"number empty", Where("N").IsNotEmpty(), `{"number":{"is_not_empty":true},"property":"N"}`},
		{"checkbox", Where("Done").DoesNotEqual(false), `{"checkbox":{"does_not_equal":false},"property":"Done"}`},
		{"select", Where("Color").Equals("red"), `{"property":"Color","select":{"equals":"red"}}`},
		{"status", Where("State").DoesNotEqual("Done"), `{"property":"State","status":{"does_not_equal":"Done"}}`},
		{"multi-select", Where("Tags").Contains("a"), `{"multi_select":{"contains":"a"},"property":"Tags"}`},
		{"date moment", Where("Due").Before(moment), `{"date":{"before":"2026-06-27T18:01:15+01:00"},"property":"Due"}`},
		{"date day", Where("Due").Equals(Day(2024, 1, 1)), `{"date":{"equals":"2024-01-01"},"property":"Due"}`},
		{"date day as comparison", Where("Due").GreaterThan(Day(2024, 1, 1)), `{"date":{"after":"2024-01-01"},"property":"Due"}`},
		{"date in its time zone", Where("Due").OnOrAfter(time.Date(2024, 1, 1, 12, 0, 0, 0, berlin)), `{"date":{"on_or_after":"2024-01-01T12:00:00+01:00"},"property":"Due"}`},
		{"date value time zone", Where("Due").Equals(DateValue{Start: time.Date(2024, 1, 1, 11, 0, 0, 0, time.UTC), HasTime: true, TimeZone: "Europe/Berlin"}), `{"date":{"equals":"2024-01-01T12:00:00+01:00"},"property":"Due"}`},
		{"past week", Where("Due").PastWeek(), `{"date":{"past_week":{}},"property":"Due"}`},
		{"next month", Where("Due").NextMonth(), `{"date":{"next_month":{}},"property":"Due"}`},
		{"this week", Where("Due").ThisWeek(), `{"date":{"this_week":{}},"property":"Due"}`},
		{"people", Where("Who").Contains(user), `{"people":{"contains":"00000000-0000-4000-8000-0000000000fa"},"property":"Who"}`},
		{"people by string", Where("Who").DoesNotContain("000000000000400080000000000000fa"), `{"people":{"does_not_contain":"00000000-0000-4000-8000-0000000000fa"},"property":"Who"}`},
		{"created by", Where("Creator").Contains(user), `{"created_by":{"contains":"00000000-0000-4000-8000-0000000000fa"},"property":"Creator"}`},
		{"relation", Where("Items").Contains(page), `{"property":"Items","relation":{"contains":"38c9ce7b-60a4-81df-8195-e1e6a34e4fc4"}}`},
		{"files", Where("Attach").IsNotEmpty(), `{"files":{"is_not_empty":true},"property":"Attach"}`},
		{"unique id", Where("ID").GreaterThan(-1), `{"property":"ID","unique_id":{"greater_than":-1}}`},
		{"unique id with prefix", Where("ID").Equals("TASK-42"), `{"property":"ID","unique_id":{"equals":42}}`},
		{"created time", Where("Created").PastYear(), `{"created_time":{"past_year":{}},"property":"Created"}`},
		{"edited time", Where("Edited").OnOrBefore(moment.UTC()), `{"last_edited_time":{"on_or_before":"2026-06-27T17:01:15Z"},"property":"Edited"}`},
		{"formula inferred string", Where("F").StartsWith("Item"), `{"formula":{"string":{"starts_with":"Item"}},"property":"F"}`},
		{"formula inferred number", Where("F").LessThanOrEqualTo(42), `{"formula":{"number":{"less_than_or_equal_to":42}},"property":"F"}`},
		{"formula inferred checkbox", Where("F").Equals(true), `{"formula":{"checkbox":{"equals":true}},"property":"F"}`},
		{"formula inferred date", Where("F").NextWeek(), `{"formula":{"date":{"next_week":{}}},"property":"F"}`},
		{"formula as text", Where("F").AsText().IsEmpty(), `{"formula":{"string":{"is_empty":true}},"property":"F"}`},
		{"formula as date", Where("F").AsDate().IsEmpty(), `{"formula":{"date":{"is_empty":true}},"property":"F"}`},
		{"rollup number", Where("R").AsNumber().GreaterThan(42), `{"property":"R","rollup":{"number":{"greater_than":42}}}`},
		{"rollup date inferred", Where("R").Before(moment.UTC()), `{"property":"R","rollup":{"date":{"before":"2026-06-27T17:01:15Z"}}}`},
		{"rollup any", Where("R").Any("rich_text").Equals("Item 1"), `{"property":"R","rollup":{"any":{"rich_text":{"equals":"Item 1"}}}}`},
		{"rollup every title", Where("R").Every("title").StartsWith("Item"), `{"property":"R","rollup":{"every":{"rich_text":{"starts_with":"Item"}}}}`},
		{"rollup none empty", Where("R").None("rich_text").IsEmpty(), `{"property":"R","rollup":{"none":{"rich_text":{"is_empty":true}}}}`},
		{"rollup any inferred date", Where("R").Any("").PastWeek(), `{"property":"R","rollup":{"any":{"date":{"past_week":{}}}}}`},
		{"rollup any select", Where("R").Any("select").Equals("red"), `{"property":"R","rollup":{"any":{"select":{"equals":"red"}}}}`},
		{"rollup any relation", Where("R").Any("").Contains(page), `{"property":"R","rollup":{"any":{"relation":{"contains":"38c9ce7b-60a4-81df-8195-e1e6a34e4fc4"}}}}`},
		{"timestamp", WhereTimestamp(CreatedTimestamp).OnOrBefore(moment), `{"created_time":{"on_or_before":"2026-06-27T18:01:15+01:00"},"timestamp":"created_time"}`},
		{"timestamp relative", WhereTimestamp(LastEditedTimestamp).ThisWeek(), `{"last_edited_time":{"this_week":{}},"timestamp":"last_edited_time"}`},
		{"and", And(Where("Due").Equals(Day(2024, 1, 1)), Where("Color").Equals("red")),
			`{"and":[{"date":{"equals":"2024-01-01"},"property":"Due"},{"property":"Color","select":{"equals":"red"}}]}`},
		{"nested two levels", Or(Where("Done").Equals(true), And(Where("N").LessThan(3), Where("Tags").IsEmpty())),
			`{"or":[{"checkbox":{"equals":true},"property":"Done"},{"and":[{"number":{"less_than":3},"property":"N"},{"multi_select":{"is_empty":true},"property":"Tags"}]}]}`},
		{"and drops zero filters", And(Filter{}, Where("Done").Equals(true)), `{"and":[{"checkbox":{"equals":true},"property":"Done"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.JSONEq(t, tt.want, filterJSON(t, tt.filter))
		})
	}
}

func TestFilterZero(t *testing.T) {
	assert.True(t, Filter{}.IsZero())
	assert.True(t, And().IsZero(), "And of nothing selects everything")
	assert.True(t, Or().IsZero())
	assert.True(t, Or(Where("Done").Equals(true), Filter{}).IsZero(), "Or with an everything branch selects everything")
	assert.True(t, And(Filter{}, And()).IsZero())
	m, err := compileFilter(Filter{}, filterProps)
	require.NoError(t, err)
	assert.Nil(t, m)
}

func TestFilterInvalid(t *testing.T) {
	deep := And(Or(And(Where("N").Equals(1), Where("Done").Equals(true))))
	tests := []struct {
		name   string
		filter Filter
		names  string // what the message must name
	}{
		{"unknown property", Where("Statuz").Equals("Done"), `"Statuz"`},
		{"condition the type lacks", Where("Tags").Equals("a"), `"Tags"`},
		{"date condition on a number", Where("N").Before(time.Now()), `"N"`},
		{"text condition on a checkbox", Where("Done").Contains("x"), `"Done"`},
		{"files equals", Where("Attach").Equals("x"), `"Attach"`},
		{"wrong value type", Where("N").Equals("three"), `"N"`},
		{"NaN", Where("N").LessThan(nan()), `"N"`},
		{"bool for text", Where("Name").Equals(true), `"Name"`},
		{"empty option", Where("Color").Equals(""), `"Color"`},
		{"invalid people id", Where("Who").Contains("12345678-1234-1234-1234-123456789abc"), `"Who"`},
		{"nil page", Where("Items").Contains((*Page)(nil)), `"Items"`},
		{"unique id prefix", Where("ID").Equals("BUG-1"), `"ID"`},
		{"unique id fraction", Where("ID").Equals(1.5), `"ID"`},
		{"unique id empty", Where("ID").IsEmpty(), `"ID"`},
		{"date range", Where("Due").Equals(Day(2024, 1, 1).Until(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC))), `"Due"`},
		{"zero date", Where("Due").After(time.Time{}), `"Due"`},
		{"unknown time zone", Where("Due").Equals(DateValue{Start: time.Now(), HasTime: true, TimeZone: "Mars/Olympus"}), `"Due"`},
		{"not filterable", Where("Go").IsEmpty(), `"Go"`},
		{"formula result unknown", Where("F").IsEmpty(), `"F"`},
		{"rollup item unknown", Where("R").Any("").IsEmpty(), `"R"`},
		{"rollup item type unknown", Where("R").Any("button").IsEmpty(), `"R"`},
		{"rollup without quantifier", Where("R").Contains("x"), `"R"`},
		{"As on a plain property", Where("N").AsNumber().Equals(1), `"N"`},
		{"Any on a plain property", Where("Tags").Any("select").Equals("a"), `"Tags"`},
		{"formula checkbox compare", Where("F").AsCheckbox().GreaterThan(true), `"F"`},
		{"bad timestamp", WhereTimestamp("deleted_time").PastWeek(), `"deleted_time"`},
		{"timestamp text condition", WhereTimestamp(CreatedTimestamp).Contains("x"), `"created_time"`},
		{"too deep", deep, `"N"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileFilter(tt.filter, filterProps)
			require.ErrorIs(t, err, ErrInvalidQuery)
			assert.Contains(t, err.Error(), tt.names)
		})
	}
}

// nan returns a NaN without a constant expression.
func nan() float64 {
	zero := 0.0
	return zero / zero
}

func TestFilterInvalidReportsEveryProblem(t *testing.T) {
	_, err := compileFilter(And(Where("Statuz").Equals("x"), Where("N").Contains("y")), filterProps)
	require.ErrorIs(t, err, ErrInvalidQuery)
	assert.Contains(t, err.Error(), `"Statuz"`)
	assert.Contains(t, err.Error(), `"N"`)
	assert.True(t, errors.Is(err, ErrInvalidQuery))
}

func TestSortJSON(t *testing.T) {
	sorts, err := compileSorts([]Sort{Ascending("Due"), Descending("a2"), AscendingTimestamp(CreatedTimestamp), DescendingTimestamp(LastEditedTimestamp)}, filterProps)
	require.NoError(t, err)
	data, err := json.Marshal(sorts)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"property":"Due","direction":"ascending"},{"property":"N","direction":"descending"},
		{"timestamp":"created_time","direction":"ascending"},{"timestamp":"last_edited_time","direction":"descending"}]`, string(data))

	for _, bad := range [][]Sort{{Ascending("Duee")}, {{}}, {DescendingTimestamp("deleted_time")}} {
		_, err := compileSorts(bad, filterProps)
		require.ErrorIs(t, err, ErrInvalidQuery)
	}
}

// TestInvalidQuerySendsNothing: a query that does not fit the schema fails before any
// request, once, naming the property.
func TestInvalidQuerySendsNothing(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, NewSchema("Tasks", Prop("Name", Title()), Prop("Status", Select("Done"))))
	require.NoError(t, err)
	env.reset()
	for _, q := range []Query{
		{Filter: Where("Statuz").Equals("Done")},
		{Filter: Where("Status").GreaterThan(3)},
		{Filter: And(Or(And(Where("Status").Equals("Done"))))},
		{Filter: Where("Status")},
		{Sorts: []Sort{Ascending("Statuz")}},
		{Sorts: Descending("Statuz")},
		{Filter: func() {}},
	} {
		errs := 0
		for p, err := range db.Query(ctx, q) {
			assert.Nil(t, p)
			require.ErrorIs(t, err, ErrInvalidQuery)
			errs++
		}
		assert.Equal(t, 1, errs)
	}
	assert.Zero(t, env.count(""), "no request was sent")

	// Notion's own answer to a raw filter it rejects matches ErrValidation.
	raw := Query{Filter: map[string]any{"property": "Statuz", "select": map[string]any{"equals": "Done"}}}
	for _, err := range db.Query(ctx, raw) {
		require.ErrorIs(t, err, ErrValidation)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 400, apiErr.Status)
		assert.True(t, strings.Contains(apiErr.Message, "Statuz"), apiErr.Message)
	}
}

// TestTypedQueryAgainstEmulator runs typed filters and sorts through the emulator.
func TestTypedQueryAgainstEmulator(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, NewSchema("Tasks",
		Prop("Task", Title()), Prop("Status", Select("Backlog", "Done")), Prop("Due", Date()), Prop("Points", Number())))
	require.NoError(t, err)
	for i, st := range []string{"Backlog", "Done", "Done", "Backlog", "Done"} {
		_, err := db.CreatePage(ctx, Values{"Task": "T" + string(rune('a'+i)), "Status": st, "Due": Day(2024, 1, 1+i), "Points": i})
		require.NoError(t, err)
	}
	q := Query{
		Filter: And(Where("Status").Equals("Done"), Where("Due").OnOrAfter(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC))),
		Sorts:  []Sort{Descending("Points")},
	}
	var got []string
	for p, err := range db.Query(ctx, q) {
		require.NoError(t, err)
		got = append(got, p.Title())
	}
	assert.Equal(t, []string{"Te", "Tc", "Tb"}, got)

	one := Query{Filter: &[]Filter{Where("Points").Equals(3)}[0], Sorts: AscendingTimestamp(CreatedTimestamp)}
	got = nil
	for p, err := range db.Query(ctx, one) {
		require.NoError(t, err)
		got = append(got, p.Title())
	}
	assert.Equal(t, []string{"Td"}, got)
}

// BenchmarkCompileFilter checks and encodes a nested filter of six conditions against a
// schema of 22 properties, as every typed query does before its request.
func BenchmarkCompileFilter(b *testing.B) {
	f := And(
		Where("Status").Equals("Done"),
		Or(Where("Due").PastWeek(), Where("N").GreaterThan(3), Where("Tags").Contains("a")),
		Where("R").Any("rich_text").StartsWith("Item"),
		WhereTimestamp(CreatedTimestamp).After(time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)),
	)
	props := append([]DBProperty{{ID: "s1", Name: "Status", Type: "status"}}, filterProps...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compileFilter(f, props); err != nil {
			b.Fatal(err)
		}
	}
}
