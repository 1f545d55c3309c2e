package uno

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/uno-go/uno/notiontest"
)

// BenchmarkAdaptivePacing creates pages from 8 goroutines against an emulator limited to 3, 12
// and 30 requests per second, a limit the session is not told. It fails unless every create
// succeeds exactly once, and reports the run's time as a multiple of the ideal (creates / rate)
// and the share of requests refused with 429. By default each run makes 30 creates;
// UNO_PACING_CREATES=240 gives the full-scale run, UNO_PACING_BURST the emulator's burst
// (default: one second's worth of requests).
func BenchmarkAdaptivePacing(b *testing.B) {
	creates := envInt(b, "UNO_PACING_CREATES", 30)
	for _, rate := range []int{3, 12, 30} {
		burst := envInt(b, "UNO_PACING_BURST", rate)
		b.Run(fmt.Sprintf("rate=%d/burst=%d/creates=%d", rate, burst, creates), func(b *testing.B) {
			b.Setenv(ConfigEnv, "")
			b.Setenv("HOME", b.TempDir())
			b.Setenv(TokenEnv, "")
			var elapsed time.Duration
			var refused, sent int
			for b.Loop() {
				e, r, s := pacedCreates(b, float64(rate), burst, creates)
				elapsed, refused, sent = elapsed+e, refused+r, sent+s
			}
			ideal := time.Duration(float64(creates) / float64(rate) * float64(time.Second))
			b.ReportMetric(float64(elapsed)/float64(b.N)/float64(ideal), "x-ideal")
			b.ReportMetric(100*float64(refused)/float64(sent), "%429")
			b.ReportMetric(float64(sent)/float64(b.N), "requests/run")
		})
	}
}

// envInt reads a positive integer from the environment variable name, or returns def.
func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// pacedCreates makes creates pages from 8 goroutines on a fresh emulator limited to rate with
// burst, and a session that is not told the limit. It returns the time taken, the requests
// refused with 429 and all requests sent.
func pacedCreates(b *testing.B, rate float64, burst, creates int) (elapsed time.Duration, refused, sent int) {
	const workers = 8
	srv := notiontest.NewServer(notiontest.WithRateLimit(rate, burst))
	defer srv.Close()
	s, err := NewSession(WithBaseURL(srv.URL), WithToken(srv.Token))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	start := time.Now()
	root, err := s.GetPage(ctx, srv.RootPageID)
	if err != nil {
		b.Fatal(err)
	}
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for i := range creates {
			jobs <- i
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				if _, err := s.CreatePage(ctx, root, fmt.Sprintf("Paced %03d", i)); err != nil {
					b.Error(err)
				}
			}
		})
	}
	wg.Wait()
	elapsed = time.Since(start)

	created := map[string]int{}
	for _, r := range srv.Requests() {
		switch {
		case r.Status == http.StatusTooManyRequests:
			refused++
		case r.Method == http.MethodPost && r.Path == "/v1/pages" && r.Status == http.StatusOK:
			created[string(r.Body)]++
		}
	}
	sent = len(srv.Requests())
	if len(created) != creates {
		b.Errorf("%d distinct pages created, want %d", len(created), creates)
	}
	for body, n := range created {
		if n != 1 {
			b.Errorf("created %d times: %s", n, body)
		}
	}
	return elapsed, refused, sent
}
