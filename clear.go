package uno

// Clear, as a value in Values, empties a property of any type a page can be written with:
//
//   - title, rich_text: no text (an empty rich-text list)
//   - number, date, select, status, url, email, phone_number: no value (null)
//   - multi_select, people, relation, files: no items (an empty list)
//   - checkbox: unchecked (false), since a checkbox has no empty state
//
// nil does the same for every type but checkbox, and "" for the text-like and option types;
// Clear says it explicitly. A property left out of Values keeps its value.
var Clear = clearValue{}

// clearValue is the type of Clear.
type clearValue struct{}

// String returns "uno.Clear".
func (clearValue) String() string { return "uno.Clear" }

// cleared is the value that empties a property of type kind: false for a checkbox, nil
// (which each type's encoding turns into its empty value) for the others.
func cleared(kind string) any {
	if kind == "checkbox" {
		return false
	}
	return nil
}
