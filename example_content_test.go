package uno_test

import (
	"context"
	"fmt"

	"github.com/uno-go/uno"
)

// Blocks are values built in code; Markdown renders them.
func ExampleMarkdown() {
	blocks := []*uno.Block{
		uno.Heading2(uno.Plain("Plan")),
		uno.Paragraph(uno.Plain("Ship "), uno.Bold("today"), uno.Plain(", see "), uno.Link("notes", "https://example.com/notes"), uno.Plain(".")),
		uno.ToDo(true, uno.Plain("tests")),
		uno.ToDo(false, uno.Plain("docs")).WithChildren(uno.BulletedItem(uno.Plain("README"))),
		uno.Callout("💡", uno.Plain("Callouts read as GitHub alerts.")),
		uno.Table(true, []string{"Name", "Count"}, []string{"pages", "3"}),
	}
	fmt.Print(uno.Markdown(blocks))
	// Output:
	// ## Plan
	//
	// Ship **today**, see [notes](https://example.com/notes).
	//
	// - [x] tests
	// - [ ] docs
	//   - README
	//
	// > [!TIP]
	// > Callouts read as GitHub alerts.
	//
	// | Name | Count |
	// | --- | --- |
	// | pages | 3 |
}

// ParseMarkdown turns Markdown into blocks ready to write.
func ExampleParseMarkdown() {
	blocks, err := uno.ParseMarkdown("# Title\n\nSome *text*.\n\n1. one\n   - [x] nested to-do\n\n```go\nx := 1\n```\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	var show func(bs []*uno.Block, indent string)
	show = func(bs []*uno.Block, indent string) {
		for _, b := range bs {
			fmt.Println(indent + b.String())
			show(b.Nested(), indent+"  ")
		}
	}
	show(blocks, "")
	// Output:
	// heading_1: Title
	// paragraph: Some text.
	// numbered_list_item: one
	//   to_do: [x] nested to-do
	// code: x := 1
}

// Page.Append writes blocks, nested ones included, and returns them with their ids;
// Page.Markdown reads the page back.
func ExamplePage_Append() {
	srv, s, root, err := openEmulator("Notes")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	defer s.Close()
	ctx := context.Background()

	written, err := root.Append(ctx,
		uno.Heading1(uno.Plain("Minutes")),
		uno.BulletedItem(uno.Plain("Budget")).WithChildren(uno.BulletedItem(uno.Plain("approved"))),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(written), written[1].Nested()[0].Text())
	if _, err := root.AppendMarkdown(ctx, "> [!NOTE]\n> Next meeting on Monday."); err != nil {
		fmt.Println(err)
		return
	}
	md, err := root.Markdown(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(md)
	// Output:
	// 2 approved
	// # Minutes
	//
	// - Budget
	//   - approved
	//
	// > [!NOTE]
	// > Next meeting on Monday.
}
