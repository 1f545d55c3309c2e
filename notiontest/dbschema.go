package notiontest

import "slices"

// applySchemaEdits applies the "properties" of an update request, when it has them, to work,
// a copy of the data source before (see applySchemaRequest).
func (st *store) applySchemaEdits(before, work, body jsonObject) ([]string, *apiError) {
	raw, ok := body["properties"]
	if !ok || raw == nil {
		return nil, nil
	}
	rawProps, ok := raw.(map[string]any)
	if !ok {
		return nil, bodyValidation("body.properties should be an object, instead was `%s`.", jsonText(raw))
	}
	return st.applySchemaRequest(before, work, rawProps)
}

// applySchemaRequest applies the properties of a database create (before is nil) or update
// request to work, a copy of the database about to be stored: each property through
// schemaProperty (add, change, rename), null removes one. linkSchema then pairs two-way
// relations, resolves rollups and rewrites formulas; it may change other databases in place
// and answers their ids. Nothing in the store changes when an error is answered.
func (st *store) applySchemaRequest(before, work jsonObject, raw jsonObject) ([]string, *apiError) {
	props := ensureObject(work, "properties")
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	index := newPropIndex(props)
	for _, key := range keys {
		name, prev, found := index.find(key)
		if raw[key] == nil {
			if before == nil || !found {
				return nil, validationError("%s is not a property that exists.", key)
			}
			if str(prev, "type") == "title" {
				return nil, validationError("Cannot delete the title property %s.", name)
			}
			index.remove(name)
			continue
		}
		req, ok := raw[key].(map[string]any)
		if !ok {
			return nil, bodyValidation("body.properties.%s should be an object, instead was `%s`.", key, jsonText(raw[key]))
		}
		conf, err := schemaProperty(key, req, prev, st)
		if err != nil {
			return nil, err
		}
		newName := str(conf, "name")
		if found {
			index.remove(name)
		}
		if _, taken := props[newName]; taken {
			return nil, validationError("A property named %s already exists.", newName)
		}
		index.set(newName, conf)
	}
	return linkSchema(before, work, st, st.workspaceID)
}

// recomputeRows brings every page of a data source in line with its schema after a schema
// change (see computeValues: values follow renames, removed properties go, new ones start
// empty).
func (st *store) recomputeRows(dsID string) {
	db, ok := st.dataSources[dsID]
	if !ok {
		return
	}
	for _, pid := range st.rows[dsID] {
		if p, ok := st.pages[pid]; ok {
			computeValues(db, p, st)
		}
	}
}
