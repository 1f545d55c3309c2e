// Package notiontest is an in-memory emulator of the Notion API (version 2022-06-28) served
// over real HTTP on 127.0.0.1, for tests: uno's own, its users', and — through the
// notion-emulator program — clients in other languages.
//
// A Server starts with a workspace holding the integration's bot user (GET /v1/users/me),
// two person users and one workspace-level page, "Tests" (Server.RootPageID), shared with
// the integration. Requests carry "Authorization: Bearer <Server.Token>" and
// "Notion-Version: 2022-06-28" like requests to Notion, and go to Server.URL + "/v1/...".
//
// # What is simulated
//
// Answers have the JSON shapes of Notion's (every key Notion sends for a kind of object, as
// recorded from the real API), a request_id on every answer, and Notion's error bodies
// {"object":"error","status":...,"code":...,"message":...,"request_id":...}:
//
//   - Users: GET /v1/users/me, GET /v1/users (paginated), GET /v1/users/{id}.
//   - Pages: create under a page (a title only) or in a database (properties checked against
//     its schema), with icon, cover and children; retrieve; update properties, icon, cover
//     and the trash state (archived or in_trash); GET /v1/pages/{id}/properties/{id}, with
//     title, rich_text, relation and people values as paginated property items. A page object
//     lists at most 25 references per relation, like Notion's.
//   - Databases: create (exactly one title property), retrieve, update (title, description,
//     is_inline, icon, cover, trash state, properties added, changed, renamed with
//     {"name": ...}, removed with null), query with filters, sorts and pagination. Two-way
//     relations create their back property on the related database and keep both sides'
//     values and names in step; formulas, rollups, unique ids and the timestamp and user
//     properties are computed.
//   - Blocks: the 31 block types found in Notion's answers; retrieve, update, delete (to the
//     trash), list children, append children (at most 100 per array, two levels of nesting,
//     1000 blocks per request, optionally after a given child). Pages and databases are also
//     blocks (child_page, child_database) of their parent page.
//   - Search: a case-insensitive substring of the title, the object filter, the
//     last_edited_time sort (most recent first by default), pagination; objects in the trash
//     are found too, marked "in_trash": true, as Notion does.
//   - Comments: create on a page or in a discussion, list by block.
//   - Validation: missing or wrong token (401 unauthorized), missing Notion-Version (400
//     missing_version), bodies that are not JSON (400 invalid_json), malformed ids in paths
//     (400 validation_error, with or without dashes accepted), page_size outside 1..100,
//     rich text limits (2000 characters per text, 2000 per link URL, 1000 per equation, 100
//     items per array), unknown URLs (400 invalid_request_url), unknown objects (404
//     object_not_found), edits of objects in the trash.
//   - Timestamps are written like Notion's: UTC, milliseconds, truncated to the minute.
//
// # Test controls
//
// WithRateLimit enforces a token bucket (429 rate_limited with a Retry-After header),
// WithSearchLag delays search indexing, WithClock replaces the clock. Server.InjectFault makes
// matching requests fail: a Notion error, a raw body (an HTML error page of a proxy), a delay,
// or a dropped connection before or after the request is applied. Server.Requests,
// RequestCount and ResetRequests tell what clients sent; Server.Object, PageCount, AddPage and
// AddUser inspect and seed the workspace.
//
// # What is not simulated
//
// Answered 501 not_implemented: file uploads (/v1/file_uploads and file_upload objects), data
// sources and views (API version 2025-09-03 and later), OAuth, webhooks. Other Notion-Version
// values than 2022-06-28 are refused. Not modeled: permissions and sharing (the integration
// sees the whole workspace), workspace-level page creation, users' own edits, Notion-hosted
// files (type "file" with expiring URLs), the request size limit beyond 500 KB bodies, the
// fuzzy ranking of Notion's search, and the exact order in which Notion lists query results
// without sorts (here: most recently created first).
package notiontest
