package notiontest

// withPageUpdateExtras wraps PATCH /v1/pages/{page_id} with the fields Notion added to it:
// is_locked (the page is locked against edits in Notion's app; the API still edits it),
// erase_content (true moves all of the page's blocks to the trash) and is_archived (the
// trash state, like in_trash).
func withPageUpdateExtras(h handlerFunc) handlerFunc {
	return func(st *store, c *call) (jsonObject, *apiError) {
		id := c.params["page_id"]
		var lock, erase bool
		_, hasLock := c.body["is_locked"]
		for _, f := range []struct {
			key string
			dst *bool
		}{{"is_locked", &lock}, {"erase_content", &erase}, {"is_archived", new(bool)}} {
			raw, ok := c.body[f.key]
			if !ok {
				continue
			}
			b, isBool := raw.(bool)
			if !isBool {
				return nil, bodyValidation("body.%s should be a boolean, instead was `%s`.", f.key, jsonText(raw))
			}
			*f.dst = b
		}
		if v, ok := c.body["is_archived"]; ok {
			if _, has := c.body["in_trash"]; !has {
				c.body["in_trash"] = v
			}
			delete(c.body, "is_archived")
		}
		delete(c.body, "is_locked")
		delete(c.body, "erase_content")
		res, err := h(st, c)
		if err != nil {
			return nil, err
		}
		p := st.pages[id]
		if hasLock {
			p["is_locked"] = lock
			res["is_locked"] = lock
		}
		if erase {
			for _, kid := range st.children[id] {
				st.setTrashed(kid, true)
			}
			st.touch(id)
		}
		return res, nil
	}
}
