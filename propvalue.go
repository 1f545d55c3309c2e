package uno

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/uno-go/uno/internal/jsonscan"
)

// PropertyValue is the value of one property of a page, as Notion sent it.
type PropertyValue struct {
	// Name is the property's name.
	Name string
	// ID is Notion's short id of the property.
	ID string
	// Type is Notion's type name, such as "rich_text" or "formula".
	Type string
	// Raw is the property value object, such as {"id":"..","type":"number","number":42}.
	Raw json.RawMessage
}

// Value returns the value as a Go value:
//
//   - title, rich_text: string (the plain text)
//   - number: float64
//   - checkbox: bool
//   - select, status, url, email, phone_number: string
//   - multi_select: []string (option names)
//   - date: DateValue
//   - people, relation: []uuid.UUID
//   - files: []FileRef
//   - created_time, last_edited_time: time.Time
//   - created_by, last_edited_by: uuid.UUID (the user)
//   - unique_id: UniqueIDValue
//   - formula: its result (string, float64, bool or DateValue)
//   - rollup: float64, DateValue, or []any of the rolled-up values
//
// An empty value (a null number, date, select, URL, formula result ...) is nil. Other types,
// and values of an unexpected shape, are their JSON as a json.RawMessage.
func (v PropertyValue) Value() any {
	return decodePropertyValue(v.Type, v.Raw)
}

// String returns the value as text, as a table would show it: "" for an empty value, names
// of people when Notion sent them, dates as "2006-01-02" or RFC 3339.
func (v PropertyValue) String() string {
	switch v.Type {
	case "people", "created_by", "last_edited_by":
		if names := userNames(v.Type, v.Raw); names != "" {
			return names
		}
	}
	return valueText(v.Value())
}

// Property returns the value of the page's property with that name.
func (p *Page) Property(name string) (PropertyValue, bool) {
	for _, v := range p.properties() {
		if v.Name == name {
			return v, true
		}
	}
	return PropertyValue{}, false
}

// Properties returns the values of all properties of the page, in the order Notion sent them.
func (p *Page) Properties() []PropertyValue { return slices.Clone(p.properties()) }

// properties decodes the page's property values once and shares them; callers must not
// modify the slice.
func (p *Page) properties() []PropertyValue {
	p.propsOnce.Do(func() { p.propList = pageProperties(p.raw) })
	return p.propList
}

// pageProperties reads the property values of a page answer, in order, in one pass over the
// page. A value that is not an object with string id and type is left out.
func pageProperties(raw json.RawMessage) []PropertyValue {
	r := jsonscan.NewReader(raw)
	if !r.Object() {
		return nil
	}
	values := []PropertyValue{}
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		if string(key) != "properties" {
			r.Skip()
			continue
		}
		if !r.Object() {
			continue
		}
		for name, ok := r.Key(); ok; name, ok = r.Key() {
			if v, ok := readPropertyValue(&r, name); ok {
				values = append(values, v)
			}
		}
	}
	if r.Finish() != nil {
		return nil
	}
	return values
}

// readPropertyValue reads the property value named name; ok is false for a value of another
// shape.
func readPropertyValue(r *jsonscan.Reader, name []byte) (v PropertyValue, ok bool) {
	start := r.Start()
	if r.Peek() != '{' {
		if r.IsNull() {
			return PropertyValue{Name: string(name), Raw: json.RawMessage("null")}, true
		}
		r.Skip()
		return PropertyValue{}, false
	}
	ok = true
	r.Object()
	for key, more := r.Key(); more; key, more = r.Key() {
		var dst *string
		switch string(key) {
		case "id":
			dst = &v.ID
		case "type":
			dst = &v.Type
		}
		if dst == nil || r.Peek() != '"' && r.Peek() != 'n' {
			ok = ok && dst == nil
			r.Skip()
			continue
		}
		*dst = r.ReadString()
	}
	v.Name = string(name)
	v.Raw = bytes.Clone(r.Slice(start, r.End()))
	return v, ok
}

// Value returns the Go value of the page's property with that name (see PropertyValue.Value),
// or nil when the page has no such property.
func (p *Page) Value(name string) any {
	v, ok := p.Property(name)
	if !ok {
		return nil
	}
	return v.Value()
}

// DateValue is the value of a date property: a calendar day or a moment, optionally a range.
type DateValue struct {
	// Start is the day (at midnight UTC when HasTime is false) or the moment.
	Start time.Time
	// End is the end of a range; zero when the date is not a range.
	End time.Time
	// HasTime is false for a calendar day such as 2019-03-30, true for a moment.
	HasTime bool
	// TimeZone is an IANA time zone name that Notion shows the moment in; usually empty.
	TimeZone string
}

// Day returns the calendar day year-month-day, without a time.
func Day(year int, month time.Month, day int) DateValue {
	return DateValue{Start: time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DayOf returns the calendar day of t in t's location, without a time.
func DayOf(t time.Time) DateValue {
	y, m, d := t.Date()
	return Day(y, m, d)
}

// DateTime returns the moment t.
func DateTime(t time.Time) DateValue { return DateValue{Start: t, HasTime: true} }

// Until returns d as a range ending at end (a day or a moment, like d).
func (d DateValue) Until(end time.Time) DateValue {
	d.End = end
	return d
}

// IsRange reports whether the date has an end.
func (d DateValue) IsRange() bool { return !d.End.IsZero() }

// String returns "2006-01-02" for a day, RFC 3339 for a moment, and "start → end" for a range.
func (d DateValue) String() string {
	s := d.format(d.Start)
	if d.IsRange() {
		s += " → " + d.format(d.End)
	}
	return s
}

// format writes t as a day or a moment.
func (d DateValue) format(t time.Time) string {
	if !d.HasTime {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// dateJSON is Notion's date object.
type dateJSON struct {
	Start    string  `json:"start"`
	End      *string `json:"end"`
	TimeZone *string `json:"time_zone"`
}

// decodeDate reads Notion's date object, keeping a day a day.
func decodeDate(raw json.RawMessage) (any, error) {
	var j *dateJSON
	if err := json.Unmarshal(raw, &j); err != nil || j == nil {
		return nil, err
	}
	d := DateValue{HasTime: len(j.Start) > len(time.DateOnly)}
	if j.TimeZone != nil {
		d.TimeZone = *j.TimeZone
	}
	var err error
	if d.Start, err = parseNotionDate(j.Start, d.TimeZone); err != nil {
		return nil, err
	}
	if j.End != nil && *j.End != "" {
		if d.End, err = parseNotionDate(*j.End, d.TimeZone); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// parseNotionDate parses a day ("2019-03-30") or a moment, with an offset or, when Notion
// leaves it out, in time zone tz.
func parseNotionDate(s, tz string) (time.Time, error) {
	if len(s) == len(time.DateOnly) {
		return time.Parse(time.DateOnly, s)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	loc := time.UTC
	if tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	return time.ParseInLocation("2006-01-02T15:04:05.999999999", s, loc)
}

// encode returns Notion's date object for d.
func (d DateValue) encode() (map[string]any, error) {
	if d.Start.IsZero() {
		return nil, errors.New("date without a start")
	}
	if d.IsRange() && d.End.Before(d.Start) {
		return nil, errors.New("date range ends before it starts")
	}
	j := map[string]any{}
	var loc *time.Location
	if d.TimeZone != "" {
		if !d.HasTime {
			return nil, errors.New("a time zone needs a date with a time")
		}
		l, err := time.LoadLocation(d.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("unknown time zone %q", d.TimeZone)
		}
		loc = l
		j["time_zone"] = d.TimeZone
	}
	format := func(t time.Time) string {
		switch {
		case !d.HasTime:
			return t.Format(time.DateOnly)
		case loc != nil:
			return t.In(loc).Format("2006-01-02T15:04:05.000")
		default:
			return t.Format("2006-01-02T15:04:05.000Z07:00")
		}
	}
	j["start"] = format(d.Start)
	if d.IsRange() {
		j["end"] = format(d.End)
	}
	return j, nil
}

// FileRef is a file of a files property.
type FileRef struct {
	// Name is the file's name as Notion shows it.
	Name string
	// URL is where the file is; for a file uploaded to Notion, a link that expires.
	URL string
	// Expires is when URL stops working; zero for an external link.
	Expires time.Time
}

// fileJSON is Notion's file object.
type fileJSON struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	External *struct {
		URL string `json:"url"`
	} `json:"external"`
	File *struct {
		URL        string `json:"url"`
		ExpiryTime string `json:"expiry_time"`
	} `json:"file"`
}

// UniqueIDValue is the value of a unique_id property.
type UniqueIDValue struct {
	Prefix string // the property's prefix, e.g. "TASK"; "" for none
	Number int    // the page's number
}

// String returns "PREFIX-12", or "12" without a prefix.
func (u UniqueIDValue) String() string {
	if u.Prefix == "" {
		return strconv.Itoa(u.Number)
	}
	return u.Prefix + "-" + strconv.Itoa(u.Number)
}

// decodePropertyValue decodes a property value object of type kind (see PropertyValue.Value).
func decodePropertyValue(kind string, raw json.RawMessage) any {
	var members map[string]json.RawMessage
	if json.Unmarshal(raw, &members) != nil {
		return raw
	}
	inner, ok := members[kind]
	if !ok {
		return raw
	}
	v, err := decodeInner(kind, inner)
	if err != nil {
		return inner
	}
	return v
}

// decodeInner decodes the value of a property of type kind; an unknown type gives its JSON.
func decodeInner(kind string, inner json.RawMessage) (any, error) {
	if string(inner) == "null" {
		return nil, nil
	}
	switch kind {
	case "title", "rich_text":
		var items []richText
		err := json.Unmarshal(inner, &items)
		return plainText(items), err
	case "number":
		var f float64
		err := json.Unmarshal(inner, &f)
		return f, err
	case "checkbox", "boolean":
		var b bool
		err := json.Unmarshal(inner, &b)
		return b, err
	case "url", "email", "phone_number", "string":
		var s string
		err := json.Unmarshal(inner, &s)
		return s, err
	case "select", "status":
		var opt struct {
			Name string `json:"name"`
		}
		err := json.Unmarshal(inner, &opt)
		return opt.Name, err
	case "multi_select":
		var opts []struct {
			Name string `json:"name"`
		}
		err := json.Unmarshal(inner, &opts)
		names := make([]string, len(opts))
		for i, o := range opts {
			names[i] = o.Name
		}
		return names, err
	case "date":
		return decodeDate(inner)
	case "people", "relation":
		return decodeIDs(inner)
	case "created_by", "last_edited_by":
		var u struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(inner, &u); err != nil {
			return nil, err
		}
		id, ok := parseBareID(u.ID)
		if !ok {
			return nil, fmt.Errorf("invalid user id %q", u.ID)
		}
		return id, nil
	case "created_time", "last_edited_time":
		var s string
		if err := json.Unmarshal(inner, &s); err != nil {
			return nil, err
		}
		return time.Parse(time.RFC3339Nano, s)
	case "files":
		return decodeFiles(inner)
	case "unique_id":
		var u struct {
			Prefix *string `json:"prefix"`
			Number *int    `json:"number"`
		}
		if err := json.Unmarshal(inner, &u); err != nil || u.Number == nil {
			return nil, err
		}
		v := UniqueIDValue{Number: *u.Number}
		if u.Prefix != nil {
			v.Prefix = *u.Prefix
		}
		return v, nil
	case "formula", "rollup":
		return decodeComputed(inner)
	}
	return inner, nil
}

// decodeComputed decodes the result of a formula or rollup: {"type": t, t: value}; an array
// rollup gives the rolled-up values, each decoded.
func decodeComputed(inner json.RawMessage) (any, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(inner, &members); err != nil {
		return nil, err
	}
	var kind string
	if err := json.Unmarshal(members["type"], &kind); err != nil {
		return nil, err
	}
	value, ok := members[kind]
	if !ok {
		return nil, nil // "incomplete" and "unsupported" results carry no value
	}
	if kind != "array" {
		return decodeInner(kind, value)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(value, &items); err != nil {
		return nil, err
	}
	out := make([]any, 0, len(items))
	for _, item := range items {
		var h struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(item, &h) != nil {
			out = append(out, item)
			continue
		}
		out = append(out, decodePropertyValue(h.Type, item))
	}
	return out, nil
}

// decodeIDs reads a list of references ({"id": ...}) to users or pages.
func decodeIDs(inner json.RawMessage) ([]uuid.UUID, error) {
	var refs []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(inner, &refs); err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, 0, len(refs))
	for _, r := range refs {
		id, ok := parseBareID(r.ID)
		if !ok {
			return nil, fmt.Errorf("invalid id %q", r.ID)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// decodeFiles reads a list of file objects.
func decodeFiles(inner json.RawMessage) ([]FileRef, error) {
	var files []fileJSON
	if err := json.Unmarshal(inner, &files); err != nil {
		return nil, err
	}
	out := make([]FileRef, 0, len(files))
	for _, f := range files {
		ref := FileRef{Name: f.Name}
		switch {
		case f.External != nil:
			ref.URL = f.External.URL
		case f.File != nil:
			ref.URL = f.File.URL
			if t, err := time.Parse(time.RFC3339Nano, f.File.ExpiryTime); err == nil {
				ref.Expires = t
			}
		}
		out = append(out, ref)
	}
	return out, nil
}

// userNames returns the names of the users of a people, created_by or last_edited_by value,
// or "" when Notion did not send every name.
func userNames(kind string, raw json.RawMessage) string {
	var members map[string]json.RawMessage
	if json.Unmarshal(raw, &members) != nil {
		return ""
	}
	type user struct {
		Name string `json:"name"`
	}
	var users []user
	if kind == "people" {
		if json.Unmarshal(members[kind], &users) != nil {
			return ""
		}
	} else {
		var u user
		if json.Unmarshal(members[kind], &u) != nil {
			return ""
		}
		users = []user{u}
	}
	names := make([]string, 0, len(users))
	for _, u := range users {
		if u.Name == "" {
			return ""
		}
		names = append(names, u.Name)
	}
	return strings.Join(names, ", ")
}

// valueText writes a decoded value as text.
func valueText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []string:
		return strings.Join(v, ", ")
	case []uuid.UUID:
		parts := make([]string, len(v))
		for i, id := range v {
			parts[i] = id.String()
		}
		return strings.Join(parts, ", ")
	case []FileRef:
		parts := make([]string, len(v))
		for i, f := range v {
			parts[i] = f.Name
			if parts[i] == "" {
				parts[i] = f.URL
			}
		}
		return strings.Join(parts, ", ")
	case []any:
		parts := make([]string, len(v))
		for i, item := range v {
			parts[i] = valueText(item)
		}
		return strings.Join(parts, ", ")
	case time.Time:
		return v.Format(time.RFC3339)
	case json.RawMessage:
		return string(v)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// Values are property values to write to a page, by property name. What each property
// accepts depends on its type:
//
//   - title, rich_text: string
//   - number: any Go integer or float type
//   - checkbox: bool
//   - select, status: string (the option's name)
//   - multi_select: []string
//   - date: DateValue (see Day and DateTime), *DateValue, or time.Time (a moment); a day
//     stays a day ("2024-03-30") and a moment keeps its instant; with TimeZone set, the
//     wall time in that zone is sent, and Notion answers it with the zone's UTC offset
//     (and no time_zone)
//   - url, email, phone_number: string
//   - people: uuid.UUID, []uuid.UUID, *User, []*User, or user ids as string or []string
//   - relation: uuid.UUID, []uuid.UUID, *Page, []*Page, or page ids as string or []string
//   - files: FileRef or []FileRef (links to files elsewhere)
//
// Clear empties a property of any of these types (false for a checkbox); nil does the same
// for every type but checkbox, and so does "" for the text and option types. A property left
// out keeps its value. A json.RawMessage is sent as the property value object as is, such as
// json.RawMessage(`{"rich_text":[...]}`), for any type. Formulas, rollups and the other
// computed types cannot be written.
type Values map[string]any

// encodeValues converts values into the "properties" of a page create or update, checking
// each against props, the properties of the page's database. Every problem is reported,
// each wrapping ErrInvalidValue and naming the property.
func encodeValues(props []DBProperty, values Values) (map[string]any, error) {
	byName := make(map[string]DBProperty, len(props))
	for _, p := range props {
		byName[p.Name] = p
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make(map[string]any, len(values))
	var errs []error
	for _, name := range names {
		prop, ok := byName[name]
		if !ok {
			errs = append(errs, fmt.Errorf("%w: property %q: the database has no such property", ErrInvalidValue, name))
			continue
		}
		enc, err := encodeValue(prop, values[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: property %q (%s): %w", ErrInvalidValue, name, prop.Type, err))
			continue
		}
		out[name] = enc
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// maxListItems is the most references or options Notion accepts in one property value.
const maxListItems = 100

// encodeValue converts one Go value into the property value object for prop.
func encodeValue(prop DBProperty, v any) (any, error) {
	if raw, ok := v.(json.RawMessage); ok {
		if !json.Valid(raw) {
			return nil, errors.New("json.RawMessage is not valid JSON")
		}
		return raw, nil
	}
	kind := prop.Type
	if _, ok := v.(clearValue); ok {
		v = cleared(kind)
	}
	switch kind {
	case "title", "rich_text":
		s, err := optionalString(v)
		if err != nil {
			return nil, err
		}
		items, err := limitedRichText(s)
		if err != nil {
			return nil, err
		}
		return map[string]any{kind: items}, nil
	case "number":
		if v == nil {
			return map[string]any{kind: nil}, nil
		}
		f, ok := toFloat(v)
		if !ok {
			return nil, typeError(v, "a number")
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%v is not a number Notion can store", f)
		}
		return map[string]any{kind: f}, nil
	case "checkbox":
		b, ok := v.(bool)
		if !ok {
			return nil, typeError(v, "a bool")
		}
		return map[string]any{kind: b}, nil
	case "select", "status":
		return encodeOption(prop, v)
	case "multi_select":
		return encodeMultiSelect(v)
	case "date":
		return encodeDate(v)
	case "url", "email", "phone_number":
		s, err := optionalString(v)
		if err != nil {
			return nil, err
		}
		if s == "" {
			return map[string]any{kind: nil}, nil
		}
		return map[string]any{kind: s}, nil
	case "people", "relation":
		ids, err := toIDs(v)
		if err != nil {
			return nil, err
		}
		if len(ids) > maxListItems {
			return nil, fmt.Errorf("%d references; Notion accepts at most %d", len(ids), maxListItems)
		}
		refs := make([]map[string]any, len(ids))
		for i, id := range ids {
			refs[i] = map[string]any{"id": id.String()}
			if kind == "people" {
				refs[i]["object"] = "user"
			}
		}
		return map[string]any{kind: refs}, nil
	case "files":
		return encodeFiles(v)
	case "formula", "rollup", "created_time", "created_by", "last_edited_time", "last_edited_by",
		"unique_id", "button", "verification":
		return nil, errors.New("the property is computed by Notion and cannot be written")
	}
	return nil, fmt.Errorf("type %q is written only as a json.RawMessage", kind)
}

// typeError reports a Go value of the wrong type.
func typeError(v any, want string) error {
	return fmt.Errorf("got %T, want %s", v, want)
}

// optionalString accepts a string, or nil for "".
func optionalString(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	}
	return "", typeError(v, "a string")
}

// toFloat converts any Go number to float64.
func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int8:
		return float64(n), true
	case int16:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint8:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// encodeOption converts a select or status value; a status must name an existing option.
func encodeOption(prop DBProperty, v any) (any, error) {
	name, err := optionalString(v)
	if err != nil {
		return nil, err
	}
	if name == "" {
		return map[string]any{prop.Type: nil}, nil
	}
	if strings.Contains(name, ",") {
		return nil, fmt.Errorf("option %q contains a comma", name)
	}
	if opts := prop.Options(); prop.Type == "status" && len(opts) > 0 {
		if !slices.ContainsFunc(opts, func(o SelectOption) bool { return o.Name == name }) {
			names := make([]string, len(opts))
			for i, o := range opts {
				names[i] = o.Name
			}
			return nil, fmt.Errorf("no status option %q; the options are %s", name, strings.Join(names, ", "))
		}
	}
	return map[string]any{prop.Type: map[string]any{"name": name}}, nil
}

// encodeMultiSelect converts a multi-select value.
func encodeMultiSelect(v any) (any, error) {
	var names []string
	switch v := v.(type) {
	case nil:
	case []string:
		names = v
	default:
		return nil, typeError(v, "[]string")
	}
	if len(names) > maxListItems {
		return nil, fmt.Errorf("%d options; Notion accepts at most %d", len(names), maxListItems)
	}
	opts := make([]map[string]any, 0, len(names))
	for _, n := range names {
		if n == "" || strings.Contains(n, ",") {
			return nil, fmt.Errorf("invalid option name %q", n)
		}
		opts = append(opts, map[string]any{"name": n})
	}
	return map[string]any{"multi_select": opts}, nil
}

// encodeDate converts a date value.
func encodeDate(v any) (any, error) {
	var d DateValue
	switch v := v.(type) {
	case nil:
		return map[string]any{"date": nil}, nil
	case DateValue:
		d = v
	case *DateValue:
		if v == nil {
			return map[string]any{"date": nil}, nil
		}
		d = *v
	case time.Time:
		d = DateTime(v)
	default:
		return nil, typeError(v, "uno.DateValue or time.Time")
	}
	j, err := d.encode()
	if err != nil {
		return nil, err
	}
	return map[string]any{"date": j}, nil
}

// identified is anything with a Notion id, such as *Page and *User.
type identified interface{ ID() uuid.UUID }

// toIDs converts the accepted forms of a list of references into ids.
func toIDs(v any) ([]uuid.UUID, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case uuid.UUID:
		return []uuid.UUID{v}, nil
	case []uuid.UUID:
		return v, nil
	case string:
		id, err := ParseID(v)
		if err != nil {
			return nil, err
		}
		return []uuid.UUID{id}, nil
	case []string:
		ids := make([]uuid.UUID, len(v))
		for i, s := range v {
			id, err := ParseID(s)
			if err != nil {
				return nil, err
			}
			ids[i] = id
		}
		return ids, nil
	case []*Page:
		return idsOf(v)
	case []*User:
		return idsOf(v)
	case identified:
		if isNilPointer(v) {
			return nil, errors.New("nil reference")
		}
		return []uuid.UUID{v.ID()}, nil
	}
	return nil, typeError(v, "ids (uuid.UUID, []uuid.UUID, *Page, []*Page, *User, []*User, string or []string)")
}

// idsOf returns the ids of a list of objects.
func idsOf[T identified](list []T) ([]uuid.UUID, error) {
	ids := make([]uuid.UUID, len(list))
	for i, x := range list {
		if isNilPointer(x) {
			return nil, fmt.Errorf("reference %d is nil", i)
		}
		ids[i] = x.ID()
	}
	return ids, nil
}

// isNilPointer reports whether x is a nil pointer, such as a nil *Page.
func isNilPointer(x identified) bool {
	v := reflect.ValueOf(x)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// maxFileName is the longest file name Notion accepts.
const maxFileName = 100

// encodeFiles converts a files value: external links, or files uploaded to Notion.
func encodeFiles(v any) (any, error) {
	var files []FileRef
	switch v := v.(type) {
	case nil:
	case FileRef:
		files = []FileRef{v}
	case []FileRef:
		files = v
	case *FileUpload:
		return encodeUploads([]*FileUpload{v})
	case []*FileUpload:
		return encodeUploads(v)
	default:
		return nil, typeError(v, "uno.FileRef, []uno.FileRef, *uno.FileUpload or []*uno.FileUpload")
	}
	out := make([]map[string]any, 0, len(files))
	for _, f := range files {
		if f.URL == "" {
			return nil, errors.New("a file needs a URL")
		}
		name := f.Name
		if name == "" {
			name = f.URL
		}
		if utf8.RuneCountInString(name) > maxFileName {
			name = string([]rune(name)[:maxFileName])
		}
		out = append(out, map[string]any{"name": name, "type": "external", "external": map[string]any{"url": f.URL}})
	}
	return map[string]any{"files": out}, nil
}
