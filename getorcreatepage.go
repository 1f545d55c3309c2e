package uno

import (
	"context"
	"fmt"
	"slices"
)

// GetOrCreatePage returns the page titled title directly under parent (a page, a database or
// a data source) that is not in the trash, or creates it when there is none. Concurrent calls
// for the same parent and title create one page.
//
// Notion's search lags behind creation; after creating, GetOrCreatePage waits (polling with
// growing pauses, at most about a minute, bounded by ctx) until search finds the page, so that
// the next GetOrCreatePage finds it instead of creating another.
func (s *Session) GetOrCreatePage(ctx context.Context, parent Parent, title string) (*Page, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if parent == nil {
		return nil, fmt.Errorf("uno: GetOrCreatePage: nil parent")
	}
	if title == "" {
		return nil, fmt.Errorf("%w: GetOrCreatePage needs a title to search for", ErrInvalidValue)
	}
	key := "page\x00" + parent.ID().String() + "\x00" + title
	return runOnce(ctx, &s.flights, key, func() (*Page, error) {
		found, err := s.findPage(ctx, parent, title)
		if err != nil || found != nil {
			return found, err
		}
		page, err := s.CreatePage(ctx, parent, title)
		if err != nil {
			return nil, err
		}
		return page, s.awaitPageSearchable(ctx, title, page)
	})
}

// findPage returns the page titled title directly under parent, or nil.
func (s *Session) findPage(ctx context.Context, parent Parent, title string) (*Page, error) {
	found, err := s.SearchPage(ctx, title)
	if err != nil {
		return nil, err
	}
	match := slices.DeleteFunc(found, func(p *Page) bool { return !isChildOf(p.Parent(), parent) })
	return onlyMatch(match, "pages", title, parent.ID().String())
}

// isChildOf reports whether an object whose parent is ref lives directly under parent.
func isChildOf(ref ParentRef, parent Parent) bool {
	switch p := parent.(type) {
	case *Database:
		return ref.Type == "database_id" && ref.ID == p.ID() || ref.Type == "data_source_id" && ref.Database == p.ID()
	case *DataSource:
		return ref.Type == "data_source_id" && ref.ID == p.ID()
	}
	return ref.Type == "page_id" && ref.ID == parent.ID()
}

// awaitPageSearchable polls search until it lists page, like awaitSearchable for databases.
func (s *Session) awaitPageSearchable(ctx context.Context, title string, page *Page) error {
	return s.pollSearch(ctx, "page", page.ID(), func() (bool, error) {
		found, err := s.SearchPage(ctx, title)
		return slices.ContainsFunc(found, func(p *Page) bool { return p.ID() == page.ID() }), err
	})
}
