package transport

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// Op is what a request does, which decides what may be retried.
type Op int

const (
	// OpRead is a request without effect on the server (GET, POST /v1/search,
	// POST /v1/databases/{id}/query): safe to repeat after any transient failure.
	OpRead Op = iota
	// OpUpdate is a request that sets state (PATCH /v1/pages/{id}, /v1/databases/{id},
	// /v1/blocks/{id}, DELETE): repeating it gives the same result.
	OpUpdate
	// OpCreate is a request that adds something on every call (POST /v1/pages, /v1/databases,
	// /v1/comments, PATCH /v1/blocks/{id}/children): never sent twice once the server may have
	// applied it.
	OpCreate
)

// String returns "read", "update" or "create".
func (o Op) String() string {
	switch o {
	case OpRead:
		return "read"
	case OpUpdate:
		return "update"
	case OpCreate:
		return "create"
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// Classify derives the Op from a request's method and URL path, such as
// "/v1/databases/<id>/query". A prefix before the "/v1" segment, a trailing slash and a query
// string are tolerated. What it does not recognise is classified by the HTTP method's semantics,
// and a POST or PATCH it does not know is an OpCreate, so it is never repeated by mistake.
func Classify(method, path string) Op {
	switch strings.ToUpper(method) {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return OpRead
	case http.MethodDelete, http.MethodPut:
		return OpUpdate
	case http.MethodPost:
		return classifyPost(apiSegments(path))
	case http.MethodPatch:
		return classifyPatch(apiSegments(path))
	}
	return OpCreate
}

// classifyPost tells the read-only POST endpoints (search, query) from the creating ones.
func classifyPost(seg []string) Op {
	switch {
	case len(seg) == 1 && seg[0] == "search":
		return OpRead
	case len(seg) == 3 && (seg[0] == "databases" || seg[0] == "data_sources") && seg[2] == "query":
		return OpRead
	}
	return OpCreate
}

// classifyPatch tells an update of one object (/v1/{kind}/{id}) from an append of block
// children, which adds blocks on every call.
func classifyPatch(seg []string) Op {
	if len(seg) == 2 {
		return OpUpdate
	}
	return OpCreate
}

// apiSegments returns the non-empty path segments after the last "v1" segment (all of them when
// there is none), without a query string.
func apiSegments(path string) []string {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	seg := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	for i := len(seg) - 1; i >= 0; i-- {
		if seg[i] == "v1" {
			return seg[i+1:]
		}
	}
	return seg
}

// opKey is the context key under which WithOp stores an Op.
type opKey struct{}

// WithOp returns a context that makes the Transport treat a request as op instead of classifying
// it from its method and path.
func WithOp(ctx context.Context, op Op) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, opKey{}, op)
}

// OpFromContext returns the Op set by WithOp, and whether there was one.
func OpFromContext(ctx context.Context) (Op, bool) {
	if ctx == nil {
		return OpRead, false
	}
	op, ok := ctx.Value(opKey{}).(Op)
	return op, ok
}
