package uno

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/jsonscan"
	"github.com/uno-go/uno/internal/markdown"
)

// content returns the block's content in the model the writers and Markdown share: the
// built content of an unwritten block, else the content read from the JSON Notion sent.
// It must not be modified.
func (b *Block) content() *markdown.Node {
	if b.node != nil {
		return b.node
	}
	n := &markdown.Node{Type: b.kind}
	if b.contentJSON != nil {
		r := jsonscan.NewReader(b.contentJSON)
		n = readContent(&r, b.kind)
	}
	if b.id != uuid.Nil {
		n.ID = b.id.String()
	}
	return n
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

// blockText is what Text returns: the plain text, a to-do's state and a table's cells
// included.
func (b *Block) blockText() string {
	switch b.kind {
	case "to_do", "table_row", "table", "equation", "bookmark", "embed", "image", "video", "audio",
		"pdf", "file", "link_to_page", "code", "column_list", "column", "synced_block":
	default:
		if b.node == nil {
			return b.text
		}
	}
	n := b.content()
	switch b.kind {
	case "to_do":
		return todoState(n.Checked) + markdown.PlainText(n.Text)
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

// todoState is how Text shows a to-do's state, as Markdown's task lists do.
func todoState(checked bool) string {
	if checked {
		return "[x] "
	}
	return "[ ] "
}

// rowText joins a table row's cells with " | ".
func rowText(cells [][]markdown.Span) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = markdown.PlainText(c)
	}
	return strings.Join(parts, " | ")
}

// readContent reads the content object of a block of type kind, in one pass; members of
// another shape than expected are skipped.
func readContent(r *jsonscan.Reader, kind string) *markdown.Node {
	n := &markdown.Node{Type: kind}
	if r.Peek() != '{' || !r.Object() {
		r.Skip()
		return n
	}
	var typ, url, external, file, pageID, databaseID string
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch string(key) {
		case "rich_text":
			n.Text = readRichText(r)
		case "caption":
			n.Caption = readRichText(r)
		case "checked":
			n.Checked = readBool(r)
		case "is_toggleable":
			n.Toggleable = readBool(r)
		case "color":
			if c := readText(r); c != "default" {
				n.Color = c
			}
		case "icon":
			n.Icon = readIcon(r)
		case "language":
			n.Language = readText(r)
		case "url":
			url = readText(r)
		case "type":
			typ = readText(r)
		case "external":
			external = readMember(r, "url")
		case "file":
			file = readMember(r, "url")
		case "file_upload":
			n.FileUpload = readMember(r, "id")
		case "name":
			n.Name = readText(r)
		case "expression":
			n.Expression = readText(r)
		case "table_width":
			n.Width = int(readNumber(r))
		case "has_column_header":
			n.ColumnHeader = readBool(r)
		case "has_row_header":
			n.RowHeader = readBool(r)
		case "cells":
			if r.Peek() != '[' || !r.Array() {
				r.Skip()
				continue
			}
			for r.Elem() {
				n.Cells = append(n.Cells, readRichText(r))
			}
		case "page_id":
			pageID = readText(r)
		case "database_id":
			databaseID = readText(r)
		case "synced_from":
			if id := readMember(r, "block_id"); id != "" {
				n.TargetType, n.Target = "block_id", id
			}
		case "title":
			n.Title = readText(r)
		case "width_ratio":
			n.WidthRatio = readNumber(r)
		default:
			r.Skip()
		}
	}
	switch {
	case url != "":
		n.URL = url
	case external != "":
		n.URL = external
	case file != "":
		n.URL = file
	}
	if kind == "link_to_page" {
		n.TargetType = typ
		n.Target = map[string]string{"page_id": pageID, "database_id": databaseID}[typ]
	}
	return n
}

// readIcon reads an icon (an emoji, an external or Notion-hosted image, a custom emoji) as
// the emoji or the image's URL.
func readIcon(r *jsonscan.Reader) string {
	if r.Peek() != '{' || !r.Object() {
		r.Skip()
		return ""
	}
	icon := ""
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch string(key) {
		case "emoji":
			icon = readText(r)
		case "external", "file", "custom_emoji":
			if u := readMember(r, "url"); u != "" {
				icon = u
			}
		default:
			r.Skip()
		}
	}
	return icon
}

// readNumber reads a number; a value of another kind is skipped and gives 0.
func readNumber(r *jsonscan.Reader) float64 {
	start := r.Start()
	c := r.Peek()
	r.Skip()
	if c != '-' && (c < '0' || c > '9') {
		return 0
	}
	f, _ := strconv.ParseFloat(string(r.Slice(start, r.End())), 64)
	return f
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
