package notiontest

import (
	"math"
	"strings"
)

// pageMarkdownAnswer is the page_markdown object of a page or block's content.
func (st *store) pageMarkdownAnswer(id string) jsonObject {
	return jsonObject{
		"object":            "page_markdown",
		"id":                id,
		"markdown":          st.blocksMarkdown(id),
		"truncated":         false,
		"unknown_block_ids": []any{},
	}
}

// handleGetPageMarkdown answers GET /v1/pages/{page_id}/markdown: the page's content as
// enhanced Markdown (see markdownblocks.go). The id may also be a block's. The content is
// never truncated.
func handleGetPageMarkdown(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["page_id"]
	if _, ok := st.blocks[id]; !ok {
		return nil, notFoundError("page", id)
	}
	return st.pageMarkdownAnswer(id), nil
}

// handleUpdatePageMarkdown answers PATCH /v1/pages/{page_id}/markdown: the page's content,
// as Markdown, is edited by one command, then read back into blocks. Commands:
// replace_content {new_str}; update_content {content_updates: [{old_str, new_str,
// replace_all_matches}]}; insert_content {content, after ("start...end") or position
// start|end}; replace_content_range {content, content_range ("start...end")}. Child pages
// and databases that the new content no longer names are refused unless
// allow_deleting_content is true (then they go to the trash). The new blocks get new ids.
func handleUpdatePageMarkdown(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["page_id"]
	if _, ok := st.pages[id]; !ok {
		return nil, notFoundError("page", id)
	}
	if st.inTrash(id) {
		return nil, errArchived()
	}
	typ, _ := c.body["type"].(string)
	cmd, ok := object(c.body, typ)
	switch typ {
	case "replace_content", "update_content", "insert_content", "replace_content_range":
		if !ok {
			return nil, bodyValidation("body.%s should be defined, instead was `undefined`.", typ)
		}
	default:
		return nil, bodyValidation("body.type should be one of `\"insert_content\"`, `\"replace_content_range\"`, `\"update_content\"`, `\"replace_content\"`, instead was `%s`.", jsonText(c.body["type"]))
	}
	current := st.blocksMarkdown(id)
	next, err := editMarkdown(current, typ, cmd)
	if err != nil {
		return nil, err
	}
	if err := st.replaceContent(id, next, boolean(cmd, "allow_deleting_content")); err != nil {
		return nil, err
	}
	st.touch(id)
	return st.pageMarkdownAnswer(id), nil
}

// editMarkdown applies one markdown command to a page's current Markdown.
func editMarkdown(current, typ string, cmd jsonObject) (string, *apiError) {
	field := func(key string) (string, *apiError) {
		s, ok := cmd[key].(string)
		if !ok {
			return "", bodyValidation("body.%s.%s should be a string, instead was `%s`.", typ, key, jsonText(cmd[key]))
		}
		return s, nil
	}
	switch typ {
	case "replace_content":
		return field("new_str")
	case "update_content":
		updates, ok := cmd["content_updates"].([]any)
		if !ok {
			return "", bodyValidation("body.update_content.content_updates should be an array, instead was `%s`.", jsonText(cmd["content_updates"]))
		}
		out := current
		for i, raw := range updates {
			u, _ := raw.(map[string]any)
			oldStr, ok1 := u["old_str"].(string)
			newStr, ok2 := u["new_str"].(string)
			if !ok1 || !ok2 || oldStr == "" {
				return "", bodyValidation("body.update_content.content_updates[%d] should have a non-empty old_str and a new_str.", i)
			}
			switch n := strings.Count(out, oldStr); {
			case n == 0:
				return "", validationError("update_content: old_str of content_updates[%d] was not found in the page content.", i)
			case n > 1 && !boolean(u, "replace_all_matches"):
				return "", validationError("update_content: old_str of content_updates[%d] matches %d times; make it unique or set replace_all_matches.", i, n)
			}
			out = strings.ReplaceAll(out, oldStr, newStr)
		}
		return out, nil
	case "insert_content":
		content, err := field("content")
		if err != nil {
			return "", err
		}
		if after, ok := cmd["after"].(string); ok && after != "" {
			_, end, err := selectRange(current, after)
			if err != nil {
				return "", err
			}
			// Insert after the end of the line where the selection ends.
			if nl := strings.IndexByte(current[end:], '\n'); nl >= 0 {
				end += nl
			} else {
				end = len(current)
			}
			return current[:end] + "\n" + content + current[end:], nil
		}
		if pos, _ := object(cmd, "position"); str(pos, "type") == "start" {
			return joinMarkdown(content, current), nil
		}
		return joinMarkdown(current, content), nil
	default: // replace_content_range
		content, err := field("content")
		if err != nil {
			return "", err
		}
		sel, err := field("content_range")
		if err != nil {
			return "", err
		}
		start, end, serr := selectRange(current, sel)
		if serr != nil {
			return "", serr
		}
		return current[:start] + content + current[end:], nil
	}
}

// joinMarkdown puts two Markdown documents one after the other.
func joinMarkdown(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "\n" + b
}

// selectRange finds an ellipsis selection "start text...end text" (or a plain text) in
// the Markdown and returns the byte range it covers.
func selectRange(md, sel string) (int, int, *apiError) {
	startText, endText, hasEllipsis := strings.Cut(sel, "...")
	if !hasEllipsis {
		i := strings.Index(md, sel)
		if i < 0 || sel == "" {
			return 0, 0, validationError("The selection %q was not found in the page content.", sel)
		}
		return i, i + len(sel), nil
	}
	i := strings.Index(md, startText)
	if i < 0 {
		return 0, 0, validationError("The selection %q was not found in the page content.", sel)
	}
	j := strings.Index(md[i+len(startText):], endText)
	if j < 0 {
		return 0, 0, validationError("The selection %q was not found in the page content.", sel)
	}
	return i, i + len(startText) + j + len(endText), nil
}

// replaceContent makes a page's content the blocks of a Markdown document. Child pages and
// databases it names stay where the document puts them; the other old blocks go to the
// trash (child pages and databases only with allowDeleting).
func (st *store) replaceContent(pageID, md string, allowDeleting bool) *apiError {
	parsed := parseMarkdown(md)
	kept := map[string]bool{}
	for _, b := range parsed {
		if b.ref != "" {
			if blk, ok := st.blocks[b.ref]; ok && parentID(mustObject(blk, "parent")) == pageID {
				kept[b.ref] = true
			}
		}
	}
	old := st.children[pageID]
	for _, id := range old {
		blk := st.blocks[id]
		if t := str(blk, "type"); (t == "child_page" || t == "child_database") && !kept[id] && !isTrashed(blk) && !allowDeleting {
			return validationError("The new content would delete the child %s %s; set allow_deleting_content to delete it.", strings.TrimPrefix(t, "child_"), id)
		}
	}
	built, err := st.buildMarkdownBlocks(parsed, pageID)
	if err != nil {
		return err
	}
	for _, id := range old {
		if !kept[id] {
			st.setTrashed(id, true)
		}
	}
	var order []string
	for _, id := range old {
		if !kept[id] {
			order = append(order, id) // trashed blocks keep their place, out of sight
		}
	}
	st.children[pageID] = order
	for i, b := range parsed {
		if b.ref != "" && kept[b.ref] {
			st.children[pageID] = append(st.children[pageID], b.ref)
			continue
		}
		if nb := built[i]; nb != nil {
			st.insertBlockTree(nb, "")
		}
	}
	return nil
}

// buildMarkdownBlocks checks and builds the request blocks read from Markdown as children of
// a page (references give nil). Markdown may nest deeper than the block endpoints allow.
func (st *store) buildMarkdownBlocks(parsed []markdownBlock, pageID string) ([]*newBlock, *apiError) {
	out := make([]*newBlock, len(parsed))
	bb := &blockBuilder{st: st}
	for i, b := range parsed {
		if b.req == nil {
			continue
		}
		nbs, err := bb.build([]any{b.req}, parentRef("page_id", pageID), "child_page", nil, "markdown", math.MinInt32)
		if err != nil {
			return nil, err
		}
		out[i] = nbs[0]
	}
	return out, nil
}

// withMarkdownCreate wraps POST /v1/pages so that it takes the page's content as Markdown
// ("markdown", exclusive of "children" and "content"; "content" alone is read as
// "children"). Without a title in properties, a
// first "# heading" of the Markdown becomes the title.
func withMarkdownCreate(h handlerFunc) handlerFunc {
	return func(st *store, c *call) (jsonObject, *apiError) {
		if content, ok := c.body["content"]; ok {
			// "content" is another name of "children".
			if _, has := c.body["children"]; has {
				return nil, bodyValidation("body.content should be not present when body.children is given, instead was `%s`.", jsonText(content))
			}
			if _, has := c.body["markdown"]; !has {
				c.body["children"] = content
				delete(c.body, "content")
			}
		}
		raw, ok := c.body["markdown"]
		if !ok {
			return h(st, c)
		}
		md, isString := raw.(string)
		if !isString {
			return nil, bodyValidation("body.markdown should be a string, instead was `%s`.", jsonText(raw))
		}
		for _, k := range []string{"children", "content"} {
			if _, ok := c.body[k]; ok {
				return nil, bodyValidation("body.%s should be not present when body.markdown is given, instead was `%s`.", k, jsonText(c.body[k]))
			}
		}
		parsed := parseMarkdown(md)
		if err := st.titleFromMarkdown(c.body, &parsed); err != nil {
			return nil, err
		}
		if _, err := st.buildMarkdownBlocks(parsed, newUUID()); err != nil {
			return nil, err
		}
		delete(c.body, "markdown")
		res, err := h(st, c)
		if err != nil {
			return nil, err
		}
		id := str(res, "id")
		built, err := st.buildMarkdownBlocks(parsed, id)
		if err != nil {
			return nil, err
		}
		for _, nb := range built {
			if nb != nil {
				st.insertBlockTree(nb, "")
			}
		}
		return res, nil
	}
}

// titleFromMarkdown moves a leading "# heading" of Markdown into the title of a page create
// request that names no title.
func (st *store) titleFromMarkdown(body jsonObject, parsed *[]markdownBlock) *apiError {
	if len(*parsed) == 0 || str((*parsed)[0].req, "type") != "heading_1" {
		return nil
	}
	titleName := "title"
	if _, ds, err := st.pageParent(body["parent"]); err == nil && ds != nil {
		for name, v := range mustObject(ds, "properties") {
			if m, ok := v.(map[string]any); ok && str(m, "type") == "title" {
				titleName = name
			}
		}
	}
	props, _ := body["properties"].(map[string]any)
	if props == nil {
		props = jsonObject{}
	}
	if _, has := props[titleName]; has {
		return nil
	}
	if _, has := props["title"]; has {
		return nil
	}
	props[titleName] = jsonObject{"title": mustObject((*parsed)[0].req, "heading_1")["rich_text"]}
	body["properties"] = props
	*parsed = (*parsed)[1:]
	return nil
}
