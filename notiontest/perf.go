package notiontest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// What makes a request cost what its page of results costs:
//
//   - A stamp names the state of the workspace: every write moves it (the edit sequence
//     moves on each create and edit, and each request that may write counts one more).
//   - Computed values (formulas, rollups, unique ids, timestamps and users) of a page are
//     recomputed only when the stamp moved since they were last computed.
//   - A query's ordered result ids are kept per (data source, filter, sorts, trash, stamp):
//     the next pages of the same query find their cursor by a position map instead of
//     recomputing, filtering and sorting every row.
//   - Search walks the workspace in last-edit order (kept per stamp, built without sorting)
//     and stops once a page is full; a cursor resumes at its position, and the number of
//     results before it is remembered for the result limit.

// maxCachedQueries bounds the query results kept at once.
const maxCachedQueries = 64

// stamp identifies the state of the workspace and the clock's minute (Notion's timestamps
// have minutes at most; formulas and relative dates read the clock).
type stamp struct {
	seq, writes uint64
	now         int64 // the clock, in minutes: computed values may depend on it
}

// currentStamp is the workspace's stamp now.
func (st *store) currentStamp() stamp {
	return stamp{seq: st.seq, writes: st.writes, now: st.now().Unix() / 60}
}

// perfCaches holds what the store caches for speed; everything in it is derived data that
// a stamp change makes stale.
type perfCaches struct {
	computed map[string]stamp          // page id -> stamp its computed values are of
	queries  map[string]*querySnapshot // query key -> its ordered results
	order    *editOrder                // pages, databases and data sources by last edit
	ranks    map[string]int            // search key + cursor id -> results before the cursor
}

// caches returns the store's caches, creating them on first use.
func (st *store) caches() *perfCaches {
	if st.perf == nil {
		st.perf = &perfCaches{computed: map[string]stamp{}, queries: map[string]*querySnapshot{}, ranks: map[string]int{}}
	}
	return st.perf
}

// noteWrite records a request that may have changed the workspace.
func (st *store) noteWrite() { st.writes++ }

// computedFresh reports whether the computed values of page id are of the current stamp,
// and marks them so otherwise (the caller recomputes them).
func (st *store) computedFresh(id string) bool {
	c := st.caches()
	now := st.currentStamp()
	if s, ok := c.computed[id]; ok && s == now {
		return true
	}
	c.computed[id] = now
	return false
}

// querySnapshot is the ordered result ids of one query at one stamp.
type querySnapshot struct {
	ids []string
	pos map[string]int // id -> index in ids
}

// newSnapshot indexes ordered ids.
func newSnapshot(ids []string) *querySnapshot {
	pos := make(map[string]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	return &querySnapshot{ids: ids, pos: pos}
}

// queryKey identifies a query of a data source at the current stamp.
func (st *store) queryKey(dsID string, body jsonObject, withTrash bool) string {
	f, _ := json.Marshal(body["filter"])
	s, _ := json.Marshal(body["sorts"])
	return fmt.Sprintf("%s|%s|%s|%v|%v", dsID, f, s, withTrash, st.currentStamp())
}

// cachedQuery returns the snapshot of a query, computing it with compute on a miss.
func (st *store) cachedQuery(key string, compute func() ([]string, *apiError)) (*querySnapshot, *apiError) {
	c := st.caches()
	if snap, ok := c.queries[key]; ok {
		return snap, nil
	}
	ids, err := compute()
	if err != nil {
		return nil, err
	}
	if len(c.queries) >= maxCachedQueries {
		clear(c.queries)
	}
	snap := newSnapshot(ids)
	c.queries[key] = snap
	return snap, nil
}

// page returns the page of a snapshot that p asks for, cut to the result limit: the ids,
// the next cursor ("" at the end) and whether the limit cut the results.
func (snap *querySnapshot) page(p paging, limit int) ([]string, string, bool, *apiError) {
	start := 0
	if p.cursor != "" {
		i, ok := snap.pos[p.cursor]
		if !ok {
			if id, valid := normalizeID(p.cursor); valid {
				i, ok = snap.pos[id]
			}
		}
		if !ok {
			return nil, "", false, validationError("start_cursor provided is invalid: %s", p.cursor)
		}
		start = i
	}
	total := len(snap.ids)
	cut := limit > 0 && total > limit
	if cut {
		total = limit
	}
	if start > total {
		start = total
	}
	end := min(start+p.size, total)
	next := ""
	if end < total {
		next = snap.ids[end]
	}
	return snap.ids[start:end], next, cut, nil
}

// editOrder is the pages, databases and data sources in last-edit order, oldest first, at
// one stamp.
type editOrder struct {
	at  stamp
	ids []string
	pos map[string]int
}

// lastEditOrder returns the objects in last-edit order, rebuilt when the stamp moved. Edit
// sequence numbers are distinct and bounded by the store's sequence, so the order is built
// by placing each object at its number, without sorting.
func (st *store) lastEditOrder() *editOrder {
	c := st.caches()
	now := st.currentStamp()
	now.now = 0 // the order depends on edits only
	if c.order != nil && c.order.at == now {
		return c.order
	}
	all := make([]string, 0, len(st.pages)+len(st.databases)+len(st.dataSources))
	for _, m := range []map[string]jsonObject{st.pages, st.databases, st.dataSources} {
		for id := range m {
			all = append(all, id)
		}
	}
	o := &editOrder{at: now, ids: make([]string, 0, len(all))}
	slots := make([]string, st.seq+1)
	for _, id := range all {
		s := st.edited[id]
		if s >= uint64(len(slots)) || slots[s] != "" {
			// Numbers shared or out of range (never expected): sort instead.
			o.ids = append(o.ids[:0], all...)
			slices.SortFunc(o.ids, func(a, b string) int {
				return cmp.Or(cmp.Compare(st.edited[a], st.edited[b]), strings.Compare(a, b))
			})
			slots = nil
			break
		}
		slots[s] = id
	}
	for _, id := range slots {
		if id != "" {
			o.ids = append(o.ids, id)
		}
	}
	o.pos = make(map[string]int, len(o.ids))
	for i, id := range o.ids {
		o.pos[id] = i
	}
	c.order = o
	clear(c.ranks)
	return o
}

// searchScan walks the edit order for a search: from the cursor's position (or the start),
// in the asked direction, it collects up to size matches and the id of the next one.
// before is the number of matches before the cursor.
type searchScan struct {
	matches func(id string) bool
	asc     bool
	size    int
	limit   int
}

// run answers one search page: its ids, the next cursor, whether the result limit cut the
// results.
func (st *store) runSearch(key string, sc searchScan, cursor string) ([]string, string, bool, *apiError) {
	o := st.lastEditOrder()
	c := st.caches()
	n := len(o.ids)
	at := func(i int) string { // the i-th object in search order
		if sc.asc {
			return o.ids[i]
		}
		return o.ids[n-1-i]
	}
	start, before := 0, 0
	if cursor != "" {
		id, ok := normalizeID(cursor)
		i, found := o.pos[id]
		if !ok || !found || !sc.matches(id) {
			return nil, "", false, validationError("start_cursor provided is invalid: %s", cursor)
		}
		if sc.asc {
			start = i
		} else {
			start = n - 1 - i
		}
		rank, known := c.ranks[key+"|"+id]
		if !known {
			for j := 0; j < start; j++ {
				if sc.matches(at(j)) {
					rank++
				}
			}
		}
		before = rank
	}
	var ids []string
	next, cut := "", false
	for i := start; i < n; i++ {
		id := at(i)
		if !sc.matches(id) {
			continue
		}
		if sc.limit > 0 && before+len(ids) >= sc.limit {
			cut = true
			break
		}
		if len(ids) == sc.size {
			next = id
			break
		}
		ids = append(ids, id)
	}
	if next != "" {
		if len(c.ranks) > 4*maxCachedQueries {
			clear(c.ranks)
		}
		c.ranks[key+"|"+next] = before + len(ids)
	}
	return ids, next, cut, nil
}

// searchTitleMatches reports whether a search query (lower case) matches a title seen by
// search.
func searchTitleMatches(e indexEntry, query string) bool {
	return query == "" || strings.Contains(e.lower, query)
}

// readOnlyRoute reports whether a route only reads the workspace: GETs, queries, search.
func readOnlyRoute(rt routeDef) bool {
	return rt.method == "GET" || rt.method == "POST" && (rt.pattern == "/v1/search" || strings.HasSuffix(rt.pattern, "/query"))
}
