package uno

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/uno-go/uno/internal/markdown"
)

// content returns the block's content in the model the writers and Markdown share: the
// built content of an unwritten block, else the content read from the JSON Notion sent.
// It must not be modified.
func (b *Block) content() *markdown.Node {
	if b.node != nil {
		return b.node
	}
	if b.contentJSON != nil {
		n := decodeContentOnly(b.contentJSON, b.kind)
		n.ID = b.id.String()
		return n
	}
	return decodeContent(b.raw, b.kind)
}

// decodeContentOnly reads the content object of a block of type kind.
func decodeContentOnly(content []byte, kind string) *markdown.Node {
	var c contentJSON
	if json.Unmarshal(content, &c) != nil {
		return &markdown.Node{Type: kind}
	}
	return nodeOf(&c, kind)
}

// RichText returns the block's rich text with its styles, links, mentions and equations: the
// text of a paragraph, heading, list item, to-do, toggle, quote or callout, a code block's
// code; nil for blocks without rich text.
func (b *Block) RichText() []Span { return spansOf(b.content().Text) }

// Caption returns the caption of a code, media, bookmark or embed block.
func (b *Block) Caption() []Span { return spansOf(b.content().Caption) }

// Checked reports whether a to-do is checked.
func (b *Block) Checked() bool { return b.content().Checked }

// Cells returns the cells of a table row.
func (b *Block) Cells() [][]Span {
	cells := b.content().Cells
	out := make([][]Span, len(cells))
	for i, c := range cells {
		out[i] = spansOf(c)
	}
	return out
}

// Nested returns the children that the block value carries: those given to WithChildren,
// those written with it (Append's answer) or read with it (Page.Content). It sends no
// request; Children asks Notion.
func (b *Block) Nested() []*Block { return b.kids }

// blockText is what Text returns: the plain text, a table's cells included.
func (b *Block) blockText() string {
	switch b.kind {
	case "table_row", "table", "equation", "bookmark", "embed", "image", "video", "audio",
		"pdf", "file", "link_to_page", "code", "column_list", "column", "synced_block":
	default:
		if b.node == nil {
			return b.text
		}
	}
	n := b.content()
	switch b.kind {
	case "table_row":
		return rowText(n.Cells)
	case "table":
		rows := make([]string, 0, len(b.kids))
		for _, r := range b.kids {
			rows = append(rows, r.Text())
		}
		return strings.Join(rows, "\n")
	case "equation":
		return n.Expression
	case "bookmark", "embed", "image", "video", "audio", "pdf", "file":
		if c := markdown.PlainText(n.Caption); c != "" {
			return c
		}
		if n.URL == "" && n.FileUpload != "" {
			return n.Name
		}
		return n.URL
	case "link_to_page":
		return n.Target
	case "child_page", "child_database":
		return n.Title
	case "column_list", "column", "synced_block":
		parts := make([]string, 0, len(b.kids))
		for _, k := range b.kids {
			parts = append(parts, k.Text())
		}
		return strings.Join(parts, "\n")
	}
	return markdown.PlainText(n.Text)
}

// describe is what String returns: the type, a to-do's state and the text.
func (b *Block) describe() string {
	if b.kind == "to_do" {
		state := "[ ] "
		if b.Checked() {
			state = "[x] "
		}
		return b.kind + ": " + state + b.blockText()
	}
	return b.kind + ": " + b.blockText()
}

// rowText joins a table row's cells with " | ".
func rowText(cells [][]markdown.Span) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = markdown.PlainText(c)
	}
	return strings.Join(parts, " | ")
}

// contentJSON is the type-specific content of a block as Notion answers it.
type contentJSON struct {
	RichText        []richTextJSON        `json:"rich_text"`
	Caption         []richTextJSON        `json:"caption"`
	Checked         bool                  `json:"checked"`
	IsToggleable    bool                  `json:"is_toggleable"`
	Color           string                `json:"color"`
	Icon            *iconObject           `json:"icon"`
	Language        string                `json:"language"`
	URL             string                `json:"url"`
	Type            string                `json:"type"`
	External        *struct{ URL string } `json:"external"`
	File            *struct{ URL string } `json:"file"`
	FileUpload      *struct{ ID string }  `json:"file_upload"`
	Name            string                `json:"name"`
	Expression      string                `json:"expression"`
	TableWidth      int                   `json:"table_width"`
	HasColumnHeader bool                  `json:"has_column_header"`
	HasRowHeader    bool                  `json:"has_row_header"`
	Cells           [][]richTextJSON      `json:"cells"`
	PageID          string                `json:"page_id"`
	DatabaseID      string                `json:"database_id"`
	BlockID         string                `json:"block_id"`
	SyncedFrom      *struct {
		BlockID string `json:"block_id"`
	} `json:"synced_from"`
	Title      string  `json:"title"`
	WidthRatio float64 `json:"width_ratio"`
}

// iconObject is an icon: an emoji, an external or Notion-hosted image, a custom emoji.
type iconObject struct {
	Type        string                `json:"type"`
	Emoji       string                `json:"emoji"`
	External    *struct{ URL string } `json:"external"`
	File        *struct{ URL string } `json:"file"`
	CustomEmoji *struct{ URL string } `json:"custom_emoji"`
}

// text is the icon as an emoji or URL.
func (i *iconObject) text() string {
	switch {
	case i == nil:
		return ""
	case i.Emoji != "":
		return i.Emoji
	case i.External != nil:
		return i.External.URL
	case i.File != nil:
		return i.File.URL
	case i.CustomEmoji != nil:
		return i.CustomEmoji.URL
	}
	return ""
}

// decodeContent reads the content of a block of type kind from its JSON; what it cannot
// read is left empty.
func decodeContent(raw []byte, kind string) *markdown.Node {
	n := &markdown.Node{Type: kind}
	var all blockContents
	if kind == "" || json.Unmarshal(raw, &all) != nil {
		return n
	}
	c := all.of(kind)
	if c == nil {
		var fields map[string]json.RawMessage
		if json.Unmarshal(raw, &fields) != nil || json.Unmarshal(fields[kind], &c) != nil || c == nil {
			return n
		}
	}
	n = nodeOf(c, kind)
	n.ID = all.ID
	return n
}

// nodeOf converts a block's decoded content.
func nodeOf(c *contentJSON, kind string) *markdown.Node {
	n := &markdown.Node{Type: kind}
	n.Text = decodeRichText(c.RichText)
	n.Caption = decodeRichText(c.Caption)
	n.Checked, n.Toggleable, n.Icon = c.Checked, c.IsToggleable, c.Icon.text()
	if c.Color != "default" {
		n.Color = c.Color
	}
	n.Language, n.Expression, n.Name, n.Title, n.WidthRatio = c.Language, c.Expression, c.Name, c.Title, c.WidthRatio
	n.Width, n.ColumnHeader, n.RowHeader = c.TableWidth, c.HasColumnHeader, c.HasRowHeader
	switch {
	case c.URL != "":
		n.URL = c.URL
	case c.External != nil:
		n.URL = c.External.URL
	case c.File != nil:
		n.URL = c.File.URL
	case c.FileUpload != nil:
		n.FileUpload = c.FileUpload.ID
	}
	for _, cell := range c.Cells {
		n.Cells = append(n.Cells, decodeRichText(cell))
	}
	switch kind {
	case "link_to_page":
		n.TargetType = c.Type
		n.Target = map[string]string{"page_id": c.PageID, "database_id": c.DatabaseID}[c.Type]
	case "synced_block":
		if c.SyncedFrom != nil {
			n.TargetType, n.Target = "block_id", c.SyncedFrom.BlockID
		}
	}
	return n
}

// requestContent encodes a block's content as a request gives it (children apart); an
// error for types an integration cannot create.
func requestContent(n *markdown.Node) (map[string]any, error) {
	text := func() map[string]any {
		m := map[string]any{"rich_text": richTextItems(n.Text)}
		if n.Color != "" && n.Color != "default" {
			m["color"] = n.Color
		}
		return m
	}
	caption := func(m map[string]any) map[string]any {
		if len(n.Caption) > 0 {
			m["caption"] = richTextItems(n.Caption)
		}
		return m
	}
	switch n.Type {
	case "paragraph", "bulleted_list_item", "numbered_list_item", "quote", "toggle":
		return text(), nil
	case "heading_1", "heading_2", "heading_3":
		m := text()
		m["is_toggleable"] = n.Toggleable
		return m, nil
	case "to_do":
		m := text()
		m["checked"] = n.Checked
		return m, nil
	case "callout":
		m := text()
		if icon, err := iconJSON(n.Icon); err == nil {
			m["icon"] = icon
		}
		return m, nil
	case "code":
		lang := n.Language
		if lang == "" {
			lang = "plain text"
		}
		return caption(map[string]any{"rich_text": richTextItems(n.Text), "language": lang}), nil
	case "equation":
		return map[string]any{"expression": n.Expression}, nil
	case "divider", "breadcrumb", "column_list":
		return map[string]any{}, nil
	case "table_of_contents":
		m := map[string]any{}
		if n.Color != "" && n.Color != "default" {
			m["color"] = n.Color
		}
		return m, nil
	case "column":
		m := map[string]any{}
		if n.WidthRatio > 0 {
			m["width_ratio"] = n.WidthRatio
		}
		return m, nil
	case "bookmark", "embed":
		return caption(map[string]any{"url": n.URL}), nil
	case "image", "video", "audio", "pdf", "file":
		m := map[string]any{"type": "external", "external": map[string]any{"url": n.URL}}
		if n.FileUpload != "" {
			m = map[string]any{"type": "file_upload", "file_upload": map[string]any{"id": n.FileUpload}}
		}
		if n.Type == "file" && n.Name != "" {
			m["name"] = n.Name
		}
		return caption(m), nil
	case "table":
		return map[string]any{"table_width": max(n.Width, 1), "has_column_header": n.ColumnHeader, "has_row_header": n.RowHeader}, nil
	case "table_row":
		cells := make([]any, len(n.Cells))
		for i, c := range n.Cells {
			cells[i] = richTextItems(c)
		}
		return map[string]any{"cells": cells}, nil
	case "link_to_page":
		typ := n.TargetType
		if typ == "" {
			typ = "page_id"
		}
		return map[string]any{"type": typ, typ: n.Target}, nil
	case "synced_block":
		if n.Target != "" {
			return map[string]any{"synced_from": map[string]any{"type": "block_id", "block_id": n.Target}}, nil
		}
		return map[string]any{"synced_from": nil}, nil
	}
	return nil, fmt.Errorf("%w: a %q block cannot be created through Notion's API", ErrInvalidBlock, n.Type)
}

// MarshalJSON encodes a block as Notion sent it; an unwritten block as a request would give
// it, with its children.
func (b *Block) MarshalJSON() ([]byte, error) {
	if b.raw != nil {
		return b.raw, nil
	}
	m, err := blockRequest(b)
	if err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// UnmarshalJSON decodes a block from the JSON Notion sends, so that blocks read elsewhere
// (a file, a recording) can be rendered with Markdown.
func (b *Block) UnmarshalJSON(data []byte) error {
	nb, err := newBlock(append([]byte(nil), data...), nil)
	if err != nil {
		return err
	}
	*b = *nb
	return nil
}

// blockContents holds the content of every block type, so that a block's JSON is read in one
// pass whatever its type.
type blockContents struct {
	ID               string       `json:"id"`
	Paragraph        *contentJSON `json:"paragraph"`
	Heading1         *contentJSON `json:"heading_1"`
	Heading2         *contentJSON `json:"heading_2"`
	Heading3         *contentJSON `json:"heading_3"`
	BulletedListItem *contentJSON `json:"bulleted_list_item"`
	NumberedListItem *contentJSON `json:"numbered_list_item"`
	ToDo             *contentJSON `json:"to_do"`
	Toggle           *contentJSON `json:"toggle"`
	Quote            *contentJSON `json:"quote"`
	Callout          *contentJSON `json:"callout"`
	Code             *contentJSON `json:"code"`
	Equation         *contentJSON `json:"equation"`
	Divider          *contentJSON `json:"divider"`
	Breadcrumb       *contentJSON `json:"breadcrumb"`
	ColumnList       *contentJSON `json:"column_list"`
	Column           *contentJSON `json:"column"`
	TableOfContents  *contentJSON `json:"table_of_contents"`
	Bookmark         *contentJSON `json:"bookmark"`
	Embed            *contentJSON `json:"embed"`
	Image            *contentJSON `json:"image"`
	Video            *contentJSON `json:"video"`
	Pdf              *contentJSON `json:"pdf"`
	Audio            *contentJSON `json:"audio"`
	File             *contentJSON `json:"file"`
	Table            *contentJSON `json:"table"`
	TableRow         *contentJSON `json:"table_row"`
	SyncedBlock      *contentJSON `json:"synced_block"`
	LinkToPage       *contentJSON `json:"link_to_page"`
	LinkPreview      *contentJSON `json:"link_preview"`
	ChildPage        *contentJSON `json:"child_page"`
	ChildDatabase    *contentJSON `json:"child_database"`
	Template         *contentJSON `json:"template"`
	Unsupported      *contentJSON `json:"unsupported"`
}

// of returns the content of block type kind, nil when absent or of a type not listed.
func (b *blockContents) of(kind string) *contentJSON {
	switch kind {
	case "paragraph":
		return b.Paragraph
	case "heading_1":
		return b.Heading1
	case "heading_2":
		return b.Heading2
	case "heading_3":
		return b.Heading3
	case "bulleted_list_item":
		return b.BulletedListItem
	case "numbered_list_item":
		return b.NumberedListItem
	case "to_do":
		return b.ToDo
	case "toggle":
		return b.Toggle
	case "quote":
		return b.Quote
	case "callout":
		return b.Callout
	case "code":
		return b.Code
	case "equation":
		return b.Equation
	case "divider":
		return b.Divider
	case "breadcrumb":
		return b.Breadcrumb
	case "column_list":
		return b.ColumnList
	case "column":
		return b.Column
	case "table_of_contents":
		return b.TableOfContents
	case "bookmark":
		return b.Bookmark
	case "embed":
		return b.Embed
	case "image":
		return b.Image
	case "video":
		return b.Video
	case "pdf":
		return b.Pdf
	case "audio":
		return b.Audio
	case "file":
		return b.File
	case "table":
		return b.Table
	case "table_row":
		return b.TableRow
	case "synced_block":
		return b.SyncedBlock
	case "link_to_page":
		return b.LinkToPage
	case "link_preview":
		return b.LinkPreview
	case "child_page":
		return b.ChildPage
	case "child_database":
		return b.ChildDatabase
	case "template":
		return b.Template
	case "unsupported":
		return b.Unsupported
	}
	return nil
}
