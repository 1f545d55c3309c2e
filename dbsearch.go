package uno

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// From version 2025-09-03 on, search lists data sources instead of databases. SearchDB and
// GetOrCreateDB then search data sources and take their databases from the cache, or fetch
// them by id: one request per database found, none for the data sources.

// searchDBViaSources is SearchDB from version 2025-09-03 on: the databases of the data
// sources whose title is name, in the order search lists them.
func (s *Session) searchDBViaSources(ctx context.Context, name string, o SearchOption) (SList[*Database], error) {
	found, err := search(ctx, s, "data_source", name, o, readDataSource, s.keepDataSource, (*DataSource).Title, (*DataSource).IsDeleted)
	if err != nil {
		return nil, err
	}
	return s.databasesOf(ctx, found)
}

// databasesOf returns the databases of data sources, each once, in order: cached unless the
// cached copy disagrees with the data source about being in the trash.
func (s *Session) databasesOf(ctx context.Context, sources []*DataSource) (SList[*Database], error) {
	seen := map[uuid.UUID]bool{}
	out := SList[*Database]{}
	for _, ds := range sources {
		if seen[ds.databaseID] || ds.databaseID == uuid.Nil {
			continue
		}
		seen[ds.databaseID] = true
		db, ok := lookup[*Database](s.cache, ds.databaseID)
		if !ok || db.deleted != ds.deleted {
			data, err := s.do(ctx, "GET", "/v1/databases/"+ds.databaseID.String(), nil)
			if err != nil {
				return nil, fmt.Errorf("uno: the database of data source %s: %w", ds.ID(), err)
			}
			if db, err = s.decodeDatabase(data); err != nil {
				return nil, err
			}
		}
		out = append(out, db)
	}
	return out, nil
}

// findDBViaSources is findDB from version 2025-09-03 on: it looks at the data sources' parents
// first, so that only a database under parent is fetched.
func (s *Session) findDBViaSources(ctx context.Context, parent *Page, title string) (*Database, error) {
	found, err := s.SearchDS(ctx, title)
	if err != nil {
		return nil, err
	}
	under := slices.DeleteFunc(found, func(ds *DataSource) bool {
		p := ds.DatabaseParent()
		return p.Type != "page_id" || p.ID != parent.ID()
	})
	dbs, err := s.databasesOf(ctx, under)
	if err != nil {
		return nil, err
	}
	return onlyMatch(dbs, "databases", title, "page "+parent.ID().String())
}

// searchFinds reports whether search lists the database id under title: the database itself
// at 2022-06-28, one of its data sources later.
func (s *Session) searchFinds(ctx context.Context, title string, id uuid.UUID) (bool, error) {
	if s.hasDataSources() {
		found, err := s.SearchDS(ctx, title)
		return slices.ContainsFunc(found, func(ds *DataSource) bool { return ds.DatabaseID() == id }), err
	}
	found, err := s.SearchDB(ctx, title)
	return slices.ContainsFunc(found, func(db *Database) bool { return db.ID() == id }), err
}
