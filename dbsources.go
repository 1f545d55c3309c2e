package uno

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/jsonscan"
)

// DataSourceRef names one data source of a database, as the database lists it.
type DataSourceRef struct {
	ID   uuid.UUID // the data source's id
	Name string    // its title as plain text
}

// readSourceRefs reads the data_sources member of a database: [{id, name}]; an entry without
// a valid id is left out.
func readSourceRefs(r *jsonscan.Reader) []DataSourceRef {
	refs := []DataSourceRef{}
	if !r.Array() {
		return refs
	}
	for r.Elem() {
		if r.Peek() != '{' {
			r.Skip()
			continue
		}
		r.Object()
		var ref DataSourceRef
		valid := false
		for key, ok := r.Key(); ok; key, ok = r.Key() {
			switch {
			case string(key) == "id" && r.Peek() == '"':
				text, _ := r.Text()
				ref.ID, valid = parseIDBytes(text)
			case string(key) == "name" && r.Peek() == '"':
				ref.Name = r.ReadString()
			default:
				r.Skip()
			}
		}
		if valid {
			refs = append(refs, ref)
		}
	}
	return refs
}

// latest returns the freshest cached copy of the database, d itself when the cache holds no
// newer one: a data source added through another copy is seen by every copy.
func (d *Database) latest() *Database {
	if d.session == nil {
		return d
	}
	if v, ok := lookup[*Database](d.session.cache, d.id); ok && !v.lastEdited.Before(d.lastEdited) {
		return v
	}
	return d
}

// sourceOf returns the database's only data source when it is loaded (cached); nil when the
// database is of version 2022-06-28, has several data sources or its data source is unknown.
func (d *Database) sourceOf() *DataSource {
	cur := d.latest()
	if !cur.container || len(cur.sources) != 1 {
		return nil
	}
	if cur.session != nil {
		if ds, ok := lookup[*DataSource](cur.session.cache, cur.sources[0].ID); ok {
			return ds
		}
	}
	return cur.ds.Load()
}

// single returns the database's only data source, fetching it when it is not cached; an error
// matching ErrMultipleDataSources when it has several, ErrUnsupportedVersion at 2022-06-28.
func (d *Database) single(ctx context.Context) (*DataSource, error) {
	cur := d.latest()
	if !cur.container {
		return nil, d.session.needDataSources("the data source of a database")
	}
	switch len(cur.sources) {
	case 0:
		return nil, fmt.Errorf("%w: database %s lists no data source", ErrInvalidResponse, d.id)
	case 1:
	default:
		return nil, multipleSourcesError(d.id, cur.sources)
	}
	if ds := cur.sourceOf(); ds != nil {
		return ds, nil
	}
	ds, err := d.session.GetDS(ctx, cur.sources[0].ID.String())
	if err != nil {
		return nil, err
	}
	cur.ds.Store(ds)
	return ds, nil
}

// loadSource fetches the only data source of a database of version 2025-09-03 or later, so
// that its properties are at hand: unless it is cached, or always when fresh. A database of
// version 2022-06-28, or one with several data sources, needs nothing.
func (d *Database) loadSource(ctx context.Context, fresh bool) error {
	if !d.container || len(d.sources) != 1 || (!fresh && d.sourceOf() != nil) {
		return nil
	}
	var opts []GetOption
	if fresh {
		opts = append(opts, NoCache())
	}
	ds, err := d.session.GetDS(ctx, d.sources[0].ID.String(), opts...)
	if err != nil {
		return err
	}
	d.ds.Store(ds)
	return nil
}

// DataSources returns the database's data sources (API version 2025-09-03 and later), each
// from the cache or fetched.
func (d *Database) DataSources(ctx context.Context) ([]*DataSource, error) {
	if err := d.session.needDataSources("Database.DataSources"); err != nil {
		return nil, err
	}
	refs := d.latest().sources
	out := make([]*DataSource, 0, len(refs))
	for _, r := range refs {
		ds, err := d.session.GetDS(ctx, r.ID.String())
		if err != nil {
			return nil, err
		}
		out = append(out, ds)
	}
	return out, nil
}

// AddDataSource adds a data source with the schema's title and properties to the database
// (API version 2025-09-03 and later) and returns it. Relation targets must be bound to
// databases already; self relations and rollups over them are not sent. The database is
// fetched again, so that it lists the new data source; from then on the Database methods
// that need a single data source fail with ErrMultipleDataSources.
func (d *Database) AddDataSource(ctx context.Context, schema *Schema) (*DataSource, error) {
	if err := d.session.needDataSources("Database.AddDataSource"); err != nil {
		return nil, err
	}
	if schema == nil {
		schema = NewSchema("", Prop("Name", Title()))
	}
	snap := schema.snapshot()
	set := newSchemaSet([]*Schema{schema})
	if err := set.validate(); err != nil {
		return nil, err
	}
	props := make(map[string]any, len(snap.props))
	for _, p := range snap.props {
		if p.typ.self || (p.typ.kind == "rollup" && isSelfRelation(snap.props, p.typ.rollRel)) {
			continue
		}
		conf, err := propertyConfig(schema, p, d.session.relationTarget, true)
		if err != nil {
			return nil, err
		}
		props[p.name] = conf
	}
	body := map[string]any{
		"parent":     map[string]any{"type": "database_id", "database_id": d.id.String()},
		"properties": props,
	}
	if snap.title != "" {
		title, err := limitedRichText(snap.title)
		if err != nil {
			return nil, fmt.Errorf("%w: schema %s: title: %w", ErrInvalidSchema, schema.displayName(), err)
		}
		body["title"] = title
	}
	data, err := d.session.do(ctx, http.MethodPost, "/v1/data_sources", body)
	if err != nil {
		return nil, err
	}
	ds, err := written(http.MethodPost, "/v1/data_sources", data, d.session.decodeDataSource)
	if err != nil {
		return nil, err
	}
	if _, err := d.Reload(ctx); err != nil {
		return ds, fmt.Errorf("uno: data source %s was added; reloading database %s: %w", ds.ID(), d.id, err)
	}
	return ds, nil
}

// isSelfRelation reports whether the property named name among props is a self relation.
func isSelfRelation(props []Property, name string) bool {
	for _, p := range props {
		if p.name == name {
			return p.typ.self
		}
	}
	return false
}

// relationTarget returns the id a relation to the database of schema t names: the database
// at 2022-06-28, its only data source later.
func (s *Session) relationTarget(t *Schema) (uuid.UUID, bool) {
	db := t.DB()
	if db == nil {
		return uuid.UUID{}, false
	}
	if !s.hasDataSources() {
		return db.ID(), true
	}
	refs := db.latest().sources
	if len(refs) != 1 {
		return uuid.UUID{}, false
	}
	return refs[0].ID, true
}

// joinNames lists names separated by commas.
func joinNames(names []string) string { return strings.Join(names, ", ") }
