package uno

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/internal/jsonscan"
)

// rawObject is what every decoded object gives back.
type rawObject interface{ Raw() json.RawMessage }

// checkList decodes a list answer in one pass and checks it against encoding/json: the same
// results, each Raw byte for byte the element of the answer, and the same cursor.
func checkList[T rawObject](t *testing.T, where string, data []byte, read func(*jsonscan.Reader, *Session) (T, error)) int {
	t.Helper()
	var want listPage
	require.NoError(t, json.Unmarshal(data, &want), where)
	got, err := decodeList(data, nil, read)
	require.NoError(t, err, where)
	require.Len(t, got.results, len(want.Results), where)
	for i, v := range got.results {
		require.Equal(t, string(want.Results[i]), string(v.Raw()), "%s: result %d", where, i)
	}
	assert.Equal(t, want.HasMore, got.hasMore, where)
	assert.Equal(t, want.NextCursor, got.nextCursor, where)
	return len(got.results)
}

// TestListRawIsTheAnswersBytes decodes every recorded list of pages, databases, blocks or
// users of both API versions in one pass.
func TestListRawIsTheAnswersBytes(t *testing.T) {
	counts := map[string]int{}
	for _, dir := range []string{"testdata/recordings", "testdata/recordings-2026-03-11"} {
		files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, files, dir)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			var rec recording
			require.NoError(t, json.Unmarshal(data, &rec), f)
			for _, it := range rec.Interactions {
				var list struct {
					Object  string `json:"object"`
					Results []struct {
						Object string `json:"object"`
					} `json:"results"`
				}
				if it.Status != http.StatusOK || json.Unmarshal(it.Response, &list) != nil || list.Object != "list" || len(list.Results) == 0 {
					continue
				}
				kind := list.Results[0].Object
				for _, r := range list.Results {
					if r.Object != kind {
						kind = "mixed"
					}
				}
				where := f + " " + it.Method + " " + it.URI
				switch kind {
				case "page":
					counts[kind] += checkList(t, where, it.Response, readPage)
				case "database":
					counts[kind] += checkList(t, where, it.Response, readDatabase)
				case "block":
					counts[kind] += checkList(t, where, it.Response, readBlock)
				case "user":
					counts[kind] += checkList(t, where, it.Response, readUser)
				}
			}
		}
	}
	t.Logf("decoded from lists: %v", counts)
	for _, kind := range []string{"page", "database", "block", "user"} {
		assert.Positive(t, counts[kind], "no recorded list of %s", kind)
	}
}

func TestSingleAnswerRawIsTheObject(t *testing.T) {
	raw := "\n {\"object\":\"user\",\"id\":\"29c974f3-b388-815c-9212-cff02f337d60\",\"type\":\"bot\",\"bot\":{}} \n"
	u, err := newUser([]byte(raw), nil)
	require.NoError(t, err)
	assert.Equal(t, raw[2:len(raw)-2], string(u.Raw()))
	assert.True(t, u.IsBot())

	_, err = newUser([]byte(raw+"{}"), nil)
	assert.ErrorIs(t, err, ErrInvalidResponse, "a second value after the object")
}

func TestDecodeMembersInAnyOrder(t *testing.T) {
	// The content of a block before its type, and a title property's text before its type.
	b, err := newBlock([]byte(`{"heading_2":{"rich_text":[{"plain_text":"Late "},{"plain_text":"type"}]},
		"created_by":{"object":"user","id":"x"},"object":"block","id":"29c974f3b388815c9212cff02f337d60",
		"type":"heading_2","has_children":true,"in_trash":true}`), nil)
	require.NoError(t, err)
	assert.Equal(t, "Late type", b.Text())
	assert.Equal(t, "heading_2", b.Type())
	assert.True(t, b.HasChildren())
	assert.True(t, b.IsDeleted())

	p, err := newPage([]byte(`{"properties":{"Tags":{"type":"multi_select","multi_select":[]},
		"Name":{"title":[{"plain_text":"Première"}],"type":"title","id":"title"}},
		"parent":{"database_id":"00000000-0000-4000-8000-000000000001","type":"database_id"},
		"url":"https://www.notion.so/x","object":"page","id":"29c974f3-b388-815c-9212-cff02f337d60"}`), nil)
	require.NoError(t, err)
	assert.Equal(t, "Première", p.Title())
	assert.Equal(t, ParentRef{Type: "database_id", ID: mustID(t, "00000000-0000-4000-8000-000000000001")}, p.Parent())
	assert.Equal(t, "https://www.notion.so/x", p.URL())
}

func TestDecodeTextWithEscapes(t *testing.T) {
	d, err := newDatabase([]byte(`{"object":"database","id":"29c974f3b388815c9212cff02f337d60",
		"title":[{"plain_text":"Tab\there \"quoted\" \u00e9"}],"description":[],"is_inline":true,
		"parent":{"type":"workspace","workspace":true}}`), nil)
	require.NoError(t, err)
	assert.Equal(t, "Tab\there \"quoted\" é", d.Title())
	assert.True(t, d.IsInline())
	assert.Equal(t, ParentRef{Type: "workspace"}, d.Parent())
}

func TestParseTimestampAgreesWithTimeParse(t *testing.T) {
	for _, in := range []string{
		"2025-10-30T15:44:00.000Z", "2024-02-29T23:59:59.999Z", "2025-01-01T00:00:00Z",
		"2025-10-30T15:44:00.123456Z", "2025-10-30T15:44:00.000+02:00",
		"2023-02-29T00:00:00.000Z", "2025-13-01T00:00:00.000Z", "2025-00-10T00:00:00.000Z",
		"2025-10-30T24:00:00.000Z", "2025-10-30T15:60:00.000Z", "2025-10-30T15:44:61.000Z",
		"2025-10-30 15:44:00.000Z", "2025-10-30T15:44:00.0a0Z", "yesterday", "",
	} {
		want, wantErr := time.Parse(time.RFC3339Nano, in)
		got, ok := parseTimestamp([]byte(in))
		assert.Equal(t, wantErr == nil, ok, in)
		if ok {
			assert.True(t, want.Equal(got), "%s: %v != %v", in, got, want)
		}
	}
}

func TestDecodeListRejectsMalformed(t *testing.T) {
	for _, in := range []string{
		``, `null`, `[]`, `{"results":{}}`, `{"results":[{"object":"page"}]}`, `{"results":[5]}`,
		`{"results":[],"has_more":"yes"}`, `{"results":[]`, `{"results":[]} x`, `{"next_cursor":5}`,
	} {
		_, err := decodeList([]byte(in), nil, readPage)
		assert.Error(t, err, "input %q", in)
	}
	page, err := decodeList([]byte(`{"object":"list","results":[],"has_more":false,"next_cursor":null}`), nil, readPage)
	require.NoError(t, err)
	assert.Empty(t, page.results)
	assert.Nil(t, page.nextCursor)
	assert.False(t, page.incomplete)

	page, err = decodeList([]byte(`{"object":"list","results":[],"has_more":false,"next_cursor":null,
		"request_status":{"type":"incomplete","incomplete_reason":"query_result_limit_reached"}}`), nil, readPage)
	require.NoError(t, err)
	assert.True(t, page.incomplete)
}

// mustID parses a UUID for a test.
func mustID(t *testing.T, s string) uuid.UUID {
	t.Helper()
	id, err := ParseID(s)
	require.NoError(t, err)
	return id
}

func FuzzDecodeList(f *testing.F) {
	f.Add([]byte(`{"object":"list","results":[{"object":"page","id":"29c974f3-b388-815c-9212-cff02f337d60","properties":{}}],"has_more":true,"next_cursor":"c"}`))
	f.Add([]byte(`{"results":[{"object":"block","id":"29c974f3b388815c9212cff02f337d60","child_page":{"title":"t"},"type":"child_page"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, decode := range []func([]byte) error{
			func(b []byte) error { _, err := decodeList(b, nil, readPage); return err },
			func(b []byte) error { _, err := decodeList(b, nil, readDatabase); return err },
			func(b []byte) error { _, err := decodeList(b, nil, readBlock); return err },
			func(b []byte) error { _, err := decodeList(b, nil, readUser); return err },
		} {
			if decode(data) == nil && !json.Valid(data) {
				t.Fatalf("invalid JSON decoded: %q", data)
			}
		}
	})
}

// referenceFields is what an object's accessors must say, read with encoding/json.
type referenceFields struct {
	Object         string `json:"object"`
	ID             string `json:"id"`
	LastEditedTime string `json:"last_edited_time"`
	Archived       bool   `json:"archived"`
	InTrash        bool   `json:"in_trash"`
	Parent         struct {
		Type         string `json:"type"`
		PageID       string `json:"page_id"`
		DatabaseID   string `json:"database_id"`
		BlockID      string `json:"block_id"`
		DataSourceID string `json:"data_source_id"`
	} `json:"parent"`
	URL         string                     `json:"url"`
	Type        string                     `json:"type"`
	Name        string                     `json:"name"`
	Title       json.RawMessage            `json:"title"`
	Properties  map[string]json.RawMessage `json:"properties"`
	HasChildren bool                       `json:"has_children"`
}

// referenceText joins the plain text of a rich text array read with encoding/json.
func referenceText(t *testing.T, raw json.RawMessage) string {
	var items []richText
	require.NoError(t, json.Unmarshal(raw, &items))
	return plainText(items)
}

// TestDecodedFieldsAgreeWithEncodingJSON checks every recorded page, database, block and user
// of both API versions: what the one-pass decoder reads equals what encoding/json reads.
func TestDecodedFieldsAgreeWithEncodingJSON(t *testing.T) {
	checked := 0
	for _, dir := range []string{"testdata/recordings", "testdata/recordings-2026-03-11"} {
		files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
		require.NoError(t, err)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			var rec recording
			require.NoError(t, json.Unmarshal(data, &rec), f)
			for _, it := range rec.Interactions {
				if it.Status != http.StatusOK || len(it.Response) == 0 {
					continue
				}
				items := []json.RawMessage{it.Response}
				var list listPage
				if json.Unmarshal(it.Response, &list) == nil && list.Results != nil {
					items = list.Results
				}
				for _, raw := range items {
					if checkFields(t, f, raw) {
						checked++
					}
				}
			}
		}
	}
	t.Logf("%d objects checked", checked)
	assert.Greater(t, checked, 3000)
}

// checkFields compares the accessors of one decoded object with encoding/json's reading.
func checkFields(t *testing.T, where string, raw json.RawMessage) bool {
	var ref referenceFields
	require.NoError(t, json.Unmarshal(raw, &ref), where)
	obj, ok, err := decodeAny(raw)
	if !ok {
		return false
	}
	require.NoError(t, err, where)
	id, err := uuid.Parse(ref.ID)
	require.NoError(t, err, where)
	wantParent := ParentRef{Type: ref.Parent.Type}
	for kind, pid := range map[string]string{"page_id": ref.Parent.PageID, "database_id": ref.Parent.DatabaseID,
		"block_id": ref.Parent.BlockID, "data_source_id": ref.Parent.DataSourceID} {
		if kind == ref.Parent.Type {
			wantParent.ID, _ = uuid.Parse(pid)
		}
	}
	if ref.Parent.Type == "data_source_id" {
		wantParent.Database, _ = uuid.Parse(ref.Parent.DatabaseID)
	}
	var wantEdited time.Time
	if ref.LastEditedTime != "" {
		wantEdited, err = time.Parse(time.RFC3339Nano, ref.LastEditedTime)
		require.NoError(t, err, where)
	}
	deleted := ref.Archived || ref.InTrash
	switch o := obj.(type) {
	case *Page:
		title := ""
		for _, prop := range ref.Properties {
			var p struct {
				Type  string          `json:"type"`
				Title json.RawMessage `json:"title"`
			}
			require.NoError(t, json.Unmarshal(prop, &p))
			if p.Type == "title" {
				title = referenceText(t, p.Title)
			}
		}
		assert.Equal(t, []any{id, title, ref.URL, deleted, wantParent, wantEdited},
			[]any{o.ID(), o.Title(), o.URL(), o.IsDeleted(), o.Parent(), o.LastEditedTime()}, where)
	case *Database:
		assert.Equal(t, []any{id, referenceText(t, ref.Title), ref.URL, deleted, wantParent, wantEdited},
			[]any{o.ID(), o.Title(), o.URL(), o.IsDeleted(), o.Parent(), o.LastEditedTime()}, where)
	case *Block:
		var fields map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &fields))
		var content struct {
			RichText []richText `json:"rich_text"`
			Title    string     `json:"title"`
		}
		text := ""
		if json.Unmarshal(fields[ref.Type], &content) == nil {
			text = plainText(content.RichText)
			if content.Title != "" {
				text = content.Title
			}
		}
		assert.Equal(t, []any{id, ref.Type, text, ref.HasChildren, deleted, wantParent, wantEdited},
			[]any{o.ID(), o.Type(), o.text, o.HasChildren(), o.IsDeleted(), o.Parent(), o.LastEditedTime()}, where)
	case *User:
		assert.Equal(t, []any{id, ref.Name, ref.Type}, []any{o.ID(), o.Name(), o.Type()}, where)
	}
	return true
}

// referencePageProperties reads a page's property values with encoding/json.
func referencePageProperties(t testing.TB, raw json.RawMessage) []PropertyValue {
	var top struct {
		Properties json.RawMessage `json:"properties"`
	}
	require.NoError(t, json.Unmarshal(raw, &top))
	members, err := objectMembers(top.Properties)
	require.NoError(t, err)
	values := []PropertyValue{}
	for _, m := range members {
		var h struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		}
		if json.Unmarshal(m.value, &h) == nil {
			values = append(values, PropertyValue{Name: m.name, ID: h.ID, Type: h.Type, Raw: m.value})
		}
	}
	return values
}

// TestPagePropertiesAgreeWithEncodingJSON reads the property values of every recorded page of
// both API versions, and of odd shapes, in one pass and with encoding/json.
func TestPagePropertiesAgreeWithEncodingJSON(t *testing.T) {
	pages := []json.RawMessage{
		json.RawMessage(`{"object":"page","properties":{"a":null,"b":5,"c":{"id":7,"type":"x"},"d":{"id":"i","type":null,"x":[1]},"e":{}}}`),
		json.RawMessage(`{"object":"page","properties":null}`),
		json.RawMessage(`{"object":"page"}`),
	}
	for _, dir := range []string{"testdata/recordings", "testdata/recordings-2026-03-11"} {
		files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
		require.NoError(t, err)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			var rec recording
			require.NoError(t, json.Unmarshal(data, &rec), f)
			for _, it := range rec.Interactions {
				items := []json.RawMessage{it.Response}
				var list listPage
				if json.Unmarshal(it.Response, &list) == nil && list.Results != nil {
					items = list.Results
				}
				for _, raw := range items {
					var kind struct {
						Object string `json:"object"`
					}
					if json.Unmarshal(raw, &kind) == nil && kind.Object == "page" {
						pages = append(pages, raw)
					}
				}
			}
		}
	}
	for _, raw := range pages {
		assert.Equal(t, referencePageProperties(t, raw), pageProperties(raw), "%.200s", raw)
	}
	assert.Greater(t, len(pages), 1000)
}

// BenchmarkPageProperties reads the property values of the recorded pages of both API
// versions in one pass ("uno") and as before, with encoding/json ("encoding-json").
func BenchmarkPageProperties(b *testing.B) {
	var pages []json.RawMessage
	for _, set := range recordedSets(b) {
		for _, a := range set.answers {
			var list listPage
			if json.Unmarshal(a.body, &list) == nil && list.Results != nil {
				for _, raw := range list.Results {
					var kind struct {
						Object string `json:"object"`
					}
					if json.Unmarshal(raw, &kind) == nil && kind.Object == "page" {
						pages = append(pages, raw)
					}
				}
			}
		}
	}
	require.NotEmpty(b, pages)
	for _, c := range []struct {
		name string
		read func(json.RawMessage) []PropertyValue
	}{
		{"uno", pageProperties},
		{"encoding-json", func(raw json.RawMessage) []PropertyValue { return referencePageProperties(b, raw) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, raw := range pages {
					c.read(raw)
				}
			}
			b.ReportMetric(float64(len(pages)), "pages/op")
		})
	}
}
