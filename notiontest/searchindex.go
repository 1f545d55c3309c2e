package notiontest

import (
	"strings"
	"time"
)

// indexEntry is what search knows of a page or database from a moment on: with a search lag,
// an edit reaches search results only some time after it was made.
type indexEntry struct {
	at    time.Time // when this state becomes visible to search
	title string
	lower string // title in lower case, for matching
}

// reindex records the current title of a page or database for search.
func (st *store) reindex(id string) {
	var title string
	if p, ok := st.pages[id]; ok {
		title = pageTitle(p)
	} else if db, ok := st.databases[id]; ok {
		title = databaseTitle(db)
	} else if ds, ok := st.dataSources[id]; ok {
		title = dataSourceTitle(ds)
	} else {
		return
	}
	now := st.now()
	entries := append(st.index[id], indexEntry{at: now.Add(st.searchLag), title: title, lower: strings.ToLower(title)})
	// Drop the states that a later, already visible state hides.
	for len(entries) > 1 && !entries[1].at.After(now) {
		entries = entries[1:]
	}
	st.index[id] = entries
}

// indexed returns the state search sees of a page or database now; ok is false while a new
// object has not reached search yet.
func (st *store) indexed(id string, now time.Time) (indexEntry, bool) {
	var seen indexEntry
	ok := false
	for _, e := range st.index[id] {
		if e.at.After(now) {
			break
		}
		seen, ok = e, true
	}
	return seen, ok
}
