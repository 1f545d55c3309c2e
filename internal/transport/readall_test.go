package transport

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadAllKeepsTheBytesForBytes(t *testing.T) {
	for _, c := range []struct {
		name   string
		body   string
		length int64
	}{
		{"announced", `{"object":"page"}`, 17},
		{"unknown length", `{"object":"list"}`, -1},
		{"announced too long", `{}`, 10},
		{"empty", ``, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := &http.Response{Body: io.NopCloser(iotest.HalfReader(strings.NewReader(c.body))), ContentLength: c.length}
			require.NoError(t, readAll(resp))
			data, ok := Bytes(resp)
			require.True(t, ok)
			assert.Equal(t, c.body, string(data))
			assert.Equal(t, int64(len(c.body)), resp.ContentLength)
			again, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, c.body, string(again), "the body reads as before")
		})
	}
}

func TestReadAllKeepsTheReadError(t *testing.T) {
	broken := errors.New("connection reset")
	resp := &http.Response{
		Body:          io.NopCloser(io.MultiReader(strings.NewReader(`{"obj`), iotest.ErrReader(broken))),
		ContentLength: 20,
	}
	require.ErrorIs(t, readAll(resp), broken)
	_, ok := Bytes(resp)
	assert.False(t, ok, "a broken body is not handed out whole")
	got, err := io.ReadAll(resp.Body)
	assert.ErrorIs(t, err, broken)
	assert.Equal(t, `{"obj`, string(got))

	_, ok = Bytes(&http.Response{Body: http.NoBody})
	assert.False(t, ok)
}
