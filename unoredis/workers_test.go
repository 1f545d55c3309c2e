package unoredis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/notiontest"
)

// The several-workers scenario: workerProcs processes, each creating workerPages pages one
// after the other with the same token, against one emulator limited to serverRate.
const (
	workerProcs  = 4
	workerPages  = 30
	serverRate   = 10.0 // requests per second
	serverBurst  = 10
	limiterBurst = 5 // below the server's, so that jitter in arrival does not earn a 429
)

// idealWall is the time the creates take at the server's rate, with no time lost.
var idealWall = time.Duration(float64(workerProcs*workerPages) / serverRate * float64(time.Second))

// workerBuild builds the worker program once per test binary, into workerDir.
var (
	workerDir   string
	workerBuild = sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "unoredis-worker-")
		if err != nil {
			return "", err
		}
		workerDir = dir
		bin := filepath.Join(dir, "worker")
		out, err := exec.Command("go", "build", "-o", bin, "./internal/worker").CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("go build ./internal/worker: %w\n%s", err, out)
		}
		return bin, nil
	})
)

// workerRun is what one run of the scenario did.
type workerRun struct {
	wall     time.Duration
	requests int            // requests the emulator received, retries included
	refused  int            // of which answered 429
	created  []string       // page ids the workers reported
	titles   map[string]int // titles of the pages the emulator holds under the root, counted
	pages    int            // pages the emulator holds, the root included
	errors   []string       // what the workers reported failing
}

// scenario is a run of worker processes against one emulator limited to serverRate.
type scenario struct {
	procs, pages int
	told         float64 // the rate the workers are told
	shared       bool    // pace through one Limiter in the tests' Redis, else each in-process
}

// severalWorkers is the scenario of the issue: four processes of thirty creates each, told
// the server's rate.
func severalWorkers(shared bool) scenario {
	return scenario{procs: workerProcs, pages: workerPages, told: serverRate, shared: shared}
}

// runWorkers runs sc once. With sc.shared, it also returns the shared limiter's key.
func runWorkers(tb testing.TB, sc scenario) (workerRun, string) {
	tb.Helper()
	var addr, key string
	if sc.shared {
		_, key = needRedis(tb)
		addr = testRedis.addr
	}
	bin, err := workerBuild()
	require.NoError(tb, err)
	srv := notiontest.NewServer(notiontest.WithRateLimit(serverRate, serverBurst))
	tb.Cleanup(srv.Close)

	env := append(os.Environ(), uno.TokenEnv+"="+srv.Token, uno.ConfigEnv+"=", "HOME="+tb.TempDir())
	cmds := make([]*exec.Cmd, sc.procs)
	outs := make([]*bytes.Buffer, sc.procs)
	start := time.Now()
	for i := range cmds {
		args := []string{"-base", srv.URL, "-parent", srv.RootPageID, "-n", strconv.Itoa(sc.pages),
			"-prefix", fmt.Sprintf("w%d", i), "-rate", strconv.FormatFloat(sc.told, 'f', -1, 64),
			"-burst", strconv.Itoa(limiterBurst)}
		if sc.shared {
			args = append(args, "-redis", addr, "-key", key)
		}
		cmd := exec.CommandContext(tb.Context(), bin, args...)
		outs[i] = &bytes.Buffer{}
		cmd.Env, cmd.Stdout, cmd.Stderr = env, outs[i], outs[i]
		require.NoError(tb, cmd.Start())
		cmds[i] = cmd
	}
	var run workerRun
	for i, cmd := range cmds {
		err := cmd.Wait()
		var rep struct {
			Created []string `json:"created"`
			Errors  []string `json:"errors"`
		}
		if jerr := json.Unmarshal(outs[i].Bytes(), &rep); jerr != nil {
			run.errors = append(run.errors, fmt.Sprintf("worker %d: %v: %s", i, err, outs[i]))
			continue
		}
		run.created = append(run.created, rep.Created...)
		run.errors = append(run.errors, rep.Errors...)
	}
	run.wall = time.Since(start)

	for _, r := range srv.Requests() {
		run.requests++
		if r.Status == http.StatusTooManyRequests {
			run.refused++
		}
	}
	run.pages = srv.PageCount()
	run.titles = map[string]int{}
	for _, id := range run.created {
		run.titles[pageTitle(srv, id)]++
	}
	return run, key
}

// pageTitle returns the plain-text title of a page in the emulator, "" if it has none.
func pageTitle(srv *notiontest.Server, id string) string {
	obj, ok := srv.Object(id)
	if !ok {
		return ""
	}
	raw, _ := json.Marshal(obj)
	var page struct {
		Properties map[string]struct {
			Type  string `json:"type"`
			Title []struct {
				PlainText string `json:"plain_text"`
			} `json:"title"`
		} `json:"properties"`
	}
	_ = json.Unmarshal(raw, &page)
	for _, p := range page.Properties {
		if p.Type == "title" {
			var b strings.Builder
			for _, t := range p.Title {
				b.WriteString(t.PlainText)
			}
			return b.String()
		}
	}
	return ""
}

// TestWorkersShareOneLimit runs four worker processes of thirty creates each against one
// emulator limited to 10 requests per second, pacing through one shared Limiter: every page
// is created once, the run takes at most 1.2 times the 12 s the creates need at the server's
// rate, and at most 2% of the requests are refused with 429. (BenchmarkWorkers runs the same
// with and without the shared limiter.)
func TestWorkersShareOneLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("a 12 s run of four processes")
	}
	run, _ := runWorkers(t, severalWorkers(true))
	t.Logf("shared limiter: %d creates in %.2fs (ideal %.0fs), %d requests, %d answered 429",
		len(run.created), run.wall.Seconds(), idealWall.Seconds(), run.requests, run.refused)

	require.Empty(t, run.errors)
	assert.Len(t, run.created, workerProcs*workerPages)
	assert.Equal(t, 1+workerProcs*workerPages, run.pages, "each page created once, the root besides")
	for w := range workerProcs {
		for i := range workerPages {
			title := fmt.Sprintf("w%d-%02d", w, i)
			assert.Equal(t, 1, run.titles[title], "pages titled %s", title)
		}
	}
	assert.LessOrEqual(t, run.wall, idealWall*12/10)
	assert.LessOrEqual(t, float64(run.refused), 0.02*float64(run.requests), "429s")
}

// TestWorkersLearnTheServerRate: two worker processes told twice the server's rate share
// one limiter. Every page is created once; the refusals lower the shared rate, and the pauses
// they ask for hold both processes back, so that refusals stay a small part of the requests.
func TestWorkersLearnTheServerRate(t *testing.T) {
	if testing.Short() {
		t.Skip("an 8 s run of two processes")
	}
	sc := scenario{procs: 2, pages: 40, told: 2 * serverRate, shared: true}
	run, key := runWorkers(t, sc)
	rate, err := newTestLimiter(t, key, sc.told, limiterBurst).Rate(t.Context())
	require.NoError(t, err)
	t.Logf("told %.0f/s: %d creates in %.2fs, %d requests, %d answered 429; shared rate now %.2f/s",
		sc.told, len(run.created), run.wall.Seconds(), run.requests, run.refused, rate)

	require.Empty(t, run.errors)
	assert.Len(t, run.created, sc.procs*sc.pages)
	assert.Equal(t, 1+sc.procs*sc.pages, run.pages, "each page created once, the root besides")
	assert.Positive(t, run.refused, "the server refused some requests at first")
	assert.Less(t, rate, sc.told, "the refusals lowered the shared rate")
	assert.Less(t, run.refused, run.requests/5, "429s")
}

// BenchmarkWorkers runs the several-workers scenario of TestWorkersShareOneLimit (four
// processes of thirty creates), and twelve processes of ten creates, each with one limiter
// shared through Redis ("shared") and with each process pacing itself at the server's rate
// ("local"), and reports the wall time, the requests and the 429s of each.
func BenchmarkWorkers(b *testing.B) {
	for _, procs := range []int{workerProcs, 12} {
		for _, shared := range []bool{true, false} {
			sc := scenario{procs: procs, pages: workerProcs * workerPages / procs, told: serverRate, shared: shared}
			name := fmt.Sprintf("%dx%d/%s", sc.procs, sc.pages, map[bool]string{true: "shared", false: "local"}[shared])
			b.Run(name, func(b *testing.B) {
				var run workerRun
				for b.Loop() {
					run, _ = runWorkers(b, sc)
				}
				if len(run.errors) > 0 {
					b.Fatalf("workers failed: %v", run.errors)
				}
				b.ReportMetric(run.wall.Seconds(), "wall-s")
				b.ReportMetric(run.wall.Seconds()/idealWall.Seconds(), "x-ideal")
				b.ReportMetric(float64(run.requests), "requests")
				b.ReportMetric(float64(run.refused), "429s")
				b.ReportMetric(float64(len(run.created)), "pages")
			})
		}
	}
}
