package uno_test

import (
	"context"
	"fmt"
	"time"

	"github.com/uno-go/uno"
)

// A schema declares a database in code.
func ExampleNewSchema() {
	tasks := uno.NewSchema("Tasks",
		uno.Prop("Task", uno.Title()),
		uno.Prop("Status", uno.Select("Backlog", "Done")),
		uno.Prop("Due", uno.Date()),
		uno.Prop("Parent", uno.SelfRelation()),
	).WithDescription("Everything to do")
	for _, p := range tasks.Properties() {
		fmt.Printf("%s: %s\n", p.Name(), p.Type())
	}
	// Output:
	// Task: title
	// Status: select
	// Due: date
	// Parent: relation
}

// Schemas that relate to each other are created together, in any order; a two-way relation
// names its mirror property, and a rollup can use it.
func ExampleSession_CreateDBs() {
	srv, s, root, err := openEmulator("Shop")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	defer s.Close()
	ctx := context.Background()

	customers := uno.NewSchema("Customers", uno.Prop("Name", uno.Title()))
	items := uno.NewSchema("Items",
		uno.Prop("Name", uno.Title()),
		uno.Prop("Price", uno.NumberFormat("dollar")),
		uno.Prop("Bought by", uno.TwoWayRelation(customers, "Purchases")))
	customers.Add(uno.Prop("Spent", uno.Rollup("Purchases", "Price", "sum")))
	if _, err := s.CreateDBs(ctx, []*uno.Page{root}, []*uno.Schema{customers, items}); err != nil {
		fmt.Println(err)
		return
	}

	ada, err := customers.DB().CreatePage(ctx, uno.Values{"Name": "Ada"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for name, price := range map[string]int{"Lamp": 30, "Desk": 120} {
		if _, err := items.DB().CreatePage(ctx, uno.Values{"Name": name, "Price": price, "Bought by": ada}); err != nil {
			fmt.Println(err)
			return
		}
	}
	if ada, err = ada.Reload(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ada.Title(), "spent", ada.Value("Spent"))
	// Output: Ada spent 150
}

// Page values are checked against the database before anything is sent, and read back as
// Go values; a date without a time stays a day.
func ExampleDatabase_CreatePage() {
	srv, s, root, err := openEmulator("Home")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	defer s.Close()
	ctx := context.Background()

	db, err := s.CreateDB(ctx, root, uno.NewSchema("Chores",
		uno.Prop("Chore", uno.Title()),
		uno.Prop("Minutes", uno.Number()),
		uno.Prop("Due", uno.Date())))
	if err != nil {
		fmt.Println(err)
		return
	}
	page, err := db.CreatePage(ctx, uno.Values{
		"Chore":   "Water the plants",
		"Minutes": 10,
		"Due":     uno.Day(2024, time.March, 30),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	due, _ := page.Value("Due").(uno.DateValue)
	fmt.Println(page.Value("Chore"), page.Value("Minutes"), due)

	_, err = db.CreatePage(ctx, uno.Values{"Chore": "Mow the lawn", "Minutes": "twenty"})
	fmt.Println(err)
	// Output:
	// Water the plants 10 2024-03-30
	// uno: invalid property value: property "Minutes" (number): got string, want a number
}
