package uno

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/uno-go/uno/internal/jsonscan"
)

// Database is a Notion database. Its methods read the JSON Notion sent; Raw returns all of it.
type Database struct {
	object
	dbText
	deleted bool
	parent  ParentRef
	schema  atomic.Pointer[Schema] // the schema the database was created from or bound to

	// A database of version 2025-09-03 and later is a container of data sources: it lists
	// them, and its properties are those of its only data source.
	container bool
	sources   []DataSourceRef
	ds        atomic.Pointer[DataSource] // the only data source, once fetched

	propsOnce sync.Once
	propList  []DBProperty // what Properties returns, decoded once
}

// Title returns the database's title as plain text.
func (d *Database) Title() string { return d.title }

// Description returns the database's description as plain text.
func (d *Database) Description() string { return d.description }

// URL returns the database's notion.so URL.
func (d *Database) URL() string { return d.url }

// IsDeleted reports whether the database is in the trash.
func (d *Database) IsDeleted() bool { return d.deleted }

// IsInline reports whether the database is shown inline in its parent page.
func (d *Database) IsInline() bool { return d.inline }

// Parent says where the database lives.
func (d *Database) Parent() ParentRef { return d.parent }

// String returns the title.
func (d *Database) String() string { return d.title }

// parentJSON makes d the parent of a create request: its only data source from version
// 2025-09-03 on.
func (d *Database) parentJSON() map[string]string {
	if cur := d.latest(); cur.container && len(cur.sources) == 1 {
		return map[string]string{"type": "data_source_id", "data_source_id": cur.sources[0].ID.String()}
	}
	return map[string]string{"type": "database_id", "database_id": d.id.String()}
}

// titlePropertyName returns the name of the title property among props.
func titlePropertyName(props []DBProperty) (string, bool) {
	for _, p := range props {
		if p.Type == "title" {
			return p.Name, true
		}
	}
	return "", false
}

// newDatabase decodes a database answer.
func newDatabase(raw []byte, s *Session) (*Database, error) {
	return decodeAnswer(raw, s, readDatabase)
}

// readDatabase reads the database that comes next in r.
func readDatabase(r *jsonscan.Reader, s *Session) (*Database, error) {
	d := &Database{}
	var h header
	o, err := decodeObject(r, "database", d, &h)
	if err != nil {
		return nil, err
	}
	o.session = s
	d.object, d.deleted, d.parent = o, h.deleted(), h.parent.ref()
	return d, nil
}

// readField reads the members of a database answer that Database keeps.
func (d *Database) readField(r *jsonscan.Reader, key []byte) bool {
	if d.dbText.read(r, key) {
		return true
	}
	switch string(key) {
	case "data_sources":
		d.container = true
		d.sources = readSourceRefs(r)
	default:
		return false
	}
	return true
}

// decodeDatabase decodes a database answer and caches it as the freshest copy.
func (s *Session) decodeDatabase(raw []byte) (*Database, error) { return s.cacheDatabase(raw, true) }

// cacheDatabase decodes a database answer and caches it; a copy that is not fresh (a search
// result) does not replace one edited later. A schema bound to an older copy stays bound.
func (s *Session) cacheDatabase(raw []byte, fresh bool) (*Database, error) {
	d, err := newDatabase(raw, s)
	if err != nil {
		return nil, err
	}
	return s.putDatabase(d, fresh), nil
}

// keepDatabase caches a database of a list (a search result), which does not replace a copy
// edited later.
func (s *Session) keepDatabase(d *Database) *Database { return s.putDatabase(d, false) }

// keepFreshDatabase caches d, just fetched, as the freshest copy.
func (s *Session) keepFreshDatabase(d *Database) *Database { return s.putDatabase(d, true) }

// putDatabase caches a decoded database; a schema bound to an older copy stays bound.
func (s *Session) putDatabase(d *Database, fresh bool) *Database {
	if old, ok := lookup[*Database](s.cache, d.id); ok {
		d.schema.Store(old.schema.Load())
	}
	return put(s.cache, d, fresh)
}

// GetDB returns the database that ref names (a UUID or a Notion URL, including "?v=" view
// links), from the cache when it holds it unless NoCache is given.
func (s *Session) GetDB(ctx context.Context, ref string, opts ...GetOption) (*Database, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if useCache(opts) {
		if v, ok := lookupRef[*Database](s.cache, ref); ok {
			return v, nil
		}
	}
	r, err := parseRef(ref)
	if err != nil {
		return nil, err
	}
	db, err := getObject(ctx, s, "/v1/databases/", r.object, opts, newDatabase, (*Session).keepFreshDatabase)
	if err != nil {
		return nil, err
	}
	if err := db.loadSource(ctx, !useCache(opts)); err != nil {
		return nil, err
	}
	return db, nil
}

// Reload fetches the database again and returns the fresh copy; from version 2025-09-03 on,
// its only data source too.
func (d *Database) Reload(ctx context.Context) (*Database, error) {
	return d.session.GetDB(ctx, d.id.String(), NoCache())
}
