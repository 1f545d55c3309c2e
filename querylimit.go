package uno

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/jsonscan"
)

// queryPages runs q against the query endpoint at path (of a database or a data source whose
// properties are props) and yields every page it selects, past Notion's result limit: when an
// answer says it is incomplete, the query goes on in created_time windows (see Query).
func (s *Session) queryPages(ctx context.Context, path string, props []DBProperty, q Query) iter.Seq2[*Page, error] {
	return func(yield func(*Page, error) bool) {
		filter, sorts, err := q.compile(props)
		if err != nil {
			yield(nil, err)
			return
		}
		body := map[string]any{}
		if filter != nil {
			body["filter"] = filter
		}
		if sorts != nil {
			body["sorts"] = sorts
		}
		seen := map[uuid.UUID]bool{}
		stopped := false
		emit := func(p *Page) bool {
			if seen[p.id] {
				return true
			}
			seen[p.id] = true
			if !yield(p, nil) {
				stopped = true
				return false
			}
			return true
		}
		incomplete, err := s.queryRun(ctx, path, body, emit)
		var from time.Time // where the next created_time window starts
		for err == nil && incomplete && !stopped {
			window := map[string]any{
				"filter": createdSince(filter, from),
				"sorts":  []any{map[string]any{"timestamp": "created_time", "direction": "ascending"}},
			}
			last := from
			incomplete, err = s.queryRun(ctx, path, window, func(p *Page) bool {
				if t, ok := createdTime(p.raw); ok && t.After(last) {
					last = t
				}
				return emit(p)
			})
			if err == nil && incomplete && !last.After(from) {
				err = fmt.Errorf("%w: %s: more pages created in the minute of %s match than Notion answers for one query",
					ErrResultLimit, path, from.Format(time.RFC3339))
			}
			from = last
		}
		if err != nil && !stopped {
			yield(nil, err)
		}
	}
}

// queryRun pages through the answers to one query body, each read in one pass (see
// decodeList), handing each page, cached, to emit until it returns false, and reports whether
// Notion's last answer said the results are incomplete (the result limit).
func (s *Session) queryRun(ctx context.Context, path string, body map[string]any, emit func(*Page) bool) (bool, error) {
	cursor, seen := "", map[string]bool{}
	for {
		data, err := s.fetchListPage(ctx, http.MethodPost, path, body, cursor)
		if err != nil {
			return false, err
		}
		page, err := decodeList(data, s, readPage)
		if err != nil {
			return false, listError(http.MethodPost, path, err)
		}
		for _, p := range page.results {
			if !emit(s.keepPage(p)) {
				return false, nil
			}
		}
		next, err := nextCursor(page.hasMore, page.nextCursor, seen)
		if err != nil {
			return false, err
		}
		if next == "" {
			return page.incomplete, nil
		}
		cursor = next
	}
}

// createdTime reads the created_time of a page answer.
func createdTime(raw json.RawMessage) (time.Time, bool) {
	r := jsonscan.NewReader(raw)
	if !r.Object() {
		return time.Time{}, false
	}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		if string(key) == "created_time" {
			text, _ := r.Text()
			return parseTimestamp(text)
		}
		r.Skip()
	}
	return time.Time{}, false
}

// createdSince adds "created on or after from" to a filter (a JSON tree) without nesting it
// deeper than Notion allows: the window joins an "and" at the top, or each branch of an "or".
// A zero from leaves the filter as it is.
func createdSince(filter any, from time.Time) any {
	if from.IsZero() {
		return filter
	}
	w := map[string]any{
		"timestamp":    "created_time",
		"created_time": map[string]any{"on_or_after": from.UTC().Format(time.RFC3339Nano)},
	}
	if filter == nil {
		return w
	}
	if items, ok := compoundItems(filter, "and"); ok {
		return map[string]any{"and": append(append(make([]any, 0, len(items)+1), items...), w)}
	}
	items, ok := compoundItems(filter, "or")
	if !ok || len(items) == 0 {
		return map[string]any{"and": []any{filter, w}}
	}
	branches := make([]any, 0, len(items))
	for _, item := range items {
		if sub, ok := compoundItems(item, "and"); ok {
			branches = append(branches, map[string]any{"and": append(append(make([]any, 0, len(sub)+1), sub...), w)})
			continue
		}
		if sub, ok := compoundItems(item, "or"); ok {
			if len(sub) == 0 { // an empty "or" selects every page
				branches = append(branches, w)
			}
			for _, leaf := range sub {
				branches = append(branches, map[string]any{"and": []any{leaf, w}})
			}
			continue
		}
		branches = append(branches, map[string]any{"and": []any{item, w}})
	}
	return map[string]any{"or": branches}
}

// compoundItems returns the filters of {"and": [...]} (op "and") or {"or": [...]}.
func compoundItems(filter any, op string) ([]any, bool) {
	m, ok := filter.(map[string]any)
	if !ok || len(m) != 1 {
		return nil, false
	}
	items, ok := m[op].([]any)
	return items, ok
}
