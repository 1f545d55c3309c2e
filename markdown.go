package uno

import (
	"context"
	"fmt"
	"iter"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/markdown"
)

// Markdown renders blocks, and the children they carry (Nested), as CommonMark with GitHub's
// tables, task lists and strikethrough. What Markdown has no syntax for is written in a
// readable form that ParseMarkdown reads back: toggles as <details>, callouts as GitHub
// alerts (> [!NOTE]), columns and synced blocks between HTML comments, colours as
// <span color="red"> and a {color="red"} suffix, mentions as [text](mention:page/<id>),
// equations as ```math and $`x`$. The full table is in internal/markdown/mapping.go.
func Markdown(blocks []*Block) string { return markdown.Render(nodesOf(blocks)) }

// nodesOf converts blocks and the children they carry to the Markdown model.
func nodesOf(blocks []*Block) []*markdown.Node {
	out := make([]*markdown.Node, 0, len(blocks))
	for _, b := range blocks {
		if b == nil {
			continue
		}
		n := *b.content()
		if n.Type == "" {
			n.Type = b.kind
		}
		if n.ID == "" && b.id != uuid.Nil {
			n.ID = b.id.String()
		}
		n.Children = nodesOf(b.kids)
		out = append(out, &n)
	}
	return out
}

// ParseMarkdown turns Markdown into blocks ready to write, the reverse of Markdown: GitHub
// tables, task lists, nested lists and quotes, code, and the forms Markdown describes. What
// Notion cannot hold is kept as text: HTML as an "html" code block, headings below the
// third level as third-level headings, images inside text as linked text.
func ParseMarkdown(md string) ([]*Block, error) {
	nodes, err := markdown.Parse(md)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidBlock, err)
	}
	return blocksOf(nodes), nil
}

// blocksOf converts the Markdown model to unwritten blocks.
func blocksOf(nodes []*markdown.Node) []*Block {
	out := make([]*Block, 0, len(nodes))
	for _, n := range nodes {
		kids := blocksOf(n.Children)
		c := *n
		c.Children = nil
		b := newBlockOf(&c)
		b.kids = kids
		out = append(out, b)
	}
	return out
}

// Markdown renders the page's content, nested blocks included, as Markdown (see the
// package function Markdown). The pages and databases inside it are links, not their content.
func (p *Page) Markdown(ctx context.Context) (string, error) {
	blocks, err := p.Content(ctx)
	if err != nil {
		return "", err
	}
	return Markdown(blocks), nil
}

// AppendMarkdown parses md (see ParseMarkdown) and appends the blocks to the page.
func (p *Page) AppendMarkdown(ctx context.Context, md string) ([]*Block, error) {
	blocks, err := ParseMarkdown(md)
	if err != nil {
		return nil, err
	}
	return p.Append(ctx, blocks...)
}

// Content returns the page's blocks with all their children loaded (see Block.Nested),
// reading each block that has children; child pages and databases are not entered.
func (p *Page) Content(ctx context.Context) ([]*Block, error) {
	return p.session.contentOf(ctx, p.id.String(), 0)
}

// Content returns the block's children with all of theirs loaded, like Page.Content.
func (b *Block) Content(ctx context.Context) ([]*Block, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	return b.session.contentOf(ctx, b.id.String(), 0)
}

// maxContentDepth bounds how deep Content reads, against a cycle of synced blocks.
const maxContentDepth = 64

// contentOf reads the children of ref and, recursively, theirs. The blocks returned are
// copies carrying their children; the cached ones do not change.
func (s *Session) contentOf(ctx context.Context, ref string, depth int) ([]*Block, error) {
	kids, err := s.ChildBlocks(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := make([]*Block, len(kids))
	for i, k := range kids {
		c := *k
		if k.hasChildren && depth < maxContentDepth && k.kind != "child_page" && k.kind != "child_database" {
			if c.kids, err = s.contentOf(ctx, k.id.String(), depth+1); err != nil {
				return nil, err
			}
		}
		out[i] = &c
	}
	return out, nil
}

// AllChildren iterates over the page's child blocks, fetching page after page of them as
// the loop goes on; it yields an error once and stops. Children returns them as a slice.
func (p *Page) AllChildren(ctx context.Context) iter.Seq2[*Block, error] {
	return p.session.AllChildren(ctx, p.id.String())
}

// AllChildren iterates over the block's child blocks, like Page.AllChildren.
func (b *Block) AllChildren(ctx context.Context) iter.Seq2[*Block, error] {
	return b.session.AllChildren(ctx, b.id.String())
}
