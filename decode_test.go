package uno

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recording is one file of testdata/recordings (2022-06-28) or
// testdata/recordings-2026-03-11.
type recording struct {
	Source       string `json:"source"`
	Interactions []struct {
		Seq      int             `json:"seq"`
		Method   string          `json:"method"`
		URI      string          `json:"uri"`
		Request  json.RawMessage `json:"request"`
		Status   int             `json:"status"`
		Response json.RawMessage `json:"response"`
	} `json:"interactions"`
}

// loadRecordings reads every recording of both sets.
func loadRecordings(t testing.TB) map[string]recording {
	t.Helper()
	files, err := filepath.Glob("testdata/recordings*/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	recs := make(map[string]recording, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var r recording
		require.NoError(t, json.Unmarshal(data, &r), f)
		recs[f] = r
	}
	return recs
}

// decodeAny decodes one Notion object with uno's decoders; ok is false for kinds uno does not
// model (comments, property items).
func decodeAny(raw []byte) (obj interface{ Raw() json.RawMessage }, ok bool, err error) {
	var h struct {
		Object string `json:"object"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, false, err
	}
	switch h.Object {
	case "page":
		p, err := newPage(raw, nil)
		return p, true, err
	case "database":
		d, err := newDatabase(raw, nil)
		return d, true, err
	case "data_source":
		d, err := newDataSource(raw, nil)
		return d, true, err
	case "block":
		b, err := newBlock(raw, nil)
		return b, true, err
	case "user":
		u, err := newUser(raw, nil)
		return u, true, err
	}
	return nil, false, nil
}

// TestDecodeRecordedResponses runs every recorded answer through uno's objects and checks
// that each decodes and re-encodes without losing a field.
func TestDecodeRecordedResponses(t *testing.T) {
	counts := map[string]int{}
	for file, rec := range loadRecordings(t) {
		for _, it := range rec.Interactions {
			if it.Status != 200 || len(it.Response) == 0 {
				continue
			}
			items := []json.RawMessage{it.Response}
			var list listPage
			if json.Unmarshal(it.Response, &list) == nil && list.Results != nil {
				items = list.Results
				counts["list"]++
			}
			for _, raw := range items {
				obj, ok, err := decodeAny(raw)
				require.NoError(t, err, "%s #%d %s %s", file, it.Seq, it.Method, it.URI)
				if !ok {
					continue
				}
				var kind struct {
					Object string `json:"object"`
				}
				require.NoError(t, json.Unmarshal(raw, &kind))
				counts[kind.Object]++
				again, err := json.Marshal(obj)
				require.NoError(t, err)
				assert.JSONEq(t, string(raw), string(again), "%s #%d: re-encoding lost data", file, it.Seq)
			}
		}
	}
	t.Logf("decoded: %v", counts)
	for _, kind := range []string{"page", "database", "data_source", "block", "user", "list"} {
		assert.Positive(t, counts[kind], "no recorded %s decoded", kind)
	}
}

func TestDecodedAccessors(t *testing.T) {
	raw := []byte(`{"object":"page","id":"29c974f3-b388-815c-9212-cff02f337d60","last_edited_time":"2025-10-30T15:44:00.000Z",
	"archived":false,"in_trash":true,"parent":{"type":"database_id","database_id":"00000000-0000-4000-8000-000000000001"},
	"properties":{"Where":{"id":"p","type":"place","place":{"lat":1}},"Name":{"id":"title","type":"title","title":[{"plain_text":"Hello "},{"plain_text":"world"}]}},
	"url":"https://www.notion.so/Hello-world-29c974f3b388815c9212cff02f337d60"}`)
	p, err := newPage(raw, nil)
	require.NoError(t, err)
	assert.Equal(t, "Hello world", p.Title())
	assert.True(t, p.IsDeleted())
	assert.Equal(t, "database_id", p.Parent().Type)
	assert.Equal(t, "00000000-0000-4000-8000-000000000001", p.Parent().ID.String())
	assert.Equal(t, "https://www.notion.so/Hello-world-29c974f3b388815c9212cff02f337d60", p.URL())

	blockRaw := []byte(`{"object":"block","id":"29c974f3-b388-815c-9212-cff02f337d60","type":"audio","audio":{"type":"external","external":{"url":"https://x/a.mp3"}},"has_children":false}`)
	b, err := newBlock(blockRaw, nil)
	require.NoError(t, err)
	assert.Equal(t, "audio", b.Type())
	assert.JSONEq(t, string(blockRaw), string(b.Raw()))
}

func TestDecodeRejectsMalformed(t *testing.T) {
	for _, raw := range []string{
		``, `null`, `[]`, `{"object":"page"}`, `{"object":"block","id":"nope"}`,
		`{"object":"user","id":"29c974f3-b388-815c-9212-cff02f337d60","last_edited_time":"yesterday"}`,
		`{"object":"database","id":"29c974f3-b388-815c-9212-cff02f337d60","title":"not a list"}`,
		`<html>502 Bad Gateway</html>`,
	} {
		_, err1 := newPage([]byte(raw), nil)
		_, err2 := newDatabase([]byte(raw), nil)
		_, err3 := newBlock([]byte(raw), nil)
		_, err4 := newUser([]byte(raw), nil)
		for _, err := range []error{err1, err2, err3, err4} {
			assert.ErrorIs(t, err, ErrInvalidResponse, "input %q", raw)
		}
	}
}

func FuzzDecodeObject(f *testing.F) {
	f.Add([]byte(`{"object":"page","id":"29c974f3-b388-815c-9212-cff02f337d60","properties":{"t":{"type":"title","title":[{"plain_text":"x"}]}}}`))
	f.Add([]byte(`{"object":"block","id":"29c974f3b388815c9212cff02f337d60","type":"paragraph","paragraph":{"rich_text":[{"plain_text":"p"}]}}`))
	f.Add([]byte(`{"object":"block","id":"29c974f3b388815c9212cff02f337d60","type":"child_page","child_page":{"title":7}}`))
	f.Add([]byte(`{"object":"list","results":[{"object":"user"}],"has_more":true,"next_cursor":null}`))
	f.Add([]byte(`{"object":"database","id":"29c974f3b388815c9212cff02f337d60","data_sources":[{"id":"x"},{"id":"29c974f3b388815c9212cff02f337d61","name":7}]}`))
	f.Add([]byte(`{"object":"data_source","id":"29c974f3b388815c9212cff02f337d60","parent":{"type":"database_id","database_id":"29c974f3b388815c9212cff02f337d61"},"database_parent":{"type":"page_id"}}`))
	f.Add([]byte(`{"object":"file_upload","id":"29c974f3b388815c9212cff02f337d60","content_length":"x","file_import_result":{"error":{"message":1}}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, decode := range []func([]byte) error{
			func(b []byte) error { _, err := newPage(b, nil); return err },
			func(b []byte) error { _, err := newDatabase(b, nil); return err },
			func(b []byte) error { _, err := newBlock(b, nil); return err },
			func(b []byte) error { _, err := newUser(b, nil); return err },
			func(b []byte) error { _, err := newDataSource(b, nil); return err },
			func(b []byte) error { _, err := decodeAnswer(b, nil, readFileUpload); return err },
			func(b []byte) error { var l listPage; return json.Unmarshal(b, &l) },
		} {
			_ = decode(raw)
		}
	})
}

// TestDecodeRecordedDataSources reads the data sources and databases of the 2026-03-11
// recordings: titles, parents, properties and the data sources a database lists.
func TestDecodeRecordedDataSources(t *testing.T) {
	var sources, containers int
	for file, rec := range loadRecordings(t) {
		if !strings.Contains(file, "2026-03-11") {
			continue
		}
		for _, it := range rec.Interactions {
			var head struct {
				Object      string            `json:"object"`
				Title       []richText        `json:"title"`
				Parent      map[string]string `json:"parent"`
				Properties  map[string]any    `json:"properties"`
				DataSources []struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"data_sources"`
			}
			if it.Status != 200 || json.Unmarshal(it.Response, &head) != nil {
				continue
			}
			switch head.Object {
			case "data_source":
				ds, err := newDataSource(it.Response, nil)
				require.NoError(t, err, file)
				assert.Equal(t, plainText(head.Title), ds.Title(), file)
				assert.Equal(t, head.Parent["database_id"], ds.DatabaseID().String(), file)
				assert.Len(t, ds.Properties(), len(head.Properties), file)
				_, hasTitle := titlePropertyName(ds.Properties())
				assert.True(t, hasTitle, "%s: a data source has a title property", file)
				assert.Equal(t, "page_id", ds.DatabaseParent().Type, file)
				sources++
			case "database":
				db, err := newDatabase(it.Response, nil)
				require.NoError(t, err, file)
				require.True(t, db.container, "%s: a database of 2026-03-11 is a container", file)
				require.Len(t, db.sources, len(head.DataSources), file)
				for i, ref := range head.DataSources {
					assert.Equal(t, ref.ID, db.sources[i].ID.String(), file)
					assert.Equal(t, ref.Name, db.sources[i].Name, file)
				}
				assert.Empty(t, db.Properties(), "%s: a container has no properties of its own", file)
				containers++
			case "page":
				p, err := newPage(it.Response, nil)
				require.NoError(t, err, file)
				if head.Parent["type"] == "data_source_id" {
					assert.Equal(t, head.Parent["data_source_id"], p.Parent().ID.String(), file)
					assert.Equal(t, head.Parent["database_id"], p.Parent().Database.String(), file)
				}
			}
		}
	}
	t.Logf("data sources: %d, databases: %d", sources, containers)
	assert.Positive(t, sources)
	assert.Positive(t, containers)
}
