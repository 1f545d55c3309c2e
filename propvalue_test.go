package uno

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordedPages returns every page object of the recorded answers, also inside lists.
func recordedPages(t *testing.T) []*Page {
	t.Helper()
	var pages []*Page
	var walk func(raw json.RawMessage)
	walk = func(raw json.RawMessage) {
		var h struct {
			Object  string            `json:"object"`
			Results []json.RawMessage `json:"results"`
		}
		if json.Unmarshal(raw, &h) != nil {
			return
		}
		switch h.Object {
		case "page":
			p, err := newPage(raw, nil)
			require.NoError(t, err)
			pages = append(pages, p)
		case "list":
			for _, r := range h.Results {
				walk(r)
			}
		}
	}
	for _, rec := range loadRecordings(t) {
		for _, it := range rec.Interactions {
			walk(it.Response)
		}
	}
	return pages
}

func TestRecordedPageValuesDecode(t *testing.T) {
	modelled := map[string]bool{
		"title": true, "rich_text": true, "number": true, "checkbox": true, "select": true,
		"status": true, "multi_select": true, "date": true, "people": true, "relation": true,
		"files": true, "url": true, "email": true, "phone_number": true, "created_time": true,
		"created_by": true, "last_edited_time": true, "last_edited_by": true, "unique_id": true,
		"formula": true, "rollup": true,
	}
	seen := map[string]int{}
	for _, p := range recordedPages(t) {
		for _, v := range p.Properties() {
			seen[v.Type]++
			got := v.Value()
			_ = v.String()
			if modelled[v.Type] {
				_, isRaw := got.(json.RawMessage)
				assert.False(t, isRaw, "page %s property %q (%s) did not decode: %s", p.ID(), v.Name, v.Type, v.Raw)
			}
		}
	}
	for kind := range modelled {
		assert.NotZero(t, seen[kind], "the recordings hold no %s value", kind)
	}
	for _, unknown := range []string{"place", "button", "verification"} {
		assert.NotZero(t, seen[unknown], "the recordings hold no %s value", unknown)
	}
}

// pageWith returns a page whose properties are the given JSON object.
func pageWith(t *testing.T, props string) *Page {
	t.Helper()
	raw := `{"object":"page","id":"29c974f3-b388-81e5-9006-e502c5b73786","last_edited_time":"2025-10-30T15:49:00.000Z",` +
		`"parent":{"type":"database_id","database_id":"29c974f3-b388-8194-b861-c228b4a7f8db"},"properties":` + props + `}`
	p, err := newPage([]byte(raw), nil)
	require.NoError(t, err)
	return p
}

func TestPageValues(t *testing.T) {
	p := pageWith(t, `{
		"Task": {"id":"title","type":"title","title":[{"plain_text":"Buy "},{"plain_text":"milk"}]},
		"Due": {"id":"a","type":"date","date":{"start":"2019-03-30","end":null,"time_zone":null}},
		"At": {"id":"b","type":"date","date":{"start":"2025-10-30T16:45:00.000+01:00","end":"2025-10-30T18:00:00.000+01:00","time_zone":null}},
		"None": {"id":"c","type":"date","date":null},
		"Cost": {"id":"d","type":"number","number":4.5},
		"NoCost": {"id":"e","type":"number","number":null},
		"Done": {"id":"f","type":"checkbox","checkbox":true},
		"Status": {"id":"g","type":"select","select":{"id":"x","name":"Done","color":"green"}},
		"Empty": {"id":"h","type":"select","select":null},
		"Tags": {"id":"i","type":"multi_select","multi_select":[{"name":"a"},{"name":"b"}]},
		"Rel": {"id":"j","type":"relation","relation":[{"id":"29c974f3-b388-8135-b5b1-ed0ed4439e69"}],"has_more":false},
		"Who": {"id":"k","type":"people","people":[{"object":"user","id":"00000000-0000-4000-8000-0000000000fa","name":"Florian"}]},
		"ID": {"id":"l","type":"unique_id","unique_id":{"prefix":"T","number":3}},
		"F": {"id":"m","type":"formula","formula":{"type":"string","string":"🔥 Overdue"}},
		"FN": {"id":"n","type":"formula","formula":{"type":"number","number":84}},
		"R": {"id":"o","type":"rollup","rollup":{"type":"array","function":"show_original","array":[{"type":"title","title":[{"plain_text":"x"}]},{"type":"number","number":2}]}},
		"Files": {"id":"p","type":"files","files":[{"name":"My File","type":"external","external":{"url":"https://example.com/f.txt"}}]},
		"Made": {"id":"q","type":"created_time","created_time":"2025-10-30T15:49:00.000Z"},
		"Where": {"id":"r","type":"place","place":{"lat":1.5,"lon":2}},
		"Odd": {"id":"s","type":"number","number":"not a number"}
	}`)
	assert.Equal(t, "Buy milk", p.Value("Task"))
	due, ok := p.Value("Due").(DateValue)
	require.True(t, ok)
	assert.False(t, due.HasTime, "a day stays a day")
	assert.Equal(t, "2019-03-30", due.String())
	at, ok := p.Value("At").(DateValue)
	require.True(t, ok)
	assert.True(t, at.HasTime)
	assert.True(t, at.IsRange())
	assert.True(t, at.Start.Equal(time.Date(2025, 10, 30, 15, 45, 0, 0, time.UTC)))
	assert.Nil(t, p.Value("None"))
	assert.Equal(t, 4.5, p.Value("Cost"))
	assert.Nil(t, p.Value("NoCost"))
	assert.Equal(t, true, p.Value("Done"))
	assert.Equal(t, "Done", p.Value("Status"))
	assert.Nil(t, p.Value("Empty"))
	assert.Equal(t, []string{"a", "b"}, p.Value("Tags"))
	assert.Equal(t, []uuid.UUID{uuid.MustParse("29c974f3-b388-8135-b5b1-ed0ed4439e69")}, p.Value("Rel"))
	assert.Equal(t, UniqueIDValue{Prefix: "T", Number: 3}, p.Value("ID"))
	assert.Equal(t, "🔥 Overdue", p.Value("F"))
	assert.Equal(t, 84.0, p.Value("FN"))
	assert.Equal(t, []any{"x", 2.0}, p.Value("R"))
	assert.Equal(t, []FileRef{{Name: "My File", URL: "https://example.com/f.txt"}}, p.Value("Files"))
	assert.Equal(t, time.Date(2025, 10, 30, 15, 49, 0, 0, time.UTC), p.Value("Made"))
	assert.JSONEq(t, `{"lat":1.5,"lon":2}`, string(p.Value("Where").(json.RawMessage)))
	assert.JSONEq(t, `"not a number"`, string(p.Value("Odd").(json.RawMessage)), "a value of an unexpected shape keeps its JSON")
	assert.Nil(t, p.Value("Missing"))

	texts := map[string]string{
		"Task": "Buy milk", "Due": "2019-03-30", "Cost": "4.5", "NoCost": "", "Done": "true",
		"Tags": "a, b", "Who": "Florian", "ID": "T-3", "R": "x, 2", "Files": "My File",
		"At": "2025-10-30T16:45:00+01:00 → 2025-10-30T18:00:00+01:00",
	}
	for name, want := range texts {
		v, ok := p.Property(name)
		require.True(t, ok, name)
		assert.Equal(t, want, v.String(), name)
	}
	names := make([]string, 0, len(p.Properties()))
	for _, v := range p.Properties() {
		names = append(names, v.Name)
	}
	assert.Equal(t, []string{"Task", "Due", "At", "None", "Cost", "NoCost", "Done", "Status", "Empty", "Tags",
		"Rel", "Who", "ID", "F", "FN", "R", "Files", "Made", "Where", "Odd"}, names, "Notion's order is kept")
}

// taskProps are the properties of a database with every writable type.
var taskProps = []DBProperty{
	{Name: "Task", Type: "title"}, {Name: "Notes", Type: "rich_text"}, {Name: "Cost", Type: "number"},
	{Name: "Done", Type: "checkbox"}, {Name: "Size", Type: "select"},
	{Name: "Stage", Type: "status", Config: json.RawMessage(`{"options":[{"name":"Not started"},{"name":"Done"}]}`)},
	{Name: "Tags", Type: "multi_select"}, {Name: "Due", Type: "date"}, {Name: "Link", Type: "url"},
	{Name: "Mail", Type: "email"}, {Name: "Phone", Type: "phone_number"}, {Name: "Who", Type: "people"},
	{Name: "Rel", Type: "relation"}, {Name: "Files", Type: "files"}, {Name: "Urgency", Type: "formula"},
	{Name: "Where", Type: "place"},
}

func TestEncodeValues(t *testing.T) {
	id := uuid.MustParse("29c974f3-b388-8135-b5b1-ed0ed4439e69")
	page := &Page{object: object{id: id}}
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{"Task", "Buy milk", `{"title":[{"type":"text","text":{"content":"Buy milk"}}]}`},
		{"Notes", nil, `{"rich_text":[]}`},
		{"Cost", 3, `{"number":3}`},
		{"Cost", float32(2.5), `{"number":2.5}`},
		{"Cost", nil, `{"number":null}`},
		{"Done", true, `{"checkbox":true}`},
		{"Size", "L", `{"select":{"name":"L"}}`},
		{"Size", "", `{"select":null}`},
		{"Stage", "Done", `{"status":{"name":"Done"}}`},
		{"Tags", []string{"a", "b"}, `{"multi_select":[{"name":"a"},{"name":"b"}]}`},
		{"Due", Day(2019, time.March, 30), `{"date":{"start":"2019-03-30"}}`},
		{"Due", Day(2019, time.March, 30).Until(time.Date(2019, 4, 2, 0, 0, 0, 0, time.UTC)), `{"date":{"start":"2019-03-30","end":"2019-04-02"}}`},
		{"Due", time.Date(2025, 10, 30, 16, 45, 0, 0, time.FixedZone("", 3600)), `{"date":{"start":"2025-10-30T16:45:00.000+01:00"}}`},
		{"Due", DateValue{Start: time.Date(2025, 10, 30, 15, 45, 0, 0, time.UTC), HasTime: true, TimeZone: "Europe/Berlin"}, `{"date":{"start":"2025-10-30T16:45:00.000","time_zone":"Europe/Berlin"}}`},
		{"Due", nil, `{"date":null}`},
		{"Link", "https://example.com", `{"url":"https://example.com"}`},
		{"Mail", "", `{"email":null}`},
		{"Phone", "+1 234", `{"phone_number":"+1 234"}`},
		{"Who", []uuid.UUID{id}, `{"people":[{"object":"user","id":"29c974f3-b388-8135-b5b1-ed0ed4439e69"}]}`},
		{"Rel", page, `{"relation":[{"id":"29c974f3-b388-8135-b5b1-ed0ed4439e69"}]}`},
		{"Rel", []*Page{page, page}, `{"relation":[{"id":"29c974f3-b388-8135-b5b1-ed0ed4439e69"},{"id":"29c974f3-b388-8135-b5b1-ed0ed4439e69"}]}`},
		{"Rel", []string{"29c974f3b3888135b5b1ed0ed4439e69"}, `{"relation":[{"id":"29c974f3-b388-8135-b5b1-ed0ed4439e69"}]}`},
		{"Rel", nil, `{"relation":[]}`},
		{"Files", FileRef{Name: "robots", URL: "https://example.com/robots.txt"}, `{"files":[{"name":"robots","type":"external","external":{"url":"https://example.com/robots.txt"}}]}`},
		{"Where", json.RawMessage(`{"place":null}`), `{"place":null}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := encodeValues(taskProps, Values{tc.name: tc.value})
			require.NoError(t, err)
			got, err := json.Marshal(out[tc.name])
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(got))
		})
	}
}

func TestEncodeValuesRejects(t *testing.T) {
	long := make([]uuid.UUID, 101)
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{"Nope", "x", `property "Nope": the database has no such property`},
		{"Task", 42, `property "Task" (title): got int, want a string`},
		{"Cost", "12", `got string, want a number`},
		{"Done", "yes", `got string, want a bool`},
		{"Stage", "Doing", `no status option "Doing"`},
		{"Size", "a,b", `contains a comma`},
		{"Tags", "a", `got string, want []string`},
		{"Due", "2024-01-01", `want uno.DateValue or time.Time`},
		{"Due", DateValue{}, `date without a start`},
		{"Due", Day(2024, 1, 2).Until(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)), "ends before it starts"},
		{"Due", DateValue{Start: time.Now(), HasTime: true, TimeZone: "Mars/Olympus"}, "unknown time zone"},
		{"Rel", "not an id", "invalid Notion id"},
		{"Rel", (*Page)(nil), "nil reference"},
		{"Rel", long, "101 references"},
		{"Files", FileRef{Name: "x"}, "needs a URL"},
		{"Urgency", "🔥", "computed by Notion"},
		{"Where", "Berlin", `type "place" is written only as a json.RawMessage`},
		{"Where", json.RawMessage(`{`), "not valid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := encodeValues(taskProps, Values{tc.name: tc.value})
			require.ErrorIs(t, err, ErrInvalidValue)
			assert.Contains(t, err.Error(), tc.name)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	_, err := encodeValues(taskProps, Values{"Cost": "x", "Done": 1})
	require.ErrorIs(t, err, ErrInvalidValue)
	assert.Contains(t, err.Error(), `"Cost"`)
	assert.Contains(t, err.Error(), `"Done"`, "every problem is reported")
}

func TestDateValueRoundTrip(t *testing.T) {
	for _, d := range []DateValue{
		Day(2019, time.March, 30),
		DayOf(time.Date(2024, 2, 29, 23, 30, 0, 0, time.FixedZone("", -5*3600))),
		DateTime(time.Date(2025, 10, 30, 16, 45, 0, 0, time.UTC)),
		Day(2024, 1, 1).Until(time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)),
		{Start: time.Date(2025, 10, 30, 15, 45, 0, 0, time.UTC), HasTime: true, TimeZone: "America/New_York"},
	} {
		j, err := d.encode()
		require.NoError(t, err)
		data, err := json.Marshal(j)
		require.NoError(t, err)
		got, err := decodeDate(data)
		require.NoError(t, err)
		back, ok := got.(DateValue)
		require.True(t, ok)
		assert.Equal(t, d.HasTime, back.HasTime, d.String())
		assert.True(t, d.Start.Equal(back.Start), "%s: %s != %s", data, d.Start, back.Start)
		assert.True(t, d.End.Equal(back.End), string(data))
		assert.Equal(t, d.TimeZone, back.TimeZone)
	}
	assert.Equal(t, "2024-02-29", DayOf(time.Date(2024, 2, 29, 23, 30, 0, 0, time.FixedZone("", -5*3600))).String())
}

func FuzzPropertyValue(f *testing.F) {
	for _, seed := range []string{
		`{"type":"date","date":{"start":"2019-03-30","end":null}}`,
		`{"type":"rollup","rollup":{"type":"array","array":[{"type":"date","date":{"start":"x"}}]}}`,
		`{"type":"formula","formula":{"type":"number","number":null}}`,
		`{"type":"people","people":[{"id":"nope","name":7}]}`,
		`{"type":"unique_id","unique_id":{"prefix":null,"number":3}}`,
		`[1,2]`, `null`, `{"type":"files","files":[{"type":"file","file":{"url":"u","expiry_time":"t"}}]}`,
	} {
		f.Add(seed)
	}
	kinds := []string{"title", "rich_text", "number", "checkbox", "select", "status", "multi_select", "date",
		"people", "relation", "files", "url", "created_time", "created_by", "unique_id", "formula", "rollup", "place"}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, kind := range kinds {
			v := PropertyValue{Name: "P", Type: kind, Raw: json.RawMessage(raw)}
			_ = v.Value()
			_ = v.String()
		}
	})
}
