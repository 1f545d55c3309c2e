package notiontest

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// createBody is the body of a page create under the root page.
func createBody(srv *Server, title string) map[string]any {
	return map[string]any{"parent": map[string]any{"page_id": srv.RootPageID}, "properties": map[string]any{"title": text(title)}}
}

func TestFaultAnswers(t *testing.T) {
	srv, c := setup(t)
	srv.InjectFault(Fault{Method: "POST", Path: "/v1/pages", After: 1, Times: 1, Status: http.StatusServiceUnavailable})
	srv.InjectFault(Fault{Path: "/v1/users/{id}", Status: http.StatusTooManyRequests, Times: 1})
	srv.InjectFault(Fault{Method: "GET", Path: "/v1/databases/*", Status: 409, Code: "conflict_error", Message: "Try again.", Times: 1})

	c.ok("POST", "/v1/pages", createBody(srv, "one"))
	r := c.do("POST", "/v1/pages", createBody(srv, "two"))
	assert.Equal(t, 503, r.status)
	assert.Equal(t, "service_unavailable", r.body["code"])
	assert.Regexp(t, uuidPattern, r.body["request_id"])
	c.ok("POST", "/v1/pages", createBody(srv, "three"))
	assert.Equal(t, 3, srv.PageCount(), "root, one and three")

	r = c.do("GET", "/v1/users/"+srv.BotID, nil)
	assert.Equal(t, 429, r.status)
	assert.Equal(t, "1", r.header.Get("Retry-After"))
	c.ok("GET", "/v1/users/"+srv.BotID, nil)

	r = c.do("GET", "/v1/databases/e9f53dc3-80ce-4a97-9424-659ef13a0d2e", nil)
	assert.Equal(t, 409, r.status)
	assert.Equal(t, "Try again.", r.body["message"])
}

func TestFaultRawBody(t *testing.T) {
	srv, _ := setup(t)
	srv.InjectFault(Fault{Status: http.StatusBadGateway, Body: "<html>Bad Gateway</html>",
		Header: http.Header{"Content-Type": {"text/html"}}, Times: 1})
	res, err := http.Get(srv.URL + "/v1/users/me")
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	assert.Equal(t, 502, res.StatusCode)
	assert.Equal(t, "text/html", res.Header.Get("Content-Type"))
	assert.Equal(t, "<html>Bad Gateway</html>", string(body))
}

func TestFaultDrops(t *testing.T) {
	srv, c := setup(t)
	post := func(title string) error {
		req, err := http.NewRequestWithContext(t.Context(), "POST", srv.URL+"/v1/pages",
			strings.NewReader(`{"parent":{"page_id":"`+srv.RootPageID+`"},"properties":{"title":[{"text":{"content":"`+title+`"}}]}}`))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		req.Header.Set("Notion-Version", notionVersion)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		return err
	}
	srv.InjectFault(Fault{Method: "POST", Path: "/v1/pages", Drop: DropBeforeApply, Times: 1})
	require.Error(t, post("before"))
	assert.Equal(t, 1, srv.PageCount(), "dropped before applying: nothing changed")

	srv.InjectFault(Fault{Method: "POST", Path: "/v1/pages", Drop: DropAfterApply, Times: 1})
	require.Error(t, post("after"))
	assert.Equal(t, 2, srv.PageCount(), "dropped after applying: the page exists")
	found := c.searchIDs(map[string]any{"query": "after"})
	assert.Len(t, found, 1)

	recs := srv.Requests()
	require.Len(t, recs, 3)
	assert.Equal(t, 0, recs[0].Status)
	assert.Equal(t, "dropped before applying", recs[0].Fault)
	assert.Equal(t, "dropped after applying", recs[1].Fault)
	assert.Equal(t, 200, recs[2].Status)
}

func TestFaultDelay(t *testing.T) {
	srv, c := setup(t)
	srv.InjectFault(Fault{Path: "/v1/users/me", Delay: time.Hour, Times: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", srv.URL+"/v1/users/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Notion-Version", notionVersion)
	_, err = http.DefaultClient.Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	c.ok("GET", "/v1/users/me", nil)

	srv.InjectFault(Fault{Path: "/v1/users/me", Delay: time.Millisecond})
	c.ok("GET", "/v1/users/me", nil)
	srv.ClearFaults()
	c.ok("GET", "/v1/users/me", nil)
}

func TestRateLimit(t *testing.T) {
	clock := newFakeClock()
	srv, c := setup(t, WithClock(clock.Now), WithRateLimit(0.5, 2))
	c.ok("GET", "/v1/users/me", nil)
	c.ok("GET", "/v1/users/me", nil)
	r := c.do("GET", "/v1/users/me", nil)
	assert.Equal(t, 429, r.status)
	assert.Equal(t, "rate_limited", r.body["code"])
	assert.Equal(t, map[string]any{"rate_limit_reason": rateLimitReason}, r.body["additional_data"])
	assert.Equal(t, "2", r.header.Get("Retry-After"), "one token every 2 s")
	clock.Advance(time.Second)
	r = c.do("GET", "/v1/users/me", nil)
	assert.Equal(t, "1", r.header.Get("Retry-After"))
	clock.Advance(time.Second)
	c.ok("GET", "/v1/users/me", nil)
	assert.Equal(t, 5, srv.RequestCount("GET", "/v1/users/me"), "refused requests are recorded too")
}

func TestRequestLog(t *testing.T) {
	srv, c := setup(t, WithRequestLogSize(3))
	page := c.createPage(srv.RootPageID, "Logged")
	c.ok("PATCH", "/v1/blocks/"+page+"/children", map[string]any{"children": []any{para("x")}})
	c.ok("GET", "/v1/blocks/"+compactID(page)+"/children?page_size=10", nil)
	c.ok("GET", "/v1/users/me", nil)

	recs := srv.Requests()
	require.Len(t, recs, 3, "the log keeps the last 3")
	assert.Equal(t, "PATCH", recs[0].Method)
	assert.Contains(t, string(recs[0].Body), `"children"`)
	assert.Equal(t, "page_size=10", recs[1].Query)
	assert.Equal(t, 200, recs[2].Status)
	assert.Regexp(t, uuidPattern, recs[2].RequestID)

	assert.Equal(t, 1, srv.RequestCount("PATCH", "/v1/blocks/*/children"))
	assert.Equal(t, 1, srv.RequestCount("get", "/v1/blocks/"+page+"/children"), "ids match in any form")
	assert.Equal(t, 2, srv.RequestCount("", "/v1/blocks/**"))
	assert.Equal(t, 3, srv.RequestCount("", ""))
	assert.Equal(t, 0, srv.RequestCount("POST", ""))
	srv.ResetRequests()
	assert.Empty(t, srv.Requests())
}

func TestPathMatches(t *testing.T) {
	id := "0f3c9a1e-1b2c-4d5e-8f90-123456789abc"
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"", "/v1/pages", true},
		{"/v1/pages", "/v1/pages", true},
		{"/v1/pages", "/v1/pages/" + id, false},
		{"/v1/pages/*", "/v1/pages/" + id, true},
		{"/v1/pages/{page_id}", "/v1/pages/" + id, true},
		{"/v1/pages/" + compactID(id), "/v1/pages/" + id, true},
		{"/v1/blocks/**", "/v1/blocks/" + id + "/children", true},
		{"/v1/blocks/**", "/v1/blocks", true},
		{"/v1/blocks/*/children", "/v1/blocks/" + id, false},
		{"/v1/users", "/v1/pages", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, pathMatches(tt.pattern, tt.path), "%q %q", tt.pattern, tt.path)
	}
}

func TestCloseCutsDelaysShort(t *testing.T) {
	srv := NewServer()
	srv.InjectFault(Fault{Delay: time.Hour})
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/users/me", nil)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		errc <- err
	}()
	arrived := func() bool {
		srv.faults.mu.Lock()
		defer srv.faults.mu.Unlock()
		return srv.faults.faults[0].seen > 0
	}
	require.Eventually(t, arrived, 5*time.Second, time.Millisecond, "the request reached the delay")
	srv.Close()
	srv.Close()
	assert.Error(t, <-errc)
}

// TestFaultDelayAppliesAfterClientGaveUp checks the doc of Fault.Delay: the request is
// applied after the delay even when the client stopped waiting for it.
func TestFaultDelayAppliesAfterClientGaveUp(t *testing.T) {
	srv, c := setup(t)
	srv.InjectFault(Fault{Method: "POST", Path: "/v1/pages", Delay: 300 * time.Millisecond, Times: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	body := `{"parent":{"page_id":"` + srv.RootPageID + `"},"properties":{"title":{"title":[{"text":{"content":"late"}}]}}}`
	req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v1/pages", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Notion-Version", notionVersion)
	_, err = http.DefaultClient.Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	pages := srv.PageCount()
	require.Eventually(t, func() bool { return srv.RequestCount("POST", "/v1/pages") == 1 }, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, pages+1, srv.PageCount(), "the delayed create was applied")
	assert.Equal(t, 200, srv.Requests()[len(srv.Requests())-1].Status)
	c.ok("GET", "/v1/users/me", nil)
}
