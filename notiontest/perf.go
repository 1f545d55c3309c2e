package notiontest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// What makes a request cost what its page of results costs:
//
//   - Reads that change nothing (blocks, children, users, comments, Markdown) share the
//     store under a read lock (pureReadRoutes).
//   - A stamp names the state of the workspace: every write moves it (the edit sequence
//     moves on each create and edit, and each request that may write counts one more).
//   - Computed values (formulas, rollups, unique ids, timestamps and users) of a page are
//     recomputed only when the stamp moved since they were last computed.
//   - A query's ordered result ids are kept per (data source, filter, sorts, trash, stamp):
//     the next pages of the same query find their cursor by a position map instead of
//     recomputing, filtering and sorting every row.
//   - Search walks a log of edits (the workspace in last-edit order, kept as edits happen)
//     and stops once a page is full; a cursor resumes at its position (found by binary
//     search), and the number of results before it is remembered for the result limit. A
//     search for a rare title looks at as many objects as it must to fill its page.

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

// perfCaches holds what the store keeps for speed: the edit log, and derived data that a
// stamp change makes stale.
type perfCaches struct {
	computed map[string]stamp          // page id -> stamp its computed values are of
	queries  map[string]*querySnapshot // query key -> its ordered results
	log      []editEntry               // edits of pages, databases, data sources, in order
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

// computedFresh reports whether the computed values of page id are up to date, and marks
// them so otherwise (the caller recomputes them). The values of a page whose data source has
// no formulas or rollups depend only on the page and the schema: they are up to date while
// neither was edited. Others (formulas and rollups read other pages and the clock) are up to
// date while the workspace stamp stands.
func (st *store) computedFresh(id string) bool {
	c := st.caches()
	var now stamp
	p := st.pages[id]
	ds, ok := st.dataSources[rowSourceID(mustObject(p, "parent"))]
	if ok && !readsOthers(ds) {
		now = stamp{seq: st.edited[id], writes: st.edited[str(ds, "id")], now: -1}
	} else {
		now = st.currentStamp()
	}
	if s, ok := c.computed[id]; ok && s == now {
		return true
	}
	c.computed[id] = now
	return false
}

// readsOthers reports whether a data source has properties whose values other pages or the
// clock decide: formulas and rollups.
func readsOthers(ds jsonObject) bool {
	for _, v := range mustObject(ds, "properties") {
		if m, ok := v.(map[string]any); ok {
			if t := str(m, "type"); t == "formula" || t == "rollup" {
				return true
			}
		}
	}
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

// editEntry records that an object was edited (or created) at a sequence number.
type editEntry struct {
	seq uint64
	id  string
}

// setEdited records the last edit of a page, database or data source. Edits arrive in
// sequence order, so the log of them is the workspace in last-edit order; an entry is live
// while it is its object's last edit.
func (st *store) setEdited(id string, seq uint64) {
	st.edited[id] = seq
	c := st.caches()
	c.log = append(c.log, editEntry{seq, id})
	if len(c.log) > 1024 && len(c.log) > 2*len(st.edited) {
		live := c.log[:0]
		for _, e := range c.log {
			if st.edited[e.id] == e.seq {
				live = append(live, e)
			}
		}
		c.log = live
	}
}

// liveEntry reports whether a log entry is its object's last edit (pages, databases and
// data sources are never removed from the store, only trashed).
func (st *store) liveEntry(e editEntry) bool { return st.edited[e.id] == e.seq }

// searchScan walks the edit order for a search: from the cursor's position (or the start),
// in the asked direction, it collects up to size matches and the id of the next one.
// before is the number of matches before the cursor.
type searchScan struct {
	matches func(id string) bool
	asc     bool
	size    int
	limit   int
}

// runSearch answers one search page from the edit log: its ids, the next cursor, whether
// the result limit cut the results. key names the search (query, filter, sort, version).
func (st *store) runSearch(key string, sc searchScan, cursor string) ([]string, string, bool, *apiError) {
	c := st.caches()
	log := c.log
	n := len(log)
	at := func(i int) editEntry { // the i-th entry in search order
		if sc.asc {
			return log[i]
		}
		return log[n-1-i]
	}
	key = fmt.Sprintf("%s|%d|%d", key, st.seq, st.writes)
	start, before := 0, 0
	if cursor != "" {
		id, ok := normalizeID(cursor)
		seq, known := st.edited[id]
		i := sort.Search(n, func(i int) bool { return log[i].seq >= seq })
		if !ok || !known || i == n || log[i].id != id || !sc.matches(id) {
			return nil, "", false, validationError("start_cursor provided is invalid: %s", cursor)
		}
		if sc.asc {
			start = i
		} else {
			start = n - 1 - i
		}
		rank, ranked := c.ranks[key+"|"+id]
		if !ranked {
			for j := 0; j < start; j++ {
				if e := at(j); st.liveEntry(e) && sc.matches(e.id) {
					rank++
				}
			}
		}
		before = rank
	}
	var ids []string
	next, cut := "", false
	for i := start; i < n; i++ {
		e := at(i)
		if !st.liveEntry(e) || !sc.matches(e.id) {
			continue
		}
		if sc.limit > 0 && before+len(ids) >= sc.limit {
			cut = true
			break
		}
		if len(ids) == sc.size {
			next = e.id
			break
		}
		ids = append(ids, e.id)
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

// pureReadRoutes are the GET routes whose handlers change nothing in the store, not even a
// cache (their answers are copies of stored objects): they run under the read lock, side by
// side. Page reads, queries and search refresh computed values and caches, so they take the
// store's lock.
var pureReadRoutes = map[string]bool{
	"/v1/users/me":                   true,
	"/v1/users":                      true,
	"/v1/users/{user_id}":            true,
	"/v1/blocks/{block_id}":          true,
	"/v1/blocks/{block_id}/children": true,
	"/v1/comments":                   true,
	"/v1/custom_emojis":              true,
	"/v1/pages/{page_id}/markdown":   true,
}

// readOnlyRoute reports whether a route only reads the workspace: GETs, queries, search.
func readOnlyRoute(rt routeDef) bool {
	return rt.method == "GET" || rt.method == "POST" && (rt.pattern == "/v1/search" || strings.HasSuffix(rt.pattern, "/query"))
}
