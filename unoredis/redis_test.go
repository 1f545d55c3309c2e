package unoredis

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// addrEnv names a running Redis (host:port) for the tests. Without it the tests start
// redis-server from PATH on a free loopback port, and skip when there is none, except in CI
// (CI set), where they fail.
const addrEnv = "UNO_REDIS_ADDR"

// testRedis is the Redis the tests use, set up by TestMain.
var testRedis struct {
	addr    string // "" when there is none
	problem string // why there is none
}

func TestMain(m *testing.M) {
	// go-redis logs every failed dial; the tests that reach no Redis on purpose check errors.
	redis.SetLogger(quietLogger{})
	stop := startRedis()
	code := m.Run()
	stop()
	if workerDir != "" {
		_ = os.RemoveAll(workerDir)
	}
	os.Exit(code)
}

// startRedis finds or starts the tests' Redis and returns what stops it.
func startRedis() (stop func()) {
	if addr := os.Getenv(addrEnv); addr != "" {
		rdb := redis.NewClient(&redis.Options{Addr: addr})
		defer rdb.Close()
		if err := rdb.Ping(context.Background()).Err(); err != nil {
			testRedis.problem = fmt.Sprintf("%s=%s does not answer: %v", addrEnv, addr, err)
			return func() {}
		}
		testRedis.addr = addr
		return func() {}
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		testRedis.problem = fmt.Sprintf("no Redis for the tests: %s is not set and redis-server is not on PATH (install the Debian package redis-server)", addrEnv)
		return func() {}
	}
	port, err := freePort()
	if err != nil {
		testRedis.problem = "no free port for redis-server: " + err.Error()
		return func() {}
	}
	dir, err := os.MkdirTemp("", "unoredis-test-")
	if err != nil {
		testRedis.problem = err.Error()
		return func() {}
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--dir", dir, "--daemonize", "no")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	stop = func() {
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		_ = os.RemoveAll(dir)
	}
	if err := cmd.Start(); err != nil {
		testRedis.problem = "starting redis-server: " + err.Error()
		stop()
		return func() {}
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if rdb.Ping(context.Background()).Err() == nil {
			break
		}
		if time.Now().After(deadline) {
			testRedis.problem = "redis-server did not answer within 10s: " + out.String()
			stop()
			return func() {}
		}
	}
	testRedis.addr = addr
	return stop
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// needRedis returns a client of the tests' Redis and a key no other test uses. Without Redis
// it fails the test in CI and skips it elsewhere.
func needRedis(t testing.TB) (*redis.Client, string) {
	t.Helper()
	if testRedis.addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (CI is set: Redis is required)", testRedis.problem)
		}
		t.Skip(testRedis.problem)
	}
	rdb := newClient(t)
	key := fmt.Sprintf("unoredis-test:%s:%d", t.Name(), time.Now().UnixNano())
	t.Cleanup(func() { rdb.Del(context.Background(), key) })
	return rdb, key
}

// newClient returns another client of the tests' Redis, as another process would have.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: testRedis.addr})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// quietLogger discards go-redis's log.
type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}
