package uno

import (
	"errors"
	"sync"
)

// WithCacheLimit bounds the session's cache to about n objects (pages, databases, blocks and
// users together), for long-running processes: past it, adding an object evicts one not looked
// up recently (the CLOCK algorithm: a hit only sets a flag, and each eviction takes constant time
// on average). An evicted object is fetched again when asked for. By default the cache is
// unbounded.
func WithCacheLimit(n int) Option {
	return func(s *settings) error {
		if n < 1 {
			return errors.New("uno: WithCacheLimit: the limit must be at least 1")
		}
		s.cacheLimit = n
		return nil
	}
}

// clock evicts cache entries once more than limit are held: entries sit on a ring, a hand
// sweeps it, clearing the flag of every entry looked up since the last sweep and evicting the
// first whose flag is clear.
type clock struct {
	mu    sync.Mutex
	limit int
	ring  []*entry
	hand  int
}

// admit puts a new entry on the ring, evicting another when the ring is full.
func (k *clock) admit(e *entry) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.ring) < k.limit {
		k.ring = append(k.ring, e)
		return
	}
	for {
		old := k.ring[k.hand]
		if old.used.Swap(false) {
			k.hand = (k.hand + 1) % len(k.ring)
			continue
		}
		old.idx.remove(old)
		k.ring[k.hand] = e
		k.hand = (k.hand + 1) % len(k.ring)
		return
	}
}

// reset forgets every entry, for Cache.Clear.
func (k *clock) reset() {
	k.mu.Lock()
	defer k.mu.Unlock()
	clear(k.ring)
	k.ring, k.hand = k.ring[:0], 0
}

// remove drops e from the index, unless another entry took its place.
func (idx *index) remove(e *entry) {
	idx.byID.CompareAndDelete(e.id, e)
	idx.byText.CompareAndDelete(e.id.String(), e)
}
