// Package notiontest is an in-memory emulator of the Notion API served over real HTTP on
// 127.0.0.1, for tests: uno's own, its users', and — through the notion-emulator program —
// clients in other languages.
//
// A Server starts with a workspace holding the integration's bot user (GET /v1/users/me),
// two person users and one workspace-level page, "Tests" (Server.RootPageID), shared with
// the integration. Requests carry "Authorization: Bearer <Server.Token>" and a
// Notion-Version header like requests to Notion, and go to Server.URL + "/v1/...".
//
// # One workspace, three API versions
//
// The emulator speaks the versions Notion serves: 2022-06-28, 2025-09-03 and 2026-03-11, each
// request in the version of its own Notion-Version header (others: 400 validation_error; none:
// 400 missing_version). They are views over one workspace held in Notion's current model: a
// database is a container of one or more data sources, a data source has a schema and pages,
// and relations point at data sources. An answer is built in the 2026-03-11 form and passed
// back one version step at a time (render2025, render2022 in version2025.go and
// version2022.go); a request of an older version is brought forward (upgrade2026).
//
//   - 2026-03-11: no "archived" anywhere — in_trash only, and a body that says archived is a
//     validation_error; appends place blocks with "position" ({"type":"after_block"},
//     {"type":"start"}, {"type":"end"}) and "after" is a validation_error; the block type
//     meeting_notes (read-only; the API cannot create it).
//   - 2025-09-03: as 2026-03-11, but pages, blocks, databases and data sources also carry
//     "archived" (equal to in_trash), appends take "after", and meeting_notes is called
//     transcription.
//   - 2025-09-03 and 2026-03-11 alike: POST /v1/databases with initial_data_source (the schema;
//     without it one title property "Name"; a database created without a title is called "New
//     database"); the database object lists data_sources [{id, name}] and has no properties;
//     PATCH /v1/databases/{id} changes the container (title, description, is_inline, icon, cover,
//     is_locked, trash state, parent page). POST /v1/data_sources (a further data source of a
//     database), GET and PATCH /v1/data_sources/{id} (title, icon, schema, trash state, a move to
//     another database with its pages), POST /v1/data_sources/{id}/query (filters, sorts,
//     cursors, the filter_properties URL parameters, in_trash, result_type), GET
//     /v1/data_sources/{id}/templates (always an empty list). Page parents
//     {"type":"data_source_id","data_source_id":...,"database_id":...}; search finds pages and
//     data sources (filter value "data_source"), one result per data source; relation
//     configurations name data_source_id and answer database_id too. A database with one data
//     source shares its title with it. POST /v1/databases/{id}/query is an unknown URL (400
//     invalid_request_url), as on Notion. A 404 object_not_found names the integration (in its
//     message and additional_data.integration_id).
//   - 2022-06-28: a database with one data source is a database with that data source's
//     properties; page parents are database_id; search finds pages and databases. A database with
//     several data sources (Server.AddDataSource makes one) cannot be retrieved, updated,
//     queried, used as a page parent or relation target, nor can relation values pointing into it
//     be written (400 validation_error), and it is not in search results; a data_source_id page
//     parent works at every version. /v1/data_sources is an unknown URL.
//
// A database created at one version is read at any other: created at 2022-06-28, it is a
// container with one data source (whose id differs from the database's) at 2026-03-11, and a
// page created in that data source at 2025-09-03 is found by a 2022-06-28 query of the
// database.
//
// # What is simulated
//
// Answers have the JSON shapes of Notion's (every key Notion sends for a kind of object, as
// recorded from the real API at 2022-06-28 and at 2026-03-11), a request_id on every answer,
// and Notion's error bodies
// {"object":"error","status":...,"code":...,"message":...,"request_id":...}:
//
//   - Users: GET /v1/users/me, GET /v1/users (paginated), GET /v1/users/{id}.
//   - Pages: create under a page (a title only) or in a data source (properties checked against
//     its schema), with icon, cover, children and a position among its parent page's blocks
//     (page_start, page_end, after_block); retrieve; update properties, icon, cover and the trash
//     state (in_trash, or archived before 2026-03-11); GET /v1/pages/{id}/properties/{id}, with
//     title, rich_text, relation and people values as paginated property items. A page object
//     lists at most 25 references per relation, like Notion's.
//   - Schemas (a 2022-06-28 database's, a data source's): exactly one title property at creation;
//     properties added, changed, renamed with {"name": ...}, removed with null. Two-way relations
//     create their back property on the related data source and keep both sides' values and names
//     in step; formulas, rollups, unique ids and the timestamp and user properties are computed.
//     Queries with filters, sorts and pagination.
//   - Icons: emoji, external, custom emoji and Notion's own icons ({"type":"icon"}; an external
//     https://www.notion.so/icons/<name>_<color>.svg URL becomes one, as on Notion, and is
//     answered as that URL at 2022-06-28).
//   - Blocks: the block types found in Notion's answers (tab and heading_4 included); retrieve,
//     update, delete (to the trash), list children, append children (at most 100 per array, two
//     levels of nesting, 1000 blocks per request, at a position). Pages and databases are also
//     blocks (child_page, child_database) of their parent page.
//   - Search: a case-insensitive substring of the title, the object filter, the last_edited_time
//     sort (most recent first by default), pagination; objects in the trash are found too, marked
//     "in_trash": true, as Notion does.
//   - Comments: create on a page or in a discussion (rich_text, or inline Markdown in
//     "markdown"), list by block; GET, PATCH and DELETE /v1/comments/{id}.
//   - File uploads (every version): POST /v1/file_uploads in mode single_part (one
//     multipart/form-data /send of at most 20 MiB), multi_part (number_of_parts ≤ 1000, each part
//     5–20 MiB but the last, sent with its part_number, then /complete) or external_url (answered
//     pending, uploaded from the next request on: the emulator does not fetch the URL); GET
//     /v1/file_uploads/{id}; GET /v1/file_uploads?status= (newest first, paginated). A pending
//     upload expires after an hour. {"type":"file_upload", "file_upload":{"id":...}} of an
//     uploaded file is taken by files property values, image/video/audio/pdf/file blocks, icons
//     and covers, and answered as Notion answers hosted files:
//     {"type":"file","file":{"url":...,"expiry_time":...}}; the url, under Server.URL +
//     "/files/", serves the uploaded bytes without a token. An attached upload no longer expires.
//   - Page move (POST /v1/pages/{id}/move) to a page or a data source; page content as Notion's
//     enhanced Markdown: GET /v1/pages/{id}/markdown, PATCH with replace_content, update_content,
//     insert_content or replace_content_range, and "markdown" on page create (exclusive of
//     children; a leading "# heading" becomes the title when none is given). The block forms of
//     Notion's enhanced Markdown reference are read and written (text, headings, lists, to-dos,
//     quotes, toggles, callouts, code, equations, dividers, tables, columns, media, child pages
//     and databases, table of contents, mentions, colors); other blocks are written <unknown
//     .../>. Blocks rewritten through Markdown get new ids, and answers are never truncated.
//   - Page updates also take is_locked (kept and answered; the API may still edit the page),
//     erase_content (the page's blocks go to the trash) and is_archived (the trash state);
//     page creates take "content" as another name of "children".
//   - Custom emojis: GET /v1/custom_emojis (the workspace has none). filter_properties on page
//     retrieve. One query or search returns at most 10,000 results (WithQueryResultLimit); the
//     page that reaches the limit has has_more false and request_status {"type":
//     "incomplete","incomplete_reason":"query_result_limit_reached"}.
//   - Validation: missing or wrong token (401 unauthorized), missing Notion-Version (400
//     missing_version), bodies that are not JSON (400 invalid_json), malformed ids in paths (400
//     validation_error, with or without dashes accepted), page_size outside 1..100, rich text
//     limits (2000 characters per text, 2000 per link URL, 1000 per equation, 100 items per
//     array), unknown URLs and endpoints of another version (400 invalid_request_url), unknown
//     objects (404 object_not_found), edits of objects in the trash. Body keys are checked per
//     route and version (bodykeys.go): an unknown key is a validation_error "body.<key> should be
//     not present", as are a block update that names another block type and the shape {"type":
//     {"paragraph": ...}}.
//   - Timestamps are written like Notion's: UTC, milliseconds, truncated to the minute.
//
// # Speed
//
// A request costs what its page of results costs (perf.go): computed values (formulas,
// rollups, unique ids) are recomputed only after a write; a query's ordered results are kept
// per query and workspace state, so its next pages find their cursor by position; search
// walks a log of edits in last-edit order and stops once its page is full. A write makes the
// next query of a data source recompute its rows once, and a search for a title that few
// objects have looks at as many objects as it must to fill its page. Reads that change
// nothing (blocks, children, users, comments, Markdown) run side by side under a read lock;
// other requests hold the store's lock, and answers are encoded after it is released.
// Property lookups by id use an index, so a request naming thousands of properties is not
// quadratic. The Scale benchmarks measure this per API version.
//
// # Test controls
//
// WithRateLimit enforces a token bucket (429 rate_limited with a Retry-After header and
// additional_data.rate_limit_reason "connection_rate_limit"),
// WithSearchLag delays search indexing, WithClock replaces the clock, WithQueryResultLimit
// lowers the result limit of queries and searches, WithReadHeaderTimeout sets how long a
// client may take to send its headers (read, header and idle timeouts are always set). Server.InjectFault makes
// matching requests fail: a Notion error, a raw body (an HTML error page of a proxy), a delay,
// or a dropped connection before or after the request is applied. Server.Requests,
// RequestCount and ResetRequests tell what clients sent; Server.Object, PageCount, AddPage,
// AddUser and AddDataSource inspect and seed the workspace.
//
// # What is not simulated
//
// Answered 501 not_implemented, naming the endpoint: the Notion endpoints the emulator does not
// simulate (views, OAuth, meeting notes, async tasks, agents; endpoints.go). Not modeled: page
// templates (the templates list is empty), data sources of other kinds than a database's
// (wikis, external sources), permissions and sharing (the integration sees the whole
// workspace), workspace-level page creation, users' own edits, the import of external_url
// uploads, the refresh of file URLs (an expiry_time is set once, an hour after the file was
// attached), the request size limit beyond 500 KB bodies, the fuzzy ranking of Notion's search,
// and the exact order in which Notion lists query results without sorts (here: most recently
// created first).
package notiontest
