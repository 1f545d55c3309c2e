package notiontest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/uno-go/uno/notiontest"
)

// call sends one request to the emulator and decodes its JSON answer.
func call(srv *notiontest.Server, method, path, body string) (int, map[string]any) {
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Notion-Version", "2022-06-28")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var answer map[string]any
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		panic(err)
	}
	return res.StatusCode, answer
}

func Example() {
	srv := notiontest.NewServer()
	defer srv.Close()

	_, page := call(srv, "POST", "/v1/pages", `{
		"parent": {"page_id": "`+srv.RootPageID+`"},
		"properties": {"title": {"title": [{"text": {"content": "Shopping list"}}]}}
	}`)
	id := page["id"].(string)

	_, found := call(srv, "POST", "/v1/search", `{"query": "shopping"}`)
	results := found["results"].([]any)
	fmt.Println("found:", len(results), results[0].(map[string]any)["id"] == id)

	status, missing := call(srv, "GET", "/v1/pages/0f3c9a1e-1b2c-4d5e-8f90-123456789abc", "")
	fmt.Println(status, missing["code"])
	// Output:
	// found: 1 true
	// 404 object_not_found
}
