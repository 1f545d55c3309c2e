package uno

import (
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// searchPage is a search answer with no results that continues at next.
func searchPage(next string) fakeAnswer {
	return fakeAnswer{status: 200, body: `{"object":"list","results":[],"has_more":true,"next_cursor":"` + next + `"}`}
}

func TestCursorCycleIsAnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeNotion(searchPage("A"), searchPage("B"), searchPage("A"), searchPage("B"))
		s := openFake(t, fake)
		_, err := s.SearchPage(t.Context(), "")
		require.ErrorIs(t, err, ErrInvalidResponse)
		assert.Equal(t, 3, fake.requests(), "the list stops when a cursor comes back")
	})
}
