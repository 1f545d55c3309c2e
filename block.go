package uno

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	"github.com/uno-go/uno/internal/jsonscan"
	"github.com/uno-go/uno/internal/markdown"
)

// Block is a piece of content: a paragraph, heading, image, child page and so on. Its methods
// read the JSON Notion sent; Raw returns all of it, including block types uno does not know.
type Block struct {
	object
	kind        string
	hasChildren bool
	deleted     bool
	parent      ParentRef
	text        string
	node        *markdown.Node // the content of a block built in code, nil for one read
	kids        []*Block       // children carried with the value (see Nested)
	contentJSON []byte         // the JSON of the type's content, a slice of raw; nil if not found in one pass

	contentFirst bool // while decoding: an object member came before the type
}

// Type returns the block type, such as "paragraph" or "child_page".
func (b *Block) Type() string { return b.kind }

// HasChildren reports whether the block has child blocks.
func (b *Block) HasChildren() bool { return b.hasChildren }

// IsDeleted reports whether the block is in the trash.
func (b *Block) IsDeleted() bool { return b.deleted }

// Parent says where the block lives.
func (b *Block) Parent() ParentRef { return b.parent }

// Text returns the block's text as plain text: the rich text of paragraphs, headings, list
// items and the like, a to-do's state and text ("[x] Buy milk", "[ ] Buy milk"; RichText
// has the text alone, Checked the state), a table row's cells joined by " | " (a table's
// rows, when it carries them, one per line), an equation's expression, a media block's
// caption or URL, the title of a child page or database, or "" for blocks without text.
func (b *Block) Text() string { return b.blockText() }

// String returns the type and text: "to_do: [x] Buy milk".
func (b *Block) String() string { return b.kind + ": " + b.blockText() }

// newBlock decodes a block answer.
func newBlock(raw []byte, s *Session) (*Block, error) { return decodeAnswer(raw, s, readBlock) }

// readBlock reads the block that comes next in r.
func readBlock(r *jsonscan.Reader, s *Session) (*Block, error) {
	b := &Block{}
	var h header
	o, err := decodeObject(r, "block", b, &h)
	if err != nil {
		return nil, err
	}
	o.session = s
	b.object, b.deleted, b.parent = o, h.deleted(), h.parent.ref()
	if b.contentFirst {
		// Notion sends the type first; for a block that does not, its content is found by
		// a second reading.
		b.text, b.contentJSON = contentText(o.raw, b.kind)
		b.contentFirst = false
	}
	return b, nil
}

// readField reads the members of a block answer that Block keeps: its type, whether it has
// children, and the text of its content (the member named by the type).
func (b *Block) readField(r *jsonscan.Reader, key []byte) bool {
	switch string(key) {
	case "type":
		b.kind = blockType(r)
	case "has_children":
		b.hasChildren = r.Bool()
	default:
		if b.kind == "" {
			// Any object but the creator and editor can be the content of a type not yet read.
			isUser := string(key) == "created_by" || string(key) == "last_edited_by"
			b.contentFirst = b.contentFirst || !isUser && r.Peek() == '{'
			return false
		}
		if string(key) != b.kind {
			return false
		}
		start := r.Start()
		b.text = readBlockText(r)
		b.contentJSON = r.Slice(start, r.End())
	}
	return true
}

// readBlockText reads a block's content and returns its text: its title (child pages and
// databases), else the plain text of its rich text. Content of another shape has no text; it
// is only checked to be valid JSON.
func readBlockText(r *jsonscan.Reader) string {
	if r.Peek() != '{' {
		r.Skip()
		return ""
	}
	r.Object()
	title, text := "", ""
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch {
		case string(key) == "title" && r.Peek() == '"':
			title = r.ReadString()
		case string(key) == "rich_text" && r.Peek() == '[':
			text = readPlainText(r)
		default:
			r.Skip()
		}
	}
	if title != "" {
		return title
	}
	return text
}

// contentText finds the content of block type kind in a block's JSON and returns its text
// and the content's JSON (a slice of raw).
func contentText(raw []byte, kind string) (string, []byte) {
	r := jsonscan.NewReader(raw)
	if !r.Object() {
		return "", nil
	}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		if string(key) == kind {
			start := r.Start()
			text := readBlockText(&r)
			return text, r.Slice(start, r.End())
		}
		r.Skip()
	}
	return "", nil
}

// blockTypes are the block types Notion sends, so that decoding a block does not allocate
// its type.
var blockTypes = func() map[string]string {
	m := map[string]string{}
	for _, t := range []string{
		"paragraph", "heading_1", "heading_2", "heading_3", "heading_4", "bulleted_list_item",
		"numbered_list_item", "to_do", "toggle", "quote", "callout", "code", "child_page",
		"child_database", "image", "video", "audio", "file", "pdf", "bookmark", "embed",
		"link_preview", "link_to_page", "divider", "equation", "table", "table_row",
		"table_of_contents", "breadcrumb", "column_list", "column", "synced_block", "template",
		"tab", "meeting_notes", "transcription", "unsupported",
	} {
		m[t] = t
	}
	return m
}()

// blockType reads a block's type.
func blockType(r *jsonscan.Reader) string {
	b, _ := r.Text()
	if t, ok := blockTypes[string(b)]; ok {
		return t
	}
	return string(b)
}

// GetBlock returns the block that ref names: a UUID, or a Notion URL whose "#fragment" names
// the block (a URL without one names its page, which is a block too). The cache answers when
// it holds the block unless NoCache is given.
func (s *Session) GetBlock(ctx context.Context, ref string, opts ...GetOption) (*Block, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if useCache(opts) {
		if v, ok := lookupRef[*Block](s.cache, ref); ok {
			return v, nil
		}
	}
	id, err := ParseID(ref)
	if err != nil {
		return nil, err
	}
	return getObject(ctx, s, "/v1/blocks/", id, opts, newBlock, keepFresh[*Block])
}

// Children are read in two forms, the same on Session, Page and Block: AllChildren streams
// them (an iter.Seq2, page after page as the loop asks), Children (ChildBlocks on the
// Session, which names the parent by ref) returns them all as a slice. Content reads the
// whole tree.

// AllChildren iterates over the child blocks of the page or block that ref names, fetching
// page after page as the loop goes on; each block is cached. It yields an error once and
// stops.
func (s *Session) AllChildren(ctx context.Context, ref string) iter.Seq2[*Block, error] {
	id, err := ParseID(ref)
	if err != nil {
		return func(yield func(*Block, error) bool) { yield(nil, err) }
	}
	keep := func(b *Block) *Block { return put(s.cache, b, true) }
	return listSeq(ctx, s, http.MethodGet, "/v1/blocks/"+id.String()+"/children", nil, readBlock, keep)
}

// Children is AllChildren, under the name earlier versions of uno gave it.
func (s *Session) Children(ctx context.Context, ref string) iter.Seq2[*Block, error] {
	return s.AllChildren(ctx, ref)
}

// ChildBlocks returns all child blocks of the page or block that ref names.
func (s *Session) ChildBlocks(ctx context.Context, ref string) ([]*Block, error) {
	return collect(s.AllChildren(ctx, ref))
}

// Children returns the page's content: its child blocks, in order.
func (p *Page) Children(ctx context.Context) ([]*Block, error) {
	return p.session.ChildBlocks(ctx, p.id.String())
}

// Children returns the block's child blocks, in order, as Notion has them now (Nested gives
// those the value carries, without a request).
func (b *Block) Children(ctx context.Context) ([]*Block, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	return b.session.ChildBlocks(ctx, b.id.String())
}

// Page returns the page of a child_page block.
func (b *Block) Page(ctx context.Context, opts ...GetOption) (*Page, error) {
	if b.kind != "child_page" {
		return nil, fmt.Errorf("uno: block %s is a %s, not a child_page", b.id, b.kind)
	}
	return b.session.GetPage(ctx, b.id.String(), opts...)
}

// Database returns the database of a child_database block.
func (b *Block) Database(ctx context.Context, opts ...GetOption) (*Database, error) {
	if b.kind != "child_database" {
		return nil, fmt.Errorf("uno: block %s is a %s, not a child_database", b.id, b.kind)
	}
	return b.session.GetDB(ctx, b.id.String(), opts...)
}
