package notiontest

import "strings"

// notionEndpoint is one endpoint of Notion's public API, named as in Notion's reference.
type notionEndpoint struct {
	method  string
	pattern string // "{name}" matches one segment
	name    string
}

// notionEndpoints lists Notion's API endpoints that the emulator does not simulate, so that
// a request to one is answered 501 not_implemented naming it, rather than as an unknown URL.
var notionEndpoints = []notionEndpoint{
	{"GET", "/v1/views", "List views"},
	{"POST", "/v1/views", "Create a view"},
	{"GET", "/v1/views/{view_id}", "Retrieve a view"},
	{"PATCH", "/v1/views/{view_id}", "Update a view"},
	{"DELETE", "/v1/views/{view_id}", "Delete a view"},
	{"POST", "/v1/views/{view_id}/queries", "Create a view query"},
	{"GET", "/v1/views/{view_id}/queries/{query_id}", "Get view query results"},
	{"DELETE", "/v1/views/{view_id}/queries/{query_id}", "Delete a view query"},
	{"POST", "/v1/oauth/token", "Create a token"},
	{"POST", "/v1/oauth/revoke", "Revoke a token"},
	{"POST", "/v1/oauth/introspect", "Introspect a token"},
	{"POST", "/v1/blocks/meeting_notes", "Create meeting notes"},
	{"POST", "/v1/blocks/meeting_notes/query", "Query meeting notes"},
	{"GET", "/v1/async_tasks/{task_id}", "Retrieve an async task"},
	{"GET", "/v1/agents", "List agents"},
	{"GET", "/v1/agents/{agent_id}", "Retrieve an agent"},
	{"DELETE", "/v1/agents/{agent_id}", "Delete an agent"},
	{"POST", "/v1/agents/query", "Query agents"},
	{"POST", "/v1/agents/batch", "Batch agent operations"},
	{"POST", "/v1/agents/{agent_id}/chat", "Chat with an agent"},
	{"GET", "/v1/agents/{agent_id}/insights", "Agent insights"},
	{"GET", "/v1/agents/{agent_id}/threads", "List agent threads"},
	{"POST", "/v1/agents/{agent_id}/threads/query", "Query agent threads"},
	{"PATCH", "/v1/agents/{agent_id}/credit_limit", "Update an agent's credit limit"},
	{"PATCH", "/v1/agents/{agent_id}/status", "Update an agent's status"},
	{"GET", "/v1/threads/{thread_id}/messages", "List thread messages"},
	{"POST", "/v1/threads/{thread_id}/messages", "Send a thread message"},
	{"POST", "/v1/threads/{thread_id}/messages/query", "Query thread messages"},
	{"POST", "/v1/threads/{thread_id}/continue", "Continue a thread"},
	{"POST", "/v1/sessions", "Create a session"},
	{"GET", "/v1/sessions/{session_id}", "Retrieve a session"},
	{"POST", "/v1/sessions/query", "Query sessions"},
	{"POST", "/v1/sessions/{session_id}/cancel", "Cancel a session"},
	{"POST", "/v1/sessions/{session_id}/events/query", "Query session events"},
}

// unsimulatedEndpoint returns the Notion endpoint that a request names, if the emulator does
// not simulate it.
func unsimulatedEndpoint(method, escapedPath string) (notionEndpoint, bool) {
	segs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	for _, e := range notionEndpoints {
		if e.method != method {
			continue
		}
		psegs := strings.Split(strings.TrimPrefix(e.pattern, "/"), "/")
		if len(psegs) != len(segs) {
			continue
		}
		match := true
		for i, p := range psegs {
			if !strings.HasPrefix(p, "{") && p != segs[i] || segs[i] == "" {
				match = false
				break
			}
		}
		if match {
			return e, true
		}
	}
	return notionEndpoint{}, false
}
