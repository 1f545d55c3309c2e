package notiontest

import (
	"encoding/json"
	"net/url"
	"slices"
)

// rollupFunctions are the functions a rollup property can apply.
var rollupFunctions = map[string]bool{
	"count": true, "count_values": true, "empty": true, "not_empty": true, "unique": true,
	"show_unique": true, "percent_empty": true, "percent_not_empty": true, "sum": true,
	"average": true, "median": true, "min": true, "max": true, "range": true,
	"earliest_date": true, "latest_date": true, "date_range": true, "checked": true,
	"unchecked": true, "percent_checked": true, "percent_unchecked": true,
	"count_per_group": true, "percent_per_group": true, "show_original": true,
}

// resolveRollup completes the configuration of the rollup property name of db, answered the
// way Notion stores it: the relation property (found in db by relation_property_id, else by
// relation_property_name) and the rolled-up property (found the same way in the relation's
// target database, from env.database) with both their names and ids. Ids are kept unescaped,
// as Notion answers them here. Ids win over names, so that renames reach the names.
func resolveRollup(name string, cfg, db jsonObject, env valueEnv) (jsonObject, *apiError) {
	props, _ := object(db, "properties")
	relName, rel, ok := lookupBoth(props, cfg, "relation")
	if !ok || str(rel, "type") != "relation" {
		return nil, validationError("Could not find relation property with name or id: %s (rollup %s).", rollupRef(cfg, "relation"), name)
	}
	relCfg, _ := object(rel, "relation")
	targetID := relationSourceID(relCfg)
	target := db
	if targetID != str(db, "id") {
		if target, ok = env.dataSource(targetID); !ok {
			return nil, validationError("Could not find database with ID: %s. Make sure the relevant pages and databases are shared with your integration.", targetID)
		}
	}
	targetProps, _ := object(target, "properties")
	rolledName, rolled, ok := lookupBoth(targetProps, cfg, "rollup")
	if !ok {
		return nil, validationError("Could not find rollup property with name or id: %s (rollup %s).", rollupRef(cfg, "rollup"), name)
	}
	return jsonObject{
		"rollup_property_name":   rolledName,
		"relation_property_name": relName,
		"rollup_property_id":     unescapeID(str(rolled, "id")),
		"relation_property_id":   unescapeID(str(rel, "id")),
		"function":               cfg["function"],
	}, nil
}

// lookupBoth finds the property a rollup configuration names on one side ("relation" or
// "rollup"): by <side>_property_id when that matches, else by <side>_property_name.
func lookupBoth(props, cfg jsonObject, side string) (string, jsonObject, bool) {
	if id := str(cfg, side+"_property_id"); id != "" {
		if name, p, ok := propertyByID(props, id); ok {
			return name, p, true
		}
	}
	if name := str(cfg, side+"_property_name"); name != "" {
		if p, ok := object(props, name); ok {
			return name, p, true
		}
	}
	return "", nil, false
}

// rollupRef names one side of a rollup configuration in an error message.
func rollupRef(cfg jsonObject, side string) string {
	if n := str(cfg, side+"_property_name"); n != "" {
		return n
	}
	return str(cfg, side+"_property_id")
}

// unescapeID is a property id without its URL escapes.
func unescapeID(id string) string {
	if u, err := url.PathUnescape(id); err == nil {
		return u
	}
	return id
}

// computeRollup computes the value of a rollup property (cfg is its resolved configuration)
// on page: {"type":"number"|"date"|"array"|"unsupported", "<type>":..,"function":..}. It
// follows the page's relation to the related pages (env.page, skipping trashed ones) and
// reads their stored values of the rolled-up property.
func computeRollup(cfg, page jsonObject, env valueEnv) jsonObject {
	fn := str(cfg, "function")
	props, _ := object(page, "properties")
	var items []jsonObject
	pages := 0
	if _, rel, ok := propertyByID(props, str(cfg, "relation_property_id")); ok {
		refs, _ := rel["relation"].([]any)
		for _, r := range refs {
			ref, ok := r.(map[string]any)
			if !ok {
				continue
			}
			target, ok := env.page(str(ref, "id"))
			if !ok || boolean(target, "in_trash") {
				continue
			}
			pages++
			targetProps, _ := object(target, "properties")
			if _, v, ok := propertyByID(targetProps, str(cfg, "rollup_property_id")); ok {
				item := jsonObject{"type": v["type"], str(v, "type"): v[str(v, "type")]}
				items = append(items, item)
			}
		}
	}
	out := jsonObject{"function": fn}
	set := func(typ string, v any) jsonObject {
		out["type"] = typ
		out[typ] = v
		return out
	}
	switch fn {
	case "show_original":
		arr := make([]any, 0, len(items))
		for _, it := range items {
			arr = append(arr, it)
		}
		return set("array", arr)
	case "show_unique":
		return set("array", uniqueItems(items))
	case "count":
		return set("number", float64(pages))
	case "count_values":
		n := 0
		for _, it := range items {
			n += len(itemElements(it))
		}
		return set("number", float64(n))
	case "unique":
		seen := map[string]bool{}
		for _, it := range items {
			for _, el := range itemElements(it) {
				seen[el] = true
			}
		}
		return set("number", float64(len(seen)))
	case "empty", "not_empty", "percent_empty", "percent_not_empty":
		empty := 0
		for _, it := range items {
			if valueEmpty(it) {
				empty++
			}
		}
		empty += pages - len(items)
		n := float64(empty)
		if fn == "not_empty" || fn == "percent_not_empty" {
			n = float64(pages - empty)
		}
		if fn == "percent_empty" || fn == "percent_not_empty" {
			n = percent(n, pages)
		}
		return set("number", n)
	case "checked", "unchecked", "percent_checked", "percent_unchecked":
		checked := 0
		for _, it := range items {
			if b, ok := valueBool(it); ok && b {
				checked++
			}
		}
		n := float64(checked)
		if fn == "unchecked" || fn == "percent_unchecked" {
			n = float64(pages - checked)
		}
		if fn == "percent_checked" || fn == "percent_unchecked" {
			n = percent(n, pages)
		}
		return set("number", n)
	case "sum", "average", "median", "min", "max", "range":
		var nums []float64
		for _, it := range items {
			if f, ok := valueNumber(it); ok {
				nums = append(nums, f)
			}
		}
		if r, ok := numberAggregate(fn, nums); ok {
			return set("number", r)
		}
		if fn == "sum" {
			return set("number", 0.0)
		}
		return set("number", nil)
	case "earliest_date", "latest_date", "date_range":
		return set("date", dateRollup(fn, items))
	}
	return set("unsupported", jsonObject{})
}

// percent is n out of total as a fraction (0 for no pages).
func percent(n float64, total int) float64 {
	if total == 0 {
		return 0
	}
	return n / float64(total)
}

// itemElements renders the non-empty elements of a rolled-up value (the options of a
// multi_select, the pages of a relation, the value itself for scalars) as comparable keys.
func itemElements(it jsonObject) []string {
	if valueEmpty(it) {
		return nil
	}
	v := it[str(it, "type")]
	if list, ok := v.([]any); ok {
		keys := make([]string, 0, len(list))
		for _, el := range list {
			b, _ := json.Marshal(el)
			keys = append(keys, string(b))
		}
		return keys
	}
	b, _ := json.Marshal(v)
	return []string{string(b)}
}

// uniqueItems drops repeated rolled-up values, keeping the first of each.
func uniqueItems(items []jsonObject) []any {
	var keys []string
	out := []any{}
	for _, it := range items {
		b, _ := json.Marshal(it)
		if !slices.Contains(keys, string(b)) {
			keys = append(keys, string(b))
			out = append(out, it)
		}
	}
	return out
}

// dateRollup computes earliest_date, latest_date and date_range over rolled-up dates.
func dateRollup(fn string, items []jsonObject) any {
	var first, last notionDate
	found := false
	for _, it := range items {
		d, ok := valueDate(it)
		if !ok {
			continue
		}
		if !found || d.t.Before(first.t) {
			first = d
		}
		if !found || d.t.After(last.t) {
			last = d
		}
		found = true
	}
	if !found {
		return nil
	}
	switch fn {
	case "earliest_date":
		return jsonObject{"start": first.String(), "end": nil, "time_zone": nil}
	case "latest_date":
		return jsonObject{"start": last.String(), "end": nil, "time_zone": nil}
	}
	return jsonObject{"start": first.String(), "end": last.String(), "time_zone": nil}
}
