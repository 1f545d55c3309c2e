package notiontest

import (
	"encoding/json"
	"strings"
	"unicode"
)

// deepCopy copies a decoded JSON value (maps, slices and scalars) so that changes to the copy
// never reach the original.
func deepCopy[T any](v T) T {
	c, _ := copyJSONValue(v).(T)
	return c
}

// copyJSONValue is the untyped recursion of deepCopy.
func copyJSONValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = copyJSONValue(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = copyJSONValue(e)
		}
		return s
	default:
		return v
	}
}

// jsonText renders a decoded JSON value for an error message, the way Notion quotes the
// offending value; an absent value is "undefined".
func jsonText(v any) string {
	if v == nil {
		return "undefined"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "undefined"
	}
	return string(b)
}

// object returns m[key] when it is a JSON object.
func object(m map[string]any, key string) (jsonObject, bool) {
	o, ok := m[key].(map[string]any)
	return o, ok
}

// mustObject returns m[key] when it is an object, else nil (which reads as empty).
func mustObject(m jsonObject, key string) jsonObject {
	o, _ := object(m, key)
	return o
}

// ensureObject returns m[key] as an object, storing a new empty one when it is not.
func ensureObject(m map[string]any, key string) jsonObject {
	if o, ok := m[key].(map[string]any); ok {
		return o
	}
	o := jsonObject{}
	m[key] = o
	return o
}

// str returns m[key] when it is a string, else "".
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// boolean returns m[key] when it is a boolean, else false.
func boolean(m map[string]any, key string) bool {
	b, _ := m[key].(bool)
	return b
}

// titleSlug turns a title into the slug Notion puts in front of the id in a page URL: the
// text items only (mentions and equations are left out), with every run of characters other
// than letters, digits and underscores turned into one dash, and no dash at either end.
func titleSlug(title []any) string {
	var b strings.Builder
	dash := false
	for _, item := range title {
		m, ok := item.(map[string]any)
		if !ok || str(m, "type") != "text" {
			continue
		}
		for _, r := range str(m, "plain_text") {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = false
				b.WriteRune(r)
				continue
			}
			dash = true
		}
	}
	return b.String()
}
