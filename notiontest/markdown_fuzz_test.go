package notiontest

import (
	"testing"
)

// FuzzMarkdown checks that any Markdown is read without a panic, and that what the reader
// makes of it is accepted or refused by the block builder without one.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{sampleMarkdown, "- [ ] {color=\"red\"}", "- {a=\"b\"}", "> {a=\"b\"}",
		"<details>\n<summary>t</summary>\n\tx\n</details>", "::: callout {icon=\"x\"}\n:::", "<table>\n<tr><td>a</td></tr>\n</table>",
		"[a](b) $`x`$ <span color=\"red\">r</span> <mention-user url=\"user://x\"/>", "```\nunclosed", "<columns>\n\t<column>\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		st := newStore(newFakeClock().Now, 0)
		parsed := parseMarkdown(md)
		_, _ = st.buildMarkdownBlocks(parsed, st.rootPageID)
		_ = inlineMarkdown(md)
		_ = richTextMarkdown(inlineMarkdown(md))
	})
}
