package notiontest

import (
	"fmt"
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
	matches := func(id string) bool {
		objKind := "page"
		if _, ok := st.pages[id]; !ok {
			if _, isDB := st.databases[id]; isDB {
				if c.version != v2022 {
					return false
				}
				if _, err := st.soleSource(id); err != nil {
					return false
				}
				objKind = "database"
			} else {
				if c.version == v2022 {
					return false
				}
				objKind = "data_source"
			}
		}
		if kind != "" && kind != objKind {
			return false
		}
		e, ok := st.indexed(id, now)
		return ok && searchTitleMatches(e, query)
	}
	// Search walks the workspace in last-edit order and stops once the page is full
	// (perf.go).
	key := fmt.Sprintf("%s|%s|%v|%v", query, kind, ascending, c.version)
	items, next, cut, err := st.runSearch(key, searchScan{matches: matches, asc: ascending, size: p.size, limit: st.resultLimit}, p.cursor)
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
