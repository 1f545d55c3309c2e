package uno_test

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/uno-go/uno"
)

// The content names of the contract: rich text, blocks, writes, Markdown, comments.
var (
	_ func(string) uno.Span                = uno.Plain
	_ func(string) uno.Span                = uno.Bold
	_ func(string) uno.Span                = uno.Italic
	_ func(string, string) uno.Span        = uno.Link
	_ func(string) uno.Span                = uno.Math
	_ func(uno.Parent) uno.Span            = uno.MentionOf
	_ func(uno.Span) uno.Span              = uno.Span.Bold
	_ func(uno.Span) uno.Span              = uno.Span.Italic
	_ func(uno.Span) uno.Span              = uno.Span.Strikethrough
	_ func(uno.Span) uno.Span              = uno.Span.Underline
	_ func(uno.Span) uno.Span              = uno.Span.Code
	_ func(uno.Span, string) uno.Span      = uno.Span.Color
	_ func(uno.Span, string) uno.Span      = uno.Span.WithLink
	_ func(uno.Span) string                = uno.Span.Text
	_ func(...uno.Span) *uno.Block         = uno.Paragraph
	_ func(...uno.Span) *uno.Block         = uno.Heading1
	_ func(...uno.Span) *uno.Block         = uno.Heading2
	_ func(...uno.Span) *uno.Block         = uno.Heading3
	_ func(...uno.Span) *uno.Block         = uno.BulletedItem
	_ func(...uno.Span) *uno.Block         = uno.NumberedItem
	_ func(bool, ...uno.Span) *uno.Block   = uno.ToDo
	_ func(...uno.Span) *uno.Block         = uno.Toggle
	_ func(...uno.Span) *uno.Block         = uno.Quote
	_ func(string, ...uno.Span) *uno.Block = uno.Callout
	_ func(string, string) *uno.Block      = uno.CodeBlock
	_ func(string) *uno.Block              = uno.Equation
	_ func() *uno.Block                    = uno.Divider
	_ func(string) *uno.Block              = uno.Bookmark
	_ func(string) *uno.Block              = uno.Image
	_ func(bool, ...[]string) *uno.Block   = uno.Table

	_ func(*uno.Block, ...*uno.Block) *uno.Block = (*uno.Block).WithChildren
	_ func(*uno.Block) []uno.Span                = (*uno.Block).RichText
	_ func(*uno.Block) string                    = (*uno.Block).Text

	_ func(*uno.Page, context.Context, ...*uno.Block) ([]*uno.Block, error)  = (*uno.Page).Append
	_ func(*uno.Block, context.Context, ...*uno.Block) ([]*uno.Block, error) = (*uno.Block).Append
	_ func(*uno.Block, context.Context, ...*uno.Block) ([]*uno.Block, error) = (*uno.Block).InsertAfter
	_ func(*uno.Block, context.Context, *uno.Block) (*uno.Block, error)      = (*uno.Block).Update
	_ func(*uno.Block, context.Context) (*uno.Block, error)                  = (*uno.Block).Delete
	_ func(*uno.Block, context.Context) (*uno.Block, error)                  = (*uno.Block).Restore

	_ func([]*uno.Block) string                                      = uno.Markdown
	_ func(string) ([]*uno.Block, error)                             = uno.ParseMarkdown
	_ func(*uno.Page, context.Context) (string, error)               = (*uno.Page).Markdown
	_ func(*uno.Page, context.Context, string) ([]*uno.Block, error) = (*uno.Page).AppendMarkdown

	_ func(...*uno.Block) uno.PageOption = uno.WithContent
	_ func(string) uno.PageOption        = uno.WithIcon
	_ func(string) uno.PageOption        = uno.WithCover

	_ func(*uno.Comment) uuid.UUID                                           = (*uno.Comment).ID
	_ func(*uno.Comment) json.RawMessage                                     = (*uno.Comment).Raw
	_ func(*uno.Comment) string                                              = (*uno.Comment).Text
	_ func(*uno.Comment) string                                              = (*uno.Comment).DiscussionID
	_ func(*uno.Page, context.Context) ([]*uno.Comment, error)               = (*uno.Page).Comments
	_ func(*uno.Page, context.Context, ...uno.Span) (*uno.Comment, error)    = (*uno.Page).AddComment
	_ func(*uno.Comment, context.Context, ...uno.Span) (*uno.Comment, error) = (*uno.Comment).Reply
)
