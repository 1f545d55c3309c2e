package notiontest

// newDatabaseObject returns a database created now by the bot.
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
		"properties":       jsonObject{},
		"parent":           parent,
		"url":              notionURLPrefix + compactID(id),
		"public_url":       nil,
		"archived":         false,
		"in_trash":         false,
	}
}

// databaseTitle is the plain text of a database's title.
func databaseTitle(db jsonObject) string { return plainText(db["title"]) }

// databaseAnswer returns a stored database as Notion answers it.
func (st *store) databaseAnswer(db jsonObject) jsonObject {
	out := deepCopy(db)
	trashed := st.inTrash(str(db, "id"))
	out["archived"], out["in_trash"] = trashed, trashed
	return out
}

// handleGetDatabase answers GET /v1/databases/{database_id}.
func handleGetDatabase(st *store, c *call) (jsonObject, *apiError) {
	db, ok := st.databases[c.params["database_id"]]
	if !ok {
		return nil, notFoundError("database", c.params["database_id"])
	}
	return st.databaseAnswer(db), nil
}

// handleCreateDatabase answers POST /v1/databases: a database under a page, with a title,
// description, is_inline, icon, cover and a schema holding exactly one title property.
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
	rawProps, ok := c.body["properties"].(map[string]any)
	if !ok {
		return nil, bodyValidation("body.properties should be an object, instead was `%s`.", jsonText(c.body["properties"]))
	}
	changed, err := st.applySchemaRequest(nil, db, rawProps)
	if err != nil {
		return nil, err
	}
	st.resolveMentions(db)
	st.databases[id] = db
	st.created[id] = st.nextSeq()
	st.edited[id] = st.created[id]
	st.commitSchemaChanges(changed)
	b := st.newBlockObject(id, deepCopy(parent), "child_database", jsonObject{"title": databaseTitle(db)})
	st.addBlock(b, "")
	st.reindex(id)
	st.touch(parentID(parent))
	return st.databaseAnswer(db), nil
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
	for _, k := range []string{"title", "description"} {
		raw, ok := body[k]
		if !ok {
			continue
		}
		if raw == nil {
			raw = []any{}
		}
		rt, err := normalizeRichTextAt(raw, "body."+k)
		if err != nil {
			return err
		}
		db[k] = rt
	}
	if raw, ok := body["is_inline"]; ok && raw != nil {
		b, ok := raw.(bool)
		if !ok {
			return bodyValidation("body.is_inline should be a boolean, instead was `%s`.", jsonText(raw))
		}
		db["is_inline"] = b
	}
	if _, ok := body["icon"]; ok {
		icon, err := normalizeIcon(body, "icon")
		if err != nil {
			return err
		}
		db["icon"] = icon
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
// is_inline, icon, cover, the trash state, and schema changes (add, change, rename through
// {"name": ...}, remove through null).
func handleUpdateDatabase(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["database_id"]
	db, ok := st.databases[id]
	if !ok {
		return nil, notFoundError("database", id)
	}
	trash, hasTrash, err := trashFlag(c.body)
	if err != nil {
		return nil, err
	}
	trashed := st.inTrash(id)
	if hasTrash {
		trashed = trash || st.inTrash(parentID(mustObject(db, "parent")))
	}
	edits := false
	for _, k := range []string{"title", "description", "is_inline", "icon", "cover", "properties"} {
		if _, ok := c.body[k]; ok {
			edits = true
		}
	}
	if trashed && edits {
		return nil, errArchived()
	}
	work := deepCopy(db)
	if err := setDatabaseFields(work, c.body); err != nil {
		return nil, err
	}
	var changed []string
	if raw, ok := c.body["properties"]; ok && raw != nil {
		rawProps, ok := raw.(map[string]any)
		if !ok {
			return nil, bodyValidation("body.properties should be an object, instead was `%s`.", jsonText(raw))
		}
		if changed, err = st.applySchemaRequest(db, work, rawProps); err != nil {
			return nil, err
		}
	}
	for _, k := range []string{"title", "description", "is_inline", "icon", "cover", "properties"} {
		db[k] = work[k]
	}
	st.resolveMentions(db)
	st.recomputeRows(id)
	st.commitSchemaChanges(changed)
	if b, ok := st.blocks[id]; ok {
		b["child_database"] = jsonObject{"title": databaseTitle(db)}
	}
	if hasTrash {
		st.setTrashed(id, trash)
	}
	st.touch(id)
	return st.databaseAnswer(db), nil
}
