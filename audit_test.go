package uno

import (
	"context"
	"fmt"
	"net"
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

func TestCloseStopsRequestsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeNotion(rateLimited("2"))
		s := openFake(t, fake)
		done := make(chan error)
		go func() {
			_, err := s.GetPage(t.Context(), fakePageID)
			done <- err
		}()
		time.Sleep(5 * time.Second)
		sent := fake.requests()
		require.NoError(t, s.Close())
		err := <-done
		assert.ErrorIs(t, err, ErrSessionClosed)
		time.Sleep(time.Minute)
		assert.Equal(t, sent, fake.requests(), "nothing is sent after Close")
	})
}

// closeSignal is a net.Conn that reports its Close.
type closeSignal struct {
	net.Conn
	closed chan struct{}
	once   sync.Once
}

func (c *closeSignal) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

func TestCloseClosesIdleConnections(t *testing.T) {
	conns := make(chan *closeSignal, 16)
	base := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		sc := &closeSignal{Conn: c, closed: make(chan struct{})}
		conns <- sc
		return sc, nil
	}}
	env := openEnv(t, nil, WithHTTPClient(&http.Client{Transport: base}))
	_, err := env.s.GetPage(t.Context(), env.root.ID().String(), NoCache())
	require.NoError(t, err)
	conn := <-conns
	select {
	case <-conn.closed:
		t.Fatal("the connection closed before Close")
	default:
	}
	require.NoError(t, env.s.Close())
	select {
	case <-conn.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the idle connection stayed open after Close")
	}
}

func TestAnswerForAnotherObjectIsAnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeNotion(fakeAnswer{status: 200, body: fakePage})
		s := openFake(t, fake)
		asked := uuid.MustParse("0f8fad5b-d9cb-469f-a165-70867728950e")
		p, err := s.GetPage(t.Context(), asked.String())
		require.ErrorIs(t, err, ErrInvalidResponse)
		assert.Nil(t, p)
		_, cached := s.Cache().Get(uuid.MustParse(fakePageID))
		assert.False(t, cached, "the stray answer is not cached")
		_, err = s.GetPage(t.Context(), fakePageID)
		require.NoError(t, err, "the same answer for the page it describes is fine")
	})
}

func TestCreateDBsCompletingAnswerLost(t *testing.T) {
	env := openEnv(t, nil, WithRateLimit(0, 0))
	for _, path := range []string{"/v1/databases/*", "/v1/data_sources/*"} {
		env.srv.InjectFault(notiontest.Fault{Method: "PATCH", Path: path, Drop: notiontest.DropAfterApply})
	}
	a := NewSchema("A", Prop("Name", Title()))
	b := NewSchema("B", Prop("Name", Title()), Prop("To A", Relation(a)))
	a.Add(Prop("To B", Relation(b)))
	_, err := env.s.CreateDBs(t.Context(), []*Page{env.root}, []*Schema{a, b})
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	var cerr *CreateDBsError
	require.ErrorAs(t, err, &cerr)
	assert.Empty(t, cerr.Missing, "what was sent is not reported missing")
	assert.Equal(t, []string{`"A": property "To B"`}, cerr.Unknown)
	db, err := env.s.GetDB(t.Context(), a.DB().ID().String(), NoCache())
	require.NoError(t, err)
	_, ok := db.Property("To B")
	assert.True(t, ok, "the server applied it")
}

func TestWriteAnsweredUndecodableIsOutcomeUnknown(t *testing.T) {
	for name, body := range map[string]string{"not JSON": "<html>ok</html>", "not a page": `{"object":"list"}`} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := newFakeNotion(fakeAnswer{status: 200, body: body})
				s := openFake(t, fake)
				_, err := s.CreatePage(t.Context(), &Page{object: object{id: uuid.MustParse(fakePageID)}}, "x")
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				assert.ErrorIs(t, err, ErrInvalidResponse)
				_, err = s.CreateDB(t.Context(), &Page{object: object{id: uuid.MustParse(fakePageID)}}, nil)
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				assert.Equal(t, 2, fake.requests(), "sent once each")
			})
		})
	}
}

func TestReadRetriedWhenAnswerBodyBreaksOff(t *testing.T) {
	for name, broken := range map[string]fakeAnswer{
		"reset": {status: 200, body: fakePage[:40], err: nil, cut: true},
		"stall": {status: 200, body: fakePage[:40], stall: true},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := newFakeNotion(broken, fakeAnswer{status: 200, body: fakePage})
				s := openFake(t, fake, WithTimeout(5*time.Second))
				p, err := s.GetPage(t.Context(), fakePageID)
				require.NoError(t, err)
				assert.Equal(t, "Fake", p.Title())
				assert.Equal(t, 2, fake.requests())
			})
		})
	}
}

func TestStallWithoutDeadlineIsATimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := newFakeNotion(fakeAnswer{status: 200, body: fakePage[:40], stall: true})
		s := openFake(t, fake, WithTimeout(5*time.Second))
		_, err := s.GetPage(t.Context(), fakePageID)
		require.ErrorIs(t, err, ErrTimeout)
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "the caller set no deadline")
		assert.Contains(t, err.Error(), "timed out after 5s")
		assert.Equal(t, 5, fake.requests(), "every attempt was made")
	})
}
