package uno

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseConfig(t *testing.T) {
	t.Setenv("UNO_TEST_TOKEN", "secret_from_env")
	tests := []struct {
		name      string
		text      string
		wantToken string
		wantDebug bool
	}{
		{"literal", "[ultimate_notion]\ntoken = \"secret_literal\"\ndebug = true\n", "secret_literal", true},
		{"env reference", "[ultimate_notion]\ntoken = \"${env:UNO_TEST_TOKEN}\"\n", "secret_from_env", false},
		{"env default used", "[ultimate_notion]\ntoken = \"${env:UNO_TEST_UNSET_VAR|fallback}\"\ndebug = \"${env:UNO_TEST_UNSET_VAR|true}\"\n", "fallback", true},
		{"env unset no default", "[ultimate_notion]\ntoken = \"${env:UNO_TEST_UNSET_VAR}\"\n", "", false},
		{"other sections ignored", "[google]\nclient_secret_json = \"x\"\n[ultimate_notion]\ntoken = \"t\"\n", "t", false},
		{"empty file", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(tt.text))
			require.NoError(t, err)
			assert.Equal(t, tt.wantToken, cfg.Token)
			assert.Equal(t, tt.wantDebug, cfg.Debug)
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, text := range []string{
		"[ultimate_notion\n",
		"[ultimate_notion]\ntoken = 5\n",
		"[ultimate_notion]\ndebug = \"maybe\"\n",
		"[ultimate_notion]\ndebug = 3\n",
	} {
		_, err := ParseConfig([]byte(text))
		assert.Error(t, err, "config %q", text)
	}
}

func TestConfigNeverPrintsToken(t *testing.T) {
	cfg := &Config{Token: "secret_abc123", Path: "/x/config.toml"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%v %+v %#v %s", cfg, *cfg, *cfg, cfg)} {
		assert.NotContains(t, s, "secret_abc123")
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("cfg", "config", *cfg)
	assert.NotContains(t, buf.String(), "secret_abc123")
}

func TestLoadConfigFromEnvPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	require.NoError(t, os.WriteFile(path, []byte("[ultimate_notion]\ntoken = \"file_token\"\n"), 0o600))
	t.Setenv(ConfigEnv, path)
	got, err := DefaultConfigPath()
	require.NoError(t, err)
	assert.Equal(t, path, got)
	cfg, err := loadDefaultConfig()
	require.NoError(t, err)
	assert.Equal(t, "file_token", cfg.Token)
	assert.Equal(t, path, cfg.Path)
}

func TestLoadConfigMissingExplicitFile(t *testing.T) {
	t.Setenv(ConfigEnv, filepath.Join(t.TempDir(), "nope.toml"))
	_, err := loadDefaultConfig()
	assert.Error(t, err, "a config file named by the environment must exist")
}

func TestLoadConfigMissingDefaultFileIsFine(t *testing.T) {
	t.Setenv(ConfigEnv, "")
	t.Setenv("HOME", t.TempDir())
	cfg, err := loadDefaultConfig()
	require.NoError(t, err)
	assert.Nil(t, cfg)
}

func TestReadableTokenFileWarns(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	require.NoError(t, os.WriteFile(path, []byte("[ultimate_notion]\ntoken = \"secret_literal\"\n"), 0o644))
	require.NoError(t, os.Chmod(path, 0o644))
	cfg, err := LoadConfig(path)
	require.NoError(t, err)
	var buf bytes.Buffer
	cfg.warnIfReadable(slog.New(slog.NewTextHandler(&buf, nil)))
	assert.Contains(t, buf.String(), "other users can read it")
	assert.NotContains(t, buf.String(), "secret_literal")

	require.NoError(t, os.Chmod(path, 0o600))
	buf.Reset()
	cfg.warnIfReadable(slog.New(slog.NewTextHandler(&buf, nil)))
	assert.Empty(t, strings.TrimSpace(buf.String()))
}

func FuzzParseConfig(f *testing.F) {
	f.Add("[ultimate_notion]\ntoken = \"${env:NOTION_TOKEN}\"\ndebug = true\n")
	f.Add("[ultimate_notion]\ntoken = \"${env:X|d}\"\ndebug = \"${env:Y|false}\"\n")
	f.Add("a = [1, 2, {b = 3}]")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := ParseConfig([]byte(text))
		if err == nil && cfg == nil {
			t.Fatal("nil config without error")
		}
	})
}
