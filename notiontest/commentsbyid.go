package notiontest

import "slices"

// findComment returns the comment with that id, the page or block it is on, and its index
// in that object's comments.
func (st *store) findComment(id string) (jsonObject, string, int, *apiError) {
	on, ok := st.commentOn()[id]
	if ok {
		for i, cm := range st.comments[on] {
			if str(cm, "id") == id {
				return cm, on, i, nil
			}
		}
	}
	return nil, "", 0, notFoundError("comment", id)
}

// commentOn indexes the comments of the workspace: comment id -> the page or block it is
// on. It is rebuilt when it misses a comment, so that comments stored by any code path are
// found.
func (st *store) commentOn() map[string]string {
	n := 0
	for _, list := range st.comments {
		n += len(list)
	}
	if st.commentIndex == nil || len(st.commentIndex) != n {
		st.commentIndex = make(map[string]string, n)
		for on, list := range st.comments {
			for _, cm := range list {
				st.commentIndex[str(cm, "id")] = on
			}
		}
	}
	return st.commentIndex
}

// handleGetComment answers GET /v1/comments/{comment_id}.
func handleGetComment(st *store, c *call) (jsonObject, *apiError) {
	cm, _, _, err := st.findComment(c.params["comment_id"])
	if err != nil {
		return nil, err
	}
	return deepCopy(cm), nil
}

// handleUpdateComment answers PATCH /v1/comments/{comment_id}: new content as rich_text or
// as Markdown (one of the two).
func handleUpdateComment(st *store, c *call) (jsonObject, *apiError) {
	cm, _, _, err := st.findComment(c.params["comment_id"])
	if err != nil {
		return nil, err
	}
	rt, err := commentContent(c.body)
	if err != nil {
		return nil, err
	}
	cm["rich_text"] = rt
	cm["last_edited_time"] = st.timestamp()
	st.resolveMentions(cm)
	return deepCopy(cm), nil
}

// commentContent reads the content of a comment create or update: rich_text, or markdown
// (inline Markdown: bold, italic, strikethrough, code, links, equations), not both.
func commentContent(body jsonObject) ([]any, *apiError) {
	_, hasRT := body["rich_text"]
	md, hasMD := body["markdown"]
	switch {
	case hasRT && hasMD:
		return nil, bodyValidation("body.markdown should be not present, instead was `%s`.", jsonText(md))
	case hasMD:
		s, ok := md.(string)
		if !ok {
			return nil, bodyValidation("body.markdown should be a string, instead was `%s`.", jsonText(md))
		}
		return normalizeRichTextAt(inlineMarkdown(s), "body.markdown")
	default:
		return normalizeRichTextAt(body["rich_text"], "body.rich_text")
	}
}

// handleDeleteComment answers DELETE /v1/comments/{comment_id}: the comment is removed and
// answered as it was.
func handleDeleteComment(st *store, c *call) (jsonObject, *apiError) {
	cm, on, i, err := st.findComment(c.params["comment_id"])
	if err != nil {
		return nil, err
	}
	st.comments[on] = slices.Delete(st.comments[on], i, i+1)
	delete(st.commentIndex, str(cm, "id"))
	return cm, nil
}

// handleListCustomEmojis answers GET /v1/custom_emojis: the workspace has none.
func handleListCustomEmojis(_ *store, c *call) (jsonObject, *apiError) {
	if _, err := queryPaging(c.query); err != nil {
		return nil, err
	}
	ans := listAnswer("custom_emoji", nil, "")
	delete(ans, "custom_emoji")
	return ans, nil
}
