package markdown

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// TestRoundTripDocuments parses real documents (testdata/roundtrip, licences in LICENSES.md),
// renders them and parses the result again: every word of text is kept, the block structure
// that Notion can hold is kept, and a second pass changes nothing.
func TestRoundTripDocuments(t *testing.T) {
	files, err := filepath.Glob("testdata/roundtrip/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		if filepath.Base(f) == "LICENSES.md" {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			md0 := string(data)
			nodes1, err := Parse(md0)
			require.NoError(t, err)
			md1 := Render(nodes1)
			nodes2, err := Parse(md1)
			require.NoError(t, err)
			md2 := Render(nodes2)

			assert.Equal(t, words(md0), words(md1), "text kept")
			assert.Equal(t, structure(md0), structure(md1), "structure kept")
			assert.Equal(t, md1, md2, "stable on a second pass")
			t.Logf("%d bytes, %d top-level blocks, %d words, %d structural elements: text, structure and second pass equal",
				len(md0), len(nodes1), len(words(md0)), len(structure(md0)))
		})
	}
}

// tagRe matches HTML tags and comments, which are markup, not text.
var tagRe = regexp.MustCompile(`(?s)<!--.*?-->|</?[A-Za-z][^<>]*>`)

// words returns the text a reader of the rendered document sees, as a list of words: the
// text of every inline node, code and image descriptions, without HTML tags.
func words(md string) []string {
	src := []byte(md)
	doc := gfm.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteString(" ")
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			v := string(n.Value(src))
			if !n.IsRaw() {
				v = unescape(v)
			}
			b.WriteString(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteString(" ")
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
		case *ast.RawHTML:
			for i := range n.Segments.Len() {
				seg := n.Segments.At(i)
				b.Write(seg.Value(src))
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			if h, ok := n.(*ast.HTMLBlock); ok && h.HasClosure() {
				b.Write(h.ClosureLine.Value(src))
			}
			b.WriteString(" ")
		}
		return ast.WalkContinue, nil
	})
	return strings.Fields(tagRe.ReplaceAllString(b.String(), " "))
}

// structure lists the blocks of a document that Notion can hold, in order, with their
// nesting: headings (three levels), paragraphs, list items by kind, quotes, code, tables
// with their size, rules, images.
func structure(md string) []string {
	src := []byte(md)
	doc := gfm.Parser().Parse(text.NewReader(src))
	var out []string
	depth := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if !entering {
			if n.Kind() == ast.KindListItem || n.Kind() == ast.KindBlockquote {
				depth--
			}
			return ast.WalkContinue, nil
		}
		tag := ""
		switch n := n.(type) {
		case *ast.Heading:
			tag = "h" + string(rune('0'+min(n.Level, 3)))
		case *ast.ListItem:
			tag = "item"
			if n.Parent().(*ast.List).IsOrdered() {
				tag = "ordered"
			}
			if p := n.FirstChild(); p != nil && p.FirstChild() != nil && p.FirstChild().Kind() == east.KindTaskCheckBox {
				tag = "task"
			}
			depth++
		case *ast.Blockquote:
			tag = "quote"
			depth++
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			tag = "code"
		case *ast.HTMLBlock:
			raw := strings.TrimSpace(string(n.Lines().Value(src)))
			if !strings.HasPrefix(raw, "<!--") && !strings.HasPrefix(raw, "<details") && !strings.HasPrefix(raw, "</details") {
				tag = "code"
			}
		case *ast.ThematicBreak:
			tag = "rule"
		case *east.Table:
			rows := 0
			for r := n.FirstChild(); r != nil; r = r.NextSibling() {
				rows++
			}
			tag = "table" + strings.Repeat("|", len(n.Alignments)) + strings.Repeat("-", rows)
			out = append(out, strings.Repeat(".", depth)+tag)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			if n.Parent() != nil && n.PreviousSibling() == nil && (n.Parent().Kind() == ast.KindListItem) {
				return ast.WalkContinue, nil // the item's own text
			}
			tag = "p"
			if img, ok := n.FirstChild().(*ast.Image); ok && img.NextSibling() == nil {
				tag = "image"
			}
		}
		if tag != "" {
			out = append(out, strings.Repeat(".", depth)+tag)
		}
		return ast.WalkContinue, nil
	})
	return out
}
