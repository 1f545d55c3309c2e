package uno

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uno-go/uno/internal/transport"
)

// do sends one JSON request to path (such as "/v1/pages") and returns the body of a 2xx answer.
// Any other answer becomes an *APIError; a failed create that the server may have applied is
// marked so that errors.Is(err, ErrOutcomeUnknown) holds. Pacing and retries happen below, in
// the transport.
func (s *Session) do(ctx context.Context, method, path string, body any) ([]byte, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if body == nil {
		return s.exchange(ctx, method, path, "", 0, nil)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("uno: encoding %s %s: %w", method, path, err)
	}
	open := func() io.Reader { return bytes.NewReader(data) }
	return s.exchange(ctx, method, path, "application/json", int64(len(data)), open)
}

// exchange sends one request whose body of length bytes and contentType open gives (nil: no
// body; open is called again for every retry) and returns the body of a 2xx answer, as do.
func (s *Session) exchange(ctx context.Context, method, path, contentType string, length int64, open func() io.Reader) ([]byte, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	var reader io.Reader
	if open != nil {
		reader = open()
	}
	req, err := http.NewRequestWithContext(ctx, method, notionAPIRoot+path, reader)
	if err != nil {
		return nil, fmt.Errorf("uno: %s %s: %w", method, path, err)
	}
	req.Header.Set("Notion-Version", s.version)
	if open != nil {
		req.Header.Set("Content-Type", contentType)
		req.ContentLength = length
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(open()), nil }
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, requestError(ctx, method, path, err)
	}
	defer resp.Body.Close()
	data, err := readBody(resp)
	if err != nil {
		return nil, readError(ctx, method, path, resp.StatusCode, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return data, nil
	}
	apiErr := newAPIError(method, path, resp, redactBytes(data, s.token))
	apiErr.Code = redact(apiErr.Code, s.token)
	apiErr.Message = redact(apiErr.Message, s.token)
	apiErr.RequestID = redact(apiErr.RequestID, s.token)
	apiErr.outcomeUnknown = mayHaveApplied(method, path, resp.StatusCode)
	// The transport sends a request refused for load again until the context's deadline would
	// pass: a refusal that comes back means the deadline ended the wait.
	if _, ok := ctx.Deadline(); ok && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == 529) {
		apiErr.deadline = true
	}
	return nil, apiErr
}

// minRedactedLen is the length from which a token is cut out of error messages; shorter
// strings are no real tokens, and replacing them would garble the messages.
const minRedactedLen = 8

// redacted replaces the token in what the server answered.
const redacted = "[token]"

// redact replaces token in msg, for an error page that echoes the request's headers.
func redact(msg, token string) string {
	if len(token) < minRedactedLen {
		return msg
	}
	return strings.ReplaceAll(msg, token, redacted)
}

// redactBytes replaces token in an answer's body before anything reads it, so that no part of
// it (cut or not) survives in an error.
func redactBytes(data []byte, token string) []byte {
	if len(token) < minRedactedLen || !bytes.Contains(data, []byte(token)) {
		return data
	}
	return bytes.ReplaceAll(data, []byte(token), []byte(redacted))
}

// mayHaveApplied reports whether a write (create or update) answered with status may have been
// applied by the server: it succeeded, or the server failed without saying it refused the
// request (429 and 529 say so; 4xx answers reject it).
func mayHaveApplied(method, path string, status int) bool {
	if transport.Classify(method, path) == transport.OpRead {
		return false
	}
	return status >= 200 && status < 300 || status >= 500 && status != 529
}

// readError wraps a failure to read the body of an answer with status: a body over the size
// limit is an invalid response; a create whose answer was lost midway may have been applied.
func readError(ctx context.Context, method, path string, status int, err error) error {
	if errors.Is(err, transport.ErrBodyTooLarge) {
		return fmt.Errorf("%w: %s %s: %w", ErrInvalidResponse, method, path, err)
	}
	if mayHaveApplied(method, path, status) {
		err = &transport.OutcomeUnknownError{Op: transport.Classify(method, path), Method: method, Path: path, Err: err}
	}
	return requestError(ctx, method, path, err)
}

// maxPresized is the largest announced body length that readBody allocates up front; a
// longer body is read in growing steps, so that a false Content-Length cannot make it
// allocate much more than arrives.
const maxPresized = 4 << 20

// readBody reads a response body, in one allocation when the server announced its length.
func readBody(resp *http.Response) ([]byte, error) {
	if data, ok := transport.Bytes(resp); ok {
		return data, nil // read by the transport already, within its attempt
	}
	n := resp.ContentLength
	if n <= 0 || n > maxPresized {
		return io.ReadAll(resp.Body)
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(resp.Body, data); err != nil {
		return nil, err
	}
	return data, nil
}

// requestError wraps a failure to get an answer; the context's error comes first when the
// context ended.
func requestError(ctx context.Context, method, path string, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.Err != nil {
		err = urlErr.Err
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("uno: %s %s: %w: %w", method, path, ctxErr, err)
	}
	return fmt.Errorf("uno: %s %s: %w", method, path, err)
}

// errorBody is Notion's error JSON.
type errorBody struct {
	Object    string `json:"object"`
	Status    int    `json:"status"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// newAPIError builds the error for a non-2xx answer, keeping the status even when the body is
// not Notion's JSON (an HTML page from a proxy, say).
func newAPIError(method, path string, resp *http.Response, data []byte) *APIError {
	e := &APIError{Status: resp.StatusCode, Method: method, Path: path}
	var body errorBody
	if json.Unmarshal(data, &body) == nil && body.Object == "error" {
		e.Code, e.Message, e.RequestID = body.Code, body.Message, body.RequestID
	} else {
		e.Message = summarizeBody(resp.Header.Get("Content-Type"), data)
	}
	if e.RequestID == "" {
		e.RequestID = resp.Header.Get("X-Request-Id")
	}
	e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
	return e
}

// summarizeBody describes a body that is not Notion's error JSON in one short line.
func summarizeBody(contentType string, data []byte) string {
	const maxLen = 200
	text := strings.Join(strings.Fields(string(data)), " ")
	if len(text) > maxLen {
		cut := maxLen
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "..."
	}
	if text == "" {
		text = "empty body"
	}
	if contentType == "" {
		return "unexpected answer: " + text
	}
	return "unexpected " + contentType + " answer: " + text
}

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date; 0 when absent.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// written decodes the 2xx answer of a write with decode. An answer it cannot decode fails with
// an error matching both ErrOutcomeUnknown and the decoding error: the server applied the write,
// but what it made is unknown.
func written[T any](method, path string, data []byte, decode func([]byte) (T, error)) (T, error) {
	v, err := decode(data)
	if err != nil {
		var zero T
		return zero, &transport.OutcomeUnknownError{Op: transport.Classify(method, path), Method: method, Path: path, Err: err}
	}
	return v, nil
}
