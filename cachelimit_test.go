package uno

import (
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCacheLimitBoundsTheCache(t *testing.T) {
	c := newCache(100)
	for range 1000 {
		put(c, &Page{object: object{id: uuid.New()}}, true)
	}
	assert.Equal(t, 100, c.Len())
}

func TestCacheLimitKeepsWhatIsUsed(t *testing.T) {
	c := newCache(100)
	ids := make([]uuid.UUID, 100)
	for i := range ids {
		ids[i] = uuid.New()
		put(c, &Page{object: object{id: ids[i]}}, true)
	}
	for _, id := range ids[:50] {
		_, ok := c.Get(id)
		require.True(t, ok)
	}
	for range 50 {
		put(c, &Page{object: object{id: uuid.New()}}, true)
	}
	assert.Equal(t, 100, c.Len())
	for _, id := range ids[:50] {
		_, ok := c.Get(id)
		assert.True(t, ok, "an object looked up stays")
	}
	for _, id := range ids[50:] {
		_, ok := c.Get(id)
		assert.False(t, ok, "an object not looked up is evicted first")
	}
	_, ok := lookupRef[*Page](c, ids[60].String())
	assert.False(t, ok, "evicted from both indexes")
}

func TestCacheLimitConcurrent(t *testing.T) {
	c := newCache(64)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 2000 {
				id := uuid.New()
				put(c, &Page{object: object{id: id}}, true)
				c.Get(id)
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, c.Len(), 64)
	c.Clear()
	assert.Zero(t, c.Len())
	put(c, &Page{object: object{id: uuid.New()}}, true)
	assert.Equal(t, 1, c.Len())
}

func TestWithCacheLimit(t *testing.T) {
	_, err := NewSession(WithToken("secret_x"), WithConfig(&Config{}), WithCacheLimit(0))
	require.Error(t, err)
	env := openEnv(t, nil, WithCacheLimit(2), WithRateLimit(0, 0))
	for i := range 5 {
		_, err := env.s.CreatePage(t.Context(), env.root, "p"+string(rune('a'+i)))
		require.NoError(t, err)
	}
	assert.LessOrEqual(t, env.s.Cache().Len(), 2)
}

func BenchmarkCacheLimitHit(b *testing.B) {
	for _, limit := range []int{0, 1000} {
		b.Run(map[int]string{0: "unbounded", 1000: "limit=1000"}[limit], func(b *testing.B) {
			c := newCache(limit)
			ids := make([]uuid.UUID, 1000)
			for i := range ids {
				ids[i] = uuid.New()
				put(c, &Page{object: object{id: ids[i]}}, true)
			}
			b.ResetTimer()
			i := 0
			for b.Loop() {
				c.Get(ids[i%len(ids)])
				i++
			}
		})
	}
}
