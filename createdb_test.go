package uno

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// reloaded fetches the database again from the server.
func reloaded(t *testing.T, db *Database) *Database {
	t.Helper()
	fresh, err := db.Reload(t.Context())
	require.NoError(t, err)
	return fresh
}

// relationOf returns the configuration of relation name of db.
func relationOf(t *testing.T, db *Database, name string) RelationConfig {
	t.Helper()
	p, ok := db.Property(name)
	require.True(t, ok, "database %q has no property %q", db.Title(), name)
	rel, ok := p.Relation()
	require.True(t, ok, "property %q of %q is %s, not a relation", name, db.Title(), p.Type)
	return rel
}

// requireMatches checks that the server's copy of each schema's database matches it.
func requireMatches(t *testing.T, schemas ...*Schema) {
	t.Helper()
	for _, s := range schemas {
		require.NotNil(t, s.DB(), "schema %s is bound", s.Title())
		assert.Empty(t, schemaDifferences(s.snapshot(), reloaded(t, s.DB())), "schema %s", s.Title())
	}
}

func TestCreateDBTaskListIsOneRequest(t *testing.T) {
	env := newTestEnv(t)
	schema := taskSchema()
	db, err := env.s.CreateDB(t.Context(), env.root, schema)
	require.NoError(t, err)
	assert.Equal(t, 1, env.withoutSourceReads(), "title, description and properties go in one request")
	assert.LessOrEqual(t, env.count("GET /v1/data_sources"), 1, "the new data source is read once")
	assert.Equal(t, 1, env.count("POST /v1/databases"))

	assert.Equal(t, "My task list", db.Title())
	assert.Equal(t, "My personal task list of all the important stuff I have to do", db.Description())
	assert.Equal(t, env.root.ID(), db.Parent().ID)
	assert.Same(t, db, schema.DB())
	assert.Same(t, schema, db.Schema())
	requireMatches(t, schema)
	opts := mustProperty(t, db, "Priority").Options()
	assert.Equal(t, []SelectOption{{"✹ High", "red"}, {"✷ Medium", "yellow"}, {"✶ Low", "gray"}}, opts)
}

func TestCreateDBWithoutSchema(t *testing.T) {
	env := newTestEnv(t)
	db, err := env.s.CreateDB(t.Context(), env.root, nil)
	require.NoError(t, err)
	if env.s.hasDataSources() {
		assert.Equal(t, "New database", db.Title(), "Notion names an untitled database")
	} else {
		assert.Equal(t, "", db.Title())
	}
	props := db.Properties()
	require.Len(t, props, 1)
	assert.Equal(t, "Name", props[0].Name)
	assert.Equal(t, "title", props[0].Type)
	require.NotNil(t, db.Schema())
	assert.Same(t, db, db.Schema().DB())
}

func TestCreateDBsRejectsBeforeAnyRequest(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	unbound := NewSchema("Unbound", Prop("Name", Title()))
	bound := NewSchema("Bound", Prop("Name", Title()))
	_, err := env.s.CreateDB(ctx, env.root, bound)
	require.NoError(t, err)
	env.reset()

	tests := []struct {
		name    string
		parents []*Page
		schemas []*Schema
	}{
		{"no title", []*Page{env.root}, []*Schema{NewSchema("T", Prop("Notes", Text()))}},
		{"relation to a schema neither created nor bound", []*Page{env.root},
			[]*Schema{NewSchema("T", Prop("Name", Title()), Prop("R", Relation(unbound)))}},
		{"rollup over a missing relation", []*Page{env.root},
			[]*Schema{NewSchema("T", Prop("Name", Title()), Prop("C", Rollup("R", "Name", "count")))}},
		{"already bound", []*Page{env.root}, []*Schema{bound}},
		{"wrong number of parents", []*Page{env.root, env.root},
			[]*Schema{NewSchema("A", Prop("Name", Title())), NewSchema("B", Prop("Name", Title())), NewSchema("C", Prop("Name", Title()))}},
		{"nil parent", []*Page{nil}, []*Schema{NewSchema("A", Prop("Name", Title()))}},
		{"nil schema", []*Page{env.root}, []*Schema{nil}},
		{"listed twice", []*Page{env.root}, []*Schema{unbound, unbound}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dbs, err := env.s.CreateDBs(ctx, tc.parents, tc.schemas)
			require.ErrorIs(t, err, ErrInvalidSchema)
			assert.Nil(t, dbs)
			assert.Equal(t, 0, env.count(""), "no request is sent")
		})
	}
}

func TestCreateDBsRelationsInAnyOrder(t *testing.T) {
	env := newTestEnv(t)
	items := NewSchema("Items", Prop("Name", Title()), Prop("Price", NumberFormat("dollar")))
	orders := NewSchema("Orders", Prop("Name", Title()), Prop("Item", Relation(items)),
		Prop("Total", Rollup("Item", "Price", "sum")))
	dbs, err := env.s.CreateDBs(t.Context(), []*Page{env.root}, []*Schema{orders, items})
	require.NoError(t, err)
	require.Len(t, dbs, 2)
	assert.Same(t, orders.DB(), dbs[0], "results follow the order of the schemas")
	assert.Same(t, items.DB(), dbs[1])
	assert.Equal(t, 2, env.withoutSourceReads())
	assert.LessOrEqual(t, env.count("GET /v1/data_sources"), 2)
	assert.Equal(t, items.DB().ID(), relationOf(t, reloaded(t, dbs[0]), "Item").DatabaseID)
	requireMatches(t, items, orders)
}

func TestCreateDBsCycles(t *testing.T) {
	two := func() []*Schema {
		a := NewSchema("A", Prop("Name", Title()))
		b := NewSchema("B", Prop("Name", Title()), Prop("To A", Relation(a)))
		a.Add(Prop("To B", Relation(b)), Prop("B names", Rollup("To B", "Name", "show_original")))
		return []*Schema{a, b}
	}
	three := func() []*Schema {
		a := NewSchema("A", Prop("Name", Title()))
		b := NewSchema("B", Prop("Name", Title()))
		c := NewSchema("C", Prop("Name", Title()), Prop("To A", Relation(a)))
		a.Add(Prop("To B", Relation(b)))
		b.Add(Prop("To C", Relation(c)))
		return []*Schema{c, b, a}
	}
	for _, tc := range []struct {
		name    string
		schemas []*Schema
		patches int
	}{{"two", two(), 1}, {"three", three(), 1}} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t)
			_, err := env.s.CreateDBs(t.Context(), []*Page{env.root}, tc.schemas)
			require.NoError(t, err)
			assert.Equal(t, len(tc.schemas), env.count("POST /v1/databases"))
			assert.Equal(t, tc.patches, env.schemaPatches(nil))
			requireMatches(t, tc.schemas...)
			for _, s := range tc.schemas {
				for _, p := range s.Properties() {
					if p.Type().Kind() == "relation" {
						assert.Equal(t, p.Type().target.DB().ID(), relationOf(t, reloaded(t, s.DB()), p.Name()).DatabaseID)
					}
				}
			}
		})
	}
}

func TestCreateDBSelfRelationRollupAndFormula(t *testing.T) {
	env := newTestEnv(t)
	tasks := NewSchema("Tasks", Prop("Name", Title()), Prop("Points", Number()),
		Prop("Parent", SelfRelation()),
		Prop("Parent points", Rollup("Parent", "Points", "sum")),
		Prop("Double", Formula(`prop("Points") * 2`)),
		Prop("With parent", Formula(`prop("Parent points") + prop("Points")`)))
	db, err := env.s.CreateDB(t.Context(), env.root, tasks)
	require.NoError(t, err)
	assert.Equal(t, 1, env.count("POST /v1/databases"))
	assert.Equal(t, 1, env.schemaPatches(nil))
	assert.Equal(t, db.ID(), relationOf(t, db, "Parent").DatabaseID)
	requireMatches(t, tasks)

	ctx := t.Context()
	parent, err := db.CreatePage(ctx, Values{"Name": "parent", "Points": 3})
	require.NoError(t, err)
	child, err := db.CreatePage(ctx, Values{"Name": "child", "Points": 2, "Parent": parent})
	require.NoError(t, err)
	child, err = child.Reload(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3.0, child.Value("Parent points"))
	assert.Equal(t, 4.0, child.Value("Double"))
	assert.Equal(t, 5.0, child.Value("With parent"))
}

func TestCreateDBsTwoWayRelations(t *testing.T) {
	env := newTestEnv(t)
	customers := NewSchema("Customers", Prop("Name", Title()))
	items := NewSchema("Items", Prop("Name", Title()), Prop("Price", Number()),
		Prop("Bought by", TwoWayRelation(customers, "Purchases")))
	customers.Add(Prop("Spent", Rollup("Purchases", "Price", "sum")))
	_, err := env.s.CreateDBs(t.Context(), []*Page{env.root}, []*Schema{items, customers})
	require.NoError(t, err)
	assert.Equal(t, 2, env.count("POST /v1/databases"))
	assert.Equal(t, 1, env.schemaPatches(nil), "the rename and the rollup over it share one request")

	c, i := reloaded(t, customers.DB()), reloaded(t, items.DB())
	forward := relationOf(t, i, "Bought by")
	assert.Equal(t, c.ID(), forward.DatabaseID)
	assert.True(t, forward.TwoWay)
	assert.Equal(t, "Purchases", forward.SyncedPropertyName)
	back := relationOf(t, c, "Purchases")
	assert.Equal(t, i.ID(), back.DatabaseID)
	assert.Equal(t, "Bought by", back.SyncedPropertyName)
	roll, ok := mustProperty(t, c, "Spent").Rollup()
	require.True(t, ok)
	assert.Equal(t, RollupConfig{Relation: "Purchases", Property: "Price", Function: "sum"}, roll)
	requireMatches(t, customers, items)
}

func TestCreateDBsTwoWayCycleAndSelf(t *testing.T) {
	env := newTestEnv(t)
	a := NewSchema("A", Prop("Name", Title()))
	b := NewSchema("B", Prop("Name", Title()), Prop("As", TwoWayRelation(a, "Bs of A")))
	a.Add(Prop("Bs", TwoWayRelation(b, "As of B")), Prop("Peers", TwoWaySelfRelation("Peer of")))
	_, err := env.s.CreateDBs(t.Context(), []*Page{env.root}, []*Schema{a, b})
	require.NoError(t, err)
	ra, rb := reloaded(t, a.DB()), reloaded(t, b.DB())
	for _, tc := range []struct {
		db       *Database
		name     string
		target   *Database
		backName string
	}{
		{rb, "As", ra, "Bs of A"}, {ra, "Bs of A", rb, "As"},
		{ra, "Bs", rb, "As of B"}, {rb, "As of B", ra, "Bs"},
		{ra, "Peers", ra, "Peer of"}, {ra, "Peer of", ra, "Peers"},
	} {
		rel := relationOf(t, tc.db, tc.name)
		assert.Equal(t, tc.target.ID(), rel.DatabaseID, tc.name)
		assert.Equal(t, tc.backName, rel.SyncedPropertyName, tc.name)
	}
	requireMatches(t, a, b)
}

func TestCreateDBRelatesToBoundSchema(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	projects := NewSchema("Projects", Prop("Name", Title()))
	_, err := env.s.CreateDB(ctx, env.root, projects)
	require.NoError(t, err)
	env.reset()

	notes := NewSchema("Notes", Prop("Name", Title()), Prop("Project", TwoWayRelation(projects, "Notes")),
		Prop("Project name", Rollup("Project", "Name", "show_original")))
	_, err = env.s.CreateDB(ctx, env.root, notes)
	require.NoError(t, err)
	assert.Equal(t, 1, env.count("POST /v1/databases"))
	assert.Equal(t, 1, env.schemaPatches(projects.DB()), "the back property is renamed")
	back := relationOf(t, reloaded(t, projects.DB()), "Notes")
	assert.Equal(t, notes.DB().ID(), back.DatabaseID)
	assert.Same(t, projects, projects.DB().Schema(), "the renamed copy stays bound")
	requireMatches(t, projects, notes)
}

func TestCreateDBsFailureListsWhatExists(t *testing.T) {
	env := newTestEnv(t)
	env.srv.InjectFault(notiontest.Fault{Method: "PATCH", Path: strings.TrimPrefix(env.schemaPatchPrefix(nil), "PATCH ") + "/*", Status: 400, Code: "validation_error", Message: "no"})
	a := NewSchema("A", Prop("Name", Title()))
	b := NewSchema("B", Prop("Name", Title()), Prop("To A", Relation(a)))
	c := NewSchema("C", Prop("Name", Title()))
	a.Add(Prop("To B", Relation(b)))
	dbs, err := env.s.CreateDBs(t.Context(), []*Page{env.root}, []*Schema{a, b, c})
	var cerr *CreateDBsError
	require.ErrorAs(t, err, &cerr)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "Notion's answer stays reachable")
	assert.Equal(t, 400, apiErr.Status)
	require.Len(t, dbs, 3)
	for i, s := range []*Schema{a, b, c} {
		require.NotNil(t, dbs[i], s.Title())
		assert.Same(t, s.DB(), dbs[i], "a created database stays bound")
	}
	assert.Len(t, cerr.Created, 3)
	assert.Equal(t, []string{`"A": property "To B"`}, cerr.Missing)
	assert.Contains(t, err.Error(), `"To B"`)

	env.srv.ClearFaults()
	env.srv.InjectFault(notiontest.Fault{Method: "POST", Path: "/v1/databases", After: 1, Status: 400, Code: "validation_error", Message: "no"})
	x := NewSchema("X", Prop("Name", Title()))
	y := NewSchema("Y", Prop("Name", Title()), Prop("X", Relation(x)))
	dbs, err = env.s.CreateDBs(t.Context(), []*Page{env.root}, []*Schema{y, x})
	require.ErrorAs(t, err, &cerr)
	require.Len(t, dbs, 2)
	assert.Nil(t, dbs[0])
	assert.Same(t, x.DB(), dbs[1])
	assert.Nil(t, y.DB())
	assert.Equal(t, []string{`"Y": property "Name"`, `"Y": property "X"`}, cerr.Missing)

	env.srv.ClearFaults()
	env.srv.InjectFault(notiontest.Fault{Method: "POST", Path: "/v1/databases", Status: 400, Code: "validation_error", Message: "no"})
	_, err = env.s.CreateDB(t.Context(), env.root, NewSchema("Z", Prop("Name", Title())))
	require.ErrorAs(t, err, &apiErr)
	assert.False(t, errors.As(err, &cerr), "nothing was created: the plain error")
}

func TestGetOrCreateDB(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	db, err := env.s.GetOrCreateDB(ctx, env.root, taskSchema())
	require.NoError(t, err)
	assert.Equal(t, 1, env.count("POST /v1/databases"))

	env.reset()
	again := taskSchema()
	found, err := env.s.GetOrCreateDB(ctx, env.root, again)
	require.NoError(t, err)
	assert.Equal(t, db.ID(), found.ID())
	assert.Same(t, found, again.DB())
	assert.Equal(t, 1, env.count(""), "one search")

	cached, err := env.s.GetOrCreateDB(ctx, env.root, again)
	require.NoError(t, err)
	assert.Same(t, found, cached)
	assert.Equal(t, 1, env.count(""), "a bound schema needs no request")

	other := NewSchema("My task list",
		Prop("Task", Title()),
		Prop("Status", Select("Backlog", "Someday")),
		Prop("Due Date", Text()),
		Prop("Owner", People()))
	_, err = env.s.GetOrCreateDB(ctx, env.root, other)
	var mismatch *SchemaMismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.ErrorIs(t, err, ErrSchemaMismatch)
	assert.Equal(t, db.ID(), mismatch.DatabaseID)
	assert.ElementsMatch(t, []string{
		`property "Status" lacks option "Someday"`,
		`property "Due Date" is date, the schema says rich_text`,
		`property "Owner" (people) is missing`,
		`property "Priority" (select) is not in the schema`,
		`property "Urgency" (formula) is not in the schema`,
	}, mismatch.Differences)
	assert.Nil(t, other.DB())

	sub, err := env.s.CreatePage(ctx, env.root, "Elsewhere")
	require.NoError(t, err)
	elsewhere, err := env.s.GetOrCreateDB(ctx, sub, taskSchema())
	require.NoError(t, err)
	assert.NotEqual(t, db.ID(), elsewhere.ID(), "a database under another page does not count")
}

func TestGetOrCreateDBWaitsForSearch(t *testing.T) {
	const lag = 600 * time.Millisecond
	// Unpaced, so that the polls, not the pacing of the requests before them, make the wait.
	env := openEnv(t, []notiontest.Option{notiontest.WithSearchLag(lag)}, WithRateLimit(0, 0))
	ctx := t.Context()
	start := time.Now()
	db, err := env.s.GetOrCreateDB(ctx, env.root, taskSchema())
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), lag, "it waited until search found the database")
	searches := env.count("POST /v1/search")
	assert.GreaterOrEqual(t, searches, 3)
	assert.LessOrEqual(t, searches, 5, "polls back off")

	found, err := env.s.GetOrCreateDB(ctx, env.root, taskSchema())
	require.NoError(t, err)
	assert.Equal(t, db.ID(), found.ID(), "no duplicate")

	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	other := NewSchema("Lagging", Prop("Name", Title()))
	created, err := env.s.GetOrCreateDB(short, env.root, other)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotNil(t, created, "the database exists even though the wait was cut short")
	assert.Same(t, created, other.DB())
}

func TestCreateDBConcurrentlyMakesOneDatabase(t *testing.T) {
	env := newTestEnv(t)
	schema := taskSchema()
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { _, errs[i] = env.s.CreateDB(t.Context(), env.root, schema) })
	}
	wg.Wait()
	created := 0
	for _, err := range errs {
		if err == nil {
			created++
			continue
		}
		assert.ErrorIs(t, err, ErrInvalidSchema)
	}
	assert.Equal(t, 1, created)
	assert.Equal(t, 1, env.count("POST /v1/databases"))
	require.NotNil(t, schema.DB())
}
