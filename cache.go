package uno

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// Cache holds every page, database, block and user a session has seen, keyed by UUID. A newer
// copy of an object replaces an older one. Pages and the child_page blocks that share their
// UUID are kept apart. It is safe for concurrent use; lookups take no lock, so readers on
// many cores do not contend, even for the same object.
type Cache struct {
	objects index  // *Page, *Database and *User
	blocks  index  // *Block; a block's id can equal a page's or database's
	limit   *clock // nil: unbounded; see WithCacheLimit
}

// index finds the entry of an id by the UUID or by its canonical text (lower-case, dashed:
// what ID().String() gives), so that a lookup by that text needs no parsing. Both maps hold
// the same entry of an id, and an entry is never replaced, only its value: the two can never
// disagree about the cached copy.
type index struct {
	byID   sync.Map // uuid.UUID -> *entry
	byText sync.Map // string -> *entry
}

// entry holds the current copy of one object.
type entry struct {
	current atomic.Pointer[cachedCopy]
	used    atomic.Bool // looked up since the eviction hand last passed (bounded caches)
	id      uuid.UUID
	idx     *index
}

// touch marks e as looked up, for a bounded cache's eviction.
func (e *entry) touch() {
	if !e.used.Load() {
		e.used.Store(true)
	}
}

// cachedCopy is one copy of an object, as an entry holds it.
type cachedCopy struct {
	v cached
}

// cached is anything the cache holds.
type cached interface {
	ID() uuid.UUID
	editedAt() time.Time
}

// newCache returns an empty cache; a limit above 0 bounds it (see WithCacheLimit).
func newCache(limit int) *Cache {
	c := &Cache{}
	if limit > 0 {
		c.limit = &clock{limit: limit}
	}
	return c
}

// indexFor returns the index that holds objects of v's type.
func (c *Cache) indexFor(v cached) *index {
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
	c.objects.byID.Range(count)
	c.blocks.byID.Range(count)
	return n
}

// Get returns the cached *Page, *Database, *User or *Block with that id. When a page (or
// database) and its child_page (child_database) block are both cached, it returns the page.
func (c *Cache) Get(id uuid.UUID) (any, bool) {
	if v, ok := c.objects.get(id); ok {
		return v, true
	}
	return c.blocks.get(id)
}

// Clear empties the cache.
func (c *Cache) Clear() {
	for _, idx := range []*index{&c.objects, &c.blocks} {
		idx.byID.Clear()
		idx.byText.Clear()
	}
	if c.limit != nil {
		c.limit.reset()
	}
}

// get returns the current copy of the object with that id.
func (idx *index) get(id uuid.UUID) (cached, bool) {
	e, ok := idx.byID.Load(id)
	if !ok {
		return nil, false
	}
	e.(*entry).touch()
	return e.(*entry).current.Load().v, true
}

// getText returns the current copy of the object whose id's canonical text is ref.
func (idx *index) getText(ref string) (cached, bool) {
	e, ok := idx.byText.Load(ref)
	if !ok {
		return nil, false
	}
	e.(*entry).touch()
	return e.(*entry).current.Load().v, true
}

// lookup returns the cached object of type T with that id.
func lookup[T cached](c *Cache, id uuid.UUID) (T, bool) {
	var zero T
	v, ok := c.indexFor(zero).get(id)
	if !ok {
		return zero, false
	}
	t, ok := v.(T)
	return t, ok
}

// lookupRef returns the cached object of type T whose id's canonical text is ref, the form
// programs pass around most (ID().String()); other forms of a reference are not found here.
func lookupRef[T cached](c *Cache, ref string) (T, bool) {
	var zero T
	v, ok := c.indexFor(zero).getText(ref)
	if !ok {
		return zero, false
	}
	t, ok := v.(T)
	return t, ok
}

// put stores v unless a copy edited later is already cached; fresh copies (just fetched by
// id or just written) always replace. It returns the copy that is cached afterwards.
func put[T cached](c *Cache, v T, fresh bool) T {
	idx, id := c.indexFor(v), v.ID()
	next := &cachedCopy{v: v}
	created := &entry{id: id, idx: idx}
	created.current.Store(next)
	got, loaded := idx.byID.LoadOrStore(id, created)
	e := got.(*entry)
	if !loaded {
		idx.byText.Store(id.String(), e)
		if c.limit != nil {
			c.limit.admit(e)
		}
		return v
	}
	for {
		cur := e.current.Load()
		if o, same := cur.v.(T); same && !fresh && o.editedAt().After(v.editedAt()) {
			return o
		}
		// Another goroutine may have stored a copy since the load: then decide again.
		if e.current.CompareAndSwap(cur, next) {
			return v
		}
	}
}
