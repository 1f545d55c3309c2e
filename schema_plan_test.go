package uno

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// planSteps plans the creation of schemas and writes each step as
// "POST A: Name, Rel" or "PATCH B: Rel, back:Name".
func planSteps(t *testing.T, schemas ...*Schema) []string {
	t.Helper()
	set := newSchemaSet(schemas)
	require.NoError(t, set.validate())
	plan, err := newCreatePlan(set)
	require.NoError(t, err)
	var out []string
	for _, st := range plan.steps {
		verb := "PATCH"
		if st.create {
			verb = "POST"
		}
		names := make([]string, len(st.items))
		for i, it := range st.items {
			names[i] = it.prop.name
			if it.renames != nil {
				names[i] = "back:" + it.back
			}
		}
		out = append(out, fmt.Sprintf("%s %s: %s", verb, st.schema.Title(), strings.Join(names, ", ")))
	}
	return out
}

func TestPlanOrdersRelationsListedInAnyOrder(t *testing.T) {
	items := NewSchema("Items", Prop("Name", Title()))
	orders := NewSchema("Orders", Prop("Name", Title()), Prop("Item", Relation(items)),
		Prop("Count", Rollup("Item", "Name", "count")))
	assert.Equal(t, []string{
		"POST Items: Name",
		"POST Orders: Name, Item, Count",
	}, planSteps(t, orders, items))
}

func TestPlanBreaksTwoCycle(t *testing.T) {
	a := NewSchema("A", Prop("Name", Title()))
	b := NewSchema("B", Prop("Name", Title()), Prop("To A", Relation(a)))
	a.Add(Prop("To B", Relation(b)), Prop("B names", Rollup("To B", "Name", "show_original")))
	assert.Equal(t, []string{
		"POST A: Name",
		"POST B: Name, To A",
		"PATCH A: To B, B names",
	}, planSteps(t, a, b))
}

func TestPlanBreaksThreeCycle(t *testing.T) {
	a := NewSchema("A", Prop("Name", Title()))
	b := NewSchema("B", Prop("Name", Title()))
	c := NewSchema("C", Prop("Name", Title()), Prop("To A", Relation(a)))
	a.Add(Prop("To B", Relation(b)))
	b.Add(Prop("To C", Relation(c)))
	assert.Equal(t, []string{
		"POST A: Name",
		"POST C: Name, To A",
		"POST B: Name, To C",
		"PATCH A: To B",
	}, planSteps(t, a, b, c))
}

func TestPlanSelfRelationAndRollup(t *testing.T) {
	tasks := NewSchema("Tasks", Prop("Name", Title()), Prop("Points", Number()),
		Prop("Parent", SelfRelation()),
		Prop("Parent points", Rollup("Parent", "Points", "sum")),
		Prop("Double", Formula(`prop("Points") * 2`)),
		Prop("Parent total", Formula(`prop("Parent points") + prop("Points")`)))
	assert.Equal(t, []string{
		"POST Tasks: Name, Points, Double",
		"PATCH Tasks: Parent, Parent points, Parent total",
	}, planSteps(t, tasks))
}

func TestPlanTwoWayRelationRenamesBackProperty(t *testing.T) {
	customers := NewSchema("Customers", Prop("Name", Title()))
	items := NewSchema("Items", Prop("Name", Title()),
		Prop("Bought by", TwoWayRelation(customers, "Purchases")))
	customers.Add(Prop("Purchase count", Rollup("Purchases", "Name", "count")))
	assert.Equal(t, []string{
		"POST Customers: Name",
		"POST Items: Name, Bought by",
		"PATCH Customers: Purchase count, back:Purchases",
	}, planSteps(t, items, customers))
}

func TestPlanTwoWayCycle(t *testing.T) {
	a := NewSchema("A", Prop("Name", Title()))
	b := NewSchema("B", Prop("Name", Title()), Prop("As", TwoWayRelation(a, "Bs of A")))
	a.Add(Prop("Bs", TwoWayRelation(b, "As of B")))
	assert.Equal(t, []string{
		"POST A: Name",
		"POST B: Name, As",
		"PATCH A: Bs, back:Bs of A",
		"PATCH B: back:As of B",
	}, planSteps(t, a, b))
}

func TestPlanTwoWaySelfRelation(t *testing.T) {
	people := NewSchema("People", Prop("Name", Title()), Prop("Manager", TwoWaySelfRelation("Reports")))
	assert.Equal(t, []string{
		"POST People: Name",
		"PATCH People: Manager",
		"PATCH People: back:Reports",
	}, planSteps(t, people))
}

func TestPlanRelationToBoundSchema(t *testing.T) {
	existing := NewSchema("Existing", Prop("Name", Title()))
	existing.db.Store(&Database{object: object{id: uuid.MustParse("29c974f3-b388-81cf-9685-f7b57c403877")}})
	notes := NewSchema("Notes", Prop("Name", Title()), Prop("About", TwoWayRelation(existing, "Notes")),
		Prop("About names", Rollup("About", "Name", "show_original")))
	assert.Equal(t, []string{
		"POST Notes: Name, About, About names",
		"PATCH Existing: back:Notes",
	}, planSteps(t, notes))
}

func TestPlanTaskDBIsOneRequest(t *testing.T) {
	assert.Equal(t, []string{
		"POST My task list: Task, Status, Priority, Urgency, Due Date",
	}, planSteps(t, taskSchema()))
}
