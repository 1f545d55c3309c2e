// Taskdb builds a small task list: a database with a title, a description and five properties
// (a select for the status, one for the priority, a date and a formula telling how urgent each
// task is), nine tasks due around today, and a table of them all read back from Notion.
//
// Without NOTION_TOKEN it runs offline against uno's embedded Notion emulator. With
// NOTION_TOKEN set it talks to Notion and creates the database under the page given by
// -parent or NOTION_PARENT_PAGE, or else under the page titled "Tests" (shared with the
// integration):
//
//	go run ./examples/taskdb
//	NOTION_TOKEN=secret_... go run ./examples/taskdb -parent https://www.notion.so/My-Page-<id>
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/internal/exampleenv"
)

func main() {
	parentFlag := flag.String("parent", os.Getenv("NOTION_PARENT_PAGE"), "page (id or URL) to create the database under, when talking to Notion")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, *parentFlag); err != nil {
		log.Fatal(err)
	}
}

// urgency tells how urgent a task is: done, due today, overdue by or due in so many days.
const urgency = `if(prop("Status") == "Done", "✅",
  if(empty(prop("Due Date")), "",
    if(formatDate(prop("Due Date"), "YYYY-MM-DD") == formatDate(now(), "YYYY-MM-DD"), "🔹 Today",
      if(prop("Due Date") < now(),
        "🔥 " + format(dateBetween(now(), prop("Due Date"), "days")) + "d overdue",
        "🕐 in " + format(dateBetween(prop("Due Date"), now(), "days") + 1) + "d"))))`

// taskSchema is the task list.
func taskSchema() *uno.Schema {
	return uno.NewSchema("My task list",
		uno.Prop("Task", uno.Title()),
		uno.Prop("Status", uno.SelectOptions(
			uno.SelectOption{Name: "Backlog", Color: "gray"},
			uno.SelectOption{Name: "In Progress", Color: "blue"},
			uno.SelectOption{Name: "Blocked", Color: "red"},
			uno.SelectOption{Name: "Done", Color: "green"},
		)),
		uno.Prop("Priority", uno.SelectOptions(
			uno.SelectOption{Name: "✹ High", Color: "red"},
			uno.SelectOption{Name: "✷ Medium", Color: "yellow"},
			uno.SelectOption{Name: "✶ Low", Color: "gray"},
		)),
		uno.Prop("Urgency", uno.Formula(urgency)),
		uno.Prop("Due Date", uno.Date()),
	).WithDescription("My personal task list of all the important stuff I have to do")
}

// task is one row to create.
type task struct {
	name, status, priority string
	dueInDays              int
}

var tasks = []task{
	{"Run first uno tests", "Done", "✹ High", -3},
	{"Clean up the attic", "Backlog", "✶ Low", -2},
	{"Read the Notion API docs", "Done", "✷ Medium", -1},
	{"Write the quarterly report", "In Progress", "✹ High", 0},
	{"Book flights for the conference", "Blocked", "✷ Medium", 1},
	{"Plan the team offsite", "Backlog", "✷ Medium", 2},
	{"Renew the passport", "In Progress", "✹ High", 7},
	{"Fix the garden fence", "Backlog", "✶ Low", 14},
	{"Learn to play the ukulele", "Backlog", "✶ Low", 30},
}

func run(ctx context.Context, parentRef string) error {
	counter := &countingTransport{base: http.DefaultTransport}
	_, emulator, stop := exampleenv.Emulator() // an emulator's workspace holds the page "Tests"
	defer stop()
	opts := append([]uno.Option{uno.WithHTTPClient(&http.Client{Transport: counter})}, emulator...)

	s, err := uno.NewSession(opts...)
	if err != nil {
		return err
	}
	defer s.Close()

	parent, err := findParent(ctx, s, parentRef)
	if err != nil {
		return err
	}
	db, err := s.CreateDB(ctx, parent, taskSchema())
	if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	fmt.Printf("created database %q: %s\n", db.Title(), db.Description())

	today := time.Now()
	for _, t := range tasks {
		_, err := db.CreatePage(ctx, uno.Values{
			"Task":     t.name,
			"Status":   t.status,
			"Priority": t.priority,
			"Due Date": uno.DayOf(today.AddDate(0, 0, t.dueInDays)),
		})
		if err != nil {
			return fmt.Errorf("create task %q: %w", t.name, err)
		}
	}

	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "Task\tStatus\tPriority\tUrgency\tDue Date")
	byDueDate := uno.Query{Sorts: []map[string]any{{"property": "Due Date", "direction": "ascending"}}}
	for page, err := range db.Query(ctx, byDueDate) {
		if err != nil {
			return fmt.Errorf("read tasks: %w", err)
		}
		row := ""
		for i, name := range []string{"Task", "Status", "Priority", "Urgency", "Due Date"} {
			v, _ := page.Property(name)
			if i > 0 {
				row += "\t"
			}
			row += v.String()
		}
		fmt.Fprintln(w, row)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Printf("%d requests sent\n", counter.n.Load())
	return nil
}

// findParent returns the page named by ref, or else the page titled "Tests".
func findParent(ctx context.Context, s *uno.Session, ref string) (*uno.Page, error) {
	if ref != "" {
		p, err := s.GetPage(ctx, ref)
		if err != nil {
			return nil, fmt.Errorf("parent page: %w", err)
		}
		return p, nil
	}
	found, err := s.SearchPage(ctx, "Tests")
	if err != nil {
		return nil, fmt.Errorf("search the parent page: %w", err)
	}
	p, err := found.Item()
	if err != nil {
		return nil, fmt.Errorf(`the page titled "Tests" (pass -parent or set NOTION_PARENT_PAGE to use another): %w`, err)
	}
	return p, nil
}

// countingTransport counts the HTTP requests that reach the network.
type countingTransport struct {
	n    atomic.Int64
	base http.RoundTripper
}

// RoundTrip counts the request and sends it.
func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}
