package uno

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// contentVersions are the API versions the content tests run at: all three, or the one the
// suite runs at in a child process of TestSuiteAtEachVersion.
func contentVersions() []string {
	if v := os.Getenv(versionEnv); v != "" {
		return []string{v}
	}
	return []string{Version2022, Version2025, Version2026}
}

// forVersions runs f against a fresh emulator at each API version, on a new page under the
// root page.
func forVersions(t *testing.T, f func(t *testing.T, env *testEnv, page *Page)) {
	for _, v := range contentVersions() {
		t.Run(v, func(t *testing.T) {
			// Unpaced: these tests count requests, not their timing.
			env := openEnv(t, nil, WithNotionVersion(v), WithRateLimit(0, 0))
			page, err := env.s.CreatePage(t.Context(), env.root, "Content "+v)
			require.NoError(t, err)
			env.reset()
			f(t, env, page)
		})
	}
}

// blockWrites and blockReads count the appends of children and the reads of children the
// emulator received.
func blockWrites(env *testEnv) int { return countChildren(env, http.MethodPatch) }
func blockReads(env *testEnv) int  { return countChildren(env, http.MethodGet) }

func countChildren(env *testEnv, method string) int {
	n := 0
	for _, r := range env.srv.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, "/children") {
			n++
		}
	}
	return n
}

// bigDocument is a page of more than 100 blocks: a heading, a paragraph of 2,500
// characters, and 120 list items of which every tenth holds a list nested four deep.
func bigDocument() []*Block {
	long := strings.Repeat("0123456789", 250)
	blocks := []*Block{Heading1(Plain("Report")), Paragraph(Plain(long))}
	for i := range 120 {
		item := BulletedItem(Plain(fmt.Sprintf("item %d", i)))
		if i%10 == 0 {
			item = item.WithChildren(
				BulletedItem(Plain(fmt.Sprintf("level 2 of %d", i))).WithChildren(
					NumberedItem(Plain("level 3")).WithChildren(
						ToDo(i%20 == 0, Plain("level 4")))))
		}
		blocks = append(blocks, item)
	}
	return blocks
}

// minWrites is the fewest append requests Notion's limits allow for blocks under a page: a
// request carries 100 blocks per array and two levels below its target, so every 100
// top-level blocks need one, and so does every block three or more levels down that has
// children (its children can only go in a request aimed at it or at a block below the top).
func minWrites(blocks []*Block) int {
	n := (len(blocks) + maxChildrenPerArray - 1) / maxChildrenPerArray
	var walk func(bs []*Block, depth int)
	walk = func(bs []*Block, depth int) {
		for _, b := range bs {
			if depth >= maxNesting && len(b.kids) > 0 {
				n += (len(b.kids) + maxChildrenPerArray - 1) / maxChildrenPerArray
			}
			walk(b.kids, depth+1)
		}
	}
	walk(blocks, 0)
	return n
}

// countTree counts blocks and children the values carry.
func countTree(bs []*Block) int {
	n := 0
	for _, b := range bs {
		n += 1 + countTree(b.kids)
	}
	return n
}

// allIDs reports whether every block of a tree has an id.
func allIDs(bs []*Block) bool {
	for _, b := range bs {
		if b.ID() == uuid.Nil || !allIDs(b.kids) {
			return false
		}
	}
	return true
}

func TestContentAppendLargePage(t *testing.T) {
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		ctx := t.Context()
		doc := bigDocument()
		written, err := page.Append(ctx, doc...)
		require.NoError(t, err)

		require.Len(t, written, len(doc))
		assert.Equal(t, countTree(doc), countTree(written), "every nested block comes back")
		assert.True(t, allIDs(written), "every written block has an id")
		assert.Equal(t, minWrites(doc), blockWrites(env), "appends: the fewest Notion's limits allow")
		t.Logf("%d blocks: %d appends (minimum %d), %d reads of nested ids",
			countTree(doc), blockWrites(env), minWrites(doc), blockReads(env))

		want := Markdown(doc)
		assert.Equal(t, want, Markdown(written), "the written blocks are the given ones")
		got, err := page.Markdown(ctx)
		require.NoError(t, err)
		assert.Equal(t, want, got, "what Notion holds reads back the same")

		// The 2,500-character paragraph went as two rich-text items, nothing cut.
		para := written[1]
		assert.Equal(t, 2500, len(para.Text()))
		assert.Len(t, para.RichText(), 2)
		raw, ok := env.srv.Object(para.ID().String())
		require.True(t, ok)
		items := raw["paragraph"].(map[string]any)["rich_text"].([]any)
		assert.Len(t, items, 2)

		// Four levels deep, in order, the to-do's state kept.
		deep := written[2].Nested()[0].Nested()[0].Nested()[0]
		assert.Equal(t, "to_do", deep.Type())
		assert.True(t, deep.Checked())
		assert.Equal(t, "to_do: [x] level 4", deep.String())
		fetched, err := env.s.GetBlock(ctx, deep.ID().String(), NoCache())
		require.NoError(t, err)
		assert.Equal(t, "[x] level 4", fetched.Text())
		assert.Equal(t, "level 4", fetched.RichText()[0].Text())
	})
}

func TestContentCreatePageWithContent(t *testing.T) {
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		ctx := t.Context()
		doc := bigDocument()
		child, err := env.s.CreatePage(ctx, page, "With content", WithContent(doc...), WithIcon("📄"))
		require.NoError(t, err)
		assert.Equal(t, 1, env.count("POST /v1/pages"))
		// The page create carries the first 100 blocks; the rest take what Append would.
		assert.Equal(t, minWrites(doc)-1, blockWrites(env))
		got, err := child.Markdown(ctx)
		require.NoError(t, err)
		assert.Equal(t, Markdown(doc), got)
	})
}

// everyBlock is one block of every type an integration can create, with nested content.
func everyBlock(target *Page) []*Block {
	return []*Block{
		Heading1(Plain("One")), Heading2(Plain("Two")), Heading3(Plain("Three")),
		ToggleHeading2(Plain("Toggle heading")).WithChildren(Paragraph(Plain("inside"))),
		Paragraph(Plain("plain "), Bold("bold"), Plain(" "), Italic("italic"), Plain(" "),
			Plain("struck").Strikethrough(), Plain(" "), Plain("under").Underline(), Plain(" "),
			Plain("code").Code(), Plain(" "), Plain("red").Color("red"), Plain(" "),
			Link("link", "https://example.com/"), Plain(" "), Math("x^2"), Plain(" "), MentionOf(target),
			Plain(" "), MentionDate(Day(2026, 3, 11))),
		BulletedItem(Plain("bullet")).WithChildren(NumberedItem(Plain("number"))),
		ToDo(true, Plain("done")), ToDo(false, Plain("open")),
		Toggle(Plain("toggle")).WithChildren(Paragraph(Plain("hidden"))),
		Quote(Plain("quote")), Callout("💡", Plain("callout")).WithColor("yellow_background"),
		CodeBlock("go", "fmt.Println(1)"), Equation("e^{i\\pi}+1=0"), Divider(),
		Table(true, []string{"a", "b"}, []string{"1", "2"}),
		Columns([]*Block{Paragraph(Plain("left"))}, []*Block{Paragraph(Plain("right"))}),
		Bookmark("https://example.com/b"), Embed("https://example.com/e"),
		Image("https://example.com/i.png").WithCaption(Plain("an image")), Video("https://example.com/v.mp4"),
		Audio("https://example.com/a.mp3"), PDF("https://example.com/p.pdf"), File("https://example.com/f.zip"),
		LinkToPage(target), TableOfContents(), Breadcrumb(),
		SyncedBlock(Paragraph(Plain("synced"))),
	}
}

func TestContentEveryBlockType(t *testing.T) {
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		ctx := t.Context()
		target, err := env.s.CreatePage(ctx, env.root, "Target")
		require.NoError(t, err)
		me, err := env.s.Whoami(ctx)
		require.NoError(t, err)
		upload, err := env.s.Upload(ctx, "notes.txt", strings.NewReader("uploaded"))
		require.NoError(t, err)
		doc := append(everyBlock(target), Paragraph(Plain("by "), MentionUser(me)), UploadedFile(upload))
		written, err := page.Append(ctx, doc...)
		require.NoError(t, err)
		require.Len(t, written, len(doc))
		for i := range doc {
			assert.Equal(t, doc[i].Type(), written[i].Type())
		}
		content, err := page.Content(ctx)
		require.NoError(t, err)
		md := Markdown(content)
		assert.Equal(t, Markdown(written), md)
		assert.Equal(t, "by @"+me.Name(), content[len(content)-2].Text())
		assert.Equal(t, "[file](file_upload:"+upload.ID().String()+")", Markdown(doc[len(doc)-1:])[:len("[file](file_upload:")+36+1])
		assert.Equal(t, "file", content[len(content)-1].Type())
		for _, want := range []string{"# One", "**bold**", "*italic*", "~~struck~~", "<u>under</u>", "`code`",
			`<span color="red">red</span>`, "[link](https://example.com/)", "$`x^2`$",
			"[Target](mention:page/" + target.ID().String() + ")", "- [x] done", "- [ ] open",
			"<details>\n<summary>toggle</summary>", "> [!TIP]\n> callout {color=\"yellow_background\"}",
			"```go\nfmt.Println(1)\n```", "```math\ne^{i\\pi}+1=0\n```", "| a | b |\n| --- | --- |\n| 1 | 2 |",
			"<!-- columns -->", "[bookmark](https://example.com/b)", "![an image](https://example.com/i.png)",
			"[link_to_page](mention:page/" + target.ID().String() + ")", "[TOC]", "<!-- synced_block -->"} {
			assert.Contains(t, md, want)
		}

		// Read back as written: styles, mentions, cells, states.
		spans := content[4].RichText()
		assert.True(t, spans[1].Style().Bold)
		kind, id, ok := spans[len(spans)-3].Mention()
		assert.True(t, ok)
		assert.Equal(t, "page", kind)
		assert.Equal(t, target.ID(), id)
		assert.Equal(t, "Target", spans[len(spans)-3].Text())
		table := content[14]
		require.Len(t, table.Nested(), 2)
		assert.Equal(t, "a | b", table.Nested()[0].Text())
		assert.Equal(t, "a | b\n1 | 2", table.Text())

		// Parsing the Markdown gives blocks that write again to the same page content.
		again, err := ParseMarkdown(md)
		require.NoError(t, err)
		copyPage, err := env.s.CreatePage(ctx, env.root, "Copy", WithContent(again...))
		require.NoError(t, err)
		copied, err := copyPage.Markdown(ctx)
		require.NoError(t, err)
		assert.Equal(t, md, copied)
	})
}

func TestContentInsertAfterUpdateDeleteRestore(t *testing.T) {
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		ctx := t.Context()
		written, err := page.Append(ctx, Paragraph(Plain("first")), Paragraph(Plain("last")))
		require.NoError(t, err)
		first := written[0]

		env.reset()
		inserted, err := first.InsertAfter(ctx, Paragraph(Plain("second")), ToDo(false, Plain("third")))
		require.NoError(t, err)
		require.Len(t, inserted, 2)
		body := string(env.srv.Requests()[0].Body)
		if env.s.NotionVersion() == Version2026 {
			assert.Contains(t, body, `"position":{"after_block":{"id":"`+first.ID().String()+`"},"type":"after_block"}`)
		} else {
			assert.Contains(t, body, `"after":"`+first.ID().String()+`"`)
		}
		blocks, err := page.Children(ctx)
		require.NoError(t, err)
		var texts []string
		for _, b := range blocks {
			texts = append(texts, b.String())
		}
		assert.Equal(t, []string{"paragraph: first", "paragraph: second", "to_do: [ ] third", "paragraph: last"}, texts)

		// Update in place: the cache shows the new text and state.
		todo := inserted[1]
		updated, err := todo.Update(ctx, ToDo(true, Plain("third, done")))
		require.NoError(t, err)
		assert.Equal(t, todo.ID(), updated.ID())
		cached, err := env.s.GetBlock(ctx, todo.ID().String())
		require.NoError(t, err)
		assert.Equal(t, "to_do: [x] third, done", cached.String())

		// An update with more rich-text items than a block holds continues in a block after it.
		var many []Span
		for i := range 120 {
			s := Plain(fmt.Sprint(i, " "))
			if i%2 == 1 {
				s = s.Italic()
			}
			many = append(many, s)
		}
		long, err := page.Append(ctx, Quote(Plain("short")))
		require.NoError(t, err)
		_, err = long[0].Update(ctx, Quote(many...))
		require.NoError(t, err)
		after, err := page.Children(ctx)
		require.NoError(t, err)
		last := after[len(after)-2:]
		assert.Len(t, last[0].RichText(), 100)
		assert.Len(t, last[1].RichText(), 20)
		assert.Equal(t, "quote", last[1].Type())
		for _, b := range last {
			_, err := b.Delete(ctx)
			require.NoError(t, err)
		}

		// Update to another type: inserted after, the old one deleted.
		replaced, err := inserted[0].Update(ctx, Heading2(Plain("second, now a heading")))
		require.NoError(t, err)
		assert.Equal(t, "heading_2", replaced.Type())
		old, err := env.s.GetBlock(ctx, inserted[0].ID().String())
		require.NoError(t, err)
		assert.True(t, old.IsDeleted())

		// Delete a block with children: the cache drops the children, and the block is deleted.
		parent, err := page.Append(ctx, Toggle(Plain("box")).WithChildren(Paragraph(Plain("in the box"))))
		require.NoError(t, err)
		kid := parent[0].Nested()[0]
		_, err = env.s.GetBlock(ctx, kid.ID().String())
		require.NoError(t, err)
		deleted, err := parent[0].Delete(ctx)
		require.NoError(t, err)
		assert.True(t, deleted.IsDeleted())
		got, err := env.s.GetBlock(ctx, parent[0].ID().String())
		require.NoError(t, err)
		assert.True(t, got.IsDeleted(), "the cache shows the block deleted")
		_, cachedKid := env.s.Cache().Get(kid.ID())
		assert.False(t, cachedKid, "the deleted block's children are no longer cached")
		kidNow, err := env.s.GetBlock(ctx, kid.ID().String())
		require.NoError(t, err)
		assert.True(t, kidNow.IsDeleted())

		restored, err := parent[0].Restore(ctx)
		require.NoError(t, err)
		assert.False(t, restored.IsDeleted())
		md, err := page.Markdown(ctx)
		require.NoError(t, err)
		assert.Equal(t, "first\n\n## second, now a heading\n\n- [x] third, done\n\nlast\n\n<details>\n<summary>box</summary>\n\nin the box\n\n</details>\n", md)
	})
}

func TestContentTableInColumns(t *testing.T) {
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		ctx := t.Context()
		doc := []*Block{Columns(
			[]*Block{Table(true, []string{"a", "b"}, []string{"1", "2"}), Paragraph(Plain("under the table"))},
			[]*Block{Paragraph(Plain("right"))},
		)}
		written, err := page.Append(ctx, doc...)
		require.NoError(t, err)
		assert.Equal(t, Markdown(doc), Markdown(written))
		got, err := page.Markdown(ctx)
		require.NoError(t, err)
		assert.Equal(t, Markdown(doc), got, "the placeholder the left column was created with is gone")
		assert.Equal(t, 1, env.count("DELETE /v1/blocks/"))
	})
}

func TestContentWriteErrorMidway(t *testing.T) {
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		ctx := t.Context()
		doc := bigDocument()
		// The second append, of the top-level blocks after the first 100, is refused.
		env.srv.InjectFault(notiontest.Fault{Method: http.MethodPatch, Path: "/v1/blocks/*/children", After: 1, Times: 1, Status: 400, Code: "validation_error"})
		_, err := page.Append(ctx, doc...)
		var we *WriteError
		require.ErrorAs(t, err, &we)
		assert.ErrorIs(t, err, ErrValidation)
		assert.Empty(t, we.MaybeWritten)
		assert.Equal(t, countTree(doc), len(we.Written)+len(we.NotWritten), "every block is accounted for")
		assert.Equal(t, 120, len(we.Written), "the first 100 top-level blocks and the 20 nested ones written with them")

		// What Notion holds is exactly what Written lists.
		content, err := page.Content(ctx)
		require.NoError(t, err)
		assert.Equal(t, len(we.Written), countTree(content))
		for _, b := range we.Written {
			assert.NotEqual(t, uuid.Nil, b.ID())
		}
	})
}

func TestContentWriteOutcomeUnknown(t *testing.T) {
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		doc := bigDocument()
		// The second append is applied, but its answer never arrives.
		env.srv.InjectFault(notiontest.Fault{Method: http.MethodPatch, Path: "/v1/blocks/*/children", After: 1, Times: 1, Drop: notiontest.DropAfterApply})
		_, err := page.Append(t.Context(), doc...)
		var we *WriteError
		require.ErrorAs(t, err, &we)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.Len(t, we.Written, 120)
		assert.Len(t, we.MaybeWritten, 26, "the 22 top-level blocks of the lost request and the 4 nested in them")
		assert.Len(t, we.NotWritten, 12, "the deepest to-dos, to be appended later")
		assert.Equal(t, 1, countChildrenAt(env, http.MethodPatch, page.ID().String())-1, "the lost append is not sent again")
	})
}

// countChildrenAt counts the requests with that method to the children of id.
func countChildrenAt(env *testEnv, method, id string) int {
	n := 0
	for _, r := range env.srv.Requests() {
		if r.Method == method && r.Path == "/v1/blocks/"+id+"/children" {
			n++
		}
	}
	return n
}

func TestContentComments(t *testing.T) {
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		ctx := t.Context()
		c, err := page.AddComment(ctx, Plain("Looks "), Bold("good"))
		require.NoError(t, err)
		assert.Equal(t, "Looks good", c.Text())
		assert.NotEmpty(t, c.DiscussionID())
		reply, err := c.Reply(ctx, Plain("Thanks"))
		require.NoError(t, err)
		assert.Equal(t, c.DiscussionID(), reply.DiscussionID())
		comments, err := page.Comments(ctx)
		require.NoError(t, err)
		require.Len(t, comments, 2)
		assert.Equal(t, "Looks good", comments[0].Text())
		assert.True(t, comments[0].RichText()[1].Style().Bold)
		assert.Equal(t, "Thanks", comments[1].Text())

		blocks, err := page.Append(ctx, Paragraph(Plain("discuss me")))
		require.NoError(t, err)
		bc, err := blocks[0].AddComment(ctx, Plain("on the block"))
		require.NoError(t, err)
		assert.Equal(t, ParentRef{Type: "block_id", ID: blocks[0].ID()}, bc.Parent())
		onBlock, err := blocks[0].Comments(ctx)
		require.NoError(t, err)
		require.Len(t, onBlock, 1)
		assert.Equal(t, "on the block", onBlock[0].Text())
	})
}

func TestContentChildrenForms(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	written, err := env.root.Append(ctx, Paragraph(Plain("a")), Toggle(Plain("b")).WithChildren(Paragraph(Plain("c"))))
	require.NoError(t, err)
	var streamed []string
	for b, err := range env.root.AllChildren(ctx) {
		require.NoError(t, err)
		streamed = append(streamed, b.Text())
	}
	slice, err := env.root.Children(ctx)
	require.NoError(t, err)
	bySession, err := env.s.ChildBlocks(ctx, env.root.ID().String())
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, streamed)
	assert.Len(t, slice, 2)
	assert.Len(t, bySession, 2)
	kids, err := written[1].Children(ctx)
	require.NoError(t, err)
	require.Len(t, kids, 1)
	for b, err := range written[1].AllChildren(ctx) {
		require.NoError(t, err)
		assert.Equal(t, kids[0].ID(), b.ID())
	}
	_, err = Paragraph(Plain("x")).Children(ctx)
	assert.ErrorIs(t, err, ErrInvalidBlock)
}

func TestContentRichTextLimits(t *testing.T) {
	// 2,000 UTF-16 code units per item: a character outside the BMP counts twice and is never cut.
	text := strings.Repeat("a", 1999) + "😀" + strings.Repeat("b", 10)
	items := richTextItems(modelSpans([]Span{Plain(text)}))
	require.Len(t, items, 2)
	first := items[0].(map[string]any)["text"].(map[string]any)["content"].(string)
	assert.Equal(t, strings.Repeat("a", 1999), first)

	// More items than an array holds: the block becomes several of its type, children on the last.
	var spans []Span
	for i := range 150 {
		s := Plain(fmt.Sprint(i, " "))
		if i%2 == 0 {
			s = s.Bold()
		}
		spans = append(spans, s)
	}
	nodes, err := prepare([]*Block{Paragraph(spans...).WithChildren(Paragraph(Plain("kid")))})
	require.NoError(t, err)
	require.Len(t, nodes, 2)
	assert.Len(t, nodes[0].content["rich_text"], 100)
	assert.Len(t, nodes[1].content["rich_text"], 50)
	assert.Empty(t, nodes[0].kids)
	assert.Len(t, nodes[1].kids, 1)

	// Neighbours of one style are merged before counting.
	assert.Len(t, richTextItems(modelSpans([]Span{Plain("a"), Plain("b"), Bold("c")})), 2)
}

func TestContentInvalidBlocks(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	_, err := env.root.Append(ctx, Paragraph(Plain("ok")), nil)
	assert.ErrorIs(t, err, ErrInvalidBlock)
	var child Block
	require.NoError(t, json.Unmarshal([]byte(`{"object":"block","id":"`+uuid.NewString()+`","type":"child_page","child_page":{"title":"A page"}}`), &child))
	assert.Equal(t, "A page", child.Text())
	_, err = env.root.Append(ctx, &child)
	assert.ErrorIs(t, err, ErrInvalidBlock)
	assert.Zero(t, env.count(""), "nothing is sent")
	_, err = Paragraph(Plain("unwritten")).Delete(ctx)
	assert.True(t, errors.Is(err, ErrInvalidBlock))
}

func TestContentRelativeLinks(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	blocks, err := ParseMarkdown("See [the docs](docs/a.md), [top](#top) and [Go](https://go.dev/).\n\n![The logo](img/logo.png)\n")
	require.NoError(t, err)
	_, err = env.root.Append(ctx, blocks...)
	require.NoError(t, err, "Notion refuses relative links; they are left out, the text stays")
	md, err := env.root.Markdown(ctx)
	require.NoError(t, err)
	assert.Equal(t, "See the docs, top and [Go](https://go.dev/).\n\nThe logo\n", md)
}

func TestContentOverlongEquationsAndLinks(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	expr := strings.Repeat("x+", 600)
	long := "https://example.com/" + strings.Repeat("a", 2000)
	_, err := env.root.Append(ctx, Equation(expr), Paragraph(Math(expr), Plain(" "), Link("far", long)))
	require.NoError(t, err, "what Notion's limits refuse is kept as text")
	content, err := env.root.Content(ctx)
	require.NoError(t, err)
	assert.Equal(t, "code", content[0].Type())
	assert.Equal(t, expr, content[0].Text())
	spans := content[1].RichText()
	assert.True(t, spans[0].Style().Code)
	assert.Equal(t, expr+" far", content[1].Text())
	assert.Empty(t, spans[len(spans)-1].URL())
}
