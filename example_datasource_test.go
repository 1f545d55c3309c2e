package uno_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/notiontest"
)

// From 2025-09-03 on a database holds data sources; a database with one acts as before, one
// with several sends its callers to the data sources.
func ExampleSession_CreateDS() {
	srv := notiontest.NewServer()
	defer srv.Close()
	s, err := uno.NewSession(uno.WithBaseURL(srv.URL), uno.WithToken(srv.Token))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	ctx := context.Background()
	root, err := s.GetPage(ctx, srv.RootPageID)
	if err != nil {
		fmt.Println(err)
		return
	}

	ds, err := s.CreateDS(ctx, root, uno.NewSchema("Books", uno.Prop("Title", uno.Title())))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := ds.CreatePage(ctx, uno.Values{"Title": "Dune"}); err != nil {
		fmt.Println(err)
		return
	}
	db, err := ds.Database(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	pages, err := db.Pages(ctx)
	fmt.Println(s.NotionVersion(), len(pages), err)

	if _, err := db.AddDataSource(ctx, uno.NewSchema("Films", uno.Prop("Title", uno.Title()))); err != nil {
		fmt.Println(err)
		return
	}
	_, err = db.Pages(ctx)
	fmt.Println(errors.Is(err, uno.ErrMultipleDataSources))
	// Output:
	// 2026-03-11 1 <nil>
	// true
}

// Upload streams a file to Notion; the upload is then a value of a files property, an icon or
// a cover.
func ExampleSession_Upload() {
	srv := notiontest.NewServer()
	defer srv.Close()
	s, err := uno.NewSession(uno.WithBaseURL(srv.URL), uno.WithToken(srv.Token))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	ctx := context.Background()

	f, err := s.Upload(ctx, "cover.png", strings.NewReader("\x89PNG\r\n\x1a\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Name(), f.Status(), f.Size())
	root, err := s.GetPage(ctx, srv.RootPageID)
	if err != nil {
		fmt.Println(err)
		return
	}
	page, err := s.CreatePage(ctx, root, "With a cover", uno.WithCoverFile(f), uno.WithIcon("📎"))
	fmt.Println(page.Title(), err)
	// Output:
	// cover.png uploaded 8
	// With a cover <nil>
}
