package notiontest

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DropMode says whether and when a Fault drops the client's connection.
type DropMode int

const (
	// NoDrop answers normally (or with the Fault's answer).
	NoDrop DropMode = iota
	// DropBeforeApply closes the connection without applying the request: nothing changes.
	DropBeforeApply
	// DropAfterApply applies the request, then closes the connection without answering: the
	// workspace changed but the client never learns it.
	DropAfterApply
)

// Fault makes the server misbehave on matching requests, to test how clients cope with
// failures. Install it with Server.InjectFault. A fault acts in this order: it waits Delay,
// then drops the connection (Drop), or answers with its own answer (Status/Code/Message or
// Body), or lets the request be handled normally (a pure delay, or DropAfterApply).
type Fault struct {
	// Method matches the request method ("" matches any).
	Method string
	// Path matches the request path: "/v1/pages", "/v1/blocks/*/children"; "*" or "{name}"
	// matches one segment, a final "**" any rest, ids match in any form. "" matches any path.
	Path string
	// After lets that many matching requests through before the fault acts: After 2 acts on
	// the third matching request.
	After int
	// Times is how many requests the fault acts on; 0 means every matching request from then on.
	Times int

	// Delay holds the answer back this long (the request is applied after the delay).
	Delay time.Duration
	// Drop drops the connection before or after applying the request.
	Drop DropMode
	// Status, Code and Message answer a Notion error {"object":"error",...}. Code defaults to
	// Notion's code for the status, Message to the status text. A 429 gets "Retry-After: 1"
	// unless Header sets it.
	Status  int
	Code    string
	Message string
	// Body answers this raw body instead of a Notion error (an HTML error page of a proxy,
	// say), with Status (default 200) and Header (Content-Type defaults to text/plain).
	Body string
	// Header holds extra headers of the fault's answer.
	Header http.Header
}

// InjectFault installs a fault. Faults are checked in the order they were injected; the first
// one that acts on a request wins. A fault with Times > 0 is removed once it has acted that
// many times.
func (s *Server) InjectFault(f Fault) { s.faults.add(f) }

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() { s.faults.clear() }

// answers reports whether the fault answers the request itself.
func (f *Fault) answers() bool { return f.Status != 0 || f.Body != "" }

// writeAnswer sends the fault's own answer; beforeWrite learns the status just before the
// client can see it.
func (f *Fault) writeAnswer(w http.ResponseWriter, requestID string, beforeWrite func(status int)) {
	h := w.Header()
	for k, v := range f.Header {
		h[k] = v
	}
	if f.Body != "" {
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		if h.Get("Content-Type") == "" {
			h.Set("Content-Type", "text/plain; charset=utf-8")
		}
		h.Set("Content-Length", strconv.Itoa(len(f.Body)))
		beforeWrite(status)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	e := &apiError{status: f.Status, code: f.Code, message: f.Message}
	if e.code == "" {
		e.code = defaultErrorCode(f.Status)
	}
	if e.message == "" {
		e.message = http.StatusText(f.Status) + "."
	}
	a := errorAnswer(e)
	if (f.Status == http.StatusTooManyRequests || f.Status == 529) && h.Get("Retry-After") == "" {
		h.Set("Retry-After", "1")
	}
	a.write(w, requestID, beforeWrite)
}

// defaultErrorCode is Notion's error code for an HTTP status.
func defaultErrorCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "validation_error"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "restricted_resource"
	case http.StatusNotFound:
		return "object_not_found"
	case http.StatusConflict:
		return "conflict_error"
	case http.StatusTooManyRequests:
		return "rate_limited"
	case http.StatusBadGateway:
		return "bad_gateway"
	case http.StatusServiceUnavailable:
		return "service_unavailable"
	case http.StatusGatewayTimeout:
		return "gateway_timeout"
	case 529:
		return "service_overload"
	default:
		return "internal_server_error"
	}
}

// faultSet holds the injected faults and how often each has matched.
type faultSet struct {
	mu     sync.Mutex
	faults []*activeFault
}

// activeFault is an injected fault with its counters.
type activeFault struct {
	f     Fault
	seen  int // matching requests so far
	acted int // requests acted on so far
}

// add installs a fault.
func (fs *faultSet) add(f Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.faults = append(fs.faults, &activeFault{f: f})
}

// clear removes every fault.
func (fs *faultSet) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.faults = nil
}

// match counts the request against every fault it matches and returns a copy of the first
// fault that acts on it, or nil.
func (fs *faultSet) match(method, path string) *Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var acting *Fault
	for i := 0; i < len(fs.faults); i++ {
		af := fs.faults[i]
		if af.f.Method != "" && !strings.EqualFold(af.f.Method, method) || !pathMatches(af.f.Path, path) {
			continue
		}
		af.seen++
		if acting != nil || af.seen <= af.f.After {
			continue
		}
		af.acted++
		f := af.f
		acting = &f
		if af.f.Times > 0 && af.acted >= af.f.Times {
			fs.faults = append(fs.faults[:i], fs.faults[i+1:]...)
			i--
		}
	}
	return acting
}
