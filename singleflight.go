package uno

import (
	"context"
	"errors"
	"sync"
)

// errFlightIncomplete is what waiters get when the running call ended without a result.
var errFlightIncomplete = errors.New("uno: the shared call did not complete")

// flightGroup runs one call per key at a time: a call for a key that is already running waits
// for the running one and shares its result, so that concurrent get-or-create calls for the
// same object create it once.
type flightGroup struct {
	mu    sync.Mutex
	calls map[string]*flight
}

// flight is one running call.
type flight struct {
	done chan struct{}
	val  any
	err  error
}

// runOnce runs fn unless a call for key is running in g, in which case it waits for that
// call's result (or for ctx to end).
func runOnce[T any](ctx context.Context, g *flightGroup, key string, fn func() (T, error)) (T, error) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = map[string]*flight{}
	}
	if f, ok := g.calls[key]; ok {
		g.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		v, _ := f.val.(T)
		return v, f.err
	}
	f := &flight{done: make(chan struct{}), err: errFlightIncomplete}
	g.calls[key] = f
	g.mu.Unlock()

	defer func() {
		g.mu.Lock()
		delete(g.calls, key)
		g.mu.Unlock()
		close(f.done)
	}()
	v, err := fn()
	f.val, f.err = v, err
	return v, err
}
