package uno

import (
	"errors"
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/google/uuid"
)

// FuzzSessionAnswer makes the server answer every request of a session's calls with one
// arbitrary answer (status, content type, body). Whatever it is, no call panics; an answer
// outside 2xx is an *APIError with that status; a 2xx answer gives a value or an error that
// matches ErrInvalidResponse.
func FuzzSessionAnswer(f *testing.F) {
	f.Add(200, "application/json", []byte(fakePage))
	f.Add(200, "application/json", []byte(`{"object":"list","results":[`+fakePage+`],"has_more":true,"next_cursor":"c"}`))
	f.Add(200, "application/json", []byte(`{"object":"list","results":[{"object":"block","id":"`+fakePageID+`","type":"child_page","child_page":{"title":"t"}}],"has_more":false}`))
	f.Add(200, "application/json", []byte(`{"object":"user","id":"`+fakePageID+`","type":"bot","name":"b"}`))
	f.Add(200, "application/json", []byte(`{"object":"database","id":"`+fakePageID+`","title":[],"properties":{}}`))
	f.Add(404, "application/json", []byte(notionError(404, "object_not_found")))
	f.Add(429, "application/json", []byte(notionError(429, "rate_limited")))
	f.Add(502, "text/html", []byte("<html>Bad gateway</html>"))
	f.Add(200, "", []byte{})
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		status = 200 + int(uint(status)%400) // 200..599: a final answer
		synctest.Test(t, func(t *testing.T) {
			fake := newFakeNotion(fakeAnswer{status: status, header: http.Header{"Content-Type": {contentType}}, body: string(body)})
			s := openFake(t, fake)
			ctx := t.Context()
			parent := &Page{object: object{id: uuid.MustParse(fakePageID)}}
			calls := map[string]func() error{
				"GetPage":    func() error { _, err := s.GetPage(ctx, fakePageID); return err },
				"GetDB":      func() error { _, err := s.GetDB(ctx, fakePageID); return err },
				"GetBlock":   func() error { _, err := s.GetBlock(ctx, fakePageID); return err },
				"GetUser":    func() error { _, err := s.GetUser(ctx, fakePageID); return err },
				"Whoami":     func() error { _, err := s.Whoami(ctx); return err },
				"AllUsers":   func() error { _, err := s.AllUsers(ctx); return err },
				"CreatePage": func() error { _, err := s.CreatePage(ctx, parent, "x"); return err },
				"SearchPage": func() error { _, err := s.SearchPage(ctx, "x"); return err },
				"SearchDB":   func() error { _, err := s.SearchDB(ctx, ""); return err },
				"Children":   func() error { _, err := s.ChildBlocks(ctx, fakePageID); return err },
			}
			for name, call := range calls {
				err := call()
				if status >= 300 {
					var apiErr *APIError
					if !errors.As(err, &apiErr) || apiErr.Status != status {
						t.Fatalf("%s: answer %d gave %v, want an *APIError with that status", name, status, err)
					}
					continue
				}
				if err != nil && !errors.Is(err, ErrInvalidResponse) {
					t.Fatalf("%s: answer %d gave %v, want nil or ErrInvalidResponse", name, status, err)
				}
			}
		})
	})
}
