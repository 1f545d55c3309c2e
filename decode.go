package uno

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/jsonscan"
)

// Decoding reads each answer once, with a jsonscan.Reader: the members an object keeps are
// read as they pass, the rest only checked and skipped, and the object's Raw is the slice of
// the answer it came from.

// header holds the members every Notion object shares, as decodeObject reads them. Byte
// slices point into the answer.
type header struct {
	object     []byte
	id         []byte
	lastEdited []byte
	archived   bool
	inTrash    bool
	parent     parentJSON
}

// deleted reports whether the object is in the trash, by either member that says so.
func (h *header) deleted() bool { return h.archived || h.inTrash }

// readField reads the member key into h if it is one of the shared members.
func (h *header) readField(r *jsonscan.Reader, key []byte) bool {
	switch string(key) {
	case "object":
		h.object, _ = r.Text()
	case "id":
		h.id, _ = r.Text()
	case "last_edited_time":
		h.lastEdited, _ = r.Text()
	case "archived":
		h.archived = r.Bool()
	case "in_trash":
		h.inTrash = r.Bool()
	case "parent":
		h.parent.read(r)
	default:
		return false
	}
	return true
}

// fieldReader is what each kind of object adds to decodeObject: it reads the members the kind
// keeps beyond the header. A kind's type implements it on the value being decoded, so that
// decoding allocates nothing but that value and the strings it keeps.
type fieldReader interface {
	// readField reads the value of member key from r and returns true, or returns false,
	// reading nothing, for a member the kind does not keep.
	readField(r *jsonscan.Reader, key []byte) bool
}

// decodeObject reads the object of the wanted kind that comes next in r, in one pass: the
// shared members into h, the kind's into f, every other member only checked and skipped. The
// object it returns holds the id, the last edit time and the object's bytes as a slice of
// r's input (nothing is copied). Adding a kind of object takes a type with a readField method
// and a call of decodeObject; decodeAnswer and listSeq then decode it from a single answer
// and from lists.
func decodeObject(r *jsonscan.Reader, kind string, f fieldReader, h *header) (object, error) {
	start := r.Start()
	if !r.Object() {
		if err := r.Err(); err != nil {
			return object{}, fmt.Errorf("%w: decoding %s: %v", ErrInvalidResponse, kind, err)
		}
		return object{}, fmt.Errorf("%w: expected a %s, got null", ErrInvalidResponse, kind)
	}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		if !h.readField(r, key) && !f.readField(r, key) {
			r.Skip()
		}
	}
	if err := r.Err(); err != nil {
		return object{}, fmt.Errorf("%w: decoding %s: %v", ErrInvalidResponse, kind, err)
	}
	if string(h.object) != kind {
		return object{}, fmt.Errorf("%w: expected a %s, got object %q", ErrInvalidResponse, kind, h.object)
	}
	id, ok := parseIDBytes(h.id)
	if !ok {
		return object{}, fmt.Errorf("%w: %s with invalid id %q", ErrInvalidResponse, kind, h.id)
	}
	o := object{id: id, raw: json.RawMessage(r.Slice(start, r.End()))}
	if len(h.lastEdited) > 0 {
		t, ok := parseTimestamp(h.lastEdited)
		if !ok {
			return object{}, fmt.Errorf("%w: %s %s: invalid last_edited_time %q", ErrInvalidResponse, kind, id, h.lastEdited)
		}
		o.lastEdited = t
	}
	return o, nil
}

// decodeAnswer decodes an answer that is one object with read, and checks that nothing but
// whitespace follows it.
func decodeAnswer[T any](data []byte, s *Session, read func(*jsonscan.Reader, *Session) (T, error)) (T, error) {
	r := jsonscan.NewReader(data)
	v, err := read(&r, s)
	if err != nil {
		var zero T
		return zero, err
	}
	if err := r.Finish(); err != nil {
		var zero T
		return zero, fmt.Errorf("%w: %v", ErrInvalidResponse, err)
	}
	return v, nil
}

// readPlainText reads a rich text array (null is empty) and returns its plain text: the
// plain_text of its items, joined. Items are read, not kept; an item of another shape adds no
// text.
func readPlainText(r *jsonscan.Reader) string {
	if !r.Array() {
		return ""
	}
	var (
		first  []byte // the first item's text, a slice of the answer
		joined []byte // the text of all items so far, once there is more than one
		items  int
	)
	for r.Elem() {
		if r.Peek() != '{' {
			r.Skip()
			continue
		}
		r.Object()
		for key, ok := r.Key(); ok; key, ok = r.Key() {
			if string(key) != "plain_text" || r.Peek() != '"' {
				r.Skip()
				continue
			}
			text, _ := r.Text()
			switch items++; items {
			case 1:
				first = text
			case 2:
				joined = append(append(joined, first...), text...)
			default:
				joined = append(joined, text...)
			}
		}
	}
	if items > 1 {
		return string(joined)
	}
	return string(first)
}

// parentJSON is Notion's parent object; ids are slices of the answer.
type parentJSON struct {
	kind       []byte
	pageID     []byte
	databaseID []byte
	blockID    []byte
	sourceID   []byte
}

// read reads a parent object (null is none).
func (p *parentJSON) read(r *jsonscan.Reader) {
	if !r.Object() {
		return
	}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch string(key) {
		case "type":
			p.kind, _ = r.Text()
		case "page_id":
			p.pageID, _ = r.Text()
		case "database_id":
			p.databaseID, _ = r.Text()
		case "block_id":
			p.blockID, _ = r.Text()
		case "data_source_id":
			p.sourceID, _ = r.Text()
		default:
			r.Skip()
		}
	}
}

// ref converts a parent object, decoded with the rest of its object; an absent one gives a
// zero ParentRef, an unknown kind a ParentRef without ID.
func (p *parentJSON) ref() ParentRef {
	var id []byte
	switch string(p.kind) {
	case "":
		return ParentRef{}
	case "page_id":
		id = p.pageID
	case "database_id":
		id = p.databaseID
	case "block_id":
		id = p.blockID
	case "data_source_id":
		id = p.sourceID
	}
	ref := ParentRef{Type: parentKind(p.kind)}
	if ref.Type == "data_source_id" {
		ref.Database, _ = parseIDBytes(p.databaseID)
	}
	if u, ok := parseIDBytes(id); ok {
		ref.ID = u
	}
	return ref
}

// parentKind returns the kind of a parent as a string, without allocating for the kinds
// Notion sends.
func parentKind(kind []byte) string {
	for _, known := range [...]string{"page_id", "database_id", "block_id", "workspace", "data_source_id"} {
		if string(kind) == known {
			return known
		}
	}
	return string(kind)
}

// parseIDBytes accepts exactly 32 hex digits, optionally in the dashed 8-4-4-4-12 form, as
// parseBareID does.
func parseIDBytes(b []byte) (uuid.UUID, bool) {
	if len(b) != 32 && len(b) != 36 {
		return uuid.Nil, false
	}
	id, err := uuid.ParseBytes(b)
	return id, err == nil
}

// parseTimestamp parses an RFC 3339 time. The form Notion sends, "2006-01-02T15:04:05.000Z",
// is read directly; any other goes through time.Parse.
func parseTimestamp(b []byte) (time.Time, bool) {
	if t, ok := parseUTCMillis(b); ok {
		return t, true
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	return t, err == nil
}

// parseUTCMillis parses "2006-01-02T15:04:05.000Z" (or without ".000"); ok is false for any
// other form and for a field out of range, which time.Parse then judges.
func parseUTCMillis(b []byte) (time.Time, bool) {
	if len(b) != len("2006-01-02T15:04:05.000Z") && len(b) != len("2006-01-02T15:04:05Z") {
		return time.Time{}, false
	}
	if b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[len(b)-1] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	millis := 0
	if len(b) == len("2006-01-02T15:04:05.000Z") {
		if b[19] != '.' {
			return time.Time{}, false
		}
		millis = num(20, 3)
	}
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 ||
		minute < 0 || minute > 59 || sec < 0 || sec > 59 || millis < 0 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, millis*int(time.Millisecond), time.UTC)
	if t.Day() != day {
		return time.Time{}, false // a day past the month's end
	}
	return t, true
}
