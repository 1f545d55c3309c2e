package notiontest

import "strings"

// addBot stores the integration's bot user and returns its id.
func (st *store) addBot(name, workspace string) string {
	id := newUUID()
	st.addUser(jsonObject{
		"object":     "user",
		"id":         id,
		"name":       name,
		"avatar_url": nil,
		"type":       "bot",
		"bot": jsonObject{
			"owner":            jsonObject{"type": "workspace", "workspace": true},
			"workspace_name":   workspace,
			"workspace_id":     st.workspaceID,
			"workspace_limits": jsonObject{"max_file_upload_size_in_bytes": 5368709120},
		},
	})
	return id
}

// addPerson stores a person user and returns its id.
func (st *store) addPerson(name, email string) string {
	id := newUUID()
	st.addUser(jsonObject{
		"object":     "user",
		"id":         id,
		"name":       name,
		"avatar_url": nil,
		"type":       "person",
		"person":     jsonObject{"email": email},
	})
	return id
}

// addUser stores a user object.
func (st *store) addUser(u jsonObject) {
	st.users = append(st.users, u)
	st.userBy[str(u, "id")] = u
}

// AddUser adds a person user (type "person", person.email email) to the workspace and
// returns its dashed id.
func (s *Server) AddUser(name, email string) string {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	return s.st.addPerson(name, email)
}

// handleGetMe answers GET /v1/users/me: the integration's bot user.
func handleGetMe(st *store, _ *call) (jsonObject, *apiError) {
	return deepCopy(st.userBy[st.botID]), nil
}

// handleGetUser answers GET /v1/users/{user_id}.
func handleGetUser(st *store, c *call) (jsonObject, *apiError) {
	u, ok := st.userBy[c.params["user_id"]]
	if !ok {
		return nil, notFoundError("user", c.params["user_id"])
	}
	return deepCopy(u), nil
}

// handleListUsers answers GET /v1/users, paginated: people first, then bots, as Notion lists
// them.
func handleListUsers(st *store, c *call) (jsonObject, *apiError) {
	p, err := queryPaging(c.query)
	if err != nil {
		return nil, err
	}
	ordered := make([]jsonObject, 0, len(st.users))
	for _, kind := range []string{"person", "bot"} {
		for _, u := range st.users {
			if strings.EqualFold(str(u, "type"), kind) {
				ordered = append(ordered, u)
			}
		}
	}
	items, next, err := paginate(ordered, p, func(u jsonObject) string { return str(u, "id") })
	if err != nil {
		return nil, err
	}
	results := make([]any, len(items))
	for i, u := range items {
		results[i] = deepCopy(u)
	}
	return listAnswer("user", results, next), nil
}
