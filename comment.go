package uno

import (
	"context"
	"fmt"
	"net/http"

	"github.com/uno-go/uno/internal/jsonscan"
	"github.com/uno-go/uno/internal/markdown"
)

// Comment is a comment on a page or block. Comments of one thread share a discussion id;
// Reply adds to the thread.
type Comment struct {
	object
	discussion string
	parent     ParentRef
	text       []markdown.Span
}

// readComment reads the comment that comes next in r.
func readComment(r *jsonscan.Reader, s *Session) (*Comment, error) {
	c := &Comment{}
	var h header
	o, err := decodeObject(r, "comment", c, &h)
	if err != nil {
		return nil, err
	}
	o.session = s
	c.object, c.parent = o, h.parent.ref()
	return c, nil
}

// readField reads the members of a comment answer that Comment keeps.
func (c *Comment) readField(r *jsonscan.Reader, key []byte) bool {
	switch string(key) {
	case "discussion_id":
		c.discussion = r.ReadString()
	case "rich_text":
		c.text = readRichText(r)
	default:
		return false
	}
	return true
}

// Text returns the comment as plain text.
func (c *Comment) Text() string { return markdown.PlainText(c.text) }

// String returns the comment as plain text.
func (c *Comment) String() string { return c.Text() }

// RichText returns the comment's rich text.
func (c *Comment) RichText() []Span { return spansOf(c.text) }

// DiscussionID returns the id of the comment's thread.
func (c *Comment) DiscussionID() string { return c.discussion }

// Parent returns the page or block the comment is on.
func (c *Comment) Parent() ParentRef { return c.parent }

// Reply adds a comment to this comment's thread and returns it.
func (c *Comment) Reply(ctx context.Context, text ...Span) (*Comment, error) {
	return c.session.addComment(ctx, map[string]any{"discussion_id": c.discussion}, text)
}

// Comments returns the comments on the page (not those on its blocks), oldest first.
func (p *Page) Comments(ctx context.Context) ([]*Comment, error) {
	return p.session.comments(ctx, p.id.String())
}

// AddComment starts a discussion on the page and returns its first comment.
func (p *Page) AddComment(ctx context.Context, text ...Span) (*Comment, error) {
	return p.session.addComment(ctx, map[string]any{"parent": map[string]any{"type": "page_id", "page_id": p.id.String()}}, text)
}

// Comments returns the comments on the block, oldest first.
func (b *Block) Comments(ctx context.Context) ([]*Comment, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	return b.session.comments(ctx, b.id.String())
}

// AddComment starts a discussion on the block and returns its first comment.
func (b *Block) AddComment(ctx context.Context, text ...Span) (*Comment, error) {
	if err := b.mustBeWritten(); err != nil {
		return nil, err
	}
	return b.session.addComment(ctx, map[string]any{"parent": map[string]any{"type": "block_id", "block_id": b.id.String()}}, text)
}

// comments lists the comments on a page or block.
func (s *Session) comments(ctx context.Context, id string) ([]*Comment, error) {
	return collect(listSeq(ctx, s, http.MethodGet, "/v1/comments?block_id="+id, nil, readComment, nil))
}

// addComment posts a comment; body says where.
func (s *Session) addComment(ctx context.Context, body map[string]any, text []Span) (*Comment, error) {
	items := richTextItems(modelSpans(text))
	if len(items) == 0 {
		return nil, fmt.Errorf("%w: a comment needs text", ErrInvalidValue)
	}
	if len(items) > maxRichTextItems {
		return nil, fmt.Errorf("%w: a comment holds at most %d rich text items, this one needs %d", ErrInvalidValue, maxRichTextItems, len(items))
	}
	body["rich_text"] = items
	data, err := s.do(ctx, http.MethodPost, "/v1/comments", body)
	if err != nil {
		return nil, err
	}
	return written(http.MethodPost, "/v1/comments", data, func(d []byte) (*Comment, error) { return decodeAnswer(d, s, readComment) })
}
