package notiontest

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stdJSON is what encoding/json writes for v with HTML escaping off.
func stdJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return buf.Bytes()
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	values := []any{
		nil, true, "", "plain", "quote \" backslash \\ slash / <html> & amp",
		"controls \x00\x01\b\f\n\r\t\x1f end", "invalid \xff\xfe utf8", "line\u2028sep\u2029", "ünïcødé 😀",
		0.0, math.Copysign(0, -1), 1.0, -1.5, 1e20, 1e21, 1e-6, 1e-7, 123456789.125, 0.1, math.MaxFloat64, 3, int64(-7), uint64(9),
		map[string]any{"b": 1.0, "a": []any{"x", nil, map[string]any{}}, "": "empty key", "é": false},
		[]any{}, []any(nil), []string{"typed", "slice"},
	}
	for _, v := range values {
		got, err := appendJSON(nil, v)
		require.NoError(t, err)
		assert.Equal(t, string(stdJSON(t, v)), string(got), "%#v", v)
	}
	_, err := appendJSON(nil, math.NaN())
	assert.Error(t, err)

	// Every answer recorded from Notion encodes as encoding/json encodes it.
	files, _ := filepath.Glob("testdata/recordings-2026-03-11/*/*.json")
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var v any
		require.NoError(t, json.Unmarshal(data, &v))
		got, err := appendJSON(nil, v)
		require.NoError(t, err)
		require.Equal(t, string(stdJSON(t, v)), string(got), f)
	}
}
