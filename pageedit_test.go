package uno

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// iconAndCover reads a page's icon and cover as Notion sent them.
func iconAndCover(t *testing.T, p *Page) (icon, cover map[string]any) {
	t.Helper()
	var v struct {
		Icon  map[string]any `json:"icon"`
		Cover map[string]any `json:"cover"`
	}
	require.NoError(t, json.Unmarshal(p.Raw(), &v))
	return v.Icon, v.Cover
}

func TestCreatePageWithIconAndCover(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	p, err := env.s.CreatePage(ctx, env.root, "Launch", WithIcon("🚀"), WithCover("https://example.com/sky.jpg"))
	require.NoError(t, err)
	icon, cover := iconAndCover(t, p)
	assert.Equal(t, "🚀", icon["emoji"])
	assert.Equal(t, "https://example.com/sky.jpg", cover["external"].(map[string]any)["url"])

	p, err = env.s.CreatePage(ctx, env.root, "Logo", WithIcon("https://example.com/logo.png"))
	require.NoError(t, err)
	icon, _ = iconAndCover(t, p)
	assert.Equal(t, "external", icon["type"])

	env.reset()
	for _, opt := range []PageOption{WithIcon(""), WithCover("not a url"), WithCover("ftp://x/y.png"), nil} {
		_, err := env.s.CreatePage(ctx, env.root, "bad", opt)
		assert.Error(t, err)
	}
	assert.Zero(t, env.count(""), "bad options are refused before any request")
}

func TestPageSetters(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	p, err := env.s.CreatePage(ctx, env.root, "Draft")
	require.NoError(t, err)
	p, err = p.SetTitle(ctx, "Final")
	require.NoError(t, err)
	assert.Equal(t, "Final", p.Title())
	p, err = p.SetIcon(ctx, "📘")
	require.NoError(t, err)
	p, err = p.SetCover(ctx, "https://example.com/c.jpg")
	require.NoError(t, err)
	icon, cover := iconAndCover(t, p)
	assert.Equal(t, "📘", icon["emoji"])
	assert.NotNil(t, cover)
	p, err = p.SetIcon(ctx, "")
	require.NoError(t, err)
	p, err = p.SetCover(ctx, "")
	require.NoError(t, err)
	icon, cover = iconAndCover(t, p)
	assert.Nil(t, icon)
	assert.Nil(t, cover)

	db, err := env.s.CreateDB(ctx, env.root, taskSchema())
	require.NoError(t, err)
	row, err := db.CreatePage(ctx, Values{"Task": "old name"})
	require.NoError(t, err)
	row, err = row.SetTitle(ctx, "new name")
	require.NoError(t, err)
	assert.Equal(t, "new name", row.Title(), "the title property of a row has its own name")
}

func TestPageMove(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	a, err := env.s.CreatePage(ctx, env.root, "A")
	require.NoError(t, err)
	b, err := env.s.CreatePage(ctx, env.root, "B")
	require.NoError(t, err)
	moved, err := b.Move(ctx, a)
	require.NoError(t, err)
	assert.Equal(t, ParentRef{Type: "page_id", ID: a.ID()}, moved.Parent())

	db, err := env.s.CreateDB(ctx, env.root, taskSchema())
	require.NoError(t, err)
	moved, err = moved.Move(ctx, db)
	require.NoError(t, err)
	assert.True(t, isChildOf(moved.Parent(), db), "moved into the database: %+v", moved.Parent())
	pages, err := db.Pages(ctx)
	require.NoError(t, err)
	require.Len(t, pages, 1)
	assert.Equal(t, "B", pages[0].Title())
}

func TestGetOrCreatePage(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	var wg sync.WaitGroup
	got := make([]*Page, 4)
	for i := range got {
		wg.Go(func() {
			p, err := env.s.GetOrCreatePage(ctx, env.root, "Inbox")
			assert.NoError(t, err)
			got[i] = p
		})
	}
	wg.Wait()
	for _, p := range got {
		require.NotNil(t, p)
		assert.Equal(t, got[0].ID(), p.ID(), "concurrent calls create one page")
	}
	assert.Equal(t, 1, env.count("POST /v1/pages"))

	env.s.Cache().Clear()
	again, err := env.s.GetOrCreatePage(ctx, env.root, "Inbox")
	require.NoError(t, err)
	assert.Equal(t, got[0].ID(), again.ID(), "found by search")
	assert.Equal(t, 1, env.count("POST /v1/pages"))

	other, err := env.s.CreatePage(ctx, env.root, "Elsewhere")
	require.NoError(t, err)
	nested, err := env.s.GetOrCreatePage(ctx, other, "Inbox")
	require.NoError(t, err)
	assert.NotEqual(t, got[0].ID(), nested.ID(), "another parent gets its own page")

	db, err := env.s.CreateDB(ctx, env.root, taskSchema())
	require.NoError(t, err)
	row, err := env.s.GetOrCreatePage(ctx, db, "Inbox")
	require.NoError(t, err)
	assert.True(t, isChildOf(row.Parent(), db))
	rowAgain, err := env.s.GetOrCreatePage(ctx, db, "Inbox")
	require.NoError(t, err)
	assert.Equal(t, row.ID(), rowAgain.ID())
}

func TestGetOrCreatePageWaitsForSearch(t *testing.T) {
	const lag = 400 * time.Millisecond
	env := openEnv(t, []notiontest.Option{notiontest.WithSearchLag(lag)}, WithRateLimit(0, 0))
	ctx := t.Context()
	start := time.Now()
	p, err := env.s.GetOrCreatePage(ctx, env.root, "Journal")
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), lag, "it waited until search found the page")
	env.s.Cache().Clear()
	again, err := env.s.GetOrCreatePage(ctx, env.root, "Journal")
	require.NoError(t, err)
	assert.Equal(t, p.ID(), again.ID(), "no duplicate")

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	made, err := env.s.GetOrCreatePage(short, env.root, "Lagging")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotNil(t, made, "the page exists even though the wait was cut short")
}
