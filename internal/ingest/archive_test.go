package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/store"
)

func zipBytes(t *testing.T, entries ...any) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i := 0; i < len(entries); i += 2 {
		f, err := w.Create(entries[i].(string))
		if err != nil {
			t.Fatal(err)
		}
		f.Write(entries[i+1].([]byte))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

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
	deep := zipBytes(t, "1.fit", fixture(t, "fixture-nohr.fit"))
	for range 5 { // nested five times: deeper than the four levels read
		deep = zipBytes(t, "d.zip", deep)
	}
	export := zipBytes(t,
		"activities/run.fit", fixture(t, "fixture-run.fit"),
		"uploads.zip", zipBytes(t, "iv.fit", fixture(t, "fixture-intervals.fit"), "deep.zip", deep),
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
	if second.Files != first.Files || second.Unchanged != first.Files || second.Decoded != 0 || second.Failed != 0 {
		t.Errorf("second run over the unchanged archive: %+v; want %d files unchanged, none read", second, first.Files)
	}

	// Touched (the same content, a new time): read again, every entry unchanged, and the
	// failure inside it known, not new.
	writeFile(t, in, "export.zip", export, mtime.Add(time.Hour))
	third, _ := runIn(t, st, in)
	if third.Files != first.Files || third.Unchanged != 2 || third.Failed != 1 || third.Failures[0].New || third.Decoded != 0 {
		t.Errorf("third run over the touched archive: %+v; want 2 unchanged, the old failure not new", third)
	}
	fourth, _ := runIn(t, st, in)
	if fourth.Unchanged != first.Files || fourth.Failed != 0 {
		t.Errorf("fourth run: %+v; want the archive skipped again", fourth)
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
