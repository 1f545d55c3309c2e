package uno

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// ConfigEnv names the environment variable that points at the config file.
const ConfigEnv = "ULTIMATE_NOTION_CONFIG"

// TokenEnv names the environment variable that holds the token when no option or config file does.
const TokenEnv = "NOTION_TOKEN"

// Config is what the TOML config file says, in the format ultimate-notion uses:
//
//	[ultimate_notion]
//	token = "${env:NOTION_TOKEN}"
//	debug = "${env:UNO_DEBUG|false}"
//
// Values of the form ${env:VAR} or ${env:VAR|default} are replaced by the environment variable
// (or the default when it is unset). Printing a Config never shows the token.
type Config struct {
	// Token is the integration token; empty if the file gives none. It is never encoded.
	Token string `json:"-"`
	// Debug turns on debug logging to standard error when no logger is given.
	Debug bool
	// Path is the file the config was read from; empty for a Config made in code.
	Path string
	// tokenIsLiteral reports that the file holds the token itself rather than a reference to
	// an environment variable.
	tokenIsLiteral bool
}

// String describes the config without its token.
func (c Config) String() string {
	tok := "unset"
	if c.Token != "" {
		tok = "set"
	}
	return fmt.Sprintf("uno.Config{Path: %q, Token: %s, Debug: %t}", c.Path, tok, c.Debug)
}

// GoString is String, so that %#v does not show the token either.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb and flag, so that no formatting (%d, %x, %+v...) shows
// the token.
func (c Config) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue keeps the token out of structured logs.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// DefaultConfigPath is $ULTIMATE_NOTION_CONFIG, else ~/.ultimate-notion/config.toml.
func DefaultConfigPath() (string, error) {
	if p := os.Getenv(ConfigEnv); p != "" {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("uno: no config path: %w", err)
	}
	return filepath.Join(home, ".ultimate-notion", "config.toml"), nil
}

// configFile is the TOML layout; values are strings or booleans before ${env:...} resolution.
type configFile struct {
	UltimateNotion struct {
		Token any `toml:"token"`
		Debug any `toml:"debug"`
	} `toml:"ultimate_notion"`
}

// LoadConfig reads the TOML config file at path. Sections other than [ultimate_notion] are
// ignored. It only reads: it never creates or changes a file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("uno: reading config: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("uno: config %s: %w", path, err)
	}
	cfg.Path = path
	return cfg, nil
}

// ParseConfig parses the text of a TOML config file.
func ParseConfig(data []byte) (*Config, error) {
	var f configFile
	if _, err := toml.Decode(string(data), &f); err != nil {
		return nil, fmt.Errorf("invalid TOML: %w", err)
	}
	cfg := &Config{}
	switch v := f.UltimateNotion.Token.(type) {
	case nil:
	case string:
		cfg.Token = strings.TrimSpace(resolveEnvRefs(v))
		cfg.tokenIsLiteral = cfg.Token != "" && !envRef.MatchString(v)
	default:
		return nil, errors.New("ultimate_notion.token must be a string")
	}
	switch v := f.UltimateNotion.Debug.(type) {
	case nil:
	case bool:
		cfg.Debug = v
	case string:
		s := strings.TrimSpace(resolveEnvRefs(v))
		if s == "" {
			break
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("ultimate_notion.debug: %q is not a boolean", s)
		}
		cfg.Debug = b
	default:
		return nil, errors.New("ultimate_notion.debug must be a boolean")
	}
	return cfg, nil
}

// envRef matches ${env:VAR} and ${env:VAR|default}.
var envRef = regexp.MustCompile(`\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?:\|([^}]*))?\}`)

// resolveEnvRefs replaces every ${env:VAR|default} in s.
func resolveEnvRefs(s string) string {
	return envRef.ReplaceAllStringFunc(s, func(m string) string {
		sub := envRef.FindStringSubmatch(m)
		if v, ok := os.LookupEnv(sub[1]); ok {
			return v
		}
		return sub[2]
	})
}

// loadDefaultConfig reads the config file at the default path; a missing file is no error
// (nil config).
func loadDefaultConfig() (*Config, error) {
	path, err := DefaultConfigPath()
	if err != nil {
		return nil, nil
	}
	cfg, err := LoadConfig(path)
	if errors.Is(err, fs.ErrNotExist) && os.Getenv(ConfigEnv) == "" {
		return nil, nil
	}
	return cfg, err
}

// warnIfReadable logs a warning when the config file holds a token that other users can read.
func (c *Config) warnIfReadable(logger *slog.Logger) {
	if c == nil || c.Path == "" || !c.tokenIsLiteral {
		return
	}
	info, err := os.Stat(c.Path)
	if err != nil {
		return
	}
	if info.Mode().Perm()&0o077 != 0 {
		logger.Warn("uno: the config file holds a token and other users can read it; chmod 600 it",
			"path", c.Path, "mode", info.Mode().Perm().String())
	}
}
