package notiontest

import (
	"cmp"
	"slices"
)

// handleQueryDatabase answers POST /v1/databases/{database_id}/query: the database's pages
// that are not in the trash, filtered by compileFilterAt, ordered by compileSorts (by default
// the most recently created first), paginated.
func handleQueryDatabase(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["database_id"]
	db, ok := st.databases[id]
	if !ok {
		return nil, notFoundError("database", id)
	}
	p, err := bodyPaging(c.body)
	if err != nil {
		return nil, err
	}
	var keep func(jsonObject) bool
	if f, ok := c.body["filter"]; ok && f != nil {
		if keep, err = compileFilterAt(f, db, st.now()); err != nil {
			return nil, err
		}
	}
	var order func(a, b jsonObject) int
	if s, ok := c.body["sorts"]; ok && s != nil {
		if order, err = compileSorts(s, db); err != nil {
			return nil, err
		}
	}
	var rows []jsonObject
	for _, pid := range st.rows[id] {
		page, ok := st.pages[pid]
		if !ok || st.inTrash(pid) {
			continue
		}
		st.refreshComputed(page)
		if keep == nil || keep(page) {
			rows = append(rows, page)
		}
	}
	slices.SortStableFunc(rows, func(a, b jsonObject) int {
		return cmp.Compare(st.created[str(b, "id")], st.created[str(a, "id")])
	})
	if order != nil {
		slices.SortStableFunc(rows, order)
	}
	rows, cut := capResults(rows, st.resultLimit)
	items, next, err := paginate(rows, p, func(p jsonObject) string { return str(p, "id") })
	if err != nil {
		return nil, err
	}
	results := make([]any, len(items))
	for i, page := range items {
		results[i] = st.pageAnswer(page)
	}
	return markIncomplete(listAnswer("page_or_database", results, next), cut), nil
}
