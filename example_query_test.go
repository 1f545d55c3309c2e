package uno_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/notiontest"
)

// queryExample opens a session on an emulator started with opts and creates a task database
// with a few tasks. The caller closes what it returns.
func queryExample(opts ...notiontest.Option) (*notiontest.Server, *uno.Session, *uno.Database, error) {
	srv := notiontest.NewServer(opts...)
	rootID := srv.AddPage("Home")
	s, err := uno.NewSession(uno.WithBaseURL(srv.URL), uno.WithToken(srv.Token))
	if err != nil {
		srv.Close()
		return nil, nil, nil, err
	}
	ctx := context.Background()
	root, err := s.GetPage(ctx, rootID)
	if err != nil {
		return srv, s, nil, err
	}
	db, err := s.CreateDB(ctx, root, uno.NewSchema("Tasks",
		uno.Prop("Task", uno.Title()),
		uno.Prop("Status", uno.Select("Backlog", "Doing", "Done")),
		uno.Prop("Points", uno.Number()),
		uno.Prop("Due", uno.Date()),
	))
	if err != nil {
		return srv, s, nil, err
	}
	tasks := []uno.Values{
		{"Task": "Write report", "Status": "Done", "Points": 3, "Due": uno.Day(2026, time.March, 2)},
		{"Task": "Review budget", "Status": "Doing", "Points": 5, "Due": uno.Day(2026, time.March, 9)},
		{"Task": "Plan offsite", "Status": "Backlog", "Points": 8},
		{"Task": "Fix printer", "Status": "Done", "Points": 1, "Due": uno.Day(2026, time.March, 12)},
	}
	for _, v := range tasks {
		if _, err := db.CreatePage(ctx, v); err != nil {
			return srv, s, nil, err
		}
	}
	return srv, s, db, nil
}

// Filters are built in Go and checked against the database's schema before the request.
func ExampleWhere() {
	srv, s, db, err := queryExample()
	if srv != nil {
		defer srv.Close()
	}
	if s != nil {
		defer s.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	q := uno.Query{
		Filter: uno.Or(
			uno.And(uno.Where("Status").Equals("Done"), uno.Where("Points").GreaterThan(2)),
			uno.Where("Due").IsEmpty(),
		),
		Sorts: []uno.Sort{uno.Descending("Points")},
	}
	for page, err := range db.Query(ctx, q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(page.Title())
	}

	for _, err := range db.Query(ctx, uno.Query{Filter: uno.Where("Statuz").Equals("Done")}) {
		fmt.Println(errors.Is(err, uno.ErrInvalidQuery), err)
	}
	for _, err := range db.Query(ctx, uno.Query{Filter: uno.Where("Points").Contains("3")}) {
		fmt.Println(errors.Is(err, uno.ErrInvalidQuery))
	}
	// Output:
	// Plan offsite
	// Write report
	// true uno: invalid query: property "Statuz": the data source has no such property
	// true
}

// Dates are compared by day with uno.Day, by moment with a time.Time.
func ExampleCondition_dates() {
	srv, s, db, err := queryExample()
	if srv != nil {
		defer srv.Close()
	}
	if s != nil {
		defer s.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	q := uno.Query{
		Filter: uno.And(
			uno.Where("Due").GreaterThanOrEqualTo(uno.Day(2026, time.March, 9)),
			uno.Where("Due").Before(time.Date(2026, time.March, 12, 0, 0, 0, 0, time.UTC)),
		),
		Sorts: []uno.Sort{uno.Ascending("Due")},
	}
	for page, err := range db.Query(ctx, q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(page.Title(), page.Value("Due"))
	}
	// Output:
	// Review budget 2026-03-09
}

// All returns every page, past Notion's limit of results per query: here the emulator answers
// at most 2 results per query, and its clock moves a minute each time it is read, so that the
// tasks have different created times.
func ExampleQuery() {
	start := time.Date(2026, time.March, 11, 9, 0, 0, 0, time.UTC)
	var ticks atomic.Int64
	clock := func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * time.Minute) }
	srv, s, db, err := queryExample(notiontest.WithQueryResultLimit(2), notiontest.WithClock(clock))
	if srv != nil {
		defer srv.Close()
	}
	if s != nil {
		defer s.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	pages, err := db.Pages(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(pages), "pages")
	// Output: 4 pages
}

// Clear empties a property of any writable type.
func ExampleClear() {
	srv, s, db, err := queryExample()
	if srv != nil {
		defer srv.Close()
	}
	if s != nil {
		defer s.Close()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	for page, err := range db.Query(ctx, uno.Query{Filter: uno.Where("Task").Equals("Write report")}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		page, err = page.Update(ctx, uno.Values{"Due": uno.Clear, "Points": uno.Clear, "Status": uno.Clear})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(page.Value("Due"), page.Value("Points"), page.Value("Status"))
	}
	// Output: <nil> <nil> <nil>
}
