package notiontest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// recordingsDir holds real Notion exchanges at API version 2022-06-28, recordings2026Dir at
// 2026-03-11 (see their README.md files).
const (
	recordingsDir     = "../testdata/recordings"
	recordings2026Dir = "testdata/recordings-2026-03-11"
)

// recording is one recorded test: Notion's answers to the requests of a client.
type recording struct {
	Source       string `json:"source"`
	Version      string `json:"notion_version"`
	Interactions []struct {
		Method   string          `json:"method"`
		URI      string          `json:"uri"`
		Request  json.RawMessage `json:"request"`
		Status   int             `json:"status"`
		Response json.RawMessage `json:"response"`
	} `json:"interactions"`
}

// Recorded ids of the workspace the recordings were made in, and what they become here.
const (
	recordedRoot   = "00000000-0000-4000-8000-000000000001"
	recordedBot    = "00000000-0000-4000-8000-0000000000f1"
	recordedPerson = "00000000-0000-4000-8000-0000000000fa"
	recordedOther  = "00000000-0000-4000-8000-0000000000fb"
)

// fidelityExclusions are key paths that Notion sends and the emulator cannot know, with why.
// None is needed so far.
var fidelityExclusions = map[string]string{}

// mainKinds are the object kinds whose every recorded key path the emulator must answer.
var mainKinds = []string{"page", "database", "data_source", "list", "user", "block", "comment", "error"}

// kindTally counts, for one object kind, the key paths Notion sent in the compared exchanges
// and how many of them the emulator sent too.
type kindTally struct {
	exchanges int
	recorded  int
	matched   int
	missing   map[string]int // key path -> exchanges where it was missing
}

// TestFidelity replays the requests of every recording of API version 2022-06-28 against a
// fresh emulator, mapping the recorded ids to the emulator's (the recorded root page is the
// emulator's root page; ids in answers to the replayed requests map to the recorded ones),
// and compares the key paths of the answers, per kind of object, wherever the emulator
// answered with the recorded status. Print the table with: go test ./notiontest -run
// Fidelity -v (with FIDELITY_DEBUG=1 it also logs every exchange answered with another
// status).
func TestFidelity(t *testing.T) { checkFidelity(t, recordingsDir, notionVersion) }

// TestFidelity2026 does the same with the recordings of API version 2026-03-11 (one of them
// made at 2025-09-03, replayed at its own version), and checks that no answer at 2026-03-11
// says archived.
func TestFidelity2026(t *testing.T) { checkFidelity(t, recordings2026Dir, "2026-03-11") }

// checkFidelity replays the recordings under dir (at their own version, else version) and
// compares key paths per kind.
func checkFidelity(t *testing.T, dir, version string) {
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	tallies := map[string]*kindTally{}
	replayed, sameStatus := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var rec recording
		require.NoError(t, json.Unmarshal(data, &rec), f)
		r := newReplayer(t, cmp.Or(rec.Version, version))
		for _, in := range rec.Interactions {
			status, answer := r.send(in.Method, in.URI, in.Request)
			replayed++
			var want any
			if len(in.Response) > 0 {
				_ = json.Unmarshal(in.Response, &want)
			}
			if status != in.Status || answer == nil {
				if os.Getenv("FIDELITY_DEBUG") != "" {
					t.Logf("%s: %s %s: recorded %d, emulator %d %v", filepath.Base(f), in.Method, in.URI, in.Status, status, answer["message"])
				}
				continue
			}
			sameStatus++
			if status == http.StatusOK && !isStateDependentList(in.Method, in.URI) {
				r.learnIDs(want, answer)
			}
			compareKinds(tallies, want, answer, !strings.HasSuffix(in.URI, "/v1/search"))
			if r.version == "2026-03-11" && hasKey(answer, "archived") {
				t.Errorf("%s: %s %s: the answer at 2026-03-11 says archived", filepath.Base(f), in.Method, in.URI)
			}
		}
		r.srv.Close()
	}
	kinds := make([]string, 0, len(tallies))
	for k := range tallies {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "replayed %d exchanges, %d answered with the recorded status\n", replayed, sameStatus)
	fmt.Fprintf(&b, "%-32s %9s %9s %9s %7s\n", "kind", "exchanges", "keys", "matched", "match")
	for _, k := range kinds {
		tl := tallies[k]
		fmt.Fprintf(&b, "%-32s %9d %9d %9d %6.1f%%\n", k, tl.exchanges, tl.recorded, tl.matched, 100*float64(tl.matched)/float64(max(tl.recorded, 1)))
	}
	t.Log("\n" + b.String())
	for _, k := range kinds {
		main := slices.ContainsFunc(mainKinds, func(m string) bool { return k == m || strings.HasPrefix(k, m+":") })
		for path, n := range tallies[k].missing {
			if _, excluded := fidelityExclusions[path]; excluded {
				continue
			}
			if main {
				t.Errorf("%s: Notion sends %s, the emulator did not (%d exchanges)", k, path, n)
			} else {
				t.Logf("%s: Notion sends %s, the emulator did not (%d exchanges)", k, path, n)
			}
		}
	}
}

// replayer sends recorded requests to one emulator at one API version, translating ids.
type replayer struct {
	t       *testing.T
	srv     *Server
	version string
	ids     map[string]string // recorded id (dashed, or a property/option id) -> emulator id
}

// newReplayer starts an emulator whose workspace stands in for the recorded one.
func newReplayer(t *testing.T, version string) *replayer {
	srv := NewServer()
	r := &replayer{t: t, srv: srv, version: version, ids: map[string]string{
		recordedRoot: srv.RootPageID,
		recordedBot:  srv.BotID,
	}}
	r.ids[recordedPerson] = srv.AddUser("Florian Wilhelm", "florian@example.com")
	r.ids[recordedOther] = srv.AddUser("Flo-Bot", "flo-bot@example.com")
	return r
}

// uuidLike matches dashed or compact UUIDs.
var uuidLike = regexp.MustCompile(`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`)

// translate maps a recorded id (in any form) to the emulator's, or returns s unchanged.
func (r *replayer) translate(s string) string {
	if uuidLike.MatchString(s) {
		if id, ok := normalizeID(s); ok {
			if m, ok := r.ids[id]; ok {
				return m
			}
		}
		return s
	}
	if m, ok := r.ids[s]; ok {
		return m
	}
	return s
}

// translateValue maps every recorded id in a decoded request body, keys included.
func (r *replayer) translateValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[r.translate(k)] = r.translateValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = r.translateValue(e)
		}
		return out
	case string:
		return r.translate(x)
	}
	return v
}

// send replays one request and returns the emulator's status and decoded answer.
func (r *replayer) send(method, uri string, body json.RawMessage) (int, map[string]any) {
	u, err := url.Parse(uri)
	require.NoError(r.t, err)
	segs := strings.Split(u.EscapedPath(), "/")
	for i, s := range segs {
		if raw, err := url.PathUnescape(s); err == nil {
			if m := r.translate(raw); m != raw {
				segs[i] = url.PathEscape(m)
			} else if m := r.translate(s); m != s {
				segs[i] = m
			}
		}
	}
	q := u.Query()
	for k, vs := range q {
		for i, v := range vs {
			vs[i] = r.translate(v)
		}
		q[k] = vs
	}
	target := r.srv.URL + strings.Join(segs, "/")
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var rd io.Reader
	if len(body) > 0 && string(body) != "null" {
		var v any
		require.NoError(r.t, json.Unmarshal(body, &v))
		data, err := json.Marshal(r.translateValue(v))
		require.NoError(r.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(r.t.Context(), method, target, rd)
	require.NoError(r.t, err)
	req.Header.Set("Authorization", "Bearer "+r.srv.Token)
	req.Header.Set("Notion-Version", r.version)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(r.t, err)
	defer res.Body.Close()
	var answer map[string]any
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		return res.StatusCode, nil
	}
	return res.StatusCode, answer
}

// idKeys are the keys whose values are ids worth mapping between the recording and the
// emulator.
var idKeys = map[string]bool{"id": true, "discussion_id": true, "synced_property_id": true}

// learnIDs walks a recorded answer and the emulator's answer to the same request side by side
// and maps the recorded ids to the emulator's (lists only when they have the same length).
func (r *replayer) learnIDs(want, got any) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				continue
			}
			ws, wok := wv.(string)
			gs, gok := gv.(string)
			if idKeys[k] && wok && gok && ws != gs {
				key := ws
				if id, ok := normalizeID(ws); ok {
					key = id
				}
				if _, known := r.ids[key]; !known {
					r.ids[key] = gs
				}
				continue
			}
			r.learnIDs(wv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return
		}
		for i := range w {
			r.learnIDs(w[i], g[i])
		}
	}
}

// isStateDependentList reports whether an exchange lists objects in an order that may differ
// between Notion and the emulator (search over the whole workspace, queries without sorts),
// so that its results cannot be paired one to one.
func isStateDependentList(method, uri string) bool {
	return method == http.MethodPost && (strings.HasSuffix(uri, "/v1/search") || strings.HasSuffix(uri, "/query"))
}

// compareKinds tallies, per kind of object, the key paths of want that got has too. Kinds
// that got does not hold at all are not compared. withResults false compares only the
// answer's own keys.
func compareKinds(tallies map[string]*kindTally, want, got any, withResults bool) {
	wantPaths, gotPaths := map[string]map[string]bool{}, map[string]map[string]bool{}
	collectPaths(want, "", "", wantPaths, withResults)
	collectPaths(got, "", "", gotPaths, withResults)
	for kind, paths := range wantPaths {
		have, ok := gotPaths[kind]
		if !ok {
			continue
		}
		tl := tallies[kind]
		if tl == nil {
			tl = &kindTally{missing: map[string]int{}}
			tallies[kind] = tl
		}
		tl.exchanges++
		for p := range paths {
			tl.recorded++
			if have[p] {
				tl.matched++
			} else {
				tl.missing[p]++
			}
		}
	}
}

// objectKind names the kind of a JSON object that has an "object" key: "page", "database",
// "user", "comment", "property_item", "error", "block:<type>", "list:<type>".
func objectKind(m map[string]any) string {
	kind := str(m, "object")
	if kind == "block" || kind == "list" {
		kind += ":" + str(m, "type")
	}
	return kind
}

// collectPaths records the key paths of every object in v under the kind of the nearest
// enclosing object: "properties" keys and array indices are generalized ("*", "[]").
func collectPaths(v any, kind, path string, out map[string]map[string]bool, withResults bool) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["object"].(string); ok && len(x) > 2 {
			kind, path = objectKind(x), ""
		}
		if kind == "" {
			return
		}
		if out[kind] == nil {
			out[kind] = map[string]bool{}
		}
		for k, e := range x {
			p := path + "/" + k
			if strings.HasSuffix(path, "/properties") {
				p = path + "/*"
			}
			out[kind][p] = true
			if k == "results" && !withResults {
				continue
			}
			collectPaths(e, kind, p, out, withResults)
		}
	case []any:
		for _, e := range x {
			collectPaths(e, kind, path+"[]", out, withResults)
		}
	}
}

// hasKey reports whether a decoded JSON value has the key anywhere.
func hasKey(v any, key string) bool {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x[key]; ok {
			return true
		}
		for _, e := range x {
			if hasKey(e, key) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasKey(e, key) {
				return true
			}
		}
	}
	return false
}
