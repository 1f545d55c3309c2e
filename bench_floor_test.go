package uno

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// The benchmarks of this file measure uno against its floor, in the same run: a net/http
// handler that returns the same bytes the emulator sent (recorded once, before the timed
// loop), fetched with a bare net/http client that checks them with json.Valid. uno talks to
// the same handler, so that the emulator's own work is in neither figure and the ratio
// uno/floor is what uno adds to fetching and validating the bytes.

// exchange is one recorded request and the answer it got.
type exchange struct {
	method, uri string // uri is the path and query, as uno sends them
	body        []byte // the request body, nil for none
	answer      []byte
}

// key identifies an exchange by what the request says.
func (e *exchange) key() string { return e.method + " " + e.uri + "\x00" + string(e.body) }

// recorder is an http.RoundTripper that keeps every exchange that passes through it.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	log  []*exchange
}

// RoundTrip sends req through base and records it with its answer.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(answer))
	if resp.StatusCode == http.StatusOK {
		r.mu.Lock()
		r.log = append(r.log, &exchange{method: req.Method, uri: req.URL.RequestURI(), body: body, answer: answer})
		r.mu.Unlock()
	}
	return resp, nil
}

// take returns the exchanges recorded so far and forgets them.
func (r *recorder) take() []*exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	log := r.log
	r.log = nil
	return log
}

// replayServer answers each recorded request with its recorded answer and nothing else.
func replayServer(b *testing.B, log []*exchange) *httptest.Server {
	b.Helper()
	answers := make(map[string][]byte, len(log))
	for _, e := range log {
		answers[e.key()] = e.answer
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if len(body) == 0 {
			body = nil
		}
		e := exchange{method: r.Method, uri: r.URL.RequestURI(), body: body}
		answer, ok := answers[e.key()]
		if !ok {
			http.Error(w, `{"object":"error","status":404,"code":"object_not_found","message":"not recorded"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
		_, _ = w.Write(answer)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// floorClient fetches recorded exchanges from a replay server as a bare client does: the
// same request, the body read in one buffer, json.Valid over it.
type floorClient struct {
	http    *http.Client
	base    string
	token   string
	version string
}

// fetch sends every exchange of log in order and validates each answer.
func (f *floorClient) fetch(ctx context.Context, log []*exchange) (int64, error) {
	var n int64
	for _, e := range log {
		var body io.Reader
		if e.body != nil {
			body = bytes.NewReader(e.body)
		}
		req, err := http.NewRequestWithContext(ctx, e.method, f.base+e.uri, body)
		if err != nil {
			return n, err
		}
		req.Header.Set("Authorization", "Bearer "+f.token)
		req.Header.Set("Notion-Version", f.version)
		if e.body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := f.http.Do(req)
		if err != nil {
			return n, err
		}
		data := make([]byte, resp.ContentLength)
		_, err = io.ReadFull(resp.Body, data)
		resp.Body.Close()
		if err != nil {
			return n, err
		}
		if !json.Valid(data) {
			return n, fmt.Errorf("%s %s: invalid JSON", e.method, e.uri)
		}
		n += int64(len(data))
	}
	return n, nil
}

// floorEnv is an emulator, a recorder in front of it and a session that talks through the
// recorder, to record the answers a workload gets; replay then serves them.
type floorEnv struct {
	srv  *notiontest.Server
	rec  *recorder
	s    *Session
	root *Page
}

// newFloorEnv starts the emulator and opens a recording session on it.
func newFloorEnv(b *testing.B) *floorEnv {
	b.Helper()
	b.Setenv(ConfigEnv, "")
	b.Setenv("HOME", b.TempDir())
	b.Setenv(TokenEnv, "")
	srv := notiontest.NewServer()
	b.Cleanup(srv.Close)
	rec := &recorder{base: http.DefaultTransport}
	s, err := NewSession(WithBaseURL(srv.URL), WithToken(srv.Token), WithRateLimit(0, 0),
		WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(b, err)
	b.Cleanup(func() { _ = s.Close() })
	root, err := s.GetPage(b.Context(), srv.RootPageID)
	require.NoError(b, err)
	return &floorEnv{srv: srv, rec: rec, s: s, root: root}
}

// recordAt runs workload twice in a session at the API version that talks to the emulator
// through the recorder. It returns what both runs asked (for the replay server to answer)
// and what the second run asked (what the workload asks once its cache is warm, for the floor
// to fetch).
func (env *floorEnv) recordAt(b *testing.B, version string, workload func(*Session) error) (all, steady []*exchange) {
	b.Helper()
	s, err := NewSession(WithBaseURL(env.srv.URL), WithToken(env.srv.Token), WithRateLimit(0, 0),
		WithNotionVersion(version), WithHTTPClient(&http.Client{Transport: env.rec}))
	require.NoError(b, err)
	defer func() { _ = s.Close() }()
	env.rec.take()
	require.NoError(b, workload(s), "at %s", version)
	warm := env.rec.take()
	require.NoError(b, workload(s), "at %s", version)
	steady = env.rec.take()
	require.NotEmpty(b, steady)
	return append(warm, steady...), steady
}

// atVersions closes the setup session, records workload at each of versions, and then, for
// each version, runs bench as a sub-benchmark named by it, with a session at that version and
// a floor client, both on a replay server of that version's answers.
func (env *floorEnv) atVersions(b *testing.B, versions []string, workload func(*Session) error,
	bench func(b *testing.B, s *Session, floor *floorClient, log []*exchange)) {
	b.Helper()
	require.NoError(b, env.s.Close())
	all := make([][]*exchange, len(versions))
	steady := make([][]*exchange, len(versions))
	for i, v := range versions {
		all[i], steady[i] = env.recordAt(b, v, workload)
	}
	for i, v := range versions {
		b.Run(v, func(b *testing.B) {
			srv := replayServer(b, all[i])
			s, err := NewSession(WithBaseURL(srv.URL), WithToken(env.srv.Token), WithRateLimit(0, 0), WithNotionVersion(v))
			require.NoError(b, err)
			defer func() { _ = s.Close() }()
			require.NoError(b, workload(s), "warming the replayed session at %s", v)
			floor := &floorClient{http: &http.Client{}, base: srv.URL, token: env.srv.Token, version: v}
			bench(b, s, floor, steady[i])
		})
	}
}

// allVersions are the API versions the emulator answers at.
var allVersions = []string{Version2022, Version2025, Version2026}

// runFloor times the floor client over log, reporting the bytes it moves.
func runFloor(b *testing.B, f *floorClient, log []*exchange) {
	b.ReportAllocs()
	var n int64
	for b.Loop() {
		var err error
		if n, err = f.fetch(b.Context(), log); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(n)
}

// runRatio times uno and the floor in turns, one operation of each per iteration (the
// order alternating), so that both see the same load on a busy machine; it reports each
// one's time per operation and their ratio. Sequential sub-benchmarks of the same pair
// drift apart with the load of the machine; this ratio does not.
func runRatio(b *testing.B, uno func() error, floor func() error) {
	b.ReportAllocs()
	var tUno, tFloor time.Duration
	i := 0
	for b.Loop() {
		first, second, tFirst, tSecond := uno, floor, &tUno, &tFloor
		if i%2 == 1 {
			first, second, tFirst, tSecond = floor, uno, &tFloor, &tUno
		}
		i++
		t0 := time.Now()
		err1 := first()
		t1 := time.Now()
		err2 := second()
		t2 := time.Now()
		if err := errors.Join(err1, err2); err != nil {
			b.Fatal(err)
		}
		*tFirst += t1.Sub(t0)
		*tSecond += t2.Sub(t1)
	}
	b.ReportMetric(float64(tUno.Nanoseconds())/float64(i), "uno-ns/op")
	b.ReportMetric(float64(tFloor.Nanoseconds())/float64(i), "floor-ns/op")
	b.ReportMetric(float64(tUno)/float64(tFloor), "uno/floor")
}

// BenchmarkFloorGetPage is an uncached GetPage of a database page with 7 properties, against
// a GET of the same bytes and json.Valid over them, at each API version.
func BenchmarkFloorGetPage(b *testing.B) {
	env := newFloorEnv(b)
	db := createTaskDB(b, env.s, env.root, "Floor")
	page, err := db.CreatePage(b.Context(), taskValues(7))
	require.NoError(b, err)
	ref := page.ID().String()
	getPage := func(s *Session) error {
		p, err := s.GetPage(b.Context(), ref, NoCache())
		if err == nil && p.Title() != "Task 7" {
			err = fmt.Errorf("GetPage: title %q", p.Title())
		}
		return err
	}
	env.atVersions(b, allVersions, getPage, func(b *testing.B, s *Session, floor *floorClient, log []*exchange) {
		benchPair(b, func() error { return getPage(s) }, floor, log)
	})
}

// benchPair runs uno's operation and the floor as sub-benchmarks "uno" and "floor", and both
// in turns as "ratio".
func benchPair(b *testing.B, uno func() error, floor *floorClient, log []*exchange) {
	var n int64
	for _, e := range log {
		n += int64(len(e.answer))
	}
	b.Run("uno", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := uno(); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(n)
	})
	b.Run("floor", func(b *testing.B) { runFloor(b, floor, log) })
	b.Run("ratio", func(b *testing.B) {
		runRatio(b, uno, func() error {
			_, err := floor.fetch(b.Context(), log)
			return err
		})
	})
}

// BenchmarkFloorSearch2000 lists 2000 pages by search (20 answers of 100 pages), against
// fetching the same 20 answers and json.Valid over them, at each API version; "decode"
// decodes the 20 answers as listSeq does, without HTTP and cache.
func BenchmarkFloorSearch2000(b *testing.B) {
	env := newFloorEnv(b)
	for i := range searchBenchPages {
		env.srv.AddPage(fmt.Sprintf("Searched %04d", i))
	}
	search := func(s *Session) error {
		pages, err := s.SearchPage(b.Context(), "Searched", Substring())
		if err == nil && len(pages) != searchBenchPages {
			err = fmt.Errorf("SearchPage: %d pages", len(pages))
		}
		return err
	}
	env.atVersions(b, allVersions, search, func(b *testing.B, s *Session, floor *floorClient, log []*exchange) {
		benchPair(b, func() error { return search(s) }, floor, log)
		b.Run("decode", func(b *testing.B) {
			// allocs/op over pages/op is the allocations per decoded page.
			decode := unoList(readPage)
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for _, e := range log {
					k, err := decode(e.answer)
					if err != nil {
						b.Fatal(err)
					}
					n += k
				}
				if n != searchBenchPages {
					b.Fatalf("decoded %d pages", n)
				}
			}
			b.ReportMetric(searchBenchPages, "pages/op")
		})
	})
}

// BenchmarkFloorQuery1000 reads every page of a 1000-row database (10 answers of 100 pages
// with 6 property values each, and the database itself, fetched uncached), against fetching
// the same answers and json.Valid over them, at each API version: from 2025-09-03 on the
// database is queried through its data source.
func BenchmarkFloorQuery1000(b *testing.B) {
	env := newFloorEnv(b)
	db := createTaskDB(b, env.s, env.root, "Query")
	fillTaskDB(b, db, queryBenchRows)
	ref := db.ID().String()
	query := func(s *Session) error {
		d, err := s.GetDB(b.Context(), ref, NoCache())
		if err != nil {
			return err
		}
		pages, err := d.Pages(b.Context())
		if err == nil && len(pages) != queryBenchRows {
			err = fmt.Errorf("Pages: %d pages", len(pages))
		}
		return err
	}
	env.atVersions(b, allVersions, query, func(b *testing.B, s *Session, floor *floorClient, log []*exchange) {
		benchPair(b, func() error { return query(s) }, floor, log)
	})
}

// recordedSet is the decodable answers of one directory of recordings.
type recordedSet struct {
	version string
	answers []recordedAnswer
	bytes   int64
	objects int
}

// recordedSets loads the answers that uno models from both recording sets in testdata.
func recordedSets(b *testing.B) []recordedSet {
	b.Helper()
	var sets []recordedSet
	for _, dir := range []struct{ version, path string }{
		{Version2022, "testdata/recordings"},
		{Version2026, "testdata/recordings-2026-03-11"},
	} {
		files, err := filepath.Glob(filepath.Join(dir.path, "*", "*.json"))
		require.NoError(b, err)
		require.NotEmpty(b, files, dir.path)
		set := recordedSet{version: dir.version}
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(b, err)
			var rec recording
			require.NoError(b, json.Unmarshal(data, &rec), f)
			for _, it := range rec.Interactions {
				if it.Status != http.StatusOK || len(it.Response) == 0 {
					continue
				}
				a, ok := decodersFor(it.Method, pathOf(it.URI), searchKind(it.Request))
				if !ok {
					continue
				}
				a.where, a.body = it.Method+" "+it.URI, it.Response
				n, err := a.uno(a.body)
				require.NoError(b, err, a.where)
				set.objects += n
				set.answers = append(set.answers, a)
				set.bytes += int64(len(a.body))
			}
		}
		require.NotEmpty(b, set.answers, dir.path)
		sets = append(sets, set)
	}
	return sets
}

// pathOf returns the path of a recorded URI.
func pathOf(uri string) string {
	req, err := http.NewRequest(http.MethodGet, uri, nil)
	if err != nil {
		return ""
	}
	return req.URL.Path
}

// BenchmarkDecodeRecordedSets decodes every recorded answer that uno models, one recording set
// (API version) at a time, against json.Valid over the same answers.
func BenchmarkDecodeRecordedSets(b *testing.B) {
	for _, set := range recordedSets(b) {
		b.Run(set.version+"/uno", func(b *testing.B) {
			b.SetBytes(set.bytes)
			b.ReportAllocs()
			for b.Loop() {
				for _, a := range set.answers {
					if _, err := a.uno(a.body); err != nil {
						b.Fatalf("%s: %v", a.where, err)
					}
				}
			}
			b.ReportMetric(float64(set.objects), "objects/op")
			b.ReportMetric(float64(len(set.answers)), "answers/op")
		})
		b.Run(set.version+"/floor", func(b *testing.B) {
			b.SetBytes(set.bytes)
			b.ReportAllocs()
			for b.Loop() {
				for _, a := range set.answers {
					if !json.Valid(a.body) {
						b.Fatalf("%s: invalid JSON", a.where)
					}
				}
			}
			b.ReportMetric(float64(set.objects), "objects/op")
		})
	}
}
