package uno

import (
	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/markdown"
)

// Blocks built in code are values without an id until they are written (Page.Append,
// Block.Append, Block.InsertAfter, CreatePage with WithContent). Their children are given
// with WithChildren.

// newBlockOf returns an unwritten block of type typ with content n.
func newBlockOf(n *markdown.Node) *Block {
	return &Block{kind: n.Type, node: n}
}

// newTextBlock returns an unwritten block of type typ holding rich text.
func newTextBlock(typ string, text []Span) *Block {
	return newBlockOf(&markdown.Node{Type: typ, Text: modelSpans(text)})
}

// Paragraph returns a paragraph.
func Paragraph(text ...Span) *Block { return newTextBlock("paragraph", text) }

// Heading1 returns a heading of the first level.
func Heading1(text ...Span) *Block { return newTextBlock("heading_1", text) }

// Heading2 returns a heading of the second level.
func Heading2(text ...Span) *Block { return newTextBlock("heading_2", text) }

// Heading3 returns a heading of the third level.
func Heading3(text ...Span) *Block { return newTextBlock("heading_3", text) }

// ToggleHeading1 returns a toggleable heading of the first level: it can hold children.
func ToggleHeading1(text ...Span) *Block { return toggleHeading("heading_1", text) }

// ToggleHeading2 returns a toggleable heading of the second level.
func ToggleHeading2(text ...Span) *Block { return toggleHeading("heading_2", text) }

// ToggleHeading3 returns a toggleable heading of the third level.
func ToggleHeading3(text ...Span) *Block { return toggleHeading("heading_3", text) }

// toggleHeading returns a toggleable heading.
func toggleHeading(typ string, text []Span) *Block {
	b := newTextBlock(typ, text)
	b.node.Toggleable = true
	return b
}

// BulletedItem returns an item of a bulleted list.
func BulletedItem(text ...Span) *Block { return newTextBlock("bulleted_list_item", text) }

// NumberedItem returns an item of a numbered list.
func NumberedItem(text ...Span) *Block { return newTextBlock("numbered_list_item", text) }

// ToDo returns a to-do item, checked or not.
func ToDo(checked bool, text ...Span) *Block {
	b := newTextBlock("to_do", text)
	b.node.Checked = checked
	return b
}

// Toggle returns a toggle: a title whose children show when it is opened.
func Toggle(text ...Span) *Block { return newTextBlock("toggle", text) }

// Quote returns a quote.
func Quote(text ...Span) *Block { return newTextBlock("quote", text) }

// Callout returns a callout with an icon: an emoji such as "💡" or an image URL ("" for
// Notion's default).
func Callout(icon string, text ...Span) *Block {
	b := newTextBlock("callout", text)
	b.node.Icon = icon
	return b
}

// CodeBlock returns a code block. language is one of Notion's code languages such as "go",
// "python" or "plain text"; common names (sh, js, yml, golang, ...) are mapped to them.
func CodeBlock(language, code string) *Block {
	n := &markdown.Node{Type: "code", Language: markdown.Language(language), Text: []markdown.Span{{Kind: "text", Text: code}}}
	return newBlockOf(n)
}

// Equation returns a block equation (a KaTeX expression).
func Equation(expression string) *Block {
	return newBlockOf(&markdown.Node{Type: "equation", Expression: expression})
}

// Divider returns a horizontal rule.
func Divider() *Block { return newBlockOf(&markdown.Node{Type: "divider"}) }

// Breadcrumb returns a breadcrumb: the path to the page.
func Breadcrumb() *Block { return newBlockOf(&markdown.Node{Type: "breadcrumb"}) }

// TableOfContents returns a table of contents of the page's headings.
func TableOfContents() *Block { return newBlockOf(&markdown.Node{Type: "table_of_contents"}) }

// Bookmark returns a bookmark of a web page.
func Bookmark(url string) *Block { return urlBlock("bookmark", url) }

// Embed returns an embedded web page.
func Embed(url string) *Block { return urlBlock("embed", url) }

// Image returns an image shown from an external URL.
func Image(url string) *Block { return urlBlock("image", url) }

// Video returns a video from an external URL.
func Video(url string) *Block { return urlBlock("video", url) }

// Audio returns an audio file from an external URL.
func Audio(url string) *Block { return urlBlock("audio", url) }

// PDF returns a PDF from an external URL.
func PDF(url string) *Block { return urlBlock("pdf", url) }

// File returns a file from an external URL.
func File(url string) *Block { return urlBlock("file", url) }

// urlBlock returns a block of type typ pointing to url.
func urlBlock(typ, url string) *Block {
	return newBlockOf(&markdown.Node{Type: typ, URL: url})
}

// Uploaded is what a media block can show from a file upload: a *FileUpload, or anything
// else that has the upload's id.
type Uploaded interface{ ID() uuid.UUID }

// UploadedImage returns an image showing a file upload.
func UploadedImage(f Uploaded) *Block { return uploadBlock("image", f) }

// UploadedVideo returns a video showing a file upload.
func UploadedVideo(f Uploaded) *Block { return uploadBlock("video", f) }

// UploadedAudio returns an audio block playing a file upload.
func UploadedAudio(f Uploaded) *Block { return uploadBlock("audio", f) }

// UploadedPDF returns a PDF block showing a file upload.
func UploadedPDF(f Uploaded) *Block { return uploadBlock("pdf", f) }

// UploadedFile returns a file block offering a file upload.
func UploadedFile(f Uploaded) *Block { return uploadBlock("file", f) }

// uploadBlock returns a media block of type typ showing a file upload.
func uploadBlock(typ string, f Uploaded) *Block {
	n := &markdown.Node{Type: typ}
	if f != nil {
		n.FileUpload = f.ID().String()
	}
	return newBlockOf(n)
}

// Table returns a table of plain-text cells; hasHeader makes the first row the column
// header. It is as wide as its widest row.
func Table(hasHeader bool, rows ...[]string) *Block {
	kids := make([]*Block, len(rows))
	for i, r := range rows {
		cells := make([][]Span, len(r))
		for j, c := range r {
			cells[j] = []Span{Plain(c)}
		}
		kids[i] = TableRow(cells...)
	}
	return RichTable(hasHeader, false, kids...)
}

// RichTable returns a table of rows made with TableRow; hasColumnHeader and hasRowHeader make
// the first row and the first column headers.
func RichTable(hasColumnHeader, hasRowHeader bool, rows ...*Block) *Block {
	n := &markdown.Node{Type: "table", ColumnHeader: hasColumnHeader, RowHeader: hasRowHeader}
	for _, r := range rows {
		if r != nil && r.node != nil {
			n.Width = max(n.Width, len(r.node.Cells))
		}
	}
	b := newBlockOf(n)
	b.kids = padRows(rows, n.Width)
	return b
}

// padRows gives every row of a table its width, as Notion requires.
func padRows(rows []*Block, width int) []*Block {
	out := make([]*Block, 0, len(rows))
	for _, r := range rows {
		if r == nil || r.node == nil {
			out = append(out, r)
			continue
		}
		if len(r.node.Cells) < width {
			c := r.clone()
			cells := append([][]markdown.Span(nil), r.node.Cells...)
			for len(cells) < width {
				cells = append(cells, nil)
			}
			c.node.Cells = cells
			r = c
		}
		out = append(out, r)
	}
	return out
}

// TableRow returns a row of a table, one rich text per cell.
func TableRow(cells ...[]Span) *Block {
	n := &markdown.Node{Type: "table_row", Cells: make([][]markdown.Span, len(cells))}
	for i, c := range cells {
		n.Cells[i] = modelSpans(c)
	}
	return newBlockOf(n)
}

// Columns returns a column list: one column per argument, each holding those blocks. Notion
// needs at least two columns, each with content.
func Columns(columns ...[]*Block) *Block {
	b := newBlockOf(&markdown.Node{Type: "column_list"})
	for _, c := range columns {
		b.kids = append(b.kids, Column(c...))
	}
	return b
}

// Column returns one column of a column list, for ColumnList.
func Column(children ...*Block) *Block {
	b := newBlockOf(&markdown.Node{Type: "column"})
	b.kids = children
	return b
}

// ColumnList returns a column list of columns made with Column.
func ColumnList(columns ...*Block) *Block {
	b := newBlockOf(&markdown.Node{Type: "column_list"})
	b.kids = columns
	return b
}

// LinkToPage returns a link to a page or database.
func LinkToPage(target Parent) *Block {
	n := &markdown.Node{Type: "link_to_page", TargetType: "page_id"}
	if target != nil {
		n.Target = target.ID().String()
		if _, ok := target.(*Database); ok {
			n.TargetType = "database_id"
		}
	}
	return newBlockOf(n)
}

// SyncedBlock returns an original synced block holding children; copies of it show the
// same content wherever they are.
func SyncedBlock(children ...*Block) *Block {
	b := newBlockOf(&markdown.Node{Type: "synced_block"})
	b.kids = children
	return b
}

// SyncedCopy returns a copy of a written synced block: it shows the original's content.
func SyncedCopy(original *Block) *Block {
	n := &markdown.Node{Type: "synced_block", TargetType: "block_id"}
	if original != nil {
		n.Target = original.ID().String()
	}
	return newBlockOf(n)
}

// WithChildren returns a copy of the block with children added after those it has.
func (b *Block) WithChildren(children ...*Block) *Block {
	c := b.clone()
	c.kids = append(append([]*Block(nil), b.kids...), children...)
	if c.kind == "table" {
		c.kids = padRows(c.kids, c.node.Width)
	}
	return c
}

// WithColor returns a copy of the block in a Notion colour, such as "red" or
// "yellow_background".
func (b *Block) WithColor(color string) *Block {
	c := b.clone()
	c.node.Color = color
	return c
}

// WithCaption returns a copy of a code, media, bookmark or embed block with a caption.
func (b *Block) WithCaption(caption ...Span) *Block {
	c := b.clone()
	c.node.Caption = modelSpans(caption)
	return c
}

// WithWidth returns a copy of a column taking that share (0 to 1) of its list's width.
func (b *Block) WithWidth(ratio float64) *Block {
	c := b.clone()
	c.node.WidthRatio = ratio
	return c
}

// clone returns an unwritten copy of the block's content and children, to change.
func (b *Block) clone() *Block {
	n := *b.content()
	n.Children = nil
	c := &Block{kind: b.kind, node: &n, kids: b.kids}
	if c.kind == "" {
		c.kind = n.Type
	}
	return c
}
