package uno

import (
	"context"
	"errors"
	"net/http"

	"github.com/uno-go/uno/internal/jsonscan"
)

// User is a Notion user: a person or a bot (an integration).
type User struct {
	object
	name      string
	kind      string
	email     string
	avatarURL string
}

// Name returns the user's name.
func (u *User) Name() string { return u.name }

// IsBot reports whether the user is an integration.
func (u *User) IsBot() bool { return u.kind == "bot" }

// Type returns "person" or "bot".
func (u *User) Type() string { return u.kind }

// Email returns a person's email address, when Notion shares it.
func (u *User) Email() string { return u.email }

// AvatarURL returns the URL of the user's picture, if any.
func (u *User) AvatarURL() string { return u.avatarURL }

// String returns the name.
func (u *User) String() string { return u.name }

// newUser decodes a user answer.
func newUser(raw []byte, s *Session) (*User, error) { return decodeAnswer(raw, s, readUser) }

// readUser reads the user that comes next in r.
func readUser(r *jsonscan.Reader, s *Session) (*User, error) {
	u := &User{}
	var h header
	o, err := decodeObject(r, "user", u, &h)
	if err != nil {
		return nil, err
	}
	o.session = s
	u.object = o
	return u, nil
}

// readField reads the members of a user answer that User keeps.
func (u *User) readField(r *jsonscan.Reader, key []byte) bool {
	switch string(key) {
	case "name":
		u.name = r.ReadString()
	case "type":
		u.kind = userKind(r)
	case "avatar_url":
		u.avatarURL = r.ReadString()
	case "person":
		if r.Object() {
			for key, ok := r.Key(); ok; key, ok = r.Key() {
				if string(key) == "email" {
					u.email = r.ReadString()
					continue
				}
				r.Skip()
			}
		}
	default:
		return false
	}
	return true
}

// userKind reads a user's type, without allocating for the types Notion sends.
func userKind(r *jsonscan.Reader) string {
	b, _ := r.Text()
	switch string(b) {
	case "person":
		return "person"
	case "bot":
		return "bot"
	}
	return string(b)
}

// decodeUser decodes a user answer and caches it.
func (s *Session) decodeUser(raw []byte) (*User, error) {
	u, err := newUser(raw, s)
	if err != nil {
		return nil, err
	}
	return put(s.cache, u, true), nil
}

// Whoami returns the integration's bot user. Notion is asked once per session.
func (s *Session) Whoami(ctx context.Context) (*User, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	s.botMu.Lock()
	defer s.botMu.Unlock()
	if s.bot != nil {
		return s.bot, nil
	}
	u, err := s.fetchBot(ctx)
	if err != nil {
		return nil, err
	}
	s.bot = u
	return u, nil
}

// fetchBot asks Notion for the integration's bot user.
func (s *Session) fetchBot(ctx context.Context) (*User, error) {
	data, err := s.do(ctx, http.MethodGet, "/v1/users/me", nil)
	if err != nil {
		return nil, err
	}
	return s.decodeUser(data)
}

// setBot records the bot user after a fresh fetch.
func (s *Session) setBot(u *User) {
	s.botMu.Lock()
	s.bot = u
	s.botMu.Unlock()
}

// GetUser returns the user that ref names, from the cache when it holds it unless NoCache is
// given. The integration's own bot user works too. An unknown user is an error that
// errors.Is(err, ErrNotFound).
func (s *Session) GetUser(ctx context.Context, ref string, opts ...GetOption) (*User, error) {
	if s.IsClosed() {
		return nil, ErrSessionClosed
	}
	if useCache(opts) {
		if v, ok := lookupRef[*User](s.cache, ref); ok {
			return v, nil
		}
	}
	id, err := ParseID(ref)
	if err != nil {
		return nil, err
	}
	u, err := getObject(ctx, s, "/v1/users/", id, opts, newUser, keepFresh[*User])
	if err == nil || !errors.Is(err, ErrNotFound) {
		return u, err
	}
	// Some workspaces do not list the integration itself under /v1/users/{id}.
	bot, botErr := s.Whoami(ctx)
	if botErr == nil && bot.ID() == id {
		return bot, nil
	}
	return nil, err
}

// AllUsers lists every user of the workspace (people and bots), following every page of the
// listing.
func (s *Session) AllUsers(ctx context.Context) ([]*User, error) {
	keep := func(u *User) *User { return put(s.cache, u, true) }
	return collect(listSeq(ctx, s, http.MethodGet, "/v1/users", nil, readUser, keep))
}

// SearchUser returns the users whose name is exactly name.
func (s *Session) SearchUser(ctx context.Context, name string) (SList[*User], error) {
	users, err := s.AllUsers(ctx)
	if err != nil {
		return nil, err
	}
	var found SList[*User]
	for _, u := range users {
		if u.name == name {
			found = append(found, u)
		}
	}
	if found == nil {
		found = SList[*User]{}
	}
	return found, nil
}
