package markdown

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// gfm parses CommonMark with GitHub's extensions: tables, task lists, strikethrough and
// autolinks. goldmark is safe for concurrent use.
var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Parse reads Markdown into blocks, as mapping.go describes. It never fails on any input;
// the error is for an internal failure of the parser.
func Parse(src string) (nodes []*Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			nodes, err = nil, fmt.Errorf("markdown: parsing failed: %v", r)
		}
	}()
	source := []byte(src)
	doc := gfm.Parser().Parse(text.NewReader(source))
	p := &parser{src: source}
	return p.siblings(doc.FirstChild()), nil
}

// parser converts goldmark's tree into blocks.
type parser struct {
	src []byte
}

// frame is a block opened by an HTML marker (toggle, columns, synced block) whose content
// follows as sibling Markdown blocks until the closing marker.
type frame struct {
	node *Node
	kind string // "details", "columns", "column", "synced"
}

// siblings converts a run of sibling Markdown blocks, starting at first.
func (p *parser) siblings(first ast.Node) []*Node {
	var root []*Node
	var stack []*frame
	var add func(n *Node)
	add = func(n *Node) {
		if n == nil {
			return
		}
		if n.Type == "list" {
			for _, item := range n.Children {
				add(item)
			}
			return
		}
		if len(stack) == 0 {
			root = append(root, n)
			return
		}
		top := stack[len(stack)-1].node
		top.Children = append(top.Children, n)
	}
	pop := func() {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch f.kind {
		case "column":
			return // added to its column list when opened
		case "columns":
			for _, n := range fixColumns(f.node) {
				add(n)
			}
			return
		}
		add(f.node)
	}
	popTo := func(kind string) bool {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].kind == kind {
				for len(stack) > i {
					pop()
				}
				return true
			}
		}
		return false
	}
	for c := first; c != nil; c = c.NextSibling() {
		html, ok := c.(*ast.HTMLBlock)
		if !ok {
			add(p.block(c))
			continue
		}
		raw := strings.TrimSpace(p.lines(html))
		if html.HasClosure() {
			raw = strings.TrimSpace(raw + "\n" + string(html.ClosureLine.Value(p.src)))
		}
		if marker, ok := commentMarker(raw); ok {
			switch {
			case marker == columnsOpen:
				stack = append(stack, &frame{node: &Node{Type: "column_list"}, kind: "columns"})
			case marker == columnSep:
				if len(stack) > 0 && stack[len(stack)-1].kind == "column" {
					stack = stack[:len(stack)-1]
				}
				if len(stack) > 0 && stack[len(stack)-1].kind == "columns" {
					col := &Node{Type: "column"}
					list := stack[len(stack)-1].node
					list.Children = append(list.Children, col)
					stack = append(stack, &frame{node: col, kind: "column"})
				}
			case marker == columnsClose:
				popTo("columns")
			case marker == syncedOpen:
				stack = append(stack, &frame{node: &Node{Type: "synced_block"}, kind: "synced"})
			case marker == syncedClose:
				popTo("synced")
			case strings.HasPrefix(marker, syncedOpen+" "):
				add(&Node{Type: "synced_block", TargetType: "block_id", Target: strings.TrimSpace(strings.TrimPrefix(marker, syncedOpen))})
			}
			continue
		}
		for raw != "" {
			if rest, ok := strings.CutPrefix(raw, "</details>"); ok {
				popTo("details")
				raw = strings.TrimSpace(rest)
				continue
			}
			if !detailsOpen.MatchString(raw) {
				add(htmlCode(raw))
				break
			}
			node, body, closed := p.details(raw)
			stack = append(stack, &frame{node: node, kind: "details"})
			if body != "" {
				add(htmlCode(body))
			}
			if closed {
				pop()
			}
			break
		}
	}
	for len(stack) > 0 {
		pop()
	}
	return root
}

// fixColumns returns what a parsed column list becomes: itself when it has two or more
// columns with content (as Notion requires), else the content of its columns.
func fixColumns(list *Node) []*Node {
	var cols []*Node
	for _, c := range list.Children {
		if len(c.Children) > 0 {
			cols = append(cols, c)
		}
	}
	if len(cols) >= 2 {
		list.Children = cols
		return []*Node{list}
	}
	var out []*Node
	for _, c := range cols {
		out = append(out, c.Children...)
	}
	return out
}

// htmlCode keeps an HTML block as a code block, since Notion cannot show HTML.
func htmlCode(raw string) *Node {
	return &Node{Type: "code", Language: "html", Text: []Span{{Kind: "text", Text: raw}}}
}

// commentRe matches an HTML comment that is all of a block.
var commentRe = regexp.MustCompile(`(?s)^<!--\s*(.*?)\s*-->$`)

// commentMarker returns the content of an HTML block that is one comment.
func commentMarker(raw string) (string, bool) {
	m := commentRe.FindStringSubmatch(raw)
	if m == nil || strings.Contains(m[1], "-->") {
		return "", false
	}
	return m[1], true
}

// detailsOpen and summaryRe find a toggle's start and title.
var (
	detailsOpen = regexp.MustCompile(`(?i)^<details(\s[^>]*)?>`)
	summaryRe   = regexp.MustCompile(`(?is)^\s*<summary(\s[^>]*)?>(.*?)</summary>`)
	headingMark = regexp.MustCompile(`^(#{1,6})[ \t]+`)
)

// details reads the start of a toggle: the title in its summary, what else the HTML block
// holds, and whether it closes in the same block.
func (p *parser) details(raw string) (node *Node, body string, closed bool) {
	rest := raw[len(detailsOpen.FindString(raw)):]
	title := ""
	if m := summaryRe.FindStringSubmatchIndex(rest); m != nil {
		title = strings.TrimSpace(rest[m[4]:m[5]])
		rest = rest[m[1]:]
	}
	rest = strings.TrimSpace(rest)
	if r, ok := strings.CutSuffix(rest, "</details>"); ok {
		rest, closed = strings.TrimSpace(r), true
	}
	node = &Node{Type: "toggle"}
	if m := headingMark.FindString(title); m != "" {
		level := min(len(strings.TrimSpace(m)), 3)
		node.Type, node.Toggleable = fmt.Sprintf("heading_%d", level), true
		title = title[len(m):]
	}
	node.Text, node.Color = p.inlineText(title)
	return node, rest, closed
}

// inlineText parses a fragment as the inline content of one paragraph.
func (p *parser) inlineText(s string) ([]Span, string) {
	if strings.TrimSpace(s) == "" {
		return nil, ""
	}
	sub := &parser{src: []byte(s)}
	doc := gfm.Parser().Parse(text.NewReader(sub.src))
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == ast.KindParagraph {
			spans, _, color := sub.paragraphSpans(c)
			return spans, color
		}
	}
	return []Span{{Kind: "text", Text: s}}, ""
}

// lines returns the source of a block's lines.
func (p *parser) lines(n ast.Node) string {
	var b strings.Builder
	ls := n.Lines()
	for i := range ls.Len() {
		seg := ls.At(i)
		b.Write(seg.Value(p.src))
	}
	return b.String()
}

// block converts one Markdown block (not an HTML block).
func (p *parser) block(n ast.Node) *Node {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return p.paragraph(n)
	case *ast.Heading:
		spans, _, color := p.paragraphSpans(n)
		level := min(max(n.Level, 1), 3)
		return &Node{Type: fmt.Sprintf("heading_%d", level), Text: spans, Color: color}
	case *ast.ThematicBreak:
		return &Node{Type: "divider"}
	case *ast.CodeBlock:
		return &Node{Type: "code", Language: "plain text", Text: textSpans(strings.TrimSuffix(p.lines(n), "\n"))}
	case *ast.FencedCodeBlock:
		info := ""
		if n.Info != nil {
			info = string(n.Info.Segment.Value(p.src))
		}
		code := strings.TrimSuffix(p.lines(n), "\n")
		if strings.TrimSpace(info) == mathInfo {
			return &Node{Type: "equation", Expression: code}
		}
		return &Node{Type: "code", Language: notionLanguage(info), Text: textSpans(code)}
	case *ast.Blockquote:
		return p.quote(n)
	case *ast.List:
		return p.list(n)
	case *east.Table:
		return p.table(n)
	}
	if n.HasChildren() {
		kids := p.siblings(n.FirstChild())
		if len(kids) == 1 {
			return kids[0]
		}
		return &Node{Type: "paragraph", Children: kids}
	}
	return nil
}

// textSpans is plain text as rich text.
func textSpans(s string) []Span {
	if s == "" {
		return nil
	}
	return []Span{{Kind: "text", Text: s}}
}

// markerLink matches the text of a link that stands for a block: "bookmark" or
// "bookmark: caption".
var markerLink = regexp.MustCompile(`^([a-z_]+)(?::\s*(.*))?$`)

// paragraph converts a paragraph, recognising the paragraphs that stand for other blocks.
func (p *parser) paragraph(n ast.Node) *Node {
	raw := strings.TrimSpace(p.lines(n))
	switch raw {
	case tocMarker:
		return &Node{Type: "table_of_contents"}
	case breadcrumbMarker:
		return &Node{Type: "breadcrumb"}
	}
	if b := p.soleLinkBlock(n); b != nil {
		return b
	}
	spans, _, color := p.paragraphSpans(n)
	if len(spans) == 0 {
		return nil
	}
	return &Node{Type: "paragraph", Text: spans, Color: color}
}

// soleLinkBlock returns the block that a paragraph holding only one image, or one link whose
// text names a block type, stands for; nil otherwise.
func (p *parser) soleLinkBlock(n ast.Node) *Node {
	only := n.FirstChild()
	if only == nil || only.NextSibling() != nil {
		return nil
	}
	switch x := only.(type) {
	case *ast.Image:
		return &Node{Type: "image", URL: string(x.Destination), Caption: textSpans(p.plain(x))}
	case *ast.Link:
		dest := string(x.Destination)
		m := markerLink.FindStringSubmatch(p.plain(x))
		if m == nil {
			return nil
		}
		typ, caption := m[1], m[2]
		if typ == "link_to_page" {
			kind, id, ok := strings.Cut(strings.TrimPrefix(dest, mentionScheme), "/")
			if !strings.HasPrefix(dest, mentionScheme) || !ok || (kind != "page" && kind != "database") {
				return nil
			}
			return &Node{Type: "link_to_page", TargetType: kind + "_id", Target: id}
		}
		if !linkBlockTypes[typ] {
			return nil
		}
		b := &Node{Type: typ, Caption: textSpans(caption)}
		if id, ok := strings.CutPrefix(dest, "file_upload:"); ok {
			b.FileUpload = id
			return b
		}
		if !strings.HasPrefix(dest, "https://") && !strings.HasPrefix(dest, "http://") {
			return nil
		}
		b.URL = dest
		return b
	}
	return nil
}

// plain returns the text of a node's inline content, unescaped.
func (p *parser) plain(n ast.Node) string {
	spans := (&inline{p: p}).walkAll(n)
	return PlainText(spans)
}

// quote converts a block quote: a callout when it starts with an alert marker.
func (p *parser) quote(n *ast.Blockquote) *Node {
	node := &Node{Type: "quote"}
	first := n.FirstChild()
	if first != nil && (first.Kind() == ast.KindParagraph || first.Kind() == ast.KindTextBlock) {
		raw := p.lines(first)
		var spans []Span
		spans, _, node.Color = p.paragraphSpans(first)
		if m := alertRe.FindStringSubmatch(raw); m != nil {
			node.Type, node.Icon = "callout", alertIcon(m[1])
			spans = dropPrefix(spans, len(m[0]))
		}
		node.Text = spans
		first = first.NextSibling()
	}
	if first != nil {
		node.Children = p.siblings(first)
	}
	return node
}

// alertRe matches a callout's marker at the start of a quote.
var alertRe = regexp.MustCompile(`^\[!([^\]\s]+)\]`)

// dropPrefix removes the first n bytes of text from spans, and the white space after them.
func dropPrefix(spans []Span, n int) []Span {
	for len(spans) > 0 && n > 0 {
		if len(spans[0].Text) <= n {
			n -= len(spans[0].Text)
			spans = spans[1:]
			continue
		}
		spans[0].Text = spans[0].Text[n:]
		n = 0
	}
	for len(spans) > 0 && spans[0].Kind == "text" {
		spans[0].Text = strings.TrimLeft(spans[0].Text, " \t\n")
		if spans[0].Text != "" {
			break
		}
		spans = spans[1:]
	}
	return spans
}

// list converts a list into its items.
func (p *parser) list(n *ast.List) *Node {
	// A list is not a block: its items are. siblings flattens the group.
	group := &Node{Type: "list"}
	typ := "bulleted_list_item"
	if n.IsOrdered() {
		typ = "numbered_list_item"
	}
	for it := n.FirstChild(); it != nil; it = it.NextSibling() {
		item := &Node{Type: typ}
		first := it.FirstChild()
		if first != nil && (first.Kind() == ast.KindParagraph || first.Kind() == ast.KindTextBlock) {
			var checked *bool
			item.Text, checked, item.Color = p.paragraphSpans(first)
			if checked != nil {
				item.Type, item.Checked = "to_do", *checked
			}
			first = first.NextSibling()
		}
		if first != nil {
			item.Children = p.siblings(first)
		}
		group.Children = append(group.Children, item)
	}
	return group
}

// table converts a GitHub table; its header row is the first row.
func (p *parser) table(n *east.Table) *Node {
	t := &Node{Type: "table", ColumnHeader: true}
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		row := &Node{Type: "table_row"}
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			spans := (&inline{p: p, cell: true}).spansOf(c)
			row.Cells = append(row.Cells, spans)
		}
		t.Width = max(t.Width, len(row.Cells))
		t.Children = append(t.Children, row)
	}
	for _, r := range t.Children {
		for len(r.Cells) < t.Width {
			r.Cells = append(r.Cells, nil)
		}
	}
	return t
}

// paragraphSpans converts the inline content of a paragraph or heading: its rich text, a task
// list item's state, and a colour suffix.
func (p *parser) paragraphSpans(n ast.Node) (spans []Span, checked *bool, color string) {
	in := &inline{p: p}
	spans = in.spansOf(n)
	if in.colorSuffix() {
		spans, color = takeColor(spans)
	}
	return spans, in.checked, color
}

// colorSuffix matches a block colour at the end of a block's text.
var colorSuffixRe = regexp.MustCompile(`\s*\{color="([a-z_]+)"\}$`)

// takeColor removes a colour suffix from the end of rich text.
func takeColor(spans []Span) ([]Span, string) {
	k := len(spans)
	if k == 0 || spans[k-1].Kind != "text" || spans[k-1].Code || spans[k-1].Link != "" {
		return spans, ""
	}
	last := spans[k-1].Text
	m := colorSuffixRe.FindStringSubmatchIndex(last)
	if m == nil {
		return spans, ""
	}
	spans[k-1].Text = last[:m[0]]
	color := last[m[2]:m[3]]
	if spans[k-1].Text == "" {
		spans = spans[:k-1]
	}
	return spans, color
}
