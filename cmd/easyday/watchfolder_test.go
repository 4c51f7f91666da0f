package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/profile/typedef"

	"github.com/easyday/easyday/internal/demo"
)

// watchFolder writes a watch's folder as GARMIN devices lay it out: one run in Activity, and
// beside it monitoring, settings, sleep and totals files that hold no activity.
func watchFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "GARMIN")
	write := func(rel string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Activity/2026-11-18-07-15-00.fit", demo.Fixtures()["fixture-run.fit"])
	at := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	for rel, ft := range map[string]typedef.File{
		"Monitor/M1B00000.FIT":  typedef.FileMonitoringB,
		"Settings/Settings.fit": typedef.FileSettings,
		"Sleep/S1B00000.FIT":    typedef.File(49), // a type newer than the FIT profile read
		"Totals/Totals.fit":     typedef.FileTotals,
	} {
		var b bytes.Buffer
		if err := demo.WriteNonActivityFIT(&b, ft, at); err != nil {
			t.Fatal(err)
		}
		write(rel, b.Bytes())
	}
	return dir
}

// TestWatchFolderSkipsNonActivities: the files of a watch's own folders that hold no activity
// are skipped, counted as such, never make sync speak, and stay out of list --failed; a real
// failure beside them still does all of that.
func TestWatchFolderSkipsNonActivities(t *testing.T) {
	dir := watchFolder(t)
	db := filepath.Join(t.TempDir(), "e.db")
	out := filepath.Join(t.TempDir(), "reports")

	code, stdout, stderr := easyday(t, "--db", db, "sync", dir, "--out", out)
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("sync over a watch folder: exit %d, stdout %q, stderr %q; want silence", code, stdout, stderr)
	}
	code, _, stderr = easyday(t, "--db", db, "import", dir)
	if want := "0 duplicate, 4 skipped, 0 failed (5 files"; code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("import again: exit %d, stderr %q; want %q", code, stderr, want)
	}
	code, stdout, _ = easyday(t, "--db", db, "list", "--failed")
	if code != 0 || strings.Contains(stdout, "Monitor") || strings.Contains(stdout, "Sleep") {
		t.Errorf("list --failed: exit %d, %q; want no skipped file", code, stdout)
	}
	code, stdout, _ = easyday(t, "--db", db, "list")
	if code != 0 || !strings.Contains(stdout, "2026-11-18-07-15-00.fit") {
		t.Errorf("list: exit %d, %q; want the run", code, stdout)
	}

	// A real failure beside them: sync says so, list --failed lists it.
	bad := filepath.Join(dir, "Activity", "broken.fit")
	if err := os.WriteFile(bad, []byte("not a fit file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = easyday(t, "--db", db, "sync", dir, "--out", out)
	if want := "4 skipped, 1 failed"; code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("sync with a broken file: exit %d, stderr %q; want %q", code, stderr, want)
	}
	code, stdout, _ = easyday(t, "--db", db, "list", "--failed")
	if code != 0 || !strings.Contains(stdout, "broken.fit") || strings.Contains(stdout, "Monitor") {
		t.Errorf("list --failed: exit %d, %q; want broken.fit alone", code, stdout)
	}
}

// TestMissingPath: a path on the command line that does not exist is an error naming it, with
// exit 1, for import and sync; nothing is imported.
func TestMissingPath(t *testing.T) {
	dir := watchFolder(t)
	missing := filepath.Join(t.TempDir(), "no-such-export.zip")
	db := filepath.Join(t.TempDir(), "e.db")
	for _, args := range [][]string{
		{"import", dir, missing},
		{"sync", missing, "--out", filepath.Join(t.TempDir(), "r")},
	} {
		code, _, stderr := easyday(t, append([]string{"--db", db}, args...)...)
		if code != exitError || !strings.Contains(stderr, missing) || !strings.Contains(stderr, "no such file") {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 naming %s", args[0], code, stderr, missing)
		}
	}
	// Nothing imported: no store was made (list says so), or it holds nothing.
	if _, err := os.Stat(db); err == nil {
		if code, stdout, _ := easyday(t, "--db", db, "list"); code != 0 || strings.Contains(stdout, ".fit") {
			t.Errorf("list after the refused import: exit %d, %q; want nothing imported", code, stdout)
		}
	}
}

// TestStrictTwice: a file that failed and has not changed still fails import --strict.
func TestStrictTwice(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.fit"), []byte("\x0e\x10garbage.FIT and no more"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "e.db")
	for run := 1; run <= 2; run++ {
		code, _, stderr := easyday(t, "--db", db, "import", "--strict", dir)
		if code != exitError || !strings.Contains(stderr, "1 failed") {
			t.Errorf("run %d: exit %d, stderr %q; want exit 1 and 1 failed", run, code, stderr)
		}
	}
	// Without --strict the known failure is counted but exits 0.
	if code, _, stderr := easyday(t, "--db", db, "import", dir); code != 0 || !strings.Contains(stderr, "1 failed") {
		t.Errorf("without --strict: exit %d, stderr %q", code, stderr)
	}
}

// TestStrictTwiceArchive: as TestStrictTwice, over archives the second and third runs skip
// as unchanged: a truncated zip (which fails to open) and a zip holding one bad entry in a
// nested zip. Each fails --strict every time, and counts as failed in the summary line. Before
// those runs the archive is replaced, size and time kept, by a zip that holds nothing: a run
// that opened it would import nothing and exit 0.
func TestStrictTwiceArchive(t *testing.T) {
	whole := demo.Zip("run.fit", []byte("\x0e\x10garbage.FIT and no more"))
	for name, data := range map[string][]byte{
		"trunc.zip": whole[:len(whole)/2],
		"outer.zip": demo.Zip("inner.zip", demo.Zip("empty.fit", []byte{})),
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(t.TempDir(), "e.db")
			for run := 1; run <= 3; run++ {
				if run > 1 {
					emptySameSize(t, p)
				}
				code, _, stderr := easyday(t, "--db", db, "import", "--strict", p)
				if code != exitError || !strings.Contains(stderr, "0 unchanged") || !strings.Contains(stderr, "1 failed (1 files") {
					t.Errorf("run %d: exit %d, stderr %q; want exit 1 and 1 failed of 1 file", run, code, stderr)
				}
			}
		})
	}
}

// TestStrictArchiveLostEntry: an archive whose bad entry is gone in its new version passes
// import --strict, the first time and every time after, while unchanged (skipped: replaced by
// a zip of its size and time that holds nothing, it still counts its run); list --failed
// still lists the bad entry.
func TestStrictArchiveLostEntry(t *testing.T) {
	run := demo.Fixtures()["fixture-run.fit"]
	p := filepath.Join(t.TempDir(), "export.zip")
	if err := os.WriteFile(p, demo.Zip("bad.fit", []byte("\x0e\x10garbage.FIT and no more"), "run.fit", run), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "e.db")
	if code, _, stderr := easyday(t, "--db", db, "import", "--strict", p); code != exitError || !strings.Contains(stderr, "1 new") ||
		!strings.Contains(stderr, "1 failed") {
		t.Fatalf("first run: exit %d, stderr %q; want exit 1, 1 new and 1 failed", code, stderr)
	}
	if err := os.WriteFile(p, demo.Zip("run.fit", run), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, time.Now().Add(time.Hour), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for r := 2; r <= 4; r++ {
		if r > 2 {
			emptySameSize(t, p)
		}
		code, _, stderr := easyday(t, "--db", db, "import", "--strict", p)
		if code != 0 || !strings.Contains(stderr, "1 unchanged") || !strings.Contains(stderr, "0 failed (1 files") {
			t.Errorf("run %d: exit %d, stderr %q; want exit 0, 1 unchanged and 0 failed of 1 file", r, code, stderr)
		}
	}
	if code, stdout, _ := easyday(t, "--db", db, "list", "--failed"); code != 0 || !strings.Contains(stdout, "bad.fit") {
		t.Errorf("list --failed: exit %d, %q; want the removed bad entry listed", code, stdout)
	}
}

// emptySameSize writes over p, keeping its size and modification time, a zip that holds
// nothing (padded with a comment): a run that opens it instead of skipping it finds no file.
func emptySameSize(t *testing.T, p string) {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := demo.EmptyZip(info.Size())
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// TestUnreadableFolder: a folder inside a walk that cannot be read is a failure listed (-v)
// with the system's reason, and the rest is imported. Root reads every folder, so the check
// needs another user.
func TestUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which reads any folder: no unreadable folder to make")
	}
	dir := watchFolder(t)
	locked := filepath.Join(dir, "Locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	db := filepath.Join(t.TempDir(), "e.db")
	code, _, stderr := easyday(t, "--db", db, "-v", "import", dir)
	if code != 0 || !strings.Contains(stderr, "1 new") || !strings.Contains(stderr, "1 failed") ||
		!strings.Contains(stderr, locked) || !strings.Contains(stderr, "permission denied") {
		t.Errorf("exit %d, stderr %q; want the run imported and the folder listed with its reason", code, stderr)
	}
}
