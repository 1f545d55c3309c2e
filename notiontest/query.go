package notiontest

import (
	"cmp"
	"slices"
)

// handleQueryDatabase answers POST /v1/databases/{database_id}/query (API version
// 2022-06-28; later versions query data sources): the query of the database's one data
// source, with the trashed pages too when in_trash (or archived) is true.
func handleQueryDatabase(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["database_id"]
	if _, ok := st.databases[id]; !ok {
		return nil, notFoundError("database", id)
	}
	ds, err := st.soleSource(id)
	if err != nil {
		return nil, err
	}
	withTrash, _, err := trashFlag(c.body)
	if err != nil {
		return nil, err
	}
	return st.queryDataSource(ds, c, withTrash)
}

// handleQueryDataSource answers POST /v1/data_sources/{data_source_id}/query: like a
// database query, plus in_trash (true: pages in the trash are included too), result_type
// ("page", or "data_source": a data source holds no data sources, so nothing) and the
// filter_properties URL parameters (only these property ids in the answered pages).
func handleQueryDataSource(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["data_source_id"]
	ds, ok := st.dataSources[id]
	if !ok {
		return nil, notFoundError("data source", id)
	}
	withTrash, _, err := trashFlag(c.body)
	if err != nil {
		return nil, err
	}
	if raw, ok := c.body["result_type"]; ok && raw != nil {
		switch raw {
		case "page":
		case "data_source":
			if _, err := bodyPaging(c.body); err != nil {
				return nil, err
			}
			return listAnswer("page_or_data_source", nil, ""), nil
		default:
			return nil, bodyValidation("body.result_type should be `\"page\"` or `\"data_source\"`, instead was `%s`.", jsonText(raw))
		}
	}
	res, err := st.queryDataSource(ds, c, withTrash)
	if err != nil {
		return nil, err
	}
	if ids, ok := c.query["filter_properties"]; ok {
		for _, r := range res["results"].([]any) {
			keepProperties(r.(jsonObject), ids)
		}
	}
	return res, nil
}

// queryDataSource answers a query of data source ds: its pages (those in the trash only when
// withTrash), filtered by compileFilterAt, ordered by compileSorts (by default the most
// recently created first), paginated.
func (st *store) queryDataSource(ds jsonObject, c *call, withTrash bool) (jsonObject, *apiError) {
	id := str(ds, "id")
	p, err := bodyPaging(c.body)
	if err != nil {
		return nil, err
	}
	var keep func(jsonObject) bool
	if f, ok := c.body["filter"]; ok && f != nil {
		if keep, err = compileFilterAt(f, ds, st.now()); err != nil {
			return nil, err
		}
	}
	var order func(a, b jsonObject) int
	if s, ok := c.body["sorts"]; ok && s != nil {
		if order, err = compileSorts(s, ds); err != nil {
			return nil, err
		}
	}
	// The ordered results are computed once per query and workspace state (perf.go); the
	// next pages of the same query only find their cursor.
	snap, err := st.cachedQuery(st.queryKey(id, c.body, withTrash), func() ([]string, *apiError) {
		type row struct {
			page    jsonObject
			created uint64
		}
		var found []row
		for _, pid := range st.rows[id] {
			page, ok := st.pages[pid]
			if !ok || !withTrash && st.inTrash(pid) {
				continue
			}
			st.refreshComputed(page)
			if keep == nil || keep(page) {
				found = append(found, row{page, st.created[pid]})
			}
		}
		slices.SortStableFunc(found, func(a, b row) int { return cmp.Compare(b.created, a.created) })
		rows := make([]jsonObject, len(found))
		for i, r := range found {
			rows[i] = r.page
		}
		if order != nil {
			slices.SortStableFunc(rows, order)
		}
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = str(r, "id")
		}
		return ids, nil
	})
	if err != nil {
		return nil, err
	}
	items, next, cut, err := snap.page(p, st.resultLimit)
	if err != nil {
		return nil, err
	}
	results := make([]any, len(items))
	for i, pid := range items {
		results[i] = st.pageAnswer(st.pages[pid])
	}
	return markIncomplete(listAnswer("page_or_data_source", results, next), cut), nil
}

// keepProperties leaves in a page answer only the property values whose ids are listed (in
// any escaping), as filter_properties asks.
func keepProperties(page jsonObject, ids []string) {
	want := map[string]bool{}
	for _, id := range ids {
		want[unescapeID(id)] = true
	}
	props := mustObject(page, "properties")
	for name, v := range props {
		if m, ok := v.(map[string]any); !ok || !want[unescapeID(str(m, "id"))] {
			delete(props, name)
		}
	}
}
