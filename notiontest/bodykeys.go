package notiontest

import (
	"slices"
	"sort"
)

// bodyKeyRule lists the top-level keys that the body of one route may carry at some API
// versions. Notion refuses a body with any other key (400 validation_error, "body.<key>
// should be not present"); so does the emulator, so that a client's typo fails here as it
// would on Notion.
type bodyKeyRule struct {
	method  string
	pattern string // as in routes
	// versions are the API versions the rule applies to; nil means every version. The first
	// rule that matches a request's route and version applies.
	versions []apiVersion
	keys     []string
}

// since2025 are the versions of the data source endpoints (at 2022-06-28 they are unknown
// URLs, which their handlers answer).
var since2025 = []apiVersion{v2025, v2026}

// pagingKeys are the keys of a paginated POST.
var pagingKeys = []string{"start_cursor", "page_size"}

// blockUpdateKeys are the keys of PATCH /v1/blocks/{id}: the trash state, "type" (a
// string) and one key per block type.
var blockUpdateKeys = append([]string{"archived", "in_trash", "type"}, updatableBlockTypes()...)

// bodyKeyRules is the table of allowed body keys, per route and version. Keys that a later
// version removed (archived, after at 2026-03-11) are listed here and refused with a hint by
// refuseRemoved2026.
var bodyKeyRules = []bodyKeyRule{
	{"POST", "/v1/pages", nil, []string{"parent", "properties", "icon", "cover", "content", "children", "markdown", "template", "position", "allow_async"}},
	{"PATCH", "/v1/pages/{page_id}", nil, []string{"properties", "icon", "cover", "is_locked", "template", "erase_content", "in_trash", "archived", "is_archived"}},
	{"POST", "/v1/pages/{page_id}/move", nil, []string{"parent"}},
	{"PATCH", "/v1/pages/{page_id}/markdown", nil, []string{"type", "insert_content", "replace_content_range", "update_content", "replace_content", "allow_async"}},
	{"POST", "/v1/databases", []apiVersion{v2022}, []string{"parent", "title", "description", "properties", "icon", "cover", "is_inline"}},
	{"POST", "/v1/databases", nil, []string{"parent", "title", "description", "is_inline", "initial_data_source", "icon", "cover"}},
	{"PATCH", "/v1/databases/{database_id}", []apiVersion{v2022}, []string{"title", "description", "properties", "icon", "cover", "archived", "in_trash", "is_inline", "is_locked"}},
	{"PATCH", "/v1/databases/{database_id}", nil, []string{"parent", "title", "description", "is_inline", "icon", "cover", "in_trash", "archived", "is_locked"}},
	{"POST", "/v1/data_sources", since2025, []string{"parent", "properties", "title", "icon"}},
	{"PATCH", "/v1/data_sources/{data_source_id}", since2025, []string{"title", "icon", "properties", "in_trash", "archived", "parent"}},
	{"POST", "/v1/data_sources/{data_source_id}/query", since2025, append([]string{"filter", "sorts", "archived", "in_trash", "result_type"}, pagingKeys...)},
	{"POST", "/v1/databases/{database_id}/query", []apiVersion{v2022}, append([]string{"filter", "sorts", "archived", "in_trash"}, pagingKeys...)},
	{"PATCH", "/v1/blocks/{block_id}", nil, blockUpdateKeys},
	{"PATCH", "/v1/blocks/{block_id}/children", nil, []string{"children", "after", "position"}},
	{"POST", "/v1/search", nil, append([]string{"query", "filter", "sort"}, pagingKeys...)},
	{"POST", "/v1/comments", nil, []string{"parent", "discussion_id", "rich_text", "markdown", "attachments", "display_name"}},
	{"PATCH", "/v1/comments/{comment_id}", nil, []string{"rich_text", "markdown"}},
	{"POST", "/v1/file_uploads", nil, []string{"mode", "filename", "content_type", "number_of_parts", "external_url"}},
	{"POST", "/v1/file_uploads/{file_upload_id}/complete", nil, nil},
}

// updatableBlockTypes are the block types whose content PATCH /v1/blocks/{id} takes.
func updatableBlockTypes() []string {
	var out []string
	for t, k := range blockKinds {
		if !k.readOnly {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// checkBodyKeys refuses a body with a key that its route does not take at the request's
// version, as Notion does: "body failed validation: body.<key> should be not present,
// instead was `<value>`.". A route without a rule takes any key.
func checkBodyKeys(rt routeDef, version apiVersion, body jsonObject) *apiError {
	for _, rule := range bodyKeyRules {
		if rule.method != rt.method || rule.pattern != rt.pattern ||
			rule.versions != nil && !slices.Contains(rule.versions, version) {
			continue
		}
		var unknown []string
		for k := range body {
			if !slices.Contains(rule.keys, k) {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) == 0 {
			return nil
		}
		sort.Strings(unknown)
		return bodyValidation("body.%s should be not present, instead was `%s`.", unknown[0], jsonText(body[unknown[0]]))
	}
	return nil
}

// checkBlockUpdateType refuses a PATCH /v1/blocks/{id} body that names another block type
// than the block's (typ), in "type" or as a content key, and a "type" that is not a string
// (the shape {"type": {"paragraph": {...}}}), which Notion answers with every block key it
// would have taken.
func checkBlockUpdateType(typ string, body jsonObject) *apiError {
	if raw, ok := body["type"]; ok {
		t, isString := raw.(string)
		if !isString {
			msg := "body failed validation. Fix one:\nbody.type should be not present, instead was `" + jsonText(raw) + "`."
			keys := updatableBlockTypes()
			if slices.Contains(keys, typ) { // the block's own type first
				keys = append([]string{typ}, slices.DeleteFunc(keys, func(k string) bool { return k == typ })...)
			}
			for _, k := range keys {
				msg += "\nbody." + k + " should be defined, instead was `undefined`."
			}
			return validationError("%s", msg)
		}
		if t != typ {
			return bodyValidation("body.type should be `%s`, instead was `%s`.", jsonText(typ), jsonText(t))
		}
	}
	for _, k := range updatableBlockTypes() {
		if _, ok := body[k]; ok && k != typ {
			return validationError("The block type in the request (%s) does not match the block's type (%s).", k, typ)
		}
	}
	return nil
}
