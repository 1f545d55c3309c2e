package uno

import (
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// limitWorld is a database of n rows "N" = 0..n-1, created perMinute to a minute, on an
// emulator that answers at most limit results per query.
func limitWorld(t testing.TB, limit, n, perMinute int) (*testEnv, *Database, map[uuid.UUID]float64) {
	base := time.Date(2026, time.March, 11, 9, 0, 0, 0, time.UTC)
	var minutes atomic.Int64
	clock := func() time.Time { return base.Add(time.Duration(minutes.Load()) * time.Minute) }
	env := newTestEnv(t, notiontest.WithQueryResultLimit(limit), notiontest.WithClock(clock))
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, NewSchema("Rows", Prop("Name", Title()), Prop("N", Number()), Prop("Odd", Checkbox())))
	require.NoError(t, err)
	rows := map[uuid.UUID]float64{}
	for i := range n {
		p, err := db.CreatePage(ctx, Values{"Name": "row", "N": i, "Odd": i%2 == 1})
		require.NoError(t, err)
		rows[p.ID()] = float64(i)
		if (i+1)%perMinute == 0 {
			minutes.Add(1)
		}
	}
	env.reset()
	return env, db, rows
}

// collectIDs runs a query and counts how often each page comes.
func collectIDs(t *testing.T, db *Database, q Query) map[uuid.UUID]int {
	seen := map[uuid.UUID]int{}
	for p, err := range db.Query(t.Context(), q) {
		require.NoError(t, err)
		seen[p.ID()]++
	}
	return seen
}

// TestAllPastResultLimit: with the emulator's result limit at 100, All returns every one of
// 300 rows exactly once, seven rows created per minute so that windows start inside a minute.
func TestAllPastResultLimit(t *testing.T) {
	env, db, rows := limitWorld(t, 100, 300, 7)
	seen := map[uuid.UUID]int{}
	for p, err := range db.All(t.Context()) {
		require.NoError(t, err)
		seen[p.ID()]++
	}
	require.Len(t, seen, 300)
	for id := range rows {
		assert.Equal(t, 1, seen[id], "row %v", rows[id])
	}
	assert.Equal(t, 5, env.count(env.queryPrefix(db)), "the first answer and four created_time windows of at most 100")

	// Filters and sorts keep working past the limit, a nested Or included.
	q := Query{
		Filter: Or(
			And(Where("N").GreaterThanOrEqualTo(50), Where("Odd").Equals(true)),
			Or(Where("N").LessThan(20), Where("N").Equals(299)),
		),
		Sorts: []Sort{Descending("N")},
	}
	seen = collectIDs(t, db, q)
	want := 0
	for id, n := range rows {
		match := (n >= 50 && int(n)%2 == 1) || n < 20 || n == 299
		if match {
			want++
			assert.Equal(t, 1, seen[id], "row %v", n)
		} else {
			assert.Zero(t, seen[id], "row %v", n)
		}
	}
	assert.Len(t, seen, want)

	// A raw JSON filter is windowed the same way.
	raw := Query{Filter: json.RawMessage(`{"and":[{"property":"Odd","checkbox":{"equals":false}}]}`)}
	assert.Len(t, collectIDs(t, db, raw), 150)
}

// TestQueryPastResultLimitStopsEarly: breaking out of the loop sends no further request.
func TestQueryPastResultLimitStopsEarly(t *testing.T) {
	env, db, _ := limitWorld(t, 10, 30, 3)
	n := 0
	for _, err := range db.All(t.Context()) {
		require.NoError(t, err)
		if n++; n == 15 {
			break
		}
	}
	requests := env.count("")
	assert.LessOrEqual(t, requests, 3)
}

// TestResultLimitWithinOneMinute: more rows than the limit created in the same minute cannot
// be split by created_time; the query says so instead of returning part of them quietly.
func TestResultLimitWithinOneMinute(t *testing.T) {
	_, db, _ := limitWorld(t, 5, 8, 100)
	var err error
	n := 0
	for p, e := range db.All(t.Context()) {
		if e != nil {
			err = e
			break
		}
		require.NotNil(t, p)
		n++
	}
	require.ErrorIs(t, err, ErrResultLimit)
	assert.Equal(t, 5, n, "the pages up to the limit came before the error")
}

// TestCreatedSinceKeepsNesting: the created_time window never nests a filter deeper than
// Notion allows.
func TestCreatedSinceKeepsNesting(t *testing.T) {
	from := time.Date(2026, 3, 11, 9, 30, 0, 0, time.UTC)
	w := map[string]any{"timestamp": "created_time", "created_time": map[string]any{"on_or_after": "2026-03-11T09:30:00Z"}}
	p := func(name string) map[string]any {
		return map[string]any{"property": name, "checkbox": map[string]any{"equals": true}}
	}
	tests := []struct {
		name   string
		filter any
		want   any
	}{
		{"none", nil, w},
		{"condition", p("a"), map[string]any{"and": []any{p("a"), w}}},
		{"and", map[string]any{"and": []any{p("a"), map[string]any{"or": []any{p("b")}}}},
			map[string]any{"and": []any{p("a"), map[string]any{"or": []any{p("b")}}, w}}},
		{"or", map[string]any{"or": []any{p("a"), map[string]any{"and": []any{p("b")}}, map[string]any{"or": []any{p("c"), p("d")}}}},
			map[string]any{"or": []any{
				map[string]any{"and": []any{p("a"), w}},
				map[string]any{"and": []any{p("b"), w}},
				map[string]any{"and": []any{p("c"), w}},
				map[string]any{"and": []any{p("d"), w}},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, createdSince(tt.filter, from))
		})
	}
	assert.Equal(t, p("a"), createdSince(p("a"), time.Time{}), "no window before the first")
}

// BenchmarkAllPastResultLimit reads 300 rows through an emulator that answers at most 100 per
// query, and reports the requests each read takes (Notion's limit is 10,000; the proportions
// are the same).
func BenchmarkAllPastResultLimit(b *testing.B) {
	env, db, _ := limitWorld(b, 100, 300, 7)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range db.All(b.Context()) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 300 {
			b.Fatalf("%d pages", n)
		}
	}
	b.ReportMetric(float64(env.count(env.queryPrefix(db)))/float64(b.N), "requests/op")
}
