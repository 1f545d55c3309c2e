package uno

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/jsonscan"
)

// Page is a Notion page. Its methods read the JSON Notion sent; Raw returns all of it.
type Page struct {
	object
	title   string
	url     string
	deleted bool
	parent  ParentRef

	propsOnce sync.Once
	propList  []PropertyValue // what Properties returns, decoded once
}

// Parent is where a page or database can be created: a *Page, a *Database or a *DataSource.
type Parent interface {
	// ID is the parent's id.
	ID() uuid.UUID
	// parentJSON is the parent object of a create request.
	parentJSON() map[string]string
}

// Title returns the page's title as plain text.
func (p *Page) Title() string { return p.title }

// URL returns the page's notion.so URL.
func (p *Page) URL() string { return p.url }

// IsDeleted reports whether the page is in the trash.
func (p *Page) IsDeleted() bool { return p.deleted }

// Parent says where the page lives.
func (p *Page) Parent() ParentRef { return p.parent }

// String returns the title.
func (p *Page) String() string { return p.title }

// parentJSON makes p the parent of a create request.
func (p *Page) parentJSON() map[string]string {
	return map[string]string{"type": "page_id", "page_id": p.id.String()}
}

// newPage decodes a page answer.
func newPage(raw []byte, s *Session) (*Page, error) { return decodeAnswer(raw, s, readPage) }

// readPage reads the page that comes next in r.
func readPage(r *jsonscan.Reader, s *Session) (*Page, error) {
	p := &Page{}
	var h header
	o, err := decodeObject(r, "page", p, &h)
	if err != nil {
		return nil, err
	}
	o.session = s
	p.object, p.deleted, p.parent = o, h.deleted(), h.parent.ref()
	return p, nil
}

// readField reads the members of a page answer that Page keeps: its URL, and the title
// among its properties (the other property values are read only when asked for).
func (p *Page) readField(r *jsonscan.Reader, key []byte) bool {
	switch string(key) {
	case "url":
		p.url = r.ReadString()
	case "properties":
		p.title = readTitleProperty(r)
	default:
		return false
	}
	return true
}

// readTitleProperty reads a page's properties and returns the plain text of its title.
func readTitleProperty(r *jsonscan.Reader) string {
	title, found := "", false
	if !r.Object() {
		return ""
	}
	for _, ok := r.Key(); ok; _, ok = r.Key() {
		if found || !r.Object() {
			r.Skip()
			continue
		}
		isTitle, text := false, ""
		for key, ok := r.Key(); ok; key, ok = r.Key() {
			switch string(key) {
			case "type":
				if r.Peek() != '"' {
					r.Skip()
					break
				}
				b, _ := r.Text()
				isTitle = string(b) == "title"
			case "title":
				text = readPlainText(r)
			default:
				r.Skip()
			}
		}
		if isTitle {
			title, found = text, true
		}
	}
	return title
}

// decodePage decodes a page answer and caches it as the freshest copy.
func (s *Session) decodePage(raw []byte) (*Page, error) { return s.cachePage(raw, true) }

// cachePage decodes a page answer and caches it; a copy that is not fresh (a search or query
// result) does not replace one edited later.
func (s *Session) cachePage(raw []byte, fresh bool) (*Page, error) {
	p, err := newPage(raw, s)
	if err != nil {
		return nil, err
	}
	return put(s.cache, p, fresh), nil
}

// keepPage caches a page of a list (a search or query result), which does not replace a copy
// edited later.
func (s *Session) keepPage(p *Page) *Page { return put(s.cache, p, false) }

// GetPage returns the page that ref names (a UUID or a Notion URL), from the cache when it
// holds it unless NoCache is given.
func (s *Session) GetPage(ctx context.Context, ref string, opts ...GetOption) (*Page, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if useCache(opts) {
		if v, ok := lookupRef[*Page](s.cache, ref); ok {
			return v, nil
		}
	}
	r, err := parseRef(ref)
	if err != nil {
		return nil, err
	}
	return getObject(ctx, s, "/v1/pages/", r.object, opts, newPage, keepFresh[*Page])
}

// CreatePage creates a page titled title under parent, a page or a database, with what opts
// add (WithIcon, WithCover).
func (s *Session) CreatePage(ctx context.Context, parent Parent, title string, opts ...PageOption) (*Page, error) {
	if parent == nil {
		return nil, fmt.Errorf("uno: CreatePage: nil parent")
	}
	spec, err := newPageSpec(opts)
	if err != nil {
		return nil, err
	}
	if db, ok := parent.(*Database); ok && db.latest().container {
		ds, err := db.single(ctx)
		if err != nil {
			return nil, err
		}
		parent = ds
	}
	titleProp := "title"
	switch p := parent.(type) {
	case *Database:
		name, ok := titlePropertyName(p.properties())
		if !ok {
			return nil, fmt.Errorf("%w: database %s has no title property", ErrInvalidResponse, p.ID())
		}
		titleProp = name
	case *DataSource:
		name, ok := titlePropertyName(p.properties())
		if !ok {
			return nil, fmt.Errorf("%w: data source %s has no title property", ErrInvalidResponse, p.ID())
		}
		titleProp = name
	}
	body := map[string]any{
		"parent":     parent.parentJSON(),
		"properties": map[string]any{titleProp: map[string]any{"title": textRichText(title)}},
	}
	spec.addTo(body)
	if len(spec.content) > 0 {
		return s.createWithContent(ctx, body, spec.content)
	}
	data, err := s.do(ctx, http.MethodPost, "/v1/pages", body)
	if err != nil {
		return nil, err
	}
	return written(http.MethodPost, "/v1/pages", data, s.decodePage)
}

// textRichText is the rich text array of a plain string, split into items of at most 2000
// UTF-16 code units each, the length Notion limits an item's content to.
func textRichText(text string) []any {
	items := []any{}
	for _, part := range splitUnits(text, maxRichTextContent) {
		items = append(items, map[string]any{"type": "text", "text": map[string]any{"content": part}})
	}
	return items
}

// Delete moves the page to the trash and returns the updated page.
func (p *Page) Delete(ctx context.Context) (*Page, error) { return p.setTrashed(ctx, true) }

// Restore takes the page out of the trash and returns the updated page.
func (p *Page) Restore(ctx context.Context) (*Page, error) { return p.setTrashed(ctx, false) }

// setTrashed moves the page into or out of the trash.
func (p *Page) setTrashed(ctx context.Context, trashed bool) (*Page, error) {
	data, err := p.session.do(ctx, http.MethodPatch, "/v1/pages/"+p.id.String(), map[string]any{p.session.trashField(): trashed})
	if err != nil {
		return nil, err
	}
	p.session.cache.forget(p.id, false) // the page's child_page block changed too
	return written(http.MethodPatch, "/v1/pages/"+p.id.String(), data, p.session.decodePage)
}

// Reload fetches the page again and returns the fresh copy.
func (p *Page) Reload(ctx context.Context) (*Page, error) {
	return p.session.GetPage(ctx, p.id.String(), NoCache())
}
