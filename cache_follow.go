package uno

import "github.com/google/uuid"

// The cache follows the writes uno makes: written and updated blocks are stored as Notion
// answered them, and copies that a write made stale (a parent's has_children, the content
// of a deleted block) are dropped, so that the next read asks Notion. Writes made through
// Client(), the raw jomei client, are not seen by the session and cannot be followed.

// maxAncestors bounds walks up the parent chain of cached objects.
const maxAncestors = 64

// forget drops the cached block with that id. With below, it also drops the page or
// database that shares the id and every cached block, page and database beneath it.
func (c *Cache) forget(id uuid.UUID, below bool) {
	c.blocks.removeID(id)
	if !below {
		return
	}
	c.objects.removeID(id)
	for _, idx := range []*index{&c.blocks, &c.objects} {
		idx.byID.Range(func(k, v any) bool {
			if c.isBelow(v.(*entry).current.Load().v, id) {
				idx.removeID(k.(uuid.UUID))
			}
			return true
		})
	}
}

// removeID drops the entry of an id.
func (idx *index) removeID(id uuid.UUID) {
	if e, ok := idx.byID.Load(id); ok {
		idx.remove(e.(*entry))
	}
}

// isBelow reports whether a cached object lives (through cached parents) beneath ancestor.
func (c *Cache) isBelow(v cached, ancestor uuid.UUID) bool {
	for range maxAncestors {
		p := parentOf(v)
		if p == uuid.Nil {
			return false
		}
		if p == ancestor {
			return true
		}
		next, ok := c.blocks.get(p)
		if !ok {
			if next, ok = c.objects.get(p); !ok {
				return false
			}
		}
		v = next
	}
	return false
}

// parentOf returns the id of a cached object's parent, uuid.Nil for none.
func parentOf(v cached) uuid.UUID {
	switch o := v.(type) {
	case *Block:
		return o.parent.ID
	case *Page:
		return o.parent.ID
	case *Database:
		return o.Parent().ID
	}
	return uuid.Nil
}
