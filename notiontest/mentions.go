package notiontest

// resolveMentions completes the mentions in the rich text of a stored object as Notion
// answers them: a user mention carries the full user and "@Name" as plain text, a page or
// database mention the current title.
func (st *store) resolveMentions(v any) {
	switch x := v.(type) {
	case map[string]any:
		if str(x, "type") == "mention" {
			if m, ok := object(x, "mention"); ok {
				st.resolveMention(x, m)
				return
			}
		}
		for _, e := range x {
			st.resolveMentions(e)
		}
	case []any:
		for _, e := range x {
			st.resolveMentions(e)
		}
	}
}

// resolveMention completes one mention item.
func (st *store) resolveMention(item, m jsonObject) {
	switch typ := str(m, "type"); typ {
	case "user":
		ref, _ := object(m, "user")
		if u, ok := st.userBy[str(ref, "id")]; ok {
			m["user"] = deepCopy(u)
			item["plain_text"] = "@" + str(u, "name")
		} else {
			item["plain_text"] = "@Anonymous"
		}
	case "page":
		ref, _ := object(m, "page")
		title := "Untitled"
		if p, ok := st.pages[str(ref, "id")]; ok && pageTitle(p) != "" {
			title = pageTitle(p)
		}
		item["plain_text"] = title
	case "database":
		ref, _ := object(m, "database")
		title := "Untitled"
		if db, ok := st.databases[str(ref, "id")]; ok && databaseTitle(db) != "" {
			title = databaseTitle(db)
		}
		item["plain_text"] = title
	}
}
