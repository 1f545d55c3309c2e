package uno

import "github.com/uno-go/uno/internal/jsonscan"

// dbText holds the members a database and a data source both have: title, description, URL
// and whether it is shown inline.
type dbText struct {
	title       string
	description string
	url         string
	inline      bool
}

// read reads the member key into t if it is one of those members.
func (t *dbText) read(r *jsonscan.Reader, key []byte) bool {
	switch string(key) {
	case "title":
		t.title = readPlainText(r)
	case "description":
		t.description = readPlainText(r)
	case "url":
		t.url = r.ReadString()
	case "is_inline":
		t.inline = r.Bool()
	default:
		return false
	}
	return true
}
