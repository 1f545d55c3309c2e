// Package unoredis shares one rate limit among every process that uses a Notion integration
// token, through Redis.
//
// Notion limits each integration, however many processes send its requests. A Limiter keeps
// the pacing schedule in one Redis hash, so that every session given the same key (with
// uno.WithLimiter) shares one rate:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
//	lim := unoredis.NewLimiter(rdb, "notion:my-integration", 3, 1)
//	defer lim.Close()
//	s, err := uno.NewSession(uno.WithLimiter(lim))
//
// Each request costs one Redis call: a Lua script that reserves the next slot of a GCRA
// schedule (the generic cell rate algorithm) on the Redis server's clock, so processes on
// hosts with drifting clocks still share one schedule, and waiters are served in the order
// they reached Redis.
//
// A refusal for rate (429 or 529) seen by any process pauses all of them until its
// Retry-After: the pause is stored with the schedule, and published on a Redis channel so
// that processes already waiting for a slot take a new one after the pause.
//
// The rate adapts, and what it learns is shared. The refusals that arrive within one pause,
// however many processes saw them, count as one storm. A storm stops the raises for ten
// seconds; a storm within 30 s of the previous one also lowers the rate by a fifth (a lone
// refusal is what requests sent at the right rate meet when they arrive a little early).
// While requests queue for the limiter and at least half of the expected answers come back
// accepted, the rate is raised every ten seconds, by 5%, then 10%, 20%, up to 50% a step until
// the next storm, so that a limit higher than the one configured is found. It never goes below a twentieth of the configured
// rate. The learned rate is kept in Redis for an hour after the last request.
//
// When Redis cannot be reached, Wait returns an error matching ErrUnavailable and no request
// is sent: the limiter never lets requests through unpaced. With WithFallback, each process
// paces on its own at the rate given instead, and asks Redis again every second.
package unoredis
