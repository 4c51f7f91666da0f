package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// seeds put representative rows into a database at each schema version the project has
// shipped (seeds[v] writes in schema v), in SQL of that version: a file with two activities,
// one of them a duplicate of the other's copy, a failed file, a profile value. A new
// migration needs a seed of the version before it (TestMigrateKeepsData says so).
var seeds = map[int]func(t *testing.T, db *sql.DB){
	0: func(t *testing.T, db *sql.DB) {}, // an empty database: nothing to keep
	1: seedV1,
	// Schema 2 added columns with defaults to files: schema 1's rows are rows of schema 2, a
	// store an easyday of schema 2 had not yet read again.
	2: seedV1,
	3: seedV3,
	4: seedV3, // schema 4 added columns with defaults to activities
	5: seedV3, // schema 5 added tables and triggers
}

// seedV3 writes schema 1's rows and an archive walked whole, as schema 3 recorded it.
func seedV3(t *testing.T, db *sql.DB) {
	t.Helper()
	seedV1(t, db)
	if _, err := db.Exec(`INSERT INTO archives (path, size, mtime_ns, entries, rules, seen_at)
		VALUES ('export.zip', 2000, 1700000000000000000, 2, 1, 4)`); err != nil {
		t.Fatalf("seed schema 3: %v", err)
	}
}

// seedV1 writes schema 1's rows. The activities' listing and samples are encoded by this
// easyday's encode, whose record formats schema 1 shares.
func seedV1(t *testing.T, db *sql.DB) {
	t.Helper()
	a := run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second)
	b := run(activity.FormatGPX, activity.SportRunning, t0, time.Hour, 2*time.Second)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("seed schema 1: %v\n%s", err, q)
		}
	}
	exec(`INSERT INTO files (path, size, mtime_ns, hash, status, reason, activities, seen_at) VALUES
		('a.fit', 100, 1700000000000000000, 'ha', 'ok', '', 1, 1),
		('b.gpx', 50, 1700000000000000000, 'hb', 'duplicate', '', 1, 2),
		('bad.fit', 3, NULL, 'hc', 'failed', 'truncated header', 0, 3)`)
	// Schema 1's columns, as they were: not insertActivitySQL, which follows the schema.
	const insertV1 = `INSERT INTO activities (id, file_path, session, format, sport, sub_sport,
	name, device, start_utc, utc_offset_s, elapsed_s, moving_s, distance_m, pace_s_per_km,
	avg_hr, max_hr, samples_n, hr_samples, laps_n, partial, moving_from, distance_from,
	hr_dropouts, hr_out_of_band, hr_spikes, hr_flatline, device_summary, notes, listing,
	analysis, duplicate_of)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	for _, x := range []struct {
		id    int64
		path  string
		a     activity.Activity
		dupOf any
	}{{1, "a.fit", a, nil}, {2, "b.gpx", b, int64(1)}} {
		r, err := encode(x.path, Put{Activity: x.a, Summary: analysis.Summarize(&x.a), Analysis: []byte(`{"profile":"old"}`)})
		if err != nil {
			t.Fatal(err)
		}
		// r.args ends with the columns schema 4 added (description, commute).
		args := append(append([]any{x.id}, r.args[:len(r.args)-2]...), x.dupOf)
		exec(insertV1, args...)
		exec(`INSERT INTO activity_data (activity_id, samples, laps, timer, breaks) VALUES (?, ?, ?, ?, ?)`,
			x.id, r.packed, r.laps, r.timer, r.breaks)
	}
	exec(`INSERT INTO profile (key, value, source, detail, updated_at) VALUES ('max_hr', '190', 'set', '', 1)`)
}

// TestMigrateKeepsData builds a store at every schema version the project has shipped, with
// representative rows, opens it with this easyday, and checks that the rows survived and the
// new columns have their defaults: a file read before the rules were recorded has rules 0 (it
// is read again) and no format or digest.
func TestMigrateKeepsData(t *testing.T) {
	ctx := context.Background()
	for v := 0; v < SchemaVersion(); v++ {
		t.Run(fmt.Sprintf("from %d", v), func(t *testing.T) {
			seed, ok := seeds[v]
			if !ok {
				t.Fatalf("no seed for schema version %d: add one to seeds, in that version's SQL", v)
			}
			path := filepath.Join(t.TempDir(), "easyday.db")
			db, err := openDB(ctx, path, migrations[:v])
			if err != nil {
				t.Fatal(err)
			}
			seed(t, db)
			db.Close()

			s := mustOpen(t, path)
			defer s.Close()
			var version int
			if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
				t.Fatal(err)
			}
			if version != SchemaVersion() {
				t.Errorf("schema version after opening: got %d, want %d", version, SchemaVersion())
			}
			if v == 0 {
				return
			}
			files, err := s.FileStates(ctx)
			if err != nil {
				t.Fatal(err)
			}
			mtime := time.Unix(0, 1700000000000000000)
			want := map[string]FileState{
				"a.fit":   {Path: "a.fit", Size: 100, ModTime: mtime, Hash: "ha", Status: StatusOK, Activities: 1},
				"b.gpx":   {Path: "b.gpx", Size: 50, ModTime: mtime, Hash: "hb", Status: StatusDuplicate, Activities: 1},
				"bad.fit": {Path: "bad.fit", Size: 3, Hash: "hc", Status: StatusFailed, Reason: "truncated header"},
			}
			if d := cmp.Diff(files, want); d != "" {
				t.Errorf("ledger after migrating (-got +want):\n%s", d)
			}
			if got := duplicateMap(t, s); !cmp.Equal(got, map[int64]int64{1: 0, 2: 1}) {
				t.Errorf("activities after migrating: got %v, want 1 and 2, a duplicate of 1", got)
			}
			a, err := s.Activity(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Samples) != 3601 {
				t.Errorf("samples of activity 1 after migrating: got %d, want 3601", len(a.Samples))
			}
			prof, err := s.Profile(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if prof["max_hr"].Value != "190" {
				t.Errorf("profile max_hr after migrating: got %+v, want 190", prof["max_hr"])
			}
			// An archive recorded before schema 6 has no entry paths (nil: it is walked again).
			wantArchives := map[string]ArchiveState{}
			if v >= 3 {
				wantArchives["export.zip"] = ArchiveState{Path: "export.zip", Size: 2000, ModTime: mtime, Entries: 2, Rules: 1}
			}
			if archives, err := s.ArchiveStates(ctx); err != nil || !cmp.Equal(archives, wantArchives) {
				t.Errorf("archives after migrating: %v, %v; want %v", archives, err, wantArchives)
			}
			// The migrated store works as a new one: reading a.fit again keeps its id, and
			// raises the generation (schema 5's triggers).
			before, err := s.Generation(ctx)
			if err != nil {
				t.Fatal(err)
			}
			res := mustPut(t, s, "a.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))
			if res.Activities[0].ID != 1 {
				t.Errorf("a.fit stored again: got id %d, want 1", res.Activities[0].ID)
			}
			if after, err := s.Generation(ctx); err != nil || after == before {
				t.Errorf("generation after a put: %s (%v), before %s: want another", after, err, before)
			}
		})
	}
}

// TestDigest checks that Digest names what decoding gave: the same under another path, with
// another summary or analysis; different when a sample, a lap or a decoded field differs.
func TestDigest(t *testing.T) {
	base := run(activity.FormatFIT, activity.SportRunning, t0, 10*time.Minute, time.Second)
	digest := func(path string, puts ...Put) string {
		t.Helper()
		d, err := Digest(path, puts)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	want := digest("a.fit", put(base))
	same := map[string]Put{
		"another path":    put(base),
		"another summary": {Activity: base, Summary: analysis.Summary{MovingS: 1}},
		"an analysis":     {Activity: base, Summary: analysis.Summarize(&base), Analysis: []byte(`{"x":1}`)},
	}
	for name, p := range same {
		if got := digest("b/c.fit", p); got != want {
			t.Errorf("%s: digest %s, want %s", name, got, want)
		}
	}
	encoded := put(base)
	if err := encoded.Encode("a.fit"); err != nil {
		t.Fatal(err)
	}
	if got := digest("a.fit", encoded); got != want {
		t.Errorf("encoded ahead: digest %s, want %s", got, want)
	}
	change := map[string]func(a *activity.Activity){
		"a sample's distance": func(a *activity.Activity) { a.Samples[5].Distance += 1 },
		"a heart rate gone":   func(a *activity.Activity) { a.Samples[5].HeartRate = activity.NewSample(t0).HeartRate },
		"a sample more":       func(a *activity.Activity) { a.Samples = append(a.Samples, a.Samples[len(a.Samples)-1]) },
		"a lap":               func(a *activity.Activity) { a.Laps = []activity.Lap{activity.NewLap(t0)} },
		"the sub-sport":       func(a *activity.Activity) { a.SubSport = "trail" },
		"the session":         func(a *activity.Activity) { a.Source.Session = 1 },
		"partial":             func(a *activity.Activity) { a.Partial = true },
		"a note":              func(a *activity.Activity) { a.Notes = []string{"x"} },
		"the device summary":  func(a *activity.Activity) { a.Summary = &activity.DeviceSummary{DistanceM: 1} },
	}
	for name, f := range change {
		a := run(activity.FormatFIT, activity.SportRunning, t0, 10*time.Minute, time.Second)
		f(&a)
		if got := digest("a.fit", put(a)); got == want {
			t.Errorf("%s changed: digest unchanged", name)
		}
	}
	if got := digest("a.fit", put(base), put(base)); got == want {
		t.Error("two activities: digest of one")
	}
}

// TestSetSummaries checks that replacing an activity's summary and analysis leaves exactly the
// row PutFile would have stored with them, its id and decoded data unchanged.
func TestSetSummaries(t *testing.T) {
	ctx := context.Background()
	a := run(activity.FormatFIT, activity.SportRunning, t0, 20*time.Minute, time.Second)
	a.Source.Path = "a.fit"
	other := analysis.Summarize(&a)
	other.MovingS, other.DistanceM, other.AvgHR, other.MovingFrom, other.HR.Spikes = 1000, 4321, 150.5, "pauses", 3
	analysed := []byte(`{"new":true}`)

	want := openTest(t)
	want.now = func() time.Time { return t0 }
	if _, err := want.PutFile(ctx, FileState{Path: "a.fit", Size: 1}, []Put{{Activity: a, Summary: other, Analysis: analysed}}); err != nil {
		t.Fatal(err)
	}
	got := openTest(t)
	got.now = want.now
	id := mustPut(t, got, "a.fit", a).Activities[0].ID
	if err := got.SetSummaries(ctx, map[int64]Put{id: {Activity: a, Summary: other, Analysis: analysed}, 99: {Activity: a}}); err != nil {
		t.Fatal(err)
	}
	// The ledgers differ (size, hash), the activities must not.
	g, w := dumpRows(t, got), dumpRows(t, want)
	if d := cmp.Diff(g[1:], w[1:]); d != "" {
		t.Errorf("rows after SetSummaries (-got +want PutFile's):\n%s", d)
	}
	list, err := got.Activities(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Summary.DistanceM != 4321 || string(list[0].Analysis) != string(analysed) {
		t.Errorf("Activities after SetSummaries: got %+v, want distance 4321 and the new analysis", list)
	}
}
