package uno_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/notiontest"
)

// A session against the notiontest emulator, as in a user's own tests.
func Example() {
	srv := notiontest.NewServer()
	defer srv.Close()
	rootID := srv.AddPage("Projects")

	s, err := uno.NewSession(uno.WithBaseURL(srv.URL), uno.WithToken(srv.Token))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	ctx := context.Background()

	root, err := s.GetPage(ctx, rootID)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := s.CreatePage(ctx, root, "Launch plan"); err != nil {
		fmt.Println(err)
		return
	}
	pages, err := s.SearchPage(ctx, "Launch plan")
	if err != nil {
		fmt.Println(err)
		return
	}
	page, err := pages.Item()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(page.Title(), "is in", root.Title())
	// Output: Launch plan is in Projects
}

// ParseID accepts UUIDs and Notion URLs.
func ExampleParseID() {
	id, err := uno.ParseID("https://www.notion.so/acme/Roadmap-29c974f3b388815c9212cff02f337d60")
	fmt.Println(id, err)
	_, err = uno.ParseID("not an id")
	fmt.Println(err)
	// Output:
	// 29c974f3-b388-815c-9212-cff02f337d60 <nil>
	// uno: invalid Notion id: "not an id": not a UUID
}

// SList.Item returns the single result of a search, or an error.
func ExampleSList_Item() {
	one := uno.SList[string]{"only"}
	item, err := one.Item()
	fmt.Println(item, err)
	_, err = uno.SList[string]{}.Item()
	fmt.Println(err)
	// Output:
	// only <nil>
	// uno: empty list
}

// openEmulator starts an emulator with a page titled title and opens a session on it.
func openEmulator(title string) (*notiontest.Server, *uno.Session, *uno.Page, error) {
	srv := notiontest.NewServer()
	rootID := srv.AddPage(title)
	s, err := uno.NewSession(uno.WithBaseURL(srv.URL), uno.WithToken(srv.Token))
	if err != nil {
		srv.Close()
		return nil, nil, nil, err
	}
	root, err := s.GetPage(context.Background(), rootID)
	if err != nil {
		s.Close()
		srv.Close()
		return nil, nil, nil, err
	}
	return srv, s, root, nil
}

// Errors from Notion are *APIError values that unwrap to the sentinel errors.
func ExampleAPIError() {
	srv, s, _, err := openEmulator("Notes")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	defer s.Close()
	ctx := context.Background()

	_, err = s.GetPage(ctx, "0f3c9a1e-1b2c-4d5e-8f90-123456789abc")
	fmt.Println(errors.Is(err, uno.ErrNotFound))
	var apiErr *uno.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Status, apiErr.Code)
	}
	_, err = s.GetPage(ctx, "https://example.com/not-notion")
	fmt.Println(errors.Is(err, uno.ErrInvalidID))
	// Output:
	// true
	// 404 object_not_found
	// true
}

// Children lists a page's content, each block with its type and text.
func ExamplePage_Children() {
	srv, s, root, err := openEmulator("Notes")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	defer s.Close()
	ctx := context.Background()

	for _, title := range []string{"Ideas", "Plans"} {
		if _, err := s.CreatePage(ctx, root, title); err != nil {
			fmt.Println(err)
			return
		}
	}
	blocks, err := root.Children(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range blocks {
		fmt.Println(b.Type(), b.Text())
	}
	// Output:
	// child_page Ideas
	// child_page Plans
}
