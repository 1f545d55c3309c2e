package uno

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/uno-go/uno/internal/jsonscan"
)

// SList is a list of search results.
type SList[T any] []T

// Item returns the only element of the list: ErrEmptyList when there is none and
// ErrMultipleItems when there are several.
func (l SList[T]) Item() (T, error) {
	var zero T
	switch len(l) {
	case 0:
		return zero, ErrEmptyList
	case 1:
		return l[0], nil
	default:
		return zero, fmt.Errorf("%w: %d items", ErrMultipleItems, len(l))
	}
}

// onlyMatch returns the one object of match, those of a kind (e.g. "pages") titled title
// found under a parent: the zero value when there is none, ErrMultipleItems when there are
// several.
func onlyMatch[T any](match []T, kind, title, under string) (T, error) {
	var zero T
	switch len(match) {
	case 0:
		return zero, nil
	case 1:
		return match[0], nil
	default:
		return zero, fmt.Errorf("%w: %d %s titled %q under %s", ErrMultipleItems, len(match), kind, title, under)
	}
}

// SearchPage returns the pages shared with the integration whose title is title (every page
// when title is empty), most recently edited first, following every page of results. Options:
// Substring matches titles containing title, Reverse lists the least recently edited first,
// IncludeDeleted keeps pages in the trash.
func (s *Session) SearchPage(ctx context.Context, title string, opts ...SearchOption) (SList[*Page], error) {
	return search(ctx, s, "page", title, mergeSearchOptions(opts), readPage, s.keepPage, (*Page).Title, (*Page).IsDeleted)
}

// SearchDB returns the databases shared with the integration whose title is name (every
// database when name is empty), most recently edited first; trashed databases are left out
// unless IncludeDeleted is given. Substring and Reverse work as for SearchPage. From version
// 2025-09-03 on Notion's search lists data sources: SearchDB returns their databases, taken
// from the cache or fetched (one request each).
func (s *Session) SearchDB(ctx context.Context, name string, opts ...SearchOption) (SList[*Database], error) {
	if s.hasDataSources() && !s.IsClosed() {
		return s.searchDBViaSources(ctx, name, mergeSearchOptions(opts))
	}
	return search(ctx, s, "database", name, mergeSearchOptions(opts), readDatabase, s.keepDatabase, (*Database).Title, (*Database).IsDeleted)
}

// search runs POST /v1/search for one object kind and filters the results by title.
func search[T any](ctx context.Context, s *Session, kind, title string, o SearchOption,
	read func(*jsonscan.Reader, *Session) (T, error), keep func(T) T, titleOf func(T) string,
	deleted func(T) bool) (SList[T], error) {
	direction := "descending"
	if o.reverse {
		direction = "ascending"
	}
	body := map[string]any{
		"filter": map[string]any{"property": "object", "value": kind},
		"sort":   map[string]any{"timestamp": "last_edited_time", "direction": direction},
	}
	if title != "" {
		body["query"] = title
	}
	lowerTitle := strings.ToLower(title)
	found := SList[T]{}
	for v, err := range listSeq(ctx, s, http.MethodPost, "/v1/search", body, read, keep) {
		if err != nil {
			return nil, err
		}
		if deleted(v) && !o.deleted {
			continue
		}
		name := titleOf(v)
		switch {
		case title == "":
		case o.substring && strings.Contains(strings.ToLower(name), lowerTitle):
		case name == title:
		default:
			continue
		}
		found = append(found, v)
	}
	return found, nil
}
