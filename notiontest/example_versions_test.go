package notiontest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/uno-go/uno/notiontest"
)

// callAt sends one request at an API version and decodes its JSON answer.
func callAt(srv *notiontest.Server, version, method, path, body string) (int, map[string]any) {
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Notion-Version", version)
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

// One workspace answers every API version: a database created by a 2022-06-28 client is a
// container of one data source to a 2026-03-11 client. A second data source makes it a
// database that 2022-06-28 cannot use.
func ExampleServer_AddDataSource() {
	srv := notiontest.NewServer()
	defer srv.Close()

	_, db := callAt(srv, "2022-06-28", "POST", "/v1/databases", `{
		"parent": {"page_id": "`+srv.RootPageID+`"},
		"title": [{"text": {"content": "Tasks"}}],
		"properties": {"Name": {"title": {}}}
	}`)
	id := db["id"].(string)

	_, container := callAt(srv, "2026-03-11", "GET", "/v1/databases/"+id, "")
	sources := container["data_sources"].([]any)
	_, hasProperties := container["properties"]
	fmt.Println("data sources:", len(sources), "properties:", hasProperties)

	srv.AddDataSource(id, "Archive")
	_, container = callAt(srv, "2026-03-11", "GET", "/v1/databases/"+id, "")
	for _, s := range container["data_sources"].([]any) {
		fmt.Println("-", s.(map[string]any)["name"])
	}
	status, answer := callAt(srv, "2022-06-28", "GET", "/v1/databases/"+id, "")
	fmt.Println(status, answer["code"])
	// Output:
	// data sources: 1 properties: false
	// - Tasks
	// - Archive
	// 400 validation_error
}
