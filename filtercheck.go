package uno

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Operators of each kind of condition, in Notion's words.
var (
	textOps     = []string{"equals", "does_not_equal", "contains", "does_not_contain", "starts_with", "ends_with", "is_empty", "is_not_empty"}
	numberOps   = []string{"equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to", "is_empty", "is_not_empty"}
	uniqueIDOps = []string{"equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to"}
	checkboxOps = []string{"equals", "does_not_equal"}
	optionOps   = []string{"equals", "does_not_equal", "is_empty", "is_not_empty"}
	listOps     = []string{"contains", "does_not_contain", "is_empty", "is_not_empty"}
	emptyOps    = []string{"is_empty", "is_not_empty"}
	dateOps     = []string{"equals", "before", "after", "on_or_before", "on_or_after", "is_empty", "is_not_empty",
		"past_week", "past_month", "past_year", "this_week", "next_week", "next_month", "next_year"}
)

// dateOpsOfComparisons maps the comparisons of numbers to those of dates.
var dateOpsOfComparisons = map[string]string{
	"greater_than":             "after",
	"less_than":                "before",
	"greater_than_or_equal_to": "on_or_after",
	"less_than_or_equal_to":    "on_or_before",
}

// filterKinds maps each property type a filter can name to the kind of its conditions.
var filterKinds = map[string]string{
	"title": "text", "rich_text": "text", "url": "text", "email": "text", "phone_number": "text",
	"number": "number", "checkbox": "checkbox", "select": "option", "status": "option",
	"multi_select": "multi_select", "date": "date", "created_time": "date", "last_edited_time": "date",
	"people": "people", "created_by": "people", "last_edited_by": "people", "relation": "relation",
	"files": "files", "unique_id": "unique_id", "formula": "formula", "rollup": "rollup",
}

// filterChecker turns filters into Notion's JSON, checking them against a schema.
type filterChecker struct {
	props []DBProperty
}

// compileFilter checks f against props (the properties of the queried data source) and
// returns Notion's filter object. Every problem is reported, each wrapping ErrInvalidQuery and
// naming its property.
func compileFilter(f Filter, props []DBProperty) (map[string]any, error) {
	if f.IsZero() {
		return nil, nil
	}
	c := filterChecker{props: props}
	var errs []error
	out := c.node(f.node, 0, &errs)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// node compiles one node found inside depth compound filters, adding problems to errs.
func (c filterChecker) node(n *filterNode, depth int, errs *[]error) map[string]any {
	if n.compound == "" {
		out, err := c.condition(n)
		if err != nil {
			*errs = append(*errs, err)
		}
		return out
	}
	if depth >= maxFilterNesting {
		*errs = append(*errs, fmt.Errorf("%w: %s: compound filters nest at most %d levels deep in Notion; this %s is at level %d",
			ErrInvalidQuery, describeFirstCondition(n), maxFilterNesting, strings.ToUpper(n.compound[:1])+n.compound[1:], depth+1))
		return nil
	}
	items := make([]any, 0, len(n.children))
	for _, child := range n.children {
		items = append(items, c.node(child.node, depth+1, errs))
	}
	return map[string]any{n.compound: items}
}

// describeFirstCondition names the first property or timestamp a compound filter holds.
func describeFirstCondition(n *filterNode) string {
	for n.compound != "" {
		if len(n.children) == 0 {
			return "an empty " + n.compound
		}
		n = n.children[0].node
	}
	if n.cond.timestamp != "" {
		return fmt.Sprintf("timestamp %q", string(n.cond.timestamp))
	}
	return fmt.Sprintf("property %q", n.cond.property)
}

// find returns the property with that name, or else with that id.
func (c filterChecker) find(ref string) (DBProperty, bool) {
	for _, p := range c.props {
		if p.Name == ref {
			return p, true
		}
	}
	for _, p := range c.props {
		if p.ID != "" && p.ID == ref {
			return p, true
		}
	}
	return DBProperty{}, false
}

// condition compiles a filter on one property or timestamp.
func (c filterChecker) condition(n *filterNode) (map[string]any, error) {
	cond := n.cond
	if cond.timestamp != "" {
		ts := string(cond.timestamp)
		fail := func(why string) error { return fmt.Errorf("%w: timestamp %q: %s", ErrInvalidQuery, ts, why) }
		if cond.timestamp != CreatedTimestamp && cond.timestamp != LastEditedTimestamp {
			return nil, fail("a page's timestamps are created_time and last_edited_time")
		}
		inner, err := operation("date", n.op, n.value, DBProperty{})
		if err != nil {
			return nil, fail(err.Error())
		}
		return map[string]any{"timestamp": ts, ts: inner}, nil
	}
	prop, ok := c.find(cond.property)
	if !ok {
		return nil, fmt.Errorf("%w: property %q: the data source has no such property", ErrInvalidQuery, cond.property)
	}
	fail := func(err error) error {
		return fmt.Errorf("%w: property %q (%s): %w", ErrInvalidQuery, prop.Name, prop.Type, err)
	}
	kind, ok := filterKinds[prop.Type]
	if !ok {
		return nil, fail(errors.New("properties of this type cannot be filtered in Notion"))
	}
	if cond.as != "" && kind != "formula" && kind != "rollup" {
		return nil, fail(errors.New("AsText, AsNumber, AsCheckbox, AsDate, Any, Every and None apply to formulas and rollups only"))
	}
	var inner any
	var err error
	switch kind {
	case "formula":
		inner, err = formulaCondition(cond, n.op, n.value)
	case "rollup":
		inner, err = rollupCondition(cond, n.op, n.value)
	default:
		if cond.quant != "" {
			err = errors.New("Any, Every and None apply to rollups only")
			break
		}
		inner, err = operation(kind, n.op, n.value, prop)
	}
	if err != nil {
		return nil, fail(err)
	}
	return map[string]any{"property": prop.Name, prop.Type: inner}, nil
}

// formulaCondition compiles the condition on a formula's result: {"number": {...}}.
func formulaCondition(cond Condition, op string, v any) (map[string]any, error) {
	if cond.quant != "" {
		return nil, errors.New("Any, Every and None apply to rollups only")
	}
	as := cond.as
	if as == "" {
		as = inferredKind(op, v, false)
	}
	if as == "" {
		return nil, fmt.Errorf("cannot tell the formula's result type from %s; say AsText, AsNumber, AsCheckbox or AsDate", describeOp(op, v))
	}
	kind := map[string]string{"string": "text", "number": "number", "checkbox": "checkbox", "date": "date"}[as]
	inner, err := operation(kind, op, v, DBProperty{})
	if err != nil {
		return nil, err
	}
	return map[string]any{as: inner}, nil
}

// rollupItemKeys maps the type of rolled-up values to the condition key Notion takes for
// them (a rolled-up title is filtered as rich_text).
var rollupItemKeys = map[string]string{
	"title": "rich_text", "rich_text": "rich_text", "url": "url", "email": "email", "phone_number": "phone_number",
	"number": "number", "checkbox": "checkbox", "select": "select", "status": "status", "multi_select": "multi_select",
	"date": "date", "created_time": "date", "last_edited_time": "date", "people": "people", "created_by": "people",
	"last_edited_by": "people", "relation": "relation", "files": "files", "unique_id": "unique_id",
}

// rollupCondition compiles the condition on a rollup: {"any": {"rich_text": {...}}} for a
// rollup that lists values, {"number": {...}} or {"date": {...}} for a computed one.
func rollupCondition(cond Condition, op string, v any) (map[string]any, error) {
	if cond.quant == "" {
		as := cond.as
		if as == "" {
			as = inferredKind(op, v, false)
		}
		if as != "number" && as != "date" {
			return nil, fmt.Errorf("a rollup is filtered as a number or a date (AsNumber, AsDate), or by its listed values with Any, Every or None; %s says neither", describeOp(op, v))
		}
		inner, err := operation(as, op, v, DBProperty{})
		if err != nil {
			return nil, err
		}
		return map[string]any{as: inner}, nil
	}
	itemType := cond.as
	if itemType == "" {
		itemType = inferredKind(op, v, true)
	}
	if itemType == "" {
		return nil, fmt.Errorf("cannot tell the type of the rolled-up values from %s; give it to %s", describeOp(op, v), cond.quant)
	}
	key, ok := rollupItemKeys[itemType]
	if !ok {
		return nil, fmt.Errorf("rolled-up values of type %q cannot be filtered in Notion", itemType)
	}
	inner, err := operation(filterKinds[itemType], op, v, DBProperty{Type: itemType})
	if err != nil {
		return nil, err
	}
	return map[string]any{cond.quant: map[string]any{key: inner}}, nil
}

// inferredKind guesses the type a formula result or rolled-up value has from the condition:
// "string" (or "rich_text" for rollup items), "number", "checkbox", "date", "relation",
// "people", or "" when the condition does not tell.
func inferredKind(op string, v any, item bool) string {
	switch v.(type) {
	case relativeDate, time.Time, DateValue, *DateValue:
		return "date"
	case bool:
		if op == "is_empty" || op == "is_not_empty" {
			return ""
		}
		return "checkbox"
	case string:
		if item {
			return "rich_text"
		}
		return "string"
	case uuid.UUID, *Page:
		if item {
			return "relation"
		}
	case *User:
		if item {
			return "people"
		}
	}
	if _, ok := toFloat(v); ok {
		return "number"
	}
	return ""
}

// describeOp names a condition in an error message.
func describeOp(op string, v any) string {
	switch v.(type) {
	case relativeDate:
		return op
	case bool:
		if op == "is_empty" || op == "is_not_empty" {
			return op
		}
	}
	return fmt.Sprintf("%s %v (%T)", op, v, v)
}

// operation checks an operator and its operand against the conditions of a kind of property
// and returns Notion's condition object, such as {"greater_than": 3}. prop gives what some
// kinds need: the unique_id prefix.
func operation(kind, op string, v any, prop DBProperty) (map[string]any, error) {
	if kind == "date" {
		if dateOp, ok := dateOpsOfComparisons[op]; ok {
			op = dateOp
		}
	}
	var ops []string
	switch kind {
	case "text":
		ops = textOps
	case "number":
		ops = numberOps
	case "unique_id":
		ops = uniqueIDOps
	case "checkbox":
		ops = checkboxOps
	case "option":
		ops = optionOps
	case "multi_select", "people", "relation":
		ops = listOps
	case "files":
		ops = emptyOps
	case "date":
		ops = dateOps
	default:
		return nil, fmt.Errorf("values of kind %q cannot be filtered", kind)
	}
	if !slices.Contains(ops, op) {
		return nil, fmt.Errorf("no condition %s; this type has %s", op, strings.Join(ops, ", "))
	}
	operand, err := operand(kind, op, v, prop)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return map[string]any{op: operand}, nil
}

// operand converts the Go operand of a condition into its JSON value.
func operand(kind, op string, v any, prop DBProperty) (any, error) {
	switch op {
	case "is_empty", "is_not_empty":
		return true, nil
	case "past_week", "past_month", "past_year", "this_week", "next_week", "next_month", "next_year":
		return map[string]any{}, nil
	}
	switch kind {
	case "text", "option", "multi_select":
		s, ok := v.(string)
		if !ok {
			return nil, typeError(v, "a string")
		}
		if kind != "text" && s == "" {
			return nil, errors.New("an option's name is not empty; use IsEmpty for an empty value")
		}
		return s, nil
	case "number":
		f, ok := toFloat(v)
		if !ok {
			return nil, typeError(v, "a number")
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%v is not a number Notion can compare", f)
		}
		return f, nil
	case "unique_id":
		return uniqueIDOperand(v, prop.UniqueIDPrefix())
	case "checkbox":
		b, ok := v.(bool)
		if !ok {
			return nil, typeError(v, "a bool")
		}
		return b, nil
	case "people", "relation":
		id, err := referenceOperand(v)
		if err != nil {
			return nil, err
		}
		return id.String(), nil
	case "date":
		return dateOperand(v)
	}
	return nil, fmt.Errorf("no operand for %s", kind)
}

// uniqueIDOperand accepts an integer, or "PREFIX-12" with the property's prefix.
func uniqueIDOperand(v any, prefix string) (any, error) {
	if s, ok := v.(string); ok {
		digits := s
		if prefix != "" {
			var found bool
			digits, found = strings.CutPrefix(s, prefix+"-")
			if !found {
				return nil, fmt.Errorf("%q does not start with the property's prefix %q", s, prefix+"-")
			}
		}
		n, err := strconv.ParseInt(digits, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a unique id", s)
		}
		return n, nil
	}
	f, ok := toFloat(v)
	if !ok || f != math.Trunc(f) || math.IsInf(f, 0) {
		return nil, typeError(v, "an integer or a string like \"PREFIX-12\"")
	}
	return int64(f), nil
}

// referenceOperand accepts the forms of a reference to a user or page.
func referenceOperand(v any) (uuid.UUID, error) {
	switch v := v.(type) {
	case uuid.UUID:
		return v, nil
	case string:
		return ParseID(v)
	case identified:
		if isNilPointer(v) {
			return uuid.Nil, errors.New("nil reference")
		}
		return v.ID(), nil
	}
	return uuid.Nil, typeError(v, "a uuid.UUID, *User, *Page or an id as string")
}

// dateOperand writes a date operand: a calendar day as "2006-01-02", a moment with its
// offset (in its time zone when it has one).
func dateOperand(v any) (string, error) {
	var d DateValue
	switch v := v.(type) {
	case time.Time:
		d = DateTime(v)
	case DateValue:
		d = v
	case *DateValue:
		if v == nil {
			return "", errors.New("nil date; use IsEmpty for an empty value")
		}
		d = *v
	default:
		return "", typeError(v, "a time.Time or uno.DateValue")
	}
	if d.Start.IsZero() {
		return "", errors.New("zero date")
	}
	if d.IsRange() {
		return "", errors.New("a condition compares with one date, not a range")
	}
	if !d.HasTime {
		return d.Start.Format(time.DateOnly), nil
	}
	t := d.Start
	if d.TimeZone != "" {
		loc, err := time.LoadLocation(d.TimeZone)
		if err != nil {
			return "", fmt.Errorf("unknown time zone %q", d.TimeZone)
		}
		t = t.In(loc)
	}
	return t.Format(time.RFC3339Nano), nil
}
