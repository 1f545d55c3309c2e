package notiontest

import (
	"regexp"
	"strconv"
	"strings"
)

// This file writes a page's blocks as Notion's enhanced Markdown and reads enhanced Markdown
// back into blocks of a request. Children are indented one tab deeper than their parent.
// Block forms (from Notion's "Enhanced markdown format" reference):
//
//	Rich text {color="Color"}                 paragraph (<empty-block/> when empty)
//	# / ## / ### / #### Heading {toggle="true"}
//	- item, 1. item, - [ ] / - [x] to-do, > quote
//	<details color="Color"><summary>…</summary> … </details>   toggle
//	::: callout {icon="…" color="Color"} … :::                callout
//	```language … ```, $$ … $$, ---, <table_of_contents/>
//	<table header-row="…" header-column="…"><tr><td>…</td></tr></table>
//	<columns><column>…</column></columns>
//	![caption](url), <video|audio|file|pdf src="url">caption</…>
//	<page url="…">Title</page>, <database url="…">Title</database>
//
// Blocks the format has no form for (bookmarks, embeds, breadcrumbs, synced blocks, …) are
// written <unknown url="…" alt="type"/> and read back as nothing.

// blocksMarkdown writes the live children of a page or block as enhanced Markdown.
func (st *store) blocksMarkdown(parentID string) string {
	var b strings.Builder
	st.writeChildrenMarkdown(&b, parentID, 0)
	return strings.TrimSuffix(b.String(), "\n")
}

// writeChildrenMarkdown writes the live children of a block at an indentation depth.
func (st *store) writeChildrenMarkdown(b *strings.Builder, parentID string, depth int) {
	for _, id := range st.children[parentID] {
		blk, ok := st.blocks[id]
		if !ok || isTrashed(blk) {
			continue
		}
		st.writeBlockMarkdown(b, blk, depth)
	}
}

// colorAttr is the {color="…"} attribute list of a block content, "" for the default color.
func colorAttr(content jsonObject) string {
	if c := str(content, "color"); c != "" && c != "default" {
		return ` {color="` + markdownColor(c) + `"}`
	}
	return ""
}

// writeBlockMarkdown writes one block and its children.
func (st *store) writeBlockMarkdown(b *strings.Builder, blk jsonObject, depth int) {
	indent := strings.Repeat("\t", depth)
	id := str(blk, "id")
	typ := str(blk, "type")
	content, _ := object(blk, typ)
	rt, _ := content["rich_text"].([]any)
	text := richTextMarkdown(rt)
	line := func(s string) { b.WriteString(indent + s + "\n") }
	children := func() { st.writeChildrenMarkdown(b, id, depth+1) }
	switch typ {
	case "paragraph":
		if text == "" && len(st.children[id]) == 0 {
			line("<empty-block/>")
			return
		}
		line(text + colorAttr(content))
		children()
	case "heading_1", "heading_2", "heading_3", "heading_4":
		n, _ := strconv.Atoi(strings.TrimPrefix(typ, "heading_"))
		attrs := ""
		if boolean(content, "is_toggleable") {
			attrs = `toggle="true"`
		}
		if c := str(content, "color"); c != "" && c != "default" {
			attrs = strings.TrimSpace(attrs + ` color="` + markdownColor(c) + `"`)
		}
		if attrs != "" {
			attrs = " {" + attrs + "}"
		}
		line(strings.Repeat("#", n) + " " + text + attrs)
		children()
	case "bulleted_list_item":
		line("- " + text + colorAttr(content))
		children()
	case "numbered_list_item":
		line("1. " + text + colorAttr(content))
		children()
	case "to_do":
		box := "[ ]"
		if boolean(content, "checked") {
			box = "[x]"
		}
		line("- " + box + " " + text + colorAttr(content))
		children()
	case "quote":
		line("> " + text + colorAttr(content))
		children()
	case "toggle":
		open := "<details>"
		if c := str(content, "color"); c != "" && c != "default" {
			open = `<details color="` + markdownColor(c) + `">`
		}
		line(open)
		line("<summary>" + text + "</summary>")
		children()
		line("</details>")
	case "callout":
		attrs := []string{}
		if icon, ok := object(content, "icon"); ok && str(icon, "type") == "emoji" {
			attrs = append(attrs, `icon="`+str(icon, "emoji")+`"`)
		}
		if c := str(content, "color"); c != "" && c != "default" {
			attrs = append(attrs, `color="`+markdownColor(c)+`"`)
		}
		head := "::: callout"
		if len(attrs) > 0 {
			head += " {" + strings.Join(attrs, " ") + "}"
		}
		line(head)
		if text != "" {
			line(text)
		}
		st.writeChildrenMarkdown(b, id, depth)
		line(":::")
	case "code":
		line("```" + str(content, "language"))
		for _, l := range strings.Split(plainText(rt), "\n") {
			line(l)
		}
		line("```")
	case "equation":
		line("$$")
		for _, l := range strings.Split(str(content, "expression"), "\n") {
			line(l)
		}
		line("$$")
	case "divider":
		line("---")
	case "table_of_contents":
		line("<table_of_contents/>")
	case "table":
		line(`<table header-row="` + strconv.FormatBool(boolean(content, "has_column_header")) +
			`" header-column="` + strconv.FormatBool(boolean(content, "has_row_header")) + `">`)
		for _, rowID := range st.children[id] {
			row, ok := st.blocks[rowID]
			if !ok || isTrashed(row) {
				continue
			}
			cells, _ := mustObject(row, "table_row")["cells"].([]any)
			line("\t<tr>")
			for _, cell := range cells {
				items, _ := cell.([]any)
				line("\t\t<td>" + richTextMarkdown(items) + "</td>")
			}
			line("\t</tr>")
		}
		line("</table>")
	case "column_list":
		line("<columns>")
		for _, colID := range st.children[id] {
			if col, ok := st.blocks[colID]; ok && !isTrashed(col) {
				line("\t<column>")
				st.writeChildrenMarkdown(b, colID, depth+2)
				line("\t</column>")
			}
		}
		line("</columns>")
	case "image", "video", "audio", "file", "pdf":
		url := mediaURL(content)
		caption, _ := content["caption"].([]any)
		if typ == "image" {
			line("![" + richTextMarkdown(caption) + "](" + url + ")")
		} else {
			line("<" + typ + ` src="` + url + `">` + richTextMarkdown(caption) + "</" + typ + ">")
		}
	case "child_page":
		line(`<page url="` + notionURLPrefix + compactID(id) + `">` + escapeMarkdown(str(content, "title")) + "</page>")
	case "child_database":
		line(`<database url="` + notionURLPrefix + compactID(id) + `">` + escapeMarkdown(str(content, "title")) + "</database>")
	default:
		line(`<unknown url="` + notionURLPrefix + compactID(id) + `" alt="` + typ + `"/>`)
	}
}

// mediaURL is the URL of a media block's file, external or Notion-hosted.
func mediaURL(content jsonObject) string {
	for _, k := range []string{"external", "file"} {
		if f, ok := object(content, k); ok {
			return str(f, "url")
		}
	}
	return ""
}

// markdownBlock is a block read from enhanced Markdown: a block of a request
// ({"type": …, type: {…}}), or a reference to an existing page or database (ref, an id).
type markdownBlock struct {
	req jsonObject
	ref string
}

// blockAttrPattern is a trailing attribute list: {color="red" toggle="true"}.
var blockAttrPattern = regexp.MustCompile(`\s*\{((?:\s*[\w-]+="[^"]*")+)\s*\}\s*$`)

// splitAttrs separates a line's trailing attribute list from its text.
func splitAttrs(s string) (string, map[string]string) {
	m := blockAttrPattern.FindStringSubmatchIndex(s)
	if m == nil {
		return s, nil
	}
	return s[:m[0]], tagAttrs(s[m[2]:m[3]])
}

// numberedPattern is the marker of a numbered list item.
var numberedPattern = regexp.MustCompile(`^\d+[.)] `)

// markdownParser reads the lines of an enhanced Markdown document.
type markdownParser struct {
	lines []string
	pos   int
}

// parseMarkdown reads an enhanced Markdown document into top-level blocks.
func parseMarkdown(md string) []markdownBlock {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	p := &markdownParser{lines: strings.Split(md, "\n")}
	return p.blocks(0)
}

// depthOf counts the leading tabs of a line.
func depthOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, "\t"))
}

// blocks reads the blocks at an indentation depth, until a line less indented.
func (p *markdownParser) blocks(depth int) []markdownBlock {
	var out []markdownBlock
	for p.pos < len(p.lines) {
		raw := p.lines[p.pos]
		if strings.TrimSpace(raw) == "" {
			p.pos++
			continue
		}
		if depthOf(raw) < depth {
			return out
		}
		if mb, ok := p.block(depth); ok {
			out = append(out, mb)
		}
	}
	return out
}

// textBlockReq is a request block of a rich-text type.
func textBlockReq(typ, text string, attrs map[string]string, extra jsonObject) jsonObject {
	content := jsonObject{"rich_text": inlineMarkdown(text)}
	if c := attrs["color"]; c != "" {
		content["color"] = apiColor(c)
	}
	for k, v := range extra {
		content[k] = v
	}
	return jsonObject{"type": typ, typ: content}
}

// withChildren gives a request block the blocks indented below it.
func (p *markdownParser) withChildren(req jsonObject, depth int) markdownBlock {
	kids := p.blocks(depth + 1)
	if len(kids) > 0 {
		typ := str(req, "type")
		mustObject(req, typ)["children"] = requestBlocks(kids)
	}
	return markdownBlock{req: req}
}

// requestBlocks are the request blocks among read blocks (references are dropped below the
// top level).
func requestBlocks(bs []markdownBlock) []any {
	out := make([]any, 0, len(bs))
	for _, b := range bs {
		if b.req != nil {
			out = append(out, b.req)
		}
	}
	return out
}

// until collects the lines up to (not including) the first whose trimmed text is end, and
// moves past it.
func (p *markdownParser) until(end string, depth int) []string {
	var out []string
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		p.pos++
		if strings.TrimSpace(l) == end {
			return out
		}
		out = append(out, strings.TrimPrefix(l, strings.Repeat("\t", depth)))
	}
	return out
}

// block reads one block starting at the current line.
func (p *markdownParser) block(depth int) (markdownBlock, bool) {
	line := strings.TrimLeft(p.lines[p.pos], "\t")
	p.pos++
	text, attrs := splitAttrs(line)
	switch {
	case strings.HasPrefix(line, "</"):
		return markdownBlock{}, false // a closing tag without its opening one
	case line == "<empty-block/>":
		return markdownBlock{req: jsonObject{"type": "paragraph", "paragraph": jsonObject{"rich_text": []any{}}}}, true
	case line == "---":
		return markdownBlock{req: jsonObject{"type": "divider", "divider": jsonObject{}}}, true
	case strings.HasPrefix(line, "<table_of_contents"):
		return markdownBlock{req: jsonObject{"type": "table_of_contents", "table_of_contents": jsonObject{}}}, true
	case strings.HasPrefix(line, "```"):
		lang := strings.TrimSpace(strings.TrimPrefix(line, "```"))
		if !codeLanguages[lang] {
			lang = "plain text"
		}
		code := strings.Join(p.until("```", depth), "\n")
		return markdownBlock{req: jsonObject{"type": "code", "code": jsonObject{"language": lang, "rich_text": plainItems(code)}}}, true
	case line == "$$":
		expr := strings.Join(p.until("$$", depth), "\n")
		return markdownBlock{req: jsonObject{"type": "equation", "equation": jsonObject{"expression": expr}}}, true
	case strings.HasPrefix(line, "#"):
		n := len(line) - len(strings.TrimLeft(line, "#"))
		if n > 0 && strings.HasPrefix(line[n:], " ") {
			typ := "heading_" + strconv.Itoa(min(n, 4))
			extra := jsonObject{}
			if attrs["toggle"] == "true" {
				extra["is_toggleable"] = true
			}
			req := textBlockReq(typ, strings.TrimSpace(from(text, n)), attrs, extra)
			if attrs["toggle"] == "true" {
				return p.withChildren(req, depth), true
			}
			return markdownBlock{req: req}, true
		}
	case strings.HasPrefix(line, "- [ ] ") || strings.HasPrefix(line, "- [x] ") || strings.HasPrefix(line, "- [X] "):
		req := textBlockReq("to_do", from(text, 6), attrs, jsonObject{"checked": line[3] != ' '})
		return p.withChildren(req, depth), true
	case strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* "):
		return p.withChildren(textBlockReq("bulleted_list_item", from(text, 2), attrs, nil), depth), true
	case numberedPattern.MatchString(line):
		at := numberedPattern.FindStringIndex(text)
		if at != nil {
			return p.withChildren(textBlockReq("numbered_list_item", text[at[1]:], attrs, nil), depth), true
		}
	case strings.HasPrefix(line, "> "):
		return p.withChildren(textBlockReq("quote", from(text, 2), attrs, nil), depth), true
	case strings.HasPrefix(line, "<details"):
		return p.toggle(line, depth), true
	case strings.HasPrefix(line, ":::") && strings.Contains(line, "callout"):
		return p.callout(line, depth), true
	case strings.HasPrefix(line, "<table"):
		return p.table(line, depth)
	case line == "<columns>":
		return p.columns(depth)
	case strings.HasPrefix(line, "!["):
		if m := imagePattern.FindStringSubmatch(line); m != nil {
			return markdownBlock{req: mediaReq("image", m[2], m[1])}, true
		}
	case strings.HasPrefix(line, "<page ") || strings.HasPrefix(line, "<database "):
		id, _ := normalizeID(lastSegmentID(tagAttrs(line)["url"]))
		return markdownBlock{ref: id}, id != ""
	case strings.HasPrefix(line, "<unknown") || strings.HasPrefix(line, "<synced_block") || line == "</synced_block>":
		return markdownBlock{}, false
	}
	if m := mediaTagPattern.FindStringSubmatch(line); m != nil {
		return markdownBlock{req: mediaReq(m[1], tagAttrs(m[2])["src"], m[3])}, true
	}
	return p.withChildren(textBlockReq("paragraph", text, attrs, nil), depth), true
}

// plainItems is a text as rich text items of a request, in Notion's 2000-character pieces.
func plainItems(s string) []any {
	out := []any{}
	runes := []rune(s)
	for len(runes) > 0 {
		n := min(len(runes), maxTextContent)
		out = append(out, jsonObject{"type": "text", "text": jsonObject{"content": string(runes[:n])}})
		runes = runes[n:]
	}
	return out
}

// from is s without its first n bytes ("" when it is shorter): the text after a block's
// marker, which a trailing attribute list may have shortened.
func from(s string, n int) string { return s[min(n, len(s)):] }

// imagePattern is ![caption](url); mediaTagPattern is <video src="…">caption</video> and
// its kin.
var (
	imagePattern    = regexp.MustCompile(`^!\[(.*)\]\((\S+)\)$`)
	mediaTagPattern = regexp.MustCompile(`^<(video|audio|file|pdf)(\s[^>]*)>(.*)</(?:video|audio|file|pdf)>$`)
)

// mediaReq is a request media block with an external URL and a caption.
func mediaReq(typ, url, caption string) jsonObject {
	return jsonObject{"type": typ, typ: jsonObject{"type": "external", "external": jsonObject{"url": url},
		"caption": inlineMarkdown(caption)}}
}

// toggle reads <details color="…"><summary>title</summary> children </details>.
func (p *markdownParser) toggle(open string, depth int) markdownBlock {
	title := ""
	if p.pos < len(p.lines) {
		l := strings.TrimSpace(p.lines[p.pos])
		if inner, ok := strings.CutPrefix(l, "<summary>"); ok {
			title = strings.TrimSuffix(inner, "</summary>")
			p.pos++
		}
	}
	req := textBlockReq("toggle", title, tagAttrs(open), nil)
	kids := p.blocks(depth + 1)
	if p.pos < len(p.lines) && strings.TrimSpace(p.lines[p.pos]) == "</details>" {
		p.pos++
	}
	if len(kids) > 0 {
		mustObject(req, "toggle")["children"] = requestBlocks(kids)
	}
	return markdownBlock{req: req}
}

// callout reads ::: callout {icon="…" color="…"}, its rich text line, its children, :::.
func (p *markdownParser) callout(open string, depth int) markdownBlock {
	_, attrs := splitAttrs(open)
	body := p.until(":::", depth)
	for i, l := range body {
		body[i] = strings.TrimPrefix(l, "\t") // content may be indented one tab
	}
	text := ""
	if len(body) > 0 {
		text, body = body[0], body[1:]
	}
	content := jsonObject{"rich_text": inlineMarkdown(text)}
	if c := attrs["color"]; c != "" {
		content["color"] = apiColor(c)
	}
	if icon := attrs["icon"]; icon != "" {
		content["icon"] = jsonObject{"type": "emoji", "emoji": icon}
	}
	if kids := parseMarkdown(strings.Join(body, "\n")); len(kids) > 0 {
		content["children"] = requestBlocks(kids)
	}
	return markdownBlock{req: jsonObject{"type": "callout", "callout": content}}
}

// cellPattern finds the cells of a table row.
var cellPattern = regexp.MustCompile(`<t[dh][^>]*>(.*?)</t[dh]>`)

// table reads <table …> rows of <tr><td>…</td></tr> </table>.
func (p *markdownParser) table(open string, depth int) (markdownBlock, bool) {
	attrs := tagAttrs(open)
	body := strings.Join(p.until("</table>", depth), "\n")
	var rows []any
	width := 0
	for _, tr := range strings.Split(body, "</tr>") {
		cells := cellPattern.FindAllStringSubmatch(tr, -1)
		if len(cells) == 0 {
			continue
		}
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = inlineMarkdown(c[1])
		}
		width = max(width, len(row))
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return markdownBlock{}, false
	}
	children := make([]any, len(rows))
	for i, r := range rows {
		row := r.([]any)
		for len(row) < width {
			row = append(row, []any{})
		}
		children[i] = jsonObject{"type": "table_row", "table_row": jsonObject{"cells": row}}
	}
	return markdownBlock{req: jsonObject{"type": "table", "table": jsonObject{"table_width": float64(width),
		"has_column_header": attrs["header-row"] == "true", "has_row_header": attrs["header-column"] == "true",
		"children": children}}}, true
}

// columns reads <columns> <column> … </column> … </columns>.
func (p *markdownParser) columns(depth int) (markdownBlock, bool) {
	var cols []any
	for p.pos < len(p.lines) {
		l := strings.TrimSpace(p.lines[p.pos])
		p.pos++
		switch l {
		case "</columns>":
			if len(cols) < 2 {
				return markdownBlock{}, false
			}
			return markdownBlock{req: jsonObject{"type": "column_list", "column_list": jsonObject{"children": cols}}}, true
		case "<column>":
			kids := p.blocks(depth + 2)
			if p.pos < len(p.lines) && strings.TrimSpace(p.lines[p.pos]) == "</column>" {
				p.pos++
			}
			if len(kids) == 0 {
				kids = []markdownBlock{{req: jsonObject{"type": "paragraph", "paragraph": jsonObject{"rich_text": []any{}}}}}
			}
			cols = append(cols, jsonObject{"type": "column", "column": jsonObject{"children": requestBlocks(kids)}})
		}
	}
	return markdownBlock{}, false
}
