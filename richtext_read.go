package uno

import (
	"github.com/uno-go/uno/internal/jsonscan"
	"github.com/uno-go/uno/internal/markdown"
)

// readRichText reads a rich text array (null is none).
func readRichText(r *jsonscan.Reader) []markdown.Span {
	if r.Peek() != '[' || !r.Array() {
		r.Skip()
		return nil
	}
	var out []markdown.Span
	for r.Elem() {
		if sp, ok := readSpan(r); ok {
			out = append(out, sp)
		}
	}
	return out
}

// readSpan reads one rich text item: text, equation or mention, with its annotations.
func readSpan(r *jsonscan.Reader) (markdown.Span, bool) {
	sp := markdown.Span{Kind: "text"}
	if r.Peek() != '{' || !r.Object() {
		r.Skip()
		return sp, false
	}
	var typ, href, content, link, expr string
	var mention []byte
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch string(key) {
		case "type":
			typ = readText(r)
		case "plain_text":
			sp.Text = readText(r)
		case "href":
			href = readText(r)
		case "annotations":
			readAnnotations(r, &sp)
		case "text":
			content, link = readTextObject(r)
		case "equation":
			expr = readMember(r, "expression")
		case "mention":
			start := r.Start()
			r.Skip()
			mention = r.Slice(start, r.End())
		default:
			r.Skip()
		}
	}
	switch typ {
	case "equation":
		sp.Kind, sp.Text = "equation", expr
	case "mention":
		sp.Kind = "mention"
		sp.Mention = decodeMention(mention)
		if sp.Mention != nil && sp.Mention.Type == "link_mention" && sp.Text == "" {
			sp.Text = href
		}
	default:
		if sp.Text == "" {
			sp.Text = content
		}
		sp.Link = link
		if sp.Link == "" {
			sp.Link = href
		}
	}
	return sp, true
}

// readAnnotations reads an annotations object into sp.
func readAnnotations(r *jsonscan.Reader, sp *markdown.Span) {
	if r.Peek() != '{' || !r.Object() {
		r.Skip()
		return
	}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch string(key) {
		case "bold":
			sp.Bold = readBool(r)
		case "italic":
			sp.Italic = readBool(r)
		case "strikethrough":
			sp.Strike = readBool(r)
		case "underline":
			sp.Underline = readBool(r)
		case "code":
			sp.Code = readBool(r)
		case "color":
			if c := readText(r); c != "default" {
				sp.Color = c
			}
		default:
			r.Skip()
		}
	}
}

// readTextObject reads a text item's "text": its content and link URL.
func readTextObject(r *jsonscan.Reader) (content, link string) {
	if r.Peek() != '{' || !r.Object() {
		r.Skip()
		return "", ""
	}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch string(key) {
		case "content":
			content = readText(r)
		case "link":
			link = readMember(r, "url")
		default:
			r.Skip()
		}
	}
	return content, link
}

// readMember reads an object and returns its string member name ("" for none or null).
func readMember(r *jsonscan.Reader, name string) string {
	if r.Peek() != '{' || !r.Object() {
		r.Skip()
		return ""
	}
	v := ""
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		if string(key) == name {
			v = readText(r)
		} else {
			r.Skip()
		}
	}
	return v
}

// readText reads a string; a value of another kind is skipped and gives "".
func readText(r *jsonscan.Reader) string {
	if r.Peek() != '"' {
		r.Skip()
		return ""
	}
	return r.ReadString()
}

// readBool reads a boolean; a value of another kind is skipped and gives false.
func readBool(r *jsonscan.Reader) bool {
	if c := r.Peek(); c != 't' && c != 'f' {
		r.Skip()
		return false
	}
	return r.Bool()
}
