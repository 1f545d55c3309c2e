package notiontest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// handlerFunc answers one API call. It runs with the store's lock held and returns an object
// that shares nothing with the store, so that it can be encoded after the lock is released.
type handlerFunc func(st *store, c *call) (jsonObject, *apiError)

// call is one API request as the handlers see it.
type call struct {
	// params holds the path parameters: ids ("page_id", "block_id", ...) dashed and lower
	// case, "property_id" unescaped.
	params  map[string]string
	query   url.Values
	body    jsonObject // the decoded body of a POST or PATCH, else nil
	base    string     // the server's root URL, for the URLs of next pages
	version apiVersion // the request's Notion-Version
	// raw and contentType are the body and Content-Type of a multipart/form-data request
	// (formRoutes), whose body is not decoded as JSON.
	raw         []byte
	contentType string
}

// routeDef binds a method and a path pattern to a handler. A pattern segment "{name_id}"
// matches a UUID (400 validation_error otherwise), "{property_id}" any segment.
type routeDef struct {
	method  string
	pattern string
	handler handlerFunc
}

// routes is Notion's API, at the versions the emulator speaks, as far as it simulates it
// (sinceVersion and untilVersion mark endpoints that exist only at some versions). Literal
// patterns come before parameterized ones with the same shape.
var routes = []routeDef{
	{http.MethodGet, "/v1/users/me", handleGetMe},
	{http.MethodGet, "/v1/users", handleListUsers},
	{http.MethodGet, "/v1/users/{user_id}", handleGetUser},
	{http.MethodPost, "/v1/pages", withMarkdownCreate(handleCreatePage)},
	{http.MethodGet, "/v1/pages/{page_id}", handleGetPage},
	{http.MethodPatch, "/v1/pages/{page_id}", withPageUpdateExtras(handleUpdatePage)},
	{http.MethodGet, "/v1/pages/{page_id}/properties/{property_id}", handleGetPageProperty},
	{http.MethodPost, "/v1/databases", handleCreateDatabase},
	{http.MethodGet, "/v1/databases/{database_id}", handleGetDatabase},
	{http.MethodPatch, "/v1/databases/{database_id}", handleUpdateDatabase},
	{http.MethodPost, "/v1/databases/{database_id}/query", untilVersion(v2025, handleQueryDatabase)},
	{http.MethodPost, "/v1/data_sources", sinceVersion(v2025, handleCreateDataSource)},
	{http.MethodGet, "/v1/data_sources/{data_source_id}", sinceVersion(v2025, handleGetDataSource)},
	{http.MethodPatch, "/v1/data_sources/{data_source_id}", sinceVersion(v2025, handleUpdateDataSource)},
	{http.MethodPost, "/v1/data_sources/{data_source_id}/query", sinceVersion(v2025, handleQueryDataSource)},
	{http.MethodGet, "/v1/data_sources/{data_source_id}/templates", sinceVersion(v2025, handleListTemplates)},
	{http.MethodGet, "/v1/blocks/{block_id}", handleGetBlock},
	{http.MethodPatch, "/v1/blocks/{block_id}", handleUpdateBlock},
	{http.MethodDelete, "/v1/blocks/{block_id}", handleDeleteBlock},
	{http.MethodGet, "/v1/blocks/{block_id}/children", handleListChildren},
	{http.MethodPatch, "/v1/blocks/{block_id}/children", handleAppendChildren},
	{http.MethodPost, "/v1/search", handleSearch},
	{http.MethodPost, "/v1/comments", handleCreateComment},
	{http.MethodGet, "/v1/comments", handleListComments},
	{http.MethodGet, "/v1/comments/{comment_id}", handleGetComment},
	{http.MethodPatch, "/v1/comments/{comment_id}", handleUpdateComment},
	{http.MethodDelete, "/v1/comments/{comment_id}", handleDeleteComment},
	{http.MethodGet, "/v1/custom_emojis", handleListCustomEmojis},
	{http.MethodPost, "/v1/pages/{page_id}/move", handleMovePage},
	{http.MethodGet, "/v1/pages/{page_id}/markdown", handleGetPageMarkdown},
	{http.MethodPatch, "/v1/pages/{page_id}/markdown", handleUpdatePageMarkdown},
	{http.MethodPost, "/v1/file_uploads", handleCreateFileUpload},
	{http.MethodGet, "/v1/file_uploads", handleListFileUploads},
	{http.MethodGet, "/v1/file_uploads/{file_upload_id}", handleGetFileUpload},
	{http.MethodPost, "/v1/file_uploads/{file_upload_id}/send", handleSendFileUpload},
	{http.MethodPost, "/v1/file_uploads/{file_upload_id}/complete", handleCompleteFileUpload},
}

// formRoutes are the patterns of the routes whose bodies are multipart/form-data.
var formRoutes = map[string]bool{"/v1/file_uploads/{file_upload_id}/send": true}

// route finds the route of a request. escapedPath is the URL path as sent (percent escapes
// intact), so that a property id such as "a%2Fb" stays one segment. A path that no route
// matches is Notion's invalid_request_url, unless it is an endpoint of Notion's API that the
// emulator does not simulate (501 not_implemented, naming it).
func route(method, escapedPath string) (routeDef, map[string]string, *apiError) {
	segs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	for _, rt := range routes {
		if rt.method != method {
			continue
		}
		params, err, ok := matchPattern(rt.pattern, segs)
		if !ok {
			continue
		}
		if err != nil {
			return routeDef{}, nil, err
		}
		return rt, params, nil
	}
	if e, ok := unsimulatedEndpoint(method, escapedPath); ok {
		return routeDef{}, nil, notImplemented(fmt.Sprintf("%s %s (%q in Notion's API reference)", e.method, e.pattern, e.name))
	}
	return routeDef{}, nil, errInvalidRequestURL
}

// matchPattern matches path segments against a route pattern. ok reports a structural match;
// err is set when a matched id segment is not a valid UUID.
func matchPattern(pattern string, segs []string) (params map[string]string, err *apiError, ok bool) {
	psegs := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	if len(psegs) != len(segs) {
		return nil, nil, false
	}
	for i, p := range psegs {
		if !strings.HasPrefix(p, "{") {
			if p != segs[i] {
				return nil, nil, false
			}
			continue
		}
		name := strings.Trim(p, "{}")
		raw, uerr := url.PathUnescape(segs[i])
		if uerr != nil || raw == "" {
			return nil, nil, false
		}
		if params == nil {
			params = map[string]string{}
		}
		if name == "property_id" {
			params[name] = raw
			continue
		}
		id, valid := normalizeID(raw)
		if !valid && err == nil {
			err = pathValidation(name, raw)
		}
		params[name] = id
	}
	return params, err, true
}
