// Gettingstarted is ultimate-notion's getting-started example in Go: open a session, find the
// page titled "Getting Started" by search, print its title and content, and close the
// session; then do it all again with a new session.
//
// Without NOTION_TOKEN it runs offline against uno's embedded Notion emulator, seeded with a
// "Getting Started" page. With NOTION_TOKEN set it talks to Notion, where a page titled
// "Getting Started" must be shared with the integration:
//
//	go run ./examples/gettingstarted
//	NOTION_TOKEN=secret_... go run ./examples/gettingstarted
package main

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/internal/exampleenv"
)

// pageTitle is the title of the page the example reads.
const pageTitle = "Getting Started"

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx); err != nil {
		log.Fatal(err)
	}
}

// run shows the page twice, each time with a session of its own.
func run(ctx context.Context) error {
	srv, opts, stop := exampleenv.Emulator()
	defer stop()
	if srv != nil {
		if err := seed(ctx, srv.RootPageID, opts); err != nil {
			return fmt.Errorf("seeding the emulator: %w", err)
		}
	}
	for round := 1; round <= 2; round++ {
		fmt.Printf("\n--- session %d ---\n", round)
		if err := show(ctx, opts); err != nil {
			return err
		}
	}
	return nil
}

// show opens a session, finds the page by search and prints it.
func show(ctx context.Context, opts []uno.Option) error {
	s, err := uno.NewSession(opts...)
	if err != nil {
		return err
	}
	defer s.Close()

	found, err := s.SearchPage(ctx, pageTitle)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	page, err := found.Item()
	if err != nil {
		return fmt.Errorf("search for %q: %w", pageTitle, err)
	}
	blocks, err := page.Children(ctx)
	if err != nil {
		return fmt.Errorf("content of %q: %w", pageTitle, err)
	}
	fmt.Println(page.Title())
	fmt.Println(strings.Repeat("=", len(page.Title())))
	for _, b := range blocks {
		fmt.Println(blockText(b))
	}
	return nil
}

// blockText renders a block as a line of plain text.
func blockText(b *uno.Block) string {
	switch b.Type() {
	case "heading_1":
		return "\n# " + b.Text()
	case "heading_2":
		return "\n## " + b.Text()
	case "heading_3":
		return "\n### " + b.Text()
	case "bulleted_list_item":
		return "  • " + b.Text()
	case "numbered_list_item":
		return "  1. " + b.Text()
	case "to_do":
		return "  " + b.Text() // "[x] ..." or "[ ] ..."
	case "quote":
		return "  > " + b.Text()
	case "divider":
		return "---"
	case "child_page":
		return "📄 " + b.Text()
	case "paragraph":
		return b.Text()
	default:
		if b.Text() != "" {
			return b.Text()
		}
		return "[" + b.Type() + "]"
	}
}

// seed creates the "Getting Started" page with some content in the emulator, through a
// session of its own that it closes again.
func seed(ctx context.Context, rootID string, opts []uno.Option) error {
	s, err := uno.NewSession(opts...)
	if err != nil {
		return err
	}
	defer s.Close()
	root, err := s.GetPage(ctx, rootID)
	if err != nil {
		return err
	}
	page, err := s.CreatePage(ctx, root, pageTitle)
	if err != nil {
		return err
	}
	_, err = page.Append(ctx,
		uno.Heading1(uno.Plain("Welcome to uno")),
		uno.Paragraph(uno.Plain("uno is a Go library for the Notion API, after the Python library ultimate-notion.")),
		uno.BulletedItem(uno.Plain("Find pages and databases by search")),
		uno.BulletedItem(uno.Plain("Read their content block by block")),
		uno.ToDo(false, uno.Plain("Try it against your own workspace with NOTION_TOKEN")),
	)
	return err
}
