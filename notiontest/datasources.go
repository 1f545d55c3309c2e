package notiontest

import "slices"

// A data source holds a schema (its properties) and the pages written against it; a database
// is a container of one or more data sources (API version 2025-09-03 and later). A new
// database gets one data source whose id is dataSourceID(database id); further ones come from
// POST /v1/data_sources and Server.AddDataSource. Stored data sources have Notion's current
// form; a page of one has the parent
// {"type":"data_source_id","data_source_id":...,"database_id":...}.

// rowSourceID is the data source a parent reference puts a page in: its data_source_id, or
// the database_id of a parent written the 2022-06-28 way; "" for other parents.
func rowSourceID(parent jsonObject) string {
	switch str(parent, "type") {
	case "data_source_id":
		return str(parent, "data_source_id")
	case "database_id":
		return str(parent, "database_id")
	}
	return ""
}

// dataSourceParent is the parent reference of a page of data source ds.
func dataSourceParent(ds jsonObject) jsonObject {
	return jsonObject{"type": "data_source_id", "data_source_id": str(ds, "id"), "database_id": databaseOf(ds)}
}

// databaseOf is the id of the database that holds data source ds.
func databaseOf(ds jsonObject) string {
	if id := str(mustObject(ds, "parent"), "database_id"); id != "" {
		return id
	}
	return str(ds, "id")
}

// relationSourceID is the target data source of a relation configuration.
func relationSourceID(cfg jsonObject) string {
	if id := str(cfg, "data_source_id"); id != "" {
		return id
	}
	return str(cfg, "database_id")
}

// relationRef is a relation configuration of type kind ("single_property" or
// "dual_property") pointing at data source ds, with both ids, as Notion answers it.
func relationRef(ds jsonObject, kind string) jsonObject {
	return jsonObject{"database_id": databaseOf(ds), "data_source_id": str(ds, "id"), "type": kind, kind: jsonObject{}}
}

// newDataSourceObject returns a data source of database db created now by the bot, with the
// given title and no properties.
func (st *store) newDataSourceObject(id string, db jsonObject, title []any) jsonObject {
	ts := st.timestamp()
	return jsonObject{
		"object":           "data_source",
		"id":               id,
		"cover":            nil,
		"icon":             nil,
		"created_time":     ts,
		"created_by":       userRef(st.botID),
		"last_edited_by":   userRef(st.botID),
		"last_edited_time": ts,
		"title":            title,
		"properties":       jsonObject{},
		"parent":           parentRef("database_id", str(db, "id")),
		"in_trash":         false,
	}
}

// insertDataSource stores a new data source of its database and indexes it for search.
func (st *store) insertDataSource(ds jsonObject) {
	id := str(ds, "id")
	st.dataSources[id] = ds
	dbID := databaseOf(ds)
	st.sources[dbID] = append(st.sources[dbID], id)
	st.created[id] = st.nextSeq()
	st.setEdited(id, st.created[id])
	st.reindex(id)
}

// liveSources are the ids of the data sources of a database that are not in the trash.
func (st *store) liveSources(dbID string) []string {
	var ids []string
	for _, id := range st.sources[dbID] {
		if ds, ok := st.dataSources[id]; ok && !isTrashed(ds) {
			ids = append(ids, id)
		}
	}
	return ids
}

// soleSource returns the one data source of a database, for the requests that name a
// database where its data source is meant (every database request at 2022-06-28, a
// database_id page parent or relation target). A database with several data sources is a
// validation_error, as on Notion.
func (st *store) soleSource(dbID string) (jsonObject, *apiError) {
	ids := st.liveSources(dbID)
	switch len(ids) {
	case 1:
		return st.dataSources[ids[0]], nil
	case 0:
		if all := st.sources[dbID]; len(all) > 0 {
			return st.dataSources[all[0]], nil
		}
		return nil, notFoundError("database", dbID)
	}
	return nil, errMultipleSources(dbID)
}

// errMultipleSources is the answer to a request that treats a database with several data
// sources as one data source (API version 2022-06-28, a database_id parent or relation).
func errMultipleSources(dbID string) *apiError {
	return validationError("Database with ID %s has multiple data sources: name one of them by its data_source_id (API version 2025-09-03 and later). API version 2022-06-28 supports only databases with a single data source.", dbID)
}

// sourceOrSole resolves an id given where a data source is expected: a data source id, or
// the id of a database with exactly one data source (valueEnv's dataSource).
func (st *store) sourceOrSole(id string) (jsonObject, bool) {
	if ds, ok := st.dataSources[id]; ok {
		return ds, true
	}
	if _, ok := st.databases[id]; ok {
		if ds, err := st.soleSource(id); err == nil {
			return ds, true
		}
	}
	return nil, false
}

// multiSource reports whether id is a database with several data sources (valueEnv).
func (st *store) multiSource(id string) bool {
	_, isDB := st.databases[id]
	return isDB && len(st.liveSources(id)) > 1
}

// dataSourceTitle is the plain text of a data source's title.
func dataSourceTitle(ds jsonObject) string { return plainText(ds["title"]) }

// dataSourceAnswer returns a stored data source as Notion answers it (at 2026-03-11): with
// its database's parent (database_parent), description, is_inline and url, and its trash
// state.
func (st *store) dataSourceAnswer(ds jsonObject) jsonObject {
	out := deepCopy(ds)
	db := st.databases[databaseOf(ds)]
	out["database_parent"] = deepCopy(db["parent"])
	out["description"] = deepCopy(db["description"])
	out["is_inline"] = boolean(db, "is_inline")
	out["url"] = str(db, "url")
	out["public_url"] = nil
	out["in_trash"] = st.inTrash(str(ds, "id"))
	return out
}

// handleGetDataSource answers GET /v1/data_sources/{data_source_id}.
func handleGetDataSource(st *store, c *call) (jsonObject, *apiError) {
	ds, ok := st.dataSources[c.params["data_source_id"]]
	if !ok {
		return nil, notFoundError("data source", c.params["data_source_id"])
	}
	return st.dataSourceAnswer(ds), nil
}

// handleCreateDataSource answers POST /v1/data_sources: a further data source of a database
// (parent {"type":"database_id","database_id":...}), with a title, an icon and properties
// (exactly one title property).
func handleCreateDataSource(st *store, c *call) (jsonObject, *apiError) {
	m, ok := c.body["parent"].(map[string]any)
	if !ok {
		return nil, bodyValidation("body.parent should be an object, instead was `%s`.", jsonText(c.body["parent"]))
	}
	dbID, ok := normalizeID(str(m, "database_id"))
	if !ok {
		return nil, bodyValidation("body.parent.database_id should be a valid uuid, instead was `%s`.", jsonText(m["database_id"]))
	}
	db, ok := st.databases[dbID]
	if !ok {
		return nil, notFoundError("database", dbID)
	}
	if st.inTrash(dbID) {
		return nil, errArchived()
	}
	rawProps, ok := c.body["properties"].(map[string]any)
	if !ok {
		return nil, bodyValidation("body.properties should be an object, instead was `%s`.", jsonText(c.body["properties"]))
	}
	ds := st.newDataSourceObject(newUUID(), db, []any{})
	if err := setDataSourceFields(ds, c.body); err != nil {
		return nil, err
	}
	changed, err := st.applySchemaRequest(nil, ds, rawProps)
	if err != nil {
		return nil, err
	}
	st.resolveMentions(ds)
	st.insertDataSource(ds)
	st.commitSchemaChanges(changed)
	st.touch(dbID)
	return st.dataSourceAnswer(ds), nil
}

// setDataSourceFields applies the title and icon of a create or update request to a data
// source.
func setDataSourceFields(ds jsonObject, body jsonObject) *apiError {
	if err := setRichTextFields(ds, body, "title"); err != nil {
		return err
	}
	if err := setIcon(ds, body); err != nil {
		return err
	}
	return nil
}

// handleUpdateDataSource answers PATCH /v1/data_sources/{data_source_id}: title, icon, the
// trash state and schema changes (add, change, rename through {"name": ...}, remove through
// null).
func handleUpdateDataSource(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["data_source_id"]
	ds, ok := st.dataSources[id]
	if !ok {
		return nil, notFoundError("data source", id)
	}
	var target string
	if raw, ok := c.body["parent"]; ok {
		var err *apiError
		if target, err = st.dataSourceTarget(raw); err != nil {
			return nil, err
		}
	}
	trash, hasTrash, err := trashFlag(c.body)
	if err != nil {
		return nil, err
	}
	trashed := st.inTrash(id)
	if hasTrash {
		trashed = trash || st.inTrash(databaseOf(ds))
	}
	edits := slices.ContainsFunc([]string{"title", "icon", "properties", "parent"}, func(k string) bool { _, ok := c.body[k]; return ok })
	if trashed && edits {
		return nil, errArchived()
	}
	work := deepCopy(ds)
	if err := setDataSourceFields(work, c.body); err != nil {
		return nil, err
	}
	changed, err := st.applySchemaEdits(ds, work, c.body)
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"title", "icon", "properties"} {
		ds[k] = work[k]
	}
	st.resolveMentions(ds)
	if _, ok := c.body["title"]; ok && slices.Equal(st.liveSources(databaseOf(ds)), []string{id}) {
		st.shareTitle(databaseOf(ds), ds["title"], c.version)
	}
	st.recomputeRows(id)
	st.commitSchemaChanges(changed)
	if target != "" {
		st.moveDataSource(ds, target)
	}
	if hasTrash {
		st.setTrashed(id, trash)
	}
	st.touch(id)
	return st.dataSourceAnswer(ds), nil
}

// dataSourceTarget checks the parent of a data source move: {"type":"database_id",
// "database_id":...}, a database not in the trash.
func (st *store) dataSourceTarget(raw any) (string, *apiError) {
	m, ok := raw.(map[string]any)
	if !ok {
		return "", bodyValidation("body.parent should be an object, instead was `%s`.", jsonText(raw))
	}
	if t := str(m, "type"); t != "" && t != "database_id" {
		return "", bodyValidation("body.parent.type should be `\"database_id\"`, instead was `%s`.", jsonText(m["type"]))
	}
	dbID, ok := normalizeID(str(m, "database_id"))
	if !ok {
		return "", bodyValidation("body.parent.database_id should be a valid uuid, instead was `%s`.", jsonText(m["database_id"]))
	}
	if _, ok := st.databases[dbID]; !ok {
		return "", notFoundError("database", dbID)
	}
	if st.inTrash(dbID) {
		return "", errArchived()
	}
	return dbID, nil
}

// moveDataSource moves data source ds, with its pages, into database target: the pages'
// parents and the relation configurations that point at ds name the new database.
func (st *store) moveDataSource(ds jsonObject, target string) {
	id, from := str(ds, "id"), databaseOf(ds)
	if from == target {
		return
	}
	st.sources[from] = slices.DeleteFunc(st.sources[from], func(s string) bool { return s == id })
	st.sources[target] = append(st.sources[target], id)
	ds["parent"] = parentRef("database_id", target)
	for _, pid := range st.rows[id] {
		if p, ok := st.pages[pid]; ok {
			p["parent"] = dataSourceParent(ds)
			if b, ok := st.blocks[pid]; ok {
				b["parent"] = dataSourceParent(ds)
			}
		}
	}
	for _, other := range st.dataSources {
		for _, v := range mustObject(other, "properties") {
			prop, _ := v.(map[string]any)
			if rel, ok := object(prop, "relation"); ok && relationSourceID(rel) == id {
				rel["database_id"] = target
			}
		}
	}
	st.touch(from)
	st.touch(target)
}

// shareTitle sets the title of database dbID and, when it has exactly one data source, of
// that data source: Notion keeps the two in step. Since 2025-09-03 a database whose title is
// set empty is called "New database" (its data source stays untitled).
func (st *store) shareTitle(dbID string, title any, v apiVersion) {
	db, ok := st.databases[dbID]
	if !ok {
		return
	}
	if ids := st.liveSources(dbID); len(ids) == 1 {
		st.dataSources[ids[0]]["title"] = deepCopy(title)
	}
	db["title"] = deepCopy(title)
	if rt, _ := title.([]any); len(rt) == 0 && v > v2022 {
		db["title"] = textRichText(untitledDatabase)
	}
	if b, ok := st.blocks[dbID]; ok {
		b["child_database"] = jsonObject{"title": databaseTitle(db)}
	}
	st.touch(dbID)
}

// handleListTemplates answers GET /v1/data_sources/{data_source_id}/templates. The emulator
// has no page templates: the list is empty.
func handleListTemplates(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["data_source_id"]
	if _, ok := st.dataSources[id]; !ok {
		return nil, notFoundError("data source", id)
	}
	if _, err := queryPaging(c.query); err != nil {
		return nil, err
	}
	return jsonObject{"templates": []any{}, "has_more": false, "next_cursor": nil}, nil
}

// AddDataSource gives the database with id databaseID (in any form Notion accepts) a further
// data source titled title, with one title property "Name", as a user can in Notion's app. It
// returns the new data source's dashed id, or "" when there is no such database. A database
// with several data sources cannot be used at API version 2022-06-28.
func (s *Server) AddDataSource(databaseID, title string) string {
	dbID, ok := normalizeID(databaseID)
	if !ok {
		return ""
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	db, ok := s.st.databases[dbID]
	if !ok {
		return ""
	}
	ds := s.st.newDataSourceObject(newUUID(), db, textRichText(title))
	ds["properties"] = jsonObject{"Name": jsonObject{"id": "title", "name": "Name", "description": nil, "type": "title", "title": jsonObject{}}}
	s.st.insertDataSource(ds)
	s.st.touch(dbID)
	return str(ds, "id")
}
