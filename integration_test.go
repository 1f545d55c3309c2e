//go:build integration

package uno

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests talk to the real Notion API. Run them with
//
//	NOTION_TOKEN=secret_... NOTION_PARENT_PAGE=<page id or URL> go test -tags integration -run Integration .
//
// The page must be shared with the integration; the tests create pages under it and move
// them to the trash afterwards.

// integrationSession opens a session on Notion and returns it with the parent page.
func integrationSession(t *testing.T) (*Session, *Page) {
	t.Helper()
	if os.Getenv(TokenEnv) == "" || os.Getenv("NOTION_PARENT_PAGE") == "" {
		t.Skip("set NOTION_TOKEN and NOTION_PARENT_PAGE to run the integration tests")
	}
	s, err := NewSession()
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.RaiseForStatus(t.Context()))
	parent, err := s.GetPage(t.Context(), os.Getenv("NOTION_PARENT_PAGE"))
	require.NoError(t, err)
	return s, parent
}

func TestIntegrationPageLifecycle(t *testing.T) {
	s, parent := integrationSession(t)
	title := "uno integration " + time.Now().Format(time.RFC3339Nano)
	page, err := s.CreatePage(t.Context(), parent, title)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = page.Delete(t.Context()) })
	assert.Equal(t, title, page.Title())

	got, err := s.GetPage(t.Context(), page.URL(), NoCache())
	require.NoError(t, err)
	assert.Equal(t, page.ID(), got.ID())

	me, err := s.Whoami(t.Context())
	require.NoError(t, err)
	assert.True(t, me.IsBot())
	users, err := s.AllUsers(t.Context())
	require.NoError(t, err)
	assert.NotEmpty(t, users)

	blocks, err := parent.Children(t.Context())
	require.NoError(t, err)
	assert.NotEmpty(t, blocks)
}
