package uno

import (
	"fmt"
	"slices"
	"strings"
)

// The plan of a database creation: which requests to send, in which order, and which
// properties each carries. Every database is created with one POST carrying every property
// whose prerequisites exist by then; what remains (relations to databases created later in a
// cycle, self relations, rollups and formulas over them, and the renaming of the back
// properties of two-way relations) is sent in PATCH requests, at most one per database when
// the dependencies allow it.

// planItem is one thing a creation request carries: a declared property, or the renaming of
// the back property that a two-way relation created on its target.
type planItem struct {
	schema  *Schema   // the schema whose database the item goes into
	prop    Property  // the declared property; for a rename, the zero Property
	renames *planItem // for a rename: the two-way relation whose back property gets the name
	back    string    // for a rename: the new name of the back property
	done    bool      // sent by an earlier step
}

// describe names the item in messages.
func (it *planItem) describe() string {
	if it.renames != nil {
		return fmt.Sprintf("%s: back property %q of relation %q", it.schema.displayName(), it.back, it.renames.prop.name)
	}
	return fmt.Sprintf("%s: property %q", it.schema.displayName(), it.prop.name)
}

// planStep is one request: the POST that creates a database, or a PATCH that completes it.
type planStep struct {
	schema *Schema
	create bool
	items  []*planItem
}

// createPlan is the ordered list of requests that creates a group of schemas.
type createPlan struct {
	steps []planStep
}

// propKey names a property of a schema's database.
type propKey struct {
	schema *Schema
	name   string
}

// planner builds a createPlan.
type planner struct {
	set       *schemaSet
	pending   map[*Schema][]*planItem // items not yet in a step, in declaration order
	providers map[propKey]*planItem   // the item that gives each property its final name
	posted    map[*Schema]bool
	order     []*Schema // schemas with items, in the order their steps were planned
	bound     []*Schema // schemas bound to existing databases whose back properties get renamed
	plan      createPlan
}

// newCreatePlan plans the creation of the schemas of set, which must be valid.
func newCreatePlan(set *schemaSet) (*createPlan, error) {
	pl := &planner{
		set:       set,
		pending:   map[*Schema][]*planItem{},
		providers: map[propKey]*planItem{},
		posted:    map[*Schema]bool{},
	}
	var renames []*planItem
	for _, snap := range set.create {
		for _, p := range snap.props {
			it := &planItem{schema: snap.schema, prop: p}
			pl.pending[snap.schema] = append(pl.pending[snap.schema], it)
			pl.providers[propKey{snap.schema, p.name}] = it
			if p.typ.kind == "relation" && p.typ.twoWay && p.typ.backName != "" {
				target := p.typ.targetOf(snap.schema)
				renames = append(renames, &planItem{schema: target, renames: it, back: p.typ.backName})
			}
		}
	}
	for _, r := range renames {
		if !set.isCreated(r.schema) && !slices.Contains(pl.bound, r.schema) {
			pl.bound = append(pl.bound, r.schema)
		}
		pl.pending[r.schema] = append(pl.pending[r.schema], r)
		pl.providers[propKey{r.schema, r.back}] = r
	}
	pl.planCreates()
	if err := pl.planUpdates(); err != nil {
		return nil, err
	}
	return &pl.plan, nil
}

// planCreates plans one POST per schema in an order that lets relations point to databases
// that exist: the first schema (in the order given) whose relation targets all exist, or,
// when a cycle leaves none, the one with the fewest missing targets.
func (pl *planner) planCreates() {
	remaining := make([]*Schema, 0, len(pl.set.create))
	for _, snap := range pl.set.create {
		remaining = append(remaining, snap.schema)
	}
	for len(remaining) > 0 {
		best, bestMissing := 0, -1
		for i, s := range remaining {
			missing := pl.missingTargets(s)
			if bestMissing < 0 || missing < bestMissing {
				best, bestMissing = i, missing
			}
			if missing == 0 {
				break
			}
		}
		s := remaining[best]
		remaining = append(remaining[:best], remaining[best+1:]...)
		pl.emit(s, true, pl.batch(s, true))
		pl.posted[s] = true
	}
}

// missingTargets counts the relations of s to other databases of the group not created yet.
func (pl *planner) missingTargets(s *Schema) int {
	n := 0
	for _, it := range pl.pending[s] {
		if it.renames != nil || it.prop.typ.kind != "relation" {
			continue
		}
		t := it.prop.typ.targetOf(s)
		if t != s && pl.set.isCreated(t) && !pl.posted[t] {
			n++
		}
	}
	return n
}

// planUpdates plans the PATCH requests for what the POSTs could not carry, preferring a
// database whose remaining items can all go in one request.
func (pl *planner) planUpdates() error {
	for {
		var (
			chosen  *Schema
			items   []*planItem
			partial *Schema
			some    []*planItem
		)
		for _, s := range slices.Concat(pl.order, pl.bound) {
			if len(pl.pending[s]) == 0 {
				continue
			}
			b := pl.batch(s, false)
			if len(b) == len(pl.pending[s]) {
				chosen, items = s, b
				break
			}
			if len(b) > 0 && partial == nil {
				partial, some = s, b
			}
		}
		if chosen == nil {
			chosen, items = partial, some
		}
		if chosen == nil {
			return pl.stuck()
		}
		pl.emit(chosen, false, items)
	}
}

// stuck reports the items no request can carry; nil when there are none.
func (pl *planner) stuck() error {
	var left []string
	for _, items := range pl.pending {
		for _, it := range items {
			left = append(left, it.describe())
		}
	}
	if len(left) == 0 {
		return nil
	}
	slices.Sort(left)
	return fmt.Errorf("%w: cannot order the creation of %s", ErrInvalidSchema, strings.Join(left, "; "))
}

// emit adds a step and marks its items done.
func (pl *planner) emit(s *Schema, create bool, items []*planItem) {
	if !slices.Contains(pl.order, s) {
		pl.order = append(pl.order, s)
	}
	left := pl.pending[s][:0]
	for _, it := range pl.pending[s] {
		if !slices.Contains(items, it) {
			left = append(left, it)
		}
	}
	pl.pending[s] = left
	if len(left) == 0 {
		delete(pl.pending, s)
	}
	for _, it := range items {
		it.done = true
	}
	if create || len(items) > 0 {
		pl.plan.steps = append(pl.plan.steps, planStep{schema: s, create: create, items: items})
	}
}

// batch returns the pending items of s that a request to s's database (a create when create
// is true) can carry now, in declaration order.
func (pl *planner) batch(s *Schema, create bool) []*planItem {
	in := map[*planItem]bool{}
	for changed := true; changed; {
		changed = false
		for _, it := range pl.pending[s] {
			if !in[it] && pl.ready(it, create, in) {
				in[it] = true
				changed = true
			}
		}
	}
	var out []*planItem
	for _, it := range pl.pending[s] {
		if in[it] {
			out = append(out, it)
		}
	}
	return out
}

// ready reports whether a request to it's database (a create when create is true) can carry
// it, given the items already sent and those going in the same request.
func (pl *planner) ready(it *planItem, create bool, batch map[*planItem]bool) bool {
	if it.renames != nil {
		return it.renames.done
	}
	s, t := it.schema, it.prop.typ
	switch t.kind {
	case "relation":
		target := t.targetOf(s)
		if target == s {
			return !create
		}
		return !pl.set.isCreated(target) || pl.posted[target]
	case "rollup":
		target, ok := pl.set.relationTarget(s, t.rollRel)
		relation := pl.available(s, t.rollRel, s, batch) || pl.renamedWith(s, t.rollRel, batch)
		return ok && relation && pl.available(target, t.rollProp, s, batch)
	case "formula":
		for _, ref := range formulaRefs(t.expr) {
			if !pl.available(s, ref, s, batch) {
				return false
			}
		}
	}
	return true
}

// available reports whether property name of schema owner exists under that name for a
// request to from's database that carries batch.
func (pl *planner) available(owner *Schema, name string, from *Schema, batch map[*planItem]bool) bool {
	prov, ok := pl.providers[propKey{owner, name}]
	if !ok {
		// Not created by this plan: a property of a database that exists already.
		return !pl.set.isCreated(owner)
	}
	if prov.done {
		return true
	}
	return owner == from && prov.renames == nil && batch[prov]
}

// renamedWith reports whether batch renames the back property that becomes name in owner's
// database, created by an earlier request: a rollup in the same request can name it by id.
func (pl *planner) renamedWith(owner *Schema, name string, batch map[*planItem]bool) bool {
	prov, ok := pl.providers[propKey{owner, name}]
	return ok && prov.renames != nil && prov.renames.done && batch[prov]
}
