package exampleenv

import (
	"context"
	"testing"
	"time"

	"github.com/uno-go/uno"
)

// Offline makes an example's test run against the embedded emulator at uno's default version:
// it clears NOTION_TOKEN, NOTION_BASE_URL and the config file's variable, gives HOME an empty
// directory, and returns a context that ends after a minute or with the test.
func Offline(t *testing.T) context.Context {
	t.Setenv(uno.TokenEnv, "")
	t.Setenv(uno.BaseURLEnv, "")
	t.Setenv(uno.ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}
