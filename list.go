package uno

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// listPage is one page of a paginated list answer.
type listPage struct {
	Results    []json.RawMessage `json:"results"`
	HasMore    bool              `json:"has_more"`
	NextCursor *string           `json:"next_cursor"`
}

// maxPageSize is the largest page Notion serves.
const maxPageSize = 100

// paginate walks every page of a list endpoint and hands each result to yield until yield
// returns false. For POST endpoints (search, query) body carries the request and the cursor;
// for GET endpoints the cursor goes into the query string.
func (s *Session) paginate(ctx context.Context, method, path string, body map[string]any, yield func(json.RawMessage) bool) error {
	cursor := ""
	for {
		data, err := s.fetchListPage(ctx, method, path, body, cursor)
		if err != nil {
			return err
		}
		var page listPage
		if err := json.Unmarshal(data, &page); err != nil {
			return fmt.Errorf("%w: %s %s: %v", ErrInvalidResponse, method, path, err)
		}
		for _, r := range page.Results {
			if !yield(r) {
				return nil
			}
		}
		if cursor, err = nextCursor(page.HasMore, page.NextCursor, cursor); cursor == "" || err != nil {
			return err
		}
	}
}

// fetchListPage requests the page of a list endpoint that starts at cursor ("" for the first),
// as large as Notion serves: for GET the cursor goes into the query string, for POST into the
// body, next to what body holds.
func (s *Session) fetchListPage(ctx context.Context, method, path string, body map[string]any, cursor string) ([]byte, error) {
	if method == http.MethodGet {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		q := sep + "page_size=" + strconv.Itoa(maxPageSize)
		if cursor != "" {
			q += "&start_cursor=" + url.QueryEscape(cursor)
		}
		return s.do(ctx, method, path+q, nil)
	}
	req := make(map[string]any, len(body)+2)
	for k, v := range body {
		req[k] = v
	}
	req["page_size"] = maxPageSize
	if cursor != "" {
		req["start_cursor"] = cursor
	}
	return s.do(ctx, method, path, req)
}

// nextCursor returns where a list continues after the page that started at cursor, "" at its
// end. A server that answers the same cursor again would loop forever: that is an error.
func nextCursor(hasMore bool, next *string, cursor string) (string, error) {
	if !hasMore || next == nil || *next == "" {
		return "", nil
	}
	if *next == cursor {
		return "", fmt.Errorf("%w: the server repeated cursor %q", ErrInvalidResponse, cursor)
	}
	return *next, nil
}

// listSeq iterates over the results of a list endpoint, each decoded by decode, fetching page
// after page as the loop asks for more. An error is yielded once and ends the sequence.
func listSeq[T any](ctx context.Context, s *Session, method, path string, body map[string]any,
	decode func(json.RawMessage) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		stopped := false
		err := s.paginate(ctx, method, path, body, func(raw json.RawMessage) bool {
			v, err := decode(raw)
			if err != nil {
				yield(zero, err)
				stopped = true
				return false
			}
			if !yield(v, nil) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			yield(zero, err)
		}
	}
}

// collect gathers a sequence into a slice, stopping at the first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var all []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		all = append(all, v)
	}
	return all, nil
}
