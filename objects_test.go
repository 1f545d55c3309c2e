package uno

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWhoamiAskedOnce(t *testing.T) {
	env := newTestEnv(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			me, err := env.s.Whoami(t.Context())
			assert.NoError(t, err)
			assert.True(t, me.IsBot())
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, env.count("GET /v1/users/me"))
}

func TestGetUser(t *testing.T) {
	env := newTestEnv(t)
	users, err := env.s.AllUsers(t.Context())
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(users), 2)
	me, err := env.s.Whoami(t.Context())
	require.NoError(t, err)

	env.reset()
	for _, u := range users {
		got, err := env.s.GetUser(t.Context(), u.ID().String())
		require.NoError(t, err)
		assert.Equal(t, u.Name(), got.Name())
	}
	assert.Zero(t, env.count(""), "users listed by AllUsers are cached")

	bot, err := env.s.GetUser(t.Context(), strings.ReplaceAll(me.ID().String(), "-", ""), NoCache())
	require.NoError(t, err, "the integration's own bot user")
	assert.Equal(t, me.ID(), bot.ID())

	_, err = env.s.GetUser(t.Context(), uuid.NewString())
	assert.ErrorIs(t, err, ErrNotFound)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.Status)
	_, err = env.s.GetUser(t.Context(), "nonsense")
	assert.ErrorIs(t, err, ErrInvalidID)

	found, err := env.s.SearchUser(t.Context(), users[1].Name())
	require.NoError(t, err)
	one, err := found.Item()
	require.NoError(t, err)
	assert.Equal(t, users[1].ID(), one.ID())
	none, err := env.s.SearchUser(t.Context(), "Nobody At All")
	require.NoError(t, err)
	_, err = none.Item()
	assert.ErrorIs(t, err, ErrEmptyList)
}

func TestGetPageRefsAndCache(t *testing.T) {
	env := newTestEnv(t)
	page, err := env.s.CreatePage(t.Context(), env.root, "Cached page")
	require.NoError(t, err)
	assert.Equal(t, "Cached page", page.Title())
	assert.Equal(t, env.root.ID(), page.Parent().ID)

	env.reset()
	id := page.ID().String()
	for _, ref := range []string{id, strings.ReplaceAll(id, "-", ""), strings.ToUpper(id), page.URL(),
		"https://www.notion.so/acme/Cached-page-" + strings.ReplaceAll(id, "-", "")} {
		got, err := env.s.GetPage(t.Context(), ref)
		require.NoError(t, err, ref)
		assert.Same(t, page, got, "cached copy for %s", ref)
	}
	assert.Zero(t, env.count(""), "a cached page costs no request")

	fresh, err := env.s.GetPage(t.Context(), id, NoCache())
	require.NoError(t, err)
	assert.NotSame(t, page, fresh)
	assert.Equal(t, 1, env.count("GET /v1/pages/"))
	cached, ok := env.s.Cache().Get(page.ID())
	require.True(t, ok)
	assert.Same(t, fresh, cached, "NoCache refreshes the cache")
	for _, ref := range []string{id, strings.ReplaceAll(id, "-", "")} {
		again, err := env.s.GetPage(t.Context(), ref)
		require.NoError(t, err)
		assert.Same(t, fresh, again, "every form of the reference finds the refreshed copy: %s", ref)
	}

	_, err = env.s.GetPage(t.Context(), uuid.NewString())
	assert.ErrorIs(t, err, ErrNotFound)
	n := env.count("")
	_, err = env.s.GetPage(t.Context(), "https://example.com/x")
	assert.ErrorIs(t, err, ErrInvalidID)
	assert.Equal(t, n, env.count(""), "an invalid id sends no request")
}

func TestPageDeleteRestore(t *testing.T) {
	env := newTestEnv(t)
	page, err := env.s.CreatePage(t.Context(), env.root, "Short-lived")
	require.NoError(t, err)
	deleted, err := page.Delete(t.Context())
	require.NoError(t, err)
	assert.True(t, deleted.IsDeleted())
	assert.False(t, page.IsDeleted(), "objects are immutable snapshots")
	got, err := env.s.GetPage(t.Context(), page.ID().String())
	require.NoError(t, err)
	assert.True(t, got.IsDeleted(), "the cache holds the newest copy")
	restored, err := got.Restore(t.Context())
	require.NoError(t, err)
	assert.False(t, restored.IsDeleted())
}

func TestSearchPage(t *testing.T) {
	env := newTestEnv(t)
	var created []*Page
	for _, title := range []string{"Alpha report", "Beta report", "Alpha"} {
		p, err := env.s.CreatePage(t.Context(), env.root, title)
		require.NoError(t, err)
		created = append(created, p)
	}
	exact, err := env.s.SearchPage(t.Context(), "Alpha")
	require.NoError(t, err)
	item, err := exact.Item()
	require.NoError(t, err)
	assert.Equal(t, created[2].ID(), item.ID())

	sub, err := env.s.SearchPage(t.Context(), "report", Substring())
	require.NoError(t, err)
	assert.Len(t, sub, 2)
	_, err = sub.Item()
	assert.ErrorIs(t, err, ErrMultipleItems)

	all, err := env.s.SearchPage(t.Context(), "")
	require.NoError(t, err)
	rev, err := env.s.SearchPage(t.Context(), "", Reverse())
	require.NoError(t, err)
	require.Equal(t, len(all), len(rev))
	require.GreaterOrEqual(t, len(all), 4)
	for i := range all {
		assert.Equal(t, all[i].ID(), rev[len(rev)-1-i].ID(), "Reverse reverses the order")
	}
	for i := 1; i < len(all); i++ {
		assert.False(t, all[i].LastEditedTime().After(all[i-1].LastEditedTime()), "most recently edited first")
	}

	_, err = created[0].Delete(t.Context())
	require.NoError(t, err)
	sub, err = env.s.SearchPage(t.Context(), "report", Substring())
	require.NoError(t, err)
	assert.Len(t, sub, 1, "trashed pages are hidden")
}

func TestSearchPaginates(t *testing.T) {
	env := newTestEnv(t)
	for i := 0; i < 120; i++ {
		_, err := env.s.CreatePage(t.Context(), env.root, fmt.Sprintf("Bulk %03d", i))
		require.NoError(t, err)
	}
	env.reset()
	pages, err := env.s.SearchPage(t.Context(), "Bulk", Substring())
	require.NoError(t, err)
	assert.Len(t, pages, 120)
	assert.Equal(t, 2, env.count("POST /v1/search"))
}

func TestCreatePageInDatabaseAndSearchDB(t *testing.T) {
	env := newTestEnv(t)
	body, err := createDatabaseBody(env.root, NewSchema("Reading list").snapshot(),
		map[string]any{"Book": map[string]any{"title": map[string]any{}}}, env.s.hasDataSources())
	require.NoError(t, err)
	data, err := env.s.do(t.Context(), http.MethodPost, "/v1/databases", body)
	require.NoError(t, err)
	db, err := env.s.decodeDatabase(data)
	require.NoError(t, err)
	require.NoError(t, db.loadSource(t.Context(), false))
	assert.Equal(t, "Reading list", db.Title())

	page, err := env.s.CreatePage(t.Context(), db, "Dune")
	require.NoError(t, err)
	assert.Equal(t, "Dune", page.Title())
	if env.s.hasDataSources() {
		assert.Equal(t, "data_source_id", page.Parent().Type)
		assert.Equal(t, db.latest().sources[0].ID, page.Parent().ID)
		assert.Equal(t, db.ID(), page.Parent().Database)
	} else {
		assert.Equal(t, "database_id", page.Parent().Type)
		assert.Equal(t, db.ID(), page.Parent().ID)
	}

	env.reset()
	got, err := env.s.GetDB(t.Context(), db.URL())
	require.NoError(t, err)
	assert.Same(t, db, got)
	assert.Zero(t, env.count(""))

	found, err := env.s.SearchDB(t.Context(), "Reading list")
	require.NoError(t, err)
	one, err := found.Item()
	require.NoError(t, err)
	assert.Equal(t, db.ID(), one.ID())

	_, err = env.s.do(t.Context(), http.MethodPatch, "/v1/databases/"+db.ID().String(), map[string]any{env.s.trashField(): true})
	require.NoError(t, err)
	found, err = env.s.SearchDB(t.Context(), "Reading list")
	require.NoError(t, err)
	assert.Empty(t, found, "trashed databases are hidden")
	found, err = env.s.SearchDB(t.Context(), "Reading list", IncludeDeleted())
	require.NoError(t, err)
	if assert.Len(t, found, 1, "IncludeDeleted shows trashed databases") {
		assert.True(t, found[0].IsDeleted())
	}
}

func TestChildrenAndChildPageBlocks(t *testing.T) {
	env := newTestEnv(t)
	parent, err := env.s.CreatePage(t.Context(), env.root, "Parent")
	require.NoError(t, err)
	child, err := env.s.CreatePage(t.Context(), parent, "Child")
	require.NoError(t, err)

	var paragraphs []any
	for i := 0; i < 100; i++ {
		paragraphs = append(paragraphs, map[string]any{"type": "paragraph",
			"paragraph": map[string]any{"rich_text": textRichText(fmt.Sprintf("line %d", i))}})
	}
	for i := 0; i < 2; i++ {
		_, err = env.s.do(t.Context(), http.MethodPatch, "/v1/blocks/"+parent.ID().String()+"/children", map[string]any{"children": paragraphs})
		require.NoError(t, err)
	}
	env.reset()
	blocks, err := parent.Children(t.Context())
	require.NoError(t, err)
	require.Len(t, blocks, 201)
	assert.Equal(t, 3, env.count("GET /v1/blocks/"), "three pages of children")
	assert.Equal(t, "child_page", blocks[0].Type())
	assert.Equal(t, "Child", blocks[0].Text())
	assert.Equal(t, "paragraph", blocks[1].Type())
	assert.Equal(t, "line 0", blocks[1].Text())

	// The child_page block and its page share a UUID and are cached apart.
	cached, ok := env.s.Cache().Get(child.ID())
	require.True(t, ok)
	assert.Same(t, child, cached, "the page wins in Cache.Get")
	b, err := env.s.GetBlock(t.Context(), child.ID().String())
	require.NoError(t, err)
	assert.Same(t, blocks[0], b, "the block is cached separately")
	p, err := b.Page(t.Context())
	require.NoError(t, err)
	assert.Same(t, child, p)

	n := 0
	for blk, err := range env.s.Children(t.Context(), parent.ID().String()) {
		require.NoError(t, err)
		n++
		if blk.Type() == "paragraph" {
			break
		}
	}
	assert.Equal(t, 2, n, "break stops the iteration")
}

func TestAPIErrorShape(t *testing.T) {
	env := newTestEnv(t)
	_, err := env.s.GetDB(t.Context(), uuid.NewString())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 404, apiErr.Status)
	assert.Equal(t, "object_not_found", apiErr.Code)
	assert.NotEmpty(t, apiErr.Message)
	assert.NotEmpty(t, apiErr.RequestID)
	assert.Equal(t, "GET", apiErr.Method)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrRateLimited)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
}

func TestCacheKeepsNewestCopy(t *testing.T) {
	c := newCache(0)
	id := uuid.New()
	older := &Page{object: object{id: id}, title: "old"}
	newer := &Page{object: object{id: id}, title: "new"}
	newer.lastEdited = older.lastEdited.Add(1)
	put(c, newer, true)
	assert.Same(t, newer, put(c, older, false), "a stale search result does not replace a newer copy")
	assert.Same(t, older, put(c, older, true), "a fresh fetch always replaces")
	block := &Block{object: object{id: id}, kind: "child_page"}
	put(c, block, true)
	assert.Equal(t, 2, c.Len())
	got, ok := c.Get(id)
	require.True(t, ok)
	assert.Same(t, older, got)
	c.Clear()
	assert.Zero(t, c.Len())
}

func TestTextRichTextSplitsAtNotionsLimit(t *testing.T) {
	long := strings.Repeat("a", 1999) + "😀" + "b" // the emoji takes two UTF-16 units
	items := textRichText(long)
	require.Len(t, items, 2)
	first := items[0].(map[string]any)["text"].(map[string]any)["content"].(string)
	assert.Equal(t, strings.Repeat("a", 1999), first)
	second := items[1].(map[string]any)["text"].(map[string]any)["content"].(string)
	assert.Equal(t, "😀b", second)
	assert.Empty(t, textRichText(""))
	assert.Len(t, textRichText("\xff\xfe"), 1, "invalid UTF-8 is kept, not looped over")
}
