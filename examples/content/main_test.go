package main

import (
	"testing"

	"github.com/uno-go/uno/internal/exampleenv"
)

// TestRun runs the example offline, against the embedded emulator, at uno's default version.
func TestRun(t *testing.T) {
	if err := run(exampleenv.Offline(t), ""); err != nil {
		t.Fatal(err)
	}
}
