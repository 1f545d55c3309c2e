package uno

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/uuid"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uno-go/uno/notiontest"
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

func TestTokenRedactedBeforeCutAndInEveryField(t *testing.T) {
	long := strings.Repeat("x", 180) + " Authorization: Bearer " + fakeToken + strings.Repeat(" y", 50)
	echo := `{"object":"error","status":400,"code":"bad_` + fakeToken + `","message":"` + long + `","request_id":"` + fakeToken + `"}`
	for name, a := range map[string]fakeAnswer{
		"page cut through the token": {status: 502, header: htmlHeader, body: "<html>" + long + "</html>"},
		"code, message, request id":  {status: 400, body: echo},
		"request id header": {status: 502, header: http.Header{"X-Request-Id": {fakeToken}, "Content-Type": {"text/plain"}},
			body: "bad gateway"},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := openFake(t, newFakeNotion(a))
				_, err := s.GetPage(t.Context(), fakePageID)
				require.Error(t, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				for i := 8; i <= len(fakeToken); i++ {
					for _, field := range []string{err.Error(), apiErr.Code, apiErr.Message, apiErr.RequestID} {
						assert.NotContains(t, field, fakeToken[:i], "no %d characters of the token survive", i)
					}
				}
			})
		})
	}
}

func TestClientDoesNotHoldTheToken(t *testing.T) {
	env := openEnv(t, nil)
	for _, format := range []string{"%v", "%+v", "%#v"} {
		assert.NotContains(t, fmt.Sprintf(format, env.s.Client()), env.srv.Token, format)
		assert.NotContains(t, fmt.Sprintf(format, *env.s.Client()), env.srv.Token, format)
	}
	me, err := env.s.Client().User.Me(t.Context())
	require.NoError(t, err, "the transport adds the token to the raw client's requests")
	assert.NotEmpty(t, me.ID)
}

func TestGetOrCreateDBConcurrentCreatesOne(t *testing.T) {
	for _, shared := range []bool{true, false} {
		t.Run(fmt.Sprintf("shared schema %v", shared), func(t *testing.T) {
			env := openEnv(t, []notiontest.Option{notiontest.WithSearchLag(300 * time.Millisecond)}, WithRateLimit(0, 0))
			one := taskSchema()
			ids := make([]uuid.UUID, 8)
			var wg sync.WaitGroup
			for i := range ids {
				wg.Go(func() {
					schema := one
					if !shared {
						schema = taskSchema()
					}
					db, err := env.s.GetOrCreateDB(t.Context(), env.root, schema)
					if assert.NoError(t, err) {
						ids[i] = db.ID()
					}
				})
			}
			wg.Wait()
			assert.Equal(t, 1, answered(env.srv, "POST", "/v1/databases", 200), "one database created")
			for _, id := range ids {
				assert.Equal(t, ids[0], id)
			}
		})
	}
}
