package notiontest

import "slices"

// handleMovePage answers POST /v1/pages/{page_id}/move: the page (with its content) gets a
// new parent, a page (it becomes that page's last child) or a data source (it becomes one
// of its rows; a database_id names a database's only data source). In a data source the
// page keeps its title and the values of the properties that the new schema has under the
// same name and type; under a page it keeps only its title.
func handleMovePage(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["page_id"]
	p, ok := st.pages[id]
	if !ok {
		return nil, notFoundError("page", id)
	}
	if st.inTrash(id) {
		return nil, errArchived()
	}
	raw, ok := c.body["parent"].(map[string]any)
	if !ok {
		return nil, bodyValidation("body.parent should be an object, instead was `%s`.", jsonText(c.body["parent"]))
	}
	if t := str(raw, "type"); t != "" && t != "page_id" && t != "data_source_id" && t != "database_id" ||
		t == "" && raw["page_id"] == nil && raw["data_source_id"] == nil && raw["database_id"] == nil {
		return nil, bodyValidation("body.parent.page_id should be defined, instead was `undefined`.")
	}
	parent, ds, err := st.pageParent(raw)
	if err != nil {
		return nil, err
	}
	if str(parent, "type") == "page_id" && st.isWithin(parentID(parent), id) {
		return nil, validationError("Cannot move page %s into itself or one of its descendants.", id)
	}
	old := mustObject(p, "parent")
	before := mustObject(p, "properties")
	title := titleProperty(p)
	if ds == nil {
		v := jsonObject{"id": "title", "type": "title", "title": []any{}}
		if title != nil {
			v["title"] = deepCopy(title["title"])
		}
		p["properties"] = jsonObject{"title": v}
	} else {
		p["properties"] = carriedValues(mustObject(ds, "properties"), before, title)
	}
	st.detachPage(id, old)
	p["parent"] = parent
	b := st.blocks[id]
	b["parent"] = deepCopy(parent)
	st.addBlock(b, "")
	if dsID := rowSourceID(parent); dsID != "" {
		st.rows[dsID] = append(st.rows[dsID], id)
		st.refreshComputed(p)
	}
	st.touch(id)
	for _, ref := range []jsonObject{old, parent} {
		if str(ref, "type") == "page_id" {
			st.touchPageOf(parentID(ref))
		}
	}
	return st.pageAnswer(p), nil
}

// carriedValues are the values a page keeps when it moves into a data source with the given
// schema: its title, and each value whose property name and type the schema has.
func carriedValues(schema, values, title jsonObject) jsonObject {
	out := jsonObject{}
	for name, v := range schema {
		sp, ok := v.(map[string]any)
		if !ok {
			continue
		}
		typ := str(sp, "type")
		var cur jsonObject
		if typ == "title" {
			cur = title
		} else if m, ok := values[name].(map[string]any); ok && str(m, "type") == typ {
			cur = m
		}
		if cur != nil && str(cur, "type") == typ {
			moved := deepCopy(cur)
			moved["id"] = sp["id"]
			out[name] = moved
		}
	}
	return out
}

// detachPage takes a page out of its parent's children (a page parent) or rows (a data
// source parent).
func (st *store) detachPage(id string, parent jsonObject) {
	switch str(parent, "type") {
	case "page_id", "block_id":
		pid := parentID(parent)
		st.children[pid] = slices.DeleteFunc(st.children[pid], func(k string) bool { return k == id })
	}
	if dsID := rowSourceID(parent); dsID != "" {
		st.rows[dsID] = slices.DeleteFunc(st.rows[dsID], func(k string) bool { return k == id })
	}
}

// isWithin reports whether block (or page) id is ancestor or one of its descendants.
func (st *store) isWithin(id, ancestor string) bool {
	for depth := 0; id != "" && depth < maxDepth; depth++ {
		if id == ancestor {
			return true
		}
		b, ok := st.blocks[id]
		if !ok {
			return false
		}
		id = parentID(mustObject(b, "parent"))
	}
	return false
}
