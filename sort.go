package uno

import (
	"errors"
	"fmt"
)

// Sort orders the pages of a query by a property or a timestamp (see Query). Later sorts of a
// query break the ties of earlier ones; pages with an empty value come last. The property is
// checked against the schema before any request, like a Filter's.
type Sort struct {
	property   string
	timestamp  Timestamp
	descending bool
}

// Ascending orders by the property with that name (or Notion's short id), smallest first.
func Ascending(property string) Sort { return Sort{property: property} }

// Descending orders by the property with that name (or Notion's short id), largest first.
func Descending(property string) Sort { return Sort{property: property, descending: true} }

// AscendingTimestamp orders by a page timestamp, oldest first.
func AscendingTimestamp(ts Timestamp) Sort { return Sort{timestamp: ts} }

// DescendingTimestamp orders by a page timestamp, newest first.
func DescendingTimestamp(ts Timestamp) Sort { return Sort{timestamp: ts, descending: true} }

// direction is Notion's name of the sort's direction.
func (s Sort) direction() string {
	if s.descending {
		return "descending"
	}
	return "ascending"
}

// compileSorts checks sorts against props and returns Notion's sort objects; every problem
// is reported, each wrapping ErrInvalidQuery.
func compileSorts(sorts []Sort, props []DBProperty) ([]any, error) {
	c := filterChecker{props: props}
	out := make([]any, 0, len(sorts))
	var errs []error
	for _, s := range sorts {
		switch {
		case s.timestamp != "":
			if s.timestamp != CreatedTimestamp && s.timestamp != LastEditedTimestamp {
				errs = append(errs, fmt.Errorf("%w: sort by timestamp %q: a page's timestamps are created_time and last_edited_time", ErrInvalidQuery, string(s.timestamp)))
				continue
			}
			out = append(out, map[string]any{"timestamp": string(s.timestamp), "direction": s.direction()})
		case s.property == "":
			errs = append(errs, fmt.Errorf("%w: a sort names no property; use Ascending, Descending or their Timestamp forms", ErrInvalidQuery))
		default:
			p, ok := c.find(s.property)
			if !ok {
				errs = append(errs, fmt.Errorf("%w: sort by property %q: the data source has no such property", ErrInvalidQuery, s.property))
				continue
			}
			out = append(out, map[string]any{"property": p.Name, "direction": s.direction()})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}
