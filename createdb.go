package uno

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// CreateDB creates the database of schema under parent and binds them to each other. A nil
// schema gives an untitled database with one title property, Name.
//
// The database is created with one request carrying title, description and every property;
// self relations, rollups over them and the names of back properties of two-way relations
// follow in one more request. A schema that relates to other schemas needs them bound to
// databases already; create related schemas together with CreateDBs.
func (s *Session) CreateDB(ctx context.Context, parent *Page, schema *Schema) (*Database, error) {
	if schema == nil {
		schema = NewSchema("", Prop("Name", Title()))
	}
	dbs, err := s.CreateDBs(ctx, []*Page{parent}, []*Schema{schema})
	if len(dbs) != 1 {
		return nil, err
	}
	return dbs[0], err
}

// CreateDBs creates the databases of schemas, which may relate to each other in any order and
// in cycles, and binds each schema to its database. parents holds one page for all databases
// or one per schema. The result is in the order of schemas.
//
// Each database is created with one request, in an order that lets relations point to
// databases that exist; what a cycle or a self relation leaves out follows in at most one
// more request per database (two for a two-way self relation). Everything is validated
// before the first request. When a request fails after some databases were created, those
// stay bound, the result holds them (nil for the others), and the error is a *CreateDBsError
// listing them and what is missing.
func (s *Session) CreateDBs(ctx context.Context, parents []*Page, schemas []*Schema) ([]*Database, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	parentOf, err := parentsOf(parents, schemas)
	if err != nil {
		return nil, err
	}
	if err := claimSchemas(schemas); err != nil {
		return nil, err
	}
	defer releaseSchemas(schemas)
	set := newSchemaSet(schemas)
	if err := set.validate(); err != nil {
		return nil, err
	}
	plan, err := newCreatePlan(set)
	if err != nil {
		return nil, err
	}
	c := &dbCreation{
		session: s,
		set:     set,
		parents: parentOf,
		dbs:     map[*Schema]*Database{},
		synced:  map[*planItem]string{},
		backIDs: map[propKey]string{},
		sent:    map[*planItem]bool{},
		unknown: map[*planItem]bool{},
	}
	runErr := c.run(ctx, plan)
	for schema, db := range c.dbs {
		schema.bind(db)
	}
	result := make([]*Database, len(schemas))
	for i, schema := range schemas {
		result[i] = c.dbs[schema]
	}
	if runErr != nil {
		if len(c.created) == 0 {
			return nil, runErr
		}
		return result, c.failure(plan, runErr)
	}
	return result, nil
}

// parentsOf pairs each schema with its parent page.
func parentsOf(parents []*Page, schemas []*Schema) (map[*Schema]*Page, error) {
	if len(parents) != 1 && len(parents) != len(schemas) {
		return nil, fmt.Errorf("%w: %d parents for %d schemas; give one parent for all or one per schema",
			ErrInvalidSchema, len(parents), len(schemas))
	}
	m := make(map[*Schema]*Page, len(schemas))
	for i, schema := range schemas {
		if schema == nil {
			return nil, fmt.Errorf("%w: schema %d is nil", ErrInvalidSchema, i)
		}
		if _, dup := m[schema]; dup {
			return nil, fmt.Errorf("%w: schema %s is listed twice", ErrInvalidSchema, schema.displayName())
		}
		p := parents[0]
		if len(parents) > 1 {
			p = parents[i]
		}
		if p == nil {
			return nil, fmt.Errorf("%w: schema %s has a nil parent page", ErrInvalidSchema, schema.displayName())
		}
		m[schema] = p
	}
	return m, nil
}

// claimSchemas marks the schemas as being created, so that concurrent creates of one schema
// cannot make two databases.
func claimSchemas(schemas []*Schema) error {
	for i, s := range schemas {
		s.mu.Lock()
		busy := s.busy
		s.busy = true
		s.mu.Unlock()
		if busy {
			releaseSchemas(schemas[:i])
			return fmt.Errorf("%w: schema %s is being created by another call", ErrInvalidSchema, s.displayName())
		}
	}
	return nil
}

// releaseSchemas undoes claimSchemas.
func releaseSchemas(schemas []*Schema) {
	for _, s := range schemas {
		s.mu.Lock()
		s.busy = false
		s.mu.Unlock()
	}
}

// CreateDBsError reports a creation that failed after some databases were created.
type CreateDBsError struct {
	// Created lists the databases that exist, in the order they were created, each bound to
	// its schema.
	Created []*Database
	// Missing lists what was not created, such as `"Tasks": property "Project"`.
	Missing []string
	// Unknown lists what was sent but may or may not exist: the answer was lost (the error
	// matches ErrOutcomeUnknown).
	Unknown []string
	// Err is the failure.
	Err error
}

// Error names the failure and what exists.
func (e *CreateDBsError) Error() string {
	names := make([]string, len(e.Created))
	for i, db := range e.Created {
		names[i] = fmt.Sprintf("%q (%s)", db.Title(), db.ID())
	}
	created := "none"
	if len(names) > 0 {
		created = strings.Join(names, ", ")
	}
	msg := fmt.Sprintf("uno: creating databases: %v; created: %s", e.Err, created)
	if len(e.Missing) > 0 {
		msg += "; not created: " + strings.Join(e.Missing, ", ")
	}
	if len(e.Unknown) > 0 {
		msg += "; may exist: " + strings.Join(e.Unknown, ", ")
	}
	return msg
}

// Unwrap returns the failure.
func (e *CreateDBsError) Unwrap() error { return e.Err }

// dbCreation runs a createPlan.
type dbCreation struct {
	session *Session
	set     *schemaSet
	parents map[*Schema]*Page
	dbs     map[*Schema]*Database // the latest copy of every database created or changed
	created []*Schema             // schemas whose database exists, in creation order
	synced  map[*planItem]string  // two-way relation item -> id of the back property to rename
	backIDs map[propKey]string    // back property (by its final name) -> its id
	sent    map[*planItem]bool
	unknown map[*planItem]bool // sent, but the answer was lost: they may exist
}

// run sends the plan's requests in order.
func (c *dbCreation) run(ctx context.Context, plan *createPlan) error {
	for _, step := range plan.steps {
		props := make(map[string]any, len(step.items))
		for _, it := range step.items {
			if it.renames != nil {
				if key, ok := c.synced[it.renames]; ok {
					props[key] = map[string]any{"name": it.back}
				}
				continue
			}
			conf, err := propertyConfig(it.schema, it.prop, c.targetID, c.session.hasDataSources())
			if err != nil {
				return err
			}
			if id, ok := c.backIDs[propKey{it.schema, it.prop.typ.rollRel}]; ok && it.prop.typ.kind == "rollup" {
				// A back property may be renamed by this very request: name it by id.
				conf["rollup"] = map[string]any{
					"relation_property_id": id,
					"rollup_property_name": it.prop.typ.rollProp,
					"function":             it.prop.typ.rollFn,
				}
			}
			props[it.prop.name] = conf
		}
		var (
			data []byte
			err  error
		)
		verb, method, path := "creating", http.MethodPost, "/v1/databases"
		if step.create {
			body, berr := createDatabaseBody(c.parents[step.schema], c.set.known[step.schema], props, c.session.hasDataSources())
			if berr != nil {
				return berr
			}
			data, err = c.session.do(ctx, method, path, body)
		} else {
			if len(props) == 0 {
				c.markSent(step.items)
				continue
			}
			verb, method, path = "completing", http.MethodPatch, c.updatePath(step.schema)
			data, err = c.session.do(ctx, method, path, map[string]any{"properties": props})
		}
		if err != nil {
			if errors.Is(err, ErrOutcomeUnknown) {
				c.markUnknown(step.items)
			}
			return fmt.Errorf("%s database of schema %s: %w", verb, step.schema.displayName(), err)
		}
		db, err := written(method, path, data, func(data []byte) (*Database, error) { return c.decodeAnswer(step, data) })
		if err != nil {
			c.markUnknown(step.items)
			return fmt.Errorf("%s database of schema %s: %w", verb, step.schema.displayName(), err)
		}
		c.dbs[step.schema] = db
		if step.create {
			c.created = append(c.created, step.schema)
		}
		c.markSent(step.items)
		if err := c.recordBackProperties(ctx, step, db); err != nil {
			return err
		}
	}
	for _, s := range c.created {
		if err := c.dbs[s].loadSource(ctx, false); err != nil {
			return err
		}
	}
	return nil
}

// decodeAnswer decodes the answer of a step: the database, or from version 2025-09-03 on the
// data source a PATCH changed (cached, where the database finds it).
func (c *dbCreation) decodeAnswer(step planStep, data []byte) (*Database, error) {
	if step.create || !c.session.hasDataSources() {
		return c.session.decodeDatabase(data)
	}
	if _, err := c.session.decodeDataSource(data); err != nil {
		return nil, err
	}
	if db, ok := c.dbs[step.schema]; ok {
		return db, nil
	}
	return step.schema.DB(), nil
}

// updatePath is the endpoint that changes the properties of a schema's database: the
// database at 2022-06-28, its only data source later.
func (c *dbCreation) updatePath(s *Schema) string {
	if !c.session.hasDataSources() {
		id, _ := c.databaseID(s)
		return "/v1/databases/" + id.String()
	}
	id, _ := c.targetID(s)
	return "/v1/data_sources/" + id.String()
}

// targetID returns the id a relation to the database of s names: the database at
// 2022-06-28, its only data source later.
func (c *dbCreation) targetID(s *Schema) (uuid.UUID, bool) {
	id, ok := c.databaseID(s)
	if !ok || !c.session.hasDataSources() {
		return id, ok
	}
	db := c.dbs[s]
	if db == nil {
		db = s.DB()
	}
	refs := db.latest().sources
	if len(refs) != 1 {
		return uuid.Nil, false
	}
	return refs[0].ID, true
}

// markUnknown records items whose request the server may have applied.
func (c *dbCreation) markUnknown(items []*planItem) {
	for _, it := range items {
		c.unknown[it] = true
	}
}

// markSent records items as created.
func (c *dbCreation) markSent(items []*planItem) {
	for _, it := range items {
		c.sent[it] = true
	}
}

// databaseID returns the id of a schema's database, created by this run or bound before.
func (c *dbCreation) databaseID(s *Schema) (uuid.UUID, bool) {
	if s == nil {
		return uuid.Nil, false
	}
	if db, ok := c.dbs[s]; ok {
		return db.ID(), true
	}
	if db := s.DB(); db != nil {
		return db.ID(), true
	}
	return uuid.Nil, false
}

// recordBackProperties notes the back property that each two-way relation of the step made,
// as Notion reports it in the answer, so that a later request can rename it.
func (c *dbCreation) recordBackProperties(ctx context.Context, step planStep, db *Database) error {
	for _, it := range step.items {
		if it.renames != nil || it.prop.typ.kind != "relation" || !it.prop.typ.twoWay || it.prop.typ.backName == "" {
			continue
		}
		if err := db.loadSource(ctx, false); err != nil {
			return err
		}
		p, ok := db.Property(it.prop.name)
		rel, isRel := p.Relation()
		if !ok || !isRel {
			return fmt.Errorf("%w: database %s lacks relation %q after creating it", ErrInvalidResponse, db.ID(), it.prop.name)
		}
		if rel.SyncedPropertyID != "" {
			c.backIDs[propKey{it.prop.typ.targetOf(it.schema), it.prop.typ.backName}] = rel.SyncedPropertyID
		}
		switch {
		case rel.SyncedPropertyName == it.prop.typ.backName:
			// Notion's name is already the wanted one.
		case rel.SyncedPropertyID != "":
			c.synced[it] = rel.SyncedPropertyID
		case rel.SyncedPropertyName != "":
			c.synced[it] = rel.SyncedPropertyName
		default:
			return fmt.Errorf("%w: relation %q of database %s does not name its back property", ErrInvalidResponse, it.prop.name, db.ID())
		}
	}
	return nil
}

// failure builds the error of a run that stopped early.
func (c *dbCreation) failure(plan *createPlan, err error) *CreateDBsError {
	e := &CreateDBsError{Err: err}
	for _, s := range c.created {
		e.Created = append(e.Created, c.dbs[s])
	}
	for _, step := range plan.steps {
		for _, it := range step.items {
			switch {
			case c.unknown[it]:
				e.Unknown = append(e.Unknown, it.describe())
			case !c.sent[it]:
				e.Missing = append(e.Missing, it.describe())
			}
		}
	}
	return e
}

// GetOrCreateDB returns the database titled like schema directly under parent, bound to
// schema, or creates it when there is none. An existing database must have the schema's
// properties (names, types, select options, relation targets of bound schemas); differences
// are reported as a *SchemaMismatchError. A schema already bound returns its database.
//
// Notion's search lags behind creation; after creating, GetOrCreateDB waits (polling with
// growing pauses, at most about a minute, bounded by ctx) until search finds the database,
// so that the next GetOrCreateDB finds it instead of creating another. Concurrent calls for the
// same title under the same parent share one search and create the database once.
func (s *Session) GetOrCreateDB(ctx context.Context, parent *Page, schema *Schema) (*Database, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if schema == nil || parent == nil {
		return nil, fmt.Errorf("%w: GetOrCreateDB needs a schema and a parent page", ErrInvalidSchema)
	}
	if db := schema.DB(); db != nil {
		return db, nil
	}
	snap := schema.snapshot()
	if snap.title == "" {
		return nil, fmt.Errorf("%w: GetOrCreateDB needs a schema with a title to search for", ErrInvalidSchema)
	}
	key := "database\x00" + parent.ID().String() + "\x00" + snap.title
	db, err := runOnce(ctx, &s.flights, key, func() (*Database, error) {
		return s.getOrCreateDB(ctx, parent, schema, snap)
	})
	if db == nil || schema.DB() != nil {
		return db, err
	}
	// Another call for the same title under the same parent found or made the database.
	if diffs := schemaDifferences(snap, db); len(diffs) > 0 {
		return nil, &SchemaMismatchError{Schema: snap.title, DatabaseID: db.ID(), Differences: diffs}
	}
	schema.bind(db)
	return db, err
}

// getOrCreateDB finds the database titled like snap under parent, or creates it, for
// GetOrCreateDB.
func (s *Session) getOrCreateDB(ctx context.Context, parent *Page, schema *Schema, snap schemaSnapshot) (*Database, error) {
	db, err := s.findDB(ctx, parent, snap.title)
	if err != nil {
		return nil, err
	}
	if db != nil {
		if diffs := schemaDifferences(snap, db); len(diffs) > 0 {
			return nil, &SchemaMismatchError{Schema: snap.title, DatabaseID: db.ID(), Differences: diffs}
		}
		schema.bind(db)
		return db, nil
	}
	db, err = s.CreateDB(ctx, parent, schema)
	if err != nil {
		return db, err
	}
	return db, s.awaitSearchable(ctx, snap.title, db.ID())
}

// findDB returns the database titled title directly under parent that is not in the trash,
// or nil.
func (s *Session) findDB(ctx context.Context, parent *Page, title string) (*Database, error) {
	if s.hasDataSources() {
		return s.findDBViaSources(ctx, parent, title)
	}
	found, err := s.SearchDB(ctx, title)
	if err != nil {
		return nil, err
	}
	var match []*Database
	for _, db := range found {
		if p := db.Parent(); p.Type == "page_id" && p.ID == parent.ID() {
			match = append(match, db)
		}
	}
	return onlyMatch(match, "databases", title, "page "+parent.ID().String())
}

// Waiting for search: the first pause, the longest pause and the longest total wait.
const (
	searchPollFirst = 250 * time.Millisecond
	searchPollMax   = 4 * time.Second
	searchWaitMax   = time.Minute
)

// awaitSearchable polls search until it lists database id, pausing searchPollFirst, then
// twice as long each time up to searchPollMax. After searchWaitMax it gives up quietly: the
// database exists, search is merely slow. It ends early with ctx.
func (s *Session) awaitSearchable(ctx context.Context, title string, id uuid.UUID) error {
	return s.pollSearch(ctx, "database", id, func() (bool, error) { return s.searchFinds(ctx, title, id) })
}

// pollSearch calls found until it reports the object (a "database" or "page") with that id
// listed by search, as awaitSearchable describes.
func (s *Session) pollSearch(ctx context.Context, kind string, id uuid.UUID, found func() (bool, error)) error {
	deadline := time.Now().Add(searchWaitMax)
	pause := searchPollFirst
	for {
		ok, err := found()
		if err != nil {
			return fmt.Errorf("uno: %s %s was created; searching for it: %w", kind, id, err)
		}
		if ok {
			return nil
		}
		if time.Now().Add(pause).After(deadline) {
			s.logger.Warn(kind+" not yet in search results", kind, id, "waited", searchWaitMax)
			return nil
		}
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("uno: %s %s was created but is not in search results yet: %w", kind, id, ctx.Err())
		case <-timer.C:
		}
		pause = min(2*pause, searchPollMax)
	}
}
