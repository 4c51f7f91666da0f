package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/store"
)

// TestArchiveNotReopened: an archive (nested zips in it) whose path, size and modification
// time are unchanged is not opened again, and the files counted in it are unchanged; the
// failures inside it (archives nested too deep) are recorded like any failed file and not
// reported as new when the archive is read again.
func TestArchiveNotReopened(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	deep := demo.Zip("1.fit", fixture(t, "fixture-nohr.fit"))
	for range 5 { // nested five times: deeper than the four levels read
		deep = demo.Zip("d.zip", deep)
	}
	export := demo.Zip("activities/run.fit", fixture(t, "fixture-run.fit"),
		"uploads.zip", demo.Zip("iv.fit", fixture(t, "fixture-intervals.fit"), "deep.zip", deep),
	)
	mtime := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	writeFile(t, in, "export.zip", export, mtime)
	st, err := store.Open(ctx, filepath.Join(dir, "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	first, _ := runIn(t, st, in)
	if first.New != 2 || first.Failed != 1 || first.Files != 3 || !first.Failures[0].New {
		t.Fatalf("first run: %+v; want 2 new and the deep archive failed (new)", first)
	}
	failed, err := st.FailedFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || !strings.Contains(failed[0].Path, "uploads.zip!/deep.zip") || !strings.Contains(failed[0].Reason, "nested deeper") {
		t.Fatalf("recorded failures %+v; want the archive nested too deep", failed)
	}

	// The archive replaced by bytes that are no zip, with its size and time: a run that
	// opened it would fail on it.
	writeFile(t, in, "export.zip", bytes.Repeat([]byte("x"), len(export)), mtime)
	second, _ := runIn(t, st, in)
	if second.Files != first.Files || second.Unchanged != 2 || second.Decoded != 0 || second.Failed != 1 || second.Failures[0].New {
		t.Errorf("second run over the unchanged archive: %+v; want 2 files unchanged and the old failure (not new), none read", second)
	}

	// Touched (the same content, a new time): read again, every entry unchanged, and the
	// failure inside it known, not new.
	writeFile(t, in, "export.zip", export, mtime.Add(time.Hour))
	third, _ := runIn(t, st, in)
	if third.Files != first.Files || third.Unchanged != 2 || third.Failed != 1 || third.Failures[0].New || third.Decoded != 0 {
		t.Errorf("third run over the touched archive: %+v; want 2 unchanged, the old failure not new", third)
	}
	fourth, _ := runIn(t, st, in)
	if fourth.Unchanged != 2 || fourth.Failed != 1 || fourth.Decoded != 0 {
		t.Errorf("fourth run: %+v; want the archive skipped again, its failure counted", fourth)
	}

	// Newer decoding rules (an upgrade), or --reread: the archive is opened again, and found
	// to be no zip any more.
	writeFile(t, in, "export.zip", bytes.Repeat([]byte("x"), len(export)), mtime.Add(time.Hour))
	for name, opts := range map[string]Options{
		"newer rules": {Rules: func(f activity.Format) int { return importer.RulesVersion(f) + 1 }},
		"reread":      {Reread: true},
	} {
		opts.Jobs, opts.Profile = 2, analysis.DefaultProfile()
		stats, err := Run(ctx, st, []string{in}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Failed != 1 || !strings.Contains(stats.Failures[0].Reason, "zip") {
			t.Errorf("%s: %+v; want the archive opened, and failing", name, stats)
		}
	}
}

// TestArchiveFailuresCountAgain: an archive skipped as unchanged counts its entries as the
// ledger has them, as unchanged loose files count: a truncated zip, which failed to open, and
// a zip holding one bad entry count as failed again (not newly failed), so that import
// --strict fails again over them. The archive is replaced, size and time kept, by one that
// holds nothing before each run after the first: the failure counted is the recorded one, not
// one the run found by opening it.
func TestArchiveFailuresCountAgain(t *testing.T) {
	good := fixture(t, "fixture-run.fit")
	whole := demo.Zip("run.fit", good)
	for _, tc := range []struct {
		name         string
		data         []byte
		reason       string
		files, unchd int
	}{
		{"trunc.zip", whole[:len(whole)/2], "zip", 1, 0},
		{"outer.zip", demo.Zip("inner.zip", demo.Zip("empty.fit", []byte{}, "run.fit", good)), "", 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			in := filepath.Join(dir, "in")
			if err := os.Mkdir(in, 0o755); err != nil {
				t.Fatal(err)
			}
			mtime := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
			writeFile(t, in, tc.name, tc.data, mtime)
			st, err := store.Open(ctx, filepath.Join(dir, "easyday.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			first, _ := runIn(t, st, in)
			if first.Failed != 1 || first.Files != tc.files || !first.Failures[0].New ||
				!strings.Contains(first.Failures[0].Reason, tc.reason) {
				t.Fatalf("first run: %+v; want %d files, 1 newly failed", first, tc.files)
			}
			for run := 2; run <= 3; run++ {
				// Opened, it would hold nothing now: what is counted is what was recorded.
				sameSize(t, in, tc.name, mtime)
				again, _ := runIn(t, st, in)
				if again.Failed != 1 || again.Files != tc.files || again.Unchanged != tc.unchd || again.Decoded != 0 ||
					again.Failures[0].New || again.Failures[0].Path != first.Failures[0].Path ||
					again.Failures[0].Reason != first.Failures[0].Reason {
					t.Errorf("run %d: %+v; want %d files, %d unchanged, the failure of the first run (not new)",
						run, again, tc.files, tc.unchd)
				}
			}
		})
	}

}

// sameSize writes over dir/name, keeping its size and time, a zip that holds nothing (an
// empty zip padded with a comment): a run that opens the archive instead of skipping it finds
// no file in it, where a skipped one counts its recorded entries.
func sameSize(t *testing.T, dir, name string, mtime time.Time) {
	t.Helper()
	info, err := os.Stat(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := demo.EmptyZip(info.Size())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	writeFile(t, dir, name, b, mtime)
}

// TestArchiveInBangFolder: an archive in a folder whose name holds "!" is skipped when
// unchanged, as any other: its entries are found under its own path, not under the folder's.
func TestArchiveInBangFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "Runs!")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	writeFile(t, in, "export.zip", demo.Zip("run.fit", fixture(t, "fixture-run.fit"),
		"sub/iv.fit", fixture(t, "fixture-intervals.fit")), mtime)
	st, err := store.Open(ctx, filepath.Join(dir, "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if first, _ := runIn(t, st, in); first.New != 2 || first.Files != 2 {
		t.Fatalf("first run: %+v; want 2 new", first)
	}
	for run := 2; run <= 3; run++ {
		sameSize(t, in, "export.zip", mtime)
		if again, _ := runIn(t, st, in); again.Files != 2 || again.Unchanged != 2 || again.Failed != 0 || again.Decoded != 0 {
			t.Errorf("run %d over the unchanged archive: %+v; want it not opened, its 2 entries unchanged", run, again)
		}
	}
}

// TestArchiveDuplicateNames: a zip holding two entries of one name, which the ledger has as
// one file, is skipped when unchanged, that file counted once.
func TestArchiveDuplicateNames(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	run := fixture(t, "fixture-run.fit")
	mtime := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	writeFile(t, in, "export.zip", demo.Zip("run.fit", run, "run.fit", run, "iv.fit", fixture(t, "fixture-intervals.fit")), mtime)
	st, err := store.Open(ctx, filepath.Join(dir, "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, files := runIn(t, st, in)
	if first.New != 2 || first.Files != 3 || first.Failed != 0 || len(files) != 2 {
		t.Fatalf("first run: %+v, ledger %v; want 2 new of 3 entries, 2 files in the ledger", first, files)
	}
	for r := 2; r <= 3; r++ {
		sameSize(t, in, "export.zip", mtime)
		if again, _ := runIn(t, st, in); again.Files != 2 || again.Unchanged != 2 || again.Failed != 0 || again.Decoded != 0 {
			t.Errorf("run %d over the unchanged archive: %+v; want it not opened, its 2 files unchanged", r, again)
		}
	}
}

// TestArchiveLostEntry: an archive whose new version lost an entry (its bad one) is walked
// once, then skipped while unchanged, counting only the entries it holds now: the old entry's
// failure stays in the ledger (list --failed: the athlete's history), uncounted.
func TestArchiveLostEntry(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	good := fixture(t, "fixture-run.fit")
	mtime := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	writeFile(t, in, "export.zip", demo.Zip("bad.fit", []byte("\x0e\x10garbage"), "run.fit", good), mtime)
	st, err := store.Open(ctx, filepath.Join(dir, "easyday.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if first, _ := runIn(t, st, in); first.Failed != 1 || first.New != 1 {
		t.Fatalf("first run: %+v; want 1 new, 1 failed", first)
	}
	mtime = mtime.Add(time.Hour)
	writeFile(t, in, "export.zip", demo.Zip("run.fit", good), mtime)
	if second, _ := runIn(t, st, in); second.Failed != 0 || second.Files != 1 || second.Unchanged != 1 {
		t.Errorf("second run, over the archive without its bad entry: %+v; want 1 file unchanged, none failed", second)
	}
	for run := 3; run <= 4; run++ {
		sameSize(t, in, "export.zip", mtime)
		if again, _ := runIn(t, st, in); again.Failed != 0 || again.Files != 1 || again.Unchanged != 1 || again.Decoded != 0 {
			t.Errorf("run %d over the unchanged archive: %+v; want it not opened, 1 file unchanged, none failed", run, again)
		}
	}
	failed, err := st.FailedFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || !strings.HasSuffix(failed[0].Path, "export.zip!/bad.fit") {
		t.Errorf("recorded failures %+v; want the removed bad entry's, kept", failed)
	}
}

// TestArchiveEntries: an archive recorded without its entries' paths (before schema 6) is
// walked again, as one whose entry the ledger lacks; else its entries are the ledger's rows
// of exactly its paths, whatever other rows lie under its path.
func TestArchiveEntries(t *testing.T) {
	known := map[string]store.FileState{
		"a.zip!/1.fit":   {Path: "a.zip!/1.fit", Status: store.StatusOK},
		"a.zip!/old.fit": {Path: "a.zip!/old.fit", Status: store.StatusFailed},
		"a.zip":          {Path: "a.zip", Status: store.StatusFailed}, // it failed to open, once
	}
	for _, tc := range []struct {
		paths []string
		want  []string
		ok    bool
	}{
		{nil, nil, false},
		{[]string{"a.zip!/1.fit", "a.zip!/2.fit"}, nil, false},
		{[]string{}, []string{}, true},
		{[]string{"a.zip!/1.fit"}, []string{"a.zip!/1.fit"}, true},
		{[]string{"a.zip"}, []string{"a.zip"}, true},
	} {
		entries, ok := archiveEntries(store.ArchiveState{Path: "a.zip", Paths: tc.paths}, known)
		var got []string
		if entries != nil {
			got = []string{}
		}
		for _, k := range entries {
			got = append(got, k.Path)
		}
		if ok != tc.ok || (ok && !slices.Equal(got, tc.want)) {
			t.Errorf("paths %q: got %q, %v; want %q, %v", tc.paths, got, ok, tc.want, tc.ok)
		}
	}
}
