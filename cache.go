package uno

import (
	"sync"
	"time"

	"github.com/google/uuid"
)

// cacheShards spreads the cache over independent locks so that concurrent readers do not
// contend on one.
const cacheShards = 32

// Cache holds every page, database, block and user a session has seen, keyed by UUID. A newer
// copy of an object replaces an older one. Pages and the child_page blocks that share their
// UUID are kept apart. It is safe for concurrent use.
type Cache struct {
	shards [cacheShards]cacheShard
}

// cacheShard is one lock and its maps: objects holds pages, databases and users; blocks holds
// blocks, whose ids can equal a page's or database's.
type cacheShard struct {
	mu      sync.RWMutex
	objects map[uuid.UUID]cached
	blocks  map[uuid.UUID]cached
}

// cached is anything the cache holds.
type cached interface {
	ID() uuid.UUID
	editedAt() time.Time
}

// newCache returns an empty cache.
func newCache() *Cache {
	c := &Cache{}
	for i := range c.shards {
		c.shards[i].objects = make(map[uuid.UUID]cached)
		c.shards[i].blocks = make(map[uuid.UUID]cached)
	}
	return c
}

// shard picks the shard of an id.
func (c *Cache) shard(id uuid.UUID) *cacheShard { return &c.shards[id[15]%cacheShards] }

// Len returns the number of cached objects.
func (c *Cache) Len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		n += len(sh.objects) + len(sh.blocks)
		sh.mu.RUnlock()
	}
	return n
}

// Get returns the cached *Page, *Database, *User or *Block with that id. When a page (or
// database) and its child_page (child_database) block are both cached, it returns the page.
func (c *Cache) Get(id uuid.UUID) (any, bool) {
	sh := c.shard(id)
	sh.mu.RLock()
	v, ok := sh.objects[id]
	if !ok {
		v, ok = sh.blocks[id]
	}
	sh.mu.RUnlock()
	if !ok {
		return nil, false
	}
	return v, true
}

// Clear empties the cache.
func (c *Cache) Clear() {
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		clear(sh.objects)
		clear(sh.blocks)
		sh.mu.Unlock()
	}
}

// lookup returns the cached object of type T with that id.
func lookup[T cached](c *Cache, id uuid.UUID) (T, bool) {
	var zero T
	sh := c.shard(id)
	m := sh.objects
	if _, isBlock := any(zero).(*Block); isBlock {
		m = sh.blocks
	}
	sh.mu.RLock()
	v, ok := m[id]
	sh.mu.RUnlock()
	if !ok {
		return zero, false
	}
	t, ok := v.(T)
	return t, ok
}

// put stores v unless a copy edited later is already cached; fresh copies (just fetched by
// id or just written) always replace. It returns the copy that is cached afterwards.
func put[T cached](c *Cache, v T, fresh bool) T {
	id := v.ID()
	sh := c.shard(id)
	m := sh.objects
	if _, isBlock := any(v).(*Block); isBlock {
		m = sh.blocks
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if old, ok := m[id]; ok && !fresh {
		if o, same := old.(T); same && old.editedAt().After(v.editedAt()) {
			return o
		}
	}
	m[id] = v
	return v
}

// remove drops the object of type T with that id.
func remove[T cached](c *Cache, id uuid.UUID) {
	var zero T
	sh := c.shard(id)
	m := sh.objects
	if _, isBlock := any(zero).(*Block); isBlock {
		m = sh.blocks
	}
	sh.mu.Lock()
	delete(m, id)
	sh.mu.Unlock()
}
