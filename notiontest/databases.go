package notiontest

import "slices"

// untitledDatabase is the title Notion gives a database created without one (since API
// version 2025-09-03; its data source stays untitled).
const untitledDatabase = "New database"

// newDatabaseObject returns a database container created now by the bot, without data
// sources. created_by and last_edited_by are kept for the 2022-06-28 form.
func (st *store) newDatabaseObject(id string, parent jsonObject) jsonObject {
	ts := st.timestamp()
	return jsonObject{
		"object":           "database",
		"id":               id,
		"cover":            nil,
		"icon":             nil,
		"created_time":     ts,
		"created_by":       userRef(st.botID),
		"last_edited_by":   userRef(st.botID),
		"last_edited_time": ts,
		"title":            []any{},
		"description":      []any{},
		"is_inline":        false,
		"is_locked":        false,
		"parent":           parent,
		"url":              notionURLPrefix + compactID(id),
		"public_url":       nil,
		"in_trash":         false,
	}
}

// databaseTitle is the plain text of a database's title.
func databaseTitle(db jsonObject) string { return plainText(db["title"]) }

// databaseAnswer returns a stored database as Notion answers it (at 2026-03-11): a container
// listing its data sources, without properties.
func (st *store) databaseAnswer(db jsonObject) jsonObject {
	out := deepCopy(db)
	delete(out, "created_by")
	delete(out, "last_edited_by")
	out["in_trash"] = st.inTrash(str(db, "id"))
	refs := []any{}
	for _, id := range st.liveSources(str(db, "id")) {
		name := dataSourceTitle(st.dataSources[id])
		if name == "" {
			name = databaseTitle(db)
		}
		refs = append(refs, jsonObject{"id": id, "name": name})
	}
	out["data_sources"] = refs
	return out
}

// handleGetDatabase answers GET /v1/databases/{database_id}. At 2022-06-28 the database must
// have a single data source (see render2022).
func handleGetDatabase(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["database_id"]
	db, ok := st.databases[id]
	if !ok {
		return nil, notFoundError("database", id)
	}
	if c.version == v2022 {
		if _, err := st.soleSource(id); err != nil {
			return nil, err
		}
	}
	return st.databaseAnswer(db), nil
}

// handleCreateDatabase answers POST /v1/databases: a database under a page, with a title,
// description, is_inline, icon, cover and one data source, whose schema (exactly one title
// property) is the body's properties at 2022-06-28 and initial_data_source.properties later.
func handleCreateDatabase(st *store, c *call) (jsonObject, *apiError) {
	parent, err := st.databaseParent(c.body["parent"])
	if err != nil {
		return nil, err
	}
	id := newUUID()
	db := st.newDatabaseObject(id, parent)
	if err := setDatabaseFields(db, c.body); err != nil {
		return nil, err
	}
	rawProps, dsTitle, err := initialSchema(c)
	if err != nil {
		return nil, err
	}
	if dsTitle == nil {
		dsTitle = deepCopy(db["title"])
	}
	if c.version > v2022 && len(db["title"].([]any)) == 0 {
		db["title"] = textRichText(untitledDatabase)
	}
	ds := st.newDataSourceObject(dataSourceID(id), db, dsTitle.([]any))
	changed, err := st.applySchemaRequest(nil, ds, rawProps)
	if err != nil {
		return nil, err
	}
	st.resolveMentions(db)
	st.resolveMentions(ds)
	st.databases[id] = db
	st.created[id] = st.nextSeq()
	st.setEdited(id, st.created[id])
	st.insertDataSource(ds)
	st.commitSchemaChanges(changed)
	b := st.newBlockObject(id, deepCopy(parent), "child_database", jsonObject{"title": databaseTitle(db)})
	st.addBlock(b, "")
	st.reindex(id)
	st.touch(parentID(parent))
	return st.databaseAnswer(db), nil
}

// initialSchema reads the schema of a new database's data source: body.properties at
// 2022-06-28, body.initial_data_source.properties (and its optional title) later, where a
// missing initial_data_source means one title property "Name".
func initialSchema(c *call) (props jsonObject, title any, err *apiError) {
	if c.version == v2022 {
		rawProps, ok := c.body["properties"].(map[string]any)
		if !ok {
			return nil, nil, bodyValidation("body.properties should be an object, instead was `%s`.", jsonText(c.body["properties"]))
		}
		return rawProps, nil, nil
	}
	if raw, ok := c.body["properties"]; ok {
		return nil, nil, bodyValidation("body.properties should be not present, instead was `%s`. Since API version 2025-09-03 the schema goes in body.initial_data_source.properties.", jsonText(raw))
	}
	raw, ok := c.body["initial_data_source"]
	if !ok || raw == nil {
		return jsonObject{"Name": jsonObject{"title": jsonObject{}}}, nil, nil
	}
	init, ok := raw.(map[string]any)
	if !ok {
		return nil, nil, bodyValidation("body.initial_data_source should be an object, instead was `%s`.", jsonText(raw))
	}
	rawProps, ok := init["properties"].(map[string]any)
	if !ok {
		return nil, nil, bodyValidation("body.initial_data_source.properties should be an object, instead was `%s`.", jsonText(init["properties"]))
	}
	if t, ok := init["title"]; ok && t != nil {
		rt, err := normalizeRichTextAt(t, "body.initial_data_source.title")
		if err != nil {
			return nil, nil, err
		}
		title = rt
	}
	return rawProps, title, nil
}

// commitSchemaChanges brings the pages of other databases that a schema change touched (the
// back properties of two-way relations) in line and records the edit.
func (st *store) commitSchemaChanges(changed []string) {
	for _, id := range changed {
		st.recomputeRows(id)
		st.touch(id)
	}
}

// databaseParent checks the parent of a database create request: a page shared with the
// integration and not in the trash.
func (st *store) databaseParent(raw any) (jsonObject, *apiError) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, bodyValidation("body.parent should be an object, instead was `%s`.", jsonText(raw))
	}
	if t := str(m, "type"); t != "" && t != "page_id" {
		return nil, bodyValidation("body.parent.type should be `page_id`, instead was `%s`.", jsonText(m["type"]))
	}
	id, ok := normalizeID(str(m, "page_id"))
	if !ok {
		return nil, bodyValidation("body.parent.page_id should be a valid uuid, instead was `%s`.", jsonText(m["page_id"]))
	}
	if _, ok := st.pages[id]; !ok {
		return nil, notFoundError("page", id)
	}
	if st.inTrash(id) {
		return nil, errArchived()
	}
	return parentRef("page_id", id), nil
}

// setDatabaseFields applies the title, description, is_inline, icon and cover of a create or
// update request to a database.
func setDatabaseFields(db jsonObject, body jsonObject) *apiError {
	if err := setRichTextFields(db, body, "title", "description"); err != nil {
		return err
	}
	if raw, ok := body["is_inline"]; ok && raw != nil {
		b, ok := raw.(bool)
		if !ok {
			return bodyValidation("body.is_inline should be a boolean, instead was `%s`.", jsonText(raw))
		}
		db["is_inline"] = b
	}
	if err := setIcon(db, body); err != nil {
		return err
	}
	if _, ok := body["cover"]; ok {
		cover, err := normalizeCover(body)
		if err != nil {
			return err
		}
		db["cover"] = cover
	}
	return nil
}

// handleUpdateDatabase answers PATCH /v1/databases/{database_id}: title, description,
// is_inline, icon, cover, is_locked, the trash state and the parent page (a move) of the
// container; at 2022-06-28 also
// schema changes of its one data source (add, change, rename through {"name": ...}, remove
// through null). The title of a database with one data source is its data source's too (see
// shareTitle).
func handleUpdateDatabase(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["database_id"]
	db, ok := st.databases[id]
	if !ok {
		return nil, notFoundError("database", id)
	}
	var newParent jsonObject
	if raw, ok := c.body["parent"]; ok {
		var err *apiError
		if newParent, err = st.databaseParent(raw); err != nil {
			return nil, err
		}
		if st.holds(id, parentID(newParent)) {
			return nil, validationError("Cannot move database %s into one of its own pages.", id)
		}
	}
	var ds jsonObject
	if c.version == v2022 {
		var err *apiError
		if ds, err = st.soleSource(id); err != nil {
			return nil, err
		}
	} else if raw, ok := c.body["properties"]; ok {
		return nil, bodyValidation("body.properties should be not present, instead was `%s`. Since API version 2025-09-03 properties belong to a data source: PATCH /v1/data_sources/{id}.", jsonText(raw))
	}
	trash, hasTrash, err := trashFlag(c.body)
	if err != nil {
		return nil, err
	}
	trashed := st.inTrash(id)
	if hasTrash {
		trashed = trash || st.inTrash(parentID(mustObject(db, "parent")))
	}
	fields := []string{"title", "description", "is_inline", "icon", "cover", "is_locked"}
	edits := slices.ContainsFunc(append(fields, "properties", "parent"), func(k string) bool { _, ok := c.body[k]; return ok })
	if trashed && edits {
		return nil, errArchived()
	}
	work := deepCopy(db)
	if err := setDatabaseFields(work, c.body); err != nil {
		return nil, err
	}
	if raw, ok := c.body["is_locked"]; ok && raw != nil {
		b, ok := raw.(bool)
		if !ok {
			return nil, bodyValidation("body.is_locked should be a boolean, instead was `%s`.", jsonText(raw))
		}
		work["is_locked"] = b
	}
	var changed []string
	var dsWork jsonObject
	if ds != nil {
		dsWork = deepCopy(ds)
		if changed, err = st.applySchemaEdits(ds, dsWork, c.body); err != nil {
			return nil, err
		}
	}
	for _, k := range fields {
		db[k] = work[k]
	}
	st.resolveMentions(db)
	if _, ok := c.body["title"]; ok {
		st.shareTitle(id, db["title"], c.version)
	}
	if ds != nil {
		ds["properties"] = dsWork["properties"]
		dsID := str(ds, "id")
		st.recomputeRows(dsID)
		st.commitSchemaChanges(changed)
		st.touch(dsID)
	}
	if b, ok := st.blocks[id]; ok {
		b["child_database"] = jsonObject{"title": databaseTitle(db)}
	}
	if newParent != nil {
		st.moveDatabase(db, newParent)
	}
	if hasTrash {
		st.setTrashed(id, trash)
	}
	st.touch(id)
	return st.databaseAnswer(db), nil
}

// moveDatabase gives database db (with its child_database block, data sources and pages) a
// new parent page, where it becomes the last block.
func (st *store) moveDatabase(db, parent jsonObject) {
	id := str(db, "id")
	old := mustObject(db, "parent")
	if parentID(old) == parentID(parent) {
		return
	}
	st.detachPage(id, old)
	db["parent"] = parent
	if b, ok := st.blocks[id]; ok {
		b["parent"] = deepCopy(parent)
		st.addBlock(b, "")
	}
	st.touch(parentID(old))
	st.touch(parentID(parent))
}

// holds reports whether the page or block id lies within database dbID: in one of its data
// sources' pages or their content.
func (st *store) holds(dbID, id string) bool {
	for depth := 0; id != "" && depth < maxDepth; depth++ {
		if id == dbID {
			return true
		}
		if ds, ok := st.dataSources[id]; ok {
			id = databaseOf(ds)
			continue
		}
		b, ok := st.blocks[id]
		if !ok {
			return false
		}
		id = parentID(mustObject(b, "parent"))
	}
	return false
}
