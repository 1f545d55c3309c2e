package uno

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/uno-go/uno/internal/jsonscan"
)

// Notion's limits of file uploads: a single-part upload holds up to 20 MB, a multi-part one
// 1000 parts of 5 to 20 MB each (the last may be smaller).
const (
	maxSinglePart   = 20 << 20
	minPartSize     = 5 << 20
	maxUploadParts  = 1000
	defaultPartSize = 10 << 20
)

// FileUpload is a file uploaded to Notion (or being uploaded). Use it as the value of a files
// property (a *FileUpload or []*FileUpload in Values), as a page icon or cover
// (WithIconFile, WithCoverFile, Page.SetIconFile, Page.SetCoverFile). Notion drops an upload
// that is not attached to anything within about an hour.
type FileUpload struct {
	object
	name          string
	status        string
	contentType   string
	contentLength int64
	importError   string
}

// Name returns the file's name.
func (f *FileUpload) Name() string { return f.name }

// Status returns the upload's status: "pending", "uploaded", "expired" or "failed".
func (f *FileUpload) Status() string { return f.status }

// ContentType returns the file's MIME type.
func (f *FileUpload) ContentType() string { return f.contentType }

// Size returns the file's length in bytes, once uploaded (else 0).
func (f *FileUpload) Size() int64 { return f.contentLength }

// String returns the name.
func (f *FileUpload) String() string { return f.name }

// fileJSON is the file object that attaches the upload to a property, icon, cover or block.
func (f *FileUpload) fileJSON() map[string]any {
	return map[string]any{"type": "file_upload", "file_upload": map[string]any{"id": f.id.String()}}
}

// readFileUpload reads the file upload that comes next in r.
func readFileUpload(r *jsonscan.Reader, s *Session) (*FileUpload, error) {
	f := &FileUpload{}
	var h header
	o, err := decodeObject(r, "file_upload", f, &h)
	if err != nil {
		return nil, err
	}
	o.session = s
	f.object = o
	return f, nil
}

// readField reads the members of a file upload answer that FileUpload keeps.
func (f *FileUpload) readField(r *jsonscan.Reader, key []byte) bool {
	switch string(key) {
	case "filename":
		f.name = r.ReadString()
	case "status":
		f.status = r.ReadString()
	case "content_type":
		f.contentType = r.ReadString()
	case "content_length":
		start := r.Start()
		r.Skip()
		f.contentLength, _ = strconv.ParseInt(string(r.Slice(start, r.End())), 10, 64)
	case "file_import_result":
		f.importError = readImportError(r)
	default:
		return false
	}
	return true
}

// readImportError reads file_import_result and returns the message of a failed import ("" for
// a successful one).
func readImportError(r *jsonscan.Reader) string {
	if !r.Object() {
		return ""
	}
	msg := ""
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		if string(key) != "error" || !r.Object() {
			r.Skip()
			continue
		}
		for k, ok := r.Key(); ok; k, ok = r.Key() {
			if string(k) == "message" && r.Peek() == '"' {
				msg = r.ReadString()
			} else {
				r.Skip()
			}
		}
	}
	return msg
}

// decodeUpload decodes a file upload answer.
func (s *Session) decodeUpload(data []byte) (*FileUpload, error) {
	return decodeAnswer(data, s, readFileUpload)
}

// UploadOption changes one Upload; see WithProgress, WithContentType and WithPartSize.
type UploadOption func(*uploadSpec) error

// uploadSpec collects what the options of one Upload say.
type uploadSpec struct {
	progress    func(sent, total int64)
	contentType string
	partSize    int
}

// WithProgress calls fn after each part has been sent with the bytes sent so far and the
// file's total length.
func WithProgress(fn func(sent, total int64)) UploadOption {
	return func(u *uploadSpec) error {
		if fn == nil {
			return errors.New("uno: WithProgress: nil function")
		}
		u.progress = fn
		return nil
	}
}

// WithContentType sets the file's MIME type; by default it follows the name's extension.
func WithContentType(contentType string) UploadOption {
	return func(u *uploadSpec) error {
		if _, _, err := mime.ParseMediaType(contentType); err != nil {
			return fmt.Errorf("uno: WithContentType: %q: %w", contentType, err)
		}
		u.contentType = contentType
		return nil
	}
}

// WithPartSize sets the size of the parts of a multi-part upload, between Notion's 5 MiB and
// 20 MiB (default 10 MiB). Files up to this size go in one part. Upload holds one part in
// memory at a time.
func WithPartSize(n int) UploadOption {
	return func(u *uploadSpec) error {
		if n < minPartSize || n > maxSinglePart {
			return fmt.Errorf("uno: WithPartSize: %d bytes; Notion takes parts of %d to %d", n, minPartSize, maxSinglePart)
		}
		u.partSize = n
		return nil
	}
}

// Upload sends the contents of r to Notion as a file called name and returns the uploaded
// file. A file up to the part size (WithPartSize) goes in a single part, a larger one in
// several; r is streamed, one part in memory at a time. When r's length cannot be learnt
// (it is not a file, a seeker or a reader with a Size method) and it is longer than one part,
// the rest is spooled to a temporary file first, since Notion needs the number of parts up
// front.
func (s *Session) Upload(ctx context.Context, name string, r io.Reader, opts ...UploadOption) (*FileUpload, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if strings.TrimSpace(name) == "" || r == nil {
		return nil, fmt.Errorf("%w: Upload needs a file name and a reader", ErrInvalidValue)
	}
	spec := uploadSpec{partSize: defaultPartSize}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("uno: nil UploadOption")
		}
		if err := opt(&spec); err != nil {
			return nil, err
		}
	}
	if spec.contentType == "" {
		spec.contentType = contentTypeOf(name)
	}
	buf := make([]byte, spec.partSize)
	size := lengthOf(r)
	n, err := io.ReadFull(r, buf)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return s.uploadSingle(ctx, name, spec, buf[:n])
	case err != nil:
		return nil, fmt.Errorf("uno: reading %s: %w", name, err)
	case size == int64(n):
		return s.uploadSingle(ctx, name, spec, buf)
	}
	if size < 0 {
		var next [1]byte
		if k, _ := io.ReadFull(r, next[:]); k == 0 {
			return s.uploadSingle(ctx, name, spec, buf) // exactly one part
		}
		spool, total, err := spoolRest(io.MultiReader(bytes.NewReader(next[:]), r))
		if err != nil {
			return nil, err
		}
		defer func() { _ = spool.Close(); _ = os.Remove(spool.Name()) }()
		r, size = spool, total+int64(n)
	}
	return s.uploadParts(ctx, name, spec, buf, n, r, size)
}

// uploadSingle uploads data in one part.
func (s *Session) uploadSingle(ctx context.Context, name string, spec uploadSpec, data []byte) (*FileUpload, error) {
	f, err := s.createUpload(ctx, map[string]any{"mode": "single_part", "filename": name, "content_type": spec.contentType})
	if err != nil {
		return nil, err
	}
	if f, err = s.sendPart(ctx, f, name, spec.contentType, 0, data); err != nil {
		return nil, err
	}
	if spec.progress != nil {
		spec.progress(int64(len(data)), int64(len(data)))
	}
	return f, nil
}

// uploadParts uploads a file of size bytes in parts: the first n bytes are in buf, the rest
// comes from r.
func (s *Session) uploadParts(ctx context.Context, name string, spec uploadSpec, buf []byte, n int, r io.Reader, size int64) (*FileUpload, error) {
	parts := int((size + int64(spec.partSize) - 1) / int64(spec.partSize))
	if parts > maxUploadParts {
		return nil, fmt.Errorf("%w: %s: %d bytes need %d parts; Notion takes at most %d", ErrInvalidValue, name, size, parts, maxUploadParts)
	}
	f, err := s.createUpload(ctx, map[string]any{"mode": "multi_part", "filename": name,
		"content_type": spec.contentType, "number_of_parts": parts})
	if err != nil {
		return nil, err
	}
	var sent int64
	for part := 1; part <= parts; part++ {
		if part > 1 {
			n, err = io.ReadFull(r, buf)
			if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !(errors.Is(err, io.EOF) && part == parts) {
				return nil, fmt.Errorf("uno: reading part %d of %s: %w", part, name, err)
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("uno: %s ended before part %d of %d", name, part, parts)
		}
		if _, err := s.sendPart(ctx, f, name, spec.contentType, part, buf[:n]); err != nil {
			return nil, err
		}
		sent += int64(n)
		if spec.progress != nil {
			spec.progress(sent, size)
		}
	}
	path := "/v1/file_uploads/" + f.id.String() + "/complete"
	data, err := s.do(ctx, http.MethodPost, path, map[string]any{})
	if err != nil {
		return nil, err
	}
	return written(http.MethodPost, path, data, s.decodeUpload)
}

// createUpload starts a file upload.
func (s *Session) createUpload(ctx context.Context, body map[string]any) (*FileUpload, error) {
	data, err := s.do(ctx, http.MethodPost, "/v1/file_uploads", body)
	if err != nil {
		return nil, err
	}
	return written(http.MethodPost, "/v1/file_uploads", data, s.decodeUpload)
}

// sendPart sends one part (0: the only one) as multipart/form-data. The body is the part's
// bytes between a short head and tail, read from data where it stands.
func (s *Session) sendPart(ctx context.Context, f *FileUpload, name, contentType string, part int, data []byte) (*FileUpload, error) {
	var head bytes.Buffer
	w := multipart.NewWriter(&head)
	if part > 0 {
		if err := w.WriteField("part_number", strconv.Itoa(part)); err != nil {
			return nil, err
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": name}))
	h.Set("Content-Type", contentType)
	if _, err := w.CreatePart(h); err != nil {
		return nil, err
	}
	tail := "\r\n--" + w.Boundary() + "--\r\n"
	headBytes := head.Bytes()
	open := func() io.Reader {
		return io.MultiReader(bytes.NewReader(headBytes), bytes.NewReader(data), strings.NewReader(tail))
	}
	length := int64(len(headBytes) + len(data) + len(tail))
	path := "/v1/file_uploads/" + f.id.String() + "/send"
	answer, err := s.exchange(ctx, http.MethodPost, path, w.FormDataContentType(), length, open)
	if err != nil {
		return nil, err
	}
	return written(http.MethodPost, path, answer, s.decodeUpload)
}

// contentTypeOf guesses a MIME type from a file name's extension.
func contentTypeOf(name string) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		return t
	}
	return "application/octet-stream"
}

// lengthOf returns how many bytes r will give, -1 when that cannot be learnt without reading.
func lengthOf(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case *os.File:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			if pos, err := v.Seek(0, io.SeekCurrent); err == nil {
				return st.Size() - pos
			}
		}
	case io.Seeker:
		pos, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		end, err := v.Seek(0, io.SeekEnd)
		if _, err2 := v.Seek(pos, io.SeekStart); err != nil || err2 != nil {
			return -1
		}
		return end - pos
	}
	return -1
}

// spoolRest copies the rest of r to a temporary file and returns it, rewound, with its length.
func spoolRest(r io.Reader) (*os.File, int64, error) {
	f, err := os.CreateTemp("", "uno-upload-*")
	if err != nil {
		return nil, 0, fmt.Errorf("uno: spooling an upload: %w", err)
	}
	n, err := io.Copy(f, r)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return nil, 0, fmt.Errorf("uno: spooling an upload: %w", err)
	}
	return f, n, nil
}

// Waiting for an import: the first pause and the longest.
const (
	importPollFirst = 200 * time.Millisecond
	importPollMax   = 2 * time.Second
)

// ImportURL has Notion fetch the file at fileURL (https) and store it as name, and waits, bounded
// by ctx, until the import is done: the upload is returned uploaded, or the error says why it
// failed.
func (s *Session) ImportURL(ctx context.Context, fileURL, name string) (*FileUpload, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if u, err := url.Parse(fileURL); err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%w: ImportURL: %q is not an https URL", ErrInvalidValue, fileURL)
	}
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("%w: ImportURL needs a file name", ErrInvalidValue)
	}
	f, err := s.createUpload(ctx, map[string]any{"mode": "external_url", "external_url": fileURL, "filename": name})
	if err != nil {
		return nil, err
	}
	pause := importPollFirst
	for {
		switch f.status {
		case "uploaded":
			return f, nil
		case "failed", "expired":
			return f, fmt.Errorf("uno: importing %s: upload %s %s: %s", fileURL, f.id, f.status, f.importError)
		}
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return f, fmt.Errorf("uno: importing %s: upload %s is still %s: %w", fileURL, f.id, f.status, ctx.Err())
		case <-timer.C:
		}
		pause = min(2*pause, importPollMax)
		data, err := s.do(ctx, http.MethodGet, "/v1/file_uploads/"+f.id.String(), nil)
		if err != nil {
			return f, err
		}
		if f, err = s.decodeUpload(data); err != nil {
			return nil, err
		}
	}
}

// ListUploads returns the integration's file uploads with that status ("pending",
// "uploaded", "expired", "failed"; "" for all), newest first.
func (s *Session) ListUploads(ctx context.Context, status string) ([]*FileUpload, error) {
	path := "/v1/file_uploads"
	if status != "" {
		path += "?status=" + url.QueryEscape(status)
	}
	return collect(listSeq(ctx, s, http.MethodGet, path, nil, readFileUpload, nil))
}

// encodeUploads is the value of a files property holding uploaded files.
func encodeUploads(files []*FileUpload) (any, error) {
	out := make([]map[string]any, 0, len(files))
	for i, f := range files {
		if f == nil {
			return nil, fmt.Errorf("file %d is nil", i)
		}
		v := f.fileJSON()
		v["name"] = truncateName(f.name)
		out = append(out, v)
	}
	return map[string]any{"files": out}, nil
}

// truncateName cuts a file name to the length Notion accepts.
func truncateName(name string) string {
	if r := []rune(name); len(r) > maxFileName {
		return string(r[:maxFileName])
	}
	return name
}
