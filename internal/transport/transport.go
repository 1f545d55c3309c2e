// Package transport is the HTTP layer under every uno session and its raw client: client-side
// pacing, retries decided per operation, per-attempt timeouts and size-limited response bodies.
package transport

import "errors"

// ErrOutcomeUnknown marks a failed non-idempotent request (a create) that the server may have
// applied: it is never sent again.
var ErrOutcomeUnknown = errors.New("uno: outcome unknown: the server may have applied the request")
