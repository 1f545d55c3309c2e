// Package markdown converts between Notion content and Markdown: CommonMark with GitHub's
// tables, task lists, strikethrough and autolinks, parsed with goldmark. It works on a plain
// model of Notion blocks (Node) and rich text (Span), so that it stays pure: no network, no
// session. mapping.go holds the table of what maps to what.
package markdown

// Span is one rich-text item.
type Span struct {
	// Kind is "text", "equation" or "mention".
	Kind string
	// Text is the content: the text, an equation's expression, or a mention's plain text.
	Text string
	// Annotations.
	Bold, Italic, Strike, Underline, Code bool
	// Color is a Notion colour such as "red" or "blue_background"; "" or "default" for none.
	Color string
	// Link is the URL of a linked text item.
	Link string
	// Mention is set for mentions.
	Mention *Mention
}

// Mention is what a mention span refers to.
type Mention struct {
	// Type is "page", "database", "data_source", "user", "date", "link_preview", ...
	Type string
	// ID is the dashed UUID of a page, database, data source or user.
	ID string
	// Start and End are a date mention's dates (End may be "").
	Start, End string
	// URL is a link preview's or link mention's URL.
	URL string
}

// sameStyle reports whether two spans differ only in their text, so that they can be merged.
func sameStyle(a, b Span) bool {
	return a.Kind == "text" && b.Kind == "text" && a.Bold == b.Bold && a.Italic == b.Italic &&
		a.Strike == b.Strike && a.Underline == b.Underline && a.Code == b.Code &&
		colorOf(a) == colorOf(b) && a.Link == b.Link
}

// colorOf is a span's colour, "" for the default.
func colorOf(s Span) string {
	if s.Color == "default" {
		return ""
	}
	return s.Color
}

// Node is one Notion block as the conversion sees it.
type Node struct {
	// Type is the Notion block type, such as "paragraph" or "to_do".
	Type string
	// Text is the block's rich text (a to-do's, heading's, callout's text, a code block's code).
	Text []Span
	// Caption is the caption of code, media, bookmark and embed blocks.
	Caption []Span
	// Checked is a to-do's state.
	Checked bool
	// Toggleable marks headings that hold children.
	Toggleable bool
	// Color is the block's colour ("" or "default" for none).
	Color string
	// Icon is a callout's icon: an emoji or an image URL.
	Icon string
	// Language is a code block's Notion language, such as "go" or "plain text".
	Language string
	// URL is the URL of a bookmark, embed or media block.
	URL string
	// FileUpload is the id of a file upload a media block shows.
	FileUpload string
	// Name is a file block's name.
	Name string
	// Expression is an equation block's expression.
	Expression string
	// Width, ColumnHeader and RowHeader describe a table.
	Width                   int
	ColumnHeader, RowHeader bool
	// Cells are a table row's cells.
	Cells [][]Span
	// TargetType and Target name what a link_to_page block points to ("page_id",
	// "database_id") and a duplicate synced block's original ("block_id").
	TargetType, Target string
	// Title is the title of a child page or child database.
	Title string
	// ID is the block's own id, when it has one (child pages link to it).
	ID string
	// WidthRatio is a column's share of its column list's width (0: even).
	WidthRatio float64
	// Children are the nested blocks.
	Children []*Node
}

// PlainText joins the text of spans.
func PlainText(spans []Span) string {
	n := 0
	for _, s := range spans {
		n += len(s.Text)
	}
	b := make([]byte, 0, n)
	for _, s := range spans {
		b = append(b, s.Text...)
	}
	return string(b)
}
