// Quickstart shows a uno session at work: who am I, create a page, find it by search, fetch
// it by URL, list the users, read the page's content.
//
// Without NOTION_TOKEN it runs offline against uno's embedded Notion emulator. With
// NOTION_TOKEN set it talks to Notion and creates the page under the page given by -parent,
// NOTION_PARENT_PAGE or ROOT_PAGE_ID (shared with the integration). The line that
// cmd/notion-emulator prints sets NOTION_BASE_URL, NOTION_TOKEN and ROOT_PAGE_ID, so that the
// quickstart talks to that emulator:
//
//	go run ./examples/quickstart
//	NOTION_TOKEN=secret_... go run ./examples/quickstart -parent https://www.notion.so/My-Page-<id>
//	go run ./cmd/notion-emulator   # in another terminal; it prints the line used next
//	env NOTION_BASE_URL=http://127.0.0.1:8787 NOTION_TOKEN=<token> ROOT_PAGE_ID=<id> go run ./examples/quickstart
//
// The links it prints exist where it ran: notion.so links on Notion, API URLs (to read with the
// token) on an emulator.
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

func main() {
	parent := os.Getenv("NOTION_PARENT_PAGE")
	if parent == "" {
		parent = os.Getenv("ROOT_PAGE_ID")
	}
	parentFlag := flag.String("parent", parent, "page (id or URL) to create the example page under, when talking to Notion")
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
	parentRef, err := exampleenv.ParentPage(srv, "Quickstart", parentRef)
	if err != nil {
		return err
	}

	s, err := uno.NewSession(opts...)
	if err != nil {
		return err
	}
	defer s.Close()

	me, err := s.Whoami(ctx)
	if err != nil {
		return fmt.Errorf("whoami: %w", err)
	}
	fmt.Printf("whoami: %s (bot: %t)\n", me.Name(), me.IsBot())

	parent, err := s.GetPage(ctx, parentRef)
	if err != nil {
		return fmt.Errorf("parent page: %w", err)
	}
	title := "Hello from uno " + time.Now().Format("2006-01-02 15:04:05")
	page, err := s.CreatePage(ctx, parent, title)
	if err != nil {
		return fmt.Errorf("create page: %w", err)
	}
	fmt.Printf("created page %q under %q: %s\n", page.Title(), parent.Title(), link(s, page))

	found, err := searchUntilFound(ctx, s, title)
	if err != nil {
		return err
	}
	fmt.Printf("search %q: found page %s\n", title, found.ID())

	byURL, err := s.GetPage(ctx, page.URL(), uno.NoCache())
	if err != nil {
		return fmt.Errorf("get page by URL: %w", err)
	}
	fmt.Printf("fetched by URL: %q (same page: %t)\n", byURL.Title(), byURL.ID() == page.ID())

	users, err := s.AllUsers(ctx)
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	fmt.Printf("users: %d\n", len(users))
	for _, u := range users {
		kind := "person"
		if u.IsBot() {
			kind = "bot"
		}
		fmt.Printf("  - %s (%s)\n", u.Name(), kind)
	}

	blocks, err := parent.Children(ctx)
	if err != nil {
		return fmt.Errorf("content of %q: %w", parent.Title(), err)
	}
	fmt.Printf("content of %q: %d blocks\n", parent.Title(), len(blocks))
	for _, b := range blocks {
		fmt.Printf("  - %s\n", b)
	}
	fmt.Printf("cache holds %d objects\n", s.Cache().Len())
	return nil
}

// link returns where the page can be seen: its notion.so URL on Notion, its API URL on an
// emulator, whose pages have no web view.
func link(s *uno.Session, p *uno.Page) string {
	if s.APIRoot() == "https://api.notion.com" {
		return p.URL()
	}
	return s.APIRoot() + "/v1/pages/" + p.ID().String()
}

// searchUntilFound searches for the page titled title. Notion indexes new pages for search
// after a few seconds, so it asks again with a growing pause until ctx ends.
func searchUntilFound(ctx context.Context, s *uno.Session, title string) (*uno.Page, error) {
	wait := 500 * time.Millisecond
	for {
		pages, err := s.SearchPage(ctx, title)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if p, err := pages.Item(); err == nil {
			return p, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("search: page %q not found: %w", title, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 8*time.Second)
	}
}
