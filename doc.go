// Package uno is a Notion API client built around a Session: the Go port of the Session of
// the Python library ultimate-notion.
//
// A Session wraps a raw client (github.com/jomei/notionapi), keeps a cache of every page,
// database, data source, block and user it has seen, and gets, creates and searches them:
//
//	s, err := uno.NewSession() // token from WithToken, the config file or NOTION_TOKEN
//	if err != nil {
//		return err
//	}
//	defer s.Close()
//	page, err := s.GetPage(ctx, "https://www.notion.so/My-Page-29c974f3b388815c9212cff02f337d60")
//
// References to objects are UUIDs with or without dashes, or Notion URLs (see ParseID).
// Databases are declared in code as schemas (NewSchema) and created, several related ones at
// once, with CreateDB, CreateDBs and GetOrCreateDB. Their pages are read with Query, whose
// filters (Where, And, Or) and sorts are checked against the schema before any request, and
// All, which goes on past Notion's limit of results per query.
//
// A session speaks one API version, NotionVersion unless WithNotionVersion says otherwise;
// from 2025-09-03 on a database holds one or more data sources (DataSource, GetDS, CreateDS).
//
// Every request goes through one transport that paces requests at the rate it learns from
// Notion's answers (or the one WithRateLimit fixes), retries what is safe to retry (never a create the server may have applied: see
// ErrOutcomeUnknown), limits response sizes and honours the context. Errors from Notion are
// *APIError values that unwrap to the sentinel errors (ErrNotFound, ErrRateLimited, ...).
//
// For tests, package notiontest runs an in-memory Notion emulator; point a session at it with
// WithBaseURL and WithToken.
package uno
