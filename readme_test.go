package uno

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeRelatedDatabases runs the related-databases example of the README.
func TestReadmeRelatedDatabases(t *testing.T) {
	env := newTestEnv(t)
	s, ctx, parent := env.s, t.Context(), env.root

	customers := NewSchema("Customers", Prop("Name", Title()))
	items := NewSchema("Items", Prop("Name", Title()), Prop("Price", Number()))
	orders := NewSchema("Orders",
		Prop("Order", Title()),
		Prop("Customer", TwoWayRelation(customers, "Orders")),
		Prop("Items", Relation(items)),
		Prop("Total", Rollup("Items", "Price", "sum")),
	)
	customers.Add(Prop("Favourite item", Relation(items)))
	dbs, err := s.CreateDBs(ctx, []*Page{parent}, []*Schema{orders, customers, items})
	require.NoError(t, err)
	require.Len(t, dbs, 3)
	assert.LessOrEqual(t, env.count("POST /v1/databases"), 3)
	assert.LessOrEqual(t, env.schemaPatches(nil), 1, "only the back property's name needs a PATCH")

	back, ok := dbs[1].Property("Orders")
	require.True(t, ok, "the back property carries the declared name")
	rel, ok := back.Relation()
	require.True(t, ok)
	assert.Equal(t, dbs[0].ID().String(), rel.DatabaseID.String())

	item, err := dbs[2].CreatePage(ctx, Values{"Name": "Tea", "Price": 4.5})
	require.NoError(t, err)
	order, err := dbs[0].CreatePage(ctx, Values{"Order": "#1", "Items": []*Page{item}})
	require.NoError(t, err)
	order, err = order.Reload(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4.5, order.Value("Total"))
}

// TestReadmeDataSources runs the data-source example of the README.
func TestReadmeDataSources(t *testing.T) {
	env := openEnv(t, nil, WithNotionVersion(Version2026))
	s, ctx, parent := env.s, t.Context(), env.root

	tasks := NewSchema("Tasks", Prop("Task", Title()), Prop("Done", Checkbox()))
	ds, err := s.CreateDS(ctx, parent, tasks)
	require.NoError(t, err)
	_, err = ds.CreatePage(ctx, Values{"Task": "Write the report", "Done": false})
	require.NoError(t, err)
	db, err := ds.Database(ctx)
	require.NoError(t, err)
	archive, err := db.AddDataSource(ctx, NewSchema("Archive", Prop("Task", Title())))
	require.NoError(t, err)
	_, err = db.Pages(ctx)
	require.ErrorIs(t, err, ErrMultipleDataSources)
	sources, err := db.DataSources(ctx)
	require.NoError(t, err)
	require.Len(t, sources, 2)
	assert.Equal(t, []string{"Tasks", "Archive"}, []string{sources[0].Title(), sources[1].Title()})
	pages, err := archive.Pages(ctx)
	require.NoError(t, err)
	assert.Empty(t, pages)
}

// readmeTasks is the task-list schema of the README's "Schemas in code".
func readmeTasks() *Schema {
	return NewSchema("My task list",
		Prop("Task", Title()),
		Prop("Status", SelectOptions(
			SelectOption{Name: "Backlog", Color: "gray"},
			SelectOption{Name: "In Progress", Color: "blue"},
			SelectOption{Name: "Blocked", Color: "red"},
			SelectOption{Name: "Done", Color: "green"},
		)),
		Prop("Priority", SelectOptions(
			SelectOption{Name: "✹ High", Color: "red"},
			SelectOption{Name: "✷ Medium", Color: "yellow"},
			SelectOption{Name: "✶ Low", Color: "gray"},
		)),
		Prop("Urgency", Formula(`if(prop("Status") == "Done", "✅", if(empty(prop("Due Date")), "", `+
			`if(prop("Due Date") < now(), "🔥 overdue", "🕐 later")))`)),
		Prop("Due Date", Date()),
	).WithDescription("My personal task list of all the important stuff I have to do")
}

// TestReadmeSchemas runs the task-list example of the README's "Schemas in code".
func TestReadmeSchemas(t *testing.T) {
	env := newTestEnv(t)
	s, ctx, parent := env.s, t.Context(), env.root

	db, err := s.CreateDB(ctx, parent, readmeTasks())
	require.NoError(t, err)
	assert.Equal(t, 1, env.count("POST /v1/databases"), "the description travels with the create")
	assert.Zero(t, env.count("PATCH /v1/databases"))
	_, err = db.CreatePage(ctx, Values{
		"Task":     "Write the quarterly report",
		"Status":   "In Progress",
		"Priority": "✹ High",
		"Due Date": Day(2026, time.December, 1),
	})
	require.NoError(t, err)
	var got []string
	for page, err := range db.All(ctx) {
		require.NoError(t, err)
		status, _ := page.Property("Status")
		got = append(got, page.Title()+" "+status.String())
	}
	assert.Equal(t, []string{"Write the quarterly report In Progress"}, got)
}

// TestReadmeQuery runs the query of the README's "Queries" on the task list: valid against its
// schema, it selects the done tasks due last week or of high priority.
func TestReadmeQuery(t *testing.T) {
	env := newTestEnv(t)
	s, ctx, parent := env.s, t.Context(), env.root
	db, err := s.CreateDB(ctx, parent, readmeTasks())
	require.NoError(t, err)
	for _, v := range []Values{
		{"Task": "Done, high", "Status": "Done", "Priority": "✹ High"},
		{"Task": "Done, low, due long ago", "Status": "Done", "Priority": "✶ Low", "Due Date": Day(2020, time.January, 1)},
		{"Task": "Open, high", "Status": "Backlog", "Priority": "✹ High"},
	} {
		_, err := db.CreatePage(ctx, v)
		require.NoError(t, err)
	}

	q := Query{
		Filter: And(
			Where("Status").Equals("Done"),
			Or(Where("Due Date").PastWeek(), Where("Priority").Equals("✹ High")),
		),
		Sorts: []Sort{Ascending("Due Date"), DescendingTimestamp(CreatedTimestamp)},
	}
	var got []string
	for page, err := range db.Query(ctx, q) {
		require.False(t, errors.Is(err, ErrInvalidQuery), "the README's query fits its schema: %v", err)
		require.NoError(t, err)
		got = append(got, page.Title())
	}
	assert.Equal(t, []string{"Done, high"}, got)
}

// TestReadmeContent runs the content example of the README's "Content".
func TestReadmeContent(t *testing.T) {
	env := newTestEnv(t)
	s, ctx, parent := env.s, t.Context(), env.root
	page, other := parent, parent
	readme := "# Notes\n\nSome *text*.\n"

	written, err := page.Append(ctx,
		Heading2(Plain("Plan")),
		Paragraph(Plain("Ship "), Bold("today"), Plain(", see "), MentionOf(other)),
		ToDo(false, Plain("docs")).WithChildren(BulletedItem(Plain("README"))),
	)
	require.NoError(t, err)
	require.Len(t, written, 3)
	require.Len(t, written[2].Nested(), 1)
	blocks, err := ParseMarkdown(readme)
	require.NoError(t, err)
	page, err = s.CreatePage(ctx, parent, "Notes", WithContent(blocks...), WithIcon("🗒️"))
	require.NoError(t, err)
	md, err := page.Markdown(ctx)
	require.NoError(t, err)
	assert.Equal(t, "# Notes\n\nSome *text*.\n", md)
}
