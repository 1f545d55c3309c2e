package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validity are inputs whose validity encoding/json decides; the Reader must agree.
var validity = []string{
	``, ` `, `{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e+10`, `-12.25E-3`, `"x"`,
	` {"a" : [1, 2, {"b": null}], "c": "d\u00e9\n"} `, `{"a":"\ud83d\ude00"}`, `[[[[]]]]`,
	`"` + strings.Repeat("abcdefgh", 9) + `"`, `"éèà ünïcødé 日本語 long enough for words"`,
	`{`, `}`, `[`, `]`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[,1]`, `{,}`, `{"a":1 "b":2}`,
	`[1 2]`, `01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`, `tru`, `nul`, `falsey`, `truex`, `nullnull`,
	`"abc`, `"a\qb"`, `"a\u12g4"`, `"a\u12"`, "\"tab\there\"", "\"nl\nhere\"", `{"a":1}}`,
	`{"a":1}x`, `{1:2}`, `{"a" 1}`, `[1]]`, "\x00", `"\"`, `"\\"`, `[1,2,3`, `{"a":[1,{"b":2]}}`,
	"\"" + strings.Repeat("x", 15) + "\x01" + "\"", "\"" + strings.Repeat("x", 20) + "\\n\"",
	strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
	strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
}

// skipAll reads data as one value and reports whether the Reader found it valid.
func skipAll(data []byte) error {
	r := NewReader(data)
	r.Skip()
	return r.Finish()
}

func TestSkipAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range validity {
		err := skipAll([]byte(in))
		assert.Equal(t, json.Valid([]byte(in)), err == nil, "input %.60q: %v", in, err)
	}
}

func TestTextUnescapesAsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`"plain"`, `"é"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\u0000"`, `"\ud83d\ude00"`, `"\ud83d"`,
		"\"bad \xff utf8\"", `""`, `"` + strings.Repeat("long text ", 10) + `"`,
	} {
		var want string
		require.NoError(t, json.Unmarshal([]byte(in), &want), in)
		r := NewReader([]byte(in))
		got, ok := r.Text()
		require.True(t, ok, in)
		require.NoError(t, r.Finish(), in)
		assert.Equal(t, want, string(got), in)
	}
}

func TestReadMembersAndSlices(t *testing.T) {
	data := []byte(` {"results": [ {"id": "a", "n": 1}, {"id":"b"} ], "more": true, "cursor": null, "k\u0065y": "v"} `)
	r := NewReader(data)
	var ids, raws []string
	more, cursorNull := false, false
	var escapedKey string
	require.True(t, r.Object())
	for key, ok := r.Key(); ok; key, ok = r.Key() {
		switch string(key) {
		case "results":
			for r.Array(); r.Elem(); {
				start := r.Start()
				require.True(t, r.Object())
				for k, ok := r.Key(); ok; k, ok = r.Key() {
					if string(k) == "id" {
						ids = append(ids, r.ReadString())
						continue
					}
					r.Skip()
				}
				raws = append(raws, string(r.Slice(start, r.End())))
			}
		case "more":
			more = r.Bool()
		case "cursor":
			cursorNull = r.IsNull()
		case "key":
			escapedKey = r.ReadString()
		default:
			t.Fatalf("unexpected key %q", key)
		}
	}
	require.NoError(t, r.Finish())
	assert.Equal(t, []string{"a", "b"}, ids)
	assert.Equal(t, []string{`{"id": "a", "n": 1}`, `{"id":"b"}`}, raws)
	assert.True(t, more)
	assert.True(t, cursorNull)
	assert.Equal(t, "v", escapedKey)
}

func TestKindMismatchIsAnError(t *testing.T) {
	for _, c := range []struct {
		in   string
		read func(*Reader)
	}{
		{`5`, func(r *Reader) { _ = r.ReadString() }},
		{`"x"`, func(r *Reader) { r.Bool() }},
		{`[]`, func(r *Reader) { r.Object() }},
		{`{}`, func(r *Reader) { r.Array() }},
		{``, func(r *Reader) { r.Text() }},
		{``, func(r *Reader) { r.Bool() }},
		{``, func(r *Reader) { r.Object() }},
		{``, func(r *Reader) { r.Skip() }},
	} {
		r := NewReader([]byte(c.in))
		c.read(&r)
		var syntax *SyntaxError
		assert.ErrorAs(t, r.Err(), &syntax, "input %q", c.in)
	}
	r := NewReader([]byte(`null`))
	assert.False(t, r.Object())
	assert.NoError(t, r.Finish())
}

func TestErrorsAreSticky(t *testing.T) {
	r := NewReader([]byte(`{"a": x, "b": "y"}`))
	require.True(t, r.Object())
	key, ok := r.Key()
	require.True(t, ok)
	assert.Equal(t, "a", string(key))
	r.Skip()
	require.Error(t, r.Err())
	_, ok = r.Key()
	assert.False(t, ok)
	assert.Equal(t, "", r.ReadString())
	assert.Equal(t, byte(0), r.Peek())
	assert.Contains(t, r.Finish().Error(), "offset 6")
}

func FuzzSkip(f *testing.F) {
	for _, in := range validity[:60] {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := skipAll(data)
		if json.Valid(data) != (err == nil) {
			t.Fatalf("json.Valid = %v, Reader: %v", json.Valid(data), err)
		}
		r := NewReader(data)
		if text, ok := r.Text(); ok && r.Finish() == nil {
			var want string
			if json.Unmarshal(data, &want) != nil || want != string(text) {
				t.Fatalf("Text = %q, encoding/json %q", text, want)
			}
		}
	})
}
