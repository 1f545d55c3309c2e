package uno

import "time"

// Filter selects the pages of a query (see Query). Build one with Where or WhereTimestamp and
// a condition, and combine filters with And and Or:
//
//	uno.And(
//		uno.Where("Status").Equals("Done"),
//		uno.Or(uno.Where("Due").PastWeek(), uno.Where("Priority").GreaterThan(2)),
//	)
//
// A Filter does not know the types of its properties: it is checked against the schema of the
// database or data source it queries, before any request. An unknown property, a condition
// its type does not have, a value of the wrong Go type or compound filters nested deeper than
// Notion allows make the query fail with an error that matches ErrInvalidQuery and names the
// property. The zero Filter selects every page.
type Filter struct {
	node *filterNode
}

// filterNode is one node of a filter tree: a compound (and, or) or one condition.
type filterNode struct {
	compound string   // "and" or "or"; "" for a condition
	children []Filter // the filters of a compound
	cond     Condition
	op       string // the operator in Notion's words, such as "equals" or "past_week"
	value    any    // the operand, as the caller gave it
}

// IsZero reports whether f is the zero Filter, which selects every page.
func (f Filter) IsZero() bool { return f.node == nil }

// maxFilterNesting is how deep Notion lets compound filters nest: a compound filter may hold
// compound filters, and those only conditions.
const maxFilterNesting = 2

// And selects the pages that every filter selects. Zero filters among them are left out; And
// of no filters is the zero Filter. Notion allows two levels of compound filters: And and Or
// may hold And and Or filters that hold conditions only.
func And(filters ...Filter) Filter { return compound("and", filters) }

// Or selects the pages that at least one of the filters selects. A zero filter among them
// selects every page, and so does the result; Or of no filters is the zero Filter. Nesting is
// limited as for And.
func Or(filters ...Filter) Filter { return compound("or", filters) }

// compound builds an and or or filter of the non-zero filters.
func compound(op string, filters []Filter) Filter {
	kept := make([]Filter, 0, len(filters))
	for _, f := range filters {
		if f.IsZero() {
			if op == "or" {
				return Filter{}
			}
			continue
		}
		kept = append(kept, f)
	}
	if len(kept) == 0 {
		return Filter{}
	}
	return Filter{&filterNode{compound: op, children: kept}}
}

// Timestamp names one of the two timestamps every page has, for WhereTimestamp and the
// timestamp sorts.
type Timestamp string

// The timestamps of a page.
const (
	CreatedTimestamp    Timestamp = "created_time"
	LastEditedTimestamp Timestamp = "last_edited_time"
)

// Condition is a property (or a page's timestamp) waiting for its condition; each of its
// methods returns the finished Filter. Which conditions a property has depends on its type:
//
//   - title, rich_text, url, email, phone_number: Equals, DoesNotEqual, Contains,
//     DoesNotContain, StartsWith, EndsWith (with a string), IsEmpty, IsNotEmpty
//   - number: Equals, DoesNotEqual, GreaterThan, LessThan, GreaterThanOrEqualTo,
//     LessThanOrEqualTo (with any Go number), IsEmpty, IsNotEmpty
//   - checkbox: Equals, DoesNotEqual (with a bool)
//   - select, status: Equals, DoesNotEqual (with the option's name), IsEmpty, IsNotEmpty
//   - multi_select: Contains, DoesNotContain (with an option's name), IsEmpty, IsNotEmpty
//   - date, created_time, last_edited_time and the page timestamps: Equals, Before, After,
//     OnOrBefore, OnOrAfter, the relative PastWeek, PastMonth, PastYear, ThisWeek,
//     NextWeek, NextMonth, NextYear, and IsEmpty, IsNotEmpty
//   - people, created_by, last_edited_by: Contains, DoesNotContain (with a uuid.UUID, a
//     *User or a user id as string), IsEmpty, IsNotEmpty
//   - relation: Contains, DoesNotContain (with a uuid.UUID, a *Page or a page id as string),
//     IsEmpty, IsNotEmpty
//   - files: IsEmpty, IsNotEmpty
//   - unique_id: Equals, DoesNotEqual, GreaterThan, LessThan, GreaterThanOrEqualTo,
//     LessThanOrEqualTo (with an integer, or a string like "TASK-12" with the property's
//     prefix)
//   - formula: the conditions of its result type, which AsText, AsNumber, AsCheckbox or
//     AsDate names; without them it is taken from the operand (a string is text, a number
//     a number, a bool a checkbox, a time or DateValue a date)
//   - rollup: Any, Every or None for rollups that list values, with a condition of the
//     values' type; AsNumber or AsDate (or the operand) for rollups that compute a number or
//     a date
//
// Dates are compared as Notion does: a DateValue made by Day (or DayOf) is sent as a calendar
// day ("2024-03-30"); a time.Time or a DateValue made by DateTime is sent as a moment with
// its UTC offset (or in its TimeZone). On dates, GreaterThan, LessThan, GreaterThanOrEqualTo
// and LessThanOrEqualTo mean After, Before, OnOrAfter and OnOrBefore and accept a DateValue.
type Condition struct {
	property  string
	timestamp Timestamp
	as        string // the type of a formula's result or a rollup's value
	quant     string // "any", "every" or "none" for a rollup of listed values
}

// Where starts a filter on the property with that name (or Notion's short id).
func Where(property string) Condition { return Condition{property: property} }

// WhereTimestamp starts a filter on a timestamp of the pages (CreatedTimestamp or
// LastEditedTimestamp), which has the conditions of a date.
func WhereTimestamp(ts Timestamp) Condition { return Condition{timestamp: ts} }

// AsText makes the condition of a formula compare its result as text (Notion's "string").
func (c Condition) AsText() Condition { c.as = "string"; return c }

// AsNumber makes the condition of a formula or rollup compare its result as a number.
func (c Condition) AsNumber() Condition { c.as = "number"; return c }

// AsCheckbox makes the condition of a formula compare its result as a checkbox.
func (c Condition) AsCheckbox() Condition { c.as = "checkbox"; return c }

// AsDate makes the condition of a formula or rollup compare its result as a date.
func (c Condition) AsDate() Condition { c.as = "date"; return c }

// Any makes the condition of a rollup that lists values hold when at least one value
// matches. itemType is the Notion type of the rolled-up values, such as "rich_text",
// "select" or "people"; "" takes it from the operand (a string is rich_text, a number a
// number, a bool a checkbox, a time or DateValue a date, a uuid.UUID or *Page a relation, a
// *User people).
func (c Condition) Any(itemType string) Condition { return c.rollup("any", itemType) }

// Every makes the condition of a rollup that lists values hold when every value matches
// (see Any for itemType).
func (c Condition) Every(itemType string) Condition { return c.rollup("every", itemType) }

// None makes the condition of a rollup that lists values hold when no value matches (see
// Any for itemType).
func (c Condition) None(itemType string) Condition { return c.rollup("none", itemType) }

// rollup sets the quantifier and item type of a rollup condition.
func (c Condition) rollup(quant, itemType string) Condition {
	c.quant, c.as = quant, itemType
	return c
}

// with finishes the condition with an operator and its operand.
func (c Condition) with(op string, v any) Filter {
	return Filter{&filterNode{cond: c, op: op, value: v}}
}

// Equals holds when the value equals v: text exactly, a number, a bool, an option's name, a
// date or a unique id.
func (c Condition) Equals(v any) Filter { return c.with("equals", v) }

// DoesNotEqual holds when the value does not equal v.
func (c Condition) DoesNotEqual(v any) Filter { return c.with("does_not_equal", v) }

// Contains holds when text contains v (ignoring letter case), or a list (multi-select,
// people, relation) holds v.
func (c Condition) Contains(v any) Filter { return c.with("contains", v) }

// DoesNotContain is the opposite of Contains.
func (c Condition) DoesNotContain(v any) Filter { return c.with("does_not_contain", v) }

// StartsWith holds when text starts with s (ignoring letter case).
func (c Condition) StartsWith(s string) Filter { return c.with("starts_with", s) }

// EndsWith holds when text ends with s (ignoring letter case).
func (c Condition) EndsWith(s string) Filter { return c.with("ends_with", s) }

// GreaterThan holds when a number or unique id is greater than v, or a date is after v.
func (c Condition) GreaterThan(v any) Filter { return c.with("greater_than", v) }

// LessThan holds when a number or unique id is less than v, or a date is before v.
func (c Condition) LessThan(v any) Filter { return c.with("less_than", v) }

// GreaterThanOrEqualTo holds when a number or unique id is at least v, or a date is on or
// after v.
func (c Condition) GreaterThanOrEqualTo(v any) Filter {
	return c.with("greater_than_or_equal_to", v)
}

// LessThanOrEqualTo holds when a number or unique id is at most v, or a date is on or before
// v.
func (c Condition) LessThanOrEqualTo(v any) Filter { return c.with("less_than_or_equal_to", v) }

// Before holds when a date is before t.
func (c Condition) Before(t time.Time) Filter { return c.with("before", t) }

// After holds when a date is after t.
func (c Condition) After(t time.Time) Filter { return c.with("after", t) }

// OnOrBefore holds when a date is t or before it.
func (c Condition) OnOrBefore(t time.Time) Filter { return c.with("on_or_before", t) }

// OnOrAfter holds when a date is t or after it.
func (c Condition) OnOrAfter(t time.Time) Filter { return c.with("on_or_after", t) }

// IsEmpty holds when the property has no value.
func (c Condition) IsEmpty() Filter { return c.with("is_empty", true) }

// IsNotEmpty holds when the property has a value.
func (c Condition) IsNotEmpty() Filter { return c.with("is_not_empty", true) }

// PastWeek holds when a date lies within the past week, up to today (Notion counts from the
// day of the query).
func (c Condition) PastWeek() Filter { return c.with("past_week", relativeDate{}) }

// PastMonth holds when a date lies within the past month, up to today.
func (c Condition) PastMonth() Filter { return c.with("past_month", relativeDate{}) }

// PastYear holds when a date lies within the past year, up to today.
func (c Condition) PastYear() Filter { return c.with("past_year", relativeDate{}) }

// ThisWeek holds when a date lies within the current week.
func (c Condition) ThisWeek() Filter { return c.with("this_week", relativeDate{}) }

// NextWeek holds when a date lies within the next week, from today.
func (c Condition) NextWeek() Filter { return c.with("next_week", relativeDate{}) }

// NextMonth holds when a date lies within the next month, from today.
func (c Condition) NextMonth() Filter { return c.with("next_month", relativeDate{}) }

// NextYear holds when a date lies within the next year, from today.
func (c Condition) NextYear() Filter { return c.with("next_year", relativeDate{}) }

// relativeDate is the operand of a relative date condition: Notion's empty object.
type relativeDate struct{}
