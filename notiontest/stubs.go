package notiontest

// This file holds the signatures shared by the server (handlers) and the property logic
// (schema configurations, page values, filters, sorts). Each function moves to its own file
// when it is implemented.

// valueEnv answers the lookups that page property values need.
type valueEnv interface {
	// user returns the stored user with that dashed id.
	user(id string) (jsonObject, bool)
	// page returns the stored page with that dashed id (relation targets, rollups).
	page(id string) (jsonObject, bool)
	// newID returns a fresh short property id or option id (like Notion's "a%3Cb1").
	newID() string
	// nextNumber returns the next unique_id number of a database (1, 2, 3, ...).
	nextNumber(databaseID string) int
}

// schemaProperty builds the stored configuration of one database property from a database
// create or update request, exactly as Notion answers it:
// {"id":..,"name":..,"type":..,"<type>":{...}}. prev is the existing property on an update
// (nil for a new property); the result keeps prev's id. It does not touch other databases: for a
// dual_property relation the server creates the back property on the target and fills
// synced_property_id / synced_property_name afterwards.
func schemaProperty(name string, req jsonObject, prev jsonObject, env valueEnv) (jsonObject, *apiError) {
	return nil, &apiError{status: 501, code: "not_implemented", message: "schemaProperty"}
}

// pageValue converts one property value of a page create or update request into its stored
// form, exactly as Notion answers it, after checking it against the database's schema property
// (schemaProp is {"id":..,"name":..,"type":..,...}; for a page under a page it is the title
// property {"id":"title","name":"title","type":"title","title":{}}).
func pageValue(schemaProp jsonObject, input any, env valueEnv) (jsonObject, *apiError) {
	return nil, &apiError{status: 501, code: "not_implemented", message: "pageValue"}
}

// computeValues (re)computes the read-only property values of a page in database db:
// formula, rollup, created_time, created_by, last_edited_time, last_edited_by, unique_id.
// It writes them into page["properties"].
func computeValues(db jsonObject, page jsonObject, env valueEnv) {}

// compileFilter checks a database query filter against the database's schema
// (db["properties"]) and returns a predicate over stored pages.
func compileFilter(filter any, db jsonObject) (func(page jsonObject) bool, *apiError) {
	return func(jsonObject) bool { return true }, nil
}

// compileSorts checks the sorts of a database query against the schema and returns a
// comparison for slices.SortStableFunc over stored pages.
func compileSorts(sorts any, db jsonObject) (func(a, b jsonObject) int, *apiError) {
	return func(a, b jsonObject) int { return 0 }, nil
}
