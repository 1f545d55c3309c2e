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

// A fault makes the emulator misbehave the way Notion or a proxy in front of it can, so that
// tests can check how a client copes.
func ExampleServer_InjectFault() {
	srv := notiontest.NewServer()
	defer srv.Close()

	srv.InjectFault(notiontest.Fault{Method: "GET", Path: "/v1/users/me", Times: 1, Status: 429})
	srv.InjectFault(notiontest.Fault{Method: "GET", Path: "/v1/users", Times: 1, Status: 502,
		Body: "<html>Bad gateway</html>", Header: http.Header{"Content-Type": {"text/html"}}})

	status, answer := call(srv, "GET", "/v1/users/me", "")
	fmt.Println(status, answer["code"])
	status, _ = call(srv, "GET", "/v1/users/me", "")
	fmt.Println(status, "once the fault has acted")
	fmt.Println(srv.RequestCount("GET", "/v1/users/me"), "requests to /v1/users/me")
	// Output:
	// 429 rate_limited
	// 200 once the fault has acted
	// 2 requests to /v1/users/me
}
