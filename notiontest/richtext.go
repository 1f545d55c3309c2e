package notiontest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Rich text limits of the Notion API.
const (
	maxRichTextItems   = 100  // items in one rich text array
	maxTextContent     = 2000 // characters of text.content
	maxLinkURL         = 2000 // characters of a link url
	maxEquationLength  = 1000 // characters of an equation expression
	notionURLPrefix    = "https://www.notion.so/"
	richTextPathPrefix = "rich_text"
)

// annotationFlags are the boolean annotations of a rich text item, in Notion's key order.
var annotationFlags = []string{"bold", "italic", "strikethrough", "underline", "code"}

// validColors are the colors Notion accepts for annotations and blocks.
var validColors = map[string]bool{
	"default": true, "gray": true, "brown": true, "orange": true, "yellow": true, "green": true,
	"blue": true, "purple": true, "pink": true, "red": true,
	"gray_background": true, "brown_background": true, "orange_background": true,
	"yellow_background": true, "green_background": true, "blue_background": true,
	"purple_background": true, "pink_background": true, "red_background": true,
}

// normalizeRichText converts a rich text array of a request into the form Notion answers:
// every item gets its type, annotations with defaults, plain_text and href; request-only keys
// are dropped. Mentions of users, pages and databases keep the referenced id; the server
// fills in names and titles when it stores the object (see resolveMentions).
func normalizeRichText(v any) ([]any, *apiError) {
	return normalizeRichTextAt(v, richTextPathPrefix)
}

// setRichTextFields sets each of keys that body has on obj, as normalized rich text; null
// empties it.
func setRichTextFields(obj, body jsonObject, keys ...string) *apiError {
	for _, k := range keys {
		raw, ok := body[k]
		if !ok {
			continue
		}
		if raw == nil {
			raw = []any{}
		}
		rt, err := normalizeRichTextAt(raw, "body."+k)
		if err != nil {
			return err
		}
		obj[k] = rt
	}
	return nil
}

// normalizeRichTextAt is normalizeRichText with path naming the array in error messages,
// e.g. "body.children[0].paragraph.rich_text".
func normalizeRichTextAt(v any, path string) ([]any, *apiError) {
	if v == nil {
		return nil, bodyValidation("%s should be defined, instead was `undefined`.", path)
	}
	items, ok := v.([]any)
	if !ok {
		return nil, bodyValidation("%s should be an array, instead was `%s`.", path, jsonText(v))
	}
	if len(items) > maxRichTextItems {
		return nil, bodyValidation("%s.length should be ≤ `%d`, instead was `%d`.", path, maxRichTextItems, len(items))
	}
	out := make([]any, 0, len(items))
	for i, item := range items {
		norm, err := normalizeRichTextItem(item, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		out = append(out, norm)
	}
	return out, nil
}

// normalizeRichTextItem normalizes one rich text item found at path.
func normalizeRichTextItem(v any, path string) (jsonObject, *apiError) {
	item, ok := v.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(v))
	}
	typ, _ := item["type"].(string)
	if typ == "" {
		// Notion infers the type from the one content key present.
		for _, k := range []string{"text", "mention", "equation"} {
			if _, ok := item[k]; ok {
				typ = k
				break
			}
		}
	}
	annotations, err := normalizeAnnotations(item["annotations"], path+".annotations")
	if err != nil {
		return nil, err
	}
	var out jsonObject
	switch typ {
	case "text":
		out, err = normalizeTextItem(item["text"], path+".text")
	case "mention":
		out, err = normalizeMentionItem(item["mention"], path+".mention")
	case "equation":
		out, err = normalizeEquationItem(item["equation"], path+".equation")
	default:
		return nil, bodyValidation("%s.text should be defined, instead was `undefined`.", path)
	}
	if err != nil {
		return nil, err
	}
	out["annotations"] = annotations
	return out, nil
}

// normalizeTextItem builds a text item from the request's "text" object.
func normalizeTextItem(v any, path string) (jsonObject, *apiError) {
	text, ok := v.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(v))
	}
	content, ok := text["content"].(string)
	if !ok {
		return nil, bodyValidation("%s.content should be a string, instead was `%s`.", path, jsonText(text["content"]))
	}
	if n := utf8.RuneCountInString(content); n > maxTextContent {
		return nil, bodyValidation("%s.content.length should be ≤ `%d`, instead was `%d`.", path, maxTextContent, n)
	}
	var link, href any
	if l, present := text["link"]; present && l != nil {
		lm, ok := l.(map[string]any)
		if !ok {
			return nil, bodyValidation("%s.link should be an object or `null`, instead was `%s`.", path, jsonText(l))
		}
		url, ok := lm["url"].(string)
		if !ok {
			return nil, bodyValidation("%s.link.url should be a string, instead was `%s`.", path, jsonText(lm["url"]))
		}
		if n := utf8.RuneCountInString(url); n > maxLinkURL {
			return nil, bodyValidation("%s.link.url.length should be ≤ `%d`, instead was `%d`.", path, maxLinkURL, n)
		}
		if strings.TrimSpace(url) == "" {
			return nil, bodyValidation("%s.link.url should be a non-empty string, instead was `\"\"`.", path)
		}
		if !strings.Contains(url, ":") {
			// A relative link ("#top", "docs/a.md"): Notion refuses it.
			return nil, validationError("Content creation Failed. Fix the following: \nInvalid URL for link.")
		}
		link = jsonObject{"url": url}
		href = url
	}
	return jsonObject{
		"type":       "text",
		"text":       jsonObject{"content": content, "link": link},
		"plain_text": content,
		"href":       href,
	}, nil
}

// normalizeEquationItem builds an inline equation item.
func normalizeEquationItem(v any, path string) (jsonObject, *apiError) {
	eq, ok := v.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(v))
	}
	expr, ok := eq["expression"].(string)
	if !ok {
		return nil, bodyValidation("%s.expression should be a string, instead was `%s`.", path, jsonText(eq["expression"]))
	}
	if n := utf8.RuneCountInString(expr); n > maxEquationLength {
		return nil, bodyValidation("%s.expression.length should be ≤ `%d`, instead was `%d`.", path, maxEquationLength, n)
	}
	return jsonObject{
		"type":       "equation",
		"equation":   jsonObject{"expression": expr},
		"plain_text": expr,
		"href":       nil,
	}, nil
}

// normalizeMentionItem builds a mention item. plain_text and href of user, page and database
// mentions are completed later by resolveMentions, which knows the workspace.
func normalizeMentionItem(v any, path string) (jsonObject, *apiError) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(v))
	}
	typ, _ := m["type"].(string)
	if typ == "" {
		for _, k := range []string{"user", "page", "database", "date", "link_preview", "template_mention", "custom_emoji", "link_mention"} {
			if _, ok := m[k]; ok {
				typ = k
				break
			}
		}
	}
	body, ok := m[typ].(map[string]any)
	if !ok {
		if typ == "" {
			typ = "user"
		}
		return nil, bodyValidation("%s.%s should be an object, instead was `%s`.", path, typ, jsonText(m[typ]))
	}
	var mention jsonObject
	var plain string
	var href any
	switch typ {
	case "user", "page", "database":
		id, ok := body["id"].(string)
		if !ok {
			return nil, bodyValidation("%s.%s.id should be a string, instead was `%s`.", path, typ, jsonText(body["id"]))
		}
		dashed, ok := normalizeID(id)
		if !ok {
			return nil, bodyValidation("%s.%s.id should be a valid uuid, instead was `%s`.", path, typ, jsonText(id))
		}
		ref := jsonObject{"id": dashed}
		if typ == "user" {
			ref = jsonObject{"object": "user", "id": dashed}
		} else {
			href = notionURLPrefix + strings.ReplaceAll(dashed, "-", "")
		}
		mention = jsonObject{"type": typ, typ: ref}
	case "date":
		start, ok := body["start"].(string)
		if !ok {
			return nil, bodyValidation("%s.date.start should be a string, instead was `%s`.", path, jsonText(body["start"]))
		}
		end, _ := body["end"].(string)
		tz, _ := body["time_zone"].(string)
		date := jsonObject{"start": start, "end": nil, "time_zone": nil}
		plain = start
		if end != "" {
			date["end"] = end
			plain = start + " → " + end
		}
		if tz != "" {
			date["time_zone"] = tz
		}
		mention = jsonObject{"type": "date", "date": date}
	case "link_preview":
		url, ok := body["url"].(string)
		if !ok {
			return nil, bodyValidation("%s.link_preview.url should be a string, instead was `%s`.", path, jsonText(body["url"]))
		}
		mention = jsonObject{"type": "link_preview", "link_preview": jsonObject{"url": url}}
		plain, href = url, url
	case "link_mention":
		url, _ := body["href"].(string)
		mention = jsonObject{"type": "link_mention", "link_mention": deepCopy(body)}
		plain, href = url, url
	case "custom_emoji":
		name, _ := body["name"].(string)
		mention = jsonObject{"type": "custom_emoji", "custom_emoji": deepCopy(body)}
		plain = ":" + name + ":"
	case "template_mention":
		mention = jsonObject{"type": "template_mention", "template_mention": deepCopy(body)}
		plain = templateMentionText(body)
	default:
		return nil, bodyValidation("%s.type should be one of `user`, `page`, `database`, `date`, `link_preview`, `template_mention`, `custom_emoji`, instead was `%s`.", path, jsonText(m["type"]))
	}
	return jsonObject{"type": "mention", "mention": mention, "plain_text": plain, "href": href}, nil
}

// templateMentionText is the plain text Notion shows for a template mention.
func templateMentionText(body map[string]any) string {
	if d, ok := body["template_mention_date"].(string); ok {
		return "@" + strings.ToUpper(d[:min(1, len(d))]) + d[min(1, len(d)):]
	}
	if u, ok := body["template_mention_user"].(string); ok && u == "me" {
		return "@Me"
	}
	return ""
}

// normalizeAnnotations fills Notion's defaults into a request's annotations (nil means all
// defaults) and checks their types.
func normalizeAnnotations(v any, path string) (jsonObject, *apiError) {
	out := jsonObject{"color": "default"}
	for _, k := range annotationFlags {
		out[k] = false
	}
	if v == nil {
		return out, nil
	}
	a, ok := v.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(v))
	}
	for _, k := range annotationFlags {
		raw, present := a[k]
		if !present || raw == nil {
			continue
		}
		b, ok := raw.(bool)
		if !ok {
			return nil, bodyValidation("%s.%s should be a boolean, instead was `%s`.", path, k, jsonText(raw))
		}
		out[k] = b
	}
	if raw, present := a["color"]; present && raw != nil {
		c, ok := raw.(string)
		if !ok || !validColors[c] {
			return nil, bodyValidation("%s.color should be a valid color, instead was `%s`.", path, jsonText(raw))
		}
		out["color"] = c
	}
	return out, nil
}

// plainText joins the plain_text of a normalized rich text array.
func plainText(v any) string {
	items, _ := v.([]any)
	var b strings.Builder
	for _, item := range items {
		if m, ok := item.(map[string]any); ok {
			s, _ := m["plain_text"].(string)
			b.WriteString(s)
		}
	}
	return b.String()
}

// textRichText builds a one-item normalized rich text array holding plain content.
func textRichText(content string) []any {
	if content == "" {
		return []any{}
	}
	item, _ := normalizeTextItem(jsonObject{"content": content}, "")
	ann, _ := normalizeAnnotations(nil, "")
	item["annotations"] = ann
	return []any{item}
}
