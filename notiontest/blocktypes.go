package notiontest

import (
	"fmt"
	"path"
	"strings"
)

// Limits of Notion's block endpoints.
const (
	maxChildrenPerArray = 100  // blocks in one children array
	maxBlocksPerRequest = 1000 // block elements in one request, nested ones included
	maxNestingDepth     = 2    // levels of nested children below the top-level blocks
)

// blockKind describes how a block type's content is checked and normalized.
type blockKind struct {
	// normalize checks a request's content object and returns it in the answered form.
	normalize func(c jsonObject, path string) (jsonObject, *apiError)
	// children reports whether a block with that normalized content may have children.
	children func(content jsonObject) bool
	// readOnly marks types that Notion answers but does not let clients create or edit.
	readOnly bool
}

// always and never are the two simple children rules.
func always(jsonObject) bool { return true }
func never(jsonObject) bool  { return false }

// blockKinds are the block types the emulator knows: every type found in Notion's answers.
var blockKinds = map[string]blockKind{
	"paragraph":          {normalize: iconTextBlock, children: always},
	"bulleted_list_item": {normalize: textBlock, children: always},
	"numbered_list_item": {normalize: textBlock, children: always},
	"quote":              {normalize: textBlock, children: always},
	"toggle":             {normalize: textBlock, children: always},
	"template":           {normalize: templateBlock, children: always},
	"heading_1":          {normalize: headingBlock, children: isToggleable},
	"heading_2":          {normalize: headingBlock, children: isToggleable},
	"heading_3":          {normalize: headingBlock, children: isToggleable},
	"heading_4":          {normalize: headingBlock, children: isToggleable},
	"to_do":              {normalize: toDoBlock, children: always},
	"callout":            {normalize: iconTextBlock, children: always},
	"code":               {normalize: codeBlock, children: never},
	"equation":           {normalize: equationBlock, children: never},
	"divider":            {normalize: emptyBlock, children: never},
	"breadcrumb":         {normalize: emptyBlock, children: never},
	"column_list":        {normalize: emptyBlock, children: always},
	"tab":                {normalize: emptyBlock, children: always}, // its child paragraphs are the tabs
	"column":             {normalize: columnBlock, children: always},
	"table_of_contents":  {normalize: colorBlock, children: never},
	"bookmark":           {normalize: urlBlock, children: never},
	"embed":              {normalize: urlBlock, children: never},
	"image":              {normalize: mediaBlock, children: never},
	"video":              {normalize: mediaBlock, children: never},
	"pdf":                {normalize: mediaBlock, children: never},
	"audio":              {normalize: mediaBlock, children: never},
	"file":               {normalize: fileBlock, children: never},
	"table":              {normalize: tableBlock, children: always},
	"table_row":          {normalize: tableRowBlock, children: never},
	"synced_block":       {normalize: syncedBlock, children: always},
	"link_to_page":       {normalize: linkToPageBlock, children: never},
	"link_preview":       {readOnly: true, children: never},
	"child_page":         {readOnly: true, children: always},
	"child_database":     {readOnly: true, children: never},
	"unsupported":        {readOnly: true, children: never},
	"meeting_notes":      {readOnly: true, children: never}, // "transcription" before 2026-03-11
}

// codeLanguages are the languages Notion accepts for a code block.
var codeLanguages = map[string]bool{}

func init() {
	for _, l := range strings.Split("abap|agda|arduino|ascii art|assembly|bash|basic|bnf|c|c#|c++|clojure|coffeescript|coq|css|dart|dhall|diff|docker|ebnf|elixir|elm|erlang|f#|flow|fortran|gherkin|glsl|go|graphql|groovy|haskell|hcl|html|idris|java|javascript|json|julia|kotlin|latex|less|lisp|livescript|llvm ir|lua|makefile|markdown|markup|matlab|mathematica|mermaid|nix|notion formula|objective-c|ocaml|pascal|perl|php|plain text|powershell|prolog|protobuf|purescript|python|r|racket|reason|ruby|rust|sass|scala|scheme|scss|shell|smalltalk|solidity|sql|swift|toml|typescript|vb.net|verilog|vhdl|visual basic|webassembly|xml|yaml|java/c/c++/c#", "|") {
		codeLanguages[l] = true
	}
}

// isToggleable is the children rule of headings: only toggleable headings have children.
func isToggleable(c jsonObject) bool { return boolean(c, "is_toggleable") }

// richTextField normalizes the rich text array c[key]; a missing array is an error when
// required, else empty.
func richTextField(c jsonObject, key, path string, required bool) ([]any, *apiError) {
	raw, ok := c[key]
	if !ok || raw == nil {
		if required {
			return nil, bodyValidation("%s.%s should be defined, instead was `undefined`.", path, key)
		}
		return []any{}, nil
	}
	return normalizeRichTextAt(raw, path+"."+key)
}

// colorField returns c["color"], "default" when absent.
func colorField(c jsonObject, path string) (string, *apiError) {
	raw, ok := c["color"]
	if !ok || raw == nil {
		return "default", nil
	}
	s, ok := raw.(string)
	if !ok || !validColors[s] {
		return "", bodyValidation("%s.color should be a valid color, instead was `%s`.", path, jsonText(raw))
	}
	return s, nil
}

// boolField returns c[key] as a boolean, def when absent.
func boolField(c jsonObject, key, path string, def bool) (bool, *apiError) {
	raw, ok := c[key]
	if !ok || raw == nil {
		return def, nil
	}
	b, ok := raw.(bool)
	if !ok {
		return false, bodyValidation("%s.%s should be a boolean, instead was `%s`.", path, key, jsonText(raw))
	}
	return b, nil
}

// textBlock normalizes paragraph, list items, quote and toggle: rich_text and color.
func textBlock(c jsonObject, path string) (jsonObject, *apiError) {
	rt, err := richTextField(c, "rich_text", path, true)
	if err != nil {
		return nil, err
	}
	color, err := colorField(c, path)
	if err != nil {
		return nil, err
	}
	return jsonObject{"rich_text": rt, "color": color}, nil
}

// iconTextBlock normalizes a paragraph or a callout: rich_text, icon and color.
func iconTextBlock(c jsonObject, path string) (jsonObject, *apiError) {
	out, err := textBlock(c, path)
	if err != nil {
		return nil, err
	}
	if out["icon"], err = normalizeIcon(c, "icon"); err != nil {
		return nil, err
	}
	return out, nil
}

// templateBlock normalizes a template button: its rich_text.
func templateBlock(c jsonObject, path string) (jsonObject, *apiError) {
	rt, err := richTextField(c, "rich_text", path, true)
	if err != nil {
		return nil, err
	}
	return jsonObject{"rich_text": rt}, nil
}

// headingBlock normalizes heading_1..4 and toDoBlock a to_do.
var (
	headingBlock = flaggedTextBlock("is_toggleable")
	toDoBlock    = flaggedTextBlock("checked")
)

// flaggedTextBlock returns the normalizer of a text block (rich_text and color) with one
// optional boolean, flag.
func flaggedTextBlock(flag string) func(jsonObject, string) (jsonObject, *apiError) {
	return func(c jsonObject, path string) (jsonObject, *apiError) {
		out, err := textBlock(c, path)
		if err != nil {
			return nil, err
		}
		if out[flag], err = boolField(c, flag, path, false); err != nil {
			return nil, err
		}
		return out, nil
	}
}

// codeBlock normalizes a code block: caption, rich_text and language.
func codeBlock(c jsonObject, path string) (jsonObject, *apiError) {
	rt, err := richTextField(c, "rich_text", path, true)
	if err != nil {
		return nil, err
	}
	caption, err := richTextField(c, "caption", path, false)
	if err != nil {
		return nil, err
	}
	lang, _ := c["language"].(string)
	if !codeLanguages[lang] {
		return nil, bodyValidation("%s.language should be a language Notion supports, instead was `%s`.", path, jsonText(c["language"]))
	}
	return jsonObject{"caption": caption, "rich_text": rt, "language": lang}, nil
}

// equationBlock normalizes a block equation: its expression.
func equationBlock(c jsonObject, path string) (jsonObject, *apiError) {
	expr, ok := c["expression"].(string)
	if !ok {
		return nil, bodyValidation("%s.expression should be a string, instead was `%s`.", path, jsonText(c["expression"]))
	}
	if n := len([]rune(expr)); n > maxEquationLength {
		return nil, bodyValidation("%s.expression.length should be ≤ `%d`, instead was `%d`.", path, maxEquationLength, n)
	}
	return jsonObject{"expression": expr}, nil
}

// emptyBlock normalizes types without content: divider, breadcrumb, column_list, tab.
func emptyBlock(jsonObject, string) (jsonObject, *apiError) { return jsonObject{}, nil }

// colorBlock normalizes a table_of_contents: its color.
func colorBlock(c jsonObject, path string) (jsonObject, *apiError) {
	color, err := colorField(c, path)
	if err != nil {
		return nil, err
	}
	return jsonObject{"color": color}, nil
}

// columnBlock normalizes a column: an optional width_ratio in (0, 1].
func columnBlock(c jsonObject, path string) (jsonObject, *apiError) {
	raw, ok := c["width_ratio"]
	if !ok || raw == nil {
		return jsonObject{}, nil
	}
	r, ok := raw.(float64)
	if !ok || r <= 0 || r > 1 {
		return nil, bodyValidation("%s.width_ratio should be a number between 0 and 1, instead was `%s`.", path, jsonText(raw))
	}
	return jsonObject{"width_ratio": r}, nil
}

// urlBlock normalizes bookmark and embed: caption and url.
func urlBlock(c jsonObject, path string) (jsonObject, *apiError) {
	url, ok := c["url"].(string)
	if !ok {
		return nil, bodyValidation("%s.url should be a string, instead was `%s`.", path, jsonText(c["url"]))
	}
	if len(url) > maxLinkURL {
		return nil, bodyValidation("%s.url.length should be ≤ `%d`, instead was `%d`.", path, maxLinkURL, len(url))
	}
	caption, err := richTextField(c, "caption", path, false)
	if err != nil {
		return nil, err
	}
	return jsonObject{"caption": caption, "url": url}, nil
}

// mediaBlock normalizes image, video, pdf and audio: caption and an external file.
func mediaBlock(c jsonObject, path string) (jsonObject, *apiError) {
	caption, err := richTextField(c, "caption", path, false)
	if err != nil {
		return nil, err
	}
	switch t := str(c, "type"); t {
	case "external", "":
	case "file_upload":
		f, err := uploadedFile(c, path)
		if err != nil {
			return nil, err
		}
		f["caption"] = caption
		return f, nil
	default:
		return nil, bodyValidation("%s.type should be `external`, instead was `%s`.", path, jsonText(c["type"]))
	}
	f, err := externalFile(c, path)
	if err != nil {
		return nil, err
	}
	f["caption"] = caption
	return f, nil
}

// fileBlock normalizes a file block: a media block with a name, by default the last segment
// of the URL. A new name without an extension keeps the old one's, as Notion does.
func fileBlock(c jsonObject, p string) (jsonObject, *apiError) {
	out, err := mediaBlock(c, p)
	if err != nil {
		return nil, err
	}
	var base string
	if r, ok := c["file_upload"].(*resolvedUpload); ok {
		base = r.filename
	} else {
		ext, _ := object(out, "external")
		base = path.Base(strings.SplitN(str(ext, "url"), "?", 2)[0])
	}
	name := base
	if raw, ok := c["name"]; ok && raw != nil {
		s, ok := raw.(string)
		if !ok {
			return nil, bodyValidation("%s.name should be a string, instead was `%s`.", p, jsonText(raw))
		}
		name = s
		if path.Ext(name) == "" {
			name += path.Ext(base)
		}
	}
	out["name"] = name
	return out, nil
}

// tableBlock normalizes a table: table_width, has_column_header and has_row_header.
func tableBlock(c jsonObject, path string) (jsonObject, *apiError) {
	w, ok := c["table_width"].(float64)
	if !ok || w < 1 || w != float64(int(w)) {
		return nil, bodyValidation("%s.table_width should be a positive integer, instead was `%s`.", path, jsonText(c["table_width"]))
	}
	colHeader, err := boolField(c, "has_column_header", path, false)
	if err != nil {
		return nil, err
	}
	rowHeader, err := boolField(c, "has_row_header", path, false)
	if err != nil {
		return nil, err
	}
	return jsonObject{"table_width": w, "has_column_header": colHeader, "has_row_header": rowHeader}, nil
}

// tableRowBlock normalizes a table_row: its cells, each a rich text array.
func tableRowBlock(c jsonObject, path string) (jsonObject, *apiError) {
	raw, ok := c["cells"].([]any)
	if !ok {
		return nil, bodyValidation("%s.cells should be an array, instead was `%s`.", path, jsonText(c["cells"]))
	}
	cells := make([]any, len(raw))
	for i, cell := range raw {
		rt, err := normalizeRichTextAt(cell, fmt.Sprintf("%s.cells[%d]", path, i))
		if err != nil {
			return nil, err
		}
		cells[i] = rt
	}
	return jsonObject{"cells": cells}, nil
}

// syncedBlock normalizes a synced_block: synced_from null (an original) or a block_id
// reference to the original.
func syncedBlock(c jsonObject, path string) (jsonObject, *apiError) {
	raw, ok := c["synced_from"]
	if !ok || raw == nil {
		return jsonObject{"synced_from": nil}, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s.synced_from should be an object or `null`, instead was `%s`.", path, jsonText(raw))
	}
	id, ok := normalizeID(str(m, "block_id"))
	if !ok {
		return nil, bodyValidation("%s.synced_from.block_id should be a valid uuid, instead was `%s`.", path, jsonText(m["block_id"]))
	}
	return jsonObject{"synced_from": parentRef("block_id", id)}, nil
}

// linkToPageBlock normalizes a link_to_page: a page_id, database_id or comment_id reference.
func linkToPageBlock(c jsonObject, path string) (jsonObject, *apiError) {
	typ := str(c, "type")
	if typ == "" {
		for _, k := range []string{"page_id", "database_id", "comment_id"} {
			if _, ok := c[k]; ok {
				typ = k
			}
		}
	}
	switch typ {
	case "page_id", "database_id", "comment_id":
	default:
		return nil, bodyValidation("%s.type should be `page_id`, `database_id` or `comment_id`, instead was `%s`.", path, jsonText(c["type"]))
	}
	id, ok := normalizeID(str(c, typ))
	if !ok {
		return nil, bodyValidation("%s.%s should be a valid uuid, instead was `%s`.", path, typ, jsonText(c[typ]))
	}
	return parentRef(typ, id), nil
}
