package uno

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// DBProperty is a property of a database as Notion describes it. Types this package does not
// know (such as "place", "button" or "verification") are listed like any other, with their
// configuration kept in Config.
type DBProperty struct {
	// ID is Notion's short id of the property, such as "title" or "a%40kz".
	ID string
	// Name is the property's name.
	Name string
	// Type is Notion's type name, such as "rich_text" or "relation".
	Type string
	// Config is the type's configuration object, such as {"options": [...]} for a select.
	Config json.RawMessage
}

// propertyConfigJSON is the union of the configurations this package reads.
type propertyConfigJSON struct {
	Format  string `json:"format"`
	Options []struct {
		Name  string `json:"name"`
		Color string `json:"color"`
	} `json:"options"`
	Expression   string  `json:"expression"`
	Prefix       *string `json:"prefix"`
	DatabaseID   string  `json:"database_id"`
	Type         string  `json:"type"`
	DualProperty *struct {
		SyncedPropertyName string `json:"synced_property_name"`
		SyncedPropertyID   string `json:"synced_property_id"`
	} `json:"dual_property"`
	RelationPropertyName string `json:"relation_property_name"`
	RollupPropertyName   string `json:"rollup_property_name"`
	Function             string `json:"function"`
}

// config decodes the configuration; a configuration of another shape gives the zero value.
func (p DBProperty) config() propertyConfigJSON {
	var c propertyConfigJSON
	if len(p.Config) > 0 {
		_ = json.Unmarshal(p.Config, &c) // tolerant: an unexpected shape reads as empty
	}
	return c
}

// Options returns the options of a select, multi-select or status property.
func (p DBProperty) Options() []SelectOption {
	c := p.config()
	opts := make([]SelectOption, 0, len(c.Options))
	for _, o := range c.Options {
		opts = append(opts, SelectOption{Name: o.Name, Color: o.Color})
	}
	return opts
}

// NumberFormat returns the format of a number property.
func (p DBProperty) NumberFormat() string { return p.config().Format }

// Expression returns the expression of a formula property, in Notion's stored form.
func (p DBProperty) Expression() string { return p.config().Expression }

// RelationConfig describes a relation property.
type RelationConfig struct {
	// DatabaseID is the database the relation points to.
	DatabaseID uuid.UUID
	// TwoWay reports a relation that Notion mirrors on the target (dual_property).
	TwoWay bool
	// SyncedPropertyID and SyncedPropertyName name the mirror property of a two-way relation.
	SyncedPropertyID, SyncedPropertyName string
}

// Relation returns the configuration of a relation property.
func (p DBProperty) Relation() (RelationConfig, bool) {
	if p.Type != "relation" {
		return RelationConfig{}, false
	}
	c := p.config()
	rel := RelationConfig{TwoWay: c.Type == "dual_property"}
	if id, ok := parseBareID(c.DatabaseID); ok {
		rel.DatabaseID = id
	}
	if c.DualProperty != nil {
		rel.SyncedPropertyID = c.DualProperty.SyncedPropertyID
		rel.SyncedPropertyName = c.DualProperty.SyncedPropertyName
	}
	return rel, true
}

// RollupConfig describes a rollup property.
type RollupConfig struct {
	// Relation is the relation property the rollup follows.
	Relation string
	// Property is the property rolled up on the related pages.
	Property string
	// Function is the rollup function, such as "count".
	Function string
}

// Rollup returns the configuration of a rollup property.
func (p DBProperty) Rollup() (RollupConfig, bool) {
	if p.Type != "rollup" {
		return RollupConfig{}, false
	}
	c := p.config()
	return RollupConfig{Relation: c.RelationPropertyName, Property: c.RollupPropertyName, Function: c.Function}, true
}

// UniqueIDPrefix returns the prefix of a unique_id property ("" when it has none).
func (p DBProperty) UniqueIDPrefix() string {
	if c := p.config(); c.Prefix != nil {
		return *c.Prefix
	}
	return ""
}

// Properties returns the database's properties in the order Notion listed them: from version
// 2025-09-03 on, those of its only data source (none when it has several).
func (d *Database) Properties() []DBProperty { return slices.Clone(d.properties()) }

// properties decodes the database's properties once and shares them; callers must not
// modify the slice. From version 2025-09-03 on they are those of the database's only data
// source; a database with several has none.
func (d *Database) properties() []DBProperty {
	if d.container {
		if ds := d.sourceOf(); ds != nil {
			return ds.properties()
		}
		return nil
	}
	d.propsOnce.Do(func() { d.propList, _ = databaseProperties(d.raw) })
	return d.propList
}

// Property returns the database's property with that name.
func (d *Database) Property(name string) (DBProperty, bool) {
	return propertyNamed(d.properties(), name)
}

// propertyNamed returns the property of props with that name.
func propertyNamed(props []DBProperty, name string) (DBProperty, bool) {
	for _, p := range props {
		if p.Name == name {
			return p, true
		}
	}
	return DBProperty{}, false
}

// Schema returns the schema the database was created from or bound to, or nil.
func (d *Database) Schema() *Schema { return d.schema.Load() }

// databaseProperties reads the "properties" of a database answer, in order. A property whose
// JSON is not an object is skipped; an answer without properties gives none.
func databaseProperties(raw json.RawMessage) ([]DBProperty, error) {
	var top struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, fmt.Errorf("%w: database: %v", ErrInvalidResponse, err)
	}
	members, err := objectMembers(top.Properties)
	if err != nil {
		return nil, fmt.Errorf("%w: database properties: %v", ErrInvalidResponse, err)
	}
	props := make([]DBProperty, 0, len(members))
	for _, m := range members {
		var p struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		}
		if json.Unmarshal(m.value, &p) != nil {
			continue
		}
		prop := DBProperty{ID: p.ID, Name: m.name, Type: p.Type}
		if p.Type != "" {
			var conf map[string]json.RawMessage
			if json.Unmarshal(m.value, &conf) == nil {
				prop.Config = conf[p.Type]
			}
		}
		props = append(props, prop)
	}
	return props, nil
}

// jsonMember is one member of a JSON object.
type jsonMember struct {
	name  string
	value json.RawMessage
}

// objectMembers returns the members of a JSON object in their order; null or empty input
// gives none.
func objectMembers(raw json.RawMessage) ([]jsonMember, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return nil, errors.New("not a JSON object")
	}
	var members []jsonMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, ok := tok.(string)
		if !ok {
			return nil, errors.New("object key is not a string")
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, err
		}
		members = append(members, jsonMember{name: name, value: value})
	}
	return members, nil
}

// SchemaMismatchError reports how an existing database differs from a schema. It unwraps to
// ErrSchemaMismatch.
type SchemaMismatchError struct {
	// Schema is the schema's title.
	Schema string
	// DatabaseID is the database compared with it.
	DatabaseID uuid.UUID
	// Differences lists every difference, one sentence each.
	Differences []string
}

// Error lists the differences.
func (e *SchemaMismatchError) Error() string {
	return fmt.Sprintf("%v: schema %q, database %s: %s", ErrSchemaMismatch, e.Schema, e.DatabaseID, strings.Join(e.Differences, "; "))
}

// Unwrap returns ErrSchemaMismatch.
func (e *SchemaMismatchError) Unwrap() error { return ErrSchemaMismatch }

// Bind makes db the schema's database after checking that db has the schema's properties
// (names, types, options and relation targets of schemas that are bound); a difference is a
// *SchemaMismatchError. Use it for a database created earlier, so that relations of new
// schemas can point to it.
func (s *Schema) Bind(db *Database) error {
	if db == nil {
		return errors.New("uno: Bind: nil database")
	}
	snap := s.snapshot()
	if diffs := schemaDifferences(snap, db); len(diffs) > 0 {
		return &SchemaMismatchError{Schema: snap.title, DatabaseID: db.ID(), Differences: diffs}
	}
	s.bind(db)
	return nil
}

// schemaDifferences lists how db differs from a schema: missing properties, other types,
// missing options, other configurations, and properties the schema lacks (except the mirror
// properties of two-way relations, which Notion adds).
func schemaDifferences(snap schemaSnapshot, db *Database) []string {
	props := db.properties()
	byName := make(map[string]DBProperty, len(props))
	for _, p := range props {
		byName[p.Name] = p
	}
	declared := map[string]bool{}
	var diffs []string
	for _, p := range snap.props {
		declared[p.name] = true
		got, ok := byName[p.name]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("property %q (%s) is missing", p.name, p.typ.kind))
		case got.Type != p.typ.kind:
			diffs = append(diffs, fmt.Sprintf("property %q is %s, the schema says %s", p.name, got.Type, p.typ.kind))
		default:
			diffs = append(diffs, configDifferences(snap.schema, p, got, db.ID())...)
		}
	}
	for _, got := range props {
		if declared[got.Name] {
			continue
		}
		if rel, ok := got.Relation(); ok && rel.TwoWay {
			continue
		}
		diffs = append(diffs, fmt.Sprintf("property %q (%s) is not in the schema", got.Name, got.Type))
	}
	return diffs
}

// configDifferences lists how the configuration of property got of database dbID differs
// from the declared property p of schema owner.
func configDifferences(owner *Schema, p Property, got DBProperty, dbID uuid.UUID) []string {
	t := p.typ
	var diffs []string
	switch t.kind {
	case "select", "multi_select":
		have := map[string]string{}
		for _, o := range got.Options() {
			have[o.Name] = o.Color
		}
		for _, o := range t.options {
			color, ok := have[o.Name]
			switch {
			case !ok:
				diffs = append(diffs, fmt.Sprintf("property %q lacks option %q", p.name, o.Name))
			case o.Color != "" && color != o.Color:
				diffs = append(diffs, fmt.Sprintf("option %q of property %q is %s, the schema says %s", o.Name, p.name, color, o.Color))
			}
		}
	case "number":
		if f := got.NumberFormat(); t.format != "" && f != t.format {
			diffs = append(diffs, fmt.Sprintf("property %q has number format %q, the schema says %q", p.name, f, t.format))
		}
	case "unique_id":
		if prefix := got.UniqueIDPrefix(); prefix != t.prefix {
			diffs = append(diffs, fmt.Sprintf("property %q has prefix %q, the schema says %q", p.name, prefix, t.prefix))
		}
	case "relation":
		diffs = relationDifferences(owner, p, got, dbID)
	case "rollup":
		r, _ := got.Rollup()
		want := RollupConfig{Relation: t.rollRel, Property: t.rollProp, Function: t.rollFn}
		if r != want {
			diffs = append(diffs, fmt.Sprintf("property %q rolls up %q of relation %q with %q, the schema says %q of %q with %q",
				p.name, r.Property, r.Relation, r.Function, want.Property, want.Relation, want.Function))
		}
	}
	return diffs
}

// relationDifferences compares a relation property with its declaration.
func relationDifferences(owner *Schema, p Property, got DBProperty, dbID uuid.UUID) []string {
	t := p.typ
	rel, _ := got.Relation()
	var diffs []string
	want := uuid.Nil
	if t.self {
		want = dbID
	} else if target := t.targetOf(owner); target != nil {
		if tdb := target.DB(); tdb != nil {
			want = tdb.ID()
		}
	}
	if want != uuid.Nil && rel.DatabaseID != want {
		diffs = append(diffs, fmt.Sprintf("relation %q points to database %s, the schema says %s", p.name, rel.DatabaseID, want))
	}
	switch {
	case rel.TwoWay != t.twoWay:
		kinds := map[bool]string{false: "one-way", true: "two-way"}
		diffs = append(diffs, fmt.Sprintf("relation %q is %s, the schema says %s", p.name, kinds[rel.TwoWay], kinds[t.twoWay]))
	case t.twoWay && t.backName != "" && rel.SyncedPropertyName != t.backName:
		diffs = append(diffs, fmt.Sprintf("relation %q is mirrored by %q, the schema says %q", p.name, rel.SyncedPropertyName, t.backName))
	}
	return diffs
}
