package notiontest

import (
	"net/http"
	"net/url"
	"strconv"
)

// listedPropertyTypes are the property types whose values the page-property endpoint
// answers as a paginated list of property items.
var listedPropertyTypes = map[string]bool{"title": true, "rich_text": true, "relation": true, "people": true}

// handleGetPageProperty answers GET /v1/pages/{page_id}/properties/{property_id}: a title,
// rich_text, relation or people value as a paginated list of property_item objects (all of
// it, where a page object lists at most 25 references), any other value as one property_item.
func handleGetPageProperty(st *store, c *call) (jsonObject, *apiError) {
	pageID := c.params["page_id"]
	p, ok := st.pages[pageID]
	if !ok {
		return nil, notFoundError("page", pageID)
	}
	st.refreshComputed(p)
	propID := c.params["property_id"]
	var value jsonObject
	for _, v := range mustObject(p, "properties") {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		if id, err := url.PathUnescape(str(m, "id")); err == nil && id == propID || str(m, "id") == propID {
			value = m
			break
		}
	}
	if value == nil {
		return nil, &apiError{status: http.StatusNotFound, code: "object_not_found",
			message: "Could not find property with ID: " + propID + "."}
	}
	pid, typ := str(value, "id"), str(value, "type")
	if !listedPropertyTypes[typ] {
		return jsonObject{"object": "property_item", "id": pid, "type": typ, typ: deepCopy(value[typ])}, nil
	}
	paging, err := queryPaging(c.query)
	if err != nil {
		return nil, err
	}
	raw, _ := value[typ].([]any)
	type entry struct {
		key  string
		item any
	}
	entries := make([]entry, len(raw))
	for i, it := range raw {
		key := strconv.Itoa(i)
		if m, ok := it.(map[string]any); ok && (typ == "relation" || typ == "people") {
			key = str(m, "id")
		}
		entries[i] = entry{key: key, item: it}
	}
	items, next, err := paginate(entries, paging, func(e entry) string { return e.key })
	if err != nil {
		return nil, err
	}
	results := make([]any, len(items))
	for i, e := range items {
		results[i] = jsonObject{"object": "property_item", "id": pid, "type": typ, typ: deepCopy(e.item)}
	}
	out := listAnswer("property_item", results, next)
	var nextURL any
	if next != "" {
		nextURL = c.base + "/v1/pages/" + pageID + "/properties/" + url.PathEscape(propID) + "?start_cursor=" + url.QueryEscape(next)
	}
	out["property_item"] = jsonObject{"id": pid, "next_url": nextURL, "type": typ, typ: jsonObject{}}
	return out, nil
}
