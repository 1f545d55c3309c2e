package main

import (
	"testing"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/internal/exampleenv"
	"github.com/uno-go/uno/notiontest"
)

// TestRun runs the example offline, against the embedded emulator, at uno's default version.
func TestRun(t *testing.T) {
	if err := run(exampleenv.Offline(t), ""); err != nil {
		t.Fatal(err)
	}
}

// TestRunWithEmulatorLine runs the example with the variables cmd/notion-emulator prints.
func TestRunWithEmulatorLine(t *testing.T) {
	srv := notiontest.NewServer()
	defer srv.Close()
	t.Setenv(uno.BaseURLEnv, srv.URL)
	t.Setenv(uno.TokenEnv, srv.Token)
	t.Setenv(uno.ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	if err := run(t.Context(), srv.RootPageID); err != nil {
		t.Fatal(err)
	}
	if got := srv.RequestCount("POST", "/v1/pages"); got != 1 {
		t.Fatalf("the emulator got %d page creates, want 1", got)
	}
}
