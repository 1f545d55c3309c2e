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
//
// From version 2025-09-03 on the page goes into the database's only data source; a database
// with several fails with ErrMultipleDataSources.
func (d *Database) CreatePage(ctx context.Context, values Values) (*Page, error) {
	if d.latest().container {
		ds, err := d.single(ctx)
		if err != nil {
			return nil, err
		}
		return ds.CreatePage(ctx, values)
	}
	return d.session.createRow(ctx, d, d.properties(), values)
}

// createRow creates a page with property values under parent, a database or data source
// whose properties are props.
func (s *Session) createRow(ctx context.Context, parent Parent, props []DBProperty, values Values) (*Page, error) {
	encoded, err := encodeValues(props, values)
	if err != nil {
		return nil, err
	}
	body := map[string]any{"parent": parent.parentJSON(), "properties": encoded}
	data, err := s.do(ctx, http.MethodPost, "/v1/pages", body)
	if err != nil {
		return nil, err
	}
	return written(http.MethodPost, "/v1/pages", data, s.decodePage)
}

// Query returns the database's pages that q selects, in q's order, fetching them page by
// page as the loop asks for more; past Notion's limit of results per query it goes on (see
// Query). A typed filter or sort that does not fit the database's properties is an error
// matching ErrInvalidQuery, before any request. An error is yielded once and ends the
// sequence. From version 2025-09-03 on it queries the database's only data source; a
// database with several yields ErrMultipleDataSources.
func (d *Database) Query(ctx context.Context, q Query) iter.Seq2[*Page, error] {
	path := "/v1/databases/" + d.id.String() + "/query"
	if cur := d.latest(); cur.container {
		if len(cur.sources) != 1 {
			return func(yield func(*Page, error) bool) { yield(nil, multipleSourcesError(d.id, cur.sources)) }
		}
		path = "/v1/data_sources/" + cur.sources[0].ID.String() + "/query"
	}
	return d.session.queryPages(ctx, path, d.properties(), q)
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
	switch p.parent.Type {
	case "database_id":
		if db, ok := lookup[*Database](p.session.cache, p.parent.ID); ok {
			return db.properties()
		}
	case "data_source_id":
		if ds, ok := lookup[*DataSource](p.session.cache, p.parent.ID); ok {
			return ds.properties()
		}
	}
	values := p.properties()
	props := make([]DBProperty, len(values))
	for i, v := range values {
		props[i] = DBProperty{ID: v.ID, Name: v.Name, Type: v.Type}
	}
	return props
}
