package notiontest

import (
	"cmp"
	"slices"
	"strings"
)

// handleSearch answers POST /v1/search: the pages and data sources (at 2022-06-28: databases
// with a single data source) whose title contains query (case-insensitive; empty matches all)
// as the search index sees them (see WithSearchLag), optionally only pages or only data
// sources (databases), ordered by last edit (most recent first unless the sort says
// ascending), paginated. Like Notion's, the results include objects in the trash (with
// "in_trash": true); clients filter them.
func handleSearch(st *store, c *call) (jsonObject, *apiError) {
	query := ""
	if raw, ok := c.body["query"]; ok && raw != nil {
		s, ok := raw.(string)
		if !ok {
			return nil, bodyValidation("body.query should be a string, instead was `%s`.", jsonText(raw))
		}
		query = strings.ToLower(s)
	}
	containers := "data_source"
	if c.version == v2022 {
		containers = "database"
	}
	kind, err := searchFilter(c.body["filter"], containers)
	if err != nil {
		return nil, err
	}
	ascending, err := searchSort(c.body["sort"])
	if err != nil {
		return nil, err
	}
	p, err := bodyPaging(c.body)
	if err != nil {
		return nil, err
	}
	now := st.now()
	var ids []string
	consider := func(id, objKind string) {
		if kind != "" && kind != objKind {
			return
		}
		e, ok := st.indexed(id, now)
		if !ok {
			return
		}
		if query == "" || strings.Contains(strings.ToLower(e.title), query) {
			ids = append(ids, id)
		}
	}
	for id := range st.pages {
		consider(id, "page")
	}
	if c.version == v2022 {
		for id := range st.databases {
			if _, err := st.soleSource(id); err == nil {
				consider(id, "database")
			}
		}
	} else {
		for id := range st.dataSources {
			consider(id, "data_source")
		}
	}
	slices.SortFunc(ids, func(a, b string) int {
		if ascending {
			return cmp.Compare(st.edited[a], st.edited[b])
		}
		return cmp.Compare(st.edited[b], st.edited[a])
	})
	ids, cut := capResults(ids, st.resultLimit)
	items, next, err := paginate(ids, p, func(id string) string { return id })
	if err != nil {
		return nil, err
	}
	results := make([]any, len(items))
	for i, id := range items {
		if pg, ok := st.pages[id]; ok {
			results[i] = st.pageAnswer(pg)
		} else if ds, ok := st.dataSources[id]; ok {
			results[i] = st.dataSourceAnswer(ds)
		} else {
			results[i] = st.databaseAnswer(st.databases[id])
		}
	}
	return markIncomplete(listAnswer("page_or_data_source", results, next), cut), nil
}

// searchFilter checks a search filter: absent, or {"property":"object","value":"page"|
// containers}, where containers is "data_source" (or, at 2022-06-28, "database"). It returns
// the object kind to keep, "" for all.
func searchFilter(raw any, containers string) (string, *apiError) {
	if raw == nil {
		return "", nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return "", bodyValidation("body.filter should be an object, instead was `%s`.", jsonText(raw))
	}
	if str(m, "property") != "object" {
		return "", bodyValidation("body.filter.property should be `\"object\"`, instead was `%s`.", jsonText(m["property"]))
	}
	switch v := str(m, "value"); v {
	case "page", containers:
		return v, nil
	default:
		return "", bodyValidation("body.filter.value should be `\"page\"` or `\"%s\"`, instead was `%s`.", containers, jsonText(m["value"]))
	}
}

// searchSort checks a search sort: absent, or {"timestamp":"last_edited_time","direction":
// "ascending"|"descending"}. It reports whether the order is ascending.
func searchSort(raw any) (bool, *apiError) {
	if raw == nil {
		return false, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return false, bodyValidation("body.sort should be an object, instead was `%s`.", jsonText(raw))
	}
	if str(m, "timestamp") != "last_edited_time" {
		return false, bodyValidation("body.sort.timestamp should be `\"last_edited_time\"`, instead was `%s`.", jsonText(m["timestamp"]))
	}
	switch d := str(m, "direction"); d {
	case "ascending", "descending":
		return d == "ascending", nil
	default:
		return false, bodyValidation("body.sort.direction should be `\"ascending\"` or `\"descending\"`, instead was `%s`.", jsonText(m["direction"]))
	}
}
