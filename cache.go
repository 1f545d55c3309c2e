package uno

import (
	"sync"
	"time"

	"github.com/google/uuid"
)

// Cache holds every page, database, block and user a session has seen, keyed by UUID. A newer
// copy of an object replaces an older one. Pages and the child_page blocks that share their
// UUID are kept apart. It is safe for concurrent use; lookups take no lock, so readers on
// many cores do not contend, even for the same object.
type Cache struct {
	objects sync.Map // uuid.UUID -> *Page, *Database or *User
	blocks  sync.Map // uuid.UUID -> *Block; a block's id can equal a page's or database's
}

// cached is anything the cache holds.
type cached interface {
	ID() uuid.UUID
	editedAt() time.Time
}

// newCache returns an empty cache.
func newCache() *Cache { return &Cache{} }

// mapFor returns the map that holds objects of v's type.
func (c *Cache) mapFor(v cached) *sync.Map {
	if _, isBlock := v.(*Block); isBlock {
		return &c.blocks
	}
	return &c.objects
}

// Len returns the number of cached objects. It counts them, so it takes time proportional
// to their number.
func (c *Cache) Len() int {
	n := 0
	count := func(_, _ any) bool { n++; return true }
	c.objects.Range(count)
	c.blocks.Range(count)
	return n
}

// Get returns the cached *Page, *Database, *User or *Block with that id. When a page (or
// database) and its child_page (child_database) block are both cached, it returns the page.
func (c *Cache) Get(id uuid.UUID) (any, bool) {
	if v, ok := c.objects.Load(id); ok {
		return v, true
	}
	return c.blocks.Load(id)
}

// Clear empties the cache.
func (c *Cache) Clear() {
	c.objects.Clear()
	c.blocks.Clear()
}

// lookup returns the cached object of type T with that id.
func lookup[T cached](c *Cache, id uuid.UUID) (T, bool) {
	var zero T
	v, ok := c.mapFor(zero).Load(id)
	if !ok {
		return zero, false
	}
	t, ok := v.(T)
	return t, ok
}

// put stores v unless a copy edited later is already cached; fresh copies (just fetched by
// id or just written) always replace. It returns the copy that is cached afterwards.
func put[T cached](c *Cache, v T, fresh bool) T {
	m, id := c.mapFor(v), v.ID()
	for {
		old, loaded := m.LoadOrStore(id, v)
		if !loaded {
			return v
		}
		if o, same := old.(T); same && !fresh && o.editedAt().After(v.editedAt()) {
			return o
		}
		// Another goroutine may have stored a copy since the load: then decide again.
		if m.CompareAndSwap(id, old, v) {
			return v
		}
	}
}
