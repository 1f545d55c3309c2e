package uno

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/markdown"
)

// Notion's limits on writing blocks.
const (
	maxChildrenPerArray = 100     // blocks in one children array
	maxBlocksPerRequest = 1000    // block elements in one request, nested ones included
	maxNesting          = 2       // levels of children below the top-level blocks of a request
	maxRequestBytes     = 480_000 // Notion takes 500 KB; what the request adds around the blocks stays below the rest
)

// WriteError reports a write of blocks that stopped midway. Nothing is written twice: the
// blocks in Written are there, with ids; those in NotWritten were not sent or were refused;
// MaybeWritten are the blocks of a request whose answer was lost (errors.Is(err,
// ErrOutcomeUnknown)), which Notion may have written, and blocks written whose ids could not
// be read back. Err is the failure; errors.Is and errors.As see through to it.
type WriteError struct {
	Written      []*Block // written blocks, nested ones included, in document order
	NotWritten   []*Block // the given blocks (at any level) that were not written
	MaybeWritten []*Block // the given blocks that may be written, or are without known ids
	Err          error
}

// Error says how far the write got.
func (e *WriteError) Error() string {
	return fmt.Sprintf("uno: writing blocks: %d written, %d not written, %d unknown: %v",
		len(e.Written), len(e.NotWritten), len(e.MaybeWritten), e.Err)
}

// Unwrap returns the failure.
func (e *WriteError) Unwrap() error { return e.Err }

// wnode is one block of a write: its request content, its children and, once written, the
// block Notion answered.
type wnode struct {
	src     *Block
	typ     string
	content map[string]any
	size    int
	kids    []*wnode
	inline  int // children sent with it in its request
	// placeholder marks a column written with an empty paragraph as its first block, because
	// Notion creates no empty column and its first block cannot go with it (a table, whose
	// rows would be a level too deep); the paragraph is removed once the blocks follow.
	placeholder bool
	sent        bool   // its request succeeded
	written     *Block // the block as Notion answered it, once its id is known
}

// markSent records that w and the children sent with it are written.
func (w *wnode) markSent() {
	w.sent = true
	for _, k := range w.kids[:w.inline] {
		k.markSent()
	}
}

// prepare encodes the blocks to write. A block whose rich text needs more items than Notion
// takes in one array becomes several blocks of its type, its children under the last.
func prepare(blocks []*Block) ([]*wnode, error) {
	var out []*wnode
	for _, b := range blocks {
		if b == nil {
			return nil, fmt.Errorf("%w: nil block", ErrInvalidBlock)
		}
		n := writable(b.content())
		content, err := requestContent(n)
		if err != nil {
			return nil, err
		}
		kids, err := prepare(b.kids)
		if err != nil {
			return nil, err
		}
		pieces := splitRichText(content)
		for i, c := range pieces {
			w := &wnode{src: b, typ: n.Type, content: c}
			data, _ := json.Marshal(c)
			w.size = len(data) + len(n.Type)*2 + 40
			if i == len(pieces)-1 {
				w.kids = kids
			}
			out = append(out, w)
		}
	}
	return out, nil
}

// writable returns the content as Notion can hold it: a bookmark, embed or media block whose
// URL is not absolute (a relative image of a Markdown file) becomes a paragraph holding its
// caption, else its URL, as text; an equation longer than Notion takes, a LaTeX code block.
func writable(n *markdown.Node) *markdown.Node {
	switch n.Type {
	case "equation":
		if unitLen(n.Expression) > maxEquation {
			return &markdown.Node{Type: "code", Language: "latex", Text: []markdown.Span{{Kind: "text", Text: n.Expression}}}
		}
	case "bookmark", "embed", "image", "video", "audio", "pdf", "file":
		if n.FileUpload != "" || absoluteURL(n.URL) {
			return n
		}
		text := n.Caption
		if markdown.PlainText(text) == "" {
			text = []markdown.Span{{Kind: "text", Text: n.URL}}
		}
		return &markdown.Node{Type: "paragraph", Text: text}
	}
	return n
}

// splitRichText splits content whose rich text has more items than one array holds into
// several contents of the same block type.
func splitRichText(content map[string]any) []map[string]any {
	items, ok := content["rich_text"].([]any)
	if !ok || len(items) <= maxRichTextItems {
		return []map[string]any{content}
	}
	var out []map[string]any
	for len(items) > 0 {
		n := min(len(items), maxRichTextItems)
		c := make(map[string]any, len(content))
		for k, v := range content {
			c[k] = v
		}
		c["rich_text"] = items[:n]
		items = items[n:]
		out = append(out, c)
	}
	return out
}

// minInline is how many children a block must be created with: a table its first row, a
// column list all its columns, a column its first block.
func minInline(w *wnode) int {
	switch w.typ {
	case "table", "column":
		return min(1, len(w.kids))
	case "column_list":
		return len(w.kids)
	}
	return 0
}

// budget is what is left of one request's limits.
type budget struct{ elems, bytes int }

// fit puts w into a request at nesting depth, with as many of its children (and theirs) as
// the budget and Notion's nesting limit allow; false, with the budget untouched, when w
// does not fit.
func fit(w *wnode, depth int, b *budget) bool {
	saved := *b
	if b.elems < 1 || b.bytes < w.size {
		return false
	}
	b.elems--
	b.bytes -= w.size
	w.inline = 0
	if depth < maxNesting {
		for _, k := range w.kids {
			if w.inline >= maxChildrenPerArray || !fit(k, depth+1, b) {
				break
			}
			w.inline++
		}
	}
	w.placeholder = false
	if w.typ == "column" && w.inline == 0 && len(w.kids) > 0 && depth < maxNesting && b.elems >= 1 {
		b.elems--
		b.bytes -= len(placeholderJSON)
		w.placeholder = true
		return true
	}
	if w.inline < minInline(w) {
		*b = saved
		w.inline = 0
		return false
	}
	return true
}

// placeholderJSON is the empty paragraph a column is created with when its first block
// cannot go with it.
const placeholderJSON = `{"object":"block","type":"paragraph","paragraph":{"rich_text":[]}}`

// encode returns the request form of w with the children fit chose.
func (w *wnode) encode() map[string]any {
	content := w.content
	if w.inline > 0 {
		content = make(map[string]any, len(w.content)+1)
		for k, v := range w.content {
			content[k] = v
		}
		kids := make([]any, w.inline)
		for i, k := range w.kids[:w.inline] {
			kids[i] = k.encode()
		}
		content["children"] = kids
	}
	if w.placeholder {
		content = make(map[string]any, len(w.content)+1)
		for k, v := range w.content {
			content[k] = v
		}
		content["children"] = []any{map[string]any{"object": "block", "type": "paragraph", "paragraph": map[string]any{"rich_text": []any{}}}}
	}
	return map[string]any{"object": "block", "type": w.typ, w.typ: content}
}

// blockRequest encodes a block with all its children, as a request would give it if Notion
// had no limits.
func blockRequest(b *Block) (map[string]any, error) {
	ws, err := prepare([]*Block{b})
	if err != nil {
		return nil, err
	}
	var all func(w *wnode)
	all = func(w *wnode) {
		w.inline = len(w.kids)
		for _, k := range w.kids {
			all(k)
		}
	}
	all(ws[0])
	return ws[0].encode(), nil
}

// job is a run of sibling blocks to append to one parent.
type job struct {
	parent      uuid.UUID
	after       uuid.UUID // append after this sibling; uuid.Nil: at the end
	list        []*wnode
	placeholder bool // the parent is a column holding a placeholder to remove afterwards
}

// writer writes blocks in as few requests as Notion's limits allow, and reads back the ids
// of the nested blocks it wrote.
type writer struct {
	s       *Session
	needIDs bool // the caller returns every written block
	// create, when set, sends the first request instead of an append (a page create with
	// its first blocks) and returns the new parent.
	create  func(ctx context.Context, children []any) (uuid.UUID, error)
	roots   []*wnode
	pending []*wnode // the blocks of the request that failed

	ctx          context.Context
	unread       []*wnode  // blocks written with the page, ids not read
	unreadParent uuid.UUID // the page they went into
}

// write appends roots to parent (after the sibling after, when not uuid.Nil) and returns
// the written top-level blocks with their written children.
func (w *writer) write(ctx context.Context, parent, after uuid.UUID) ([]*Block, error) {
	w.ctx = ctx
	queue := []job{{parent: parent, after: after, list: w.roots}}
	first := true
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		for start := 0; start < len(j.list); {
			b := budget{maxBlocksPerRequest, maxRequestBytes}
			n := 0
			for start+n < len(j.list) && n < maxChildrenPerArray && fit(j.list[start+n], 0, &b) {
				n++
			}
			chunk := j.list[start : start+n]
			if n == 0 {
				return nil, w.fail(fmt.Errorf("%w: a %s block and the children it must be created with (a table's first row, "+
					"a column list's columns, a column's first block) do not fit in one request: %d blocks, %d bytes, two levels of nesting",
					ErrInvalidBlock, j.list[start].typ, maxBlocksPerRequest, maxRequestBytes))
			}
			children := make([]any, n)
			for i, c := range chunk {
				children[i] = c.encode()
			}
			var results []*Block
			var err error
			if first && w.create != nil {
				j.parent, err = w.create(ctx, children)
			} else {
				results, err = w.appendRequest(ctx, j.parent, j.after, children)
			}
			if err != nil {
				w.pending = chunk
				return nil, w.fail(err)
			}
			for _, c := range chunk {
				c.markSent()
			}
			if first && w.create != nil && w.needsRead(chunk) {
				if results, err = w.readChildren(ctx, j.parent, n); err != nil {
					return nil, w.fail(err)
				}
			}
			first = false
			if results != nil {
				if err := w.assign(chunk, results); err != nil {
					return nil, w.fail(err)
				}
				for _, c := range chunk {
					if err := w.readNested(ctx, c); err != nil {
						return nil, w.fail(err)
					}
				}
				j.after = chunk[len(chunk)-1].written.id
			} else {
				j.after = uuid.Nil
				w.unread, w.unreadParent = chunk, j.parent
			}
			for _, c := range chunk {
				queue = deferred(c, queue)
			}
			start += n
		}
		if j.placeholder {
			if err := w.removePlaceholder(ctx, j.parent); err != nil {
				return nil, w.fail(err)
			}
		}
	}
	return w.result(), nil
}

// removePlaceholder deletes the empty paragraph a column was created with.
func (w *writer) removePlaceholder(ctx context.Context, column uuid.UUID) error {
	first, err := w.readChildren(ctx, column, 1)
	if err != nil {
		return err
	}
	if len(first) == 0 || first[0].kind != "paragraph" || first[0].text != "" {
		return fmt.Errorf("%w: column %s: the placeholder paragraph is not its first block", ErrInvalidResponse, column)
	}
	_, err = w.s.do(ctx, http.MethodDelete, "/v1/blocks/"+first[0].id.String(), nil)
	return err
}

// deferred adds a job for every block written with only some of its children.
func deferred(w *wnode, queue []job) []job {
	if w.inline < len(w.kids) && w.written != nil {
		queue = append(queue, job{parent: w.written.id, list: w.kids[w.inline:], placeholder: w.placeholder})
	}
	for _, k := range w.kids[:w.inline] {
		queue = deferred(k, queue)
	}
	return queue
}

// needsRead reports whether the ids of a chunk's blocks must be read back after a page
// create: the caller wants them, or children remain to be appended to them.
func (w *writer) needsRead(chunk []*wnode) bool {
	if w.needIDs {
		return true
	}
	for _, c := range chunk {
		if partial(c) {
			return true
		}
	}
	return false
}

// partial reports whether a block or one written with it keeps children for later appends,
// which need its id.
func partial(n *wnode) bool {
	if n.inline < len(n.kids) {
		return true
	}
	for _, k := range n.kids[:n.inline] {
		if partial(k) {
			return true
		}
	}
	return false
}

// appendRequest sends one append of children to parent and returns the answer's blocks.
func (w *writer) appendRequest(ctx context.Context, parent, after uuid.UUID, children []any) ([]*Block, error) {
	body := map[string]any{"children": children}
	if after != uuid.Nil {
		if w.s.usesPosition() {
			body["position"] = map[string]any{"type": "after_block", "after_block": map[string]any{"id": after.String()}}
		} else {
			body["after"] = after.String()
		}
	}
	data, err := w.s.do(ctx, http.MethodPatch, "/v1/blocks/"+parent.String()+"/children", body)
	if err != nil {
		return nil, err
	}
	// An answer that cannot be read leaves open whether the blocks were written.
	page, err := written(http.MethodPatch, "/v1/blocks/"+parent.String()+"/children", data,
		func(d []byte) (decodedList[*Block], error) { return decodeList(d, w.s, readBlock) })
	if err != nil {
		return nil, err
	}
	return page.results, nil
}

// readChildren reads the first n children of a block that was just written.
func (w *writer) readChildren(ctx context.Context, parent uuid.UUID, n int) ([]*Block, error) {
	var out []*Block
	for b, err := range listSeq(ctx, w.s, http.MethodGet, "/v1/blocks/"+parent.String()+"/children", nil, readBlock, nil) {
		if err != nil {
			return nil, err
		}
		if out = append(out, b); len(out) >= n {
			break
		}
	}
	return out, nil
}

// assign takes the answered blocks of a chunk, which come first and in order.
func (w *writer) assign(chunk []*wnode, results []*Block) error {
	if len(results) < len(chunk) {
		return fmt.Errorf("%w: %d blocks written, %d answered", ErrInvalidResponse, len(chunk), len(results))
	}
	for i, c := range chunk {
		b := results[i]
		if b.kind != c.typ {
			return fmt.Errorf("%w: wrote a %s block, the answer has a %s in its place", ErrInvalidResponse, c.typ, b.kind)
		}
		c.written = b
	}
	return nil
}

// readNested reads the ids of the children written with w, and theirs.
func (w *writer) readNested(ctx context.Context, n *wnode) error {
	if n.inline == 0 || n.written == nil || !w.needIDs && !partial(n) {
		return nil
	}
	results, err := w.readChildren(ctx, n.written.id, n.inline)
	if err != nil {
		return err
	}
	kids := n.kids[:n.inline]
	if err := w.assign(kids, results); err != nil {
		return err
	}
	for _, k := range kids {
		if err := w.readNested(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// result links the written blocks into their tree, caches them and returns the top level.
func (w *writer) result() []*Block {
	out := make([]*Block, 0, len(w.roots))
	for _, r := range w.roots {
		if b := w.link(r); b != nil {
			out = append(out, b)
		}
	}
	return out
}

// link gives a written block its written children and caches it.
func (w *writer) link(n *wnode) *Block {
	if n.written == nil {
		return nil
	}
	var kids []*Block
	for _, k := range n.kids {
		if b := w.link(k); b != nil {
			kids = append(kids, b)
		}
	}
	n.written.kids = kids
	return put(w.s.cache, n.written, true)
}

// fail builds the WriteError of a write that stopped: the written blocks are cached.
func (w *writer) fail(err error) error {
	if len(w.unread) > 0 {
		if results, rerr := w.readChildren(w.ctx, w.unreadParent, len(w.unread)); rerr == nil {
			_ = w.assign(w.unread, results)
		}
	}
	w.result()
	e := &WriteError{Err: err}
	maybe := errors.Is(err, ErrOutcomeUnknown)
	inPending := map[*wnode]bool{}
	for _, p := range w.pending {
		var mark func(n *wnode)
		mark = func(n *wnode) {
			inPending[n] = true
			for _, k := range n.kids[:min(n.inline, len(n.kids))] {
				mark(k)
			}
		}
		mark(p)
	}
	seen := map[*Block]bool{}
	var walk func(n *wnode)
	walk = func(n *wnode) {
		switch {
		case n.written != nil:
			e.Written = append(e.Written, n.written)
		case seen[n.src]:
		case n.sent || maybe && inPending[n]:
			seen[n.src] = true
			e.MaybeWritten = append(e.MaybeWritten, n.src)
		default:
			seen[n.src] = true
			e.NotWritten = append(e.NotWritten, n.src)
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	for _, r := range w.roots {
		walk(r)
	}
	return e
}

// usesPosition reports whether the session places appended blocks with "position"
// (2026-03-11) rather than "after".
func (s *Session) usesPosition() bool { return s.version == Version2026 }

// appendTo writes blocks as children of parent, after the child after (uuid.Nil: at the
// end), and returns them written.
func (s *Session) appendTo(ctx context.Context, parent, after uuid.UUID, blocks []*Block) ([]*Block, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	roots, err := prepare(blocks)
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		return []*Block{}, nil
	}
	w := &writer{s: s, needIDs: true, roots: roots}
	out, err := w.write(ctx, parent, after)
	s.cache.forget(parent, false)
	return out, err
}

// Append writes blocks at the end of the page and returns them written, with ids, their
// nested children included (see Block.Nested). Any amount and depth of content is written in
// as few requests as Notion's limits allow; a failure midway is a *WriteError that says
// which blocks were written.
func (p *Page) Append(ctx context.Context, blocks ...*Block) ([]*Block, error) {
	return p.session.appendTo(ctx, p.id, uuid.Nil, blocks)
}

// Append writes blocks as the block's last children, like Page.Append.
func (b *Block) Append(ctx context.Context, blocks ...*Block) ([]*Block, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	return b.session.appendTo(ctx, b.id, uuid.Nil, blocks)
}

// InsertAfter writes blocks right after this block, under the same parent, like Page.Append.
func (b *Block) InsertAfter(ctx context.Context, blocks ...*Block) ([]*Block, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	if b.parent.ID == uuid.Nil {
		return nil, fmt.Errorf("%w: block %s has no page or block parent to insert into", ErrInvalidBlock, b.id)
	}
	return b.session.appendTo(ctx, b.parent.ID, b.id, blocks)
}

// mustBeWritten fails for a block built in code that has no id yet.
func (b *Block) mustBeWritten() error {
	if b == nil || b.session == nil || b.id == uuid.Nil {
		return fmt.Errorf("%w: the block is not written yet (it has no id)", ErrInvalidBlock)
	}
	return nil
}

// Update changes the block's content to that of replacement and returns the updated block.
// A replacement of the same type is written in place (its children are not: append them;
// rich text of more items than one block holds continues in blocks of its type after it);
// one of another type is inserted after the block, with its children, and the block is
// deleted, since Notion cannot change a block's type.
func (b *Block) Update(ctx context.Context, replacement *Block) (*Block, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	if replacement == nil {
		return nil, fmt.Errorf("%w: nil replacement", ErrInvalidBlock)
	}
	n := replacement.content()
	if n.Type != b.kind {
		written, err := b.InsertAfter(ctx, replacement)
		if err != nil {
			return nil, err
		}
		if _, err := b.Delete(ctx); err != nil {
			return nil, err
		}
		return written[0], nil
	}
	content, err := requestContent(n)
	if err != nil {
		return nil, err
	}
	if n.Type == "table" {
		delete(content, "table_width") // fixed once the table exists
	}
	// Rich text of more items than a block holds: the rest follows in blocks of the type.
	pieces := splitRichText(content)
	data, err := b.session.do(ctx, http.MethodPatch, "/v1/blocks/"+b.id.String(), map[string]any{n.Type: pieces[0]})
	if err != nil {
		return nil, err
	}
	updated, err := b.session.decodeBlock(data)
	if err != nil || len(pieces) == 1 {
		return updated, err
	}
	rest := make([]*wnode, len(pieces)-1)
	for i, c := range pieces[1:] {
		rest[i] = &wnode{src: replacement, typ: n.Type, content: c, size: len(n.Type) * 2}
	}
	w := &writer{s: b.session, needIDs: true, roots: rest}
	if _, err := w.write(ctx, b.parent.ID, b.id); err != nil {
		return updated, err
	}
	return updated, nil
}

// Delete moves the block to the trash and returns it; the cached copies of what it holds
// (its children, a child page's page) are dropped, so that the next read asks Notion.
func (b *Block) Delete(ctx context.Context) (*Block, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	data, err := b.session.do(ctx, http.MethodDelete, "/v1/blocks/"+b.id.String(), nil)
	if err != nil {
		return nil, err
	}
	b.session.cache.forget(b.id, true)
	return b.session.decodeBlock(data)
}

// Restore takes the block out of the trash and returns it.
func (b *Block) Restore(ctx context.Context) (*Block, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	data, err := b.session.do(ctx, http.MethodPatch, "/v1/blocks/"+b.id.String(), map[string]any{b.session.trashField(): false})
	if err != nil {
		return nil, err
	}
	b.session.cache.forget(b.id, true)
	return b.session.decodeBlock(data)
}

// decodeBlock decodes a block answer of a write and caches it as the freshest copy.
func (s *Session) decodeBlock(data []byte) (*Block, error) {
	b, err := newBlock(data, s)
	if err != nil {
		return nil, err
	}
	return put(s.cache, b, true), nil
}
