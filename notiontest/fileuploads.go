package notiontest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits of Notion's file uploads.
const (
	maxSinglePartBytes = 20 << 20 // a single-part upload, and one part of a multi-part one
	minPartBytes       = 5 << 20  // every part of a multi-part upload but the last
	maxParts           = 1000     // parts of a multi-part upload
	uploadLifetime     = time.Hour
	fileURLLifetime    = time.Hour // how long the URL of an uploaded file stays valid
	// maxSendBytes bounds the body of POST /v1/file_uploads/{id}/send: one part and the
	// multipart/form-data framing around it.
	maxSendBytes = maxSinglePartBytes + 64<<10
)

// fileUpload is one file upload of the workspace.
type fileUpload struct {
	id          string
	created     time.Time
	mode        string // single_part, multi_part or external_url
	filename    string // "" until known
	contentType string // "" until known
	externalURL string
	parts       int            // number_of_parts of a multi-part upload
	sent        map[int][]byte // part number (1 for a single part) -> its bytes
	status      string         // pending, uploaded, expired (failed is never reached)
	attached    bool           // used in a page, block or comment: it no longer expires
	imported    time.Time      // when an external_url upload was "imported"
	seq         uint64         // creation order
}

// uploads returns the workspace's file uploads by id, creating the map on first use.
func (st *store) uploadsByID() map[string]*fileUpload {
	if st.uploads == nil {
		st.uploads = map[string]*fileUpload{}
	}
	return st.uploads
}

// refresh moves a pending upload that outlived its hour to expired.
func (u *fileUpload) refresh(now time.Time) {
	if u.status == "pending" && !u.attached && now.After(u.created.Add(uploadLifetime)) {
		u.status = "expired"
	}
}

// length is the number of bytes received.
func (u *fileUpload) length() int {
	n := 0
	for _, b := range u.sent {
		n += len(b)
	}
	return n
}

// content is the uploaded file: its parts in order.
func (u *fileUpload) content() []byte {
	var buf bytes.Buffer
	for _, k := range slices.Sorted(maps.Keys(u.sent)) {
		buf.Write(u.sent[k])
	}
	return buf.Bytes()
}

// object is the upload as Notion answers it (in the form of 2026-03-11; callers at older
// versions add "archived").
func (u *fileUpload) object(st *store, base string) jsonObject {
	u.refresh(st.now())
	var expiry, filename, contentType, length any
	if !u.attached {
		expiry = u.created.Add(uploadLifetime).UTC().Format(timeLayout)
	}
	if u.filename != "" {
		filename = u.filename
	}
	if u.contentType != "" {
		contentType = u.contentType
	}
	if u.status == "uploaded" {
		length = u.length()
	}
	ts := u.created.UTC().Truncate(time.Minute).Format(timeLayout)
	out := jsonObject{
		"object":           "file_upload",
		"id":               u.id,
		"created_time":     ts,
		"created_by":       jsonObject{"id": st.botID, "type": "bot"},
		"last_edited_time": ts,
		"in_trash":         false,
		"expiry_time":      expiry,
		"status":           u.status,
		"filename":         filename,
		"content_type":     contentType,
		"content_length":   length,
	}
	switch u.mode {
	case "single_part":
		out["upload_url"] = base + "/v1/file_uploads/" + u.id + "/send"
	case "multi_part":
		out["upload_url"] = base + "/v1/file_uploads/" + u.id + "/send"
		out["complete_url"] = base + "/v1/file_uploads/" + u.id + "/complete"
		out["number_of_parts"] = jsonObject{"total": u.parts, "sent": len(u.sent)}
	case "external_url":
		if u.status == "uploaded" {
			out["file_import_result"] = jsonObject{"imported_time": u.imported.UTC().Format(timeLayout),
				"type": "success", "success": jsonObject{}}
		}
	}
	return out
}

// uploadAnswer is an upload as answered at the call's version.
func (st *store) uploadAnswer(u *fileUpload, c *call) jsonObject {
	out := u.object(st, c.base)
	if c.version < v2026 {
		out["archived"] = false
	}
	return out
}

// handleCreateFileUpload answers POST /v1/file_uploads: a new upload in mode single_part (the
// default), multi_part (number_of_parts, filename) or external_url (external_url, filename).
// An external_url upload is answered pending and is uploaded from then on: the emulator does
// not fetch the URL.
func handleCreateFileUpload(st *store, c *call) (jsonObject, *apiError) {
	u := &fileUpload{id: newUUID(), created: st.now(), mode: "single_part", status: "pending", sent: map[int][]byte{}, seq: st.nextSeq()}
	if raw, ok := c.body["mode"]; ok && raw != nil {
		m, _ := raw.(string)
		switch m {
		case "single_part", "multi_part", "external_url":
			u.mode = m
		default:
			return nil, bodyValidation("body.mode should be one of `\"single_part\"`, `\"multi_part\"`, `\"external_url\"`, instead was `%s`.", jsonText(raw))
		}
	}
	var err *apiError
	if u.filename, err = optionalString(c.body, "filename", 900); err != nil {
		return nil, err
	}
	if u.contentType, err = optionalString(c.body, "content_type", 200); err != nil {
		return nil, err
	}
	if u.contentType == "" && u.filename != "" {
		u.contentType = contentTypeOf(u.filename)
	}
	switch u.mode {
	case "multi_part":
		n, ok := c.body["number_of_parts"].(float64)
		if !ok || n != float64(int(n)) {
			return nil, bodyValidation("body.number_of_parts should be defined, instead was `%s`.", jsonText(c.body["number_of_parts"]))
		}
		if n < 1 || n > maxParts {
			return nil, bodyValidation("body.number_of_parts should be between 1 and %d, instead was `%d`.", maxParts, int(n))
		}
		if u.filename == "" {
			return nil, bodyValidation("body.filename should be defined for mode `multi_part`, instead was `undefined`.")
		}
		u.parts = int(n)
	case "external_url":
		raw, _ := c.body["external_url"].(string)
		pu, perr := url.Parse(raw)
		if raw == "" || perr != nil || pu.Scheme != "https" || pu.Host == "" {
			return nil, bodyValidation("body.external_url should be an https URL, instead was `%s`.", jsonText(c.body["external_url"]))
		}
		if len(raw) > maxLinkURL {
			return nil, bodyValidation("body.external_url.length should be ≤ `%d`, instead was `%d`.", maxLinkURL, len(raw))
		}
		if u.filename == "" {
			return nil, bodyValidation("body.filename should be defined for mode `external_url`, instead was `undefined`.")
		}
		u.externalURL = raw
	}
	for k, mode := range map[string]string{"number_of_parts": "multi_part", "external_url": "external_url"} {
		if raw, ok := c.body[k]; ok && u.mode != mode {
			return nil, bodyValidation("body.%s should be not present for mode `%s`, instead was `%s`.", k, u.mode, jsonText(raw))
		}
	}
	st.uploadsByID()[u.id] = u
	answer := st.uploadAnswer(u, c)
	if u.mode == "external_url" {
		// The import is instant: from the next request on, the upload is uploaded.
		u.status, u.imported = "uploaded", st.now()
	}
	return answer, nil
}

// optionalString reads an optional string of a body, at most max characters long.
func optionalString(body jsonObject, key string, max int) (string, *apiError) {
	raw, ok := body[key]
	if !ok || raw == nil {
		return "", nil
	}
	s, ok := raw.(string)
	if !ok {
		return "", bodyValidation("body.%s should be a string, instead was `%s`.", key, jsonText(raw))
	}
	if len(s) > max {
		return "", bodyValidation("body.%s.length should be ≤ `%d`, instead was `%d`.", key, max, len(s))
	}
	return s, nil
}

// contentTypeOf is the MIME type of a file name's extension, without parameters;
// application/octet-stream when unknown.
func contentTypeOf(filename string) string {
	t := mime.TypeByExtension(strings.ToLower(path.Ext(filename)))
	if t == "" {
		return "application/octet-stream"
	}
	mt, _, err := mime.ParseMediaType(t)
	if err != nil {
		return "application/octet-stream"
	}
	return mt
}

// lookupUpload returns the upload named by the path.
func (st *store) lookupUpload(id string) (*fileUpload, *apiError) {
	u, ok := st.uploadsByID()[id]
	if !ok {
		return nil, notFoundError("file upload", id)
	}
	u.refresh(st.now())
	return u, nil
}

// handleGetFileUpload answers GET /v1/file_uploads/{file_upload_id}.
func handleGetFileUpload(st *store, c *call) (jsonObject, *apiError) {
	u, err := st.lookupUpload(c.params["file_upload_id"])
	if err != nil {
		return nil, err
	}
	return st.uploadAnswer(u, c), nil
}

// handleSendFileUpload answers POST /v1/file_uploads/{file_upload_id}/send: a
// multipart/form-data body with the file (field "file") and, for a multi-part upload, its
// part_number (1 to number_of_parts). A single-part upload is then uploaded; a multi-part one
// waits for /complete.
func handleSendFileUpload(st *store, c *call) (jsonObject, *apiError) {
	u, err := st.lookupUpload(c.params["file_upload_id"])
	if err != nil {
		return nil, err
	}
	if u.mode == "external_url" {
		return nil, validationError("File upload %s was created with mode external_url: it takes no content.", u.id)
	}
	if u.status != "pending" {
		return nil, validationError("File upload %s is %s: only a pending upload takes content.", u.id, u.status)
	}
	form, err := readUploadForm(c.contentType, c.raw)
	if err != nil {
		return nil, err
	}
	part := 1
	switch {
	case u.mode == "multi_part":
		if form.partNumber == "" {
			return nil, bodyValidation("body.part_number should be defined for a multi_part upload, instead was `undefined`.")
		}
		n, perr := strconv.Atoi(form.partNumber)
		if perr != nil || n < 1 || n > u.parts {
			return nil, bodyValidation("body.part_number should be an integer between 1 and %d, instead was `%s`.", u.parts, jsonText(form.partNumber))
		}
		part = n
		if len(form.data) > maxSinglePartBytes {
			return nil, validationError("A part may be at most %d bytes; part %d has %d.", maxSinglePartBytes, n, len(form.data))
		}
		if n < u.parts && len(form.data) < minPartBytes {
			return nil, validationError("Every part but the last must be at least %d bytes; part %d has %d.", minPartBytes, n, len(form.data))
		}
	case form.partNumber != "":
		return nil, bodyValidation("body.part_number should be not present for a single_part upload, instead was `%s`.", jsonText(form.partNumber))
	case len(form.data) > maxSinglePartBytes:
		return nil, validationError("A single-part upload may be at most %d bytes, instead was %d. Use mode multi_part.", maxSinglePartBytes, len(form.data))
	}
	if u.filename == "" {
		u.filename = form.filename
	}
	if u.contentType == "" {
		u.contentType = form.contentType
		if u.contentType == "" || u.contentType == "application/octet-stream" {
			u.contentType = contentTypeOf(u.filename)
		}
	}
	u.sent[part] = form.data
	if u.mode == "single_part" {
		u.status = "uploaded"
	}
	return st.uploadAnswer(u, c), nil
}

// uploadForm is what a send request carries.
type uploadForm struct {
	data        []byte
	filename    string
	contentType string
	partNumber  string
}

// readUploadForm parses the multipart/form-data body of a send request.
func readUploadForm(contentType string, body []byte) (uploadForm, *apiError) {
	var f uploadForm
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return f, validationError("The body of a file upload must be multipart/form-data, instead the Content-Type was `%s`.", contentType)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	hasFile := false
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return f, validationError("The multipart/form-data body could not be read: %v.", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return f, validationError("The multipart/form-data body could not be read: %v.", err)
		}
		switch p.FormName() {
		case "file":
			hasFile = true
			f.data, f.filename = data, p.FileName()
			if ct := p.Header.Get("Content-Type"); ct != "" {
				if mt, _, err := mime.ParseMediaType(ct); err == nil {
					f.contentType = mt
				}
			}
		case "part_number":
			f.partNumber = strings.TrimSpace(string(data))
		}
	}
	if !hasFile {
		return f, bodyValidation("body.file should be defined, instead was `undefined`.")
	}
	return f, nil
}

// handleCompleteFileUpload answers POST /v1/file_uploads/{file_upload_id}/complete: a
// multi-part upload whose parts were all sent is uploaded.
func handleCompleteFileUpload(st *store, c *call) (jsonObject, *apiError) {
	u, err := st.lookupUpload(c.params["file_upload_id"])
	if err != nil {
		return nil, err
	}
	if u.mode != "multi_part" {
		return nil, validationError("Only a multi_part upload is completed; file upload %s has mode %s.", u.id, u.mode)
	}
	if u.status != "pending" {
		return nil, validationError("File upload %s is %s: only a pending upload can be completed.", u.id, u.status)
	}
	if len(u.sent) != u.parts {
		return nil, validationError("File upload %s has received %d of its %d parts.", u.id, len(u.sent), u.parts)
	}
	u.status = "uploaded"
	return st.uploadAnswer(u, c), nil
}

// handleListFileUploads answers GET /v1/file_uploads: the uploads, newest first, optionally
// only those of one status, paginated.
func handleListFileUploads(st *store, c *call) (jsonObject, *apiError) {
	p, err := queryPaging(c.query)
	if err != nil {
		return nil, err
	}
	status := c.query.Get("status")
	switch status {
	case "", "pending", "uploaded", "expired", "failed":
	default:
		return nil, validationError("query failed validation: query.status should be one of `\"pending\"`, `\"uploaded\"`, `\"expired\"`, `\"failed\"`, instead was `%s`.", jsonText(status))
	}
	now := st.now()
	var list []*fileUpload
	for _, u := range st.uploadsByID() {
		u.refresh(now)
		if status == "" || u.status == status {
			list = append(list, u)
		}
	}
	slices.SortFunc(list, func(a, b *fileUpload) int { return int(b.seq) - int(a.seq) })
	items, next, err := paginate(list, p, func(u *fileUpload) string { return u.id })
	if err != nil {
		return nil, err
	}
	results := make([]any, len(items))
	for i, u := range items {
		results[i] = st.uploadAnswer(u, c)
	}
	return listAnswer("file_upload", results, next), nil
}

// resolvedUpload stands, in a decoded request body, for a {"type": "file_upload",
// "file_upload": {"id": ...}} reference that resolveUploads checked: it is not a JSON type,
// so a client cannot send one. The normalizers of icons, covers, media blocks and files
// values turn it into the Notion-hosted file it names.
type resolvedUpload struct {
	url      string
	expiry   string
	filename string
}

// file is the file object Notion answers for an uploaded file: {"url": ..., "expiry_time":
// ...}.
func (r *resolvedUpload) file() jsonObject {
	return jsonObject{"url": r.url, "expiry_time": r.expiry}
}

// resolveUploads finds every file_upload reference in a request body, checks that it names
// an uploaded file, and replaces its "file_upload" object by a *resolvedUpload. It returns
// the uploads named, to be marked attached once the request succeeded.
func (st *store) resolveUploads(body jsonObject, base string) ([]*fileUpload, *apiError) {
	var used []*fileUpload
	var walk func(v any) *apiError
	walk = func(v any) *apiError {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["file_upload"].(map[string]any); ok && ref["id"] != nil && (x["type"] == nil || x["type"] == "file_upload") {
				u, err := st.uploadForUse(ref)
				if err != nil {
					return err
				}
				used = append(used, u)
				x["type"] = "file_upload"
				x["file_upload"] = &resolvedUpload{
					url:      fileURL(base, u),
					expiry:   st.now().Add(fileURLLifetime).UTC().Format(timeLayout),
					filename: u.filename,
				}
				return nil
			}
			for _, e := range x {
				if err := walk(e); err != nil {
					return err
				}
			}
		case []any:
			for _, e := range x {
				if err := walk(e); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(body); err != nil {
		return nil, err
	}
	return used, nil
}

// uploadForUse checks a {"id": ...} reference to an upload that a request attaches.
func (st *store) uploadForUse(ref jsonObject) (*fileUpload, *apiError) {
	raw, _ := ref["id"].(string)
	id, ok := normalizeID(raw)
	if !ok {
		return nil, bodyValidation("file_upload.id should be a valid uuid, instead was `%s`.", jsonText(ref["id"]))
	}
	u, ok := st.uploadsByID()[id]
	if !ok {
		return nil, validationError("Could not find file upload with ID: %s.", id)
	}
	u.refresh(st.now())
	if u.status != "uploaded" {
		return nil, validationError("File upload %s is %s: only an uploaded file can be attached.", id, u.status)
	}
	return u, nil
}

// fileURL is where the emulator serves an uploaded file (GET, no token needed, like the
// signed URLs of Notion-hosted files).
func fileURL(base string, u *fileUpload) string {
	name := u.filename
	if name == "" {
		name = "file"
	}
	return fmt.Sprintf("%s%s%s/%s", base, filesPathPrefix, u.id, url.PathEscape(name))
}

// filesPathPrefix is the path under which uploaded files are served.
const filesPathPrefix = "/files/"

// uploadedFileRef returns the resolved upload of a {"type": "file_upload", ...} object of a
// request, or an error naming path when the reference was not resolved.
func uploadedFileRef(m jsonObject, path string) (*resolvedUpload, *apiError) {
	r, ok := m["file_upload"].(*resolvedUpload)
	if !ok {
		return nil, bodyValidation("%s.file_upload.id should be defined, instead was `undefined`.", path)
	}
	return r, nil
}

// uploadedFile is an icon, cover or media content naming an upload, as Notion answers it:
// {"type": "file", "file": {"url", "expiry_time"}}.
func uploadedFile(m jsonObject, path string) (jsonObject, *apiError) {
	r, err := uploadedFileRef(m, path)
	if err != nil {
		return nil, err
	}
	return jsonObject{"type": "file", "file": r.file()}, nil
}

// uploadedContent returns the bytes of an uploaded file served at a path under
// filesPathPrefix, and its content type.
func (st *store) uploadedContent(p string) ([]byte, string, bool) {
	rest := strings.TrimPrefix(p, filesPathPrefix)
	id, _, _ := strings.Cut(rest, "/")
	u, ok := st.uploadsByID()[id]
	if !ok || u.status != "uploaded" || u.mode == "external_url" {
		return nil, "", false
	}
	return u.content(), u.contentType, true
}

// bodyLimit is the largest body accepted on a path: Notion's 500 KB, or one part of a file
// upload on /send.
func bodyLimit(p string) int {
	if strings.HasPrefix(p, "/v1/file_uploads/") && strings.HasSuffix(p, "/send") {
		return maxSendBytes
	}
	return maxRequestBytes
}

// run runs a route's handler with the file uploads its body names resolved, marks them
// attached when it succeeds, and counts the request as a write unless its route only reads.
func (st *store) run(rt routeDef, c *call) (jsonObject, *apiError) {
	if !readOnlyRoute(rt) {
		defer st.noteWrite()
	}
	var used []*fileUpload
	if c.body != nil {
		var err *apiError
		if used, err = st.resolveUploads(c.body, c.base); err != nil {
			return nil, err
		}
	}
	res, err := rt.handler(st, c)
	if err == nil {
		for _, u := range used {
			u.attached = true
		}
	}
	return res, err
}

// serveFile answers GET /files/{upload_id}/{name}: the bytes of an uploaded file.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	s.st.mu.Lock()
	data, contentType, ok := s.st.uploadedContent(r.URL.Path)
	s.st.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}
