package notiontest

import (
	"sync"
	"time"
)

// jsonObject is a Notion object as JSON: what the emulator stores and answers.
type jsonObject = map[string]any

// timeLayout is how Notion writes timestamps: UTC, milliseconds, truncated to the minute.
const timeLayout = "2006-01-02T15:04:05.000Z"

// store is the emulated workspace. Every field is guarded by mu; the handlers run with mu held.
//
// The workspace is held in Notion's current model and form (API version 2026-03-11, without
// request_id): a database is a container of data sources, a data source holds a schema and
// pages, and a page of a data source has a data_source_id parent. Answers are rendered for
// each request's API version from this one model (see versions.go). Every page and database
// also has a block (child_page, child_database) with the same id, so that block endpoints
// work on them as on Notion.
type store struct {
	mu sync.RWMutex

	clock       func() time.Time
	searchLag   time.Duration
	resultLimit int    // results of one query or search at most (WithQueryResultLimit)
	seq         uint64 // increases with every create and edit; orders equal timestamps

	botID       string
	workspaceID string
	rootPageID  string
	users       []jsonObject          // every user, the bot first, in listing order
	userBy      map[string]jsonObject // by dashed id

	pages       map[string]jsonObject // by dashed id
	databases   map[string]jsonObject // database containers, by dashed id (see datasources.go)
	dataSources map[string]jsonObject // data sources (schema and rows), by dashed id
	sources     map[string][]string   // database id -> ids of its data sources, in creation order
	blocks      map[string]jsonObject // by dashed id; a child_page block shares its page's id
	children    map[string][]string   // page or block id -> ids of its child blocks, in order
	rows        map[string][]string   // data source id -> ids of its pages, in creation order

	created map[string]uint64 // page, database or data source id -> seq of its creation
	edited  map[string]uint64 // page, database or data source id -> seq of its last edit

	comments    map[string][]jsonObject // page or block id -> its comments, oldest first
	discussions map[string]string       // discussion id -> page or block id it is attached to

	// index is what search sees of each page and database, for WithSearchLag.
	index map[string][]indexEntry

	propertyIDs   map[string]bool // every short id handed out by newID
	uniqueNumbers map[string]int  // data source id -> last unique_id number handed out

	uploads      map[string]*fileUpload // file uploads by dashed id (fileuploads.go)
	commentIndex map[string]string      // comment id -> page or block id (commentsbyid.go)
	writes       uint64                 // requests that may have written (perf.go)
	perf         *perfCaches            // derived data kept for speed (perf.go)
}

// newStore returns a workspace holding the bot user, two person users and the root page.
func newStore(clock func() time.Time, searchLag time.Duration) *store {
	st := &store{
		clock:         clock,
		searchLag:     searchLag,
		userBy:        map[string]jsonObject{},
		pages:         map[string]jsonObject{},
		databases:     map[string]jsonObject{},
		dataSources:   map[string]jsonObject{},
		sources:       map[string][]string{},
		blocks:        map[string]jsonObject{},
		children:      map[string][]string{},
		rows:          map[string][]string{},
		created:       map[string]uint64{},
		edited:        map[string]uint64{},
		comments:      map[string][]jsonObject{},
		discussions:   map[string]string{},
		index:         map[string][]indexEntry{},
		propertyIDs:   map[string]bool{},
		uniqueNumbers: map[string]int{},
	}
	st.workspaceID = newUUID()
	st.botID = st.addBot("Notion Emulator", "Emulated Workspace")
	owner := st.addPerson("Ada Lovelace", "ada@example.com")
	st.addPerson("Alan Turing", "alan@example.com")
	st.rootPageID = st.addWorkspacePage("Tests", owner)
	return st
}

// timestamp is the current time as Notion writes it.
func (st *store) timestamp() string {
	return st.now().UTC().Truncate(time.Minute).Format(timeLayout)
}

// now is the emulator's clock (valueEnv).
func (st *store) now() time.Time { return st.clock() }

// nextSeq advances the edit sequence.
func (st *store) nextSeq() uint64 {
	st.seq++
	return st.seq
}

// userRef is the short user object Notion puts in created_by and last_edited_by.
func userRef(id string) jsonObject { return jsonObject{"object": "user", "id": id} }

// user returns the stored user with that dashed id (valueEnv).
func (st *store) user(id string) (jsonObject, bool) {
	u, ok := st.userBy[id]
	return u, ok
}

// page returns the stored page with that dashed id (valueEnv).
func (st *store) page(id string) (jsonObject, bool) {
	p, ok := st.pages[id]
	return p, ok
}

// dataSource returns the stored data source with that dashed id, or the one data source of
// the database with that id (valueEnv).
func (st *store) dataSource(id string) (jsonObject, bool) { return st.sourceOrSole(id) }

// newID returns a short property or option id unused so far in the workspace (valueEnv).
func (st *store) newID() string {
	for {
		id := randomPropertyID()
		if !st.propertyIDs[id] && id != "title" {
			st.propertyIDs[id] = true
			return id
		}
	}
}

// nextNumber returns the next unique_id number of a data source (valueEnv).
func (st *store) nextNumber(dataSourceID string) int {
	st.uniqueNumbers[dataSourceID]++ // the first number is 1
	return st.uniqueNumbers[dataSourceID]
}

// isTrashed reports whether a stored object is in the trash.
func isTrashed(obj jsonObject) bool { return boolean(obj, "in_trash") }
