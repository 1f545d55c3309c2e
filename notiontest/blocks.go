package notiontest

import (
	"fmt"
	"maps"
	"strings"
)

// newBlock is a block of a request, normalized, with its nested children, before it is stored.
type newBlock struct {
	obj      jsonObject
	children []*newBlock
}

// blockBuilder normalizes the blocks of one request and counts them against Notion's limit.
type blockBuilder struct {
	st    *store
	count int
}

// buildBlocks normalizes a children array of a request. parent is the parent reference of
// the blocks, parentType the type of the parent block ("child_page" for a page) and
// parentContent its content (for a table's width); path names the array in error messages.
func (st *store) buildBlocks(raw any, parent jsonObject, parentType string, parentContent jsonObject, path string) ([]*newBlock, *apiError) {
	bb := &blockBuilder{st: st}
	return bb.build(raw, parent, parentType, parentContent, path, 0)
}

// build normalizes one children array at the given nesting depth.
func (bb *blockBuilder) build(raw any, parent jsonObject, parentType string, parentContent jsonObject, path string, depth int) ([]*newBlock, *apiError) {
	items, ok := raw.([]any)
	if !ok {
		return nil, bodyValidation("%s should be an array, instead was `%s`.", path, jsonText(raw))
	}
	if len(items) > maxChildrenPerArray {
		return nil, bodyValidation("%s.length should be ≤ `%d`, instead was `%d`.", path, maxChildrenPerArray, len(items))
	}
	out := make([]*newBlock, 0, len(items))
	for i, item := range items {
		p := fmt.Sprintf("%s[%d]", path, i)
		bb.count++
		if bb.count > maxBlocksPerRequest {
			return nil, validationError("body failed validation: the request has more than %d block elements.", maxBlocksPerRequest)
		}
		nb, err := bb.buildOne(item, parent, parentType, parentContent, p, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, nb)
	}
	if parentType == "column_list" && depth > 0 && len(out) < 2 {
		return nil, bodyValidation("%s.length should be ≥ `2`, instead was `%d`.", path, len(out))
	}
	return out, nil
}

// buildOne normalizes one block of a request and, recursively, its nested children.
func (bb *blockBuilder) buildOne(item any, parent jsonObject, parentType string, parentContent jsonObject, path string, depth int) (*newBlock, *apiError) {
	m, ok := item.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(item))
	}
	typ, kind, err := requestBlockType(m, path)
	if err != nil {
		return nil, err
	}
	if err := checkPlacement(typ, parentType, parentContent, m, path); err != nil {
		return nil, err
	}
	raw, _ := m[typ].(map[string]any)
	if raw == nil {
		raw = jsonObject{}
	}
	content, err := kind.normalize(raw, path+"."+typ)
	if err != nil {
		return nil, err
	}
	if typ == "synced_block" {
		if err := bb.st.checkSyncedFrom(content); err != nil {
			return nil, err
		}
	}
	id := newUUID()
	nb := &newBlock{obj: bb.st.newBlockObject(id, parent, typ, content)}
	kids, _ := raw["children"].([]any)
	if len(kids) == 0 {
		if typ == "table" || typ == "column_list" {
			return nil, bodyValidation("%s.%s.children should be defined, instead was `undefined`.", path, typ)
		}
		return nb, nil
	}
	if !kind.children(content) || depth >= maxNestingDepth {
		return nil, bodyValidation("%s.%s.children should be not present, instead was `%s`.", path, typ, jsonText(kids))
	}
	nb.children, err = bb.build(kids, parentRef("block_id", id), typ, content, path+"."+typ+".children", depth+1)
	if err != nil {
		return nil, err
	}
	return nb, nil
}

// requestBlockType finds the type of a request block: its "type", or the one known type key
// it has.
func requestBlockType(m jsonObject, path string) (string, blockKind, *apiError) {
	typ := str(m, "type")
	if typ == "" {
		for k := range m {
			if _, ok := blockKinds[k]; ok {
				typ = k
				break
			}
		}
	}
	kind, ok := blockKinds[typ]
	if !ok {
		return "", kind, bodyValidation("%s.type should be a block type, instead was `%s`.", path, jsonText(m["type"]))
	}
	if kind.readOnly {
		return "", kind, bodyValidation("%s.type `%s` cannot be created through the API.", path, typ)
	}
	return typ, kind, nil
}

// checkPlacement enforces where a block type may go: table rows only in tables (with as
// many cells as the table is wide), columns only in column lists and nowhere else.
func checkPlacement(typ, parentType string, parentContent, m jsonObject, path string) *apiError {
	switch {
	case parentType == "table" && typ != "table_row":
		return bodyValidation("%s.type should be `table_row`, instead was `%s`.", path, jsonText(typ))
	case parentType != "table" && typ == "table_row":
		return validationError("Table rows can only be children of a table block (%s).", path)
	case parentType == "column_list" && typ != "column":
		return bodyValidation("%s.type should be `column`, instead was `%s`.", path, jsonText(typ))
	case parentType != "column_list" && typ == "column":
		return validationError("Columns can only be children of a column_list block (%s).", path)
	}
	if typ == "table_row" {
		row, _ := object(m, "table_row")
		cells, _ := row["cells"].([]any)
		if w, ok := parentContent["table_width"].(float64); ok && float64(len(cells)) != w {
			return validationError("Number of cells in table row must match the table width of the parent (%s).", path)
		}
	}
	return nil
}

// checkSyncedFrom checks that a duplicate synced block refers to a stored original.
func (st *store) checkSyncedFrom(content jsonObject) *apiError {
	from, ok := object(content, "synced_from")
	if !ok {
		return nil
	}
	id := str(from, "block_id")
	if b, ok := st.blocks[id]; !ok || str(b, "type") != "synced_block" {
		return notFoundError("block", id)
	}
	return nil
}

// insertBlockTree stores a built block after the sibling after ("" appends) and its nested
// children below it.
func (st *store) insertBlockTree(nb *newBlock, after string) {
	st.resolveMentions(nb.obj)
	st.addBlock(nb.obj, after)
	for _, c := range nb.children {
		st.insertBlockTree(c, "")
	}
}

// blockAnswer returns a stored block as Notion answers it, with has_children and the trash
// state (including its ancestors') computed now.
func (st *store) blockAnswer(b jsonObject) jsonObject {
	out := deepCopy(b)
	id := str(b, "id")
	out["has_children"] = st.hasLiveChildren(st.contentSource(id))
	trashed := st.inTrash(id)
	out["in_trash"] = trashed
	return out
}

// contentSource is the block whose children a block shows: the original of a duplicate
// synced block, else the block itself.
func (st *store) contentSource(id string) string {
	b := st.blocks[id]
	if str(b, "type") != "synced_block" {
		return id
	}
	sb, _ := object(b, "synced_block")
	if from, ok := object(sb, "synced_from"); ok {
		return str(from, "block_id")
	}
	return id
}

// handleGetBlock answers GET /v1/blocks/{block_id}.
func handleGetBlock(st *store, c *call) (jsonObject, *apiError) {
	b, ok := st.blocks[c.params["block_id"]]
	if !ok {
		return nil, notFoundError("block", c.params["block_id"])
	}
	return st.blockAnswer(b), nil
}

// handleDeleteBlock answers DELETE /v1/blocks/{block_id}: the block (a page or database too)
// moves to the trash.
func handleDeleteBlock(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["block_id"]
	b, ok := st.blocks[id]
	if !ok {
		return nil, notFoundError("block", id)
	}
	st.setTrashed(id, true)
	st.touch(id)
	st.touchPageOf(parentID(mustObject(b, "parent")))
	return st.blockAnswer(b), nil
}

// handleUpdateBlock answers PATCH /v1/blocks/{block_id}: the fields of the type's content
// that the request gives, and the trash state.
func handleUpdateBlock(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["block_id"]
	b, ok := st.blocks[id]
	if !ok {
		return nil, notFoundError("block", id)
	}
	typ := str(b, "type")
	if err := checkBlockUpdateType(typ, c.body); err != nil {
		return nil, err
	}
	trash, hasTrash, err := trashFlag(c.body)
	if err != nil {
		return nil, err
	}
	raw, hasContent := c.body[typ]
	if hasContent {
		req, ok := raw.(map[string]any)
		if !ok {
			return nil, bodyValidation("body.%s should be an object, instead was `%s`.", typ, jsonText(raw))
		}
		kind := blockKinds[typ]
		if kind.readOnly {
			return nil, validationError("Blocks of type %s cannot be updated through the API.", typ)
		}
		trashed := st.inTrash(id)
		if hasTrash {
			trashed = trash || st.inTrash(parentID(mustObject(b, "parent")))
		}
		if trashed {
			return nil, errArchived()
		}
		merged := jsonObject{}
		maps.Copy(merged, mustObject(b, typ))
		for k, v := range req {
			if k != "children" {
				merged[k] = v
			}
		}
		content, err := kind.normalize(merged, "body."+typ)
		if err != nil {
			return nil, err
		}
		b[typ] = content
		st.resolveMentions(b)
	}
	if hasTrash {
		st.setTrashed(id, trash)
	}
	st.touch(id)
	st.touchPageOf(parentID(mustObject(b, "parent")))
	return st.blockAnswer(b), nil
}

// handleListChildren answers GET /v1/blocks/{block_id}/children: the children of a page or
// block that are not in the trash, paginated.
func handleListChildren(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["block_id"]
	if _, ok := st.blocks[id]; !ok {
		return nil, notFoundError("block", id)
	}
	p, err := queryPaging(c.query)
	if err != nil {
		return nil, err
	}
	var live []jsonObject
	for _, k := range st.children[st.contentSource(id)] {
		if b, ok := st.blocks[k]; ok && !isTrashed(b) {
			live = append(live, b)
		}
	}
	items, next, err := paginate(live, p, func(b jsonObject) string { return str(b, "id") })
	if err != nil {
		return nil, err
	}
	results := make([]any, len(items))
	for i, b := range items {
		results[i] = st.blockAnswer(b)
	}
	return listAnswer("block", results, next), nil
}

// handleAppendChildren answers PATCH /v1/blocks/{block_id}/children: it inserts the request's
// blocks (with up to two levels of nested children) where "position" says (see
// appendPosition; before 2026-03-11 "after" says it, see upgrade2026), and answers the new
// top-level blocks followed by the siblings after them, as Notion does.
func handleAppendChildren(st *store, c *call) (jsonObject, *apiError) {
	id := c.params["block_id"]
	target, ok := st.blocks[id]
	if !ok {
		return nil, notFoundError("block", id)
	}
	typ := str(target, "type")
	content := mustObject(target, typ)
	if kind := blockKinds[typ]; kind.children == nil || !kind.children(content) {
		return nil, validationError("Block type %s does not support children.", typ)
	}
	if st.inTrash(id) {
		return nil, errArchived()
	}
	raw, ok := c.body["children"]
	if !ok || raw == nil {
		return nil, bodyValidation("body.children should be defined, instead was `undefined`.")
	}
	after, err := st.appendPosition(id, c.body["position"])
	if err != nil {
		return nil, err
	}
	ref := parentRef("block_id", id)
	if _, isPage := st.pages[id]; isPage {
		ref = parentRef("page_id", id)
	}
	blocks, err := st.buildBlocks(raw, ref, typ, content, "body.children")
	if err != nil {
		return nil, err
	}
	for _, nb := range blocks {
		st.insertBlockTree(nb, after)
		after = str(nb.obj, "id")
	}
	// Like Notion, answer the new blocks and every sibling after them.
	var results []any
	if len(blocks) > 0 {
		kids := st.children[id]
		first := str(blocks[0].obj, "id")
		for i, k := range kids {
			if k != first {
				continue
			}
			for _, k := range kids[i:] {
				if b, ok := st.blocks[k]; ok && !isTrashed(b) {
					results = append(results, st.blockAnswer(b))
				}
			}
			break
		}
	}
	st.touch(id)
	st.touchPageOf(id)
	return listAnswer("block", results, ""), nil
}

// appendPosition reads the position of an append: absent or {"type":"end"} (after the last
// child), {"type":"start"} (before the first) or {"type":"after_block","after_block":{"id":
// ...}} (after that child of parent). It returns the id of the child to insert after: "" for
// the end, parent itself for the start.
func (st *store) appendPosition(parent string, raw any) (string, *apiError) {
	if raw == nil {
		return "", nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return "", bodyValidation("body.position should be an object, instead was `%s`.", jsonText(raw))
	}
	switch typ := str(m, "type"); typ {
	case "end":
		return "", nil
	case "start":
		return parent, nil
	case "after_block":
		ref, _ := object(m, "after_block")
		aid, valid := normalizeID(str(ref, "id"))
		if !valid {
			return "", bodyValidation("body.position.after_block.id should be a valid uuid, instead was `%s`.", jsonText(ref["id"]))
		}
		if b, ok := st.blocks[aid]; !ok || parentID(mustObject(b, "parent")) != parent {
			return "", validationError("Block %s is not a child of %s.", aid, parent)
		}
		return aid, nil
	default:
		return "", bodyValidation("body.position.type should be `\"after_block\"`, `\"start\"` or `\"end\"`, instead was `%s`.", jsonText(m["type"]))
	}
}

// pagePosition reads the position of a page create under a page: absent or {"type":
// "page_end"} (after its last block), {"type":"page_start"} (before its first) or
// {"type":"after_block",...} (after that block of the parent page), as appendPosition answers
// it. Pages of a data source have no position.
func (st *store) pagePosition(parent jsonObject, raw any) (string, *apiError) {
	m, ok := raw.(map[string]any)
	if raw == nil || str(parent, "type") != "page_id" {
		return "", nil
	}
	if !ok {
		return "", bodyValidation("body.position should be an object, instead was `%s`.", jsonText(raw))
	}
	switch typ := str(m, "type"); typ {
	case "page_start", "page_end":
		m = jsonObject{"type": strings.TrimPrefix(typ, "page_")}
	case "after_block":
	default:
		return "", bodyValidation("body.position.type should be `\"after_block\"`, `\"page_start\"` or `\"page_end\"`, instead was `%s`.", jsonText(m["type"]))
	}
	return st.appendPosition(parentID(parent), m)
}
