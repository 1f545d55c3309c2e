package uno

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jomei/notionapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
)

// These tests count the requests that common flows send, as the emulator received them. They
// fail when a change makes uno send more; ultimate-notion's counts are the reference.

// newFlowServer starts an emulator whose only page is its root page "Tests", with no session
// open: the flows open their own, one after the other.
func newFlowServer(t *testing.T) *notiontest.Server {
	t.Helper()
	t.Setenv(ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv(TokenEnv, "")
	srv := notiontest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// openFlowSession opens a session on srv, closed when the test ends if the flow does not.
func openFlowSession(t *testing.T, srv *notiontest.Server) *Session {
	t.Helper()
	s, err := NewSession(append([]Option{WithBaseURL(srv.URL), WithToken(srv.Token)}, versionRunOptions()...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// endpointCounts counts the requests srv received by endpoint, ids replaced by {id}:
// "GET /v1/pages/{id}" -> 2.
func endpointCounts(srv *notiontest.Server) map[string]int {
	counts := map[string]int{}
	for _, r := range srv.Requests() {
		segs := strings.Split(r.Path, "/")
		for i, seg := range segs {
			if _, ok := parseBareID(seg); ok {
				segs[i] = "{id}"
			}
		}
		counts[r.Method+" "+strings.Join(segs, "/")]++
	}
	return counts
}

// breakdown formats endpoint counts for an assertion message, one endpoint a line.
func breakdown(counts map[string]int) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(&b, "\n  %-40s %d", k, counts[k])
	}
	return b.String()
}

// total adds up endpoint counts.
func total(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// textBlock is a block of a type with rich text, for the raw client's append request.
func textBlock(kind notionapi.BlockType, text string) notionapi.Block {
	rt := []notionapi.RichText{{Type: notionapi.ObjectTypeText, Text: &notionapi.Text{Content: text}}}
	basic := notionapi.BasicBlock{Object: notionapi.ObjectTypeBlock, Type: kind}
	switch kind {
	case notionapi.BlockTypeHeading1:
		return &notionapi.Heading1Block{BasicBlock: basic, Heading1: notionapi.Heading{RichText: rt}}
	case notionapi.BlockTypeBulletedListItem:
		return &notionapi.BulletedListItemBlock{BasicBlock: basic, BulletedListItem: notionapi.ListItem{RichText: rt}}
	case notionapi.BlockTypeToDo:
		return &notionapi.ToDoBlock{BasicBlock: basic, ToDo: notionapi.ToDo{RichText: rt}}
	default:
		return &notionapi.ParagraphBlock{BasicBlock: notionapi.BasicBlock{Object: notionapi.ObjectTypeBlock, Type: notionapi.BlockTypeParagraph},
			Paragraph: notionapi.Paragraph{RichText: rt}}
	}
}

// gettingStartedContent is what the seeded "Getting Started" page holds.
var gettingStartedContent = []struct {
	kind notionapi.BlockType
	text string
}{
	{notionapi.BlockTypeHeading1, "Welcome to uno"},
	{notionapi.BlockTypeParagraph, "This page was found by search and read block by block."},
	{notionapi.BlockTypeBulletedListItem, "Search pages by title"},
	{notionapi.BlockTypeToDo, "Read a page's content"},
}

// gettingStartedText is what Block.Text gives for an item of gettingStartedContent: a to-do
// shows its state.
func gettingStartedText(kind notionapi.BlockType, text string) string {
	if kind == notionapi.BlockTypeToDo {
		return "[ ] " + text
	}
	return text
}

// seedGettingStarted creates the page "Getting Started" with some content under the root
// page, through a session that it closes again, and forgets the requests that took.
func seedGettingStarted(t *testing.T, srv *notiontest.Server) {
	t.Helper()
	ctx := t.Context()
	s := openFlowSession(t, srv)
	root, err := s.GetPage(ctx, srv.RootPageID)
	require.NoError(t, err)
	page, err := s.CreatePage(ctx, root, "Getting Started")
	require.NoError(t, err)
	children := make([]notionapi.Block, len(gettingStartedContent))
	for i, c := range gettingStartedContent {
		children[i] = textBlock(c.kind, c.text)
	}
	_, err = s.Client().Block.AppendChildren(ctx, notionapi.BlockID(page.ID().String()),
		&notionapi.AppendBlockChildrenRequest{Children: children})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	srv.ResetRequests()
}

// gettingStarted is ultimate-notion's getting-started example: open a session, find the
// page "Getting Started" by search, read its content, close.
func gettingStarted(ctx context.Context, t *testing.T, srv *notiontest.Server) (*Page, []*Block) {
	t.Helper()
	s := openFlowSession(t, srv)
	defer s.Close()
	found, err := s.SearchPage(ctx, "Getting Started")
	require.NoError(t, err)
	page, err := found.Item()
	require.NoError(t, err)
	blocks, err := page.Children(ctx)
	require.NoError(t, err)
	return page, blocks
}

func TestRequestCountGettingStarted(t *testing.T) {
	const (
		python = 6 // POST /v1/search 2, GET /v1/pages/{id} 2, GET /v1/blocks/{id}/children 2
		want   = 4 // the search answer holds the page: no GET /v1/pages/{id}
	)
	srv := newFlowServer(t)
	seedGettingStarted(t, srv)

	for range 2 {
		page, blocks := gettingStarted(t.Context(), t, srv)
		assert.Equal(t, "Getting Started", page.Title())
		require.Len(t, blocks, len(gettingStartedContent))
		for i, c := range gettingStartedContent {
			assert.Equal(t, string(c.kind), blocks[i].Type())
			assert.Equal(t, gettingStartedText(c.kind, c.text), blocks[i].Text())
		}
	}

	counts := endpointCounts(srv)
	msg := "requests by endpoint:" + breakdown(counts)
	assert.LessOrEqual(t, total(counts), want, msg)
	assert.LessOrEqual(t, total(counts), python, "never more than the Python library: "+msg)
	assert.Equal(t, 2, counts["POST /v1/search"], msg)
	assert.Equal(t, 2, counts["GET /v1/blocks/{id}/children"], msg)
	t.Logf("getting started, twice: %d requests (Python: %d)%s", total(counts), python, breakdown(counts))
}

// urgencyFormula is the Urgency formula of the task database: done, overdue, or days left.
const urgencyFormula = `if(prop("Status") == "Done", "✅", if(empty(prop("Due Date")), "", ` +
	`if(dateBetween(prop("Due Date"), now(), "days") < 0, "🔥 overdue", ` +
	`"🕐 " + format(dateBetween(prop("Due Date"), now(), "days")) + " days")))`

// taskSchema is the database of ultimate-notion's simple task list example.
func taskSchema() *Schema {
	return NewSchema("My task list",
		Prop("Task", Title()),
		Prop("Status", SelectOptions(
			SelectOption{Name: "Backlog", Color: "gray"}, SelectOption{Name: "In Progress", Color: "blue"},
			SelectOption{Name: "Blocked", Color: "red"}, SelectOption{Name: "Done", Color: "green"})),
		Prop("Priority", SelectOptions(
			SelectOption{Name: "✹ High", Color: "red"}, SelectOption{Name: "✷ Medium", Color: "yellow"},
			SelectOption{Name: "✶ Low", Color: "gray"})),
		Prop("Urgency", Formula(urgencyFormula)),
		Prop("Due Date", Date()),
	).WithDescription("My personal task list of all the important stuff I have to do")
}

// simpleTasks are the nine tasks of the example: name, status, priority, due in days.
var simpleTasks = []struct {
	name, status, priority string
	dueIn                  int
}{
	{"Clear out the cellar", "Done", "✶ Low", -5},
	{"Binge-watch the series", "In Progress", "✷ Medium", -1},
	{"Call the plumber", "Blocked", "✹ High", 0},
	{"Book the flights", "Backlog", "✹ High", 1},
	{"Renew the passport", "Backlog", "✷ Medium", 3},
	{"Water the plants", "Done", "✶ Low", 2},
	{"Write the report", "In Progress", "✹ High", 7},
	{"Buy a birthday present", "Backlog", "✷ Medium", 12},
	{"Clean the windows", "Backlog", "✶ Low", 30},
}

func TestRequestCountSimpleTaskDB(t *testing.T) {
	// At 2022-06-28: search 1, create database 1, PATCH description 1, create page 9, query 1.
	// From 2025-09-03 on both read the new database's data source once more.
	python := 13 // ultimate-notion's count
	want := 12   // the description goes with the create
	srv := newFlowServer(t)
	s := openFlowSession(t, srv)
	if s.hasDataSources() {
		python, want = 14, 13
	}
	ctx := t.Context()

	found, err := s.SearchPage(ctx, "Tests")
	require.NoError(t, err)
	parent, err := found.Item()
	require.NoError(t, err)
	db, err := s.CreateDB(ctx, parent, taskSchema())
	require.NoError(t, err)
	assert.Equal(t, "My personal task list of all the important stuff I have to do", db.Description())
	today := time.Now()
	for _, task := range simpleTasks {
		_, err := db.CreatePage(ctx, Values{
			"Task":     task.name,
			"Status":   task.status,
			"Priority": task.priority,
			"Due Date": DayOf(today.AddDate(0, 0, task.dueIn)),
		})
		require.NoError(t, err)
	}
	pages, err := db.Pages(ctx)
	require.NoError(t, err)
	require.Len(t, pages, len(simpleTasks))
	var table strings.Builder
	for _, p := range pages {
		urgency, ok := p.Property("Urgency")
		require.True(t, ok, "page %q", p.Title())
		if p.Value("Status") == "Done" {
			assert.Equal(t, "✅", urgency.String(), "page %q", p.Title())
		} else {
			assert.NotEmpty(t, urgency.String(), "page %q", p.Title())
		}
		fmt.Fprintf(&table, "\n  %-24s %-12s %-10s %-14s %s", p.Title(), p.Value("Status"), p.Value("Priority"), urgency, p.Value("Due Date"))
	}
	t.Logf("the tasks:%s", table.String())

	counts := endpointCounts(srv)
	msg := "requests by endpoint:" + breakdown(counts)
	assert.LessOrEqual(t, total(counts), want, msg)
	assert.Less(t, total(counts), python, "fewer than the Python library: "+msg)
	assert.Equal(t, len(simpleTasks), counts["POST /v1/pages"], msg)
	assert.Zero(t, counts["PATCH /v1/databases/{id}"], "the description is sent with the create: "+msg)
	t.Logf("simple task database: %d requests (Python: %d)%s", total(counts), python, breakdown(counts))
}

func TestRequestCountCachedLookups(t *testing.T) {
	srv := newFlowServer(t)
	s := openFlowSession(t, srv)
	ctx := t.Context()

	for range 2 {
		page, err := s.GetPage(ctx, srv.RootPageID)
		require.NoError(t, err)
		assert.Equal(t, "Tests", page.Title())
	}
	assert.Equal(t, 1, srv.RequestCount("GET", "/v1/pages/{id}"), "GetPage twice: one request"+breakdown(endpointCounts(srv)))

	for range 2 {
		me, err := s.Whoami(ctx)
		require.NoError(t, err)
		assert.True(t, me.IsBot())
	}
	assert.Equal(t, 1, srv.RequestCount("GET", "/v1/users/me"), "Whoami twice: one request"+breakdown(endpointCounts(srv)))

	_, err := s.GetPage(ctx, srv.RootPageID, NoCache())
	require.NoError(t, err)
	assert.Equal(t, 2, srv.RequestCount("GET", "/v1/pages/{id}"), "NoCache asks again")
	assert.Equal(t, 3, total(endpointCounts(srv)), breakdown(endpointCounts(srv)))
}
