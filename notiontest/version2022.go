package notiontest

import (
	"fmt"
	"maps"
	"strings"
)

// The step between 2025-09-03 and 2022-06-28. At 2022-06-28 there are no data sources: a
// database with one data source is a database with that data source's properties, a page of
// a data source has a database_id parent, and list answers of pages and databases are of type
// page_or_database. Notion's own icons are answered as their external URLs. Relation values
// that point into a database with several data sources cannot be written. A database with several data sources is refused by the handlers (see
// soleSource) and left out of search.

// render2022 rewrites an answer of 2025-09-03 into the form of 2022-06-28, in place.
func (st *store) render2022(v any) {
	switch x := v.(type) {
	case map[string]any:
		switch str(x, "object") {
		case "database":
			st.databaseAs2022(x)
		case "page":
			if parent := mustObject(x, "parent"); str(parent, "type") == "data_source_id" {
				x["parent"] = parentRef("database_id", str(parent, "database_id"))
			}
		case "":
			if str(x, "type") == "icon" {
				if _, ok := object(x, "icon"); ok {
					maps.Copy(x, noticonAsExternal(x))
					delete(x, "icon")
				}
			}
		case "list":
			if str(x, "type") == "page_or_data_source" {
				x["type"] = "page_or_database"
				x["page_or_database"] = x["page_or_data_source"]
				delete(x, "page_or_data_source")
			}
		}
		for k, e := range x {
			if k != "properties" || str(x, "object") != "database" {
				st.render2022(e)
			}
		}
	case []any:
		for _, e := range x {
			st.render2022(e)
		}
	}
}

// renderError gives an error the form of version v. Since 2025-09-03 (as recorded at
// 2026-03-11) a 404 object_not_found names the integration: in its message ("… shared with
// your integration "<name>".") and as additional_data.integration_id; at 2022-06-28 it does
// not.
func (st *store) renderError(v apiVersion, e *apiError) *apiError {
	const plain = "shared with your integration."
	if v < v2025 || e.code != "object_not_found" || !strings.HasSuffix(e.message, plain) {
		return e
	}
	named := *e
	named.message = strings.TrimSuffix(e.message, ".") + fmt.Sprintf(" %q.", str(st.userBy[st.botID], "name"))
	named.additional = jsonObject{"integration_id": st.botID}
	return &named
}

// databaseAs2022 turns a database container answer into a 2022-06-28 database: the
// properties, creator and last editor of its data source, and its last edit time, whichever
// of the two was edited last.
func (st *store) databaseAs2022(x jsonObject) {
	id := str(x, "id")
	delete(x, "data_sources")
	delete(x, "is_locked")
	db, ok := st.databases[id]
	if !ok {
		return
	}
	x["created_by"] = deepCopy(db["created_by"])
	x["last_edited_by"] = deepCopy(db["last_edited_by"])
	ds, err := st.soleSource(id)
	if err != nil {
		x["properties"] = jsonObject{}
		return
	}
	x["properties"] = deepCopy(ds["properties"])
	if t := str(ds, "last_edited_time"); t > str(x, "last_edited_time") {
		x["last_edited_time"] = t
		x["last_edited_by"] = deepCopy(ds["last_edited_by"])
	}
}

// relationWrites2022 refuses, at 2022-06-28, the page values of relations that point into a
// database with several data sources, as Notion does ("writing relation properties that point
// to that database" fails at older versions).
func (st *store) relationWrites2022(v apiVersion, ds, props jsonObject) *apiError {
	if v != v2022 {
		return nil
	}
	index := newPropIndex(mustObject(ds, "properties"))
	for key := range props {
		_, sp, ok := index.find(key)
		if !ok || str(sp, "type") != "relation" {
			continue
		}
		if target, ok := st.dataSources[relationSourceID(mustObject(sp, "relation"))]; ok {
			if db := databaseOf(target); len(st.liveSources(db)) > 1 {
				return errMultipleSources(db)
			}
		}
	}
	return nil
}
