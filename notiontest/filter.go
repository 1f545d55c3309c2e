package notiontest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// pagePredicate tells whether a stored page matches a query filter.
type pagePredicate func(page jsonObject) bool

// valuePredicate tells whether a stored page value (or an item of a rollup array) matches a
// filter condition.
type valuePredicate func(v jsonObject) bool

// maxCompoundDepth is how deep Notion lets and/or filters nest.
const maxCompoundDepth = 2

// filterKeys are the condition keys of a property filter, in the order Notion lists them
// when a filter has none.
var filterKeys = []string{
	"title", "rich_text", "number", "checkbox", "select", "multi_select", "status", "date",
	"people", "files", "url", "email", "phone_number", "relation", "created_by", "created_time",
	"last_edited_by", "last_edited_time", "formula", "unique_id", "rollup",
}

// filterPropertyTypes maps each condition key to the property types it may filter. The text
// conditions serve every text-like property (Notion accepts a rich_text condition on a title).
var filterPropertyTypes = map[string][]string{
	"title":            textTypes,
	"rich_text":        textTypes,
	"text":             textTypes,
	"url":              textTypes,
	"email":            textTypes,
	"phone_number":     textTypes,
	"number":           {"number"},
	"checkbox":         {"checkbox"},
	"select":           {"select"},
	"multi_select":     {"multi_select"},
	"status":           {"status"},
	"date":             {"date", "created_time", "last_edited_time"},
	"created_time":     {"created_time"},
	"last_edited_time": {"last_edited_time"},
	"people":           {"people", "created_by", "last_edited_by"},
	"created_by":       {"created_by"},
	"last_edited_by":   {"last_edited_by"},
	"files":            {"files"},
	"relation":         {"relation"},
	"formula":          {"formula"},
	"rollup":           {"rollup"},
	"unique_id":        {"unique_id"},
}

// textTypes are the text-like property types.
var textTypes = []string{"title", "rich_text", "url", "email", "phone_number"}

// Operators of each kind of condition.
var (
	textOperators   = []string{"equals", "does_not_equal", "contains", "does_not_contain", "starts_with", "ends_with", "is_empty", "is_not_empty"}
	numberOperators = []string{"equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to", "is_empty", "is_not_empty"}
	idOperators     = []string{"equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to"}
	boolOperators   = []string{"equals", "does_not_equal"}
	optionOperators = []string{"equals", "does_not_equal", "is_empty", "is_not_empty"}
	listOperators   = []string{"contains", "does_not_contain", "is_empty", "is_not_empty"}
	emptyOperators  = []string{"is_empty", "is_not_empty"}
	dateOperators   = []string{"equals", "before", "after", "on_or_before", "on_or_after", "is_empty", "is_not_empty",
		"past_week", "past_month", "past_year", "next_week", "next_month", "next_year", "this_week"}
	formulaKeys = []string{"string", "checkbox", "number", "date"}
	rollupKeys  = []string{"any", "every", "none", "number", "date"}
)

// compileFilterAt checks a database query filter against the database's schema
// (db["properties"]) and returns a predicate over stored pages; relative date conditions
// (past_week, ...) count from now, the emulator's clock. A nil filter matches every page. Property filters name their property by name or id; compound filters
// (and, or) nest two levels deep, as Notion allows.
func compileFilterAt(filter any, db jsonObject, now time.Time) (func(page jsonObject) bool, *apiError) {
	if filter == nil {
		return func(jsonObject) bool { return true }, nil
	}
	props, _ := object(db, "properties")
	c := filterCompiler{props: props, now: now.UTC()}
	p, err := c.filter(filter, "body.filter", 0)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// filterCompiler compiles the filters of one query.
type filterCompiler struct {
	props jsonObject
	now   time.Time
}

// filter compiles a filter found at path inside depth compound filters.
func (c filterCompiler) filter(f any, path string, depth int) (pagePredicate, *apiError) {
	m, ok := f.(map[string]any)
	if !ok {
		return nil, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(f))
	}
	for _, op := range []string{"and", "or"} {
		if raw, present := m[op]; present {
			return c.compound(op, raw, path, depth)
		}
	}
	if raw, present := m["timestamp"]; present {
		return c.timestamp(m, raw, path)
	}
	ref, ok := m["property"].(string)
	if !ok {
		if _, present := m["property"]; present {
			return nil, bodyValidation("%s.property should be a string, instead was `%s`.", path, jsonText(m["property"]))
		}
		return nil, unionFilterError(path, depth)
	}
	key, err := conditionKey(m, path, depth)
	if err != nil {
		return nil, err
	}
	_, prop, ok := findProperty(c.props, ref)
	if !ok {
		return nil, validationError("Could not find property with name or id: %s", ref)
	}
	propType := str(prop, "type")
	if !slices.Contains(filterPropertyTypes[key], propType) {
		return nil, validationError("The property type in the database does not match the property type of the filter provided: database property %s does not match filter %s", propType, key)
	}
	match, err := c.condition(key, m[key], path+"."+key)
	if err != nil {
		return nil, err
	}
	id := str(prop, "id")
	return func(page jsonObject) bool {
		pageProps, _ := object(page, "properties")
		_, v, ok := propertyByID(pageProps, id)
		if !ok {
			v = emptyValue(prop)
		}
		return match(v)
	}, nil
}

// compound compiles an and or or filter.
func (c filterCompiler) compound(op string, raw any, path string, depth int) (pagePredicate, *apiError) {
	if depth >= maxCompoundDepth {
		return nil, bodyValidation("%s.%s should be not present, instead was `%s`: compound filters nest at most %d levels deep.", path, op, jsonText(raw), maxCompoundDepth)
	}
	items, ok := raw.([]any)
	if !ok {
		return nil, bodyValidation("%s.%s should be an array, instead was `%s`.", path, op, jsonText(raw))
	}
	preds := make([]pagePredicate, 0, len(items))
	for i, item := range items {
		p, err := c.filter(item, fmt.Sprintf("%s.%s[%d]", path, op, i), depth+1)
		if err != nil {
			return nil, err
		}
		preds = append(preds, p)
	}
	if len(preds) == 0 {
		return func(jsonObject) bool { return true }, nil
	}
	if op == "and" {
		return func(page jsonObject) bool {
			for _, p := range preds {
				if !p(page) {
					return false
				}
			}
			return true
		}, nil
	}
	return func(page jsonObject) bool {
		for _, p := range preds {
			if p(page) {
				return true
			}
		}
		return false
	}, nil
}

// timestamp compiles {"timestamp":"created_time"|"last_edited_time", "<timestamp>":{...}}.
func (c filterCompiler) timestamp(m jsonObject, raw any, path string) (pagePredicate, *apiError) {
	ts, _ := raw.(string)
	if ts != "created_time" && ts != "last_edited_time" {
		return nil, bodyValidation("%s.timestamp should be `created_time` or `last_edited_time`, instead was `%s`.", path, jsonText(raw))
	}
	match, err := c.condition(ts, m[ts], path+"."+ts)
	if err != nil {
		return nil, err
	}
	return func(page jsonObject) bool {
		return match(jsonObject{"type": ts, ts: page[ts]})
	}, nil
}

// conditionKey finds the one condition key of a property filter.
func conditionKey(m jsonObject, path string, depth int) (string, *apiError) {
	if t, ok := m["type"].(string); ok {
		if _, known := filterPropertyTypes[t]; known {
			if _, present := m[t]; present {
				return t, nil
			}
			return "", bodyValidation("%s.%s should be defined, instead was `undefined`.", path, t)
		}
	}
	key := ""
	for k := range m {
		if k == "property" || k == "type" {
			continue
		}
		if _, known := filterPropertyTypes[k]; !known {
			return "", unionFilterError(path, depth)
		}
		if key != "" {
			first, second := min(key, k), max(key, k)
			return "", bodyValidation("%s.%s should be not present, instead was `%s` (the filter already has %s).", path, second, jsonText(m[second]), first)
		}
		key = k
	}
	if key == "" {
		return "", unionFilterError(path, depth)
	}
	return key, nil
}

// unionFilterError is Notion's answer to a filter that is none of the filter kinds.
func unionFilterError(path string, depth int) *apiError {
	var b strings.Builder
	b.WriteString("body failed validation. Fix one:")
	if depth < maxCompoundDepth {
		fmt.Fprintf(&b, "\n%s.or should be defined, instead was `undefined`.", path)
		fmt.Fprintf(&b, "\n%s.and should be defined, instead was `undefined`.", path)
	}
	for _, k := range filterKeys {
		fmt.Fprintf(&b, "\n%s.%s should be defined, instead was `undefined`.", path, k)
	}
	return validationError("%s", b.String())
}

// condition compiles the condition object of one filter kind (key) into a predicate over
// values.
func (c filterCompiler) condition(key string, raw any, path string) (valuePredicate, *apiError) {
	switch key {
	case "title", "rich_text", "text", "url", "email", "phone_number", "string":
		return c.textCondition(raw, path)
	case "number":
		return c.numberCondition(raw, path, numberOperators)
	case "unique_id":
		return c.numberCondition(raw, path, idOperators)
	case "checkbox":
		return c.boolCondition(raw, path)
	case "select", "status":
		return c.optionCondition(raw, path)
	case "multi_select":
		return c.listCondition(raw, path, optionNames, false)
	case "people", "created_by", "last_edited_by":
		return c.listCondition(raw, path, userIDs, true)
	case "relation":
		return c.listCondition(raw, path, relationIDList, true)
	case "files":
		op, _, err := operator(raw, path, emptyOperators)
		if err != nil {
			return nil, err
		}
		return emptyCheck(op), nil
	case "date", "created_time", "last_edited_time":
		return c.dateCondition(raw, path)
	case "formula":
		return c.formulaCondition(raw, path)
	case "rollup":
		return c.rollupCondition(raw, path)
	}
	return nil, bodyValidation("%s is not a filter condition.", path)
}

// operator reads the one operator of a condition object and its operand, checking it is one
// of ops; is_empty and is_not_empty must be true.
func operator(raw any, path string, ops []string) (string, any, *apiError) {
	op, operand, err := subCondition(raw, path, ops)
	if err != nil {
		return "", nil, err
	}
	if op == "is_empty" || op == "is_not_empty" {
		if b, ok := operand.(bool); !ok || !b {
			return "", nil, bodyValidation("%s.%s should be `true`, instead was `%s`.", path, op, jsonText(operand))
		}
	}
	return op, operand, nil
}

// unionOperatorError is Notion's answer to a condition with none of its operators.
func unionOperatorError(path string, ops []string) *apiError {
	var b strings.Builder
	b.WriteString("body failed validation. Fix one:")
	for _, op := range ops {
		fmt.Fprintf(&b, "\n%s.%s should be defined, instead was `undefined`.", path, op)
	}
	return validationError("%s", b.String())
}

// emptyCheck is the predicate of is_empty and is_not_empty.
func emptyCheck(op string) valuePredicate {
	want := op == "is_empty"
	return func(v jsonObject) bool { return valueEmpty(v) == want }
}

// stringCondition reads a condition whose operand is a string. For is_empty and
// is_not_empty it returns the finished predicate as done instead.
func stringCondition(raw any, path string, ops []string) (op, want string, done valuePredicate, err *apiError) {
	op, operand, err := operator(raw, path, ops)
	if err != nil {
		return "", "", nil, err
	}
	if op == "is_empty" || op == "is_not_empty" {
		return op, "", emptyCheck(op), nil
	}
	want, ok := operand.(string)
	if !ok {
		return "", "", nil, bodyValidation("%s.%s should be a string, instead was `%s`.", path, op, jsonText(operand))
	}
	return op, want, nil, nil
}

// textCondition compiles a condition on text: equals and does_not_equal compare exactly, the
// others ignore letter case.
func (c filterCompiler) textCondition(raw any, path string) (valuePredicate, *apiError) {
	op, want, done, err := stringCondition(raw, path, textOperators)
	if done != nil || err != nil {
		return done, err
	}
	lowerWant := strings.ToLower(want)
	return func(v jsonObject) bool {
		s := valueText(v)
		ls := strings.ToLower(s)
		switch op {
		case "equals":
			return s == want
		case "does_not_equal":
			return s != want
		case "contains":
			return strings.Contains(ls, lowerWant)
		case "does_not_contain":
			return !strings.Contains(ls, lowerWant)
		case "starts_with":
			return strings.HasPrefix(ls, lowerWant)
		}
		return strings.HasSuffix(ls, lowerWant)
	}, nil
}

// numberCondition compiles a condition on a number or unique_id; does_not_equal matches the
// empty number.
func (c filterCompiler) numberCondition(raw any, path string, ops []string) (valuePredicate, *apiError) {
	op, operand, err := operator(raw, path, ops)
	if err != nil {
		return nil, err
	}
	if op == "is_empty" || op == "is_not_empty" {
		return emptyCheck(op), nil
	}
	want, ok := toFloat(operand)
	if !ok {
		return nil, bodyValidation("%s.%s should be a number, instead was `%s`.", path, op, jsonText(operand))
	}
	return func(v jsonObject) bool {
		n, ok := valueNumber(v)
		if !ok {
			return op == "does_not_equal"
		}
		switch op {
		case "equals":
			return n == want
		case "does_not_equal":
			return n != want
		case "greater_than":
			return n > want
		case "less_than":
			return n < want
		case "greater_than_or_equal_to":
			return n >= want
		}
		return n <= want
	}, nil
}

// boolCondition compiles a condition on a checkbox (or a boolean formula).
func (c filterCompiler) boolCondition(raw any, path string) (valuePredicate, *apiError) {
	op, operand, err := operator(raw, path, boolOperators)
	if err != nil {
		return nil, err
	}
	want, ok := operand.(bool)
	if !ok {
		return nil, bodyValidation("%s.%s should be a boolean, instead was `%s`.", path, op, jsonText(operand))
	}
	return func(v jsonObject) bool {
		b, _ := valueBool(v)
		return (b == want) == (op == "equals")
	}, nil
}

// optionCondition compiles a condition on a select or status (the option's name).
func (c filterCompiler) optionCondition(raw any, path string) (valuePredicate, *apiError) {
	op, want, done, err := stringCondition(raw, path, optionOperators)
	if done != nil || err != nil {
		return done, err
	}
	return func(v jsonObject) bool {
		return (!valueEmpty(v) && valueText(v) == want) == (op == "equals")
	}, nil
}

// listCondition compiles a condition on a list of names or ids (multi_select, people,
// relation); ids (isID) are compared in dashed form.
func (c filterCompiler) listCondition(raw any, path string, elements func(v jsonObject) []string, isID bool) (valuePredicate, *apiError) {
	op, want, done, err := stringCondition(raw, path, listOperators)
	if done != nil || err != nil {
		return done, err
	}
	if isID {
		id, ok := normalizeID(want)
		if !ok {
			return nil, bodyValidation("%s.%s should be a valid uuid, instead was `%s`.", path, op, jsonText(want))
		}
		want = id
	}
	return func(v jsonObject) bool {
		return slices.Contains(elements(v), want) == (op == "contains")
	}, nil
}

// optionNames lists the option names of a multi_select value.
func optionNames(v jsonObject) []string {
	items, _ := v["multi_select"].([]any)
	names := make([]string, 0, len(items))
	for _, it := range items {
		if o, ok := it.(map[string]any); ok {
			names = append(names, str(o, "name"))
		}
	}
	return names
}

// userIDs lists the user ids of a people, created_by or last_edited_by value.
func userIDs(v jsonObject) []string {
	switch raw := v[str(v, "type")].(type) {
	case []any:
		ids := make([]string, 0, len(raw))
		for _, it := range raw {
			if u, ok := it.(map[string]any); ok {
				ids = append(ids, str(u, "id"))
			}
		}
		return ids
	case map[string]any:
		return []string{str(raw, "id")}
	}
	return nil
}

// relationIDList lists the page ids of a relation value.
func relationIDList(v jsonObject) []string {
	items, _ := v["relation"].([]any)
	ids := make([]string, 0, len(items))
	for _, it := range items {
		if r, ok := it.(map[string]any); ok {
			ids = append(ids, str(r, "id"))
		}
	}
	return ids
}

// dateCondition compiles a condition on a date. A date-time operand compares to the minute;
// when either side is a date without a time, whole days (UTC) are compared. The relative
// conditions compare days with the day of c.now.
func (c filterCompiler) dateCondition(raw any, path string) (valuePredicate, *apiError) {
	op, operand, err := operator(raw, path, dateOperators)
	if err != nil {
		return nil, err
	}
	switch op {
	case "is_empty", "is_not_empty":
		want := op == "is_empty"
		return func(v jsonObject) bool {
			_, ok := valueDate(v)
			return !ok == want
		}, nil
	case "equals", "before", "after", "on_or_before", "on_or_after":
		s, ok := operand.(string)
		if !ok {
			return nil, bodyValidation("%s.%s should be a string, instead was `%s`.", path, op, jsonText(operand))
		}
		want, ok := parseDate(s, time.UTC)
		if !ok {
			return nil, bodyValidation("%s.%s should be a valid ISO 8601 date string, instead was `%s`.", path, op, jsonText(operand))
		}
		return func(v jsonObject) bool {
			d, ok := valueDate(v)
			if !ok {
				return false
			}
			cmp := compareDates(d, want)
			switch op {
			case "equals":
				return cmp == 0
			case "before":
				return cmp < 0
			case "after":
				return cmp > 0
			case "on_or_before":
				return cmp <= 0
			}
			return cmp >= 0
		}, nil
	}
	if _, ok := operand.(map[string]any); !ok {
		return nil, bodyValidation("%s.%s should be an object, instead was `%s`.", path, op, jsonText(operand))
	}
	from, to := c.relativeRange(op)
	return func(v jsonObject) bool {
		d, ok := valueDate(v)
		if !ok {
			return false
		}
		day := dayOf(d.t)
		return !day.Before(from) && !day.After(to)
	}, nil
}

// relativeRange is the first and last day of a relative date condition.
func (c filterCompiler) relativeRange(op string) (time.Time, time.Time) {
	today := dayOf(c.now)
	switch op {
	case "past_week":
		return today.AddDate(0, 0, -7), today
	case "past_month":
		return today.AddDate(0, -1, 0), today
	case "past_year":
		return today.AddDate(-1, 0, 0), today
	case "next_week":
		return today, today.AddDate(0, 0, 7)
	case "next_month":
		return today, today.AddDate(0, 1, 0)
	case "next_year":
		return today, today.AddDate(1, 0, 0)
	}
	start := today.AddDate(0, 0, -int(today.Weekday()))
	return start, start.AddDate(0, 0, 6)
}

// dayOf is the UTC day of t, at midnight.
func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// compareDates orders two dates: by day when either is a date without a time, else by
// instant (both are kept to the minute).
func compareDates(a, b notionDate) int {
	if a.dateOnly || b.dateOnly {
		return dayOf(a.t).Compare(dayOf(b.t))
	}
	return a.t.Compare(b.t)
}

// formulaCondition compiles {"string"|"checkbox"|"number"|"date": condition} on a formula's
// result; a result of another type does not match.
func (c filterCompiler) formulaCondition(raw any, path string) (valuePredicate, *apiError) {
	key, sub, err := subCondition(raw, path, formulaKeys)
	if err != nil {
		return nil, err
	}
	match, err := c.condition(key, sub, path+"."+key)
	if err != nil {
		return nil, err
	}
	resultType := map[string]string{"string": "string", "checkbox": "boolean", "number": "number", "date": "date"}[key]
	return func(v jsonObject) bool {
		inner := innerValue(v)
		return str(inner, "type") == resultType && match(inner)
	}, nil
}

// rollupCondition compiles a condition on a rollup: any, every or none over the items of an
// array rollup (each with a condition of its item type), or number or date on a number or
// date rollup.
func (c filterCompiler) rollupCondition(raw any, path string) (valuePredicate, *apiError) {
	key, sub, err := subCondition(raw, path, rollupKeys)
	if err != nil {
		return nil, err
	}
	if key == "number" || key == "date" {
		match, err := c.condition(key, sub, path+"."+key)
		if err != nil {
			return nil, err
		}
		return func(v jsonObject) bool {
			inner := innerValue(v)
			return str(inner, "type") == key && match(inner)
		}, nil
	}
	itemKey, itemCond, err := subCondition(sub, path+"."+key, filterKeys)
	if err != nil {
		return nil, err
	}
	if itemKey == "formula" || itemKey == "rollup" {
		return nil, bodyValidation("%s.%s.%s should be not present, instead was `%s`.", path, key, itemKey, jsonText(itemCond))
	}
	match, err := c.condition(itemKey, itemCond, path+"."+key+"."+itemKey)
	if err != nil {
		return nil, err
	}
	return func(v jsonObject) bool {
		inner := innerValue(v)
		items, _ := inner["array"].([]any)
		if str(inner, "type") != "array" {
			return false
		}
		hits := 0
		for _, it := range items {
			if item, ok := it.(map[string]any); ok && match(item) {
				hits++
			}
		}
		switch key {
		case "any":
			return hits > 0
		case "every":
			return len(items) > 0 && hits == len(items)
		}
		return hits == 0
	}, nil
}

// subCondition reads the one key (of keys) of a condition object and its value: the operator
// of a property condition, or the kind of a formula or rollup condition.
func subCondition(raw any, path string, keys []string) (string, any, *apiError) {
	m, ok := raw.(map[string]any)
	if !ok {
		return "", nil, bodyValidation("%s should be an object, instead was `%s`.", path, jsonText(raw))
	}
	found := ""
	for k := range m {
		if !slices.Contains(keys, k) {
			return "", nil, unionOperatorError(path, keys)
		}
		if found != "" {
			first, second := min(found, k), max(found, k)
			return "", nil, bodyValidation("%s.%s should be not present, instead was `%s` (the condition already has %s).", path, second, jsonText(m[second]), first)
		}
		found = k
	}
	if found == "" {
		return "", nil, unionOperatorError(path, keys)
	}
	return found, m[found], nil
}
