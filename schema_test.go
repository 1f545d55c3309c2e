package uno

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateRejects(t *testing.T) {
	other := NewSchema("Other", Prop("Name", Title()))
	tests := []struct {
		name    string
		schemas func() []*Schema
		want    []string // parts of the message
	}{
		{"no title", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Notes", Text()))}
		}, []string{`schema "T"`, "no title property"}},
		{"two titles", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("A", Title()), Prop("B", Title()))}
		}, []string{"2 title properties"}},
		{"duplicate name", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("X", Text()), Prop("X", Number()))}
		}, []string{`property "X"`, "used twice"}},
		{"empty name", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("", Text()))}
		}, []string{"empty name"}},
		{"zero type", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("X", PropertyType{}))}
		}, []string{`property "X"`, "no type"}},
		{"empty formula", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("F", Formula("  ")))}
		}, []string{`property "F"`, "empty formula"}},
		{"formula over unknown property", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("F", Formula(`prop("Price") * 2`)))}
		}, []string{`property "F"`, `"Price"`}},
		{"unknown rollup function", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("R", SelfRelation()), Prop("C", Rollup("R", "Name", "tally")))}
		}, []string{`property "C"`, `unknown rollup function "tally"`}},
		{"rollup over missing relation", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("C", Rollup("Rel", "Name", "count")))}
		}, []string{`property "C"`, `relation "Rel", which the schema lacks`}},
		{"rollup over a non-relation", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("N", Number()), Prop("C", Rollup("N", "Name", "count")))}
		}, []string{`property "C"`, "number property, not a relation"}},
		{"rollup of a property the target lacks", func() []*Schema {
			a := NewSchema("A", Prop("Name", Title()))
			b := NewSchema("B", Prop("Name", Title()), Prop("To A", Relation(a)), Prop("C", Rollup("To A", "Price", "sum")))
			return []*Schema{a, b}
		}, []string{`schema "B"`, `property "C"`, `"Price"`, `schema "A"`}},
		{"relation to a schema neither created nor bound", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("R", Relation(other)))}
		}, []string{`property "R"`, `schema "Other"`, "neither created in the same call nor bound"}},
		{"relation to nil", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()), Prop("R", Relation(nil)))}
		}, []string{`property "R"`, "nil schema"}},
		{"back name clashes with a target property", func() []*Schema {
			a := NewSchema("A", Prop("Name", Title()), Prop("Orders", Text()))
			b := NewSchema("B", Prop("Name", Title()), Prop("Customer", TwoWayRelation(a, "Orders")))
			return []*Schema{a, b}
		}, []string{`schema "A"`, `property "Orders"`, "back property"}},
		{"bad option", func() []*Schema {
			return []*Schema{NewSchema("T", Prop("Name", Title()),
				Prop("S", SelectOptions(SelectOption{Name: "a,b"}, SelectOption{Name: "c", Color: "teal"})))}
		}, []string{`option "a,b" contains a comma`, `unknown color "teal"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := newSchemaSet(tc.schemas()).validate()
			require.ErrorIs(t, err, ErrInvalidSchema)
			for _, part := range tc.want {
				assert.Contains(t, err.Error(), part)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	s := NewSchema("T", Prop("", Text()), Prop("F", Formula("")))
	err := newSchemaSet([]*Schema{s}).validate()
	require.ErrorIs(t, err, ErrInvalidSchema)
	for _, part := range []string{"empty name", "no title property", "empty formula"} {
		assert.Contains(t, err.Error(), part)
	}
}

func TestValidateAccepts(t *testing.T) {
	customers := NewSchema("Customers", Prop("Name", Title()))
	items := NewSchema("Items", Prop("Name", Title()), Prop("Price", NumberFormat("dollar")),
		Prop("Buyers", TwoWayRelation(customers, "Purchases")))
	customers.Add(
		Prop("Spent", Rollup("Purchases", "Price", "sum")),
		Prop("Big spender", Formula(`prop("Spent") > 100`)),
		Prop("Parent", SelfRelation()),
		Prop("Parent's spend", Rollup("Parent", "Spent", "sum")),
		Prop("ID", UniqueID("C")),
		Prop("Stage", Status()),
		Prop("Where", RawType("place", nil)),
	)
	assert.NoError(t, newSchemaSet([]*Schema{customers, items}).validate())
}

func TestFormulaRefs(t *testing.T) {
	assert.Equal(t, []string{"Status", "Due Date", `Say "hi"`},
		formulaRefs(`if(prop("Status") == "Done", prop('Due Date'), prop( "Say \"hi\"" ) + prop("Status"))`))
	assert.Empty(t, formulaRefs(`now()`))
}

func TestPropertyConfig(t *testing.T) {
	target := NewSchema("Target", Prop("Name", Title()))
	targetID := uuid.MustParse("29c974f3-b388-8160-92d2-c0614c61ab10")
	owner := NewSchema("Owner", Prop("Name", Title()))
	resolve := func(s *Schema) (uuid.UUID, bool) {
		if s == target || s == owner {
			return targetID, true
		}
		return uuid.Nil, false
	}
	tests := []struct {
		typ  PropertyType
		want string
	}{
		{Title(), `{"type":"title","title":{}}`},
		{Text(), `{"type":"rich_text","rich_text":{}}`},
		{Number(), `{"type":"number","number":{}}`},
		{NumberFormat("dollar"), `{"type":"number","number":{"format":"dollar"}}`},
		{Phone(), `{"type":"phone_number","phone_number":{}}`},
		{Status(), `{"type":"status","status":{}}`},
		{Select("S", "M"), `{"type":"select","select":{"options":[{"name":"S"},{"name":"M"}]}}`},
		{MultiSelectOptions(SelectOption{Name: "A", Color: "red"}), `{"type":"multi_select","multi_select":{"options":[{"name":"A","color":"red"}]}}`},
		{Formula(`prop("Name")`), `{"type":"formula","formula":{"expression":"prop(\"Name\")"}}`},
		{UniqueID(""), `{"type":"unique_id","unique_id":{}}`},
		{UniqueID("T"), `{"type":"unique_id","unique_id":{"prefix":"T"}}`},
		{Relation(target), `{"type":"relation","relation":{"database_id":"29c974f3-b388-8160-92d2-c0614c61ab10","type":"single_property","single_property":{}}}`},
		{TwoWayRelation(target, "Back"), `{"type":"relation","relation":{"database_id":"29c974f3-b388-8160-92d2-c0614c61ab10","type":"dual_property","dual_property":{}}}`},
		{SelfRelation(), `{"type":"relation","relation":{"database_id":"29c974f3-b388-8160-92d2-c0614c61ab10","type":"single_property","single_property":{}}}`},
		{Rollup("Rel", "Name", "count"), `{"type":"rollup","rollup":{"function":"count","relation_property_name":"Rel","rollup_property_name":"Name"}}`},
		{RawType("place", nil), `{"type":"place","place":{}}`},
		{RawType("button", map[string]any{"x": 1}), `{"type":"button","button":{"x":1}}`},
	}
	for _, tc := range tests {
		t.Run(tc.typ.Kind(), func(t *testing.T) {
			conf, err := propertyConfig(owner, Prop("P", tc.typ), resolve, false)
			require.NoError(t, err)
			got, err := json.Marshal(conf)
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(got))
			if tc.typ.Kind() == "relation" {
				conf, err := propertyConfig(owner, Prop("P", tc.typ), resolve, true)
				require.NoError(t, err)
				got, err := json.Marshal(conf)
				require.NoError(t, err)
				want := strings.Replace(tc.want, `"database_id"`, `"data_source_id"`, 1)
				assert.JSONEq(t, want, string(got), "from 2025-09-03 on a relation names its target's data source")
			}
		})
	}
	_, err := propertyConfig(owner, Prop("P", Relation(NewSchema("Elsewhere"))), resolve, false)
	assert.ErrorIs(t, err, ErrInvalidSchema)
}

func TestSchemaAccessors(t *testing.T) {
	s := NewSchema("Tasks", Prop("Task", Title())).Add(Prop("Done", Checkbox())).WithDescription("all of them")
	assert.Equal(t, "Tasks", s.Title())
	assert.Equal(t, "Tasks", s.String())
	assert.Equal(t, "all of them", s.Description())
	require.Len(t, s.Properties(), 2)
	p, ok := s.Property("Done")
	require.True(t, ok)
	assert.Equal(t, "Done", p.Name())
	assert.Equal(t, "checkbox", p.Type().Kind())
	_, ok = s.Property("Nope")
	assert.False(t, ok)
	assert.Nil(t, s.DB())
}
