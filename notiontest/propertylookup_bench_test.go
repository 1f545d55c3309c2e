package notiontest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// wideSchema is the properties of a create request with n rich-text properties and a title.
func wideSchema(n int) map[string]any {
	props := map[string]any{"Name": map[string]any{"title": map[string]any{}}}
	for i := range n {
		props[fmt.Sprintf("P%d", i)] = map[string]any{"rich_text": map[string]any{}}
	}
	return props
}

// BenchmarkWideCreates measures a database create with 5,000 properties, then a page create
// that sets every one of them by property id, then one that sets them by name.
func BenchmarkWideCreates(b *testing.B) {
	const n = 5000
	srv := NewServer()
	defer srv.Close()
	c := newBenchClient(srv)
	cpu, ops := cpuTime(), 0
	defer func() { b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(max(ops, 1)), "cpu-ms/op") }()
	for b.Loop() {
		ops++
		db := benchOK(b, c, "POST", "/v1/databases", map[string]any{
			"parent": map[string]any{"page_id": srv.RootPageID}, "title": text("Wide"), "properties": wideSchema(n)})
		byID, byName := map[string]any{}, map[string]any{}
		for name, p := range db["properties"].(map[string]any) {
			if name == "Name" {
				continue
			}
			v := map[string]any{"rich_text": text("v")}
			byID[p.(map[string]any)["id"].(string)] = v
			byName[name] = v
		}
		dbID := db["id"].(string)
		benchOK(b, c, "POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": dbID}, "properties": byID})
		benchOK(b, c, "POST", "/v1/pages", map[string]any{"parent": map[string]any{"database_id": dbID}, "properties": byName})
	}
}

// benchClient sends the requests of a benchmark over one keep-alive connection.
type benchClient struct {
	srv  *Server
	http *http.Client
}

// newBenchClient returns a client of srv for benchmarks.
func newBenchClient(srv *Server) *benchClient {
	return &benchClient{srv: srv, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
}

// send sends a request (body marshalled to JSON unless nil) at the version and returns the
// status and the decoded answer.
func (c *benchClient) send(method, path, version string, body any) (int, map[string]any, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.srv.URL+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.srv.Token)
	req.Header.Set("Notion-Version", version)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		return res.StatusCode, nil, err
	}
	return res.StatusCode, m, nil
}

// benchDecode sends a request from a benchmark and decodes its 200 answer into out.
func benchDecode(b *testing.B, c *benchClient, version, method, path string, body, out any) {
	b.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			b.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.srv.URL+path, rd)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.srv.Token)
	req.Header.Set("Notion-Version", version)
	res, err := c.http.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("%s %s: %d", method, path, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		b.Fatal(err)
	}
}

// benchOK sends a request from a benchmark at version 2022-06-28 and fails the benchmark
// unless the answer is 200.
func benchOK(b *testing.B, c *benchClient, method, path string, body any) map[string]any {
	b.Helper()
	return benchOKAt(b, c, notionVersion, method, path, body)
}

// benchOKAt is benchOK at a given Notion-Version.
func benchOKAt(b *testing.B, c *benchClient, version, method, path string, body any) map[string]any {
	b.Helper()
	status, ans, err := c.send(method, path, version, body)
	if err != nil {
		b.Fatalf("%s %s: %v", method, path, err)
	}
	if status != http.StatusOK {
		b.Fatalf("%s %s: %d %v", method, path, status, ans["message"])
	}
	return ans
}
