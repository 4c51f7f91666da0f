package ingest

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/store"
)

// rules is a rules version per format, for Options.Rules.
type rules map[activity.Format]int

func (r rules) version(f activity.Format) int {
	if f == "" {
		return r[activity.FormatFIT] + r[activity.FormatGPX] + r[activity.FormatTCX]
	}
	return r[f]
}

// decoder decodes as importer.Decode does, changed by alter for the files it names (by base
// name), and notes which files it decoded.
type decoder struct {
	alter   map[string]func(acts []activity.Activity) []activity.Activity
	mu      sync.Mutex
	decoded []string
}

func (d *decoder) decode(path string, data []byte, opts importer.Options) ([]activity.Activity, error) {
	acts, err := importer.Decode(path, data, opts)
	d.mu.Lock()
	d.decoded = append(d.decoded, filepath.Base(path))
	d.mu.Unlock()
	if f := d.alter[filepath.Base(path)]; f != nil && err == nil {
		acts = f(acts)
	}
	return acts, err
}

// rereadDir writes a folder of fixtures: four FIT files, one of them a copy of another, two
// GPX files (fixture-run-v1.gpx is the same run as fixture-nohr.fit: a duplicate) and a TCX.
func rereadDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mtime := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for _, name := range []string{"fixture-run.fit", "fixture-intervals.fit", "fixture-nohr.fit",
		"fixture-run.gpx", "fixture-run-v1.gpx", "fixture-run.tcx"} {
		writeFile(t, dir, name, fixture(t, name), mtime)
	}
	writeFile(t, dir, "intervals-copy.fit", fixture(t, "fixture-intervals.fit"), mtime)
	return dir
}

// snapshot is what the store holds: every activity, duplicates included, by id, and the
// ledger by base name.
type snapshot struct {
	acts  map[int64]store.Stored
	files map[string]store.FileState
}

func snap(t *testing.T, st *store.Store) snapshot {
	t.Helper()
	ctx := context.Background()
	list, err := st.Activities(ctx, store.Filter{IncludeDuplicates: true})
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot{acts: map[int64]store.Stored{}, files: map[string]store.FileState{}}
	for _, a := range list {
		s.acts[a.ID] = a
	}
	files, err := st.FileStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for p, f := range files {
		s.files[filepath.Base(p)] = f
	}
	return s
}

// idOf returns the id of the activity stored from the file of base name, the only one.
func (s snapshot) idOf(t *testing.T, name string) int64 {
	t.Helper()
	var ids []int64
	for id, a := range s.acts {
		if filepath.Base(a.Source.Path) == name {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("activities of %s: got ids %v, want one", name, ids)
	}
	return ids[0]
}

var equateNaN = cmpopts.EquateNaNs()

// TestRunRereadsUnderNewRules is issue 18's test: an import under rules version 1, then the
// GPX rules raised to 2 with a change that alters one GPX file's result. The second import
// decodes the GPX files alone, updates exactly the altered file's activity in place (its id
// kept), leaves every other activity and file as it was, and counts the files read again.
func TestRunRereadsUnderNewRules(t *testing.T) {
	ctx := context.Background()
	dir := rereadDir(t)
	st := openStore(t)
	v1 := rules{activity.FormatFIT: 1, activity.FormatGPX: 1, activity.FormatTCX: 1}
	opts := Options{Jobs: 4, Profile: analysis.DefaultProfile(), Rules: v1.version}
	first := &decoder{}
	opts.Decode = first.decode
	stats, err := Run(ctx, st, []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := countsOf(stats); got != (counts{New: 5, Duplicate: 2, Decoded: 7}) {
		t.Fatalf("first import: got %+v", got)
	}
	before := snap(t, st)
	for name, f := range before.files {
		if want := v1.version(f.Format); f.Rules != want || f.Format == "" {
			t.Errorf("ledger of %s after the first import: format %q, rules %d; want its format's, %d", name, f.Format, f.Rules, want)
		}
	}

	// The GPX rules change: fixture-run.gpx's heart rate is read 3 bpm higher.
	v2 := rules{activity.FormatFIT: 1, activity.FormatGPX: 2, activity.FormatTCX: 1}
	second := &decoder{alter: map[string]func([]activity.Activity) []activity.Activity{
		"fixture-run.gpx": func(acts []activity.Activity) []activity.Activity {
			for i := range acts[0].Samples {
				acts[0].Samples[i].HeartRate += 3
			}
			return acts
		},
	}}
	opts.Rules, opts.Decode = v2.version, second.decode
	stats, err = Run(ctx, st, []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(second.decoded)
	if want := []string{"fixture-run-v1.gpx", "fixture-run.gpx"}; !slices.Equal(second.decoded, want) {
		t.Errorf("decoded under the new rules: got %v, want %v", second.decoded, want)
	}
	if got := countsOf(stats); got != (counts{Unchanged: 5, Decoded: 2}) || stats.Reread != 2 {
		t.Errorf("second import: got %+v and %d re-read, want 5 unchanged, 2 decoded, 2 re-read", got, stats.Reread)
	}
	if line := stats.Line(); !strings.Contains(line, "5 unchanged, 2 re-read, 0 duplicate") {
		t.Errorf("summary line %q does not say 2 re-read", line)
	}
	after := snap(t, st)
	changed := before.idOf(t, "fixture-run.gpx")
	if got := after.idOf(t, "fixture-run.gpx"); got != changed {
		t.Errorf("fixture-run.gpx's activity: got id %d, want %d, the one it had", got, changed)
	}
	if d := cmp.Diff(stats.Touched, []store.Ref{{ID: changed, Start: before.acts[changed].Start.UTC()},
		{ID: changed, Start: before.acts[changed].Start.UTC()}}); d != "" {
		t.Errorf("touched (-got +want):\n%s", d)
	}
	if got, was := after.acts[changed].Summary.AvgHR, before.acts[changed].Summary.AvgHR; got-was < 2.9 || got-was > 3.1 {
		t.Errorf("fixture-run.gpx's average HR: got %.2f, was %.2f; want 3 bpm more", got, was)
	}
	for id, a := range before.acts {
		if id == changed {
			continue
		}
		if d := cmp.Diff(after.acts[id], a, equateNaN); d != "" {
			t.Errorf("activity %d (%s) changed (-after +before):\n%s", id, a.Source.Path, d)
		}
	}
	for name, f := range before.files {
		g := after.files[name]
		if f.Format == activity.FormatGPX {
			if g.Rules != 2 {
				t.Errorf("ledger of %s: rules %d, want 2", name, g.Rules)
			}
			f.Rules = 2
			if name == "fixture-run.gpx" {
				if g.Digest == f.Digest {
					t.Errorf("ledger of %s: digest unchanged", name)
				}
				f.Digest = g.Digest
			}
		}
		if d := cmp.Diff(g, f); d != "" {
			t.Errorf("ledger of %s (-after +before):\n%s", name, d)
		}
	}

	// Nothing more to read.
	third := &decoder{}
	opts.Decode = third.decode
	stats, err = Run(ctx, st, []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := countsOf(stats); got != (counts{Unchanged: 7}) || stats.Reread != 0 || len(third.decoded) != 0 {
		t.Errorf("third import: got %+v, %d re-read, decoded %v; want 7 unchanged", got, stats.Reread, third.decoded)
	}
	if line := stats.Line(); strings.Contains(line, "re-read") {
		t.Errorf("summary line %q says re-read", line)
	}
}

// TestRunRereadDecidesDuplicatesAgain: a file read again under new rules meets the duplicate
// rule again. fixture-run-v1.gpx duplicates fixture-nohr.fit until new rules read its times
// two hours later: then it stands alone, under the id it had.
func TestRunRereadDecidesDuplicatesAgain(t *testing.T) {
	ctx := context.Background()
	dir := rereadDir(t)
	st := openStore(t)
	opts := Options{Jobs: 2, Profile: analysis.DefaultProfile(), Rules: rules{"fit": 1, "gpx": 1, "tcx": 1}.version}
	if _, err := Run(ctx, st, []string{dir}, opts); err != nil {
		t.Fatal(err)
	}
	before := snap(t, st)
	gpx, fit := before.idOf(t, "fixture-run-v1.gpx"), before.idOf(t, "fixture-nohr.fit")
	if before.acts[gpx].DuplicateOf != fit || before.files["fixture-run-v1.gpx"].Status != store.StatusDuplicate {
		t.Fatalf("fixture-run-v1.gpx: duplicate of %d, status %s; want a duplicate of %d", before.acts[gpx].DuplicateOf,
			before.files["fixture-run-v1.gpx"].Status, fit)
	}
	d := &decoder{alter: map[string]func([]activity.Activity) []activity.Activity{
		"fixture-run-v1.gpx": func(acts []activity.Activity) []activity.Activity {
			a := &acts[0]
			a.Start = a.Start.Add(2 * time.Hour)
			for i := range a.Samples {
				a.Samples[i].Time = a.Samples[i].Time.Add(2 * time.Hour)
			}
			return acts
		},
	}}
	opts.Rules, opts.Decode = rules{"fit": 1, "gpx": 2, "tcx": 1}.version, d.decode
	if _, err := Run(ctx, st, []string{dir}, opts); err != nil {
		t.Fatal(err)
	}
	after := snap(t, st)
	if got := after.idOf(t, "fixture-run-v1.gpx"); got != gpx {
		t.Errorf("fixture-run-v1.gpx's activity: got id %d, want %d", got, gpx)
	}
	if after.acts[gpx].DuplicateOf != 0 || after.files["fixture-run-v1.gpx"].Status != store.StatusOK {
		t.Errorf("fixture-run-v1.gpx two hours later: duplicate of %d, status %s; want a primary, ok",
			after.acts[gpx].DuplicateOf, after.files["fixture-run-v1.gpx"].Status)
	}
	if after.acts[fit].DuplicateOf != 0 {
		t.Errorf("fixture-nohr.fit: a duplicate of %d, want a primary", after.acts[fit].DuplicateOf)
	}
}

// TestRunRereadAll: Options.Reread (import --reread) reads every file again but the copies,
// whose twins are read; with nothing read differently, nothing in the store changes.
func TestRunRereadAll(t *testing.T) {
	ctx := context.Background()
	dir := rereadDir(t)
	writeFile(t, dir, "broken.fit", []byte("\x0e\x10junk.FITjunk"), time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC))
	st := openStore(t)
	opts := Options{Jobs: 2, Profile: analysis.DefaultProfile()}
	if _, err := Run(ctx, st, []string{dir}, opts); err != nil {
		t.Fatal(err)
	}
	before := snap(t, st)
	d := &decoder{}
	opts.Reread, opts.Decode = true, d.decode
	stats, err := Run(ctx, st, []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(d.decoded)
	want := []string{"broken.fit", "fixture-intervals.fit", "fixture-nohr.fit", "fixture-run-v1.gpx",
		"fixture-run.fit", "fixture-run.gpx", "fixture-run.tcx"}
	if !slices.Equal(d.decoded, want) {
		t.Errorf("decoded: got %v, want %v", d.decoded, want)
	}
	if got := countsOf(stats); got != (counts{Unchanged: 1, Failed: 1, Decoded: 7}) || stats.Reread != 6 || len(stats.Touched) != 0 {
		t.Errorf("reread: got %+v, %d re-read, touched %v; want 1 unchanged, 1 failed, 6 re-read, none touched",
			got, stats.Reread, stats.Touched)
	}
	if len(stats.Failures) != 1 || stats.Failures[0].New {
		t.Errorf("failures: got %+v, want broken.fit, not new", stats.Failures)
	}
	after := snap(t, st)
	if d := cmp.Diff(after, before, equateNaN, cmp.AllowUnexported(snapshot{}),
		cmpopts.IgnoreFields(store.FileState{}, "SeenAt")); d != "" {
		t.Errorf("store after a re-read of the same results (-after +before):\n%s", d)
	}
}

// TestRunRereadsAnUpgradedStore: a store written before the ledger kept rules (rules 0, no
// digest) is read again whole at the next import, every activity keeping its id; the copy is
// marked again, not read.
func TestRunRereadsAnUpgradedStore(t *testing.T) {
	ctx := context.Background()
	dir := rereadDir(t)
	st := openStore(t)
	opts := Options{Jobs: 2, Profile: analysis.DefaultProfile()}
	if _, err := Run(ctx, st, []string{dir}, opts); err != nil {
		t.Fatal(err)
	}
	before := snap(t, st)
	for _, f := range before.files { // what migration 2 leaves of a ledger row
		f.Format, f.Rules, f.Digest = "", 0, ""
		if err := st.MarkFile(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	d := &decoder{}
	opts.Decode = d.decode
	stats, err := Run(ctx, st, []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := countsOf(stats); got != (counts{Unchanged: 1, Decoded: 6}) || stats.Reread != 6 {
		t.Errorf("import after the upgrade: got %+v, %d re-read; want 1 unchanged (the copy), 6 re-read", got, stats.Reread)
	}
	after := snap(t, st)
	if d := cmp.Diff(after, before, equateNaN, cmp.AllowUnexported(snapshot{}),
		cmpopts.IgnoreFields(store.FileState{}, "SeenAt")); d != "" {
		t.Errorf("store after reading an upgraded store again (-after +before):\n%s", d)
	}
}

// openStore opens a store in a temporary folder, closed when the test ends.
func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
