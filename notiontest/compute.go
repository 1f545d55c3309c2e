package notiontest

import (
	"maps"
	"slices"
	"time"
)

// valueEnv answers the lookups that property configurations and page values need. The server
// implements it over its store while it holds the store's lock. page and dataSource answer the
// stored objects themselves: linkSchema and syncBackRelations change them in place.
type valueEnv interface {
	// user returns the stored user with that dashed id.
	user(id string) (jsonObject, bool)
	// page returns the stored page with that dashed id (relation targets, rollups).
	page(id string) (jsonObject, bool)
	// dataSource returns the stored data source with that dashed id (relation targets,
	// rollups), or the one data source of the database with that id.
	dataSource(id string) (jsonObject, bool)
	// multiSource reports whether id is a database with several data sources, which a
	// relation cannot name by its database_id.
	multiSource(id string) bool
	// newID returns a fresh short property id (like Notion's "a%3Cb1").
	newID() string
	// nextNumber returns the next unique_id number of a data source (1, 2, 3, ...).
	nextNumber(dataSourceID string) int
	// now is the emulator's clock: formulas' now() and the relative date filters read it.
	now() time.Time
}

// computeValues brings the properties of page, a page of database db, in line with db's
// schema and (re)computes its read-only values; the server calls it after creating or
// updating a page and before answering one (formulas with now() and rollups over other
// pages change without the page changing).
//
// page["properties"] gets exactly one value per schema property, under the property's
// current name: a value whose property was renamed follows it (values are matched by id), a
// value whose property was deleted or changed type goes, and a property without a value gets
// its empty value (emptyValue). Then formula (evaluated, see formulaEval), rollup
// (computeRollup), created_time, last_edited_time, created_by and last_edited_by (from the
// page's own fields, with the users' details) and unique_id (a number from env.nextNumber,
// given once and kept; the prefix follows the schema) are computed.
func computeValues(db, page jsonObject, env valueEnv) {
	schema, _ := object(db, "properties")
	old, _ := object(page, "properties")
	oldByID := byIDLookup(old)
	props := make(jsonObject, len(schema))
	for name, v := range schema {
		sp, ok := v.(map[string]any)
		if !ok {
			continue
		}
		if _, cur, ok := oldByID(str(sp, "id")); ok && str(cur, "type") == str(sp, "type") {
			props[name] = cur
			continue
		}
		props[name] = emptyValue(sp)
	}
	page["properties"] = props
	ev := newFormulaEval(db, page, env)
	for _, name := range slices.Sorted(maps.Keys(props)) {
		sp, _ := object(schema, name)
		typ := str(sp, "type")
		value := jsonObject{"id": sp["id"], "type": typ}
		switch typ {
		case "created_time", "last_edited_time":
			value[typ] = page[typ]
		case "created_by", "last_edited_by":
			ref, _ := object(page, typ)
			value[typ] = userValue(str(ref, "id"), env)
		case "unique_id":
			cfg, _ := object(sp, typ)
			cur, _ := object(props, name)
			prev, _ := object(cur, typ)
			n, ok := prev["number"]
			if _, isNum := toFloat(n); !ok || !isNum {
				n = float64(env.nextNumber(str(db, "id")))
			}
			value[typ] = jsonObject{"prefix": cfg["prefix"], "number": n}
		case "rollup":
			cfg, _ := object(sp, typ)
			value[typ] = computeRollup(cfg, page, env)
		case "formula":
			value[typ] = ev.property(sp)
		default:
			continue
		}
		props[name] = value
	}
}

// syncBackRelations keeps the other side of page's two-way relations in step: when page (a
// page of db) now relates to a page it did not relate to in before (its properties before
// the change, nil for a new page), that page's back property (the relation's
// synced_property_id) lists page too; when it no longer does, page leaves that list. The
// related pages come from env.page and are changed in place (a page related to itself is
// page). It answers the ids of the other pages it changed, so that the server can stamp them.
func syncBackRelations(db, page, before jsonObject, env valueEnv) []string {
	schema, _ := object(db, "properties")
	props, _ := object(page, "properties")
	changed := map[string]bool{}
	for _, v := range schema {
		sp, ok := v.(map[string]any)
		if !ok {
			continue
		}
		targetDB, synced, ok := dualRelation(sp)
		if !ok {
			continue
		}
		link := backLink{page: page, targetDB: targetDB, backID: str(synced, "synced_property_id"),
			backName: str(synced, "synced_property_name"), env: env}
		now := relationIDs(props, str(sp, "id"))
		was := relationIDs(before, str(sp, "id"))
		for id := range now {
			if !was[id] && link.apply(id, true) {
				changed[id] = true
			}
		}
		for id := range was {
			if !now[id] && link.apply(id, false) {
				changed[id] = true
			}
		}
	}
	delete(changed, str(page, "id"))
	return slices.Sorted(maps.Keys(changed))
}

// relationIDs is the set of page ids of the relation value with that property id.
func relationIDs(props jsonObject, propID string) map[string]bool {
	ids := map[string]bool{}
	if _, v, ok := propertyByID(props, propID); ok {
		refs, _ := v["relation"].([]any)
		for _, r := range refs {
			if ref, ok := r.(map[string]any); ok {
				ids[str(ref, "id")] = true
			}
		}
	}
	return ids
}

// backLink is the back property of one two-way relation of a page: backID (named backName)
// on the pages of database targetDB.
type backLink struct {
	page     jsonObject
	targetDB string
	backID   string
	backName string
	env      valueEnv
}

// apply adds the page to (add) or removes it from the back property of the related page
// targetID; it reports whether that page changed.
func (l backLink) apply(targetID string, add bool) bool {
	pageID := str(l.page, "id")
	target := l.page
	if targetID != pageID {
		var ok bool
		if target, ok = l.env.page(targetID); !ok {
			return false
		}
	}
	if parent, _ := object(target, "parent"); rowSourceID(parent) != l.targetDB {
		return false
	}
	props, ok := object(target, "properties")
	if !ok {
		props = jsonObject{}
		target["properties"] = props
	}
	_, back, ok := propertyByID(props, l.backID)
	if !ok {
		if !add {
			return false
		}
		back = jsonObject{"id": l.backID, "type": "relation", "relation": []any{}, "has_more": false}
		props[l.backName] = back
	}
	refs, _ := back["relation"].([]any)
	at := slices.IndexFunc(refs, func(r any) bool {
		ref, ok := r.(map[string]any)
		return ok && str(ref, "id") == pageID
	})
	switch {
	case add && at < 0:
		back["relation"] = append(refs, jsonObject{"id": pageID})
	case !add && at >= 0:
		back["relation"] = slices.Delete(slices.Clone(refs), at, at+1)
	default:
		return false
	}
	return true
}
