package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/store"
)

// fixture returns the bytes of a file in the repository's testdata.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeFile writes data at dir/name with the modification time mtime.
func writeFile(t *testing.T, dir, name string, data []byte, mtime time.Time) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// fileResult is what the ledger says of a file after a run, with its path relative to the
// input folder.
type fileResult struct {
	Status store.FileStatus
	Reason string
}

// runIn imports dir into st and returns the stats and the ledger by name within dir.
func runIn(t *testing.T, st *store.Store, dir string) (Stats, map[string]fileResult) {
	t.Helper()
	ctx := context.Background()
	stats, err := Run(ctx, st, []string{dir}, Options{Jobs: 4, Profile: analysis.DefaultProfile()})
	if err != nil {
		t.Fatal(err)
	}
	files, err := st.FileStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]fileResult{}
	for p, f := range files {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		got[rel] = fileResult{f.Status, f.Reason}
	}
	return stats, got
}

// counts are the numbers of Stats a test checks.
type counts struct{ New, Changed, Unchanged, Duplicate, Failed, Decoded int }

func countsOf(s Stats) counts {
	return counts{s.New, s.Changed, s.Unchanged, s.Duplicate, s.Failed, s.Decoded}
}

// TestRunSameContent checks how a run tells files of the same content apart: a copy made in
// the run is marked against the first in walk order, every time; a renamed file is not read
// again; and a file is not taken for one whose content changed earlier in the same run.
func TestRunSameContent(t *testing.T) {
	runFIT, intervals := fixture(t, "fixture-run.fit"), fixture(t, "fixture-intervals.fit")
	t1 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	type step struct {
		write  map[string][]byte // files to write (at the step's time) before the run
		remove []string
		want   counts
		// wantFiles is the ledger after the run; "$dir" in a reason stands for the folder.
		wantFiles map[string]fileResult
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"a copy in one run", []step{{
			// b.fit, a copy of a.fit read in the same run, is a duplicate (nothing was
			// there to be unchanged), as a GPX of the same run would be.
			write: map[string][]byte{"a.fit": runFIT, "b.fit": runFIT},
			want:  counts{New: 1, Duplicate: 1, Decoded: 2},
			wantFiles: map[string]fileResult{
				"a.fit": {store.StatusOK, ""},
				"b.fit": {store.StatusDuplicate, "same content as $dir/a.fit"},
			},
		}, {
			want: counts{Unchanged: 2}, // seen again as they are
		}}},
		{"renamed", []step{{
			write: map[string][]byte{"a.fit": runFIT},
			want:  counts{New: 1, Decoded: 1},
		}, {
			write:  map[string][]byte{"b.fit": runFIT},
			remove: []string{"a.fit"},
			want:   counts{Duplicate: 1}, // not decoded: the same file under another name
			wantFiles: map[string]fileResult{
				"a.fit": {store.StatusOK, ""},
				"b.fit": {store.StatusDuplicate, "same content as $dir/a.fit"},
			},
		}}},
		{"content moved in one run", []step{{
			write: map[string][]byte{"a.fit": runFIT},
			want:  counts{New: 1, Decoded: 1},
		}, {
			// a.fit changes before b.fit, walked after it, takes its old content: b.fit
			// is no copy of a.fit any more, and is read (the worker, which looked in the
			// ledger as the run found it, had not).
			write: map[string][]byte{"a.fit": intervals, "b.fit": runFIT},
			want:  counts{New: 1, Changed: 1, Decoded: 2},
			wantFiles: map[string]fileResult{
				"a.fit": {store.StatusOK, ""},
				"b.fit": {store.StatusOK, ""},
			},
		}}},
		{"copy of a file whose content moved", []step{{
			write: map[string][]byte{"a.fit": runFIT},
			want:  counts{New: 1, Decoded: 1},
		}, {
			// b.fit takes a.fit's content, then a.fit changes: c.fit, a copy of the old
			// a.fit, is a copy of b.fit now.
			write: map[string][]byte{"a.fit": intervals, "b.fit": runFIT, "c.fit": runFIT},
			want:  counts{New: 1, Changed: 1, Duplicate: 1, Decoded: 2},
			wantFiles: map[string]fileResult{
				"a.fit": {store.StatusOK, ""},
				"b.fit": {store.StatusOK, ""},
				"c.fit": {store.StatusDuplicate, "same content as $dir/b.fit"},
			},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Run each case a few times: which worker finishes first must not matter.
			for range 5 {
				dir := t.TempDir()
				in := filepath.Join(dir, "in")
				if err := os.Mkdir(in, 0o755); err != nil {
					t.Fatal(err)
				}
				st, err := store.Open(context.Background(), filepath.Join(dir, "easyday.db"))
				if err != nil {
					t.Fatal(err)
				}
				for i, s := range tt.steps {
					mtime := t1
					if i > 0 {
						mtime = t2
					}
					for name, data := range s.write {
						writeFile(t, in, name, data, mtime)
					}
					for _, name := range s.remove {
						if err := os.Remove(filepath.Join(in, name)); err != nil {
							t.Fatal(err)
						}
					}
					stats, files := runIn(t, st, in)
					if d := cmp.Diff(countsOf(stats), s.want); d != "" {
						t.Errorf("step %d: stats (-got +want):\n%s", i, d)
					}
					if s.wantFiles == nil {
						continue
					}
					want := map[string]fileResult{}
					for name, f := range s.wantFiles {
						if f.Reason != "" {
							f.Reason = "same content as " + filepath.Join(in, f.Reason[len("same content as $dir/"):])
						}
						want[name] = f
					}
					if d := cmp.Diff(files, want); d != "" {
						t.Errorf("step %d: ledger (-got +want):\n%s", i, d)
					}
				}
				if err := st.Close(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestRunDecodingHook: Options.Decoding hears of every file a worker reads, with its size and
// (gzipped) the size it expands to, and
// each is done by the time Run returns; files skipped as unchanged are not read.
func TestRunDecodingHook(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	sizes := map[int64]int{}
	for _, name := range []string{"fixture-run.fit", "fixture-run.tcx", "fixture-nohr.fit"} {
		data := fixture(t, name)
		writeFile(t, in, name, data, mtime)
		sizes[int64(len(data))]++
	}
	// A gzipped file is heard of at its size, then with what it expands to.
	gzd := fixture(t, "fixture-run.fit.gz")
	writeFile(t, in, "fixture-run.fit.gz", gzd, mtime)
	sizes[int64(len(gzd))]++
	sizes[int64(len(gzd)+len(fixture(t, "fixture-run.fit")))]++
	st, err := store.Open(context.Background(), filepath.Join(dir, "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var mu sync.Mutex
	inflight := 0
	seen := map[int64]int{}
	opts := Options{Jobs: 2, Profile: analysis.DefaultProfile(), Decoding: func(size int64) func() {
		mu.Lock()
		defer mu.Unlock()
		inflight++
		seen[size]++
		return func() {
			mu.Lock()
			defer mu.Unlock()
			inflight--
		}
	}}
	if _, err := Run(context.Background(), st, []string{in}, opts); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sizes, seen); diff != "" {
		t.Errorf("sizes the hook heard of (-files +hook):\n%s", diff)
	}
	if inflight != 0 {
		t.Errorf("%d files still in flight after Run", inflight)
	}
	clear(seen)
	if _, err := Run(context.Background(), st, []string{in}, opts); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 0 {
		t.Errorf("the unchanged files were read again: %v", seen)
	}
}

// TestStoppedCountsDone: a run stopped early (a signal cancels its context) counts in Files
// the files it did, not every file its walk found, so that the summary line's counts add up
// to its files.
func TestStoppedCountsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for _, name := range []string{"fixture-chained.fit", "fixture-intervals.fit", "fixture-multisport.fit",
		"fixture-nohr.fit", "fixture-run.fit", "fixture-run.tcx"} {
		writeFile(t, in, name, fixture(t, name), mtime)
	}
	st, err := store.Open(ctx, filepath.Join(dir, "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := Run(ctx, st, []string{in}, Options{Jobs: 2, Profile: analysis.DefaultProfile(),
		Progress: func(p Progress) {
			if p.Done == 2 {
				cancel() // as SIGTERM does, after the second file
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run: %v; want it cancelled", err)
	}
	sum := stats.New + stats.Changed + stats.Unchanged + stats.Reread + stats.Duplicate + stats.Skipped + stats.Failed
	if stats.Files != 2 || sum != 2 {
		t.Errorf("stopped after 2 of 6 files: %+v (counts add up to %d); want 2 files", stats, sum)
	}
}
