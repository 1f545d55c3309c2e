package transport

import (
	"errors"
	"net/url"
	"strings"
)

// errBadBaseURL is the error of every request when Options.BaseURL lacks a scheme or a host.
var errBadBaseURL = errors.New("uno: transport: BaseURL needs a scheme and a host")

// rebase points u at base: base's scheme and host, base's path before u's path. u is modified.
func rebase(u, base *url.URL) {
	u.Scheme = base.Scheme
	u.Host = base.Host
	prefix := strings.TrimRight(base.Path, "/")
	if prefix == "" {
		return
	}
	path := u.Path
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if u.RawPath != "" || base.RawPath != "" {
		raw := u.EscapedPath()
		if !strings.HasPrefix(raw, "/") {
			raw = "/" + raw
		}
		u.RawPath = strings.TrimRight(base.EscapedPath(), "/") + raw
	}
	u.Path = prefix + path
}
