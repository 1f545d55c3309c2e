package uno

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// filterWorld is a data source with a property of every filterable type, filled with random
// rows, and what a test evaluation needs to know about it.
type filterWorld struct {
	env   *testEnv
	db    *Database
	today time.Time
	users []uuid.UUID
	items []uuid.UUID // the pages the relation may point to
	rows  []*Page     // every row, as the emulator answers it
	rnd   *rand.Rand
}

// Value pools: the rows draw from them, and so do the filters, so that conditions hit.
var (
	wordPool  = []string{"alpha", "Beta", "gamma delta", "ALPHA beta", "delta"}
	colorPool = []string{"red", "green", "blue"}
	tagPool   = []string{"a", "b", "c"}
	statePool = []string{"Not started", "In progress", "Done"}
	linkPool  = []string{"https://example.com/a", "https://example.com/b"}
	mailPool  = []string{"ada@example.com", "alan@example.com"}
	phonePool = []string{"+1 555 0100", "+44 20 7946"}
)

// newFilterWorld creates the data source and rows rows. The emulator's clock stands at noon
// and moves one minute per row, so that the rows have different created times.
func newFilterWorld(t *testing.T, seed uint64, rows int) *filterWorld {
	base := time.Date(2026, time.March, 11, 12, 0, 0, 0, time.UTC)
	var minutes atomic.Int64
	clock := func() time.Time { return base.Add(time.Duration(minutes.Load()) * time.Minute) }
	env := newTestEnv(t, notiontest.WithClock(clock))
	ctx := t.Context()
	w := &filterWorld{env: env, today: base, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}

	items := NewSchema("Items", Prop("Name", Title()), Prop("Weight", Number()))
	rowsSchema := NewSchema("Rows",
		Prop("Name", Title()), Prop("Notes", Text()), Prop("N", Number()), Prop("Done", Checkbox()),
		Prop("Color", Select(colorPool...)), Prop("Tags", MultiSelect(tagPool...)), Prop("State", Status()),
		Prop("Due", Date()), Prop("Who", People()), Prop("Attach", Files()), Prop("Link", URL()),
		Prop("Mail", Email()), Prop("Phone", Phone()), Prop("Items", Relation(items)),
		Prop("Double", Formula(`prop("N") * 2`)), Prop("Echo", Formula(`prop("Notes")`)),
		Prop("Flag", Formula(`prop("Done")`)), Prop("When", Formula(`prop("Due")`)),
		Prop("Total", Rollup("Items", "Weight", "sum")), Prop("Names", Rollup("Items", "Name", "show_original")),
		Prop("ID", UniqueID("R")), Prop("Created", CreatedTime()), Prop("Creator", CreatedBy()),
		Prop("Edited", LastEditedTime()), Prop("Editor", LastEditedBy()))
	itemsDB, err := env.s.CreateDB(ctx, env.root, items)
	require.NoError(t, err)
	w.db, err = env.s.CreateDB(ctx, env.root, rowsSchema)
	require.NoError(t, err)
	for i, name := range []string{"alpha item", "Beta item", "gamma"} {
		p, err := itemsDB.CreatePage(ctx, Values{"Name": name, "Weight": i * 3})
		require.NoError(t, err)
		w.items = append(w.items, p.ID())
	}
	users, err := env.s.AllUsers(ctx)
	require.NoError(t, err)
	for _, u := range users {
		w.users = append(w.users, u.ID())
	}
	for range rows {
		_, err := w.db.CreatePage(ctx, w.randomValues())
		require.NoError(t, err)
		minutes.Add(1)
	}
	w.rows, err = w.db.Pages(ctx)
	require.NoError(t, err)
	require.Len(t, w.rows, rows)
	return w
}

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// subset returns a random subset of list, in its order.
func subset[T any](r *rand.Rand, list []T) []T {
	var out []T
	for _, x := range list {
		if r.IntN(2) == 0 {
			out = append(out, x)
		}
	}
	return out
}

// maybe returns v, or nil one time in four.
func (w *filterWorld) maybe(v any) any {
	if w.rnd.IntN(4) == 0 {
		return nil
	}
	return v
}

// randomDate returns a calendar day or a moment (on a whole minute) within 40 days of today.
func (w *filterWorld) randomDate() DateValue {
	t := w.today.Add(time.Duration(w.rnd.IntN(80*24*60)-40*24*60) * time.Minute)
	if w.rnd.IntN(2) == 0 {
		return DayOf(t)
	}
	return DateTime(t)
}

// randomValues are the values of one random row.
func (w *filterWorld) randomValues() Values {
	r := w.rnd
	v := Values{
		"Name": pick(r, append(wordPool, "")), "Notes": pick(r, append(wordPool, "")),
		"Done": r.IntN(2) == 0, "Color": pick(r, append(colorPool, "")), "Tags": subset(r, tagPool),
		"State": pick(r, statePool), "Who": subset(r, w.users), "Items": subset(r, w.items),
		"Link": pick(r, append(linkPool, "")), "Mail": pick(r, append(mailPool, "")),
		"Phone": pick(r, append(phonePool, "")),
		"N":     w.maybe(float64(r.IntN(9)-3) / float64(1+r.IntN(2))),
		"Due":   w.maybe(w.randomDate()),
	}
	if r.IntN(2) == 0 {
		v["Attach"] = FileRef{Name: "a.txt", URL: "https://example.com/a.txt"}
	}
	return v
}

// leaf is a random condition with the test's own evaluation of it on a row.
type leaf struct {
	filter Filter
	eval   func(p *Page) bool
}

// randomFilter builds a random filter tree with compounds nested as deep as Notion allows,
// and its evaluation.
func (w *filterWorld) randomFilter(depth int) leaf {
	if depth < maxFilterNesting && w.rnd.IntN(5) < 2 {
		n := 1 + w.rnd.IntN(3)
		kids := make([]leaf, n)
		filters := make([]Filter, n)
		for i := range kids {
			kids[i] = w.randomFilter(depth + 1)
			filters[i] = kids[i].filter
		}
		if w.rnd.IntN(2) == 0 {
			return leaf{And(filters...), func(p *Page) bool {
				return !slices.ContainsFunc(kids, func(k leaf) bool { return !k.eval(p) })
			}}
		}
		return leaf{Or(filters...), func(p *Page) bool {
			return slices.ContainsFunc(kids, func(k leaf) bool { return k.eval(p) })
		}}
	}
	return w.randomCondition()
}

// randomCondition is a random condition on a random property.
func (w *filterWorld) randomCondition() leaf {
	r := w.rnd
	switch r.IntN(20) {
	case 0:
		return w.textLeaf(Where("Name"), "Name", wordPool)
	case 1:
		return w.textLeaf(Where("Notes"), "Notes", wordPool)
	case 2:
		prop := pick(r, []string{"Link", "Mail", "Phone"})
		pool := map[string][]string{"Link": linkPool, "Mail": mailPool, "Phone": phonePool}[prop]
		return w.textLeaf(Where(prop), prop, append(pool, "example", "555"))
	case 3:
		return w.numberLeaf(Where("N"), "N", true)
	case 4:
		return w.checkboxLeaf(Where("Done"), "Done")
	case 5:
		return w.optionLeaf("Color", colorPool)
	case 6:
		return w.optionLeaf("State", statePool)
	case 7:
		return listLeaf(w, "Tags", tagPool)
	case 8:
		return w.dateLeaf(Where("Due"), func(p *Page) (DateValue, bool) { return dateOf(p.Value("Due")) })
	case 9:
		return listLeaf(w, "Who", w.users)
	case 10:
		return listLeaf(w, "Items", w.items)
	case 11:
		return w.filesLeaf("Attach")
	case 12:
		return w.numberLeaf(Where("Double").AsNumber(), "Double", true)
	case 13:
		switch r.IntN(3) {
		case 0:
			return w.textLeaf(Where("Echo").AsText(), "Echo", wordPool)
		case 1:
			return w.checkboxLeaf(Where("Flag").AsCheckbox(), "Flag")
		}
		return w.dateLeaf(Where("When").AsDate(), func(p *Page) (DateValue, bool) { return dateOf(p.Value("When")) })
	case 14:
		return w.numberLeaf(Where("Total").AsNumber(), "Total", true)
	case 15:
		return w.rollupLeaf()
	case 16:
		return w.numberLeaf(Where("ID"), "ID", false)
	case 17:
		prop := pick(r, []string{"Created", "Edited"})
		return w.dateLeaf(Where(prop), func(p *Page) (DateValue, bool) { return dateOf(p.Value(prop)) })
	case 18:
		ts := pick(r, []Timestamp{CreatedTimestamp, LastEditedTimestamp})
		return w.dateLeaf(WhereTimestamp(ts), func(p *Page) (DateValue, bool) { return pageTimestamp(p, ts) })
	}
	return listLeaf(w, pick(r, []string{"Creator", "Editor"}), w.users)
}

// textOf reads a text value; empty is "".
func textOf(v any) string {
	s, _ := v.(string)
	return s
}

// onValue makes a leaf of a filter and a test of a property's value.
func onValue(f Filter, prop string, test func(v any) bool) leaf {
	return leaf{f, func(p *Page) bool { return test(p.Value(prop)) }}
}

// textLeaf is a random text condition on prop.
func (w *filterWorld) textLeaf(c Condition, prop string, pool []string) leaf {
	f, test := w.textCondition(c, pool)
	return onValue(f, prop, test)
}

// textCondition is a random text condition and its test of a value.
func (w *filterWorld) textCondition(c Condition, pool []string) (Filter, func(v any) bool) {
	want := pick(w.rnd, pool)
	lw := strings.ToLower(want)
	lower := func(v any) string { return strings.ToLower(textOf(v)) }
	switch w.rnd.IntN(8) {
	case 0:
		return c.Equals(want), func(v any) bool { return textOf(v) == want }
	case 1:
		return c.DoesNotEqual(want), func(v any) bool { return textOf(v) != want }
	case 2:
		return c.Contains(want), func(v any) bool { return strings.Contains(lower(v), lw) }
	case 3:
		return c.DoesNotContain(want), func(v any) bool { return !strings.Contains(lower(v), lw) }
	case 4:
		return c.StartsWith(want[:2]), func(v any) bool { return strings.HasPrefix(lower(v), lw[:2]) }
	case 5:
		return c.EndsWith(want[len(want)-2:]), func(v any) bool { return strings.HasSuffix(lower(v), lw[len(lw)-2:]) }
	case 6:
		return c.IsEmpty(), func(v any) bool { return textOf(v) == "" }
	}
	return c.IsNotEmpty(), func(v any) bool { return textOf(v) != "" }
}

// numberOf reads a number or unique id value.
func numberOf(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case UniqueIDValue:
		return float64(v.Number), true
	}
	return 0, false
}

// numberLeaf is a random number (or unique id, without the empty conditions) condition; an
// empty number matches only DoesNotEqual and IsEmpty.
func (w *filterWorld) numberLeaf(c Condition, prop string, canBeEmpty bool) leaf {
	want := float64(w.rnd.IntN(9) - 3)
	n := 6
	if canBeEmpty {
		n = 8
	}
	cmp := func(f func(x float64) bool) func(v any) bool {
		return func(v any) bool { x, ok := numberOf(v); return ok && f(x) }
	}
	empty := func(v any) bool { _, ok := numberOf(v); return !ok }
	switch w.rnd.IntN(n) {
	case 0:
		return onValue(c.Equals(want), prop, cmp(func(x float64) bool { return x == want }))
	case 1:
		return onValue(c.DoesNotEqual(want), prop, func(v any) bool { x, ok := numberOf(v); return !ok || x != want })
	case 2:
		return onValue(c.GreaterThan(want), prop, cmp(func(x float64) bool { return x > want }))
	case 3:
		return onValue(c.LessThan(int(want)), prop, cmp(func(x float64) bool { return x < want }))
	case 4:
		return onValue(c.GreaterThanOrEqualTo(want), prop, cmp(func(x float64) bool { return x >= want }))
	case 5:
		return onValue(c.LessThanOrEqualTo(want), prop, cmp(func(x float64) bool { return x <= want }))
	case 6:
		return onValue(c.IsEmpty(), prop, empty)
	}
	return onValue(c.IsNotEmpty(), prop, func(v any) bool { return !empty(v) })
}

// checkboxLeaf is a random checkbox condition.
func (w *filterWorld) checkboxLeaf(c Condition, prop string) leaf {
	want := w.rnd.IntN(2) == 0
	if w.rnd.IntN(2) == 0 {
		return onValue(c.Equals(want), prop, func(v any) bool { return v == want })
	}
	return onValue(c.DoesNotEqual(want), prop, func(v any) bool { return v != want })
}

// optionLeaf is a random select or status condition; an empty value does not equal anything.
func (w *filterWorld) optionLeaf(prop string, pool []string) leaf {
	c := Where(prop)
	want := pick(w.rnd, pool)
	switch w.rnd.IntN(4) {
	case 0:
		return onValue(c.Equals(want), prop, func(v any) bool { return textOf(v) == want })
	case 1:
		return onValue(c.DoesNotEqual(want), prop, func(v any) bool { return textOf(v) != want })
	case 2:
		return onValue(c.IsEmpty(), prop, func(v any) bool { return textOf(v) == "" })
	}
	return onValue(c.IsNotEmpty(), prop, func(v any) bool { return textOf(v) != "" })
}

// listOf reads a multi-select, people, relation, created_by or last_edited_by value as
// strings.
func listOf(v any) []string {
	var out []string
	switch v := v.(type) {
	case []string:
		out = v
	case []uuid.UUID:
		for _, id := range v {
			out = append(out, id.String())
		}
	case uuid.UUID:
		out = []string{v.String()}
	}
	return out
}

// listLeaf is a random condition on the list property prop.
func listLeaf[T any](w *filterWorld, prop string, pool []T) leaf {
	c := Where(prop)
	want := pick(w.rnd, pool)
	ws := fmt.Sprint(want)
	switch w.rnd.IntN(4) {
	case 0:
		return onValue(c.Contains(want), prop, func(v any) bool { return slices.Contains(listOf(v), ws) })
	case 1:
		return onValue(c.DoesNotContain(want), prop, func(v any) bool { return !slices.Contains(listOf(v), ws) })
	case 2:
		return onValue(c.IsEmpty(), prop, func(v any) bool { return len(listOf(v)) == 0 })
	}
	return onValue(c.IsNotEmpty(), prop, func(v any) bool { return len(listOf(v)) > 0 })
}

// filesLeaf is IsEmpty or IsNotEmpty on a files property.
func (w *filterWorld) filesLeaf(prop string) leaf {
	count := func(v any) int { f, _ := v.([]FileRef); return len(f) }
	if w.rnd.IntN(2) == 0 {
		return onValue(Where(prop).IsEmpty(), prop, func(v any) bool { return count(v) == 0 })
	}
	return onValue(Where(prop).IsNotEmpty(), prop, func(v any) bool { return count(v) > 0 })
}

// rollupLeaf is Any, Every or None with a text condition on the titles a rollup lists; the
// item type is given as the rolled-up property's or as rich_text.
func (w *filterWorld) rollupLeaf() leaf {
	itemType := pick(w.rnd, []string{"title", "rich_text"})
	c := Where("Names")
	quant := w.rnd.IntN(3)
	c = [](func(string) Condition){c.Any, c.Every, c.None}[quant](itemType)
	f, test := w.textCondition(c, []string{"alpha", "beta", "item", "gam"})
	return onValue(f, "Names", func(v any) bool {
		values, _ := v.([]any)
		hits := 0
		for _, x := range values {
			if test(x) {
				hits++
			}
		}
		switch quant {
		case 0:
			return hits > 0
		case 1:
			return len(values) > 0 && hits == len(values)
		}
		return hits == 0
	})
}

// dateOf reads a date, created_time or last_edited_time value.
func dateOf(v any) (DateValue, bool) {
	switch v := v.(type) {
	case DateValue:
		return v, true
	case time.Time:
		return DateTime(v), true
	}
	return DateValue{}, false
}

// pageTimestamp reads a page's created_time or last_edited_time.
func pageTimestamp(p *Page, ts Timestamp) (DateValue, bool) {
	var j map[string]string
	_ = json.Unmarshal(p.Raw(), &j)
	t, err := time.Parse(time.RFC3339, j[string(ts)])
	return DateTime(t), err == nil
}

// utcDay is the UTC day of t at midnight.
func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// compareDate orders a value and an operand as Notion compares dates: by day when either is a
// calendar day, else by moment.
func compareDate(v, want DateValue) int {
	if !v.HasTime || !want.HasTime {
		return utcDay(v.Start).Compare(utcDay(want.Start))
	}
	return v.Start.Compare(want.Start)
}

// dateLeaf is a random date condition, relative ones counted from the world's today.
func (w *filterWorld) dateLeaf(c Condition, val func(p *Page) (DateValue, bool)) leaf {
	want := w.randomDate()
	if w.rnd.IntN(3) == 0 {
		want = DateTime(w.today.Add(time.Duration(w.rnd.IntN(60)) * time.Minute)) // near the rows' timestamps
	}
	cmpWith := func(want DateValue, f func(c int) bool) func(p *Page) bool {
		return func(p *Page) bool { d, ok := val(p); return ok && f(compareDate(d, want)) }
	}
	cmp := func(f func(c int) bool) func(p *Page) bool { return cmpWith(want, f) }
	moment := func(f func(c int) bool) func(p *Page) bool { return cmpWith(DateTime(want.Start), f) }
	day := utcDay(w.today)
	within := func(from, to time.Time) func(p *Page) bool {
		return func(p *Page) bool {
			d, ok := val(p)
			x := utcDay(d.Start)
			return ok && !x.Before(from) && !x.After(to)
		}
	}
	sunday := day.AddDate(0, 0, -int(day.Weekday()))
	switch w.rnd.IntN(14) {
	case 0:
		return leaf{c.Equals(want), cmp(func(c int) bool { return c == 0 })}
	case 1:
		return leaf{c.Before(want.Start), moment(func(c int) bool { return c < 0 })}
	case 2:
		return leaf{c.After(want.Start), moment(func(c int) bool { return c > 0 })}
	case 3:
		return leaf{c.OnOrBefore(want.Start), moment(func(c int) bool { return c <= 0 })}
	case 4:
		return leaf{c.OnOrAfter(want.Start), moment(func(c int) bool { return c >= 0 })}
	case 5:
		return leaf{c.LessThan(want), cmp(func(c int) bool { return c < 0 })}
	case 6:
		return leaf{c.IsEmpty(), func(p *Page) bool { _, ok := val(p); return !ok }}
	case 7:
		return leaf{c.IsNotEmpty(), func(p *Page) bool { _, ok := val(p); return ok }}
	case 8:
		return leaf{c.PastWeek(), within(day.AddDate(0, 0, -7), day)}
	case 9:
		return leaf{c.PastMonth(), within(day.AddDate(0, -1, 0), day)}
	case 10:
		return leaf{c.NextWeek(), within(day, day.AddDate(0, 0, 7))}
	case 11:
		return leaf{c.NextMonth(), within(day, day.AddDate(0, 1, 0))}
	case 12:
		return leaf{c.ThisWeek(), within(sunday, sunday.AddDate(0, 0, 6))}
	}
	return leaf{c.NextYear(), within(day, day.AddDate(1, 0, 0))}
}

// TestFilterProperty builds random filter trees over a data source with every filterable
// property type and compares the pages the emulator selects for uno's query with the test's
// own evaluation of each tree on every row.
func TestFilterProperty(t *testing.T) {
	const seed = 20260311
	w := newFilterWorld(t, seed, 60)
	ctx := t.Context()
	hits := 0
	for i := range 200 {
		f := w.randomFilter(0)
		row := map[uuid.UUID]int{}
		var want []int
		for j, p := range w.rows {
			row[p.ID()] = j
			if f.eval(p) {
				want = append(want, j)
			}
		}
		var got []int
		for p, err := range w.db.Query(ctx, Query{Filter: f.filter}) {
			require.NoError(t, err, "filter %d (seed %d): %s", i, seed, describeFilter(t, f.filter, w.db))
			got = append(got, row[p.ID()])
		}
		slices.Sort(got)
		require.Equal(t, want, got, "filter %d (seed %d): %s\nrows that differ:\n%s", i, seed,
			describeFilter(t, f.filter, w.db), w.describeDifference(want, got))
		if len(want) > 0 && len(want) < len(w.rows) {
			hits++
		}
	}
	require.Greater(t, hits, 100, "most random filters select some rows but not all")
}

// describeFilter shows the JSON uno sends for f.
func describeFilter(t *testing.T, f Filter, db *Database) string {
	m, err := compileFilter(f, db.properties())
	if err != nil {
		return err.Error()
	}
	data, err := json.Marshal(m)
	require.NoError(t, err)
	return string(data)
}

// describeDifference lists the property values of the rows only one of want and got holds.
func (w *filterWorld) describeDifference(want, got []int) string {
	var b strings.Builder
	for j, p := range w.rows {
		if slices.Contains(want, j) == slices.Contains(got, j) {
			continue
		}
		fmt.Fprintf(&b, "row %d (expected %v):", j, slices.Contains(want, j))
		for _, v := range p.Properties() {
			fmt.Fprintf(&b, " %s=%s", v.Name, v.Raw)
		}
		b.WriteString("\n")
	}
	return b.String()
}
