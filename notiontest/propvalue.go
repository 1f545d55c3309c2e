package notiontest

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // date values name IANA time zones; the emulator must not depend on the host's zoneinfo
	"unicode/utf8"

	"github.com/google/uuid"
)

// Size limits of page property values (Notion's request limits).
const (
	maxRelationItems    = 100
	maxPeopleItems      = 100
	maxMultiSelectItems = 100
	maxURLChars         = 2000
	maxEmailChars       = 200
	maxPhoneChars       = 200
)

// writableTypes are the property value types a page create or update may set, in the order
// Notion lists them when a value matches none.
var writableTypes = []string{
	"title", "rich_text", "number", "url", "select", "multi_select", "people", "email",
	"phone_number", "date", "checkbox", "relation", "files", "status", "place",
}

// pageValue converts one property value of a page create or update request into its stored
// form, exactly as Notion answers it ({"id":..,"type":..,"<type>":..}), after checking it
// against the database's schema property (schemaProp is {"id":..,"name":..,"type":..,...}; for
// a page under a page it is the title property {"id":"title","name":"title","type":"title",
// "title":{}}).
//
// input is what the request holds under the property's key: an object keyed by the value's
// type (with or without "type"), a bare rich text array for title and rich_text, a bare option
// ({"name":..} or {"id":..}) for select and status, or a bare date ({"start":..}).
//
// Select and multi_select names that the schema lacks get fresh options in the answer, as
// Notion creates them; pageValue leaves schemaProp alone, so once every value of the request is
// valid the server adds them to the database with mergeSelectOptions. Mentions in title and
// rich_text keep only the referenced id (see normalizeRichText).
func pageValue(schemaProp jsonObject, input any, env valueEnv) (jsonObject, *apiError) {
	name := str(schemaProp, "name")
	typ := str(schemaProp, "type")
	path := "body.properties." + name
	if input == nil {
		return nil, validationError("Invalid property value for: %q.", name)
	}
	key, raw, err := valueKey(input, typ, path)
	if err != nil {
		return nil, err
	}
	if key != typ {
		return nil, validationError("%s is expected to be %s.", name, typ)
	}
	if raw == nil && !nullableTypes[typ] {
		return nil, validationError("Invalid property value for: %q.", name)
	}
	path += "." + typ
	var v any
	switch typ {
	case "title", "rich_text":
		v, err = normalizeRichText(raw)
	case "number":
		v, err = numberValue(raw, path)
	case "select":
		v, err = selectValue(schemaProp, raw, path, true)
	case "status":
		v, err = selectValue(schemaProp, raw, path, false)
	case "multi_select":
		v, err = multiSelectValue(schemaProp, raw, path)
	case "date":
		v, err = dateValue(raw, path)
	case "people":
		v, err = peopleValue(raw, path, env)
	case "files":
		v, err = filesValue(raw, path)
	case "checkbox":
		b, ok := raw.(bool)
		if !ok {
			return nil, bodyValidation("%s should be a boolean, instead was `%s`.", path, jsonText(raw))
		}
		v = b
	case "url":
		v, err = stringValue(raw, path, maxURLChars)
	case "email":
		v, err = stringValue(raw, path, maxEmailChars)
	case "phone_number":
		v, err = stringValue(raw, path, maxPhoneChars)
	case "relation":
		v, err = relationValue(raw, path)
	case "place":
		v, err = placeValue(raw, path)
	default:
		return nil, validationError("%s is expected to be %s.", name, typ)
	}
	if err != nil {
		return nil, err
	}
	out := jsonObject{"id": schemaProp["id"], "type": typ, typ: v}
	if typ == "relation" {
		out["has_more"] = false
	}
	return out, nil
}

// valueKey finds which value type a request's property value holds, and the value itself.
func valueKey(input any, schemaType, path string) (string, any, *apiError) {
	switch in := input.(type) {
	case []any:
		if schemaType == "title" || schemaType == "rich_text" {
			return schemaType, in, nil
		}
		return "rich_text", in, nil
	case map[string]any:
		if t, ok := in["type"].(string); ok {
			if !slices.Contains(writableTypes, t) {
				return "", nil, unionValueError(path)
			}
			raw, present := in[t]
			if !present {
				return "", nil, bodyValidation("%s.%s should be defined, instead was `undefined`.", path, t)
			}
			return t, raw, nil
		}
		for _, t := range writableTypes {
			if raw, present := in[t]; present {
				return t, raw, nil
			}
		}
		_, hasName := in["name"]
		_, hasID := in["id"]
		switch {
		case (hasName || hasID) && (schemaType == "select" || schemaType == "status"):
			return schemaType, in, nil
		case in["start"] != nil:
			return "date", in, nil
		}
		return "", nil, unionValueError(path)
	default:
		return "", nil, bodyValidation("%s should be an object or an array, instead was `%s`.", path, jsonText(input))
	}
}

// unionValueError is Notion's answer to a property value that matches no writable type.
func unionValueError(path string) *apiError {
	var b strings.Builder
	b.WriteString("body failed validation. Fix one:")
	for _, t := range writableTypes {
		fmt.Fprintf(&b, "\n%s.%s should be defined, instead was `undefined`.", path, t)
	}
	return validationError("%s", b.String())
}

// nullableTypes are the value types that null clears; null is invalid for the others.
var nullableTypes = map[string]bool{
	"number": true, "select": true, "status": true, "date": true, "url": true, "email": true,
	"phone_number": true, "place": true,
}

// numberValue checks a number value; null clears it.
func numberValue(raw any, path string) (any, *apiError) {
	if raw == nil {
		return nil, nil
	}
	f, ok := toFloat(raw)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, bodyValidation("%s should be a number or `null`, instead was `%s`.", path, jsonText(raw))
	}
	return f, nil
}

// toFloat converts a decoded JSON number (or a Go number a test wrote) to float64.
func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// stringValue checks a url, email or phone_number value; null and "" clear it.
func stringValue(raw any, path string, limit int) (any, *apiError) {
	if raw == nil {
		return nil, nil
	}
	s, ok := raw.(string)
	if !ok {
		return nil, bodyValidation("%s should be a string or `null`, instead was `%s`.", path, jsonText(raw))
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return nil, bodyValidation("%s.length should be ≤ `%d`, instead was `%d`.", path, limit, n)
	}
	if s == "" {
		return nil, nil
	}
	return s, nil
}

// schemaOptions returns the options of a select, multi_select or status schema property.
func schemaOptions(schemaProp jsonObject) []any {
	cfg, _ := object(schemaProp, str(schemaProp, "type"))
	opts, _ := cfg["options"].([]any)
	return opts
}

// findOption looks an option up by id (when id is not "") or else by name.
func findOption(options []any, id, name string) (jsonObject, bool) {
	for _, o := range options {
		opt, ok := o.(map[string]any)
		if !ok {
			continue
		}
		if id != "" && str(opt, "id") == id || id == "" && str(opt, "name") == name {
			return opt, true
		}
	}
	return nil, false
}

// selectValue resolves a select or status value ({"name":..} or {"id":..}) against the
// schema's options; create allows a name the schema lacks (a new option, as Notion makes for
// select but not for status). null clears the value.
func selectValue(schemaProp jsonObject, raw any, path string, create bool) (any, *apiError) {
	if raw == nil {
		return nil, nil
	}
	ref, ok := raw.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object or `null`, instead was `%s`.", path, jsonText(raw))
	}
	return resolveOption(schemaProp, ref, path, create)
}

// resolveOption turns one option reference into the answered option {"id","name","color"}.
func resolveOption(schemaProp jsonObject, ref jsonObject, path string, create bool) (jsonObject, *apiError) {
	id, idOK := ref["id"].(string)
	name, nameOK := ref["name"].(string)
	if !idOK && !nameOK {
		return nil, bodyValidation("%s.name should be defined, instead was `undefined`.", path)
	}
	if nameOK && strings.TrimSpace(name) == "" && !idOK {
		return nil, bodyValidation("%s.name should be a non-empty string, instead was `%s`.", path, jsonText(name))
	}
	if opt, ok := findOption(schemaOptions(schemaProp), id, name); ok {
		return jsonObject{"id": opt["id"], "name": opt["name"], "color": opt["color"]}, nil
	}
	typ := str(schemaProp, "type")
	if idOK {
		return nil, validationError("Invalid %s option id: %q does not exist on property %s.", typ, id, str(schemaProp, "name"))
	}
	if !create {
		return nil, validationError("Invalid status option. Status option %q does not exist on property %s.", name, str(schemaProp, "name"))
	}
	if strings.Contains(name, ",") {
		return nil, validationError("Invalid %s option: option names cannot contain commas, instead was %q.", typ, name)
	}
	color := "default"
	if c, ok := ref["color"].(string); ok {
		if !optionColors[c] {
			return nil, bodyValidation("%s.color should be a valid option color, instead was `%s`.", path, jsonText(c))
		}
		color = c
	}
	return jsonObject{"id": uuid.NewString(), "name": name, "color": color}, nil
}

// multiSelectValue resolves every option of a multi_select value, dropping repeats.
func multiSelectValue(schemaProp jsonObject, raw any, path string) (any, *apiError) {
	items, ok := raw.([]any)
	if !ok {
		return nil, bodyValidation("%s should be an array, instead was `%s`.", path, jsonText(raw))
	}
	if len(items) > maxMultiSelectItems {
		return nil, bodyValidation("%s.length should be ≤ `%d`, instead was `%d`.", path, maxMultiSelectItems, len(items))
	}
	out := make([]any, 0, len(items))
	seen := map[string]bool{}
	for i, item := range items {
		ref, ok := item.(map[string]any)
		itemPath := fmt.Sprintf("%s[%d]", path, i)
		if !ok {
			return nil, bodyValidation("%s should be an object, instead was `%s`.", itemPath, jsonText(item))
		}
		opt, err := resolveOption(schemaProp, ref, itemPath, true)
		if err != nil {
			return nil, err
		}
		if key := str(opt, "name"); !seen[key] {
			seen[key] = true
			out = append(out, opt)
		}
	}
	return out, nil
}

// mergeSelectOptions adds to a select or multi_select schema property the options of value
// (a stored page value) that it lacks: the options Notion creates when a page names one that
// does not exist yet. It reports whether the schema changed.
func mergeSelectOptions(schemaProp jsonObject, value jsonObject) bool {
	typ := str(schemaProp, "type")
	if typ != "select" && typ != "multi_select" || str(value, "type") != typ {
		return false
	}
	var refs []any
	switch v := value[typ].(type) {
	case map[string]any:
		refs = []any{v}
	case []any:
		refs = v
	}
	cfg, ok := object(schemaProp, typ)
	if !ok {
		cfg = jsonObject{}
		schemaProp[typ] = cfg
	}
	opts, _ := cfg["options"].([]any)
	changed := false
	for _, r := range refs {
		opt, ok := r.(map[string]any)
		if !ok {
			continue
		}
		if _, exists := findOption(opts, str(opt, "id"), ""); exists {
			continue
		}
		if _, exists := findOption(opts, "", str(opt, "name")); exists {
			continue
		}
		opts = append(opts, jsonObject{"id": opt["id"], "name": opt["name"], "color": opt["color"], "description": nil})
		changed = true
	}
	cfg["options"] = opts
	return changed
}

// dateValue checks a date value {"start","end","time_zone"} and answers it like Notion: start
// and end as given when they are dates, date-times to the minute with their UTC offset (a
// time_zone is applied to date-times without an offset and then dropped). null clears it.
func dateValue(raw any, path string) (any, *apiError) {
	if raw == nil {
		return nil, nil
	}
	d, ok := raw.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object or `null`, instead was `%s`.", path, jsonText(raw))
	}
	loc := time.UTC
	if tz, present := d["time_zone"]; present && tz != nil {
		name, ok := tz.(string)
		if !ok {
			return nil, bodyValidation("%s.time_zone should be a string or `null`, instead was `%s`.", path, jsonText(tz))
		}
		l, err := time.LoadLocation(name)
		if err != nil || name == "" || name == "Local" {
			return nil, bodyValidation("%s.time_zone should be a valid time zone, instead was `%s`.", path, jsonText(tz))
		}
		loc = l
	}
	startText, ok := d["start"].(string)
	if !ok {
		return nil, bodyValidation("%s.start should be a string, instead was `%s`.", path, jsonText(d["start"]))
	}
	start, ok := parseDate(startText, loc)
	if !ok {
		return nil, bodyValidation("%s.start should be a valid ISO 8601 date string, instead was `%s`.", path, jsonText(startText))
	}
	out := jsonObject{"start": start.String(), "end": nil, "time_zone": nil}
	if e, present := d["end"]; present && e != nil {
		endText, ok := e.(string)
		if !ok {
			return nil, bodyValidation("%s.end should be a string or `null`, instead was `%s`.", path, jsonText(e))
		}
		end, ok := parseDate(endText, loc)
		if !ok {
			return nil, bodyValidation("%s.end should be a valid ISO 8601 date string, instead was `%s`.", path, jsonText(endText))
		}
		out["end"] = end.String()
	}
	return out, nil
}

// notionDate is a date or date-time of a date value, formula or filter.
type notionDate struct {
	t        time.Time
	dateOnly bool // "2024-01-01" without a time of day; t is midnight UTC
}

// String formats the date the way Notion answers it.
func (d notionDate) String() string {
	if d.dateOnly {
		return d.t.Format(time.DateOnly)
	}
	return d.t.Format("2006-01-02T15:04:05.000-07:00")
}

// dateTimeLayouts are the ISO 8601 date-time forms without a UTC offset that Notion accepts.
var dateTimeLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04"}

// parseDate reads an ISO 8601 date ("2024-01-01") or date-time, with or without a UTC offset;
// a date-time without an offset is in loc. Date-times are truncated to the minute, as Notion
// stores them.
func parseDate(s string, loc *time.Location) (notionDate, bool) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return notionDate{t: t, dateOnly: true}, true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		if loc != time.UTC {
			t = t.In(loc)
		}
		return notionDate{t: t.Truncate(time.Minute)}, true
	}
	if t, err := time.Parse("2006-01-02T15:04Z07:00", s); err == nil {
		return notionDate{t: t.Truncate(time.Minute)}, true
	}
	for _, layout := range dateTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return notionDate{t: t.Truncate(time.Minute)}, true
		}
	}
	return notionDate{}, false
}

// storedDate reads the start (or, with end, the end) of a stored date value.
func storedDate(v any, end bool) (notionDate, bool) {
	d, ok := v.(map[string]any)
	if !ok {
		return notionDate{}, false
	}
	key := "start"
	if end {
		key = "end"
	}
	s, ok := d[key].(string)
	if !ok {
		return notionDate{}, false
	}
	return parseDate(s, time.UTC)
}

// peopleValue resolves the users of a people value into the user objects Notion answers.
func peopleValue(raw any, path string, env valueEnv) (any, *apiError) {
	return distinctIDs(raw, path, maxPeopleItems, func(id string) any { return userValue(id, env) })
}

// itemID reads the dashed id of an {"id":..} item of a people or relation value.
func itemID(item any, path string) (string, *apiError) {
	ref, ok := item.(map[string]any)
	if !ok {
		return "", bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(item))
	}
	raw, ok := ref["id"].(string)
	if !ok {
		return "", bodyValidation("%s.id should be a string, instead was `%s`.", path, jsonText(ref["id"]))
	}
	id, ok := normalizeID(raw)
	if !ok {
		return "", bodyValidation("%s.id should be a valid uuid, instead was `%s`.", path, jsonText(raw))
	}
	return id, nil
}

// userValue is a user as page values answer it: the full user object for a known user, with
// a bot's details left out ("bot": {}), or just {"object":"user","id":..}.
func userValue(id string, env valueEnv) jsonObject {
	u, ok := env.user(id)
	if !ok {
		return jsonObject{"object": "user", "id": id}
	}
	out := deepCopy(u)
	if _, isBot := out["bot"]; isBot {
		out["bot"] = jsonObject{}
	}
	return out
}

// filesValue checks the files of a files value: external or Notion-hosted, each with a name.
func filesValue(raw any, path string) (any, *apiError) {
	items, ok := raw.([]any)
	if !ok {
		return nil, bodyValidation("%s should be an array, instead was `%s`.", path, jsonText(raw))
	}
	out := make([]any, 0, len(items))
	for i, item := range items {
		itemPath := fmt.Sprintf("%s[%d]", path, i)
		f, ok := item.(map[string]any)
		if !ok {
			return nil, bodyValidation("%s should be an object, instead was `%s`.", itemPath, jsonText(item))
		}
		if str(f, "type") == "file_upload" {
			r, err := uploadedFileRef(f, itemPath)
			if err != nil {
				return nil, err
			}
			name := r.filename
			if n, ok := f["name"].(string); ok && n != "" {
				name = n
			}
			out = append(out, jsonObject{"name": name, "type": "file", "file": r.file()})
			continue
		}
		name, ok := f["name"].(string)
		if !ok {
			return nil, bodyValidation("%s.name should be a string, instead was `%s`.", itemPath, jsonText(f["name"]))
		}
		typ := str(f, "type")
		if typ == "" {
			if _, ok := f["file"]; ok {
				typ = "file"
			} else {
				typ = "external"
			}
		}
		if typ != "external" && typ != "file" {
			return nil, bodyValidation("%s.type should be `external`, `file` or `file_upload`, instead was `%s`.", itemPath, jsonText(f["type"]))
		}
		body, ok := object(f, typ)
		if !ok {
			return nil, bodyValidation("%s.%s should be an object, instead was `%s`.", itemPath, typ, jsonText(f[typ]))
		}
		url, ok := body["url"].(string)
		if !ok || url == "" {
			return nil, bodyValidation("%s.%s.url should be a non-empty string, instead was `%s`.", itemPath, typ, jsonText(body["url"]))
		}
		if n := utf8.RuneCountInString(url); n > maxURLChars {
			return nil, bodyValidation("%s.%s.url.length should be ≤ `%d`, instead was `%d`.", itemPath, typ, maxURLChars, n)
		}
		ref := jsonObject{"url": url}
		if typ == "file" {
			ref["expiry_time"] = body["expiry_time"]
		}
		out = append(out, jsonObject{"name": name, "type": typ, typ: ref})
	}
	return out, nil
}

// relationValue checks the pages of a relation value, dropping repeats.
func relationValue(raw any, path string) (any, *apiError) {
	return distinctIDs(raw, path, maxRelationItems, func(id string) any { return jsonObject{"id": id} })
}

// distinctIDs reads an array of at most limit objects with ids (people, related pages),
// dropping repeats, and answers each id as answer makes it.
func distinctIDs(raw any, path string, limit int, answer func(id string) any) (any, *apiError) {
	items, ok := raw.([]any)
	if !ok {
		return nil, bodyValidation("%s should be an array, instead was `%s`.", path, jsonText(raw))
	}
	if len(items) > limit {
		return nil, bodyValidation("%s.length should be ≤ `%d`, instead was `%d`.", path, limit, len(items))
	}
	out := make([]any, 0, len(items))
	seen := map[string]bool{}
	for i, item := range items {
		id, err := itemID(item, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, answer(id))
		}
	}
	return out, nil
}

// placeValue checks a place value {"lat","lon","name","address","aws_place_id",
// "google_place_id"}; null clears it.
func placeValue(raw any, path string) (any, *apiError) {
	if raw == nil {
		return nil, nil
	}
	p, ok := raw.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object or `null`, instead was `%s`.", path, jsonText(raw))
	}
	out := jsonObject{}
	for _, k := range []string{"lat", "lon"} {
		f, ok := toFloat(p[k])
		if !ok {
			return nil, bodyValidation("%s.%s should be a number, instead was `%s`.", path, k, jsonText(p[k]))
		}
		out[k] = f
	}
	for _, k := range []string{"name", "address", "aws_place_id", "google_place_id"} {
		v := p[k]
		if _, ok := v.(string); v != nil && !ok {
			return nil, bodyValidation("%s.%s should be a string or `null`, instead was `%s`.", path, k, jsonText(v))
		}
		out[k] = v
	}
	return out, nil
}

// emptyValue is the value a page holds for a schema property nobody has set, as Notion answers
// it; status takes the property's default option. Computed types (formula, rollup, timestamps,
// unique_id) get their value from computeValues.
func emptyValue(schemaProp jsonObject) jsonObject {
	typ := str(schemaProp, "type")
	out := jsonObject{"id": schemaProp["id"], "type": typ}
	switch typ {
	case "title", "rich_text", "multi_select", "people", "files":
		out[typ] = []any{}
	case "relation":
		out[typ] = []any{}
		out["has_more"] = false
	case "checkbox":
		out[typ] = false
	case "button":
		out[typ] = jsonObject{}
	case "verification":
		out[typ] = jsonObject{"state": "unverified", "verified_by": nil, "date": nil}
	case "status":
		out[typ] = defaultStatus(schemaProp)
	default:
		out[typ] = nil
	}
	return out
}

// defaultStatus is the option a new page gets for a status property: the first option of the
// "To-do" group, else the first option.
func defaultStatus(schemaProp jsonObject) any {
	cfg, _ := object(schemaProp, "status")
	opts, _ := cfg["options"].([]any)
	groups, _ := cfg["groups"].([]any)
	id := ""
	for _, g := range groups {
		if gm, ok := g.(map[string]any); ok {
			if ids, _ := gm["option_ids"].([]any); len(ids) > 0 {
				id, _ = ids[0].(string)
				break
			}
		}
	}
	for _, o := range opts {
		opt, ok := o.(map[string]any)
		if ok && (id == "" || str(opt, "id") == id) {
			return jsonObject{"id": opt["id"], "name": opt["name"], "color": opt["color"]}
		}
	}
	return nil
}

// innerValue unwraps the result of a formula or rollup value ({"type":"formula","formula":
// {"type":"number","number":1}} becomes {"type":"number","number":1}); other values stay.
func innerValue(v jsonObject) jsonObject {
	typ := str(v, "type")
	if typ == "formula" || typ == "rollup" {
		if inner, ok := object(v, typ); ok {
			return inner
		}
	}
	return v
}

// valueNumber reads the number of a number, unique_id, formula or rollup value.
func valueNumber(v jsonObject) (float64, bool) {
	v = innerValue(v)
	switch typ := str(v, "type"); typ {
	case "number":
		return toFloat(v[typ])
	case "unique_id":
		o, _ := object(v, typ)
		return toFloat(o["number"])
	}
	return 0, false
}

// valueDate reads the start of a date, created_time, last_edited_time, formula or rollup value.
func valueDate(v jsonObject) (notionDate, bool) {
	v = innerValue(v)
	switch typ := str(v, "type"); typ {
	case "date":
		return storedDate(v[typ], false)
	case "created_time", "last_edited_time":
		s, _ := v[typ].(string)
		return parseDate(s, time.UTC)
	}
	return notionDate{}, false
}

// valueBool reads a checkbox or boolean formula value.
func valueBool(v jsonObject) (bool, bool) {
	v = innerValue(v)
	switch typ := str(v, "type"); typ {
	case "checkbox", "boolean":
		b, ok := v[typ].(bool)
		return b, ok
	}
	return false, false
}

// valueText reads the text of a title, rich_text, url, email, phone_number, select, status,
// unique_id or string formula value ("" when it has none).
func valueText(v jsonObject) string {
	v = innerValue(v)
	typ := str(v, "type")
	switch raw := v[typ].(type) {
	case []any:
		return plainText(raw)
	case string:
		return raw
	case map[string]any:
		if typ == "unique_id" {
			n, ok := toFloat(raw["number"])
			if !ok {
				return ""
			}
			if p := str(raw, "prefix"); p != "" {
				return p + "-" + formatNumber(n)
			}
			return formatNumber(n)
		}
		return str(raw, "name")
	}
	return ""
}

// valueEmpty reports whether a stored value (or formula or rollup result) is empty, as the
// is_empty filters and the empty rollups see it.
func valueEmpty(v jsonObject) bool {
	v = innerValue(v)
	typ := str(v, "type")
	switch raw := v[typ].(type) {
	case nil:
		return true
	case []any:
		if typ == "title" || typ == "rich_text" {
			return plainText(raw) == ""
		}
		return len(raw) == 0
	case string:
		return raw == ""
	case bool:
		return !raw
	}
	return false
}
