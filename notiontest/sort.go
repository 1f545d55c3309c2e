package notiontest

import (
	"fmt"
	"math"
	"strings"
)

// sortKey is what a sort compares of one page: a number (numbers, dates, checkboxes, option
// positions) or a text. Empty values sort last in both directions, as in Notion.
type sortKey struct {
	empty  bool
	isText bool
	num    float64
	text   string
}

// compare orders two non-empty sort keys.
func (k sortKey) compare(o sortKey) int {
	if k.isText != o.isText {
		if k.isText {
			return 1
		}
		return -1
	}
	if k.isText {
		if c := strings.Compare(strings.ToLower(k.text), strings.ToLower(o.text)); c != 0 {
			return c
		}
		return strings.Compare(k.text, o.text)
	}
	return cmpFloat(k.num, o.num)
}

// sortTerm is one compiled sort: how to read a page's key and which way to order it.
type sortTerm struct {
	key        func(page jsonObject) sortKey
	descending bool
}

// compileSorts checks the sorts of a database query against the schema and returns a
// comparison for slices.SortStableFunc over stored pages. A sort names a property (by name or
// id) or a timestamp ("created_time", "last_edited_time") and a direction; later sorts break
// ties of earlier ones, and pages with an empty value come last. nil sorts compare every page
// equal.
func compileSorts(sorts any, db jsonObject) (func(a, b jsonObject) int, *apiError) {
	if sorts == nil {
		return func(a, b jsonObject) int { return 0 }, nil
	}
	items, ok := sorts.([]any)
	if !ok {
		return nil, bodyValidation("body.sorts should be an array, instead was `%s`.", jsonText(sorts))
	}
	props, _ := object(db, "properties")
	terms := make([]sortTerm, 0, len(items))
	for i, item := range items {
		path := fmt.Sprintf("body.sorts[%d]", i)
		t, err := compileSort(item, path, props)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	return func(a, b jsonObject) int {
		for _, t := range terms {
			ka, kb := t.key(a), t.key(b)
			switch {
			case ka.empty && kb.empty:
				continue
			case ka.empty:
				return 1
			case kb.empty:
				return -1
			}
			c := ka.compare(kb)
			if t.descending {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	}, nil
}

// compileSort compiles one sort object found at path.
func compileSort(item any, path string, props jsonObject) (sortTerm, *apiError) {
	m, ok := item.(map[string]any)
	if !ok {
		return sortTerm{}, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(item))
	}
	var t sortTerm
	switch dir := m["direction"]; dir {
	case "ascending":
	case "descending":
		t.descending = true
	default:
		return sortTerm{}, bodyValidation("%s.direction should be `ascending` or `descending`, instead was `%s`.", path, jsonText(dir))
	}
	if raw, present := m["timestamp"]; present {
		ts, _ := raw.(string)
		if ts != "created_time" && ts != "last_edited_time" {
			return sortTerm{}, bodyValidation("%s.timestamp should be `created_time` or `last_edited_time`, instead was `%s`.", path, jsonText(raw))
		}
		t.key = func(page jsonObject) sortKey {
			return valueSortKey(jsonObject{"type": ts, ts: page[ts]}, nil)
		}
		return t, nil
	}
	ref, ok := m["property"].(string)
	if !ok {
		return sortTerm{}, bodyValidation("%s.property should be a string, instead was `%s`.", path, jsonText(m["property"]))
	}
	_, prop, ok := findProperty(props, ref)
	if !ok {
		return sortTerm{}, validationError("Could not find sort property with name or id: %s", ref)
	}
	id := str(prop, "id")
	t.key = func(page jsonObject) sortKey {
		pageProps, _ := object(page, "properties")
		_, v, ok := propertyByID(pageProps, id)
		if !ok {
			v = emptyValue(prop)
		}
		return valueSortKey(v, prop)
	}
	return t, nil
}

// valueSortKey reads the sort key of a stored value; schemaProp (nil for timestamps) gives the
// option order of select, multi_select and status.
func valueSortKey(v, schemaProp jsonObject) sortKey {
	v = innerValue(v)
	typ := str(v, "type")
	if typ != "checkbox" && typ != "boolean" && valueEmpty(v) {
		return sortKey{empty: true}
	}
	switch typ {
	case "number", "unique_id":
		n, _ := valueNumber(v)
		return sortKey{num: n}
	case "checkbox", "boolean":
		b, _ := valueBool(v)
		return sortKey{num: boolNum(b)}
	case "date", "created_time", "last_edited_time":
		d, ok := valueDate(v)
		if !ok {
			return sortKey{empty: true}
		}
		return sortKey{num: float64(d.t.UnixMilli())}
	case "select", "status":
		o, _ := object(v, typ)
		return sortKey{num: optionPosition(schemaProp, str(o, "id"))}
	case "multi_select":
		items, _ := v[typ].([]any)
		var first jsonObject
		if len(items) > 0 {
			first, _ = items[0].(map[string]any)
		}
		return sortKey{num: optionPosition(schemaProp, str(first, "id"))}
	case "people", "created_by", "last_edited_by", "files":
		return sortKey{isText: true, text: firstName(v[typ])}
	case "relation", "array":
		items, _ := v[typ].([]any)
		return sortKey{num: float64(len(items))}
	case "place":
		o, _ := object(v, typ)
		return sortKey{isText: true, text: str(o, "address")}
	}
	return sortKey{isText: true, text: valueText(v)}
}

// optionPosition is the position of an option in its property's options (options the schema
// lacks go after all others).
func optionPosition(schemaProp jsonObject, id string) float64 {
	for i, o := range schemaOptions(schemaProp) {
		if opt, ok := o.(map[string]any); ok && str(opt, "id") == id {
			return float64(i)
		}
	}
	return math.MaxInt32
}

// firstName is the name of the first user or file of a people, created_by, last_edited_by or
// files value.
func firstName(v any) string {
	switch x := v.(type) {
	case []any:
		if len(x) > 0 {
			return firstName(x[0])
		}
	case map[string]any:
		return str(x, "name")
	}
	return ""
}
