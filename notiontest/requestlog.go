package notiontest

import (
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
)

// defaultLogSize is how many requests Server.Requests keeps by default.
const defaultLogSize = 10000

// maxLoggedBody is how many bytes of a request body a RequestRecord keeps.
const maxLoggedBody = 16 << 10

// RequestRecord is one request the server received, as Server.Requests reports it.
type RequestRecord struct {
	Time      time.Time // when the server received it
	Method    string    // the HTTP method, e.g. "POST"
	Path      string    // the URL path, e.g. "/v1/pages/0f3c...".
	Query     string    // the raw query string, without "?".
	Body      []byte    // the request body, at most 16 KiB of it.
	Truncated bool      // Body holds only the first 16 KiB.
	// Status is the HTTP status answered; 0 when the connection was dropped.
	Status    int
	RequestID string // the request_id the server answered with
	// Fault describes the injected fault that acted on the request, "" if none.
	Fault string
}

// setBody keeps (the start of) the request body.
func (r *RequestRecord) setBody(b []byte) {
	if len(b) > maxLoggedBody {
		b, r.Truncated = b[:maxLoggedBody], true
	}
	if len(b) > 0 {
		r.Body = append([]byte(nil), b...)
	}
}

// requestLog is a bounded ring of the most recent requests.
type requestLog struct {
	mu    sync.Mutex
	size  int
	items []RequestRecord
	next  int // where the next record goes once items is full
}

// newRequestLog returns a log keeping the last size records.
func newRequestLog(size int) *requestLog { return &requestLog{size: size} }

// add appends a record, dropping the oldest when the log is full.
func (l *requestLog) add(r RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.items) < l.size {
		l.items = append(l.items, r)
		return
	}
	l.items[l.next] = r
	l.next = (l.next + 1) % l.size
}

// snapshot returns the records, oldest first.
func (l *requestLog) snapshot() []RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]RequestRecord, 0, len(l.items))
	out = append(out, l.items[l.next:]...)
	return append(out, l.items[:l.next]...)
}

// reset forgets every record.
func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items, l.next = nil, 0
}

// Requests returns the requests the server received, oldest first: the most recent 10,000
// unless WithRequestLogSize says otherwise. Requests are recorded when their answer has been
// written (or their connection dropped).
func (s *Server) Requests() []RequestRecord { return s.log.snapshot() }

// RequestCount counts the recorded requests with that method ("" for any) whose path matches
// pathPattern (see Fault.Path for the pattern syntax; "" matches any path).
func (s *Server) RequestCount(method, pathPattern string) int {
	n := 0
	for _, r := range s.log.snapshot() {
		if (method == "" || strings.EqualFold(method, r.Method)) && pathMatches(pathPattern, r.Path) {
			n++
		}
	}
	return n
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() { s.log.reset() }

// pathMatches matches a request path against a pattern: segments match literally, "*" or a
// "{name}" segment matches any one segment, a final "**" matches any rest (also nothing).
// Ids in the path match in any of their forms (with or without dashes, any case). The empty
// pattern matches everything.
func pathMatches(pattern, p string) bool {
	if pattern == "" {
		return true
	}
	psegs := strings.Split(strings.Trim(pattern, "/"), "/")
	segs := strings.Split(strings.Trim(path.Clean("/"+p), "/"), "/")
	for i, ps := range psegs {
		if ps == "**" && i == len(psegs)-1 {
			return true
		}
		if i >= len(segs) {
			return false
		}
		if ps == "*" || strings.HasPrefix(ps, "{") && strings.HasSuffix(ps, "}") {
			continue
		}
		if ps == segs[i] {
			continue
		}
		a, errA := url.PathUnescape(ps)
		b, errB := url.PathUnescape(segs[i])
		if errA != nil || errB != nil {
			return false
		}
		ida, okA := normalizeID(a)
		idb, okB := normalizeID(b)
		if !(okA && okB && ida == idb) && a != b {
			return false
		}
	}
	return len(psegs) == len(segs)
}
