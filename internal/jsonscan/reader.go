// Package jsonscan reads JSON in one pass: it validates every byte as encoding/json does, hands
// the caller the members and elements it asks for, skips the rest, and tells where each value
// starts and ends, so that a value's exact bytes are a slice of the input, with no copy and no
// second scan.
//
// A Reader keeps the first error it meets; every later call does nothing and reports no value,
// so that a decoding loop needs one check of Err at its end.
package jsonscan

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// MaxDepth is how deeply arrays and objects may nest, as in encoding/json.
const MaxDepth = 10000

// SyntaxError is invalid JSON, or a value of another kind than the caller asked for.
type SyntaxError struct {
	Offset int    // where in the input the error was found
	Msg    string // what was wrong
}

// Error describes the error and where it is.
func (e *SyntaxError) Error() string { return fmt.Sprintf("%s at offset %d", e.Msg, e.Offset) }

// Reader reads one JSON text. The zero Reader reads an empty input; use NewReader.
type Reader struct {
	data  []byte
	pos   int
	depth int
	open  bool // a container was just entered: its first member or element has no comma
	err   error
}

// NewReader returns a Reader over data, which must not change while it is read.
func NewReader(data []byte) Reader { return Reader{data: data} }

// Err returns the first error met, nil if none.
func (r *Reader) Err() error { return r.err }

// Start skips whitespace and returns the offset where the next value begins.
func (r *Reader) Start() int {
	r.skipSpace()
	return r.pos
}

// End returns the offset just after the last value read.
func (r *Reader) End() int { return r.pos }

// Slice returns the input from start to end, with no capacity past end, so that appending to
// it cannot overwrite what follows.
func (r *Reader) Slice(start, end int) []byte { return r.data[start:end:end] }

// Finish checks that only whitespace follows the value read, and returns the first error.
func (r *Reader) Finish() error {
	if r.err == nil {
		if r.skipSpace(); r.pos < len(r.data) {
			r.fail("invalid character " + quoteChar(r.data[r.pos]) + " after top-level value")
		}
	}
	return r.err
}

// Fail records msg as an error at the current offset, unless an error is already recorded.
func (r *Reader) Fail(msg string) { r.fail(msg) }

func (r *Reader) fail(msg string) {
	if r.err == nil {
		r.err = &SyntaxError{Offset: r.pos, Msg: msg}
	}
}

// Peek returns the first byte of the next value without reading it: '{', '[', '"', 't', 'f',
// 'n', '-' or a digit for a number, and 0 at the end of the input or after an error.
func (r *Reader) Peek() byte {
	if r.err != nil {
		return 0
	}
	if r.skipSpace(); r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

// IsNull reports whether the next value is null, and reads it if so.
func (r *Reader) IsNull() bool {
	if r.Peek() != 'n' {
		return false
	}
	r.literal("null")
	return r.err == nil
}

// Object enters the object that comes next, for Key to read its members. It returns false,
// having read it, for null; any other value is an error.
func (r *Reader) Object() bool { return r.enter('{', "object") }

// Array enters the array that comes next, for Elem to walk its elements. It returns false,
// having read it, for null; any other value is an error.
func (r *Reader) Array() bool { return r.enter('[', "array") }

// enter enters a container that opens with open.
func (r *Reader) enter(open byte, kind string) bool {
	switch r.Peek() {
	case open:
		if r.depth >= MaxDepth {
			r.fail("exceeded max depth")
			return false
		}
		r.depth++
		r.pos++
		r.open = true
		return true
	case 'n':
		r.literal("null")
		return false
	case 0:
		r.fail("unexpected end of JSON input")
	default:
		r.fail("expected " + kind + ", found " + quoteChar(r.data[r.pos]))
	}
	return false
}

// Key reads the key of the next member of the object being read, and the colon after it, and
// returns the key unescaped; the caller then reads or skips the member's value. At the end of
// the object it reads the closing brace and returns false, as it does after an error. The
// key is a slice of the input unless it holds escapes.
func (r *Reader) Key() ([]byte, bool) {
	if !r.next('}') {
		return nil, false
	}
	if r.pos >= len(r.data) || r.data[r.pos] != '"' {
		r.failAt("expected a member's key")
		return nil, false
	}
	key := r.text()
	if r.skipSpace(); r.pos >= len(r.data) || r.data[r.pos] != ':' {
		r.failAt("expected ':' after a member's key")
		return nil, false
	}
	r.pos++
	return key, r.err == nil
}

// Elem reports whether another element follows in the array being read, positioned at it;
// the caller then reads or skips it. At the end of the array it reads the closing bracket and
// returns false, as it does after an error.
func (r *Reader) Elem() bool {
	if !r.next(']') {
		return false
	}
	if r.pos >= len(r.data) {
		r.failAt("")
		return false
	}
	return true
}

// next moves past the comma before the next member or element of a container closed by
// end; it returns false at the container's end (read) or on an error.
func (r *Reader) next(end byte) bool {
	if r.err != nil {
		return false
	}
	r.skipSpace()
	if r.pos >= len(r.data) {
		r.failAt("")
		return false
	}
	c := r.data[r.pos]
	if c == end {
		r.pos++
		r.depth--
		r.open = false
		return false
	}
	if r.open {
		r.open = false
		return true
	}
	if c != ',' {
		r.failAt("expected ',' or " + quoteChar(end))
		return false
	}
	r.pos++
	r.skipSpace()
	return true
}

// failAt records an error about the byte at the current offset, or the end of the input.
func (r *Reader) failAt(msg string) {
	if r.pos >= len(r.data) {
		r.fail("unexpected end of JSON input")
		return
	}
	r.fail("invalid character " + quoteChar(r.data[r.pos]) + " " + msg)
}

// Skip reads the next value, whatever it is, checking that it is valid JSON.
func (r *Reader) Skip() {
	switch r.Peek() {
	case '"':
		r.scanString()
	case '{':
		if r.Object() {
			for _, ok := r.Key(); ok; _, ok = r.Key() {
				r.Skip()
			}
		}
	case '[':
		if r.Array() {
			for r.Elem() {
				r.Skip()
			}
		}
	case 't':
		r.literal("true")
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	case 0:
		r.fail("unexpected end of JSON input")
	default:
		r.number()
	}
}

// ReadString reads a string, or null as "". Any other value is an error.
func (r *Reader) ReadString() string {
	if b, ok := r.Text(); ok {
		return string(b)
	}
	return ""
}

// Text reads a string and returns its content unescaped: a slice of the input when it holds
// no escape and is valid UTF-8, else a copy decoded as encoding/json does (invalid UTF-8
// becomes U+FFFD). ok is false for null, and after an error (any other value is one).
func (r *Reader) Text() (text []byte, ok bool) {
	switch r.Peek() {
	case '"':
		return r.text(), r.err == nil
	case 'n':
		r.literal("null")
		return nil, false
	case 0:
		r.fail("unexpected end of JSON input")
		return nil, false
	}
	r.fail("expected string, found " + quoteChar(r.data[r.pos]))
	return nil, false
}

// Bool reads true or false, or null as false. Any other value is an error.
func (r *Reader) Bool() bool {
	switch r.Peek() {
	case 't':
		r.literal("true")
		return r.err == nil
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	case 0:
		r.fail("unexpected end of JSON input")
	default:
		r.fail("expected boolean, found " + quoteChar(r.data[r.pos]))
	}
	return false
}

// text reads the string at the current offset and returns its content unescaped.
func (r *Reader) text() []byte {
	start := r.pos
	s, e, flags := r.scanString()
	if r.err != nil {
		return nil
	}
	content := r.data[s:e]
	if flags == 0 || flags == nonASCII && utf8.Valid(content) {
		return content
	}
	var v string
	if err := json.Unmarshal(r.data[start:r.pos], &v); err != nil {
		r.pos = start
		r.fail("invalid string")
		return nil
	}
	return []byte(v)
}

// What a scanned string holds that its raw bytes do not say as they are.
const (
	escaped  = 1 << iota // a backslash escape
	nonASCII             // a byte of 0x80 or above
)

// SWAR masks: one bit or value repeated in every byte of a word.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plain reports whether none of the 8 bytes of w ends or escapes a string or is a control
// character: no '"', no '\\', none below 0x20.
func plain(w uint64) bool {
	quote := w ^ (ones * '"')
	backslash := w ^ (ones * '\\')
	special := (quote - ones) &^ quote
	special |= (backslash - ones) &^ backslash
	special |= (w - ones*0x20) &^ w
	return special&highs == 0
}

// scanString reads the string whose opening quote is at the current offset and returns where
// its content starts and ends, and what it holds.
func (r *Reader) scanString() (start, end int, flags int) {
	data := r.data
	i := r.pos + 1
	start = i
	for {
		for i+8 <= len(data) {
			w := binary.LittleEndian.Uint64(data[i:])
			if !plain(w) {
				break
			}
			if w&highs != 0 {
				flags |= nonASCII
			}
			i += 8
		}
		if i >= len(data) {
			r.pos = i
			r.fail("unexpected end of JSON input")
			return start, i, flags
		}
		switch c := data[i]; {
		case c == '"':
			r.pos = i + 1
			return start, i, flags
		case c == '\\':
			flags |= escaped
			n := escapeLen(data[i:])
			if n == 0 {
				r.pos = i
				r.fail("invalid escape in string")
				return start, i, flags
			}
			i += n
		case c < 0x20:
			r.pos = i
			r.fail("invalid character " + quoteChar(c) + " in string literal")
			return start, i, flags
		default:
			if c >= 0x80 {
				flags |= nonASCII
			}
			i++
		}
	}
}

// escapeLen returns the length of the escape sequence that b starts with, 0 if it is not one.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		for _, c := range b[2:6] {
			if !isHex(c) {
				return 0
			}
		}
		return 6
	}
	return 0
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// literal reads the literal word (true, false or null) that starts at the current offset.
func (r *Reader) literal(word string) {
	for i := 0; i < len(word); i++ {
		if r.pos >= len(r.data) || r.data[r.pos] != word[i] {
			r.failAt("in literal " + word)
			return
		}
		r.pos++
	}
}

// number reads the number that starts at the current offset, checking its grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *Reader) number() {
	data, i := r.data, r.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = digits(data, i)
	default:
		r.pos = i
		r.failAt("looking for beginning of value")
		return
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			r.pos = i
			r.failAt("after decimal point in numeric literal")
			return
		}
		i = digits(data, i)
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			r.pos = i
			r.failAt("in exponent of numeric literal")
			return
		}
		i = digits(data, i)
	}
	r.pos = i
}

// digits returns the offset after the run of digits that starts at i.
func digits(data []byte, i int) int {
	for i < len(data) && isDigit(data[i]) {
		i++
	}
	return i
}

// isDigit reports whether c is a decimal digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipSpace moves past JSON whitespace.
func (r *Reader) skipSpace() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// quoteChar formats c for an error message, as encoding/json does.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := fmt.Sprintf("%q", string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}
