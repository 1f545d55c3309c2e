package markdown

import (
	"regexp"
	"strconv"
	"strings"
)

// Render writes blocks as Markdown, nested children included, ending in one newline ("" for
// no content).
func Render(nodes []*Node) string {
	var b strings.Builder
	renderBlocks(&b, nodes)
	out := strings.TrimRight(b.String(), "\n")
	if out == "" {
		return ""
	}
	return out + "\n"
}

// renderBlocks writes sibling blocks: list items of one list on consecutive lines, other
// blocks separated by a blank line.
func renderBlocks(b *strings.Builder, nodes []*Node) {
	prev := ""
	number := 0
	for _, n := range nodes {
		if n == nil {
			continue
		}
		if n.Type == "numbered_list_item" {
			if prev == "numbered_list_item" {
				number++
			} else {
				number = 1
			}
		}
		text := renderBlock(n, number)
		if text == "" {
			continue
		}
		if b.Len() > 0 {
			if isListItem(prev) && isListItem(n.Type) && listFamily(prev) == listFamily(n.Type) {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		b.WriteString(strings.TrimRight(text, "\n"))
		prev = n.Type
	}
}

// isListItem reports whether a block type is written as a Markdown list item.
func isListItem(t string) bool {
	return t == "bulleted_list_item" || t == "numbered_list_item" || t == "to_do"
}

// listFamily tells the list markers apart: "-" items form one list, "1." items another.
func listFamily(t string) string {
	if t == "numbered_list_item" {
		return "ordered"
	}
	return "bullet"
}

// renderChildren writes a block's children as a Markdown fragment.
func renderChildren(n *Node) string {
	var b strings.Builder
	renderBlocks(&b, n.Children)
	return b.String()
}

// indent prefixes every non-empty line of s with prefix, and empty lines with blank.
func indent(s, prefix, blank string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = blank
		} else {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// renderBlock writes one block and its children; number is a numbered item's number.
func renderBlock(n *Node, number int) string {
	switch n.Type {
	case "paragraph":
		text := inlineLine(n.Text) + colorSuffix(n.Color)
		if text == "" {
			return withChildren("", n)
		}
		return withChildren(text, n)
	case "heading_1", "heading_2", "heading_3", "heading_4":
		level := int(n.Type[len(n.Type)-1] - '0')
		head := strings.Repeat("#", level) + " " + oneLine(inlineLine(n.Text)) + colorSuffix(n.Color)
		if n.Toggleable {
			return details(head, n)
		}
		return head
	case "bulleted_list_item", "numbered_list_item", "to_do":
		marker := "- "
		switch n.Type {
		case "numbered_list_item":
			marker = strconv.Itoa(max(number, 1)) + ". "
		case "to_do":
			marker = "- [ ] "
			if n.Checked {
				marker = "- [x] "
			}
		}
		width := len(marker)
		if n.Type == "to_do" {
			width = 2
		}
		pad := strings.Repeat(" ", width)
		text := inlineLine(n.Text) + colorSuffix(n.Color)
		kids := renderChildren(n)
		if text == "" {
			// The children start on the marker's line: an item cannot start with a blank line.
			if kids == "" {
				return strings.TrimRight(marker, " ")
			}
			return marker + indent(kids, pad, "")[width:]
		}
		out := marker + indent(text, pad, "")[width:]
		if kids != "" {
			sep := "\n\n"
			if isListItem(n.Children[0].Type) {
				sep = "\n"
			}
			out += sep + indent(kids, pad, "")
		}
		return out
	case "toggle":
		return details(inlineLine(n.Text)+colorSuffix(n.Color), n)
	case "quote":
		text := inlineLine(n.Text) + colorSuffix(n.Color)
		return indent(withChildren(text, n), "> ", ">")
	case "callout":
		text := "[!" + iconAlert(n.Icon) + "]"
		if body := inlineLine(n.Text) + colorSuffix(n.Color); body != "" {
			text += "\n" + body
		}
		return indent(withChildren(text, n), "> ", ">")
	case "code":
		return fence(fenceLanguage(n.Language), PlainText(n.Text))
	case "equation":
		return fence(mathInfo, n.Expression)
	case "divider":
		return "---"
	case "table":
		return renderTable(n)
	case "table_row":
		return renderTable(&Node{Type: "table", Children: []*Node{n}})
	case "image":
		return "![" + escapeText(oneLine(PlainText(n.Caption)), false) + "](" + linkDest(n.URL) + ")"
	case "bookmark", "embed", "video", "audio", "pdf", "file":
		label := n.Type
		if c := oneLine(PlainText(n.Caption)); c != "" {
			label += ": " + escapeText(c, false)
		}
		url := n.URL
		if url == "" && n.FileUpload != "" {
			url = "file_upload:" + n.FileUpload
		}
		return "[" + label + "](" + linkDest(url) + ")"
	case "link_to_page":
		kind := strings.TrimSuffix(n.TargetType, "_id")
		return "[link_to_page](" + mentionScheme + kind + "/" + n.Target + ")"
	case "table_of_contents":
		return tocMarker
	case "breadcrumb":
		return breadcrumbMarker
	case "column_list":
		var parts []string
		for _, col := range n.Children {
			parts = append(parts, comment(columnSep))
			if kids := renderChildren(col); kids != "" {
				parts = append(parts, kids)
			}
		}
		return comment(columnsOpen) + "\n\n" + strings.Join(parts, "\n\n") + "\n\n" + comment(columnsClose)
	case "column":
		return renderChildren(n)
	case "synced_block":
		if n.Target != "" && len(n.Children) == 0 {
			return comment(syncedOpen + " " + n.Target)
		}
		kids := renderChildren(n)
		if kids != "" {
			kids += "\n\n"
		}
		return comment(syncedOpen) + "\n\n" + kids + comment(syncedClose)
	case "child_page", "child_database":
		kind := "page"
		if n.Type == "child_database" {
			kind = "database"
		}
		title := n.Title
		if title == "" {
			title = "Untitled"
		}
		return "[" + escapeText(title, false) + "](" + mentionScheme + kind + "/" + n.ID + ")"
	}
	if text := inlineLine(n.Text); text != "" {
		return withChildren(text, n)
	}
	if len(n.Children) > 0 {
		return renderChildren(n)
	}
	return comment(n.Type)
}

// withChildren follows a block's text with its children, a blank line between.
func withChildren(text string, n *Node) string {
	kids := renderChildren(n)
	switch {
	case kids == "":
		return text
	case text == "":
		return kids
	}
	return text + "\n\n" + kids
}

// details writes a toggle: an HTML details element whose summary is the title.
func details(title string, n *Node) string {
	out := "<details>\n<summary>" + title + "</summary>"
	if kids := renderChildren(n); kids != "" {
		out += "\n\n" + kids
	}
	return out + "\n\n</details>"
}

// comment writes an HTML comment marker.
func comment(s string) string { return "<!-- " + s + " -->" }

// fence writes a fenced code block, its fence longer than any backtick run in the code.
func fence(info, code string) string {
	f := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	code = strings.TrimSuffix(code, "\n")
	return f + info + "\n" + code + "\n" + f
}

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// colorSuffix writes a block colour.
func colorSuffix(color string) string {
	if color == "" || color == "default" {
		return ""
	}
	return ` {color="` + color + `"}`
}

// oneLine replaces line breaks by spaces, for places that hold one line.
func oneLine(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\\\n", " "), "\n", " ")
}

// renderTable writes a GitHub table; the first row is the header row.
func renderTable(n *Node) string {
	width := n.Width
	for _, r := range n.Children {
		width = max(width, len(r.Cells))
	}
	if width == 0 || len(n.Children) == 0 {
		return ""
	}
	var b strings.Builder
	for i, r := range n.Children {
		b.WriteString("|")
		for c := range width {
			cell := ""
			if c < len(r.Cells) {
				cell = cellText(r.Cells[c])
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", width) + "\n")
		}
	}
	return b.String()
}

// cellText writes a table cell: inline Markdown on one line, pipes escaped.
func cellText(spans []Span) string {
	return strings.ReplaceAll(renderInline(spans, true), "\n", " ")
}

// inlineLine writes rich text as the inline content of a block, escaped where a line start
// would read as block syntax.
func inlineLine(spans []Span) string {
	s := renderInline(spans, false)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = escapeLineStart(l)
	}
	return strings.Join(lines, "\n")
}

// orderedStart matches what starts an ordered list item.
var orderedStart = regexp.MustCompile(`^(\d{1,9})([.)])`)

// escapeLineStart escapes what would make a line of text a heading, quote, list item, rule
// or code.
func escapeLineStart(l string) string {
	t := strings.TrimLeft(l, " \t")
	if t == "" {
		return t
	}
	switch t[0] {
	case '#', '>', '-', '+', '=':
		return `\` + t
	}
	if m := orderedStart.FindStringSubmatch(t); m != nil {
		return m[1] + `\` + t[len(m[1]):]
	}
	return t
}

// entityLike matches what an HTML entity reference looks like.
var entityLike = regexp.MustCompile(`^&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// colorLike matches the block colour suffix, which literal text must not end with.
var colorLike = regexp.MustCompile(`^\{color="[a-z_]+"\}$`)

// escapeText backslash-escapes what Markdown would read as syntax; inTable also escapes pipes.
func escapeText(s string, inTable bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '~', '$', '|':
			// A pipe could make lines of text a table.
			b.WriteByte('\\')
		case '&':
			if entityLike.MatchString(s[i:]) {
				b.WriteByte('\\')
			}
		case '{':
			if colorLike.MatchString(s[i:]) {
				b.WriteByte('\\')
			}
		case '\n':
			if inTable {
				b.WriteString("<br>")
			} else {
				b.WriteString("\\\n")
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// linkDest writes a link destination, in angle brackets when it has spaces or parentheses.
func linkDest(url string) string {
	if strings.ContainsAny(url, " ()<>\n") || url == "" {
		r := strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "%0A")
		return "<" + r.Replace(url) + ">"
	}
	return url
}

// mark is one kind of inline markup, outermost first.
type mark int

// The marks, outermost first.
const (
	markColor mark = iota
	markUnderline
	markLink
	markStrike
	markBold
	markItalic
	markCount
)

// key returns the value of a mark for a span: spans with the same key share the markup.
func (m mark) key(s Span) string {
	if s.Kind != "text" {
		if m == markLink {
			return ""
		}
	}
	switch m {
	case markColor:
		return colorOf(s)
	case markUnderline:
		return flag(s.Underline)
	case markLink:
		if s.Kind != "text" {
			return ""
		}
		return s.Link
	case markStrike:
		return flag(s.Strike)
	case markBold:
		return flag(s.Bold)
	case markItalic:
		return flag(s.Italic)
	}
	return ""
}

// flag is a boolean as a key.
func flag(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// renderInline writes rich text as inline Markdown.
func renderInline(spans []Span, inTable bool) string {
	var b strings.Builder
	renderMarks(&b, mergeSpans(spans), markColor, inTable)
	return b.String()
}

// mergeSpans joins neighbouring text spans of the same style.
func mergeSpans(spans []Span) []Span {
	out := make([]Span, 0, len(spans))
	for _, s := range spans {
		if s.Text == "" && s.Kind == "text" {
			continue
		}
		if k := len(out); k > 0 && sameStyle(out[k-1], s) {
			out[k-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

// renderMarks writes spans grouped by mark m: neighbours that share it share one pair of
// delimiters; inside a group the next mark groups again.
func renderMarks(b *strings.Builder, spans []Span, m mark, inTable bool) {
	if m == markCount {
		for _, s := range spans {
			b.WriteString(renderLeaf(s, inTable))
		}
		return
	}
	for i := 0; i < len(spans); {
		j := i + 1
		k := m.key(spans[i])
		for j < len(spans) && m.key(spans[j]) == k {
			j++
		}
		if k == "" {
			renderMarks(b, spans[i:j], m+1, inTable)
		} else {
			var inner strings.Builder
			renderMarks(&inner, spans[i:j], m+1, inTable)
			b.WriteString(wrap(m, k, inner.String()))
		}
		i = j
	}
}

// wrap puts the delimiters of mark m (with value k) around s. Emphasis delimiters go inside
// surrounding spaces, as CommonMark needs them next to the text.
func wrap(m mark, k, s string) string {
	switch m {
	case markColor:
		return `<span color="` + k + `">` + s + `</span>`
	case markUnderline:
		return "<u>" + s + "</u>"
	case markLink:
		if s == escapeText(k, false) && !strings.ContainsAny(k, " <>\n") && strings.Contains(k, ":") {
			return "<" + k + ">"
		}
		return "[" + s + "](" + linkDest(k) + ")"
	}
	delim := map[mark]string{markStrike: "~~", markBold: "**", markItalic: "*"}[m]
	core := strings.TrimRight(strings.TrimLeft(s, " \t\n"), " \t\n")
	if core == "" {
		return s
	}
	lead := s[:strings.Index(s, core)]
	trail := s[len(lead)+len(core):]
	if strings.HasSuffix(core, "\\") && !strings.HasSuffix(core, "\\\\") {
		// A line break right before the closing delimiter stays outside it.
		core, trail = strings.TrimSuffix(core, "\\"), "\\"+trail
	}
	return lead + delim + core + delim + trail
}

// renderLeaf writes one span without the marks renderMarks writes.
func renderLeaf(s Span, inTable bool) string {
	switch s.Kind {
	case "equation":
		return "$" + codeSpan(s.Text) + "$"
	case "mention":
		return "[" + escapeText(oneLine(s.Text), inTable) + "](" + linkDest(mentionURL(s.Mention)) + ")"
	}
	if s.Code {
		c := codeSpan(oneLine(s.Text))
		if inTable {
			c = strings.ReplaceAll(c, "|", `\|`)
		}
		return c
	}
	return escapeText(s.Text, inTable)
}

// codeSpan writes text as a code span, its backtick fence longer than any run inside.
func codeSpan(s string) string {
	f := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		(strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != "") {
		s = " " + s + " "
	}
	return f + s + f
}

// mentionURL is the link destination a mention is written with.
func mentionURL(m *Mention) string {
	if m == nil {
		return mentionScheme + "unknown"
	}
	switch m.Type {
	case "date":
		u := mentionScheme + "date/" + m.Start
		if m.End != "" {
			u += "/" + m.End
		}
		return u
	case "link_preview", "link_mention":
		return mentionScheme + m.Type + "/" + m.URL
	}
	return mentionScheme + m.Type + "/" + m.ID
}
