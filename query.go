package uno

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Query narrows and orders the pages of a database or data source:
//
//	uno.Query{
//		Filter: uno.And(uno.Where("Status").Equals("Done"), uno.Where("Due").PastWeek()),
//		Sorts:  []uno.Sort{uno.Ascending("Due"), uno.DescendingTimestamp(uno.CreatedTimestamp)},
//	}
//
// Typed filters and sorts are checked against the schema before any request (see Filter).
// Notion's JSON syntax keeps working, sent as it is:
//
//	uno.Query{
//		Filter: map[string]any{"property": "Status", "select": map[string]any{"equals": "Done"}},
//		Sorts:  []map[string]any{{"property": "Due Date", "direction": "ascending"}},
//	}
//
// Notion answers one query with at most 10,000 pages. Query and All go on past that limit:
// they ask again for the pages that match, created on or after the last one they got, in
// created_time order, skipping the pages already returned, until none is left. The pages up
// to the limit come in the order of Sorts; the rest come in created_time order. When more
// pages than the limit were created in the same minute (Notion's timestamps have minutes),
// the query fails with ErrResultLimit.
type Query struct {
	// Filter is a Filter (or *Filter), or a filter object in Notion's JSON syntax (a map, a
	// struct or a json.RawMessage, encoded with encoding/json). nil selects every page.
	Filter any
	// Sorts is a []Sort (or one Sort), or a list of sort objects in Notion's JSON syntax. nil
	// leaves the order to Notion.
	Sorts any
}

// compile checks the typed parts of q against props and returns the filter (as a JSON tree
// of maps and slices, nil for none) and the sorts of the request body.
func (q Query) compile(props []DBProperty) (filter, sorts any, err error) {
	var errs []error
	switch f := q.Filter.(type) {
	case nil:
	case Filter:
		if m, err := compileFilter(f, props); err != nil {
			errs = append(errs, err)
		} else if m != nil {
			filter = m
		}
	case *Filter:
		if f != nil {
			if m, err := compileFilter(*f, props); err != nil {
				errs = append(errs, err)
			} else if m != nil {
				filter = m
			}
		}
	case Condition:
		errs = append(errs, fmt.Errorf("%w: the filter on %q has no condition; finish Where with one, such as Equals", ErrInvalidQuery, f.property))
	default:
		tree, err := jsonTree(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: filter: %v", ErrInvalidQuery, err))
		}
		filter = tree
	}
	switch s := q.Sorts.(type) {
	case nil:
	case []Sort:
		if sorts, err = compileSorts(s, props); err != nil {
			errs = append(errs, err)
		}
	case Sort:
		if sorts, err = compileSorts([]Sort{s}, props); err != nil {
			errs = append(errs, err)
		}
	default:
		sorts = s
	}
	return filter, sorts, errors.Join(errs...)
}

// jsonTree turns a filter in Notion's JSON syntax into maps and slices, so that a
// created_time window can be added to it. JSON null gives nil.
func jsonTree(v any) (any, error) {
	data, ok := v.(json.RawMessage)
	if !ok {
		var err error
		if data, err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	var tree any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	return tree, nil
}
