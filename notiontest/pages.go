package notiontest

// maxPropertyRefs is how many references of a relation property a page object lists; the
// page-property endpoint pages through the rest.
const maxPropertyRefs = 25

// errArchived is Notion's answer to an edit of something in the trash.
func errArchived() *apiError {
	return validationError("Can't edit block that is archived. You must unarchive the block before editing.")
}

// titleSchema is the schema of the one property of a page whose parent is a page.
func titleSchema() jsonObject {
	return jsonObject{"id": "title", "name": "title", "type": "title", "title": jsonObject{}}
}

// newPageObject returns a page created now by createdBy, with no icon or cover.
func (st *store) newPageObject(id string, parent, properties jsonObject, createdBy string) jsonObject {
	ts := st.timestamp()
	return jsonObject{
		"object":           "page",
		"id":               id,
		"created_time":     ts,
		"last_edited_time": ts,
		"created_by":       userRef(createdBy),
		"last_edited_by":   userRef(createdBy),
		"cover":            nil,
		"icon":             nil,
		"parent":           parent,
		"in_trash":         false,
		"is_archived":      false,
		"is_locked":        false,
		"properties":       properties,
		"url":              "",
		"public_url":       nil,
	}
}

// insertPage stores a new page with its child_page block (after the sibling block after, if
// given) and indexes it for search.
func (st *store) insertPage(p jsonObject, after string) {
	id := str(p, "id")
	st.pages[id] = p
	st.created[id] = st.nextSeq()
	st.setEdited(id, st.created[id])
	parent, _ := object(p, "parent")
	b := st.newBlockObject(id, deepCopy(parent), "child_page", jsonObject{"title": pageTitle(p)})
	b["created_by"] = deepCopy(p["created_by"])
	b["last_edited_by"] = deepCopy(p["last_edited_by"])
	st.addBlock(b, after)
	if dsID := rowSourceID(parent); dsID != "" {
		st.rows[dsID] = append(st.rows[dsID], id)
	}
	st.reindex(id)
}

// addWorkspacePage stores a workspace-level page created by the user createdBy.
func (st *store) addWorkspacePage(title, createdBy string) string {
	id := newUUID()
	props := jsonObject{"title": jsonObject{"id": "title", "type": "title", "title": textRichText(title)}}
	st.insertPage(st.newPageObject(id, workspaceParent(), props, createdBy), "")
	return id
}

// AddPage adds a workspace-level page titled title, shared with the integration, and returns
// its dashed id.
func (s *Server) AddPage(title string) string {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	return s.st.addWorkspacePage(title, s.st.botID)
}

// titleProperty returns the title property value of a page.
func titleProperty(p jsonObject) jsonObject {
	props, _ := object(p, "properties")
	for _, v := range props {
		if m, ok := v.(map[string]any); ok && str(m, "type") == "title" {
			return m
		}
	}
	return nil
}

// pageURL is the notion.so URL of a page: its title's slug and its id.
func pageURL(p jsonObject) string {
	items, _ := titleProperty(p)["title"].([]any)
	slug := titleSlug(items)
	if slug == "" {
		return notionURLPrefix + compactID(str(p, "id"))
	}
	return notionURLPrefix + slug + "-" + compactID(str(p, "id"))
}

// pageAnswer returns a stored page as Notion answers it (at 2026-03-11): read-only values computed, the
// url from the current title, the trash state including ancestors', and at most 25
// references per relation property (with has_more).
func (st *store) pageAnswer(p jsonObject) jsonObject {
	st.refreshComputed(p)
	out := deepCopy(p)
	out["url"] = pageURL(p)
	trashed := st.inTrash(str(p, "id"))
	out["in_trash"] = trashed
	props, _ := object(out, "properties")
	for _, v := range props {
		m, ok := v.(map[string]any)
		if !ok || str(m, "type") != "relation" {
			continue
		}
		refs, _ := m["relation"].([]any)
		m["has_more"] = len(refs) > maxPropertyRefs
		if len(refs) > maxPropertyRefs {
			m["relation"] = refs[:maxPropertyRefs]
		}
	}
	return out
}

// refreshComputed recomputes the read-only property values of a page of a data source.
func (st *store) refreshComputed(p jsonObject) {
	if st.computedFresh(str(p, "id")) {
		return
	}
	parent, _ := object(p, "parent")
	if ds, ok := st.dataSources[rowSourceID(parent)]; ok {
		computeValues(ds, p, st)
	}
}

// handleGetPage answers GET /v1/pages/{page_id}.
func handleGetPage(st *store, c *call) (jsonObject, *apiError) {
	p, ok := st.pages[c.params["page_id"]]
	if !ok {
		return nil, notFoundError("page", c.params["page_id"])
	}
	out := st.pageAnswer(p)
	if ids, ok := c.query["filter_properties"]; ok {
		keepProperties(out, ids)
	}
	return out, nil
}

// handleCreatePage answers POST /v1/pages: a page under a page (only a title) or in a data
// source (properties checked against its schema), with optional icon, cover and children.
func handleCreatePage(st *store, c *call) (jsonObject, *apiError) {
	parent, db, err := st.pageParent(c.body["parent"])
	if err != nil {
		return nil, err
	}
	after, err := st.pagePosition(parent, c.body["position"])
	if err != nil {
		return nil, err
	}
	var icon, cover any
	if icon, err = normalizeIcon(c.body, "icon"); err != nil {
		return nil, err
	}
	if cover, err = normalizeCover(c.body); err != nil {
		return nil, err
	}
	id := newUUID()
	p := st.newPageObject(id, parent, jsonObject{}, st.botID)
	p["icon"], p["cover"] = icon, cover
	props, _ := c.body["properties"].(map[string]any)
	if raw, ok := c.body["properties"]; ok && raw != nil && props == nil {
		return nil, bodyValidation("body.properties should be an object, instead was `%s`.", jsonText(raw))
	}
	if db == nil {
		err = st.setPageTitle(p, props)
	} else if err = st.relationWrites2022(c.version, db, props); err == nil {
		err = st.setRowValues(db, p, props)
	}
	if err != nil {
		return nil, err
	}
	var blocks []*newBlock
	if raw, ok := c.body["children"]; ok && raw != nil {
		if blocks, err = st.buildBlocks(raw, parentRef("page_id", id), "child_page", nil, "body.children"); err != nil {
			return nil, err
		}
	}
	st.resolveMentions(p)
	st.insertPage(p, after)
	for _, b := range blocks {
		st.insertBlockTree(b, "")
	}
	st.syncRelated(p, nil)
	if pid := parentID(parent); str(parent, "type") == "page_id" {
		st.touch(pid)
	}
	return st.pageAnswer(p), nil
}

// pageParent checks the parent of a page create request: a page, a data source
// (data_source_id) or a database with one data source (database_id). It returns the parent
// reference to store and, for a data source, the data source.
func (st *store) pageParent(raw any) (jsonObject, jsonObject, *apiError) {
	if raw == nil {
		return nil, nil, bodyValidation("body.parent should be defined, instead was `undefined`.")
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, nil, bodyValidation("body.parent should be an object, instead was `%s`.", jsonText(raw))
	}
	typ := str(m, "type")
	if typ == "" {
		for _, k := range []string{"page_id", "database_id", "data_source_id"} {
			if _, ok := m[k]; ok {
				typ = k
			}
		}
	}
	switch typ {
	case "page_id", "database_id", "data_source_id":
	case "workspace":
		return nil, nil, validationError("Creating workspace-level pages is not supported by the emulator's internal integration; use a page_id parent.")
	default:
		return nil, nil, bodyValidation("body.parent.page_id should be defined, instead was `undefined`.")
	}
	rawID, _ := m[typ].(string)
	id, ok := normalizeID(rawID)
	if !ok {
		return nil, nil, bodyValidation("body.parent.%s should be a valid uuid, instead was `%s`.", typ, jsonText(m[typ]))
	}
	switch typ {
	case "page_id":
		if _, ok := st.pages[id]; !ok {
			return nil, nil, notFoundError("page", id)
		}
		if st.inTrash(id) {
			return nil, nil, errArchived()
		}
		return parentRef("page_id", id), nil, nil
	case "database_id":
		if _, ok := st.databases[id]; !ok {
			return nil, nil, notFoundError("database", id)
		}
		ds, err := st.soleSource(id)
		if err != nil {
			return nil, nil, err
		}
		id = str(ds, "id")
	}
	ds, ok := st.dataSources[id]
	if !ok {
		return nil, nil, notFoundError("data source", id)
	}
	if st.inTrash(id) {
		return nil, nil, errArchived()
	}
	return dataSourceParent(ds), ds, nil
}

// handleUpdatePage answers PATCH /v1/pages/{page_id}: properties, icon, cover, and the trash
// state through archived or in_trash.
func handleUpdatePage(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["page_id"]
	p, ok := st.pages[id]
	if !ok {
		return nil, notFoundError("page", id)
	}
	trash, hasTrash, err := trashFlag(c.body)
	if err != nil {
		return nil, err
	}
	icon, err := normalizeIcon(c.body, "icon")
	if err != nil {
		return nil, err
	}
	cover, err := normalizeCover(c.body)
	if err != nil {
		return nil, err
	}
	props, _ := c.body["properties"].(map[string]any)
	if raw, ok := c.body["properties"]; ok && raw != nil && props == nil {
		return nil, bodyValidation("body.properties should be an object, instead was `%s`.", jsonText(raw))
	}
	willBeTrashed := st.inTrash(id)
	if hasTrash {
		willBeTrashed = trash || st.inTrash(parentID(mustObject(p, "parent")))
	}
	_, setsIcon := c.body["icon"]
	_, setsCover := c.body["cover"]
	if willBeTrashed && (len(props) > 0 || setsIcon || setsCover) {
		return nil, errArchived()
	}
	work := deepCopy(p)
	if len(props) > 0 {
		if ds, ok := st.dataSources[rowSourceID(mustObject(p, "parent"))]; ok {
			if err = st.relationWrites2022(c.version, ds, props); err == nil {
				err = st.setRowValues(ds, work, props)
			}
		} else {
			err = st.setPageTitle(work, props)
		}
		if err != nil {
			return nil, err
		}
		st.resolveMentions(work)
	}
	if setsIcon {
		work["icon"] = icon
	}
	if setsCover {
		work["cover"] = cover
	}
	before := mustObject(p, "properties")
	for k := range p {
		delete(p, k)
	}
	for k, v := range work {
		p[k] = v
	}
	if b, ok := st.blocks[id]; ok && str(b, "type") == "child_page" {
		b["child_page"] = jsonObject{"title": pageTitle(p)}
	}
	if hasTrash {
		st.setTrashed(id, trash)
	}
	st.syncRelated(p, before)
	st.touch(id)
	return st.pageAnswer(p), nil
}

// trashFlag reads the trash state a PATCH asks for: in_trash, or its older name archived.
func trashFlag(body jsonObject) (trash, present bool, err *apiError) {
	for _, k := range []string{"in_trash", "archived"} {
		raw, ok := body[k]
		if !ok || raw == nil {
			continue
		}
		b, ok := raw.(bool)
		if !ok {
			return false, false, bodyValidation("body.%s should be a boolean, instead was `%s`.", k, jsonText(raw))
		}
		return b, true, nil
	}
	return false, false, nil
}

// setPageTitle applies the properties of a create or update request to a page whose parent
// is a page: only its title may be given.
func (st *store) setPageTitle(p jsonObject, props jsonObject) *apiError {
	for key, raw := range props {
		if key != "title" {
			return validationError("%s is not a property that exists.", key)
		}
		v, err := pageValue(titleSchema(), raw, st)
		if err != nil {
			return err
		}
		p["properties"] = jsonObject{"title": v}
	}
	if titleProperty(p) == nil {
		p["properties"] = jsonObject{"title": emptyValue(titleSchema())}
	}
	return nil
}

// setIcon sets obj's icon from a request body that has an "icon" member (null removes it);
// a body without one leaves the icon as it is.
func setIcon(obj, body jsonObject) *apiError {
	if _, ok := body["icon"]; !ok {
		return nil
	}
	icon, err := normalizeIcon(body, "icon")
	if err != nil {
		return err
	}
	obj["icon"] = icon
	return nil
}

// normalizeIcon checks the icon (or a callout's icon) under key: an emoji, an external file, a
// custom emoji, one of Notion's own icons (see icons.go), or null.
func normalizeIcon(body jsonObject, key string) (any, *apiError) {
	raw, ok := body[key]
	if !ok || raw == nil {
		return nil, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, bodyValidation("body.%s should be an object or `null`, instead was `%s`.", key, jsonText(raw))
	}
	switch typ := str(m, "type"); {
	case typ == "emoji" || typ == "" && m["emoji"] != nil:
		e, ok := m["emoji"].(string)
		if !ok || e == "" {
			return nil, bodyValidation("body.%s.emoji should be a string, instead was `%s`.", key, jsonText(m["emoji"]))
		}
		return jsonObject{"type": "emoji", "emoji": e}, nil
	case typ == "external" || typ == "" && m["external"] != nil:
		icon, err := externalFile(m, "body."+key)
		if err != nil {
			return nil, err
		}
		return nativeIcon(icon), nil
	case typ == "icon" || typ == "" && m["icon"] != nil:
		return noticonIcon(m, key)
	case typ == "custom_emoji":
		ce, ok := object(m, "custom_emoji")
		if !ok {
			return nil, bodyValidation("body.%s.custom_emoji should be an object, instead was `%s`.", key, jsonText(m["custom_emoji"]))
		}
		return jsonObject{"type": "custom_emoji", "custom_emoji": deepCopy(ce)}, nil
	case typ == "file_upload" || typ == "" && m["file_upload"] != nil:
		return uploadedFile(m, "body."+key)
	default:
		return nil, bodyValidation("body.%s.type should be `emoji`, `external` or `custom_emoji`, instead was `%s`.", key, jsonText(m["type"]))
	}
}

// normalizeCover checks a page cover: an external file or null.
func normalizeCover(body jsonObject) (any, *apiError) {
	raw, ok := body["cover"]
	if !ok || raw == nil {
		return nil, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, bodyValidation("body.cover should be an object or `null`, instead was `%s`.", jsonText(raw))
	}
	if t := str(m, "type"); t == "file_upload" {
		return uploadedFile(m, "body.cover")
	}
	return externalFile(m, "body.cover")
}

// externalFile checks {"type":"external","external":{"url":...}} and returns it normalized.
func externalFile(m jsonObject, path string) (jsonObject, *apiError) {
	ext, ok := object(m, "external")
	if !ok {
		return nil, bodyValidation("%s.external should be defined, instead was `undefined`.", path)
	}
	url, ok := ext["url"].(string)
	if !ok || url == "" {
		return nil, bodyValidation("%s.external.url should be a non-empty string, instead was `%s`.", path, jsonText(ext["url"]))
	}
	if len(url) > maxLinkURL {
		return nil, bodyValidation("%s.external.url.length should be ≤ `%d`, instead was `%d`.", path, maxLinkURL, len(url))
	}
	return jsonObject{"type": "external", "external": jsonObject{"url": url}}, nil
}
