package notiontest

import (
	"flag"
	"fmt"
	"testing"
	"time"
)

// benchScale divides the sizes of the scale benchmarks (10,000 rows, 100,000 pages), so that
// a quick run can use smaller workspaces: go test -bench Scale -args -emu.scale=10.
var benchScale = flag.Int("emu.scale", 1, "divide the workspace sizes of the scale benchmarks by this")

// benchVersions are the API versions the scale benchmarks run at.
var benchVersions = []apiVersion{v2022, v2025, v2026}

// scaled is n divided by -emu.scale (at least 1).
func scaled(n int) int { return max(1, n/max(1, *benchScale)) }

// seedCall runs a handler directly on the store, as a request at version v would, without
// HTTP: for cheap benchmark setup.
func (s *Server) seedCall(b *testing.B, h handlerFunc, v apiVersion, params map[string]string, body jsonObject) jsonObject {
	b.Helper()
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	res, err := h(s.st, &call{params: params, body: body, base: s.URL, version: v})
	if err != nil {
		b.Fatalf("seed: %v", err)
	}
	return res
}

// seedRows makes a database with a title, a number and a select property and n rows, and
// returns the database and its data source ids.
func seedRows(b *testing.B, srv *Server, n int) (dbID, dsID string) {
	b.Helper()
	db := srv.seedCall(b, handleCreateDatabase, v2022, nil, jsonObject{
		"parent": jsonObject{"page_id": srv.RootPageID}, "title": textRichText("Rows"),
		"properties": jsonObject{"Name": jsonObject{"title": jsonObject{}}, "N": jsonObject{"number": jsonObject{}},
			"Kind": jsonObject{"select": jsonObject{"options": []any{jsonObject{"name": "a"}, jsonObject{"name": "b"}}}}},
	})
	dbID = str(db, "id")
	srv.st.mu.Lock()
	dsID = srv.st.sources[dbID][0]
	srv.st.mu.Unlock()
	for i := range n {
		kind := "a"
		if i%2 == 1 {
			kind = "b"
		}
		srv.seedCall(b, handleCreatePage, v2022, nil, jsonObject{
			"parent": jsonObject{"database_id": dbID},
			"properties": jsonObject{"Name": jsonObject{"title": textRichText(fmt.Sprintf("row %d", i))},
				"N": jsonObject{"number": float64(i)}, "Kind": jsonObject{"select": jsonObject{"name": kind}}},
		})
	}
	return dbID, dsID
}

// seedPages adds n workspace pages titled "page <i>".
func seedPages(srv *Server, n int) {
	srv.st.mu.Lock()
	defer srv.st.mu.Unlock()
	for i := range n {
		srv.st.addWorkspacePage(fmt.Sprintf("page %d", i), srv.st.botID)
	}
}

// queryPath is the query endpoint of a database at a version.
func queryPath(v apiVersion, dbID, dsID string) string {
	if v == v2022 {
		return "/v1/databases/" + dbID + "/query"
	}
	return "/v1/data_sources/" + dsID + "/query"
}

// reportRate reports the requests per second of a benchmark loop, by wall time and by the
// CPU time the process used since cpu.
func reportRate(b *testing.B, n int, cpu time.Duration) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "req/s")
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(n)/used.Seconds(), "req/cpu-s")
	}
}

// BenchmarkScaleGetPage measures GET /v1/pages/{id} per version.
func BenchmarkScaleGetPage(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	c := newBenchClient(srv)
	for _, v := range benchVersions {
		b.Run(v.String(), func(b *testing.B) {
			n, cpu := 0, cpuTime()
			for b.Loop() {
				benchOKAt(b, c, v.String(), "GET", "/v1/pages/"+srv.RootPageID, nil)
				n++
			}
			reportRate(b, n, cpu)
		})
	}
}

// BenchmarkScaleCreatePage measures POST /v1/pages of a database row per version.
func BenchmarkScaleCreatePage(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	c := newBenchClient(srv)
	dbID, dsID := seedRows(b, srv, 0)
	for _, v := range benchVersions {
		parent := map[string]any{"database_id": dbID}
		if v > v2022 {
			parent = map[string]any{"data_source_id": dsID}
		}
		b.Run(v.String(), func(b *testing.B) {
			n, cpu := 0, cpuTime()
			for b.Loop() {
				benchOKAt(b, c, v.String(), "POST", "/v1/pages", map[string]any{"parent": parent,
					"properties": map[string]any{"Name": map[string]any{"title": text("new")}, "N": map[string]any{"number": n}}})
				n++
			}
			reportRate(b, n, cpu)
		})
	}
}

// BenchmarkScaleFilteredQuery measures the first page of a filtered, sorted query of a
// database of 1,000 rows per version.
func BenchmarkScaleFilteredQuery(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	c := newBenchClient(srv)
	dbID, dsID := seedRows(b, srv, scaled(1000))
	body := map[string]any{
		"filter": map[string]any{"and": []any{
			map[string]any{"property": "Kind", "select": map[string]any{"equals": "a"}},
			map[string]any{"property": "N", "number": map[string]any{"greater_than": 10}}}},
		"sorts": []any{map[string]any{"property": "N", "direction": "descending"}},
	}
	for _, v := range benchVersions {
		b.Run(v.String(), func(b *testing.B) {
			n, cpu := 0, cpuTime()
			for b.Loop() {
				benchOKAt(b, c, v.String(), "POST", queryPath(v, dbID, dsID), body)
				n++
			}
			reportRate(b, n, cpu)
		})
	}
}

// BenchmarkScaleSearch measures the first page of a search over 10,000 pages per version.
func BenchmarkScaleSearch(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	c := newBenchClient(srv)
	seedPages(srv, scaled(10000))
	for _, v := range benchVersions {
		b.Run(v.String(), func(b *testing.B) {
			n, cpu := 0, cpuTime()
			for b.Loop() {
				benchOKAt(b, c, v.String(), "POST", "/v1/search", map[string]any{"query": "page 1", "page_size": 100})
				n++
			}
			reportRate(b, n, cpu)
		})
	}
}

// BenchmarkScaleQueryWalk measures a full walk (100 rows a page) over a database of 10,000
// rows per version, each walk right after a write (so nothing computed before is reused):
// ms/walk is the time of one walk (target < 1,000 ms). The client decodes only what it
// walks by (ids, has_more, next_cursor).
func BenchmarkScaleQueryWalk(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	c := newBenchClient(srv)
	rows := scaled(10000)
	dbID, dsID := seedRows(b, srv, rows)
	for _, v := range benchVersions {
		b.Run(v.String(), func(b *testing.B) {
			walks := 0
			var spent, cpuSpent time.Duration
			for b.Loop() {
				b.StopTimer()
				srv.AddPage("write before the walk")
				b.StartTimer()
				start, cpu := time.Now(), cpuTime()
				body := map[string]any{"page_size": 100}
				seen := 0
				for {
					var ans struct {
						Results []struct {
							ID string `json:"id"`
						} `json:"results"`
						HasMore    bool   `json:"has_more"`
						NextCursor string `json:"next_cursor"`
					}
					benchDecode(b, c, v.String(), "POST", queryPath(v, dbID, dsID), body, &ans)
					seen += len(ans.Results)
					if !ans.HasMore {
						break
					}
					body["start_cursor"] = ans.NextCursor
				}
				if seen != rows {
					b.Fatalf("walked %d rows of %d", seen, rows)
				}
				spent += time.Since(start)
				cpuSpent += cpuTime() - cpu
				walks++
			}
			b.ReportMetric(float64(spent.Milliseconds())/float64(walks), "ms/walk")
			b.ReportMetric(float64(cpuSpent.Milliseconds())/float64(walks), "cpu-ms/walk")
		})
	}
}

// BenchmarkScaleSearchPage measures one search page (the first, then the next ones by
// cursor, in turn) over 100,000 pages per version: ms/page (target < 10 ms).
func BenchmarkScaleSearchPage(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	c := newBenchClient(srv)
	seedPages(srv, scaled(100000))
	for _, v := range benchVersions {
		b.Run(v.String(), func(b *testing.B) {
			body := map[string]any{"query": "page", "page_size": 100}
			pages := 0
			start, cpu := time.Now(), cpuTime()
			for b.Loop() {
				ans := benchOKAt(b, c, v.String(), "POST", "/v1/search", body)
				if ans["has_more"] == true && pages%10 != 9 {
					body["start_cursor"] = ans["next_cursor"]
				} else {
					delete(body, "start_cursor")
				}
				pages++
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(pages), "ms/page")
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(pages), "cpu-ms/page")
		})
	}
}
