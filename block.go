package uno

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"

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
}

// blockJSON is the part of a block answer that Block reads.
type blockJSON struct {
	header
	Type        string `json:"type"`
	HasChildren bool   `json:"has_children"`
	textContents
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
// items and the like, a table row's cells joined by " | " (a table's rows, when it carries
// them, one per line), an equation's expression, a media block's caption or URL, the title
// of a child page or database, or "" for blocks without text. Checked gives a to-do's state.
func (b *Block) Text() string { return b.blockText() }

// String returns the type and text, with a to-do's state: "to_do: [x] Buy milk".
func (b *Block) String() string { return b.describe() }

// blockContent is the part of a block's type-specific content that holds its text.
type blockContent struct {
	RichText []richText `json:"rich_text"`
	Title    string     `json:"title"`
}

// UnmarshalJSON reads the text of a block's content and ignores content it cannot read, so
// that an odd block still decodes, without text.
func (c *blockContent) UnmarshalJSON(data []byte) error {
	var v struct {
		RichText []richText `json:"rich_text"`
		Title    string     `json:"title"`
	}
	if json.Unmarshal(data, &v) == nil {
		c.RichText, c.Title = v.RichText, v.Title
	}
	return nil
}

// text is the content's title, else its rich text, as plain text.
func (c *blockContent) text() string {
	if c.Title != "" {
		return c.Title
	}
	return plainText(c.RichText)
}

// textContents holds the content of the block types that carry text, so that most blocks
// decode in one pass; the content of other types is found by contentOf.
type textContents struct {
	Paragraph        *blockContent `json:"paragraph"`
	Heading1         *blockContent `json:"heading_1"`
	Heading2         *blockContent `json:"heading_2"`
	Heading3         *blockContent `json:"heading_3"`
	BulletedListItem *blockContent `json:"bulleted_list_item"`
	NumberedListItem *blockContent `json:"numbered_list_item"`
	ToDo             *blockContent `json:"to_do"`
	Toggle           *blockContent `json:"toggle"`
	Quote            *blockContent `json:"quote"`
	Callout          *blockContent `json:"callout"`
	Code             *blockContent `json:"code"`
	ChildPage        *blockContent `json:"child_page"`
	ChildDatabase    *blockContent `json:"child_database"`
}

// of returns the decoded content of block type kind; held is false for the types that
// textContents does not hold.
func (t *textContents) of(kind string) (c *blockContent, held bool) {
	switch kind {
	case "paragraph":
		return t.Paragraph, true
	case "heading_1":
		return t.Heading1, true
	case "heading_2":
		return t.Heading2, true
	case "heading_3":
		return t.Heading3, true
	case "bulleted_list_item":
		return t.BulletedListItem, true
	case "numbered_list_item":
		return t.NumberedListItem, true
	case "to_do":
		return t.ToDo, true
	case "toggle":
		return t.Toggle, true
	case "quote":
		return t.Quote, true
	case "callout":
		return t.Callout, true
	case "code":
		return t.Code, true
	case "child_page":
		return t.ChildPage, true
	case "child_database":
		return t.ChildDatabase, true
	}
	return nil, false
}

// contentOf finds the content of block type kind in a block's JSON; nil when there is none.
func contentOf(raw []byte, kind string) *blockContent {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return nil
	}
	inner, ok := fields[kind]
	if !ok {
		return nil
	}
	var c blockContent
	_ = c.UnmarshalJSON(inner)
	return &c
}

// newBlock decodes a block answer.
func newBlock(raw []byte, s *Session) (*Block, error) {
	var j blockJSON
	o, err := decodeObject(raw, "block", &j, &j.header)
	if err != nil {
		return nil, err
	}
	o.session = s
	b := &Block{object: o, kind: j.Type, hasChildren: j.HasChildren, deleted: j.Archived || j.InTrash, parent: j.Parent.ref()}
	if j.Type == "" {
		return b, nil
	}
	c, held := j.of(j.Type)
	if !held {
		c = contentOf(raw, j.Type)
	}
	if c != nil {
		b.text = c.text()
	}
	return b, nil
}

// decodeBlock decodes a block answer and caches it.
func (s *Session) decodeBlock(raw []byte) (*Block, error) {
	b, err := newBlock(raw, s)
	if err != nil {
		return nil, err
	}
	return put(s.cache, b, true), nil
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
	return getObject(ctx, s, "/v1/blocks/", id, opts, (*Session).decodeBlock)
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
	decode := func(raw json.RawMessage) (*Block, error) { return s.decodeBlock(raw) }
	return listSeq(ctx, s, http.MethodGet, "/v1/blocks/"+id.String()+"/children", nil, decode)
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
