package uno

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/google/uuid"
)

// ParseID extracts the UUID from a reference as users have it at hand: a UUID with or without
// dashes, in any letter case, or a Notion URL (notion.so, www.notion.so, *.notion.site,
// app.notion.com). For a URL it returns the most specific object the link points to: the block
// of a "#block" fragment, else the page of a "?p=" link, else the page or database in the path
// (the database of a "?v=" view link). Anything else is an error wrapping ErrInvalidID, and so
// is a UUID that Notion refuses: one whose variant digit (the first of the fourth group) is not
// 8, 9, a or b, or whose version digit (the first of the third group) is not 1 to 8, such as
// "12345678-1234-1234-1234-123456789abc" or the nil UUID.
func ParseID(ref string) (uuid.UUID, error) {
	r, err := parseRef(ref)
	if err != nil {
		return uuid.Nil, err
	}
	if r.block != uuid.Nil {
		return r.block, nil
	}
	return r.object, nil
}

// objectRef is a parsed reference: the page or database it names and, for a URL with a
// "#block" fragment, the block within it.
type objectRef struct {
	object uuid.UUID
	block  uuid.UUID
}

// parseRef parses a UUID or a Notion URL into an objectRef; an id Notion would refuse is an
// error (see notionAccepts).
func parseRef(ref string) (objectRef, error) {
	r, err := parseAnyRef(ref)
	if err != nil {
		return r, err
	}
	if why := notionAccepts(r.object); why != "" {
		return objectRef{}, invalidID(ref, why)
	}
	if r.block != uuid.Nil {
		if why := notionAccepts(r.block); why != "" {
			return objectRef{}, invalidID(ref, "the #fragment is "+why)
		}
	}
	return r, nil
}

// notionAccepts says why Notion refuses an id ("" when it accepts it). Notion validates ids as
// RFC 9562 UUIDs: the variant digit (the first of the fourth group) is 8, 9, a or b, and the
// version digit (the first of the third group) is 1 to 8. Every id Notion hands out is of
// version 4 or 8; "12345678-1234-1234-1234-123456789abc", of another variant, is answered
// 400 "should be a valid uuid".
func notionAccepts(id uuid.UUID) string {
	if id.Variant() != uuid.RFC4122 {
		return fmt.Sprintf("not a UUID Notion accepts: variant digit %x is not one of 8, 9, a, b", id[8]>>4)
	}
	if v := id.Version(); v < 1 || v > 8 {
		return fmt.Sprintf("not a UUID Notion accepts: version digit %x is not one of 1 to 8", byte(v))
	}
	return ""
}

// parseAnyRef parses a UUID or a Notion URL into an objectRef, whatever the UUID's variant
// and version.
func parseAnyRef(ref string) (objectRef, error) {
	if id, ok := parseBareID(ref); ok {
		return objectRef{object: id}, nil
	}
	s := strings.TrimSpace(ref)
	if id, ok := parseBareID(s); ok {
		return objectRef{object: id}, nil
	}
	if !strings.Contains(s, "/") {
		return objectRef{}, invalidID(ref, "not a UUID")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return objectRef{}, invalidID(ref, "not a UUID or URL")
	}
	if !isNotionHost(u.Hostname()) {
		return objectRef{}, invalidID(ref, "not a Notion URL")
	}
	var r objectRef
	if p := u.Query().Get("p"); p != "" {
		id, ok := parseBareID(p)
		if !ok {
			return objectRef{}, invalidID(ref, "the p parameter is not a UUID")
		}
		r.object = id
	} else {
		id, ok := idAtEndOfPath(u.Path)
		if !ok {
			return objectRef{}, invalidID(ref, "the URL path holds no UUID")
		}
		r.object = id
	}
	if u.Fragment != "" {
		id, ok := parseBareID(u.Fragment)
		if !ok {
			return objectRef{}, invalidID(ref, "the #fragment is not a block UUID")
		}
		r.block = id
	}
	return r, nil
}

// invalidID builds the error for a reference that holds no UUID.
func invalidID(ref, why string) error {
	const maxShown = 80
	if len(ref) > maxShown {
		ref = ref[:maxShown] + "..."
	}
	return fmt.Errorf("%w: %q: %s", ErrInvalidID, ref, why)
}

// parseBareID accepts exactly 32 hex digits, optionally in the dashed 8-4-4-4-12 form (not
// the braced or "urn:uuid:" forms uuid.Parse also knows).
func parseBareID(s string) (uuid.UUID, bool) {
	if len(s) != 32 && len(s) != 36 {
		return uuid.Nil, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil
}

// idAtEndOfPath finds the UUID that ends the last segment of a Notion URL path, as in
// "/workspace/My-Page-29c974f3b388815c9212cff02f337d60".
func idAtEndOfPath(path string) (uuid.UUID, bool) {
	seg := strings.TrimRight(path, "/")
	if i := strings.LastIndexByte(seg, '/'); i >= 0 {
		seg = seg[i+1:]
	}
	if id, ok := parseBareID(seg); ok {
		return id, true
	}
	if len(seg) < 33 || seg[len(seg)-33] != '-' {
		return uuid.Nil, false
	}
	return parseBareID(seg[len(seg)-32:])
}

// isNotionHost reports whether host serves Notion pages.
func isNotionHost(host string) bool {
	host = strings.ToLower(host)
	switch host {
	case "notion.so", "www.notion.so", "notion.site", "app.notion.com", "www.notion.com", "notion.com":
		return true
	}
	return strings.HasSuffix(host, ".notion.site")
}
