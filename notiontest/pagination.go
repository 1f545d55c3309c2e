package notiontest

import (
	"net/url"
	"strconv"
)

// Page sizes of Notion's paginated endpoints.
const (
	defaultPageSize = 100
	maxPageSize     = 100
)

// paging is the start_cursor and page_size of a paginated request.
type paging struct {
	cursor string
	size   int
}

// queryPaging reads start_cursor and page_size from the query string of a GET request.
func queryPaging(q url.Values) (paging, *apiError) {
	p := paging{cursor: q.Get("start_cursor"), size: defaultPageSize}
	if raw, ok := q["page_size"]; ok && len(raw) > 0 {
		n, err := strconv.Atoi(raw[0])
		if err != nil {
			return p, validationError("query failed validation: query.page_size should be a number, instead was `%s`.", jsonText(raw[0]))
		}
		if err := checkPageSize("query", n); err != nil {
			return p, err
		}
		p.size = n
	}
	return p, nil
}

// bodyPaging reads start_cursor and page_size from the body of a POST request.
func bodyPaging(body jsonObject) (paging, *apiError) {
	p := paging{size: defaultPageSize}
	if raw, ok := body["start_cursor"]; ok && raw != nil {
		s, ok := raw.(string)
		if !ok {
			return p, bodyValidation("body.start_cursor should be a string, instead was `%s`.", jsonText(raw))
		}
		p.cursor = s
	}
	if raw, ok := body["page_size"]; ok && raw != nil {
		f, ok := raw.(float64)
		if !ok || f != float64(int(f)) {
			return p, bodyValidation("body.page_size should be an integer, instead was `%s`.", jsonText(raw))
		}
		if err := checkPageSize("body", int(f)); err != nil {
			return p, err
		}
		p.size = int(f)
	}
	return p, nil
}

// checkPageSize checks a page_size against Notion's bounds; where is "query" or "body".
func checkPageSize(where string, n int) *apiError {
	switch {
	case n < 1:
		return validationError("%s failed validation: %s.page_size should be ≥ `1`, instead was `%d`.", where, where, n)
	case n > maxPageSize:
		return validationError("%s failed validation: %s.page_size should be ≤ `%d`, instead was `%d`.", where, where, maxPageSize, n)
	}
	return nil
}

// paginate returns the page of items that p asks for and the cursor of the next page ("" when
// there is none). A cursor is the id of the first item of its page, as Notion's are (idOf
// may return any string unique in items); a cursor that names no item is a validation_error.
func paginate[T any](items []T, p paging, idOf func(T) string) ([]T, string, *apiError) {
	start := 0
	if p.cursor != "" {
		start = -1
		cursor, ok := normalizeID(p.cursor)
		for i, it := range items {
			if id := idOf(it); id == p.cursor || ok && id == cursor {
				start = i
				break
			}
		}
		if start < 0 {
			return nil, "", validationError("start_cursor provided is invalid: %s", p.cursor)
		}
	}
	end := min(start+p.size, len(items))
	next := ""
	if end < len(items) {
		next = idOf(items[end])
	}
	return items[start:end], next, nil
}

// listAnswer builds a list answer: {"object":"list","results":...,"next_cursor":...,
// "has_more":...,"type":kind,kind:{}}.
func listAnswer(kind string, results []any, next string) jsonObject {
	var cursor any
	if next != "" {
		cursor = next
	}
	if results == nil {
		results = []any{}
	}
	return jsonObject{
		"object":      "list",
		"results":     results,
		"next_cursor": cursor,
		"has_more":    next != "",
		"type":        kind,
		kind:          jsonObject{},
	}
}
