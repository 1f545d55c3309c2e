package uno

import (
	"context"
	"sync"

	"github.com/google/uuid"
)

// flightKey names one get-or-create: what it makes (such as "database"), under which parent,
// with which title.
type flightKey struct {
	kind   string
	parent uuid.UUID
	title  string
}

// flights lets one get-or-create per key run at a time within a session, so that goroutines
// asking for the same object under the same parent at once create it once: the first creates
// it, the others then find it. The zero value is ready to use.
type flights struct {
	mu sync.Mutex
	m  map[flightKey]*flight
}

// flight is the turn of one key: a one-slot semaphore and the number of callers holding or
// waiting for it.
type flight struct {
	sem   chan struct{}
	users int
}

// acquire waits for the turn of key and returns the function that ends it, or the context's
// error.
func (f *flights) acquire(ctx context.Context, key flightKey) (release func(), err error) {
	f.mu.Lock()
	if f.m == nil {
		f.m = make(map[flightKey]*flight)
	}
	fl := f.m[key]
	if fl == nil {
		fl = &flight{sem: make(chan struct{}, 1)}
		f.m[key] = fl
	}
	fl.users++
	f.mu.Unlock()

	done := func() {
		f.mu.Lock()
		if fl.users--; fl.users == 0 {
			delete(f.m, key)
		}
		f.mu.Unlock()
	}
	select {
	case fl.sem <- struct{}{}:
		return func() { <-fl.sem; done() }, nil
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
}
