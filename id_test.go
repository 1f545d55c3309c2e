package uno

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseID(t *testing.T) {
	const want = "29c974f3-b388-815c-9212-cff02f337d60"
	const block = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
	tests := []struct {
		name, ref, want string
	}{
		{"dashed", want, want},
		{"undashed", "29c974f3b388815c9212cff02f337d60", want},
		{"upper case", "29C974F3-B388-815C-9212-CFF02F337D60", want},
		{"surrounding space", "  29c974f3b388815c9212cff02f337d60\n", want},
		{"page URL", "https://www.notion.so/My-new-page-with-cover-29c974f3b388815c9212cff02f337d60", want},
		{"page URL without www", "https://notion.so/29c974f3b388815c9212cff02f337d60", want},
		{"URL without scheme", "www.notion.so/My-page-29c974f3b388815c9212cff02f337d60", want},
		{"workspace URL", "https://www.notion.so/acme/Title-29c974f3b388815c9212cff02f337d60", want},
		{"notion.site", "https://acme.notion.site/Public-29c974f3b388815c9212cff02f337d60", want},
		{"app.notion.com", "https://app.notion.com/p/29c974f3b388815c9212cff02f337d60", want},
		{"view link names the database", "https://www.notion.so/29c974f3b388815c9212cff02f337d60?v=11111111111111111111111111111111", want},
		{"peek link names the page", "https://www.notion.so/acme/Board-11111111111111111111111111111111?p=29c974f3b388815c9212cff02f337d60&pm=s", want},
		{"block fragment", "https://www.notion.so/Page-29c974f3b388815c9212cff02f337d60#0f1e2d3c4b5a69788796a5b4c3d2e1f0", block},
		{"trailing slash", "https://www.notion.so/Page-29c974f3b388815c9212cff02f337d60/", want},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseID(tt.ref)
			require.NoError(t, err)
			assert.Equal(t, uuid.MustParse(tt.want), got)
		})
	}
}

func TestParseIDRejects(t *testing.T) {
	for _, ref := range []string{
		"",
		"not-an-id",
		"29c974f3b388815c9212cff02f337d6",   // 31 digits
		"29c974f3b388815c9212cff02f337d600", // 33 digits
		"29c974f3-b388-815c-9212-cff02f337d6g",
		"29c974f3b-388-815c-9212-cff02f337d60",
		"{29c974f3-b388-815c-9212-cff02f337d60}",
		"urn:uuid:29c974f3-b388-815c-9212-cff02f337d60",
		"https://example.com/Page-29c974f3b388815c9212cff02f337d60",
		"https://www.notion.so/",
		"https://www.notion.so/Page-29c974f3b388815c9212cff02f337d60#not-a-block",
		"https://www.notion.so/x?p=nope",
		"https://www.notion.so/%zz",
	} {
		t.Run(ref, func(t *testing.T) {
			_, err := ParseID(ref)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidID), "error %v does not wrap ErrInvalidID", err)
		})
	}
}

func FuzzParseID(f *testing.F) {
	for _, seed := range []string{
		"29c974f3-b388-815c-9212-cff02f337d60",
		"29c974f3b388815c9212cff02f337d60",
		"https://www.notion.so/Page-29c974f3b388815c9212cff02f337d60?v=1#x",
		"notion.so/?p=29c974f3b388815c9212cff02f337d60",
		"https://a.notion.site/-",
		"://",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		id, err := ParseID(ref)
		if err != nil {
			if !errors.Is(err, ErrInvalidID) {
				t.Fatalf("ParseID(%q) error %v does not wrap ErrInvalidID", ref, err)
			}
			return
		}
		if why := notionAccepts(id); why != "" {
			t.Fatalf("ParseID(%q) returned %v, which Notion refuses: %s", ref, id, why)
		}
	})
}

// TestParseIDRefusesWhatNotionRefuses: ids of another variant or version than Notion's are
// refused before any request; Notion answers such an id 400 "should be a valid uuid".
func TestParseIDRefusesWhatNotionRefuses(t *testing.T) {
	for _, ref := range []string{
		"12345678-1234-1234-1234-123456789abc", // variant 1: the id Notion refused in the recordings
		"29c974f3-b388-815c-7212-cff02f337d60", // variant 7
		"29c974f3-b388-815c-c212-cff02f337d60", // variant c (Microsoft's)
		"29c974f3b388015c9212cff02f337d60",     // version 0
		"29c974f3-b388-915c-9212-cff02f337d60", // version 9
		"00000000-0000-0000-0000-000000000000", // nil
		"ffffffff-ffff-ffff-ffff-ffffffffffff", // max
		"https://www.notion.so/Page-12345678123412341234123456789abc",
		"https://www.notion.so/Page-29c974f3b388815c9212cff02f337d60#12345678123412341234123456789abc",
	} {
		t.Run(ref, func(t *testing.T) {
			_, err := ParseID(ref)
			require.ErrorIs(t, err, ErrInvalidID)
		})
	}
	for _, ref := range []string{
		"29c974f3-b388-815c-9212-cff02f337d60", // version 8, as Notion's newer ids
		"00000000-0000-4000-8000-0000000000fa", // version 4
		"29c974f3-b388-115c-a212-cff02f337d60", // version 1
		"29c974f3-b388-715c-b212-cff02f337d60", // version 7
	} {
		_, err := ParseID(ref)
		assert.NoError(t, err, ref)
	}

	env := newTestEnv(t)
	_, err := env.s.GetPage(t.Context(), "12345678-1234-1234-1234-123456789abc")
	require.ErrorIs(t, err, ErrInvalidID)
	_, err = env.s.GetDB(t.Context(), "12345678123412341234123456789abc")
	require.ErrorIs(t, err, ErrInvalidID)
	assert.Zero(t, env.count(""), "nothing was sent")
}
