package uno

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"reflect"
	"strings"

	"github.com/jomei/notionapi"
)

// BaseURLEnv names the environment variable with another API root, as the notiontest
// emulator prints it. A session honours it when no WithBaseURL is given and it names a
// loopback address (localhost, 127.0.0.1, ::1): a program started with the emulator's line
// talks to the emulator, and a stray value cannot send the token anywhere else.
const BaseURLEnv = "NOTION_BASE_URL"

// WithNotionVersion makes the session speak one of the Notion API versions Version2022,
// Version2025 and Version2026 (the default, NotionVersion). Any other value makes NewSession
// fail with ErrUnsupportedVersion. Every method of the session works at every version, except
// what Notion added later: data sources need Version2025 or later.
func WithNotionVersion(v string) Option {
	return func(s *settings) error {
		if !knownVersion(v) {
			return fmt.Errorf("%w: %q; uno speaks %s, %s and %s", ErrUnsupportedVersion, v, Version2022, Version2025, Version2026)
		}
		s.version = v
		return nil
	}
}

// knownVersion reports whether uno speaks Notion API version v.
func knownVersion(v string) bool {
	return v == Version2022 || v == Version2025 || v == Version2026
}

// NotionVersion returns the Notion API version the session speaks.
func (s *Session) NotionVersion() string { return s.version }

// APIRoot returns the root the session's requests go to: "https://api.notion.com", or what
// WithBaseURL or NOTION_BASE_URL named. The API URL of an object is APIRoot() + "/v1/pages/"
// + its id (databases, data_sources and blocks likewise).
func (s *Session) APIRoot() string { return s.root }

// hasDataSources reports whether the session's version has data sources (2025-09-03 on).
func (s *Session) hasDataSources() bool { return s.version != Version2022 }

// needDataSources fails with ErrUnsupportedVersion at a version without data sources.
func (s *Session) needDataSources(what string) error {
	if s.IsClosed() {
		return ErrSessionClosed
	}
	if !s.hasDataSources() {
		return fmt.Errorf("%w: %s needs Notion API version %s or later; the session speaks %s (see WithNotionVersion)",
			ErrUnsupportedVersion, what, Version2025, s.version)
	}
	return nil
}

// trashField is the request field that moves an object into or out of the trash: archived at
// 2022-06-28, in_trash later (2026-03-11 knows no archived).
func (s *Session) trashField() string {
	if s.hasDataSources() {
		return "in_trash"
	}
	return "archived"
}

// clientVersion returns the Notion-Version a jomei client sends. The client keeps it in an
// unexported field; "" when it cannot be read.
func clientVersion(c *notionapi.Client) string {
	v := reflect.ValueOf(c)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return ""
	}
	f := v.Elem().FieldByName("notionVersion")
	if !f.IsValid() || f.Kind() != reflect.String {
		return ""
	}
	return f.String()
}

// checkClientVersion refuses a WithClient client that speaks a version uno does not know, and
// warns about one that speaks another version than the session: its requests (through
// Client) and the session's own are then answered in different shapes.
func checkClientVersion(c *notionapi.Client, version string, logger *slog.Logger) error {
	cv := clientVersion(c)
	switch {
	case cv == "" || cv == version:
		return nil
	case !knownVersion(cv):
		return fmt.Errorf("%w: the client of WithClient speaks %q; uno speaks %s, %s and %s",
			ErrUnsupportedVersion, cv, Version2022, Version2025, Version2026)
	}
	logger.Warn("the client of WithClient speaks another Notion API version than the session; Client() requests use the client's",
		"client_version", cv, "session_version", version)
	return nil
}

// baseURLFromEnv returns the API root that NOTION_BASE_URL names when it is a loopback
// address, else nil; a value that is set but not usable is logged and ignored.
func baseURLFromEnv(logger *slog.Logger) *url.URL {
	raw := strings.TrimSpace(os.Getenv(BaseURLEnv))
	if raw == "" {
		return nil
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		logger.Warn("ignoring "+BaseURLEnv+": not an http(s) API root", "value", raw)
		return nil
	}
	if !isLoopbackHost(u.Hostname()) {
		logger.Warn("ignoring "+BaseURLEnv+": only loopback addresses are honoured (use WithBaseURL)", "host", u.Hostname())
		return nil
	}
	return u
}

// isLoopbackHost reports whether host is localhost or a loopback IP address.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
