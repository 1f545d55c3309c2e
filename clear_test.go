package uno

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClearEveryType writes a value to every writable property type, then clears each with
// Clear, and reads the page back from the emulator.
func TestClearEveryType(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	target, err := env.s.CreateDB(ctx, env.root, NewSchema("Targets", Prop("Name", Title())))
	require.NoError(t, err)
	other, err := target.CreatePage(ctx, Values{"Name": "other"})
	require.NoError(t, err)
	targets := NewSchema("Targets", Prop("Name", Title()))
	require.NoError(t, targets.Bind(target))
	schema := NewSchema("All",
		Prop("Name", Title()), Prop("Notes", Text()), Prop("N", Number()), Prop("Done", Checkbox()),
		Prop("Color", Select("red")), Prop("Tags", MultiSelect("a")), Prop("State", Status()),
		Prop("Due", Date()), Prop("Who", People()), Prop("Attach", Files()), Prop("Link", URL()),
		Prop("Mail", Email()), Prop("Phone", Phone()), Prop("Rel", Relation(targets)))
	db, err := env.s.CreateDB(ctx, env.root, schema)
	require.NoError(t, err)
	me, err := env.s.Whoami(ctx)
	require.NoError(t, err)
	full := Values{
		"Name": "x", "Notes": "y", "N": 1, "Done": true, "Color": "red", "Tags": []string{"a"},
		"State": "Done", "Due": Day(2024, 1, 1), "Who": me, "Attach": FileRef{URL: "https://example.com/f"},
		"Link": "https://example.com", "Mail": "a@example.com", "Phone": "123", "Rel": other,
	}
	page, err := db.CreatePage(ctx, full)
	require.NoError(t, err)
	for name := range full {
		require.NotEmpty(t, page.Value(name), name)
	}
	clear := Values{}
	for name := range full {
		clear[name] = Clear
	}
	page, err = page.Update(ctx, clear)
	require.NoError(t, err)
	page, err = env.s.GetPage(ctx, page.ID().String(), NoCache())
	require.NoError(t, err)
	want := map[string]any{
		"Name": "", "Notes": "", "N": nil, "Done": false, "Color": nil, "Tags": []string{},
		"State": nil, "Due": nil, "Who": []uuid.UUID{}, "Attach": []FileRef{}, "Link": nil,
		"Mail": nil, "Phone": nil, "Rel": []uuid.UUID{},
	}
	for name, w := range want {
		assert.Equal(t, w, page.Value(name), name)
	}

	_, err = page.Update(ctx, Values{"Created": Clear})
	require.ErrorIs(t, err, ErrInvalidValue, "a property the database lacks")
	assert.Equal(t, "uno.Clear", Clear.String())
}

// TestDatesKeepTheirKind: a day stays a day, a moment keeps its instant, and a time zone is
// kept, through the emulator and back.
func TestDatesKeepTheirKind(t *testing.T) {
	env := newTestEnv(t)
	ctx := t.Context()
	db, err := env.s.CreateDB(ctx, env.root, NewSchema("Dates", Prop("Name", Title()), Prop("When", Date())))
	require.NoError(t, err)
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	moment := time.Date(2024, 3, 30, 18, 15, 0, 0, time.FixedZone("", -5*3600))
	tests := []struct {
		name string
		in   any
		want DateValue
	}{
		{"day", Day(2024, 3, 30), Day(2024, 3, 30)},
		{"day range", Day(2024, 3, 30).Until(time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC)), Day(2024, 3, 30).Until(time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC))},
		{"moment", moment, DateTime(moment)},
		// Notion answers a moment written with a time zone with the zone's offset and
		// "time_zone": null (recordings-2026-03-11/test_query/test_date_query.json).
		{"moment in a time zone", DateValue{Start: time.Date(2024, 3, 30, 18, 15, 0, 0, berlin), HasTime: true, TimeZone: "Europe/Berlin"},
			DateTime(time.Date(2024, 3, 30, 18, 15, 0, 0, time.FixedZone("", 3600)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := db.CreatePage(ctx, Values{"Name": tt.name, "When": tt.in})
			require.NoError(t, err)
			p, err = env.s.GetPage(ctx, p.ID().String(), NoCache())
			require.NoError(t, err)
			got, ok := p.Value("When").(DateValue)
			require.True(t, ok, "%T", p.Value("When"))
			assert.Equal(t, tt.want.HasTime, got.HasTime)
			assert.Equal(t, tt.want.TimeZone, got.TimeZone)
			assert.True(t, tt.want.Start.Equal(got.Start), "start %v, want %v", got.Start, tt.want.Start)
			assert.True(t, tt.want.End.Equal(got.End), "end %v, want %v", got.End, tt.want.End)
			assert.Equal(t, tt.want.String(), got.String(), "the same day, or the same wall time and offset")
		})
	}
}
