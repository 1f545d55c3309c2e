package uno

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/uno-go/uno/internal/jsonscan"
)

// listPage is one page of a paginated list answer.
type listPage struct {
	Results    []json.RawMessage `json:"results"`
	HasMore    bool              `json:"has_more"`
	NextCursor *string           `json:"next_cursor"`
}

// maxPageSize is the largest page Notion serves.
const maxPageSize = 100

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

// nextCursor returns where a list continues, "" at its end, and adds it to the cursors seen.
// A server that answers a cursor it answered before (A, B, A) would loop forever: that is an
// error.
func nextCursor(hasMore bool, next *string, seen map[string]bool) (string, error) {
	if !hasMore || next == nil || *next == "" {
		return "", nil
	}
	if seen[*next] {
		return "", fmt.Errorf("%w: the server answered cursor %q a second time", ErrInvalidResponse, *next)
	}
	seen[*next] = true
	return *next, nil
}

// listSeq iterates over the results of a list endpoint, fetching page after page as the loop
// asks for more. Each answer is read once: read decodes each result where it stands, keep
// (nil for none) stores it, typically in the cache, once the whole answer is known to be
// valid. An error is yielded once and ends the sequence.
func listSeq[T any](ctx context.Context, s *Session, method, path string, body map[string]any,
	read func(*jsonscan.Reader, *Session) (T, error), keep func(T) T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		cursor, seen := "", map[string]bool{}
		for {
			data, err := s.fetchListPage(ctx, method, path, body, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			page, err := decodeList(data, s, read)
			if err != nil {
				yield(zero, listError(method, path, err))
				return
			}
			for _, v := range page.results {
				if keep != nil {
					v = keep(v)
				}
				if !yield(v, nil) {
					return
				}
			}
			if cursor, err = nextCursor(page.hasMore, page.nextCursor, seen); cursor == "" || err != nil {
				if err != nil {
					yield(zero, err)
				}
				return
			}
		}
	}
}

// listError is the error of a list answer that decodeList refused.
func listError(method, path string, err error) error {
	if errors.Is(err, ErrInvalidResponse) {
		return err // a result's own error, which names its kind
	}
	return fmt.Errorf("%w: %s %s: %v", ErrInvalidResponse, method, path, err)
}

// decodedList is one page of a list answer, its results decoded.
type decodedList[T any] struct {
	results    []T
	hasMore    bool
	nextCursor *string
	incomplete bool // a query's request_status said Notion's result limit cut it short
}

// decodeList reads a list answer in one pass, each result decoded by read where it stands.
func decodeList[T any](data []byte, s *Session, read func(*jsonscan.Reader, *Session) (T, error)) (decodedList[T], error) {
	var page decodedList[T]
	r := jsonscan.NewReader(data)
	if !r.Object() {
		if err := r.Err(); err != nil {
			return page, err
		}
		return page, errors.New("list answer is null")
	}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch string(key) {
		case "results":
			if !r.Array() {
				continue
			}
			for r.Elem() {
				v, err := read(&r, s)
				if err != nil {
					return page, err
				}
				page.results = append(page.results, v)
			}
		case "has_more":
			page.hasMore = r.Bool()
		case "next_cursor":
			if text, ok := r.Text(); ok {
				next := string(text)
				page.nextCursor = &next
			}
		case "request_status":
			page.incomplete = readIncomplete(&r)
		default:
			r.Skip()
		}
	}
	return page, r.Finish()
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

// readIncomplete reads a query's request_status and reports whether its type is incomplete.
func readIncomplete(r *jsonscan.Reader) bool {
	incomplete := false
	if !r.Object() {
		return false
	}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		if string(key) == "type" && r.Peek() == '"' {
			text, _ := r.Text()
			incomplete = string(text) == "incomplete"
			continue
		}
		r.Skip()
	}
	return incomplete
}
