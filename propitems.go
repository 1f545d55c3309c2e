package uno

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// propertyItemList is one page of GET /v1/pages/{id}/properties/{property}: either a list of
// property items (title, rich_text, relation, people) or a single property item.
type propertyItemList struct {
	listPage
	Object string `json:"object"`
	Type   string `json:"type"`
}

// LoadProperty fetches the complete value of one property from Notion. A page object lists at
// most 25 related pages or people per property and may shorten long texts; LoadProperty
// follows Notion's property endpoint through every page of the value. The result has the
// same shape as Property's, with nothing left out.
func (p *Page) LoadProperty(ctx context.Context, name string) (PropertyValue, error) {
	v, ok := p.Property(name)
	if !ok {
		return PropertyValue{}, fmt.Errorf("%w: page %s has no property %q", ErrInvalidValue, p.id, name)
	}
	path := "/v1/pages/" + p.id.String() + "/properties/" + escapePropertyID(v.ID)
	var items []json.RawMessage
	cursor, seen := "", map[string]bool{}
	for {
		data, err := p.session.fetchListPage(ctx, http.MethodGet, path, nil, cursor)
		if err != nil {
			return PropertyValue{}, err
		}
		var page propertyItemList
		if err := json.Unmarshal(data, &page); err != nil {
			return PropertyValue{}, fmt.Errorf("%w: property %q of page %s: %v", ErrInvalidResponse, name, p.id, err)
		}
		if page.Object == "property_item" {
			// A single item is the value itself, with "object" beside "id" and "type".
			return PropertyValue{Name: name, ID: v.ID, Type: page.Type, Raw: data}, nil
		}
		items = append(items, page.Results...)
		if cursor, err = nextCursor(page.HasMore, page.NextCursor, seen); err != nil {
			return PropertyValue{}, err
		}
		if cursor == "" {
			break
		}
	}
	raw, err := joinPropertyItems(v, items)
	if err != nil {
		return PropertyValue{}, fmt.Errorf("%w: property %q of page %s: %v", ErrInvalidResponse, name, p.id, err)
	}
	return PropertyValue{Name: name, ID: v.ID, Type: v.Type, Raw: raw}, nil
}

// joinPropertyItems rebuilds a page property value ({"id":..,"type":t,t:[...]}) from the
// items of a property item list, each of which holds one element under its type's key.
func joinPropertyItems(v PropertyValue, items []json.RawMessage) (json.RawMessage, error) {
	elems := make([]json.RawMessage, 0, len(items))
	for _, it := range items {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(it, &fields); err != nil {
			return nil, err
		}
		if elem, ok := fields[v.Type]; ok {
			elems = append(elems, elem)
		}
	}
	value := map[string]any{"id": v.ID, "type": v.Type, v.Type: elems}
	if v.Type == "relation" {
		value["has_more"] = false
	}
	return json.Marshal(value)
}

// escapePropertyID makes a property id safe in a URL path. Notion's ids come URL-escaped
// already ("a%3Cb1"); an unescaped one is escaped.
func escapePropertyID(id string) string {
	if unescaped, err := url.PathUnescape(id); err == nil && url.PathEscape(unescaped) == id {
		return id
	}
	return url.PathEscape(id)
}
