package uno

import (
	"context"
	"net/http"

	"github.com/google/uuid"
)

// WithContent gives the new page its content. The first blocks go with the page's create
// request; what Notion's limits keep out of it is appended in as few requests as they
// allow. When writing the content fails after the page was created, CreatePage returns the
// page and a *WriteError.
func WithContent(blocks ...*Block) PageOption {
	return func(spec *pageSpec) error {
		spec.content = append(spec.content, blocks...)
		return nil
	}
}

// createWithContent creates a page from body with blocks as its content.
func (s *Session) createWithContent(ctx context.Context, body map[string]any, blocks []*Block) (*Page, error) {
	roots, err := prepare(blocks)
	if err != nil {
		return nil, err
	}
	var page *Page
	w := &writer{s: s, roots: roots}
	w.create = func(ctx context.Context, children []any) (uuid.UUID, error) {
		body["children"] = children
		data, err := s.do(ctx, http.MethodPost, "/v1/pages", body)
		if err != nil {
			return uuid.Nil, err
		}
		if page, err = written(http.MethodPost, "/v1/pages", data, s.decodePage); err != nil {
			return uuid.Nil, err
		}
		return page.id, nil
	}
	_, err = w.write(ctx, uuid.Nil, uuid.Nil)
	if err != nil && page == nil {
		return nil, err
	}
	return page, err
}
