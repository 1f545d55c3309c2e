package uno

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/jsonscan"
)

// DataSource is a data source of a Notion database (API version 2025-09-03 and later): a set of
// pages with one schema. A database holds one or more of them. Its methods read the JSON
// Notion sent; Raw returns all of it. A *DataSource is a Parent: pages created under it are
// its rows.
type DataSource struct {
	object
	dbText
	deleted        bool
	databaseID     uuid.UUID
	databaseParent ParentRef

	propsOnce sync.Once
	propList  []DBProperty // what Properties returns, decoded once
}

// Title returns the data source's title as plain text.
func (d *DataSource) Title() string { return d.title }

// Description returns the data source's description as plain text.
func (d *DataSource) Description() string { return d.description }

// URL returns the notion.so URL of the data source's database.
func (d *DataSource) URL() string { return d.url }

// IsDeleted reports whether the data source is in the trash.
func (d *DataSource) IsDeleted() bool { return d.deleted }

// DatabaseID returns the id of the database that holds the data source.
func (d *DataSource) DatabaseID() uuid.UUID { return d.databaseID }

// DatabaseParent says where the data source's database lives.
func (d *DataSource) DatabaseParent() ParentRef { return d.databaseParent }

// String returns the title.
func (d *DataSource) String() string { return d.title }

// parentJSON makes d the parent of a create request.
func (d *DataSource) parentJSON() map[string]string {
	return map[string]string{"type": "data_source_id", "data_source_id": d.id.String()}
}

// Properties returns the data source's properties in the order Notion listed them.
func (d *DataSource) Properties() []DBProperty { return slices.Clone(d.properties()) }

// properties decodes the properties once and shares them; callers must not modify the slice.
func (d *DataSource) properties() []DBProperty {
	d.propsOnce.Do(func() { d.propList, _ = databaseProperties(d.raw) })
	return d.propList
}

// Property returns the data source's property with that name.
func (d *DataSource) Property(name string) (DBProperty, bool) {
	return propertyNamed(d.properties(), name)
}

// Schema returns the schema that the data source's database was created from or bound to,
// when the database holds only this data source; else nil.
func (d *DataSource) Schema() *Schema {
	if d.session == nil {
		return nil
	}
	db, ok := lookup[*Database](d.session.cache, d.databaseID)
	if !ok {
		return nil
	}
	if refs := db.latest().sources; len(refs) != 1 || refs[0].ID != d.id {
		return nil
	}
	return db.Schema()
}

// Query returns the data source's pages that q selects, in q's order, fetching them page by
// page as the loop asks for more; past Notion's limit of results per query it goes on (see
// Query). A typed filter or sort that does not fit the data source's properties is an error
// matching ErrInvalidQuery, before any request. An error is yielded once and ends the
// sequence.
func (d *DataSource) Query(ctx context.Context, q Query) iter.Seq2[*Page, error] {
	return d.session.queryPages(ctx, d.queryPath(), d.properties(), q)
}

// queryPath is the endpoint of the data source's query.
func (d *DataSource) queryPath() string { return "/v1/data_sources/" + d.id.String() + "/query" }

// All returns every page of the data source, fetching them page by page as the loop asks for
// more, past Notion's limit of results per query. An error is yielded once and ends the
// sequence.
func (d *DataSource) All(ctx context.Context) iter.Seq2[*Page, error] { return d.Query(ctx, Query{}) }

// Pages returns every page of the data source.
func (d *DataSource) Pages(ctx context.Context) ([]*Page, error) { return collect(d.All(ctx)) }

// CreatePage creates a page in the data source with the given property values, checked
// against the data source's properties before the request (see Values).
func (d *DataSource) CreatePage(ctx context.Context, values Values) (*Page, error) {
	return d.session.createRow(ctx, d, d.properties(), values)
}

// Database returns the database that holds the data source.
func (d *DataSource) Database(ctx context.Context) (*Database, error) {
	return d.session.GetDB(ctx, d.databaseID.String())
}

// Reload fetches the data source again and returns the fresh copy.
func (d *DataSource) Reload(ctx context.Context) (*DataSource, error) {
	return d.session.GetDS(ctx, d.id.String(), NoCache())
}

// newDataSource decodes a data source answer.
func newDataSource(raw []byte, s *Session) (*DataSource, error) {
	return decodeAnswer(raw, s, readDataSource)
}

// readDataSource reads the data source that comes next in r.
func readDataSource(r *jsonscan.Reader, s *Session) (*DataSource, error) {
	d := &DataSource{}
	var h header
	o, err := decodeObject(r, "data_source", d, &h)
	if err != nil {
		return nil, err
	}
	o.session = s
	d.object, d.deleted = o, h.deleted()
	if parent := h.parent.ref(); parent.Type == "database_id" {
		d.databaseID = parent.ID
	}
	return d, nil
}

// readField reads the members of a data source answer that DataSource keeps.
func (d *DataSource) readField(r *jsonscan.Reader, key []byte) bool {
	if d.dbText.read(r, key) {
		return true
	}
	switch string(key) {
	case "database_parent":
		var p parentJSON
		p.read(r)
		d.databaseParent = p.ref()
	default:
		return false
	}
	return true
}

// keepDataSource caches a data source of a list (a search result), which does not replace a
// copy edited later.
func (s *Session) keepDataSource(d *DataSource) *DataSource { return put(s.cache, d, false) }

// decodeDataSource decodes a data source answer and caches it as the freshest copy.
func (s *Session) decodeDataSource(raw []byte) (*DataSource, error) {
	return s.cacheDataSource(raw, true)
}

// cacheDataSource decodes a data source answer and caches it; a copy that is not fresh (a
// search result) does not replace one edited later.
func (s *Session) cacheDataSource(raw []byte, fresh bool) (*DataSource, error) {
	d, err := newDataSource(raw, s)
	if err != nil {
		return nil, err
	}
	return put(s.cache, d, fresh), nil
}

// GetDS returns the data source that ref names (its UUID; a data source id, not its
// database's), from the cache when it holds it unless NoCache is given. It needs API version
// 2025-09-03 or later.
func (s *Session) GetDS(ctx context.Context, ref string, opts ...GetOption) (*DataSource, error) {
	if err := s.needDataSources("GetDS"); err != nil {
		return nil, err
	}
	if useCache(opts) {
		if v, ok := lookupRef[*DataSource](s.cache, ref); ok {
			return v, nil
		}
	}
	r, err := parseRef(ref)
	if err != nil {
		return nil, err
	}
	return getObject(ctx, s, "/v1/data_sources/", r.object, opts, newDataSource, keepFresh[*DataSource])
}

// SearchDS returns the data sources shared with the integration whose title is name (every
// one when name is empty), most recently edited first; trashed ones are left out unless
// IncludeDeleted is given. Substring and Reverse work as for SearchPage. It needs API version
// 2025-09-03 or later.
func (s *Session) SearchDS(ctx context.Context, name string, opts ...SearchOption) (SList[*DataSource], error) {
	if err := s.needDataSources("SearchDS"); err != nil {
		return nil, err
	}
	return search(ctx, s, "data_source", name, mergeSearchOptions(opts), readDataSource, s.keepDataSource, (*DataSource).Title, (*DataSource).IsDeleted)
}

// CreateDS creates a database under parent whose one data source has the schema (nil: one
// title property, Name), binds the schema to the database, and returns the data source. It
// needs API version 2025-09-03 or later.
func (s *Session) CreateDS(ctx context.Context, parent *Page, schema *Schema) (*DataSource, error) {
	if err := s.needDataSources("CreateDS"); err != nil {
		return nil, err
	}
	db, err := s.CreateDB(ctx, parent, schema)
	if err != nil {
		return nil, err
	}
	return db.single(ctx)
}

// GetOrCreateDS returns the data source of the database titled like schema directly under
// parent, or creates that database, as GetOrCreateDB does, and returns its data source. It
// needs API version 2025-09-03 or later.
func (s *Session) GetOrCreateDS(ctx context.Context, parent *Page, schema *Schema) (*DataSource, error) {
	if err := s.needDataSources("GetOrCreateDS"); err != nil {
		return nil, err
	}
	db, err := s.GetOrCreateDB(ctx, parent, schema)
	if err != nil {
		return nil, err
	}
	return db.single(ctx)
}

// multipleSourcesError names the data sources of a database that has several.
func multipleSourcesError(dbID uuid.UUID, refs []DataSourceRef) error {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = fmt.Sprintf("%q (%s)", r.Name, r.ID)
	}
	return fmt.Errorf("%w: database %s has %d: %s; use one of them (Database.DataSources, Session.GetDS)",
		ErrMultipleDataSources, dbID, len(refs), joinNames(names))
}
