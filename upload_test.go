package uno

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// opaqueReader hides the length of a reader, as a network stream does.
type opaqueReader struct{ r io.Reader }

func (o opaqueReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestUploadSinglePart(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	var progress []int64
	f, err := env.s.Upload(ctx, "notes.txt", strings.NewReader("hello, Notion"),
		WithProgress(func(sent, total int64) { progress = append(progress, sent, total) }))
	require.NoError(t, err)
	assert.Equal(t, "uploaded", f.Status())
	assert.Equal(t, "notes.txt", f.Name())
	assert.Equal(t, "text/plain; charset=utf-8", f.ContentType())
	assert.Equal(t, int64(13), f.Size())
	assert.Equal(t, []int64{13, 13}, progress)
	assert.Equal(t, 1, env.count("POST /v1/file_uploads/"+f.ID().String()+"/send"))
	assert.Zero(t, env.count("POST /v1/file_uploads/"+f.ID().String()+"/complete"), "a single part needs no completion")

	uploaded, err := env.s.ListUploads(ctx, "uploaded")
	require.NoError(t, err)
	require.Len(t, uploaded, 1)
	assert.Equal(t, f.ID(), uploaded[0].ID())
	pending, err := env.s.ListUploads(ctx, "pending")
	require.NoError(t, err)
	assert.Empty(t, pending)
}

func TestUploadMultiPart(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	data := make([]byte, 2*minPartSize+12345)
	_, _ = rand.Read(data)
	for name, r := range map[string]io.Reader{
		"known.bin":   bytes.NewReader(data),
		"unknown.bin": opaqueReader{bytes.NewReader(data)}, // spooled to a temporary file
	} {
		env.reset()
		var sent []int64
		f, err := env.s.Upload(ctx, name, r, WithPartSize(minPartSize), WithContentType("application/octet-stream"),
			WithProgress(func(n, total int64) {
				assert.Equal(t, int64(len(data)), total)
				sent = append(sent, n)
			}))
		require.NoError(t, err, name)
		assert.Equal(t, "uploaded", f.Status(), name)
		assert.Equal(t, int64(len(data)), f.Size(), name)
		assert.Equal(t, []int64{minPartSize, 2 * minPartSize, int64(len(data))}, sent, name)
		assert.Equal(t, 3, env.count("POST /v1/file_uploads/"+f.ID().String()+"/send"), name)
		assert.Equal(t, 1, env.count("POST /v1/file_uploads/"+f.ID().String()+"/complete"), name)
	}
}

func TestUploadAttached(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	icon, err := env.s.Upload(ctx, "icon.png", bytes.NewReader([]byte("\x89PNG\r\n\x1a\nnot really")))
	require.NoError(t, err)
	assert.Equal(t, "image/png", icon.ContentType())
	page, err := env.s.CreatePage(ctx, env.root, "With an uploaded icon", WithIconFile(icon), WithCoverFile(icon))
	require.NoError(t, err)
	var shown struct {
		Icon, Cover struct {
			Type string `json:"type"`
		}
	}
	require.NoError(t, json.Unmarshal(page.Raw(), &shown))
	assert.Equal(t, "file", shown.Icon.Type, "Notion serves an attached upload as a file")
	assert.Equal(t, "file", shown.Cover.Type)

	db, err := env.s.CreateDB(ctx, env.root, NewSchema("Attachments", Prop("Name", Title()), Prop("Files", Files())))
	require.NoError(t, err)
	doc, err := env.s.Upload(ctx, "report.pdf", strings.NewReader("%PDF-1.4 tiny"))
	require.NoError(t, err)
	row, err := db.CreatePage(ctx, Values{"Name": "report", "Files": []*FileUpload{doc}})
	require.NoError(t, err)
	files, ok := row.Property("Files")
	require.True(t, ok)
	assert.Contains(t, string(files.Raw), "report.pdf")

	_, err = env.s.CreatePage(ctx, env.root, "x", WithIconFile(nil))
	assert.Error(t, err)
	_, err = env.s.Upload(ctx, "", strings.NewReader("x"))
	assert.ErrorIs(t, err, ErrInvalidValue)
	_, err = env.s.Upload(ctx, "x", strings.NewReader("x"), WithPartSize(1))
	assert.Error(t, err)
}

func TestImportURL(t *testing.T) {
	env := newTestEnv(t)
	f, err := env.s.ImportURL(t.Context(), "https://example.com/logo.png", "logo.png")
	require.NoError(t, err)
	assert.Equal(t, "uploaded", f.Status())
	assert.Equal(t, "logo.png", f.Name())
	_, err = env.s.ImportURL(t.Context(), "http://example.com/logo.png", "logo.png")
	assert.ErrorIs(t, err, ErrInvalidValue, "Notion imports https only")
}

// discardingUploads is a fake file-upload endpoint that reads and throws away what it is sent.
type discardingUploads struct {
	mu       sync.Mutex
	received int64
	parts    int
}

func (d *discardingUploads) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	answer := func(status string, length int64) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"object":"file_upload","id":"00000000-0000-4000-8000-0000000000aa","status":"`+status+
			`","filename":"big.bin","content_type":"application/octet-stream","content_length":`+
			map[bool]string{true: "null", false: "1"}[length < 0]+`}`)
	}
	switch {
	case strings.HasSuffix(r.URL.Path, "/send"):
		_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			n, _ := io.Copy(io.Discard, p)
			if p.FormName() == "file" {
				d.mu.Lock()
				d.received += n
				d.parts++
				d.mu.Unlock()
			}
		}
		answer("pending", -1)
	case strings.HasSuffix(r.URL.Path, "/complete"):
		answer("uploaded", 1)
	default:
		answer("pending", -1)
	}
}

// TestUploadMemoryIsBoundedByAPart uploads 64 MiB from a stream that makes its bytes as it is
// read, to a server that discards them, and samples the heap after every part: it grows by
// about one part (the buffer Upload reads into), not by the file.
func TestUploadMemoryIsBoundedByAPart(t *testing.T) {
	const size = 64 << 20
	fake := &discardingUploads{}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	t.Setenv(ConfigEnv, "")
	s, err := NewSession(WithBaseURL(srv.URL), WithToken("secret_upload"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })

	heap := func() uint64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	runtime.GC()
	base := heap()
	var peak uint64
	f, err := s.Upload(t.Context(), "big.bin", io.LimitReader(zeros{}, size), WithPartSize(minPartSize),
		WithProgress(func(sent, total int64) { peak = max(peak, heap()) }))
	require.NoError(t, err)
	assert.Equal(t, "uploaded", f.Status())
	assert.Equal(t, int64(size), fake.received)
	assert.Equal(t, size/minPartSize+1, fake.parts)
	growth := int64(peak) - int64(base)
	t.Logf("64 MiB in %d parts of %d MiB: heap grew by at most %.1f MiB", fake.parts, minPartSize>>20, float64(growth)/(1<<20))
	assert.Less(t, growth, int64(2*minPartSize), "about one part in memory")
}

// zeros reads as endless zero bytes, without holding them anywhere.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestUploadOfExactlyOnePart(t *testing.T) {
	env := newTestEnv(t)
	data := make([]byte, minPartSize)
	for name, r := range map[string]io.Reader{"known.bin": bytes.NewReader(data), "unknown.bin": opaqueReader{bytes.NewReader(data)}} {
		f, err := env.s.Upload(t.Context(), name, r, WithPartSize(minPartSize))
		require.NoError(t, err, name)
		assert.Equal(t, int64(minPartSize), f.Size(), name)
		assert.Zero(t, env.count("POST /v1/file_uploads/"+f.ID().String()+"/complete"), "%s: one part is a single-part upload", name)
	}
}
