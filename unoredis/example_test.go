package unoredis_test

import (
	"log"

	"github.com/redis/go-redis/v9"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/unoredis"
)

// Every process that uses the integration's token opens its session with a limiter of the
// same key, rate and burst; together they stay within the one limit Notion gives the token.
func ExampleNewLimiter() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	lim := unoredis.NewLimiter(rdb, "notion:my-integration", 3, 1)
	defer lim.Close()

	s, err := uno.NewSession(uno.WithLimiter(lim)) // token from the config file or NOTION_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	// Every request of s, and its retries, now wait for their turn in the shared schedule;
	// a 429 seen by any process pauses them all.
}
