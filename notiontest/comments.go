package notiontest

// handleCreateComment answers POST /v1/comments: a comment that starts a discussion on a
// page (parent.page_id) or block (parent.block_id), or replies in an existing discussion
// (discussion_id).
func handleCreateComment(st *store, c *call) (jsonObject, *apiError) {
	var parent jsonObject
	discussion := ""
	switch {
	case c.body["discussion_id"] != nil:
		raw, _ := c.body["discussion_id"].(string)
		id, ok := normalizeID(raw)
		if !ok {
			return nil, bodyValidation("body.discussion_id should be a valid uuid, instead was `%s`.", jsonText(c.body["discussion_id"]))
		}
		on, ok := st.discussions[id]
		if !ok {
			return nil, notFoundError("discussion", id)
		}
		discussion = id
		parent = commentParent(st, on)
	case c.body["parent"] != nil:
		m, ok := c.body["parent"].(map[string]any)
		if !ok {
			return nil, bodyValidation("body.parent should be an object, instead was `%s`.", jsonText(c.body["parent"]))
		}
		key := "page_id"
		if _, onBlock := m["block_id"]; onBlock {
			key = "block_id"
		}
		id, ok := normalizeID(str(m, key))
		if !ok {
			return nil, bodyValidation("body.parent.%s should be a valid uuid, instead was `%s`.", key, jsonText(m[key]))
		}
		if _, ok := st.pages[id]; !ok && key == "page_id" {
			return nil, notFoundError("page", id)
		}
		if b, ok := st.blocks[id]; key == "block_id" && (!ok || isTrashed(b)) {
			return nil, notFoundError("block", id)
		}
		discussion = newUUID()
		st.discussions[discussion] = id
		parent = commentParent(st, id)
	default:
		return nil, bodyValidation("body.parent should be defined, instead was `undefined`.")
	}
	rt, err := commentContent(c.body)
	if err != nil {
		return nil, err
	}
	ts := st.timestamp()
	comment := jsonObject{
		"object":           "comment",
		"id":               newUUID(),
		"parent":           parent,
		"discussion_id":    discussion,
		"created_time":     ts,
		"last_edited_time": ts,
		"created_by":       userRef(st.botID),
		"rich_text":        rt,
		"display_name":     jsonObject{"type": "integration", "resolved_name": str(st.userBy[st.botID], "name")},
	}
	st.resolveMentions(comment)
	on := parentID(parent)
	st.comments[on] = append(st.comments[on], comment)
	return deepCopy(comment), nil
}

// commentParent is the parent reference of a comment on a page or block.
func commentParent(st *store, id string) jsonObject {
	if _, ok := st.pages[id]; ok {
		return parentRef("page_id", id)
	}
	return parentRef("block_id", id)
}

// handleListComments answers GET /v1/comments?block_id=...: the comments on a page or
// block, oldest first, paginated.
func handleListComments(st *store, c *call) (jsonObject, *apiError) {
	raw := c.query.Get("block_id")
	id, ok := normalizeID(raw)
	if !ok {
		if raw == "" {
			return nil, validationError("query failed validation: query.block_id should be defined, instead was `undefined`.")
		}
		return nil, validationError("query failed validation: query.block_id should be a valid uuid, instead was `%s`.", jsonText(raw))
	}
	if _, ok := st.blocks[id]; !ok {
		return nil, notFoundError("block", id)
	}
	p, err := queryPaging(c.query)
	if err != nil {
		return nil, err
	}
	items, next, err := paginate(st.comments[id], p, func(c jsonObject) string { return str(c, "id") })
	if err != nil {
		return nil, err
	}
	results := make([]any, len(items))
	for i, cm := range items {
		results[i] = deepCopy(cm)
	}
	return listAnswer("comment", results, next), nil
}
