package uno

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jomei/notionapi"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/internal/jsonscan"
	"github.com/uno-go/uno/notiontest"
)

// benchEnv is an emulator without rate limit, a session on it with pacing off, and a raw
// jomei client talking to the same emulator, for side-by-side benchmarks.
type benchEnv struct {
	srv   *notiontest.Server
	s     *Session
	jomei *notionapi.Client
	root  *Page
}

// newBenchEnv starts the emulator and opens the session; both are closed when the benchmark
// ends. Sessions are singletons: benchmarks run one at a time.
func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	b.Setenv(ConfigEnv, "")
	b.Setenv("HOME", b.TempDir())
	b.Setenv(TokenEnv, "")
	srv := notiontest.NewServer()
	b.Cleanup(srv.Close)
	s, err := NewSession(WithBaseURL(srv.URL), WithToken(srv.Token), WithRateLimit(0, 0))
	require.NoError(b, err)
	b.Cleanup(func() { _ = s.Close() })
	root, err := s.GetPage(b.Context(), srv.RootPageID)
	require.NoError(b, err)
	target, err := url.Parse(srv.URL)
	require.NoError(b, err)
	base, ok := http.DefaultTransport.(*http.Transport)
	require.True(b, ok, "http.DefaultTransport is an *http.Transport")
	jc := notionapi.NewClient(notionapi.Token(srv.Token),
		notionapi.WithHTTPClient(&http.Client{Transport: &hostRewriter{target: target, base: base.Clone()}}))
	return &benchEnv{srv: srv, s: s, jomei: jc, root: root}
}

// hostRewriter sends requests for api.notion.com to another host: jomei has no base-URL option.
type hostRewriter struct {
	target *url.URL
	base   http.RoundTripper
}

// RoundTrip sends a copy of req with the target's scheme and host.
func (h *hostRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme, r.URL.Host, r.Host = h.target.Scheme, h.target.Host, ""
	return h.base.RoundTrip(r)
}

// cacheBenchPages is how many pages the cached-lookup benchmarks put in the cache.
const cacheBenchPages = 1000

// cachedPages adds n workspace pages to the emulator and caches them in the session with one
// search; it returns them with their references as strings.
func cachedPages(b *testing.B, env *benchEnv, n int) ([]*Page, []string) {
	b.Helper()
	for i := range n {
		env.srv.AddPage(fmt.Sprintf("Cached %04d", i))
	}
	pages, err := env.s.SearchPage(b.Context(), "Cached", Substring())
	require.NoError(b, err)
	require.Len(b, pages, n)
	refs := make([]string, n)
	for i, p := range pages {
		refs[i] = p.ID().String()
	}
	return pages, refs
}

// lockedPageMap is the baseline for cached lookups: one map under one RWMutex.
type lockedPageMap struct {
	mu sync.RWMutex
	m  map[uuid.UUID]*Page
}

// newLockedPageMap holds pages by id.
func newLockedPageMap(pages []*Page) *lockedPageMap {
	l := &lockedPageMap{m: make(map[uuid.UUID]*Page, len(pages))}
	for _, p := range pages {
		l.m[p.ID()] = p
	}
	return l
}

// get looks a page up by id.
func (l *lockedPageMap) get(id uuid.UUID) (*Page, bool) {
	l.mu.RLock()
	p, ok := l.m[id]
	l.mu.RUnlock()
	return p, ok
}

// BenchmarkGetPageCached measures GetPage answered from the cache (a dashed UUID as the
// reference, as users have it) against a plain RWMutex-guarded map looked up by uuid.UUID,
// with and without parsing the same string first.
func BenchmarkGetPageCached(b *testing.B) {
	env := newBenchEnv(b)
	pages, refs := cachedPages(b, env, cacheBenchPages)
	baseline := newLockedPageMap(pages)
	ctx := b.Context()
	want, ref := pages[cacheBenchPages/2], refs[cacheBenchPages/2]

	b.Run("uno", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := env.s.GetPage(ctx, ref)
			if err != nil || p != want {
				b.Fatalf("GetPage = %v, %v", p, err)
			}
		}
	})
	b.Run("uno-undashed", func(b *testing.B) {
		// Any other form of the reference is parsed first.
		undashed := strings.ReplaceAll(ref, "-", "")
		b.ReportAllocs()
		for b.Loop() {
			p, err := env.s.GetPage(ctx, undashed)
			if err != nil || p != want {
				b.Fatalf("GetPage = %v, %v", p, err)
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		id := want.ID()
		for b.Loop() {
			if p, ok := baseline.get(id); !ok || p != want {
				b.Fatal("baseline lookup failed")
			}
		}
	})
	b.Run("map+parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			id, err := uuid.Parse(ref)
			if err != nil {
				b.Fatal(err)
			}
			if p, ok := baseline.get(id); !ok || p != want {
				b.Fatal("baseline lookup failed")
			}
		}
	})
}

// BenchmarkGetPageCachedParallel is BenchmarkGetPageCached from every core at once. In "hot"
// every goroutine asks for the same page (one cache shard); in "spread" each walks through
// all cached pages.
func BenchmarkGetPageCachedParallel(b *testing.B) {
	env := newBenchEnv(b)
	pages, refs := cachedPages(b, env, cacheBenchPages)
	baseline := newLockedPageMap(pages)
	ctx := b.Context()
	ids := make([]uuid.UUID, len(pages))
	for i, p := range pages {
		ids[i] = p.ID()
	}

	for _, pattern := range []struct {
		name string
		next func(i int) int
	}{
		{"hot", func(int) int { return cacheBenchPages / 2 }},
		{"spread", func(i int) int { return (i * 7919) % cacheBenchPages }},
	} {
		b.Run(pattern.name+"/uno", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					k := pattern.next(i)
					if p, err := env.s.GetPage(ctx, refs[k]); err != nil || p != pages[k] {
						b.Errorf("GetPage = %v, %v", p, err)
						return
					}
				}
			})
		})
		b.Run(pattern.name+"/map", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					k := pattern.next(i)
					if p, ok := baseline.get(ids[k]); !ok || p != pages[k] {
						b.Error("baseline lookup failed")
						return
					}
				}
			})
		})
	}
}

// BenchmarkGetPageUncached fetches the same database page over loopback with uno (NoCache)
// and with jomei's Page.Get.
func BenchmarkGetPageUncached(b *testing.B) {
	env := newBenchEnv(b)
	db := createTaskDB(b, env.s, env.root, "Uncached")
	page, err := db.CreatePage(b.Context(), taskValues(7))
	require.NoError(b, err)
	ref := page.ID().String()
	ctx := b.Context()

	b.Run("uno", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := env.s.GetPage(ctx, ref, NoCache())
			if err != nil || p.Title() != "Task 7" {
				b.Fatalf("GetPage = %v, %v", p, err)
			}
		}
	})
	b.Run("jomei", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := env.jomei.Page.Get(ctx, notionapi.PageID(ref))
			if err != nil || p.ID.String() != ref {
				b.Fatalf("Page.Get = %v, %v", p, err)
			}
		}
	})
}

// searchBenchPages is how many pages BenchmarkSearch2000 searches through.
const searchBenchPages = 2000

// BenchmarkSearch2000 lists 2000 pages by search, 100 per request: uno's SearchPage against
// paging by hand with jomei's Search.Do.
func BenchmarkSearch2000(b *testing.B) {
	env := newBenchEnv(b)
	for i := range searchBenchPages {
		env.srv.AddPage(fmt.Sprintf("Searched %04d", i))
	}
	ctx := b.Context()

	b.Run("uno", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pages, err := env.s.SearchPage(ctx, "Searched", Substring())
			if err != nil || len(pages) != searchBenchPages {
				b.Fatalf("SearchPage: %d pages, %v", len(pages), err)
			}
		}
		b.ReportMetric(searchBenchPages, "pages/op")
	})
	b.Run("jomei", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pages, err := jomeiSearchPages(ctx, env.jomei, "Searched")
			if err != nil || len(pages) != searchBenchPages {
				b.Fatalf("Search.Do: %d pages, %v", len(pages), err)
			}
		}
		b.ReportMetric(searchBenchPages, "pages/op")
	})
}

// jomeiSearchPages pages through a jomei search for pages, as a user of jomei writes it.
func jomeiSearchPages(ctx context.Context, c *notionapi.Client, query string) ([]*notionapi.Page, error) {
	req := &notionapi.SearchRequest{
		Query:    query,
		Filter:   notionapi.SearchFilter{Property: "object", Value: "page"},
		Sort:     &notionapi.SortObject{Timestamp: notionapi.TimestampLastEdited, Direction: notionapi.SortOrderDESC},
		PageSize: maxPageSize,
	}
	var pages []*notionapi.Page
	for {
		resp, err := c.Search.Do(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, o := range resp.Results {
			if p, ok := o.(*notionapi.Page); ok {
				pages = append(pages, p)
			}
		}
		if !resp.HasMore || resp.NextCursor == "" {
			return pages, nil
		}
		req.StartCursor = resp.NextCursor
	}
}

// queryBenchRows is how many pages the database of BenchmarkQuery1000 holds.
const queryBenchRows = 1000

// BenchmarkQuery1000 reads every page of a 1000-row database: uno's Database.Pages against
// paging by hand with jomei's Database.Query.
func BenchmarkQuery1000(b *testing.B) {
	env := newBenchEnv(b)
	db := createTaskDB(b, env.s, env.root, "Query")
	fillTaskDB(b, db, queryBenchRows)
	ctx := b.Context()

	b.Run("uno", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pages, err := db.Pages(ctx)
			if err != nil || len(pages) != queryBenchRows {
				b.Fatalf("Pages: %d pages, %v", len(pages), err)
			}
		}
		b.ReportMetric(queryBenchRows, "pages/op")
	})
	b.Run("jomei", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pages, err := jomeiQueryAll(ctx, env.jomei, db.ID().String())
			if err != nil || len(pages) != queryBenchRows {
				b.Fatalf("Database.Query: %d pages, %v", len(pages), err)
			}
		}
		b.ReportMetric(queryBenchRows, "pages/op")
	})
}

// jomeiQueryAll pages through a jomei database query, as a user of jomei writes it.
func jomeiQueryAll(ctx context.Context, c *notionapi.Client, dbID string) ([]notionapi.Page, error) {
	req := &notionapi.DatabaseQueryRequest{PageSize: maxPageSize}
	var pages []notionapi.Page
	for {
		resp, err := c.Database.Query(ctx, notionapi.DatabaseID(dbID), req)
		if err != nil {
			return nil, err
		}
		pages = append(pages, resp.Results...)
		if !resp.HasMore || resp.NextCursor == "" {
			return pages, nil
		}
		req.StartCursor = resp.NextCursor
	}
}

// createTaskDB creates a database of tasks with the usual property types.
func createTaskDB(b *testing.B, s *Session, parent *Page, title string) *Database {
	b.Helper()
	schema := NewSchema(title,
		Prop("Task", Title()),
		Prop("Status", Select("Backlog", "In Progress", "Blocked", "Done")),
		Prop("Priority", Select("High", "Medium", "Low")),
		Prop("Due Date", Date()),
		Prop("Estimate", Number()),
		Prop("Done", Checkbox()),
	)
	db, err := s.CreateDB(b.Context(), parent, schema)
	require.NoError(b, err)
	return db
}

// taskValues are the property values of the i-th benchmark task.
func taskValues(i int) Values {
	statuses := []string{"Backlog", "In Progress", "Blocked", "Done"}
	priorities := []string{"High", "Medium", "Low"}
	return Values{
		"Task":     fmt.Sprintf("Task %d", i),
		"Status":   statuses[i%len(statuses)],
		"Priority": priorities[i%len(priorities)],
		"Due Date": Day(2024, 3, 1+i%28),
		"Estimate": i % 13,
		"Done":     i%4 == 3,
	}
}

// fillTaskDB creates n task pages in db with a few goroutines, to keep the setup short.
func fillTaskDB(b *testing.B, db *Database, n int) {
	b.Helper()
	const workers = 4
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if _, err := db.CreatePage(b.Context(), taskValues(i)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(b, err)
	}
}

// recordedAnswer is one recorded 200 answer that uno models, with the decoders of both
// libraries for its endpoint.
type recordedAnswer struct {
	where string // "METHOD uri" for failure messages
	body  []byte
	uno   func([]byte) (int, error) // returns the number of objects decoded
	jomei func([]byte) error
}

// recordedAnswers collects every recorded answer of an endpoint that returns pages,
// databases, blocks or users (comments and property items are left out).
func recordedAnswers(b *testing.B) ([]recordedAnswer, int64) {
	b.Helper()
	var (
		answers []recordedAnswer
		total   int64
	)
	for _, rec := range loadRecordings(b) {
		for _, it := range rec.Interactions {
			if it.Status != http.StatusOK || len(it.Response) == 0 {
				continue
			}
			u, err := url.Parse(it.URI)
			require.NoError(b, err)
			a, ok := decodersFor(it.Method, u.Path, searchKind(it.Request))
			if !ok {
				continue
			}
			a.where, a.body = it.Method+" "+it.URI, it.Response
			answers = append(answers, a)
			total += int64(len(it.Response))
		}
	}
	require.NotEmpty(b, answers)
	return answers, total
}

// searchKind returns the object kind a search request was filtered by, "" if none.
func searchKind(request json.RawMessage) string {
	var req struct {
		Filter struct {
			Value string `json:"value"`
		} `json:"filter"`
	}
	if json.Unmarshal(request, &req) != nil {
		return ""
	}
	return req.Filter.Value
}

// decodersFor picks both libraries' decoders by endpoint (and, for a search, by the object
// kind it was filtered by, as uno always filters), as each client does for its answers.
func decodersFor(method, path, searchKind string) (recordedAnswer, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) < 2 || segs[0] != "v1" {
		return recordedAnswer{}, false
	}
	segs = segs[1:]
	switch {
	case segs[0] == "pages" && len(segs) <= 2:
		return recordedAnswer{uno: unoSingle(newPage), jomei: jomeiInto[notionapi.Page]}, true
	case segs[0] == "databases" && len(segs) <= 2:
		return recordedAnswer{uno: unoSingle(newDatabase), jomei: jomeiInto[notionapi.Database]}, true
	case segs[0] == "databases" && len(segs) == 3 && segs[2] == "query":
		return recordedAnswer{uno: unoList(readPage), jomei: jomeiInto[notionapi.DatabaseQueryResponse]}, true
	case segs[0] == "search" && searchKind == "page":
		return recordedAnswer{uno: unoList(readPage), jomei: jomeiInto[notionapi.SearchResponse]}, true
	case segs[0] == "search" && searchKind == "database":
		return recordedAnswer{uno: unoList(readDatabase), jomei: jomeiInto[notionapi.SearchResponse]}, true
	case segs[0] == "blocks" && len(segs) == 2:
		return recordedAnswer{uno: unoSingle(newBlock), jomei: jomeiBlock}, true
	case segs[0] == "blocks" && len(segs) == 3 && method == http.MethodGet:
		return recordedAnswer{uno: unoList(readBlock), jomei: jomeiInto[notionapi.GetChildrenResponse]}, true
	case segs[0] == "blocks" && len(segs) == 3:
		return recordedAnswer{uno: unoList(readBlock), jomei: jomeiInto[notionapi.AppendBlockChildrenResponse]}, true
	case segs[0] == "users" && len(segs) == 1:
		return recordedAnswer{uno: unoList(readUser), jomei: jomeiInto[notionapi.UsersListResponse]}, true
	case segs[0] == "users":
		return recordedAnswer{uno: unoSingle(newUser), jomei: jomeiInto[notionapi.User]}, true
	}
	return recordedAnswer{}, false
}

// unoSingle decodes an answer holding one object.
func unoSingle[T any](decode func([]byte, *Session) (T, error)) func([]byte) (int, error) {
	return func(raw []byte) (int, error) {
		_, err := decode(raw, nil)
		return 1, err
	}
}

// unoList decodes a list answer of one kind of object, as listSeq does.
func unoList[T any](read func(*jsonscan.Reader, *Session) (T, error)) func([]byte) (int, error) {
	return func(raw []byte) (int, error) {
		page, err := decodeList(raw, nil, read)
		return len(page.results), err
	}
}

// jomeiInto decodes an answer into jomei's type for it, as jomei's client does. jomei panics
// on some answers; a panic counts as a failure.
func jomeiInto[T any](raw []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	var v T
	return json.Unmarshal(raw, &v)
}

// jomeiBlock decodes one block as jomei's Block.Get does (its decoder is unexported, so
// through a one-element Blocks list).
func jomeiBlock(raw []byte) error {
	list := make([]byte, 0, len(raw)+2)
	list = append(append(append(list, '['), raw...), ']')
	return jomeiInto[notionapi.Blocks](list)
}

// BenchmarkDecodeRecordings decodes every recorded answer of the endpoints uno models with
// uno's decoders and with jomei's types; jomei's failures are reported per run.
func BenchmarkDecodeRecordings(b *testing.B) {
	answers, total := recordedAnswers(b)

	b.Run("uno", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		objects := 0
		for b.Loop() {
			objects = 0
			for _, a := range answers {
				n, err := a.uno(a.body)
				if err != nil {
					b.Fatalf("%s: %v", a.where, err)
				}
				objects += n
			}
		}
		b.ReportMetric(float64(len(answers)), "answers/op")
		b.ReportMetric(float64(objects), "objects/op")
		b.ReportMetric(0, "failures/op")
	})
	b.Run("jomei", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		failures := 0
		for b.Loop() {
			failures = 0
			for _, a := range answers {
				if a.jomei(a.body) != nil {
					failures++
				}
			}
		}
		b.ReportMetric(float64(len(answers)), "answers/op")
		b.ReportMetric(float64(failures), "failures/op")
	})
}
