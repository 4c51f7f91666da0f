package ingest

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/store"
)

// TestFingerprintEveryField: a change to any field of the profile changes the fingerprint.
func TestFingerprintEveryField(t *testing.T) {
	base := analysis.DefaultProfile()
	fp := Fingerprint(base)
	if again := Fingerprint(analysis.DefaultProfile()); again != fp {
		t.Fatalf("Fingerprint of equal profiles: %q and %q", fp, again)
	}
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		p := base
		f := reflect.ValueOf(&p).Elem().Field(i)
		switch f.Kind() {
		case reflect.Float64:
			f.SetFloat(123.5)
		case reflect.String:
			f.SetString(f.String() + "x")
		default:
			t.Fatalf("field %s of kind %s: teach this test to change it", typ.Field(i).Name, f.Kind())
		}
		if Fingerprint(p) == fp {
			t.Errorf("changing %s leaves the fingerprint %q", typ.Field(i).Name, fp)
		}
	}
}

// TestCurrentAndClassify: a stored analysis is current for the profile and the zone it was
// classified under; another zone classifies the season again without analysing the samples
// again, another profile analyses them again.
func TestCurrentAndClassify(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	mtime := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	writeFile(t, dir, "run.fit", fixture(t, "fixture-run.fit"), mtime)
	writeFile(t, dir, "intervals.fit", fixture(t, "fixture-intervals.fit"), mtime)
	p := analysis.DefaultProfile()
	if _, err := Run(ctx, st, []string{dir}, Options{Profile: p, Loc: time.UTC}); err != nil {
		t.Fatal(err)
	}
	acts, err := st.Activities(ctx, store.Filter{})
	if err != nil || len(acts) != 2 {
		t.Fatalf("stored %d activities (%v), want 2", len(acts), err)
	}
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	withMaxHR := p
	withMaxHR.MaxHR = 190

	current := func(p analysis.Profile, loc *time.Location) bool {
		t.Helper()
		ok, err := Current(ctx, st, p, loc)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	classify := func(p analysis.Profile, loc *time.Location) int {
		t.Helper()
		n, err := Classify(ctx, st, p, loc)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if !current(p, time.UTC) {
		t.Errorf("after the import: not current for its profile and zone")
	}
	if current(p, kiritimati) || current(withMaxHR, time.UTC) {
		t.Errorf("after the import: current for another zone or profile")
	}
	if n := classify(p, kiritimati); n != 0 {
		t.Errorf("Classify in another zone analysed %d activities again, want 0", n)
	}
	if !current(p, kiritimati) || current(p, time.UTC) {
		t.Errorf("after Classify in another zone: current %v there and %v in UTC, want true and false",
			current(p, kiritimati), current(p, time.UTC))
	}
	if n := classify(withMaxHR, kiritimati); n != 2 {
		t.Errorf("Classify under another profile analysed %d activities again, want 2", n)
	}
	if !current(withMaxHR, kiritimati) {
		t.Errorf("after Classify under another profile: not current")
	}
	if n := classify(withMaxHR, kiritimati); n != 0 {
		t.Errorf("Classify with nothing stale analysed %d activities again, want 0", n)
	}
	for _, a := range acts {
		if _, ok := StoredResult(a.Analysis); !ok {
			t.Errorf("activity %d: no stored result after the import", a.ID)
		}
	}
}

// TestClassifyUnderNewAnalysisRules: analyses made under older analysis rules (here: made by
// an easyday whose summaries were wrong) are made again, summaries included, from the stored
// samples; a new profile alone re-analyses without touching the summaries.
func TestClassifyUnderNewAnalysisRules(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := t.TempDir()
	mtime := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	writeFile(t, dir, "run.fit", fixture(t, "fixture-run.fit"), mtime)
	writeFile(t, dir, "run.gpx", fixture(t, "fixture-run.gpx"), mtime)
	p := analysis.DefaultProfile()
	if _, err := Run(ctx, st, []string{dir}, Options{Profile: p, Loc: time.UTC}); err != nil {
		t.Fatal(err)
	}
	imported, err := st.Activities(ctx, store.Filter{})
	if err != nil || len(imported) != 2 {
		t.Fatalf("stored %d activities (%v), want 2", len(imported), err)
	}

	// A new profile: every activity analysed again, no summary rewritten.
	withMaxHR := p
	withMaxHR.MaxHR = 190
	if n, err := Classify(ctx, st, withMaxHR, time.UTC); err != nil || n != 2 {
		t.Fatalf("Classify under a new profile: %d analysed again (%v), want 2", n, err)
	}
	again, err := st.Activities(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if d := cmp.Diff(again[i].Summary, imported[i].Summary, cmpopts.EquateNaNs()); d != "" {
			t.Errorf("activity %d's summary after a new profile (-got +want):\n%s", again[i].ID, d)
		}
	}

	// What an easyday of older analysis rules left: other summaries, analyses of rules 0.
	old, err := encodeStored(Stored{Profile: "rules 0 " + Fingerprint(withMaxHR)})
	if err != nil {
		t.Fatal(err)
	}
	wrong := map[int64]store.Put{}
	for _, s := range imported {
		a, err := st.Activity(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		sum := s.Summary
		sum.DistanceM, sum.MovingS = 2*sum.DistanceM, sum.MovingS+60
		wrong[s.ID] = store.Put{Activity: a, Summary: sum, Analysis: old}
	}
	if err := st.SetSummaries(ctx, wrong); err != nil {
		t.Fatal(err)
	}
	if ok, err := Current(ctx, st, withMaxHR, time.UTC); err != nil || ok {
		t.Fatalf("Current over analyses of older rules: %v (%v), want false", ok, err)
	}
	if n, err := Classify(ctx, st, withMaxHR, time.UTC); err != nil || n != 2 {
		t.Fatalf("Classify under new rules: %d analysed again (%v), want 2", n, err)
	}
	if ok, err := Current(ctx, st, withMaxHR, time.UTC); err != nil || !ok {
		t.Errorf("Current after Classify: %v (%v), want true", ok, err)
	}
	fixed, err := st.Activities(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range fixed {
		want := imported[i].Summary
		if math.Abs(s.Summary.DistanceM-want.DistanceM) > 0.5 || math.Abs(s.Summary.MovingS-want.MovingS) > 0.5 {
			t.Errorf("activity %d's summary under new rules: %.2f m in %.1f s, want the import's %.2f m in %.1f s",
				s.ID, s.Summary.DistanceM, s.Summary.MovingS, want.DistanceM, want.MovingS)
		}
		if got, ok := DecodeStored(s.Analysis); !ok || got.Rules != analysis.RulesVersion || got.Result == nil {
			t.Errorf("activity %d's analysis: rules %d, result %v; want rules %d and a result", s.ID, got.Rules, got.Result, analysis.RulesVersion)
		}
	}
}

// TestCurrentRemembers: a check that finds every analysis current keeps the store's
// generation with it, and answers from it while the store is unchanged; any write to an
// analysis since makes it look again, and find what changed.
func TestCurrentRemembers(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := t.TempDir()
	writeFile(t, dir, "run.fit", fixture(t, "fixture-run.fit"), time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC))
	p := analysis.DefaultProfile()
	if _, err := Run(ctx, st, []string{dir}, Options{Profile: p, Loc: time.UTC}); err != nil {
		t.Fatal(err)
	}
	// The import classified everything: it kept the mark, before any check.
	gen, err := st.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mark, ok, err := st.State(ctx, currentKey)
	if want := gen + " " + Fingerprint(p) + " UTC"; err != nil || !ok || mark != want {
		t.Fatalf("kept %q (%t, %v), want %q", mark, ok, err, want)
	}
	if ok, err := Current(ctx, st, p, time.UTC); err != nil || !ok {
		t.Fatalf("after the import: Current %t, %v; want true", ok, err)
	}
	acts, err := st.Activities(ctx, store.Filter{})
	if err != nil || len(acts) != 1 {
		t.Fatalf("stored %d activities (%v), want 1", len(acts), err)
	}
	// An analysis written by another profile's run: the generation moves, Current looks.
	if err := st.SetAnalysis(ctx, acts[0].ID, []byte(`{"profile":"another","zone":"UTC"}`)); err != nil {
		t.Fatal(err)
	}
	if ok, err := Current(ctx, st, p, time.UTC); err != nil || ok {
		t.Errorf("after another profile's analysis was written: Current %t, %v; want false", ok, err)
	}
	// The mark answers alone: kept for this generation, it is believed (the stale analysis
	// is not read); for another zone, the analyses are read.
	gen, err = st.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetState(ctx, currentKey, gen+" "+Fingerprint(p)+" UTC"); err != nil {
		t.Fatal(err)
	}
	if ok, err := Current(ctx, st, p, time.UTC); err != nil || !ok {
		t.Errorf("with the mark for this generation: Current %t, %v; want true, from the mark", ok, err)
	}
	if ok, err := Current(ctx, st, p, time.FixedZone("Elsewhere", 3600)); err != nil || ok {
		t.Errorf("with the mark for UTC, in another zone: Current %t, %v; want false", ok, err)
	}
}

// TestClassifyKeepsUnchangedContexts: files that arrive late, in the middle of a season,
// leave the store classified exactly as an import of everything at once does, result and
// calendar context alike; and Classify reads whole (variants included) only the analyses
// whose context changed or that it writes, not the season's.
func TestClassifyKeepsUnchangedContexts(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	if _, err := demo.Generate(src, demo.Options{Weeks: 8, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	p := analysis.DefaultProfile()
	p.MaxHR = 190
	importDir := func(st *store.Store, dir string) {
		if _, err := Run(ctx, st, []string{dir}, Options{Profile: p, Loc: time.UTC}); err != nil {
			t.Fatal(err)
		}
	}
	copyFiles := func(dir string, keep func(i int) bool) {
		for i, e := range ents {
			if e.Name() == "labels.tsv" || !keep(i) {
				continue
			}
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// At once.
	whole := openStore(t)
	importDir(whole, src)
	// Late: every fifth file a run later, then nothing new.
	late, dir := openStore(t), t.TempDir()
	copyFiles(dir, func(i int) bool { return i%5 != 2 })
	importDir(late, dir)
	copyFiles(dir, func(i int) bool { return i%5 == 2 })
	before := readWhole.Load()
	importDir(late, dir)
	added := int(readWhole.Load() - before)

	classes := func(st *store.Store) map[string]string {
		acts, err := st.Activities(ctx, store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, a := range acts {
			s, ok := DecodeStored(a.Analysis)
			if !ok || s.Result == nil || s.Context == nil {
				t.Fatalf("%s: no result or context stored", a.Source.Path)
			}
			b, _ := json.Marshal(struct {
				R *analysis.Result
				C []analysis.Class
			}{s.Result, *s.Context})
			out[filepath.Base(a.Source.Path)+"#"+strconv.Itoa(a.Source.Session)] = string(b)
		}
		return out
	}
	want, got := classes(whole), classes(late)
	if d := cmp.Diff(want, got); d != "" || len(want) < 30 {
		t.Errorf("late files: the store's results and contexts differ from an import at once (-at once +late):\n%s", d)
	}
	n := len(want)
	t.Logf("%d activities; adding the late files read %d analyses whole", n, added)
	if added >= n/2 {
		t.Errorf("adding %d late files read %d of %d analyses whole: want only those the new files reach", n/5, added, n)
	}
	before = readWhole.Load()
	if _, err := Classify(ctx, late, p, time.UTC); err != nil {
		t.Fatal(err)
	}
	if again := readWhole.Load() - before; again != 0 {
		t.Errorf("Classify with nothing new read %d analyses whole, want 0", again)
	}
}
