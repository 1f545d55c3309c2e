package uno

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// databaseWith returns a database with id whose properties are the given JSON object.
func databaseWith(id uuid.UUID, props string) *Database {
	raw := `{"object":"database","id":"` + id.String() + `","properties":` + props + `}`
	return &Database{object: object{id: id, raw: json.RawMessage(raw)}}
}

func TestRecordedDatabaseProperties(t *testing.T) {
	kinds := map[string]bool{}
	var check func(name string, raw json.RawMessage)
	check = func(name string, raw json.RawMessage) {
		var h struct {
			Object     string                     `json:"object"`
			Properties map[string]json.RawMessage `json:"properties"`
			Results    []json.RawMessage          `json:"results"`
		}
		if json.Unmarshal(raw, &h) != nil {
			return
		}
		for _, r := range h.Results {
			check(name, r)
		}
		if h.Object != "database" {
			return
		}
		props, err := databaseProperties(raw)
		require.NoError(t, err, name)
		require.Len(t, props, len(h.Properties), name)
		for _, p := range props {
			kinds[p.Type] = true
			assert.NotEmpty(t, p.ID, "%s: %s", name, p.Name)
			assert.NotNil(t, p.Config, "%s: %s keeps its configuration", name, p.Name)
		}
	}
	for name, rec := range loadRecordings(t) {
		for _, it := range rec.Interactions {
			check(name, it.Response)
		}
	}
	for _, k := range []string{"place", "button", "verification", "status", "unique_id", "rollup", "relation"} {
		assert.True(t, kinds[k], "no %s property in the recordings", k)
	}
}

func TestDatabasePropertyAccessors(t *testing.T) {
	id := uuid.MustParse("29c974f3-b388-8194-b861-c228b4a7f8db")
	db := databaseWith(id, `{
		"Title": {"id":"title","name":"Title","type":"title","title":{}},
		"Relation two-way": {"id":"CysT","name":"Relation two-way","type":"relation","relation":{"database_id":"29c974f3-b388-8160-92d2-c0614c61ab10","type":"dual_property","dual_property":{"synced_property_name":"Back","synced_property_id":"Uj%3A%7C"}}},
		"Rollup": {"id":"D%5BSd","name":"Rollup","type":"rollup","rollup":{"rollup_property_name":"Name","relation_property_name":"Relation","function":"count"}},
		"Number": {"id":"n","name":"Number","type":"number","number":{"format":"dollar"}},
		"ID": {"id":"i","name":"ID","type":"unique_id","unique_id":{"prefix":"ALL"}},
		"Select": {"id":"s","name":"Select","type":"select","select":{"options":[{"id":"x","name":"Option1","color":"default"}]}},
		"Formula": {"id":"f","name":"Formula","type":"formula","formula":{"expression":"1 + 1"}},
		"Where": {"id":"p","name":"Where","type":"place","place":{}},
		"Broken": 7
	}`)
	var names []string
	for _, p := range db.Properties() {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"Title", "Relation two-way", "Rollup", "Number", "ID", "Select", "Formula", "Where"}, names)

	rel, ok := mustProperty(t, db, "Relation two-way").Relation()
	require.True(t, ok)
	assert.Equal(t, RelationConfig{DatabaseID: uuid.MustParse("29c974f3-b388-8160-92d2-c0614c61ab10"), TwoWay: true,
		SyncedPropertyID: "Uj%3A%7C", SyncedPropertyName: "Back"}, rel)
	roll, ok := mustProperty(t, db, "Rollup").Rollup()
	require.True(t, ok)
	assert.Equal(t, RollupConfig{Relation: "Relation", Property: "Name", Function: "count"}, roll)
	assert.Equal(t, "dollar", mustProperty(t, db, "Number").NumberFormat())
	assert.Equal(t, "ALL", mustProperty(t, db, "ID").UniqueIDPrefix())
	assert.Equal(t, []SelectOption{{Name: "Option1", Color: "default"}}, mustProperty(t, db, "Select").Options())
	assert.Equal(t, "1 + 1", mustProperty(t, db, "Formula").Expression())
	assert.JSONEq(t, `{}`, string(mustProperty(t, db, "Where").Config))
	_, ok = mustProperty(t, db, "Number").Relation()
	assert.False(t, ok)
	_, ok = db.Property("Broken")
	assert.False(t, ok)
}

// mustProperty returns the database's property with that name.
func mustProperty(t *testing.T, db *Database, name string) DBProperty {
	t.Helper()
	p, ok := db.Property(name)
	require.True(t, ok, name)
	return p
}

func TestSchemaDifferences(t *testing.T) {
	targetID := uuid.MustParse("29c974f3-b388-8160-92d2-c0614c61ab10")
	target := NewSchema("Target", Prop("Name", Title()))
	target.db.Store(databaseWith(targetID, `{}`))
	id := uuid.MustParse("29c974f3-b388-8194-b861-c228b4a7f8db")
	db := databaseWith(id, `{
		"Title": {"id":"title","type":"title","title":{}},
		"Rel": {"id":"r","type":"relation","relation":{"database_id":"29c974f3-b388-8160-92d2-c0614c61ab10","type":"dual_property","dual_property":{"synced_property_name":"Back","synced_property_id":"b"}}},
		"Mirror": {"id":"m","type":"relation","relation":{"database_id":"29c974f3-b388-8160-92d2-c0614c61ab10","type":"dual_property","dual_property":{"synced_property_name":"X","synced_property_id":"x"}}},
		"Count": {"id":"c","type":"rollup","rollup":{"rollup_property_name":"Name","relation_property_name":"Rel","function":"count"}},
		"Price": {"id":"p","type":"number","number":{"format":"dollar"}},
		"Size": {"id":"s","type":"select","select":{"options":[{"name":"S","color":"green"},{"name":"M","color":"yellow"}]}},
		"Parent": {"id":"pa","type":"relation","relation":{"database_id":"29c974f3-b388-8194-b861-c228b4a7f8db","type":"single_property","single_property":{}}},
		"Extra": {"id":"e","type":"checkbox","checkbox":{}}
	}`)
	matching := []Property{
		Prop("Title", Title()),
		Prop("Rel", TwoWayRelation(target, "Back")),
		Prop("Count", Rollup("Rel", "Name", "count")),
		Prop("Price", NumberFormat("dollar")),
		Prop("Size", SelectOptions(SelectOption{Name: "S", Color: "green"}, SelectOption{Name: "M"})),
		Prop("Parent", SelfRelation()),
		Prop("Extra", Checkbox()),
	}
	assert.Empty(t, schemaDifferences(NewSchema("T", matching...).snapshot(), db))

	other := NewSchema("Other", Prop("Name", Title()))
	other.db.Store(databaseWith(uuid.MustParse("00000000-0000-4000-8000-000000000001"), `{}`))
	differing := NewSchema("T",
		Prop("Title", Title()),
		Prop("Rel", Relation(other)),
		Prop("Count", Rollup("Rel", "Name", "sum")),
		Prop("Price", NumberFormat("euro")),
		Prop("Size", SelectOptions(SelectOption{Name: "S", Color: "red"}, SelectOption{Name: "XL"})),
		Prop("Parent", TwoWaySelfRelation("Children")),
		Prop("Due", Date()),
		Prop("Extra", Text()),
	)
	assert.Equal(t, []string{
		`relation "Rel" points to database 29c974f3-b388-8160-92d2-c0614c61ab10, the schema says 00000000-0000-4000-8000-000000000001`,
		`relation "Rel" is two-way, the schema says one-way`,
		`property "Count" rolls up "Name" of relation "Rel" with "count", the schema says "Name" of "Rel" with "sum"`,
		`property "Price" has number format "dollar", the schema says "euro"`,
		`option "S" of property "Size" is green, the schema says red`,
		`property "Size" lacks option "XL"`,
		`relation "Parent" is one-way, the schema says two-way`,
		`property "Due" (date) is missing`,
		`property "Extra" is checkbox, the schema says rich_text`,
	}, schemaDifferences(differing.snapshot(), db))

	err := differing.Bind(db)
	var mismatch *SchemaMismatchError
	require.True(t, errors.As(err, &mismatch))
	assert.ErrorIs(t, err, ErrSchemaMismatch)
	assert.Equal(t, id, mismatch.DatabaseID)
	assert.Len(t, mismatch.Differences, 9)
	assert.Nil(t, differing.DB())

	extra := NewSchema("T", Prop("Title", Title()))
	assert.Contains(t, schemaDifferences(extra.snapshot(), db), `property "Extra" (checkbox) is not in the schema`)

	bound := NewSchema("T", matching...)
	require.NoError(t, bound.Bind(db))
	assert.Same(t, db, bound.DB())
	assert.Same(t, bound, db.Schema())
	assert.Error(t, bound.Bind(nil))
}
