package uno

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/markdown"
)

// Span is one piece of rich text: text with its style and link, an inline equation, or a
// mention of a page, database, data source, user or date. Spans are values: the modifiers
// return a changed copy.
//
//	uno.Paragraph(uno.Plain("Read "), uno.Link("the docs", "https://example.com").Bold(), uno.Plain("."))
//
// Text longer than Notion's 2,000 characters per rich-text item is split into several items
// when it is written; nothing is cut.
type Span struct {
	s markdown.Span
}

// Style is the annotations of a span.
type Style struct {
	Bold, Italic, Strikethrough, Underline, Code bool
	// Color is a Notion colour such as "red" or "blue_background"; "default" for none.
	Color string
}

// Plain returns unstyled text.
func Plain(text string) Span { return Span{markdown.Span{Kind: "text", Text: text}} }

// Bold returns bold text.
func Bold(text string) Span { return Plain(text).Bold() }

// Italic returns italic text.
func Italic(text string) Span { return Plain(text).Italic() }

// Link returns text linked to url.
func Link(text, url string) Span { return Plain(text).WithLink(url) }

// Math returns an inline equation (a KaTeX expression).
func Math(expression string) Span {
	return Span{markdown.Span{Kind: "equation", Text: expression}}
}

// MentionOf returns a mention of a page or database (a data source too, once the session
// speaks a version that has them). Notion shows it with the object's current title.
func MentionOf(obj Parent) Span {
	if obj == nil {
		return Plain("")
	}
	kind := "page"
	switch obj.(type) {
	case *Database:
		kind = "database"
	case *Page:
	default:
		if k, ok := obj.parentJSON()["type"]; ok && k != "page_id" {
			kind = strings.TrimSuffix(k, "_id")
		}
	}
	return MentionID(kind, obj.ID())
}

// MentionUser returns a mention of a user; Notion shows it as "@Name".
func MentionUser(u *User) Span {
	if u == nil {
		return Plain("")
	}
	return MentionID("user", u.ID())
}

// MentionID returns a mention of the object with that id; kind is "page", "database",
// "data_source" or "user".
func MentionID(kind string, id uuid.UUID) Span {
	return Span{markdown.Span{Kind: "mention", Text: id.String(), Mention: &markdown.Mention{Type: kind, ID: id.String()}}}
}

// MentionDate returns a mention of a date or date range.
func MentionDate(d DateValue) Span {
	m := &markdown.Mention{Type: "date", Start: formatMentionDate(d.Start, d.HasTime)}
	if !d.End.IsZero() {
		m.End = formatMentionDate(d.End, d.HasTime)
	}
	text := m.Start
	if m.End != "" {
		text += " → " + m.End
	}
	return Span{markdown.Span{Kind: "mention", Text: text, Mention: m}}
}

// formatMentionDate writes a date as Notion takes it.
func formatMentionDate(t time.Time, hasTime bool) string {
	if hasTime {
		return t.Format(time.RFC3339)
	}
	return t.Format(time.DateOnly)
}

// Bold returns the span in bold.
func (s Span) Bold() Span { s.s.Bold = true; return s }

// Italic returns the span in italics.
func (s Span) Italic() Span { s.s.Italic = true; return s }

// Strikethrough returns the span struck through.
func (s Span) Strikethrough() Span { s.s.Strike = true; return s }

// Underline returns the span underlined.
func (s Span) Underline() Span { s.s.Underline = true; return s }

// Code returns the span as inline code.
func (s Span) Code() Span { s.s.Code = true; return s }

// Color returns the span in a Notion colour: "gray", "brown", "orange", "yellow", "green",
// "blue", "purple", "pink", "red", or one of those with "_background".
func (s Span) Color(color string) Span { s.s.Color = color; return s }

// WithLink returns the span linked to url (text only; mentions and equations have no links).
func (s Span) WithLink(url string) Span {
	if s.s.Kind == "text" {
		s.s.Link = url
	}
	return s
}

// Text returns the plain text: the text, the equation's expression, or the mention as Notion
// shows it.
func (s Span) Text() string { return s.s.Text }

// String returns the plain text.
func (s Span) String() string { return s.s.Text }

// Kind returns "text", "equation" or "mention".
func (s Span) Kind() string { return s.s.Kind }

// Style returns the span's annotations.
func (s Span) Style() Style {
	c := s.s.Color
	if c == "" {
		c = "default"
	}
	return Style{Bold: s.s.Bold, Italic: s.s.Italic, Strikethrough: s.s.Strike, Underline: s.s.Underline, Code: s.s.Code, Color: c}
}

// URL returns the link of a linked span, "" for none.
func (s Span) URL() string { return s.s.Link }

// Mention returns what a mention refers to: its kind ("page", "database", "data_source",
// "user", "date", ...) and, for objects, the id; ok is false for other spans.
func (s Span) Mention() (kind string, id uuid.UUID, ok bool) {
	if s.s.Mention == nil {
		return "", uuid.Nil, false
	}
	id, _ = uuid.Parse(s.s.Mention.ID)
	return s.s.Mention.Type, id, true
}

// spansOf wraps model spans.
func spansOf(in []markdown.Span) []Span {
	if len(in) == 0 {
		return nil
	}
	out := make([]Span, len(in))
	for i, s := range in {
		out[i] = Span{s}
	}
	return out
}

// modelSpans unwraps spans.
func modelSpans(in []Span) []markdown.Span {
	if len(in) == 0 {
		return nil
	}
	out := make([]markdown.Span, len(in))
	for i, s := range in {
		out[i] = s.s
	}
	return out
}

// Notion's limits on rich text, in UTF-16 code units: the text of one item (the most items
// of one array is maxRichTextItems), a link's URL, an equation's expression.
const (
	maxRichTextContent = 2000
	maxLinkURL         = 2000
	maxEquation        = 1000
)

// unitLen is the length of s in UTF-16 code units, as Notion counts.
func unitLen(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// richTextItems encodes rich text as Notion's request items: neighbours of one style merged,
// text longer than an item holds split over several items.
func richTextItems(spans []markdown.Span) []any {
	items := make([]any, 0, len(spans))
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		if s.Kind == "text" || s.Kind == "" {
			for i+1 < len(spans) && sameTextStyle(s, spans[i+1]) {
				i++
				s.Text += spans[i].Text
			}
			if s.Text == "" {
				continue
			}
			for _, part := range splitUnits(s.Text, maxRichTextContent) {
				items = append(items, textItem(s, part))
			}
			continue
		}
		items = append(items, richItem(s))
	}
	return items
}

// sameTextStyle reports whether two text spans can be one item.
func sameTextStyle(a, b markdown.Span) bool {
	return (b.Kind == "text" || b.Kind == "") && a.Bold == b.Bold && a.Italic == b.Italic && a.Strike == b.Strike &&
		a.Underline == b.Underline && a.Code == b.Code && normColor(a.Color) == normColor(b.Color) && a.Link == b.Link
}

// normColor is a colour with "" as "default".
func normColor(c string) string {
	if c == "" {
		return "default"
	}
	return c
}

// annotations encodes a span's style; nil when it has none.
func annotations(s markdown.Span) map[string]any {
	if !s.Bold && !s.Italic && !s.Strike && !s.Underline && !s.Code && normColor(s.Color) == "default" {
		return nil
	}
	return map[string]any{"bold": s.Bold, "italic": s.Italic, "strikethrough": s.Strike,
		"underline": s.Underline, "code": s.Code, "color": normColor(s.Color)}
}

// textItem encodes one text item. A link Notion refuses (not an absolute URL, such as a
// relative link of a Markdown file or "#section", or longer than 2,000 characters) is left
// out; the text stays.
func textItem(s markdown.Span, text string) map[string]any {
	t := map[string]any{"content": text}
	if s.Link != "" && absoluteURL(s.Link) && unitLen(s.Link) <= maxLinkURL {
		t["link"] = map[string]any{"url": s.Link}
	}
	item := map[string]any{"type": "text", "text": t}
	if a := annotations(s); a != nil {
		item["annotations"] = a
	}
	return item
}

// richItem encodes an equation or mention item.
func richItem(s markdown.Span) map[string]any {
	var item map[string]any
	switch s.Kind {
	case "equation":
		if unitLen(s.Text) > maxEquation {
			// Notion takes no longer equation: it stays as code.
			s.Kind, s.Code = "text", true
			return textItem(s, s.Text)
		}
		item = map[string]any{"type": "equation", "equation": map[string]any{"expression": s.Text}}
	case "mention":
		item = map[string]any{"type": "mention", "mention": mentionJSON(s.Mention)}
	default:
		return textItem(s, s.Text)
	}
	if a := annotations(s); a != nil {
		item["annotations"] = a
	}
	return item
}

// mentionJSON encodes what a mention refers to.
func mentionJSON(m *markdown.Mention) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	switch m.Type {
	case "date":
		d := map[string]any{"start": m.Start}
		if m.End != "" {
			d["end"] = m.End
		}
		return map[string]any{"type": "date", "date": d}
	case "link_preview":
		return map[string]any{"type": "link_preview", "link_preview": map[string]any{"url": m.URL}}
	}
	return map[string]any{"type": m.Type, m.Type: map[string]any{"id": m.ID}}
}

// splitUnits cuts text into pieces of at most limit UTF-16 code units (Notion counts
// characters as JavaScript does), never inside a character.
func splitUnits(text string, limit int) []string {
	var parts []string
	for len(text) > 0 {
		units, cut := 0, 0
		for cut < len(text) {
			r, size := utf8.DecodeRuneInString(text[cut:])
			n := max(utf16.RuneLen(r), 1)
			if units+n > limit {
				break
			}
			units += n
			cut += size
		}
		parts = append(parts, text[:cut])
		text = text[cut:]
	}
	return parts
}

// decodeMention reads the object of a mention item.
func decodeMention(raw []byte) *markdown.Mention {
	var m map[string]json.RawMessage
	var typ string
	if json.Unmarshal(raw, &m) != nil || json.Unmarshal(m["type"], &typ) != nil || typ == "" {
		return nil
	}
	var body struct {
		ID    string `json:"id"`
		Start string `json:"start"`
		End   string `json:"end"`
		URL   string `json:"url"`
		Href  string `json:"href"`
	}
	_ = json.Unmarshal(m[typ], &body)
	out := &markdown.Mention{Type: typ, ID: body.ID, Start: body.Start, End: body.End, URL: body.URL}
	if out.URL == "" {
		out.URL = body.Href
	}
	return out
}

// absoluteURL reports whether link is a URL Notion takes for a link or a file: one with a
// scheme and a host, or a mailto: or tel: URL.
func absoluteURL(link string) bool {
	u, err := url.Parse(link)
	if err != nil || u.Scheme == "" {
		return false
	}
	return u.Host != "" || u.Scheme == "mailto" || u.Scheme == "tel"
}
