package uno

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// object is what pages, databases, blocks and users share: the id and the JSON exactly as
// Notion last sent it.
type object struct {
	id         uuid.UUID
	raw        json.RawMessage
	lastEdited time.Time
	session    *Session
}

// ID returns the object's UUID.
func (o *object) ID() uuid.UUID { return o.id }

// Raw returns the object's JSON exactly as Notion sent it: the bytes of the answer it came
// in (for a list, the slice of the answer that holds it), not a copy. The caller must not
// modify it.
func (o *object) Raw() json.RawMessage { return o.raw }

// MarshalJSON encodes the object as Notion sent it, with no field lost.
func (o *object) MarshalJSON() ([]byte, error) { return o.raw, nil }

// LastEditedTime is when the object was last edited, as Notion reports it (zero for users).
func (o *object) LastEditedTime() time.Time { return o.lastEdited }

// editedAt orders copies of one object in the cache.
func (o *object) editedAt() time.Time { return o.lastEdited }

// richText is the part of a rich text item uno reads.
type richText struct {
	PlainText string `json:"plain_text"`
}

// plainText joins the plain text of rich text items.
func plainText(items []richText) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0].PlainText
	}
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.PlainText)
	}
	return b.String()
}

// ParentRef says where an object lives: its kind ("page_id", "database_id", "data_source_id",
// "block_id", "workspace") and, unless it is the workspace, the parent's id. For a data source
// parent, Database is the id of the data source's database.
type ParentRef struct {
	Type     string
	ID       uuid.UUID
	Database uuid.UUID
}

// getObject returns the object of type T with that id: from the cache unless opts say NoCache,
// else fetched from path+id, parsed, checked to be the one asked for, and cached by keep.
func getObject[T cached](ctx context.Context, s *Session, path string, id uuid.UUID, opts []GetOption,
	parse func([]byte, *Session) (T, error), keep func(*Session, T) T) (T, error) {
	var zero T
	if useCache(opts) {
		if v, ok := lookup[T](s.cache, id); ok {
			return v, nil
		}
	}
	data, err := s.do(ctx, http.MethodGet, path+id.String(), nil)
	if err != nil {
		return zero, err
	}
	v, err := parse(data, s)
	if err != nil {
		return zero, err
	}
	if v.ID() != id {
		return zero, fmt.Errorf("%w: GET %s%s answered object %s", ErrInvalidResponse, path, id, v.ID())
	}
	return keep(s, v), nil
}

// keepFresh caches v as the freshest copy and returns it.
func keepFresh[T cached](s *Session, v T) T { return put(s.cache, v, true) }
