package notiontest

import (
	"fmt"
	"net/http"
)

// apiVersion is a Notion API version the emulator speaks, in release order.
type apiVersion int

// The API versions, oldest first. The store holds Notion's current model; an answer is built
// in the newest form and passed back one step per version (render), and a request of an older
// version is brought forward (upgradeRequest).
const (
	v2022 apiVersion = iota // 2022-06-28: databases with properties, no data sources
	v2025                   // 2025-09-03: databases are containers of data sources
	v2026                   // 2026-03-11: no archived, position instead of after, meeting_notes
)

// versionNames are the Notion-Version header values, by apiVersion.
var versionNames = [...]string{v2022: "2022-06-28", v2025: "2025-09-03", v2026: "2026-03-11"}

// String is the version's Notion-Version header value.
func (v apiVersion) String() string { return versionNames[v] }

// parseVersion reads a Notion-Version header.
func parseVersion(header string) (apiVersion, *apiError) {
	if header == "" {
		return 0, errMissingVersion
	}
	for v, name := range versionNames {
		if name == header {
			return apiVersion(v), nil
		}
	}
	return 0, unsupportedVersion(header)
}

// render turns an answer built in the newest form into the form of version v, one step at a
// time: render2025 (2026-03-11 → 2025-09-03), then render2022 (2025-09-03 → 2022-06-28).
func (st *store) render(v apiVersion, answer jsonObject) jsonObject {
	if v < v2026 {
		render2025(answer)
	}
	if v < v2025 {
		st.render2022(answer)
	}
	return answer
}

// upgradeRequest checks a request body against version v and brings it into the newest
// form: at 2026-03-11 it refuses what that version removed (archived, after); before it,
// upgrade2026 rewrites the older forms.
func upgradeRequest(v apiVersion, method, path string, body jsonObject) *apiError {
	if body == nil {
		return nil
	}
	if v >= v2026 {
		return refuseRemoved2026(method, body)
	}
	upgrade2026(method, path, body)
	return nil
}

// sinceVersion wraps the handler of an endpoint that exists from version from on; at older
// versions Notion answers the URL as unknown.
func sinceVersion(from apiVersion, h handlerFunc) handlerFunc {
	return func(st *store, c *call) (jsonObject, *apiError) {
		if c.version < from {
			return nil, errInvalidRequestURL
		}
		return h(st, c)
	}
}

// untilVersion wraps the handler of an endpoint that Notion removed at version gone.
func untilVersion(gone apiVersion, h handlerFunc) handlerFunc {
	return func(st *store, c *call) (jsonObject, *apiError) {
		if c.version >= gone {
			return nil, errInvalidRequestURL
		}
		return h(st, c)
	}
}

// unsupportedVersion answers a Notion-Version that Notion does not have.
func unsupportedVersion(v string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "validation_error",
		message: fmt.Sprintf("Notion-Version header failed validation: Notion-Version header should be one of %q, %q, %q, instead was %q.",
			versionNames[v2022], versionNames[v2025], versionNames[v2026], v)}
}
