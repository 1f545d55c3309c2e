package uno

import (
	"context"
	"iter"
	"net/http"
)

// CreatePage creates a page in the database with the given property values, checked against
// the database's properties before the request (see Values):
//
//	page, err := db.CreatePage(ctx, uno.Values{
//		"Task":     "Buy milk",
//		"Status":   "Done",
//		"Due Date": uno.Day(2024, time.March, 30),
//	})
func (d *Database) CreatePage(ctx context.Context, values Values) (*Page, error) {
	props, err := encodeValues(d.properties(), values)
	if err != nil {
		return nil, err
	}
	body := map[string]any{"parent": d.parentJSON(), "properties": props}
	data, err := d.session.do(ctx, http.MethodPost, "/v1/pages", body)
	if err != nil {
		return nil, err
	}
	return written(http.MethodPost, "/v1/pages", data, d.session.decodePage)
}

// Query returns the database's pages that q selects, in q's order, fetching them page by
// page as the loop asks for more; past Notion's limit of results per query it goes on (see
// Query). A typed filter or sort that does not fit the database's properties is an error
// matching ErrInvalidQuery, before any request. An error is yielded once and ends the
// sequence.
func (d *Database) Query(ctx context.Context, q Query) iter.Seq2[*Page, error] {
	return d.session.queryPages(ctx, "/v1/databases/"+d.id.String()+"/query", d.properties(), q)
}

// All returns every page of the database, fetching them page by page as the loop asks for
// more, past Notion's limit of results per query. An error is yielded once and ends the
// sequence.
func (d *Database) All(ctx context.Context) iter.Seq2[*Page, error] {
	return d.Query(ctx, Query{})
}

// Pages returns every page of the database.
func (d *Database) Pages(ctx context.Context) ([]*Page, error) {
	return collect(d.All(ctx))
}

// Update writes property values to the page (see Values) and returns the updated page.
// Values are checked against the page's properties (and, when the page's database is
// cached, its options) before the request.
func (p *Page) Update(ctx context.Context, values Values) (*Page, error) {
	props, err := encodeValues(p.propertyTypes(), values)
	if err != nil {
		return nil, err
	}
	data, err := p.session.do(ctx, http.MethodPatch, "/v1/pages/"+p.id.String(), map[string]any{"properties": props})
	if err != nil {
		return nil, err
	}
	return written(http.MethodPatch, "/v1/pages/"+p.id.String(), data, p.session.decodePage)
}

// propertyTypes describes the page's properties: from its database when that is cached,
// else from the types the page's own JSON names.
func (p *Page) propertyTypes() []DBProperty {
	if p.parent.Type == "database_id" {
		if db, ok := lookup[*Database](p.session.cache, p.parent.ID); ok {
			return db.properties()
		}
	}
	values := p.properties()
	props := make([]DBProperty, len(values))
	for i, v := range values {
		props[i] = DBProperty{ID: v.ID, Name: v.Name, Type: v.Type}
	}
	return props
}
