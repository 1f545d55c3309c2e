package main

import (
	"context"
	"testing"
	"time"

	"github.com/uno-go/uno"
)

// TestRun runs the example offline, against the embedded emulator, at uno's default version.
func TestRun(t *testing.T) {
	t.Setenv(uno.TokenEnv, "")
	t.Setenv(uno.BaseURLEnv, "")
	t.Setenv(uno.ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if err := run(ctx, ""); err != nil {
		t.Fatal(err)
	}
}
