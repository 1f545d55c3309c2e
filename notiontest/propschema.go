package notiontest

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// creatableTypes are the database property types a database create or update may configure,
// in the order Notion lists them when a configuration matches none. verification and button
// exist on databases made in Notion's app but cannot be created through the API.
var creatableTypes = []string{
	"number", "formula", "select", "multi_select", "status", "relation", "rollup", "unique_id",
	"title", "rich_text", "url", "people", "files", "email", "phone_number", "date", "checkbox",
	"created_by", "created_time", "last_edited_by", "last_edited_time", "place",
}

// emptyConfigTypes are the property types whose configuration is always {}.
var emptyConfigTypes = map[string]bool{
	"title": true, "rich_text": true, "url": true, "people": true, "files": true, "email": true,
	"phone_number": true, "date": true, "checkbox": true, "created_by": true, "created_time": true,
	"last_edited_by": true, "last_edited_time": true, "place": true,
}

// optionColors are the colors of select, multi_select and status options.
var optionColors = map[string]bool{
	"default": true, "gray": true, "brown": true, "orange": true, "yellow": true, "green": true,
	"blue": true, "purple": true, "pink": true, "red": true,
}

// numberFormats are the formats of a number property.
var numberFormats = map[string]bool{
	"number": true, "number_with_commas": true, "percent": true, "dollar": true,
	"australian_dollar": true, "canadian_dollar": true, "singapore_dollar": true, "euro": true,
	"pound": true, "yen": true, "ruble": true, "rupee": true, "won": true, "yuan": true,
	"real": true, "lira": true, "rupiah": true, "franc": true, "hong_kong_dollar": true,
	"new_zealand_dollar": true, "krona": true, "norwegian_krone": true, "mexican_peso": true,
	"rand": true, "new_taiwan_dollar": true, "danish_krone": true, "zloty": true, "baht": true,
	"forint": true, "koruna": true, "shekel": true, "chilean_peso": true, "philippine_peso": true,
	"dirham": true, "colombian_peso": true, "riyal": true, "ringgit": true, "leu": true,
	"argentine_peso": true, "uruguayan_peso": true, "peruvian_sol": true,
}

// Limits of database property configurations.
const (
	maxPropertyNameChars = 100
	maxOptionNameChars   = 100
)

// schemaProperty builds the stored configuration of one database property from a database
// create or update request, exactly as Notion answers it:
// {"id":..,"name":..,"description":..,"type":..,"<type>":{...}}. name is the key the request
// used (a name, or an id of prev); the result's "name" is the name to store it under: the
// request's "name" when it renames, else prev's name, else the key.
// prev is the existing property on an update (nil for a new property); the result keeps prev's
// id, and a request holding only "name" keeps prev's configuration.
//
// Options of select and multi_select get ids (kept from prev when an option matches by id or
// name); status gets Notion's default options and groups, which the API cannot change. A
// relation's target database must exist (env.database). References to other properties stay
// as the request gave them: after applying every property of a request the server calls
// linkSchema, which rewrites formula expressions, resolves rollups and pairs two-way relations.
func schemaProperty(name string, req jsonObject, prev jsonObject, env valueEnv) (jsonObject, *apiError) {
	path := "body.properties." + name
	if req == nil {
		return nil, bodyValidation("%s should be an object, instead was `undefined`.", path)
	}
	newName := name
	if prev != nil {
		newName = str(prev, "name")
	}
	if raw, present := req["name"]; present {
		s, ok := raw.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return nil, bodyValidation("%s.name should be a non-empty string, instead was `%s`.", path, jsonText(raw))
		}
		newName = s
	}
	if n := utf8.RuneCountInString(newName); n > maxPropertyNameChars {
		return nil, bodyValidation("%s.name.length should be ≤ `%d`, instead was `%d`.", path, maxPropertyNameChars, n)
	}
	description := any(nil)
	if prev != nil {
		description = prev["description"]
	}
	if raw, present := req["description"]; present {
		if _, ok := raw.(string); raw != nil && !ok {
			return nil, bodyValidation("%s.description should be a string or `null`, instead was `%s`.", path, jsonText(raw))
		}
		description = raw
	}
	typ, cfg, err := schemaKey(req, path)
	if err != nil {
		return nil, err
	}
	if typ == "" {
		if prev == nil {
			return nil, unionSchemaError(path)
		}
		out := deepCopy(prev)
		out["name"] = newName
		out["description"] = description
		return out, nil
	}
	prevType := str(prev, "type")
	if prev != nil && (prevType == "title") != (typ == "title") {
		return nil, validationError("Cannot change the type of property %s from %s to %s: a database has exactly one title property.", name, prevType, typ)
	}
	id := "title"
	switch {
	case prev != nil:
		id = str(prev, "id")
	case typ != "title":
		id = env.newID()
	}
	path += "." + typ
	var config jsonObject
	switch {
	case emptyConfigTypes[typ]:
		config = jsonObject{}
	case typ == "number":
		config, err = numberConfig(cfg, prev, path)
	case typ == "select" || typ == "multi_select":
		config, err = selectConfig(cfg, prev, path)
	case typ == "status":
		config, err = statusConfig(cfg, prev, path)
	case typ == "formula":
		config, err = formulaConfig(cfg, path)
	case typ == "relation":
		config, err = relationConfig(cfg, prev, path, env)
	case typ == "rollup":
		config, err = rollupConfig(cfg, path)
	case typ == "unique_id":
		config, err = uniqueIDConfig(cfg, prev, path)
	}
	if err != nil {
		return nil, err
	}
	return jsonObject{"id": id, "name": newName, "description": description, "type": typ, typ: config}, nil
}

// schemaKey finds the type a property configuration names ("" when it names none, as in a
// rename) and its type-specific configuration object.
func schemaKey(req jsonObject, path string) (string, jsonObject, *apiError) {
	typ, hasType := req["type"].(string)
	if !hasType {
		if raw, present := req["type"]; present && raw != nil {
			return "", nil, bodyValidation("%s.type should be a string, instead was `%s`.", path, jsonText(raw))
		}
		for _, t := range creatableTypes {
			if _, present := req[t]; present {
				typ = t
				break
			}
		}
		if typ == "" {
			for _, t := range []string{"button", "verification"} {
				if _, present := req[t]; present {
					return "", nil, unionSchemaError(path)
				}
			}
			return "", nil, nil
		}
	}
	if !slices.Contains(creatableTypes, typ) {
		return "", nil, unionSchemaError(path)
	}
	raw, present := req[typ]
	if !present {
		return "", nil, bodyValidation("%s.%s should be defined, instead was `undefined`.", path, typ)
	}
	cfg, ok := raw.(map[string]any)
	if !ok {
		return "", nil, bodyValidation("%s.%s should be an object, instead was `%s`.", path, typ, jsonText(raw))
	}
	return typ, cfg, nil
}

// unionSchemaError is Notion's answer to a property configuration that matches no type.
func unionSchemaError(path string) *apiError {
	var b strings.Builder
	b.WriteString("body failed validation. Fix one:")
	for _, t := range creatableTypes {
		fmt.Fprintf(&b, "\n%s.%s should be defined, instead was `undefined`.", path, t)
	}
	fmt.Fprintf(&b, "\n%s.name should be defined, instead was `undefined`.", path)
	return validationError("%s", b.String())
}

// numberConfig checks a number configuration; the format defaults to prev's, else "number".
func numberConfig(cfg, prev jsonObject, path string) (jsonObject, *apiError) {
	format := "number"
	if prevCfg, ok := object(prev, "number"); ok && str(prev, "type") == "number" {
		if f := str(prevCfg, "format"); f != "" {
			format = f
		}
	}
	if raw, present := cfg["format"]; present {
		f, ok := raw.(string)
		if !ok || !numberFormats[f] {
			return nil, bodyValidation("%s.format should be a valid number format, instead was `%s`.", path, jsonText(raw))
		}
		format = f
	}
	return jsonObject{"format": format}, nil
}

// selectConfig builds the options of a select or multi_select configuration. Without
// "options" an update keeps prev's options (also when converting between option types).
func selectConfig(cfg, prev jsonObject, path string) (jsonObject, *apiError) {
	prevOpts := schemaOptions(prev)
	raw, present := cfg["options"]
	if !present {
		return jsonObject{"options": deepCopy(optionsOnly(prevOpts))}, nil
	}
	items, ok := raw.([]any)
	if !ok {
		return nil, bodyValidation("%s.options should be an array, instead was `%s`.", path, jsonText(raw))
	}
	options := make([]any, 0, len(items))
	seen := map[string]bool{}
	for i, item := range items {
		itemPath := fmt.Sprintf("%s.options[%d]", path, i)
		o, ok := item.(map[string]any)
		if !ok {
			return nil, bodyValidation("%s should be an object, instead was `%s`.", itemPath, jsonText(item))
		}
		opt, err := schemaOption(o, prevOpts, itemPath)
		if err != nil {
			return nil, err
		}
		if name := str(opt, "name"); !seen[name] {
			seen[name] = true
			options = append(options, opt)
		}
	}
	return jsonObject{"options": options}, nil
}

// optionsOnly copies options, dropping status-only keys.
func optionsOnly(opts []any) []any {
	out := make([]any, 0, len(opts))
	for _, o := range opts {
		if opt, ok := o.(map[string]any); ok {
			out = append(out, jsonObject{"id": opt["id"], "name": opt["name"], "color": opt["color"], "description": opt["description"]})
		}
	}
	return out
}

// schemaOption builds one option of a select or multi_select configuration. An option that
// matches one of prev by id or name keeps its id (and, when the request gives none, its
// color); others get a fresh id.
func schemaOption(o jsonObject, prevOpts []any, path string) (jsonObject, *apiError) {
	id, hasID := o["id"].(string)
	name, hasName := o["name"].(string)
	var match jsonObject
	if hasID {
		m, ok := findOption(prevOpts, id, "")
		if !ok {
			return nil, validationError("Select option with id %q does not exist on this property.", id)
		}
		match = m
		if !hasName {
			name = str(m, "name")
		}
	} else if !hasName {
		return nil, bodyValidation("%s.name should be defined, instead was `undefined`.", path)
	} else if m, ok := findOption(prevOpts, "", name); ok {
		match = m
	}
	if strings.TrimSpace(name) == "" {
		return nil, bodyValidation("%s.name should be a non-empty string, instead was `%s`.", path, jsonText(name))
	}
	if strings.Contains(name, ",") {
		return nil, validationError("Invalid select option name %q: option names cannot contain commas.", name)
	}
	if n := utf8.RuneCountInString(name); n > maxOptionNameChars {
		return nil, bodyValidation("%s.name.length should be ≤ `%d`, instead was `%d`.", path, maxOptionNameChars, n)
	}
	color := "default"
	if match != nil {
		color = str(match, "color")
	}
	if raw, present := o["color"]; present {
		c, ok := raw.(string)
		if !ok || !optionColors[c] {
			return nil, bodyValidation("%s.color should be a valid option color, instead was `%s`.", path, jsonText(raw))
		}
		color = c
	}
	description := any(nil)
	if match != nil {
		description = match["description"]
	}
	if d, ok := o["description"].(string); ok {
		description = d
	}
	optID := uuid.NewString()
	if match != nil {
		optID = str(match, "id")
	}
	return jsonObject{"id": optID, "name": name, "color": color, "description": description}, nil
}

// statusConfig builds a status configuration: Notion's default options and groups for a new
// status property, prev's for an existing one. The API cannot set status options or groups.
func statusConfig(cfg, prev jsonObject, path string) (jsonObject, *apiError) {
	for _, k := range []string{"options", "groups"} {
		if raw, present := cfg[k]; present {
			return nil, bodyValidation("%s.%s should be not present, instead was `%s`.", path, k, jsonText(raw))
		}
	}
	if prevCfg, ok := object(prev, "status"); ok && str(prev, "type") == "status" {
		return deepCopy(prevCfg), nil
	}
	return defaultStatusConfig(), nil
}

// defaultStatusConfig is the configuration Notion gives a new status property.
func defaultStatusConfig() jsonObject {
	type def struct{ option, optionColor, group, groupColor string }
	defs := []def{
		{"Not started", "default", "To-do", "gray"},
		{"In progress", "blue", "In progress", "blue"},
		{"Done", "green", "Complete", "green"},
	}
	options := make([]any, 0, len(defs))
	groups := make([]any, 0, len(defs))
	for _, d := range defs {
		optID := uuid.NewString()
		options = append(options, jsonObject{"id": optID, "name": d.option, "color": d.optionColor, "description": nil})
		groups = append(groups, jsonObject{"id": uuid.NewString(), "name": d.group, "color": d.groupColor, "option_ids": []any{optID}})
	}
	return jsonObject{"options": options, "groups": groups}
}

// formulaConfig checks a formula configuration; linkSchema rewrites its expression.
func formulaConfig(cfg jsonObject, path string) (jsonObject, *apiError) {
	expr, ok := cfg["expression"].(string)
	if !ok {
		return nil, bodyValidation("%s.expression should be a string, instead was `%s`.", path, jsonText(cfg["expression"]))
	}
	return jsonObject{"expression": expr}, nil
}

// relationConfig checks a relation configuration: its target is a data source, named by
// data_source_id or (as at API version 2022-06-28) by the database_id of a database with one
// data source. It answers both ids. A two-way relation that keeps its target keeps its
// pairing; linkSchema pairs new ones.
func relationConfig(cfg, prev jsonObject, path string, env valueEnv) (jsonObject, *apiError) {
	key := "data_source_id"
	if _, ok := cfg[key]; !ok {
		key = "database_id"
	}
	rawID, ok := cfg[key].(string)
	if !ok {
		return nil, bodyValidation("%s.%s should be a string, instead was `%s`.", path, key, jsonText(cfg[key]))
	}
	targetID, ok := normalizeID(rawID)
	if !ok {
		return nil, bodyValidation("%s.%s should be a valid uuid, instead was `%s`.", path, key, jsonText(rawID))
	}
	target, ok := env.dataSource(targetID)
	if !ok && env.multiSource(targetID) {
		return nil, errMultipleSources(targetID)
	}
	if !ok {
		kind := "database"
		if key == "data_source_id" {
			kind = "data source"
		}
		return nil, validationError("Could not find %s with ID: %s. Make sure the relevant pages and databases are shared with your integration.", kind, targetID)
	}
	dsID := str(target, "id")
	kind, _ := cfg["type"].(string)
	if kind == "" {
		_, single := cfg["single_property"]
		_, dual := cfg["dual_property"]
		switch {
		case single && !dual:
			kind = "single_property"
		case dual && !single:
			kind = "dual_property"
		}
	}
	out := relationRef(target, kind)
	switch kind {
	case "single_property":
	case "dual_property":
		synced := jsonObject{"synced_property_name": nil, "synced_property_id": nil}
		if p, ok := object(prev, "relation"); ok && str(p, "type") == kind && relationSourceID(p) == dsID {
			if d, ok := object(p, kind); ok {
				synced = deepCopy(d)
			}
		}
		out[kind] = synced
	default:
		return nil, bodyValidation("%s.type should be `single_property` or `dual_property`, instead was `%s`.", path, jsonText(cfg["type"]))
	}
	if raw, present := cfg[kind]; present {
		if _, ok := raw.(map[string]any); !ok {
			return nil, bodyValidation("%s.%s should be an object, instead was `%s`.", path, kind, jsonText(raw))
		}
	}
	return out, nil
}

// dataSourceID is the id of the one data source of a database, as newer API versions name it
// and relation configurations answer it. It is derived from the database id so that it stays
// the same for the database's life.
func dataSourceID(databaseID string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("notion-data-source:"+databaseID)).String()
}

// rollupConfig checks a rollup configuration; linkSchema resolves its names and ids.
func rollupConfig(cfg jsonObject, path string) (jsonObject, *apiError) {
	fn, ok := cfg["function"].(string)
	if !ok || !rollupFunctions[fn] {
		return nil, bodyValidation("%s.function should be a valid rollup function, instead was `%s`.", path, jsonText(cfg["function"]))
	}
	out := jsonObject{"function": fn}
	for _, side := range []string{"relation", "rollup"} {
		found := false
		for _, k := range []string{side + "_property_name", side + "_property_id"} {
			raw, present := cfg[k]
			if !present {
				continue
			}
			s, ok := raw.(string)
			if !ok {
				return nil, bodyValidation("%s.%s should be a string, instead was `%s`.", path, k, jsonText(raw))
			}
			out[k] = s
			found = true
		}
		if !found {
			return nil, bodyValidation("%s.%s_property_name should be defined, instead was `undefined`.", path, side)
		}
	}
	return out, nil
}

// uniqueIDConfig checks a unique_id configuration; an update without "prefix" keeps prev's.
func uniqueIDConfig(cfg, prev jsonObject, path string) (jsonObject, *apiError) {
	prefix := any(nil)
	if p, ok := object(prev, "unique_id"); ok && str(prev, "type") == "unique_id" {
		prefix = p["prefix"]
	}
	if raw, present := cfg["prefix"]; present {
		if _, ok := raw.(string); raw != nil && !ok {
			return nil, bodyValidation("%s.prefix should be a string or `null`, instead was `%s`.", path, jsonText(raw))
		}
		prefix = raw
	}
	return jsonObject{"prefix": prefix}, nil
}

// findProperty looks a database property up by name or by id (escaped, like "a%3Cb1", or
// not, like "a<b1"), as Notion resolves the properties that filters, sorts and rollups name.
func findProperty(props jsonObject, ref string) (string, jsonObject, bool) {
	if p, ok := props[ref].(map[string]any); ok {
		return ref, p, true
	}
	for name, v := range props {
		p, ok := v.(map[string]any)
		if ok && sameID(str(p, "id"), ref) {
			return name, p, true
		}
	}
	return "", nil, false
}

// sameID reports whether two property ids are the same, escaped or not.
func sameID(a, b string) bool {
	if a == b {
		return true
	}
	if !strings.Contains(a, "%") && !strings.Contains(b, "%") {
		return false
	}
	ua, errA := url.PathUnescape(a)
	ub, errB := url.PathUnescape(b)
	return errA == nil && errB == nil && ua == ub
}

// propertyByID returns a database property or page value with that id, and its name.
func propertyByID(props jsonObject, id string) (string, jsonObject, bool) {
	for name, v := range props {
		p, ok := v.(map[string]any)
		if ok && sameID(str(p, "id"), id) {
			return name, p, true
		}
	}
	return "", nil, false
}

// linkSchema finishes the properties of a database (db, about to be stored) after a create
// or update applied its request with schemaProperty; before is the database as it was (nil on
// create). It checks that there is exactly one title property, rewrites formula expressions
// into Notion's stored form (prop("Name") becomes {{notion:block_property:<id>:...:
// <workspaceID>}}), resolves the names and ids of rollups (the relation in db, the rolled-up
// property in the relation's target) and keeps two-way relations paired: a new dual_property
// relation gets its back property on the target database ("Related to <title> (<name>)"),
// renames reach the other side's synced_property_name, and a two-way relation that was
// deleted or made one-way takes its back property with it. Other databases come from
// env.database and are changed in place; linkSchema answers their ids so that the server can
// stamp them. Nothing is changed when it answers an error.
func linkSchema(before, db jsonObject, env valueEnv, workspaceID string) ([]string, *apiError) {
	props, _ := object(db, "properties")
	titles := 0
	for _, v := range props {
		if p, ok := v.(map[string]any); ok && str(p, "type") == "title" {
			titles++
		}
	}
	if titles != 1 {
		return nil, validationError("A database must have exactly one title property, instead had %d.", titles)
	}
	rollups := map[string]jsonObject{}
	for name, v := range props {
		p, ok := v.(map[string]any)
		if !ok || str(p, "type") != "rollup" {
			continue
		}
		cfg, _ := object(p, "rollup")
		resolved, err := resolveRollup(name, cfg, db, env)
		if err != nil {
			return nil, err
		}
		rollups[name] = resolved
	}
	for name, cfg := range rollups {
		if p, ok := object(props, name); ok {
			p["rollup"] = cfg
		}
	}
	for _, v := range props {
		p, ok := v.(map[string]any)
		if !ok || str(p, "type") != "formula" {
			continue
		}
		if cfg, ok := object(p, "formula"); ok {
			cfg["expression"] = rewriteFormula(str(cfg, "expression"), props, workspaceID)
		}
	}
	return pairRelations(before, db, env), nil
}

// dualRelation returns the target database id and the pairing of a two-way relation property.
func dualRelation(p jsonObject) (target string, synced jsonObject, ok bool) {
	if str(p, "type") != "relation" {
		return "", nil, false
	}
	cfg, _ := object(p, "relation")
	if str(cfg, "type") != "dual_property" {
		return "", nil, false
	}
	synced, ok = object(cfg, "dual_property")
	if !ok {
		synced = jsonObject{}
		cfg["dual_property"] = synced
	}
	return relationSourceID(cfg), synced, true
}

// pairRelations keeps the two-way relations of db paired with their back properties (see
// linkSchema) and answers the ids of the other databases it changed.
func pairRelations(before, db jsonObject, env valueEnv) []string {
	dbID := str(db, "id")
	changed := map[string]bool{}
	target := func(id string) (jsonObject, bool) {
		if id == dbID {
			return db, true
		}
		return env.dataSource(id)
	}
	// Back properties of two-way relations that are gone go with them.
	oldProps, _ := object(before, "properties")
	props, _ := object(db, "properties")
	for _, v := range oldProps {
		old, ok := v.(map[string]any)
		if !ok {
			continue
		}
		oldTarget, oldSynced, ok := dualRelation(old)
		if !ok {
			continue
		}
		_, cur, stillThere := propertyByID(props, str(old, "id"))
		if stillThere {
			if t, s, ok := dualRelation(cur); ok && t == oldTarget && str(s, "synced_property_id") == str(oldSynced, "synced_property_id") {
				continue
			}
		}
		tdb, ok := target(oldTarget)
		if !ok {
			continue
		}
		tprops, _ := object(tdb, "properties")
		if name, back, ok := propertyByID(tprops, str(oldSynced, "synced_property_id")); ok {
			if _, s, ok := dualRelation(back); ok && sameID(str(s, "synced_property_id"), str(old, "id")) {
				if stillThere {
					// A two-way relation made one-way leaves its back property behind, as a
					// one-way relation of its own (Notion keeps it: it can be deleted later).
					back["relation"] = relationRef(db, "single_property")
				} else {
					delete(tprops, name)
				}
				changed[oldTarget] = true
			}
		}
	}
	// Every two-way relation has its back property, and both sides know each other's name.
	for name, v := range props {
		p, ok := v.(map[string]any)
		if !ok {
			continue
		}
		tid, synced, ok := dualRelation(p)
		if !ok {
			continue
		}
		tdb, ok := target(tid)
		if !ok {
			continue
		}
		tprops, ok := object(tdb, "properties")
		if !ok {
			tprops = jsonObject{}
			tdb["properties"] = tprops
		}
		backName, back, found := propertyByID(tprops, str(synced, "synced_property_id"))
		if found {
			if _, s, ok := dualRelation(back); !ok || !sameID(str(s, "synced_property_id"), str(p, "id")) {
				found = false
			}
		}
		if !found {
			backName = uniquePropertyName(tprops, fmt.Sprintf("Related to %s (%s)", plainText(db["title"]), name))
			back = jsonObject{"id": env.newID(), "name": backName, "description": nil, "type": "relation",
				"relation": relationRef(db, "dual_property")}
			tprops[backName] = back
			changed[tid] = true
		}
		synced["synced_property_name"] = backName
		synced["synced_property_id"] = back["id"]
		if _, backSynced, ok := dualRelation(back); ok {
			if str(backSynced, "synced_property_name") != name || str(backSynced, "synced_property_id") != str(p, "id") {
				changed[tid] = true
			}
			backSynced["synced_property_name"] = name
			backSynced["synced_property_id"] = p["id"]
		}
	}
	delete(changed, dbID)
	return slices.Sorted(maps.Keys(changed))
}

// uniquePropertyName is name, or name with a number appended when props already has it.
func uniquePropertyName(props jsonObject, name string) string {
	if _, taken := props[name]; !taken {
		return name
	}
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s %d", name, i)
		if _, taken := props[n]; !taken {
			return n
		}
	}
}
