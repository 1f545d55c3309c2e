package notiontest

import (
	"crypto/rand"
	"strings"

	"github.com/google/uuid"
)

// newUUID returns a fresh random object id in dashed form.
func newUUID() string { return uuid.NewString() }

// normalizeID parses an object id the way Notion accepts it — 32 hex digits, with or without
// the dashes of the 8-4-4-4-12 form, any letter case — and returns it dashed and lower case.
// Like Notion, it rejects ids whose variant digit (the first of the fourth group) is not one of
// 8, 9, a, b: "12345678-1234-1234-1234-123456789abc" is not a valid id.
func normalizeID(s string) (string, bool) {
	var hex []byte
	switch len(s) {
	case 32:
		hex = []byte(s)
	case 36:
		for i := 0; i < len(s); i++ {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if s[i] != '-' {
					return "", false
				}
				continue
			}
			hex = append(hex, s[i])
		}
	default:
		return "", false
	}
	for i, c := range hex {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			hex[i] = c + ('a' - 'A')
		default:
			return "", false
		}
	}
	if !strings.ContainsRune("89ab", rune(hex[16])) {
		return "", false
	}
	h := string(hex)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], true
}

// compactID is a dashed id without its dashes, as Notion writes ids in URLs.
func compactID(id string) string { return strings.ReplaceAll(id, "-", "") }

// propertyIDChars are the characters of Notion's short property ids, before URL escaping.
const propertyIDChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~;:<>|@[]^`{}=?"

// randomPropertyID returns a random 4-character property id in Notion's URL-escaped form,
// such as "a%3Cb1".
func randomPropertyID() string {
	var raw [4]byte
	_, _ = rand.Read(raw[:])
	var b strings.Builder
	for _, r := range raw {
		c := propertyIDChars[int(r)%len(propertyIDChars)]
		if isUnreservedURLChar(c) {
			b.WriteByte(c)
			continue
		}
		const hexDigits = "0123456789ABCDEF"
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// isUnreservedURLChar reports whether c stays unescaped in a Notion property id.
func isUnreservedURLChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '~' || c == '-' || c == '.'
}
