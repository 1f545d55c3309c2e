package uno

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/internal/markdown"
)

// recordedPage rebuilds the block tree of a recorded page from the answers to its
// GET /v1/blocks/{id}/children requests.
func recordedPage(t *testing.T, path string) []*Block {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var rec struct {
		Interactions []struct {
			Method   string          `json:"method"`
			URI      string          `json:"uri"`
			Response json.RawMessage `json:"response"`
		} `json:"interactions"`
	}
	require.NoError(t, json.Unmarshal(data, &rec))
	children := map[string][]*Block{}
	first := ""
	for _, it := range rec.Interactions {
		rest, ok := strings.CutPrefix(it.URI, "https://api.notion.com/v1/blocks/")
		id, _, isChildren := strings.Cut(rest, "/children")
		if it.Method != "GET" || !ok || !isChildren {
			continue
		}
		var list struct {
			Results []*Block `json:"results"`
		}
		require.NoError(t, json.Unmarshal(it.Response, &list))
		if first == "" {
			first = id
		}
		children[id] = list.Results
	}
	var attach func(bs []*Block) []*Block
	attach = func(bs []*Block) []*Block {
		for _, b := range bs {
			if kids, ok := children[b.ID().String()]; ok && b.HasChildren() && b.Type() != "child_page" {
				b.kids = attach(kids)
			}
		}
		return bs
	}
	return attach(children[first])
}

// treeTexts returns the Text of every block of a tree.
func treeTexts(bs []*Block) []string {
	var out []string
	for _, b := range bs {
		if txt := strings.Join(strings.Fields(b.Text()), " "); txt != "" && b.Type() != "table" &&
			b.Type() != "column_list" && b.Type() != "column" && b.Type() != "synced_block" {
			out = append(out, txt)
		}
		out = append(out, treeTexts(b.kids)...)
	}
	return out
}

// TestMarkdownRecordedPages renders real pages as Notion sent them: every block's text is in
// the Markdown, and parsing the Markdown gives it back.
func TestMarkdownRecordedPages(t *testing.T) {
	files, err := filepath.Glob("testdata/pages/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			page := recordedPage(t, f)
			require.NotEmpty(t, page)
			md := Markdown(page)
			parsed, err := ParseMarkdown(md)
			require.NoError(t, err)
			// Blocks without Markdown form (unsupported ones) are comments that parsing drops;
			// the rest parses back to itself.
			assert.Equal(t, strings.ReplaceAll(md, "\n\n<!-- unsupported -->", ""), Markdown(parsed), "the Markdown parses back")
			back := strings.Join(treeTexts(parsed), "\n")
			for _, txt := range treeTexts(page) {
				assert.Contains(t, back, txt)
			}
			for _, want := range []string{"- [x] ", "| ", "```python", "```math", "<!-- columns -->", "> [!"} {
				assert.Contains(t, md, want)
			}
			t.Logf("%d top-level blocks, %d bytes of Markdown", len(page), len(md))
		})
	}
}

// roundTripDocuments are real Markdown documents (licences in their LICENSES.md).
func roundTripDocuments(t testing.TB) map[string]string {
	files, err := filepath.Glob("internal/markdown/testdata/roundtrip/*.md")
	require.NoError(t, err)
	docs := map[string]string{}
	for _, f := range files {
		if filepath.Base(f) == "LICENSES.md" {
			continue
		}
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		docs[filepath.Base(f)] = string(data)
	}
	require.NotEmpty(t, docs)
	return docs
}

// TestMarkdownDocumentsThroughNotion writes real documents to pages with AppendMarkdown and
// reads them back with Page.Markdown: Notion (the emulator) holds all of it.
func TestMarkdownDocumentsThroughNotion(t *testing.T) {
	docs := roundTripDocuments(t)
	forVersions(t, func(t *testing.T, env *testEnv, page *Page) {
		ctx := t.Context()
		for name, md := range docs {
			want, err := ParseMarkdown(md)
			require.NoError(t, err)
			doc, err := env.s.CreatePage(ctx, page, name)
			require.NoError(t, err)
			written, err := doc.AppendMarkdown(ctx, md)
			require.NoError(t, err, name)
			got, err := doc.Markdown(ctx)
			require.NoError(t, err)
			if overfull(want) {
				// A block whose rich text needs more than 100 items continues in a second block
				// of its type: the words are the same, the blocks are more.
				content, err := doc.Content(ctx)
				require.NoError(t, err)
				assert.Equal(t, strings.Fields(strings.Join(treeTexts(want), " ")), strings.Fields(strings.Join(treeTexts(content), " ")), name)
				continue
			}
			assert.Len(t, written, len(want), name)
			assert.Equal(t, Markdown(asNotionHolds(want)), got, name)
		}
	})
}

// overfull reports whether a block of the tree has more rich-text items than Notion holds in
// one block.
func overfull(bs []*Block) bool {
	for _, b := range bs {
		if len(richTextItems(b.content().Text)) > maxRichTextItems || overfull(b.kids) {
			return true
		}
	}
	return false
}

// FuzzParseMarkdown checks that no input makes ParseMarkdown or Markdown fail or panic, and
// that what Markdown writes parses again.
func FuzzParseMarkdown(f *testing.F) {
	for _, md := range roundTripDocuments(f) {
		f.Add(md[:min(len(md), 2000)])
	}
	f.Add("> [!NOTE]\n> x\n\n<details>\n<summary>t</summary>\n\n<!-- columns -->\n\n<!-- column -->\n\na\n")
	f.Fuzz(func(t *testing.T, md string) {
		blocks, err := ParseMarkdown(md)
		if err != nil {
			t.Fatalf("ParseMarkdown: %v", err)
		}
		out := Markdown(blocks)
		if _, err := ParseMarkdown(out); err != nil {
			t.Fatalf("ParseMarkdown of Markdown's output: %v", err)
		}
	})
}

// asNotionHolds returns blocks as Notion holds them: without relative links (Notion refuses
// them; the text stays), media with a relative URL as a paragraph of text.
func asNotionHolds(bs []*Block) []*Block {
	out := make([]*Block, len(bs))
	for i, b := range bs {
		n := *writable(b.content())
		n.Text, n.Caption = absoluteLinks(n.Text), absoluteLinks(n.Caption)
		cells := make([][]markdown.Span, len(n.Cells))
		for j, c := range n.Cells {
			cells[j] = absoluteLinks(c)
		}
		n.Cells = cells
		c := newBlockOf(&n)
		c.kids = asNotionHolds(b.kids)
		out[i] = c
	}
	return out
}

// absoluteLinks drops the links of spans that are not absolute URLs.
func absoluteLinks(spans []markdown.Span) []markdown.Span {
	out := make([]markdown.Span, len(spans))
	for i, s := range spans {
		if s.Link != "" && !absoluteURL(s.Link) {
			s.Link = ""
		}
		out[i] = s
	}
	return out
}

// FuzzBlockContent checks that no block JSON makes reading its content or rendering it fail.
func FuzzBlockContent(f *testing.F) {
	f.Add([]byte(`{"object":"block","id":"59833787-2cf9-4fdf-8782-e53db20768a5","type":"to_do","to_do":{"rich_text":[{"type":"text","text":{"content":"x","link":{"url":"https://a.b"}},"annotations":{"bold":true,"color":"red"},"plain_text":"x"}],"checked":true}}`))
	f.Add([]byte(`{"object":"block","id":"59833787-2cf9-4fdf-8782-e53db20768a5","type":"table_row","table_row":{"cells":[[{"type":"mention","mention":{"type":"date","date":{"start":"2026-01-01"}},"plain_text":"2026"}],null,7]}}`))
	f.Add([]byte(`{"type":"callout","callout":{"icon":{"type":"external","external":{"url":"u"}},"rich_text":"oops","color":5},"object":"block","id":"59833787-2cf9-4fdf-8782-e53db20768a5"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var b Block
		if json.Unmarshal(data, &b) != nil {
			return
		}
		_ = b.RichText()
		_ = b.String()
		_ = b.Cells()
		_ = Markdown([]*Block{&b})
	})
}
