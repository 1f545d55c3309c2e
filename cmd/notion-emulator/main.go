// Command notion-emulator serves the notiontest Notion API emulator on a fixed address, for
// tests written in any language (the official JavaScript client with baseUrl set, say). It
// answers each request at the API version of its Notion-Version header: 2022-06-28,
// 2025-09-03 or 2026-03-11 (see package notiontest).
//
//	go run ./cmd/notion-emulator -addr 127.0.0.1:8787
//
// It prints one line with what a client needs,
//
//	NOTION_BASE_URL=http://127.0.0.1:8787 NOTION_TOKEN=<token> ROOT_PAGE_ID=<id>
//
// and serves until it receives SIGINT or SIGTERM; then it stops accepting connections, lets
// the requests under way finish and exits.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/uno-go/uno/notiontest"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "notion-emulator:", err)
		os.Exit(1)
	}
}

// run parses the flags, serves until a signal arrives and shuts down.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("notion-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8787", "address to listen on")
	token := fs.String("token", "", "integration token clients must send (default: a random one)")
	rate := fs.Float64("rate", 0, "rate limit in requests per second (0: no limit)")
	burst := fs.Int("burst", 10, "burst of the rate limit")
	lag := fs.Duration("search-lag", 0, "delay before new or edited objects reach search results")
	headerTimeout := fs.Duration("header-timeout", 10*time.Second, "how long a client may take to send a request's headers")
	resultLimit := fs.Int("result-limit", 10000, "results of one query or search at most (Notion's limit)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := []notiontest.Option{notiontest.WithListener(ln), notiontest.WithSearchLag(*lag),
		notiontest.WithReadHeaderTimeout(*headerTimeout), notiontest.WithQueryResultLimit(*resultLimit)}
	if *token != "" {
		opts = append(opts, notiontest.WithToken(*token))
	}
	if *rate > 0 {
		opts = append(opts, notiontest.WithRateLimit(*rate, *burst))
	}
	srv := notiontest.NewServer(opts...)
	fmt.Fprintf(stdout, "NOTION_BASE_URL=%s NOTION_TOKEN=%s ROOT_PAGE_ID=%s\n", srv.URL, srv.Token, srv.RootPageID)
	<-ctx.Done()
	done := make(chan struct{})
	go func() {
		srv.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		return fmt.Errorf("requests still under way after 10s; exiting anyway")
	}
	return nil
}
