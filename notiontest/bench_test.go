package notiontest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkRequests measures how many requests per second the emulator answers on loopback:
// a page read, a block append and a search, in turn, over one keep-alive connection.
func BenchmarkRequests(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	page := srv.AddPage("Benchmark")
	requests := []struct{ method, path, body string }{
		{"GET", "/v1/pages/" + page, ""},
		{"PATCH", "/v1/blocks/" + page + "/children", `{"children":[{"paragraph":{"rich_text":[{"text":{"content":"x"}}]}}]}`},
		{"POST", "/v1/search", `{"query":"bench","page_size":10}`},
	}
	send := func(i int) {
		r := requests[i%len(requests)]
		req, err := http.NewRequest(r.method, srv.URL+r.path, strings.NewReader(r.body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		req.Header.Set("Notion-Version", notionVersion)
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("%s %s: %d", r.method, r.path, res.StatusCode)
		}
	}
	n := 0
	for b.Loop() {
		send(n)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "req/s")
}
