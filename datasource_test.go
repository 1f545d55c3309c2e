package uno

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDataSourcesNeedVersion2025(t *testing.T) {
	env := openEnv(t, nil, WithNotionVersion(Version2022))
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, taskSchema())
	require.NoError(t, err)
	env.reset()
	calls := map[string]error{}
	_, calls["GetDS"] = env.s.GetDS(ctx, db.ID().String())
	_, calls["SearchDS"] = env.s.SearchDS(ctx, "")
	_, calls["CreateDS"] = env.s.CreateDS(ctx, env.root, NewSchema("X", Prop("Name", Title())))
	_, calls["GetOrCreateDS"] = env.s.GetOrCreateDS(ctx, env.root, NewSchema("Y", Prop("Name", Title())))
	_, calls["DataSources"] = db.DataSources(ctx)
	_, calls["AddDataSource"] = db.AddDataSource(ctx, nil)
	for name, err := range calls {
		assert.ErrorIs(t, err, ErrUnsupportedVersion, name)
	}
	assert.Zero(t, env.count(""), "nothing is sent")
	// The seed's methods work as before.
	_, err = db.CreatePage(ctx, Values{"Task": "one"})
	require.NoError(t, err)
	pages, err := db.Pages(ctx)
	require.NoError(t, err)
	assert.Len(t, pages, 1)
}

func TestDataSourceLifecycle(t *testing.T) {
	for _, v := range []string{Version2025, Version2026} {
		t.Run(v, func(t *testing.T) {
			env := openEnv(t, nil, WithNotionVersion(v), WithRateLimit(0, 0))
			ctx := t.Context()
			schema := taskSchema()
			ds, err := env.s.CreateDS(ctx, env.root, schema)
			require.NoError(t, err)
			assert.Equal(t, "My task list", ds.Title())
			assert.Equal(t, env.root.ID(), ds.DatabaseParent().ID)
			db := schema.DB()
			require.NotNil(t, db)
			assert.Equal(t, db.ID(), ds.DatabaseID())
			assert.Same(t, schema, ds.Schema())
			assert.Equal(t, ds.Properties(), db.Properties(), "the database's properties are its data source's")
			status, ok := ds.Property("Status")
			require.True(t, ok)
			assert.Equal(t, "select", status.Type)

			page, err := ds.CreatePage(ctx, Values{"Task": "Buy milk", "Status": "Done"})
			require.NoError(t, err)
			assert.Equal(t, "data_source_id", page.Parent().Type)
			assert.Equal(t, ds.ID(), page.Parent().ID)
			_, err = env.s.CreatePage(ctx, ds, "Water the plants")
			require.NoError(t, err)
			pages, err := ds.Pages(ctx)
			require.NoError(t, err)
			assert.Len(t, pages, 2)
			viaDB, err := db.Pages(ctx)
			require.NoError(t, err)
			assert.Len(t, viaDB, 2)

			env.reset()
			got, err := env.s.GetDS(ctx, ds.ID().String())
			require.NoError(t, err)
			assert.Same(t, ds, got, "cached")
			fresh, err := ds.Reload(ctx)
			require.NoError(t, err)
			assert.Equal(t, ds.ID(), fresh.ID())
			assert.Equal(t, 1, env.count("GET /v1/data_sources/"))
			back, err := ds.Database(ctx)
			require.NoError(t, err)
			assert.Equal(t, db.ID(), back.ID())

			found, err := env.s.SearchDS(ctx, "My task list")
			require.NoError(t, err)
			one, err := found.Item()
			require.NoError(t, err)
			assert.Equal(t, ds.ID(), one.ID())
			sub, err := env.s.SearchDS(ctx, "task", Substring())
			require.NoError(t, err)
			assert.Len(t, sub, 1)
			dbs, err := env.s.SearchDB(ctx, "My task list")
			require.NoError(t, err)
			require.Len(t, dbs, 1)
			assert.Equal(t, db.ID(), dbs[0].ID())

			again, err := env.s.GetOrCreateDS(ctx, env.root, schema)
			require.NoError(t, err)
			assert.Equal(t, ds.ID(), again.ID(), "a bound schema gives its data source")
			other := NewSchema("Reading list", Prop("Book", Title()))
			made, err := env.s.GetOrCreateDS(ctx, env.root, other)
			require.NoError(t, err)
			env.s.Cache().Clear()
			twin := NewSchema("Reading list", Prop("Book", Title()))
			foundAgain, err := env.s.GetOrCreateDS(ctx, env.root, twin)
			require.NoError(t, err)
			assert.Equal(t, made.ID(), foundAgain.ID(), "found by search, not created twice")
		})
	}
}

func TestDatabaseWithSeveralDataSources(t *testing.T) {
	env := openEnv(t, nil, WithNotionVersion(Version2026))
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, taskSchema())
	require.NoError(t, err)
	second, err := db.AddDataSource(ctx, NewSchema("Archive", Prop("Name", Title()), Prop("Year", Number())))
	require.NoError(t, err)
	assert.Equal(t, "Archive", second.Title())
	assert.Equal(t, db.ID(), second.DatabaseID())
	third := env.srv.AddDataSource(db.ID().String(), "Someday")
	db, err = db.Reload(ctx)
	require.NoError(t, err)

	sources, err := db.DataSources(ctx)
	require.NoError(t, err)
	require.Len(t, sources, 3)
	assert.Equal(t, second.ID(), sources[1].ID())
	assert.Equal(t, third, sources[2].ID().String())

	assert.Empty(t, db.Properties(), "no single schema")
	_, ok := db.Property("Task")
	assert.False(t, ok)
	env.reset()
	_, err = db.CreatePage(ctx, Values{"Task": "x"})
	assert.ErrorIs(t, err, ErrMultipleDataSources)
	assert.Contains(t, err.Error(), `"Archive"`)
	assert.Contains(t, err.Error(), third)
	_, err = db.Pages(ctx)
	assert.ErrorIs(t, err, ErrMultipleDataSources)
	_, err = env.s.CreatePage(ctx, db, "x")
	assert.ErrorIs(t, err, ErrMultipleDataSources)
	assert.Zero(t, env.count(""), "refused before any request")

	row, err := second.CreatePage(ctx, Values{"Name": "2024", "Year": 2024})
	require.NoError(t, err)
	assert.Equal(t, 2024.0, row.Value("Year"))
	pages, err := second.Pages(ctx)
	require.NoError(t, err)
	assert.Len(t, pages, 1)
}
