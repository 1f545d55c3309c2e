package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// inline converts the inline content of one block into rich text.
type inline struct {
	p     *parser
	cell  bool // a table cell: <br> is a line break
	spans []Span
	raws  []string // the source of each text span, for the syntax that only unescaped text has

	bold, italic, strike, underline int
	colors                          []string
	link                            string

	// checked is a task list item's state, when the content starts with a checkbox.
	checked *bool
	// tail is the source of the text nodes at the end of the content so far, which may end
	// in a colour suffix (goldmark splits text at characters such as "_").
	tail string
}

// spansOf converts the inline children of n.
func (in *inline) spansOf(n ast.Node) []Span {
	spans := in.walkAll(n)
	return finish(spans, in.raws)
}

// walkAll converts the inline children of n without the final clean-up.
func (in *inline) walkAll(n ast.Node) []Span {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		in.walk(c)
	}
	return in.spans
}

// current returns a text span with the marks in effect.
func (in *inline) current(s string) Span {
	sp := Span{Kind: "text", Text: s, Bold: in.bold > 0, Italic: in.italic > 0, Strike: in.strike > 0,
		Underline: in.underline > 0, Link: in.link}
	if k := len(in.colors); k > 0 {
		sp.Color = in.colors[k-1]
	}
	return sp
}

// add appends a span and the source it came from.
func (in *inline) add(s Span, raw string) {
	in.spans = append(in.spans, s)
	in.raws = append(in.raws, raw)
}

// walk converts one inline node.
func (in *inline) walk(n ast.Node) {
	src := in.p.src
	switch n := n.(type) {
	case *ast.Text:
		raw := string(n.Value(src))
		value := raw
		if !n.IsRaw() {
			value = unescape(raw)
		}
		in.add(in.current(value), raw)
		in.tail += raw
		if n.HardLineBreak() {
			in.add(in.current("\n"), "")
			in.tail = ""
		} else if n.SoftLineBreak() {
			in.add(in.current(" "), "")
			in.tail = ""
		}
		return
	case *ast.String:
		in.add(in.current(string(n.Value)), "")
	case *ast.CodeSpan:
		var b strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				b.Write(t.Value(src))
				if t.SoftLineBreak() {
					b.WriteByte(' ')
				}
			} else if s, ok := c.(*ast.String); ok {
				b.Write(s.Value)
			}
		}
		sp := in.current(b.String())
		sp.Code = true
		in.add(sp, "`")
	case *ast.Emphasis:
		counter := &in.italic
		if n.Level >= 2 {
			counter = &in.bold
		}
		*counter++
		in.walkAll(n)
		*counter--
	case *east.Strikethrough:
		in.strike++
		in.walkAll(n)
		in.strike--
	case *ast.Link:
		dest := string(n.Destination)
		if m, ok := parseMention(dest); ok {
			label := PlainText((&inline{p: in.p}).walkAll(n))
			sp := in.current(label)
			sp.Kind, sp.Link, sp.Mention = "mention", "", m
			in.add(sp, "")
			return
		}
		saved := in.link
		in.link = dest
		in.walkAll(n)
		in.link = saved
	case *ast.AutoLink:
		saved := in.link
		in.link = string(n.URL(src))
		in.add(in.current(string(n.Label(src))), "")
		in.link = saved
	case *ast.Image:
		alt := PlainText((&inline{p: in.p}).walkAll(n))
		if alt == "" {
			return
		}
		sp := in.current(alt)
		if sp.Link == "" {
			sp.Link = string(n.Destination)
		}
		in.add(sp, "")
	case *ast.RawHTML:
		var b strings.Builder
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			b.Write(seg.Value(src))
		}
		in.html(b.String())
	case *east.TaskCheckBox:
		checked := n.IsChecked
		in.checked = &checked
	default:
		in.walkAll(n)
	}
	in.tail = ""
}

// colorSuffix reports whether the content ends with an unescaped colour suffix.
func (in *inline) colorSuffix() bool { return colorRawSuffix.MatchString(in.tail) }

// Inline HTML that stands for rich-text annotations.
var (
	spanOpen  = regexp.MustCompile(`(?i)^<span\s+(?:color="([a-z_]+)"|style="color:\s*([a-z_]+);?")\s*>$`)
	lineBreak = regexp.MustCompile(`(?i)^<br\s*/?>$`)
)

// html handles one inline HTML tag: underline, colour and line breaks; any other tag is kept
// as text.
func (in *inline) html(tag string) {
	lower := strings.ToLower(tag)
	switch {
	case lower == "<u>":
		in.underline++
	case lower == "</u>" && in.underline > 0:
		in.underline--
	case lower == "</span>" && len(in.colors) > 0:
		in.colors = in.colors[:len(in.colors)-1]
	case lineBreak.MatchString(tag):
		in.add(in.current("\n"), "")
	default:
		if m := spanOpen.FindStringSubmatch(tag); m != nil {
			in.colors = append(in.colors, m[1]+m[2])
			return
		}
		in.add(in.current(tag), tag)
	}
}

// colorRawSuffix matches an unescaped colour suffix at the end of a text's source.
var colorRawSuffix = regexp.MustCompile(`(^|[^\\])\{color="[a-z_]+"\}$`)

// unescape resolves the backslash escapes and entity references of Markdown text, left to
// right, so that an escaped "&" does not start a reference.
func unescape(s string) string {
	if !strings.ContainsAny(s, `\&`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && util.IsPunct(s[i+1]) {
			b.WriteByte(s[i+1])
			i++
			continue
		}
		if c == '&' {
			if m := entityLike.FindString(s[i:]); m != "" {
				r := util.ResolveEntityNames(util.ResolveNumericReferences([]byte(m)))
				b.Write(r)
				i += len(m) - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// parseMention reads a mention link's destination.
func parseMention(dest string) (*Mention, bool) {
	rest, ok := strings.CutPrefix(dest, mentionScheme)
	if !ok {
		return nil, false
	}
	typ, value, _ := strings.Cut(rest, "/")
	if typ == "" || value == "" {
		return nil, false
	}
	m := &Mention{Type: typ}
	switch typ {
	case "date":
		m.Start, m.End, _ = strings.Cut(value, "/")
	case "link_preview", "link_mention":
		m.URL = value
	default:
		m.ID = value
	}
	return m, true
}

// finish turns "$" + code + "$" into inline equations, merges neighbouring spans of one
// style and drops empty ones.
func finish(spans []Span, raws []string) []Span {
	for i := 1; i+1 < len(spans); i++ {
		if !spans[i].Code || i >= len(raws) || i+1 >= len(raws) {
			continue
		}
		before, after := raws[i-1], raws[i+1]
		if strings.HasSuffix(before, "$") && !strings.HasSuffix(before, `\$`) && strings.HasPrefix(after, "$") &&
			strings.HasSuffix(spans[i-1].Text, "$") && strings.HasPrefix(spans[i+1].Text, "$") {
			spans[i-1].Text = strings.TrimSuffix(spans[i-1].Text, "$")
			spans[i+1].Text = strings.TrimPrefix(spans[i+1].Text, "$")
			raws[i+1] = strings.TrimPrefix(after, "$")
			spans[i] = Span{Kind: "equation", Text: spans[i].Text}
		}
	}
	return mergeSpans(spans)
}
