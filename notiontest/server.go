package notiontest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// notionVersion is the oldest Notion-Version the emulator speaks (see versions.go for all).
const notionVersion = "2022-06-28"

// maxRequestBytes is Notion's limit on the size of a request body.
const maxRequestBytes = 500 * 1000

// Server is an in-memory Notion API emulator serving HTTP on a loopback address. Create it
// with NewServer and stop it with Close. All methods are safe for concurrent use.
type Server struct {
	// URL is the API root, like "http://127.0.0.1:41234"; requests go to URL + "/v1/...".
	URL string
	// Token is the integration token that requests must carry as "Authorization: Bearer <Token>".
	Token string
	// RootPageID is the dashed id of the workspace-level page "Tests" that NewServer creates
	// and shares with the integration.
	RootPageID string
	// BotID is the dashed id of the integration's bot user (GET /v1/users/me).
	BotID string

	http      *httptest.Server
	closing   chan struct{} // closed by Close, to cut injected delays short
	closeOnce sync.Once
	st        *store
	limiter   *rateLimiter
	faults    *faultSet
	log       *requestLog
	now       func() time.Time
}

// NewServer starts an emulator on a random port of 127.0.0.1 (or on the listener given by
// WithListener). Its workspace holds the integration's bot user, a few person users and the
// root page "Tests" (Server.RootPageID).
func NewServer(opts ...Option) *Server {
	cfg := config{clock: time.Now, logSize: defaultLogSize, resultLimit: defaultResultLimit,
		readHeaderTimeout: defaultReadHeaderTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.token == "" {
		cfg.token = randomToken()
	}
	s := &Server{
		closing: make(chan struct{}),
		Token:   cfg.token,
		st:      newStore(cfg.clock, cfg.searchLag),
		limiter: newRateLimiter(cfg.rate, cfg.burst, cfg.clock),
		faults:  &faultSet{},
		log:     newRequestLog(cfg.logSize),
		now:     cfg.clock,
	}
	s.st.resultLimit = cfg.resultLimit
	s.BotID = s.st.botID
	s.RootPageID = s.st.rootPageID
	s.http = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if cfg.listener != nil {
		_ = s.http.Listener.Close()
		s.http.Listener = cfg.listener
	}
	applyTimeouts(s.http.Config, cfg.readHeaderTimeout)
	// The handlers read s.URL: it is set before the first connection is served.
	s.URL = "http://" + s.http.Listener.Addr().String()
	s.http.Start()
	return s
}

// Close shuts the server down, waiting for the requests under way to finish; injected
// delays are cut short. Closing twice is harmless.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.http.Close()
	})
}

// randomToken makes up an integration token in the format of Notion's internal tokens.
func randomToken() string {
	var b [20]byte
	_, _ = rand.Read(b[:])
	return "ntn_" + hex.EncodeToString(b[:])
}

// serve answers one HTTP request: it records it, applies a matching injected fault, and
// otherwise runs the API pipeline (authentication, version, rate limit, routing).
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, filesPathPrefix) {
		s.serveFile(w, r)
		return
	}
	requestID := newUUID()
	limit := bodyLimit(r.URL.Path)
	body, readErr := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	rec := RequestRecord{
		Time:      s.now(),
		Method:    r.Method,
		Path:      r.URL.Path,
		Query:     r.URL.RawQuery,
		RequestID: requestID,
	}
	rec.setBody(body)
	// The record is logged before the client can see the answer (or the dropped connection),
	// so that a client that counts requests right after its call returns sees every one.
	record := func(status int, fault string) {
		rec.Status, rec.Fault = status, fault
		s.log.add(rec)
	}

	f := s.faults.match(r.Method, r.URL.Path)
	if f != nil && f.Delay > 0 {
		// The request is applied once the delay is over, whether the client still waits or
		// not, as a slow server would; only Close cuts the delay short.
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-s.closing:
			t.Stop()
			record(0, "delay (server closed)")
			dropConnection(w)
			return
		}
	}
	if f != nil && f.Drop == DropBeforeApply {
		record(0, "dropped before applying")
		dropConnection(w)
		return
	}
	if f != nil && f.answers() {
		f.writeAnswer(w, requestID, func(status int) { record(status, "injected answer") })
		return
	}

	var a answer
	switch {
	case readErr != nil:
		a = errorAnswer(errInvalidJSON)
	case len(body) > limit:
		a = errorAnswer(validationError("Request body too large: the limit is %d bytes.", limit))
	default:
		a = s.handle(r, body)
	}
	if f != nil && f.Drop == DropAfterApply {
		record(0, "dropped after applying")
		dropConnection(w)
		return
	}
	a.write(w, requestID, func(status int) { record(status, "") })
}

// answer is what the API pipeline answers: a status, a JSON object (request_id is added when
// it is written) and extra headers.
type answer struct {
	status int
	body   jsonObject
	header http.Header
}

// errorAnswer is the answer for an API error.
func errorAnswer(e *apiError) answer { return answer{status: e.status, body: e.body()} }

// write sends the answer with its request_id; beforeWrite learns the status just before the
// client can see it.
func (a answer) write(w http.ResponseWriter, requestID string, beforeWrite func(status int)) {
	a.body["request_id"] = requestID
	data, err := appendJSON(make([]byte, 0, 4096), a.body)
	if err != nil {
		a.status = http.StatusInternalServerError
		data, _ = appendJSON(nil, jsonObject{"object": "error", "status": float64(a.status),
			"code": "internal_server_error", "message": "Unexpected error.", "request_id": requestID})
	}
	buf := bytes.NewBuffer(data)
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Request-Id", requestID)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	beforeWrite(a.status)
	w.WriteHeader(a.status)
	_, _ = w.Write(buf.Bytes())
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// A connection that cannot be hijacked (HTTP/2) is reset by aborting the handler,
		// which net/http recovers without logging.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// handle runs the API pipeline for one request whose body was read.
func (s *Server) handle(r *http.Request, body []byte) answer {
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		return errorAnswer(errUnauthorized)
	}
	version, verr := parseVersion(r.Header.Get("Notion-Version"))
	if verr != nil {
		return errorAnswer(verr)
	}
	if wait, ok := s.limiter.take(); !ok {
		a := errorAnswer(errRateLimited)
		a.header = http.Header{"Retry-After": {strconv.Itoa(retryAfterSeconds(wait))}}
		return a
	}
	rt, params, err := route(r.Method, r.URL.EscapedPath())
	if err != nil {
		return errorAnswer(err)
	}
	c := &call{params: params, query: r.URL.Query(), base: s.URL, version: version}
	if formRoutes[rt.pattern] {
		c.raw, c.contentType = body, r.Header.Get("Content-Type")
	} else if r.Method == http.MethodPost || r.Method == http.MethodPatch {
		if c.body, err = decodeBody(body); err != nil {
			return errorAnswer(err)
		}
		if err = checkBodyKeys(rt, version, c.body); err != nil {
			return errorAnswer(err)
		}
		if err = upgradeRequest(version, r.Method, r.URL.EscapedPath(), c.body); err != nil {
			return errorAnswer(err)
		}
	}
	lock, unlock := s.st.mu.Lock, s.st.mu.Unlock
	if rt.method == http.MethodGet && pureReadRoutes[rt.pattern] {
		// Reads that change nothing, not even a cache, share the store (perf.go).
		lock, unlock = s.st.mu.RLock, s.st.mu.RUnlock
	}
	lock()
	res, err := s.st.run(rt, c)
	if err == nil {
		res = s.st.render(version, res)
	} else {
		err = s.st.renderError(version, err)
	}
	unlock()
	if err != nil {
		return errorAnswer(err)
	}
	return answer{status: http.StatusOK, body: res}
}

// decodeBody parses a POST or PATCH body: empty means {}, anything but a JSON object is an
// error.
func decodeBody(body []byte) (jsonObject, *apiError) {
	if len(bytes.TrimSpace(body)) == 0 {
		return jsonObject{}, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&v); err != nil {
		return nil, errInvalidJSON
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errInvalidJSON
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, bodyValidation("body should be an object, instead was `%s`.", jsonText(v))
	}
	return m, nil
}
