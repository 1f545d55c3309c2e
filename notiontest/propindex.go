package notiontest

import (
	"net/url"
	"strings"
)

// propIndex finds the entries of one properties object (a schema, or a page's values) by
// name or by id in constant time, so that a request naming thousands of properties costs
// what its properties cost, not their square. It follows the changes made through it (set,
// remove); changes made to the object behind its back are not seen.
type propIndex struct {
	props jsonObject
	byID  map[string]string // canonical id -> name
}

// newPropIndex indexes props.
func newPropIndex(props jsonObject) *propIndex {
	ix := &propIndex{props: props, byID: make(map[string]string, len(props))}
	for name, v := range props {
		if p, ok := v.(map[string]any); ok {
			ix.byID[canonicalPropertyID(str(p, "id"))] = name
		}
	}
	return ix
}

// canonicalPropertyID is a property id with its percent escapes undone (ids reach the
// emulator escaped in URLs and unescaped in bodies); an id that does not unescape is kept.
func canonicalPropertyID(id string) string {
	if !strings.Contains(id, "%") {
		return id
	}
	if u, err := url.PathUnescape(id); err == nil {
		return u
	}
	return id
}

// byIDLookup returns a lookup of the entries of props by id: through an index for many
// properties, by a scan for a few (cheaper than building the index).
func byIDLookup(props jsonObject) func(id string) (string, jsonObject, bool) {
	if len(props) <= 16 {
		return func(id string) (string, jsonObject, bool) { return propertyByID(props, id) }
	}
	return newPropIndex(props).byIDRef
}

// find returns the entry named ref, or else the one whose id is ref, and its name.
func (ix *propIndex) find(ref string) (string, jsonObject, bool) {
	if p, ok := ix.props[ref].(map[string]any); ok {
		return ref, p, true
	}
	return ix.byIDRef(ref)
}

// byIDRef returns the entry with that id and its name.
func (ix *propIndex) byIDRef(id string) (string, jsonObject, bool) {
	name, ok := ix.byID[canonicalPropertyID(id)]
	if !ok {
		return "", nil, false
	}
	p, ok := ix.props[name].(map[string]any)
	return name, p, ok
}

// set stores p under name and indexes its id.
func (ix *propIndex) set(name string, p jsonObject) {
	ix.props[name] = p
	ix.byID[canonicalPropertyID(str(p, "id"))] = name
}

// remove deletes the entry named name.
func (ix *propIndex) remove(name string) {
	if p, ok := ix.props[name].(map[string]any); ok {
		id := canonicalPropertyID(str(p, "id"))
		if ix.byID[id] == name {
			delete(ix.byID, id)
		}
	}
	delete(ix.props, name)
}
