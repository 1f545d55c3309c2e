package uno

import (
	"fmt"

	"github.com/google/uuid"
)

// propertyConfig returns the request JSON of property p of schema owner, as sent in the
// "properties" of a database or data source create or update: {"type": kind, kind: {...}}.
// targetID gives the database of a relation target, or its data source when dataSources.
func propertyConfig(owner *Schema, p Property, targetID func(*Schema) (uuid.UUID, bool), dataSources bool) (map[string]any, error) {
	t := p.typ
	conf := map[string]any{}
	switch t.kind {
	case "number":
		if t.format != "" {
			conf["format"] = t.format
		}
	case "select", "multi_select":
		opts := make([]map[string]any, 0, len(t.options))
		for _, o := range t.options {
			opt := map[string]any{"name": o.Name}
			if o.Color != "" {
				opt["color"] = o.Color
			}
			opts = append(opts, opt)
		}
		conf["options"] = opts
	case "formula":
		conf["expression"] = t.expr
	case "unique_id":
		if t.prefix != "" {
			conf["prefix"] = t.prefix
		}
	case "relation":
		target := t.targetOf(owner)
		id, ok := targetID(target)
		if !ok {
			return nil, fmt.Errorf("%w: schema %s, property %q: the database of schema %s does not exist yet",
				ErrInvalidSchema, owner.displayName(), p.name, target.displayName())
		}
		if dataSources {
			conf["data_source_id"] = id.String()
		} else {
			conf["database_id"] = id.String()
		}
		if t.twoWay {
			conf["type"] = "dual_property"
			conf["dual_property"] = map[string]any{}
		} else {
			conf["type"] = "single_property"
			conf["single_property"] = map[string]any{}
		}
	case "rollup":
		conf["relation_property_name"] = t.rollRel
		conf["rollup_property_name"] = t.rollProp
		conf["function"] = t.rollFn
	}
	if t.rawType {
		if t.raw == nil {
			return map[string]any{"type": t.kind, t.kind: map[string]any{}}, nil
		}
		return map[string]any{"type": t.kind, t.kind: t.raw}, nil
	}
	return map[string]any{"type": t.kind, t.kind: conf}, nil
}

// createDatabaseBody returns the body of POST /v1/databases: parent, title, description and
// the given properties, in one request. With dataSources (version 2025-09-03 and later) the
// properties are those of the database's initial data source.
func createDatabaseBody(parent *Page, snap schemaSnapshot, props map[string]any, dataSources bool) (map[string]any, error) {
	body := map[string]any{
		"parent":    parent.parentJSON(),
		"is_inline": false,
	}
	if dataSources {
		body["initial_data_source"] = map[string]any{"properties": props}
	} else {
		body["properties"] = props
	}
	if snap.title != "" {
		title, err := limitedRichText(snap.title)
		if err != nil {
			return nil, fmt.Errorf("%w: schema %s: title: %w", ErrInvalidSchema, snap.schema.displayName(), err)
		}
		body["title"] = title
	}
	if snap.description != "" {
		desc, err := limitedRichText(snap.description)
		if err != nil {
			return nil, fmt.Errorf("%w: schema %s: description: %w", ErrInvalidSchema, snap.schema.displayName(), err)
		}
		body["description"] = desc
	}
	return body, nil
}

// maxRichTextItems is the most items Notion accepts in one rich text array.
const maxRichTextItems = 100

// limitedRichText is the rich text array of a plain string, or an error when the string needs
// more items than Notion accepts.
func limitedRichText(text string) ([]any, error) {
	items := textRichText(text)
	if len(items) > maxRichTextItems {
		return nil, fmt.Errorf("text of %d characters is longer than Notion accepts", len([]rune(text)))
	}
	return items, nil
}
