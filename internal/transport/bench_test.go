package transport

import (
	"context"
	"io"
	"net/http"
	"testing"
)

// BenchmarkRoundTrip measures what the Transport adds to a request that succeeds at once.
func BenchmarkRoundTrip(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts Options
	}{
		{"defaults", Options{}},
		{"paced", Options{RatePerSecond: 1e8, Burst: 1 << 20, UserAgent: "uno"}},
		{"no-timeout", Options{Timeout: -1}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bc.opts.Base = roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil
			})
			tr := New(bc.opts)
			req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, notion+"/users/me", nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := tr.RoundTrip(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			}
		})
	}
}
