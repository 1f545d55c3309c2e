package exampleenv

import (
	"fmt"
	"os"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/notiontest"
)

// Emulator starts the embedded Notion emulator when NOTION_TOKEN is not set, says so, and
// returns it with the options that point a session at it; stop closes it. With NOTION_TOKEN
// set it returns a nil server, no options and a stop that does nothing: the session talks to
// Notion.
func Emulator() (srv *notiontest.Server, opts []uno.Option, stop func()) {
	if os.Getenv(uno.TokenEnv) != "" {
		return nil, nil, func() {}
	}
	srv = notiontest.NewServer()
	fmt.Printf("NOTION_TOKEN is not set: using the embedded Notion emulator at %s\n", srv.URL)
	return srv, []uno.Option{uno.WithBaseURL(srv.URL), uno.WithToken(srv.Token)}, srv.Close
}
