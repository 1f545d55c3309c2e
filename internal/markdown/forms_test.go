package markdown

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestForms checks that each form mapping.go documents parses into its block and renders
// back unchanged.
func TestForms(t *testing.T) {
	cases := []struct {
		name, md string
		check    func(t *testing.T, nodes []*Node)
	}{
		{"callout alert", "> [!WARNING]\n> Mind the gap {color=\"red\"}\n>\n> - child\n", func(t *testing.T, n []*Node) {
			require.Len(t, n, 1)
			assert.Equal(t, "callout", n[0].Type)
			assert.Equal(t, "⚠️", n[0].Icon)
			assert.Equal(t, "red", n[0].Color)
			assert.Equal(t, "Mind the gap", PlainText(n[0].Text))
			require.Len(t, n[0].Children, 1)
			assert.Equal(t, "bulleted_list_item", n[0].Children[0].Type)
		}},
		{"callout emoji", "> [!🚀]\n> Launch\n", func(t *testing.T, n []*Node) {
			assert.Equal(t, "🚀", n[0].Icon)
		}},
		{"toggle", "<details>\n<summary>More **info**</summary>\n\nhidden\n\n</details>\n", func(t *testing.T, n []*Node) {
			require.Len(t, n, 1)
			assert.Equal(t, "toggle", n[0].Type)
			assert.Equal(t, "More info", PlainText(n[0].Text))
			assert.True(t, n[0].Text[1].Bold)
			require.Len(t, n[0].Children, 1)
		}},
		{"toggleable heading", "<details>\n<summary>## Section</summary>\n\nbody\n\n</details>\n", func(t *testing.T, n []*Node) {
			assert.Equal(t, "heading_2", n[0].Type)
			assert.True(t, n[0].Toggleable)
		}},
		{"columns", "<!-- columns -->\n\n<!-- column -->\n\nleft\n\n<!-- column -->\n\n- right\n\n<!-- /columns -->\n\nafter\n", func(t *testing.T, n []*Node) {
			require.Len(t, n, 2)
			assert.Equal(t, "column_list", n[0].Type)
			require.Len(t, n[0].Children, 2)
			assert.Equal(t, "column", n[0].Children[1].Type)
			assert.Equal(t, "paragraph", n[1].Type)
		}},
		{"mentions, equation, colour", "See [Plan](mention:page/0f3c2f64-0000-4000-8000-000000000001), [@Ann](mention:user/0f3c2f64-0000-4000-8000-000000000002) on [2026-03-11](mention:date/2026-03-11/2026-03-12): $`e=mc^2`$ <span color=\"blue\">blue <u>under</u></span>\n", func(t *testing.T, n []*Node) {
			sp := n[0].Text
			assert.Equal(t, "mention", sp[1].Kind)
			assert.Equal(t, "page", sp[1].Mention.Type)
			assert.Equal(t, "user", sp[3].Mention.Type)
			assert.Equal(t, "2026-03-12", sp[5].Mention.End)
			assert.Equal(t, "equation", sp[7].Kind)
			assert.Equal(t, "e=mc^2", sp[7].Text)
			assert.Equal(t, "blue", sp[9].Color)
			assert.True(t, sp[10].Underline)
		}},
		{"blocks as links", "[bookmark: Home](https://example.com/)\n\n[embed](https://example.com/e)\n\n![A cat](https://example.com/cat.png)\n\n[link_to_page](mention:database/0f3c2f64-0000-4000-8000-000000000003)\n\n[TOC]\n\n[breadcrumb]\n", func(t *testing.T, n []*Node) {
			types := []string{}
			for _, x := range n {
				types = append(types, x.Type)
			}
			assert.Equal(t, []string{"bookmark", "embed", "image", "link_to_page", "table_of_contents", "breadcrumb"}, types)
			assert.Equal(t, "Home", PlainText(n[0].Caption))
			assert.Equal(t, "database_id", n[3].TargetType)
		}},
		{"code and math", "```go\nfmt.Println()\n```\n\n```math\nx^2\n```\n", func(t *testing.T, n []*Node) {
			assert.Equal(t, "go", n[0].Language)
			assert.Equal(t, "equation", n[1].Type)
			assert.Equal(t, "x^2", n[1].Expression)
		}},
		{"tasks and nesting", "1. one\n   - [x] done\n     - deep\n       1. deeper\n2. two\n", func(t *testing.T, n []*Node) {
			require.Len(t, n, 2)
			todo := n[0].Children[0]
			assert.Equal(t, "to_do", todo.Type)
			assert.True(t, todo.Checked)
			assert.Equal(t, "numbered_list_item", todo.Children[0].Children[0].Type)
		}},
		{"escapes", "\\# not a heading, \\*not bold\\*, 1. not a list, \\[TOC\\], a\\_b, \\$`x`\\$, \\&amp;\n", func(t *testing.T, n []*Node) {
			require.Len(t, n, 1)
			assert.Equal(t, "paragraph", n[0].Type)
			assert.Equal(t, "# not a heading, *not bold*, 1. not a list, [TOC], a_b, $x$, &amp;", PlainText(n[0].Text))
		}},
		{"table", "| a | b\\|c |\n| --- | --- |\n| line<br>break | `x` |\n", func(t *testing.T, n []*Node) {
			require.Len(t, n[0].Children, 2)
			assert.Equal(t, "b|c", PlainText(n[0].Children[0].Cells[1]))
			assert.Equal(t, "line\nbreak", PlainText(n[0].Children[1].Cells[0]))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nodes, err := Parse(c.md)
			require.NoError(t, err)
			c.check(t, nodes)
			assert.Equal(t, c.md, Render(nodes), "renders back unchanged")
		})
	}
}

// TestRenderEscapes checks that text which looks like Markdown stays text.
func TestRenderEscapes(t *testing.T) {
	for _, text := range []string{"# hash", "- dash", "1. one", "> quote", "**stars**", "a_b_c", "[x](y)", "<b>tag</b>",
		"`tick`", "$`x`$", "~~no~~", "{color=\"red\"}", "&amp;", "line\nbreak", "---", "| a | b |", "a | b\n:--- | ---", "[TOC]", "[!NOTE]"} {
		nodes := []*Node{{Type: "paragraph", Text: []Span{{Kind: "text", Text: text}}}}
		back, err := Parse(Render(nodes))
		require.NoError(t, err)
		require.Len(t, back, 1, text)
		assert.Equal(t, "paragraph", back[0].Type, text)
		assert.Equal(t, text, PlainText(back[0].Text), text)
	}
}
