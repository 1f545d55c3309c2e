// Command worker is one of several processes that create pages with one integration token:
// the worker of unoredis's several-workers test, also usable by hand against an emulator
// (cmd/notion-emulator) and a redis-server.
//
//	NOTION_TOKEN=<token> worker -base http://127.0.0.1:8787 -parent <page id> -n 30 \
//	    -prefix w1 -redis 127.0.0.1:6379 -key notion:demo -rate 10 -burst 5
//
// It gets the parent page, then creates n pages under it titled "<prefix>-<i>", one after
// the other. With -redis the session paces through a unoredis.Limiter shared by every worker
// given the same key; without it, through its own in-process limiter at the same rate. It
// prints one JSON line: the ids it created and the errors it met; it exits 1 when any create
// failed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/redis/go-redis/v9"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/unoredis"
)

// report is what the worker prints.
type report struct {
	Created []string `json:"created"`
	Errors  []string `json:"errors"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := run(ctx, os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(2)
	}
	if err := json.NewEncoder(os.Stdout).Encode(rep); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(2)
	}
	if len(rep.Errors) > 0 {
		os.Exit(1)
	}
}

// run parses the flags, opens the session and creates the pages.
func run(ctx context.Context, args []string) (report, error) {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	base := fs.String("base", "", "API root of the emulator (token from NOTION_TOKEN)")
	parent := fs.String("parent", "", "id of the page to create pages under")
	n := fs.Int("n", 30, "pages to create")
	prefix := fs.String("prefix", "w", "title prefix")
	addr := fs.String("redis", "", "Redis address host:port; empty: pace in-process only")
	key := fs.String("key", "uno:worker", "Redis key of the shared limiter")
	rate := fs.Float64("rate", 3, "requests per second")
	burst := fs.Int("burst", 1, "burst")
	if err := fs.Parse(args); err != nil {
		return report{}, err
	}
	if *base == "" || *parent == "" {
		return report{}, fmt.Errorf("-base and -parent are required")
	}

	opts := []uno.Option{uno.WithBaseURL(*base), uno.WithRateLimit(*rate, *burst)}
	if *addr != "" {
		rdb := redis.NewClient(&redis.Options{Addr: *addr})
		defer rdb.Close()
		lim := unoredis.NewLimiter(rdb, *key, *rate, *burst)
		defer lim.Close()
		opts = append(opts, uno.WithLimiter(lim))
	}
	s, err := uno.NewSession(opts...)
	if err != nil {
		return report{}, err
	}
	defer s.Close()

	root, err := s.GetPage(ctx, *parent)
	if err != nil {
		return report{}, err
	}
	rep := report{Created: []string{}, Errors: []string{}}
	for i := range *n {
		p, err := s.CreatePage(ctx, root, fmt.Sprintf("%s-%02d", *prefix, i))
		if err != nil {
			rep.Errors = append(rep.Errors, err.Error())
			continue
		}
		rep.Created = append(rep.Created, p.ID().String())
	}
	return rep, nil
}
