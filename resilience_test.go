package uno

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/uuid"
	"github.com/jomei/notionapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/internal/transport"
	"github.com/uno-go/uno/notiontest"
)

// childTitles asks Notion for the titles of parent's child pages, in order.
func childTitles(t *testing.T, s *Session, parent *Page) []string {
	t.Helper()
	blocks, err := s.ChildBlocks(t.Context(), parent.ID().String())
	require.NoError(t, err)
	titles := []string{}
	for _, b := range blocks {
		if b.Type() == "child_page" {
			titles = append(titles, b.Text())
		}
	}
	return titles
}

// answered counts the requests the emulator answered with status.
func answered(srv *notiontest.Server, method, path string, status int) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method && r.Path == path && r.Status == status {
			n++
		}
	}
	return n
}

// htmlHeader is the header of a proxy's HTML error page.
var htmlHeader = http.Header{"Content-Type": {"text/html; charset=utf-8"}}

func TestResilienceCreatesUnder429Storm(t *testing.T) {
	const (
		workers = 10
		creates = 60
	)
	for _, tc := range []struct {
		name     string
		pacing   Option
		max429   int
		want429s bool
	}{
		// Without client pacing the emulator refuses a large share of the requests; every create
		// must still happen once.
		{name: "no client pacing", pacing: WithRateLimit(0, 0), max429: -1, want429s: true},
		// Pacing at the server's rate leaves the server almost nothing to refuse.
		{name: "client pacing at the server rate", pacing: WithRateLimit(20, 5), max429: creates / 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := openEnv(t, []notiontest.Option{notiontest.WithRateLimit(20, 5)}, tc.pacing)
			titles := make(chan string, creates)
			for i := range creates {
				titles <- fmt.Sprintf("storm %02d", i)
			}
			close(titles)
			var wg sync.WaitGroup
			errs := make(chan error, creates)
			for range workers {
				wg.Go(func() {
					for title := range titles {
						p, err := env.s.CreatePage(t.Context(), env.root, title)
						if err == nil && p.Title() != title {
							err = fmt.Errorf("created %q, got %q", title, p.Title())
						}
						errs <- err
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				assert.NoError(t, err)
			}

			got := childTitles(t, env.s, env.root)
			assert.Equal(t, creates, answered(env.srv, "POST", "/v1/pages", http.StatusOK), "one successful POST per create")
			assert.Len(t, got, creates)
			unique := map[string]bool{}
			for _, title := range got {
				assert.False(t, unique[title], "duplicate page %q", title)
				unique[title] = true
			}
			refused := answered(env.srv, "POST", "/v1/pages", http.StatusTooManyRequests)
			t.Logf("%d creates, %d answered 429", creates, refused)
			if tc.want429s {
				assert.Positive(t, refused, "the storm happened")
			}
			if tc.max429 >= 0 {
				assert.LessOrEqual(t, refused, tc.max429)
			}
		})
	}
}

func TestResilienceReadsRetried(t *testing.T) {
	env := openEnv(t, nil)
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, nil)
	require.NoError(t, err)

	getPage := func() error { _, err := env.s.GetPage(ctx, env.root.ID().String(), NoCache()); return err }
	queryPath := "/v1/databases/*/query"
	if env.s.hasDataSources() {
		queryPath = "/v1/data_sources/*/query"
	}
	tests := []struct {
		name  string
		fault notiontest.Fault
		call  func() error
		want  int // requests the emulator received
	}{
		{"502 HTML twice", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Times: 2, Status: 502,
			Body: "<html>Bad gateway</html>", Header: htmlHeader}, getPage, 3},
		{"500 JSON", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Times: 1, Status: 500}, getPage, 2},
		{"503 JSON", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Times: 1, Status: 503}, getPage, 2},
		{"504 JSON", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Times: 1, Status: 504}, getPage, 2},
		{"409 conflict", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Times: 1, Status: 409}, getPage, 2},
		{"connection reset", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Times: 1, Drop: notiontest.DropBeforeApply}, getPage, 2},
		{"reset on users/me", notiontest.Fault{Method: "GET", Path: "/v1/users/me", Times: 1, Drop: notiontest.DropBeforeApply},
			func() error { return env.s.RaiseForStatus(ctx) }, 2},
		{"500 on user list", notiontest.Fault{Method: "GET", Path: "/v1/users", Times: 1, Status: 500},
			func() error { _, err := env.s.AllUsers(ctx); return err }, 2},
		{"502 HTML on children", notiontest.Fault{Method: "GET", Path: "/v1/blocks/*/children", Times: 1, Status: 502,
			Body: "<html>Bad gateway</html>", Header: htmlHeader},
			func() error { _, err := env.root.Children(ctx); return err }, 2},
		{"search 503", notiontest.Fault{Method: "POST", Path: "/v1/search", Times: 1, Status: 503},
			func() error { _, err := env.s.SearchPage(ctx, "Resilience"); return err }, 2},
		{"search reset", notiontest.Fault{Method: "POST", Path: "/v1/search", Times: 1, Drop: notiontest.DropBeforeApply},
			func() error { _, err := env.s.SearchDB(ctx, ""); return err }, 2},
		{"query reset", notiontest.Fault{Method: "POST", Path: queryPath, Times: 1, Drop: notiontest.DropBeforeApply},
			func() error { _, err := db.Pages(ctx); return err }, 2},
		{"query 502 HTML", notiontest.Fault{Method: "POST", Path: queryPath, Times: 1, Status: 502,
			Body: "<html>Bad gateway</html>", Header: htmlHeader},
			func() error { _, err := db.Pages(ctx); return err }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env.srv.ResetRequests()
			env.srv.InjectFault(tt.fault)
			t.Cleanup(env.srv.ClearFaults)
			require.NoError(t, tt.call())
			assert.Equal(t, tt.want, env.srv.RequestCount(tt.fault.Method, tt.fault.Path), "requests received")
		})
	}
}

func TestResilienceCreateNotResent(t *testing.T) {
	env := openEnv(t, nil)
	ctx := t.Context()
	tests := []struct {
		name      string
		fault     notiontest.Fault
		status    int    // of the *APIError; 0: no APIError
		code      string // of the *APIError
		unknown   bool   // errors.Is(err, ErrOutcomeUnknown)
		posts     int    // POST /v1/pages sent
		pages     int    // pages created
		wantError bool
	}{
		{name: "dropped after apply", fault: notiontest.Fault{Drop: notiontest.DropAfterApply},
			unknown: true, posts: 1, pages: 1, wantError: true},
		{name: "dropped before apply", fault: notiontest.Fault{Drop: notiontest.DropBeforeApply},
			unknown: true, posts: 1, pages: 0, wantError: true},
		{name: "500 JSON", fault: notiontest.Fault{Status: 500},
			status: 500, code: "internal_server_error", unknown: true, posts: 1, wantError: true},
		{name: "502 HTML", fault: notiontest.Fault{Status: 502, Body: "<html><h1>502 Bad Gateway</h1></html>", Header: htmlHeader},
			status: 502, code: "", unknown: true, posts: 1, wantError: true},
		{name: "503 JSON", fault: notiontest.Fault{Status: 503},
			status: 503, code: "service_unavailable", unknown: true, posts: 1, wantError: true},
		{name: "504 JSON", fault: notiontest.Fault{Status: 504},
			status: 504, code: "gateway_timeout", unknown: true, posts: 1, wantError: true},
		{name: "409 conflict", fault: notiontest.Fault{Status: 409},
			status: 409, code: "conflict_error", posts: 1, wantError: true},
		{name: "400 validation", fault: notiontest.Fault{Status: 400},
			status: 400, code: "validation_error", posts: 1, wantError: true},
		{name: "429 then OK", fault: notiontest.Fault{Status: 429}, posts: 2, pages: 1},
		{name: "529 then OK", fault: notiontest.Fault{Status: 529, Header: http.Header{"Retry-After": {"0"}}}, posts: 2, pages: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent, err := env.s.CreatePage(ctx, env.root, tt.name)
			require.NoError(t, err)
			env.srv.ResetRequests()
			env.reset()
			f := tt.fault
			f.Method, f.Path, f.Times = "POST", "/v1/pages", 1
			env.srv.InjectFault(f)
			t.Cleanup(env.srv.ClearFaults)

			_, err = env.s.CreatePage(ctx, parent, "child")
			assert.Equal(t, tt.posts, env.count("POST /v1/pages"), "POSTs sent")
			assert.Equal(t, tt.posts, env.srv.RequestCount("POST", "/v1/pages"), "POSTs received")
			assert.Len(t, childTitles(t, env.s, parent), tt.pages, "pages created")
			if !tt.wantError {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.unknown, errors.Is(err, ErrOutcomeUnknown), "ErrOutcomeUnknown: %v", err)
			var apiErr *APIError
			if tt.status == 0 {
				assert.False(t, errors.As(err, &apiErr), "no answer, no APIError: %v", err)
				return
			}
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.Status)
			assert.Equal(t, tt.code, apiErr.Code)
			assert.Equal(t, "POST", apiErr.Method)
			assert.Equal(t, "/v1/pages", apiErr.Path)
		})
	}
}

func TestResilienceRawClientSurvives429(t *testing.T) {
	env := openEnv(t, nil)
	env.srv.InjectFault(notiontest.Fault{Method: "POST", Path: "/v1/pages", Times: 1, Status: 429})
	page, err := env.s.Client().Page.Create(t.Context(), &notionapi.PageCreateRequest{
		Parent: notionapi.Parent{Type: notionapi.ParentTypePageID, PageID: notionapi.PageID(env.root.ID().String())},
		Properties: notionapi.Properties{"title": notionapi.TitleProperty{
			Title: []notionapi.RichText{{Type: notionapi.ObjectTypeText, Text: &notionapi.Text{Content: "raw"}}},
		}},
	})
	require.NoError(t, err)
	assert.NotEmpty(t, page.ID)
	assert.Equal(t, 2, env.srv.RequestCount("POST", "/v1/pages"), "refused once, sent again with its body")
	assert.Equal(t, []string{"raw"}, childTitles(t, env.s, env.root))
}

func TestResilienceConcurrentSession(t *testing.T) {
	env := openEnv(t, nil)
	ctx := t.Context()
	const goroutines = 16
	var (
		mu      sync.Mutex
		created []*Page
	)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range 4 {
				var err error
				switch (g + i) % 7 {
				case 0:
					var p *Page
					p, err = env.s.CreatePage(ctx, env.root, fmt.Sprintf("concurrent %d-%d", g, i))
					if err == nil {
						mu.Lock()
						created = append(created, p)
						mu.Unlock()
					}
				case 1:
					_, err = env.s.GetPage(ctx, env.root.ID().String())
				case 2:
					_, err = env.s.GetPage(ctx, env.root.ID().String(), NoCache())
				case 3:
					_, err = env.s.SearchPage(ctx, "concurrent", Substring())
				case 4:
					_, err = env.root.Children(ctx)
				case 5:
					_, err = env.s.Whoami(ctx)
				case 6:
					_, err = env.s.AllUsers(ctx)
				}
				assert.NoError(t, err)
				assert.Positive(t, env.s.Cache().Len())
			}
		})
	}
	wg.Wait()

	require.NotEmpty(t, created)
	assert.Equal(t, 1, env.count("GET /v1/users/me"), "Whoami asks once however many goroutines call it")
	for _, p := range created {
		cached, ok := env.s.Cache().Get(p.ID())
		require.True(t, ok, "created page %s is cached", p.ID())
		cp, ok := cached.(*Page)
		require.True(t, ok, "cached %T", cached)
		assert.Equal(t, p.Title(), cp.Title())
		got, err := env.s.GetPage(ctx, p.ID().String())
		require.NoError(t, err)
		assert.Same(t, cp, got, "GetPage answers from the cache")
	}
	assert.Len(t, childTitles(t, env.s, env.root), len(created))
}

func TestResilienceInvalidSuccessAnswers(t *testing.T) {
	env := openEnv(t, nil)
	ctx := t.Context()
	getPage := func() error { _, err := env.s.GetPage(ctx, env.root.ID().String(), NoCache()); return err }
	search := func() error { _, err := env.s.SearchPage(ctx, ""); return err }
	users := func() error { _, err := env.s.AllUsers(ctx); return err }
	create := func() error { _, err := env.s.CreatePage(ctx, env.root, "x"); return err }
	tests := []struct {
		name  string
		fault notiontest.Fault
		call  func() error
	}{
		{"truncated page", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Body: `{"object":"page","id"`}, getPage},
		{"HTML page", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Body: "<html>OK</html>", Header: htmlHeader}, getPage},
		{"blank page", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Body: " "}, getPage},
		{"a user for a page", notiontest.Fault{Method: "GET", Path: "/v1/pages/*", Body: `{"object":"user","id":"` + uuid.NewString() + `"}`}, getPage},
		{"truncated search", notiontest.Fault{Method: "POST", Path: "/v1/search", Body: `{"object":"list","results":[{"obj`}, search},
		{"HTML search", notiontest.Fault{Method: "POST", Path: "/v1/search", Body: "<html>OK</html>", Header: htmlHeader}, search},
		{"search result without object", notiontest.Fault{Method: "POST", Path: "/v1/search", Body: `{"object":"list","results":[{}],"has_more":false}`}, search},
		{"results not a list", notiontest.Fault{Method: "GET", Path: "/v1/users", Body: `{"object":"list","results":{}}`}, users},
		{"truncated create", notiontest.Fault{Method: "POST", Path: "/v1/pages", Body: `{"object":"page","id"`}, create},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.fault
			f.Times = 1
			env.srv.InjectFault(f)
			t.Cleanup(env.srv.ClearFaults)
			var err error
			require.NotPanics(t, func() { err = tt.call() })
			assert.ErrorIs(t, err, ErrInvalidResponse)
		})
	}
}

// fakeToken is the token of sessions on a fakeNotion.
const fakeToken = "secret_fakeTokenThatMustNeverBeShown0123456789"

// fakeAnswer is one scripted answer of a fakeNotion.
type fakeAnswer struct {
	status  int
	header  http.Header
	body    string
	endless bool          // the body never ends
	cut     bool          // the body breaks off after body with io.ErrUnexpectedEOF
	stall   bool          // the body stalls after body until the request's context ends
	delay   time.Duration // answer after this long, unless the request's context ends first
	err     error         // fail with err instead of answering
}

// fakeNotion stands in for Notion below the session's transport where no real network may be
// used (synctest bubbles): it answers its script in order, repeating the last answer, and
// records every request as "METHOD /path".
type fakeNotion struct {
	mu     sync.Mutex
	script []fakeAnswer
	seen   []string
}

// newFakeNotion returns a fakeNotion answering script.
func newFakeNotion(script ...fakeAnswer) *fakeNotion { return &fakeNotion{script: script} }

// RoundTrip implements http.RoundTripper.
func (f *fakeNotion) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	f.mu.Lock()
	a := f.script[min(len(f.seen), len(f.script)-1)]
	f.seen = append(f.seen, r.Method+" "+r.URL.Path)
	f.mu.Unlock()
	if a.delay > 0 {
		timer := time.NewTimer(a.delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	if a.err != nil {
		return nil, a.err
	}
	var body io.Reader = strings.NewReader(a.body)
	switch {
	case a.endless:
		body = endless{}
	case a.cut:
		body = io.MultiReader(body, errReader{io.ErrUnexpectedEOF})
	case a.stall:
		body = io.MultiReader(body, stalled{r.Context()})
	}
	header := a.header.Clone()
	if header == nil {
		header = http.Header{"Content-Type": {"application/json"}}
	}
	return &http.Response{
		StatusCode: a.status, Status: http.StatusText(a.status), Header: header,
		Body: io.NopCloser(body), ContentLength: -1, Request: r,
	}, nil
}

// requests returns how many requests the fake received.
func (f *fakeNotion) requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.seen)
}

// endless is a body that never ends.
type endless struct{}

// Read fills p with spaces.
func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// stalled is a body that sends nothing until its context ends.
type stalled struct{ ctx context.Context }

// Read waits for the context's end and returns its error.
func (s stalled) Read([]byte) (int, error) {
	<-s.ctx.Done()
	return 0, s.ctx.Err()
}

// errReader fails every read with its error.
type errReader struct{ err error }

// Read returns the error.
func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// openFake opens a session whose requests go to fake; it ends with the test. Inside a synctest
// bubble, time runs only when every goroutine of the bubble waits.
func openFake(t *testing.T, fake *fakeNotion, opts ...Option) *Session {
	t.Helper()
	all := append([]Option{
		WithToken(fakeToken), WithConfig(&Config{}), WithBaseURL("https://notion.test"),
		WithHTTPClient(&http.Client{Transport: fake}),
	}, opts...)
	s, err := NewSession(all...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// fakePageID is the id of the page fakePage describes.
const fakePageID = "29c974f3-b388-815c-9212-cff02f337d60"

// fakePage is a page answer.
const fakePage = `{"object":"page","id":"` + fakePageID + `","last_edited_time":"2024-05-01T10:00:00.000Z",` +
	`"parent":{"type":"workspace","workspace":true},"url":"https://www.notion.so/Fake-29c974f3b388815c9212cff02f337d60",` +
	`"properties":{"title":{"id":"title","type":"title","title":[{"type":"text","plain_text":"Fake"}]}}}`

// notionError is the JSON of a Notion error answer.
func notionError(status int, code string) string {
	b, _ := json.Marshal(map[string]any{"object": "error", "status": status, "code": code, "message": "Fake " + code + ".", "request_id": "r-1"})
	return string(b)
}

// rateLimited is a 429 answer asking to wait retryAfter.
func rateLimited(retryAfter string) fakeAnswer {
	return fakeAnswer{status: 429, header: http.Header{"Retry-After": {retryAfter}, "Content-Type": {"application/json"}},
		body: notionError(429, "rate_limited")}
}

func TestResilienceCancelDuringRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeNotion(rateLimited("30"), fakeAnswer{status: 200, body: fakePage})
		s := openFake(t, fake)
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, err := s.GetPage(ctx, fakePageID)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, time.Second, time.Since(start), "returns when cancelled, not after Retry-After")
		assert.Equal(t, 1, fake.requests())
	})
}

func TestResilienceDeadlineShorterThanRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeNotion(rateLimited("30"), fakeAnswer{status: 200, body: fakePage})
		s := openFake(t, fake)
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		start := time.Now()
		_, err := s.GetPage(ctx, fakePageID)
		assert.Zero(t, time.Since(start), "a wait past the deadline is not started")
		assert.ErrorIs(t, err, ErrRateLimited)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "the caller's deadline ended the wait")
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
		assert.Equal(t, 1, fake.requests())
	})
}

func TestResilienceRateLimitedUntilDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeNotion(rateLimited("2"))
		s := openFake(t, fake, WithRateLimit(0, 0)) // the pauses asked only, no learned rate
		ctx, cancel := context.WithTimeout(t.Context(), 31*time.Second)
		defer cancel()
		start := time.Now()
		_, err := s.CreatePage(ctx, &Page{object: object{id: uuid.MustParse(fakePageID)}}, "x")
		assert.Equal(t, 30*time.Second, time.Since(start), "fifteen waits of Retry-After, until the next would pass the deadline")
		assert.Equal(t, 16, fake.requests(), "a create refused for rate is sent again until the deadline")
		assert.ErrorIs(t, err, ErrRateLimited)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "the caller's deadline ended the wait")
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a 429 says the create was not applied")
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusTooManyRequests, apiErr.Status)
		assert.Equal(t, "rate_limited", apiErr.Code)
		assert.Equal(t, 2*time.Second, apiErr.RetryAfter)
		assert.Equal(t, "r-1", apiErr.RequestID)
	})
}

func TestResilienceHTMLErrorAfterRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const page = "<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>nginx</body></html>"
		fake := newFakeNotion(fakeAnswer{status: 503, header: htmlHeader, body: page})
		s := openFake(t, fake)
		_, err := s.GetPage(t.Context(), fakePageID)
		assert.Equal(t, 5, fake.requests(), "a read is retried up to the last attempt")
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		var syntaxErr *json.SyntaxError
		assert.False(t, errors.As(err, &syntaxErr), "not a JSON error: %v", err)
		assert.Equal(t, 503, apiErr.Status)
		assert.Empty(t, apiErr.Code)
		assert.Contains(t, apiErr.Message, "text/html")
		assert.Contains(t, apiErr.Message, "503 Service Temporarily Unavailable")
		assert.Contains(t, err.Error(), "503")
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	})
}

func TestResilienceBrokenAnswerBodies(t *testing.T) {
	root := &Page{object: object{id: uuid.MustParse(fakePageID)}}
	tests := []struct {
		name     string
		answer   fakeAnswer
		create   bool
		want     []error
		notWant  []error
		attempts int // requests sent; 0 means 1
	}{
		{name: "empty 200", answer: fakeAnswer{status: 200}, want: []error{ErrInvalidResponse}},
		{name: "huge body", answer: fakeAnswer{status: 200, endless: true}, want: []error{ErrInvalidResponse, transport.ErrBodyTooLarge}},
		{name: "read cut midway", answer: fakeAnswer{status: 200, body: fakePage[:40], cut: true},
			want: []error{io.ErrUnexpectedEOF}, notWant: []error{ErrOutcomeUnknown}, attempts: 5},
		{name: "create answer cut midway", answer: fakeAnswer{status: 200, body: fakePage[:40], cut: true}, create: true,
			want: []error{io.ErrUnexpectedEOF, ErrOutcomeUnknown}},
		{name: "create 500 cut midway", answer: fakeAnswer{status: 500, body: `{"object":"err`, cut: true}, create: true,
			want: []error{io.ErrUnexpectedEOF, ErrOutcomeUnknown}},
		{name: "create 400 cut midway", answer: fakeAnswer{status: 400, body: `{"object":"err`, cut: true}, create: true,
			want: []error{io.ErrUnexpectedEOF}, notWant: []error{ErrOutcomeUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := newFakeNotion(tt.answer)
				s := openFake(t, fake)
				var err error
				require.NotPanics(t, func() {
					if tt.create {
						_, err = s.CreatePage(t.Context(), root, "x")
					} else {
						_, err = s.GetPage(t.Context(), fakePageID)
					}
				})
				require.Error(t, err)
				for _, w := range tt.want {
					assert.ErrorIs(t, err, w)
				}
				for _, w := range tt.notWant {
					assert.NotErrorIs(t, err, w)
				}
				assert.Equal(t, max(tt.attempts, 1), fake.requests(), "a read whose body breaks off is retried, a create is not")
			})
		})
	}
}

func TestResilienceAPIErrors(t *testing.T) {
	env := openEnv(t, nil)
	ctx := t.Context()
	calls := map[string]func() error{
		"GetPage":        func() error { _, err := env.s.GetPage(ctx, env.root.ID().String(), NoCache()); return err },
		"GetBlock":       func() error { _, err := env.s.GetBlock(ctx, env.root.ID().String(), NoCache()); return err },
		"GetDB":          func() error { _, err := env.s.GetDB(ctx, env.root.ID().String(), NoCache()); return err },
		"GetUser":        func() error { _, err := env.s.GetUser(ctx, uuid.NewString(), NoCache()); return err },
		"RaiseForStatus": func() error { return env.s.RaiseForStatus(ctx) },
		"CreatePage":     func() error { _, err := env.s.CreatePage(ctx, env.root, "x"); return err },
		"SearchPage":     func() error { _, err := env.s.SearchPage(ctx, "x"); return err },
		"SearchDB":       func() error { _, err := env.s.SearchDB(ctx, "x"); return err },
		"AllUsers":       func() error { _, err := env.s.AllUsers(ctx); return err },
		"Children":       func() error { _, err := env.root.Children(ctx); return err },
		"Delete":         func() error { _, err := env.root.Delete(ctx); return err },
	}
	for _, st := range []struct {
		status int
		code   string
		is     error
	}{
		{400, "validation_error", nil},
		{401, "unauthorized", ErrUnauthorized},
		{403, "restricted_resource", nil},
		{404, "object_not_found", ErrNotFound},
	} {
		for name, call := range calls {
			t.Run(fmt.Sprintf("%d %s", st.status, name), func(t *testing.T) {
				env.srv.InjectFault(notiontest.Fault{Status: st.status, Times: 1})
				t.Cleanup(env.srv.ClearFaults)
				err := call()
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, st.status, apiErr.Status)
				assert.Equal(t, st.code, apiErr.Code)
				assert.NotEmpty(t, apiErr.RequestID)
				if st.is != nil {
					assert.ErrorIs(t, err, st.is)
				}
				assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			})
		}
	}

	t.Run("rejected token", func(t *testing.T) {
		require.NoError(t, env.s.Close())
		s, err := NewSession(WithBaseURL(env.srv.URL), WithToken("secret_not_the_right_one"))
		require.NoError(t, err)
		defer s.Close()
		_, err = s.GetPage(ctx, env.root.ID().String())
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusUnauthorized, apiErr.Status)
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.NotErrorIs(t, err, ErrNotFound)
	})
}

func TestResilienceTimeout(t *testing.T) {
	_, err := NewSession(WithToken("t"), WithConfig(&Config{}), WithTimeout(-time.Second))
	require.ErrorContains(t, err, "WithTimeout")

	root := &Page{object: object{id: uuid.MustParse(fakePageID)}}
	for _, tc := range []struct {
		name    string
		opts    []Option
		timeout time.Duration // 0: the answer arrives
	}{
		{"default 60s", nil, 60 * time.Second},
		{"WithTimeout 5s", []Option{WithTimeout(5 * time.Second)}, 5 * time.Second},
		{"WithTimeout 0 is none", []Option{WithTimeout(0)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := newFakeNotion(fakeAnswer{status: 200, body: fakePage, delay: 90 * time.Second})
				s := openFake(t, fake, tc.opts...)
				start := time.Now()
				_, err := s.CreatePage(t.Context(), root, "x")
				assert.Equal(t, 1, fake.requests(), "a create is sent once")
				if tc.timeout == 0 {
					assert.NoError(t, err)
					assert.Equal(t, 90*time.Second, time.Since(start))
					return
				}
				assert.Equal(t, tc.timeout, time.Since(start))
				assert.ErrorIs(t, err, ErrTimeout)
				assert.NotErrorIs(t, err, context.DeadlineExceeded, "the caller set no deadline")
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
			})
		})
	}

	t.Run("emulator", func(t *testing.T) {
		env := openEnv(t, nil, WithTimeout(100*time.Millisecond))
		ctx := t.Context()
		env.srv.InjectFault(notiontest.Fault{Method: "GET", Path: "/v1/users/me", Times: 1, Delay: time.Second})
		start := time.Now()
		_, err := env.s.Whoami(ctx)
		require.NoError(t, err, "a read that timed out is sent again")
		assert.Less(t, time.Since(start), time.Second)
		// The emulator logs a request it was delaying when it sees the client give up.
		logged := func(prefix string, n int) func() bool {
			return func() bool { return env.count(prefix) == n }
		}
		assert.Eventually(t, logged("GET /v1/users/me", 2), time.Second, 5*time.Millisecond)

		env.srv.InjectFault(notiontest.Fault{Method: "POST", Path: "/v1/pages", Times: 1, Delay: time.Second})
		start = time.Now()
		_, err = env.s.CreatePage(ctx, env.root, "slow")
		assert.Less(t, time.Since(start), time.Second)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.ErrorIs(t, err, ErrTimeout)
		assert.Eventually(t, logged("POST /v1/pages", 1), time.Second, 5*time.Millisecond)
		assert.Never(t, logged("POST /v1/pages", 2), 200*time.Millisecond, 10*time.Millisecond, "a create that timed out is not sent again")
	})
}
