package uno

import (
	"testing"

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
