package notiontest

// maxDepth bounds walks up the parent chain, so that no stored cycle can loop forever.
const maxDepth = 1000

// parentRef builds a parent reference of the given type ("page_id", "block_id",
// "database_id").
func parentRef(typ, id string) jsonObject { return jsonObject{"type": typ, typ: id} }

// workspaceParent is the parent reference of a workspace-level page.
func workspaceParent() jsonObject { return jsonObject{"type": "workspace", "workspace": true} }

// parentID returns the id a parent reference points to, "" for the workspace.
func parentID(parent jsonObject) string {
	switch t := str(parent, "type"); t {
	case "page_id", "block_id", "database_id", "data_source_id":
		return str(parent, t)
	}
	return ""
}

// addBlock stores a block and, unless its parent is the workspace or a database, appends it
// to its parent's children (after the child with id after, when after is not ""; first when
// after is the parent's own id).
func (st *store) addBlock(b jsonObject, after string) {
	id := str(b, "id")
	st.blocks[id] = b
	parent, _ := object(b, "parent")
	if t := str(parent, "type"); t != "page_id" && t != "block_id" {
		return
	}
	pid := parentID(parent)
	kids := st.children[pid]
	at := len(kids)
	if after == pid {
		at = 0
	} else if after != "" {
		for i, k := range kids {
			if k == after {
				at = i + 1
				break
			}
		}
	}
	kids = append(kids, "")
	copy(kids[at+1:], kids[at:])
	kids[at] = id
	st.children[pid] = kids
}

// newBlockObject returns the common part of a block created now by the bot.
func (st *store) newBlockObject(id string, parent jsonObject, typ string, content any) jsonObject {
	ts := st.timestamp()
	return jsonObject{
		"object":           "block",
		"id":               id,
		"parent":           parent,
		"created_time":     ts,
		"last_edited_time": ts,
		"created_by":       userRef(st.botID),
		"last_edited_by":   userRef(st.botID),
		"has_children":     false,
		"in_trash":         false,
		"type":             typ,
		typ:                content,
	}
}

// inTrash reports whether an object (page, database or block) is in the trash itself or
// through one of its ancestors, as Notion answers for the descendants of a trashed block.
func (st *store) inTrash(id string) bool {
	for depth := 0; id != "" && depth < maxDepth; depth++ {
		if ds, ok := st.dataSources[id]; ok {
			if isTrashed(ds) {
				return true
			}
			id = databaseOf(ds)
			continue
		}
		b, ok := st.blocks[id]
		if !ok {
			return false
		}
		if isTrashed(b) {
			return true
		}
		parent, _ := object(b, "parent")
		id = parentID(parent)
	}
	return false
}

// setTrashed moves an object to the trash or restores it: its block and, for a page, a
// database or a data source, the object itself.
func (st *store) setTrashed(id string, trashed bool) {
	for _, m := range []map[string]jsonObject{st.blocks, st.pages, st.databases, st.dataSources} {
		if o, ok := m[id]; ok {
			o["in_trash"] = trashed
		}
	}
}

// touch records an edit by the bot of a page, database, data source or block:
// last_edited_time, last_edited_by and, for all but blocks, the edit order and the search
// index.
func (st *store) touch(id string) {
	ts := st.timestamp()
	for _, m := range []map[string]jsonObject{st.blocks, st.pages, st.databases, st.dataSources} {
		if o, ok := m[id]; ok {
			o["last_edited_time"] = ts
			o["last_edited_by"] = userRef(st.botID)
		}
	}
	_, isPage := st.pages[id]
	_, isDB := st.databases[id]
	_, isDS := st.dataSources[id]
	if isPage || isDB || isDS {
		st.setEdited(id, st.nextSeq())
		st.reindex(id)
	}
}

// touchPageOf records an edit of the content of the page that holds block id (the block
// itself when it is a page).
func (st *store) touchPageOf(id string) {
	for depth := 0; id != "" && depth < maxDepth; depth++ {
		if _, ok := st.pages[id]; ok {
			st.touch(id)
			return
		}
		b, ok := st.blocks[id]
		if !ok {
			return
		}
		parent, _ := object(b, "parent")
		id = parentID(parent)
	}
}

// hasLiveChildren reports whether a page or block has children that are not in the trash.
func (st *store) hasLiveChildren(id string) bool {
	for _, k := range st.children[id] {
		if b, ok := st.blocks[k]; ok && !isTrashed(b) {
			return true
		}
	}
	return false
}
