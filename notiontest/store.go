package notiontest

import (
	"sync"
	"time"
)

// jsonObject is a Notion object as JSON: what the emulator stores and answers.
type jsonObject = map[string]any

// store is the emulated workspace. Every field is guarded by mu.
type store struct {
	mu sync.Mutex

	botID  string
	users  []jsonObject          // every user, the bot first, in listing order
	userBy map[string]jsonObject // by dashed id

	pages     map[string]jsonObject // by dashed id
	databases map[string]jsonObject // by dashed id
	blocks    map[string]jsonObject // by dashed id; a child_page block shares its page's id
	children  map[string][]string   // page or block id -> ids of its child blocks, in order
	comments  map[string][]jsonObject

	// searchableAt is when an object (page or database id) reaches search results, for WithSearchLag.
	searchableAt map[string]time.Time
}
