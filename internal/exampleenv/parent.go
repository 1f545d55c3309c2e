package exampleenv

import (
	"errors"

	"github.com/uno-go/uno/notiontest"
)

// ParentPage returns the page an example creates its pages under: a new page titled title on
// the emulator srv, else ref, which talking to Notion needs.
func ParentPage(srv *notiontest.Server, title, ref string) (string, error) {
	if srv != nil {
		return srv.AddPage(title), nil
	}
	if ref == "" {
		return "", errors.New("talking to Notion needs a parent page: pass -parent or set NOTION_PARENT_PAGE")
	}
	return ref, nil
}
