package notiontest

import (
	"regexp"
	"strings"
)

// Notion's enhanced Markdown (developers.notion.com, "Enhanced markdown format") writes rich
// text as Markdown with a few XML-like tags: **bold**, *italic*, ~~strikethrough~~, `code`,
// [text](url), $`equation`$, <span underline="true">, <span color="...">, <br> for a line
// break, and <mention-user url="..."/>, <mention-page url="..."/>, <mention-database
// url="..."/>, <mention-date start="..." end="..."/> for mentions. This file reads and
// writes that inline form; markdownblocks.go does the blocks.

// markdownEscaped are the characters enhanced Markdown escapes with a backslash outside code.
const markdownEscaped = "\\*~`$[]<>{}|^"

// escapeMarkdown escapes the special characters of a text run.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString("<br>")
		case strings.ContainsRune(markdownEscaped, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownColor is a color as enhanced Markdown writes it ("red_bg" for the API's
// "red_background").
func markdownColor(c string) string {
	if base, ok := strings.CutSuffix(c, "_background"); ok {
		return base + "_bg"
	}
	return c
}

// apiColor is a color of enhanced Markdown as the API writes it.
func apiColor(c string) string {
	if base, ok := strings.CutSuffix(c, "_bg"); ok {
		return base + "_background"
	}
	return c
}

// richTextMarkdown writes a stored rich text array as enhanced Markdown.
func richTextMarkdown(items []any) string {
	var b strings.Builder
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		ann, _ := object(m, "annotations")
		var s string
		switch str(m, "type") {
		case "equation":
			eq, _ := object(m, "equation")
			s = "$`" + str(eq, "expression") + "`$"
		case "mention":
			s = mentionMarkdown(m)
		default:
			if boolean(ann, "code") {
				s = "`" + str(m, "plain_text") + "`"
			} else {
				s = escapeMarkdown(str(m, "plain_text"))
			}
			if href := str(m, "href"); href != "" {
				s = "[" + s + "](" + href + ")"
			}
		}
		if boolean(ann, "bold") {
			s = "**" + s + "**"
		}
		if boolean(ann, "italic") {
			s = "*" + s + "*"
		}
		if boolean(ann, "strikethrough") {
			s = "~~" + s + "~~"
		}
		if boolean(ann, "underline") {
			s = `<span underline="true">` + s + "</span>"
		}
		if c := str(ann, "color"); c != "" && c != "default" {
			s = `<span color="` + markdownColor(c) + `">` + s + "</span>"
		}
		b.WriteString(s)
	}
	return b.String()
}

// mentionMarkdown writes a mention rich text item.
func mentionMarkdown(m jsonObject) string {
	mention, _ := object(m, "mention")
	switch t := str(mention, "type"); t {
	case "user":
		u, _ := object(mention, "user")
		return `<mention-user url="user://` + str(u, "id") + `"/>`
	case "page", "database":
		ref, _ := object(mention, t)
		return `<mention-` + t + ` url="` + notionURLPrefix + compactID(str(ref, "id")) + `">` + escapeMarkdown(str(m, "plain_text")) + `</mention-` + t + `>`
	case "date":
		d, _ := object(mention, "date")
		s := `<mention-date start="` + str(d, "start") + `"`
		if end := str(d, "end"); end != "" {
			s += ` end="` + end + `"`
		}
		return s + "/>"
	}
	return escapeMarkdown(str(m, "plain_text"))
}

// inlineState is the formatting in force while reading inline Markdown.
type inlineState struct {
	bold, italic, strike, underline bool
	colors                          []string // <span color> stack; the last one applies
	spans                           []bool   // per open <span>: whether it set underline
	link                            string
}

// inlineReader turns inline enhanced Markdown into rich text items of a request.
type inlineReader struct {
	items []any
	run   strings.Builder
	st    inlineState
}

// attrPattern reads the attributes of a tag: name="value".
var attrPattern = regexp.MustCompile(`([\w-]+)="([^"]*)"`)

// tagAttrs reads the attributes of an XML-like tag.
func tagAttrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range attrPattern.FindAllStringSubmatch(tag, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// inlineMarkdown reads inline enhanced Markdown into a rich text array of a request (text,
// equation and mention items with their annotations).
func inlineMarkdown(s string) []any {
	r := &inlineReader{}
	r.read(s)
	r.flush()
	if r.items == nil {
		return []any{}
	}
	return r.items
}

// annotations are the request annotations of the current state.
func (r *inlineReader) annotations(code bool) jsonObject {
	color := "default"
	if n := len(r.st.colors); n > 0 {
		color = apiColor(r.st.colors[n-1])
	}
	return jsonObject{"bold": r.st.bold, "italic": r.st.italic, "strikethrough": r.st.strike,
		"underline": r.st.underline, "code": code, "color": color}
}

// flush ends the current text run.
func (r *inlineReader) flush() {
	if r.run.Len() == 0 {
		return
	}
	r.addText(r.run.String(), false)
	r.run.Reset()
}

// addText adds a text item with the current formatting, split into Notion's 2000-character
// pieces.
func (r *inlineReader) addText(s string, code bool) {
	runes := []rune(s)
	for len(runes) > 0 {
		n := min(len(runes), maxTextContent)
		text := jsonObject{"content": string(runes[:n])}
		if r.st.link != "" {
			text["link"] = jsonObject{"url": r.st.link}
		}
		r.items = append(r.items, jsonObject{"type": "text", "text": text, "annotations": r.annotations(code)})
		runes = runes[n:]
	}
}

// read reads s with the current state.
func (r *inlineReader) read(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			r.run.WriteByte(s[i+1])
			i += 2
		case strings.HasPrefix(s[i:], "**"):
			r.flush()
			r.st.bold = !r.st.bold
			i += 2
		case strings.HasPrefix(s[i:], "~~"):
			r.flush()
			r.st.strike = !r.st.strike
			i += 2
		case c == '*':
			r.flush()
			r.st.italic = !r.st.italic
			i++
		case strings.HasPrefix(s[i:], "$`"):
			end := strings.Index(s[i+2:], "`$")
			if end < 0 {
				r.run.WriteByte(c)
				i++
				continue
			}
			r.flush()
			r.items = append(r.items, jsonObject{"type": "equation", "equation": jsonObject{"expression": s[i+2 : i+2+end]}, "annotations": r.annotations(false)})
			i += end + 4
		case c == '$':
			end := strings.IndexByte(s[i+1:], '$')
			if end <= 0 {
				r.run.WriteByte(c)
				i++
				continue
			}
			r.flush()
			r.items = append(r.items, jsonObject{"type": "equation", "equation": jsonObject{"expression": s[i+1 : i+1+end]}, "annotations": r.annotations(false)})
			i += end + 2
		case c == '`':
			end := strings.IndexByte(s[i+1:], '`')
			if end < 0 {
				r.run.WriteByte(c)
				i++
				continue
			}
			r.flush()
			r.addText(s[i+1:i+1+end], true)
			i += end + 2
		case c == '[':
			if n := r.readLink(s[i:]); n > 0 {
				i += n
				continue
			}
			r.run.WriteByte(c)
			i++
		case c == '<':
			if n := r.readTag(s[i:]); n > 0 {
				i += n
				continue
			}
			r.run.WriteByte(c)
			i++
		default:
			r.run.WriteByte(c)
			i++
		}
	}
}

// readLink reads [text](url) at the start of s and returns its length, 0 if there is none.
func (r *inlineReader) readLink(s string) int {
	depth, closeAt := 0, -1
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				closeAt = j
			}
		}
		if closeAt >= 0 {
			break
		}
	}
	if closeAt < 0 || closeAt+1 >= len(s) || s[closeAt+1] != '(' {
		return 0
	}
	end := strings.IndexByte(s[closeAt+2:], ')')
	if end < 0 {
		return 0
	}
	r.flush()
	saved := r.st.link
	r.st.link = s[closeAt+2 : closeAt+2+end]
	r.read(s[1:closeAt])
	r.flush()
	r.st.link = saved
	return closeAt + 3 + end
}

// readTag reads one XML-like inline tag at the start of s and returns its length, 0 if it
// is not one.
func (r *inlineReader) readTag(s string) int {
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return 0
	}
	tag := s[:end+1]
	name := strings.TrimLeft(strings.Fields(strings.Trim(tag, "<>/") + " x")[0], "/")
	attrs := tagAttrs(tag)
	switch {
	case tag == "<br>" || tag == "<br/>" || tag == "<br />":
		r.run.WriteByte('\n')
		return len(tag)
	case name == "span" && !strings.HasPrefix(tag, "</"):
		r.flush()
		setsUnderline := attrs["underline"] == "true" && !r.st.underline
		if setsUnderline {
			r.st.underline = true
		}
		r.st.spans = append(r.st.spans, setsUnderline)
		if c, ok := attrs["color"]; ok {
			r.st.colors = append(r.st.colors, c)
		} else if n := len(r.st.colors); n > 0 {
			r.st.colors = append(r.st.colors, r.st.colors[n-1])
		} else {
			r.st.colors = append(r.st.colors, "default")
		}
		return len(tag)
	case tag == "</span>":
		r.flush()
		if n := len(r.st.spans); n > 0 {
			if r.st.spans[n-1] {
				r.st.underline = false
			}
			r.st.spans = r.st.spans[:n-1]
			r.st.colors = r.st.colors[:len(r.st.colors)-1]
		}
		return len(tag)
	case strings.HasPrefix(name, "mention-"):
		return r.readMention(s, tag, strings.TrimPrefix(name, "mention-"), attrs)
	}
	return 0
}

// readMention reads a mention tag (self-closing, or with a closing tag around its text).
func (r *inlineReader) readMention(s, tag, kind string, attrs map[string]string) int {
	n := len(tag)
	if !strings.HasSuffix(tag, "/>") {
		closing := "</mention-" + kind + ">"
		end := strings.Index(s, closing)
		if end < 0 {
			return 0
		}
		n = end + len(closing)
	}
	var mention jsonObject
	switch kind {
	case "user":
		id, _ := normalizeID(strings.TrimPrefix(attrs["url"], "user://"))
		mention = jsonObject{"type": "user", "user": jsonObject{"id": id}}
	case "page", "database":
		id, _ := normalizeID(lastSegmentID(attrs["url"]))
		mention = jsonObject{"type": kind, kind: jsonObject{"id": id}}
	case "date":
		d := jsonObject{"start": attrs["start"]}
		if e := attrs["end"]; e != "" {
			d["end"] = e
		}
		mention = jsonObject{"type": "date", "date": d}
	default:
		return 0
	}
	r.flush()
	r.items = append(r.items, jsonObject{"type": "mention", "mention": mention, "annotations": r.annotations(false)})
	return n
}

// lastSegmentID is the id at the end of a Notion URL (".../Title-<32 hex>" or ".../<id>").
func lastSegmentID(u string) string {
	u = strings.SplitN(u, "?", 2)[0]
	u = u[strings.LastIndexByte(u, '/')+1:]
	if _, ok := normalizeID(u); ok {
		return u
	}
	if len(u) > 32 {
		u = u[len(u)-32:]
	}
	return u
}
