package notiontest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// send posts a file (and a part number, unless "") to an upload's /send URL.
func (c *client) sendFile(uploadID, filename, contentType string, data []byte, part string) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if part != "" {
		require.NoError(c.t, mw.WriteField("part_number", part))
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + filename + `"`}
	if contentType != "" {
		h["Content-Type"] = []string{contentType}
	}
	w, err := mw.CreatePart(h)
	require.NoError(c.t, err)
	_, err = w.Write(data)
	require.NoError(c.t, err)
	require.NoError(c.t, mw.Close())
	return c.raw("POST", "/v1/file_uploads/"+uploadID+"/send", map[string]string{
		"Authorization":  "Bearer " + c.srv.Token,
		"Notion-Version": notionVersion,
		"Content-Type":   mw.FormDataContentType(),
	}, buf.String())
}

// fileOf reads the {"url","expiry_time"} of a Notion-hosted file object.
func fileOf(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok, "not an object: %v", v)
	require.Equal(t, "file", m["type"], "%v", m)
	f, ok := m["file"].(map[string]any)
	require.True(t, ok)
	return f
}

func TestSinglePartUploadAttachedEverywhere(t *testing.T) {
	srv, c := setup(t)
	up := c.ok("POST", "/v1/file_uploads", map[string]any{})
	assert.Equal(t, "file_upload", up["object"])
	assert.Equal(t, "pending", up["status"])
	assert.Equal(t, srv.URL+"/v1/file_uploads/"+up["id"].(string)+"/send", up["upload_url"])
	assert.NotNil(t, up["expiry_time"])
	assert.Nil(t, up["content_length"])
	id := up["id"].(string)

	r := c.sendFile(id, "notes.txt", "text/plain", []byte("hello, file"), "")
	require.Equal(t, http.StatusOK, r.status, "%v", r.body)
	assert.Equal(t, "uploaded", r.body["status"])
	assert.Equal(t, "notes.txt", r.body["filename"])
	assert.Equal(t, "text/plain", r.body["content_type"])
	assert.Equal(t, float64(11), r.body["content_length"])
	r = c.sendFile(id, "notes.txt", "text/plain", []byte("again"), "")
	assert.Equal(t, http.StatusBadRequest, r.status, "an uploaded file takes no more content")

	ref := map[string]any{"type": "file_upload", "file_upload": map[string]any{"id": id}}
	page := c.ok("POST", "/v1/pages", map[string]any{
		"parent":     map[string]any{"page_id": srv.RootPageID},
		"properties": map[string]any{"title": map[string]any{"title": text("With files")}},
		"icon":       ref, "cover": ref,
		"children": []any{
			map[string]any{"image": ref},
			map[string]any{"file": map[string]any{"type": "file_upload", "file_upload": map[string]any{"id": id}, "caption": text("cap")}},
		},
	})
	icon := fileOf(t, page["icon"])
	assert.Contains(t, icon["url"], "/files/"+id+"/notes.txt")
	assert.NotEmpty(t, icon["expiry_time"])
	fileOf(t, page["cover"])

	kids := results(t, c.ok("GET", "/v1/blocks/"+page["id"].(string)+"/children", nil))
	require.Len(t, kids, 2)
	fileOf(t, kids[0]["image"])
	fileBlock := kids[1]["file"].(map[string]any)
	fileOf(t, fileBlock)
	assert.Equal(t, "notes.txt", fileBlock["name"])

	// The URL serves the file.
	res, err := http.Get(icon["url"].(string))
	require.NoError(t, err)
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, "hello, file", string(data))
	assert.Equal(t, "text/plain", res.Header.Get("Content-Type"))

	// A files property value.
	db := c.createDB(srv.RootPageID, "Docs", map[string]any{"Name": map[string]any{"title": map[string]any{}}, "Files": map[string]any{"files": map[string]any{}}})
	row := c.ok("POST", "/v1/pages", map[string]any{
		"parent":     map[string]any{"database_id": db["id"]},
		"properties": map[string]any{"Files": map[string]any{"files": []any{ref}}},
	})
	files := row["properties"].(map[string]any)["Files"].(map[string]any)["files"].([]any)
	require.Len(t, files, 1)
	assert.Equal(t, "notes.txt", files[0].(map[string]any)["name"])
	fileOf(t, files[0])

	// Attached, the upload no longer expires.
	got := c.ok("GET", "/v1/file_uploads/"+id, nil)
	assert.Nil(t, got["expiry_time"])
	assert.Equal(t, false, got["archived"], "archived is still answered before 2026-03-11")
	got = c.at("2026-03-11").ok("GET", "/v1/file_uploads/"+id, nil)
	assert.NotContains(t, got, "archived")
}

func TestMultiPartUpload(t *testing.T) {
	_, c := setup(t)
	r := c.do("POST", "/v1/file_uploads", map[string]any{"mode": "multi_part", "number_of_parts": 2})
	assert.Equal(t, http.StatusBadRequest, r.status, "multi_part needs a filename")
	up := c.ok("POST", "/v1/file_uploads", map[string]any{"mode": "multi_part", "number_of_parts": 2, "filename": "big.bin"})
	id := up["id"].(string)
	assert.Equal(t, map[string]any{"total": float64(2), "sent": float64(0)}, up["number_of_parts"])
	assert.Contains(t, up["complete_url"], "/complete")
	assert.Equal(t, "application/octet-stream", up["content_type"])

	r = c.sendFile(id, "big.bin", "", []byte("tiny"), "1")
	assert.Equal(t, http.StatusBadRequest, r.status, "every part but the last is at least 5 MB")
	r = c.sendFile(id, "big.bin", "", []byte("x"), "")
	assert.Equal(t, http.StatusBadRequest, r.status, "a part needs its number")
	r = c.sendFile(id, "big.bin", "", []byte("x"), "3")
	assert.Equal(t, http.StatusBadRequest, r.status, "part numbers go up to number_of_parts")

	r = c.sendFile(id, "big.bin", "", []byte("tail"), "2")
	require.Equal(t, http.StatusOK, r.status, "%v", r.body)
	assert.Equal(t, "pending", r.body["status"])
	r = c.do("POST", "/v1/file_uploads/"+id+"/complete", nil)
	assert.Equal(t, http.StatusBadRequest, r.status, "part 1 is missing")

	r = c.sendFile(id, "big.bin", "", bytes.Repeat([]byte("a"), minPartBytes), "1")
	require.Equal(t, http.StatusOK, r.status, "%v", r.body)
	assert.Equal(t, map[string]any{"total": float64(2), "sent": float64(2)}, r.body["number_of_parts"])
	done := c.ok("POST", "/v1/file_uploads/"+id+"/complete", nil)
	assert.Equal(t, "uploaded", done["status"])
	assert.Equal(t, float64(minPartBytes+4), done["content_length"])
}

func TestExternalURLUploadAndListing(t *testing.T) {
	clock := newFakeClock()
	_, c := setup(t, WithClock(clock.Now))
	r := c.do("POST", "/v1/file_uploads", map[string]any{"mode": "external_url", "external_url": "http://example.com/a.png", "filename": "a.png"})
	assert.Equal(t, http.StatusBadRequest, r.status, "only https URLs")
	ext := c.ok("POST", "/v1/file_uploads", map[string]any{"mode": "external_url", "external_url": "https://example.com/a.png", "filename": "a.png"})
	assert.Equal(t, "pending", ext["status"])
	assert.Equal(t, "image/png", ext["content_type"])
	got := c.ok("GET", "/v1/file_uploads/"+ext["id"].(string), nil)
	assert.Equal(t, "uploaded", got["status"], "the emulator imports at once")
	assert.Equal(t, "success", got["file_import_result"].(map[string]any)["type"])

	stale := c.ok("POST", "/v1/file_uploads", map[string]any{"filename": "late.txt"})
	clock.Advance(2 * time.Hour)
	fresh := c.ok("POST", "/v1/file_uploads", map[string]any{})
	got = c.ok("GET", "/v1/file_uploads/"+stale["id"].(string), nil)
	assert.Equal(t, "expired", got["status"], "a pending upload expires after an hour")

	all := results(t, c.ok("GET", "/v1/file_uploads", nil))
	require.Len(t, all, 3)
	assert.Equal(t, fresh["id"], all[0]["id"], "newest first")
	pending := results(t, c.ok("GET", "/v1/file_uploads?status=pending", nil))
	require.Len(t, pending, 1)
	assert.Equal(t, fresh["id"], pending[0]["id"])
	page := c.ok("GET", "/v1/file_uploads?page_size=2", nil)
	assert.Equal(t, true, page["has_more"])
	assert.Equal(t, "file_upload", page["type"])
	rest := c.ok("GET", "/v1/file_uploads?page_size=2&start_cursor="+page["next_cursor"].(string), nil)
	assert.Len(t, results(t, rest), 1)
	r = c.do("GET", "/v1/file_uploads?status=done", nil)
	assert.Equal(t, http.StatusBadRequest, r.status)

	r = c.do("POST", "/v1/pages", map[string]any{
		"parent": map[string]any{"page_id": c.srv.RootPageID},
		"icon":   map[string]any{"type": "file_upload", "file_upload": map[string]any{"id": fresh["id"]}},
	})
	assert.Equal(t, http.StatusBadRequest, r.status, "a pending upload cannot be attached")
	assert.Equal(t, "validation_error", r.body["code"])
}
