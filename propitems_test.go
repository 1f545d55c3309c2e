package uno

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadPropertyFollowsEveryReference(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	target, err := env.s.CreateDB(ctx, env.root, NewSchema("Targets", Prop("Name", Title())))
	require.NoError(t, err)
	source, err := env.s.CreateDB(ctx, env.root, NewSchema("Sources", Prop("Name", Title()),
		Prop("Links", Relation(target.Schema())), Prop("Note", Text())))
	require.NoError(t, err)

	var ids []uuid.UUID
	for i := 0; i < 30; i++ {
		p, err := target.CreatePage(ctx, Values{"Name": fmt.Sprintf("t%d", i)})
		require.NoError(t, err)
		ids = append(ids, p.ID())
	}
	page, err := source.CreatePage(ctx, Values{"Name": "many", "Links": ids, "Note": "hello"})
	require.NoError(t, err)
	listed, ok := page.Property("Links")
	require.True(t, ok)
	assert.Len(t, listed.Value(), 25, "a page object lists at most 25 references")

	env.reset()
	full, err := page.LoadProperty(ctx, "Links")
	require.NoError(t, err)
	assert.Equal(t, ids, full.Value())
	assert.Equal(t, 1, env.count("GET /v1/pages/"), "30 references fit one page of items")

	note, err := page.LoadProperty(ctx, "Note")
	require.NoError(t, err)
	assert.Equal(t, "hello", note.Value())
	title, err := page.LoadProperty(ctx, "Name")
	require.NoError(t, err)
	assert.Equal(t, "many", title.Value())

	_, err = page.LoadProperty(ctx, "Missing")
	assert.ErrorIs(t, err, ErrInvalidValue)
}

func TestEscapePropertyID(t *testing.T) {
	for id, want := range map[string]string{
		"title":      "title",
		"L%3C%3C%7C": "L%3C%3C%7C",
		"a<b":        "a%3Cb",
		"%zz":        "%25zz",
	} {
		assert.Equal(t, want, escapePropertyID(id), id)
	}
}
