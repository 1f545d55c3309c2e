// Content builds a page from Markdown, adds blocks built in code, comments on it, and prints
// the page back as Markdown.
//
// Without NOTION_TOKEN it runs offline against uno's embedded Notion emulator. With
// NOTION_TOKEN set it talks to Notion and creates the page under the page given by -parent or
// NOTION_PARENT_PAGE (shared with the integration):
//
//	go run ./examples/content
//	NOTION_TOKEN=secret_... go run ./examples/content -parent https://www.notion.so/My-Page-<id>
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/internal/exampleenv"
)

// notes is the Markdown the page starts from: GitHub Markdown, plus the forms uno reads for
// what Markdown has no syntax for (a callout, a toggle, a colour, an equation).
const notes = "# Weekly notes\n\n" +
	"Written with **uno**: *Markdown* in, `blocks` out, [docs](https://pkg.go.dev/github.com/uno-go/uno).\n\n" +
	"> [!TIP]\n> Callouts are GitHub alerts.\n\n" +
	"## Done\n\n- [x] Ship the release\n- [ ] Write the announcement\n  - draft\n  - review\n\n" +
	"| Metric | Value |\n| --- | --- |\n| Issues closed | 12 |\n| Pages written | 3 |\n\n" +
	"<details>\n<summary>Details</summary>\n\nHidden until opened, <span color=\"red\">in red</span>.\n\n</details>\n\n" +
	"```go\nfmt.Println(\"hello\")\n```\n\n" +
	"Energy: $`E = mc^2`$\n"

func main() {
	parentFlag := flag.String("parent", os.Getenv("NOTION_PARENT_PAGE"), "page (id or URL) to create the example page under, when talking to Notion")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, *parentFlag); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, parentRef string) error {
	srv, opts, stop := exampleenv.Emulator()
	defer stop()
	parentRef, err := exampleenv.ParentPage(srv, "Content example", parentRef)
	if err != nil {
		return err
	}

	s, err := uno.NewSession(opts...)
	if err != nil {
		return err
	}
	defer s.Close()

	parent, err := s.GetPage(ctx, parentRef)
	if err != nil {
		return fmt.Errorf("parent page: %w", err)
	}

	// A page whose content is Markdown, written with the page in as few requests as Notion allows.
	blocks, err := uno.ParseMarkdown(notes)
	if err != nil {
		return err
	}
	page, err := s.CreatePage(ctx, parent, "Weekly notes "+time.Now().Format("2006-01-02 15:04"),
		uno.WithIcon("🗒️"), uno.WithContent(blocks...))
	if err != nil {
		return fmt.Errorf("create page: %w", err)
	}
	fmt.Printf("created %q with %d blocks from Markdown\n", page.Title(), len(blocks))

	// Blocks built in code: a heading, a paragraph with styles and a mention, a nested list.
	written, err := page.Append(ctx,
		uno.Heading2(uno.Plain("Next week")),
		uno.Paragraph(uno.Plain("Plan with "), uno.Bold("care"), uno.Plain(", see "), uno.MentionOf(parent), uno.Plain(".")),
		uno.NumberedItem(uno.Plain("Triage")).WithChildren(uno.BulletedItem(uno.Plain("bugs first"))),
	)
	if err != nil {
		return fmt.Errorf("append: %w", err)
	}
	// Edit a written block in place.
	if _, err := written[2].Update(ctx, uno.NumberedItem(uno.Plain("Triage (done)"))); err != nil {
		return fmt.Errorf("update: %w", err)
	}

	comment, err := page.AddComment(ctx, uno.Plain("Looks "), uno.Bold("good"))
	if err != nil {
		return fmt.Errorf("comment: %w", err)
	}
	if _, err := comment.Reply(ctx, uno.Plain("Thanks!")); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	comments, err := page.Comments(ctx)
	if err != nil {
		return fmt.Errorf("comments: %w", err)
	}
	fmt.Printf("%d comments, first: %q\n", len(comments), comments[0].Text())

	md, err := page.Markdown(ctx)
	if err != nil {
		return fmt.Errorf("markdown: %w", err)
	}
	fmt.Println("--- the page as Markdown ---")
	fmt.Print(md)
	return nil
}
