package notiontest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkAnswerByVersion measures what rendering an answer for an older API version costs:
// the same requests (a page read, and a query answering 100 rows of a data source) answered
// at 2026-03-11 (the stored form), 2025-09-03 (one step back) and 2022-06-28 (two steps).
func BenchmarkAnswerByVersion(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	do := func(version, method, path, body string) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		req.Header.Set("Notion-Version", version)
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("%s %s at %s: %d", method, path, version, res.StatusCode)
		}
	}
	srv.st.mu.Lock()
	dbID := newUUID()
	db := srv.st.newDatabaseObject(dbID, parentRef("page_id", srv.RootPageID))
	srv.st.databases[dbID] = db
	ds := srv.st.newDataSourceObject(dataSourceID(dbID), db, textRichText("Bench"))
	ds["properties"] = jsonObject{
		"Name":  jsonObject{"id": "title", "name": "Name", "description": nil, "type": "title", "title": jsonObject{}},
		"Count": jsonObject{"id": "cnt", "name": "Count", "description": nil, "type": "number", "number": jsonObject{"format": "number"}},
	}
	srv.st.insertDataSource(ds)
	var page string
	for i := range 100 {
		id := newUUID()
		p := srv.st.newPageObject(id, dataSourceParent(ds), jsonObject{
			"Name":  jsonObject{"id": "title", "type": "title", "title": textRichText(fmt.Sprint("row ", i))},
			"Count": jsonObject{"id": "cnt", "type": "number", "number": float64(i)},
		}, srv.st.botID)
		srv.st.insertPage(p, "")
		page = id
	}
	srv.st.mu.Unlock()
	// Warm the connection and the runtime up, so that the first sub-benchmark is not the
	// slower for being first.
	for range 200 {
		do(v2026.String(), "GET", "/v1/pages/"+page, "")
		do(v2026.String(), "POST", "/v1/data_sources/"+str(ds, "id")+"/query", `{"page_size":100}`)
	}
	for _, v := range []apiVersion{v2026, v2025, v2022} {
		query := "/v1/data_sources/" + str(ds, "id") + "/query"
		if v == v2022 {
			query = "/v1/databases/" + dbID + "/query"
		}
		b.Run(v.String()+"/get-page", func(b *testing.B) {
			for b.Loop() {
				do(v.String(), "GET", "/v1/pages/"+page, "")
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
		b.Run(v.String()+"/query-100-rows", func(b *testing.B) {
			for b.Loop() {
				do(v.String(), "POST", query, `{"page_size":100}`)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
