package uno

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Schema describes a database in code: its title, description and properties. Build it with
// NewSchema and Add, then create its database with Session.CreateDB, CreateDBs or
// GetOrCreateDB; from then on the schema is bound to that database (see DB).
//
// Schemas that relate to each other are declared first and linked afterwards:
//
//	customers := uno.NewSchema("Customers", uno.Prop("Name", uno.Title()))
//	items := uno.NewSchema("Items", uno.Prop("Name", uno.Title()),
//		uno.Prop("Bought by", uno.TwoWayRelation(customers, "Purchases")))
//
// A Schema is safe for concurrent use.
type Schema struct {
	mu          sync.Mutex
	title       string
	description string
	props       []Property
	busy        bool // a create of this schema is under way

	db atomic.Pointer[Database]
}

// NewSchema returns a schema for a database titled title with the given properties.
// Exactly one of them must be a Title property.
func NewSchema(title string, props ...Property) *Schema {
	return &Schema{title: title, props: slices.Clone(props)}
}

// Add appends properties to the schema and returns it. Properties added after the database
// was created are not sent to Notion.
func (s *Schema) Add(props ...Property) *Schema {
	s.mu.Lock()
	s.props = append(s.props, props...)
	s.mu.Unlock()
	return s
}

// WithDescription sets the description of the database and returns the schema.
func (s *Schema) WithDescription(description string) *Schema {
	s.mu.Lock()
	s.description = description
	s.mu.Unlock()
	return s
}

// Title returns the title of the database.
func (s *Schema) Title() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.title
}

// Description returns the description of the database.
func (s *Schema) Description() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.description
}

// Properties returns the declared properties in the order they were declared.
func (s *Schema) Properties() []Property {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.props)
}

// Property returns the declared property with that name.
func (s *Schema) Property(name string) (Property, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.props {
		if p.name == name {
			return p, true
		}
	}
	return Property{}, false
}

// DB returns the database the schema was created as or bound to, or nil.
func (s *Schema) DB() *Database { return s.db.Load() }

// String returns the title.
func (s *Schema) String() string { return s.Title() }

// bind makes db the schema's database and s the database's schema.
func (s *Schema) bind(db *Database) {
	s.db.Store(db)
	db.schema.Store(s)
}

// schemaSnapshot is a consistent copy of a schema's declaration.
type schemaSnapshot struct {
	schema      *Schema
	title       string
	description string
	props       []Property
}

// snapshot copies the declaration under the lock.
func (s *Schema) snapshot() schemaSnapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return schemaSnapshot{schema: s, title: s.title, description: s.description, props: slices.Clone(s.props)}
}

// displayName names a schema in messages.
func (s *Schema) displayName() string {
	if t := s.Title(); t != "" {
		return fmt.Sprintf("%q", t)
	}
	return "(untitled)"
}

// Property is a named property of a schema; make one with Prop.
type Property struct {
	name string
	typ  PropertyType
}

// Prop returns a property named name of type t, such as Prop("Due", Date()).
func Prop(name string, t PropertyType) Property { return Property{name: name, typ: t} }

// Name returns the property's name.
func (p Property) Name() string { return p.name }

// Type returns the property's type.
func (p Property) Type() PropertyType { return p.typ }

// PropertyType is the type of a property and its configuration, as made by Title, Text,
// Number, Select, Relation, Rollup and the other constructors of this package.
type PropertyType struct {
	kind     string         // Notion's type name, such as "rich_text"
	format   string         // number format
	options  []SelectOption // select and multi_select options
	expr     string         // formula expression
	prefix   string         // unique_id prefix
	target   *Schema        // relation target; nil for a self relation
	self     bool           // relation to the property's own database
	twoWay   bool           // dual_property relation
	backName string         // name of the back property of a two-way relation
	rollRel  string         // rollup: the relation property
	rollProp string         // rollup: the property rolled up on the related database
	rollFn   string         // rollup: the function
	raw      any            // RawType configuration
	rawType  bool           // made by RawType
}

// Kind returns Notion's name of the type, such as "title", "rich_text" or "relation".
func (t PropertyType) Kind() string { return t.kind }

// String returns Notion's name of the type.
func (t PropertyType) String() string { return t.kind }

// SelectOption is an option of a select or multi-select property. Color is one of Notion's
// colors: default, gray, brown, orange, yellow, green, blue, purple, pink, red; empty lets
// Notion choose.
type SelectOption struct {
	Name  string
	Color string
}

// simpleType returns a type without configuration.
func simpleType(kind string) PropertyType { return PropertyType{kind: kind} }

// Title is the title property; every schema has exactly one.
func Title() PropertyType { return simpleType("title") }

// Text is a rich text property.
func Text() PropertyType { return simpleType("rich_text") }

// Number is a number property shown as a plain number.
func Number() PropertyType { return simpleType("number") }

// NumberFormat is a number property shown in format, such as "dollar", "euro", "percent" or
// "number_with_commas".
func NumberFormat(format string) PropertyType {
	return PropertyType{kind: "number", format: format}
}

// Checkbox is a checkbox property.
func Checkbox() PropertyType { return simpleType("checkbox") }

// Date is a date property.
func Date() PropertyType { return simpleType("date") }

// Email is an email property.
func Email() PropertyType { return simpleType("email") }

// URL is a URL property.
func URL() PropertyType { return simpleType("url") }

// Phone is a phone number property.
func Phone() PropertyType { return simpleType("phone_number") }

// People is a people property.
func People() PropertyType { return simpleType("people") }

// Files is a files and media property.
func Files() PropertyType { return simpleType("files") }

// CreatedTime is the read-only time a page was created.
func CreatedTime() PropertyType { return simpleType("created_time") }

// CreatedBy is the read-only user who created a page.
func CreatedBy() PropertyType { return simpleType("created_by") }

// LastEditedTime is the read-only time a page was last edited.
func LastEditedTime() PropertyType { return simpleType("last_edited_time") }

// LastEditedBy is the read-only user who last edited a page.
func LastEditedBy() PropertyType { return simpleType("last_edited_by") }

// Status is a status property. Notion creates it with its default options (Not started,
// In progress, Done); its API cannot create other options.
func Status() PropertyType { return simpleType("status") }

// Select is a select property with the given options; Notion picks their colors.
func Select(options ...string) PropertyType {
	return PropertyType{kind: "select", options: namedOptions(options)}
}

// SelectOptions is a select property with options of chosen colors.
func SelectOptions(options ...SelectOption) PropertyType {
	return PropertyType{kind: "select", options: slices.Clone(options)}
}

// MultiSelect is a multi-select property with the given options; Notion picks their colors.
func MultiSelect(options ...string) PropertyType {
	return PropertyType{kind: "multi_select", options: namedOptions(options)}
}

// MultiSelectOptions is a multi-select property with options of chosen colors.
func MultiSelectOptions(options ...SelectOption) PropertyType {
	return PropertyType{kind: "multi_select", options: slices.Clone(options)}
}

// namedOptions turns option names into options without a color.
func namedOptions(names []string) []SelectOption {
	opts := make([]SelectOption, len(names))
	for i, n := range names {
		opts[i] = SelectOption{Name: n}
	}
	return opts
}

// UniqueID is an automatically incremented ID property, shown as prefix-number (just the
// number when prefix is empty).
func UniqueID(prefix string) PropertyType { return PropertyType{kind: "unique_id", prefix: prefix} }

// Formula is a formula property computing expression, in Notion's formula language, such as
// `prop("Price") * 2`.
func Formula(expression string) PropertyType {
	return PropertyType{kind: "formula", expr: expression}
}

// Relation is a one-way relation to the pages of target's database.
func Relation(target *Schema) PropertyType { return PropertyType{kind: "relation", target: target} }

// TwoWayRelation is a relation to the pages of target's database that Notion mirrors on the
// target with a property named backName (Notion's default name when backName is empty).
// backName is not declared in target.
func TwoWayRelation(target *Schema, backName string) PropertyType {
	return PropertyType{kind: "relation", target: target, twoWay: true, backName: backName}
}

// SelfRelation is a one-way relation between pages of the same database.
func SelfRelation() PropertyType { return PropertyType{kind: "relation", self: true} }

// TwoWaySelfRelation is a relation between pages of the same database that Notion mirrors
// with a second property of that database named backName (not declared in the schema).
func TwoWaySelfRelation(backName string) PropertyType {
	return PropertyType{kind: "relation", self: true, twoWay: true, backName: backName}
}

// Rollup is a rollup property: function (such as "count", "sum", "show_original") over the
// property named property of the pages that the relation property named relation links to.
func Rollup(relation, property, function string) PropertyType {
	return PropertyType{kind: "rollup", rollRel: relation, rollProp: property, rollFn: function}
}

// RawType is a property of a type this package does not model, such as "place": kind is
// Notion's type name and config its configuration object (nil for {}), sent as is.
func RawType(kind string, config any) PropertyType {
	return PropertyType{kind: kind, raw: config, rawType: true}
}

// targetOf returns the schema a relation points to, resolving a self relation to owner.
func (t PropertyType) targetOf(owner *Schema) *Schema {
	if t.self {
		return owner
	}
	return t.target
}

// Validation.

// rollupFunctions are the rollup functions of API version 2022-06-28.
var rollupFunctions = []string{
	"average", "checked", "count", "count_per_group", "count_values", "date_range",
	"earliest_date", "empty", "latest_date", "max", "median", "min", "not_empty",
	"percent_checked", "percent_empty", "percent_not_empty", "percent_per_group",
	"percent_unchecked", "range", "show_original", "show_unique", "sum", "unchecked", "unique",
}

// optionColors are the colors of select, multi-select and status options.
var optionColors = []string{
	"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red",
}

// formulaRef matches the property references of a formula: prop("Name") or prop('Name').
var formulaRef = regexp.MustCompile(`prop\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)`)

// formulaRefs returns the names of the properties a formula refers to.
func formulaRefs(expr string) []string {
	var names []string
	for _, m := range formulaRef.FindAllStringSubmatch(expr, -1) {
		name := m[1]
		if name == "" {
			name = m[2]
		}
		name = strings.NewReplacer(`\"`, `"`, `\'`, `'`, `\\`, `\`).Replace(name)
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// schemaSet is what validation and planning know about a group of schemas: the ones to
// create (in the order given) and every schema they relate to.
type schemaSet struct {
	create []schemaSnapshot
	known  map[*Schema]schemaSnapshot // create plus everything reachable through relations
	// backNames lists, per schema, the back properties that two-way relations of known
	// schemas create on it.
	backNames map[*Schema][]backProp
}

// backProp is a back property that a two-way relation creates on its target.
type backProp struct {
	name  string
	owner *Schema // the schema that declares the two-way relation
	prop  string  // the name of the two-way relation property
}

// newSchemaSet snapshots the schemas to create and everything they relate to.
func newSchemaSet(create []*Schema) *schemaSet {
	set := &schemaSet{known: map[*Schema]schemaSnapshot{}, backNames: map[*Schema][]backProp{}}
	var queue []*Schema
	for _, s := range create {
		snap := s.snapshot()
		set.create = append(set.create, snap)
		if _, ok := set.known[s]; !ok {
			set.known[s] = snap
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, p := range set.known[s].props {
			t := p.typ.targetOf(s)
			if p.typ.kind != "relation" || t == nil {
				continue
			}
			if p.typ.twoWay && p.typ.backName != "" {
				set.backNames[t] = append(set.backNames[t], backProp{name: p.typ.backName, owner: s, prop: p.name})
			}
			if _, ok := set.known[t]; !ok {
				set.known[t] = t.snapshot()
				queue = append(queue, t)
			}
		}
	}
	return set
}

// isCreated reports whether s is one of the schemas to create.
func (set *schemaSet) isCreated(s *Schema) bool {
	for _, c := range set.create {
		if c.schema == s {
			return true
		}
	}
	return false
}

// propertyKind returns the type of the property name that schema s has once created:
// declared, a back property of a two-way relation ("relation"), or, for a schema bound to a
// database, a property of that database.
func (set *schemaSet) propertyKind(s *Schema, name string) (string, bool) {
	for _, p := range set.known[s].props {
		if p.name == name {
			return p.typ.kind, true
		}
	}
	for _, b := range set.backNames[s] {
		if b.name == name {
			return "relation", true
		}
	}
	if db := s.DB(); db != nil && !set.isCreated(s) {
		if p, ok := db.Property(name); ok {
			return p.Type, true
		}
	}
	return "", false
}

// relationTarget returns the schema that the relation property name of s points to.
func (set *schemaSet) relationTarget(s *Schema, name string) (*Schema, bool) {
	for _, p := range set.known[s].props {
		if p.name == name && p.typ.kind == "relation" {
			t := p.typ.targetOf(s)
			return t, t != nil
		}
	}
	for _, b := range set.backNames[s] {
		if b.name == name {
			return b.owner, true
		}
	}
	return nil, false
}

// validate checks every schema to create and returns all problems found, each wrapping
// ErrInvalidSchema and naming the schema and property.
func (set *schemaSet) validate() error {
	var errs []error
	for _, snap := range set.create {
		if db := snap.schema.DB(); db != nil {
			errs = append(errs, fmt.Errorf("%w: schema %s is already bound to database %s", ErrInvalidSchema, snap.schema.displayName(), db.ID()))
		}
		errs = append(errs, set.validateSchema(snap)...)
	}
	return errors.Join(errs...)
}

// validateSchema checks one schema.
func (set *schemaSet) validateSchema(snap schemaSnapshot) []error {
	var errs []error
	fail := func(prop, format string, args ...any) {
		where := fmt.Sprintf("schema %s", snap.schema.displayName())
		if prop != "" {
			where += fmt.Sprintf(", property %q", prop)
		}
		errs = append(errs, fmt.Errorf("%w: %s: %s", ErrInvalidSchema, where, fmt.Sprintf(format, args...)))
	}
	titles := 0
	names := map[string]bool{}
	for _, p := range snap.props {
		switch {
		case p.name == "":
			fail("", "a property has an empty name")
		case names[p.name]:
			fail(p.name, "the name is used twice")
		}
		names[p.name] = true
		if p.typ.kind == "title" {
			titles++
		}
	}
	for _, b := range set.backNames[snap.schema] {
		if names[b.name] {
			fail(b.name, "the name is also the back property of two-way relation %q of schema %s", b.prop, b.owner.displayName())
		}
		names[b.name] = true
	}
	switch titles {
	case 0:
		fail("", "no title property")
	case 1:
	default:
		fail("", "%d title properties; a database has exactly one", titles)
	}
	for _, p := range snap.props {
		for _, msg := range set.checkType(snap.schema, p) {
			fail(p.name, "%s", msg)
		}
	}
	return errs
}

// checkType returns what is wrong with the type of property p of schema s.
func (set *schemaSet) checkType(s *Schema, p Property) []string {
	t := p.typ
	var msgs []string
	switch t.kind {
	case "":
		msgs = append(msgs, "no type; make the type with a constructor such as uno.Text()")
	case "select", "multi_select":
		opts := map[string]bool{}
		for _, o := range t.options {
			switch {
			case o.Name == "":
				msgs = append(msgs, "an option has an empty name")
			case strings.Contains(o.Name, ","):
				msgs = append(msgs, fmt.Sprintf("option %q contains a comma", o.Name))
			case opts[o.Name]:
				msgs = append(msgs, fmt.Sprintf("option %q is listed twice", o.Name))
			}
			opts[o.Name] = true
			if o.Color != "" && !slices.Contains(optionColors, o.Color) {
				msgs = append(msgs, fmt.Sprintf("option %q has unknown color %q", o.Name, o.Color))
			}
		}
	case "formula":
		if strings.TrimSpace(t.expr) == "" {
			msgs = append(msgs, "empty formula")
		}
		for _, ref := range formulaRefs(t.expr) {
			if _, ok := set.propertyKind(s, ref); !ok {
				msgs = append(msgs, fmt.Sprintf("the formula refers to property %q, which the schema lacks", ref))
			}
		}
	case "relation":
		target := t.targetOf(s)
		switch {
		case target == nil:
			msgs = append(msgs, "relation to a nil schema")
		case target != s && !set.isCreated(target) && target.DB() == nil:
			msgs = append(msgs, fmt.Sprintf("relation to schema %s, which is neither created in the same call nor bound to a database", target.displayName()))
		}
	case "rollup":
		msgs = append(msgs, set.checkRollup(s, t)...)
	}
	return msgs
}

// checkRollup returns what is wrong with a rollup of schema s.
func (set *schemaSet) checkRollup(s *Schema, t PropertyType) []string {
	var msgs []string
	if !slices.Contains(rollupFunctions, t.rollFn) {
		msgs = append(msgs, fmt.Sprintf("unknown rollup function %q", t.rollFn))
	}
	if t.rollRel == "" || t.rollProp == "" {
		return append(msgs, "a rollup needs a relation property and a property to roll up")
	}
	kind, ok := set.propertyKind(s, t.rollRel)
	switch {
	case !ok:
		return append(msgs, fmt.Sprintf("rollup over relation %q, which the schema lacks", t.rollRel))
	case kind != "relation":
		return append(msgs, fmt.Sprintf("rollup over %q, which is a %s property, not a relation", t.rollRel, kind))
	}
	target, ok := set.relationTarget(s, t.rollRel)
	if !ok {
		return msgs
	}
	if _, ok := set.propertyKind(target, t.rollProp); !ok {
		msgs = append(msgs, fmt.Sprintf("rollup of property %q, which schema %s (the target of relation %q) lacks", t.rollProp, target.displayName(), t.rollRel))
	}
	return msgs
}
