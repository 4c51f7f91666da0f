package store

// The store's tests in one file although past 600 lines: opening and migrations, the ledger of
// files, activities and the duplicate rule, the profile and crash safety all build on the same
// helpers (openTest, run, put, mustPut) and on each other's fixtures.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/profile"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// openTest opens a store in a fresh temporary folder, closed when the test ends.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

var t0 = time.Date(2026, 11, 17, 6, 30, 0, 0, time.UTC)

// run builds an activity of format and sport starting at start, lasting dur, with a sample
// every step: distance at 3 m/s and a heart rate.
func run(format activity.Format, sport activity.Sport, start time.Time, dur, step time.Duration) activity.Activity {
	a := activity.Activity{
		Source: activity.Source{Path: "x." + string(format), Format: format},
		Sport:  sport,
		Start:  start,
	}
	for d := time.Duration(0); d <= dur; d += step {
		s := activity.NewSample(start.Add(d))
		s.Distance = 3 * d.Seconds()
		s.HeartRate = 140 + float64(int(d.Seconds())%7)
		a.Samples = append(a.Samples, s)
	}
	return a
}

// put returns the Put of a with its recomputed summary.
func put(a activity.Activity) Put { return Put{Activity: a, Summary: analysis.Summarize(&a)} }

// mustPut stores acts as the file at path and returns the outcomes.
func mustPut(t *testing.T, s *Store, path string, acts ...activity.Activity) PutResult {
	t.Helper()
	puts := make([]Put, len(acts))
	for i, a := range acts {
		puts[i] = put(a)
	}
	res, err := s.PutFile(context.Background(), FileState{Path: path, Size: 100, ModTime: t0, Hash: "h-" + path}, puts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestOpenSetsPragmas(t *testing.T) {
	s := openTest(t)
	tests := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"synchronous", "1"}, // NORMAL
		{"user_version", fmt.Sprint(SchemaVersion())},
	}
	for _, tt := range tests {
		t.Run(tt.pragma, func(t *testing.T) {
			var got string
			if err := s.db.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("PRAGMA %s = %q, want %q", tt.pragma, got, tt.want)
			}
		})
	}
}

func TestOpenPaths(t *testing.T) {
	tests := []struct {
		name string
		rel  string
	}{
		{"missing folders", "a/b/c/easyday.db"},
		{"odd characters", "we?ird #dir %20/my data&more=1.db"},
		{"unicode", "läufer/日記.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.rel)
			s, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetProfile(context.Background(), "age", "40", profile.Set, ""); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("database not at %s: %v", path, err)
			}
		})
	}
}

func TestOpenNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(context.Background(), path); err == nil {
		s.Close()
		t.Errorf("Open of a text file: got nil error")
	} else if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name %s", err, path)
	}
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	v1 := `CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);`
	v2 := `ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT 'x'; INSERT INTO t VALUES (2, 'y');`
	path := filepath.Join(t.TempDir(), "old.db")

	// An easyday that knew one migration wrote the database.
	db, err := openDB(ctx, path, []string{v1})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	// This one knows two: opening migrates, keeping the data.
	db, err = openDB(ctx, path, []string{v1, v2})
	if err != nil {
		t.Fatalf("open of an old version: %v", err)
	}
	var version int
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != 2 {
		t.Errorf("user_version after migrating: got %d, want 2", version)
	}
	var got []string
	rows, err := db.Query("SELECT a || b FROM t ORDER BY a")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		rows.Scan(&v)
		got = append(got, v)
	}
	rows.Close()
	if d := cmp.Diff(got, []string{"1x", "2y"}); d != "" {
		t.Errorf("rows after migrating (-got +want):\n%s", d)
	}
	db.Close()

	// The one that knew one migration refuses what the newer wrote.
	if _, err := openDB(ctx, path, []string{v1}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("open of a newer version: got %v, want an error wrapping ErrNewerSchema", err)
	}
}

func TestMigrateFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	good := `CREATE TABLE t (a INTEGER);`
	bad := `CREATE TABLE u (a INTEGER); INSERT INTO nowhere VALUES (1);`
	if _, err := openDB(ctx, path, []string{good, bad}); err == nil {
		t.Fatal("open with a failing migration: got nil error")
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version, tables int
	db.QueryRow("PRAGMA user_version").Scan(&version)
	db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'u'").Scan(&tables)
	if version != 1 || tables != 0 {
		t.Errorf("after a failed second migration: got version %d and %d tables u, want 1 and 0", version, tables)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "easyday.db")
	s := mustOpen(t, path)
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), path)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open: got %v, want an error wrapping ErrNewerSchema", err)
	}
	if want := fmt.Sprintf("schema version %d", SchemaVersion()+1); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

func TestOpenEveryOldVersion(t *testing.T) {
	for v := 0; v < SchemaVersion(); v++ {
		t.Run(fmt.Sprintf("from %d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "easyday.db")
			db, err := openDB(context.Background(), path, migrations[:v])
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			s := mustOpen(t, path)
			defer s.Close()
			mustPut(t, s, "a.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))
		})
	}
}

func mustOpen(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPutFileRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	zone := time.FixedZone("", 3600)
	a := run(activity.FormatFIT, activity.SportRunning, t0.In(zone), 40*time.Minute, time.Second)
	a.Source = activity.Source{Path: "garmin.zip!/1.fit", Format: activity.FormatFIT, Session: 1}
	a.SubSport = "trail"
	a.Name = "Recovery jog"
	a.HasUTCOffset = true
	a.Device = "Garmin Fr945"
	a.Partial = true
	a.Notes = []string{"header CRC 0x0000", `odd "quotes"`}
	a.Breaks = []int{10, 600}
	lap := activity.NewLap(t0.Add(time.Minute))
	lap.ElapsedS, lap.DistanceM, lap.Intensity, lap.Trigger, lap.WorkoutStep = 300, 1000, "active", "distance", 2
	a.Laps = []activity.Lap{activity.NewLap(t0), lap}
	a.Timer = []activity.TimerEvent{{Time: t0, Start: true}, {Time: t0.Add(40 * time.Minute)}}
	a.Summary = &activity.DeviceSummary{DistanceM: 7200, TimerS: 2400, ElapsedS: 2410, AvgHR: 143,
		MaxHR: math.NaN(), TotalTrainingEffect: 2.1}
	p := put(a)

	res, err := s.PutFile(ctx, FileState{Path: "garmin.zip!/1.fit", Size: 1234, ModTime: t0, Hash: "abc"}, []Put{p})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Activities) != 1 || res.Activities[0].Duplicate() || res.Status != StatusOK {
		t.Fatalf("PutFile: got %+v, want one primary activity, status ok", res)
	}
	id := res.Activities[0].ID

	got, err := s.Activity(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(got, a, cmpopts.EquateNaNs(), cmpopts.IgnoreFields(activity.Activity{}, "Samples")); d != "" {
		t.Errorf("Activity (-got +want):\n%s", d)
	}
	if d := sampleDiff(got.Samples, a.Samples); d != "" {
		t.Errorf("Activity samples (-got +want):\n%s", d)
	}
	if _, off := got.Start.Zone(); off != 3600 {
		t.Errorf("start offset: got %d s, want 3600", off)
	}

	list, err := s.Activities(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Stored{{
		ID: id, Source: a.Source, Sport: a.Sport, SubSport: a.SubSport, Name: a.Name, Device: a.Device,
		Start: a.Start, HasUTCOffset: true, Summary: p.Summary, Samples: len(a.Samples), Laps: 2,
		Partial: true, DeviceSummary: a.Summary, Notes: a.Notes,
	}}
	if d := cmp.Diff(list, want, cmpopts.EquateNaNs()); d != "" {
		t.Errorf("Activities (-got +want):\n%s", d)
	}

	if _, err := s.Activity(ctx, id+100); !errors.Is(err, ErrNotFound) {
		t.Errorf("Activity of an unknown id: got %v, want ErrNotFound", err)
	}
}

func TestPutFileEdgeActivities(t *testing.T) {
	noSamples := run(activity.FormatFIT, activity.SportSwimming, t0, 0, time.Second)
	noSamples.Samples = nil
	utf := run(activity.FormatGPX, activity.SportHiking, t0.In(time.FixedZone("", -9*3600-1800)), time.Minute, time.Second)
	utf.HasUTCOffset = true
	utf.Name, utf.Device = "Mañana — 日の出 \x00 run", "Suunto 9 Baro"
	sparse := run(activity.FormatTCX, activity.SportOther, t0, 10*time.Hour, 7*time.Minute)
	noStart := run(activity.FormatGPX, activity.SportRunning, t0.Add(time.Hour), time.Minute, time.Second)
	noStart.Start = time.Time{}
	tests := []struct {
		name string
		a    activity.Activity
		// start is the start stored; a.Start unless set.
		start time.Time
	}{
		{name: "no samples", a: noSamples},
		{name: "odd strings and a half-hour offset", a: utf},
		{name: "sparse samples", a: sparse},
		{name: "no start: the first sample's", a: noStart, start: t0.Add(time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t)
			wantStart := tt.start
			if wantStart.IsZero() {
				wantStart = tt.a.Start
			}
			res := mustPut(t, s, tt.a.Source.Path, tt.a)
			if got := res.Activities[0].Start; !got.Equal(wantStart) || got.Location() != time.UTC {
				t.Errorf("Outcome.Start: got %s, want %s in UTC", got, wantStart)
			}
			got, err := s.Activity(ctx, res.Activities[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(got, tt.a, cmpopts.EquateNaNs(), cmpopts.IgnoreFields(activity.Activity{}, "Samples", "Start")); d != "" {
				t.Errorf("Activity (-got +want):\n%s", d)
			}
			if !got.Start.Equal(wantStart) {
				t.Errorf("Activity start: got %s, want %s", got.Start, wantStart)
			}
			if d := sampleDiff(got.Samples, tt.a.Samples); d != "" {
				t.Errorf("samples (-got +want):\n%s", d)
			}
			list, err := s.Activities(ctx, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].Name != tt.a.Name || !list[0].Start.Equal(wantStart) {
				t.Errorf("Activities: got %+v, want one with name %q, start %s", list, tt.a.Name, wantStart)
			}
		})
	}
}

func TestPutFileCancelled(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.PutFile(ctx, FileState{Path: "a.fit"}, []Put{put(run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("PutFile with a cancelled context: got %v, want context.Canceled", err)
	}
	if got := duplicateMap(t, s); len(got) != 0 {
		t.Errorf("activities after a cancelled PutFile: got %v, want none", got)
	}
}

func TestActivitiesFilter(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	day := 24 * time.Hour
	mustPut(t, s, "3.fit", run(activity.FormatFIT, activity.SportRunning, t0.Add(2*day), time.Hour, 10*time.Second))
	mustPut(t, s, "1.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, 10*time.Second))
	mustPut(t, s, "2.fit", run(activity.FormatFIT, activity.SportCycling, t0.Add(day), time.Hour, 10*time.Second))
	mustPut(t, s, "2.gpx", run(activity.FormatGPX, activity.SportCycling, t0.Add(day), time.Hour, 10*time.Second))
	tests := []struct {
		name   string
		filter Filter
		want   []string
	}{
		{"all primaries", Filter{}, []string{"1.fit", "2.fit", "3.fit"}},
		{"with duplicates", Filter{IncludeDuplicates: true}, []string{"1.fit", "2.fit", "2.gpx", "3.fit"}},
		{"from", Filter{From: t0.Add(day)}, []string{"2.fit", "3.fit"}},
		{"to is exclusive", Filter{To: t0.Add(day)}, []string{"1.fit"}},
		{"from and to", Filter{From: t0.Add(time.Minute), To: t0.Add(3 * day)}, []string{"2.fit", "3.fit"}},
		{"nothing", Filter{From: t0.Add(10 * day)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := s.Activities(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range list {
				got = append(got, a.Source.Path)
			}
			if d := cmp.Diff(got, tt.want); d != "" {
				t.Errorf("Activities (-got +want):\n%s", d)
			}
		})
	}
}

func TestDuplicateRule(t *testing.T) {
	type act struct {
		format  activity.Format
		sport   activity.Sport
		startS  int // seconds after t0
		minutes int
		step    time.Duration
	}
	fit := func(startS, minutes int) act {
		return act{activity.FormatFIT, activity.SportRunning, startS, minutes, time.Second}
	}
	with := func(a act, f func(*act)) act { f(&a); return a }
	tests := []struct {
		name     string
		stored   act
		added    act
		wantDup  bool // the added one is a duplicate of the stored one
		wantDemo bool // the stored one became a duplicate of the added one
	}{
		{"same file under another name", fit(0, 60), fit(0, 60), true, false},
		{"GPX after FIT", fit(0, 60), with(fit(0, 60), func(a *act) { a.format = activity.FormatGPX }), true, false},
		{"FIT after GPX", with(fit(0, 60), func(a *act) { a.format = activity.FormatGPX }), fit(0, 60), false, true},
		{"TCX after GPX", with(fit(0, 60), func(a *act) { a.format = activity.FormatGPX }),
			with(fit(5, 60), func(a *act) { a.format = activity.FormatTCX }), false, true},
		{"GPX after TCX", with(fit(0, 60), func(a *act) { a.format = activity.FormatTCX }),
			with(fit(5, 60), func(a *act) { a.format = activity.FormatGPX }), true, false},
		{"more samples win", with(fit(0, 60), func(a *act) { a.step = 5 * time.Second }), fit(0, 60), false, true},
		{"fewer samples lose", fit(0, 60), with(fit(0, 60), func(a *act) { a.step = 5 * time.Second }), true, false},
		{"starts 59 s apart", fit(0, 60), fit(59, 60), true, false},
		{"starts 59 s before", fit(59, 60), fit(0, 60), true, false},
		{"starts 61 s apart", fit(0, 60), fit(61, 60), false, false},
		{"other sport", fit(0, 60), with(fit(0, 60), func(a *act) { a.sport = activity.SportCycling }), false, false},
		{"short one inside a long one", fit(0, 60), fit(30, 10), true, false},
		{"overlap 72% of the shorter", fit(0, 3), fit(50, 3), false, false},
		{"overlap 83% of the shorter", fit(0, 5), fit(50, 5), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			mk := func(a act) activity.Activity {
				return run(a.format, a.sport, t0.Add(time.Duration(a.startS)*time.Second),
					time.Duration(a.minutes)*time.Minute, a.step)
			}
			first := mustPut(t, s, "stored", mk(tt.stored)).Activities[0]
			res := mustPut(t, s, "added", mk(tt.added))
			added := res.Activities[0]

			var wantOutcome Outcome
			wantOutcome.ID, wantOutcome.Start = added.ID, t0.Add(time.Duration(tt.added.startS)*time.Second).UTC()
			wantStatus := StatusOK
			if tt.wantDup {
				wantOutcome.DuplicateOf = first.ID
				wantStatus = StatusDuplicate
			}
			if tt.wantDemo {
				wantOutcome.Demoted = []int64{first.ID}
			}
			if d := cmp.Diff(added, wantOutcome); d != "" {
				t.Errorf("outcome (-got +want):\n%s", d)
			}
			if res.Status != wantStatus {
				t.Errorf("file status: got %q, want %q", res.Status, wantStatus)
			}
			got := duplicateMap(t, s)
			want := map[int64]int64{first.ID: 0, added.ID: 0}
			if tt.wantDup {
				want[added.ID] = first.ID
			}
			if tt.wantDemo {
				want[first.ID] = added.ID
			}
			if d := cmp.Diff(got, want); d != "" {
				t.Errorf("duplicate_of by id (-got +want):\n%s", d)
			}
		})
	}
}

// duplicateMap returns every activity's duplicate_of (0 for primaries).
func duplicateMap(t *testing.T, s *Store) map[int64]int64 {
	t.Helper()
	list, err := s.Activities(context.Background(), Filter{IncludeDuplicates: true})
	if err != nil {
		t.Fatal(err)
	}
	m := map[int64]int64{}
	for _, a := range list {
		m[a.ID] = a.DuplicateOf
	}
	return m
}

func TestDuplicateGroups(t *testing.T) {
	fitRun := run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second)
	gpxRun := run(activity.FormatGPX, activity.SportRunning, t0.Add(3*time.Second), time.Hour, 2*time.Second)
	tcxRun := run(activity.FormatTCX, activity.SportRunning, t0.Add(-4*time.Second), time.Hour, time.Second)
	later := run(activity.FormatFIT, activity.SportRunning, t0.Add(5*time.Hour), time.Hour, time.Second)

	t.Run("the richest of three wins whatever the order", func(t *testing.T) {
		s := openTest(t)
		g := mustPut(t, s, "g.gpx", gpxRun).Activities[0].ID
		c := mustPut(t, s, "c.tcx", tcxRun).Activities[0].ID
		f := mustPut(t, s, "f.fit", fitRun).Activities[0]
		if d := cmp.Diff(f.Demoted, []int64{g, c}); d != "" {
			t.Errorf("demoted (-got +want):\n%s", d)
		}
		want := map[int64]int64{g: f.ID, c: f.ID, f.ID: 0}
		if d := cmp.Diff(duplicateMap(t, s), want); d != "" {
			t.Errorf("duplicate_of (-got +want):\n%s", d)
		}
	})

	t.Run("a changed file hands its duplicates to the richest of them", func(t *testing.T) {
		s := openTest(t)
		f := mustPut(t, s, "f.fit", fitRun).Activities[0].ID
		g := mustPut(t, s, "g.gpx", gpxRun).Activities[0].ID
		c := mustPut(t, s, "c.tcx", tcxRun).Activities[0].ID
		res := mustPut(t, s, "f.fit", later) // the file now holds another run
		if d := cmp.Diff(res.Replaced, []Ref{{ID: f, Start: t0}}); d != "" {
			t.Errorf("replaced (-got +want):\n%s", d)
		}
		n := res.Activities[0].ID
		want := map[int64]int64{g: c, c: 0, n: 0}
		if d := cmp.Diff(duplicateMap(t, s), want); d != "" {
			t.Errorf("duplicate_of (-got +want):\n%s", d)
		}
	})

	t.Run("a changed file with the same run takes its place back", func(t *testing.T) {
		s := openTest(t)
		f := mustPut(t, s, "f.fit", fitRun).Activities[0].ID
		g := mustPut(t, s, "g.gpx", gpxRun).Activities[0].ID
		res := mustPut(t, s, "f.fit", fitRun)
		n := res.Activities[0]
		if n.ID != f {
			t.Errorf("id of the activity stored again: got %d, want %d, the one it had", n.ID, f)
		}
		if d := cmp.Diff(n.Demoted, []int64{g}); d != "" {
			t.Errorf("demoted (-got +want):\n%s", d)
		}
		want := map[int64]int64{g: n.ID, n.ID: 0}
		if d := cmp.Diff(duplicateMap(t, s), want); d != "" {
			t.Errorf("duplicate_of (-got +want):\n%s", d)
		}
	})

	t.Run("a file read again keeps its ids, and its place among equals", func(t *testing.T) {
		s := openTest(t)
		two := run(activity.FormatFIT, activity.SportCycling, t0.Add(2*time.Hour), time.Hour, time.Second)
		two.Source.Session = 1
		first := mustPut(t, s, "f.fit", fitRun, two).Activities
		copied := mustPut(t, s, "copy.fit", fitRun).Activities[0].ID // as rich: the first stored wins
		res := mustPut(t, s, "f.fit", fitRun, two)
		if len(res.Activities) != 2 || res.Activities[0].ID != first[0].ID || res.Activities[1].ID != first[1].ID {
			t.Fatalf("outcomes stored again: got %+v, want ids %d and %d", res.Activities, first[0].ID, first[1].ID)
		}
		want := map[int64]int64{first[0].ID: 0, first[1].ID: 0, copied: first[0].ID}
		if d := cmp.Diff(duplicateMap(t, s), want); d != "" {
			t.Errorf("duplicate_of (-got +want):\n%s", d)
		}
		// A new activity after them still gets an id of its own.
		if n := mustPut(t, s, "later.fit", later).Activities[0].ID; n <= copied {
			t.Errorf("id of a new activity: got %d, want one above %d", n, copied)
		}
	})

	t.Run("a changed duplicate just goes", func(t *testing.T) {
		s := openTest(t)
		f := mustPut(t, s, "f.fit", fitRun).Activities[0].ID
		mustPut(t, s, "g.gpx", gpxRun)
		res := mustPut(t, s, "g.gpx")
		if res.Status != StatusEmpty {
			t.Errorf("status: got %q, want empty", res.Status)
		}
		if d := cmp.Diff(duplicateMap(t, s), map[int64]int64{f: 0}); d != "" {
			t.Errorf("duplicate_of (-got +want):\n%s", d)
		}
	})
}

func TestFileLedger(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.now = func() time.Time { return t0 }
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
	a := run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second)
	b := run(activity.FormatFIT, activity.SportCycling, t0.Add(2*time.Hour), time.Hour, time.Second)

	if _, err := s.PutFile(ctx, FileState{Path: "multi.fit", Size: 10, ModTime: mtime, Hash: "h1"}, []Put{put(a), put(b)}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		mark FileState
	}{
		{"failed", FileState{Path: "bad.fit", Size: 3, ModTime: mtime, Hash: "h2", Status: StatusFailed, Reason: "truncated header"}},
		{"renamed copy", FileState{Path: "copy.fit", Size: 10, ModTime: mtime, Hash: "h1", Status: StatusDuplicate, Reason: "same as multi.fit"}},
		{"empty", FileState{Path: "settings.fit", Size: 5, Status: StatusEmpty}},
		{"failed again", FileState{Path: "bad.fit", Size: 4, ModTime: mtime, Hash: "h3", Status: StatusFailed, Reason: "bad CRC",
			Format: activity.FormatFIT, Rules: 7, Digest: "d3"}},
		{"failed after it was read", FileState{Path: "multi2.fit", Size: 10, Hash: "h4", Status: StatusFailed, Reason: "bad CRC", Activities: 99}},
	}
	mustPut(t, s, "multi2.fit", run(activity.FormatFIT, activity.SportRunning, t0.Add(48*time.Hour), time.Hour, time.Second))
	for _, st := range steps {
		if err := s.MarkFile(ctx, st.mark); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
	}
	got, err := s.FileStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	full := map[string]FileState{
		"multi.fit": {Path: "multi.fit", Size: 10, ModTime: mtime, Hash: "h1", Status: StatusOK, Activities: 2, SeenAt: t0},
		"bad.fit": {Path: "bad.fit", Size: 4, ModTime: mtime, Hash: "h3", Status: StatusFailed, Reason: "bad CRC", SeenAt: t0,
			Format: activity.FormatFIT, Rules: 7, Digest: "d3"},
		"copy.fit":     {Path: "copy.fit", Size: 10, ModTime: mtime, Hash: "h1", Status: StatusDuplicate, Reason: "same as multi.fit", SeenAt: t0},
		"settings.fit": {Path: "settings.fit", Size: 5, Status: StatusEmpty, SeenAt: t0},
		"multi2.fit":   {Path: "multi2.fit", Size: 10, Hash: "h4", Status: StatusFailed, Reason: "bad CRC", Activities: 1, SeenAt: t0},
	}
	want := map[string]FileState{}
	for p, f := range full {
		f.SeenAt = time.Time{} // FileStates leaves it out
		want[p] = f
	}
	// PutFile records the digest of what it stored.
	for _, p := range []string{"multi.fit"} {
		if got[p].Digest == "" {
			t.Errorf("FileStates[%s].Digest: got none, want PutFile's", p)
		}
	}
	if d := cmp.Diff(got, want, cmpopts.IgnoreFields(FileState{}, "Digest")); d != "" {
		t.Errorf("FileStates (-got +want):\n%s", d)
	}
	if got["bad.fit"].Digest != "d3" {
		t.Errorf("FileStates[bad.fit].Digest: got %q, want MarkFile's d3", got["bad.fit"].Digest)
	}

	hashTests := []struct {
		hash   string
		want   string
		wantOK bool
	}{
		{"h1", "multi.fit", true}, // ok wins over the duplicate copy
		{"h3", "bad.fit", true},
		{"h2", "", false}, // replaced
		{"", "", false},
	}
	for _, tt := range hashTests {
		f, ok, err := s.FileByHash(ctx, tt.hash)
		if err != nil {
			t.Fatal(err)
		}
		if f.Path != tt.want || ok != tt.wantOK {
			t.Errorf("FileByHash(%q): got (%q, %v), want (%q, %v)", tt.hash, f.Path, ok, tt.want, tt.wantOK)
		}
	}

	failed, err := s.FailedFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(failed, []FileState{full["bad.fit"], full["multi2.fit"]}, cmpopts.IgnoreFields(FileState{}, "Digest")); d != "" {
		t.Errorf("FailedFiles (-got +want):\n%s", d)
	}

	// The activities of a file that fails later stay: the store is the history.
	list, err := s.Activities(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Errorf("Activities: got %d, want 3", len(list))
	}

	for _, bad := range []FileState{{Path: "", Status: StatusOK}, {Path: "x", Status: "weird"}} {
		if err := s.MarkFile(ctx, bad); err == nil {
			t.Errorf("MarkFile(%+v): got nil error", bad)
		}
	}
}

func TestProfile(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.now = func() time.Time { return t0 }
	for _, p := range []struct {
		key, value string
		source     profile.Source
		detail     string
	}{
		{"max_hr", "188", profile.Estimated, "robust high of 212 runs"},
		{"age", "41", profile.Set, ""},
		{"max_hr", "192", profile.Set, ""},
		{"lthr", "170", profile.Estimated, "best 20 min"},
	} {
		if err := s.SetProfile(ctx, p.key, p.value, p.source, p.detail); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteProfile(ctx, "lthr"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProfile(ctx, "never-set"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]profile.Stored{
		"max_hr": {Value: "192", Source: profile.Set, UpdatedAt: t0},
		"age":    {Value: "41", Source: profile.Set, UpdatedAt: t0},
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("Profile (-got +want):\n%s", d)
	}
	if err := s.SetProfile(ctx, "age", "41", "guessed", ""); err == nil {
		t.Errorf("SetProfile with source guessed: got nil error")
	}
}

func TestSetAnalysis(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id := mustPut(t, s, "a.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second)).Activities[0].ID
	v := json.RawMessage(`{"class":"easy","trimp":61.5}`)
	if err := s.SetAnalysis(ctx, id, v); err != nil {
		t.Fatal(err)
	}
	list, err := s.Activities(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(list[0].Analysis); got != string(v) {
		t.Errorf("Analysis: got %s, want %s", got, v)
	}
	if err := s.SetAnalysis(ctx, id+1, v); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetAnalysis of an unknown id: got %v, want ErrNotFound", err)
	}
	if err := s.SetAnalysis(ctx, id, json.RawMessage(`{`)); err == nil {
		t.Errorf("SetAnalysis of invalid JSON: got nil error")
	}
}

// TestConcurrentReads reads while the single writer writes (run with -race).
func TestConcurrentReads(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	const files = 40
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, 16)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				list, err := s.Activities(ctx, Filter{IncludeDuplicates: true})
				if err == nil && len(list) > 0 {
					_, err = s.Activity(ctx, list[len(list)-1].ID)
				}
				if err == nil {
					_, err = s.FileStates(ctx)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < files; i++ {
		a := run(activity.FormatFIT, activity.SportRunning, t0.Add(time.Duration(i)*time.Hour), 30*time.Minute, time.Second)
		mustPut(t, s, fmt.Sprintf("%d.fit", i), a)
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	list, err := s.Activities(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != files {
		t.Errorf("Activities: got %d, want %d", len(list), files)
	}
}

// dumpRows returns every row of the store's tables as text, in key order, leaving out the
// ledger's seen_at.
func dumpRows(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT path, size, mtime_ns, hash, status, reason, activities FROM files ORDER BY path`,
		`SELECT * FROM activities ORDER BY id`,
		`SELECT * FROM activity_data ORDER BY activity_id`,
	} {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			line := ""
			for i, v := range vals {
				line += fmt.Sprintf("%s=%#v ", cols[i], v)
			}
			out = append(out, line)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestPutFileEncoded checks that an encoded Put (Put.Encode) is stored exactly as the Put
// itself, whatever path it was encoded for and however often it is stored.
func TestPutFileEncoded(t *testing.T) {
	ctx := context.Background()
	fit := run(activity.FormatFIT, activity.SportRunning, t0.In(time.FixedZone("", 3600)), 40*time.Minute, time.Second)
	fit.HasUTCOffset, fit.Name, fit.Notes, fit.Breaks = true, "Recovery jog", []string{"a note"}, []int{10}
	fit.Laps = []activity.Lap{activity.NewLap(t0)}
	fit.Timer = []activity.TimerEvent{{Time: t0, Start: true}}
	fit.Summary = &activity.DeviceSummary{DistanceM: 7200, TimerS: 2400, ElapsedS: 2410, AvgHR: 143, MaxHR: math.NaN()}
	gpx := run(activity.FormatGPX, activity.SportRunning, t0.Add(5*time.Second), 40*time.Minute, 5*time.Second)
	bike := run(activity.FormatFIT, activity.SportCycling, t0.Add(3*time.Hour), time.Hour, time.Second)

	// The files are stored in three stores: the GPX file comes before the FIT file that makes
	// it a duplicate in the first, after it in the second, alone in the last.
	type file struct {
		path string
		acts []activity.Activity
	}
	gpxFile := file{"run.gpx", []activity.Activity{gpx}}
	fitFile := file{"run.fit", []activity.Activity{fit, bike}}
	orders := [][]file{{gpxFile, fitFile}, {fitFile, gpxFile}, {gpxFile}}
	puts := func(f file, encodeFor func(path string) string) []Put {
		var ps []Put
		for i, a := range f.acts {
			p := put(a)
			p.Analysis = json.RawMessage(fmt.Sprintf(`{"n":%d}`, i))
			if encodeFor != nil {
				if err := p.Encode(encodeFor(f.path)); err != nil {
					t.Fatal(err)
				}
			}
			ps = append(ps, p)
		}
		return ps
	}
	store := func(t *testing.T, files []file, putsOf func(file) []Put) []string {
		t.Helper()
		s := openTest(t)
		s.now = func() time.Time { return t0 }
		for _, f := range files {
			if _, err := s.PutFile(ctx, FileState{Path: f.path, Size: 10, ModTime: t0, Hash: "h-" + f.path}, putsOf(f)); err != nil {
				t.Fatal(err)
			}
		}
		return dumpRows(t, s)
	}

	var want [][]string
	for _, files := range orders {
		want = append(want, store(t, files, func(f file) []Put { return puts(f, nil) }))
	}
	if len(want[0]) == 0 || cmp.Equal(want[0], want[1]) {
		t.Fatalf("the two orders stored the same rows: the test cannot tell them apart")
	}

	samePath := func(path string) string { return path }
	tests := []struct {
		name   string
		putsOf func() func(file) []Put
	}{
		{"encoded for the path", func() func(file) []Put {
			return func(f file) []Put { return puts(f, samePath) }
		}},
		{"encoded for another path", func() func(file) []Put {
			return func(f file) []Put { return puts(f, func(string) string { return "elsewhere/" + f.path }) }
		}},
		{"encoded once, stored in every order", func() func(file) []Put {
			byPath := map[string][]Put{}
			return func(f file) []Put {
				if byPath[f.path] == nil {
					byPath[f.path] = puts(f, samePath)
				}
				return byPath[f.path]
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			putsOf := tt.putsOf()
			for i, files := range orders {
				if d := cmp.Diff(store(t, files, putsOf), want[i]); d != "" {
					t.Errorf("order %d: rows (-got +want):\n%s", i, d)
				}
			}
		})
	}
}

func TestPutInvalidAnalysis(t *testing.T) {
	p := put(run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))
	p.Analysis = json.RawMessage(`{`)
	if err := p.Encode("a.fit"); err == nil {
		t.Errorf("Encode of a Put with invalid analysis JSON: got nil error")
	}
	s := openTest(t)
	if _, err := s.PutFile(context.Background(), FileState{Path: "a.fit"}, []Put{p}); err == nil {
		t.Errorf("PutFile of a Put with invalid analysis JSON: got nil error")
	}
	if got := duplicateMap(t, s); len(got) != 0 {
		t.Errorf("activities after a failed PutFile: got %v, want none", got)
	}
}

// dirState lists the files of dir with their sizes and modification times.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprint(info.Size(), " ", info.ModTime().UnixNano())
	}
	return out
}

// TestOpenReadOnly: a read-only store reads what another wrote and changes no file beside it;
// a missing one is not created.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "no", "easyday.db")
	if s, err := OpenReadOnly(ctx, missing); !errors.Is(err, os.ErrNotExist) {
		if err == nil {
			s.Close()
		}
		t.Errorf("OpenReadOnly of a missing store: got %v, want an error wrapping fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly of a missing store made its folder: %v", err)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "easyday.db")
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, w, "a.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))
	if err := w.SetProfile(ctx, "max_hr", "190", profile.Set, ""); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	before := dirState(t, dir)
	time.Sleep(10 * time.Millisecond) // a rewrite would show in the modification times

	r, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Profile(ctx)
	if err != nil || p["max_hr"].Value != "190" {
		t.Errorf("Profile: got %v, %v; want max_hr 190", p, err)
	}
	list, err := r.Activities(ctx, Filter{})
	if err != nil || len(list) != 1 {
		t.Errorf("Activities: got %d, %v; want 1", len(list), err)
	}
	if err := r.SetProfile(ctx, "age", "40", profile.Set, ""); err == nil {
		t.Errorf("SetProfile on a read-only store: got nil error")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	// SQLite may leave the companions of a WAL database, empty, where there were none.
	after := dirState(t, dir)
	for _, name := range []string{"easyday.db-shm", "easyday.db-wal"} {
		if _, was := before[name]; !was && after[name] != "" {
			if info, err := os.Stat(filepath.Join(dir, name)); err != nil || (strings.HasSuffix(name, "-wal") && info.Size() != 0) {
				t.Errorf("%s after a read-only use: %v, %v; want none or empty", name, info.Size(), err)
			}
			delete(after, name)
		}
	}
	if d := cmp.Diff(after, before); d != "" {
		t.Errorf("files beside the store after a read-only use (-got +want):\n%s", d)
	}
	// The next writer tidies them away.
	w, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"easyday.db-shm", "easyday.db-wal"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s after a writer closed the store: %v, want none", name, err)
		}
	}
}

func TestOpenReadOnlyRefusesOtherSchemas(t *testing.T) {
	ctx := context.Background()
	for _, v := range []int{SchemaVersion() - 1, SchemaVersion() + 1} {
		path := filepath.Join(t.TempDir(), "easyday.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
			t.Fatal(err)
		}
		s.Close()
		r, err := OpenReadOnly(ctx, path)
		if err == nil {
			r.Close()
			t.Errorf("schema version %d: got nil error", v)
			continue
		}
		if newer := v > SchemaVersion(); errors.Is(err, ErrNewerSchema) != newer {
			t.Errorf("schema version %d: got %v; wraps ErrNewerSchema: want %v", v, err, newer)
		}
	}
}

func TestSpan(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	first, last, err := s.Span(ctx)
	if err != nil || !first.IsZero() || !last.IsZero() {
		t.Errorf("Span of an empty store: got %s, %s, %v; want zero times", first, last, err)
	}
	late := t0.Add(48 * time.Hour).In(time.FixedZone("", 3600))
	mustPut(t, s, "b.fit", run(activity.FormatFIT, activity.SportRunning, late, time.Hour, time.Second))
	mustPut(t, s, "a.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))
	// A duplicate starting earlier than its primary does not count.
	mustPut(t, s, "a.gpx", run(activity.FormatGPX, activity.SportRunning, t0.Add(-30*time.Second), time.Hour, time.Second))
	first, last, err = s.Span(ctx)
	if err != nil || !first.Equal(t0) || !last.Equal(late) || first.Location() != time.UTC {
		t.Errorf("Span: got %s, %s, %v; want %s, %s in UTC", first, last, err, t0, late.UTC())
	}
}
